// SPDX-License-Identifier: MIT
// AF_PACKET live: Ethernet frames over a veth pair inside a network namespace the test makes,
// the sender's address as recvfrom reports it, and PACKET_MR_PROMISC through
// sx_socket_packet_membership, seen in the interface's promiscuity and allmulti counts.
#include "codec_checks.hpp"
#include "netns.hpp"

#include <arpa/inet.h>
#include <net/if.h>
#include <netpacket/packet.h>
#include <socketx/family/packet.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <unistd.h>

using sxt::Addr;
using sxt::Sock;

namespace {

// IEEE 802 "local experimental" ethertype: nothing else on the pair speaks it.
constexpr int32_t TEST_ETHERTYPE = 0x88b5;
const unsigned char MAC0[6] = {0x02, 0x00, 0x00, 0x5c, 0x00, 0x01};
const unsigned char MAC1[6] = {0x02, 0x00, 0x00, 0x5c, 0x00, 0x02};
const unsigned char MAC_ELSEWHERE[6] = {0x02, 0x00, 0x00, 0x5c, 0x00, 0x99};

// The veth pair sxv0 <-> sxv1 with known MACs, both up; "" or why it could not be made.
std::string make_veth_pair()
{
    if (!sxt::run_quietly("ip -V"))
        return "the ip command is not installed";
    if (!sxt::run_quietly("ip link add sxv0 address 02:00:00:5c:00:01 type veth peer name sxv1 address 02:00:00:5c:00:02"))
        return "this kernel cannot make a veth pair (no veth driver)";
    REQUIRE(sxt::run_quietly("ip link set sxv0 up"));
    REQUIRE(sxt::run_quietly("ip link set sxv1 up"));
    return "";
}

int32_t index_of(const char *name)
{
    uint32_t idx = 0;
    REQUIRE_SX(sx_if_nametoindex(name, &idx));
    return static_cast<int32_t>(idx);
}

// An interface's promiscuity and allmulti counts (IFLA_PROMISCUITY, IFLA_ALLMULTI), asked by
// rtnetlink with a socket of its own. SIOCGIFFLAGS shows only the IFF_PROMISC an administrator
// set, not the one packet sockets hold, and sysfs shows the host's namespace, not this thread's.
struct link_counts {
    uint32_t promiscuity = 0, allmulti = 0;
};

link_counts counts_of(int32_t ifindex)
{
    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    REQUIRE(fd >= 0);
    struct {
        struct nlmsghdr nh;
        struct ifinfomsg ifi;
    } req;
    std::memset(&req, 0, sizeof req);
    req.nh.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg));
    req.nh.nlmsg_type = RTM_GETLINK;
    req.nh.nlmsg_flags = NLM_F_REQUEST;
    req.ifi.ifi_family = AF_UNSPEC;
    req.ifi.ifi_index = ifindex;
    struct timeval tv = {5, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    alignas(struct nlmsghdr) static char buf[32768];
    ssize_t n = -1;
    if (send(fd, &req, req.nh.nlmsg_len, 0) == static_cast<ssize_t>(req.nh.nlmsg_len))
        n = recv(fd, buf, sizeof buf, 0);
    close(fd);
    REQUIRE(n > 0);
    auto *nh = reinterpret_cast<struct nlmsghdr *>(buf);
    REQUIRE(NLMSG_OK(nh, static_cast<unsigned>(n)));
    REQUIRE(nh->nlmsg_type == RTM_NEWLINK);
    link_counts c;
    bool seen = false;
    int attr_len = static_cast<int>(IFLA_PAYLOAD(nh));
    for (auto *rta = IFLA_RTA(static_cast<struct ifinfomsg *>(NLMSG_DATA(nh))); RTA_OK(rta, attr_len);
         rta = RTA_NEXT(rta, attr_len)) {
        if (rta->rta_type == IFLA_PROMISCUITY) {
            std::memcpy(&c.promiscuity, RTA_DATA(rta), sizeof c.promiscuity);
            seen = true;
        } else if (rta->rta_type == IFLA_ALLMULTI) {
            std::memcpy(&c.allmulti, RTA_DATA(rta), sizeof c.allmulti);
        }
    }
    REQUIRE(seen);
    return c;
}

// An Ethernet frame of the test's ethertype: dst, src, type, then a payload to 60 bytes.
std::string frame(const unsigned char *dst, const unsigned char *src, const std::string &payload)
{
    std::string f(reinterpret_cast<const char *>(dst), 6);
    f.append(reinterpret_cast<const char *>(src), 6);
    f.push_back(static_cast<char>(TEST_ETHERTYPE >> 8));
    f.push_back(static_cast<char>(TEST_ETHERTYPE & 0xff));
    f += payload;
    f.resize(60, '\0');
    return f;
}

int32_t field(int32_t (*f)(sx_addr, int32_t *), sx_addr a)
{
    int32_t v = -12345;
    REQUIRE_SX(f(a, &v));
    return v;
}

std::string haddr(sx_addr a)
{
    unsigned char buf[32];
    size_t len = 0;
    REQUIRE_SX(sx_addr_packet_haddr(a, buf, sizeof buf, &len));
    return sxt::bytes_of(buf, len);
}

std::string ifname(sx_addr a)
{
    char buf[IF_NAMESIZE];
    size_t len = 0;
    REQUIRE_SX(sx_addr_packet_ifname(a, buf, sizeof buf, &len));
    return std::string(buf, len);
}

// A receiving packet socket of type type bound to ifname for the test's ethertype, with a timeout.
void open_receiver(Sock &s, int32_t type, const char *ifname)
{
    REQUIRE_SX(sx_socket_open(SX_AF_PACKET, type, htons(TEST_ETHERTYPE), s.out()));
    REQUIRE_SX(sx_socket_settimeout(s, 5.0));
    Addr where;
    REQUIRE_SX(sx_addr_packet(ifname, TEST_ETHERTYPE, SX_PACKET_HOST, 0, nullptr, 0, where.out()));
    REQUIRE_SX(sx_socket_bind(s, where));
}

// Receive one datagram: its bytes, and the sender's address in *from.
std::string receive(sx_socket s, Addr &from)
{
    char buf[2048];
    size_t len = 0;
    REQUIRE_SX(sx_socket_recvfrom(s, buf, sizeof buf, 0, &len, from.out()));
    REQUIRE(from.h != 0);
    return std::string(buf, len);
}

} // namespace

TEST_CASE("packet live: an Ethernet frame over a veth pair, and the sender's address recvfrom reports", "[family][packet][live][spawns]")
{
    std::string skip = sxt::in_new_netns([]() -> std::string {
        std::string why = make_veth_pair();
        if (!why.empty())
            return why;
        const int32_t idx0 = index_of("sxv0"), idx1 = index_of("sxv1");
        Sock rx, tx;
        open_receiver(rx, SX_SOCK_RAW, "sxv1");
        Addr bound;
        REQUIRE_SX(sx_socket_getsockname(rx, bound.out()));
        CHECK(ifname(bound) == "sxv1");
        CHECK(field(sx_addr_packet_protocol, bound) == TEST_ETHERTYPE);
        CHECK(field(sx_addr_packet_hatype, bound) == SX_ARPHRD_ETHER);
        CHECK(haddr(bound) == sxt::bytes_of(MAC1, 6));
        CHECK(sxt::text(bound) == "packet:sxv1:0x88b5:0:1:02:00:00:5c:00:02");

        // SOCK_RAW: the caller writes the Ethernet header; the address names the interface.
        REQUIRE_SX(sx_socket_open(SX_AF_PACKET, SX_SOCK_RAW, 0, tx.out()));
        Addr out0;
        REQUIRE_SX(sx_addr_packet("sxv0", TEST_ETHERTYPE, SX_PACKET_HOST, 0, nullptr, 0, out0.out()));
        const std::string f = frame(MAC1, MAC0, "socketx over veth");
        size_t sent = 0;
        REQUIRE_SX(sx_socket_sendto(tx, f.data(), f.size(), 0, out0, &sent));
        REQUIRE(sent == f.size());
        Addr from;
        CHECK(receive(rx, from) == f);
        CHECK(sxt::family(from) == SX_AF_PACKET);
        CHECK(ifname(from) == "sxv1");
        CHECK(field(sx_addr_packet_ifindex, from) == idx1);
        CHECK(field(sx_addr_packet_protocol, from) == TEST_ETHERTYPE);
        CHECK(field(sx_addr_packet_pkttype, from) == SX_PACKET_HOST);
        CHECK(field(sx_addr_packet_hatype, from) == SX_ARPHRD_ETHER);
        CHECK(haddr(from) == sxt::bytes_of(MAC0, 6)); // the sender's hardware address
        CHECK(sxt::text(from) == "packet:sxv1:0x88b5:0:1:02:00:00:5c:00:01");

        // SOCK_DGRAM: the kernel writes the header from the address's proto and hardware address.
        Sock dgram_tx, dgram_rx;
        open_receiver(dgram_rx, SX_SOCK_DGRAM, "sxv1");
        REQUIRE_SX(sx_socket_open(SX_AF_PACKET, SX_SOCK_DGRAM, 0, dgram_tx.out()));
        Addr to1;
        REQUIRE_SX(sx_addr_packet_index(idx0, TEST_ETHERTYPE, SX_PACKET_HOST, 0, MAC1, 6, to1.out()));
        const std::string payload = "no header: the kernel writes it";
        REQUIRE_SX(sx_socket_sendto(dgram_tx, payload.data(), payload.size(), 0, to1, &sent));
        Addr from_dgram;
        std::string got = receive(dgram_rx, from_dgram);
        CHECK(got.substr(0, payload.size()) == payload); // padded to the Ethernet minimum
        CHECK(field(sx_addr_packet_ifindex, from_dgram) == idx1);
        CHECK(field(sx_addr_packet_pkttype, from_dgram) == SX_PACKET_HOST);
        CHECK(haddr(from_dgram) == sxt::bytes_of(MAC0, 6));
        // The raw receiver saw the same frame, whole.
        Addr from_raw;
        std::string whole = receive(rx, from_raw);
        CHECK(whole.substr(0, 6) == sxt::bytes_of(MAC1, 6));
        CHECK(whole.substr(14, payload.size()) == payload);
        return "";
    });
    if (!skip.empty()) {
        WARN("skipped: " << skip);
        return;
    }
}

TEST_CASE("packet live: PACKET_MR_PROMISC makes the interface promiscuous and lets frames for other hosts in", "[family][packet][live][spawns][solpacket]")
{
    std::string skip = sxt::in_new_netns([]() -> std::string {
        std::string why = make_veth_pair();
        if (!why.empty())
            return why;
        const int32_t idx1 = index_of("sxv1");
        Sock rx, tx;
        open_receiver(rx, SX_SOCK_RAW, "sxv1");
        REQUIRE_SX(sx_socket_open(SX_AF_PACKET, SX_SOCK_RAW, 0, tx.out()));
        Addr out0;
        REQUIRE_SX(sx_addr_packet("sxv0", TEST_ETHERTYPE, SX_PACKET_HOST, 0, nullptr, 0, out0.out()));
        REQUIRE(counts_of(idx1).promiscuity == 0);

        REQUIRE_SX(sx_socket_packet_membership(rx, 1, idx1, SX_PACKET_MR_PROMISC, nullptr, 0));
        CHECK(counts_of(idx1).promiscuity == 1);
        // A frame for a MAC that is not sxv1's: delivered, and marked for another host.
        const std::string f = frame(MAC_ELSEWHERE, MAC0, "for someone else");
        size_t sent = 0;
        REQUIRE_SX(sx_socket_sendto(tx, f.data(), f.size(), 0, out0, &sent));
        Addr from;
        CHECK(receive(rx, from) == f);
        CHECK(field(sx_addr_packet_pkttype, from) == SX_PACKET_OTHERHOST);
        CHECK(haddr(from) == sxt::bytes_of(MAC0, 6));

        REQUIRE_SX(sx_socket_packet_membership(rx, 0, idx1, SX_PACKET_MR_PROMISC, nullptr, 0));
        CHECK(counts_of(idx1).promiscuity == 0);

        // A multicast membership takes its address; join then leave.
        const unsigned char group[6] = {0x01, 0x00, 0x5e, 0x00, 0x00, 0x7b};
        REQUIRE_SX(sx_socket_packet_membership(rx, 1, idx1, SX_PACKET_MR_MULTICAST, group, 6));
        REQUIRE_SX(sx_socket_packet_membership(rx, 0, idx1, SX_PACKET_MR_MULTICAST, group, 6));
        REQUIRE_SX(sx_socket_packet_membership(rx, 1, idx1, SX_PACKET_MR_ALLMULTI, nullptr, 0));
        CHECK(counts_of(idx1).allmulti == 1);
        REQUIRE_SX(sx_socket_packet_membership(rx, 0, idx1, SX_PACKET_MR_ALLMULTI, nullptr, 0));
        CHECK(counts_of(idx1).allmulti == 0);
        // Closing the socket drops what it joined.
        REQUIRE_SX(sx_socket_packet_membership(rx, 1, idx1, SX_PACKET_MR_PROMISC, nullptr, 0));
        CHECK(counts_of(idx1).promiscuity == 1);
        REQUIRE_SX(sx_socket_close(rx.h));
        CHECK(counts_of(idx1).promiscuity == 0);
        return "";
    });
    if (!skip.empty()) {
        WARN("skipped: " << skip);
        return;
    }
}

TEST_CASE("packet live: sx_socket_packet_membership refuses bad arguments", "[family][packet][live][solpacket]")
{
    Sock s;
    int32_t rc = sx_socket_open(SX_AF_PACKET, SX_SOCK_RAW, 0, s.out());
    if (rc == SX_EPERM || rc == SX_EACCES) {
        WARN("skipped: packet sockets need CAP_NET_RAW (" << sx_error_name(rc) << ")");
        return;
    }
    REQUIRE_SX(rc);
    uint32_t lo = 0;
    REQUIRE_SX(sx_if_nametoindex("lo", &lo));
    const int32_t idx = static_cast<int32_t>(lo);
    const unsigned char nine[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    REQUIRE_CODE(sx_socket_packet_membership(s, 2, idx, SX_PACKET_MR_PROMISC, nullptr, 0), SX_EARG);
    REQUIRE_CODE(sx_socket_packet_membership(s, -1, idx, SX_PACKET_MR_PROMISC, nullptr, 0), SX_EARG);
    REQUIRE_CODE(sx_socket_packet_membership(s, 1, idx, SX_PACKET_MR_MULTICAST, nine, 9), SX_EARG);
    CHECK(sxt::detail().find("8 bytes or less") != std::string::npos);
    REQUIRE_CODE(sx_socket_packet_membership(s, 1, idx, SX_PACKET_MR_MULTICAST, nullptr, 6), SX_EARG);
    REQUIRE_CODE(sx_socket_packet_membership(s, 1, 0, SX_PACKET_MR_PROMISC, nullptr, 0), SX_EOUTOFRANGE);
    REQUIRE_CODE(sx_socket_packet_membership(s, 1, -5, SX_PACKET_MR_PROMISC, nullptr, 0), SX_EOUTOFRANGE);
    // mr_type is 16 bits: 0x10001 must not wrap onto PACKET_MR_PROMISC.
    REQUIRE_CODE(sx_socket_packet_membership(s, 1, idx, 0x10001, nullptr, 0), SX_EOUTOFRANGE);
    REQUIRE_CODE(sx_socket_packet_membership(s, 1, idx, -1, nullptr, 0), SX_EOUTOFRANGE);
    // The kernel's own answer for an index no interface has.
    REQUIRE_CODE(sx_socket_packet_membership(s, 1, 1000000, SX_PACKET_MR_PROMISC, nullptr, 0), SX_ENODEV);
    CHECK(sxt::detail().find("PACKET_ADD_MEMBERSHIP") != std::string::npos);
    REQUIRE_CODE(sx_socket_packet_membership(0, 1, idx, SX_PACKET_MR_PROMISC, nullptr, 0), SX_EBADHANDLE);
    // Not a packet socket: the kernel has no such option at SOL_PACKET there.
    Sock udp;
    REQUIRE_SX(sx_socket_open(SX_AF_INET, SX_SOCK_DGRAM, 0, udp.out()));
    REQUIRE_CODE(sx_socket_packet_membership(udp, 1, idx, SX_PACKET_MR_PROMISC, nullptr, 0), SX_ENOPROTOOPT);
}
