// SPDX-License-Identifier: MIT
// The mode is the handle's, never the fd's O_NONBLOCK flag: that flag lives on the open file
// description, which a dup, another process or a concurrent mode switch can change behind the
// handle's back. Whatever the flag says, a timed call returns within its timeout and a close
// wakes it (DESIGN §2).
#include "helpers.hpp"

#include <thread>

using namespace sxs;

namespace {

// Clears O_NONBLOCK on s's file description the way a user would: a dup set to blocking.
void make_description_blocking(sx_socket s, Sock &dup)
{
    REQUIRE_SX(sx_socket_dup(s, dup.out()));
    REQUIRE_SX(sx_socket_setblocking(dup, 1));
    REQUIRE_FALSE(fd_nonblocking(fd_of(s)));
}

// Run call (expected to time out after `timeout` s) with a watchdog: a call that sleeps in the
// kernel is ended by the watchdog's shutdown after 10 s, and then fails the timing check.
template <class F> void require_timed_out(sx_socket s, double timeout, F call)
{
    Watchdog wd({fd_of(s)}, 10);
    double t0 = mono();
    int32_t rc = call();
    double took = mono() - t0;
    INFO(sx_error_name(rc) << " after " << took << " s");
    REQUIRE_CODE(rc, SX_ETIMEOUT);
    CHECK(took >= timeout - 0.002);
    CHECK(took < timeout + slack());
}

} // namespace

TEST_CASE("shared flag: a timed accept on a blocking file description times out", "[socket][timeout][threads]")
{
    Sock l, dup;
    Addr where;
    tcp_listener(l, where);
    REQUIRE_SX(sx_socket_settimeout(l, 0.2));
    make_description_blocking(l, dup);
    Sock conn;
    require_timed_out(l, 0.2, [&] { return sx_socket_accept(l, conn.out(), nullptr); });
    // The handle's mode restored the flag it needs; a pending connection is accepted at once.
    CHECK(fd_nonblocking(fd_of(l)));
    REQUIRE_SX(sx_socket_setblocking(dup, 1));
    Sock client(open_sock(AF_INET, SOCK_STREAM));
    REQUIRE_SX(sx_socket_connect(client, where));
    REQUIRE_SX(sx_socket_accept(l, conn.out(), nullptr));
}

TEST_CASE("shared flag: a non-blocking accept on a blocking file description does not block",
          "[socket][timeout][threads]")
{
    Sock l, dup;
    Addr where;
    tcp_listener(l, where);
    REQUIRE_SX(sx_socket_setblocking(l, 0));
    make_description_blocking(l, dup);
    Sock conn;
    Watchdog wd({fd_of(l)}, 10);
    double t0 = mono();
    REQUIRE_CODE(sx_socket_accept(l, conn.out(), nullptr), SX_EAGAIN);
    CHECK(mono() - t0 < slack());
}

TEST_CASE("shared flag: a close wakes a timed accept on a blocking file description", "[socket][threads]")
{
    Sock dup;
    Addr where;
    sx_socket l = 0;
    {
        Sock owner;
        tcp_listener(owner, where);
        l = owner.h;
        owner.h = 0;
    }
    REQUIRE_SX(sx_socket_settimeout(l, 30.0));
    make_description_blocking(l, dup);
    Watchdog wd({fd_of(l)}, 10);
    std::thread closer([&] {
        sleep_ms(200);
        sx_socket_close(l);
    });
    double t0 = mono();
    sx_socket conn = 0;
    int32_t rc = sx_socket_accept(l, &conn, nullptr);
    double took = mono() - t0;
    closer.join();
    CHECK_FALSE(wd.fired.load());
    REQUIRE_CODE(rc, SX_ECLOSED);
    CHECK(took < 0.2 + slack());
}

TEST_CASE("shared flag: a timed connect on a blocking file description times out", "[socket][timeout][threads]")
{
    FullBacklog full;
    Sock c(open_sock(AF_INET, SOCK_STREAM)), dup;
    REQUIRE_SX(sx_socket_settimeout(c, 0.3));
    make_description_blocking(c, dup);
    require_timed_out(c, 0.3, [&] { return sx_socket_connect(c, full.where); });
}

TEST_CASE("shared flag: timed send, sendall, recv and recvfrom on a blocking file description time out",
          "[socket][timeout][threads]")
{
    Sock a, b, dup, dup2;
    REQUIRE_SX(sx_socketpair(AF_UNIX, SOCK_STREAM, 0, a.out(), b.out()));
    REQUIRE_SX(sx_socket_settimeout(a, 0.2));
    make_description_blocking(a, dup);
    char buf[64];
    size_t n;
    require_timed_out(a, 0.2, [&] { return sx_socket_recv(a, buf, sizeof buf, 0, &n); });
    require_timed_out(a, 0.2, [&] { return sx_socket_recvfrom(a, buf, sizeof buf, 0, &n, nullptr); });
    small_buffers(a);
    fill_send_buffer(a);
    make_description_blocking(a, dup2);
    static char chunk[65536];
    require_timed_out(a, 0.2, [&] { return sx_socket_send(a, chunk, sizeof chunk, 0, &n); });
    require_timed_out(a, 0.2, [&] { return sx_socket_sendall(a, chunk, sizeof chunk, 0, &n); });
}

TEST_CASE("shared flag: concurrent mode switches leave the flag matching the last mode", "[socket][threads]")
{
    Sock a, b;
    REQUIRE_SX(sx_socketpair(AF_UNIX, SOCK_STREAM, 0, a.out(), b.out()));
    int rounds = sxt::under_valgrind() || under_tsan() ? 200 : 3000;
    int mismatches = 0;
    for (int i = 0; i < rounds; i++) {
        std::atomic<int> go{0};
        std::thread blocker([&] {
            while (!go.load()) {
            }
            sx_socket_setblocking(a, 1);
        });
        std::thread timer([&] {
            while (!go.load()) {
            }
            sx_socket_settimeout(a, 0.05);
        });
        go = 1;
        blocker.join();
        timer.join();
        double t = timeout_of(a);
        if (fd_nonblocking(fd_of(a)) != (t >= 0))
            mismatches++;
    }
    CHECK(mismatches == 0);
    // And whatever the outcome, a timed accept-like wait is bounded: recv times out.
    REQUIRE_SX(sx_socket_settimeout(a, 0.1));
    char c;
    size_t n;
    require_timed_out(a, 0.1, [&] { return sx_socket_recv(a, &c, 1, 0, &n); });
}
