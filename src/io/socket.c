/* SPDX-License-Identifier: MIT */
/* Socket lifetime: creation, adoption, duplication, detaching, closing and the plain accessors. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "alloc.h"
#include "detail.h"
#include "family.h"
#include "socket.h"
#include "socketx/errors.h"

#define TYPE_FLAGS (SOCK_NONBLOCK | SOCK_CLOEXEC)

static void socket_on_close(void *obj, uint32_t other_refs)
{
    (void)other_refs;
    sxi_socket_wake(obj);
}

static int32_t socket_destroy(void *obj)
{
    struct sxi_socket *s = obj;
    int32_t rc = 0;
    int wake = atomic_load(&s->wake_fd);
    if (wake >= 0)
        close(wake);
    /* Never retried: on Linux the fd is released even when close() reports EINTR. */
    if (!s->detached && close(s->fd) < 0 && errno != ECONNRESET)
        rc = sxi_fail_errno(errno, "close");
    sxi_free(s);
    return rc;
}

/* The socket's connection is a parent process's too: see poll_only. */
static void share_with_parent(struct sxi_socket *s)
{
    s->poll_only = 1;
    atomic_store(&s->blocking_seen, 0);
    atomic_store(&s->dontwait, sxi_dontwait_of(s, atomic_load(&s->timeout_ns)));
}

/* In a forked child (handle.c): the socket's connection is the parent's too, and so is its eventfd. */
static void socket_after_fork(void *obj)
{
    struct sxi_socket *s = obj;
    int wake = atomic_load(&s->wake_fd);
    if (wake >= 0)
        close(wake); /* the child's descriptor only: the next wait makes the child's own */
    atomic_store(&s->wake_fd, -1);
    atomic_store(&s->in_kernel, 0);
    share_with_parent(s);
}

const struct sxi_kind_ops sxi_socket_ops = {
    .on_close = socket_on_close, .destroy = socket_destroy, .after_fork = socket_after_fork};

int32_t sxi_socket_wrap(int fd, int32_t family, int32_t type, int32_t proto, int64_t timeout_ns, sx_socket *out)
{
    struct sxi_socket *s = sxi_alloc(sizeof *s);
    if (!s)
        return sxi_fail(SX_ENOMEM, "out of memory for a socket");
    s->fd = fd;
    s->family = family;
    s->type = type & ~TYPE_FLAGS;
    s->proto = proto;
    s->takes_af = sxi_family_takes(family);
    s->poll_only = 0;
    atomic_init(&s->timeout_ns, timeout_ns);
    atomic_init(&s->dontwait, sxi_dontwait_of(s, timeout_ns));
    atomic_init(&s->closed, 0);
    atomic_init(&s->wake_fd, -1);
    atomic_init(&s->in_kernel, 0);
    atomic_init(&s->blocking_seen, timeout_ns < 0);
    s->detached = 0;
    int32_t rc = sxi_handle_new(SXI_KIND_SOCKET, s, out);
    if (rc)
        sxi_free(s);
    return rc;
}

/* Wrap a descriptor this library just made; it is closed again if wrapping fails. */
static int32_t wrap_or_close(int fd, int32_t family, int32_t type, int32_t proto, int64_t timeout_ns,
                             sx_socket *out)
{
    int32_t rc = sxi_socket_wrap(fd, family, type, proto, timeout_ns, out);
    if (rc)
        close(fd);
    return rc;
}

int32_t sx_socket_open(int32_t family, int32_t type, int32_t proto, sx_socket *out)
{
    if (!out)
        return sxi_fail(SX_EARG, "sx_socket_open: out is NULL");
    /* Python's socket(): -1 means the default; any other value, negative too, is socket(2)'s to judge. */
    family = family == -1 ? AF_INET : family;
    type = type == -1 ? SOCK_STREAM : type;
    proto = proto == -1 ? 0 : proto;
    int64_t timeout = sxi_initial_timeout(type);
    /* A timeout or non-blocking start is asked of socket(2) itself: no extra system call. */
    int fd = socket(family, type | SOCK_CLOEXEC | (timeout >= 0 ? SOCK_NONBLOCK : 0), proto);
    if (fd < 0)
        return sxi_fail_errno(errno, "socket");
    return wrap_or_close(fd, family, type, proto, timeout, out);
}

/* Python's socket(fileno=fd) detection: the family from getsockname, type from SO_TYPE, proto from SO_PROTOCOL. */
static int32_t detect(int fd, int32_t *family, int32_t *type, int32_t *proto)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    ss.ss_family = AF_UNSPEC;
    if (getsockname(fd, (struct sockaddr *)&ss, &len) == 0) {
        if (*family == SX_DETECT)
            *family = ss.ss_family;
    } else if (*family == SX_DETECT || errno == EBADF || errno == ENOTSOCK) {
        return sxi_fail_errno(errno, "getsockname of the adopted fd");
    }
    int v;
    socklen_t vlen = sizeof v;
    if (*type == SX_DETECT) {
        if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &v, &vlen) < 0)
            return sxi_fail_errno(errno, "getsockopt(SO_TYPE) of the adopted fd");
        *type = v;
    }
    vlen = sizeof v;
    if (*proto == SX_DETECT) {
        if (getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &v, &vlen) < 0)
            return sxi_fail_errno(errno, "getsockopt(SO_PROTOCOL) of the adopted fd");
        *proto = v;
    }
    return 0;
}

/* Adopt fd (owned by the new socket on success) with the module default timeout applied to it. */
static int32_t adopt(int fd, int32_t family, int32_t type, int32_t proto, sx_socket *out)
{
    int32_t rc = detect(fd, &family, &type, &proto);
    if (rc)
        return rc;
    int64_t timeout = sxi_initial_timeout(type);
    if (timeout >= 0 && (rc = sxi_fd_set_blocking(fd, 0)) != 0)
        return rc;
    return sxi_socket_wrap(fd, family, type, proto, timeout, out);
}

static int32_t check_adopt_args(int32_t fd, sx_socket *out, const char *fn)
{
    if (!out)
        return sxi_fail(SX_EARG, "%s: out is NULL", fn);
    if (fd < 0)
        return sxi_fail(SX_EARG, "%s: negative file descriptor %d", fn, fd);
    return 0;
}

int32_t sx_socket_adopt(int32_t fd, int32_t family, int32_t type, int32_t proto, sx_socket *out)
{
    int32_t rc = check_adopt_args(fd, out, "sx_socket_adopt");
    return rc ? rc : adopt(fd, family, type, proto, out);
}

int32_t sx_socket_fromfd(int32_t fd, int32_t family, int32_t type, int32_t proto, sx_socket *out)
{
    int32_t rc = check_adopt_args(fd, out, "sx_socket_fromfd");
    if (rc)
        return rc;
    int copy = fcntl(fd, F_DUPFD_CLOEXEC, 0);
    if (copy < 0)
        return sxi_fail_errno(errno, "dup");
    rc = adopt(copy, family, type, proto, out);
    if (rc)
        close(copy);
    return rc;
}

int32_t sx_socketpair(int32_t family, int32_t type, int32_t proto, sx_socket *first_out, sx_socket *second_out)
{
    if (!first_out || !second_out)
        return sxi_fail(SX_EARG, "sx_socketpair: NULL out-pointer");
    int64_t timeout = sxi_initial_timeout(type);
    int fds[2];
    if (socketpair(family, type | SOCK_CLOEXEC | (timeout >= 0 ? SOCK_NONBLOCK : 0), proto, fds) < 0)
        return sxi_fail_errno(errno, "socketpair");
    int32_t rc = wrap_or_close(fds[0], family, type, proto, timeout, first_out);
    if (rc) {
        close(fds[1]);
        return rc;
    }
    rc = wrap_or_close(fds[1], family, type, proto, timeout, second_out);
    if (rc) {
        sx_socket_close(*first_out);
        *first_out = 0;
    }
    return rc;
}

int32_t sx_socket_dup(sx_socket h, sx_socket *out)
{
    struct sxi_socket *s;
    int32_t rc = sxi_socket_acquire_out(h, out, "sx_socket_dup: out", &s);
    if (rc)
        return rc;
    int copy = fcntl(s->fd, F_DUPFD_CLOEXEC, 0);
    if (copy < 0)
        rc = sxi_fail_errno(errno, "dup");
    else
        rc = wrap_or_close(copy, s->family, s->type, s->proto,
                           atomic_load_explicit(&s->timeout_ns, memory_order_relaxed), out);
    /* A copy of an inherited socket shares the parent's connection as much as the original. */
    if (!rc && s->poll_only) {
        struct sxi_socket *c;
        if (sxi_socket_acquire(*out, &c) == 0) {
            share_with_parent(c);
            sxi_handle_release(*out);
        }
    }
    sxi_handle_release(h);
    return rc;
}

static void mark_detached(void *obj)
{
    ((struct sxi_socket *)obj)->detached = 1;
}

int32_t sx_socket_detach(sx_socket h, int32_t *fd_out)
{
    struct sxi_socket *s;
    int32_t rc = sxi_socket_acquire_out(h, fd_out, "sx_socket_detach: fd_out", &s);
    if (rc)
        return rc;
    int fd = s->fd;
    sxi_handle_release(h);
    /* If the handle changed hands in between, close_idle refuses it: fd is only reported on success. */
    rc = sxi_handle_close_idle(h, SXI_KIND_SOCKET, mark_detached);
    if (!rc)
        *fd_out = fd;
    return rc;
}

int32_t sx_socket_close(sx_socket h)
{
    return sxi_handle_close(h, SXI_KIND_SOCKET);
}

int32_t sx_socket_fileno(sx_socket h, int32_t *fd_out)
{
    struct sxi_socket *s;
    int32_t rc = sxi_socket_acquire_out(h, fd_out, "sx_socket_fileno: fd_out", &s);
    if (rc)
        return rc;
    *fd_out = s->fd;
    sxi_handle_release(h);
    return 0;
}

/* The three read-only attributes share one shape: which field, by offset. */
static int32_t get_field(sx_socket h, size_t offset, int32_t *out, const char *fn)
{
    struct sxi_socket *s;
    int32_t rc = sxi_socket_acquire_out(h, out, fn, &s);
    if (rc)
        return rc;
    *out = *(const int32_t *)((const char *)s + offset);
    sxi_handle_release(h);
    return 0;
}

int32_t sx_socket_family(sx_socket h, int32_t *family_out)
{
    return get_field(h, offsetof(struct sxi_socket, family), family_out, "sx_socket_family: family_out");
}

int32_t sx_socket_type(sx_socket h, int32_t *type_out)
{
    return get_field(h, offsetof(struct sxi_socket, type), type_out, "sx_socket_type: type_out");
}

int32_t sx_socket_proto(sx_socket h, int32_t *proto_out)
{
    return get_field(h, offsetof(struct sxi_socket, proto), proto_out, "sx_socket_proto: proto_out");
}

int32_t sx_socket_get_inheritable(sx_socket h, int *inheritable_out)
{
    struct sxi_socket *s;
    int32_t rc = sxi_socket_acquire_out(h, inheritable_out, "sx_socket_get_inheritable: inheritable_out", &s);
    if (rc)
        return rc;
    int flags = fcntl(s->fd, F_GETFD);
    if (flags < 0)
        rc = sxi_fail_errno(errno, "fcntl(F_GETFD)");
    else
        *inheritable_out = !(flags & FD_CLOEXEC);
    sxi_handle_release(h);
    return rc;
}

int32_t sx_socket_set_inheritable(sx_socket h, int inheritable)
{
    struct sxi_socket *s;
    int32_t rc = sxi_socket_acquire(h, &s);
    if (rc)
        return rc;
    int flags = fcntl(s->fd, F_GETFD);
    if (flags < 0 || fcntl(s->fd, F_SETFD, inheritable ? flags & ~FD_CLOEXEC : flags | FD_CLOEXEC) < 0)
        rc = sxi_fail_errno(errno, "fcntl(F_SETFD)");
    sxi_handle_release(h);
    return rc;
}
