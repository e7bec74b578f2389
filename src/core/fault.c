/* SPDX-License-Identifier: MIT */
/*
 * Fault injection (see fault.h), compiled only into the test twin. The counters are atomic:
 * the library's own calls may run on several threads while a test arms the next fault.
 */
#include "fault.h"

#ifdef SXI_FAULT_INJECTION

#include <stdatomic.h>

/* Calls left before the armed one: 0 = disarmed, 1 = the next call fails. */
static _Atomic uint32_t alloc_countdown, handle_countdown;
static _Atomic uint32_t hits;
static _Atomic int64_t live;

/* One step of a countdown: 1 exactly when it goes from 1 to 0 (then it stays disarmed). */
static int fires(_Atomic uint32_t *countdown)
{
    uint32_t c = atomic_load(countdown);
    while (c != 0) {
        if (atomic_compare_exchange_weak(countdown, &c, c - 1)) {
            if (c != 1)
                return 0;
            atomic_fetch_add(&hits, 1);
            return 1;
        }
    }
    return 0;
}

int sxi_fault_alloc_now(void)
{
    return fires(&alloc_countdown);
}

int sxi_fault_handle_now(void)
{
    return fires(&handle_countdown);
}

void sxi_fault_alloc_after(uint32_t n)
{
    atomic_store(&hits, 0);
    atomic_store(&alloc_countdown, n);
}

void sxi_fault_handles_after(uint32_t n)
{
    atomic_store(&hits, 0);
    atomic_store(&handle_countdown, n);
}

uint32_t sxi_fault_hits(void)
{
    return atomic_load(&hits);
}

int64_t sxi_fault_live_allocs(void)
{
    return atomic_load(&live);
}

void sxi_fault_count_alloc(const void *p)
{
    if (p)
        atomic_fetch_add(&live, 1);
}

void sxi_fault_count_free(const void *p)
{
    if (p)
        atomic_fetch_sub(&live, 1);
}

#else

/* The real library has no fault injection: this file is empty there. */
typedef int sxi_fault_absent;

#endif
