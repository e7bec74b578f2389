/* SPDX-License-Identifier: MIT */
/* Internal: the socket object and the machinery its calls share. */
#ifndef SXI_SOCKET_H
#define SXI_SOCKET_H

#include <errno.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/socket.h>

#include "detail.h"
#include "handle.h"
#include "socketx/errors.h"
#include "socketx/socket.h"

/* The calling thread's sx_thread_set_interruptible() setting (interrupt.c): initial-exec, so
 * reading it is one load, cheap enough for sendall's first attempt. */
extern _Thread_local int sxi_interruptible __attribute__((tls_model("initial-exec"), visibility("hidden")));

struct sxi_socket {
    int fd;
    int32_t family;
    int32_t type; /* without SOCK_NONBLOCK / SOCK_CLOEXEC, as Python reports it */
    int32_t proto;
    int32_t takes_af;            /* the address family bind/connect/sendto accept (family table); 0: any */
    _Atomic int64_t timeout_ns;  /* -1 blocking, 0 non-blocking, > 0 timeout */
    _Atomic int dontwait;        /* the mode as a send/recv flag: MSG_DONTWAIT unless blocking; stored after timeout_ns */
    _Atomic int closed;          /* set once by the closer; calls still inside then return SX_ECLOSED */
    _Atomic int wake_fd;         /* eventfd the closer signals, created by the first call that waits; -1 */
    _Atomic uint32_t in_kernel;  /* calls inside connect(2) in blocking mode (woken by repeated shutdown) */
    _Atomic int blocking_seen;   /* the socket has been in blocking mode: a call may sleep in the kernel */
    int detached;                /* the fd belongs to the caller now: do not close it */
    /*
     * Inherited through fork(2): the connection is shared with the parent, so no call of this
     * process sleeps inside the kernel and a close never shuts it down; blocking mode waits in
     * ppoll on this process's own eventfd instead. Set only in the child, while single-threaded.
     */
    int poll_only;
};

/*
 * Whether a call in mode timeout_ns may sleep inside the kernel's system call: blocking mode, on
 * a socket whose connection no parent process shares (poll_only). Otherwise it tries with
 * MSG_DONTWAIT or a non-blocking fd and waits in ppoll, where a close can wake it.
 */
static inline int sxi_sleeps_in_kernel(const struct sxi_socket *s, int64_t timeout_ns)
{
    return timeout_ns < 0 && !s->poll_only;
}

/*
 * What every receive of ancillary data adds to its flags so that descriptors arrive
 * close-on-exec. Only AF_UNIX carries descriptors (SCM_RIGHTS), and some families refuse the
 * flag outright (AF_PACKET's recvmsg gives EINVAL), so the others ask for nothing extra.
 */
static inline int sxi_recv_cloexec(const struct sxi_socket *s)
{
    return s->family == AF_UNIX ? MSG_CMSG_CLOEXEC : 0;
}

/* Take a reference to the socket behind h. Release with sxi_handle_release(h). */
static inline int32_t sxi_socket_acquire(sx_socket h, struct sxi_socket **out)
{
    /* Through a real void *: storing via (void **)out would break strict aliasing, and the
     * compiler may then assume *out unchanged (GCC -O2 warns that it may be uninitialized). */
    void *obj = NULL;
    int32_t rc = sxi_handle_acquire(h, SXI_KIND_SOCKET, &obj);
    *out = obj;
    return rc;
}

/*
 * The opening of every call with an out-pointer: refuse a NULL one (what names it, e.g.
 * "sx_socket_fileno: fd_out"), then take the socket. Release with sxi_handle_release(h).
 */
static inline int32_t sxi_socket_acquire_out(sx_socket h, const void *out, const char *what,
                                             struct sxi_socket **s)
{
    *s = NULL;
    if (!out)
        return sxi_fail(SX_EARG, "%s is NULL", what);
    return sxi_socket_acquire(h, s);
}

/* ---- timeout.c ---- */

/* Convert a timeout in seconds (SX_TIMEOUT_NONE, 0 or positive) to -1, 0 or nanoseconds (rounded up). */
int32_t sxi_timeout_from_seconds(double seconds, int64_t *ns_out);
/* The module default timeout, -1 for None. */
int64_t sxi_default_timeout(void);
/* Put the fd in O_NONBLOCK for non-blocking and timeout modes, blocking otherwise. */
int32_t sxi_fd_set_blocking(int fd, int blocking);
/*
 * For the calls that have no per-call non-blocking flag (accept, connect) in the modes that must
 * not block: find whether the fd's O_NONBLOCK flag was cleared behind the handle's back
 * (*was_blocking), and if so set it again while the mode still is non-blocking or timeout.
 */
int32_t sxi_fd_ensure_nonblocking(struct sxi_socket *s, int *was_blocking);

/* ---- wait.c ---- */

/* Monotonic clock in nanoseconds. */
int64_t sxi_now_ns(void);

/* The deadline timeout_ns (> 0) from now, saturated: a timeout near 2^63 ns must not wrap to "no deadline". */
int64_t sxi_deadline_after(int64_t timeout_ns);

/*
 * Wait until fd is ready for events (POLLIN / POLLOUT), the socket is closed, or deadline_ns
 * (monotonic; -1 = no deadline) passes. Returns 0 (ready), SXI_WAIT_AGAIN (interrupted by a
 * signal, or a slice of a wait without eventfd ended: nothing is known, wait again or retry),
 * SX_ETIMEOUT, SX_ECLOSED, SX_EINTR (interrupted, in an interruptible thread) or an OS code.
 */
#define SXI_WAIT_AGAIN 1
int32_t sxi_wait(struct sxi_socket *s, short events, int64_t deadline_ns);
/* sxi_wait with the monotonic time now_ns already read by the caller (-1: read it). */
int32_t sxi_wait_at(struct sxi_socket *s, short events, int64_t deadline_ns, int64_t now_ns);

/* The closer's half of the wake-up: mark closed, signal waiters, shut down for calls blocked in the kernel. */
void sxi_socket_wake(struct sxi_socket *s);

/* Mark a connect(2) as blocked inside the kernel; returns SX_ECLOSED if the socket is closing already. */
int32_t sxi_enter_kernel(struct sxi_socket *s);
void sxi_leave_kernel(struct sxi_socket *s);

/* How one I/O call waits: for which readiness, whether it may wait at all, until when. */
struct sxi_io {
    short events;       /* POLLIN or POLLOUT */
    int user_dontwait;  /* the caller passed MSG_DONTWAIT: never wait */
    int poll_wait;      /* blocking mode too waits in ppoll, never inside the kernel's call */
    int64_t *deadline;  /* shared deadline (sendall), -1 until the first wait; NULL: per call */
    const char *what;   /* the system call, for detail messages */
};

/*
 * Run op on s under its timeout mode, the loop of CPython's sock_call_ex with one change:
 * the operation is tried first and waits only when it would block.
 * op returns >= 0 on success or -1 with errno set; it gets dontwait=1 when it must not block.
 * Returns 0 with *result set, or a status.
 */
typedef long (*sxi_op_fn)(struct sxi_socket *s, void *ctx, int dontwait);
int32_t sxi_call(struct sxi_socket *s, const struct sxi_io *io, sxi_op_fn op, void *ctx, long *result);

/*
 * Non-blocking and timeout modes (timeout 0 or > 0, or MSG_DONTWAIT), and blocking mode waiting
 * in ppoll (timeout < 0, io->poll_wait), after a first attempt of
 * op with dontwait returned r (errno e): finish the call, waiting as the mode allows.
 */
int32_t sxi_call_from(struct sxi_socket *s, const struct sxi_io *io, sxi_op_fn op, void *ctx, int64_t timeout,
                      long r, int e, long *result);

/*
 * Blocking mode, after a first attempt of op returned r (errno e): finish the call, retrying
 * and waiting as blocking mode requires. The fast paths make that first attempt inline.
 */
int32_t sxi_call_blocking_from(struct sxi_socket *s, const struct sxi_io *io, sxi_op_fn op, void *ctx, long r,
                               int e, long *result);

/*
 * sxi_call with its first attempt inline, as send and recv make it (socket_io.c): in the
 * socket's mode (its dontwait flag, read before the closed flag as there), so that a call that
 * goes at once, the common case, skips sxi_call's setup; a call that must wait, retry or fail
 * goes on through the loops of wait.c, as from sxi_call's own first attempt. Not for calls with
 * io->poll_wait (sendall, the batches): their first attempt must not sleep in the kernel, which
 * only sxi_call checks.
 */
static inline int32_t sxi_call_inline(struct sxi_socket *s, const struct sxi_io *io, sxi_op_fn op, void *ctx,
                                      long *result)
{
    int dontwait = atomic_load(&s->dontwait) != 0;
    if (__builtin_expect(atomic_load(&s->closed), 0))
        return sxi_call(s, io, op, ctx, result);
    long r = op(s, ctx, dontwait);
    if (__builtin_expect(r > 0, 1)) {
        *result = r;
        return 0;
    }
    int e = r < 0 ? errno : 0;
    int64_t timeout = atomic_load(&s->timeout_ns);
    if (sxi_sleeps_in_kernel(s, timeout) && !io->user_dontwait)
        return sxi_call_blocking_from(s, io, op, ctx, r, e, result);
    return sxi_call_from(s, io, op, ctx, timeout, r, e, result);
}

/*
 * Whether a call with these flags runs in blocking mode and may go into the kernel: the timeout
 * is read before the closed flag, and the closer sets the flag before it reads blocking_seen, so
 * either this sees the close or the closer sees that it must shut the socket down.
 */
static inline int sxi_blocking_call(struct sxi_socket *s, int flags)
{
    return sxi_sleeps_in_kernel(s, atomic_load(&s->timeout_ns)) && !(flags & MSG_DONTWAIT) && !atomic_load(&s->closed);
}

/* ---- socket_conn.c ---- */

/* Take references to a socket and an address whose family fits it. Release both on success only. */
struct sxi_addr;
int32_t sxi_acquire_with_addr(sx_socket h, sx_addr ah, struct sxi_socket **s, const struct sxi_addr **a);

/* ---- socket.c ---- */

/* Wrap fd (owned from now on) in a new socket handle, with Python's init_sockobject rules for the timeout. */
int32_t sxi_socket_wrap(int fd, int32_t family, int32_t type, int32_t proto, int64_t timeout_ns, sx_socket *out);

/* The flag a first attempt in this mode carries: MSG_DONTWAIT unless it may sleep in the kernel. */
static inline int sxi_dontwait_of(const struct sxi_socket *s, int64_t timeout_ns)
{
    return sxi_sleeps_in_kernel(s, timeout_ns) ? 0 : MSG_DONTWAIT;
}

/* The timeout a new socket starts with (Python's init_sockobject). */
static inline int64_t sxi_initial_timeout(int32_t type)
{
    return type & SOCK_NONBLOCK ? 0 : sxi_default_timeout();
}

#endif
