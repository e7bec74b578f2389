/* SPDX-License-Identifier: MIT */
/*
 * socketx/multicast.h - joining and leaving IPv4 and IPv6 multicast groups, any-source
 * and source-specific, one call each.
 *
 * Python makes the caller pack struct ip_mreq, ipv6_mreq or group_source_req by hand for
 * setsockopt(); these calls take sx_addr handles (the port of a group or source address is
 * ignored) and an interface index (0: let the kernel choose by its routes).
 * The group's family picks the protocol: AF_INET groups need an AF_INET socket, AF_INET6
 * groups an AF_INET6 socket (IPv4 groups on an AF_INET6 socket as ::ffff:a.b.c.d).
 * Errors are the kernel's (SX_EADDRINUSE for a group already joined, SX_EADDRNOTAVAIL for
 * leaving one not joined or joining a source already joined, SX_EINVAL for leaving a source
 * of a group no longer joined, SX_ENODEV for an unknown interface).
 */
#ifndef SOCKETX_MULTICAST_H
#define SOCKETX_MULTICAST_H

#include "socketx/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Join an any-source multicast group (MCAST_JOIN_GROUP).
 * @param s an AF_INET or AF_INET6 datagram (or raw) socket.
 * @param group the group address (224.0.0.0/4 or ff00::/8).
 * @param ifindex interface index, 0 for the kernel's choice.
 * @return 0; SX_EBADHANDLE; SX_EARG (group neither AF_INET nor AF_INET6, not of the socket's
 *         family, or not a multicast address); the kernel's code. Blocks: never.
 *         Thread-safety: safe. @since SOCKETX_1.1
 */
SX_API int32_t sx_socket_multicast_join(sx_socket s, sx_addr group, uint32_t ifindex);

/**
 * Leave an any-source multicast group (MCAST_LEAVE_GROUP).
 * @param s the socket handle.
 * @param group the multicast group address handle.
 * @param ifindex the interface index; 0 lets the kernel choose.
 * @return as sx_socket_multicast_join(). @since SOCKETX_1.1
 */
SX_API int32_t sx_socket_multicast_leave(sx_socket s, sx_addr group, uint32_t ifindex);

/**
 * Join an IPv4 group on the interface that has a given local address (IP_ADD_MEMBERSHIP
 * with struct ip_mreq), as socket2's join_multicast_v4 does.
 * @param s an AF_INET socket.
 * @param group an AF_INET multicast address.
 * @param interface an AF_INET local address, or 0 for INADDR_ANY.
 * @return 0; SX_EBADHANDLE; SX_EARG (not AF_INET, or not multicast); the kernel's code.
 * Blocks: never. Thread-safety: safe. @since SOCKETX_1.1
 */
SX_API int32_t sx_socket_multicast_join_v4(sx_socket s, sx_addr group, sx_addr interface);

/**
 * Leave an IPv4 group joined with sx_socket_multicast_join_v4() (IP_DROP_MEMBERSHIP).
 * @param s the socket handle.
 * @param group the multicast group address handle.
 * @param interface the AF_INET local address given to the join, or 0 for INADDR_ANY.
 * @return as sx_socket_multicast_join_v4(). @since SOCKETX_1.1
 */
SX_API int32_t sx_socket_multicast_leave_v4(sx_socket s, sx_addr group, sx_addr interface);

/**
 * Join a source-specific multicast channel (MCAST_JOIN_SOURCE_GROUP): receive what
 * source sends to group.
 * @param s an AF_INET or AF_INET6 socket.
 * @param group the group; @param source the sender, of the group's family.
 * @param ifindex interface index, 0 for the kernel's choice.
 * @return 0; SX_EBADHANDLE; SX_EARG (families differ or are not INET/INET6, group not
 *         multicast); the kernel's code. Blocks: never. Thread-safety: safe. @since SOCKETX_1.1
 */
SX_API int32_t sx_socket_multicast_join_source(sx_socket s, sx_addr group, sx_addr source, uint32_t ifindex);

/**
 * Leave a source-specific channel (MCAST_LEAVE_SOURCE_GROUP).
 * @param s the socket handle.
 * @param group the multicast group address handle.
 * @param source the sender, of the group's family.
 * @param ifindex the interface index; 0 lets the kernel choose.
 * @return as sx_socket_multicast_join_source(). @since SOCKETX_1.1
 */
SX_API int32_t sx_socket_multicast_leave_source(sx_socket s, sx_addr group, sx_addr source, uint32_t ifindex);

#ifdef __cplusplus
}
#endif

#endif /* SOCKETX_MULTICAST_H */
