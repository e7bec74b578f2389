// SPDX-License-Identifier: MIT
// Misuse of the socket API: every bad argument gets its documented status and a detail message,
// never a crash (DESIGN §1.3). One table: NULL out-pointers, zero / stale / closed / wrong-kind /
// never-issued handles, bad timeouts, oversized lengths, malformed addresses, invalid families
// and types, and address families that do not match the socket.
#include "helpers.hpp"

#include <climits>
#include <cmath>
#include <functional>
#include <limits>

using namespace sxs;

TEST_CASE("socket: bad input table", "[socket][bad_input]")
{
    // Live objects the rows misuse.
    Sock s(open_sock(AF_INET, SOCK_STREAM));      // an open, unconnected TCP socket
    Sock u(open_sock(AF_INET, SOCK_DGRAM));       // UDP over IPv4
    Sock s6(open_sock(AF_INET6, SOCK_STREAM));    // TCP over IPv6
    Sock ux(open_sock(AF_UNIX, SOCK_STREAM));     // AF_UNIX
    Sock l;                                        // a listener
    Addr where;
    tcp_listener(l, where);
    Addr a4(inet("127.0.0.1", 9));
    Addr a6(inet6("::1", 9));
    Addr aunix(unix_bytes(abstract_name("bad")));
    sx_addr raw_h = 0;
    unsigned char raw_sa[16] = {0x39, 0x30, 1, 2, 3, 4}; // family 12345 (0x3039), little-endian
    REQUIRE_SX(sx_addr_from_sockaddr(raw_sa, sizeof raw_sa, &raw_h));
    Addr araw(raw_h);
    sx_addr unnamed_h = 0;
    REQUIRE_SX(sx_addr_unix_bytes(nullptr, 0, &unnamed_h));
    Addr aunnamed(unnamed_h);

    // Dead handles: closed (slot not reused yet, set up last below), stale (slot reused since).
    sx_socket stale = open_sock(AF_INET, SOCK_STREAM);
    REQUIRE_SX(sx_socket_close(stale));
    Sock reuser(open_sock(AF_INET, SOCK_STREAM)); // likely takes stale's slot with a new generation
    sx_addr stale_addr = 0;
    REQUIRE_SX(sx_addr_inet("127.0.0.1", 1, &stale_addr));
    REQUIRE_SX(sx_addr_close(stale_addr));
    sx_socket closed = open_sock(AF_INET, SOCK_STREAM);
    REQUIRE_SX(sx_socket_close(closed));
    const sx_socket never = (1ull << 48) | (77ull << 24) | 0xfffff0; // a socket-kind handle never issued
    const sx_socket huge = 1ull << 60;                              // above 2^53: never a handle

    int p[2];
    REQUIRE(pipe2(p, O_CLOEXEC) == 0);
    const int pipe_fd = p[0];

    char buf[64] = {};
    static unsigned char opt[2048];
    size_t n = 0, len = 0;
    int32_t i32 = 0;
    int64_t i64 = 0;
    int flag = 0;
    double secs = 0;
    sx_socket so = 0, so2 = 0;
    sx_addr ao = 0;
    const double nan = std::nan("");
    const double inf = std::numeric_limits<double>::infinity();

    struct Row {
        std::string what;
        std::function<int32_t()> call;
        int32_t expect;
    };
    std::vector<Row> rows = {
        // ---- NULL out-pointers
        {"open out NULL", [&] { return sx_socket_open(AF_INET, SOCK_STREAM, 0, nullptr); }, SX_EARG},
        {"adopt out NULL", [&] { return sx_socket_adopt(fd_of(s), SX_DETECT, SX_DETECT, SX_DETECT, nullptr); },
         SX_EARG},
        {"fromfd out NULL", [&] { return sx_socket_fromfd(fd_of(s), SX_DETECT, SX_DETECT, SX_DETECT, nullptr); },
         SX_EARG},
        {"socketpair first NULL", [&] { return sx_socketpair(AF_UNIX, SOCK_STREAM, 0, nullptr, &so2); }, SX_EARG},
        {"socketpair second NULL", [&] { return sx_socketpair(AF_UNIX, SOCK_STREAM, 0, &so, nullptr); }, SX_EARG},
        {"dup out NULL", [&] { return sx_socket_dup(s, nullptr); }, SX_EARG},
        {"detach out NULL", [&] { return sx_socket_detach(s, nullptr); }, SX_EARG},
        {"fileno out NULL", [&] { return sx_socket_fileno(s, nullptr); }, SX_EARG},
        {"family out NULL", [&] { return sx_socket_family(s, nullptr); }, SX_EARG},
        {"type out NULL", [&] { return sx_socket_type(s, nullptr); }, SX_EARG},
        {"proto out NULL", [&] { return sx_socket_proto(s, nullptr); }, SX_EARG},
        {"get_inheritable out NULL", [&] { return sx_socket_get_inheritable(s, nullptr); }, SX_EARG},
        {"gettimeout out NULL", [&] { return sx_socket_gettimeout(s, nullptr); }, SX_EARG},
        {"getblocking out NULL", [&] { return sx_socket_getblocking(s, nullptr); }, SX_EARG},
        {"getdefaulttimeout out NULL", [&] { return sx_getdefaulttimeout(nullptr); }, SX_EARG},
        {"accept conn NULL", [&] { return sx_socket_accept(l, nullptr, &ao); }, SX_EARG},
        {"connect_ex result NULL", [&] { return sx_socket_connect_ex(s, a4, nullptr); }, SX_EARG},
        {"getsockname out NULL", [&] { return sx_socket_getsockname(s, nullptr); }, SX_EARG},
        {"getpeername out NULL", [&] { return sx_socket_getpeername(s, nullptr); }, SX_EARG},
        {"getsockopt_int out NULL", [&] { return sx_socket_getsockopt_int(s, SOL_SOCKET, SO_TYPE, nullptr); },
         SX_EARG},
        {"getsockopt_bytes buf NULL",
         [&] { return sx_socket_getsockopt_bytes(s, SOL_SOCKET, SO_TYPE, nullptr, 4, &len); }, SX_EARG},
        {"getsockopt_bytes len NULL",
         [&] { return sx_socket_getsockopt_bytes(s, SOL_SOCKET, SO_TYPE, opt, 4, nullptr); }, SX_EARG},
        {"setsockopt_bytes value NULL",
         [&] { return sx_socket_setsockopt_bytes(s, SOL_SOCKET, SO_REUSEADDR, nullptr, 4); }, SX_EARG},
        {"send buf NULL", [&] { return sx_socket_send(u, nullptr, 4, 0, &n); }, SX_EARG},
        {"send count NULL", [&] { return sx_socket_send(u, buf, 4, 0, nullptr); }, SX_EARG},
        {"sendall buf NULL", [&] { return sx_socket_sendall(u, nullptr, 4, 0, &n); }, SX_EARG},
        {"sendto buf NULL", [&] { return sx_socket_sendto(u, nullptr, 4, 0, a4, &n); }, SX_EARG},
        {"sendto count NULL", [&] { return sx_socket_sendto(u, buf, 4, 0, a4, nullptr); }, SX_EARG},
        {"recv buf NULL", [&] { return sx_socket_recv(u, nullptr, 4, 0, &n); }, SX_EARG},
        {"recv count NULL", [&] { return sx_socket_recv(u, buf, 4, 0, nullptr); }, SX_EARG},
        {"recv 0 bytes, count NULL", [&] { return sx_socket_recv(u, buf, 0, 0, nullptr); }, SX_EARG},
        {"recvfrom buf NULL", [&] { return sx_socket_recvfrom(u, nullptr, 4, 0, &n, &ao); }, SX_EARG},
        {"recvfrom count NULL", [&] { return sx_socket_recvfrom(u, buf, 4, 0, nullptr, &ao); }, SX_EARG},

        // ---- timeouts
        {"settimeout NaN", [&] { return sx_socket_settimeout(s, nan); }, SX_EARG},
        {"settimeout -0.5", [&] { return sx_socket_settimeout(s, -0.5); }, SX_EARG},
        {"settimeout -1e-9", [&] { return sx_socket_settimeout(s, -1e-9); }, SX_EARG},
        {"settimeout -1e20", [&] { return sx_socket_settimeout(s, -1e20); }, SX_EARG},
        {"settimeout +inf", [&] { return sx_socket_settimeout(s, inf); }, SX_EOUTOFRANGE},
        {"settimeout -inf", [&] { return sx_socket_settimeout(s, -inf); }, SX_EOUTOFRANGE},
        {"settimeout 1e10", [&] { return sx_socket_settimeout(s, 1e10); }, SX_EOUTOFRANGE},
        {"setdefaulttimeout NaN", [&] { return sx_setdefaulttimeout(nan); }, SX_EARG},
        {"setdefaulttimeout -7", [&] { return sx_setdefaulttimeout(-7.0); }, SX_EARG},
        {"setdefaulttimeout inf", [&] { return sx_setdefaulttimeout(inf); }, SX_EOUTOFRANGE},
        {"setdefaulttimeout 1e300", [&] { return sx_setdefaulttimeout(1e300); }, SX_EOUTOFRANGE},

        // ---- oversized lengths
        {"send SIZE_MAX", [&] { return sx_socket_send(u, buf, SIZE_MAX, 0, &n); }, SX_EARG},
        {"sendall SIZE_MAX", [&] { return sx_socket_sendall(u, buf, SIZE_MAX, 0, &n); }, SX_EARG},
        {"sendall SIZE_MAX, count NULL", [&] { return sx_socket_sendall(u, buf, SIZE_MAX, 0, nullptr); }, SX_EARG},
        {"sendto SIZE_MAX", [&] { return sx_socket_sendto(u, buf, SIZE_MAX, 0, a4, &n); }, SX_EARG},
        {"recv SIZE_MAX", [&] { return sx_socket_recv(u, buf, SIZE_MAX, 0, &n); }, SX_EARG},
        {"recvfrom SIZE_MAX", [&] { return sx_socket_recvfrom(u, buf, SIZE_MAX, 0, &n, &ao); }, SX_EARG},
        // The first length no buffer can have on every platform, 2**31 where size_t has 32 bits.
        {"send SSIZE_MAX+1", [&] { return sx_socket_send(u, buf, (size_t)SSIZE_MAX + 1, 0, &n); }, SX_EARG},
        {"recv SSIZE_MAX+1", [&] { return sx_socket_recv(u, buf, (size_t)SSIZE_MAX + 1, 0, &n); }, SX_EARG},
        {"sendall SSIZE_MAX+1", [&] { return sx_socket_sendall(u, buf, (size_t)SSIZE_MAX + 1, 0, &n); }, SX_EARG},
        {"setsockopt_bytes SIZE_MAX",
         [&] { return sx_socket_setsockopt_bytes(s, SOL_SOCKET, SO_REUSEADDR, opt, SIZE_MAX); }, SX_EARG},
        {"setsockopt_bytes INT_MAX+1",
         [&] { return sx_socket_setsockopt_bytes(s, SOL_SOCKET, SO_REUSEADDR, opt, (size_t)INT_MAX + 1); },
         SX_EARG},
        {"getsockopt_bytes cap 0", [&] { return sx_socket_getsockopt_bytes(s, SOL_SOCKET, SO_TYPE, opt, 0, &len); },
         SX_EARG},
        {"getsockopt_bytes cap 1025",
         [&] { return sx_socket_getsockopt_bytes(s, SOL_SOCKET, SO_TYPE, opt, 1025, &len); }, SX_EARG},
        {"getsockopt_bytes cap SIZE_MAX",
         [&] { return sx_socket_getsockopt_bytes(s, SOL_SOCKET, SO_TYPE, opt, SIZE_MAX, &len); }, SX_EARG},
        {"setsockopt_int 2^31", [&] { return sx_socket_setsockopt_int(s, SOL_SOCKET, SO_RCVBUF, 1ll << 31); },
         SX_EOUTOFRANGE},
        {"setsockopt_int -2^31-1",
         [&] { return sx_socket_setsockopt_int(s, SOL_SOCKET, SO_RCVBUF, -(1ll << 31) - 1); }, SX_EOUTOFRANGE},

        // ---- invalid families, types, fds
        {"open family -2", [&] { return sx_socket_open(-2, SOCK_STREAM, 0, &so); }, SX_EAFNOSUPPORT},
        {"open type -2", [&] { return sx_socket_open(AF_INET, -2, 0, &so); }, SX_EINVAL},
        {"open family INT32_MIN", [&] { return sx_socket_open(INT32_MIN, SOCK_STREAM, 0, &so); }, SX_EAFNOSUPPORT},
        {"open family 12345", [&] { return sx_socket_open(12345, SOCK_STREAM, 0, &so); }, SX_EAFNOSUPPORT},
        {"open proto 200 for TCP", [&] { return sx_socket_open(AF_INET, SOCK_STREAM, 200, &so); },
         SX_EPROTONOSUPPORT},
        {"socketpair family -1", [&] { return sx_socketpair(-1, SOCK_STREAM, 0, &so, &so2); }, SX_EAFNOSUPPORT},
        {"socketpair AF_INET", [&] { return sx_socketpair(AF_INET, SOCK_STREAM, 0, &so, &so2); }, SX_EOPNOTSUPP},
        {"adopt fd -1", [&] { return sx_socket_adopt(-1, SX_DETECT, SX_DETECT, SX_DETECT, &so); }, SX_EARG},
        {"adopt fd INT32_MIN", [&] { return sx_socket_adopt(INT32_MIN, AF_INET, SOCK_STREAM, 0, &so); }, SX_EARG},
        {"adopt fd not open", [&] { return sx_socket_adopt(INT32_MAX, SX_DETECT, SX_DETECT, SX_DETECT, &so); },
         SX_EBADF},
        {"adopt a pipe", [&] { return sx_socket_adopt(pipe_fd, SX_DETECT, SX_DETECT, SX_DETECT, &so); },
         SX_ENOTSOCK},
        {"fromfd fd -1", [&] { return sx_socket_fromfd(-1, SX_DETECT, SX_DETECT, SX_DETECT, &so); }, SX_EARG},
        {"fromfd fd not open", [&] { return sx_socket_fromfd(INT32_MAX, SX_DETECT, SX_DETECT, SX_DETECT, &so); },
         SX_EBADF},
        {"fromfd a pipe", [&] { return sx_socket_fromfd(pipe_fd, SX_DETECT, SX_DETECT, SX_DETECT, &so); },
         SX_ENOTSOCK},
        {"shutdown how 3", [&] { return sx_socket_shutdown(s, 3); }, SX_EINVAL},

        // ---- address family mismatch and malformed addresses
        {"bind INET socket to INET6 address", [&] { return sx_socket_bind(s, a6); }, SX_EARG},
        {"bind INET6 socket to INET address", [&] { return sx_socket_bind(s6, a4); }, SX_EARG},
        {"bind UNIX socket to INET address", [&] { return sx_socket_bind(ux, a4); }, SX_EARG},
        {"bind INET socket to UNIX address", [&] { return sx_socket_bind(s, aunix); }, SX_EARG},
        {"bind INET socket to family 12345", [&] { return sx_socket_bind(s, araw); }, SX_EARG},
        {"connect INET socket to INET6 address", [&] { return sx_socket_connect(s, a6); }, SX_EARG},
        {"connect UNIX socket to INET address", [&] { return sx_socket_connect(ux, a4); }, SX_EARG},
        {"connect_ex INET6 socket to INET address", [&] { return sx_socket_connect_ex(s6, a4, &i32); }, SX_EARG},
        {"sendto UDP4 to INET6 address", [&] { return sx_socket_sendto(u, buf, 1, 0, a6, &n); }, SX_EARG},
        {"sendto UDP4 to family 12345", [&] { return sx_socket_sendto(u, buf, 1, 0, araw, &n); }, SX_EARG},
        {"connect UNIX socket to the unnamed address", [&] { return sx_socket_connect(ux, aunnamed); }, SX_EINVAL},
        {"address: port 65536", [&] { return sx_addr_inet("127.0.0.1", 65536, &ao); }, SX_EOUTOFRANGE},
        {"address: port -1", [&] { return sx_addr_inet6("::1", -1, 0, 0, &ao); }, SX_EOUTOFRANGE},
        {"address: unix path of 108 bytes", [&] { return sx_addr_unix(std::string(108, 'p').c_str(), &ao); },
         SX_EARG},
        {"address: abstract name of 109 bytes",
         [&] {
             std::string name(109, 'a');
             name[0] = '\0';
             return sx_addr_unix_bytes(name.data(), name.size(), &ao);
         },
         SX_EARG},
        {"address: short AF_INET sockaddr",
         [&] {
             unsigned char sa[8] = {AF_INET, 0};
             return sx_addr_from_sockaddr(sa, sizeof sa, &ao);
         },
         SX_EARG},
        {"address: sockaddr of 1 byte", [&] { return sx_addr_from_sockaddr(raw_sa, 1, &ao); }, SX_EARG},
        {"address: sockaddr of 129 bytes", [&] { return sx_addr_from_sockaddr(opt, 129, &ao); }, SX_EARG},
    };

    // ---- every socket function with every kind of dead or wrong handle
    struct BadHandle {
        const char *what;
        sx_socket h;
    };
    const BadHandle bad_sockets[] = {
        {"zero", 0},        {"closed", closed},   {"stale", stale},
        {"never issued", never}, {"above 2^53", huge}, {"an address", a4.h},
    };
    for (const BadHandle &b : bad_sockets) {
        const sx_socket h = b.h;
        const std::string w = std::string(" on ") + b.what + " handle";
        auto add = [&](const char *fn, std::function<int32_t()> call) {
            rows.push_back({fn + w, std::move(call), SX_EBADHANDLE});
        };
        add("dup", [&, h] { return sx_socket_dup(h, &so); });
        add("detach", [&, h] { return sx_socket_detach(h, &i32); });
        add("fileno", [&, h] { return sx_socket_fileno(h, &i32); });
        add("family", [&, h] { return sx_socket_family(h, &i32); });
        add("type", [&, h] { return sx_socket_type(h, &i32); });
        add("proto", [&, h] { return sx_socket_proto(h, &i32); });
        add("get_inheritable", [&, h] { return sx_socket_get_inheritable(h, &flag); });
        add("set_inheritable", [&, h] { return sx_socket_set_inheritable(h, 1); });
        add("settimeout", [&, h] { return sx_socket_settimeout(h, 1.0); });
        add("gettimeout", [&, h] { return sx_socket_gettimeout(h, &secs); });
        add("setblocking", [&, h] { return sx_socket_setblocking(h, 0); });
        add("getblocking", [&, h] { return sx_socket_getblocking(h, &flag); });
        add("bind", [&, h] { return sx_socket_bind(h, a4); });
        add("listen", [&, h] { return sx_socket_listen(h, 5); });
        add("accept", [&, h] { return sx_socket_accept(h, &so, &ao); });
        add("connect", [&, h] { return sx_socket_connect(h, a4); });
        add("connect_ex", [&, h] { return sx_socket_connect_ex(h, a4, &i32); });
        add("getsockname", [&, h] { return sx_socket_getsockname(h, &ao); });
        add("getpeername", [&, h] { return sx_socket_getpeername(h, &ao); });
        add("shutdown", [&, h] { return sx_socket_shutdown(h, SHUT_RDWR); });
        add("getsockopt_int", [&, h] { return sx_socket_getsockopt_int(h, SOL_SOCKET, SO_TYPE, &i64); });
        add("getsockopt_bytes", [&, h] { return sx_socket_getsockopt_bytes(h, SOL_SOCKET, SO_TYPE, opt, 4, &len); });
        add("setsockopt_int", [&, h] { return sx_socket_setsockopt_int(h, SOL_SOCKET, SO_REUSEADDR, 1); });
        add("setsockopt_bytes", [&, h] { return sx_socket_setsockopt_bytes(h, SOL_SOCKET, SO_REUSEADDR, opt, 4); });
        add("setsockopt_null", [&, h] { return sx_socket_setsockopt_null(h, SOL_SOCKET, SO_REUSEADDR, 4); });
        add("send", [&, h] { return sx_socket_send(h, buf, 1, 0, &n); });
        add("send of 0 bytes", [&, h] { return sx_socket_send(h, buf, 0, 0, &n); });
        add("sendall", [&, h] { return sx_socket_sendall(h, buf, 1, 0, &n); });
        add("sendto", [&, h] { return sx_socket_sendto(h, buf, 1, 0, a4, &n); });
        add("recv", [&, h] { return sx_socket_recv(h, buf, 1, 0, &n); });
        add("recv of 0 bytes", [&, h] { return sx_socket_recv(h, buf, 0, 0, &n); });
        add("recvfrom", [&, h] { return sx_socket_recvfrom(h, buf, 1, 0, &n, &ao); });
    }
    // close: zero and dead socket handles are fine; other kinds and impossible values are not.
    rows.push_back({"close of an address handle", [&] { return sx_socket_close(a4); }, SX_EBADHANDLE});
    rows.push_back({"close of a handle above 2^53", [&] { return sx_socket_close(huge); }, SX_EBADHANDLE});

    // ---- wrong or dead address handles where an address is expected
    const BadHandle bad_addrs[] = {
        {"zero", 0}, {"closed address", stale_addr}, {"a socket", u.h}, {"above 2^53", huge},
    };
    for (const BadHandle &b : bad_addrs) {
        const sx_addr a = b.h;
        const std::string w = std::string(" with ") + b.what + " as the address";
        rows.push_back({"bind" + w, [&, a] { return sx_socket_bind(u, a); }, SX_EBADHANDLE});
        rows.push_back({"connect" + w, [&, a] { return sx_socket_connect(u, a); }, SX_EBADHANDLE});
        rows.push_back({"connect_ex" + w, [&, a] { return sx_socket_connect_ex(u, a, &i32); }, SX_EBADHANDLE});
        rows.push_back({"sendto" + w, [&, a] { return sx_socket_sendto(u, buf, 1, 0, a, &n); }, SX_EBADHANDLE});
        rows.push_back({"addr_family" + w, [&, a] { return sx_addr_family(a, &i32); }, SX_EBADHANDLE});
    }
    rows.push_back({"addr_close of a socket", [&] { return sx_addr_close(u); }, SX_EBADHANDLE});

    int fds_before = sxt::open_fd_count();
    for (const Row &row : rows) {
        // A sentinel failure first, so a row whose call sets no detail of its own is caught.
        sx_addr sentinel = 0;
        REQUIRE(sx_addr_from_sockaddr(nullptr, 16, &sentinel) == SX_EARG);
        const std::string sentinel_detail = sxt::detail();
        so = so2 = 0;
        ao = 0;
        int32_t rc = row.call();
        std::string detail = sxt::detail();
        INFO(row.what << " -> " << sx_error_name(rc) << " (" << detail << "), expected " << sx_error_name(row.expect));
        CHECK(rc == row.expect);
        CHECK_FALSE(detail.empty());
        CHECK(detail != sentinel_detail);
        // Nothing was created by a failing call.
        CHECK(so == 0);
        CHECK(so2 == 0);
        CHECK(ao == 0);
    }
    CHECK(sxt::open_fd_count() == fds_before);

    // The misuse harmed nothing: the live objects still work.
    CHECK(int_attr(sx_socket_family, s) == AF_INET);
    CHECK(timeout_of(s) == SX_TIMEOUT_NONE);
    double d = 0;
    REQUIRE_SX(sx_getdefaulttimeout(&d));
    CHECK(d == SX_TIMEOUT_NONE);
    CHECK(family_of(a4) == AF_INET);
    int64_t reuse = -1;
    REQUIRE_SX(sx_socket_getsockopt_int(s, SOL_SOCKET, SO_RCVBUF, &reuse));
    CHECK(reuse > 0);
    close(p[0]);
    close(p[1]);
    INFO(rows.size() << " rows");
    CHECK(rows.size() > 250);
}
