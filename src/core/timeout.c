/* SPDX-License-Identifier: MIT */
/* Timeout values, the module default timeout and the fd's blocking flag. */
#include <math.h>
#include <stdatomic.h>
#include <sys/ioctl.h>
#include <errno.h>
#include <fcntl.h>

#include "detail.h"
#include "socket.h"
#include "socketx/errors.h"

static _Atomic int64_t default_timeout_ns = -1;

int32_t sxi_timeout_from_seconds(double seconds, int64_t *ns_out)
{
    if (isnan(seconds))
        return sxi_fail(SX_EARG, "Invalid value NaN (not a number) for a timeout");
    /* Before the sign test: Python reports -inf, like +inf, as an OverflowError. */
    if (isinf(seconds))
        return sxi_fail(SX_EOUTOFRANGE, "timeout is infinite: %g s (use SX_TIMEOUT_NONE for no timeout)", seconds);
    if (seconds == SX_TIMEOUT_NONE) {
        *ns_out = -1;
        return 0;
    }
    if (seconds < 0)
        return sxi_fail(SX_EARG, "Timeout value out of range: %g (use SX_TIMEOUT_NONE, 0 or a positive number)",
                        seconds);
    /* Python rounds timeouts up (_PyTime_ROUND_TIMEOUT), so a tiny positive value never means non-blocking. */
    double ns = ceil(seconds * 1e9);
    if (!(ns < 9223372036854775807.0))
        return sxi_fail(SX_EOUTOFRANGE, "timeout too large: %g s (limit about 9.2e9 s)", seconds);
    *ns_out = (int64_t)ns;
    return 0;
}

static double timeout_to_seconds(int64_t ns)
{
    return ns < 0 ? SX_TIMEOUT_NONE : (double)ns / 1e9;
}

int64_t sxi_default_timeout(void)
{
    return atomic_load_explicit(&default_timeout_ns, memory_order_relaxed);
}

int32_t sx_setdefaulttimeout(double seconds)
{
    int64_t ns = -1; /* set on success; initialised because the compiler cannot see that sxi_fail() is non-zero */
    int32_t rc = sxi_timeout_from_seconds(seconds, &ns);
    if (rc)
        return rc;
    atomic_store_explicit(&default_timeout_ns, ns, memory_order_relaxed);
    return 0;
}

int32_t sx_getdefaulttimeout(double *seconds_out)
{
    if (!seconds_out)
        return sxi_fail(SX_EARG, "sx_getdefaulttimeout: seconds_out is NULL");
    *seconds_out = timeout_to_seconds(sxi_default_timeout());
    return 0;
}

int32_t sxi_fd_ensure_nonblocking(struct sxi_socket *s, int *was_blocking)
{
    int fl = fcntl(s->fd, F_GETFL);
    if (fl < 0)
        return sxi_fail_errno(errno, "fcntl(F_GETFL)");
    *was_blocking = !(fl & O_NONBLOCK);
    if (!*was_blocking)
        return 0;
    /* From here a call may sleep in the kernel if the flag is cleared again: the closer must shut
     * down, unless the connection is a parent's too (poll_only), which a child never shuts down. */
    if (!s->poll_only)
        atomic_store(&s->blocking_seen, 1);
    return sxi_sleeps_in_kernel(s, atomic_load(&s->timeout_ns)) ? 0 : sxi_fd_set_blocking(s->fd, 0);
}

int32_t sxi_fd_set_blocking(int fd, int blocking)
{
    int nonblocking = !blocking;
    /* One system call, as CPython does on Linux, instead of fcntl's get-then-set. */
    if (ioctl(fd, FIONBIO, &nonblocking) < 0)
        return sxi_fail_errno(errno, "ioctl(FIONBIO)");
    return 0;
}

/*
 * Switch mode. No call relies on the fd's O_NONBLOCK flag (a dup, another process or a
 * concurrent switch can change it at any time); the flag only lets blocking mode sleep inside
 * the kernel and gives other users of the fd what Python gives them. So the mode is recorded
 * first, then the flag set to match the mode as it is then, again until the two agree: of two
 * concurrent switches, the last one recorded also sets the flag last.
 */
static int32_t set_timeout_ns(sx_socket h, int64_t ns)
{
    sxi_slot *slot = sxi_slot_take(h, SXI_KIND_SOCKET);
    if (!slot)
        return SX_EBADHANDLE;
    struct sxi_socket *s = sxi_slot_obj(slot);
    /* Before the mode changes: a closer that misses a blocking call must see this (socket.h, sxi_blocking_call). */
    if (sxi_sleeps_in_kernel(s, ns))
        atomic_store(&s->blocking_seen, 1);
    atomic_store(&s->timeout_ns, ns);
    atomic_store(&s->dontwait, sxi_dontwait_of(s, ns));
    /* Ends once no other switch records a mode between our flag change and our check. */
    int32_t rc;
    for (int64_t want = ns; (rc = sxi_fd_set_blocking(s->fd, want < 0)) == 0;) {
        int64_t now = atomic_load(&s->timeout_ns);
        if (now == want)
            break;
        want = now;
    }
    /*
     * Leaving blocking mode with no other call in progress (two references: the table's and
     * ours): no call can be asleep in the kernel, and any call that starts from now on reads the
     * new timeout, so a close need not shut the connection down (which dups would see).
     */
    if (!rc && ns >= 0 && (uint32_t)atomic_load(slot) == 2u)
        atomic_store(&s->blocking_seen, 0);
    sxi_slot_release(slot);
    return rc;
}

int32_t sx_socket_settimeout(sx_socket h, double seconds)
{
    int64_t ns = -1; /* set on success; initialised because the compiler cannot see that sxi_fail() is non-zero */
    int32_t rc = sxi_timeout_from_seconds(seconds, &ns);
    return rc ? rc : set_timeout_ns(h, ns);
}

int32_t sx_socket_setblocking(sx_socket h, int blocking)
{
    return set_timeout_ns(h, blocking ? -1 : 0);
}

int32_t sx_socket_gettimeout(sx_socket h, double *seconds_out)
{
    struct sxi_socket *s;
    int32_t rc = sxi_socket_acquire_out(h, seconds_out, "sx_socket_gettimeout: seconds_out", &s);
    if (rc)
        return rc;
    *seconds_out = timeout_to_seconds(atomic_load_explicit(&s->timeout_ns, memory_order_relaxed));
    sxi_handle_release(h);
    return 0;
}

int32_t sx_socket_getblocking(sx_socket h, int *blocking_out)
{
    struct sxi_socket *s;
    int32_t rc = sxi_socket_acquire_out(h, blocking_out, "sx_socket_getblocking: blocking_out", &s);
    if (rc)
        return rc;
    *blocking_out = atomic_load_explicit(&s->timeout_ns, memory_order_relaxed) != 0;
    sxi_handle_release(h);
    return 0;
}
