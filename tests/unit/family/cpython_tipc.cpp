// SPDX-License-Identifier: MIT
// CPython's TIPCTest and TIPCThreadableTest (Lib/test/test_socket.py, 3.11). CPython runs them
// when /proc/modules lists the tipc module; here they also run when TIPC is built into the
// kernel (an AF_TIPC socket can be made), and skip with the reason otherwise.
#include "codec_checks.hpp"

#include <fstream>
#include <socketx/family/tipc.h>

using sxt::Addr;
using sxt::Sock;

namespace {

const std::string MSG = "Michael Gilfix was here\xe1\x88\xb4\r\n";
constexpr uint32_t TIPC_STYPE = 2000, TIPC_LOWER = 200, TIPC_UPPER = 210;

// CPython's isTipcAvailable(), widened to a built-in TIPC.
bool tipc_available(std::string *why)
{
    std::ifstream modules("/proc/modules");
    for (std::string line; std::getline(modules, line);)
        if (line.rfind("tipc ", 0) == 0)
            return true;
    sx_socket s = 0;
    int32_t rc = sx_socket_open(SX_AF_TIPC, SX_SOCK_RDM, 0, &s);
    if (rc == 0) {
        sx_socket_close(s);
        return true;
    }
    *why = std::string("TIPC module is not loaded, please 'sudo modprobe tipc' (socket: ") + sx_error_name(rc) + ")";
    return false;
}

#define SKIP_UNLESS_TIPC()                                                                                           \
    do {                                                                                                             \
        std::string why_;                                                                                            \
        if (!tipc_available(&why_)) {                                                                                \
            WARN("skipped, as CPython skips it: " << why_);                                                          \
            return;                                                                                                  \
        }                                                                                                            \
    } while (0)

// The server's (TIPC_ADDR_NAMESEQ, TIPC_STYPE, TIPC_LOWER, TIPC_UPPER) and the client's
// (TIPC_ADDR_NAME, TIPC_STYPE, the middle of the range, 0), both in Python's default scope.
void server_addr(Addr &a)
{
    REQUIRE_SX(sx_addr_tipc(SX_TIPC_ADDR_NAMESEQ, TIPC_STYPE, TIPC_LOWER, TIPC_UPPER, SX_TIPC_CLUSTER_SCOPE, a.out()));
}

void client_addr(Addr &a)
{
    REQUIRE_SX(sx_addr_tipc(SX_TIPC_ADDR_NAME, TIPC_STYPE, TIPC_LOWER + (TIPC_UPPER - TIPC_LOWER) / 2, 0,
                            SX_TIPC_CLUSTER_SCOPE, a.out()));
}

} // namespace

TEST_CASE("cpython TIPCTest: testRDM", "[family][tipc][cpython]")
{
    SKIP_UNLESS_TIPC();
    Sock srv, cli;
    REQUIRE_SX(sx_socket_open(SX_AF_TIPC, SX_SOCK_RDM, 0, srv.out()));
    REQUIRE_SX(sx_socket_open(SX_AF_TIPC, SX_SOCK_RDM, 0, cli.out()));
    REQUIRE_SX(sx_socket_setsockopt_int(srv, SX_SOL_SOCKET, SX_SO_REUSEADDR, 1));
    Addr srvaddr, sendaddr;
    server_addr(srvaddr);
    REQUIRE_SX(sx_socket_bind(srv, srvaddr));
    client_addr(sendaddr);
    size_t sent = 0;
    REQUIRE_SX(sx_socket_sendto(cli, MSG.data(), MSG.size(), 0, sendaddr, &sent));
    REQUIRE_SX(sx_socket_settimeout(srv, 5.0));
    char buf[1024];
    size_t len = 0;
    Addr recvaddr, cliname;
    REQUIRE_SX(sx_socket_recvfrom(srv, buf, sizeof buf, 0, &len, recvaddr.out()));
    REQUIRE_SX(sx_socket_getsockname(cli, cliname.out()));
    CHECK(sxt::text(cliname) == sxt::text(recvaddr));
    CHECK(std::string(buf, len) == MSG);
}

TEST_CASE("cpython TIPCThreadableTest: testStream", "[family][tipc][cpython]")
{
    SKIP_UNLESS_TIPC();
    Sock srv;
    REQUIRE_SX(sx_socket_open(SX_AF_TIPC, SX_SOCK_STREAM, 0, srv.out()));
    REQUIRE_SX(sx_socket_setsockopt_int(srv, SX_SOL_SOCKET, SX_SO_REUSEADDR, 1));
    Addr srvaddr, addr;
    server_addr(srvaddr);
    REQUIRE_SX(sx_socket_bind(srv, srvaddr));
    REQUIRE_SX(sx_socket_listen(srv, 5));
    // The client connects before the accept: the kernel queues it, so no thread is needed,
    // and every wait has a timeout, so a broken setup fails instead of hanging.
    Sock cli;
    REQUIRE_SX(sx_socket_open(SX_AF_TIPC, SX_SOCK_STREAM, 0, cli.out()));
    REQUIRE_SX(sx_socket_settimeout(cli, 5.0));
    client_addr(addr);
    REQUIRE_SX(sx_socket_connect(cli, addr));
    Addr cliaddr;
    REQUIRE_SX(sx_socket_getsockname(cli, cliaddr.out()));
    REQUIRE_SX(sx_socket_settimeout(srv, 5.0));
    Sock conn;
    Addr connaddr;
    REQUIRE_SX(sx_socket_accept(srv, conn.out(), connaddr.out()));
    size_t sent = 0;
    REQUIRE_SX(sx_socket_send(cli, MSG.data(), MSG.size(), 0, &sent));
    REQUIRE_SX(sx_socket_close(cli.h));
    REQUIRE_SX(sx_socket_settimeout(conn, 5.0));
    char buf[1024];
    size_t len = 0;
    REQUIRE_SX(sx_socket_recv(conn, buf, sizeof buf, 0, &len));
    CHECK(std::string(buf, len) == MSG);
    CHECK(sxt::text(cliaddr) == sxt::text(connaddr));
}

TEST_CASE("tipc: without the family, a socket is the kernel's code with a detail", "[family][tipc][live]")
{
    Sock s;
    int32_t rc = sx_socket_open(SX_AF_TIPC, SX_SOCK_RDM, 0, s.out());
    if (rc == 0) {
        WARN("skipped: this kernel has AF_TIPC (the TIPCTest cases ran)");
        return;
    }
    CHECK(rc == SX_EAFNOSUPPORT);
    CHECK(sxt::detail().find("socket") != std::string::npos);
    Addr a;
    REQUIRE_SX(sx_addr_tipc(SX_TIPC_ADDR_NAME, 1, 2, 0, SX_TIPC_NODE_SCOPE, a.out()));
    CHECK(sxt::text(a) == "tipc:name:1:2:2:3");
}
