/* Data transfer: send, sendall, sendto, recv, recvfrom. */
#include <errno.h>
#include <poll.h>
#include <sys/socket.h>

#include "addr.h"
#include "detail.h"
#include "socket.h"
#include "socketx/errors.h"

struct xfer {
    void *buf;
    size_t len;
    int flags;
    const struct sxi_addr *to;
    struct sockaddr_storage from;
    socklen_t from_len;
    int want_from;
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
    struct xfer *x = p;
    x->from_len = sizeof x->from;
    return recvfrom(s->fd, x->buf, x->len, x->flags | dontwait_flag(dontwait),
                    x->want_from ? (struct sockaddr *)&x->from : NULL, x->want_from ? &x->from_len : NULL);
}

static int32_t check_buffer(const void *buf, size_t len, const size_t *count_out, const char *fn)
{
    if (!count_out)
        return sxi_fail(SX_EARG, "%s: count out-pointer is NULL", fn);
    if (!buf && len)
        return sxi_fail(SX_EARG, "%s: buffer is NULL but its length is %zu", fn, len);
    if (len > (size_t)INT64_MAX)
        return sxi_fail(SX_EARG, "%s: length %zu is larger than any buffer can be", fn, len);
    return 0;
}

/* One transfer on a socket handle: the common body of send, sendto, recv and recvfrom. */
static int32_t transfer(sx_socket h, struct xfer *x, short events, sxi_op_fn op, const char *what, size_t *count_out)
{
    struct sxi_socket *s;
    int32_t rc = sxi_socket_acquire(h, &s);
    if (rc)
        return rc;
    const struct sxi_io io = {.events = events, .user_dontwait = x->flags & MSG_DONTWAIT, .what = what};
    long n = 0;
    rc = sxi_call(s, &io, op, x, &n);
    sxi_handle_release(h);
    if (!rc)
        *count_out = (size_t)n;
    return rc;
}

int32_t sx_socket_send(sx_socket h, const void *buf, size_t len, int32_t flags, size_t *sent_out)
{
    int32_t rc = check_buffer(buf, len, sent_out, "sx_socket_send");
    if (rc)
        return rc;
    struct xfer x = {.buf = (void *)buf, .len = len, .flags = flags};
    return transfer(h, &x, POLLOUT, send_op, "send", sent_out);
}

int32_t sx_socket_recv(sx_socket h, void *buf, size_t cap, int32_t flags, size_t *len_out)
{
    int32_t rc = check_buffer(buf, cap, len_out, "sx_socket_recv");
    if (rc)
        return rc;
    struct xfer x = {.buf = buf, .len = cap, .flags = flags};
    if (cap == 0) {
        /* Python's recv(0) returns b'' without a system call; the handle is still checked. */
        struct sxi_socket *s;
        if ((rc = sxi_socket_acquire(h, &s)) != 0)
            return rc;
        sxi_handle_release(h);
        *len_out = 0;
        return 0;
    }
    return transfer(h, &x, POLLIN, recv_op, "recv", len_out);
}

int32_t sx_socket_recvfrom(sx_socket h, void *buf, size_t cap, int32_t flags, size_t *len_out, sx_addr *address_out)
{
    int32_t rc = check_buffer(buf, cap, len_out, "sx_socket_recvfrom");
    if (rc)
        return rc;
    struct xfer x = {.buf = buf, .len = cap, .flags = flags, .want_from = address_out != NULL};
    if ((rc = transfer(h, &x, POLLIN, recvfrom_op, "recvfrom", len_out)) != 0)
        return rc;
    /* The data is in the caller's buffer and *len_out is set even if the address cannot be made. */
    return address_out ? sxi_addr_from_kernel(&x.from, x.from_len, address_out) : 0;
}

int32_t sx_socket_sendto(sx_socket h, const void *buf, size_t len, int32_t flags, sx_addr address, size_t *sent_out)
{
    int32_t rc = check_buffer(buf, len, sent_out, "sx_socket_sendto");
    if (rc)
        return rc;
    struct sxi_socket *s;
    const struct sxi_addr *a;
    if ((rc = sxi_acquire_with_addr(h, address, &s, &a)) != 0)
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
    int32_t rc = check_buffer(buf, len, sent_out, "sx_socket_sendall");
    if (rc)
        return rc;
    struct sxi_socket *s;
    if ((rc = sxi_socket_acquire(h, &s)) != 0)
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
