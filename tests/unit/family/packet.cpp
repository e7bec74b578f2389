// SPDX-License-Identifier: MIT
// AF_PACKET: the (ifname, proto, pkttype, hatype, addr) codec against struct sockaddr_ll,
// every field's limits, the text form both ways, malformed text and malformed raw bytes.
#include "codec_checks.hpp"

#include <arpa/inet.h>
#include <cstddef>
#include <net/if.h>
#include <netpacket/packet.h>
#include <socketx/family/packet.h>

using sxt::Addr;

namespace {

uint32_t lo_index()
{
    uint32_t idx = 0;
    REQUIRE_SX(sx_if_nametoindex("lo", &idx));
    return idx;
}

int32_t get(int32_t (*f)(sx_addr, int32_t *), sx_addr a)
{
    int32_t v = -12345;
    REQUIRE_SX(f(a, &v));
    return v;
}

std::string haddr(sx_addr a)
{
    unsigned char buf[64];
    size_t len = 0;
    REQUIRE_SX(sx_addr_packet_haddr(a, buf, sizeof buf, &len));
    return sxt::bytes_of(buf, len);
}

std::string ifname(sx_addr a)
{
    return sxt::read_out<IF_NAMESIZE>(sx_addr_packet_ifname, a);
}

// An interface index no interface has (the kernel hands them out upwards from 1).
int32_t unused_index()
{
    for (int32_t i = 1000000; i < 1000100; i++) {
        char buf[IF_NAMESIZE];
        size_t len = 0;
        if (sx_if_indextoname(static_cast<uint32_t>(i), buf, sizeof buf, &len) != 0)
            return i;
    }
    FAIL("no unused interface index found");
    return 0;
}

} // namespace

TEST_CASE("packet: struct sockaddr_ll is the layout the codec writes", "[family][packet]")
{
    STATIC_REQUIRE(sizeof(struct sockaddr_ll) == 20);
    STATIC_REQUIRE(offsetof(struct sockaddr_ll, sll_family) == 0);
    STATIC_REQUIRE(offsetof(struct sockaddr_ll, sll_protocol) == 2);
    STATIC_REQUIRE(offsetof(struct sockaddr_ll, sll_ifindex) == 4);
    STATIC_REQUIRE(offsetof(struct sockaddr_ll, sll_hatype) == 8);
    STATIC_REQUIRE(offsetof(struct sockaddr_ll, sll_pkttype) == 10);
    STATIC_REQUIRE(offsetof(struct sockaddr_ll, sll_halen) == 11);
    STATIC_REQUIRE(offsetof(struct sockaddr_ll, sll_addr) == 12);
    const unsigned char mac[8] = {0x02, 0x00, 0x5e, 0x10, 0xab, 0xff, 0x07, 0x08};
    struct {
        int32_t proto, pkttype, hatype;
        size_t halen;
    } cases[] = {
        {SX_ETH_P_ALL, SX_PACKET_HOST, SX_ARPHRD_LOOPBACK, 6},
        {0, SX_PACKET_BROADCAST, SX_ARPHRD_ETHER, 0},
        {0x88b5, SX_PACKET_MULTICAST, 0, 8},
        {65535, SX_PACKET_OTHERHOST, 65535, 1},
        {0x0800, SX_PACKET_OUTGOING, 1, 6},
        {0x86dd, SX_PACKET_LOOPBACK, 772, 7},
        {0x0806, SX_PACKET_FASTROUTE, 24, 2},
        {1, 255, 1, 6},
    };
    const uint32_t lo = lo_index();
    for (const auto &c : cases) {
        INFO("proto " << c.proto << " pkttype " << c.pkttype << " hatype " << c.hatype << " halen " << c.halen);
        Addr a;
        REQUIRE_SX(sx_addr_packet("lo", c.proto, c.pkttype, c.hatype, c.halen ? mac : nullptr, c.halen, a.out()));
        struct sockaddr_ll sll;
        std::memset(&sll, 0, sizeof sll);
        sll.sll_family = AF_PACKET;
        sll.sll_protocol = htons(static_cast<uint16_t>(c.proto)); // network order in the struct
        sll.sll_ifindex = static_cast<int>(lo);
        sll.sll_hatype = static_cast<unsigned short>(c.hatype);
        sll.sll_pkttype = static_cast<unsigned char>(c.pkttype);
        sll.sll_halen = static_cast<unsigned char>(c.halen);
        std::memcpy(sll.sll_addr, mac, c.halen);
        CHECK(sxt::raw(a) == sxt::bytes_of(sll));
        CHECK(sxt::family(a) == SX_AF_PACKET);
        CHECK(get(sx_addr_packet_ifindex, a) == static_cast<int32_t>(lo));
        CHECK(get(sx_addr_packet_protocol, a) == c.proto); // host order out
        CHECK(get(sx_addr_packet_pkttype, a) == c.pkttype);
        CHECK(get(sx_addr_packet_hatype, a) == c.hatype);
        CHECK(haddr(a) == sxt::bytes_of(mac, c.halen));
        CHECK(ifname(a) == "lo");
        Addr back, by_index;
        REQUIRE_SX(sx_addr_from_sockaddr(&sll, sizeof sll, back.out()));
        CHECK(sxt::equal(a, back) == 1);
        CHECK(get(sx_addr_packet_protocol, back) == c.proto);
        REQUIRE_SX(sx_addr_packet_index(static_cast<int32_t>(lo), c.proto, c.pkttype, c.hatype, mac, c.halen,
                                        by_index.out()));
        CHECK(sxt::equal(a, by_index) == 1);
        sxt::check_text_round_trip(a, SX_AF_PACKET);
    }
}

TEST_CASE("packet: field limits and Python's error texts", "[family][packet]")
{
    const unsigned char mac[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    Addr a;
    // proto: 0..65535, Python's "proto must be 0-65535."
    for (int32_t p : {-1, 65536, INT32_MIN, INT32_MAX}) {
        REQUIRE_CODE(sx_addr_packet("lo", p, 0, 0, nullptr, 0, a.out()), SX_EOUTOFRANGE);
        CHECK(sxt::detail().find("proto must be 0-65535") != std::string::npos);
        CHECK(a.h == 0);
        REQUIRE_CODE(sx_addr_packet_index(1, p, 0, 0, nullptr, 0, a.out()), SX_EOUTOFRANGE);
    }
    for (int32_t p : {-1, 256}) {
        REQUIRE_CODE(sx_addr_packet("lo", 3, p, 0, nullptr, 0, a.out()), SX_EOUTOFRANGE);
        CHECK(sxt::detail().find("pkttype") != std::string::npos);
    }
    for (int32_t h : {-1, 65536}) {
        REQUIRE_CODE(sx_addr_packet("lo", 3, 0, h, nullptr, 0, a.out()), SX_EOUTOFRANGE);
        CHECK(sxt::detail().find("hatype") != std::string::npos);
    }
    // The hardware address: 0..8 bytes; 9 is Python's ValueError text.
    for (size_t n = 0; n <= 8; n++) {
        Addr ok;
        REQUIRE_SX(sx_addr_packet("lo", 3, 0, 0, mac, n, ok.out()));
        CHECK(haddr(ok) == sxt::bytes_of(mac, n));
    }
    REQUIRE_CODE(sx_addr_packet("lo", 3, 0, 0, mac, 9, a.out()), SX_EARG);
    CHECK(sxt::detail().find("Hardware address must be 8 bytes or less") != std::string::npos);
    REQUIRE_CODE(sx_addr_packet_index(1, 3, 0, 0, mac, 9, a.out()), SX_EARG);
    REQUIRE_CODE(sx_addr_packet("lo", 3, 0, 0, nullptr, 1, a.out()), SX_EARG);
    REQUIRE_CODE(sx_addr_packet_index(1, 3, 0, 0, nullptr, 6, a.out()), SX_EARG);
    // The interface: a name of IFNAMSIZ bytes or more is refused, not truncated as CPython does.
    REQUIRE_CODE(sx_addr_packet("0123456789abcdef", 3, 0, 0, nullptr, 0, a.out()), SX_EARG);
    CHECK(sxt::detail().find("too long") != std::string::npos);
    REQUIRE_CODE(sx_addr_packet("0123456789abcde", 3, 0, 0, nullptr, 0, a.out()), SX_ENOTFOUND);
    REQUIRE_CODE(sx_addr_packet("", 3, 0, 0, nullptr, 0, a.out()), SX_ENOTFOUND);
    REQUIRE_CODE(sx_addr_packet(nullptr, 3, 0, 0, nullptr, 0, a.out()), SX_EARG);
    REQUIRE_CODE(sx_addr_packet("lo", 3, 0, 0, nullptr, 0, nullptr), SX_EARG);
    REQUIRE_CODE(sx_addr_packet_index(1, 3, 0, 0, nullptr, 0, nullptr), SX_EARG);
    // The index: 0 is "any interface"; a negative one is out of range.
    REQUIRE_CODE(sx_addr_packet_index(-1, 3, 0, 0, nullptr, 0, a.out()), SX_EOUTOFRANGE);
    REQUIRE_CODE(sx_addr_packet_index(INT32_MIN, 3, 0, 0, nullptr, 0, a.out()), SX_EOUTOFRANGE);
    Addr any, top;
    REQUIRE_SX(sx_addr_packet_index(0, 3, 0, 0, nullptr, 0, any.out()));
    CHECK(get(sx_addr_packet_ifindex, any) == 0);
    REQUIRE_SX(sx_addr_packet_index(INT32_MAX, 3, 0, 0, nullptr, 0, top.out()));
    CHECK(get(sx_addr_packet_ifindex, top) == INT32_MAX);
}

TEST_CASE("packet: the interface name is looked up from the index when asked", "[family][packet]")
{
    Addr any, gone;
    REQUIRE_SX(sx_addr_packet_index(0, 3, 0, 0, nullptr, 0, any.out()));
    CHECK(ifname(any) == "<error SX_ENOTFOUND>");
    const int32_t unused = unused_index();
    REQUIRE_SX(sx_addr_packet_index(unused, 3, 0, 0, nullptr, 0, gone.out()));
    CHECK(ifname(gone) == "<error SX_ENOTFOUND>");
    Addr lo;
    REQUIRE_SX(sx_addr_packet("lo", 3, 0, 0, nullptr, 0, lo.out()));
    char buf[8];
    size_t len = 0;
    REQUIRE_CODE(sx_addr_packet_ifname(lo, buf, 2, &len), SX_ETRUNC); // "lo" and its NUL need 3
    CHECK(len == 2);
    REQUIRE_SX(sx_addr_packet_ifname(lo, buf, 3, &len));
    CHECK(std::string(buf) == "lo");
    unsigned char hw[2];
    Addr six;
    const unsigned char mac[6] = {1, 2, 3, 4, 5, 6};
    REQUIRE_SX(sx_addr_packet("lo", 3, 0, 0, mac, 6, six.out()));
    REQUIRE_CODE(sx_addr_packet_haddr(six, hw, sizeof hw, &len), SX_ETRUNC);
    CHECK(len == 6);
    REQUIRE_CODE(sx_addr_packet_haddr(six, nullptr, 0, &len), SX_ETRUNC);
    CHECK(len == 6);
}

TEST_CASE("packet: the text form names the interface, or #index when none has it", "[family][packet]")
{
    const unsigned char zeros[6] = {0, 0, 0, 0, 0, 0};
    Addr lo, any, gone, eight;
    REQUIRE_SX(sx_addr_packet("lo", 3, 0, 772, zeros, 6, lo.out()));
    CHECK(sxt::text(lo) == "packet:lo:0x0003:0:772:00:00:00:00:00:00");
    REQUIRE_SX(sx_addr_packet_index(0, 0x88b5, 0, 1, nullptr, 0, any.out()));
    CHECK(sxt::text(any) == "packet:#0:0x88b5:0:1:");
    sxt::check_text_round_trip(any, SX_AF_PACKET);
    const int32_t unused = unused_index();
    REQUIRE_SX(sx_addr_packet_index(unused, 0xffff, 255, 65535, nullptr, 0, gone.out()));
    CHECK(sxt::text(gone) == "packet:#" + std::to_string(unused) + ":0xffff:255:65535:");
    sxt::check_text_round_trip(gone, SX_AF_PACKET);
    const unsigned char mac[8] = {0xde, 0xad, 0xbe, 0xef, 0x00, 0x01, 0xa0, 0x0b};
    REQUIRE_SX(sx_addr_packet("lo", 0x0800, 4, 1, mac, 8, eight.out()));
    CHECK(sxt::text(eight) == "packet:lo:0x0800:4:1:de:ad:be:ef:00:01:a0:0b");
    sxt::check_text_round_trip(eight, SX_AF_PACKET);
    // Read back: decimal proto, upper-case hex and a #index naming lo all give the same address.
    for (const std::string &t : {std::string("packet:lo:2048:4:1:DE:AD:BE:EF:00:01:A0:0B"),
                                 "packet:#" + std::to_string(lo_index()) + ":0x800:4:1:de:ad:be:ef:00:01:a0:0b"}) {
        sxt::Parsed p = sxt::parse(0, t);
        Addr h(p.h);
        INFO(t << " -> " << sx_error_name(p.rc) << " " << p.detail);
        REQUIRE(p.rc == 0);
        CHECK(sxt::equal(h, eight) == 1);
    }
}

TEST_CASE("packet: malformed text gets a clear code and a detail", "[family][packet]")
{
    for (const char *t : {"packet:", "packet:lo", "packet:lo:0x0003", "packet:lo:0x0003:0", "packet:lo:0x0003:0:772",
                          "packet:lo:3:0:772:0", "packet:lo:3:0:772:000", "packet:lo:3:0:772:0g",
                          "packet:lo:3:0:772:00:", "packet:lo:3:0:772:00::01", "packet:lo:3:0:772::",
                          "packet:lo:3:0:772:00:11:22:33:44:55:66:77:88", "packet:0123456789abcdef:3:0:1:",
                          "packet:#:3:0:1:", "packet:#-1:3:0:1:", "packet:#lo:3:0:1:", "packet:lo:-3:0:1:",
                          "packet:lo:3:0:1: ", "packet:lo;3:0:1:"})
        sxt::check_bad_text(SX_AF_PACKET, t, SX_EARG);
    for (const char *t : {"packet:lo:0x10000:0:1:", "packet:lo:65536:0:1:", "packet:lo:3:256:1:",
                          "packet:lo:3:0:65536:", "packet:#2147483648:3:0:1:"})
        sxt::check_bad_text(SX_AF_PACKET, t, SX_EOUTOFRANGE);
    for (const char *t : {"packet:nope0:3:0:1:", "packet::3:0:1:"})
        sxt::check_bad_text(SX_AF_PACKET, t, SX_ENOTFOUND);
}

TEST_CASE("packet: accessors refuse NULL, other families and bad handles", "[family][packet]")
{
    Addr a;
    REQUIRE_SX(sx_addr_packet("lo", 3, 0, 772, nullptr, 0, a.out()));
    sxt::check_accessor_refusals(sx_addr_packet_ifindex, a);
    sxt::check_accessor_refusals(sx_addr_packet_protocol, a);
    sxt::check_accessor_refusals(sx_addr_packet_pkttype, a);
    sxt::check_accessor_refusals(sx_addr_packet_hatype, a);
    char buf[16];
    size_t len = 0;
    CHECK(sx_addr_packet_ifname(a, buf, sizeof buf, nullptr) == SX_EARG);
    CHECK(sx_addr_packet_haddr(a, buf, sizeof buf, nullptr) == SX_EARG);
    Addr other;
    REQUIRE_SX(sx_addr_netlink(0, 0, other.out()));
    CHECK(sx_addr_packet_ifname(other, buf, sizeof buf, &len) == SX_EARG);
    CHECK(sx_addr_packet_haddr(other, buf, sizeof buf, &len) == SX_EARG);
    CHECK(sx_addr_packet_ifname(0, buf, sizeof buf, &len) == SX_EBADHANDLE);
    CHECK(sx_addr_packet_haddr(0, buf, sizeof buf, &len) == SX_EBADHANDLE);
}

TEST_CASE("packet: a hardware address longer than the sockaddr is refused, a long one shown raw", "[family][packet]")
{
    // What the kernel returns for a 20-byte (InfiniBand) address: sll_halen 20 in 32 bytes.
    unsigned char raw[32];
    std::memset(raw, 0x5a, sizeof raw);
    struct sockaddr_ll head;
    std::memset(&head, 0, sizeof head);
    head.sll_family = AF_PACKET;
    head.sll_ifindex = 1;
    head.sll_halen = 20;
    std::memcpy(raw, &head, offsetof(struct sockaddr_ll, sll_addr));
    Addr ib;
    REQUIRE_SX(sx_addr_from_sockaddr(raw, sizeof raw, ib.out()));
    CHECK(haddr(ib) == sxt::bytes_of(raw + 12, 20));
    CHECK(sxt::text(ib).rfind("family=17:", 0) == 0);
    // The same header in only 20 bytes: sll_halen runs past the end.
    Addr cut;
    REQUIRE_SX(sx_addr_from_sockaddr(raw, 20, cut.out()));
    unsigned char buf[64];
    size_t len = 0;
    REQUIRE_CODE(sx_addr_packet_haddr(cut, buf, sizeof buf, &len), SX_EARG);
    CHECK(sxt::detail().find("sll_halen") != std::string::npos);
    CHECK(sxt::text(cut).rfind("family=17:", 0) == 0);
}

TEST_CASE("packet: raw sockaddr bytes of every length 2..128 never crash an accessor", "[family][packet]")
{
    sxt::sweep_raw_bytes(SX_AF_PACKET, offsetof(struct sockaddr_ll, sll_addr), "packet",
                         {[](sx_addr a) {
                              int32_t v;
                              return sx_addr_packet_ifindex(a, &v);
                          },
                          [](sx_addr a) {
                              int32_t v;
                              return sx_addr_packet_protocol(a, &v);
                          },
                          [](sx_addr a) {
                              int32_t v;
                              return sx_addr_packet_pkttype(a, &v);
                          },
                          [](sx_addr a) {
                              int32_t v;
                              return sx_addr_packet_hatype(a, &v);
                          },
                          [](sx_addr a) {
                              unsigned char buf[200];
                              size_t len;
                              return sx_addr_packet_haddr(a, buf, sizeof buf, &len);
                          },
                          [](sx_addr a) {
                              char buf[IF_NAMESIZE];
                              size_t len;
                              return sx_addr_packet_ifname(a, buf, sizeof buf, &len);
                          }});
}
