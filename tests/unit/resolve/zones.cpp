// SPDX-License-Identifier: MIT
// IPv6 zones ("fe80::1%lo"): every path that reads or shows an IPv6 host gives one answer,
// and a zone that disagrees with an explicit scope_id is refused the same way everywhere.
// Python drops the text's zone in getnameinfo and glibc refuses zones on addresses that are
// not link-local; libsocketx keeps them (socketx/addr.h, sx_addr_inet6).
#include "support.hpp"

#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <string>

using sxt::Addr;

namespace {

uint32_t lo_index()
{
    uint32_t index = if_nametoindex("lo");
    REQUIRE(index != 0);
    return index;
}

// An index no interface has here (shown as a number).
constexpr uint32_t kNoSuchIndex = 4000000000u;

uint32_t scope_of(sx_addr a)
{
    uint32_t v = 0xdeadbeef;
    REQUIRE_SX(sx_addr_scope_id(a, &v));
    return v;
}

std::string text_of(sx_addr a)
{
    char buf[128];
    size_t len = 0;
    REQUIRE_SX(sx_addr_to_string(a, buf, sizeof buf, &len));
    return std::string(buf, len);
}

constexpr int32_t kNumeric = NI_NUMERICHOST | NI_NUMERICSERV;

// sx_getnameinfo_host's host text, or the status as "<NAME>".
std::string nameinfo_host(const char *host, uint32_t scope_id)
{
    char h[NI_MAXHOST], s[NI_MAXSERV];
    size_t hl = 0, sl = 0;
    int32_t rc = sx_getnameinfo_host(host, 80, 0, scope_id, kNumeric, h, sizeof h, &hl, s, sizeof s, &sl);
    return rc == 0 ? std::string(h, hl) : std::string("<") + sx_error_name(rc) + ">";
}

std::string nameinfo_addr(sx_addr a)
{
    char h[NI_MAXHOST], s[NI_MAXSERV];
    size_t hl = 0, sl = 0;
    int32_t rc = sx_getnameinfo(a, kNumeric, h, sizeof h, &hl, s, sizeof s, &sl);
    return rc == 0 ? std::string(h, hl) : std::string("<") + sx_error_name(rc) + ">";
}

// The scope of the first result of getaddrinfo(host, AF_INET6), or the status as "<NAME>".
std::string gai_scope(const char *host)
{
    sx_list l = 0;
    int32_t rc = sx_getaddrinfo(host, "80", AF_INET6, SOCK_DGRAM, 0, 0, &l);
    if (rc)
        return std::string("<") + sx_error_name(rc) + ">";
    Addr a;
    REQUIRE_SX(sx_addrinfo_addr(l, 0, a.out()));
    sx_list_close(l);
    return std::to_string(scope_of(a));
}

} // namespace

TEST_CASE("zones: a zone and scope_id 0, equal or different give one answer on every path", "[resolve][zones]")
{
    const uint32_t lo = lo_index();
    for (uint32_t scope_id : {0u, lo}) {
        INFO("scope_id " << scope_id);
        Addr a;
        REQUIRE_SX(sx_addr_inet6("fe80::1%lo", 80, 0, scope_id, a.out()));
        CHECK(scope_of(a) == lo);
        CHECK(text_of(a) == "[fe80::1%lo]:80");
        CHECK(nameinfo_addr(a) == "fe80::1%lo");
        CHECK(nameinfo_host("fe80::1%lo", scope_id) == "fe80::1%lo");
    }
    // The tuple ("fe80::1%lo", 80, 0, other): SX_EARG on both paths, the detail naming both indexes.
    sx_addr out = 7;
    REQUIRE_CODE(sx_addr_inet6("fe80::1%lo", 80, 0, lo + 3, &out), SX_EARG);
    CHECK(out == 0);
    std::string both = "zone index " + std::to_string(lo) + " but scope_id is " + std::to_string(lo + 3);
    CHECK(sxt::detail().find(both) != std::string::npos);
    CHECK(nameinfo_host("fe80::1%lo", lo + 3) == "<SX_EARG>");
    CHECK(sxt::detail().find(both) != std::string::npos);
    // No zone: scope_id alone decides, on both paths.
    Addr plain;
    REQUIRE_SX(sx_addr_inet6("fe80::1", 80, 0, lo, plain.out()));
    CHECK(nameinfo_addr(plain) == "fe80::1%lo");
    CHECK(nameinfo_host("fe80::1", lo) == "fe80::1%lo");
}

TEST_CASE("zones: a zone on an address that is not link-local is kept by every path", "[resolve][zones]")
{
    const uint32_t lo = lo_index();
    Addr a;
    REQUIRE_SX(sx_addr_inet6("::1%lo", 80, 0, 0, a.out()));
    CHECK(scope_of(a) == lo);
    CHECK(text_of(a) == "[::1%lo]:80");
    // glibc alone writes "::1%1" here and refuses "::1%lo" in getaddrinfo.
    CHECK(nameinfo_addr(a) == "::1%lo");
    CHECK(nameinfo_host("::1%lo", 0) == "::1%lo");
    CHECK(nameinfo_host("2001:db8::1", lo) == "2001:db8::1%lo");
    CHECK(gai_scope("::1%lo") == std::to_string(lo));
    CHECK(gai_scope("2001:db8::1%lo") == std::to_string(lo));
}

TEST_CASE("zones: getaddrinfo reads the zone as sx_addr_inet6 does, for AF_UNSPEC too", "[resolve][zones]")
{
    const uint32_t lo = lo_index();
    CHECK(gai_scope("fe80::1%lo") == std::to_string(lo));
    CHECK(gai_scope(("fe80::1%" + std::to_string(lo)).c_str()) == std::to_string(lo));
    CHECK(gai_scope("fe80::1%4000000000") == "4000000000");
    sx_list l = 0;
    REQUIRE_SX(sx_getaddrinfo("::1%lo", "80", AF_UNSPEC, SOCK_STREAM, 0, AI_NUMERICHOST, &l));
    Addr a;
    REQUIRE_SX(sx_addrinfo_addr(l, 0, a.out()));
    sx_list_close(l);
    CHECK(scope_of(a) == lo);
    // And sx_create_connection's lookup is the same one: its target carries the zone. Nothing
    // listens on ::1%lo port 1, so the connection is refused rather than the name.
    sx_socket s = 0;
    int32_t rc = sx_create_connection("::1%lo", 1, 5.0, 0, &s);
    CHECK((rc == SX_ECONNREFUSED || rc == SX_EADDRNOTAVAIL || rc == SX_ENETUNREACH));
    CHECK(s == 0);
}

TEST_CASE("zones: a numeric zone no interface has is shown as the number on every path", "[resolve][zones]")
{
    Addr a;
    REQUIRE_SX(sx_addr_inet6("fe80::1%4000000000", 80, 0, 0, a.out()));
    CHECK(scope_of(a) == kNoSuchIndex);
    CHECK(text_of(a) == "[fe80::1%4000000000]:80");
    CHECK(nameinfo_addr(a) == "fe80::1%4000000000");
    CHECK(nameinfo_host("fe80::1%4000000000", 0) == "fe80::1%4000000000");
    CHECK(nameinfo_host("fe80::1%4000000000", kNoSuchIndex) == "fe80::1%4000000000");
    CHECK(nameinfo_host("fe80::1%4000000000", 1) == "<SX_EARG>");
}

TEST_CASE("zones: an unknown zone is SX_ENOTFOUND on every path", "[resolve][zones]")
{
    for (const char *bad : {"fe80::1%bogus0", "::1%bogus0", "fe80::1%", "fe80::1%4294967296"}) {
        INFO(bad);
        sx_addr out = 7;
        REQUIRE_CODE(sx_addr_inet6(bad, 80, 0, 0, &out), SX_ENOTFOUND);
        CHECK(gai_scope(bad) == "<SX_ENOTFOUND>");
        CHECK(nameinfo_host(bad, 0) == "<SX_ENOTFOUND>");
    }
    // Not an IPv6 literal before the '%': the resolver's to judge, as in Python.
    sx_list l = 0;
    int32_t rc = sx_getaddrinfo("localhost%lo", "80", AF_INET6, SOCK_DGRAM, 0, AI_NUMERICHOST, &l);
    CHECK(rc == SX_EAI_NONAME);
}
