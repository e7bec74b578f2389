// SPDX-License-Identifier: MIT
// UDP over 127.0.0.1 and ::1 (CPython: BasicUDPTest, UDPTimeoutTest, spec §6.11).
#include "helpers.hpp"

using namespace sxs;

namespace {

void bound_udp(Sock &s, Addr &where, int family)
{
    REQUIRE_SX(sx_socket_open(family, SOCK_DGRAM, 0, s.out()));
    Addr any(loopback(family, 0));
    REQUIRE_SX(sx_socket_bind(s, any));
    REQUIRE_SX(sx_socket_getsockname(s, where.out()));
}

void udp_exchange(int family)
{
    Sock srv, cli;
    Addr srv_addr, cli_addr;
    bound_udp(srv, srv_addr, family);
    bound_udp(cli, cli_addr, family);
    size_t n = 0;
    char buf[2048];

    // testSendtoAndRecv
    REQUIRE_SX(sx_socket_sendto(cli, "datagram one", 12, 0, srv_addr, &n));
    CHECK(n == 12);
    REQUIRE_SX(sx_socket_recv(srv, buf, sizeof buf, 0, &n));
    CHECK(std::string(buf, n) == "datagram one");

    // testRecvFrom: the sender's address comes back.
    REQUIRE_SX(sx_socket_sendto(cli, "two", 3, 0, srv_addr, &n));
    Addr from;
    REQUIRE_SX(sx_socket_recvfrom(srv, buf, sizeof buf, 0, &n, from.out()));
    CHECK(std::string(buf, n) == "two");
    int eq = 0;
    REQUIRE_SX(sx_addr_equal(from, cli_addr, &eq));
    CHECK(eq == 1);

    // An empty datagram is a datagram, not EOF: recv gives 0 and it is consumed.
    REQUIRE_SX(sx_socket_sendto(cli, "", 0, 0, srv_addr, &n));
    CHECK(n == 0);
    REQUIRE_SX(sx_socket_sendto(cli, nullptr, 0, 0, srv_addr, &n));
    Addr from_empty;
    n = 99;
    REQUIRE_SX(sx_socket_recvfrom(srv, buf, sizeof buf, 0, &n, from_empty.out()));
    CHECK(n == 0);
    REQUIRE_SX(sx_addr_equal(from_empty, cli_addr, &eq));
    CHECK(eq == 1);
    n = 99;
    REQUIRE_SX(sx_socket_recv(srv, buf, sizeof buf, 0, &n));
    CHECK(n == 0);
    REQUIRE_SX(sx_socket_setblocking(srv, 0));
    REQUIRE_CODE(sx_socket_recv(srv, buf, sizeof buf, 0, &n), SX_EAGAIN); // both were consumed
    REQUIRE_SX(sx_socket_setblocking(srv, 1));

    // A datagram larger than the buffer is truncated; the rest is discarded.
    REQUIRE_SX(sx_socket_sendto(cli, "0123456789", 10, 0, srv_addr, &n));
    REQUIRE_SX(sx_socket_sendto(cli, "next", 4, 0, srv_addr, &n));
    REQUIRE_SX(sx_socket_recvfrom(srv, buf, 4, 0, &n, nullptr));
    CHECK(std::string(buf, n) == "0123");
    REQUIRE_SX(sx_socket_recv(srv, buf, sizeof buf, 0, &n));
    CHECK(std::string(buf, n) == "next");
    // MSG_TRUNC asks the kernel for the real length.
    REQUIRE_SX(sx_socket_sendto(cli, "0123456789", 10, 0, srv_addr, &n));
    REQUIRE_SX(sx_socket_recv(srv, buf, 4, MSG_TRUNC, &n));
    CHECK(n == 10);

    // A connected UDP socket: send/recv without addresses; recvfrom still names the peer.
    REQUIRE_SX(sx_socket_connect(cli, srv_addr));
    Addr peer(peername(cli));
    REQUIRE_SX(sx_addr_equal(peer, srv_addr, &eq));
    CHECK(eq == 1);
    REQUIRE_SX(sx_socket_send(cli, "connected", 9, 0, &n));
    REQUIRE_SX(sx_socket_recv(srv, buf, sizeof buf, 0, &n));
    CHECK(std::string(buf, n) == "connected");
    REQUIRE_SX(sx_socket_sendto(srv, "reply", 5, 0, cli_addr, &n));
    Addr rfrom;
    REQUIRE_SX(sx_socket_recvfrom(cli, buf, sizeof buf, 0, &n, rfrom.out()));
    CHECK(std::string(buf, n) == "reply");
    REQUIRE_SX(sx_addr_equal(rfrom, srv_addr, &eq));
    CHECK(eq == 1);
    // sendall on a datagram socket sends one datagram, even an empty one (Python's loop runs once).
    REQUIRE_SX(sx_socket_sendall(cli, "", 0, 0, &n));
    n = 99;
    REQUIRE_SX(sx_socket_recv(srv, buf, sizeof buf, 0, &n));
    CHECK(n == 0);
    // Exactly one: nothing else is queued behind it.
    REQUIRE_CODE(sx_socket_recv(srv, buf, sizeof buf, MSG_DONTWAIT, &n), SX_EAGAIN);

    // Dissolve the association with an AF_UNSPEC address, as connect(2) allows.
    sa_family_t unspec[8] = {AF_UNSPEC};
    sx_addr u = 0;
    REQUIRE_SX(sx_addr_from_sockaddr(unspec, sizeof unspec, &u));
    Addr unspec_addr(u);
    REQUIRE_SX(sx_socket_connect(cli, unspec_addr));
    sx_addr none = 0;
    REQUIRE_CODE(sx_socket_getpeername(cli, &none), SX_ENOTCONN);
    REQUIRE_CODE(sx_socket_send(cli, "x", 1, 0, &n), SX_EDESTADDRREQ);
}

} // namespace

TEST_CASE("socket: UDP sendto, recv, recvfrom, empty and truncated datagrams over 127.0.0.1", "[socket][udp]")
{
    udp_exchange(AF_INET);
}

TEST_CASE("socket: UDP sendto, recv, recvfrom, empty and truncated datagrams over ::1", "[socket][udp]")
{
    if (!have_ipv6()) {
        WARN("IPv6 loopback unavailable: skipped");
        return;
    }
    udp_exchange(AF_INET6);
}

TEST_CASE("socket: UDP timeouts", "[socket][udp][timeouts]")
{
    // UDPTimeoutTest: recv times out, timeout 0 gives SX_EAGAIN.
    Sock s;
    Addr where;
    bound_udp(s, where, AF_INET);
    char buf[16];
    size_t n;
    REQUIRE_SX(sx_socket_settimeout(s, 0.1));
    double t0 = mono();
    REQUIRE_CODE(sx_socket_recv(s, buf, sizeof buf, 0, &n), SX_ETIMEOUT);
    double took = mono() - t0;
    CHECK(took >= 0.098);
    CHECK(took < 0.1 + slack());
    REQUIRE_SX(sx_socket_settimeout(s, 0.0));
    REQUIRE_CODE(sx_socket_recvfrom(s, buf, sizeof buf, 0, &n, nullptr), SX_EAGAIN);
    // Still usable.
    REQUIRE_SX(sx_socket_sendto(s, "self", 4, 0, where, &n));
    REQUIRE_SX(sx_socket_settimeout(s, 2.0));
    REQUIRE_SX(sx_socket_recv(s, buf, sizeof buf, 0, &n));
    CHECK(std::string(buf, n) == "self");
}

TEST_CASE("socket: UDP to an unbound port reports the ICMP error on a connected socket", "[socket][udp]")
{
    int port = unused_port();
    Addr nowhere(inet("127.0.0.1", port));
    Sock c(open_sock(AF_INET, SOCK_DGRAM));
    REQUIRE_SX(sx_socket_connect(c, nowhere));
    size_t n;
    REQUIRE_SX(sx_socket_send(c, "x", 1, 0, &n));
    REQUIRE_SX(sx_socket_settimeout(c, 2.0));
    char buf[4];
    REQUIRE_CODE(sx_socket_recv(c, buf, sizeof buf, 0, &n), SX_ECONNREFUSED);
}
