/* SPDX-License-Identifier: MIT */
/*
 * socketx/family/packet.h - AF_PACKET link-layer addresses (Linux).
 *
 * Python's form: (ifname, proto[, pkttype[, hatype[, addr]]]); output always has all five.
 * proto is the ethertype in host order (0..65535; the library stores it in network order,
 * as sll_protocol wants). pkttype is SX_PACKET_HOST (default), BROADCAST, MULTICAST,
 * OTHERHOST, OUTGOING, LOOPBACK or FASTROUTE; hatype an ARPHRD_* value; addr the hardware
 * address, at most 8 bytes. Sockets need CAP_NET_RAW:
 * sx_socket_open(SX_AF_PACKET, SX_SOCK_RAW or SX_SOCK_DGRAM, htons(ETH_P_ALL)...), where the
 * protocol argument is in network order as socket(2) wants it (sx_htons()).
 *
 * Text form: "packet:<ifname>:<proto as 0xhhhh>:<pkttype>:<hatype>:<addr as hh:hh:...>",
 * for example "packet:lo:0x0003:0:772:00:00:00:00:00:00"; an empty addr ends the text
 * after hatype's colon ("packet:eth0:0x88b5:0:1:"). An interface index with no name
 * (the interface is gone) is written "#<index>", and read back as that index.
 */
#ifndef SOCKETX_FAMILY_PACKET_H
#define SOCKETX_FAMILY_PACKET_H

#include "socketx/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Make an AF_PACKET address.
 * Mirrors: Python's AF_PACKET address tuple. Unlike CPython, a name of IFNAMSIZ bytes or
 * more is refused instead of silently truncated.
 * @param ifname interface name, resolved to its index (if_nametoindex); not NULL.
 * @param proto ethertype in host order, 0..65535.
 * @param pkttype 0..255 (SX_PACKET_HOST...).
 * @param hatype 0..65535 (an ARPHRD_* value).
 * @param haddr hardware address bytes; may be NULL when haddr_len is 0.
 * @param haddr_len 0..8.
 * @param[out] out new handle, caller releases with sx_addr_close().
 * @return 0; SX_EARG (NULL pointer, haddr_len > 8: "Hardware address must be 8 bytes or
 *         less", or a name too long); SX_EOUTOFRANGE (proto, pkttype or hatype);
 *         SX_ENOTFOUND (no such interface); SX_ENOMEM; SX_ENOHANDLES.
 * Blocks: never. Thread-safety: safe. @since SOCKETX_1.1
 */
SX_API int32_t sx_addr_packet(const char *ifname, int32_t proto, int32_t pkttype, int32_t hatype,
                              const void *haddr, size_t haddr_len, sx_addr *out);

/**
 * Make an AF_PACKET address from an interface index (no name lookup).
 * Same as sx_addr_packet() otherwise; ifindex 0 means any interface (bind to all).
 * @param ifindex interface index, >= 0; 0 means any interface.
 * @param proto as sx_addr_packet().
 * @param pkttype as sx_addr_packet().
 * @param hatype as sx_addr_packet().
 * @param haddr as sx_addr_packet().
 * @param haddr_len as sx_addr_packet().
 * @param[out] out new handle, caller releases with sx_addr_close().
 * @return as sx_addr_packet(); SX_EOUTOFRANGE also for a negative ifindex. @since SOCKETX_1.1
 */
SX_API int32_t sx_addr_packet_index(int32_t ifindex, int32_t proto, int32_t pkttype, int32_t hatype,
                                    const void *haddr, size_t haddr_len, sx_addr *out);

/**
 * Copy the interface name of an AF_PACKET address (if_indextoname), NUL-terminated.
 * @param a the address handle.
 * @param[out] buf caller's buffer receiving the NUL-terminated text; may be NULL only when cap is 0.
 * @param cap size of buf in bytes.
 * @param[out] len_out receives the full length without the terminating NUL, also when cap is too small (SX_ETRUNC).
 * @return 0; SX_EBADHANDLE; SX_EARG (NULL len_out, or not AF_PACKET); SX_ETRUNC;
 *         SX_ENOTFOUND (the index names no interface now). @since SOCKETX_1.1
 */
SX_API int32_t sx_addr_packet_ifname(sx_addr a, char *buf, size_t cap, size_t *len_out);

/**
 * Get the interface index of an AF_PACKET address.
 * @param a the address handle.
 * @param[out] ifindex_out receives the interface index.
 * @return 0; SX_EBADHANDLE; SX_EARG (NULL out, or not AF_PACKET). @since SOCKETX_1.1
 */
SX_API int32_t sx_addr_packet_ifindex(sx_addr a, int32_t *ifindex_out);

/**
 * Get the ethertype of an AF_PACKET address, in host order.
 * @param a the address handle.
 * @param[out] proto_out receives the protocol number.
 * @return 0; SX_EBADHANDLE; SX_EARG (NULL out, or not AF_PACKET). @since SOCKETX_1.1
 */
SX_API int32_t sx_addr_packet_protocol(sx_addr a, int32_t *proto_out);

/**
 * Get the packet type (SX_PACKET_HOST...) of an AF_PACKET address.
 * @param a the address handle.
 * @param[out] pkttype_out receives the pkttype.
 * @return 0; SX_EBADHANDLE; SX_EARG (NULL out, or not AF_PACKET). @since SOCKETX_1.1
 */
SX_API int32_t sx_addr_packet_pkttype(sx_addr a, int32_t *pkttype_out);

/**
 * Get the ARPHRD_* hardware type of an AF_PACKET address.
 * @param a the address handle.
 * @param[out] hatype_out receives the hatype.
 * @return 0; SX_EBADHANDLE; SX_EARG (NULL out, or not AF_PACKET). @since SOCKETX_1.1
 */
SX_API int32_t sx_addr_packet_hatype(sx_addr a, int32_t *hatype_out);

/**
 * Copy the hardware address bytes (sll_halen of them, 0..8) of an AF_PACKET address.
 * @param a the address handle.
 * @param[out] buf caller's buffer receiving the bytes; may be NULL only when cap is 0.
 * @param cap size of buf in bytes.
 * @param[out] len_out receives the number of bytes, also when cap is too small (SX_ETRUNC).
 * @return 0; SX_EBADHANDLE; SX_EARG (NULL len_out, or not AF_PACKET); SX_ETRUNC. @since SOCKETX_1.1
 */
SX_API int32_t sx_addr_packet_haddr(sx_addr a, void *buf, size_t cap, size_t *len_out);

/**
 * Join or leave a link-layer membership on a packet socket (PACKET_ADD_MEMBERSHIP /
 * PACKET_DROP_MEMBERSHIP with a struct packet_mreq the library fills).
 * @param s an AF_PACKET socket.
 * @param join 1 to add the membership, 0 to drop it.
 * @param ifindex the interface index (> 0).
 * @param type SX_PACKET_MR_PROMISC, SX_PACKET_MR_MULTICAST, SX_PACKET_MR_ALLMULTI or
 *        SX_PACKET_MR_UNICAST.
 * @param haddr the address for MR_MULTICAST and MR_UNICAST (NULL when haddr_len is 0).
 * @param haddr_len 0..8.
 * @return 0; SX_EBADHANDLE; SX_EARG (haddr_len > 8, haddr NULL with a length, join not 0/1);
 *         SX_EOUTOFRANGE (ifindex <= 0, or type outside 0..65535); the kernel's code
 *         (SX_ENODEV for an index no interface has, SX_EINVAL...; the kernel accepts a
 *         16-bit type it does not know and does nothing with it).
 * Blocks: never. Thread-safety: safe. @since SOCKETX_1.1
 */
SX_API int32_t sx_socket_packet_membership(sx_socket s, int join, int32_t ifindex, int32_t type, const void *haddr,
                                           size_t haddr_len);

#ifdef __cplusplus
}
#endif

#endif /* SOCKETX_FAMILY_PACKET_H */
