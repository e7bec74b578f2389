/* SPDX-License-Identifier: MIT */
/*
 * netlink_route - AF_NETLINK: ask the kernel's routing subsystem (NETLINK_ROUTE) for every
 * network interface (an RTM_GETLINK dump) and print their names. libsocketx carries the
 * netlink address (sx_addr_netlink(): port id 0 is the kernel) and the datagrams; the
 * messages themselves are the kernel's structures from <linux/rtnetlink.h>.
 */
#include "example.h"

#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <string.h>
#include <sys/socket.h>

int main(void)
{
    sx_socket s = 0;
    sx_addr kernel = 0;
    check("sx_socket_open", sx_socket_open(SX_AF_NETLINK, SX_SOCK_RAW, SX_NETLINK_ROUTE, &s));
    check("sx_socket_settimeout", sx_socket_settimeout(s, 5.0));
    check("sx_addr_netlink", sx_addr_netlink(0, 0, &kernel));

    struct {
        struct nlmsghdr nh;
        struct ifinfomsg ifi;
    } request;
    memset(&request, 0, sizeof request);
    request.nh.nlmsg_len = NLMSG_LENGTH(sizeof request.ifi);
    request.nh.nlmsg_type = RTM_GETLINK;
    request.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    request.nh.nlmsg_seq = 1;
    request.ifi.ifi_family = AF_UNSPEC;
    size_t sent = 0;
    check("sx_socket_sendto", sx_socket_sendto(s, &request, request.nh.nlmsg_len, 0, kernel, &sent));

    int interfaces = 0, saw_loopback = 0, done = 0;
    static _Alignas(struct nlmsghdr) char buf[65536];
    for (int round = 0; round < 1000 && !done; round++) { /* bounded; each receive times out */
        size_t len = 0;
        check("sx_socket_recv", sx_socket_recv(s, buf, sizeof buf, 0, &len));
        int remaining = (int)len;
        for (struct nlmsghdr *nh = (struct nlmsghdr *)buf; NLMSG_OK(nh, remaining); nh = NLMSG_NEXT(nh, remaining)) {
            if (nh->nlmsg_type == NLMSG_DONE || nh->nlmsg_type == NLMSG_ERROR) {
                done = nh->nlmsg_type == NLMSG_DONE ? 1 : -1;
                break;
            }
            struct ifinfomsg *ifi = NLMSG_DATA(nh);
            int attr_len = (int)IFLA_PAYLOAD(nh);
            for (struct rtattr *rta = IFLA_RTA(ifi); RTA_OK(rta, attr_len); rta = RTA_NEXT(rta, attr_len)) {
                if (rta->rta_type == IFLA_IFNAME) {
                    printf("interface %d: %s\n", ifi->ifi_index, (const char *)RTA_DATA(rta));
                    saw_loopback |= strcmp(RTA_DATA(rta), "lo") == 0;
                    interfaces++;
                }
            }
        }
    }
    sx_addr_close(kernel);
    sx_socket_close(s);
    if (done != 1 || !saw_loopback)
        return 1;
    printf("netlink_route: OK, %d interface(s)\n", interfaces);
    return 0;
}
