/* SPDX-License-Identifier: MIT */
/*
 * sx_socket_zerocopy_completion: one MSG_ZEROCOPY completion from the socket's error queue.
 *
 * The kernel reports completed zero-copy sends as an extended error (struct sock_extended_err,
 * in an IP_RECVERR or IPV6_RECVERR item) with origin SO_EE_ORIGIN_ZEROCOPY, ee_info and
 * ee_data the first and last send of the range (msg_zerocopy.rst). Reading the error queue
 * never blocks (MSG_DONTWAIT); the queue holds other errors too (ICMP, timestamps): one of
 * those at the head is consumed and its code returned, as the contract says.
 */
#include <errno.h>
#include <time.h> /* linux/errqueue.h uses struct timespec without including it */
#include <linux/errqueue.h>
#include <netinet/in.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include "detail.h"
#include "msg.h"
#include "socket.h"
#include "socketx/errors.h"
#include "socketx/msg.h"

#ifndef SO_EE_ORIGIN_ZEROCOPY
#define SO_EE_ORIGIN_ZEROCOPY 5
#endif
#ifndef SO_EE_CODE_ZEROCOPY_COPIED
#define SO_EE_CODE_ZEROCOPY_COPIED 1
#endif

/* Room for the extended error, its offender (a sockaddr_in6) and a timestamp item beside it. */
#define CONTROL_ROOM 256

struct errqueue_read {
    struct msghdr hdr;
    union {
        struct cmsghdr align;
        unsigned char bytes[CONTROL_ROOM];
    } control;
};

/* One read of the error queue; the wait loop retries it after EINTR and never waits (user_dontwait). */
static long errqueue_op(struct sxi_socket *s, void *p, int dontwait)
{
    (void)dontwait;
    struct errqueue_read *q = p;
    memset(&q->hdr, 0, sizeof q->hdr);
    q->hdr.msg_control = q->control.bytes;
    q->hdr.msg_controllen = sizeof q->control.bytes;
    return recvmsg(s->fd, &q->hdr, MSG_ERRQUEUE | MSG_DONTWAIT | sxi_recv_cloexec(s));
}

int32_t sx_socket_zerocopy_completion(sx_socket h, uint32_t *first_out, uint32_t *last_out, int *copied_out)
{
    if (!first_out || !last_out || !copied_out)
        return sxi_fail(SX_EARG, "sx_socket_zerocopy_completion: an out-pointer is NULL");
    struct sxi_socket *s;
    int32_t rc = sxi_socket_acquire(h, &s);
    if (rc)
        return rc;
    struct errqueue_read q;
    const struct sxi_io io = {.events = 0, .user_dontwait = 1, .what = "recvmsg(MSG_ERRQUEUE)"};
    long n = 0;
    rc = sxi_call(s, &io, errqueue_op, &q, &n);
    sxi_handle_release(h);
    if (rc)
        return rc == SX_EAGAIN ? sxi_fail(SX_EAGAIN, "no zero-copy completion queued") : rc;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&q.hdr); c; c = CMSG_NXTHDR(&q.hdr, c)) {
        if (!sxi_is_recverr(c->cmsg_level, c->cmsg_type) || c->cmsg_len < CMSG_LEN(sizeof(struct sock_extended_err)))
            continue;
        struct sock_extended_err ee;
        memcpy(&ee, CMSG_DATA(c), sizeof ee);
        if (ee.ee_origin != SO_EE_ORIGIN_ZEROCOPY)
            /* Another error was at the head of the queue: it is consumed now, so report it. A
             * timestamp report carries ENOMSG; an entry without an errno still is not a completion. */
            return sxi_fail_errno(ee.ee_errno ? (int)ee.ee_errno : ENOMSG, "the error queue's entry");
        *first_out = ee.ee_info;
        *last_out = ee.ee_data;
        *copied_out = (ee.ee_code & SO_EE_CODE_ZEROCOPY_COPIED) != 0;
        return 0;
    }
    return sxi_fail(SX_ENOMSG, "sx_socket_zerocopy_completion: the error queue's entry had no extended error%s",
                    q.hdr.msg_flags & MSG_CTRUNC ? " (control data truncated)" : "");
}
