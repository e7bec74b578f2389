// SPDX-License-Identifier: MIT
// Socket lifetime: open, adopt, fromfd, socketpair, dup, detach, close, fileno, the attributes,
// inheritance and the initial timeout (CPython: InheritanceTest, NonblockConstantTest,
// BasicTCPTest testFromFd/testDup/testDetach, GeneralModuleTests test_socket_fileno*).
#include "helpers.hpp"

using namespace sxs;

TEST_CASE("socket: open reports family, type and the proto as given", "[socket][lifetime]")
{
    Sock s(open_sock(AF_INET, SOCK_STREAM));
    CHECK(int_attr(sx_socket_family, s) == AF_INET);
    CHECK(int_attr(sx_socket_type, s) == SOCK_STREAM);
    // Python reports the proto passed to socket(), 0, although the kernel chose TCP.
    CHECK(int_attr(sx_socket_proto, s) == 0);
    int64_t kernel_proto = 0;
    REQUIRE_SX(sx_socket_getsockopt_int(s, SOL_SOCKET, SO_PROTOCOL, &kernel_proto));
    CHECK(kernel_proto == IPPROTO_TCP);

    Sock u(open_sock(AF_INET, SOCK_DGRAM, IPPROTO_UDP));
    CHECK(int_attr(sx_socket_type, u) == SOCK_DGRAM);
    CHECK(int_attr(sx_socket_proto, u) == IPPROTO_UDP);

    Sock x(open_sock(AF_UNIX, SOCK_SEQPACKET));
    CHECK(int_attr(sx_socket_family, x) == AF_UNIX);
    CHECK(int_attr(sx_socket_type, x) == SOCK_SEQPACKET);

    // A new socket starts blocking (default timeout None) and close-on-exec.
    CHECK(timeout_of(s) == SX_TIMEOUT_NONE);
    CHECK_FALSE(fd_nonblocking(fd_of(s)));
    CHECK(fd_cloexec(fd_of(s)));
}

TEST_CASE("socket: open errors come from the arguments or the kernel", "[socket][lifetime][socktype]")
{
    sx_socket s = 0;
    // Python passes negative values to socket(2), except -1, its default (boundaries.cpp).
    REQUIRE_CODE(sx_socket_open(-2, SOCK_STREAM, 0, &s), SX_EAFNOSUPPORT);
    REQUIRE_CODE(sx_socket_open(AF_INET, -2, 0, &s), SX_EINVAL);
    REQUIRE_CODE(sx_socket_open(12345, SOCK_STREAM, 0, &s), SX_EAFNOSUPPORT);
    REQUIRE_CODE(sx_socket_open(AF_INET, 12345, 0, &s), SX_EINVAL);
    REQUIRE_CODE(sx_socket_open(AF_INET, SOCK_STREAM, 12345, &s), SX_EINVAL); // >= IPPROTO_MAX
    REQUIRE_CODE(sx_socket_open(AF_INET, SOCK_STREAM, 200, &s), SX_EPROTONOSUPPORT);
    REQUIRE_CODE(sx_socket_open(AF_INET, SOCK_STREAM, IPPROTO_UDP, &s), SX_EPROTONOSUPPORT);
    CHECK(s == 0);
}

TEST_CASE("socket: SOCK_NONBLOCK and SOCK_CLOEXEC are stripped from the type", "[socket][lifetime]")
{
    // NonblockConstantTest: the type stays SOCK_STREAM, the timeout becomes 0.
    Sock s(open_sock(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC));
    CHECK(int_attr(sx_socket_type, s) == SOCK_STREAM);
    CHECK(timeout_of(s) == 0.0);
    int blocking = -1;
    REQUIRE_SX(sx_socket_getblocking(s, &blocking));
    CHECK(blocking == 0);
    CHECK(fd_nonblocking(fd_of(s)));
    CHECK(fd_cloexec(fd_of(s)));

    // setblocking/settimeout never touch the reported type (3.7+).
    REQUIRE_SX(sx_socket_setblocking(s, 1));
    CHECK(int_attr(sx_socket_type, s) == SOCK_STREAM);
    CHECK_FALSE(fd_nonblocking(fd_of(s)));
    REQUIRE_SX(sx_socket_settimeout(s, 2.0));
    CHECK(int_attr(sx_socket_type, s) == SOCK_STREAM);
    CHECK(fd_nonblocking(fd_of(s)));

    SECTION("SOCK_NONBLOCK wins over a default timeout")
    {
        DefaultTimeout d(2.0);
        Sock n(open_sock(AF_INET, SOCK_STREAM | SOCK_NONBLOCK));
        CHECK(timeout_of(n) == 0.0);
        Sock t(open_sock(AF_INET, SOCK_STREAM));
        CHECK(timeout_of(t) == 2.0);
        CHECK(fd_nonblocking(fd_of(t)));
    }
    SECTION("socketpair with SOCK_NONBLOCK")
    {
        Sock a, b;
        REQUIRE_SX(sx_socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, a.out(), b.out()));
        CHECK(int_attr(sx_socket_type, a) == SOCK_STREAM);
        CHECK(timeout_of(a) == 0.0);
        CHECK(timeout_of(b) == 0.0);
        CHECK(fd_nonblocking(fd_of(b)));
    }
}

TEST_CASE("socket: every fd the library creates is non-inheritable", "[socket][lifetime]")
{
    // InheritanceTest.
    Sock s(open_sock(AF_INET, SOCK_STREAM));
    int inh = -1;
    REQUIRE_SX(sx_socket_get_inheritable(s, &inh));
    CHECK(inh == 0);
    CHECK(fd_cloexec(fd_of(s)));

    REQUIRE_SX(sx_socket_set_inheritable(s, 1));
    REQUIRE_SX(sx_socket_get_inheritable(s, &inh));
    CHECK(inh == 1);
    CHECK_FALSE(fd_cloexec(fd_of(s)));
    REQUIRE_SX(sx_socket_set_inheritable(s, 0));
    REQUIRE_SX(sx_socket_get_inheritable(s, &inh));
    CHECK(inh == 0);
    CHECK(fd_cloexec(fd_of(s)));

    // Even an inheritable socket's dup is not inheritable (os.dup semantics).
    REQUIRE_SX(sx_socket_set_inheritable(s, 1));
    Sock d;
    REQUIRE_SX(sx_socket_dup(s, d.out()));
    REQUIRE_SX(sx_socket_get_inheritable(d, &inh));
    CHECK(inh == 0);

    Sock a, b;
    REQUIRE_SX(sx_socketpair(AF_UNIX, SOCK_STREAM, 0, a.out(), b.out()));
    CHECK(fd_cloexec(fd_of(a)));
    CHECK(fd_cloexec(fd_of(b)));

    Sock c, srv;
    tcp_pair(c, srv);
    CHECK(fd_cloexec(fd_of(c)));
    CHECK(fd_cloexec(fd_of(srv)));

    Sock f;
    REQUIRE_SX(sx_socket_fromfd(fd_of(c), SX_DETECT, SX_DETECT, SX_DETECT, f.out()));
    CHECK(fd_cloexec(fd_of(f)));

    // adopt leaves the fd's flag as it is, as socket(fileno=) does.
    int raw = socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(raw >= 0);
    Sock adopted;
    REQUIRE_SX(sx_socket_adopt(raw, SX_DETECT, SX_DETECT, SX_DETECT, adopted.out()));
    REQUIRE_SX(sx_socket_get_inheritable(adopted, &inh));
    CHECK(inh == 1);
}

TEST_CASE("socket: adopt detects family, type and proto, and explicit values override", "[socket][lifetime]")
{
    SECTION("TCP, detected")
    {
        int raw = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        REQUIRE(raw >= 0);
        Sock s;
        REQUIRE_SX(sx_socket_adopt(raw, SX_DETECT, SX_DETECT, SX_DETECT, s.out()));
        CHECK(fd_of(s) == raw); // adopted, not duplicated
        CHECK(int_attr(sx_socket_family, s) == AF_INET);
        CHECK(int_attr(sx_socket_type, s) == SOCK_STREAM);
        CHECK(int_attr(sx_socket_proto, s) == IPPROTO_TCP); // detected, unlike open()
        CHECK(timeout_of(s) == SX_TIMEOUT_NONE);
    }
    SECTION("UDP over IPv6 and AF_UNIX datagram, detected")
    {
        int raw = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        REQUIRE(raw >= 0);
        Sock s;
        REQUIRE_SX(sx_socket_adopt(raw, SX_DETECT, SX_DETECT, SX_DETECT, s.out()));
        CHECK(int_attr(sx_socket_family, s) == AF_INET6);
        CHECK(int_attr(sx_socket_type, s) == SOCK_DGRAM);
        CHECK(int_attr(sx_socket_proto, s) == IPPROTO_UDP);

        int u = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        REQUIRE(u >= 0);
        Sock us;
        REQUIRE_SX(sx_socket_adopt(u, SX_DETECT, SX_DETECT, SX_DETECT, us.out()));
        CHECK(int_attr(sx_socket_family, us) == AF_UNIX);
        CHECK(int_attr(sx_socket_type, us) == SOCK_DGRAM);
        CHECK(int_attr(sx_socket_proto, us) == 0);
    }
    SECTION("explicit values only change what is reported")
    {
        int raw = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        REQUIRE(raw >= 0);
        Sock s;
        REQUIRE_SX(sx_socket_adopt(raw, AF_INET6, SOCK_DGRAM, 0, s.out()));
        CHECK(int_attr(sx_socket_family, s) == AF_INET6);
        CHECK(int_attr(sx_socket_type, s) == SOCK_DGRAM);
        CHECK(int_attr(sx_socket_proto, s) == 0);
        int64_t kernel_type = 0;
        REQUIRE_SX(sx_socket_getsockopt_int(s, SOL_SOCKET, SO_TYPE, &kernel_type));
        CHECK(kernel_type == SOCK_STREAM);
    }
    SECTION("mixed: explicit family, detected type")
    {
        int raw = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
        REQUIRE(raw >= 0);
        Sock s;
        REQUIRE_SX(sx_socket_adopt(raw, AF_UNIX, SX_DETECT, 7, s.out()));
        CHECK(int_attr(sx_socket_type, s) == SOCK_SEQPACKET);
        CHECK(int_attr(sx_socket_proto, s) == 7);
    }
    SECTION("an explicit SOCK_NONBLOCK makes the adopted socket non-blocking")
    {
        int raw = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        REQUIRE(raw >= 0);
        Sock s;
        REQUIRE_SX(sx_socket_adopt(raw, AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0, s.out()));
        CHECK(int_attr(sx_socket_type, s) == SOCK_STREAM);
        CHECK(timeout_of(s) == 0.0);
        CHECK(fd_nonblocking(raw));
    }
}

TEST_CASE("socket: adopt and fromfd refuse what is not a socket", "[socket][lifetime]")
{
    sx_socket s = 0;
    REQUIRE_CODE(sx_socket_adopt(-1, SX_DETECT, SX_DETECT, SX_DETECT, &s), SX_EARG);
    REQUIRE_CODE(sx_socket_fromfd(-5, SX_DETECT, SX_DETECT, SX_DETECT, &s), SX_EARG);
    REQUIRE_CODE(sx_socket_adopt(INT32_MAX, SX_DETECT, SX_DETECT, SX_DETECT, &s), SX_EBADF);
    REQUIRE_CODE(sx_socket_adopt(INT32_MAX, AF_INET, SOCK_STREAM, 0, &s), SX_EBADF);
    REQUIRE_CODE(sx_socket_fromfd(INT32_MAX, SX_DETECT, SX_DETECT, SX_DETECT, &s), SX_EBADF);
    int p[2];
    REQUIRE(pipe2(p, O_CLOEXEC) == 0);
    int before = sxt::open_fd_count();
    REQUIRE_CODE(sx_socket_adopt(p[0], SX_DETECT, SX_DETECT, SX_DETECT, &s), SX_ENOTSOCK);
    // Even with every value explicit, a non-socket is refused.
    REQUIRE_CODE(sx_socket_adopt(p[0], AF_INET, SOCK_STREAM, 0, &s), SX_ENOTSOCK);
    REQUIRE_CODE(sx_socket_fromfd(p[1], SX_DETECT, SX_DETECT, SX_DETECT, &s), SX_ENOTSOCK);
    CHECK(sxt::open_fd_count() == before); // fromfd's dup was closed again
    CHECK(fd_open(p[0])); // a refused fd stays the caller's
    close(p[0]);
    close(p[1]);
    CHECK(s == 0);
}

TEST_CASE("socket: fromfd duplicates and leaves the original open", "[socket][lifetime]")
{
    Sock c, srv;
    tcp_pair(c, srv);
    int orig = fd_of(c);
    Sock f;
    REQUIRE_SX(sx_socket_fromfd(orig, SX_DETECT, SX_DETECT, SX_DETECT, f.out()));
    CHECK(fd_of(f) != orig);
    CHECK(int_attr(sx_socket_family, f) == AF_INET);
    CHECK(int_attr(sx_socket_type, f) == SOCK_STREAM);
    CHECK(int_attr(sx_socket_proto, f) == IPPROTO_TCP);
    CHECK(timeout_of(f) == SX_TIMEOUT_NONE);

    // BasicTCPTest.testFromFd: the new socket talks on the same connection.
    size_t n = 0;
    REQUIRE_SX(sx_socket_sendall(f, "via fromfd", 10, 0, &n));
    char buf[32];
    REQUIRE_SX(sx_socket_recv(srv, buf, sizeof buf, 0, &n));
    CHECK(std::string(buf, n) == "via fromfd");

    REQUIRE_SX(sx_socket_close(f.h));
    f.h = 0;
    CHECK(fd_open(orig));
    REQUIRE_SX(sx_socket_sendall(c, "still", 5, 0, &n));
    REQUIRE_SX(sx_socket_recv(srv, buf, sizeof buf, 0, &n));
    CHECK(std::string(buf, n) == "still");

    SECTION("fromfd with explicit values")
    {
        Sock g;
        REQUIRE_SX(sx_socket_fromfd(orig, AF_INET, SOCK_STREAM, 0, g.out()));
        CHECK(int_attr(sx_socket_proto, g) == 0);
    }
}

TEST_CASE("socket: the default timeout applies to new, adopted, fromfd, paired and accepted sockets",
          "[socket][lifetime][timeouts]")
{
    double d = -5;
    REQUIRE_SX(sx_getdefaulttimeout(&d));
    CHECK(d == SX_TIMEOUT_NONE);

    Sock l;
    Addr where;
    tcp_listener(l, where);
    Sock before_default(open_sock(AF_INET, SOCK_STREAM));
    {
        DefaultTimeout guard(3.0);
        REQUIRE_SX(sx_getdefaulttimeout(&d));
        CHECK(d == 3.0);

        Sock s(open_sock(AF_INET, SOCK_STREAM));
        CHECK(timeout_of(s) == 3.0);
        CHECK(fd_nonblocking(fd_of(s)));
        int blocking = -1;
        REQUIRE_SX(sx_socket_getblocking(s, &blocking));
        CHECK(blocking == 1);

        // Existing sockets are not changed.
        CHECK(timeout_of(before_default) == SX_TIMEOUT_NONE);

        int raw = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        REQUIRE(raw >= 0);
        Sock adopted;
        REQUIRE_SX(sx_socket_adopt(raw, SX_DETECT, SX_DETECT, SX_DETECT, adopted.out()));
        CHECK(timeout_of(adopted) == 3.0);
        CHECK(fd_nonblocking(raw)); // the fd itself was switched

        // fromfd switches the shared file description: the original fd sees it too (Python's note).
        int raw2 = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        REQUIRE(raw2 >= 0);
        CHECK_FALSE(fd_nonblocking(raw2));
        Sock f;
        REQUIRE_SX(sx_socket_fromfd(raw2, SX_DETECT, SX_DETECT, SX_DETECT, f.out()));
        CHECK(timeout_of(f) == 3.0);
        CHECK(fd_nonblocking(raw2));
        close(raw2);

        Sock a, b;
        REQUIRE_SX(sx_socketpair(AF_UNIX, SOCK_STREAM, 0, a.out(), b.out()));
        CHECK(timeout_of(a) == 3.0);
        CHECK(timeout_of(b) == 3.0);

        // dup copies the source's timeout, not the default.
        Sock dup_of_blocking;
        REQUIRE_SX(sx_socket_dup(before_default, dup_of_blocking.out()));
        CHECK(timeout_of(dup_of_blocking) == SX_TIMEOUT_NONE);
        REQUIRE_SX(sx_socket_settimeout(s, 0.25));
        Sock dup_of_timeout;
        REQUIRE_SX(sx_socket_dup(s, dup_of_timeout.out()));
        CHECK(timeout_of(dup_of_timeout) == 0.25);

        // accept: the new socket takes the default timeout.
        REQUIRE_SX(sx_socket_connect(s, where));
        Sock conn;
        REQUIRE_SX(sx_socket_accept(l, conn.out(), nullptr));
        CHECK(timeout_of(conn) == 3.0);
        CHECK(fd_nonblocking(fd_of(conn)));
    }
    REQUIRE_SX(sx_getdefaulttimeout(&d));
    CHECK(d == SX_TIMEOUT_NONE);

    SECTION("default 0 makes new sockets non-blocking")
    {
        DefaultTimeout guard(0.0);
        Sock s(open_sock(AF_INET, SOCK_STREAM));
        CHECK(timeout_of(s) == 0.0);
        CHECK(fd_nonblocking(fd_of(s)));
        int blocking = -1;
        REQUIRE_SX(sx_socket_getblocking(s, &blocking));
        CHECK(blocking == 0);
    }
}

TEST_CASE("socket: accept's rule for the new socket's timeout", "[socket][lifetime][timeouts]")
{
    // NonBlockingTCPTests.testInheritFlags*: with default None, the accepted socket is blocking,
    // whatever the listener's mode (Linux: accept4 does not inherit O_NONBLOCK).
    for (double listener_timeout : {SX_TIMEOUT_NONE, 0.0, 5.0}) {
        INFO("listener timeout " << listener_timeout);
        Sock l;
        Addr where;
        tcp_listener(l, where);
        REQUIRE_SX(sx_socket_settimeout(l, listener_timeout));
        Sock c(open_sock(AF_INET, SOCK_STREAM));
        REQUIRE_SX(sx_socket_connect(c, where));
        if (listener_timeout == 0.0)
            sleep_ms(20); // let the handshake land before the non-blocking accept
        Sock conn;
        REQUIRE_SX(sx_socket_accept(l, conn.out(), nullptr));
        CHECK(timeout_of(conn) == SX_TIMEOUT_NONE);
        CHECK_FALSE(fd_nonblocking(fd_of(conn)));
        CHECK(int_attr(sx_socket_family, conn) == AF_INET);
        CHECK(int_attr(sx_socket_type, conn) == SOCK_STREAM);
        CHECK(int_attr(sx_socket_proto, conn) == 0); // the listener's proto, as Python passes it
    }
    SECTION("with a default timeout the accepted socket takes it, whatever the listener")
    {
        Sock l;
        Addr where;
        tcp_listener(l, where);
        REQUIRE_SX(sx_socket_settimeout(l, 5.0));
        DefaultTimeout guard(1.5);
        Sock c(open_sock(AF_INET, SOCK_STREAM));
        REQUIRE_SX(sx_socket_connect(c, where));
        Sock conn;
        REQUIRE_SX(sx_socket_accept(l, conn.out(), nullptr));
        CHECK(timeout_of(conn) == 1.5);
        CHECK(fd_nonblocking(fd_of(conn)));
    }
}

TEST_CASE("socket: socketpair defaults and errors", "[socket][lifetime][unix]")
{
    // BasicSocketPairTest.
    Sock a, b;
    REQUIRE_SX(sx_socketpair(AF_UNIX, SOCK_STREAM, 0, a.out(), b.out()));
    for (sx_socket s : {a.h, b.h}) {
        CHECK(int_attr(sx_socket_family, s) == AF_UNIX);
        CHECK(int_attr(sx_socket_type, s) == SOCK_STREAM);
        CHECK(int_attr(sx_socket_proto, s) == 0);
        CHECK(timeout_of(s) == SX_TIMEOUT_NONE);
    }
    size_t n = 0;
    char buf[16];
    REQUIRE_SX(sx_socket_send(a, "ping", 4, 0, &n));
    CHECK(n == 4);
    REQUIRE_SX(sx_socket_recv(b, buf, sizeof buf, 0, &n));
    CHECK(std::string(buf, n) == "ping");
    REQUIRE_SX(sx_socket_send(b, "pong", 4, 0, &n));
    REQUIRE_SX(sx_socket_recv(a, buf, sizeof buf, 0, &n));
    CHECK(std::string(buf, n) == "pong");

    sx_socket x = 0, y = 0;
    REQUIRE_CODE(sx_socketpair(AF_INET, SOCK_STREAM, 0, &x, &y), SX_EOPNOTSUPP);
    // python3: socketpair(-1, SOCK_STREAM) EAFNOSUPPORT, socketpair(AF_UNIX, -1) EINVAL.
    REQUIRE_CODE(sx_socketpair(-1, SOCK_STREAM, 0, &x, &y), SX_EAFNOSUPPORT);
    REQUIRE_CODE(sx_socketpair(AF_UNIX, -1, 0, &x, &y), SX_EINVAL);
    REQUIRE_CODE(sx_socketpair(AF_UNIX, SOCK_STREAM, 0, nullptr, &y), SX_EARG);
    REQUIRE_CODE(sx_socketpair(AF_UNIX, SOCK_STREAM, 0, &x, nullptr), SX_EARG);
    CHECK(x == 0);
    CHECK(y == 0);
}

TEST_CASE("socket: dup copies family, type, proto and timeout over a new fd", "[socket][lifetime]")
{
    Sock c, srv;
    tcp_pair(c, srv);
    REQUIRE_SX(sx_socket_settimeout(c, 0.75));
    Sock d;
    REQUIRE_SX(sx_socket_dup(c, d.out()));
    CHECK(d.h != c.h);
    CHECK(fd_of(d) != fd_of(c));
    CHECK(int_attr(sx_socket_family, d) == AF_INET);
    CHECK(int_attr(sx_socket_type, d) == SOCK_STREAM);
    CHECK(int_attr(sx_socket_proto, d) == 0);
    CHECK(timeout_of(d) == 0.75);

    // BasicTCPTest.testDup: the duplicate talks on the same connection, and survives the original.
    REQUIRE_SX(sx_socket_close(c.h));
    c.h = 0;
    size_t n = 0;
    REQUIRE_SX(sx_socket_sendall(d, "dup", 3, 0, &n));
    char buf[8];
    REQUIRE_SX(sx_socket_recv(srv, buf, sizeof buf, 0, &n));
    CHECK(std::string(buf, n) == "dup");

    // A change of mode on the dup is its own (the recorded timeout), as in Python.
    REQUIRE_SX(sx_socket_setblocking(d, 1));
    CHECK(timeout_of(d) == SX_TIMEOUT_NONE);
}

TEST_CASE("socket: close is idempotent and the handle is then refused", "[socket][lifetime]")
{
    sx_socket s = open_sock(AF_INET, SOCK_STREAM);
    int fd = fd_of(s);
    REQUIRE_SX(sx_socket_close(s));
    CHECK_FALSE(fd_open(fd));
    REQUIRE_SX(sx_socket_close(s));
    REQUIRE_SX(sx_socket_close(s));
    REQUIRE_SX(sx_socket_close(0));
    int32_t v;
    REQUIRE_CODE(sx_socket_fileno(s, &v), SX_EBADHANDLE);
    REQUIRE_CODE(sx_socket_family(s, &v), SX_EBADHANDLE);
    size_t n;
    REQUIRE_CODE(sx_socket_send(s, "x", 1, 0, &n), SX_EBADHANDLE);

    // A handle of another kind is not a socket, even for close.
    Addr a(inet("127.0.0.1", 80));
    REQUIRE_CODE(sx_socket_close(a), SX_EBADHANDLE);
    CHECK(family_of(a) == AF_INET); // and the address is untouched

    // TCPCloserTest: after the server closes, the client reads EOF; repeated close is safe.
    Sock c, srv;
    tcp_pair(c, srv);
    REQUIRE_SX(sx_socket_close(srv.h));
    REQUIRE_SX(sx_socket_close(srv.h));
    char buf[4];
    REQUIRE_SX(sx_socket_settimeout(c, 5.0));
    REQUIRE_SX(sx_socket_recv(c, buf, 1, 0, &n));
    CHECK(n == 0);
}

TEST_CASE("socket: fileno and detach", "[socket][lifetime]")
{
    Sock a, b;
    REQUIRE_SX(sx_socketpair(AF_UNIX, SOCK_STREAM, 0, a.out(), b.out()));
    int32_t fd = -1;
    REQUIRE_SX(sx_socket_fileno(a, &fd));
    CHECK(fd >= 0);

    // A socket that has waited owns an internal eventfd too: detach must release it, not the fd.
    REQUIRE_SX(sx_socket_settimeout(a, 0.01));
    char buf[8];
    size_t n = 0;
    REQUIRE_CODE(sx_socket_recv(a, buf, sizeof buf, 0, &n), SX_ETIMEOUT);

    int fds_before = sxt::open_fd_count();
    int32_t detached = -1;
    REQUIRE_SX(sx_socket_detach(a, &detached));
    CHECK(detached == fd);
    CHECK(sxt::open_fd_count() == fds_before - 1); // the eventfd went, the socket fd stayed
    REQUIRE_CODE(sx_socket_fileno(a, &fd), SX_EBADHANDLE);
    REQUIRE_CODE(sx_socket_detach(a, &fd), SX_EBADHANDLE);
    REQUIRE_SX(sx_socket_close(a)); // closing a detached handle is harmless
    a.h = 0;

    // The fd is open, usable and the caller's (in the mode it had: O_NONBLOCK from the timeout).
    CHECK(fd_open(detached));
    REQUIRE(send(detached, "raw", 3, MSG_NOSIGNAL) == 3);
    REQUIRE_SX(sx_socket_recv(b, buf, sizeof buf, 0, &n));
    CHECK(std::string(buf, n) == "raw");

    // It can be adopted again.
    Sock again;
    REQUIRE_SX(sx_socket_adopt(detached, SX_DETECT, SX_DETECT, SX_DETECT, again.out()));
    REQUIRE_SX(sx_socket_send(again, "re", 2, 0, &n));
    REQUIRE_SX(sx_socket_recv(b, buf, sizeof buf, 0, &n));
    CHECK(std::string(buf, n) == "re");
}

TEST_CASE("socket: close reports the error of close(2), and releases the handle all the same", "[socket][lifetime]")
{
    // GeneralModuleTests.testCloseException: the fd was closed behind the socket's back.
    int raw = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    REQUIRE(raw >= 0);
    sx_socket s = 0;
    REQUIRE_SX(sx_socket_adopt(raw, SX_DETECT, SX_DETECT, SX_DETECT, &s));
    REQUIRE(close(raw) == 0);
    REQUIRE_CODE(sx_socket_close(s), SX_EBADF);
    int32_t fd;
    REQUIRE_CODE(sx_socket_fileno(s, &fd), SX_EBADHANDLE);
    REQUIRE_SX(sx_socket_close(s));
}
