// SPDX-License-Identifier: MIT
// Raw sockaddr bytes in and out (sx_addr_from_sockaddr, sx_addr_to_sockaddr), for known
// families and for families the library has no codec for, which stay raw bytes.
#include "addr_helpers.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using sxt::Addr;

namespace {

std::string bytes_of(const void *p, size_t n)
{
    return std::string(static_cast<const char *>(p), n);
}

// An AF_APPLETALK sockaddr: a family this library has no codec for.
struct appletalk {
    sa_family_t family = AF_APPLETALK;
    unsigned char data[14] = {0x00, 0x01, 0x02, 0xab, 0xcd, 0xef, 0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0xff};
};

} // namespace

TEST_CASE("addr: sx_addr_from_sockaddr round-trips a sockaddr_in", "[addr]")
{
    struct sockaddr_in sin;
    std::memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_port = htons(4242);
    sin.sin_addr.s_addr = htonl(0x0a000001);
    Addr a, built;
    REQUIRE_SX(sx_addr_from_sockaddr(&sin, sizeof sin, a.out()));
    CHECK(sxt::raw(a) == bytes_of(&sin, sizeof sin));
    CHECK(sxt::text(a) == "10.0.0.1:4242");
    REQUIRE_SX(sx_addr_inet("10.0.0.1", 4242, built.out()));
    CHECK(sxt::equal(a, built) == 1);
}

TEST_CASE("addr: sx_addr_from_sockaddr round-trips a sockaddr_in6 with flowinfo and scope", "[addr]")
{
    struct sockaddr_in6 sin6;
    std::memset(&sin6, 0, sizeof sin6);
    sin6.sin6_family = AF_INET6;
    sin6.sin6_port = htons(443);
    sin6.sin6_flowinfo = htonl(0xABCDE);
    sin6.sin6_scope_id = 4000000001u;
    REQUIRE(inet_pton(AF_INET6, "fe80::1:2", &sin6.sin6_addr) == 1);
    Addr a, built;
    REQUIRE_SX(sx_addr_from_sockaddr(&sin6, sizeof sin6, a.out()));
    CHECK(sxt::raw(a) == bytes_of(&sin6, sizeof sin6));
    CHECK(sxt::text(a) == "[fe80::1:2%4000000001]:443");
    REQUIRE_SX(sx_addr_inet6("fe80::1:2", 443, 0xABCDE, 4000000001u, built.out()));
    CHECK(sxt::equal(a, built) == 1);
}

TEST_CASE("addr: sx_addr_from_sockaddr keeps an unknown family as raw bytes", "[addr]")
{
    appletalk at;
    Addr a;
    REQUIRE_SX(sx_addr_from_sockaddr(&at, sizeof at, a.out()));
    CHECK(sxt::family(a) == AF_APPLETALK);
    CHECK(sxt::raw(a) == bytes_of(&at, sizeof at));
    CHECK(sxt::text(a) == "family=5:000102abcdef10203040506070ff");

    // It has none of the INET or UNIX fields.
    char buf[64];
    size_t len = 0;
    int32_t port = 0;
    uint32_t v = 0;
    REQUIRE_CODE(sx_addr_host(a, buf, sizeof buf, &len), SX_EARG);
    REQUIRE_CODE(sx_addr_port(a, &port), SX_EARG);
    REQUIRE_CODE(sx_addr_flowinfo(a, &v), SX_EARG);
    REQUIRE_CODE(sx_addr_scope_id(a, &v), SX_EARG);
    REQUIRE_CODE(sx_addr_unix_path(a, buf, sizeof buf, &len), SX_EARG);

    Addr family_only;
    REQUIRE_SX(sx_addr_from_sockaddr(&at, sizeof(sa_family_t), family_only.out()));
    CHECK(sxt::text(family_only) == "family=5:");
    CHECK(sxt::equal(a, family_only) == 0);
}

TEST_CASE("addr: sx_addr_from_sockaddr takes lengths 2 to 128 and refuses others with SX_EARG", "[addr]")
{
    unsigned char big[200];
    std::memset(big, 0x5a, sizeof big);
    sa_family_t fam = AF_APPLETALK;
    std::memcpy(big, &fam, sizeof fam);

    Addr longest;
    REQUIRE_SX(sx_addr_from_sockaddr(big, sizeof(struct sockaddr_storage), longest.out()));
    CHECK(sxt::raw(longest).size() == 128);
    std::string hex;
    for (int i = 0; i < 126; i++)
        hex += "5a";
    CHECK(sxt::text(longest) == "family=5:" + hex);

    for (size_t bad : {size_t{0}, size_t{1}, sizeof(struct sockaddr_storage) + 1, size_t{4096}}) {
        INFO("len " << bad);
        sx_addr out = 12345;
        REQUIRE_CODE(sx_addr_from_sockaddr(big, bad, &out), SX_EARG);
        CHECK(out == 0);
    }
    sx_addr out = 12345;
    REQUIRE_CODE(sx_addr_from_sockaddr(nullptr, 16, &out), SX_EARG);
    CHECK(out == 0);
    REQUIRE_CODE(sx_addr_from_sockaddr(big, 16, nullptr), SX_EARG);
}

TEST_CASE("addr: sx_addr_from_sockaddr refuses AF_INET and AF_INET6 shorter than their structs", "[addr]")
{
    struct sockaddr_in6 sin6;
    std::memset(&sin6, 0, sizeof sin6);
    sin6.sin6_family = AF_INET6;
    REQUIRE_CODE(sx_addr_from_sockaddr(&sin6, sizeof sin6 - 1, Addr().out()), SX_EARG);
    struct sockaddr_in sin;
    std::memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    REQUIRE_CODE(sx_addr_from_sockaddr(&sin, sizeof sin - 1, Addr().out()), SX_EARG);
    REQUIRE_CODE(sx_addr_from_sockaddr(&sin, sizeof(sa_family_t), Addr().out()), SX_EARG);
}

TEST_CASE("addr: sx_addr_from_sockaddr keeps longer INET sockaddrs byte for byte", "[addr]")
{
    // A C caller passing sizeof(struct sockaddr_storage): the bytes are kept as given, so the
    // address is not equal to the 16-byte one, but its fields read the same.
    struct sockaddr_storage ss;
    std::memset(&ss, 0, sizeof ss);
    auto *sin = reinterpret_cast<struct sockaddr_in *>(&ss);
    sin->sin_family = AF_INET;
    sin->sin_port = htons(80);
    sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    Addr wide, exact;
    REQUIRE_SX(sx_addr_from_sockaddr(&ss, sizeof ss, wide.out()));
    REQUIRE_SX(sx_addr_from_sockaddr(&ss, sizeof(struct sockaddr_in), exact.out()));
    CHECK(sxt::raw(wide).size() == sizeof ss);
    CHECK(sxt::text(wide) == "127.0.0.1:80");
    CHECK(sxt::port(wide) == 80);
    CHECK(sxt::equal(wide, exact) == 0);
}

TEST_CASE("addr: sx_addr_from_sockaddr reads an unaligned buffer", "[addr]")
{
    struct sockaddr_in sin;
    std::memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_port = htons(1);
    alignas(8) unsigned char buf[sizeof sin + 1];
    std::memcpy(buf + 1, &sin, sizeof sin);
    Addr a;
    REQUIRE_SX(sx_addr_from_sockaddr(buf + 1, sizeof sin, a.out()));
    CHECK(sxt::text(a) == "0.0.0.0:1");
}

TEST_CASE("addr: sx_addr_to_sockaddr follows the buffer convention", "[addr]")
{
    Addr a;
    REQUIRE_SX(sx_addr_inet("127.0.0.1", 80, a.out()));
    unsigned char buf[sizeof(struct sockaddr_in)];
    std::memset(buf, 0xee, sizeof buf);
    size_t len = 0;

    REQUIRE_CODE(sx_addr_to_sockaddr(a, nullptr, 0, &len), SX_ETRUNC);
    CHECK(len == sizeof(struct sockaddr_in));
    len = 0;
    REQUIRE_CODE(sx_addr_to_sockaddr(a, buf, sizeof buf - 1, &len), SX_ETRUNC);
    CHECK(len == sizeof(struct sockaddr_in));
    CHECK(buf[0] == 0xee); // untouched
    REQUIRE_CODE(sx_addr_to_sockaddr(a, nullptr, sizeof buf, &len), SX_EARG);
    REQUIRE_CODE(sx_addr_to_sockaddr(a, buf, sizeof buf, nullptr), SX_EARG);
    REQUIRE_SX(sx_addr_to_sockaddr(a, buf, sizeof buf, &len)); // exact fit: bytes, no NUL
    CHECK(len == sizeof(struct sockaddr_in));
    CHECK(buf[0] != 0xee);
}

TEST_CASE("addr: Kernel addresses: an AF_INET socket's name comes back through sx_addr_from_sockaddr", "[addr]")
{
    Addr want;
    REQUIRE_SX(sx_addr_inet("127.0.0.1", 0, want.out()));
    struct sockaddr_storage ss;
    size_t len = 0;
    REQUIRE_SX(sx_addr_to_sockaddr(want, &ss, sizeof ss, &len));
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd >= 0);
    int rc = bind(fd, reinterpret_cast<struct sockaddr *>(&ss), static_cast<socklen_t>(len));
    int e = errno;
    socklen_t sslen = sizeof ss;
    int grc = getsockname(fd, reinterpret_cast<struct sockaddr *>(&ss), &sslen);
    close(fd);
    INFO("bind errno " << e);
    REQUIRE(rc == 0);
    REQUIRE(grc == 0);
    Addr got;
    REQUIRE_SX(sx_addr_from_sockaddr(&ss, sslen, got.out()));
    CHECK(sxt::host(got) == "127.0.0.1");
    CHECK(sxt::port(got) > 0);
    CHECK(sxt::text(got) == "127.0.0.1:" + std::to_string(sxt::port(got)));
}
