/* SPDX-License-Identifier: MIT */
/*
 * Internal: fault injection for the failure-path tests (tests/fault/), in the manner of
 * SQLite's malloc-failure tests: the Nth allocation or handle creation from now fails once.
 *
 * Only the test twin of the library (socketx_fault, built with -DSXI_FAULT_INJECTION) has
 * the hooks; in every other build they are the constant 0 and compile to nothing.
 */
#ifndef SXI_FAULT_H
#define SXI_FAULT_H

#include <stdint.h>

#ifdef SXI_FAULT_INJECTION

#define SXI_FAULT_EXPORT __attribute__((visibility("default")))

/* The hooks: 1 when this allocation (or handle creation) is the one armed to fail. */
int sxi_fault_alloc_now(void);
int sxi_fault_handle_now(void);

/* The twin's exports (its own version script), driven by tests/fault. n = 0 disarms. */
SXI_FAULT_EXPORT void sxi_fault_alloc_after(uint32_t n);
SXI_FAULT_EXPORT void sxi_fault_handles_after(uint32_t n);
/* How many armed faults fired since the last arming. */
SXI_FAULT_EXPORT uint32_t sxi_fault_hits(void);
/* Allocations made through alloc.h and not yet freed: a leak check that needs no exit. */
SXI_FAULT_EXPORT int64_t sxi_fault_live_allocs(void);

/* Counting twins of the allocator, used by alloc.h. */
void sxi_fault_count_alloc(const void *p);
void sxi_fault_count_free(const void *p);

#define SXI_FAULT_ALLOC() sxi_fault_alloc_now()
#define SXI_FAULT_HANDLE() sxi_fault_handle_now()
#define SXI_FAULT_COUNT_ALLOC(p) sxi_fault_count_alloc(p)
#define SXI_FAULT_COUNT_FREE(p) sxi_fault_count_free(p)

#else

#define SXI_FAULT_ALLOC() 0
#define SXI_FAULT_HANDLE() 0
#define SXI_FAULT_COUNT_ALLOC(p) ((void)(p))
#define SXI_FAULT_COUNT_FREE(p) ((void)(p))

#endif

#endif
