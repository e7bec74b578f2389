// SPDX-License-Identifier: MIT
// AF_BLUETOOTH sockets against the running kernel: this one has no Bluetooth (socket(2)
// gives EAFNOSUPPORT), which the library must report as the kernel's own code; where the
// kernel has it, the wildcard binds that need no adapter run, and those that need one skip.
#include "bt_helpers.hpp"

#include "unit/addr/addr_helpers.hpp"

using sxt::Addr;
using sxt::Sock;

namespace {

struct Kind {
    const char *name;
    int32_t type, proto;
};

const Kind kinds[] = {
    {"RFCOMM", SX_SOCK_STREAM, SX_BTPROTO_RFCOMM},
    {"L2CAP", SX_SOCK_SEQPACKET, SX_BTPROTO_L2CAP},
    {"HCI", SX_SOCK_RAW, SX_BTPROTO_HCI},
    {"SCO", SX_SOCK_SEQPACKET, SX_BTPROTO_SCO},
};

} // namespace

TEST_CASE("bluetooth live: sx_socket_open gives the kernel's own answer", "[family][bluetooth][live]")
{
    for (const Kind &k : kinds) {
        INFO(k.name);
        int e = sxt::bluetooth_socket_errno(k.type, k.proto);
        Sock s;
        int32_t rc = sx_socket_open(SX_AF_BLUETOOTH, k.type, k.proto, s.out());
        CHECK(rc == -e);
        if (e == EAFNOSUPPORT) {
            CHECK(rc == SX_EAFNOSUPPORT);
            CHECK(s.h == 0);
        }
    }
    int build = -1, kernel = -1;
    REQUIRE_SX(sx_family_supported(SX_AF_BLUETOOTH, &build, &kernel));
    CHECK(build == 1); // the codec is in the family table
    CHECK(kernel == (sxt::bluetooth_socket_errno(SOCK_STREAM, SX_BTPROTO_RFCOMM) != EAFNOSUPPORT ? 1 : 0));
}

TEST_CASE("bluetooth live: the codec works where the kernel lacks the family", "[family][bluetooth][live]")
{
    // Addresses are plain data: making, reading and printing them needs no socket.
    Addr a;
    REQUIRE_SX(sx_addr_bt_rfcomm(SX_BDADDR_ANY, 1, a.out()));
    CHECK(sxt::text(a) == "rfcomm:[00:00:00:00:00:00]:1");
}

TEST_CASE("bluetooth live: HCI raw socket bound to no device reads its address back", "[family][bluetooth][live]")
{
    if (!sxt::have_socket_bluetooth())
        SXT_SKIP("the kernel has no AF_BLUETOOTH (socket() gives EAFNOSUPPORT; needs the bluetooth module)");
    Sock s;
    REQUIRE_SX(sx_socket_open(SX_AF_BLUETOOTH, SX_SOCK_RAW, SX_BTPROTO_HCI, s.out()));
    Addr none, bound;
    REQUIRE_SX(sx_addr_bt_hci(SX_HCI_DEV_NONE, SX_HCI_CHANNEL_RAW, none.out()));
    int32_t rc = sx_socket_bind(s, none);
    if (rc == SX_EPERM || rc == SX_EACCES)
        SXT_SKIP("binding an HCI socket needs CAP_NET_RAW");
    REQUIRE_SX(rc);
    REQUIRE_SX(sx_socket_getsockname(s, bound.out()));
    int32_t proto = -1, dev = -1;
    REQUIRE_SX(sx_addr_bt_protocol(bound, &proto));
    REQUIRE_SX(sx_addr_bt_device_id(bound, &dev));
    CHECK(proto == SX_BTPROTO_HCI);
    CHECK(dev == SX_HCI_DEV_NONE);
}

TEST_CASE("bluetooth live: RFCOMM and L2CAP wildcard binds read back by length", "[family][bluetooth][live]")
{
    if (!sxt::have_socket_bluetooth())
        SXT_SKIP("the kernel has no AF_BLUETOOTH (socket() gives EAFNOSUPPORT; needs the bluetooth module)");
    Sock rfcomm, l2cap;
    REQUIRE_SX(sx_socket_open(SX_AF_BLUETOOTH, SX_SOCK_STREAM, SX_BTPROTO_RFCOMM, rfcomm.out()));
    REQUIRE_SX(sx_socket_open(SX_AF_BLUETOOTH, SX_SOCK_SEQPACKET, SX_BTPROTO_L2CAP, l2cap.out()));
    Addr rc_any, l2_any, rc_bound, l2_bound;
    REQUIRE_SX(sx_addr_bt_rfcomm(SX_BDADDR_ANY, 0, rc_any.out()));
    REQUIRE_SX(sx_addr_bt_l2cap(SX_BDADDR_ANY, 0, 0, SX_BDADDR_BREDR, l2_any.out()));
    int32_t rc = sx_socket_bind(rfcomm, rc_any);
    if (rc == SX_EADDRNOTAVAIL || rc == SX_ENODEV)
        SXT_SKIP("binding needs a Bluetooth adapter, and this machine has none");
    REQUIRE_SX(rc);
    REQUIRE_SX(sx_socket_bind(l2cap, l2_any));
    REQUIRE_SX(sx_socket_getsockname(rfcomm, rc_bound.out()));
    REQUIRE_SX(sx_socket_getsockname(l2cap, l2_bound.out()));
    int32_t proto = -1;
    REQUIRE_SX(sx_addr_bt_protocol(rc_bound, &proto));
    CHECK(proto == SX_BTPROTO_RFCOMM);
    REQUIRE_SX(sx_addr_bt_protocol(l2_bound, &proto));
    CHECK(proto == SX_BTPROTO_L2CAP);
    // Connecting needs a remote device.
    SXT_SKIP("connect and accept need a Bluetooth adapter and a peer device");
}
