/* SPDX-License-Identifier: MIT */
/*
 * Messages on a socket: sendmsg, recvmsg, send_fds, recv_fds and the peer's credentials.
 *
 * The transfers run through the wait loop of send and recv (wait.c, sxi_call), so the three
 * timeout modes, EINTR (PEP 475, or SX_EINTR in an interruptible thread) and a close from
 * another thread behave exactly as they do there. What is particular to messages is the
 * ownership of received descriptors: from the moment recvmsg(2) has returned, every
 * descriptor in its control buffer ends up either in the message or closed, whatever fails.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include "addr.h"
#include "alloc.h"
#include "detail.h"
#include "msg.h"
#include "rawsys.h"
#include "socket.h"
#include "socketx/errors.h"

/* Scatter/gather arrays up to this many buffers live on the stack; longer ones are allocated. */
#define IOV_ON_STACK 8
/* A send's ancillary bytes up to this size are copied to the stack, the rest to the heap. */
#define CTL_ON_STACK 512

struct msg_op {
    struct msghdr hdr;
    int flags;
    socklen_t name_room; /* recvmsg(2) shrinks msg_namelen and msg_controllen: each try restores them */
    size_t ctl_room;
    int filled; /* the last recvmsg(2) succeeded, so its control buffer may hold descriptors */
};

/* The ops' convention (wait.c): -1 with errno set on failure. */
static long with_errno(long r)
{
    if (r >= 0)
        return r;
    errno = (int)-r;
    return -1;
}

static long sendmsg_op(struct sxi_socket *s, void *p, int dontwait)
{
    struct msg_op *o = p;
    unsigned flags = (unsigned)(o->flags | MSG_NOSIGNAL | (dontwait ? MSG_DONTWAIT : 0));
    return with_errno(sxi_sys_sendmsg(s->fd, &o->hdr, flags));
}

static long recvmsg_op(struct sxi_socket *s, void *p, int dontwait)
{
    struct msg_op *o = p;
    o->hdr.msg_namelen = o->name_room;
    o->hdr.msg_controllen = o->ctl_room;
    o->hdr.msg_flags = 0;
    unsigned flags = (unsigned)(o->flags | sxi_recv_cloexec(s) | (dontwait ? MSG_DONTWAIT : 0));
    long r = sxi_sys_recvmsg(s->fd, &o->hdr, flags);
    o->filled = r >= 0;
    return with_errno(r);
}

/* The caller's scatter/gather arrays as an iovec array: on the stack when short. */
struct iov_room {
    struct iovec stack[IOV_ON_STACK];
    struct iovec *iov;
};

static void iov_free(struct iov_room *r)
{
    if (r->iov != r->stack)
        sxi_free(r->iov);
    r->iov = r->stack;
}

static int32_t iov_take(struct iov_room *r, const void *const *bufs, const size_t *lens, size_t count,
                        const char *fn)
{
    r->iov = r->stack;
    /* Allocated only for arguments sxi_iov_from can accept; it refuses the others before writing. */
    if (count > IOV_ON_STACK && count <= SXI_IOV_MAX && bufs && lens) {
        r->iov = sxi_alloc(count * sizeof *r->iov);
        if (!r->iov) {
            r->iov = r->stack;
            return sxi_fail(SX_ENOMEM, "%s: out of memory for %zu buffers", fn, count);
        }
    }
    int32_t rc = sxi_iov_from(bufs, lens, count, r->iov, fn);
    if (rc)
        iov_free(r);
    return rc;
}

/* A control buffer aligned for cmsghdr, on the stack when small. */
union ctl_room {
    struct cmsghdr align;
    unsigned char bytes[CTL_ON_STACK];
};

/* Send iov and ctl (already laid out) on h, to address (0: none), in the socket's timeout mode. */
static int32_t send_core(sx_socket h, struct iovec *iov, size_t count, void *ctl, size_t ctl_len, int32_t flags,
                         sx_addr address, size_t *sent_out)
{
    struct sxi_socket *s;
    const struct sxi_addr *a = NULL;
    sxi_slot *slot = NULL; /* without an address, the socket is taken with the inline slot functions */
    if (address) {
        int32_t rc = sxi_acquire_with_addr(h, address, &s, &a);
        if (rc)
            return rc;
    } else {
        if (!(slot = sxi_slot_take(h, SXI_KIND_SOCKET)))
            return SX_EBADHANDLE;
        s = sxi_slot_obj(slot);
    }
    struct msg_op o = {
        .hdr = {.msg_name = a ? (void *)&a->u : NULL,
                .msg_namelen = a ? a->len : 0,
                .msg_iov = iov,
                .msg_iovlen = count,
                .msg_control = ctl_len ? ctl : NULL,
                .msg_controllen = ctl_len},
        .flags = flags,
    };
    const struct sxi_io io = {.events = POLLOUT, .user_dontwait = flags & MSG_DONTWAIT, .what = "sendmsg"};
    long n = 0;
    int32_t rc = sxi_call_inline(s, &io, sendmsg_op, &o, &n);
    if (slot) {
        sxi_slot_release(slot);
    } else {
        sxi_handle_release(address);
        sxi_handle_release(h);
    }
    if (!rc)
        *sent_out = (size_t)n;
    return rc;
}

int32_t sx_socket_sendmsg(sx_socket h, const void *const *bufs, const size_t *lens, size_t count, sx_msg ancillary,
                          int32_t flags, sx_addr address, size_t *sent_out)
{
    if (!sent_out)
        return sxi_fail(SX_EARG, "sx_socket_sendmsg: sent_out is NULL");
    struct iov_room r;
    int32_t rc = iov_take(&r, bufs, lens, count, "sx_socket_sendmsg");
    if (rc)
        return rc;
    /*
     * The items are copied out of the message, so it is not locked while the send waits: the
     * same message may go out on several sockets at once, and be read or added to meanwhile.
     */
    union ctl_room stack;
    void *ctl = NULL;
    size_t ctl_len = 0;
    if (ancillary) {
        sxi_slot *mslot = sxi_slot_take_locked(ancillary, SXI_KIND_MSG);
        if (!mslot) {
            iov_free(&r);
            return SX_EBADHANDLE;
        }
        struct msghdr mh;
        sxi_msg_hdr_for_send(sxi_slot_obj(mslot), &mh);
        ctl_len = mh.msg_controllen;
        ctl = ctl_len <= sizeof stack.bytes ? stack.bytes : sxi_alloc(ctl_len);
        if (ctl && ctl_len) /* a message without items has no control buffer at all */
            memcpy(ctl, mh.msg_control, ctl_len);
        sxi_slot_release_locked(mslot, 0, 1);
        if (!ctl) {
            iov_free(&r);
            return sxi_fail(SX_ENOMEM, "sx_socket_sendmsg: out of memory for %zu bytes of ancillary data", ctl_len);
        }
    }
    rc = send_core(h, r.iov, count, ctl, ctl_len, flags, address, sent_out);
    if (ctl && ctl != (void *)stack.bytes)
        sxi_free(ctl);
    iov_free(&r);
    return rc;
}

int32_t sx_socket_send_fds(sx_socket h, const void *const *bufs, const size_t *lens, size_t count,
                           const int32_t *fds, size_t nfds, int32_t flags, sx_addr address, size_t *sent_out)
{
    if (!sent_out)
        return sxi_fail(SX_EARG, "sx_socket_send_fds: sent_out is NULL");
    if (!fds && nfds)
        return sxi_fail(SX_EARG, "sx_socket_send_fds: fds is NULL but nfds is %zu", nfds);
    if (nfds > SXI_SCM_MAX_FD)
        return sxi_fail(SX_EARG, "sx_socket_send_fds: %zu descriptors, the kernel passes at most %d at once", nfds,
                        SXI_SCM_MAX_FD);
    /* One SCM_RIGHTS item, even an empty one, as Python's send_fds builds it. */
    union {
        struct cmsghdr align;
        unsigned char bytes[CMSG_SPACE(SXI_SCM_MAX_FD * sizeof(int))];
    } ctl;
    size_t ctl_len = CMSG_SPACE(nfds * sizeof(int));
    memset(ctl.bytes, 0, ctl_len);
    struct cmsghdr head = {.cmsg_len = CMSG_LEN(nfds * sizeof(int)), .cmsg_level = SOL_SOCKET, .cmsg_type = SCM_RIGHTS};
    memcpy(ctl.bytes, &head, sizeof head);
    for (size_t i = 0; i < nfds; i++) {
        if (fds[i] < 0 || fcntl(fds[i], F_GETFD) < 0)
            return sxi_fail(SX_EBADF, "sx_socket_send_fds: descriptor %d (index %zu) is not open", (int)fds[i], i);
        int fd = fds[i];
        memcpy(ctl.bytes + CMSG_LEN(0) + i * sizeof fd, &fd, sizeof fd);
    }
    struct iov_room r;
    int32_t rc = iov_take(&r, bufs, lens, count, "sx_socket_send_fds");
    if (rc)
        return rc;
    rc = send_core(h, r.iov, count, ctl.bytes, ctl_len, flags, address, sent_out);
    iov_free(&r);
    return rc;
}

/*
 * Receive into iov with a control buffer of ancbufsize bytes, and make the message. The message
 * and its slot are made before the system call, so that once descriptors have arrived nothing
 * is left to fail but the recording, which closes them itself if it must. It gets its handle
 * only once filled: until then no other thread can reach it, so it is filled without its lock.
 */
static int32_t recv_core(sx_socket h, struct iovec *iov, size_t count, size_t ancbufsize, int32_t flags,
                         sx_msg *out)
{
    sxi_slot *sslot = sxi_slot_take(h, SXI_KIND_SOCKET);
    if (!sslot)
        return SX_EBADHANDLE;
    struct sxi_socket *s = sxi_slot_obj(sslot);
    struct sxi_msg *m = NULL;
    uint32_t slot = 0;
    /* The kernel's control buffer lives only until the items are recorded: on the stack when small. */
    union ctl_room stack;
    void *ctl = ancbufsize <= sizeof stack.bytes ? stack.bytes : NULL;
    int32_t rc = sxi_msg_prepare(&m, &slot);
    if (!rc && ancbufsize > sizeof stack.bytes && !(ctl = sxi_alloc(ancbufsize))) {
        rc = sxi_fail(SX_ENOMEM, "out of memory for a %zu-byte ancillary buffer", ancbufsize);
        sxi_msg_discard(m, slot);
    }
    if (rc) {
        sxi_slot_release(sslot);
        return rc;
    }
    socklen_t name_room;
    void *name = sxi_msg_name_room(m, &name_room); /* the message is not published yet: no copy needed */
    struct msg_op o = {
        .hdr = {.msg_name = name, .msg_iov = iov, .msg_iovlen = count, .msg_control = ancbufsize ? ctl : NULL},
        .flags = flags,
        .name_room = name_room,
        .ctl_room = ancbufsize,
    };
    /* The error queue is not data: poll(2) reports it as POLLERR, which needs no event bit. */
    const struct sxi_io io = {.events = flags & MSG_ERRQUEUE ? 0 : POLLIN,
                              .user_dontwait = flags & MSG_DONTWAIT,
                              .what = "recvmsg"};
    long n = 0;
    rc = sxi_call_inline(s, &io, recvmsg_op, &o, &n);
    int32_t proto = s->proto;
    sxi_slot_release(sslot);
    if (rc) {
        /* A recvmsg(2) that returned 0 after a close is reported as SX_ECLOSED: it may have brought descriptors. */
        if (o.filled)
            sxi_close_received_fds(&o.hdr);
    } else {
        rc = sxi_msg_record_received(m, &o.hdr, (size_t)n, proto);
    }
    if (ctl != (void *)stack.bytes)
        sxi_free(ctl);
    if (rc) {
        sxi_msg_discard(m, slot);
        return rc;
    }
    sxi_msg_publish(m, slot, out);
    return 0;
}

int32_t sx_socket_recvmsg(sx_socket h, void *const *bufs, const size_t *lens, size_t count, size_t ancbufsize,
                          int32_t flags, sx_msg *out)
{
    if (!out)
        return sxi_fail(SX_EARG, "sx_socket_recvmsg: out is NULL");
    *out = 0;
    if (ancbufsize > SXI_SOCKLEN_LIMIT)
        return sxi_fail(SX_EARG, "invalid ancillary data buffer length %zu (at most %d)", ancbufsize,
                        SXI_SOCKLEN_LIMIT);
    struct iov_room r;
    int32_t rc = iov_take(&r, (const void *const *)bufs, lens, count, "sx_socket_recvmsg");
    if (rc)
        return rc;
    rc = recv_core(h, r.iov, count, ancbufsize, flags, out);
    iov_free(&r);
    return rc;
}

int32_t sx_socket_recv_fds(sx_socket h, void *buf, size_t cap, uint32_t maxfds, int32_t flags, sx_msg *out)
{
    if (!out)
        return sxi_fail(SX_EARG, "sx_socket_recv_fds: out is NULL");
    *out = 0;
    if (!buf && cap)
        return sxi_fail(SX_EARG, "sx_socket_recv_fds: buf is NULL but cap is %zu", cap);
    if (maxfds > SXI_SCM_MAX_FD)
        return sxi_fail(SX_EARG, "sx_socket_recv_fds: maxfds %u, the kernel passes at most %d at once", maxfds,
                        SXI_SCM_MAX_FD);
    if (cap > (size_t)SSIZE_MAX)
        return sxi_fail(SX_EARG, "sx_socket_recv_fds: cap %zu is larger than any buffer can be", cap);
    struct iovec iov = {.iov_base = buf, .iov_len = cap};
    /* CMSG_LEN, as Python: the kernel fills (controllen - header) / sizeof(int) descriptors, and
     * CMSG_SPACE's padding would let one more than maxfds arrive when maxfds is odd. */
    return recv_core(h, &iov, 1, CMSG_LEN(maxfds * sizeof(int)), flags, out);
}

int32_t sx_socket_peercred(sx_socket h, int32_t *pid_out, uint32_t *uid_out, uint32_t *gid_out)
{
    if (!pid_out || !uid_out)
        return sxi_fail(SX_EARG, "sx_socket_peercred: %s is NULL", pid_out ? "uid_out" : "pid_out");
    struct sxi_socket *s;
    int32_t rc = sxi_socket_acquire_out(h, gid_out, "sx_socket_peercred: gid_out", &s);
    if (rc)
        return rc;
    struct ucred cred;
    socklen_t len = sizeof cred;
    if (getsockopt(s->fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0)
        rc = sxi_fail_errno(errno, "getsockopt(SO_PEERCRED)");
    sxi_handle_release(h);
    if (rc)
        return rc;
    *pid_out = cred.pid;
    *uid_out = cred.uid;
    *gid_out = cred.gid;
    return 0;
}
