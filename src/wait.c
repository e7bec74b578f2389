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
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "detail.h"
#include "socket.h"
#include "socketx/errors.h"

/* Without an eventfd (descriptors exhausted), waits are cut into slices so a close is seen this late at worst. */
#define NO_WAKE_SLICE_NS 50000000LL

int64_t sxi_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
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
    /* Publish the eventfd before looking at the closed flag; the closer does the opposite. */
    int wake = wake_fd_of(s);
    if (atomic_load(&s->closed))
        return closed_error();
    struct pollfd fds[2] = {{.fd = s->fd, .events = events}, {.fd = wake, .events = POLLIN}};
    int64_t wait_ns = -1;
    if (deadline_ns >= 0) {
        wait_ns = deadline_ns - sxi_now_ns();
        if (wait_ns <= 0)
            return sxi_fail(SX_ETIMEOUT, "timed out");
    }
    int sliced = wake < 0 && (wait_ns < 0 || wait_ns > NO_WAKE_SLICE_NS);
    if (sliced)
        wait_ns = NO_WAKE_SLICE_NS;
    struct timespec ts = {.tv_sec = wait_ns / 1000000000LL, .tv_nsec = wait_ns % 1000000000LL};
    int n = ppoll(fds, wake >= 0 ? 2 : 1, wait_ns >= 0 ? &ts : NULL, NULL);
    if (n < 0)
        return errno == EINTR ? SXI_WAIT_AGAIN : sxi_fail_errno(errno, "ppoll");
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
    if (atomic_load(&s->in_kernel))
        shutdown(s->fd, SHUT_RDWR);
}

static int would_block(int e)
{
    return e == EAGAIN || e == EWOULDBLOCK;
}

/* Blocking mode: the operation sleeps in the kernel, where only shutdown() by the closer reaches it. */
static int32_t call_blocking(struct sxi_socket *s, const struct sxi_io *io, sxi_op_fn op, void *ctx,
                             long *result)
{
    for (;;) {
        int32_t rc = sxi_enter_kernel(s);
        if (rc)
            return rc;
        long r = op(s, ctx, 0);
        int e = errno;
        sxi_leave_kernel(s);
        int closed = atomic_load(&s->closed);
        if (r > 0 || (r == 0 && !closed)) {
            *result = r;
            return 0;
        }
        if (closed)
            return closed_error();
        if (e == EINTR)
            continue;
        /* Someone made the shared file description non-blocking: still honour blocking mode. */
        if (!would_block(e))
            return sxi_fail_errno(e, io->what);
        rc = sxi_wait(s, io->events, -1);
        if (rc < 0)
            return rc;
    }
}

int32_t sxi_call(struct sxi_socket *s, const struct sxi_io *io, sxi_op_fn op, void *ctx, long *result)
{
    int64_t timeout = atomic_load_explicit(&s->timeout_ns, memory_order_relaxed);
    if (timeout < 0 && !io->user_dontwait)
        return call_blocking(s, io, op, ctx, result);
    int64_t own_deadline = -1;
    int64_t *deadline = io->deadline ? io->deadline : &own_deadline;
    for (;;) {
        long r = op(s, ctx, 1);
        if (r >= 0) {
            *result = r;
            return 0;
        }
        int e = errno;
        if (e == EINTR) {
            if (atomic_load(&s->closed))
                return closed_error();
            continue;
        }
        if (!would_block(e) || timeout == 0 || io->user_dontwait)
            return sxi_fail_errno(e, io->what);
        /* The clock is read only once the call has to wait: the ready path costs one system call. */
        if (*deadline < 0)
            *deadline = sxi_now_ns() + timeout;
        int32_t rc = sxi_wait(s, io->events, *deadline);
        if (rc < 0)
            return rc;
    }
}
