// SPDX-License-Identifier: MIT
// Multicast membership against the kernel, inside a network namespace the test makes
// (netns.hpp): a datagram sent to the group arrives after a join and not after the leave;
// a source-specific join lets only its source's datagrams in; a second join of the same
// group is the kernel's EADDRINUSE, a leave of a group not joined its EADDRNOTAVAIL.
#include "netns.hpp"

#include "unit/addr/addr_helpers.hpp"

#include <string>
#include <utility>
#include <vector>

using sxt::Addr;
using sxt::Sock;

namespace {

const int32_t port = 5400;

// A UDP socket of family bound to the wildcard and the test port, waiting at most 300 ms.
void open_receiver(int32_t family, Sock &r)
{
    REQUIRE_SX(sx_socket_open(family, SX_SOCK_DGRAM, 0, r.out()));
    REQUIRE_SX(sx_socket_setsockopt_int(r, SX_SOL_SOCKET, SX_SO_REUSEADDR, 1));
    Addr any;
    if (family == SX_AF_INET)
        REQUIRE_SX(sx_addr_inet("", port, any.out()));
    else
        REQUIRE_SX(sx_addr_inet6("", port, 0, 0, any.out()));
    REQUIRE_SX(sx_socket_bind(r, any));
    REQUIRE_SX(sx_socket_settimeout(r, 0.3));
}

// Send the source's own text to group:port from source (a local address), on interface ifindex for IPv6.
void send_from(const char *source, const char *group, uint32_t ifindex)
{
    bool v6 = std::string(source).find(':') != std::string::npos;
    Sock t;
    Addr from, to;
    REQUIRE_SX(sx_socket_open(v6 ? SX_AF_INET6 : SX_AF_INET, SX_SOCK_DGRAM, 0, t.out()));
    if (v6) {
        REQUIRE_SX(sx_socket_setsockopt_int(t, SX_IPPROTO_IPV6, SX_IPV6_MULTICAST_IF, ifindex));
        REQUIRE_SX(sx_addr_inet6(source, 0, 0, 0, from.out()));
        REQUIRE_SX(sx_addr_inet6(group, port, 0, 0, to.out()));
    } else {
        REQUIRE_SX(sx_addr_inet(source, 0, from.out()));
        REQUIRE_SX(sx_addr_inet(group, port, to.out()));
    }
    REQUIRE_SX(sx_socket_bind(t, from));
    size_t sent = 0;
    REQUIRE_SX(sx_socket_sendto(t, source, std::string(source).size(), 0, to, &sent));
    CHECK(sent == std::string(source).size());
}

// Every datagram r receives until 300 ms pass without one (at most 16).
std::vector<std::string> drain(sx_socket r)
{
    std::vector<std::string> got;
    for (int i = 0; i < 16; i++) {
        char buf[64];
        size_t n = 0;
        int32_t rc = sx_socket_recv(r, buf, sizeof buf, 0, &n);
        if (rc == SX_ETIMEOUT)
            break;
        REQUIRE_SX(rc);
        got.emplace_back(buf, n);
    }
    return got;
}

struct Case {
    const char *name;
    int32_t family;
    const char *group;
    const char *sources[2];
};

const Case cases[] = {
    {"IPv4", SX_AF_INET, "239.1.2.3", {"192.0.2.1", "192.0.2.2"}},
    {"IPv6", SX_AF_INET6, "ff0e::5:4", {"fd00::1", "fd00::2"}},
};

Addr make_addr(int32_t family, const char *host)
{
    Addr a;
    if (family == SX_AF_INET)
        REQUIRE_SX(sx_addr_inet(host, 0, a.out()));
    else
        REQUIRE_SX(sx_addr_inet6(host, 0, 0, 0, a.out()));
    return Addr(std::exchange(a.h, 0));
}

} // namespace

TEST_CASE("multicast live: any-source join receives, leave stops, join twice is EADDRINUSE", "[multicast][live][mcastjoin]")
{
    sxt::McastNetns ns;
    if (!ns.ready())
        SXT_MCAST_SKIP(ns.reason());
    for (const Case &c : cases) {
        INFO(c.name);
        bool v6 = c.family == SX_AF_INET6;
        uint32_t join_if = v6 ? ns.v6_receiver_if : 0;
        Sock r;
        open_receiver(c.family, r);
        Addr group = make_addr(c.family, c.group);

        send_from(c.sources[0], c.group, ns.v6_sender_if);
        CHECK(drain(r).empty()); // not a member yet

        REQUIRE_SX(sx_socket_multicast_join(r, group, join_if));
        REQUIRE_CODE(sx_socket_multicast_join(r, group, join_if), SX_EADDRINUSE);
        send_from(c.sources[0], c.group, ns.v6_sender_if);
        send_from(c.sources[1], c.group, ns.v6_sender_if);
        auto got = drain(r);
        CHECK(got == std::vector<std::string>{c.sources[0], c.sources[1]});

        REQUIRE_SX(sx_socket_multicast_leave(r, group, join_if));
        REQUIRE_CODE(sx_socket_multicast_leave(r, group, join_if), SX_EADDRNOTAVAIL);
        send_from(c.sources[0], c.group, ns.v6_sender_if);
        CHECK(drain(r).empty());
    }
}

TEST_CASE("multicast live: a source-specific join lets only its source in", "[multicast][live][mcastjoin]")
{
    sxt::McastNetns ns;
    if (!ns.ready())
        SXT_MCAST_SKIP(ns.reason());
    const Case ssm[] = {
        {"IPv4", SX_AF_INET, "232.1.2.3", {"192.0.2.1", "192.0.2.2"}},
        {"IPv6", SX_AF_INET6, "ff3e::8000:1", {"fd00::1", "fd00::2"}},
    };
    for (const Case &c : ssm) {
        INFO(c.name);
        bool v6 = c.family == SX_AF_INET6;
        uint32_t join_if = v6 ? ns.v6_receiver_if : 0;
        Sock r;
        open_receiver(c.family, r);
        Addr group = make_addr(c.family, c.group);
        Addr chosen = make_addr(c.family, c.sources[0]);
        Addr other = make_addr(c.family, c.sources[1]);

        REQUIRE_SX(sx_socket_multicast_join_source(r, group, chosen, join_if));
        // The kernel refuses a source already joined with EADDRNOTAVAIL (ip_mc_source, ip6_mc_source),
        // and an any-source join of a group joined by source with EADDRINUSE.
        REQUIRE_CODE(sx_socket_multicast_join_source(r, group, chosen, join_if), SX_EADDRNOTAVAIL);
        REQUIRE_CODE(sx_socket_multicast_join(r, group, join_if), SX_EADDRINUSE);
        send_from(c.sources[1], c.group, ns.v6_sender_if);
        send_from(c.sources[0], c.group, ns.v6_sender_if);
        CHECK(drain(r) == std::vector<std::string>{c.sources[0]});

        // Adding the other source lets both in; leaving the first leaves only the other.
        REQUIRE_SX(sx_socket_multicast_join_source(r, group, other, join_if));
        REQUIRE_SX(sx_socket_multicast_leave_source(r, group, chosen, join_if));
        send_from(c.sources[0], c.group, ns.v6_sender_if);
        send_from(c.sources[1], c.group, ns.v6_sender_if);
        CHECK(drain(r) == std::vector<std::string>{c.sources[1]});

        // Leaving the last source leaves the group; leaving again finds no group: the kernel's EINVAL.
        REQUIRE_SX(sx_socket_multicast_leave_source(r, group, other, join_if));
        REQUIRE_CODE(sx_socket_multicast_leave_source(r, group, other, join_if), SX_EINVAL);
        send_from(c.sources[1], c.group, ns.v6_sender_if);
        CHECK(drain(r).empty());
    }
}

TEST_CASE("multicast live: the IPv4 join by interface address", "[multicast][live]")
{
    sxt::McastNetns ns;
    if (!ns.ready())
        SXT_MCAST_SKIP(ns.reason());
    Sock r;
    open_receiver(SX_AF_INET, r);
    Addr group = make_addr(SX_AF_INET, "239.7.7.7");
    Addr local = make_addr(SX_AF_INET, "127.0.0.1"); // lo's address: the interface to join on

    REQUIRE_SX(sx_socket_multicast_join_v4(r, group, local));
    REQUIRE_CODE(sx_socket_multicast_join_v4(r, group, local), SX_EADDRINUSE);
    send_from("192.0.2.1", "239.7.7.7", 0);
    CHECK(drain(r) == std::vector<std::string>{"192.0.2.1"});
    REQUIRE_SX(sx_socket_multicast_leave_v4(r, group, local));
    REQUIRE_CODE(sx_socket_multicast_leave_v4(r, group, local), SX_EADDRNOTAVAIL);
    send_from("192.0.2.1", "239.7.7.7", 0);
    CHECK(drain(r).empty());

    // 0 for the interface: INADDR_ANY, the kernel's choice by its routes.
    REQUIRE_SX(sx_socket_multicast_join_v4(r, group, 0));
    send_from("192.0.2.2", "239.7.7.7", 0);
    CHECK(drain(r) == std::vector<std::string>{"192.0.2.2"});
    REQUIRE_SX(sx_socket_multicast_leave_v4(r, group, 0));

    // An address no interface has is the kernel's ENODEV.
    Addr nowhere = make_addr(SX_AF_INET, "198.51.100.1");
    REQUIRE_CODE(sx_socket_multicast_join_v4(r, group, nowhere), SX_ENODEV);
}

TEST_CASE("multicast live: an IPv4 group on an AF_INET6 socket, as ::ffff:a.b.c.d", "[multicast][live][mcastjoin]")
{
    sxt::McastNetns ns;
    if (!ns.ready())
        SXT_MCAST_SKIP(ns.reason());
    Sock r;
    open_receiver(SX_AF_INET6, r); // dual-stack: IPV6_V6ONLY is off by default
    Addr mapped = make_addr(SX_AF_INET6, "::ffff:239.4.4.4");
    Addr source = make_addr(SX_AF_INET6, "::ffff:192.0.2.1");
    REQUIRE_SX(sx_socket_multicast_join(r, mapped, 0));
    REQUIRE_CODE(sx_socket_multicast_join(r, mapped, 0), SX_EADDRINUSE);
    send_from("192.0.2.1", "239.4.4.4", 0);
    CHECK(drain(r) == std::vector<std::string>{"192.0.2.1"});
    REQUIRE_SX(sx_socket_multicast_leave(r, mapped, 0));
    send_from("192.0.2.1", "239.4.4.4", 0);
    CHECK(drain(r).empty());

    REQUIRE_SX(sx_socket_multicast_join_source(r, mapped, source, 0));
    send_from("192.0.2.2", "239.4.4.4", 0);
    send_from("192.0.2.1", "239.4.4.4", 0);
    CHECK(drain(r) == std::vector<std::string>{"192.0.2.1"});
    REQUIRE_SX(sx_socket_multicast_leave_source(r, mapped, source, 0));
}

TEST_CASE("multicast live: an unknown interface index is the kernel's ENODEV", "[multicast][live][mcastjoin]")
{
    sxt::McastNetns ns;
    if (!ns.ready())
        SXT_MCAST_SKIP(ns.reason());
    for (const Case &c : cases) {
        INFO(c.name);
        Sock r;
        open_receiver(c.family, r);
        Addr group = make_addr(c.family, c.group);
        Addr source = make_addr(c.family, c.sources[0]);
        REQUIRE_CODE(sx_socket_multicast_join(r, group, 999999), SX_ENODEV);
        REQUIRE_CODE(sx_socket_multicast_join_source(r, group, source, 999999), SX_ENODEV);
    }
}
