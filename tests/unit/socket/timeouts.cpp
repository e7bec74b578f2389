// SPDX-License-Identifier: MIT
// The three timeout modes, for every call that can wait (spec §4; CPython: TCPTimeoutTest,
// UDPTimeoutTest, NonBlockingTCPTests, NetworkConnectionNoServer, testDefaultTimeout).
#include "helpers.hpp"

#include <cmath>
#include <limits>

using namespace sxs;

namespace {

const double kShort = 0.15; // the timeout used where a call is expected to time out

// Run fn, require that it fails with SX_ETIMEOUT after about `timeout` seconds (not early, not late).
template <class F> void require_times_out(F fn, double timeout)
{
    double t0 = mono();
    int32_t rc = fn();
    double took = mono() - t0;
    INFO("took " << took << " s, timeout " << timeout);
    REQUIRE_CODE(rc, SX_ETIMEOUT);
    CHECK(took >= timeout - 0.002);
    CHECK(took < timeout + slack());
}

} // namespace

TEST_CASE("socket: settimeout, gettimeout, setblocking and getblocking", "[socket][timeouts]")
{
    Sock s(open_sock(AF_INET, SOCK_STREAM));
    int fd = fd_of(s);
    int blocking = -1;

    REQUIRE_SX(sx_socket_settimeout(s, 2.5));
    CHECK(timeout_of(s) == 2.5);
    REQUIRE_SX(sx_socket_getblocking(s, &blocking));
    CHECK(blocking == 1); // true in timeout mode
    CHECK(fd_nonblocking(fd));

    REQUIRE_SX(sx_socket_settimeout(s, 0.0));
    CHECK(timeout_of(s) == 0.0);
    REQUIRE_SX(sx_socket_getblocking(s, &blocking));
    CHECK(blocking == 0);
    CHECK(fd_nonblocking(fd));

    REQUIRE_SX(sx_socket_settimeout(s, SX_TIMEOUT_NONE));
    CHECK(timeout_of(s) == SX_TIMEOUT_NONE);
    REQUIRE_SX(sx_socket_getblocking(s, &blocking));
    CHECK(blocking == 1);
    CHECK_FALSE(fd_nonblocking(fd));

    REQUIRE_SX(sx_socket_setblocking(s, 0));
    CHECK(timeout_of(s) == 0.0);
    CHECK(fd_nonblocking(fd));
    REQUIRE_SX(sx_socket_setblocking(s, 1));
    CHECK(timeout_of(s) == SX_TIMEOUT_NONE);
    CHECK_FALSE(fd_nonblocking(fd));
    REQUIRE_SX(sx_socket_setblocking(s, 42)); // any non-zero flag means blocking
    CHECK(timeout_of(s) == SX_TIMEOUT_NONE);
    REQUIRE_SX(sx_socket_settimeout(s, 1.0));
    REQUIRE_SX(sx_socket_setblocking(s, 0));
    CHECK(timeout_of(s) == 0.0);

    // Positive values are rounded up to a whole nanosecond, at least 1 ns: never non-blocking.
    REQUIRE_SX(sx_socket_settimeout(s, 1e-12));
    CHECK(timeout_of(s) == 1e-9);
    REQUIRE_SX(sx_socket_getblocking(s, &blocking));
    CHECK(blocking == 1);
    REQUIRE_SX(sx_socket_settimeout(s, std::numeric_limits<double>::denorm_min()));
    CHECK(timeout_of(s) == 1e-9);
    REQUIRE_SX(sx_socket_settimeout(s, 1.5e-9));
    CHECK(timeout_of(s) == 2e-9);
    REQUIRE_SX(sx_socket_settimeout(s, 0.3));
    CHECK(timeout_of(s) == 0.3);
    REQUIRE_SX(sx_socket_settimeout(s, 86400.0 * 365));
    CHECK(timeout_of(s) == 86400.0 * 365);

    // Invalid values leave the mode as it was.
    REQUIRE_SX(sx_socket_settimeout(s, 0.5));
    const double nan = std::nan("");
    const double inf = std::numeric_limits<double>::infinity();
    REQUIRE_CODE(sx_socket_settimeout(s, nan), SX_EARG);
    REQUIRE_CODE(sx_socket_settimeout(s, -0.5), SX_EARG);
    REQUIRE_CODE(sx_socket_settimeout(s, -2.0), SX_EARG);
    REQUIRE_CODE(sx_socket_settimeout(s, -1e-300), SX_EARG);
    REQUIRE_CODE(sx_socket_settimeout(s, inf), SX_EOUTOFRANGE);
    REQUIRE_CODE(sx_socket_settimeout(s, -inf), SX_EOUTOFRANGE); // Python: OverflowError
    REQUIRE_CODE(sx_socket_settimeout(s, 1e10), SX_EOUTOFRANGE);
    REQUIRE_CODE(sx_socket_settimeout(s, 1e300), SX_EOUTOFRANGE);
    CHECK(timeout_of(s) == 0.5);
    CHECK(fd_nonblocking(fd));

    // -0.0 is zero: non-blocking.
    REQUIRE_SX(sx_socket_settimeout(s, -0.0));
    CHECK(timeout_of(s) == 0.0);
}

TEST_CASE("socket: setdefaulttimeout and getdefaulttimeout", "[socket][timeouts]")
{
    double d = 0;
    REQUIRE_SX(sx_getdefaulttimeout(&d));
    CHECK(d == SX_TIMEOUT_NONE);
    {
        DefaultTimeout guard(1e-12);
        REQUIRE_SX(sx_getdefaulttimeout(&d));
        CHECK(d == 1e-9);
        REQUIRE_SX(sx_setdefaulttimeout(0.0));
        REQUIRE_SX(sx_getdefaulttimeout(&d));
        CHECK(d == 0.0);
        REQUIRE_SX(sx_setdefaulttimeout(10.0));
        REQUIRE_CODE(sx_setdefaulttimeout(std::nan("")), SX_EARG);
        REQUIRE_CODE(sx_setdefaulttimeout(-3.0), SX_EARG);
        REQUIRE_CODE(sx_setdefaulttimeout(std::numeric_limits<double>::infinity()), SX_EOUTOFRANGE);
        REQUIRE_CODE(sx_setdefaulttimeout(-std::numeric_limits<double>::infinity()), SX_EOUTOFRANGE);
        REQUIRE_CODE(sx_setdefaulttimeout(1e10), SX_EOUTOFRANGE);
        REQUIRE_SX(sx_getdefaulttimeout(&d));
        CHECK(d == 10.0);
        REQUIRE_SX(sx_setdefaulttimeout(SX_TIMEOUT_NONE));
        REQUIRE_SX(sx_getdefaulttimeout(&d));
        CHECK(d == SX_TIMEOUT_NONE);
    }
    REQUIRE_CODE(sx_getdefaulttimeout(nullptr), SX_EARG);
}

TEST_CASE("socket: the largest timeout neither overflows nor expires", "[socket][timeouts][threads]")
{
    // Just below 2^63 ns: the deadline (now + timeout) must saturate, not wrap around.
    Sock a, b;
    REQUIRE_SX(sx_socketpair(AF_UNIX, SOCK_STREAM, 0, a.out(), b.out()));
    REQUIRE_SX(sx_socket_settimeout(a, 9223372036.0));
    CHECK(timeout_of(a) > 9.2e9);
    Watchdog wd({fd_of(a)}, 20);
    std::thread t([&] {
        sleep_ms(50);
        size_t n;
        sx_socket_send(b, "late", 4, 0, &n);
    });
    char buf[8];
    size_t n = 0;
    int32_t rc = sx_socket_recv(a, buf, sizeof buf, 0, &n);
    t.join();
    REQUIRE_SX(rc);
    CHECK(std::string(buf, n) == "late");

    // The same through connect's own wait.
    Sock l;
    Addr where;
    tcp_listener(l, where);
    Sock c(open_sock(AF_INET, SOCK_STREAM));
    REQUIRE_SX(sx_socket_settimeout(c, 9223372036.0));
    REQUIRE_SX(sx_socket_connect(c, where));
}

TEST_CASE("socket: accept in the three modes", "[socket][timeouts][tcp][threads]")
{
    Sock l;
    Addr where;
    tcp_listener(l, where);
    Sock conn;

    SECTION("non-blocking: SX_EAGAIN")
    {
        REQUIRE_SX(sx_socket_setblocking(l, 0));
        REQUIRE_CODE(sx_socket_accept(l, conn.out(), nullptr), SX_EAGAIN);
        CHECK(conn.h == 0);
    }
    SECTION("timeout: SX_ETIMEOUT after the timeout, then usable")
    {
        // TCPTimeoutTest.testAcceptTimeout
        REQUIRE_SX(sx_socket_settimeout(l, kShort));
        require_times_out([&] { return sx_socket_accept(l, conn.out(), nullptr); }, kShort);
        CHECK(conn.h == 0);
        Sock c(open_sock(AF_INET, SOCK_STREAM));
        REQUIRE_SX(sx_socket_connect(c, where));
        Addr peer;
        REQUIRE_SX(sx_socket_accept(l, conn.out(), peer.out()));
        Addr local(sockname(c));
        int eq = 0;
        REQUIRE_SX(sx_addr_equal(peer, local, &eq));
        CHECK(eq == 1);
    }
    SECTION("timeout: a connection arriving during the wait is accepted")
    {
        REQUIRE_SX(sx_socket_settimeout(l, 10.0));
        Sock c(open_sock(AF_INET, SOCK_STREAM));
        std::thread t([&] {
            sleep_ms(50);
            sx_socket_connect(c, where);
        });
        double t0 = mono();
        int32_t rc = sx_socket_accept(l, conn.out(), nullptr);
        t.join();
        REQUIRE_SX(rc);
        CHECK(mono() - t0 < 5.0);
    }
    SECTION("blocking: waits for the connection")
    {
        Sock c(open_sock(AF_INET, SOCK_STREAM));
        std::atomic<double> acted_at{0};
        Watchdog wd({fd_of(l)}, 20);
        std::thread t([&] {
            sleep_ms(50);
            acted_at = mono();
            sx_socket_connect(c, where);
        });
        int32_t rc = sx_socket_accept(l, conn.out(), nullptr);
        double returned_at = mono();
        t.join();
        REQUIRE_SX(rc);
        CHECK(returned_at >= acted_at.load()); // it waited for the connection
    }
}

TEST_CASE("socket: recv and recvfrom in the three modes", "[socket][timeouts][threads]")
{
    Sock a, b;
    REQUIRE_SX(sx_socketpair(AF_UNIX, SOCK_STREAM, 0, a.out(), b.out()));
    char buf[32];
    size_t n = 99;

    SECTION("non-blocking: SX_EAGAIN, also through MSG_DONTWAIT in blocking mode")
    {
        REQUIRE_SX(sx_socket_setblocking(a, 0));
        REQUIRE_CODE(sx_socket_recv(a, buf, sizeof buf, 0, &n), SX_EAGAIN);
        REQUIRE_CODE(sx_socket_recvfrom(a, buf, sizeof buf, 0, &n, nullptr), SX_EAGAIN);
        REQUIRE_SX(sx_socket_setblocking(a, 1));
        REQUIRE_CODE(sx_socket_recv(a, buf, sizeof buf, MSG_DONTWAIT, &n), SX_EAGAIN);
        REQUIRE_SX(sx_socket_settimeout(a, 5.0));
        double t0 = mono();
        REQUIRE_CODE(sx_socket_recv(a, buf, sizeof buf, MSG_DONTWAIT, &n), SX_EAGAIN);
        CHECK(mono() - t0 < 1.0); // MSG_DONTWAIT never waits, whatever the mode
    }
    SECTION("timeout: SX_ETIMEOUT, the socket stays usable and the data stays queued")
    {
        REQUIRE_SX(sx_socket_settimeout(a, kShort));
        require_times_out([&] { return sx_socket_recv(a, buf, sizeof buf, 0, &n); }, kShort);
        Addr from;
        require_times_out([&] { return sx_socket_recvfrom(a, buf, sizeof buf, 0, &n, from.out()); }, kShort);
        CHECK(from.h == 0);
        REQUIRE_SX(sx_socket_send(b, "after", 5, 0, &n));
        REQUIRE_SX(sx_socket_recv(a, buf, sizeof buf, 0, &n));
        CHECK(std::string(buf, n) == "after");
        // Data ready: no wait at all.
        REQUIRE_SX(sx_socket_send(b, "ready", 5, 0, &n));
        double t0 = mono();
        REQUIRE_SX(sx_socket_recvfrom(a, buf, sizeof buf, 0, &n, nullptr));
        CHECK(std::string(buf, n) == "ready");
        CHECK(mono() - t0 < 0.05 + slack());
    }
    SECTION("timeout: data arriving during the wait is received")
    {
        REQUIRE_SX(sx_socket_settimeout(a, 10.0));
        std::thread t([&] {
            sleep_ms(50);
            size_t k;
            sx_socket_send(b, "wake", 4, 0, &k);
        });
        double t0 = mono();
        int32_t rc = sx_socket_recv(a, buf, sizeof buf, 0, &n);
        t.join();
        REQUIRE_SX(rc);
        CHECK(std::string(buf, n) == "wake");
        CHECK(mono() - t0 < 5.0);
    }
    SECTION("blocking: waits for data")
    {
        std::atomic<double> acted_at{0};
        Watchdog wd({fd_of(a)}, 20);
        std::thread t([&] {
            sleep_ms(50);
            acted_at = mono();
            size_t k;
            sx_socket_send(b, "block", 5, 0, &k);
        });
        int32_t rc = sx_socket_recvfrom(a, buf, sizeof buf, 0, &n, nullptr);
        double returned_at = mono();
        t.join();
        REQUIRE_SX(rc);
        CHECK(std::string(buf, n) == "block");
        CHECK(returned_at >= acted_at.load()); // it waited for the data
    }
}

TEST_CASE("socket: send, sendto and sendall in the three modes", "[socket][timeouts][threads]")
{
    Sock a, b;
    REQUIRE_SX(sx_socketpair(AF_UNIX, SOCK_STREAM, 0, a.out(), b.out()));
    small_buffers(a);
    small_buffers(b);
    size_t queued = fill_send_buffer(a);
    CHECK(queued > 0);
    static char big[256 * 1024];
    size_t n = 99;

    SECTION("non-blocking: SX_EAGAIN; sendall reports its progress")
    {
        REQUIRE_SX(sx_socket_setblocking(a, 0));
        REQUIRE_CODE(sx_socket_send(a, big, sizeof big, 0, &n), SX_EAGAIN);
        size_t sent = 99;
        REQUIRE_CODE(sx_socket_sendall(a, big, sizeof big, 0, &sent), SX_EAGAIN);
        CHECK(sent == 0);
        // Once the peer drains some, a non-blocking sendall sends part and then stops.
        std::vector<char> sink(queued + 4096);
        REQUIRE_SX(sx_socket_setblocking(b, 0));
        size_t k = 0;
        REQUIRE_SX(sx_socket_recv(b, sink.data(), sink.size(), 0, &k));
        CHECK(k > 0);
        sent = 0;
        int32_t rc = sx_socket_sendall(a, big, sizeof big, 0, &sent);
        CHECK(rc == SX_EAGAIN);
        CHECK(sent > 0);
        CHECK(sent < sizeof big);
    }
    SECTION("timeout: SX_ETIMEOUT, and the socket stays usable")
    {
        REQUIRE_SX(sx_socket_settimeout(a, kShort));
        require_times_out([&] { return sx_socket_send(a, big, sizeof big, 0, &n); }, kShort);
        size_t sent = 99;
        require_times_out([&] { return sx_socket_sendall(a, big, sizeof big, 0, &sent); }, kShort);
        CHECK(sent == 0);
        // Drain everything on the other side: sending works again.
        uint64_t sum = 0;
        REQUIRE_SX(sx_socket_settimeout(b, 5.0));
        REQUIRE_SX(recv_exact(b, queued, &sum));
        REQUIRE_SX(sx_socket_send(a, "ok", 2, 0, &n));
        CHECK(n == 2);
    }
    SECTION("blocking: waits until the peer reads")
    {
        std::atomic<double> acted_at{0};
        Watchdog wd({fd_of(a), fd_of(b)}, 20);
        std::thread t([&] {
            sleep_ms(50);
            acted_at = mono();
            uint64_t sum = 0;
            recv_exact(b, queued + sizeof big, &sum);
        });
        size_t sent = 0;
        int32_t rc = sx_socket_sendall(a, big, sizeof big, 0, &sent);
        double returned_at = mono();
        t.join();
        REQUIRE_SX(rc);
        CHECK(sent == sizeof big);
        CHECK(returned_at >= acted_at.load()); // it waited for the reader
    }
}

TEST_CASE("socket: sendto on a full datagram socket in the three modes", "[socket][timeouts][unix][threads]")
{
    // An AF_UNIX datagram receiver that does not read: the sender's queue fills.
    TempDir dir;
    std::string path = dir.file("dgram");
    Sock rx(open_sock(AF_UNIX, SOCK_DGRAM));
    sx_addr where_h = 0;
    REQUIRE_SX(sx_addr_unix(path.c_str(), &where_h));
    Addr where(where_h);
    REQUIRE_SX(sx_socket_bind(rx, where));
    Sock tx(open_sock(AF_UNIX, SOCK_DGRAM));
    char msg[512] = {};
    size_t n = 0;
    int32_t rc = 0;
    int count = 0;
    for (; count < 100000; count++) {
        rc = sx_socket_sendto(tx, msg, sizeof msg, MSG_DONTWAIT, where, &n);
        if (rc)
            break;
    }
    REQUIRE_CODE(rc, SX_EAGAIN);
    CHECK(count > 0);

    REQUIRE_SX(sx_socket_setblocking(tx, 0));
    REQUIRE_CODE(sx_socket_sendto(tx, msg, sizeof msg, 0, where, &n), SX_EAGAIN);
    REQUIRE_SX(sx_socket_settimeout(tx, kShort));
    require_times_out([&] { return sx_socket_sendto(tx, msg, sizeof msg, 0, where, &n); }, kShort);
    REQUIRE_SX(sx_socket_setblocking(tx, 1));
    std::atomic<double> acted_at{0};
    Watchdog wd({fd_of(tx), fd_of(rx)}, 20);
    std::thread t([&] {
        sleep_ms(50);
        acted_at = mono();
        char buf[600];
        size_t k;
        sx_socket_recv(rx, buf, sizeof buf, 0, &k);
    });
    rc = sx_socket_sendto(tx, msg, sizeof msg, 0, where, &n);
    double returned_at = mono();
    t.join();
    REQUIRE_SX(rc);
    CHECK(n == sizeof msg);
    CHECK(returned_at >= acted_at.load()); // it waited for the reader
}

TEST_CASE("socket: connect and connect_ex in the three modes", "[socket][timeouts][tcp]")
{
    SECTION("refused, in each mode")
    {
        int port = unused_port();
        Addr nowhere(inet("127.0.0.1", port));
        for (double mode : {SX_TIMEOUT_NONE, 2.0}) {
            INFO("mode " << mode);
            Sock c(open_sock(AF_INET, SOCK_STREAM));
            REQUIRE_SX(sx_socket_settimeout(c, mode));
            REQUIRE_CODE(sx_socket_connect(c, nowhere), SX_ECONNREFUSED);
            Sock d(open_sock(AF_INET, SOCK_STREAM));
            REQUIRE_SX(sx_socket_settimeout(d, mode));
            int32_t result = 1;
            REQUIRE_SX(sx_socket_connect_ex(d, nowhere, &result));
            CHECK(result == SX_ECONNREFUSED);
        }
        // Non-blocking: the refusal arrives later (or, on loopback, at once).
        Sock c(open_sock(AF_INET, SOCK_STREAM));
        REQUIRE_SX(sx_socket_setblocking(c, 0));
        int32_t result = 1;
        REQUIRE_SX(sx_socket_connect_ex(c, nowhere, &result));
        CHECK((result == SX_EINPROGRESS || result == SX_ECONNREFUSED));
    }
    SECTION("non-blocking: SX_EINPROGRESS, then the connection completes")
    {
        Sock l;
        Addr where;
        tcp_listener(l, where);
        Sock c(open_sock(AF_INET, SOCK_STREAM | SOCK_NONBLOCK));
        int32_t rc = sx_socket_connect(c, where);
        // Loopback may finish the handshake inside connect(2).
        CHECK((rc == SX_EINPROGRESS || rc == 0));
        // Switching to timeout mode and connecting again finishes the wait (EISCONN counts as done).
        REQUIRE_SX(sx_socket_settimeout(c, 5.0));
        int32_t result = 1;
        REQUIRE_SX(sx_socket_connect_ex(c, where, &result));
        CHECK((result == 0 || result == SX_EISCONN));
        int64_t err = -1;
        REQUIRE_SX(sx_socket_getsockopt_int(c, SOL_SOCKET, SO_ERROR, &err));
        CHECK(err == 0);
        Sock conn;
        REQUIRE_SX(sx_socket_accept(l, conn.out(), nullptr));
        Addr peer(peername(c));
        CHECK(port_of(peer) == port_of(where));
    }
    SECTION("timeout against a full backlog: SX_ETIMEOUT / connect_ex SX_EWOULDBLOCK")
    {
        FullBacklog full;
        Sock c(open_sock(AF_INET, SOCK_STREAM));
        REQUIRE_SX(sx_socket_settimeout(c, kShort));
        require_times_out([&] { return sx_socket_connect(c, full.where); }, kShort);
        // The attempt goes on in the kernel; the socket is still usable (and still connecting).
        CHECK(timeout_of(c) == kShort);
        int64_t err = -1;
        REQUIRE_SX(sx_socket_getsockopt_int(c, SOL_SOCKET, SO_ERROR, &err));
        CHECK(err == 0);

        Sock d(open_sock(AF_INET, SOCK_STREAM));
        REQUIRE_SX(sx_socket_settimeout(d, kShort));
        int32_t result = 1;
        double t0 = mono();
        REQUIRE_SX(sx_socket_connect_ex(d, full.where, &result));
        double took = mono() - t0;
        CHECK(result == SX_EWOULDBLOCK);
        CHECK(result == SX_EAGAIN);
        CHECK(took >= kShort - 0.002);
        CHECK(took < kShort + slack());

        Sock e(open_sock(AF_INET, SOCK_STREAM | SOCK_NONBLOCK));
        REQUIRE_SX(sx_socket_connect_ex(e, full.where, &result));
        CHECK(result == SX_EINPROGRESS);
        REQUIRE_CODE(sx_socket_connect(e, full.where), SX_EALREADY);
    }
    SECTION("blocking: succeeds")
    {
        Sock l;
        Addr where;
        tcp_listener(l, where);
        Sock c(open_sock(AF_INET, SOCK_STREAM));
        REQUIRE_SX(sx_socket_connect(c, where));
        int32_t result = 1;
        Sock d(open_sock(AF_INET, SOCK_STREAM));
        REQUIRE_SX(sx_socket_connect_ex(d, where, &result));
        CHECK(result == 0);
        REQUIRE_SX(sx_socket_connect_ex(d, where, &result));
        CHECK(result == SX_EISCONN);
    }
}
