/* SPDX-License-Identifier: MIT */
/*
 * socketx/list.h - result lists.
 *
 * Calls that return several results (sx_getaddrinfo(), sx_gethostbyname_ex(),
 * sx_gethostbyaddr(), sx_if_nameindex()) return an immutable sx_list handle. Its entries
 * are read with that call's getters (sx_addrinfo_*, sx_hostent_*, sx_ifentry_*), which take
 * the list and a zero-based index; a getter of another kind of list gives SX_EBADHANDLE,
 * an index past the end SX_EOUTOFRANGE. Every list must be released with sx_list_close().
 */
#ifndef SOCKETX_LIST_H
#define SOCKETX_LIST_H

#include "socketx/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Get the number of entries of a list (for sx_hostent lists: the number of addresses).
 * @param list the list.
 * @param[out] count_out receives the number of entries.
 * @return 0; SX_EBADHANDLE; SX_EARG (count_out NULL).
 * Blocks: never. Thread-safety: safe. @since SOCKETX_1.0
 */
SX_API int32_t sx_list_count(sx_list list, uint32_t *count_out);

/**
 * Release a list. Closing 0 or an already closed list is harmless.
 * @param list the list.
 * @return 0; SX_EBADHANDLE (a handle of another kind, or never issued).
 * Blocks: never. Thread-safety: safe. @since SOCKETX_1.0
 */
SX_API int32_t sx_list_close(sx_list list);

#ifdef __cplusplus
}
#endif

#endif /* SOCKETX_LIST_H */
