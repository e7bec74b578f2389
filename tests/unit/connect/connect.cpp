// SPDX-License-Identifier: MIT
// create_connection on loopback: a closed port, a listener, several addresses where the first
// refuses (host NULL resolves to ::1 and 127.0.0.1 here), every attempt's error, timeouts,
// the source address; create_server's checks; the IPv6 probes; fd close and dup.
#include "support.hpp"

#include <cmath>
#include <cstring>
#include <fcntl.h>
#include <netdb.h>
#include <string>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

using sxt::Addr;
using sxt::Sock;

namespace {

int32_t local_port(sx_socket s)
{
    Addr a;
    REQUIRE_SX(sx_socket_getsockname(s, a.out()));
    int32_t port = 0;
    REQUIRE_SX(sx_addr_port(a, &port));
    return port;
}

int32_t family_of_peer(sx_socket s)
{
    Addr a;
    REQUIRE_SX(sx_socket_getpeername(s, a.out()));
    int32_t fam = 0;
    REQUIRE_SX(sx_addr_family(a, &fam));
    return fam;
}

// A listener on host (127.0.0.1 or ::1) and port (0: any).
int32_t listen_on(Sock &s, const char *host, int32_t port)
{
    Addr a;
    int32_t rc = strchr(host, ':') ? sx_addr_inet6(host, port, 0, 0, a.out()) : sx_addr_inet(host, port, a.out());
    if (rc)
        return rc;
    return sx_create_server(a, SX_BACKLOG_DEFAULT, 0, 0, s.out());
}

// A port on which nothing listens, on either loopback address (bound then released).
int32_t closed_port()
{
    for (int i = 0; i < 50; i++) {
        Sock s;
        REQUIRE_SX(listen_on(s, "::1", 0));
        int32_t port = local_port(s);
        Sock v4;
        if (listen_on(v4, "127.0.0.1", port) == 0)
            return port; // both free a moment ago, and closed again at scope exit
    }
    FAIL("no port free on both loopback addresses");
    return 0;
}

// The stream addresses getaddrinfo(NULL, port) gives, as families, in order.
std::vector<int32_t> loopback_families(int32_t port)
{
    sx_list l = 0;
    REQUIRE_SX(sx_getaddrinfo_port(nullptr, port, AF_UNSPEC, SOCK_STREAM, 0, 0, &l));
    uint32_t n = 0;
    sx_list_count(l, &n);
    std::vector<int32_t> fams;
    for (uint32_t i = 0; i < n; i++) {
        int32_t f = 0;
        REQUIRE_SX(sx_addrinfo_entry(l, i, &f, nullptr, nullptr));
        fams.push_back(f);
    }
    sx_list_close(l);
    return fams;
}

} // namespace

TEST_CASE("connect: create_connection to a closed port is refused, to a listener connects", "[connect]")
{
    int32_t port = closed_port();
    Sock s;
    REQUIRE_CODE(sx_create_connection("127.0.0.1", port, SX_TIMEOUT_DEFAULT, 0, s.out()), SX_ECONNREFUSED);
    CHECK(s.h == 0);

    Sock server;
    REQUIRE_SX(listen_on(server, "127.0.0.1", 0));
    REQUIRE_SX(sx_create_connection("127.0.0.1", local_port(server), 5.0, 0, s.out()));
    CHECK(family_of_peer(s) == AF_INET);
    double t = 0;
    REQUIRE_SX(sx_socket_gettimeout(s, &t));
    CHECK(t == 5.0);
    Sock conn;
    REQUIRE_SX(sx_socket_accept(server, conn.out(), nullptr));
    size_t sent = 0, got = 0;
    REQUIRE_SX(sx_socket_sendall(s, "hi", 2, 0, &sent));
    char buf[4];
    REQUIRE_SX(sx_socket_recv(conn, buf, sizeof buf, 0, &got));
    CHECK(std::string(buf, got) == "hi");

    Sock byname;
    REQUIRE_SX(sx_create_connection("localhost", local_port(server), SX_TIMEOUT_NONE, 0, byname.out()));
    REQUIRE_SX(sx_socket_gettimeout(byname, &t));
    CHECK(t == SX_TIMEOUT_NONE);
}

TEST_CASE("connect: SX_TIMEOUT_DEFAULT keeps the module default, unlike SX_TIMEOUT_NONE", "[connect]")
{
    Sock server;
    REQUIRE_SX(listen_on(server, "127.0.0.1", 0));
    REQUIRE_SX(sx_setdefaulttimeout(2.5));
    Sock a, b;
    int32_t ra = sx_create_connection("127.0.0.1", local_port(server), SX_TIMEOUT_DEFAULT, 0, a.out());
    int32_t rb = sx_create_connection("127.0.0.1", local_port(server), SX_TIMEOUT_NONE, 0, b.out());
    REQUIRE_SX(sx_setdefaulttimeout(SX_TIMEOUT_NONE));
    REQUIRE_SX(ra);
    REQUIRE_SX(rb);
    double t = 0;
    REQUIRE_SX(sx_socket_gettimeout(a, &t));
    CHECK(t == 2.5);
    REQUIRE_SX(sx_socket_gettimeout(b, &t));
    CHECK(t == SX_TIMEOUT_NONE);
}

TEST_CASE("connect: with several addresses the first refusing, the next connects and all errors are listed",
          "[connect]")
{
    for (int attempt = 0; attempt < 20; attempt++) {
        int32_t port = closed_port();
        std::vector<int32_t> fams = loopback_families(port);
        REQUIRE(fams.size() == 2);
        // Listen on the family getaddrinfo gives second: the first address refuses.
        Sock server;
        if (listen_on(server, fams[1] == AF_INET ? "127.0.0.1" : "::1", port) != 0)
            continue; // the port was taken meanwhile
        int32_t errors[4] = {0, 0, 0, 0};
        size_t nerr = 99;
        Sock s;
        REQUIRE_SX(sx_create_connection_ex(nullptr, port, 5.0, 0, 0, errors, 4, &nerr, s.out()));
        CHECK(family_of_peer(s) == fams[1]);
        REQUIRE(nerr == 1);
        CHECK(errors[0] == SX_ECONNREFUSED);
        sx_socket_close(s.h);
        s.h = 0;
        sx_socket_close(server.h);
        server.h = 0;

        // Nothing listens: every attempt is reported; the status is the last one.
        nerr = 0;
        REQUIRE_CODE(sx_create_connection_ex(nullptr, port, 5.0, 0, 0, errors, 4, &nerr, s.out()), SX_ECONNREFUSED);
        CHECK(nerr == 2);
        CHECK(errors[0] == SX_ECONNREFUSED);
        CHECK(errors[1] == SX_ECONNREFUSED);
        // A too small array still counts them all.
        nerr = 0;
        REQUIRE_CODE(sx_create_connection_ex(nullptr, port, 5.0, 0, 0, errors, 1, &nerr, s.out()), SX_ECONNREFUSED);
        CHECK(nerr == 2);
        return;
    }
    FAIL("no free loopback port");
}

TEST_CASE("connect: create_connection binds the source address first", "[connect]")
{
    Sock server;
    REQUIRE_SX(listen_on(server, "127.0.0.1", 0));
    Addr src;
    REQUIRE_SX(sx_addr_inet("127.0.0.1", 0, src.out()));
    Sock s;
    REQUIRE_SX(sx_create_connection("127.0.0.1", local_port(server), 5.0, src, s.out()));
    Addr local;
    REQUIRE_SX(sx_socket_getsockname(s, local.out()));
    char host[64];
    size_t len = 0;
    REQUIRE_SX(sx_addr_host(local, host, sizeof host, &len));
    CHECK(std::string(host, len) == "127.0.0.1");
    // A source of the wrong family fails the attempt as sx_socket_bind does (Python's TypeError).
    Addr src6;
    REQUIRE_SX(sx_addr_inet6("::1", 0, 0, 0, src6.out()));
    Sock t;
    REQUIRE_CODE(sx_create_connection("127.0.0.1", local_port(server), 5.0, src6, t.out()), SX_EARG);
    CHECK(t.h == 0);
    // A source already in use gives bind's OS error.
    Addr busy;
    REQUIRE_SX(sx_addr_inet("127.0.0.1", local_port(server), busy.out()));
    REQUIRE_CODE(sx_create_connection("127.0.0.1", local_port(server), 5.0, busy, t.out()), SX_EADDRINUSE);
}

TEST_CASE("connect: create_connection refuses bad arguments before any attempt", "[connect]")
{
    Sock s;
    int32_t errors[2];
    size_t n = 0;
    REQUIRE_CODE(sx_create_connection("127.0.0.1", 9, std::nan(""), 0, s.out()), SX_EARG);
    REQUIRE_CODE(sx_create_connection("127.0.0.1", 9, -5.0, 0, s.out()), SX_EARG);
    REQUIRE_CODE(sx_create_connection("127.0.0.1", 9, INFINITY, 0, s.out()), SX_EOUTOFRANGE);
    REQUIRE_CODE(sx_create_connection("127.0.0.1", 9, 1.0, 0, nullptr), SX_EARG);
    REQUIRE_CODE(sx_create_connection("127.0.0.1", 9, 1.0, 12345, s.out()), SX_EBADHANDLE);
    REQUIRE_CODE(sx_create_connection_ex("127.0.0.1", 9, 1.0, 0, 0, nullptr, 2, &n, s.out()), SX_EARG);
    REQUIRE_CODE(sx_create_connection_ex("127.0.0.1", 9, 1.0, 0, 0x40, errors, 2, &n, s.out()), SX_EARG);
    REQUIRE_CODE(sx_create_connection("", 9, 1.0, 0, s.out()), SX_EAI_NONAME);
    REQUIRE_CODE(sx_create_connection("127.0.0.1", -1, 1.0, 0, s.out()), SX_EAI_SERVICE);
    CHECK(s.h == 0);
}

TEST_CASE("connect: create_server applies Python's checks, options and bind error message", "[connect]")
{
    Addr v4, v6;
    REQUIRE_SX(sx_addr_inet("127.0.0.1", 0, v4.out()));
    REQUIRE_SX(sx_addr_inet6("::1", 0, 0, 0, v6.out()));
    Sock s;
    REQUIRE_CODE(sx_create_server(v4, SX_BACKLOG_DEFAULT, 0, 1, s.out()), SX_EARG);
    CHECK(sxt::detail() == "dualstack_ipv6 requires AF_INET6 family");
    REQUIRE_CODE(sx_create_server(0, SX_BACKLOG_DEFAULT, 0, 0, s.out()), SX_EBADHANDLE);
    REQUIRE_CODE(sx_create_server(v4, SX_BACKLOG_DEFAULT, 0, 0, nullptr), SX_EARG);

    Sock plain;
    REQUIRE_SX(sx_create_server(v4, SX_BACKLOG_DEFAULT, 0, 0, plain.out()));
    int64_t v = 0;
    REQUIRE_SX(sx_socket_getsockopt_int(plain, SOL_SOCKET, SO_REUSEADDR, &v));
    CHECK(v == 1);
    REQUIRE_SX(sx_socket_getsockopt_int(plain, SOL_SOCKET, SO_ACCEPTCONN, &v));
    CHECK(v == 1);

    // A second server on the same port: EADDRINUSE with Python's message.
    Addr same;
    REQUIRE_SX(sx_addr_inet("127.0.0.1", local_port(plain), same.out()));
    Sock dup;
    REQUIRE_CODE(sx_create_server(same, SX_BACKLOG_DEFAULT, 0, 0, dup.out()), SX_EADDRINUSE);
    CHECK(sxt::detail().find("(while attempting to bind on address 127.0.0.1:") != std::string::npos);

    // reuse_port lets two servers share it.
    Sock r1, r2;
    REQUIRE_SX(sx_create_server(v4, 5, 1, 0, r1.out()));
    Addr rp;
    REQUIRE_SX(sx_addr_inet("127.0.0.1", local_port(r1), rp.out()));
    REQUIRE_SX(sx_create_server(rp, 5, 1, 0, r2.out()));

    Sock only6, dual;
    REQUIRE_SX(sx_create_server(v6, SX_BACKLOG_DEFAULT, 0, 0, only6.out()));
    REQUIRE_SX(sx_socket_getsockopt_int(only6, IPPROTO_IPV6, IPV6_V6ONLY, &v));
    CHECK(v == 1);
    Addr any6;
    REQUIRE_SX(sx_addr_inet6("::", 0, 0, 0, any6.out()));
    REQUIRE_SX(sx_create_server(any6, SX_BACKLOG_DEFAULT, 0, 1, dual.out()));
    REQUIRE_SX(sx_socket_getsockopt_int(dual, IPPROTO_IPV6, IPV6_V6ONLY, &v));
    CHECK(v == 0);
    // A dual-stack server accepts IPv4 clients.
    Sock c;
    REQUIRE_SX(sx_create_connection("127.0.0.1", local_port(dual), 5.0, 0, c.out()));

    // AF_UNIX works too (no SO_REUSEPORT, no IPV6_V6ONLY).
    std::string path = "/tmp/sx-connect-" + std::to_string(getpid()) + ".sock";
    unlink(path.c_str());
    Addr ua;
    REQUIRE_SX(sx_addr_unix(path.c_str(), ua.out()));
    Sock us;
    REQUIRE_SX(sx_create_server(ua, 1, 1, 0, us.out()));
    unlink(path.c_str());
}

TEST_CASE("connect: has_ipv6 and has_dualstack_ipv6 report this kernel", "[connect]")
{
    int v = -1;
    REQUIRE_SX(sx_has_ipv6(&v));
    int fd = socket(AF_INET6, SOCK_STREAM, 0);
    CHECK(v == (fd >= 0 ? 1 : 0));
    REQUIRE_SX(sx_has_dualstack_ipv6(&v));
    if (fd >= 0) {
        int off = 0;
        CHECK(v == (setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off) == 0 ? 1 : 0));
        close(fd);
    }
    REQUIRE_CODE(sx_has_ipv6(nullptr), SX_EARG);
    REQUIRE_CODE(sx_has_dualstack_ipv6(nullptr), SX_EARG);
}

TEST_CASE("connect: fd_dup makes a close-on-exec copy and fd_close closes it", "[connect]")
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    int32_t copy = -1;
    REQUIRE_SX(sx_fd_dup(fd, &copy));
    CHECK(copy != fd);
    CHECK((fcntl(copy, F_GETFD) & FD_CLOEXEC) != 0);
    REQUIRE_SX(sx_fd_close(copy));
    REQUIRE_CODE(sx_fd_close(copy), SX_EBADF);
    REQUIRE_SX(sx_fd_close(fd));
    REQUIRE_CODE(sx_fd_dup(fd, &copy), SX_EBADF);
    REQUIRE_CODE(sx_fd_dup(-1, &copy), SX_EARG);
    REQUIRE_CODE(sx_fd_dup(0, nullptr), SX_EARG);
    REQUIRE_CODE(sx_fd_close(-1), SX_EARG);
}
