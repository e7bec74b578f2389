/* SPDX-License-Identifier: MIT */
/*
 * sx_socket_sendfile: socket.sendfile() on sendfile(2), with Python's fallback to read and send.
 *
 * The transfer runs through the wait loop of wait.c like sendall, one chunk per system call,
 * with one deadline for the whole call in timeout mode (the contract; Python's deadline is per
 * wait). sendfile(2) has no per-call MSG_DONTWAIT, so an attempt that must not block relies on
 * the fd's O_NONBLOCK flag, checked and restored first as accept and connect do (the flag lives
 * on the shared file description and may have been cleared behind the handle's back).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "detail.h"
#include "socket.h"
#include "socketx/errors.h"
#include "socketx/msg.h"

/* Python's os.sendfile blocks are at most 1 GiB; the kernel caps one call near 2 GiB anyway. */
#define SENDFILE_CHUNK ((uint64_t)1 << 30)
/* The fallback's read size: larger than Python's 8 KiB, so the copy costs fewer system calls. */
#define FALLBACK_CHUNK ((size_t)64 * 1024)

/*
 * sendfile(2) on a socket whose connection is gone raises SIGPIPE, and unlike send(2) it has no
 * MSG_NOSIGNAL. The library never raises SIGPIPE in the host (DESIGN §1.8): the signal is blocked
 * in this thread for the call, and a SIGPIPE the call raised (sent to this thread) is taken off
 * the pending set before the mask is restored. One that was pending already (the host blocks SIGPIPE and has one
 * queued) is the host's and stays.
 */
static ssize_t sendfile_nosigpipe(int out_fd, int in_fd, off_t *off, size_t len)
{
    sigset_t pipe_set, old;
    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
    int was_pending = 0;
    if (sigismember(&old, SIGPIPE)) {
        /* Only a thread that blocked SIGPIPE itself can have one pending: else it was delivered. */
        sigset_t pending;
        was_pending = sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE);
    }
    ssize_t n = sendfile(out_fd, in_fd, off, len);
    int e = errno;
    /* The kernel raises it also with a short count (the connection broke part way), so any
     * call that did not send everything is checked. */
    sigset_t pending;
    if ((n < 0 || (size_t)n < len) && !was_pending && sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE)) {
        const struct timespec zero = {0, 0};
        while (sigtimedwait(&pipe_set, NULL, &zero) < 0 && errno == EINTR) {
        }
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    errno = e;
    return n;
}

struct sf_ctx {
    int in_fd;
    int seekable; /* sendfile(2) with an explicit offset; else from the file's position */
    off_t off;    /* the next byte to send (seekable only); sendfile(2) advances it */
    size_t len;   /* this attempt's size */
};

static long sendfile_op(struct sxi_socket *s, void *p, int dontwait)
{
    struct sf_ctx *c = p;
    if (dontwait) {
        /* As accept_op: restore O_NONBLOCK if someone cleared it; if it stays cleared (blocking
         * mode waiting in ppoll), go in only when poll says the socket can take data now. */
        int was_blocking;
        if (sxi_fd_ensure_nonblocking(s, &was_blocking) != 0)
            return -1;
        if (was_blocking) {
            struct pollfd pfd = {.fd = s->fd, .events = POLLOUT};
            int ready = poll(&pfd, 1, 0);
            if (ready <= 0) {
                errno = ready == 0 ? EAGAIN : errno;
                return -1;
            }
        }
    }
    /* Counted as in the kernel, so a close repeats its shutdown until this call has left. */
    if (sxi_enter_kernel(s) != 0) {
        errno = EBADF; /* the close is reported by the wait loop's closed check */
        return -1;
    }
    ssize_t n = sendfile_nosigpipe(s->fd, c->in_fd, c->seekable ? &c->off : NULL, c->len);
    int e = errno;
    sxi_leave_kernel(s);
    errno = e;
    return n;
}

struct send_ctx {
    const char *buf;
    size_t len;
};

static long send_op(struct sxi_socket *s, void *p, int dontwait)
{
    struct send_ctx *c = p;
    return send(s->fd, c->buf, c->len, MSG_NOSIGNAL | (dontwait ? MSG_DONTWAIT : 0));
}

/* Read up to len bytes of the file (at off when seekable), retrying EINTR as PEP 475 says. */
static int32_t read_file(const struct sf_ctx *c, char *buf, size_t len, size_t *got)
{
    for (;;) {
        ssize_t n = c->seekable ? pread(c->in_fd, buf, len, c->off) : read(c->in_fd, buf, len);
        if (n >= 0) {
            *got = (size_t)n;
            return 0;
        }
        if (errno != EINTR)
            return sxi_fail_errno(errno, c->seekable ? "pread" : "read");
        int32_t rc = sxi_interrupted("read");
        if (rc)
            return rc;
    }
}

/*
 * Python's _sendfile_use_send: read a block, send all of it, until count bytes or the end of the
 * file. The socket's waits share io's deadline. Bytes read but not sent when a send fails are
 * lost for a file that cannot seek (a pipe), as in Python; a seekable file is repositioned by
 * the caller to what was sent.
 */
static int32_t fallback(struct sxi_socket *s, const struct sxi_io *io, struct sf_ctx *c, uint64_t count,
                        uint64_t *total)
{
    size_t cap = count && count < FALLBACK_CHUNK ? (size_t)count : FALLBACK_CHUNK;
    char *buf = sxi_alloc(cap);
    if (!buf)
        return sxi_fail(SX_ENOMEM, "sx_socket_sendfile: no memory for the %zu-byte copy buffer", cap);
    int32_t rc = 0;
    while (!count || *total < count) {
        size_t want = count && count - *total < cap ? (size_t)(count - *total) : cap;
        size_t got = 0;
        if ((rc = read_file(c, buf, want, &got)) != 0 || got == 0)
            break;
        struct send_ctx sc = {.buf = buf, .len = got};
        while (sc.len) {
            long n = 0;
            if ((rc = sxi_call(s, io, send_op, &sc, &n)) != 0)
                break;
            sc.buf += n;
            sc.len -= (size_t)n;
            *total += (uint64_t)n;
            c->off += (off_t)n;
        }
        if (rc)
            break;
    }
    sxi_free(buf);
    return rc;
}

int32_t sx_socket_sendfile(sx_socket h, int32_t fd, uint64_t offset, uint64_t count, uint64_t *sent_out)
{
    uint64_t ignored;
    if (!sent_out)
        sent_out = &ignored;
    *sent_out = 0;
    if (offset > (uint64_t)INT64_MAX)
        return sxi_fail(SX_EARG, "sx_socket_sendfile: offset %llu is above 2^63-1", (unsigned long long)offset);
    int fl = fd < 0 ? -1 : fcntl(fd, F_GETFL);
    if (fl < 0 || (fl & O_PATH) || (fl & O_ACCMODE) == O_WRONLY)
        return sxi_fail(SX_EBADF, "sx_socket_sendfile: descriptor %d is not open for reading", (int)fd);
    struct sxi_socket *s;
    int32_t rc = sxi_socket_acquire(h, &s);
    if (rc)
        return rc;
    /* Python's check is a bit test, so SOCK_SEQPACKET (5) passes as it does there. */
    if (!(s->type & SOCK_STREAM)) {
        sxi_handle_release(h);
        return sxi_fail(SX_EARG, "sx_socket_sendfile: the socket is not a stream socket (type %d)", (int)s->type);
    }
    /* Bytes beyond 2^63-1 cannot be addressed: a larger count means "up to there". */
    if (count > (uint64_t)INT64_MAX - offset)
        count = (uint64_t)INT64_MAX - offset;
    struct sf_ctx c = {.in_fd = fd, .seekable = lseek(fd, 0, SEEK_CUR) >= 0, .off = (off_t)offset};
    if (!c.seekable && offset) {
        /* Python seeks to the offset first, which fails the same way. */
        sxi_handle_release(h);
        return sxi_fail(SX_ESPIPE, "sx_socket_sendfile: offset %llu on a file that cannot seek",
                        (unsigned long long)offset);
    }
    int64_t deadline = -1; /* one deadline for the whole call, set at the first wait */
    /* An interruptible thread waits in ppoll even in blocking mode, as sendall does (socket_io.c). */
    const struct sxi_io io = {.events = POLLOUT, .poll_wait = sxi_interruptible, .deadline = &deadline,
                              .what = "sendfile"};
    /*
     * The size of a regular file bounds each request, as Python's blocksize does: asking for more
     * than the file holds makes the kernel send its last segment with MSG_MORE (it expects the
     * rest), which delays the tail of every transfer. Past that size (a file that grew), chunks.
     */
    struct stat st;
    uint64_t size = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 ? (uint64_t)st.st_size : 0;
    uint64_t total = 0;
    while (!count || total < count) {
        uint64_t left = count ? count - total : SENDFILE_CHUNK;
        uint64_t at = offset + total;
        if (size > at && size - at < left)
            left = size - at;
        c.len = (size_t)(left < SENDFILE_CHUNK ? left : SENDFILE_CHUNK);
        long n = 0;
        rc = sxi_call(s, &io, sendfile_op, &c, &n);
        if (rc) {
            /* Refused before any byte went out (a pipe, a file system without it): Python's fallback. */
            if (total == 0 && (rc == SX_EINVAL || rc == SX_ENOSYS))
                rc = fallback(s, &io, &c, count, &total);
            break;
        }
        if (n == 0)
            break; /* the end of the file */
        total += (uint64_t)n;
    }
    /* As Python's finally clause: the file's position follows what was sent, also after an error. */
    if (c.seekable)
        (void)lseek(fd, (off_t)(offset + total), SEEK_SET);
    sxi_handle_release(h);
    *sent_out = total;
    return rc;
}
