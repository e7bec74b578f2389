// SPDX-License-Identifier: MIT
// CPython's BasicBluetoothTest (Lib/test/test_socket.py, 3.11), ported: the constants, and
// one socket of each protocol. CPython skips the class unless _have_socket_bluetooth()
// (an RFCOMM stream socket can be made); the socket cases skip the same way here.
#include "bt_helpers.hpp"

#include <cstring>

using sxt::Sock;

namespace {

int64_t constant(const char *name)
{
    int64_t v = -1;
    REQUIRE_SX(sx_constant(name, &v));
    return v;
}

void create(int32_t type, int32_t proto)
{
    if (!sxt::have_socket_bluetooth())
        SXT_SKIP("Bluetooth sockets required for this test (socket(AF_BLUETOOTH) gives EAFNOSUPPORT here)");
    Sock s;
    REQUIRE_SX(sx_socket_open(SX_AF_BLUETOOTH, type, proto, s.out()));
}

} // namespace

TEST_CASE("cpython BasicBluetoothTest: testBluetoothConstants", "[family][bluetooth][cpython]")
{
    // CPython only touches the names; the values are the Linux kernel's.
    CHECK(std::strcmp(SX_BDADDR_ANY, "00:00:00:00:00:00") == 0);
    CHECK(std::strcmp(SX_BDADDR_LOCAL, "00:00:00:FF:FF:FF") == 0);
    CHECK(constant("AF_BLUETOOTH") == 31);
    CHECK(constant("BTPROTO_RFCOMM") == 3);
    CHECK(constant("BTPROTO_HCI") == 1);
    CHECK(constant("SOL_HCI") == 0);
    CHECK(constant("BTPROTO_L2CAP") == 0);
    CHECK(constant("BTPROTO_SCO") == 2);
}

TEST_CASE("cpython BasicBluetoothTest: testCreateRfcommSocket", "[family][bluetooth][cpython]")
{
    create(SX_SOCK_STREAM, SX_BTPROTO_RFCOMM);
}

TEST_CASE("cpython BasicBluetoothTest: testCreateL2capSocket", "[family][bluetooth][cpython]")
{
    create(SX_SOCK_SEQPACKET, SX_BTPROTO_L2CAP);
}

TEST_CASE("cpython BasicBluetoothTest: testCreateHciSocket", "[family][bluetooth][cpython]")
{
    create(SX_SOCK_RAW, SX_BTPROTO_HCI);
}

TEST_CASE("cpython BasicBluetoothTest: testCreateScoSocket", "[family][bluetooth][cpython]")
{
    create(SX_SOCK_SEQPACKET, SX_BTPROTO_SCO);
}
