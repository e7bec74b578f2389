/* SPDX-License-Identifier: MIT */
/*
 * packet - AF_PACKET (needs root, CAP_NET_RAW): a packet socket bound to the loopback
 * interface sees the frames that go through it. A UDP datagram sent to 127.0.0.1 is
 * captured, and the capture's address (sx_addr_packet_*() getters) tells the interface,
 * protocol and packet type. Exits 77 (skipped) without the privilege.
 */
#define _POSIX_C_SOURCE 200809L
#include "example.h"

#include <net/if.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(void)
{
    sx_socket capture = 0, udp = 0;
    sx_addr on_lo = 0, to = 0;
    char text[128];
    int32_t rc = sx_socket_open(SX_AF_PACKET, SX_SOCK_DGRAM, SX_ETH_P_ALL, &capture);
    if (rc == SX_EPERM || rc == SX_EACCES || rc == SX_EAFNOSUPPORT) {
        printf("packet: skipped, %s\n", sx_error_name(rc));
        return EXAMPLE_SKIP;
    }
    check("sx_socket_open(AF_PACKET)", rc);
    check("sx_socket_settimeout", sx_socket_settimeout(capture, 1.0));
    check("sx_addr_packet", sx_addr_packet("lo", SX_ETH_P_ALL, 0, 0, NULL, 0, &on_lo));
    check("sx_socket_bind", sx_socket_bind(capture, on_lo));

    /* A marker no other loopback traffic carries, so the capture can pick out our datagram. */
    static const char marker[] = "socketx-packet-example";
    check("sx_socket_open", sx_socket_open(SX_AF_INET, SX_SOCK_DGRAM, 0, &udp));
    check("sx_addr_inet", sx_addr_inet("127.0.0.1", 9, &to)); /* discard port: nobody needs to listen */
    size_t n = 0;
    check("sx_socket_sendto", sx_socket_sendto(udp, marker, sizeof marker - 1, 0, to, &n));

    /* Other loopback traffic is captured too: look through it, for at most 10 s and 100000 frames. */
    int found = 0;
    double deadline = now() + 10.0;
    for (int round = 0; round < 100000 && !found && now() < deadline; round++) {
        unsigned char frame[2048];
        sx_addr from = 0;
        check("sx_socket_recvfrom", sx_socket_recvfrom(capture, frame, sizeof frame, 0, &n, &from));
        for (size_t i = 0; !found && i + sizeof marker - 1 <= n; i++)
            found = memcmp(frame + i, marker, sizeof marker - 1) == 0;
        if (found) {
            int32_t ifindex = 0, proto = 0, pkttype = 0;
            check("sx_addr_packet_ifindex", sx_addr_packet_ifindex(from, &ifindex));
            check("sx_addr_packet_protocol", sx_addr_packet_protocol(from, &proto));
            check("sx_addr_packet_pkttype", sx_addr_packet_pkttype(from, &pkttype));
            printf("captured %zu bytes on ifindex %d (lo is %u), protocol 0x%04x, pkttype %d: %s\n", n, ifindex,
                   if_nametoindex("lo"), (unsigned)proto, pkttype, addr_text(from, text, sizeof text));
        }
        sx_addr_close(from);
    }
    sx_addr_close(on_lo);
    sx_addr_close(to);
    sx_socket_close(udp);
    sx_socket_close(capture);
    if (!found)
        return 1;
    printf("packet: OK\n");
    return 0;
}
