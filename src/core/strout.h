/* SPDX-License-Identifier: MIT */
/*
 * Internal: the (buf, cap, len_out) convention for strings and bytes out (socketx/common.h).
 *
 * Defined here, inline, so every area applies the convention the same way without a
 * translation unit of its own: the length is always reported, and a buffer that is too
 * small is left untouched.
 */
#ifndef SXI_STROUT_H
#define SXI_STROUT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "detail.h"
#include "socketx/errors.h"

/*
 * Copy len bytes of data to the caller's buffer, plus a terminating NUL if nul_terminate.
 * *len_out always receives len (never counting the NUL), so a caller whose cap was too
 * small learns what to allocate. Returns 0, SX_EARG (len_out NULL, or buf NULL with a
 * non-zero cap) or SX_ETRUNC (cap < len, or cap <= len when a NUL is wanted).
 */
static inline int32_t sxi_copy_out(const void *data, size_t len, int nul_terminate, void *buf, size_t cap,
                                   size_t *len_out)
{
    if (!len_out)
        return sxi_fail(SX_EARG, "len_out is NULL");
    *len_out = len;
    if (!buf && cap)
        return sxi_fail(SX_EARG, "buf is NULL but cap is %zu", cap);
    size_t need = len + (nul_terminate ? 1u : 0u);
    if (cap < need)
        return sxi_fail(SX_ETRUNC, "buffer too small: %zu bytes needed%s, %zu given", need,
                        nul_terminate ? " with the NUL" : "", cap);
    if (len)
        memcpy(buf, data, len);
    if (nul_terminate)
        ((char *)buf)[len] = '\0';
    return 0;
}

#endif
