/* SPDX-License-Identifier: MIT */
/*
 * socketx/family/netlink.h - AF_NETLINK addresses (Linux).
 *
 * Python's form: (pid, groups), both unsigned 32-bit. pid 0 in bind() lets the kernel pick
 * the port id (the process id for the first socket); groups is the bit mask of multicast
 * groups 1..32 (for group numbers above 32 use the NETLINK_ADD_MEMBERSHIP option:
 * sx_socket_setsockopt_int(s, SX_SOL_NETLINK, SX_NETLINK_ADD_MEMBERSHIP, group)).
 * Sockets: sx_socket_open(SX_AF_NETLINK, SX_SOCK_RAW or SX_SOCK_DGRAM, SX_NETLINK_ROUTE...).
 *
 * Text form: "netlink:<pid>:<groups>", both decimal ("netlink:0:0").
 */
#ifndef SOCKETX_FAMILY_NETLINK_H
#define SOCKETX_FAMILY_NETLINK_H

#include "socketx/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Make an AF_NETLINK address.
 * Mirrors: the (pid, groups) tuple of Python's AF_NETLINK sockets.
 * @param pid the port id (0: the kernel, or "pick one for me" in bind()).
 * @param groups bit mask of multicast groups 1..32.
 * @param[out] out new handle, caller releases with sx_addr_close().
 * @return 0; SX_EARG (out NULL); SX_ENOMEM; SX_ENOHANDLES.
 * Blocks: never. Thread-safety: safe. @since SOCKETX_1.1
 */
SX_API int32_t sx_addr_netlink(uint32_t pid, uint32_t groups, sx_addr *out);

/**
 * Get the port id of an AF_NETLINK address.
 * @param a the address handle.
 * @param[out] pid_out receives the pid.
 * @return 0; SX_EBADHANDLE; SX_EARG (NULL out, or not AF_NETLINK). @since SOCKETX_1.1
 */
SX_API int32_t sx_addr_netlink_pid(sx_addr a, uint32_t *pid_out);

/**
 * Get the multicast group mask of an AF_NETLINK address.
 * @param a the address handle.
 * @param[out] groups_out receives the groups.
 * @return 0; SX_EBADHANDLE; SX_EARG (NULL out, or not AF_NETLINK). @since SOCKETX_1.1
 */
SX_API int32_t sx_addr_netlink_groups(sx_addr a, uint32_t *groups_out);

#ifdef __cplusplus
}
#endif

#endif /* SOCKETX_FAMILY_NETLINK_H */
