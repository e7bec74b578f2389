/* SPDX-License-Identifier: MIT */
/*
 * Data transfer: send, sendall, sendto, recv, recvfrom.
 *
 * send and recv are the calls every byte goes through, so their blocking-mode case is
 * written out inline: take the handle, one system call, drop the handle. Everything
 * else (waiting, timeouts, EINTR, errors, a close in between) goes to the general loop
 * of wait.c, which picks up from the first attempt's result. sendto and recvfrom, the
 * datagram calls, make their first attempt inline too (sxi_call_inline).
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <sys/socket.h>

#include "addr.h"
#include "detail.h"
#include "rawsys.h"
#include "socket.h"
#include "socketx/errors.h"

#define LIKELY(x) __builtin_expect(!!(x), 1)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)

struct xfer {
    void *buf;
    size_t len;
    int flags;
    const struct sxi_addr *to;
};

/* recvfrom's context: the sender's address is room only recvfrom needs. */
struct xfer_from {
    struct xfer x;
    int want_from;
    socklen_t from_len;
    struct sockaddr_storage from;
};

static int dontwait_flag(int dontwait)
{
    return dontwait ? MSG_DONTWAIT : 0;
}

static long send_op(struct sxi_socket *s, void *p, int dontwait)
{
    struct xfer *x = p;
    return send(s->fd, x->buf, x->len, x->flags | MSG_NOSIGNAL | dontwait_flag(dontwait));
}

static long sendto_op(struct sxi_socket *s, void *p, int dontwait)
{
    struct xfer *x = p;
    return sendto(s->fd, x->buf, x->len, x->flags | MSG_NOSIGNAL | dontwait_flag(dontwait), &x->to->u.sa,
                  x->to->len);
}

static long recv_op(struct sxi_socket *s, void *p, int dontwait)
{
    struct xfer *x = p;
    return recv(s->fd, x->buf, x->len, x->flags | dontwait_flag(dontwait));
}

static long recvfrom_op(struct sxi_socket *s, void *p, int dontwait)
{
    struct xfer_from *f = p;
    f->from_len = sizeof f->from;
    return recvfrom(s->fd, f->x.buf, f->x.len, f->x.flags | dontwait_flag(dontwait),
                    f->want_from ? (struct sockaddr *)&f->from : NULL, f->want_from ? &f->from_len : NULL);
}

static int32_t bad_buffer(const void *buf, size_t len, const size_t *count_out, const char *fn)
    __attribute__((cold, noinline));
static int32_t bad_buffer(const void *buf, size_t len, const size_t *count_out, const char *fn)
{
    if (!count_out)
        return sxi_fail(SX_EARG, "%s: count out-pointer is NULL", fn);
    if (!buf && len)
        return sxi_fail(SX_EARG, "%s: buffer is NULL but its length is %zu", fn, len);
    return sxi_fail(SX_EARG, "%s: length %zu is larger than any buffer can be", fn, len);
}

/*
 * The bound is SSIZE_MAX, the largest count the kernel's send and recv can return and the size
 * no object exceeds, not INT64_MAX: where size_t has 32 bits nothing is above INT64_MAX, and a
 * length of SIZE_MAX went to the kernel, which read or wrote past the caller's buffer.
 */
static inline int buffer_ok(const void *buf, size_t len, const size_t *count_out)
{
    return LIKELY(count_out && (buf || !len) && len <= (size_t)SSIZE_MAX);
}

/*
 * The general case of send and recv, entered with the handle's reference held after the fast
 * path's first attempt, made with dontwait (MSG_DONTWAIT or 0), returned r (a count or -errno);
 * drops the reference. The mode is read again here: if it changed since the attempt, the loops
 * of wait.c handle an attempt of the other mode (a blocking call retries after EAGAIN, a timed
 * one after a blocking call's EINTR). Kept out of line so the fast paths carry none of its state.
 */
static inline __attribute__((always_inline)) int32_t io_finish(sxi_slot *slot, int is_send, void *buf, size_t len,
                                                              int flags, size_t *count_out, long r)
{
    struct sxi_socket *s = sxi_slot_obj(slot);
    sxi_op_fn op = is_send ? send_op : recv_op;
    struct xfer x = {.buf = buf, .len = len, .flags = flags};
    const struct sxi_io io = {.events = is_send ? POLLOUT : POLLIN, .user_dontwait = flags & MSG_DONTWAIT,
                              .what = is_send ? "send" : "recv"};
    int64_t timeout = atomic_load(&s->timeout_ns);
    long n = r < 0 ? -1 : r;
    int e = r < 0 ? (int)-r : 0;
    int32_t rc;
    if (sxi_sleeps_in_kernel(s, timeout) && !(flags & MSG_DONTWAIT))
        rc = sxi_call_blocking_from(s, &io, op, &x, n, e, &n);
    else
        rc = sxi_call_from(s, &io, op, &x, timeout, n, e, &n);
    sxi_slot_release(slot);
    if (!rc)
        *count_out = (size_t)n;
    return rc;
}

/* io_finish for each direction: six arguments, so the fast paths reach them with a jump. */
static int32_t __attribute__((noinline)) finish_send(sxi_slot *slot, void *buf, size_t len, int flags,
                                                     size_t *count_out, long r)
{
    return io_finish(slot, 1, buf, len, flags, count_out, r);
}

static int32_t __attribute__((noinline)) finish_recv(sxi_slot *slot, void *buf, size_t len, int flags,
                                                     size_t *count_out, long r)
{
    return io_finish(slot, 0, buf, len, flags, count_out, r);
}

/* A closed socket, or recv of 0 bytes (Python returns b'' without a system call). */
static int32_t __attribute__((noinline)) io_no_call(sxi_slot *slot, int is_send, void *buf, size_t len, int flags,
                                                    size_t *count_out)
{
    struct sxi_socket *s = sxi_slot_obj(slot);
    int32_t rc = 0;
    long n = 0;
    if (is_send || len) {
        rc = sxi_call(s, &(const struct sxi_io){.events = is_send ? POLLOUT : POLLIN,
                                                .user_dontwait = flags & MSG_DONTWAIT,
                                                .what = is_send ? "send" : "recv"},
                      is_send ? send_op : recv_op, &(struct xfer){.buf = buf, .len = len, .flags = flags}, &n);
    }
    sxi_slot_release(slot);
    if (!rc)
        *count_out = (size_t)n;
    return rc;
}

/*
 * The fast paths' unusual arguments: a NULL count out-pointer or buffer, a length that is 0
 * (recv) or above SSIZE_MAX. Refuses the bad ones; the rest (a NULL buffer of length 0, recv
 * of 0 bytes) take the general path.
 */
static int32_t __attribute__((noinline, cold)) io_unusual(sx_socket h, void *buf, size_t len, int flags,
                                                          size_t *count_out, int is_send)
{
    if (!buffer_ok(buf, len, count_out))
        return bad_buffer(buf, len, count_out, is_send ? "sx_socket_send" : "sx_socket_recv");
    sxi_slot *slot = sxi_slot_take(h, SXI_KIND_SOCKET);
    if (!slot)
        return SX_EBADHANDLE;
    return io_no_call(slot, is_send, buf, len, flags, count_out);
}

/*
 * The inline first attempt of send, recv and sendall: in the socket's mode (MSG_DONTWAIT unless
 * blocking), read before the closed flag, the order sxi_blocking_call explains. Returns 0 without
 * a system call if the socket is closed, else 1 with the kernel's result (a count or -errno) in *n.
 */
static inline __attribute__((always_inline)) int try_inline(struct sxi_socket *s, int is_send, void *buf,
                                                            size_t len, int flags, long *n)
{
    unsigned f = (unsigned)flags | (unsigned)atomic_load(&s->dontwait);
    if (UNLIKELY(atomic_load(&s->closed)))
        return 0;
    *n = is_send ? sxi_sys_send(s->fd, buf, len, f | MSG_NOSIGNAL) : sxi_sys_recv(s->fd, buf, len, f);
    return 1;
}

/*
 * send and recv: take the handle and make the one system call here, with MSG_DONTWAIT unless in
 * blocking mode; anything else (waiting, timeouts, EINTR, errors, a 0 that may be a close's
 * shutdown, a close in between, recv of 0 bytes) goes on out of line. Inlined into each with
 * is_send constant.
 */
static inline __attribute__((always_inline)) int32_t fast_io(sx_socket h, void *buf, size_t len, int flags,
                                                            size_t *count_out, int is_send)
{
    /* A length above SSIZE_MAX (see buffer_ok), and recv's 0 (no system call). */
    if (UNLIKELY(!count_out || !buf || len > (size_t)SSIZE_MAX || (!is_send && len == 0)))
        return io_unusual(h, buf, len, flags, count_out, is_send);
    sxi_slot *slot = sxi_slot_take(h, SXI_KIND_SOCKET);
    if (UNLIKELY(!slot))
        return SX_EBADHANDLE;
    long n;
    if (UNLIKELY(!try_inline(sxi_slot_obj(slot), is_send, buf, len, flags, &n)))
        return io_no_call(slot, is_send, buf, len, flags, count_out);
    if (LIKELY(n > 0)) {
        *count_out = (size_t)n; /* before the release: nothing is then live across its rare call */
        sxi_slot_release(slot);
        return 0;
    }
    /*
     * EAGAIN is final in non-blocking mode and with MSG_DONTWAIT: what io_finish would conclude
     * (the order of its checks kept: a closed socket reports the close), without its state. It
     * is the common answer of a non-blocking socket whose caller waits in its own event loop
     * (the Go binding: one per received message), so it gets no detour.
     */
    struct sxi_socket *s = sxi_slot_obj(slot);
    if (n == -EAGAIN && (atomic_load(&s->timeout_ns) == 0 || (flags & MSG_DONTWAIT)) && !atomic_load(&s->closed)) {
        sxi_slot_release(slot);
        return sxi_fail_errno(EAGAIN, is_send ? "send" : "recv");
    }
    return (is_send ? finish_send : finish_recv)(slot, buf, len, flags, count_out, n);
}

int32_t sx_socket_send(sx_socket h, const void *buf, size_t len, int32_t flags, size_t *sent_out)
{
    return fast_io(h, (void *)buf, len, flags, sent_out, 1);
}

int32_t sx_socket_recv(sx_socket h, void *buf, size_t cap, int32_t flags, size_t *len_out)
{
    return fast_io(h, buf, cap, flags, len_out, 0);
}

int32_t sx_socket_recvfrom(sx_socket h, void *buf, size_t cap, int32_t flags, size_t *len_out, sx_addr *address_out)
{
    if (!buffer_ok(buf, cap, len_out))
        return bad_buffer(buf, cap, len_out, "sx_socket_recvfrom");
    struct sxi_socket *s;
    int32_t rc = sxi_socket_acquire(h, &s);
    if (rc)
        return rc;
    struct xfer_from f = {.x = {.buf = buf, .len = cap, .flags = flags}, .want_from = address_out != NULL};
    const struct sxi_io io = {.events = POLLIN, .user_dontwait = flags & MSG_DONTWAIT, .what = "recvfrom"};
    long n = 0;
    rc = sxi_call_inline(s, &io, recvfrom_op, &f, &n);
    int32_t proto = s->proto;
    sxi_handle_release(h);
    if (rc)
        return rc;
    *len_out = (size_t)n;
    /* The data is in the caller's buffer and *len_out is set even if the address cannot be made. */
    return address_out ? sxi_addr_from_kernel(&f.from, f.from_len, proto, address_out) : 0;
}

int32_t sx_socket_sendto(sx_socket h, const void *buf, size_t len, int32_t flags, sx_addr address, size_t *sent_out)
{
    if (!buffer_ok(buf, len, sent_out))
        return bad_buffer(buf, len, sent_out, "sx_socket_sendto");
    struct sxi_socket *s;
    const struct sxi_addr *a;
    int32_t rc = sxi_acquire_with_addr(h, address, &s, &a);
    if (rc)
        return rc;
    struct xfer x = {.buf = (void *)buf, .len = len, .flags = flags, .to = a};
    const struct sxi_io io = {.events = POLLOUT, .user_dontwait = flags & MSG_DONTWAIT, .what = "sendto"};
    long n = 0;
    rc = sxi_call_inline(s, &io, sendto_op, &x, &n);
    sxi_handle_release(address);
    sxi_handle_release(h);
    if (!rc)
        *sent_out = (size_t)n;
    return rc;
}

int32_t sx_socket_sendall(sx_socket h, const void *buf, size_t len, int32_t flags, size_t *sent_out)
{
    size_t ignored;
    if (!sent_out)
        sent_out = &ignored;
    *sent_out = 0;
    if (!buffer_ok(buf, len, sent_out))
        return bad_buffer(buf, len, sent_out, "sx_socket_sendall");
    sxi_slot *slot = sxi_slot_take(h, SXI_KIND_SOCKET);
    if (!slot)
        return SX_EBADHANDLE;
    struct sxi_socket *s = sxi_slot_obj(slot);
    size_t done = 0;
    /*
     * The common case first, as send's fast path makes it: all of it in one system call, no
     * wait. Anything else (part sent, an error, a close) continues in the loop below, which
     * owns the deadline, so the timeout still bounds the whole call. An empty buffer goes
     * to the loop directly: it sends exactly one empty datagram.
     */
    /*
     * A blocking send(2) that a signal interrupts after some progress returns a short count and
     * no EINTR, so the interruption would go unseen: an interruptible thread sends without
     * sleeping in the kernel and waits in ppoll, which reports every signal handled during it.
     */
    int poll_wait = sxi_interruptible;
    long first;
    if (len && try_inline(s, 1, (void *)buf, len, flags | (poll_wait ? MSG_DONTWAIT : 0), &first)) {
        if (LIKELY(first == (long)len)) {
            *sent_out = len;
            sxi_slot_release(slot);
            return 0;
        }
        if (first > 0)
            done = (size_t)first;
    }
    int64_t deadline = -1; /* one deadline for the whole call, set at the first wait */
    const struct sxi_io io = {.events = POLLOUT, .user_dontwait = flags & MSG_DONTWAIT, .poll_wait = poll_wait,
                              .deadline = &deadline, .what = "send"};
    struct xfer x = {.buf = (char *)buf + done, .len = len - done, .flags = flags};
    int32_t rc = 0;
    /* Here done < len, or len is 0: at least one send, as Python's sendall(b'') sends an empty
     * datagram on a datagram socket. */
    do {
        long n = 0;
        if ((rc = sxi_call(s, &io, send_op, &x, &n)) != 0)
            break;
        done += (size_t)n;
        x.buf = (char *)buf + done;
        x.len = len - done;
    } while (done < len);
    sxi_slot_release(slot);
    *sent_out = done;
    return rc;
}
