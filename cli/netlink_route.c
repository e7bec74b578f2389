/* SPDX-License-Identifier: MIT */
/*
 * netlink route dump links|addrs|routes: an rtnetlink dump request packed here, sent on a
 * NETLINK_ROUTE socket of the library, and the answer printed one line per item. The
 * library has no rtnetlink codec (Python has none either): this is what a user of the
 * library writes, and why netlink sockets are worth having.
 */
#include <linux/if.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* A dump that does not finish within this long (and no --timeout) is reported as stuck. */
#define DEFAULT_TIMEOUT 10.0
/* Far above any real table: a bound on the loop, not a limit anyone meets. */
enum { MAX_REPLIES = 1000000, RECEIVE_CAP = 65536 };

enum dump_kind { DUMP_LINKS, DUMP_ADDRS, DUMP_ROUTES };

static const struct {
    const char *name;
    enum dump_kind kind;
    uint16_t request;
    uint16_t reply;
} dumps[] = {
    {"links", DUMP_LINKS, RTM_GETLINK, RTM_NEWLINK},
    {"addrs", DUMP_ADDRS, RTM_GETADDR, RTM_NEWADDR},
    {"routes", DUMP_ROUTES, RTM_GETROUTE, RTM_NEWROUTE},
};

/* Attributes of one message by type; those above the array's size are not needed here. */
enum { MAX_ATTR = 64 };
struct attrs {
    const struct rtattr *at[MAX_ATTR];
};

static void read_attrs(const struct rtattr *rta, int len, struct attrs *out)
{
    memset(out, 0, sizeof *out);
    for (; RTA_OK(rta, len); rta = RTA_NEXT(rta, len))
        if (rta->rta_type < MAX_ATTR)
            out->at[rta->rta_type] = rta;
}

static const char *family_word(int family)
{
    return family == SX_AF_INET ? "inet" : family == SX_AF_INET6 ? "inet6" : "family";
}

/* An IP address attribute as text; "?" when it is not an address of the family. */
static void ip_text(int family, const struct rtattr *rta, char *buf, size_t cap)
{
    size_t len = 0;
    if (!rta || sx_inet_ntop(family, RTA_DATA(rta), RTA_PAYLOAD(rta), buf, cap, &len) != 0)
        snprintf(buf, cap, "?");
}

static void ifname_text(uint32_t index, char *buf, size_t cap)
{
    size_t len = 0;
    if (sx_if_indextoname(index, buf, cap, &len) != 0)
        snprintf(buf, cap, "#%u", index);
}

static void print_link(const struct nlmsghdr *nh)
{
    const struct ifinfomsg *ifi = NLMSG_DATA(nh);
    struct attrs a;
    read_attrs(IFLA_RTA(ifi), (int)IFLA_PAYLOAD(nh), &a);
    const char *name = a.at[IFLA_IFNAME] ? (const char *)RTA_DATA(a.at[IFLA_IFNAME]) : "?";
    unsigned mtu = a.at[IFLA_MTU] ? *(const unsigned *)RTA_DATA(a.at[IFLA_MTU]) : 0;
    printf("%d %s mtu %u %s ", ifi->ifi_index, name, mtu, (ifi->ifi_flags & IFF_UP) ? "up" : "down");
    const struct rtattr *hw = a.at[IFLA_ADDRESS];
    if (!hw || RTA_PAYLOAD(hw) == 0) {
        fputs("-", stdout);
    } else {
        const unsigned char *b = RTA_DATA(hw);
        for (size_t i = 0; i < RTA_PAYLOAD(hw); i++)
            printf("%s%02x", i ? ":" : "", b[i]);
    }
    putchar('\n');
}

static void print_addr(const struct nlmsghdr *nh)
{
    const struct ifaddrmsg *ifa = NLMSG_DATA(nh);
    struct attrs a;
    read_attrs(IFA_RTA(ifa), (int)IFA_PAYLOAD(nh), &a);
    char ifname[IFNAMSIZ + 16], ip[64];
    ifname_text(ifa->ifa_index, ifname, sizeof ifname);
    /* IFA_LOCAL is the interface's own address; IFA_ADDRESS is the peer's on point-to-point links. */
    ip_text(ifa->ifa_family, a.at[IFA_LOCAL] ? a.at[IFA_LOCAL] : a.at[IFA_ADDRESS], ip, sizeof ip);
    printf("%u %s %s %s/%u\n", ifa->ifa_index, ifname, family_word(ifa->ifa_family), ip, ifa->ifa_prefixlen);
}

static void print_route(const struct nlmsghdr *nh)
{
    const struct rtmsg *rtm = NLMSG_DATA(nh);
    struct attrs a;
    read_attrs(RTM_RTA(rtm), (int)RTM_PAYLOAD(nh), &a);
    char text[64];
    printf("%s ", family_word(rtm->rtm_family));
    if (rtm->rtm_type == RTN_LOCAL)
        fputs("local ", stdout);
    else if (rtm->rtm_type == RTN_BROADCAST)
        fputs("broadcast ", stdout);
    else if (rtm->rtm_type == RTN_MULTICAST)
        fputs("multicast ", stdout);
    else if (rtm->rtm_type != RTN_UNICAST)
        printf("type %u ", rtm->rtm_type);
    if (rtm->rtm_dst_len == 0 && !a.at[RTA_DST]) {
        fputs("default", stdout);
    } else {
        ip_text(rtm->rtm_family, a.at[RTA_DST], text, sizeof text);
        printf("%s/%u", text, rtm->rtm_dst_len);
    }
    if (a.at[RTA_GATEWAY]) {
        ip_text(rtm->rtm_family, a.at[RTA_GATEWAY], text, sizeof text);
        printf(" via %s", text);
    }
    if (a.at[RTA_OIF]) {
        char ifname[IFNAMSIZ + 16];
        ifname_text(*(const uint32_t *)RTA_DATA(a.at[RTA_OIF]), ifname, sizeof ifname);
        printf(" dev %s", ifname);
    }
    uint32_t table = a.at[RTA_TABLE] ? *(const uint32_t *)RTA_DATA(a.at[RTA_TABLE]) : rtm->rtm_table;
    if (table == RT_TABLE_MAIN)
        fputs(" table main\n", stdout);
    else if (table == RT_TABLE_LOCAL)
        fputs(" table local\n", stdout);
    else
        printf(" table %u\n", table);
}

static int send_request(sx_socket s, uint16_t type, uint32_t seq)
{
    struct {
        struct nlmsghdr nh;
        union {
            struct ifinfomsg ifi;
            struct ifaddrmsg ifa;
            struct rtmsg rtm;
        } body; /* all zero: every family, every table */
    } req;
    memset(&req, 0, sizeof req);
    req.nh.nlmsg_type = type;
    req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    req.nh.nlmsg_seq = seq;
    req.nh.nlmsg_len = type == RTM_GETLINK   ? NLMSG_LENGTH(sizeof req.body.ifi)
                       : type == RTM_GETADDR ? NLMSG_LENGTH(sizeof req.body.ifa)
                                             : NLMSG_LENGTH(sizeof req.body.rtm);
    size_t sent = 0;
    /* An unconnected netlink socket sends to the kernel (port id 0). */
    int32_t st = sx_socket_sendall(s, &req, req.nh.nlmsg_len, 0, &sent);
    return st != 0 ? cli_fail(st, "netlink route dump: send the request") : 0;
}

/* Read the replies until NLMSG_DONE; print each item of the kind asked for. */
static int read_replies(sx_socket s, uint32_t seq, int kind_index)
{
    static char buf[RECEIVE_CAP] __attribute__((aligned(NLMSG_ALIGNTO)));
    for (int replies = 0; replies < MAX_REPLIES; replies++) {
        size_t n = 0;
        int32_t st = sx_socket_recv(s, buf, sizeof buf, 0, &n);
        if (st != 0)
            return cli_fail(st, "netlink route dump: receive");
        /* NLMSG_OK/NLMSG_NEXT, with unsigned lengths (the macros mix int and __u32). */
        for (size_t off = 0, next; n - off >= sizeof(struct nlmsghdr); off = next) {
            const struct nlmsghdr *nh = (const void *)(buf + off);
            if (nh->nlmsg_len < sizeof *nh || nh->nlmsg_len > n - off)
                break; /* a truncated message: nothing more to read in this reply */
            next = off + NLMSG_ALIGN(nh->nlmsg_len);
            if (next > n)
                next = n;
            if (nh->nlmsg_seq != seq)
                continue; /* not ours (a notification) */
            if (nh->nlmsg_type == NLMSG_DONE)
                return 0;
            if (nh->nlmsg_type == NLMSG_ERROR) {
                const struct nlmsgerr *err = NLMSG_DATA(nh);
                if (err->error != 0)
                    return cli_fail(err->error, "netlink route dump: the kernel refused the request");
                continue;
            }
            if (nh->nlmsg_type != dumps[kind_index].reply)
                continue;
            switch (dumps[kind_index].kind) {
            case DUMP_LINKS:
                print_link(nh);
                break;
            case DUMP_ADDRS:
                print_addr(nh);
                break;
            case DUMP_ROUTES:
                print_route(nh);
                break;
            }
        }
    }
    return cli_fail(SX_EOUTOFRANGE, "netlink route dump: more than %d replies", MAX_REPLIES);
}

int cli_cmd_netlink(const struct cli_options *opt, int argc, char **argv)
{
    if (argc != 3 || strcmp(argv[0], "route") != 0 || strcmp(argv[1], "dump") != 0)
        return cli_usage_error("netlink takes: route dump links|addrs|routes");
    int kind = -1;
    for (size_t i = 0; i < sizeof dumps / sizeof dumps[0]; i++)
        if (strcmp(argv[2], dumps[i].name) == 0)
            kind = (int)i;
    if (kind < 0)
        return cli_usage_error("netlink route dump: '%s' is not links, addrs or routes", argv[2]);

    sx_socket s = 0;
    int32_t st = sx_socket_open(SX_AF_NETLINK, SX_SOCK_RAW, SX_NETLINK_ROUTE, &s);
    if (st != 0)
        return cli_fail(st, "netlink route dump: socket");
    st = sx_socket_settimeout(s, opt->timeout >= 0 ? opt->timeout : DEFAULT_TIMEOUT);
    int code = st != 0 ? cli_fail(st, "--timeout") : 0;
    const uint32_t seq = 1;
    if (code == 0)
        code = send_request(s, dumps[kind].request, seq);
    if (code == 0)
        code = read_replies(s, seq, kind);
    sx_socket_close(s);
    return code;
}
