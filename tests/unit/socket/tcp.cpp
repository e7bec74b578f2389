// SPDX-License-Identifier: MIT
// TCP over 127.0.0.1 and ::1 (CPython: BasicTCPTest, TCPCloserTest, NonBlockingTCPTests,
// BufferIOTest, GeneralModuleTests testSockName/test_listen_backlog/testSendAfterClose).
#include "helpers.hpp"

#include <csignal>

using namespace sxs;

namespace {

const char kMsg[] = "Michael Gilfix was here\u1234\r\n";
const size_t kMsgLen = sizeof kMsg - 1;

void basic_exchange(int family)
{
    Sock cli, srv;
    tcp_pair(cli, srv, family);
    CHECK(int_attr(sx_socket_family, srv) == family);
    size_t n = 0;
    char buf[1024];

    // testRecv
    REQUIRE_SX(sx_socket_sendall(cli, kMsg, kMsgLen, 0, &n));
    CHECK(n == kMsgLen);
    std::vector<char> got;
    uint64_t sum = 0;
    REQUIRE_SX(recv_exact(srv, kMsgLen, &sum, &got));
    CHECK(std::string(got.begin(), got.end()) == kMsg);

    // testOverFlowRecv: short reads leave the rest queued.
    REQUIRE_SX(sx_socket_sendall(cli, kMsg, kMsgLen, 0, &n));
    size_t first = 0;
    REQUIRE_SX(sx_socket_recv(srv, buf, 3, 0, &first));
    CHECK(first == 3);
    got.assign(buf, buf + 3);
    REQUIRE_SX(recv_exact(srv, kMsgLen - 3, &sum, &got));
    CHECK(std::string(got.begin(), got.end()) == kMsg);

    // testRecvFrom: a connected stream gives no address (Python: None).
    REQUIRE_SX(sx_socket_sendall(srv, kMsg, kMsgLen, 0, &n));
    size_t total = 0;
    while (total < kMsgLen) {
        Addr from;
        REQUIRE_SX(sx_socket_recvfrom(cli, buf + total, sizeof buf - total, 0, &n, from.out()));
        REQUIRE(n > 0);
        CHECK(from.h == 0);
        total += n;
    }
    CHECK(std::string(buf, total) == kMsg);

    // MSG_PEEK leaves the data queued.
    REQUIRE_SX(sx_socket_sendall(cli, "peek", 4, 0, &n));
    sleep_ms(5);
    REQUIRE_SX(sx_socket_recv(srv, buf, 4, MSG_PEEK | MSG_WAITALL, &n));
    CHECK(std::string(buf, n) == "peek");
    REQUIRE_SX(sx_socket_recv(srv, buf, 4, MSG_WAITALL, &n));
    CHECK(std::string(buf, n) == "peek");

    // Names: each end sees the other.
    Addr cl(sockname(cli)), cp(peername(cli)), sl(sockname(srv)), sp(peername(srv));
    int eq = 0;
    REQUIRE_SX(sx_addr_equal(cl, sp, &eq));
    CHECK(eq == 1);
    REQUIRE_SX(sx_addr_equal(cp, sl, &eq));
    CHECK(eq == 1);
    CHECK(family_of(cl) == family);
    CHECK(host_of(cl) == (family == AF_INET6 ? "::1" : "127.0.0.1"));

    // EOF: recv gives 0 after the peer shuts down its sending side.
    REQUIRE_SX(sx_socket_shutdown(cli, SHUT_WR));
    REQUIRE_SX(sx_socket_recv(srv, buf, sizeof buf, 0, &n));
    CHECK(n == 0);
    REQUIRE_SX(sx_socket_recv(srv, buf, sizeof buf, 0, &n)); // and again
    CHECK(n == 0);
    // The other direction still works.
    REQUIRE_SX(sx_socket_sendall(srv, "back", 4, 0, &n));
    REQUIRE_SX(sx_socket_recv(cli, buf, 4, MSG_WAITALL, &n));
    CHECK(std::string(buf, n) == "back");
}

} // namespace

TEST_CASE("socket: TCP send, recv, recvfrom, names and EOF over 127.0.0.1", "[socket][tcp]")
{
    basic_exchange(AF_INET);
}

TEST_CASE("socket: TCP send, recv, recvfrom, names and EOF over ::1", "[socket][tcp]")
{
    if (!have_ipv6()) {
        WARN("IPv6 loopback unavailable: skipped");
        return;
    }
    basic_exchange(AF_INET6);
}

TEST_CASE("socket: recv of 0 bytes returns 0 without a system call", "[socket][tcp]")
{
    char buf[4];
    size_t n = 99;
    // A syscall would fail here (ENOTCONN) or would wait (no data): recv(0) does neither.
    Sock unconnected(open_sock(AF_INET, SOCK_STREAM));
    REQUIRE_SX(sx_socket_recv(unconnected, buf, 0, 0, &n));
    CHECK(n == 0);
    REQUIRE_SX(sx_socket_recv(unconnected, nullptr, 0, 0, &n));
    n = 99;
    REQUIRE_CODE(sx_socket_recvfrom(unconnected, buf, 0, 0, &n, nullptr), SX_ENOTCONN); // recvfrom does call

    Sock cli, srv;
    tcp_pair(cli, srv);
    REQUIRE_SX(sx_socket_setblocking(srv, 0));
    n = 99;
    REQUIRE_SX(sx_socket_recv(srv, buf, 0, 0, &n));
    CHECK(n == 0);
    REQUIRE_CODE(sx_socket_recvfrom(srv, buf, 0, 0, &n, nullptr), SX_EAGAIN);
    // Blocking mode with nothing to read: returns at once all the same.
    REQUIRE_SX(sx_socket_setblocking(srv, 1));
    double t0 = mono();
    REQUIRE_SX(sx_socket_recv(srv, buf, 0, 0, &n));
    CHECK(mono() - t0 < 0.5);
    // And a closed handle is still refused.
    sx_socket gone = open_sock(AF_INET, SOCK_STREAM);
    REQUIRE_SX(sx_socket_close(gone));
    REQUIRE_CODE(sx_socket_recv(gone, buf, 0, 0, &n), SX_EBADHANDLE);
}

TEST_CASE("socket: sendall of several MB across a thread", "[socket][tcp][threads]")
{
    // BasicTCPTest.testSendAll, bigger: 8 MB, so sendall must loop over partial sends.
    Sock cli, srv;
    tcp_pair(cli, srv);
    const size_t size = 8u << 20;
    std::vector<char> data = pattern(size, 7);
    uint64_t got_sum = 0;
    int32_t rx_rc = 1;
    size_t sent = 0;
    int32_t rc;
    {
        Watchdog wd({fd_of(cli), fd_of(srv)}, 60);
        std::thread reader([&] { rx_rc = recv_exact(srv, size, &got_sum); });
        rc = sx_socket_sendall(cli, data.data(), size, 0, &sent);
        reader.join();
    }
    REQUIRE_SX(rc);
    CHECK(sent == size);
    REQUIRE_SX(rx_rc);
    CHECK(got_sum == checksum(data));
    // Nothing more was sent: the next read is EOF after close.
    REQUIRE_SX(sx_socket_close(cli.h));
    cli.h = 0;
    char b;
    size_t n = 9;
    REQUIRE_SX(sx_socket_recv(srv, &b, 1, 0, &n));
    CHECK(n == 0);

    SECTION("in timeout mode")
    {
        Sock c2, s2;
        tcp_pair(c2, s2);
        REQUIRE_SX(sx_socket_settimeout(c2, 30.0));
        REQUIRE_SX(sx_socket_settimeout(s2, 30.0));
        uint64_t sum2 = 0;
        int32_t rc2 = 1;
        std::thread r2([&] { rc2 = recv_exact(s2, size, &sum2); });
        size_t sent2 = 0;
        int32_t rcs = sx_socket_sendall(c2, data.data(), size, 0, &sent2);
        r2.join();
        REQUIRE_SX(rcs);
        CHECK(sent2 == size);
        REQUIRE_SX(rc2);
        CHECK(sum2 == got_sum);
    }
}

TEST_CASE("socket: sendall in timeout mode against a peer that stops reading", "[socket][tcp][timeouts][threads]")
{
    // Spec §6.10: the timeout bounds the whole call, and unlike Python the progress is reported.
    Sock cli, srv;
    tcp_pair(cli, srv);
    const size_t size = 16u << 20;
    std::vector<char> data(size, 'x');
    const double timeout = 0.3;
    REQUIRE_SX(sx_socket_settimeout(cli, timeout));
    uint64_t sum = 0;
    const size_t read_first = 256 * 1024;
    int32_t rx = 1;
    // The peer reads a little, slowly, then stops: sendall makes progress and then runs out of time.
    Watchdog wd({fd_of(srv)}, 30);
    std::thread reader([&] { rx = recv_exact(srv, read_first, &sum); });
    size_t sent = 0;
    double t0 = mono();
    int32_t rc = sx_socket_sendall(cli, data.data(), size, 0, &sent);
    double took = mono() - t0;
    reader.join();
    REQUIRE_SX(rx);
    REQUIRE_CODE(rc, SX_ETIMEOUT);
    CHECK(sent > read_first);
    CHECK(sent < size);
    CHECK(took >= timeout - 0.002);
    CHECK(took < timeout + slack());

    // The socket is still usable; what the peer reads next is the rest of what was reported sent.
    uint64_t rest = 0;
    REQUIRE_SX(sx_socket_settimeout(srv, 5.0));
    REQUIRE_SX(recv_exact(srv, sent - read_first, &rest));
    REQUIRE_SX(sx_socket_setblocking(srv, 0));
    char b;
    size_t n;
    REQUIRE_CODE(sx_socket_recv(srv, &b, 1, 0, &n), SX_EAGAIN); // nothing beyond *sent_out
    REQUIRE_SX(sx_socket_sendall(cli, "z", 1, 0, &n));
    REQUIRE_SX(sx_socket_setblocking(srv, 1));
    REQUIRE_SX(sx_socket_recv(srv, &b, 1, 0, &n));
    CHECK(b == 'z');
}

TEST_CASE("socket: shutdown", "[socket][tcp]")
{
    Sock cli, srv;
    tcp_pair(cli, srv);
    char buf[8];
    size_t n = 0;
    REQUIRE_CODE(sx_socket_shutdown(cli, 99), SX_EINVAL);
    REQUIRE_CODE(sx_socket_shutdown(cli, -1), SX_EINVAL);
    REQUIRE_SX(sx_socket_shutdown(cli, SHUT_RD));
    REQUIRE_SX(sx_socket_recv(cli, buf, sizeof buf, 0, &n)); // nothing more will come
    CHECK(n == 0);
    REQUIRE_SX(sx_socket_shutdown(srv, SHUT_RDWR));
    REQUIRE_SX(sx_socket_recv(cli, buf, sizeof buf, 0, &n));
    CHECK(n == 0);
    REQUIRE_CODE(sx_socket_send(srv, "x", 1, 0, &n), SX_EPIPE);

    Sock unconnected(open_sock(AF_INET, SOCK_STREAM));
    REQUIRE_CODE(sx_socket_shutdown(unconnected, SHUT_RDWR), SX_ENOTCONN);
}

TEST_CASE("socket: getsockname and getpeername of unbound and unconnected sockets", "[socket][tcp]")
{
    // testSockName: an unbound AF_INET socket is 0.0.0.0:0.
    Sock s(open_sock(AF_INET, SOCK_STREAM));
    Addr name(sockname(s));
    CHECK(family_of(name) == AF_INET);
    CHECK(host_of(name) == "0.0.0.0");
    CHECK(port_of(name) == 0);
    CHECK(text_of(name) == "0.0.0.0:0");
    sx_addr peer = 0;
    REQUIRE_CODE(sx_socket_getpeername(s, &peer), SX_ENOTCONN);
    CHECK(peer == 0);

    Sock u(open_sock(AF_INET, SOCK_DGRAM));
    Addr uname(sockname(u));
    CHECK(text_of(uname) == "0.0.0.0:0");

    if (have_ipv6()) {
        Sock s6(open_sock(AF_INET6, SOCK_STREAM));
        Addr n6(sockname(s6));
        CHECK(family_of(n6) == AF_INET6);
        CHECK(host_of(n6) == "::");
        CHECK(port_of(n6) == 0);
    }

    // Bound: the kernel's port is reported.
    Addr any(inet("127.0.0.1", 0));
    REQUIRE_SX(sx_socket_bind(s, any));
    Addr bound(sockname(s));
    CHECK(host_of(bound) == "127.0.0.1");
    CHECK(port_of(bound) > 0);
    // Binding twice, or to a port in use, is the kernel's error.
    REQUIRE_CODE(sx_socket_bind(s, any), SX_EINVAL);
    Sock other(open_sock(AF_INET, SOCK_STREAM));
    REQUIRE_SX(sx_socket_listen(s, 1));
    REQUIRE_CODE(sx_socket_bind(other, bound), SX_EADDRINUSE);
}

TEST_CASE("socket: listen backlog default and clamping", "[socket][tcp]")
{
    // Python's default is min(SOMAXCONN, 128); a negative backlog means 0 (the kernel would
    // otherwise read it as a huge unsigned number and use somaxconn).
    struct Row {
        int32_t backlog;
        int expect;
    };
    const Row rows[] = {
        {SX_BACKLOG_DEFAULT, SOMAXCONN < 128 ? SOMAXCONN : 128}, {-1, 0}, {-1000, 0}, {0, 0}, {5, 5}, {77, 77},
    };
    for (const Row &row : rows) {
        INFO("backlog " << row.backlog);
        Sock l;
        Addr where;
        tcp_listener(l, where, AF_INET, row.backlog);
        int got = tcp_listen_backlog(AF_INET, port_of(where));
        if (got < 0) {
            WARN("sock_diag unavailable: the backlog cannot be checked");
            return;
        }
        CHECK(got == row.expect);
        int64_t acceptconn = 0;
        REQUIRE_SX(sx_socket_getsockopt_int(l, SOL_SOCKET, SO_ACCEPTCONN, &acceptconn));
        CHECK(acceptconn == 1);
    }
    // listen(2) may be called again to change the backlog.
    Sock l;
    Addr where;
    tcp_listener(l, where, AF_INET, 3);
    REQUIRE_SX(sx_socket_listen(l, 9));
    CHECK(tcp_listen_backlog(AF_INET, port_of(where)) == 9);
    // A datagram socket cannot listen.
    Sock u(open_sock(AF_INET, SOCK_DGRAM));
    REQUIRE_CODE(sx_socket_listen(u, 1), SX_EOPNOTSUPP);
}

TEST_CASE("socket: a send to a closed peer gives SX_EPIPE, never SIGPIPE", "[socket][tcp][unix]")
{
    // The default disposition of SIGPIPE kills the process: the library must not raise it.
    struct sigaction dfl{}, old{};
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    REQUIRE(sigaction(SIGPIPE, &dfl, &old) == 0);
    sigset_t pipe_set, old_mask;
    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    REQUIRE(pthread_sigmask(SIG_UNBLOCK, &pipe_set, &old_mask) == 0);

    {
        Sock a, b;
        REQUIRE_SX(sx_socketpair(AF_UNIX, SOCK_STREAM, 0, a.out(), b.out()));
        REQUIRE_SX(sx_socket_close(b.h));
        b.h = 0;
        size_t n = 99;
        REQUIRE_CODE(sx_socket_send(a, "x", 1, 0, &n), SX_EPIPE);
        REQUIRE_CODE(sx_socket_sendall(a, "xyz", 3, 0, &n), SX_EPIPE);
        CHECK(n == 0);
        REQUIRE_SX(sx_socket_settimeout(a, 1.0));
        REQUIRE_CODE(sx_socket_send(a, "x", 1, 0, &n), SX_EPIPE);
        REQUIRE_SX(sx_socket_setblocking(a, 0));
        REQUIRE_CODE(sx_socket_send(a, "x", 1, 0, &n), SX_EPIPE);

        // A connected AF_UNIX datagram/seqpacket socket whose peer is gone.
        Sock c, d;
        REQUIRE_SX(sx_socketpair(AF_UNIX, SOCK_SEQPACKET, 0, c.out(), d.out()));
        REQUIRE_SX(sx_socket_close(d.h));
        d.h = 0;
        REQUIRE_CODE(sx_socket_send(c, "x", 1, 0, &n), SX_EPIPE);
    }
    {
        // TCP: the first send after the peer closed may still be accepted (it provokes the RST);
        // after that the kernel reports the broken connection.
        Sock cli, srv;
        tcp_pair(cli, srv);
        REQUIRE_SX(sx_socket_close(srv.h));
        srv.h = 0;
        int32_t rc = 0;
        size_t n = 0;
        for (int i = 0; i < 100 && rc != SX_EPIPE; i++) {
            rc = sx_socket_send(cli, "data", 4, 0, &n);
            CHECK((rc == 0 || rc == SX_EPIPE || rc == SX_ECONNRESET));
            if (rc != SX_EPIPE)
                sleep_ms(2);
        }
        CHECK(rc == SX_EPIPE);
        REQUIRE_CODE(sx_socket_sendall(cli, "data", 4, 0, &n), SX_EPIPE);
    }

    REQUIRE(pthread_sigmask(SIG_SETMASK, &old_mask, nullptr) == 0);
    REQUIRE(sigaction(SIGPIPE, &old, nullptr) == 0);
}

TEST_CASE("socket: accept reports the peer address", "[socket][tcp]")
{
    Sock l;
    Addr where;
    tcp_listener(l, where);
    Sock c(open_sock(AF_INET, SOCK_STREAM));
    REQUIRE_SX(sx_socket_connect(c, where));
    Sock conn;
    Addr peer;
    REQUIRE_SX(sx_socket_accept(l, conn.out(), peer.out()));
    Addr local(sockname(c));
    CHECK(text_of(peer) == text_of(local));
    // A non-listening socket cannot accept.
    Sock x;
    REQUIRE_CODE(sx_socket_accept(c, x.out(), nullptr), SX_EINVAL);
    CHECK(x.h == 0);
}
