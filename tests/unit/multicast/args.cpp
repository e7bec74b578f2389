// SPDX-License-Identifier: MIT
// Multicast membership: every argument error is found before any system call, so these run
// on unbound sockets in the test's own namespace without joining anything.
#include "unit/addr/addr_helpers.hpp"

#include <string>

using sxt::Addr;
using sxt::Sock;

namespace {

void require_arg(int32_t rc, const char *fragment)
{
    REQUIRE_CODE(rc, SX_EARG);
    INFO("detail: " << sxt::detail());
    CHECK(sxt::detail().find(fragment) != std::string::npos);
}

} // namespace

TEST_CASE("multicast args: bad handles are SX_EBADHANDLE", "[multicast]")
{
    Sock s4;
    REQUIRE_SX(sx_socket_open(SX_AF_INET, SX_SOCK_DGRAM, 0, s4.out()));
    Addr g, src;
    REQUIRE_SX(sx_addr_inet("239.1.1.1", 0, g.out()));
    REQUIRE_SX(sx_addr_inet("192.0.2.1", 0, src.out()));
    sx_addr closed = 0;
    REQUIRE_SX(sx_addr_inet("239.1.1.2", 0, &closed));
    REQUIRE_SX(sx_addr_close(closed));

    REQUIRE_CODE(sx_socket_multicast_join(0, g, 0), SX_EBADHANDLE);
    REQUIRE_CODE(sx_socket_multicast_leave(0, g, 0), SX_EBADHANDLE);
    REQUIRE_CODE(sx_socket_multicast_join_v4(0, g, 0), SX_EBADHANDLE);
    REQUIRE_CODE(sx_socket_multicast_leave_v4(0, g, 0), SX_EBADHANDLE);
    REQUIRE_CODE(sx_socket_multicast_join_source(0, g, src, 0), SX_EBADHANDLE);
    REQUIRE_CODE(sx_socket_multicast_leave_source(0, g, src, 0), SX_EBADHANDLE);
    // An address handle where a socket is wanted, and a socket where an address is.
    REQUIRE_CODE(sx_socket_multicast_join(static_cast<sx_socket>(g.h), g, 0), SX_EBADHANDLE);
    REQUIRE_CODE(sx_socket_multicast_join(s4, static_cast<sx_addr>(s4.h), 0), SX_EBADHANDLE);

    REQUIRE_CODE(sx_socket_multicast_join(s4, 0, 0), SX_EBADHANDLE);
    REQUIRE_CODE(sx_socket_multicast_leave(s4, closed, 0), SX_EBADHANDLE);
    REQUIRE_CODE(sx_socket_multicast_join_v4(s4, closed, 0), SX_EBADHANDLE);
    REQUIRE_CODE(sx_socket_multicast_join_v4(s4, g, closed), SX_EBADHANDLE);
    REQUIRE_CODE(sx_socket_multicast_join_source(s4, closed, src, 0), SX_EBADHANDLE);
    REQUIRE_CODE(sx_socket_multicast_join_source(s4, g, closed, 0), SX_EBADHANDLE);
    REQUIRE_CODE(sx_socket_multicast_leave_source(s4, g, 0, 0), SX_EBADHANDLE);
}

TEST_CASE("multicast args: the group must be a multicast address of the socket's family", "[multicast]")
{
    Sock s4, s6, su;
    REQUIRE_SX(sx_socket_open(SX_AF_INET, SX_SOCK_DGRAM, 0, s4.out()));
    REQUIRE_SX(sx_socket_open(SX_AF_INET6, SX_SOCK_DGRAM, 0, s6.out()));
    REQUIRE_SX(sx_socket_open(SX_AF_UNIX, SX_SOCK_DGRAM, 0, su.out()));
    Addr g4, g6, u4, u6, mapped_unicast, unix_addr, bt;
    REQUIRE_SX(sx_addr_inet("239.1.1.1", 0, g4.out()));
    REQUIRE_SX(sx_addr_inet6("ff0e::1", 0, 0, 0, g6.out()));
    REQUIRE_SX(sx_addr_inet("192.0.2.1", 0, u4.out()));
    REQUIRE_SX(sx_addr_inet6("2001:db8::1", 0, 0, 0, u6.out()));
    REQUIRE_SX(sx_addr_inet6("::ffff:192.0.2.1", 0, 0, 0, mapped_unicast.out()));
    REQUIRE_SX(sx_addr_unix("/x", unix_addr.out()));
    REQUIRE_SX(sx_addr_bt_hci(0, 0, bt.out()));

    for (auto join : {sx_socket_multicast_join, sx_socket_multicast_leave}) {
        require_arg(join(s4, u4, 0), "not a multicast address (224.0.0.0/4)");
        require_arg(join(s6, u6, 0), "not a multicast address (ff00::/8)");
        require_arg(join(s6, mapped_unicast, 0), "not a multicast address (224.0.0.0/4)");
        require_arg(join(s4, g6, 0), "the group is an AF_INET6 address but the socket is AF_INET");
        require_arg(join(s6, g4, 0), "::ffff:a.b.c.d");
        require_arg(join(s4, unix_addr, 0), "not an AF_INET or AF_INET6 address");
        require_arg(join(s4, bt, 0), "not an AF_INET or AF_INET6 address");
        require_arg(join(su, g4, 0), "the socket is of neither family");
    }
}

TEST_CASE("multicast args: a source must be a sender of the group's family", "[multicast]")
{
    Sock s4, s6;
    REQUIRE_SX(sx_socket_open(SX_AF_INET, SX_SOCK_DGRAM, 0, s4.out()));
    REQUIRE_SX(sx_socket_open(SX_AF_INET6, SX_SOCK_DGRAM, 0, s6.out()));
    Addr g4, g6, src4, src6, mapped_group, unix_addr;
    REQUIRE_SX(sx_addr_inet("232.1.1.1", 0, g4.out()));
    REQUIRE_SX(sx_addr_inet6("ff3e::1", 0, 0, 0, g6.out()));
    REQUIRE_SX(sx_addr_inet("192.0.2.1", 0, src4.out()));
    REQUIRE_SX(sx_addr_inet6("2001:db8::1", 0, 0, 0, src6.out()));
    REQUIRE_SX(sx_addr_inet6("::ffff:232.1.1.1", 0, 0, 0, mapped_group.out()));
    REQUIRE_SX(sx_addr_unix("/x", unix_addr.out()));

    for (auto op : {sx_socket_multicast_join_source, sx_socket_multicast_leave_source}) {
        require_arg(op(s4, g4, src6, 0), "the source is an AF_INET6 address but the socket is AF_INET");
        require_arg(op(s6, g6, src4, 0), "the source is an AF_INET address but the socket is AF_INET6");
        require_arg(op(s6, mapped_group, src6, 0), "the group is an IPv4 address but the source is an IPv6 address");
        require_arg(op(s6, g6, g6, 0), "the source is a multicast address");
        require_arg(op(s4, g4, g4, 0), "the source is a multicast address");
        require_arg(op(s4, src4, src4, 0), "the group is not a multicast address");
        require_arg(op(s4, g4, unix_addr, 0), "the source is not an AF_INET or AF_INET6 address");
    }
}

TEST_CASE("multicast args: the IPv4 join by interface address takes only AF_INET", "[multicast]")
{
    Sock s4, s6;
    REQUIRE_SX(sx_socket_open(SX_AF_INET, SX_SOCK_DGRAM, 0, s4.out()));
    REQUIRE_SX(sx_socket_open(SX_AF_INET6, SX_SOCK_DGRAM, 0, s6.out()));
    Addr g4, g6, u4, local6;
    REQUIRE_SX(sx_addr_inet("239.1.1.1", 0, g4.out()));
    REQUIRE_SX(sx_addr_inet6("ff0e::1", 0, 0, 0, g6.out()));
    REQUIRE_SX(sx_addr_inet("192.0.2.1", 0, u4.out()));
    REQUIRE_SX(sx_addr_inet6("::1", 0, 0, 0, local6.out()));
    for (auto op : {sx_socket_multicast_join_v4, sx_socket_multicast_leave_v4}) {
        require_arg(op(s6, g4, 0), "the socket is not AF_INET");
        require_arg(op(s4, g6, 0), "the group is an AF_INET6 address but the socket is AF_INET");
        require_arg(op(s4, u4, 0), "not a multicast address");
        require_arg(op(s4, g4, local6), "the interface is an AF_INET6 address");
    }
}
