// SPDX-License-Identifier: MIT
// AF_NETLINK: the (pid, groups) codec against struct sockaddr_nl, its text form, and a live
// NETLINK_ROUTE socket whose link dump must name the interfaces sx_if_nameindex names.
#include "codec_checks.hpp"

#include <chrono>
#include <cstddef>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <map>
#include <socketx/family/netlink.h>

using sxt::Addr;
using sxt::Sock;

namespace {

uint32_t nl_pid(sx_addr a)
{
    uint32_t v = 0xdeadbeef;
    REQUIRE_SX(sx_addr_netlink_pid(a, &v));
    return v;
}

uint32_t nl_groups(sx_addr a)
{
    uint32_t v = 0xdeadbeef;
    REQUIRE_SX(sx_addr_netlink_groups(a, &v));
    return v;
}

} // namespace

TEST_CASE("netlink: struct sockaddr_nl is the layout the codec writes", "[family][netlink]")
{
    STATIC_REQUIRE(sizeof(struct sockaddr_nl) == 12);
    STATIC_REQUIRE(offsetof(struct sockaddr_nl, nl_family) == 0);
    STATIC_REQUIRE(offsetof(struct sockaddr_nl, nl_pid) == 4);
    STATIC_REQUIRE(offsetof(struct sockaddr_nl, nl_groups) == 8);
    const uint32_t values[] = {0, 1, 0x7fffffff, 0x80000000u, 0xfffffffeu, 0xffffffffu};
    for (uint32_t pid : values) {
        for (uint32_t groups : values) {
            INFO("pid " << pid << " groups " << groups);
            Addr a;
            REQUIRE_SX(sx_addr_netlink(pid, groups, a.out()));
            struct sockaddr_nl nl;
            std::memset(&nl, 0, sizeof nl);
            nl.nl_family = AF_NETLINK;
            nl.nl_pid = pid;
            nl.nl_groups = groups;
            CHECK(sxt::raw(a) == sxt::bytes_of(nl));
            CHECK(sxt::family(a) == SX_AF_NETLINK);
            CHECK(nl_pid(a) == pid);
            CHECK(nl_groups(a) == groups);
            // raw bytes -> fields
            Addr back;
            REQUIRE_SX(sx_addr_from_sockaddr(&nl, sizeof nl, back.out()));
            CHECK(nl_pid(back) == pid);
            CHECK(nl_groups(back) == groups);
            CHECK(sxt::equal(a, back) == 1);
            sxt::check_text_round_trip(a, SX_AF_NETLINK);
        }
    }
}

TEST_CASE("netlink: the text form is netlink:<pid>:<groups> in decimal", "[family][netlink]")
{
    Addr a, b;
    REQUIRE_SX(sx_addr_netlink(0, 0, a.out()));
    CHECK(sxt::text(a) == "netlink:0:0");
    REQUIRE_SX(sx_addr_netlink(4294967295u, 5, b.out()));
    CHECK(sxt::text(b) == "netlink:4294967295:5");
    // Hex is read too (the scanner's rule for every number), and gives the same address.
    sxt::Parsed p = sxt::parse(0, "netlink:0x10:0x3");
    Addr h(p.h);
    REQUIRE(p.rc == 0);
    CHECK(sxt::text(h) == "netlink:16:3");
}

TEST_CASE("netlink: malformed text gets a clear code and a detail", "[family][netlink]")
{
    sxt::check_bad_text(SX_AF_NETLINK, "netlink:4294967296:0", SX_EOUTOFRANGE);
    sxt::check_bad_text(SX_AF_NETLINK, "netlink:0:4294967296", SX_EOUTOFRANGE);
    sxt::check_bad_text(SX_AF_NETLINK, "netlink:0:99999999999999999999999", SX_EOUTOFRANGE);
    for (const char *t : {"netlink:", "netlink:0", "netlink:0:", "netlink::0", "netlink:-1:0", "netlink:0:0:",
                          "netlink:0:0 ", "netlink:a:0", "netlink:0;0"})
        sxt::check_bad_text(SX_AF_NETLINK, t, SX_EARG);
    // Named explicitly, a text of another scheme is not this family's form.
    sxt::Parsed p = sxt::parse(SX_AF_NETLINK, "vsock:1:2");
    Addr keep(p.h);
    CHECK(p.rc == SX_EARG);
}

TEST_CASE("netlink: accessors refuse NULL, other families and bad handles", "[family][netlink]")
{
    Addr a;
    REQUIRE_SX(sx_addr_netlink(1, 2, a.out()));
    sxt::check_accessor_refusals(sx_addr_netlink_pid, a);
    sxt::check_accessor_refusals(sx_addr_netlink_groups, a);
    CHECK(sx_addr_netlink(1, 2, nullptr) == SX_EARG);
}

TEST_CASE("netlink: raw sockaddr bytes of every length 2..128 never crash an accessor", "[family][netlink]")
{
    sxt::sweep_raw_bytes(SX_AF_NETLINK, sizeof(struct sockaddr_nl), "netlink",
                         {[](sx_addr a) {
                              uint32_t v;
                              return sx_addr_netlink_pid(a, &v);
                          },
                          [](sx_addr a) {
                              uint32_t v;
                              return sx_addr_netlink_groups(a, &v);
                          }});
}

namespace {

// One RTM_GETLINK dump request, packed by hand as the kernel wants it.
struct link_dump_request {
    struct nlmsghdr nh;
    struct ifinfomsg ifi;
};

// The interfaces of sx_if_nameindex, index -> name.
std::map<uint32_t, std::string> interfaces_by_nameindex()
{
    sx_list l = 0;
    REQUIRE_SX(sx_if_nameindex(&l));
    uint32_t n = 0;
    REQUIRE_SX(sx_list_count(l, &n));
    std::map<uint32_t, std::string> out;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t idx = 0;
        char name[32];
        size_t len = 0;
        REQUIRE_SX(sx_ifentry_index(l, i, &idx));
        REQUIRE_SX(sx_ifentry_name(l, i, name, sizeof name, &len));
        out[idx] = std::string(name, len);
    }
    sx_list_close(l);
    return out;
}

} // namespace

TEST_CASE("netlink: live NETLINK_ROUTE, bind (0, 0), and a link dump that matches if_nameindex", "[family][netlink][live]")
{
    Sock s;
    REQUIRE_SX(sx_socket_open(SX_AF_NETLINK, SX_SOCK_RAW, SX_NETLINK_ROUTE, s.out()));
    REQUIRE_SX(sx_socket_settimeout(s, 5.0));
    Addr any;
    REQUIRE_SX(sx_addr_netlink(0, 0, any.out()));
    REQUIRE_SX(sx_socket_bind(s, any));
    Addr name;
    REQUIRE_SX(sx_socket_getsockname(s, name.out()));
    CHECK(sxt::family(name) == SX_AF_NETLINK);
    uint32_t own_pid = nl_pid(name);
    CHECK(own_pid != 0); // the kernel picked the port id
    CHECK(nl_groups(name) == 0);
    CHECK(sxt::text(name) == "netlink:" + std::to_string(own_pid) + ":0");

    link_dump_request req;
    std::memset(&req, 0, sizeof req);
    req.nh.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg));
    req.nh.nlmsg_type = RTM_GETLINK;
    req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    req.nh.nlmsg_seq = 4242;
    req.ifi.ifi_family = AF_UNSPEC;
    Addr kernel;
    REQUIRE_SX(sx_addr_netlink(0, 0, kernel.out()));
    size_t sent = 0;
    REQUIRE_SX(sx_socket_sendto(s, &req, req.nh.nlmsg_len, 0, kernel, &sent));
    REQUIRE(sent == req.nh.nlmsg_len);

    std::map<uint32_t, std::string> dumped;
    bool done = false;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    // Bounded: at most 1000 datagrams, 10 seconds, and each receive times out after 5.
    for (int round = 0; round < 1000 && !done && std::chrono::steady_clock::now() < deadline; round++) {
        alignas(struct nlmsghdr) static char buf[65536];
        size_t len = 0;
        sx_addr from = 0;
        REQUIRE_SX(sx_socket_recvfrom(s, buf, sizeof buf, 0, &len, &from));
        Addr from_owner(from);
        REQUIRE(from != 0);
        CHECK(sxt::family(from) == SX_AF_NETLINK);
        CHECK(nl_pid(from) == 0); // the kernel's address
        CHECK(nl_groups(from) == 0);
        int remaining = static_cast<int>(len);
        for (auto *nh = reinterpret_cast<struct nlmsghdr *>(buf); NLMSG_OK(nh, remaining);
             nh = NLMSG_NEXT(nh, remaining)) {
            REQUIRE(nh->nlmsg_seq == 4242u);
            CHECK(nh->nlmsg_pid == own_pid);
            if (nh->nlmsg_type == NLMSG_DONE) {
                done = true;
                break;
            }
            REQUIRE(nh->nlmsg_type != NLMSG_ERROR);
            REQUIRE(nh->nlmsg_type == RTM_NEWLINK);
            auto *ifi = static_cast<struct ifinfomsg *>(NLMSG_DATA(nh));
            int attr_len = static_cast<int>(IFLA_PAYLOAD(nh));
            for (auto *rta = IFLA_RTA(ifi); RTA_OK(rta, attr_len); rta = RTA_NEXT(rta, attr_len))
                if (rta->rta_type == IFLA_IFNAME)
                    dumped[static_cast<uint32_t>(ifi->ifi_index)] = static_cast<const char *>(RTA_DATA(rta));
        }
    }
    REQUIRE(done);
    CHECK(!dumped.empty());
    CHECK(dumped == interfaces_by_nameindex());
}

TEST_CASE("netlink: NETLINK_ADD_MEMBERSHIP through the integer option call", "[family][netlink][live]")
{
    Sock s;
    REQUIRE_SX(sx_socket_open(SX_AF_NETLINK, SX_SOCK_RAW, SX_NETLINK_ROUTE, s.out()));
    Addr groups;
    REQUIRE_SX(sx_addr_netlink(0, RTMGRP_LINK, groups.out()));
    REQUIRE_SX(sx_socket_bind(s, groups));
    Addr name;
    REQUIRE_SX(sx_socket_getsockname(s, name.out()));
    CHECK(nl_groups(name) == static_cast<uint32_t>(RTMGRP_LINK));
    // Group numbers above 32 have no bit in the mask: the option is their only way in.
    REQUIRE_SX(sx_socket_setsockopt_int(s, SX_SOL_NETLINK, SX_NETLINK_ADD_MEMBERSHIP, RTNLGRP_IPV6_IFADDR));
    REQUIRE_SX(sx_socket_setsockopt_int(s, SX_SOL_NETLINK, SX_NETLINK_DROP_MEMBERSHIP, RTNLGRP_IPV6_IFADDR));
    CHECK(sx_socket_setsockopt_int(s, SX_SOL_NETLINK, SX_NETLINK_ADD_MEMBERSHIP, 100000) == SX_EINVAL);
}
