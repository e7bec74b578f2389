/* SPDX-License-Identifier: MIT */
/* Internal: failing with a status code and a per-thread detail message for humans. */
#ifndef SXI_DETAIL_H
#define SXI_DETAIL_H

#include <stdint.h>

/* Record a detail message for this thread and return code, so failures read `return sxi_fail(...)`. */
int32_t sxi_fail(int32_t code, const char *fmt, ...) __attribute__((format(printf, 2, 3), cold));

/* Return the OS code for errno value e (-e), recording the failing operation (a static string) as detail. */
int32_t sxi_fail_errno(int e, const char *what) __attribute__((cold));

/*
 * A system call of `what` failed with EINTR: SX_EINTR (recorded) if this thread asked for
 * interruptions (sx_thread_set_interruptible), else 0, meaning "retry" (PEP 475).
 */
int32_t sxi_interrupted(const char *what) __attribute__((cold));

#endif
