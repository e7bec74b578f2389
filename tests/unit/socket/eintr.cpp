// SPDX-License-Identifier: MIT
// EINTR (PEP 475): calls interrupted by a signal handler installed without SA_RESTART are
// retried with the remaining time, so a timeout is neither restarted nor cut short
// (CPython: InterruptedRecvTimeoutTest, InterruptedSendTimeoutTest, TCPTimeoutTest.testInterruptedTimeout).
#include "signals.hpp"

using namespace sxs;

namespace {

// Require that a call in timeout mode under the storm returns SX_ETIMEOUT after the timeout, +-0.1 s.
template <class F> void require_timeout_under_signals(const char *what, double timeout, F call)
{
    auto [rc, took] = call_under_storm(5000, call);
    INFO(what << ": " << sx_error_name(rc) << " after " << took << " s, " << signals_on_target.load()
              << " signals on this thread, " << signals_seen.load() << " in all");
    REQUIRE_CODE(rc, SX_ETIMEOUT);
    CHECK(took >= timeout - 0.002); // not early: the interruptions did not end the wait
    CHECK(took <= timeout + slack()); // not late: the wait was not restarted
    CHECK(signals_on_target.load() >= (sxt::under_valgrind() ? 3 : 20));
}

} // namespace

TEST_CASE("socket: recv in timeout mode under a storm of signals times out on time", "[socket][eintr]")
{
    Sock a, b;
    REQUIRE_SX(sx_socketpair(AF_UNIX, SOCK_STREAM, 0, a.out(), b.out()));
    REQUIRE_SX(sx_socket_settimeout(a, 0.5));
    char buf[16];
    size_t n;
    require_timeout_under_signals("recv", 0.5, [&] { return sx_socket_recv(a, buf, sizeof buf, 0, &n); });

    // The socket is still usable, and the same holds for recvfrom.
    REQUIRE_SX(sx_socket_send(b, "x", 1, 0, &n));
    REQUIRE_SX(sx_socket_recv(a, buf, sizeof buf, 0, &n));
    CHECK(n == 1);
    REQUIRE_SX(sx_socket_settimeout(a, 0.3));
    require_timeout_under_signals("recvfrom", 0.3,
                                  [&] { return sx_socket_recvfrom(a, buf, sizeof buf, 0, &n, nullptr); });
}

TEST_CASE("socket: recv in blocking mode under a storm of signals gets the data", "[socket][eintr][threads]")
{
    Sock a, b;
    REQUIRE_SX(sx_socketpair(AF_UNIX, SOCK_STREAM, 0, a.out(), b.out()));
    char buf[16];
    size_t n = 0;
    int32_t rc;
    double took, returned_at;
    std::atomic<double> sent_at{0};
    {
        AlarmStorm storm(5000);
        Watchdog wd({fd_of(a)}, 20);
        std::thread sender([&] {
            BlockAlarmHere quiet;
            sleep_ms(200);
            sent_at = mono();
            size_t k;
            sx_socket_send(b, "finally", 7, 0, &k);
        });
        double t0 = mono();
        rc = sx_socket_recv(a, buf, sizeof buf, 0, &n);
        returned_at = mono();
        took = returned_at - t0;
        sender.join();
    }
    INFO(signals_on_target.load() << " signals on the receiving thread; took " << took << " s");
    REQUIRE_SX(rc);
    CHECK(std::string(buf, n) == "finally");
    CHECK(returned_at >= sent_at.load()); // the interruptions did not end the call early
    CHECK(took >= 0.15);
    CHECK(took < 0.2 + slack() + 0.1);
    CHECK(signals_on_target.load() >= (sxt::under_valgrind() ? 3 : 10));
}

TEST_CASE("socket: accept, send, sendall and connect under a storm of signals", "[socket][eintr][threads]")
{
    SECTION("accept in timeout mode")
    {
        Sock l;
        Addr where;
        tcp_listener(l, where);
        REQUIRE_SX(sx_socket_settimeout(l, 0.3));
        Sock conn;
        require_timeout_under_signals("accept", 0.3, [&] { return sx_socket_accept(l, conn.out(), nullptr); });
    }
    SECTION("send and sendall in timeout mode")
    {
        Sock a, b;
        REQUIRE_SX(sx_socketpair(AF_UNIX, SOCK_STREAM, 0, a.out(), b.out()));
        small_buffers(a);
        fill_send_buffer(a);
        REQUIRE_SX(sx_socket_settimeout(a, 0.3));
        static char chunk[65536];
        size_t n = 0;
        require_timeout_under_signals("send", 0.3, [&] { return sx_socket_send(a, chunk, sizeof chunk, 0, &n); });
        size_t sent = 9;
        require_timeout_under_signals("sendall", 0.3,
                                      [&] { return sx_socket_sendall(a, chunk, sizeof chunk, 0, &sent); });
        CHECK(sent == 0);
    }
    SECTION("connect in timeout mode")
    {
        FullBacklog full;
        Sock c(open_sock(AF_INET, SOCK_STREAM));
        REQUIRE_SX(sx_socket_settimeout(c, 0.3));
        require_timeout_under_signals("connect", 0.3, [&] { return sx_socket_connect(c, full.where); });
    }
    SECTION("blocking connect keeps waiting when interrupted")
    {
        // PEP 475: an interrupted blocking connect waits for the connection to finish.
        FullBacklog full;
        Sock c(open_sock(AF_INET, SOCK_STREAM));
        int32_t rc;
        double took;
        {
            AlarmStorm storm(5000);
            Watchdog wd({fd_of(c)}, 20);
            std::thread acceptor([&] {
                BlockAlarmHere quiet;
                sleep_ms(150);
                // Free the queue: the kernel's SYN retransmission (1 s after the first) then succeeds.
                Sock drained;
                sx_socket_accept(full.listener, drained.out(), nullptr);
                full.fillers.clear();
            });
            double t0 = mono();
            rc = sx_socket_connect(c, full.where);
            took = mono() - t0;
            acceptor.join();
        }
        INFO(signals_on_target.load() << " signals; took " << took << " s");
        REQUIRE_SX(rc);
        CHECK(took >= 0.15);
        CHECK(signals_on_target.load() >= (sxt::under_valgrind() ? 3 : 20));
    }
}
