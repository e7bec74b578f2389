/* SPDX-License-Identifier: MIT */
/*
 * The per-thread policy for system calls interrupted by a signal handler (EINTR).
 *
 * By default the library retries them with the remaining time (PEP 475), which is right for
 * C. A host runtime that runs its own signal handlers (CPython through an FFI, Ruby's thread
 * interrupts, a JVM) needs the call back instead, so that its handler's exception or its
 * interrupt can be delivered: such a thread opts in, and an interrupted call then returns
 * SX_EINTR, with whatever progress it made reported through its out-parameters.
 */
#include "detail.h"
#include "socket.h"
#include "socketx/errors.h"
#include "socketx/socket.h"

_Thread_local int sxi_interruptible __attribute__((tls_model("initial-exec")));

int32_t sx_thread_set_interruptible(int on)
{
    if (on != 0 && on != 1)
        return sxi_fail(SX_EARG, "sx_thread_set_interruptible: %d is not 0 or 1", on);
    sxi_interruptible = on;
    return 0;
}

int32_t sx_thread_get_interruptible(int *on_out)
{
    if (!on_out)
        return sxi_fail(SX_EARG, "sx_thread_get_interruptible: on_out is NULL");
    *on_out = sxi_interruptible;
    return 0;
}

int32_t sxi_interrupted(const char *what)
{
    if (!sxi_interruptible)
        return 0;
    return sxi_fail(SX_EINTR, "%s was interrupted by a signal (this thread is interruptible)", what);
}
