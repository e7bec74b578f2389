/* SPDX-License-Identifier: MIT */
/*
 * udp - UDP datagrams on loopback: a receiver bound to a port the kernel picks, a sender
 * that sends it three datagrams with sx_socket_sendto(), and sx_socket_recvfrom(), which
 * reports each datagram's sender as an address handle. Datagram boundaries are kept:
 * each receive returns exactly one datagram, an empty one included.
 */
#include "example.h"

#include <string.h>

int main(void)
{
    sx_socket receiver = 0, sender = 0;
    sx_addr any_port = 0, bound = 0;
    char text[128];

    check("sx_socket_open", sx_socket_open(SX_AF_INET, SX_SOCK_DGRAM, 0, &receiver));
    check("sx_socket_settimeout", sx_socket_settimeout(receiver, 5.0)); /* never wait forever */
    check("sx_addr_inet", sx_addr_inet("127.0.0.1", 0, &any_port));
    check("sx_socket_bind", sx_socket_bind(receiver, any_port));
    check("sx_socket_getsockname", sx_socket_getsockname(receiver, &bound));
    printf("receiver bound to %s\n", addr_text(bound, text, sizeof text));

    check("sx_socket_open", sx_socket_open(SX_AF_INET, SX_SOCK_DGRAM, 0, &sender));
    const char *const datagrams[] = {"first", "", "third datagram"};
    for (size_t i = 0; i < 3; i++) {
        size_t sent = 0;
        check("sx_socket_sendto", sx_socket_sendto(sender, datagrams[i], strlen(datagrams[i]), 0, bound, &sent));
    }
    for (size_t i = 0; i < 3; i++) {
        char buf[64];
        size_t len = 0;
        sx_addr from = 0;
        check("sx_socket_recvfrom", sx_socket_recvfrom(receiver, buf, sizeof buf, 0, &len, &from));
        printf("received %zu bytes \"%.*s\" from %s\n", len, (int)len, buf, addr_text(from, text, sizeof text));
        if (len != strlen(datagrams[i]) || memcmp(buf, datagrams[i], len) != 0) {
            fprintf(stderr, "udp: datagram %zu differs\n", i);
            return 1;
        }
        sx_addr_close(from);
    }
    sx_addr_close(any_port);
    sx_addr_close(bound);
    sx_socket_close(sender);
    sx_socket_close(receiver);
    printf("udp: OK\n");
    return 0;
}
