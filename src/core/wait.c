/* SPDX-License-Identifier: MIT */
/*
 * Waiting for a socket: the timeout modes, EINTR retries (PEP 475) and the wake-up
 * of calls in progress when another thread closes the socket.
 *
 * A call waits in ppoll() on the socket and on the socket's eventfd, which the closer
 * signals; the eventfd is made by the first call that has to wait, so sockets that
 * never wait cost no extra descriptor. A call in blocking mode sleeps inside the kernel
 * instead (one system call, as fast as a raw one); the closer wakes such calls with
 * shutdown(2), the only way to end them without a signal handler.
 */
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "detail.h"
#include "socket.h"
#include "socketx/errors.h"

/* Without an eventfd (descriptors exhausted), waits are cut into slices so a close is seen this late at worst. */
#define NO_WAKE_SLICE_NS 50000000LL

/* How often, and how many times at most, the closer repeats shutdown(2) for calls still in the kernel. */
#define WAKE_RETRY_NS 200000L
#define WAKE_RETRIES 500

int64_t sxi_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int64_t deadline_from(int64_t now, int64_t timeout_ns)
{
    return timeout_ns > INT64_MAX - now ? INT64_MAX : now + timeout_ns;
}

int64_t sxi_deadline_after(int64_t timeout_ns)
{
    return deadline_from(sxi_now_ns(), timeout_ns);
}

static int wake_fd_of(struct sxi_socket *s)
{
    int fd = atomic_load(&s->wake_fd);
    if (fd >= 0)
        return fd;
    int made = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (made < 0)
        return -1;
    int expected = -1;
    if (!atomic_compare_exchange_strong(&s->wake_fd, &expected, made)) {
        close(made);
        return expected;
    }
    return made;
}

static int32_t closed_error(void)
{
    return sxi_fail(SX_ECLOSED, "the socket was closed by another thread during the call");
}

int32_t sxi_wait(struct sxi_socket *s, short events, int64_t deadline_ns)
{
    return sxi_wait_at(s, events, deadline_ns, -1);
}

int32_t sxi_wait_at(struct sxi_socket *s, short events, int64_t deadline_ns, int64_t now_ns)
{
    /* Publish the eventfd before looking at the closed flag; the closer does the opposite. */
    int wake = wake_fd_of(s);
    if (atomic_load(&s->closed))
        return closed_error();
    struct pollfd fds[2] = {{.fd = s->fd, .events = events}, {.fd = wake, .events = POLLIN}};
    int64_t wait_ns = -1;
    if (deadline_ns >= 0) {
        wait_ns = deadline_ns - (now_ns >= 0 ? now_ns : sxi_now_ns());
        if (wait_ns <= 0)
            return sxi_fail(SX_ETIMEOUT, "timed out");
    }
    int sliced = wake < 0 && (wait_ns < 0 || wait_ns > NO_WAKE_SLICE_NS);
    if (sliced)
        wait_ns = NO_WAKE_SLICE_NS;
    struct timespec ts = {.tv_sec = wait_ns / 1000000000LL, .tv_nsec = wait_ns % 1000000000LL};
    int n = ppoll(fds, wake >= 0 ? 2 : 1, wait_ns >= 0 ? &ts : NULL, NULL);
    if (n < 0) {
        if (errno != EINTR)
            return sxi_fail_errno(errno, "ppoll");
        int32_t rc = sxi_interrupted("the wait");
        return rc ? rc : SXI_WAIT_AGAIN;
    }
    if (wake >= 0 && fds[1].revents)
        return closed_error();
    if (n == 0)
        return sliced ? SXI_WAIT_AGAIN : sxi_fail(SX_ETIMEOUT, "timed out");
    return 0;
}

int32_t sxi_enter_kernel(struct sxi_socket *s)
{
    /* Count ourselves before looking at the closed flag; the closer sets the flag before counting. */
    atomic_fetch_add(&s->in_kernel, 1);
    if (atomic_load(&s->closed)) {
        atomic_fetch_sub(&s->in_kernel, 1);
        return closed_error();
    }
    return 0;
}

void sxi_leave_kernel(struct sxi_socket *s)
{
    atomic_fetch_sub_explicit(&s->in_kernel, 1, memory_order_release);
}

/* The closer's half: called once, while the socket's fd is still open. */
void sxi_socket_wake(struct sxi_socket *s)
{
    atomic_store(&s->closed, 1);
    int wake = atomic_load(&s->wake_fd);
    if (wake >= 0) {
        uint64_t one = 1;
        /* An eventfd write of 1 cannot fail short of overflow, which a single write never reaches. */
        ssize_t w = write(wake, &one, sizeof one);
        (void)w;
    }
    /* An inherited socket's connection is the parent's too: never shut it down (see poll_only). */
    if (s->poll_only)
        return;
    /* Calls that sleep in the kernel see a shutdown even if they reach their system call after it. */
    if (atomic_load(&s->blocking_seen) && shutdown(s->fd, SHUT_RDWR) < 0 && errno == EOPNOTSUPP)
        return;
    /*
     * A connect counted in in_kernel may not have reached its system call yet, and a shutdown that
     * comes first does not stop every call: a connect(2) issued after it still sends its SYN and
     * sleeps until the connection is made or the kernel gives up (minutes, against a full
     * backlog). So shutdown is repeated until such calls have left, for a bounded time; it is
     * idempotent, and a family without it (EOPNOTSUPP) cannot be woken this way at all.
     */
    for (int i = 0; i < WAKE_RETRIES && atomic_load(&s->in_kernel); i++) {
        struct timespec pause = {.tv_sec = 0, .tv_nsec = WAKE_RETRY_NS};
        nanosleep(&pause, NULL);
        if (!atomic_load(&s->in_kernel))
            break;
        if (shutdown(s->fd, SHUT_RDWR) < 0 && errno == EOPNOTSUPP)
            break;
    }
}

/* The pause after repeated false wake-ups (see sxi_call_from). */
#define FALSE_WAKE_PAUSE_NS 1000000LL

/* Sleep for at most ns, and never past deadline_ns (-1: none). */
static void pause_until(int64_t deadline_ns, int64_t ns)
{
    int64_t left = deadline_ns < 0 ? ns : deadline_ns - sxi_now_ns();
    if (left < ns)
        ns = left;
    if (ns > 0) {
        struct timespec ts = {.tv_sec = 0, .tv_nsec = ns};
        nanosleep(&ts, NULL);
    }
}

static int would_block(int e)
{
    return e == EAGAIN || e == EWOULDBLOCK;
}

int32_t sxi_call_blocking_from(struct sxi_socket *s, const struct sxi_io *io, sxi_op_fn op, void *ctx, long r,
                               int e, long *result)
{
    for (;;) {
        int closed = atomic_load(&s->closed);
        /* A 0 after a close is the closer's shutdown talking, not the peer. */
        if (r > 0 || (r == 0 && !closed)) {
            *result = r;
            return 0;
        }
        if (closed)
            return closed_error();
        /* Someone made the shared file description non-blocking: still honour blocking mode. */
        if (would_block(e)) {
            int32_t rc = sxi_wait(s, io->events, -1);
            if (rc < 0)
                return rc;
        } else if (e != EINTR) {
            return sxi_fail_errno(e, io->what);
        } else {
            int32_t rc = sxi_interrupted(io->what);
            if (rc)
                return rc;
        }
        if (!sxi_blocking_call(s, 0))
            return atomic_load(&s->closed) ? closed_error() : sxi_call(s, io, op, ctx, result);
        r = op(s, ctx, 0);
        e = r < 0 ? errno : 0;
    }
}

int32_t sxi_call_from(struct sxi_socket *s, const struct sxi_io *io, sxi_op_fn op, void *ctx, int64_t timeout,
                      long r, int e, long *result)
{
    int64_t own_deadline = -1;
    int64_t *deadline = io->deadline ? io->deadline : &own_deadline;
    int false_wakes = 0;
    for (;;) {
        if (r > 0) {
            *result = r;
            return 0;
        }
        /*
         * A socket switched out of blocking mode while a call was using it keeps blocking_seen, so
         * the closer shuts it down: a 0 after a close is that shutdown, not the peer's EOF, and an
         * error (EPIPE; EINVAL from accept) is the close too. Read only off the data path.
         */
        if (atomic_load(&s->closed))
            return closed_error();
        if (r == 0) {
            *result = r;
            return 0;
        }
        if (e == EINTR) {
            int32_t rc = sxi_interrupted(io->what); /* else retried below */
            if (rc)
                return rc;
        } else if (!would_block(e) || timeout == 0 || io->user_dontwait) {
            return sxi_fail_errno(e, io->what);
        } else {
            /* The clock is read only once the call has to wait, and once for the first wait (which
             * the false-wake pause below never precedes, so now is still current there). */
            int64_t now = -1;
            if (timeout > 0 && *deadline < 0) { /* a negative timeout: blocking mode waiting in ppoll */
                now = sxi_now_ns();
                *deadline = deadline_from(now, timeout);
            }
            /*
             * poll can report ready while the operation still would block (an AF_UNIX datagram
             * sent to a full receiver): after the second such false wake, pause a little each
             * time instead of spinning on the CPU until the deadline.
             */
            if (++false_wakes > 2)
                pause_until(*deadline, FALSE_WAKE_PAUSE_NS);
            int32_t rc = sxi_wait_at(s, io->events, *deadline, now);
            if (rc < 0)
                return rc;
        }
        r = op(s, ctx, 1);
        e = r < 0 ? errno : 0;
    }
}

int32_t sxi_call(struct sxi_socket *s, const struct sxi_io *io, sxi_op_fn op, void *ctx, long *result)
{
    /* The same loads, in the same order, as sxi_blocking_call, but the timeout is read only once. */
    int64_t timeout = atomic_load(&s->timeout_ns);
    int blocking = sxi_sleeps_in_kernel(s, timeout) && !io->user_dontwait && !io->poll_wait;
    if (blocking && atomic_load(&s->closed))
        return closed_error();
    long r = op(s, ctx, !blocking);
    int e = r < 0 ? errno : 0;
    if (blocking)
        return sxi_call_blocking_from(s, io, op, ctx, r, e, result);
    return sxi_call_from(s, io, op, ctx, timeout, r, e, result);
}
