// SPDX-License-Identifier: MIT
// AF_CAN addresses: the three layouts against struct sockaddr_can, the interface rules,
// J1939's range and special values, the text forms both ways, the proto hint, and raw
// bytes of every length.
#include "can_helpers.hpp"

#include <cstddef>
#include <cstring>
#include <linux/can.h>
#include <net/if.h>
#include <sys/socket.h>

using sxt::Addr;

namespace {

std::string bytes_of(const void *p, size_t n)
{
    return std::string(static_cast<const char *>(p), n);
}

struct sockaddr_can can_struct(int ifindex)
{
    struct sockaddr_can sc;
    std::memset(&sc, 0, sizeof sc);
    sc.can_family = AF_CAN;
    sc.can_ifindex = ifindex;
    return sc;
}

int lo_index()
{
    return static_cast<int>(if_nametoindex("lo"));
}

} // namespace

TEST_CASE("can: the constants and struct layout match the system headers", "[family][can]")
{
    CHECK(SX_AF_CAN == AF_CAN);
    CHECK(SX_CAN_RAW == CAN_RAW);
    CHECK(SX_CAN_ISOTP == CAN_ISOTP);
    CHECK(SX_CAN_J1939 == CAN_J1939);
    CHECK(sizeof(struct sockaddr_can) == 24);
    CHECK(offsetof(struct sockaddr_can, can_ifindex) == 4);
    CHECK(offsetof(struct sockaddr_can, can_addr.tp.rx_id) == 8);
    CHECK(offsetof(struct sockaddr_can, can_addr.tp.tx_id) == 12);
    CHECK(offsetof(struct sockaddr_can, can_addr.j1939.name) == 8);
    CHECK(offsetof(struct sockaddr_can, can_addr.j1939.pgn) == 16);
    CHECK(offsetof(struct sockaddr_can, can_addr.j1939.addr) == 20);
}

TEST_CASE("can: sx_addr_can gives the whole sockaddr_can, byte for byte", "[family][can]")
{
    Addr any, lo;
    REQUIRE_SX(sx_addr_can("", any.out()));
    struct sockaddr_can sc = can_struct(0);
    CHECK(sxt::raw(any) == bytes_of(&sc, sizeof sc));
    CHECK(sxt::family(any) == SX_AF_CAN);
    CHECK(sxt::can_ifname(any) == "");
    CHECK(sxt::can_protocol(any) == SX_CAN_RAW);
    CHECK(sxt::text(any) == "can:");
    int32_t index = -1;
    REQUIRE_SX(sx_addr_can_ifindex(any, &index));
    CHECK(index == 0);

    // Any interface name resolves through SIOCGIFINDEX, as in CPython: lo is always there.
    REQUIRE_SX(sx_addr_can("lo", lo.out()));
    sc = can_struct(lo_index());
    CHECK(sxt::raw(lo) == bytes_of(&sc, sizeof sc));
    CHECK(sxt::can_ifname(lo) == "lo");
    CHECK(sxt::text(lo) == "can:lo");
    REQUIRE_SX(sx_addr_can_ifindex(lo, &index));
    CHECK(index == lo_index());

    // Back from the raw bytes: equal, and the same fields.
    Addr back;
    REQUIRE_SX(sx_addr_from_sockaddr(&sc, sizeof sc, back.out()));
    CHECK(sxt::equal(back, lo) == 1);
    CHECK(sxt::can_ifname(back) == "lo");
}

TEST_CASE("can: sx_addr_can_isotp lays out can_addr.tp", "[family][can]")
{
    Addr a;
    REQUIRE_SX(sx_addr_can_isotp("lo", 0x123, SX_CAN_EFF_FLAG | 0x1ABCDEF, a.out()));
    struct sockaddr_can sc = can_struct(lo_index());
    sc.can_addr.tp.rx_id = 0x123;
    sc.can_addr.tp.tx_id = CAN_EFF_FLAG | 0x1ABCDEF;
    CHECK(sxt::raw(a) == bytes_of(&sc, sizeof sc));
    CHECK(sxt::can_protocol(a) == SX_CAN_ISOTP);
    uint32_t rx = 0, tx = 0;
    REQUIRE_SX(sx_addr_can_isotp_ids(a, &rx, &tx));
    CHECK(rx == 0x123);
    CHECK(tx == (CAN_EFF_FLAG | 0x1ABCDEF));
    CHECK(sxt::text(a) == "can-isotp:lo:0x123:0x81abcdef");
}

TEST_CASE("can: sx_addr_can_j1939 lays out can_addr.j1939 and keeps the special values", "[family][can]")
{
    Addr a;
    REQUIRE_SX(sx_addr_can_j1939("", 0x0123456789ABCDEFull, 0x3FF00, 0x80, a.out()));
    struct sockaddr_can sc = can_struct(0);
    sc.can_addr.j1939.name = 0x0123456789ABCDEFull;
    sc.can_addr.j1939.pgn = 0x3FF00;
    sc.can_addr.j1939.addr = 0x80;
    CHECK(sxt::raw(a) == bytes_of(&sc, sizeof sc));
    CHECK(sxt::can_protocol(a) == SX_CAN_J1939);
    CHECK(sxt::text(a) == "can-j1939::0x123456789abcdef:0x3ff00:128");

    // J1939Test.testBind's address: every special value at once.
    Addr none;
    REQUIRE_SX(sx_addr_can_j1939("lo", SX_J1939_NO_NAME, SX_J1939_NO_PGN, SX_J1939_NO_ADDR, none.out()));
    uint64_t name = 1;
    uint32_t pgn = 0;
    int32_t addr = 0;
    REQUIRE_SX(sx_addr_can_j1939_fields(none, &name, &pgn, &addr));
    CHECK(name == 0);
    CHECK(pgn == 0x40000);
    CHECK(addr == 255);
    CHECK(sxt::text(none) == "can-j1939:lo:0x0:0x40000:255");

    Addr idle;
    REQUIRE_SX(sx_addr_can_j1939("", UINT64_MAX, UINT32_MAX, SX_J1939_IDLE_ADDR, idle.out()));
    REQUIRE_SX(sx_addr_can_j1939_fields(idle, &name, &pgn, &addr));
    CHECK(name == UINT64_MAX);
    CHECK(pgn == UINT32_MAX);
    CHECK(addr == 254);
}

TEST_CASE("can: J1939 addr is checked to 0..255", "[family][can]")
{
    for (int32_t ok : {0, 1, 253, 254, 255}) {
        Addr a;
        REQUIRE_SX(sx_addr_can_j1939("", 0, 0, ok, a.out()));
    }
    for (int32_t bad : {-1, 256, 1000, INT32_MIN, INT32_MAX}) {
        sx_addr a = 77;
        REQUIRE_CODE(sx_addr_can_j1939("", 0, 0, bad, &a), SX_EOUTOFRANGE);
        CHECK(a == 0);
        CHECK(sxt::detail().find("0-255") != std::string::npos);
    }
}

TEST_CASE("can: interface names of IFNAMSIZ bytes or more are refused as CPython refuses them", "[family][can]")
{
    std::string fifteen(IFNAMSIZ - 1, 'x'), sixteen(IFNAMSIZ, 'x'), long_name(1024, 'x');
    sx_addr a = 5;
    // 15 bytes fits the struct: the name is looked up, and there is no such interface.
    REQUIRE_CODE(sx_addr_can(fifteen.c_str(), &a), SX_ENOTFOUND);
    CHECK(sxt::detail().find(fifteen) != std::string::npos);
    for (const std::string &n : {sixteen, long_name}) {
        REQUIRE_CODE(sx_addr_can(n.c_str(), &a), SX_EARG);
        CHECK(sxt::detail().find("AF_CAN interface name too long") != std::string::npos);
        REQUIRE_CODE(sx_addr_can_isotp(n.c_str(), 1, 2, &a), SX_EARG);
        REQUIRE_CODE(sx_addr_can_j1939(n.c_str(), 0, 0, 0, &a), SX_EARG);
        CHECK(a == 0);
    }
}

TEST_CASE("can: NULL arguments and addresses of other families", "[family][can]")
{
    sx_addr a = 0;
    REQUIRE_CODE(sx_addr_can(nullptr, &a), SX_EARG);
    REQUIRE_CODE(sx_addr_can("", nullptr), SX_EARG);
    REQUIRE_CODE(sx_addr_can_isotp(nullptr, 0, 0, &a), SX_EARG);
    REQUIRE_CODE(sx_addr_can_j1939(nullptr, 0, 0, 0, &a), SX_EARG);
    Addr can, inet;
    REQUIRE_SX(sx_addr_can("", can.out()));
    REQUIRE_SX(sx_addr_inet("127.0.0.1", 1, inet.out()));
    int32_t i32 = 0;
    uint32_t u1 = 0, u2 = 0;
    uint64_t u64 = 0;
    size_t len = 0;
    char buf[32];
    REQUIRE_CODE(sx_addr_can_ifindex(can, nullptr), SX_EARG);
    REQUIRE_CODE(sx_addr_can_ifname(can, buf, sizeof buf, nullptr), SX_EARG);
    REQUIRE_CODE(sx_addr_can_protocol(can, nullptr), SX_EARG);
    REQUIRE_CODE(sx_addr_can_isotp_ids(can, nullptr, &u2), SX_EARG);
    REQUIRE_CODE(sx_addr_can_isotp_ids(can, &u1, nullptr), SX_EARG);
    REQUIRE_CODE(sx_addr_can_j1939_fields(can, nullptr, &u1, &i32), SX_EARG);
    REQUIRE_CODE(sx_addr_can_j1939_fields(can, &u64, nullptr, &i32), SX_EARG);
    REQUIRE_CODE(sx_addr_can_j1939_fields(can, &u64, &u1, nullptr), SX_EARG);
    REQUIRE_CODE(sx_addr_can_ifindex(inet, &i32), SX_EARG);
    CHECK(sxt::detail().find("not an AF_CAN address") != std::string::npos);
    REQUIRE_CODE(sx_addr_can_ifname(inet, buf, sizeof buf, &len), SX_EARG);
    REQUIRE_CODE(sx_addr_can_protocol(inet, &i32), SX_EARG);
    REQUIRE_CODE(sx_addr_can_isotp_ids(inet, &u1, &u2), SX_EARG);
    REQUIRE_CODE(sx_addr_can_j1939_fields(inet, &u64, &u1, &i32), SX_EARG);
    REQUIRE_CODE(sx_addr_can_ifindex(0, &i32), SX_EBADHANDLE);
    REQUIRE_CODE(sx_addr_can_ifname(0, buf, sizeof buf, &len), SX_EBADHANDLE);
    // The name's buffer follows the (buf, cap, len_out) rule.
    Addr lo;
    REQUIRE_SX(sx_addr_can("lo", lo.out()));
    REQUIRE_CODE(sx_addr_can_ifname(lo, buf, 2, &len), SX_ETRUNC);
    CHECK(len == 2);
}

TEST_CASE("can: an index no interface has reads as an empty name and the #index text", "[family][can]")
{
    // The largest index: no interface has it.
    struct sockaddr_can sc = can_struct(0x7ffffff0);
    Addr a;
    REQUIRE_SX(sx_addr_from_sockaddr(&sc, sizeof sc, a.out()));
    CHECK(sxt::can_ifname(a) == "");
    CHECK(sxt::text(a) == "can:#2147483632");
    // A negative index (the struct's int holds any bits) reads back as the same bits.
    sc.can_ifindex = -5;
    Addr neg, back;
    REQUIRE_SX(sx_addr_from_sockaddr(&sc, sizeof sc, neg.out()));
    CHECK(sxt::text(neg) == "can:#4294967291");
    REQUIRE_SX(sx_addr_from_string(SX_AF_CAN, "can:#4294967291", back.out()));
    CHECK(sxt::equal(neg, back) == 1);
}

TEST_CASE("can: the proto hint picks the layout the text shows", "[family][can]")
{
    // Raw bytes carry no protocol: sx_addr_from_sockaddr gives proto 0, read as the raw
    // layout, whatever the union holds. A received address (recvfrom, getsockname) carries
    // its socket's protocol instead, so one from a CAN_ISOTP socket shows its ids; this
    // kernel has no AF_CAN to receive one, so the constructors stand for it here.
    struct sockaddr_can sc = can_struct(lo_index());
    sc.can_addr.tp.rx_id = 0x10;
    sc.can_addr.tp.tx_id = 0x20;
    Addr raw, isotp;
    REQUIRE_SX(sx_addr_from_sockaddr(&sc, sizeof sc, raw.out()));
    CHECK(sxt::can_protocol(raw) == SX_CAN_RAW);
    CHECK(sxt::text(raw) == "can:lo");
    uint32_t rx = 0, tx = 0;
    REQUIRE_SX(sx_addr_can_isotp_ids(raw, &rx, &tx)); // the fields are there to read all the same
    CHECK(rx == 0x10);
    CHECK(tx == 0x20);
    REQUIRE_SX(sx_addr_can_isotp("lo", 0x10, 0x20, isotp.out()));
    CHECK(sxt::text(isotp) == "can-isotp:lo:0x10:0x20");
    // The hint is not part of the bytes: the two are equal.
    CHECK(sxt::equal(raw, isotp) == 1);
}

TEST_CASE("can: text forms read back to the same address", "[family][can]")
{
    const char *forms[] = {
        "can:",
        "can:lo",
        "can:#9999",
        "can-isotp::0x0:0x0",
        "can-isotp:lo:0x7ff:0x9fffffff",
        "can-isotp:#1200000:0xffffffff:0x1",
        "can-j1939::0x0:0x40000:255",
        "can-j1939:lo:0xffffffffffffffff:0xffffffff:0",
        "can-j1939:#3000000:0xabc:0x12345:254",
    };
    for (const char *f : forms) {
        INFO(f);
        Addr a, b;
        REQUIRE_SX(sx_addr_from_string(SX_AF_UNSPEC, f, a.out()));
        CHECK(sxt::family(a) == SX_AF_CAN);
        std::string t = sxt::text(a);
        CHECK(t == f);
        REQUIRE_SX(sx_addr_from_string(SX_AF_CAN, t.c_str(), b.out()));
        CHECK(sxt::equal(a, b) == 1);
        CHECK(sxt::can_protocol(a) == sxt::can_protocol(b));
    }
    // Decimal numbers are read too; the text writes hex.
    Addr d;
    REQUIRE_SX(sx_addr_from_string(SX_AF_UNSPEC, "can-isotp:lo:291:1110", d.out()));
    CHECK(sxt::text(d) == "can-isotp:lo:0x123:0x456");
}

TEST_CASE("can: malformed text forms", "[family][can]")
{
    struct {
        const char *text;
        int32_t code;
    } bad[] = {
        {"can", SX_EARG},                              // no scheme separator: no family owns it
        {"can:nosuchif0", SX_ENOTFOUND},               // a name is looked up
        {"can:0123456789abcdef", SX_EARG},             // 16 bytes
        {"can:lo:1", SX_EARG},                         // the raw form has one field
        {"can-isotp:lo", SX_EARG},                     // ids missing
        {"can-isotp:lo:1", SX_EARG},                   // tx missing
        {"can-isotp:lo:1:2:3", SX_EARG},               // one field too many
        {"can-isotp:lo:0x1ffffffff:2", SX_EOUTOFRANGE}, // 33 bits
        {"can-isotp:lo:x:2", SX_EARG},
        {"can-j1939:lo:0:0", SX_EARG},
        {"can-j1939:lo:0:0:256", SX_EOUTOFRANGE},
        {"can-j1939:lo:0x10000000000000000:0:0", SX_EOUTOFRANGE},
        {"can-j1939:lo:0:0x100000000:0", SX_EOUTOFRANGE},
        {"can:#", SX_EARG},
        {"can:#-1", SX_EARG},
        {"can:#4294967296", SX_EOUTOFRANGE},
        {"can: lo", SX_ENOTFOUND},
    };
    for (auto &b : bad) {
        INFO(b.text);
        sx_addr a = 3;
        REQUIRE_CODE(sx_addr_from_string(SX_AF_UNSPEC, b.text, &a), b.code);
        CHECK(a == 0);
        CHECK(!sxt::detail().empty());
    }
    // Named explicitly, the family reads only its own forms.
    sx_addr a = 0;
    REQUIRE_CODE(sx_addr_from_string(SX_AF_CAN, "alg:hash:sha256:0:0", &a), SX_EARG);
}

TEST_CASE("can: raw bytes of every length 2..128 give a clear answer and readable fields", "[family][can]")
{
    unsigned char bytes[128];
    for (size_t i = 0; i < sizeof bytes; i++)
        bytes[i] = static_cast<unsigned char>(0xA0 + i);
    sa_family_t fam = AF_CAN;
    std::memcpy(bytes, &fam, sizeof fam);
    for (size_t len = 2; len <= sizeof bytes; len++) {
        INFO("length " << len);
        Addr a;
        int32_t rc = sx_addr_from_sockaddr(bytes, len, a.out());
        if (len < 8) {
            // Shorter than the interface index every layout has.
            REQUIRE_CODE(rc, SX_EARG);
            CHECK(sxt::detail().find("AF_CAN sockaddr too short") != std::string::npos);
            continue;
        }
        REQUIRE_SX(rc);
        CHECK(sxt::raw(a) == bytes_of(bytes, len));
        int32_t index = 0, addr = 0;
        uint32_t rx = 0, tx = 0, pgn = 0;
        uint64_t name = 0;
        REQUIRE_SX(sx_addr_can_ifindex(a, &index));
        CHECK(index == static_cast<int32_t>(0xA7A6A5A4u));
        CHECK(sxt::can_ifname(a) == ""); // no interface has that index
        CHECK(sxt::can_protocol(a) == SX_CAN_RAW);
        REQUIRE_SX(sx_addr_can_isotp_ids(a, &rx, &tx));
        // Bytes past the length read as zero.
        struct sockaddr_can expect;
        std::memset(&expect, 0, sizeof expect);
        std::memcpy(&expect, bytes, len < sizeof expect ? len : sizeof expect);
        CHECK(rx == expect.can_addr.tp.rx_id);
        CHECK(tx == expect.can_addr.tp.tx_id);
        REQUIRE_SX(sx_addr_can_j1939_fields(a, &name, &pgn, &addr));
        CHECK(name == expect.can_addr.j1939.name);
        CHECK(pgn == expect.can_addr.j1939.pgn);
        CHECK(addr == expect.can_addr.j1939.addr);
        CHECK(sxt::text(a) == "can:#2812716452");
    }
}
