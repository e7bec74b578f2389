// SPDX-License-Identifier: MIT
// Resolver limits at the limit and one past, as python3 3.11 behaves: getaddrinfo and
// getnameinfo ports (formatted without a range check, glibc keeping 16 bits), flowinfo and
// scope ids, interface names of IFNAMSIZ-1 and IFNAMSIZ bytes, and hosts whose first byte
// outside ASCII (0x80, not 0x7f) sends them through IDNA.
#include "support.hpp"

#include <climits>
#include <cstdint>
#include <netdb.h>
#include <string>

namespace {

constexpr int32_t kNumeric = NI_NUMERICHOST | NI_NUMERICSERV;

// getnameinfo_host's "host#serv", or "<NAME>".
std::string gni(const char *host, int32_t port, uint32_t flowinfo, uint32_t scope_id)
{
    char h[NI_MAXHOST], s[NI_MAXSERV];
    size_t hl = 0, sl = 0;
    int32_t rc = sx_getnameinfo_host(host, port, flowinfo, scope_id, kNumeric, h, sizeof h, &hl, s, sizeof s, &sl);
    return rc ? std::string("<") + sx_error_name(rc) + ">" : std::string(h, hl) + "#" + std::string(s, sl);
}

// The port of getaddrinfo_port's first result, or -(status).
int64_t gai_port(int64_t port)
{
    sx_list l = 0;
    int32_t rc = sx_getaddrinfo_port("127.0.0.1", port, AF_INET, SOCK_STREAM, 0, AI_NUMERICHOST, &l);
    if (rc)
        return rc;
    sx_addr a = 0;
    REQUIRE_SX(sx_addrinfo_addr(l, 0, &a));
    sx_list_close(l);
    int32_t p = -1;
    REQUIRE_SX(sx_addr_port(a, &p));
    sx_addr_close(a);
    return p;
}

} // namespace

TEST_CASE("boundaries: getaddrinfo ports keep 16 bits, as Python's do", "[resolve][boundaries]")
{
    // python3: 65535 -> 65535, 65536 -> 0, 2**32+80 -> 80, -1 and 2**63-1 gaierror EAI_SERVICE.
    CHECK(gai_port(0) == 0);
    CHECK(gai_port(65535) == 65535);
    CHECK(gai_port(65536) == 0);
    CHECK(gai_port((1ll << 32) + 80) == 80);
    // python3: -2**63 -> 0, -2**32+80 -> 80, 2**47 -> 0 (the same where long has 32 bits).
    CHECK(gai_port(INT64_MIN) == 0);
    CHECK(gai_port(-(1ll << 32) + 80) == 80);
    CHECK(gai_port(1ll << 47) == 0);
    CHECK(gai_port(-1) == SX_EAI_SERVICE);
    CHECK(gai_port(INT64_MAX) == SX_EAI_SERVICE);
}

TEST_CASE("boundaries: getnameinfo ports, flowinfo and scope ids", "[resolve][boundaries]")
{
    // python3: port 65535 -> '65535', 65536 -> '0', 2**31-1 -> '65535', -1 and -2**31 EAI_SERVICE.
    CHECK(gni("127.0.0.1", 0, 0, 0) == "127.0.0.1#0");
    CHECK(gni("127.0.0.1", 65535, 0, 0) == "127.0.0.1#65535");
    CHECK(gni("127.0.0.1", 65536, 0, 0) == "127.0.0.1#0");
    CHECK(gni("127.0.0.1", INT32_MAX, 0, 0) == "127.0.0.1#65535");
    CHECK(gni("127.0.0.1", -1, 0, 0) == "<SX_EAI_SERVICE>");
    CHECK(gni("127.0.0.1", INT32_MIN, 0, 0) == "<SX_EAI_SERVICE>");
    // python3: flowinfo 1048575 is fine, 1048576 OverflowError "getnameinfo(): flowinfo must be 0-1048575.".
    CHECK(gni("::1", 0, 0xFFFFF, 0) == "::1#0");
    CHECK(gni("::1", 0, 0x100000, 0) == "<SX_EOUTOFRANGE>");
    CHECK(sxt::detail().find("flowinfo must be 0-1048575") != std::string::npos);
    // python3: scope 2**32-1 -> 'fe80::1%4294967295' (no interface has that index).
    CHECK(gni("fe80::1", 0, 0, UINT32_MAX) == "fe80::1%4294967295#0");
    CHECK(gni("fe80::1", 0, 0, 0) == "fe80::1#0");
}

TEST_CASE("boundaries: interface names and indexes at their limits", "[netif][boundaries]")
{
    uint32_t index = 7;
    // python3: if_nametoindex('a'*15) and ('a'*16) "no interface with this name"; the kernel's
    // names are at most IFNAMSIZ-1 = 15 bytes.
    REQUIRE_CODE(sx_if_nametoindex(std::string(15, 'a').c_str(), &index), SX_ENOTFOUND);
    REQUIRE_CODE(sx_if_nametoindex(std::string(16, 'a').c_str(), &index), SX_ENOTFOUND);
    REQUIRE_CODE(sx_if_nametoindex("", &index), SX_ENOTFOUND);
    REQUIRE_CODE(sx_if_nametoindex("l\x7fo", &index), SX_ENOTFOUND);
    CHECK(index == 7);
    // python3: if_indextoname(0) and (2**32-1) OSError ENXIO.
    char buf[32];
    size_t len = 0;
    REQUIRE_CODE(sx_if_indextoname(0, buf, sizeof buf, &len), SX_ENXIO);
    REQUIRE_CODE(sx_if_indextoname(UINT32_MAX, buf, sizeof buf, &len), SX_ENXIO);
}

TEST_CASE("boundaries: a host with 0x7f is an ordinary name, 0x80 and up go through IDNA", "[resolve][boundaries]")
{
    sx_list l = 0;
    // python3: getaddrinfo('a\x7fb', 80) gaierror EAI_NONAME.
    REQUIRE_CODE(sx_getaddrinfo("a\x7f" "b", "80", AF_INET, SOCK_STREAM, 0, AI_NUMERICHOST, &l), SX_EAI_NONAME);
    // U+0080 (UTF-8 c2 80): python3 raises UnicodeError from its IDNA codec; glibc's IDNA
    // conversion refuses it too (EAI_IDN_ENCODE), never a lookup of the raw bytes.
    REQUIRE_CODE(sx_getaddrinfo("a\xc2\x80" "b", "80", AF_INET, SOCK_STREAM, 0, 0, &l), SX_EAI_IDN_ENCODE);
    CHECK(l == 0);
}
