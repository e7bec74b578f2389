// SPDX-License-Identifier: MIT
// Items the kernel sends, read with the typed decoders on real sockets: credentials and
// SO_PEERCRED, packet info, TTL / hop limit, TOS / traffic class, receive timestamps, extended
// errors from the error queue (IP_RECVERR), UDP GSO/GRO, and items cut by a short ancillary buffer.
#include "msg_helpers.hpp"

#include <cerrno>
#include <cstring>
#include <linux/errqueue.h>
#include <linux/net_tstamp.h>
#include <net/if.h>
#include <netinet/udp.h>
#include <time.h>

using namespace sxm;

namespace {

// Send data from `from` to the address `to_sock` is bound to, with the items of anc (0: none).
void send_to(sx_socket from, sx_socket to_sock, const std::string &data, sx_msg anc = 0)
{
    Addr to(sockname(to_sock));
    REQUIRE_SX(send1(from, data, anc, 0, to));
}

int64_t realtime_now()
{
    timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return ts.tv_sec;
}

uint32_t lo_index() { return if_nametoindex("lo"); }

} // namespace

TEST_CASE("msg: credentials: SO_PASSCRED items and SO_PEERCRED of a socketpair", "[msg][kernel]")
{
    Sock a, b;
    unix_pair(a, b, SOCK_DGRAM);
    int32_t pid = 0;
    uint32_t uid = 1, gid = 1;
    REQUIRE_SX(sx_socket_peercred(a, &pid, &uid, &gid));
    CHECK(pid == getpid());
    CHECK(uid == getuid());
    CHECK(gid == getgid());
    REQUIRE_CODE(sx_socket_peercred(a, nullptr, &uid, &gid), SX_EARG);
    REQUIRE_CODE(sx_socket_peercred(a, &pid, nullptr, &gid), SX_EARG);
    REQUIRE_CODE(sx_socket_peercred(a, &pid, &uid, nullptr), SX_EARG);
    REQUIRE_CODE(sx_socket_peercred(0, &pid, &uid, &gid), SX_EBADHANDLE);
    // Not a unix socket: the kernel's answer.
    Sock udp(open_sock(AF_INET, SOCK_DGRAM));
    int32_t rc = sx_socket_peercred(udp, &pid, &uid, &gid);
    CHECK((rc == 0 || rc == SX_ENOPROTOOPT || rc == SX_ENOTCONN));

    // With SO_PASSCRED the kernel attaches the sender's credentials, sent explicitly or not.
    REQUIRE_SX(sx_socket_setsockopt_int(b, SOL_SOCKET, SO_PASSCRED, 1));
    Msg anc(new_msg());
    REQUIRE_SX(sx_msg_add_credentials(anc, getpid(), getuid(), getgid()));
    for (sx_msg with : {(sx_msg)anc, (sx_msg)0}) {
        REQUIRE_SX(send1(a, "who", with));
        Msg m;
        REQUIRE_SX(recv1(b, 16, CMSG_SPACE(sizeof(struct ucred)), 0, m.out()));
        uint32_t i = find_item(m, SOL_SOCKET, SCM_CREDENTIALS);
        REQUIRE_SX(sx_msg_item_credentials(m, i, &pid, &uid, &gid));
        CHECK(pid == getpid());
        CHECK(uid == getuid());
        CHECK(gid == getgid());
    }
    // Someone else's pid is refused by the kernel (unless privileged).
    if (getuid() != 0) {
        Msg lie(new_msg());
        REQUIRE_SX(sx_msg_add_credentials(lie, 1, getuid(), getgid()));
        REQUIRE_CODE(send1(a, "lie", lie), SX_EPERM);
    }
}

TEST_CASE("msg: IP_PKTINFO and IPV6_PKTINFO: received, and used to pick the source", "[msg][kernel]")
{
    Sock rx(udp_bound()), tx(udp_bound());
    REQUIRE_SX(sx_socket_setsockopt_int(rx, IPPROTO_IP, IP_PKTINFO, 1));
    Msg anc(new_msg());
    Addr src(loopback(AF_INET, 0));
    REQUIRE_SX(sx_msg_add_pktinfo(anc, 0, src));
    send_to(tx, rx, "pktinfo", anc);
    Msg m;
    REQUIRE_SX(recv1(rx, 64, 256, 0, m.out()));
    uint32_t i = find_item(m, IPPROTO_IP, IP_PKTINFO);
    uint32_t ifindex = 0;
    sx_addr dst = 0, spec = 0;
    REQUIRE_SX(sx_msg_item_pktinfo(m, i, &ifindex, &dst, &spec));
    Addr d(dst), sp(spec);
    CHECK(ifindex == lo_index());
    CHECK(host_of(d) == "127.0.0.1");
    CHECK(port_of(d) == 0);
    CHECK(host_of(sp) == "127.0.0.1");
    Addr from;
    REQUIRE_SX(sx_msg_address(m, from.out()));
    CHECK(host_of(from) == "127.0.0.1");

    if (!have_ipv6()) {
        WARN("IPv6 loopback unavailable: IPV6_PKTINFO skipped");
        return;
    }
    Sock rx6(udp_bound(AF_INET6)), tx6(udp_bound(AF_INET6));
    REQUIRE_SX(sx_socket_setsockopt_int(rx6, IPPROTO_IPV6, IPV6_RECVPKTINFO, 1));
    Msg anc6(new_msg());
    Addr src6(loopback(AF_INET6, 0));
    REQUIRE_SX(sx_msg_add_pktinfo(anc6, lo_index(), src6));
    send_to(tx6, rx6, "pktinfo6", anc6);
    Msg m6;
    REQUIRE_SX(recv1(rx6, 64, 256, 0, m6.out()));
    i = find_item(m6, IPPROTO_IPV6, IPV6_PKTINFO);
    sx_addr spec6 = 99;
    REQUIRE_SX(sx_msg_item_pktinfo(m6, i, &ifindex, &dst, &spec6));
    Addr d6(dst);
    CHECK(ifindex == lo_index());
    CHECK(host_of(d6) == "::1");
    CHECK(spec6 == 0);
}

TEST_CASE("msg: IP_TTL / IPV6_HOPLIMIT and IP_TOS / IPV6_TCLASS, sent per message and received", "[msg][kernel]")
{
    SECTION("IPv4")
    {
        Sock rx(udp_bound()), tx(udp_bound());
        REQUIRE_SX(sx_socket_setsockopt_int(rx, IPPROTO_IP, IP_RECVTTL, 1));
        REQUIRE_SX(sx_socket_setsockopt_int(rx, IPPROTO_IP, IP_RECVTOS, 1));
        Msg anc(new_msg());
        REQUIRE_SX(sx_msg_add_int(anc, IPPROTO_IP, IP_TTL, 7));
        REQUIRE_SX(sx_msg_add_int(anc, IPPROTO_IP, IP_TOS, 0x20));
        send_to(tx, rx, "ttl", anc);
        Msg m;
        REQUIRE_SX(recv1(rx, 16, 256, 0, m.out()));
        CHECK(item_int(m, find_item(m, IPPROTO_IP, IP_TTL)) == 7);
        uint32_t tos = find_item(m, IPPROTO_IP, IP_TOS);
        CHECK(item_bytes(m, tos).size() == 1); // the kernel sends TOS as one byte
        CHECK(item_int(m, tos) == 0x20);
        // Without per-message items: the socket's defaults (64 on Linux, TOS 0).
        send_to(tx, rx, "default");
        Msg d;
        REQUIRE_SX(recv1(rx, 16, 256, 0, d.out()));
        int64_t ttl = item_int(d, find_item(d, IPPROTO_IP, IP_TTL));
        CHECK(ttl >= 1);
        CHECK(ttl <= 255);
        CHECK(item_int(d, find_item(d, IPPROTO_IP, IP_TOS)) == 0);
    }
    SECTION("IPv6")
    {
        if (!have_ipv6()) {
            WARN("IPv6 loopback unavailable: skipped");
            return;
        }
        Sock rx(udp_bound(AF_INET6)), tx(udp_bound(AF_INET6));
        REQUIRE_SX(sx_socket_setsockopt_int(rx, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, 1));
        REQUIRE_SX(sx_socket_setsockopt_int(rx, IPPROTO_IPV6, IPV6_RECVTCLASS, 1));
        Msg anc(new_msg());
        REQUIRE_SX(sx_msg_add_int(anc, IPPROTO_IPV6, IPV6_HOPLIMIT, 9));
        REQUIRE_SX(sx_msg_add_int(anc, IPPROTO_IPV6, IPV6_TCLASS, 0x28));
        send_to(tx, rx, "hops", anc);
        Msg m;
        REQUIRE_SX(recv1(rx, 16, 256, 0, m.out()));
        CHECK(item_int(m, find_item(m, IPPROTO_IPV6, IPV6_HOPLIMIT)) == 9);
        CHECK(item_int(m, find_item(m, IPPROTO_IPV6, IPV6_TCLASS)) == 0x28);
        // The kernel checks the values: a hop limit out of -1..255 is EINVAL.
        Msg bad(new_msg());
        REQUIRE_SX(sx_msg_add_int(bad, IPPROTO_IPV6, IPV6_HOPLIMIT, 300));
        Addr to(sockname(rx));
        REQUIRE_CODE(send1(tx, "bad", bad, 0, to), SX_EINVAL);
    }
}

TEST_CASE("msg: SO_TIMESTAMP, SO_TIMESTAMPNS, SO_TIMESTAMPING (old and 64-bit forms) on UDP loopback",
          "[msg][kernel][ctrunc]")
{
    // The option, the value that turns it on, and whether its stamp has microseconds only.
    struct Case {
        int opt;
        int value;
        bool micro;
        const char *name;
    };
    const int rx_soft = SOF_TIMESTAMPING_RX_SOFTWARE | SOF_TIMESTAMPING_SOFTWARE;
    const Case cases[] = {
        {29, 1, true, "SO_TIMESTAMP_OLD"},        {35, 1, false, "SO_TIMESTAMPNS_OLD"},
        {37, rx_soft, false, "SO_TIMESTAMPING_OLD"}, {63, 1, true, "SO_TIMESTAMP_NEW"},
        {64, 1, false, "SO_TIMESTAMPNS_NEW"},     {65, rx_soft, false, "SO_TIMESTAMPING_NEW"},
    };
    for (const Case &c : cases) {
        INFO(c.name);
        Sock rx(udp_bound()), tx(udp_bound());
        int32_t rc = sx_socket_setsockopt_int(rx, SOL_SOCKET, c.opt, c.value);
        if (rc != 0) {
            WARN(c.name << " not available on this kernel (" << sx_error_name(rc) << "): skipped");
            continue;
        }
        int64_t before = realtime_now();
        // The kernel turns receive stamps on from a work queue: SO_TIMESTAMPING's first datagrams
        // may come unstamped (the other options stamp them on receipt instead). Bounded retries.
        Msg m;
        for (int i = 0; i < 50; i++) {
            sx_msg_close(m.h);
            m.h = 0;
            send_to(tx, rx, "when");
            REQUIRE_SX(recv1(rx, 16, 256, 0, m.out()));
            if (items_of(m) > 0)
                break;
            sleep_ms(10);
        }
        REQUIRE(items_of(m) == 1);
        CHECK(item_kind(m, 0) == std::make_pair((int32_t)SOL_SOCKET, (int32_t)c.opt));
        int64_t sec = 0, nsec = -1;
        REQUIRE_SX(sx_msg_item_timestamp(m, 0, &sec, &nsec));
        CHECK(sec >= before);
        CHECK(sec <= realtime_now());
        CHECK(nsec >= 0);
        CHECK(nsec <= 999999999);
        if (c.micro)
            CHECK(nsec % 1000 == 0); // microseconds, reported as nanoseconds
        // Cut short by a small ancillary buffer, the item keeps the bytes that fit (CPython's rule)
        // but is no longer a whole timestamp.
        send_to(tx, rx, "cut");
        Msg cut;
        REQUIRE_SX(recv1(rx, 16, CMSG_LEN(0) + 10, 0, cut.out()));
        CHECK((flags_of(cut) & MSG_CTRUNC) != 0);
        REQUIRE(items_of(cut) == 1);
        CHECK(item_bytes(cut, 0).size() == 10);
        REQUIRE_CODE(sx_msg_item_timestamp(cut, 0, &sec, &nsec), SX_EARG);
    }
}

TEST_CASE("msg: items cut by the ancillary buffer are read as CPython reads them", "[msg][kernel][ctrunc]")
{
    Sock rx(udp_bound()), tx(udp_bound());
    REQUIRE_SX(sx_socket_setsockopt_int(rx, IPPROTO_IP, IP_RECVTTL, 1));
    REQUIRE_SX(sx_socket_setsockopt_int(rx, IPPROTO_IP, IP_RECVTOS, 1));
    // Two int-sized items arrive (TOS is one byte, TTL an int).
    for (size_t anc : {CMSG_SPACE(sizeof(int)) + CMSG_LEN(0), CMSG_SPACE(sizeof(int)) + CMSG_LEN(1) - 1,
                       CMSG_SPACE(sizeof(int)) - 1, (size_t)CMSG_LEN(0), (size_t)CMSG_LEN(0) - 1, (size_t)1}) {
        INFO("ancbufsize " << anc);
        send_to(tx, rx, "cut");
        Msg m;
        std::string got;
        REQUIRE_SX(recv1(rx, 16, anc, 0, m.out(), &got));
        CHECK(got == "cut"); // the data is whole whatever happens to the items
        CHECK((flags_of(m) & MSG_CTRUNC) != 0);
        uint32_t n = items_of(m);
        // An item appears only if its header fits; its data is never longer than the room left.
        CHECK(n <= 2);
        if (anc < CMSG_LEN(0))
            CHECK(n == 0);
        size_t total = 0;
        for (uint32_t i = 0; i < n; i++)
            total += CMSG_LEN(0) + item_bytes(m, i).size();
        CHECK(total <= anc + CMSG_SPACE(sizeof(int)) - CMSG_LEN(sizeof(int)));
    }

    // Exactly: the TTL item whole, then the TOS item's header with none of its byte. As msg.h
    // documents, the cut item is reported with the 0 bytes that fit (glibc's CMSG_NXTHDR, which
    // CPython walks with, would drop a cut item that is not the first); its decoder refuses it.
    send_to(tx, rx, "exact");
    Msg m;
    REQUIRE_SX(recv1(rx, 16, CMSG_SPACE(sizeof(int)) + CMSG_LEN(0), 0, m.out()));
    CHECK((flags_of(m) & MSG_CTRUNC) != 0);
    REQUIRE(items_of(m) == 2);
    CHECK(item_kind(m, 0) == std::make_pair((int32_t)IPPROTO_IP, (int32_t)IP_TTL));
    CHECK(item_bytes(m, 0).size() == sizeof(int));
    CHECK(item_kind(m, 1) == std::make_pair((int32_t)IPPROTO_IP, (int32_t)IP_TOS));
    CHECK(item_bytes(m, 1).empty());
    int64_t v;
    REQUIRE_CODE(sx_msg_item_int(m, 1, &v), SX_EARG);
}

TEST_CASE("msg: IP_RECVERR: a datagram to a closed port reads back as an ICMP error", "[msg][kernel][errqueue][recverr]")
{
    for (int family : {AF_INET, AF_INET6}) {
        if (family == AF_INET6 && !have_ipv6()) {
            WARN("IPv6 loopback unavailable: IPV6_RECVERR skipped");
            continue;
        }
        INFO("family " << family);
        Sock s(udp_bound(family));
        if (family == AF_INET)
            REQUIRE_SX(sx_socket_setsockopt_int(s, IPPROTO_IP, IP_RECVERR, 1));
        else
            REQUIRE_SX(sx_socket_setsockopt_int(s, IPPROTO_IPV6, IPV6_RECVERR, 1));
        Addr closed(loopback(family, unused_port(family)));
        REQUIRE_SX(send1(s, "nobody home", 0, 0, closed));

        // The error queue is waited for in timeout mode: POLLERR alone wakes the wait.
        Msg m;
        std::string got;
        REQUIRE_SX(recv1(s, 64, 512, MSG_ERRQUEUE, m.out(), &got));
        CHECK(got == "nobody home"); // the offending datagram comes back as data
        CHECK((flags_of(m) & MSG_ERRQUEUE) != 0);
        uint32_t i = find_item(m, family == AF_INET ? IPPROTO_IP : IPPROTO_IPV6,
                               family == AF_INET ? IP_RECVERR : IPV6_RECVERR);
        int32_t code = 0;
        uint32_t origin, type, icode, info, data;
        sx_addr offender = 0;
        REQUIRE_SX(sx_msg_item_exterr(m, i, &code, &origin, &type, &icode, &info, &data, &offender));
        Addr off(offender);
        CHECK(code == SX_ECONNREFUSED);
        if (family == AF_INET) {
            CHECK(origin == SO_EE_ORIGIN_ICMP);
            CHECK(type == 3);  // destination unreachable
            CHECK(icode == 3); // port unreachable
            REQUIRE(offender != 0);
            CHECK(host_of(off) == "127.0.0.1");
        } else {
            CHECK(origin == SO_EE_ORIGIN_ICMP6);
            CHECK(type == 1);  // destination unreachable
            CHECK(icode == 4); // port unreachable
            REQUIRE(offender != 0);
            CHECK(host_of(off) == "::1");
        }
        // Without an offender out-pointer the call works too.
        REQUIRE_SX(sx_msg_item_exterr(m, i, &code, &origin, &type, &icode, &info, &data, nullptr));
        // The queue is empty now: non-blocking, that is SX_EAGAIN; in timeout mode, SX_ETIMEOUT.
        Msg none;
        REQUIRE_CODE(recv1(s, 64, 512, MSG_ERRQUEUE | MSG_DONTWAIT, none.out()), SX_EAGAIN);
        REQUIRE_SX(sx_socket_settimeout(s, 0.05));
        REQUIRE_CODE(recv1(s, 64, 512, MSG_ERRQUEUE, none.out()), SX_ETIMEOUT);
        CHECK(none.h == 0);
    }
}

TEST_CASE("msg: UDP_SEGMENT sends segments, and UDP_GRO reports the segment size", "[msg][kernel]")
{
    Sock rx(udp_bound()), tx(udp_bound());
    int32_t gro = sx_socket_setsockopt_int(rx, SOL_UDP, UDP_GRO, 1);
    Msg anc(new_msg());
    REQUIRE_SX(sx_msg_add_int(anc, SOL_UDP, UDP_SEGMENT, 100));
    std::string data(300, 's');
    Addr to(sockname(rx));
    int32_t rc = send1(tx, data, anc, 0, to);
    if (rc != 0) {
        WARN("UDP_SEGMENT refused by this kernel (" << sx_error_name(rc) << "): skipped");
        return;
    }
    Msg m;
    REQUIRE_SX(recv1(rx, 1000, 256, 0, m.out()));
    uint32_t i = 0;
    if (gro == 0 && sx_msg_find(m, SOL_UDP, UDP_GRO, &i) == 0) {
        // Coalesced: one message of all three segments, and their size.
        CHECK(nbytes_of(m) == 300);
        CHECK(item_int(m, i) == 100);
    } else {
        WARN("UDP_GRO not in effect here: the segments arrive one by one");
        CHECK(nbytes_of(m) == 100);
        for (int k = 0; k < 2; k++) {
            Msg more;
            REQUIRE_SX(recv1(rx, 1000, 256, 0, more.out()));
            CHECK(nbytes_of(more) == 100);
        }
    }
}
