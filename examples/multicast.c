/* SPDX-License-Identifier: MIT */
/*
 * multicast - IPv4 multicast on the loopback interface: a receiver joins 239.255.42.99 on
 * the interface that has 127.0.0.1 (sx_socket_multicast_join_v4()); a sender sends to the
 * group through that interface (IP_MULTICAST_IF) with loopback on, and the receiver gets
 * the datagram. After sx_socket_multicast_leave_v4() it no longer does.
 */
#include "example.h"

#include <arpa/inet.h>
#include <string.h>

#define GROUP "239.255.42.99"

int main(void)
{
    sx_socket receiver = 0, sender = 0;
    sx_addr any = 0, bound = 0, group = 0, local = 0, to = 0;
    int32_t port = 0;
    char buf[64];
    size_t n = 0;

    check("sx_socket_open", sx_socket_open(SX_AF_INET, SX_SOCK_DGRAM, 0, &receiver));
    check("sx_socket_settimeout", sx_socket_settimeout(receiver, 2.0));
    check("sx_addr_inet", sx_addr_inet("", 0, &any)); /* the wildcard: group datagrams arrive there */
    check("sx_socket_bind", sx_socket_bind(receiver, any));
    check("sx_socket_getsockname", sx_socket_getsockname(receiver, &bound));
    check("sx_addr_port", sx_addr_port(bound, &port));
    check("sx_addr_inet", sx_addr_inet(GROUP, port, &group));
    check("sx_addr_inet", sx_addr_inet("127.0.0.1", 0, &local));
    check("sx_socket_multicast_join_v4", sx_socket_multicast_join_v4(receiver, group, local));

    check("sx_socket_open", sx_socket_open(SX_AF_INET, SX_SOCK_DGRAM, 0, &sender));
    struct in_addr loopback = {htonl(INADDR_LOOPBACK)};
    check("sx_socket_setsockopt_bytes",
          sx_socket_setsockopt_bytes(sender, SX_IPPROTO_IP, SX_IP_MULTICAST_IF, &loopback, sizeof loopback));
    check("sx_socket_setsockopt_int", sx_socket_setsockopt_int(sender, SX_IPPROTO_IP, SX_IP_MULTICAST_LOOP, 1));
    check("sx_addr_inet", sx_addr_inet(GROUP, port, &to));
    check("sx_socket_sendto", sx_socket_sendto(sender, "to the group", 12, 0, to, &n));
    check("sx_socket_recv", sx_socket_recv(receiver, buf, sizeof buf, 0, &n));
    printf("member received: %.*s\n", (int)n, buf);
    if (n != 12 || memcmp(buf, "to the group", 12) != 0)
        return 1;

    check("sx_socket_multicast_leave_v4", sx_socket_multicast_leave_v4(receiver, group, local));
    check("sx_socket_sendto", sx_socket_sendto(sender, "after leave", 11, 0, to, &n));
    check("sx_socket_settimeout", sx_socket_settimeout(receiver, 0.3));
    int32_t rc = sx_socket_recv(receiver, buf, sizeof buf, 0, &n);
    printf("after leaving: %s\n", rc ? sx_error_name(rc) : "a datagram arrived");
    if (rc != SX_ETIMEOUT)
        return 1;

    sx_addr_close(any);
    sx_addr_close(bound);
    sx_addr_close(group);
    sx_addr_close(local);
    sx_addr_close(to);
    sx_socket_close(sender);
    sx_socket_close(receiver);
    printf("multicast: OK\n");
    return 0;
}
