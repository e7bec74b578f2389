/* SPDX-License-Identifier: MIT */
/*
 * socketx/family/qipcrtr.h - AF_QIPCRTR addresses (Linux, Qualcomm IPC router).
 *
 * Python's form: (node, port), both unsigned 32-bit. Sockets are SX_SOCK_DGRAM; binding
 * an unbound socket autobinds. Text form: "qipcrtr:<node>:<port>", both decimal.
 */
#ifndef SOCKETX_FAMILY_QIPCRTR_H
#define SOCKETX_FAMILY_QIPCRTR_H

#include "socketx/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Make an AF_QIPCRTR address.
 * Mirrors: the (node, port) tuple of Python's AF_QIPCRTR sockets.
 * @param node the node id.
 * @param port the port id.
 * @param[out] out new handle, caller releases with sx_addr_close().
 * @return 0; SX_EARG (out NULL); SX_ENOMEM; SX_ENOHANDLES.
 * Blocks: never. Thread-safety: safe. @since SOCKETX_1.1
 */
SX_API int32_t sx_addr_qipcrtr(uint32_t node, uint32_t port, sx_addr *out);

/**
 * Get the node id of an AF_QIPCRTR address.
 * @param a the address handle.
 * @param[out] node_out receives the node.
 * @return 0; SX_EBADHANDLE; SX_EARG (NULL out, or not AF_QIPCRTR). @since SOCKETX_1.1
 */
SX_API int32_t sx_addr_qipcrtr_node(sx_addr a, uint32_t *node_out);

/**
 * Get the port id of an AF_QIPCRTR address.
 * @param a the address handle.
 * @param[out] port_out receives the port.
 * @return 0; SX_EBADHANDLE; SX_EARG (NULL out, or not AF_QIPCRTR). @since SOCKETX_1.1
 */
SX_API int32_t sx_addr_qipcrtr_port(sx_addr a, uint32_t *port_out);

#ifdef __cplusplus
}
#endif

#endif /* SOCKETX_FAMILY_QIPCRTR_H */
