/* SPDX-License-Identifier: MIT */
/*
 * socketx/family/tipc.h - AF_TIPC addresses (Linux, Transparent Inter-Process Communication).
 *
 * Python's form: (addr_type, v1, v2, v3[, scope]):
 *   SX_TIPC_ADDR_NAMESEQ (1): v1 = type, v2 = lower, v3 = upper;
 *   SX_TIPC_ADDR_NAME (2):    v1 = type, v2 = instance, v3 ignored (read back as instance,
 *                             as CPython reports it);
 *   SX_TIPC_ADDR_ID (3):      v1 = node, v2 = ref, v3 ignored (read back as 0).
 * scope: SX_TIPC_ZONE_SCOPE (1), SX_TIPC_CLUSTER_SCOPE (2, Python's default), SX_TIPC_NODE_SCOPE (3).
 *
 * Text form: "tipc:<kind>:<v1>:<v2>:<v3>:<scope>" with kind "nameseq", "name" or "id" and
 * the numbers in decimal ("tipc:name:18888:17:17:2").
 */
#ifndef SOCKETX_FAMILY_TIPC_H
#define SOCKETX_FAMILY_TIPC_H

#include "socketx/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Make an AF_TIPC address.
 * Mirrors: Python's AF_TIPC address tuple (scope is not optional here: pass
 * SX_TIPC_CLUSTER_SCOPE for Python's default).
 * @param addr_type SX_TIPC_ADDR_NAMESEQ, SX_TIPC_ADDR_NAME or SX_TIPC_ADDR_ID.
 * @param v1,v2,v3 the values, by addr_type (see the top of this header).
 * @param scope 0..255 (SX_TIPC_ZONE_SCOPE...).
 * @param[out] out new handle, caller releases with sx_addr_close().
 * @return 0; SX_EARG (out NULL, or an unknown addr_type: "Invalid address type");
 *         SX_EOUTOFRANGE (scope); SX_ENOMEM; SX_ENOHANDLES.
 * Blocks: never. Thread-safety: safe. @since SOCKETX_1.1
 */
SX_API int32_t sx_addr_tipc(int32_t addr_type, uint32_t v1, uint32_t v2, uint32_t v3, int32_t scope, sx_addr *out);

/**
 * Get the address type (SX_TIPC_ADDR_*) of an AF_TIPC address.
 * @param a the address handle.
 * @param[out] addr_type_out receives the addr type.
 * @return 0; SX_EBADHANDLE; SX_EARG (NULL out, or not AF_TIPC, or an address type the
 *         library does not know: "Invalid address type"). @since SOCKETX_1.1
 */
SX_API int32_t sx_addr_tipc_addr_type(sx_addr a, int32_t *addr_type_out);

/**
 * Get the three values of an AF_TIPC address, as Python's tuple reports them.
 * @param a the address.
 * @param[out] v1_out,v2_out,v3_out the values; none may be NULL.
 * @return 0; SX_EBADHANDLE; SX_EARG (NULL out, not AF_TIPC, or an unknown address type).
 * @since SOCKETX_1.1
 */
SX_API int32_t sx_addr_tipc_values(sx_addr a, uint32_t *v1_out, uint32_t *v2_out, uint32_t *v3_out);

/**
 * Get the scope of an AF_TIPC address.
 * @param a the address handle.
 * @param[out] scope_out receives the scope.
 * @return 0; SX_EBADHANDLE; SX_EARG (NULL out, or not AF_TIPC). @since SOCKETX_1.1
 */
SX_API int32_t sx_addr_tipc_scope(sx_addr a, int32_t *scope_out);

#ifdef __cplusplus
}
#endif

#endif /* SOCKETX_FAMILY_TIPC_H */
