// SPDX-License-Identifier: MIT
// recvmsg and recvmmsg on AF_PACKET sockets: the kernel refuses MSG_CMSG_CLOEXEC there
// (EINVAL), which the message calls once added to every receive. A UDP datagram sent over
// loopback in a namespace of the test's own must arrive through both, with a packet sender.
#include "netns.hpp"
#include "unit/msg/msg_helpers.hpp"

#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <socketx/family/packet.h>
#include <socketx/msg.h>

namespace {

using sxm::Msg;
using sxt::Addr;
using sxt::Sock;

// A UDP datagram to 127.0.0.1:port from a fresh socket.
void send_udp(int32_t port)
{
    Sock u;
    REQUIRE_SX(sx_socket_open(SX_AF_INET, SX_SOCK_DGRAM, 0, u.out()));
    Addr to;
    REQUIRE_SX(sx_addr_inet("127.0.0.1", port, to.out()));
    size_t sent = 0;
    REQUIRE_SX(sx_socket_sendto(u, "ping", 4, 0, to, &sent));
}

// A packet socket on lo taking IPv4 only, with a 5 s timeout so that a lost frame fails, never hangs.
void open_packet(Sock &p)
{
    REQUIRE_SX(sx_socket_open(SX_AF_PACKET, SX_SOCK_DGRAM, htons(ETH_P_IP), p.out()));
    REQUIRE_SX(sx_socket_settimeout(p, 5.0));
    Addr lo;
    REQUIRE_SX(sx_addr_packet("lo", ETH_P_IP, 0, 0, nullptr, 0, lo.out()));
    REQUIRE_SX(sx_socket_bind(p, lo));
}

} // namespace

TEST_CASE("packet: recvmsg and recvmmsg work on AF_PACKET sockets, whose kernel refuses MSG_CMSG_CLOEXEC", "[family][packet][msg][spawns]")
{
    std::string skip = sxt::in_new_netns([]() -> std::string {
        if (!sxt::run_quietly("ip link set lo up"))
            return "cannot bring lo up in the test's namespace (no ip command?)";
        Sock p;
        open_packet(p);
        send_udp(9);
        unsigned char buf[2048];
        void *bufs[] = {buf};
        size_t lens[] = {sizeof buf};
        Msg m;
        REQUIRE_SX(sx_socket_recvmsg(p, bufs, lens, 1, 256, 0, m.out()));
        size_t n = 0;
        REQUIRE_SX(sx_msg_nbytes(m, &n));
        CHECK(n >= 20 + 8 + 4); // IPv4 header, UDP header, payload
        Addr from;
        REQUIRE_SX(sx_msg_address(m, from.out()));
        int32_t family = 0, proto = 0;
        REQUIRE_SX(sx_addr_family(from, &family));
        CHECK(family == SX_AF_PACKET);
        REQUIRE_SX(sx_addr_packet_protocol(from, &proto));
        CHECK(proto == ETH_P_IP);

        send_udp(9);
        Msg batch;
        REQUIRE_SX(sx_msg_new(batch.out()));
        REQUIRE_SX(sx_msg_set_buffers(batch, bufs, lens, 1));
        sx_msg msgs[] = {batch};
        size_t got = 0;
        REQUIRE_SX(sx_socket_recvmmsg(p, msgs, 1, 0, &got));
        CHECK(got == 1);
        Addr batch_from;
        REQUIRE_SX(sx_msg_address(batch, batch_from.out()));
        REQUIRE_SX(sx_addr_family(batch_from, &family));
        CHECK(family == SX_AF_PACKET);
        return "";
    });
    if (!skip.empty())
        WARN("SKIPPED: " << skip);
}
