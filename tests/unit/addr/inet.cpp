// SPDX-License-Identifier: MIT
// AF_INET addresses: sx_addr_inet's host rules (Python's setipaddr), ports, accessors.
#include "addr_helpers.hpp"

#include <arpa/inet.h>
#include <climits>
#include <cstring>
#include <netinet/in.h>

using sxt::Addr;

TEST_CASE("addr: sx_addr_inet builds the sockaddr_in of a dotted quad", "[addr]")
{
    Addr a;
    REQUIRE_SX(sx_addr_inet("127.0.0.1", 8080, a.out()));
    REQUIRE(a.h != 0);
    CHECK(sxt::family(a) == AF_INET);
    CHECK(sxt::host(a) == "127.0.0.1");
    CHECK(sxt::port(a) == 8080);
    CHECK(sxt::text(a) == "127.0.0.1:8080");

    struct sockaddr_in want;
    std::memset(&want, 0, sizeof want);
    want.sin_family = AF_INET;
    want.sin_port = htons(8080);
    want.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    CHECK(sxt::raw(a) == std::string(reinterpret_cast<const char *>(&want), sizeof want));
}

TEST_CASE("addr: sx_addr_inet takes ports 0 to 65535 and refuses others with SX_EOUTOFRANGE", "[addr]")
{
    Addr low, high;
    REQUIRE_SX(sx_addr_inet("127.0.0.1", 0, low.out()));
    CHECK(sxt::port(low) == 0);
    REQUIRE_SX(sx_addr_inet("127.0.0.1", 65535, high.out()));
    CHECK(sxt::port(high) == 65535);

    for (int32_t bad : {-1, 65536, INT32_MIN, INT32_MAX}) {
        INFO("port " << bad);
        sx_addr out = 12345;
        REQUIRE_CODE(sx_addr_inet("127.0.0.1", bad, &out), SX_EOUTOFRANGE);
        CHECK(out == 0);
        CHECK(sxt::detail().find("port must be 0-65535") != std::string::npos);
    }
}

TEST_CASE("addr: sx_addr_inet refuses NULL pointers with SX_EARG", "[addr]")
{
    REQUIRE_CODE(sx_addr_inet("127.0.0.1", 80, nullptr), SX_EARG);
    sx_addr out = 12345;
    REQUIRE_CODE(sx_addr_inet(nullptr, 80, &out), SX_EARG);
    CHECK(out == 0);
}

TEST_CASE("addr: sx_addr_inet: '' is INADDR_ANY, '<broadcast>' and 255.255.255.255 are INADDR_BROADCAST", "[addr]")
{
    Addr any, bcast, bcast_literal;
    REQUIRE_SX(sx_addr_inet("", 5, any.out()));
    CHECK(sxt::text(any) == "0.0.0.0:5");
    REQUIRE_SX(sx_addr_inet("<broadcast>", 5, bcast.out()));
    CHECK(sxt::text(bcast) == "255.255.255.255:5");
    REQUIRE_SX(sx_addr_inet("255.255.255.255", 5, bcast_literal.out()));
    CHECK(sxt::equal(bcast, bcast_literal) == 1);
}

TEST_CASE("addr: sx_addr_inet accepts the legacy IPv4 forms Python accepts", "[addr]")
{
    // Each pair checked against python3: socket connect((host, 9)) then getpeername().
    struct {
        const char *in, *out;
    } cases[] = {
        {"127.1", "127.0.0.1"},   {"0x7f.1", "127.0.0.1"}, {"017.0.0.1", "15.0.0.1"},
        {"1", "0.0.0.1"},         {"127.0.1", "127.0.0.1"}, {"4294967295", "255.255.255.255"},
        {"10.0.0.255", "10.0.0.255"},
    };
    for (auto &c : cases) {
        INFO(c.in);
        Addr a;
        REQUIRE_SX(sx_addr_inet(c.in, 1, a.out()));
        CHECK(sxt::host(a) == c.out);
    }
}

TEST_CASE("addr: sx_addr_inet resolves names with getaddrinfo", "[addr][idn]")
{
    Addr a;
    REQUIRE_SX(sx_addr_inet("localhost", 22, a.out()));
    CHECK(sxt::host(a) == "127.0.0.1");
    CHECK(sxt::port(a) == 22);

    // Python IDNA-encodes non-ASCII names: fullwidth "ｌｏｃａｌｈｏｓｔ" maps to localhost.
    Addr wide;
    REQUIRE_SX(sx_addr_inet("\xef\xbd\x8c\xef\xbd\x8f\xef\xbd\x83\xef\xbd\x81\xef\xbd\x8c\xef\xbd\x88\xef\xbd\x8f\xef"
                            "\xbd\x93\xef\xbd\x94",
                            22, wide.out()));
    CHECK(sxt::equal(a, wide) == 1);
}

TEST_CASE("addr: sx_addr_inet reports malformed hosts as resolver errors, as Python's gaierror", "[addr]")
{
    // python3 gives gaierror EAI_NONAME (-2) for every one of these.
    for (const char *bad : {"0.1.1.~1", "1.2.3.4.5", "::1::2", "256.0.0.1", " 1.2.3.4", "1.2.3.4 junk", "127.0.0.1%lo",
                            "nonexistent.invalid"}) {
        INFO(bad);
        sx_addr out = 12345;
        int32_t rc = sx_addr_inet(bad, 80, &out);
        INFO(sx_error_name(rc) << " " << sxt::detail());
        CHECK(sxt::is_lookup_failure(rc));
        CHECK(out == 0);
    }
}

TEST_CASE("addr: sx_addr_inet refuses an IPv6 literal with SX_EAI_ADDRFAMILY", "[addr]")
{
    // python3: gaierror(-9, 'Address family for hostname not supported').
    REQUIRE_CODE(sx_addr_inet("::1", 80, Addr().out()), SX_EAI_ADDRFAMILY);
}

TEST_CASE("addr: sx_addr_inet reports a name IDNA cannot encode as SX_EAI_IDN_ENCODE", "[addr]")
{
    // A 70-character label is longer than DNS allows; python3 raises TypeError
    // "encoding of hostname failed", glibc's AI_IDN reports EAI_IDN_ENCODE.
    std::string label;
    for (int i = 0; i < 70; i++)
        label += "\xc3\xa9"; // é
    sx_addr out = 12345;
    REQUIRE_CODE(sx_addr_inet(label.c_str(), 80, &out), SX_EAI_IDN_ENCODE);
    CHECK(out == 0);
}

TEST_CASE("addr: sx_addr_inet addresses are distinct handles that compare by content", "[addr]")
{
    Addr a, b, c;
    REQUIRE_SX(sx_addr_inet("10.1.2.3", 80, a.out()));
    REQUIRE_SX(sx_addr_inet("10.1.2.3", 80, b.out()));
    REQUIRE_SX(sx_addr_inet("10.1.2.3", 81, c.out()));
    CHECK(a.h != b.h);
    CHECK(sxt::equal(a, b) == 1);
    CHECK(sxt::equal(a, a) == 1);
    CHECK(sxt::equal(a, c) == 0);
}

TEST_CASE("addr: AF_INET addresses have no flowinfo, scope id or unix path", "[addr]")
{
    Addr a;
    REQUIRE_SX(sx_addr_inet("127.0.0.1", 80, a.out()));
    uint32_t v = 0;
    REQUIRE_CODE(sx_addr_flowinfo(a, &v), SX_EARG);
    REQUIRE_CODE(sx_addr_scope_id(a, &v), SX_EARG);
    char buf[16];
    size_t len = 0;
    REQUIRE_CODE(sx_addr_unix_path(a, buf, sizeof buf, &len), SX_EARG);
}
