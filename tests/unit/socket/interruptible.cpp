// SPDX-License-Identifier: MIT
// Interruptible threads (sx_thread_set_interruptible): a call interrupted by a signal handler
// returns SX_EINTR promptly with its progress reported, so a host runtime's own handler can
// act; the default (PEP 475 retries) is covered by eintr.cpp.
#include "signals.hpp"

#include <thread>

using namespace sxs;

namespace {

// Makes this thread interruptible for one scope; Catch2 runs every test on the same thread.
struct Interruptible {
    Interruptible() { REQUIRE_SX(sx_thread_set_interruptible(1)); }
    ~Interruptible() { sx_thread_set_interruptible(0); }
};

int interruptible_now()
{
    int on = -1;
    REQUIRE_SX(sx_thread_get_interruptible(&on));
    return on;
}

// Run call under a storm of signals every period_us and require SX_EINTR well before `limit` s.
template <class F> double require_interrupted(const char *what, double limit, F call)
{
    auto [rc, took] = call_under_storm(20000, call);
    INFO(what << ": " << sx_error_name(rc) << " after " << took << " s");
    REQUIRE_CODE(rc, SX_EINTR);
    CHECK(took < limit);
    CHECK(signals_on_target.load() >= 1);
    return took;
}

} // namespace

TEST_CASE("interruptible: the setting is per thread, 0 by default, and checked", "[socket][eintr][threads]")
{
    CHECK(interruptible_now() == 0);
    REQUIRE_CODE(sx_thread_set_interruptible(2), SX_EARG);
    REQUIRE_CODE(sx_thread_set_interruptible(-1), SX_EARG);
    REQUIRE_CODE(sx_thread_get_interruptible(nullptr), SX_EARG);
    CHECK(interruptible_now() == 0);
    Interruptible on;
    CHECK(interruptible_now() == 1);
    int other = -1;
    std::thread([&] { sx_thread_get_interruptible(&other); }).join();
    CHECK(other == 0);
}

TEST_CASE("interruptible: blocking recv returns SX_EINTR at the first signal", "[socket][eintr][threads]")
{
    Sock a, b;
    REQUIRE_SX(sx_socketpair(AF_UNIX, SOCK_STREAM, 0, a.out(), b.out()));
    Watchdog wd({fd_of(a)}, 20);
    Interruptible on;
    char buf[16];
    size_t n = 77;
    require_interrupted("recv", 0.02 + slack(), [&] { return sx_socket_recv(a, buf, sizeof buf, 0, &n); });
    CHECK(n == 77); // nothing reported: nothing was received
    // Nothing was lost: the socket still works and the next call gets the data.
    size_t k;
    REQUIRE_SX(sx_socket_send(b, "after", 5, 0, &k));
    REQUIRE_SX(sx_socket_recv(a, buf, sizeof buf, 0, &n));
    CHECK(std::string(buf, n) == "after");
}

TEST_CASE("interruptible: a wait in timeout mode ends at the signal, not at the timeout", "[socket][eintr]")
{
    Sock a, b;
    REQUIRE_SX(sx_socketpair(AF_UNIX, SOCK_STREAM, 0, a.out(), b.out()));
    REQUIRE_SX(sx_socket_settimeout(a, 3.0));
    Interruptible on;
    char buf[16];
    size_t n;
    require_interrupted("recv", 0.5 + slack(), [&] { return sx_socket_recv(a, buf, sizeof buf, 0, &n); });
    require_interrupted("recvfrom", 0.5 + slack(),
                        [&] { return sx_socket_recvfrom(a, buf, sizeof buf, 0, &n, nullptr); });
    Sock l;
    Addr where;
    tcp_listener(l, where);
    REQUIRE_SX(sx_socket_settimeout(l, 3.0));
    Sock conn;
    require_interrupted("accept", 0.5 + slack(), [&] { return sx_socket_accept(l, conn.out(), nullptr); });
    CHECK(conn.h == 0);
}

TEST_CASE("interruptible: sendall reports the bytes sent before the signal, and they all arrive",
          "[socket][eintr][threads]")
{
    for (double timeout : {-1.0, 3.0}) {
        INFO("timeout " << timeout);
        Sock a, b;
        REQUIRE_SX(sx_socketpair(AF_UNIX, SOCK_STREAM, 0, a.out(), b.out()));
        small_buffers(a);
        small_buffers(b);
        REQUIRE_SX(sx_socket_settimeout(a, timeout));
        std::vector<char> data = pattern(1 << 20, 7);
        size_t sent = 0;
        {
            Watchdog wd({fd_of(a)}, 20);
            Interruptible on;
            require_interrupted("sendall", 0.5 + slack(),
                                [&] { return sx_socket_sendall(a, data.data(), data.size(), 0, &sent); });
        }
        INFO("sent " << sent << " of " << data.size());
        CHECK(sent > 0);
        CHECK(sent < data.size());
        // Exactly the reported bytes are in the connection: the rest follows, byte-exact, when
        // the caller sends what is left, which the default (retrying) mode completes.
        std::vector<char> got;
        uint64_t sum = 0;
        std::thread reader([&] { recv_exact(b, data.size(), &sum, &got); });
        size_t more = 0;
        REQUIRE_SX(sx_socket_sendall(a, data.data() + sent, data.size() - sent, 0, &more));
        reader.join();
        CHECK(sent + more == data.size());
        CHECK(got == data);
    }
}

TEST_CASE("interruptible: connect in timeout mode ends at the signal", "[socket][eintr]")
{
    FullBacklog full;
    Sock c(open_sock(AF_INET, SOCK_STREAM));
    REQUIRE_SX(sx_socket_settimeout(c, 3.0));
    Interruptible on;
    require_interrupted("connect", 0.5 + slack(), [&] { return sx_socket_connect(c, full.where); });
}

TEST_CASE("interruptible: an interrupted thread that is not interruptible still retries", "[socket][eintr]")
{
    // The same storm with the setting off: recv in timeout mode runs to its timeout (eintr.cpp
    // checks the timing); here only that SX_EINTR never leaks out.
    Sock a, b;
    REQUIRE_SX(sx_socketpair(AF_UNIX, SOCK_STREAM, 0, a.out(), b.out()));
    REQUIRE_SX(sx_socket_settimeout(a, 0.2));
    char buf[4];
    size_t n;
    int32_t rc = call_under_storm(5000, [&] { return sx_socket_recv(a, buf, sizeof buf, 0, &n); }).first;
    REQUIRE_CODE(rc, SX_ETIMEOUT);
}

// create_connection tries each address in turn; an interruption the thread asked to see ends
// the loop (as the handler's exception ends Python's), not only that address's attempt. A NULL
// host resolves to both loopbacks (::1 and 127.0.0.1), so there are two addresses to try.
TEST_CASE("interruptible: create_connection stops at the first interrupted attempt", "[socket][eintr]")
{
    sx_list list = 0;
    uint32_t count = 0;
    REQUIRE_SX(sx_getaddrinfo(nullptr, "80", AF_UNSPEC, SOCK_STREAM, 0, 0, &list));
    REQUIRE_SX(sx_list_count(list, &count));
    sx_list_close(list);
    REQUIRE(count >= 2);
    FullBacklog v4(AF_INET, 0);
    int32_t port = 0;
    REQUIRE_SX(sx_addr_port(v4.where, &port));
    FullBacklog v6(AF_INET6, port);
    Interruptible on;
    int32_t errors[8];
    size_t nerr = 0;
    sx_socket out = 0;
    double took;
    int32_t rc;
    {
        AlarmStorm storm(20000);
        double t0 = mono();
        rc = sx_create_connection_ex(nullptr, port, 2.0, 0, 0, errors, 8, &nerr, &out);
        took = mono() - t0;
    }
    if (out)
        sx_socket_close(out);
    INFO(sx_error_name(rc) << " after " << took << " s, " << nerr << " attempts");
    REQUIRE_CODE(rc, SX_EINTR);
    CHECK(nerr == 1); // stopped at the first interruption, not one per address
}
