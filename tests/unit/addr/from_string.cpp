// SPDX-License-Identifier: MIT
// sx_addr_from_string for AF_INET, AF_INET6 and AF_UNIX: the inverse of sx_addr_to_string,
// checked over many addresses (every byte value in abstract names, zones, port limits,
// addresses the kernel returns) and against the forms it must refuse.
#include "addr_helpers.hpp"

#include <cstddef>
#include <cstdio>
#include <cstring>
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <string>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

using sxt::Addr;
using namespace std::string_literals;

namespace {

// to_string, then from_string with the family named, gives the same bytes and the same text.
void check_reads_back(sx_addr a, int32_t family)
{
    std::string text = sxt::text(a);
    INFO("text '" << text << "'");
    Addr back;
    REQUIRE_SX(sx_addr_from_string(family, text.c_str(), back.out()));
    CHECK(sxt::equal(a, back) == 1);
    CHECK(sxt::text(back) == text);
}

// A small deterministic generator: the same addresses on every run.
struct Lcg {
    uint32_t state;
    uint32_t next() { return state = state * 1664525u + 1013904223u; }
};

struct Reject {
    const char *text;
    int32_t rc;
};

void check_rejects(int32_t family, const Reject *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        INFO("'" << cases[i].text << "' family " << family);
        sx_addr out = 77;
        REQUIRE_CODE(sx_addr_from_string(family, cases[i].text, &out), cases[i].rc);
        CHECK(out == 0);
        CHECK(!sxt::detail().empty());
    }
}

std::string abstract_name_of(sx_addr a)
{
    return sxt::unix_path(a);
}

} // namespace

TEST_CASE("from_string: AF_INET addresses read back, ports 0 to 65535", "[addr][from_string]")
{
    Lcg g{1};
    for (int i = 0; i < 500; i++) {
        uint32_t ip = g.next();
        int32_t port = i == 0 ? 0 : i == 1 ? 65535 : static_cast<int32_t>(g.next() % 65536);
        char host[16];
        std::snprintf(host, sizeof host, "%u.%u.%u.%u", ip >> 24, (ip >> 16) & 255, (ip >> 8) & 255, ip & 255);
        Addr a;
        REQUIRE_SX(sx_addr_inet(host, port, a.out()));
        check_reads_back(a, SX_AF_INET);
    }
    Addr a;
    REQUIRE_SX(sx_addr_from_string(SX_AF_INET, "192.0.2.7:8080", a.out()));
    CHECK(sxt::host(a) == "192.0.2.7");
    CHECK(sxt::port(a) == 8080);
    CHECK(sxt::raw(a).size() == sizeof(struct sockaddr_in));
}

TEST_CASE("from_string: AF_INET refuses names, legacy forms and bad ports", "[addr][from_string]")
{
    const Reject cases[] = {
        {"", SX_EARG},
        {"127.0.0.1", SX_EARG},
        {"127.0.0.1:", SX_EARG},
        {"127.0.0.1:80x", SX_EARG},
        {"127.0.0.1:-1", SX_EARG},
        {"127.0.0.1:65536", SX_EOUTOFRANGE},
        {"127.0.0.1:99999999999999999999999", SX_EOUTOFRANGE},
        {"127.1:80", SX_EARG},        // legacy form: only a dotted quad
        {"0x7f.0.0.1:80", SX_EARG},
        {"localhost:80", SX_EARG},    // names are never resolved here
        {" 127.0.0.1:80", SX_EARG},
        {"256.0.0.1:80", SX_EARG},
        {"[127.0.0.1]:80", SX_EARG},
        {"[::1]:80", SX_EARG},        // another family's form, named as AF_INET
        {"0.0.0.0:1:2", SX_EARG},
    };
    check_rejects(SX_AF_INET, cases, sizeof cases / sizeof cases[0]);
}

TEST_CASE("from_string: AF_INET6 addresses read back, with and without zones", "[addr][from_string]")
{
    Lcg g{2};
    uint32_t lo = if_nametoindex("lo");
    REQUIRE(lo != 0);
    for (int i = 0; i < 500; i++) {
        unsigned char bytes[16];
        for (int j = 0; j < 16; j += 4) {
            uint32_t v = g.next();
            std::memcpy(bytes + j, &v, 4);
        }
        if (i % 5 == 1) // runs of zeros, which inet_ntop writes as "::"
            std::memset(bytes + 4, 0, 8);
        if (i % 5 == 2) { // IPv4-mapped
            std::memset(bytes, 0, 10);
            bytes[10] = bytes[11] = 0xff;
        }
        char host[64];
        inet_ntop(AF_INET6, bytes, host, sizeof host);
        // No zone, lo's (shown by name), and an index no interface has (shown as a number).
        uint32_t scope = i % 3 == 0 ? 0 : i % 3 == 1 ? lo : 4000000000u - static_cast<uint32_t>(i);
        int32_t port = static_cast<int32_t>(g.next() % 65536);
        Addr a;
        INFO("host " << host << " scope " << scope);
        REQUIRE_SX(sx_addr_inet6(host, port, 0, scope, a.out()));
        check_reads_back(a, SX_AF_INET6);
    }
}

TEST_CASE("from_string: AF_INET6 zones follow the rule of addr.h", "[addr][from_string]")
{
    uint32_t lo = if_nametoindex("lo");
    Addr by_name, by_number, unzoned;
    REQUIRE_SX(sx_addr_from_string(SX_AF_INET6, "[fe80::1%lo]:5", by_name.out()));
    std::string number = "[fe80::1%" + std::to_string(lo) + "]:5";
    REQUIRE_SX(sx_addr_from_string(SX_AF_INET6, number.c_str(), by_number.out()));
    CHECK(sxt::equal(by_name, by_number) == 1);
    CHECK(sxt::text(by_number) == "[fe80::1%lo]:5"); // shown by name when it has one
    uint32_t scope = 0;
    REQUIRE_SX(sx_addr_scope_id(by_name, &scope));
    CHECK(scope == lo);
    // Any literal may carry a zone, not only link-local ones.
    Addr global;
    REQUIRE_SX(sx_addr_from_string(SX_AF_INET6, "[2001:db8::1%4294967295]:0", global.out()));
    REQUIRE_SX(sx_addr_scope_id(global, &scope));
    CHECK(scope == 4294967295u);
    REQUIRE_SX(sx_addr_from_string(SX_AF_INET6, "[::]:65535", unzoned.out()));
    REQUIRE_SX(sx_addr_scope_id(unzoned, &scope));
    CHECK(scope == 0);
    CHECK(sxt::port(unzoned) == 65535);
}

TEST_CASE("from_string: flowinfo is not in the text, so it reads back as 0", "[addr][from_string]")
{
    Addr a, back;
    REQUIRE_SX(sx_addr_inet6("2001:db8::2", 9, 0x12345, 0, a.out()));
    REQUIRE_SX(sx_addr_from_string(SX_AF_INET6, sxt::text(a).c_str(), back.out()));
    uint32_t flow = 1;
    REQUIRE_SX(sx_addr_flowinfo(back, &flow));
    CHECK(flow == 0);
    CHECK(sxt::text(back) == sxt::text(a));
}

TEST_CASE("from_string: AF_INET6 refuses what is not its form", "[addr][from_string]")
{
    const Reject cases[] = {
        {"", SX_EARG},
        {"::1:80", SX_EARG},
        {"[::1]", SX_EARG},
        {"[::1]:", SX_EARG},
        {"[::1]80", SX_EARG},
        {"[::1]:65536", SX_EOUTOFRANGE},
        {"[::1]:1x", SX_EARG},
        {"[::1:80", SX_EARG},
        {"[1.2.3.4]:80", SX_EARG},
        {"[localhost]:80", SX_EARG},
        {"[]:80", SX_EARG},
        {"[fe80::1%sx-no-such-if]:1", SX_ENOTFOUND},
        {"[fe80::1%]:1", SX_ENOTFOUND},
        {"[fe80::1%4294967296]:1", SX_ENOTFOUND},
        {"[fe80::1%lo%lo]:1", SX_ENOTFOUND},
        {"[fe80::g%lo]:1", SX_EARG},
        {"[fe80::1%lo]:1 ", SX_EARG},
        {"1.2.3.4:80", SX_EARG}, // another family's form, named as AF_INET6
        {"[0123456789012345678901234567890123456789012345678901234567890123456789]:1", SX_EARG},
    };
    check_rejects(SX_AF_INET6, cases, sizeof cases / sizeof cases[0]);
}

TEST_CASE("from_string: AF_UNIX paths, the unnamed address and abstract names read back", "[addr][from_string]")
{
    for (const char *path : {"/run/x.sock", "relative", "/tmp/with space", "/tmp/back\\slash", "/tmp/\x01\x7f\xff"}) {
        Addr a;
        REQUIRE_SX(sx_addr_unix(path, a.out()));
        check_reads_back(a, SX_AF_UNIX);
    }
    std::string longest(107, 'p');
    Addr path107, unnamed;
    REQUIRE_SX(sx_addr_unix(longest.c_str(), path107.out()));
    check_reads_back(path107, SX_AF_UNIX);
    REQUIRE_SX(sx_addr_unix("", unnamed.out()));
    check_reads_back(unnamed, SX_AF_UNIX);
    CHECK(sxt::raw(unnamed).size() == sizeof(sa_family_t));

    Addr abs;
    REQUIRE_SX(sx_addr_from_string(SX_AF_UNIX, "@sx\\x00name\\x5c", abs.out()));
    CHECK(abstract_name_of(abs) == "\0sx\0name\\"s);
}

TEST_CASE("from_string: abstract names with every byte value read back", "[addr][from_string]")
{
    // Each byte alone, between two others, and at either end of a name.
    for (int b = 0; b < 256; b++) {
        const char c = static_cast<char>(b);
        for (const std::string &name : {"\0a"s + c + "z", "\0"s + c, "\0xyz"s + c}) {
            INFO("byte " << b);
            Addr a;
            REQUIRE_SX(sx_addr_unix_bytes(name.data(), name.size(), a.out()));
            check_reads_back(a, SX_AF_UNIX);
        }
    }
    // All 256 values in names of the longest length (107 bytes after the leading NUL).
    for (int start = 0; start < 256; start += 107) {
        std::string name(1, '\0');
        for (int i = 0; i < 107; i++)
            name += static_cast<char>((start + i) % 256);
        Addr a;
        REQUIRE_SX(sx_addr_unix_bytes(name.data(), name.size(), a.out()));
        check_reads_back(a, SX_AF_UNIX);
    }
    // The empty abstract name: one NUL.
    Addr empty;
    REQUIRE_SX(sx_addr_unix_bytes("", 1, empty.out()));
    CHECK(sxt::text(empty) == "@");
    check_reads_back(empty, SX_AF_UNIX);
}

TEST_CASE("from_string: AF_UNIX addresses the kernel returns read back", "[addr][from_string]")
{
    // An autobound abstract name and a bound path, as getsockname reports them.
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd >= 0);
    sa_family_t family = AF_UNIX;
    REQUIRE(bind(fd, reinterpret_cast<struct sockaddr *>(&family), sizeof family) == 0);
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    REQUIRE(getsockname(fd, reinterpret_cast<struct sockaddr *>(&ss), &len) == 0);
    close(fd);
    Addr autobound;
    REQUIRE_SX(sx_addr_from_sockaddr(&ss, len, autobound.out()));
    CHECK(sxt::text(autobound).rfind("@", 0) == 0);
    check_reads_back(autobound, SX_AF_UNIX);

    std::string path = "/tmp/sx-from-string-" + std::to_string(getpid()) + ".sock";
    unlink(path.c_str());
    fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd >= 0);
    struct sockaddr_un sun = {};
    sun.sun_family = AF_UNIX;
    std::memcpy(sun.sun_path, path.c_str(), path.size());
    int brc = bind(fd, reinterpret_cast<struct sockaddr *>(&sun), sizeof sun);
    len = sizeof ss;
    int grc = getsockname(fd, reinterpret_cast<struct sockaddr *>(&ss), &len);
    close(fd);
    unlink(path.c_str());
    REQUIRE(brc == 0);
    REQUIRE(grc == 0);
    Addr bound;
    REQUIRE_SX(sx_addr_from_sockaddr(&ss, len, bound.out()));
    CHECK(sxt::text(bound) == path);
    check_reads_back(bound, SX_AF_UNIX);
}

TEST_CASE("from_string: AF_UNIX escapes are backslash-x-HH, names as long as an address holds", "[addr][from_string]")
{
    Addr upper;
    REQUIRE_SX(sx_addr_from_string(SX_AF_UNIX, "@\\x4A\\x4b", upper.out())); // either case of hex digit
    CHECK(abstract_name_of(upper) == "\0JK"s);
    CHECK(sxt::text(upper) == "@JK");

    // Names past sun_path come only from raw bytes (the constructors refuse them), but their
    // text reads back too: up to a whole sockaddr_storage, 126 bytes after sun_family.
    const size_t room = sizeof(struct sockaddr_storage) - offsetof(struct sockaddr_un, sun_path);
    std::string esc = "@";
    for (size_t i = 0; i < room - 1; i++)
        esc += "\\x01";
    Addr longest_abstract, longest_path, path_with_nul;
    REQUIRE_SX(sx_addr_from_string(SX_AF_UNIX, esc.c_str(), longest_abstract.out()));
    CHECK(sxt::raw(longest_abstract).size() == sizeof(struct sockaddr_storage));
    CHECK(sxt::text(longest_abstract) == esc);
    std::string path_room(room, 'p'), path_room_less_1(room - 1, 'p');
    REQUIRE_SX(sx_addr_from_string(SX_AF_UNIX, path_room.c_str(), longest_path.out()));
    CHECK(sxt::raw(longest_path) == "\x01\x00"s + path_room); // fills the room: no terminator
    REQUIRE_SX(sx_addr_from_string(SX_AF_UNIX, path_room_less_1.c_str(), path_with_nul.out()));
    CHECK(sxt::raw(path_with_nul) == "\x01\x00"s + path_room_less_1 + "\0"s);

    std::string raw = "\x01\x00\x00"s + std::string(room - 1, 'r');
    Addr from_raw;
    REQUIRE_SX(sx_addr_from_sockaddr(raw.data(), raw.size(), from_raw.out()));
    check_reads_back(from_raw, SX_AF_UNIX);

    std::string abstract_over = "@" + std::string(room, 'n'), path_over(room + 1, 'p');
    const Reject cases[] = {
        {"@\\", SX_EARG},
        {"@\\x", SX_EARG},
        {"@\\x4", SX_EARG},
        {"@\\xg0", SX_EARG},
        {"@\\X41", SX_EARG},
        {"@a\\y41", SX_EARG},
        {abstract_over.c_str(), SX_EARG},
        {path_over.c_str(), SX_EARG},
    };
    check_rejects(SX_AF_UNIX, cases, sizeof cases / sizeof cases[0]);
    sx_addr none = 0;
    REQUIRE_CODE(sx_addr_from_string(SX_AF_UNIX, abstract_over.c_str(), &none), SX_EARG);
    CHECK(sxt::detail().find("AF_UNIX path too long") == 0);
}

TEST_CASE("from_string: arguments and families without a text form", "[addr][from_string]")
{
    sx_addr out = 77;
    REQUIRE_CODE(sx_addr_from_string(SX_AF_INET, nullptr, &out), SX_EARG);
    CHECK(out == 0);
    REQUIRE_CODE(sx_addr_from_string(SX_AF_INET, "1.2.3.4:5", nullptr), SX_EARG);
    // The scheme-less forms need their family named.
    out = 77;
    REQUIRE_CODE(sx_addr_from_string(0, "1.2.3.4:5", &out), SX_EARG);
    CHECK(sxt::detail().find("no family's scheme") != std::string::npos);
    CHECK(out == 0);
    REQUIRE_CODE(sx_addr_from_string(0, "/run/x.sock", &out), SX_EARG);
    // A family with no codec at all.
    REQUIRE_CODE(sx_addr_from_string(SX_AF_APPLETALK, "x", &out), SX_ENOTSUP);
    REQUIRE_CODE(sx_addr_from_string(-1, "x", &out), SX_ENOTSUP);
}
