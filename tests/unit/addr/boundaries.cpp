// SPDX-License-Identifier: MIT
// Address limits at the limit and one past, each as the header documents it and as python3
// 3.11 behaves: ports 0..65535, flowinfo 0..2^20-1, scope ids 0..UINT32_MAX, AF_UNIX paths of
// 107 bytes and abstract names of 107 bytes after the NUL, raw sockaddr lengths, and the first
// byte outside printable ASCII in an abstract name's text form.
#include "addr_helpers.hpp"

#include <arpa/inet.h>
#include <climits>
#include <netinet/in.h>
#include <string>
#include <sys/socket.h>
#include <sys/un.h>

using sxt::Addr;

TEST_CASE("boundaries: ports 0 and 65535 are accepted, -1 and 65536 are SX_EOUTOFRANGE", "[addr][boundaries]")
{
    // python3: bind(('127.0.0.1', 65536)) and -1 raise OverflowError "port must be 0-65535.".
    for (int32_t port : {0, 65535}) {
        Addr a4, a6;
        REQUIRE_SX(sx_addr_inet("127.0.0.1", port, a4.out()));
        CHECK(sxt::port(a4) == port);
        REQUIRE_SX(sx_addr_inet6("::1", port, 0, 0, a6.out()));
        CHECK(sxt::port(a6) == port);
    }
    for (int32_t port : {-1, 65536, INT32_MAX, INT32_MIN}) {
        INFO("port " << port);
        sx_addr out = 7;
        REQUIRE_CODE(sx_addr_inet("127.0.0.1", port, &out), SX_EOUTOFRANGE);
        CHECK(sxt::detail().find("port must be 0-65535") != std::string::npos);
        CHECK(out == 0);
        out = 7;
        REQUIRE_CODE(sx_addr_inet6("::1", port, 0, 0, &out), SX_EOUTOFRANGE);
        CHECK(out == 0);
    }
}

TEST_CASE("boundaries: flowinfo 0..1048575, and 1048576 is Python's OverflowError", "[addr][boundaries]")
{
    for (uint32_t flowinfo : {0u, 0xFFFFFu}) {
        Addr a;
        REQUIRE_SX(sx_addr_inet6("::1", 0, flowinfo, 0, a.out()));
        uint32_t v = 1;
        REQUIRE_SX(sx_addr_flowinfo(a, &v));
        CHECK(v == flowinfo);
    }
    for (uint32_t flowinfo : {0x100000u, UINT32_MAX}) {
        sx_addr out = 7;
        REQUIRE_CODE(sx_addr_inet6("::1", 0, flowinfo, 0, &out), SX_EOUTOFRANGE);
        CHECK(sxt::detail().find("flowinfo must be 0-1048575") != std::string::npos);
        CHECK(out == 0);
    }
}

TEST_CASE("boundaries: scope ids 0 and UINT32_MAX, as an argument and as a numeric zone", "[addr][boundaries]")
{
    Addr zero, top, zone_top;
    REQUIRE_SX(sx_addr_inet6("fe80::1", 0, 0, 0, zero.out()));
    CHECK(sxt::text(zero) == "[fe80::1]:0");
    // python3: getaddrinfo('fe80::1%4294967295') gives scope_id 4294967295.
    REQUIRE_SX(sx_addr_inet6("fe80::1", 0, 0, UINT32_MAX, top.out()));
    uint32_t v = 0;
    REQUIRE_SX(sx_addr_scope_id(top, &v));
    CHECK(v == UINT32_MAX);
    CHECK(sxt::text(top) == "[fe80::1%4294967295]:0");
    REQUIRE_SX(sx_addr_inet6("fe80::1%4294967295", 0, 0, 0, zone_top.out()));
    CHECK(sxt::equal(top, zone_top) == 1);
    // One past: python3's getaddrinfo gives EAI_NONAME; here the zone names no interface.
    sx_addr out = 7;
    REQUIRE_CODE(sx_addr_inet6("fe80::1%4294967296", 0, 0, 0, &out), SX_ENOTFOUND);
    CHECK(out == 0);
}

TEST_CASE("boundaries: AF_UNIX paths of 107 bytes, abstract names of 107 bytes after the NUL", "[addr][boundaries]")
{
    // python3: bind of a 107-byte path works, 108 bytes is "AF_UNIX path too long"; an abstract
    // name of 107 bytes after the NUL works, 108 is too long.
    std::string path107(107, 'p'), path108(108, 'p');
    Addr ok;
    REQUIRE_SX(sx_addr_unix(path107.c_str(), ok.out()));
    CHECK(sxt::unix_path(ok) == path107);
    CHECK(sxt::raw(ok).size() == offsetof(struct sockaddr_un, sun_path) + 108); // with the NUL, as CPython counts
    sx_addr out = 7;
    REQUIRE_CODE(sx_addr_unix(path108.c_str(), &out), SX_EARG);
    CHECK(sxt::detail().find("AF_UNIX path too long") != std::string::npos);
    CHECK(out == 0);

    std::string abs108 = std::string(1, '\0') + std::string(107, 'a');
    std::string abs109 = std::string(1, '\0') + std::string(108, 'a');
    Addr abstract;
    REQUIRE_SX(sx_addr_unix_bytes(abs108.data(), abs108.size(), abstract.out()));
    CHECK(sxt::unix_path(abstract) == abs108);
    REQUIRE_CODE(sx_addr_unix_bytes(abs109.data(), abs109.size(), &out), SX_EARG);
    CHECK(out == 0);

    // And the kernel takes both at their limit.
    sxt::Sock s;
    REQUIRE_SX(sx_socket_open(AF_UNIX, SOCK_DGRAM, 0, s.out()));
    REQUIRE_SX(sx_socket_bind(s, abstract));
    Addr name;
    REQUIRE_SX(sx_socket_getsockname(s, name.out()));
    CHECK(sxt::unix_path(name) == abs108);
}

TEST_CASE("boundaries: an abstract name's text escapes from 0x7f on, not 0x7e", "[addr][boundaries]")
{
    // python3 returns the bytes b'\x00~\x7f\x80'; the text form escapes what is not printable ASCII.
    const char name[] = {'\0', '~', '\x7f', '\x80', '\xff'};
    Addr a;
    REQUIRE_SX(sx_addr_unix_bytes(name, sizeof name, a.out()));
    CHECK(sxt::text(a) == "@~\\x7f\\x80\\xff");
    const char low[] = {'\0', ' ', '\x1f'};
    Addr b;
    REQUIRE_SX(sx_addr_unix_bytes(low, sizeof low, b.out()));
    CHECK(sxt::text(b) == "@ \\x1f");
}

TEST_CASE("boundaries: raw sockaddr lengths, 2..sizeof(sockaddr_storage), whole INET structs", "[addr][boundaries]")
{
    struct sockaddr_storage ss {};
    ss.ss_family = AF_UNIX;
    sx_addr out = 7;
    Addr two, full;
    REQUIRE_SX(sx_addr_from_sockaddr(&ss, 2, two.out()));
    REQUIRE_SX(sx_addr_from_sockaddr(&ss, sizeof ss, full.out()));
    REQUIRE_CODE(sx_addr_from_sockaddr(&ss, 1, &out), SX_EARG);
    REQUIRE_CODE(sx_addr_from_sockaddr(&ss, sizeof ss + 1, &out), SX_EARG);
    CHECK(out == 0);
    ss.ss_family = AF_INET;
    Addr in;
    REQUIRE_SX(sx_addr_from_sockaddr(&ss, sizeof(struct sockaddr_in), in.out()));
    REQUIRE_CODE(sx_addr_from_sockaddr(&ss, sizeof(struct sockaddr_in) - 1, &out), SX_EARG);
    ss.ss_family = AF_INET6;
    Addr in6;
    REQUIRE_SX(sx_addr_from_sockaddr(&ss, sizeof(struct sockaddr_in6), in6.out()));
    REQUIRE_CODE(sx_addr_from_sockaddr(&ss, sizeof(struct sockaddr_in6) - 1, &out), SX_EARG);
    CHECK(out == 0);
}
