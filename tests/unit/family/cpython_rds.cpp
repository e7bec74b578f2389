// SPDX-License-Identifier: MIT
// CPython 3.11 Lib/test/test_socket.py, BasicRDSTest and RDSTest, ported to the C API with
// their skip conditions: HAVE_SOCKET_RDS (an AF_RDS SOCK_SEQPACKET socket opens) for both, and
// for RDSTest a server socket that binds to (HOST, 0) ("unable to bind RDS socket" otherwise).
// AF_RDS sockets take AF_INET addresses, made with sx_addr_inet as CPython parses them.
//   BasicRDSTest: testCrucialConstants, testCreateSocket, testSocketBufferSize.
//   RDSTest: testSendAndRecv, testPeek, testSendAndRecvMsg, testSendAndRecvMulti, testSelect
//     (poll on the descriptor for select); client and server in one thread: datagrams need
//     no peer thread.
#include "can_helpers.hpp"

#include <poll.h>
#include <sys/socket.h>

using sxt::Addr;
using sxt::Sock;

namespace {

bool have_rds()
{
    return sxt::kernel_has(SX_PF_RDS, SX_SOCK_SEQPACKET, 0);
}

#define NO_RDS "RDS sockets required for this test: " SXT_NO_RDS

// SocketRDSTest.setUp and ThreadedRDSSocketTest.clientSetUp.
struct RdsPair {
    Sock serv, cli;
    Addr serv_addr, cli_addr;
    std::string why;
    bool ready = false;
    RdsPair()
    {
        if (!have_rds()) {
            why = NO_RDS;
            return;
        }
        REQUIRE_SX(sx_socket_open(SX_PF_RDS, SX_SOCK_SEQPACKET, 0, serv.out()));
        Addr host;
        REQUIRE_SX(sx_addr_inet("127.0.0.1", 0, host.out()));
        if (sx_socket_bind(serv, host) != 0) {
            why = "unable to bind RDS socket";
            return;
        }
        REQUIRE_SX(sx_socket_getsockname(serv, serv_addr.out()));
        REQUIRE_SX(sx_socket_open(SX_PF_RDS, SX_SOCK_SEQPACKET, 0, cli.out()));
        REQUIRE_SX(sx_socket_bind(cli, host)); // RDS sockets must be bound explicitly to send or receive data
        REQUIRE_SX(sx_socket_getsockname(cli, cli_addr.out()));
        REQUIRE_SX(sx_socket_settimeout(serv, 10.0));
        ready = true;
    }
    void sendto(const std::string &data)
    {
        size_t sent = 0;
        REQUIRE_SX(sx_socket_sendto(cli, data.data(), data.size(), 0, serv_addr, &sent));
    }
    std::string recvfrom(int32_t flags = 0, bool check_sender = false)
    {
        char buf[8192]; // bufsize
        size_t len = 0;
        sx_addr from = 0;
        REQUIRE_SX(sx_socket_recvfrom(serv, buf, sizeof buf, flags, &len, &from));
        Addr owner(from);
        if (check_sender)
            CHECK(sxt::equal(from, cli_addr) == 1);
        return std::string(buf, len);
    }
};

} // namespace

TEST_CASE("BasicRDSTest.testCrucialConstants", "[family][rds][cpython]")
{
    if (!have_rds())
        FAMILY_SKIP(NO_RDS);
    CHECK(SX_AF_RDS == AF_RDS);
    CHECK(SX_PF_RDS == PF_RDS);
}

TEST_CASE("BasicRDSTest.testCreateSocket", "[family][rds][cpython]")
{
    if (!have_rds())
        FAMILY_SKIP(NO_RDS);
    Sock s;
    REQUIRE_SX(sx_socket_open(SX_PF_RDS, SX_SOCK_SEQPACKET, 0, s.out()));
}

TEST_CASE("BasicRDSTest.testSocketBufferSize", "[family][rds][cpython]")
{
    if (!have_rds())
        FAMILY_SKIP(NO_RDS);
    Sock s;
    REQUIRE_SX(sx_socket_open(SX_PF_RDS, SX_SOCK_SEQPACKET, 0, s.out()));
    REQUIRE_SX(sx_socket_setsockopt_int(s, SX_SOL_SOCKET, SX_SO_RCVBUF, 16384));
    REQUIRE_SX(sx_socket_setsockopt_int(s, SX_SOL_SOCKET, SX_SO_SNDBUF, 16384));
}

TEST_CASE("RDSTest.testSendAndRecv", "[family][rds][cpython]")
{
    RdsPair p;
    if (!p.ready)
        FAMILY_SKIP(p.why);
    p.sendto("spam");
    CHECK(p.recvfrom(0, true) == "spam");
}

TEST_CASE("RDSTest.testPeek", "[family][rds][cpython]")
{
    RdsPair p;
    if (!p.ready)
        FAMILY_SKIP(p.why);
    p.sendto("spam");
    CHECK(p.recvfrom(SX_MSG_PEEK) == "spam");
    CHECK(p.recvfrom() == "spam");
}

TEST_CASE("RDSTest.testSendAndRecvMsg", "[family][rds][cpython]")
{
    RdsPair p;
    if (!p.ready)
        FAMILY_SKIP(p.why);
    std::string data;
    for (int i = 0; i < 10; i++)
        data += "hello ";
    const void *bufs[] = {data.data()};
    size_t lens[] = {data.size()}, sent = 0;
    REQUIRE_SX(sx_socket_sendmsg(p.cli, bufs, lens, 1, 0, 0, p.serv_addr, &sent));
    char buf[8192];
    void *rbufs[] = {buf};
    size_t rlens[] = {sizeof buf}, n = 0;
    sx_msg m = 0;
    REQUIRE_SX(sx_socket_recvmsg(p.serv, rbufs, rlens, 1, 0, 0, &m));
    REQUIRE_SX(sx_msg_nbytes(m, &n));
    sx_msg_close(m);
    CHECK(std::string(buf, n) == data);
}

TEST_CASE("RDSTest.testSendAndRecvMulti", "[family][rds][cpython]")
{
    RdsPair p;
    if (!p.ready)
        FAMILY_SKIP(p.why);
    p.sendto("bacon");
    p.sendto("egg");
    CHECK(p.recvfrom() == "bacon");
    CHECK(p.recvfrom() == "egg");
}

TEST_CASE("RDSTest.testSelect", "[family][rds][cpython]")
{
    RdsPair p;
    if (!p.ready)
        FAMILY_SKIP(p.why);
    p.sendto("select");
    int32_t fd = -1;
    REQUIRE_SX(sx_socket_fileno(p.serv, &fd));
    struct pollfd pfd = {fd, POLLIN, 0};
    REQUIRE(poll(&pfd, 1, 3000) == 1);
    CHECK((pfd.revents & POLLIN) != 0);
    CHECK(p.recvfrom() == "select");
}
