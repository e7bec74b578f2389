/*
 * Data transfer: send, sendall, sendto, recv, recvfrom.
 *
 * send and recv are the calls every byte goes through, so their blocking-mode case is
 * written out inline: take the handle, one system call, drop the handle. Everything
 * else (waiting, timeouts, EINTR, errors, a close in between) goes to the general loop
 * of wait.c, which picks up from the first attempt's result.
 */
#include <errno.h>
#include <poll.h>
#include <sys/socket.h>

#include "addr.h"
#include "detail.h"
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

static inline int buffer_ok(const void *buf, size_t len, const size_t *count_out)
{
    return LIKELY(count_out && (buf || !len) && len <= (size_t)INT64_MAX);
}

/*
 * The general case of send and recv: any mode, with the blocking-mode first attempt (result r,
 * errno e) already made when first_done is set.
 */
static int32_t __attribute__((noinline)) transfer_slow(struct sxi_socket *s, sxi_op_fn op, short events,
                                                       const char *what, void *buf, size_t len, int flags,
                                                       int first_done, long r, int e, long *n)
{
    struct xfer x = {.buf = buf, .len = len, .flags = flags};
    const struct sxi_io io = {.events = events, .user_dontwait = flags & MSG_DONTWAIT, .what = what};
    if (first_done)
        return sxi_call_blocking_from(s, &io, op, &x, r, e, n);
    return sxi_call(s, &io, op, &x, n);
}

int32_t sx_socket_send(sx_socket h, const void *buf, size_t len, int32_t flags, size_t *sent_out)
{
    if (!buffer_ok(buf, len, sent_out))
        return bad_buffer(buf, len, sent_out, "sx_socket_send");
    void *obj;
    struct sxi_slot *slot = sxi_handle_take(h, SXI_KIND_SOCKET, &obj);
    if (UNLIKELY(!slot))
        return SX_EBADHANDLE;
    struct sxi_socket *s = obj;
    int32_t rc = 0;
    long n;
    if (LIKELY(sxi_blocking_call(s, flags))) {
        n = send(s->fd, buf, len, flags | MSG_NOSIGNAL);
        if (UNLIKELY(n <= 0))
            rc = transfer_slow(s, send_op, POLLOUT, "send", (void *)buf, len, flags, 1, n, errno, &n);
    } else {
        rc = transfer_slow(s, send_op, POLLOUT, "send", (void *)buf, len, flags, 0, 0, 0, &n);
    }
    sxi_slot_release(slot);
    if (LIKELY(!rc))
        *sent_out = (size_t)n;
    return rc;
}

int32_t sx_socket_recv(sx_socket h, void *buf, size_t cap, int32_t flags, size_t *len_out)
{
    if (!buffer_ok(buf, cap, len_out))
        return bad_buffer(buf, cap, len_out, "sx_socket_recv");
    void *obj;
    struct sxi_slot *slot = sxi_handle_take(h, SXI_KIND_SOCKET, &obj);
    if (UNLIKELY(!slot))
        return SX_EBADHANDLE;
    struct sxi_socket *s = obj;
    int32_t rc = 0;
    long n = 0;
    if (UNLIKELY(cap == 0)) {
        /* Python's recv(0) returns b'' without a system call; the handle was still checked. */
    } else if (LIKELY(sxi_blocking_call(s, flags))) {
        n = recv(s->fd, buf, cap, flags);
        if (UNLIKELY(n <= 0))
            rc = transfer_slow(s, recv_op, POLLIN, "recv", buf, cap, flags, 1, n, errno, &n);
    } else {
        rc = transfer_slow(s, recv_op, POLLIN, "recv", buf, cap, flags, 0, 0, 0, &n);
    }
    sxi_slot_release(slot);
    if (LIKELY(!rc))
        *len_out = (size_t)n;
    return rc;
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
    rc = sxi_call(s, &io, recvfrom_op, &f, &n);
    sxi_handle_release(h);
    if (rc)
        return rc;
    *len_out = (size_t)n;
    /* The data is in the caller's buffer and *len_out is set even if the address cannot be made. */
    return address_out ? sxi_addr_from_kernel(&f.from, f.from_len, address_out) : 0;
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
    rc = sxi_call(s, &io, sendto_op, &x, &n);
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
    struct sxi_socket *s;
    int32_t rc = sxi_socket_acquire(h, &s);
    if (rc)
        return rc;
    int64_t deadline = -1; /* one deadline for the whole call, set at the first wait */
    const struct sxi_io io = {.events = POLLOUT, .user_dontwait = flags & MSG_DONTWAIT, .deadline = &deadline,
                              .what = "send"};
    struct xfer x = {.buf = (void *)buf, .len = len, .flags = flags};
    size_t done = 0;
    /* At least one send, as Python does: sendall(b'') sends an empty datagram on a datagram socket. */
    do {
        long n = 0;
        if ((rc = sxi_call(s, &io, send_op, &x, &n)) != 0)
            break;
        done += (size_t)n;
        x.buf = (char *)buf + done;
        x.len = len - done;
    } while (done < len);
    sxi_handle_release(h);
    *sent_out = done;
    return rc;
}
