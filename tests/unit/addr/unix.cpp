// SPDX-License-Identifier: MIT
// AF_UNIX addresses: paths, abstract names and the unnamed address, their lengths and
// forms, checked against the kernel with plain bind(2)/getsockname(2).
#include "addr_helpers.hpp"

#include <cerrno>
#include <cstddef>
#include <cstring>
#include <string>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

using sxt::Addr;
using namespace std::string_literals;

namespace {

const size_t base = offsetof(struct sockaddr_un, sun_path);

// The address the kernel reports for a socket bound to a's sockaddr (empty on failure).
std::string kernel_name_after_bind(sx_addr a, sx_addr *bound_out)
{
    // Zeroed: valgrind reads sun_path up to a NUL even when the length says it is empty.
    char sa[sizeof(struct sockaddr_storage)] = {};
    size_t len = 0;
    REQUIRE_SX(sx_addr_to_sockaddr(a, sa, sizeof sa, &len));
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd >= 0);
    int rc = bind(fd, reinterpret_cast<struct sockaddr *>(sa), static_cast<socklen_t>(len));
    int bind_errno = errno;
    struct sockaddr_storage ss;
    socklen_t sslen = sizeof ss;
    int grc = getsockname(fd, reinterpret_cast<struct sockaddr *>(&ss), &sslen);
    close(fd);
    INFO("bind errno " << bind_errno);
    REQUIRE(rc == 0);
    REQUIRE(grc == 0);
    REQUIRE_SX(sx_addr_from_sockaddr(&ss, sslen, bound_out));
    return std::string(reinterpret_cast<const char *>(&ss), sslen);
}

std::string temp_socket_path()
{
    return "/tmp/sx-addr-test-" + std::to_string(getpid()) + ".sock";
}

} // namespace

TEST_CASE("addr: sx_addr_unix makes a path address whose length counts the terminator", "[addr]")
{
    Addr a;
    REQUIRE_SX(sx_addr_unix("/run/x.sock", a.out()));
    CHECK(sxt::family(a) == AF_UNIX);
    CHECK(sxt::unix_path(a) == "/run/x.sock");
    CHECK(sxt::text(a) == "/run/x.sock");
    std::string raw = sxt::raw(a);
    REQUIRE(raw.size() == base + 11 + 1);
    CHECK(raw.substr(base) == "/run/x.sock\0"s);
}

TEST_CASE("addr: sx_addr_unix takes paths of up to 107 bytes and refuses 108 with SX_EARG", "[addr]")
{
    std::string ok(107, 'p');
    Addr a;
    REQUIRE_SX(sx_addr_unix(ok.c_str(), a.out()));
    CHECK(sxt::unix_path(a) == ok);
    CHECK(sxt::raw(a).size() == sizeof(struct sockaddr_un));

    std::string too_long(108, 'p');
    sx_addr out = 12345;
    REQUIRE_CODE(sx_addr_unix(too_long.c_str(), &out), SX_EARG);
    CHECK(out == 0);
    CHECK(sxt::detail() == "AF_UNIX path too long: 108 bytes, limit 107");
    REQUIRE_CODE(sx_addr_unix_bytes(too_long.data(), too_long.size(), &out), SX_EARG);
    CHECK(sxt::detail().find("AF_UNIX path too long") == 0);
}

TEST_CASE("addr: sx_addr_unix(\"\") and zero bytes make the unnamed address", "[addr]")
{
    Addr from_str, from_bytes, from_null;
    REQUIRE_SX(sx_addr_unix("", from_str.out()));
    REQUIRE_SX(sx_addr_unix_bytes("", 0, from_bytes.out()));
    REQUIRE_SX(sx_addr_unix_bytes(nullptr, 0, from_null.out()));
    CHECK(sxt::raw(from_str).size() == sizeof(sa_family_t));
    CHECK(sxt::unix_path(from_str) == "");
    CHECK(sxt::text(from_str) == "");
    CHECK(sxt::equal(from_str, from_bytes) == 1);
    CHECK(sxt::equal(from_str, from_null) == 1);
}

TEST_CASE("addr: sx_addr_unix and sx_addr_unix_bytes refuse NULL pointers with SX_EARG", "[addr]")
{
    sx_addr out = 12345;
    REQUIRE_CODE(sx_addr_unix(nullptr, &out), SX_EARG);
    CHECK(out == 0);
    REQUIRE_CODE(sx_addr_unix("/x", nullptr), SX_EARG);
    out = 12345;
    REQUIRE_CODE(sx_addr_unix_bytes(nullptr, 1, &out), SX_EARG);
    CHECK(out == 0);
    REQUIRE_CODE(sx_addr_unix_bytes("/x", 2, nullptr), SX_EARG);
}

TEST_CASE("addr: sx_addr_unix_bytes makes abstract names of exact length, up to 108 bytes", "[addr]")
{
    Addr a;
    std::string name = "\0abc"s;
    REQUIRE_SX(sx_addr_unix_bytes(name.data(), name.size(), a.out()));
    CHECK(sxt::raw(a).size() == base + 4); // no terminator
    CHECK(sxt::unix_path(a) == name);
    CHECK(sxt::text(a) == "@abc");

    std::string longest = "\0"s + std::string(107, 'n');
    Addr l;
    REQUIRE_SX(sx_addr_unix_bytes(longest.data(), longest.size(), l.out()));
    CHECK(sxt::raw(l).size() == sizeof(struct sockaddr_un));
    CHECK(sxt::unix_path(l) == longest);

    std::string too_long = "\0"s + std::string(108, 'n');
    sx_addr out = 12345;
    REQUIRE_CODE(sx_addr_unix_bytes(too_long.data(), too_long.size(), &out), SX_EARG);
    CHECK(out == 0);
    CHECK(sxt::detail().find("AF_UNIX path too long: 109 bytes, limit 108") == 0);
}

TEST_CASE("addr: Abstract names keep later NULs, and their text escapes bytes outside printable ASCII", "[addr]")
{
    Addr a;
    std::string name = "\0a\0b\xff\\ ~\n"s;
    REQUIRE_SX(sx_addr_unix_bytes(name.data(), name.size(), a.out()));
    CHECK(sxt::unix_path(a) == name);
    CHECK(sxt::text(a) == "@a\\x00b\\xff\\x5c ~\\x0a");

    Addr empty_abstract;
    REQUIRE_SX(sx_addr_unix_bytes("", 1, empty_abstract.out())); // just the NUL
    CHECK(sxt::raw(empty_abstract).size() == base + 1);
    CHECK(sxt::unix_path(empty_abstract) == "\0"s);
    CHECK(sxt::text(empty_abstract) == "@");
}

TEST_CASE("addr: A path given as bytes ends at its first NUL, as the kernel reads it", "[addr]")
{
    Addr a;
    std::string name = "ab\0cd"s;
    REQUIRE_SX(sx_addr_unix_bytes(name.data(), name.size(), a.out()));
    CHECK(sxt::raw(a).size() == base + 5 + 1); // the bytes go through, as in Python
    CHECK(sxt::unix_path(a) == "ab");
    CHECK(sxt::text(a) == "ab");

    Addr s, b;
    REQUIRE_SX(sx_addr_unix("/a/b", s.out()));
    REQUIRE_SX(sx_addr_unix_bytes("/a/b", 4, b.out()));
    CHECK(sxt::equal(s, b) == 1);

    std::string ok(107, 'q');
    Addr longest;
    REQUIRE_SX(sx_addr_unix_bytes(ok.data(), ok.size(), longest.out()));
    CHECK(sxt::unix_path(longest) == ok);
}

TEST_CASE("addr: The kernel accepts AF_UNIX addresses and gives them back equal", "[addr]")
{
    SECTION("a path")
    {
        std::string path = temp_socket_path();
        unlink(path.c_str());
        Addr a, bound;
        REQUIRE_SX(sx_addr_unix(path.c_str(), a.out()));
        kernel_name_after_bind(a, bound.out());
        unlink(path.c_str());
        CHECK(sxt::equal(a, bound) == 1);
        CHECK(sxt::unix_path(bound) == path);
    }
    SECTION("a 108-byte abstract name")
    {
        std::string name = "\0"s + std::string(107, 'z');
        name.replace(1, std::to_string(getpid()).size(), std::to_string(getpid()));
        Addr a, bound;
        REQUIRE_SX(sx_addr_unix_bytes(name.data(), name.size(), a.out()));
        kernel_name_after_bind(a, bound.out());
        CHECK(sxt::equal(a, bound) == 1);
        CHECK(sxt::unix_path(bound) == name);
    }
    SECTION("the unnamed address autobinds to NUL and 5 hex digits")
    {
        Addr a, bound;
        REQUIRE_SX(sx_addr_unix("", a.out()));
        std::string kernel = kernel_name_after_bind(a, bound.out());
        CHECK(kernel.size() == base + 6);
        std::string name = sxt::unix_path(bound);
        REQUIRE(name.size() == 6);
        CHECK(name[0] == '\0');
        CHECK(name.find_first_not_of("0123456789abcdef", 1) == std::string::npos);
        CHECK(sxt::text(bound) == "@" + name.substr(1));
    }
}

TEST_CASE("addr: An unbound AF_UNIX socket's name reads as the unnamed address", "[addr]")
{
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd >= 0);
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    int rc = getsockname(fd, reinterpret_cast<struct sockaddr *>(&ss), &len);
    close(fd);
    REQUIRE(rc == 0);
    Addr a;
    REQUIRE_SX(sx_addr_from_sockaddr(&ss, len, a.out()));
    CHECK(sxt::family(a) == AF_UNIX);
    CHECK(sxt::unix_path(a) == "");
    CHECK(sxt::text(a) == "");
}

TEST_CASE("addr: sx_addr_unix_path copies binary names exactly and reports SX_ETRUNC with the need", "[addr]")
{
    Addr a;
    std::string name = "\0xyz"s;
    REQUIRE_SX(sx_addr_unix_bytes(name.data(), name.size(), a.out()));
    char buf[8];
    std::memset(buf, '#', sizeof buf);
    size_t len = 0;
    REQUIRE_CODE(sx_addr_unix_path(a, buf, 3, &len), SX_ETRUNC);
    CHECK(len == 4);
    CHECK(buf[0] == '#'); // untouched
    REQUIRE_CODE(sx_addr_unix_path(a, nullptr, 0, &len), SX_ETRUNC);
    CHECK(len == 4);
    REQUIRE_SX(sx_addr_unix_path(a, buf, 4, &len)); // binary: no room for a NUL needed
    CHECK(std::string(buf, len) == name);
    CHECK(buf[4] == '#');
    REQUIRE_CODE(sx_addr_unix_path(a, buf, sizeof buf, nullptr), SX_EARG);
    REQUIRE_CODE(sx_addr_unix_path(a, nullptr, 4, &len), SX_EARG);

    Addr unnamed;
    REQUIRE_SX(sx_addr_unix("", unnamed.out()));
    REQUIRE_SX(sx_addr_unix_path(unnamed, nullptr, 0, &len));
    CHECK(len == 0);
}
