// SPDX-License-Identifier: MIT
// AF_BLUETOOTH addresses: the four layouts byte for byte against the kernel's structs
// (include/net/bluetooth/{l2cap,rfcomm,hci_sock,sco}.h), field limits, CPython's bdaddr
// parsing, malformed raw bytes, and the text forms both ways.
#include "unit/addr/addr_helpers.hpp"

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

using sxt::Addr;
using namespace std::string_literals;

namespace {

// The family field as the kernel stores it: sa_family_t in host order (little-endian here).
const std::string family_bytes = "\x1f\x00"s;
// "01:23:45:67:89:AB" as bdaddr_t stores it: least significant byte first (BlueZ's str2ba).
const std::string bdaddr_bytes = "\xab\x89\x67\x45\x23\x01"s;

std::string bdaddr_of(sx_addr a)
{
    return sxt::read_out<32>(sx_addr_bt_bdaddr, a);
}

int32_t protocol_of(sx_addr a)
{
    int32_t p = -1;
    return sx_addr_bt_protocol(a, &p) == 0 ? p : -1;
}

// from_sockaddr(to_sockaddr(a)) and from_string(to_string(a)) both give a back.
void check_round_trips(sx_addr a)
{
    std::string bytes = sxt::raw(a);
    Addr from_raw;
    REQUIRE_SX(sx_addr_from_sockaddr(bytes.data(), bytes.size(), from_raw.out()));
    CHECK(sxt::equal(a, from_raw) == 1);
    std::string text = sxt::text(a);
    for (int32_t family : {0, SX_AF_BLUETOOTH}) {
        Addr back;
        INFO("text " << text << " family " << family);
        REQUIRE_SX(sx_addr_from_string(family, text.c_str(), back.out()));
        CHECK(sxt::equal(a, back) == 1);
        CHECK(sxt::text(back) == text);
    }
}

} // namespace

TEST_CASE("bluetooth: L2CAP is sockaddr_l2, psm and cid little-endian, 14 bytes", "[family][bluetooth]")
{
    Addr a;
    REQUIRE_SX(sx_addr_bt_l2cap("01:23:45:67:89:ab", 0x1001, 0x0040, SX_BDADDR_LE_RANDOM, a.out()));
    // family, l2_psm, l2_bdaddr, l2_cid, l2_bdaddr_type, one byte of tail padding.
    CHECK(sxt::raw(a) == family_bytes + "\x01\x10"s + bdaddr_bytes + "\x40\x00"s + "\x02\x00"s);
    CHECK(sxt::family(a) == SX_AF_BLUETOOTH);
    CHECK(protocol_of(a) == SX_BTPROTO_L2CAP);
    CHECK(bdaddr_of(a) == "01:23:45:67:89:AB"); // read back upper case
    int32_t psm = -1, cid = -1, type = -1;
    REQUIRE_SX(sx_addr_bt_l2cap_fields(a, &psm, &cid, &type));
    CHECK(psm == 0x1001);
    CHECK(cid == 0x40);
    CHECK(type == SX_BDADDR_LE_RANDOM);
    CHECK(sxt::text(a) == "l2cap:[01:23:45:67:89:AB]:4097:64:2");
    check_round_trips(a);
}

TEST_CASE("bluetooth: RFCOMM is sockaddr_rc, 10 bytes", "[family][bluetooth]")
{
    Addr a;
    REQUIRE_SX(sx_addr_bt_rfcomm("01:23:45:67:89:AB", 30, a.out()));
    CHECK(sxt::raw(a) == family_bytes + bdaddr_bytes + "\x1e\x00"s);
    CHECK(protocol_of(a) == SX_BTPROTO_RFCOMM);
    CHECK(bdaddr_of(a) == "01:23:45:67:89:AB");
    int32_t channel = -1;
    REQUIRE_SX(sx_addr_bt_channel(a, &channel));
    CHECK(channel == 30);
    CHECK(sxt::text(a) == "rfcomm:[01:23:45:67:89:AB]:30");
    check_round_trips(a);
}

TEST_CASE("bluetooth: HCI is sockaddr_hci, dev and channel in host order, 6 bytes", "[family][bluetooth]")
{
    Addr a;
    REQUIRE_SX(sx_addr_bt_hci(0x0102, SX_HCI_CHANNEL_CONTROL, a.out()));
    uint16_t fields[2] = {0x0102, SX_HCI_CHANNEL_CONTROL};
    CHECK(sxt::raw(a) == family_bytes + std::string(reinterpret_cast<const char *>(fields), sizeof fields));
    CHECK(protocol_of(a) == SX_BTPROTO_HCI);
    int32_t dev = -1, channel = -1;
    REQUIRE_SX(sx_addr_bt_device_id(a, &dev));
    REQUIRE_SX(sx_addr_bt_channel(a, &channel));
    CHECK(dev == 0x0102);
    CHECK(channel == SX_HCI_CHANNEL_CONTROL);
    CHECK(sxt::text(a) == "hci:258:3");
    check_round_trips(a);

    Addr none;
    REQUIRE_SX(sx_addr_bt_hci(SX_HCI_DEV_NONE, SX_HCI_CHANNEL_RAW, none.out()));
    CHECK(sxt::text(none) == "hci:65535:0");
    check_round_trips(none);
}

TEST_CASE("bluetooth: SCO is sockaddr_sco, 8 bytes", "[family][bluetooth]")
{
    Addr a;
    REQUIRE_SX(sx_addr_bt_sco("01:23:45:67:89:AB", a.out()));
    CHECK(sxt::raw(a) == family_bytes + bdaddr_bytes);
    CHECK(protocol_of(a) == SX_BTPROTO_SCO);
    CHECK(bdaddr_of(a) == "01:23:45:67:89:AB");
    CHECK(sxt::text(a) == "sco:[01:23:45:67:89:AB]");
    check_round_trips(a);
}

TEST_CASE("bluetooth: BDADDR_ANY and BDADDR_LOCAL", "[family][bluetooth]")
{
    Addr any, local;
    REQUIRE_SX(sx_addr_bt_sco(SX_BDADDR_ANY, any.out()));
    REQUIRE_SX(sx_addr_bt_rfcomm(SX_BDADDR_LOCAL, 1, local.out()));
    CHECK(sxt::raw(any) == family_bytes + std::string(6, '\0'));
    // 00:00:00:FF:FF:FF: the three low bytes, which bdaddr_t stores first.
    CHECK(sxt::raw(local) == family_bytes + "\xff\xff\xff\x00\x00\x00\x01\x00"s);
    CHECK(bdaddr_of(any) == SX_BDADDR_ANY);
    CHECK(bdaddr_of(local) == SX_BDADDR_LOCAL);
}

TEST_CASE("bluetooth: every field's limits", "[family][bluetooth]")
{
    const char *ba = "00:11:22:33:44:55";
    struct {
        const char *what;
        int32_t rc;
        int32_t (*make)(const char *, sx_addr *);
    } cases[] = {
        {"psm 65535", 0, [](const char *b, sx_addr *o) { return sx_addr_bt_l2cap(b, 65535, 0, 0, o); }},
        {"psm 65536", SX_EOUTOFRANGE, [](const char *b, sx_addr *o) { return sx_addr_bt_l2cap(b, 65536, 0, 0, o); }},
        {"psm -1", SX_EOUTOFRANGE, [](const char *b, sx_addr *o) { return sx_addr_bt_l2cap(b, -1, 0, 0, o); }},
        {"cid 65535", 0, [](const char *b, sx_addr *o) { return sx_addr_bt_l2cap(b, 1, 65535, 0, o); }},
        {"cid 65536", SX_EOUTOFRANGE, [](const char *b, sx_addr *o) { return sx_addr_bt_l2cap(b, 1, 65536, 0, o); }},
        {"cid -1", SX_EOUTOFRANGE, [](const char *b, sx_addr *o) { return sx_addr_bt_l2cap(b, 1, -1, 0, o); }},
        {"type 255", 0, [](const char *b, sx_addr *o) { return sx_addr_bt_l2cap(b, 1, 0, 255, o); }},
        {"type 256", SX_EOUTOFRANGE, [](const char *b, sx_addr *o) { return sx_addr_bt_l2cap(b, 1, 0, 256, o); }},
        {"type -1", SX_EOUTOFRANGE, [](const char *b, sx_addr *o) { return sx_addr_bt_l2cap(b, 1, 0, -1, o); }},
        {"channel 255", 0, [](const char *b, sx_addr *o) { return sx_addr_bt_rfcomm(b, 255, o); }},
        {"channel 256", SX_EOUTOFRANGE, [](const char *b, sx_addr *o) { return sx_addr_bt_rfcomm(b, 256, o); }},
        {"channel -1", SX_EOUTOFRANGE, [](const char *b, sx_addr *o) { return sx_addr_bt_rfcomm(b, -1, o); }},
        {"hci dev 65536", SX_EOUTOFRANGE, [](const char *, sx_addr *o) { return sx_addr_bt_hci(65536, 0, o); }},
        {"hci dev -1", SX_EOUTOFRANGE, [](const char *, sx_addr *o) { return sx_addr_bt_hci(-1, 0, o); }},
        {"hci channel 65535", 0, [](const char *, sx_addr *o) { return sx_addr_bt_hci(0, 65535, o); }},
        {"hci channel 65536", SX_EOUTOFRANGE, [](const char *, sx_addr *o) { return sx_addr_bt_hci(0, 65536, o); }},
    };
    for (auto &c : cases) {
        INFO(c.what);
        Addr a;
        REQUIRE_CODE(c.make(ba, a.out()), c.rc);
        CHECK((a.h != 0) == (c.rc == 0));
        if (c.rc == 0)
            check_round_trips(a);
        else
            CHECK(sxt::detail().find("must be 0-") != std::string::npos);
    }
}

TEST_CASE("bluetooth: bdaddr text is read as CPython's setbdaddr reads it", "[family][bluetooth]")
{
    // sscanf("%X:%X:%X:%X:%X:%X%c"): six groups, each < 256, nothing after; %X itself skips
    // leading blanks and takes a 0x prefix or a sign.
    struct {
        const char *text;
        const char *back; // nullptr: rejected with "bad bluetooth address"
    } cases[] = {
        {"00:00:00:00:00:00", "00:00:00:00:00:00"},
        {"ff:ff:ff:ff:ff:ff", "FF:FF:FF:FF:FF:FF"},
        {"1:2:3:4:5:6", "01:02:03:04:05:06"},
        {"001:02:3:04:0005:6", "01:02:03:04:05:06"},
        {" 1:2:3:4:5:6", "01:02:03:04:05:06"},
        {"0x1:0X2:3:4:5:6", "01:02:03:04:05:06"},
        {"1: 2:3:4:5:6", "01:02:03:04:05:06"},
        {"", nullptr},
        {"1:2:3:4:5", nullptr},
        {"1:2:3:4:5:6:", nullptr},
        {"1:2:3:4:5:6 ", nullptr},
        {"1:2:3:4:5:6:7", nullptr},
        {"100:2:3:4:5:6", nullptr},
        {"1:2:3:4:5:100", nullptr},
        {"-1:2:3:4:5:6", nullptr},
        {"g1:2:3:4:5:6", nullptr},
        {"01-23-45-67-89-AB", nullptr},
        {"1 :2:3:4:5:6", nullptr},
        {"0123456789AB", nullptr},
    };
    for (auto &c : cases) {
        INFO("bdaddr '" << c.text << "'");
        Addr a;
        int32_t rc = sx_addr_bt_sco(c.text, a.out());
        if (c.back) {
            REQUIRE_SX(rc);
            CHECK(bdaddr_of(a) == c.back);
        } else {
            REQUIRE_CODE(rc, SX_EARG);
            CHECK(a.h == 0);
            CHECK(sxt::detail().find("bad bluetooth address") != std::string::npos);
        }
    }
}

TEST_CASE("bluetooth: NULL pointers are SX_EARG", "[family][bluetooth]")
{
    Addr a;
    REQUIRE_CODE(sx_addr_bt_l2cap(nullptr, 1, 0, 0, a.out()), SX_EARG);
    REQUIRE_CODE(sx_addr_bt_l2cap(SX_BDADDR_ANY, 1, 0, 0, nullptr), SX_EARG);
    REQUIRE_CODE(sx_addr_bt_rfcomm(nullptr, 1, a.out()), SX_EARG);
    REQUIRE_CODE(sx_addr_bt_rfcomm(SX_BDADDR_ANY, 1, nullptr), SX_EARG);
    REQUIRE_CODE(sx_addr_bt_hci(0, 0, nullptr), SX_EARG);
    REQUIRE_CODE(sx_addr_bt_sco(nullptr, a.out()), SX_EARG);
    REQUIRE_CODE(sx_addr_bt_sco(SX_BDADDR_ANY, nullptr), SX_EARG);
    CHECK(a.h == 0);

    Addr l2;
    REQUIRE_SX(sx_addr_bt_l2cap(SX_BDADDR_ANY, 1, 0, 0, l2.out()));
    int32_t v, w, x;
    size_t len;
    char buf[32];
    REQUIRE_CODE(sx_addr_bt_protocol(l2, nullptr), SX_EARG);
    REQUIRE_CODE(sx_addr_bt_bdaddr(l2, buf, sizeof buf, nullptr), SX_EARG);
    REQUIRE_CODE(sx_addr_bt_bdaddr(l2, nullptr, 8, &len), SX_EARG);
    REQUIRE_CODE(sx_addr_bt_l2cap_fields(l2, nullptr, &w, &x), SX_EARG);
    REQUIRE_CODE(sx_addr_bt_l2cap_fields(l2, &v, nullptr, &x), SX_EARG);
    REQUIRE_CODE(sx_addr_bt_l2cap_fields(l2, &v, &w, nullptr), SX_EARG);
    REQUIRE_CODE(sx_addr_bt_channel(l2, nullptr), SX_EARG);
    REQUIRE_CODE(sx_addr_bt_device_id(l2, nullptr), SX_EARG);
}

TEST_CASE("bluetooth: each accessor refuses the layouts it does not read", "[family][bluetooth]")
{
    Addr l2, rc, hci, sco, inet;
    REQUIRE_SX(sx_addr_bt_l2cap(SX_BDADDR_ANY, 1, 0, 0, l2.out()));
    REQUIRE_SX(sx_addr_bt_rfcomm(SX_BDADDR_ANY, 1, rc.out()));
    REQUIRE_SX(sx_addr_bt_hci(0, 0, hci.out()));
    REQUIRE_SX(sx_addr_bt_sco(SX_BDADDR_ANY, sco.out()));
    REQUIRE_SX(sx_addr_inet("127.0.0.1", 1, inet.out()));
    int32_t v, w, x;
    char buf[32];
    size_t len;
    REQUIRE_CODE(sx_addr_bt_bdaddr(hci, buf, sizeof buf, &len), SX_EARG);
    CHECK(sxt::detail().find("HCI") != std::string::npos);
    for (sx_addr a : {rc.h, hci.h, sco.h}) {
        REQUIRE_CODE(sx_addr_bt_l2cap_fields(a, &v, &w, &x), SX_EARG);
        CHECK(sxt::detail().find("not an L2CAP address") != std::string::npos);
    }
    for (sx_addr a : {l2.h, sco.h})
        REQUIRE_CODE(sx_addr_bt_channel(a, &v), SX_EARG);
    for (sx_addr a : {l2.h, rc.h, sco.h})
        REQUIRE_CODE(sx_addr_bt_device_id(a, &v), SX_EARG);
    REQUIRE_CODE(sx_addr_bt_protocol(inet, &v), SX_EARG);
    CHECK(sxt::detail().find("not an AF_BLUETOOTH address") != std::string::npos);
    REQUIRE_CODE(sx_addr_bt_bdaddr(inet, buf, sizeof buf, &len), SX_EARG);
    REQUIRE_CODE(sx_addr_bt_l2cap_fields(inet, &v, &w, &x), SX_EARG);
    REQUIRE_CODE(sx_addr_bt_channel(inet, &v), SX_EARG);
    REQUIRE_CODE(sx_addr_bt_device_id(inet, &v), SX_EARG);

    sx_addr closed = 0;
    REQUIRE_SX(sx_addr_bt_hci(0, 0, &closed));
    REQUIRE_SX(sx_addr_close(closed));
    REQUIRE_CODE(sx_addr_bt_protocol(closed, &v), SX_EBADHANDLE);
    REQUIRE_CODE(sx_addr_bt_bdaddr(closed, buf, sizeof buf, &len), SX_EBADHANDLE);
    REQUIRE_CODE(sx_addr_bt_l2cap_fields(closed, &v, &w, &x), SX_EBADHANDLE);
    REQUIRE_CODE(sx_addr_bt_channel(closed, &v), SX_EBADHANDLE);
    REQUIRE_CODE(sx_addr_bt_device_id(closed, &v), SX_EBADHANDLE);
}

TEST_CASE("bluetooth: sx_addr_bt_bdaddr follows the buffer convention", "[family][bluetooth]")
{
    Addr a;
    REQUIRE_SX(sx_addr_bt_sco("0A:0B:0C:0D:0E:0F", a.out()));
    char buf[18];
    std::memset(buf, '#', sizeof buf);
    size_t len = 0;
    REQUIRE_CODE(sx_addr_bt_bdaddr(a, nullptr, 0, &len), SX_ETRUNC);
    CHECK(len == 17);
    REQUIRE_CODE(sx_addr_bt_bdaddr(a, buf, 17, &len), SX_ETRUNC);
    CHECK(buf[0] == '#');
    REQUIRE_SX(sx_addr_bt_bdaddr(a, buf, 18, &len));
    CHECK(std::string(buf) == "0A:0B:0C:0D:0E:0F");
}

TEST_CASE("bluetooth: raw bytes of every length 2 to 128", "[family][bluetooth]")
{
    for (size_t n = 2; n <= 128; n++) {
        INFO("length " << n);
        std::vector<unsigned char> bytes(n);
        for (size_t i = 0; i < n; i++)
            bytes[i] = static_cast<unsigned char>(0xA0 + i);
        bytes[0] = 31;
        bytes[1] = 0;
        Addr a;
        int32_t rc = sx_addr_from_sockaddr(bytes.data(), n, a.out());
        if (n < 6) { // shorter than the shortest layout (HCI)
            REQUIRE_CODE(rc, SX_EARG);
            CHECK(sxt::detail().find("AF_BLUETOOTH sockaddr too short") != std::string::npos);
            continue;
        }
        REQUIRE_SX(rc);
        CHECK(sxt::raw(a) == std::string(bytes.begin(), bytes.end()));
        int32_t proto = -1;
        int32_t prc = sx_addr_bt_protocol(a, &proto);
        std::string text = sxt::text(a);
        int32_t v, w, x;
        char buf[32];
        size_t len;
        switch (n) {
        case 6:
            REQUIRE_SX(prc);
            CHECK(proto == SX_BTPROTO_HCI);
            REQUIRE_SX(sx_addr_bt_device_id(a, &v));
            CHECK(v == 0xA3A2);
            CHECK(text == "hci:41890:42404");
            break;
        case 8:
            REQUIRE_SX(prc);
            CHECK(proto == SX_BTPROTO_SCO);
            CHECK(bdaddr_of(a) == "A7:A6:A5:A4:A3:A2");
            CHECK(text == "sco:[A7:A6:A5:A4:A3:A2]");
            break;
        case 10:
            REQUIRE_SX(prc);
            CHECK(proto == SX_BTPROTO_RFCOMM);
            REQUIRE_SX(sx_addr_bt_channel(a, &v));
            CHECK(v == 0xA8);
            // The padding byte is not a field: the text cannot carry it, so only the fields read back.
            CHECK(text == "rfcomm:[A7:A6:A5:A4:A3:A2]:168");
            break;
        case 14:
            REQUIRE_SX(prc);
            CHECK(proto == SX_BTPROTO_L2CAP);
            REQUIRE_SX(sx_addr_bt_l2cap_fields(a, &v, &w, &x));
            CHECK(v == 0xA3A2);
            CHECK(w == 0xABAA);
            CHECK(x == 0xAC);
            CHECK(text == "l2cap:[A9:A8:A7:A6:A5:A4]:41890:43946:172");
            break;
        default:
            REQUIRE_CODE(prc, SX_EARG);
            CHECK(sxt::detail().find("no known layout") != std::string::npos);
            REQUIRE_CODE(sx_addr_bt_bdaddr(a, buf, sizeof buf, &len), SX_EARG);
            REQUIRE_CODE(sx_addr_bt_l2cap_fields(a, &v, &w, &x), SX_EARG);
            REQUIRE_CODE(sx_addr_bt_channel(a, &v), SX_EARG);
            REQUIRE_CODE(sx_addr_bt_device_id(a, &v), SX_EARG);
            CHECK(text.rfind("family=31:a2a3", 0) == 0); // the raw form
            CHECK(text.size() == std::string("family=31:").size() + 2 * (n - 2));
        }
    }
}

TEST_CASE("bluetooth: text forms that are not read", "[family][bluetooth]")
{
    struct {
        const char *text;
        int32_t rc;
    } cases[] = {
        {"l2cap:[01:02:03:04:05:06]:1:2", SX_EARG},
        {"l2cap:[01:02:03:04:05:06]:1:2:3:4", SX_EARG},
        {"l2cap:01:02:03:04:05:06:1:2:3", SX_EARG},
        {"l2cap:[01:02:03:04:05:06]:65536:0:0", SX_EOUTOFRANGE},
        {"l2cap:[01:02:03:04:05:06]:1:65536:0", SX_EOUTOFRANGE},
        {"l2cap:[01:02:03:04:05:06]:1:0:256", SX_EOUTOFRANGE},
        {"l2cap:[01:02:03:04:05:06:07]:1:0:0", SX_EARG},
        {"rfcomm:[01:02:03:04:05:06]", SX_EARG},
        {"rfcomm:[01:02:03:04:05:06]:256", SX_EOUTOFRANGE},
        {"rfcomm:[01:02:03:04:05:06]:-1", SX_EARG},
        {"rfcomm:[01:02:03:04:05:06:1", SX_EARG},
        {"hci:1", SX_EARG},
        {"hci:65536:0", SX_EOUTOFRANGE},
        {"hci:0:65536", SX_EOUTOFRANGE},
        {"hci::0", SX_EARG},
        {"sco:", SX_EARG},
        {"sco:[]", SX_EARG},
        {"sco:[01:02:03:04:05:06]x", SX_EARG},
        {"sco:[01:02:03:04:05:6g]", SX_EARG},
    };
    for (auto &c : cases) {
        for (int32_t family : {0, SX_AF_BLUETOOTH}) {
            INFO("'" << c.text << "' family " << family);
            Addr a;
            REQUIRE_CODE(sx_addr_from_string(family, c.text, a.out()), c.rc);
            CHECK(a.h == 0);
            CHECK(!sxt::detail().empty());
        }
    }
    // Another family's text, named as Bluetooth.
    Addr a;
    REQUIRE_CODE(sx_addr_from_string(SX_AF_BLUETOOTH, "127.0.0.1:80", a.out()), SX_EARG);
}

TEST_CASE("bluetooth: text round trips over many addresses", "[family][bluetooth]")
{
    uint32_t seed = 12345;
    auto next = [&seed] { return seed = seed * 1103515245u + 12345u, (seed >> 8) & 0xFFFF; };
    for (int i = 0; i < 300; i++) {
        char ba[18];
        std::snprintf(ba, sizeof ba, "%02x:%02x:%02x:%02x:%02x:%02x", next() & 0xFF, next() & 0xFF, next() & 0xFF,
                      next() & 0xFF, next() & 0xFF, next() & 0xFF);
        INFO("bdaddr " << ba);
        Addr l2, rc, hci, sco;
        REQUIRE_SX(sx_addr_bt_l2cap(ba, static_cast<int32_t>(next()), static_cast<int32_t>(next()),
                                    static_cast<int32_t>(next() & 0xFF), l2.out()));
        REQUIRE_SX(sx_addr_bt_rfcomm(ba, static_cast<int32_t>(next() & 0xFF), rc.out()));
        REQUIRE_SX(sx_addr_bt_hci(static_cast<int32_t>(next()), static_cast<int32_t>(next()), hci.out()));
        REQUIRE_SX(sx_addr_bt_sco(ba, sco.out()));
        for (sx_addr a : {l2.h, rc.h, hci.h, sco.h})
            check_round_trips(a);
    }
}
