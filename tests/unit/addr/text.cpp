// SPDX-License-Identifier: MIT
// Strings out: sx_addr_to_string and sx_addr_host under the (buf, cap, len_out) convention.
#include "addr_helpers.hpp"

#include <cstring>
#include <sys/socket.h>

using sxt::Addr;

TEST_CASE("addr: sx_addr_to_string needs room for the NUL and reports the length without it", "[addr]")
{
    Addr a;
    REQUIRE_SX(sx_addr_inet("10.20.30.40", 5000, a.out()));
    const std::string want = "10.20.30.40:5000";
    char buf[64];
    std::memset(buf, '#', sizeof buf);
    size_t len = 0;

    REQUIRE_CODE(sx_addr_to_string(a, nullptr, 0, &len), SX_ETRUNC); // the size query
    CHECK(len == want.size());
    len = 0;
    REQUIRE_CODE(sx_addr_to_string(a, buf, want.size(), &len), SX_ETRUNC); // no room for the NUL
    CHECK(len == want.size());
    CHECK(buf[0] == '#'); // untouched
    REQUIRE_SX(sx_addr_to_string(a, buf, want.size() + 1, &len));
    CHECK(len == want.size());
    CHECK(std::string(buf) == want);

    REQUIRE_CODE(sx_addr_to_string(a, buf, sizeof buf, nullptr), SX_EARG);
    REQUIRE_CODE(sx_addr_to_string(a, nullptr, 8, &len), SX_EARG);
}

TEST_CASE("addr: sx_addr_host copies the numeric host, NUL-terminated", "[addr]")
{
    Addr a;
    REQUIRE_SX(sx_addr_inet6("2001:db8::42", 1, 0, 0, a.out()));
    char buf[32];
    std::memset(buf, '#', sizeof buf);
    size_t len = 0;
    REQUIRE_CODE(sx_addr_host(a, nullptr, 0, &len), SX_ETRUNC);
    CHECK(len == 12);
    REQUIRE_CODE(sx_addr_host(a, buf, 12, &len), SX_ETRUNC);
    CHECK(buf[0] == '#');
    REQUIRE_SX(sx_addr_host(a, buf, 13, &len));
    CHECK(std::string(buf) == "2001:db8::42");
    REQUIRE_CODE(sx_addr_host(a, buf, sizeof buf, nullptr), SX_EARG);
    REQUIRE_CODE(sx_addr_host(a, nullptr, 13, &len), SX_EARG);
}

TEST_CASE("addr: The text forms of each family", "[addr]")
{
    struct {
        const char *name;
        int32_t (*make)(sx_addr *);
        const char *text;
    } cases[] = {
        {"inet", [](sx_addr *o) { return sx_addr_inet("192.0.2.1", 80, o); }, "192.0.2.1:80"},
        {"inet any", [](sx_addr *o) { return sx_addr_inet("", 0, o); }, "0.0.0.0:0"},
        {"inet6", [](sx_addr *o) { return sx_addr_inet6("2001:db8::1", 8080, 7, 0, o); }, "[2001:db8::1]:8080"},
        {"inet6 any", [](sx_addr *o) { return sx_addr_inet6("", 0, 0, 0, o); }, "[::]:0"},
        {"inet6 full",
         [](sx_addr *o) { return sx_addr_inet6("1111:2222:3333:4444:5555:6666:7777:8888", 65535, 0, 0, o); },
         "[1111:2222:3333:4444:5555:6666:7777:8888]:65535"},
        {"unix path", [](sx_addr *o) { return sx_addr_unix("/run/x.sock", o); }, "/run/x.sock"},
        {"unix abstract", [](sx_addr *o) { return sx_addr_unix_bytes("\0name", 5, o); }, "@name"},
        {"unix unnamed", [](sx_addr *o) { return sx_addr_unix("", o); }, ""},
    };
    for (auto &c : cases) {
        INFO(c.name);
        Addr a;
        REQUIRE_SX(c.make(a.out()));
        CHECK(sxt::text(a) == c.text);
    }
}

TEST_CASE("addr: The longest text form fits", "[addr]")
{
    // An abstract name filling a whole sockaddr_storage with bytes that all need \xHH.
    unsigned char sa[sizeof(struct sockaddr_storage)];
    std::memset(sa, 0xff, sizeof sa);
    sa_family_t fam = AF_UNIX;
    std::memcpy(sa, &fam, sizeof fam);
    sa[sizeof fam] = 0;
    Addr a;
    REQUIRE_SX(sx_addr_from_sockaddr(sa, sizeof sa, a.out()));
    std::string want = "@";
    for (size_t i = 0; i < sizeof sa - sizeof fam - 1; i++)
        want += "\\xff";
    CHECK(sxt::text(a) == want);
    CHECK(sxt::unix_path(a).size() == sizeof sa - sizeof fam);
}
