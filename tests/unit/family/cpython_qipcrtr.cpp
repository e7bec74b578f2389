// SPDX-License-Identifier: MIT
// CPython's BasicQIPCRTRTest (Lib/test/test_socket.py, 3.11), with its skip condition:
// HAVE_SOCKET_QIPCRTR is "socket(AF_QIPCRTR, SOCK_DGRAM, 0) succeeds".
#include "codec_checks.hpp"

#include <socketx/family/qipcrtr.h>

using sxt::Addr;
using sxt::Sock;

namespace {

bool have_socket_qipcrtr(std::string *why)
{
    sx_socket s = 0;
    int32_t rc = sx_socket_open(SX_AF_QIPCRTR, SX_SOCK_DGRAM, 0, &s);
    if (rc) {
        *why = std::string(sx_error_name(rc)) + ": " + sxt::detail();
        return false;
    }
    sx_socket_close(s);
    return true;
}

#define SKIP_UNLESS_HAVE_SOCKET_QIPCRTR()                                                                            \
    do {                                                                                                             \
        std::string why_;                                                                                            \
        if (!have_socket_qipcrtr(&why_)) {                                                                           \
            WARN("skipped, as CPython skips it: QIPCRTR sockets required for this test (" << why_ << ")");          \
            return;                                                                                                  \
        }                                                                                                            \
    } while (0)

// s.getsockname()[i]: the node (0) or the port (1).
uint32_t sockname_field(sx_socket s, int i)
{
    Addr name;
    REQUIRE_SX(sx_socket_getsockname(s, name.out()));
    uint32_t v = 0;
    REQUIRE_SX(i == 0 ? sx_addr_qipcrtr_node(name, &v) : sx_addr_qipcrtr_port(name, &v));
    return v;
}

// socket_helper.bind_port(s, host): bind (host, 0) and return the port the kernel picked.
int32_t bind_port(sx_socket s, uint32_t host, uint32_t *port)
{
    Addr a;
    REQUIRE_SX(sx_addr_qipcrtr(host, 0, a.out()));
    int32_t rc = sx_socket_bind(s, a);
    if (rc == 0)
        *port = sockname_field(s, 1);
    return rc;
}

} // namespace

TEST_CASE("cpython BasicQIPCRTRTest: testCrucialConstants", "[family][qipcrtr][cpython]")
{
    SKIP_UNLESS_HAVE_SOCKET_QIPCRTR();
    int64_t v = 0;
    REQUIRE_SX(sx_constant("AF_QIPCRTR", &v));
    CHECK(v == SX_AF_QIPCRTR);
}

TEST_CASE("cpython BasicQIPCRTRTest: testCreateSocket", "[family][qipcrtr][cpython]")
{
    SKIP_UNLESS_HAVE_SOCKET_QIPCRTR();
    Sock s;
    REQUIRE_SX(sx_socket_open(SX_AF_QIPCRTR, SX_SOCK_DGRAM, 0, s.out()));
}

TEST_CASE("cpython BasicQIPCRTRTest: testUnbound", "[family][qipcrtr][cpython]")
{
    SKIP_UNLESS_HAVE_SOCKET_QIPCRTR();
    Sock s;
    REQUIRE_SX(sx_socket_open(SX_AF_QIPCRTR, SX_SOCK_DGRAM, 0, s.out()));
    CHECK(sockname_field(s, 1) == 0);
}

TEST_CASE("cpython BasicQIPCRTRTest: testBindSock", "[family][qipcrtr][cpython]")
{
    SKIP_UNLESS_HAVE_SOCKET_QIPCRTR();
    Sock s;
    REQUIRE_SX(sx_socket_open(SX_AF_QIPCRTR, SX_SOCK_DGRAM, 0, s.out()));
    uint32_t port = 0;
    REQUIRE_SX(bind_port(s, sockname_field(s, 0), &port));
    CHECK(sockname_field(s, 1) != 0);
}

TEST_CASE("cpython BasicQIPCRTRTest: testInvalidBindSock", "[family][qipcrtr][cpython]")
{
    SKIP_UNLESS_HAVE_SOCKET_QIPCRTR();
    Sock s;
    REQUIRE_SX(sx_socket_open(SX_AF_QIPCRTR, SX_SOCK_DGRAM, 0, s.out()));
    uint32_t port = 0;
    // host=-2: Python's 'I' wraps it to 0xfffffffe; the kernel refuses another node's address.
    int32_t rc = bind_port(s, static_cast<uint32_t>(-2), &port);
    CHECK(rc < 0);
    CHECK(rc > -1000); // an OS code (Python's OSError), not one of the library's own (-2000 on)
}

TEST_CASE("cpython BasicQIPCRTRTest: testAutoBindSock", "[family][qipcrtr][cpython]")
{
    SKIP_UNLESS_HAVE_SOCKET_QIPCRTR();
    Sock s;
    REQUIRE_SX(sx_socket_open(SX_AF_QIPCRTR, SX_SOCK_DGRAM, 0, s.out()));
    Addr peer;
    REQUIRE_SX(sx_addr_qipcrtr(123, 123, peer.out()));
    REQUIRE_SX(sx_socket_connect(s, peer));
    CHECK(sockname_field(s, 1) != 0);
}

TEST_CASE("qipcrtr: without the family, a socket is the kernel's code with a detail", "[family][qipcrtr][live]")
{
    Sock s;
    int32_t rc = sx_socket_open(SX_AF_QIPCRTR, SX_SOCK_DGRAM, 0, s.out());
    if (rc == 0) {
        WARN("skipped: this kernel has AF_QIPCRTR (the BasicQIPCRTRTest cases ran)");
        return;
    }
    CHECK(rc == SX_EAFNOSUPPORT);
    CHECK(sxt::detail().find("socket") != std::string::npos);
    // The codec keeps working without the family.
    Addr a;
    REQUIRE_SX(sx_addr_qipcrtr(1, 2, a.out()));
    CHECK(sxt::text(a) == "qipcrtr:1:2");
}
