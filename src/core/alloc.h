/* SPDX-License-Identifier: MIT */
/*
 * Internal: the library's only allocator. Every object a handle owns, and every buffer, is
 * allocated and freed here, so that the fault-injection twin (fault.h) can fail the Nth
 * allocation and count what is still live; in the real library these are plain libc calls.
 */
#ifndef SXI_ALLOC_H
#define SXI_ALLOC_H

#include <stdlib.h>

#include "fault.h"

static inline void *sxi_alloc(size_t size)
{
    void *p = SXI_FAULT_ALLOC() ? NULL : malloc(size);
    SXI_FAULT_COUNT_ALLOC(p);
    return p;
}

static inline void *sxi_calloc(size_t count, size_t size)
{
    void *p = SXI_FAULT_ALLOC() ? NULL : calloc(count, size);
    SXI_FAULT_COUNT_ALLOC(p);
    return p;
}

/* Grow p (which may be NULL); on failure p is left as it was. */
static inline void *sxi_realloc(void *p, size_t size)
{
    if (SXI_FAULT_ALLOC())
        return NULL;
    void *q = realloc(p, size);
    if (!p)
        SXI_FAULT_COUNT_ALLOC(q);
    return q;
}

static inline void sxi_free(void *p)
{
    SXI_FAULT_COUNT_FREE(p);
    free(p);
}

#endif
