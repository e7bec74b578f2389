/* SPDX-License-Identifier: MIT */
/* Addresses and connections: bind, listen, accept, connect, names, shutdown. */
#include <errno.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "addr.h"
#include "detail.h"
#include "family.h"
#include "socket.h"
#include "socketx/errors.h"

/* Python's default backlog: min(SOMAXCONN, 128). */
#define DEFAULT_BACKLOG (SOMAXCONN < 128 ? SOMAXCONN : 128)

int32_t sxi_acquire_with_addr(sx_socket h, sx_addr ah, struct sxi_socket **s, const struct sxi_addr **a)
{
    /* The inline slot functions: sendto, a data-path call, comes through here. */
    sxi_slot *slot = sxi_slot_take(h, SXI_KIND_SOCKET);
    if (!slot)
        return SX_EBADHANDLE;
    sxi_slot *aslot = sxi_slot_take(ah, SXI_KIND_ADDR);
    if (!aslot) {
        sxi_slot_release(slot);
        return SX_EBADHANDLE;
    }
    *s = sxi_slot_obj(slot);
    *a = sxi_slot_obj(aslot);
    int af = (*a)->u.sa.sa_family;
    /* AF_UNSPEC is how connect() dissolves a datagram association; unknown families are the kernel's to judge. */
    if ((*s)->takes_af && af != (*s)->takes_af && af != AF_UNSPEC) {
        int32_t sfam = (*s)->family;
        sxi_handle_release(ah);
        sxi_handle_release(h);
        return sxi_fail(SX_EARG, "address family %d does not match the socket's family %d", af, sfam);
    }
    return 0;
}

int32_t sx_socket_bind(sx_socket h, sx_addr ah)
{
    struct sxi_socket *s;
    const struct sxi_addr *a;
    int32_t rc = sxi_acquire_with_addr(h, ah, &s, &a);
    if (rc)
        return rc;
    if (bind(s->fd, &a->u.sa, a->len) < 0)
        rc = sxi_fail_errno(errno, "bind");
    sxi_handle_release(ah);
    sxi_handle_release(h);
    return rc;
}

int32_t sx_socket_listen(sx_socket h, int32_t backlog)
{
    struct sxi_socket *s;
    int32_t rc = sxi_socket_acquire(h, &s);
    if (rc)
        return rc;
    if (backlog == SX_BACKLOG_DEFAULT)
        backlog = DEFAULT_BACKLOG;
    else if (backlog < 0)
        backlog = 0; /* as Python: a negative backlog means 0 */
    if (listen(s->fd, backlog) < 0)
        rc = sxi_fail_errno(errno, "listen");
    sxi_handle_release(h);
    return rc;
}

struct accept_ctx {
    struct sockaddr_storage peer;
    socklen_t peer_len;
    int want_peer;
    int flags;
    int fd;
};

static long accept_op(struct sxi_socket *s, void *p, int dontwait)
{
    struct accept_ctx *c = p;
    c->peer_len = sizeof c->peer;
    struct sockaddr *peer = c->want_peer ? (struct sockaddr *)&c->peer : NULL;
    socklen_t *peer_len = c->want_peer ? &c->peer_len : NULL;
    if (!dontwait) {
        c->fd = accept4(s->fd, peer, peer_len, c->flags);
        return c->fd < 0 ? -1 : 1; /* never 0: a 0 from a woken blocking call means "closed" */
    }
    /*
     * accept4 has no per-call non-blocking flag: it follows the fd's O_NONBLOCK, which a dup or
     * another process may have cleared. Then the flag is set again, and the accept made only
     * when a connection is pending, so the call cannot sleep in the kernel past its timeout
     * unless, at that instant, another party clears the flag again and takes the connection.
     * Counted as in the kernel, so that even then a close wakes it.
     */
    int was_blocking;
    if (sxi_fd_ensure_nonblocking(s, &was_blocking) != 0)
        return -1;
    if (was_blocking) {
        struct pollfd pfd = {.fd = s->fd, .events = POLLIN};
        int ready = poll(&pfd, 1, 0);
        if (ready <= 0) {
            errno = ready == 0 ? EAGAIN : errno;
            return -1;
        }
    }
    if (sxi_enter_kernel(s) != 0) {
        errno = EBADF; /* the close is reported by the caller's closed check */
        return -1;
    }
    c->fd = accept4(s->fd, peer, peer_len, c->flags);
    int e = errno;
    sxi_leave_kernel(s);
    errno = e;
    return c->fd < 0 ? -1 : 1;
}

int32_t sx_socket_accept(sx_socket h, sx_socket *conn_out, sx_addr *address_out)
{
    struct sxi_socket *s;
    int32_t rc = sxi_socket_acquire_out(h, conn_out, "sx_socket_accept: conn_out", &s);
    if (rc)
        return rc;
    /* Python: the new socket takes the default timeout; with no default it is blocking, whatever the listener. */
    int64_t timeout = sxi_default_timeout();
    const struct sxi_family *f = sxi_family_find(s->family);
    struct accept_ctx c = {.want_peer = address_out != NULL && !(f && f->accept_unnamed),
                           .flags = SOCK_CLOEXEC | (timeout >= 0 ? SOCK_NONBLOCK : 0)};
    const struct sxi_io io = {.events = POLLIN, .what = "accept4"};
    long ignored;
    rc = sxi_call(s, &io, accept_op, &c, &ignored);
    int32_t family = s->family, type = s->type, proto = s->proto;
    sxi_handle_release(h);
    if (rc)
        return rc;
    sx_socket conn;
    rc = sxi_socket_wrap(c.fd, family, type, proto, timeout, &conn);
    if (rc) {
        close(c.fd);
        return rc;
    }
    if (address_out && (rc = sxi_addr_from_kernel(&c.peer, c.peer_len, proto, address_out)) != 0) {
        sx_socket_close(conn);
        return rc;
    }
    *conn_out = conn;
    return 0;
}

/* Wait for a connection under way to finish; its outcome comes from SO_ERROR, as CPython does. */
static int32_t finish_connect(struct sxi_socket *s, int64_t timeout, int32_t *outcome)
{
    int64_t deadline = timeout > 0 ? sxi_deadline_after(timeout) : -1;
    int32_t rc;
    while ((rc = sxi_wait(s, POLLOUT, deadline)) == SXI_WAIT_AGAIN)
        ;
    if (rc == SX_ETIMEOUT) {
        *outcome = SX_ETIMEOUT;
        return 0;
    }
    if (rc)
        return rc;
    /* Readiness may be the closer's shutdown (which leaves ECONNRESET in SO_ERROR): that is the close. */
    if (atomic_load(&s->closed))
        return sxi_fail(SX_ECLOSED, "the socket was closed by another thread during connect");
    int err = 0;
    socklen_t len = sizeof err;
    if (getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
        err = errno;
    *outcome = err == 0 || err == EISCONN ? 0 : sxi_fail_errno(err, "connect");
    return 0;
}

/* connect(2) under the timeout mode. Returns a status for the call itself; the connection's result goes to *outcome. */
static int32_t connect_under_timeout(struct sxi_socket *s, const struct sxi_addr *a, int32_t *outcome)
{
    int64_t timeout = atomic_load_explicit(&s->timeout_ns, memory_order_relaxed);
    int r, e;
    if (sxi_sleeps_in_kernel(s, timeout)) {
        int32_t rc = sxi_enter_kernel(s);
        if (rc)
            return rc;
        r = connect(s->fd, &a->u.sa, a->len);
        e = errno;
        sxi_leave_kernel(s);
    } else {
        /* connect has no per-call non-blocking flag either: see accept_op. */
        int was_blocking;
        int32_t rc = sxi_fd_ensure_nonblocking(s, &was_blocking);
        if (!rc)
            rc = sxi_enter_kernel(s);
        if (rc)
            return rc;
        r = connect(s->fd, &a->u.sa, a->len);
        e = errno;
        sxi_leave_kernel(s);
    }
    if (atomic_load(&s->closed))
        return sxi_fail(SX_ECLOSED, "the socket was closed by another thread during connect");
    if (r == 0) {
        *outcome = 0;
        return 0;
    }
    /* PEP 475: an interrupted connect goes on in the kernel; wait for it unless non-blocking. A blocking
     * socket whose file description was made non-blocking elsewhere still waits, as blocking mode promises. */
    int32_t rc;
    if (e == EINTR && timeout != 0 && (rc = sxi_interrupted("connect")) != 0)
        return rc;
    if ((e == EINTR && timeout != 0) || (e == EINPROGRESS && timeout != 0))
        return finish_connect(s, timeout, outcome);
    *outcome = sxi_fail_errno(e, "connect");
    return 0;
}

int32_t sx_socket_connect(sx_socket h, sx_addr ah)
{
    struct sxi_socket *s;
    const struct sxi_addr *a;
    int32_t rc = sxi_acquire_with_addr(h, ah, &s, &a);
    if (rc)
        return rc;
    int32_t outcome = 0;
    rc = connect_under_timeout(s, a, &outcome);
    sxi_handle_release(ah);
    sxi_handle_release(h);
    return rc ? rc : outcome;
}

int32_t sx_socket_connect_ex(sx_socket h, sx_addr ah, int32_t *result_out)
{
    if (!result_out)
        return sxi_fail(SX_EARG, "sx_socket_connect_ex: result_out is NULL");
    struct sxi_socket *s;
    const struct sxi_addr *a;
    int32_t rc = sxi_acquire_with_addr(h, ah, &s, &a);
    if (rc)
        return rc;
    int32_t outcome = 0;
    rc = connect_under_timeout(s, a, &outcome);
    sxi_handle_release(ah);
    sxi_handle_release(h);
    if (rc)
        return rc;
    /* Python's connect_ex reports a timeout as EWOULDBLOCK, not ETIMEDOUT. */
    *result_out = outcome == SX_ETIMEOUT ? SX_EWOULDBLOCK : outcome;
    return 0;
}

typedef int (*name_fn)(int, struct sockaddr *, socklen_t *);

static int32_t get_name(sx_socket h, sx_addr *address_out, name_fn fn, const char *syscall, const char *out_name)
{
    struct sxi_socket *s;
    int32_t rc = sxi_socket_acquire_out(h, address_out, out_name, &s);
    if (rc)
        return rc;
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    if (fn(s->fd, (struct sockaddr *)&ss, &len) < 0)
        rc = sxi_fail_errno(errno, syscall);
    int32_t proto = s->proto;
    sxi_handle_release(h);
    if (rc)
        return rc;
    return sxi_addr_from_kernel(&ss, len < sizeof ss ? len : sizeof ss, proto, address_out);
}

int32_t sx_socket_getsockname(sx_socket h, sx_addr *address_out)
{
    return get_name(h, address_out, getsockname, "getsockname", "sx_socket_getsockname: address_out");
}

int32_t sx_socket_getpeername(sx_socket h, sx_addr *address_out)
{
    return get_name(h, address_out, getpeername, "getpeername", "sx_socket_getpeername: address_out");
}

int32_t sx_socket_shutdown(sx_socket h, int32_t how)
{
    struct sxi_socket *s;
    int32_t rc = sxi_socket_acquire(h, &s);
    if (rc)
        return rc;
    if (shutdown(s->fd, how) < 0)
        rc = sxi_fail_errno(errno, "shutdown");
    sxi_handle_release(h);
    return rc;
}
