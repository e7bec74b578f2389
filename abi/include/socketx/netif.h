/* SPDX-License-Identifier: MIT */
/*
 * socketx/netif.h - network interface names and indexes.
 *
 * Mirrors socket.if_nameindex(), socket.if_nametoindex() and socket.if_indextoname().
 */
#ifndef SOCKETX_NETIF_H
#define SOCKETX_NETIF_H

#include "socketx/common.h"
#include "socketx/list.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * List the network interfaces: (index, name) pairs.
 * Mirrors: socket.if_nameindex().
 * @param[out] out new list handle, caller releases with sx_list_close(); read with
 *        sx_list_count(), sx_ifentry_index() and sx_ifentry_name().
 * @return 0; SX_EARG (out NULL); an OS code from if_nameindex(3); SX_ENOMEM; SX_ENOHANDLES.
 * Blocks: never (a netlink query). Thread-safety: safe. @since SOCKETX_1.0
 */
SX_API int32_t sx_if_nameindex(sx_list *out);

/**
 * Read the index of an entry of an sx_if_nameindex() list.
 * @param list the list. @param index 0 .. count-1.
 * @param[out] ifindex_out receives the interface index.
 * @return 0; SX_EBADHANDLE (not an open if_nameindex list); SX_EOUTOFRANGE (index);
 *         SX_EARG (ifindex_out NULL).
 * Blocks: never. Thread-safety: safe. @since SOCKETX_1.0
 */
SX_API int32_t sx_ifentry_index(sx_list list, uint32_t index, uint32_t *ifindex_out);

/**
 * Read the interface name of an entry of an sx_if_nameindex() list.
 * @param list the list. @param index 0 .. count-1.
 * @param[out] buf caller's buffer, may be NULL when cap is 0 (16 bytes always suffice).
 * @param cap its size. @param[out] len_out receives the name length.
 * @return 0; SX_EBADHANDLE; SX_EOUTOFRANGE (index); SX_EARG (len_out NULL); SX_ETRUNC.
 * Blocks: never. Thread-safety: safe. @since SOCKETX_1.0
 */
SX_API int32_t sx_ifentry_name(sx_list list, uint32_t index, char *buf, size_t cap, size_t *len_out);

/**
 * Get the index of the interface with a name.
 * Mirrors: socket.if_nametoindex(if_name).
 * @param name interface name, not NULL. @param[out] ifindex_out receives the index (> 0).
 * @return 0; SX_EARG (NULL pointer); SX_ENOTFOUND ("no interface with this name": empty,
 *         overlong or unknown names); an OS code when the lookup's socket cannot be opened
 *         (SX_EMFILE, SX_ENFILE: Python, through glibc, reports those as an unknown name).
 * Blocks: never. Thread-safety: safe. @since SOCKETX_1.0
 */
SX_API int32_t sx_if_nametoindex(const char *name, uint32_t *ifindex_out);

/**
 * Get the name of the interface with an index.
 * Mirrors: socket.if_indextoname(if_index).
 * @param ifindex the index; 0 and unknown indexes fail.
 * @param[out] buf caller's buffer, may be NULL when cap is 0 (16 bytes always suffice).
 * @param cap its size. @param[out] len_out receives the name length.
 * @return 0; SX_EARG (len_out NULL); SX_ENXIO (0 or no such interface, as Python's OSError(ENXIO));
 *         SX_ETRUNC; SX_EMFILE, SX_ENFILE when the lookup's socket cannot be opened (glibc,
 *         and so Python, would say ENOENT); another OS code.
 * Blocks: never. Thread-safety: safe. @since SOCKETX_1.0
 */
SX_API int32_t sx_if_indextoname(uint32_t ifindex, char *buf, size_t cap, size_t *len_out);

#ifdef __cplusplus
}
#endif

#endif /* SOCKETX_NETIF_H */
