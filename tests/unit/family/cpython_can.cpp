// SPDX-License-Identifier: MIT
// CPython 3.11 Lib/test/test_socket.py, the AF_CAN classes, ported to the C API with their
// skip conditions (HAVE_SOCKET_CAN, HAVE_SOCKET_CAN_ISOTP, HAVE_SOCKET_CAN_J1939: a socket of
// that protocol opens; CANTest, ISOTPTest.testBind and J1939Test.testBind: the vcan0 interface
// exists). Where vcan0 does not exist but the kernel has vcan, the test makes one in a network
// namespace of its own instead of skipping (VcanNamespace).
//   BasicCANTest: testCrucialConstants, testBCMConstants (the values, against linux/can.h),
//     testCreateSocket, testCreateBCMSocket, testBindAny, testTooLongInterfaceName, testLoopback,
//     testFilter (through sx_socket_can_set_filters, and raw bytes as CPython does).
//   CANTest: testSendFrame, testSendMaxFrame, testSendMultiFrames, testBCM (the frames built with
//     sx_can_frame_encode, the BCM header with sx_can_bcm_encode, CPython's struct formats
//     checked against them); the client and server run in one thread: datagrams need no peer thread.
//   ISOTPTest: testCrucialConstants, testCreateSocket, testCreateISOTPSocket,
//     testTooLongInterfaceName, testBind (getsockname carries the ISO-TP layout).
//   J1939Test: testJ1939Constants, testCreateJ1939Socket, testBind.
#include "can_helpers.hpp"

#include <cstring>
#include <linux/can.h>
#include <linux/can/bcm.h>
#include <linux/can/j1939.h>
#include <linux/can/raw.h>
#include <memory>
#include <sys/socket.h>

using sxt::Addr;
using sxt::Sock;

namespace {

bool have_can()
{
    return sxt::kernel_has(SX_PF_CAN, SX_SOCK_RAW, SX_CAN_RAW);
}

// vcan0 as CPython's tests expect it: the host's own if it has one, else one in a namespace
// of this test's own (null with the reason when neither can be had).
std::unique_ptr<sxt::VcanNamespace> vcan0(std::string &why)
{
    uint32_t index = 0;
    if (sx_if_nametoindex("vcan0", &index) == 0)
        return std::make_unique<sxt::VcanNamespace>(sxt::VcanNamespace::Existing{});
    auto ns = std::make_unique<sxt::VcanNamespace>();
    if (!ns->ok()) {
        why = "network interface `vcan0` does not exist: " + ns->why();
        return nullptr;
    }
    return ns;
}

std::string frame_bytes(uint32_t can_id, const std::string &data)
{
    unsigned char buf[SX_CANFD_MTU];
    size_t len = 0;
    REQUIRE_SX(sx_can_frame_encode(can_id, 0, data.data(), data.size(), buf, sizeof buf, &len));
    return std::string(reinterpret_cast<char *>(buf), len);
}

// CPython's build_can_frame: struct.pack("=IB3x8s", can_id, len(data), data.ljust(8, b'\0')).
std::string cpython_can_frame(uint32_t can_id, const std::string &data)
{
    std::string f(16, '\0');
    std::memcpy(&f[0], &can_id, 4);
    f[4] = static_cast<char>(data.size());
    std::memcpy(&f[8], data.data(), data.size());
    return f;
}

} // namespace

TEST_CASE("BasicCANTest.testCrucialConstants", "[family][can][cpython]")
{
    if (!have_can())
        FAMILY_SKIP("SocketCan required for this test: " SXT_NO_CAN);
    CHECK(SX_AF_CAN == AF_CAN);
    CHECK(SX_PF_CAN == PF_CAN);
    CHECK(SX_CAN_RAW == CAN_RAW);
}

TEST_CASE("BasicCANTest.testBCMConstants", "[family][can][cpython]")
{
    if (!have_can())
        FAMILY_SKIP("SocketCan required for this test: " SXT_NO_CAN);
    CHECK(SX_CAN_BCM == CAN_BCM);
    CHECK(SX_CAN_BCM_TX_SETUP == TX_SETUP);
    CHECK(SX_CAN_BCM_TX_DELETE == TX_DELETE);
    CHECK(SX_CAN_BCM_TX_READ == TX_READ);
    CHECK(SX_CAN_BCM_TX_SEND == TX_SEND);
    CHECK(SX_CAN_BCM_RX_SETUP == RX_SETUP);
    CHECK(SX_CAN_BCM_RX_DELETE == RX_DELETE);
    CHECK(SX_CAN_BCM_RX_READ == RX_READ);
    CHECK(SX_CAN_BCM_TX_STATUS == TX_STATUS);
    CHECK(SX_CAN_BCM_TX_EXPIRED == TX_EXPIRED);
    CHECK(SX_CAN_BCM_RX_STATUS == RX_STATUS);
    CHECK(SX_CAN_BCM_RX_TIMEOUT == RX_TIMEOUT);
    CHECK(SX_CAN_BCM_RX_CHANGED == RX_CHANGED);
    CHECK(SX_CAN_BCM_SETTIMER == SETTIMER);
    CHECK(SX_CAN_BCM_STARTTIMER == STARTTIMER);
    CHECK(SX_CAN_BCM_TX_COUNTEVT == TX_COUNTEVT);
    CHECK(SX_CAN_BCM_TX_ANNOUNCE == TX_ANNOUNCE);
    CHECK(SX_CAN_BCM_TX_CP_CAN_ID == TX_CP_CAN_ID);
    CHECK(SX_CAN_BCM_RX_FILTER_ID == RX_FILTER_ID);
    CHECK(SX_CAN_BCM_RX_CHECK_DLC == RX_CHECK_DLC);
    CHECK(SX_CAN_BCM_RX_NO_AUTOTIMER == RX_NO_AUTOTIMER);
    CHECK(SX_CAN_BCM_RX_ANNOUNCE_RESUME == RX_ANNOUNCE_RESUME);
    CHECK(SX_CAN_BCM_TX_RESET_MULTI_IDX == TX_RESET_MULTI_IDX);
    CHECK(SX_CAN_BCM_RX_RTR_FRAME == RX_RTR_FRAME);
}

TEST_CASE("BasicCANTest.testCreateSocket", "[family][can][cpython]")
{
    if (!have_can())
        FAMILY_SKIP("SocketCan required for this test: " SXT_NO_CAN);
    Sock s;
    REQUIRE_SX(sx_socket_open(SX_PF_CAN, SX_SOCK_RAW, SX_CAN_RAW, s.out()));
}

TEST_CASE("BasicCANTest.testCreateBCMSocket", "[family][can][cpython]")
{
    if (!have_can())
        FAMILY_SKIP("SocketCan required for this test: " SXT_NO_CAN);
    Sock s;
    REQUIRE_SX(sx_socket_open(SX_PF_CAN, SX_SOCK_DGRAM, SX_CAN_BCM, s.out()));
}

TEST_CASE("BasicCANTest.testBindAny", "[family][can][cpython]")
{
    if (!have_can())
        FAMILY_SKIP("SocketCan required for this test: " SXT_NO_CAN);
    Sock s;
    Addr any, name;
    REQUIRE_SX(sx_socket_open(SX_PF_CAN, SX_SOCK_RAW, SX_CAN_RAW, s.out()));
    REQUIRE_SX(sx_addr_can("", any.out()));
    REQUIRE_SX(sx_socket_bind(s, any));
    REQUIRE_SX(sx_socket_getsockname(s, name.out()));
    CHECK(sxt::can_ifname(name) == "");
    CHECK(sxt::can_protocol(name) == SX_CAN_RAW);
    CHECK(sxt::text(name) == "can:");
}

TEST_CASE("BasicCANTest.testTooLongInterfaceName", "[family][can][cpython]")
{
    if (!have_can())
        FAMILY_SKIP("SocketCan required for this test: " SXT_NO_CAN);
    Sock s;
    REQUIRE_SX(sx_socket_open(SX_PF_CAN, SX_SOCK_RAW, SX_CAN_RAW, s.out()));
    // The library refuses the name when the address is made, before bind could be called.
    sx_addr a = 0;
    REQUIRE_CODE(sx_addr_can(std::string(1024, 'x').c_str(), &a), SX_EARG);
    CHECK(sxt::detail().find("interface name too long") != std::string::npos);
}

TEST_CASE("BasicCANTest.testLoopback", "[family][can][cpython]")
{
    if (!have_can())
        FAMILY_SKIP("SocketCan required for this test: " SXT_NO_CAN);
    Sock s;
    REQUIRE_SX(sx_socket_open(SX_PF_CAN, SX_SOCK_RAW, SX_CAN_RAW, s.out()));
    for (int loopback : {0, 1}) {
        REQUIRE_SX(sx_socket_setsockopt_int(s, SX_SOL_CAN_RAW, SX_CAN_RAW_LOOPBACK, loopback));
        int64_t v = -1;
        REQUIRE_SX(sx_socket_getsockopt_int(s, SX_SOL_CAN_RAW, SX_CAN_RAW_LOOPBACK, &v));
        CHECK(v == loopback);
    }
}

TEST_CASE("BasicCANTest.testFilter", "[family][can][cpython]")
{
    if (!have_can())
        FAMILY_SKIP("SocketCan required for this test: " SXT_NO_CAN);
    uint32_t can_id = 0x200, can_mask = 0x700;
    // struct.pack("=II", can_id, can_mask)
    unsigned char can_filter[8];
    std::memcpy(can_filter, &can_id, 4);
    std::memcpy(can_filter + 4, &can_mask, 4);
    Sock s;
    REQUIRE_SX(sx_socket_open(SX_PF_CAN, SX_SOCK_RAW, SX_CAN_RAW, s.out()));
    REQUIRE_SX(sx_socket_can_set_filters(s, &can_id, &can_mask, 1));
    unsigned char got[8];
    size_t len = 0;
    REQUIRE_SX(sx_socket_getsockopt_bytes(s, SX_SOL_CAN_RAW, SX_CAN_RAW_FILTER, got, sizeof got, &len));
    CHECK(std::string(reinterpret_cast<char *>(got), len) == std::string(reinterpret_cast<char *>(can_filter), 8));
    REQUIRE_SX(sx_socket_setsockopt_bytes(s, SX_SOL_CAN_RAW, SX_CAN_RAW_FILTER, can_filter, sizeof can_filter));
}

namespace {

// SocketCANTest.setUp and ThreadedCANSocketTest.clientSetUp: a server and a client CAN_RAW
// socket bound to vcan0.
struct CanPair {
    std::unique_ptr<sxt::VcanNamespace> ns;
    Sock s, cli;
    std::string why;
    bool ready = false;
    CanPair()
    {
        if (!have_can()) {
            why = "SocketCan required for this test: " SXT_NO_CAN;
            return;
        }
        ns = vcan0(why);
        if (!ns)
            return;
        Addr a;
        REQUIRE_SX(sx_addr_can("vcan0", a.out()));
        REQUIRE_SX(sx_socket_open(SX_PF_CAN, SX_SOCK_RAW, SX_CAN_RAW, s.out()));
        REQUIRE_SX(sx_socket_bind(s, a));
        REQUIRE_SX(sx_socket_open(SX_PF_CAN, SX_SOCK_RAW, SX_CAN_RAW, cli.out()));
        REQUIRE_SX(sx_socket_bind(cli, a));
        REQUIRE_SX(sx_socket_settimeout(s, 10.0));
        REQUIRE_SX(sx_socket_settimeout(cli, 10.0));
        ready = true;
    }
    ~CanPair()
    {
        // The sockets close before the namespace goes.
        sx_socket_close(s.h);
        sx_socket_close(cli.h);
        s.h = cli.h = 0;
    }
};

std::string recv_frame(sx_socket s, std::string *ifname = nullptr)
{
    unsigned char buf[128]; // bufsize
    size_t len = 0;
    sx_addr from = 0;
    REQUIRE_SX(sx_socket_recvfrom(s, buf, sizeof buf, 0, &len, &from));
    Addr owner(from);
    if (ifname)
        *ifname = sxt::can_ifname(from);
    return std::string(reinterpret_cast<char *>(buf), len);
}

void send_frame(sx_socket s, const std::string &cf)
{
    size_t sent = 0;
    REQUIRE_SX(sx_socket_send(s, cf.data(), cf.size(), 0, &sent));
    CHECK(sent == cf.size());
}

} // namespace

TEST_CASE("CANTest.testSendFrame", "[family][can][cpython]")
{
    CanPair p;
    if (!p.ready)
        FAMILY_SKIP(p.why);
    std::string cf = frame_bytes(0x00, "\x01\x02\x03\x04\x05");
    CHECK(cf == cpython_can_frame(0x00, "\x01\x02\x03\x04\x05"));
    send_frame(p.cli, cf);
    std::string ifname;
    CHECK(recv_frame(p.s, &ifname) == cf);
    CHECK(ifname == "vcan0");
}

TEST_CASE("CANTest.testSendMaxFrame", "[family][can][cpython]")
{
    CanPair p;
    if (!p.ready)
        FAMILY_SKIP(p.why);
    std::string cf = frame_bytes(0x00, std::string(8, '\x07'));
    send_frame(p.cli, cf);
    CHECK(recv_frame(p.s) == cf);
}

TEST_CASE("CANTest.testSendMultiFrames", "[family][can][cpython]")
{
    CanPair p;
    if (!p.ready)
        FAMILY_SKIP(p.why);
    std::string cf1 = frame_bytes(0x07, "\x44\x33\x22\x11"), cf2 = frame_bytes(0x12, "\x99\x22\x33");
    send_frame(p.cli, cf1);
    send_frame(p.cli, cf2);
    CHECK(recv_frame(p.s) == cf1);
    CHECK(recv_frame(p.s) == cf2);
}

TEST_CASE("CANTest.testBCM", "[family][can][cpython]")
{
    CanPair p;
    if (!p.ready)
        FAMILY_SKIP(p.why);
    Sock bcm;
    Addr a;
    REQUIRE_SX(sx_socket_open(SX_PF_CAN, SX_SOCK_DGRAM, SX_CAN_BCM, bcm.out()));
    REQUIRE_SX(sx_addr_can("vcan0", a.out()));
    REQUIRE_SX(sx_socket_connect(bcm, a));
    uint32_t can_id = 0x123;
    std::string data("\xc0\xff\xee", 3);
    std::string cf = frame_bytes(can_id, data);
    REQUIRE(cf.size() == 16);
    unsigned char msg[sizeof(struct bcm_msg_head) + 16];
    size_t len = 0;
    REQUIRE_SX(sx_can_bcm_encode(SX_CAN_BCM_TX_SEND, 0, 0, 0, 0, 0x0222, cf.data(), cf.size(), msg, sizeof msg, &len));
    // CPython's header: struct.pack("@3I4l2I" padded to 8, ...) then the frame.
    struct bcm_msg_head h;
    std::memset(&h, 0, sizeof h);
    h.opcode = TX_SEND;
    h.can_id = 0x0222;
    h.nframes = 1;
    CHECK(std::string(reinterpret_cast<char *>(msg), len) ==
          std::string(reinterpret_cast<char *>(&h), sizeof h) + cf);
    size_t sent = 0;
    REQUIRE_SX(sx_socket_send(bcm, msg, len, 0, &sent));
    CHECK(sent == len);
    // _testBCM: the client receives the frame the broadcast manager sent.
    std::string got = recv_frame(p.cli);
    CHECK(got == cf);
    uint32_t id = 0, flags = 0;
    unsigned char d[8];
    size_t dlen = 0;
    REQUIRE_SX(sx_can_frame_decode(got.data(), got.size(), &id, &flags, d, sizeof d, &dlen));
    CHECK(id == can_id);
    CHECK(std::string(reinterpret_cast<char *>(d), dlen) == data);
}

namespace {

bool have_isotp()
{
    return sxt::kernel_has(SX_PF_CAN, SX_SOCK_DGRAM, SX_CAN_ISOTP);
}

bool have_j1939()
{
    return sxt::kernel_has(SX_PF_CAN, SX_SOCK_DGRAM, SX_CAN_J1939);
}

#define NO_ISOTP "CAN ISOTP required for this test: " SXT_NO_CAN ", and the can-isotp module"
#define NO_J1939 "CAN J1939 required for this test: " SXT_NO_CAN ", and the can-j1939 module"

} // namespace

TEST_CASE("ISOTPTest.testCrucialConstants", "[family][can][cpython]")
{
    if (!have_isotp())
        FAMILY_SKIP(NO_ISOTP);
    CHECK(SX_AF_CAN == AF_CAN);
    CHECK(SX_PF_CAN == PF_CAN);
    CHECK(SX_CAN_ISOTP == CAN_ISOTP);
    CHECK(SX_SOCK_DGRAM == SOCK_DGRAM);
}

TEST_CASE("ISOTPTest.testCreateSocket", "[family][can][cpython]")
{
    if (!have_isotp())
        FAMILY_SKIP(NO_ISOTP);
    Sock s;
    REQUIRE_SX(sx_socket_open(SX_PF_CAN, SX_SOCK_RAW, SX_CAN_RAW, s.out()));
}

TEST_CASE("ISOTPTest.testCreateISOTPSocket", "[family][can][cpython]")
{
    if (!have_isotp())
        FAMILY_SKIP(NO_ISOTP);
    Sock s;
    REQUIRE_SX(sx_socket_open(SX_PF_CAN, SX_SOCK_DGRAM, SX_CAN_ISOTP, s.out()));
}

TEST_CASE("ISOTPTest.testTooLongInterfaceName", "[family][can][cpython]")
{
    if (!have_isotp())
        FAMILY_SKIP(NO_ISOTP);
    Sock s;
    REQUIRE_SX(sx_socket_open(SX_PF_CAN, SX_SOCK_DGRAM, SX_CAN_ISOTP, s.out()));
    sx_addr a = 0;
    REQUIRE_CODE(sx_addr_can_isotp(std::string(1024, 'x').c_str(), 1, 2, &a), SX_EARG);
    CHECK(sxt::detail().find("interface name too long") != std::string::npos);
}

TEST_CASE("ISOTPTest.testBind", "[family][can][cpython]")
{
    if (!have_isotp())
        FAMILY_SKIP(NO_ISOTP);
    std::string why;
    auto ns = vcan0(why);
    if (!ns)
        FAMILY_SKIP(why);
    Addr addr, name;
    {
        Sock s;
        REQUIRE_SX(sx_socket_open(SX_PF_CAN, SX_SOCK_DGRAM, SX_CAN_ISOTP, s.out()));
        REQUIRE_SX(sx_addr_can_isotp("vcan0", 0x123, 0x456, addr.out()));
        REQUIRE_SX(sx_socket_bind(s, addr));
        REQUIRE_SX(sx_socket_getsockname(s, name.out()));
    }
    // The kernel's address read in the ISO-TP layout, from the socket's protocol.
    CHECK(sxt::can_protocol(name) == SX_CAN_ISOTP);
    CHECK(sxt::text(name) == "can-isotp:vcan0:0x123:0x456");
    uint32_t rx = 0, tx = 0;
    REQUIRE_SX(sx_addr_can_isotp_ids(name, &rx, &tx));
    CHECK(rx == 0x123);
    CHECK(tx == 0x456);
}

TEST_CASE("J1939Test.testJ1939Constants", "[family][can][cpython]")
{
    if (!have_j1939())
        FAMILY_SKIP(NO_J1939);
    CHECK(SX_CAN_J1939 == CAN_J1939);
    CHECK(SX_J1939_MAX_UNICAST_ADDR == J1939_MAX_UNICAST_ADDR);
    CHECK(SX_J1939_IDLE_ADDR == J1939_IDLE_ADDR);
    CHECK(SX_J1939_NO_ADDR == J1939_NO_ADDR);
    CHECK(SX_J1939_NO_NAME == J1939_NO_NAME);
    CHECK(SX_J1939_PGN_REQUEST == J1939_PGN_REQUEST);
    CHECK(SX_J1939_PGN_ADDRESS_CLAIMED == J1939_PGN_ADDRESS_CLAIMED);
    CHECK(SX_J1939_PGN_ADDRESS_COMMANDED == J1939_PGN_ADDRESS_COMMANDED);
    CHECK(SX_J1939_PGN_PDU1_MAX == J1939_PGN_PDU1_MAX);
    CHECK(SX_J1939_PGN_MAX == J1939_PGN_MAX);
    CHECK(SX_J1939_NO_PGN == J1939_NO_PGN);
    CHECK(SX_SO_J1939_FILTER == SO_J1939_FILTER);
    CHECK(SX_SO_J1939_PROMISC == SO_J1939_PROMISC);
    CHECK(SX_SO_J1939_SEND_PRIO == SO_J1939_SEND_PRIO);
    CHECK(SX_SO_J1939_ERRQUEUE == SO_J1939_ERRQUEUE);
    CHECK(SX_SCM_J1939_DEST_ADDR == SCM_J1939_DEST_ADDR);
    CHECK(SX_SCM_J1939_DEST_NAME == SCM_J1939_DEST_NAME);
    CHECK(SX_SCM_J1939_PRIO == SCM_J1939_PRIO);
    CHECK(SX_SCM_J1939_ERRQUEUE == SCM_J1939_ERRQUEUE);
    CHECK(SX_J1939_NLA_PAD == J1939_NLA_PAD);
    CHECK(SX_J1939_NLA_BYTES_ACKED == J1939_NLA_BYTES_ACKED);
    CHECK(SX_J1939_EE_INFO_NONE == J1939_EE_INFO_NONE);
    CHECK(SX_J1939_EE_INFO_TX_ABORT == J1939_EE_INFO_TX_ABORT);
    CHECK(SX_J1939_FILTER_MAX == J1939_FILTER_MAX);
}

TEST_CASE("J1939Test.testCreateJ1939Socket", "[family][can][cpython]")
{
    if (!have_j1939())
        FAMILY_SKIP(NO_J1939);
    Sock s;
    REQUIRE_SX(sx_socket_open(SX_PF_CAN, SX_SOCK_DGRAM, SX_CAN_J1939, s.out()));
}

TEST_CASE("J1939Test.testBind", "[family][can][cpython]")
{
    if (!have_j1939())
        FAMILY_SKIP(NO_J1939);
    std::string why;
    auto ns = vcan0(why);
    if (!ns)
        FAMILY_SKIP(why);
    Addr addr, name;
    {
        Sock s;
        REQUIRE_SX(sx_socket_open(SX_PF_CAN, SX_SOCK_DGRAM, SX_CAN_J1939, s.out()));
        REQUIRE_SX(sx_addr_can_j1939("vcan0", SX_J1939_NO_NAME, SX_J1939_NO_PGN, SX_J1939_NO_ADDR, addr.out()));
        REQUIRE_SX(sx_socket_bind(s, addr));
        REQUIRE_SX(sx_socket_getsockname(s, name.out()));
    }
    CHECK(sxt::can_protocol(name) == SX_CAN_J1939);
    CHECK(sxt::text(name) == "can-j1939:vcan0:0x0:0x40000:255");
    CHECK(sxt::equal(name, addr) == 1);
}
