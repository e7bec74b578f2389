/* SPDX-License-Identifier: MIT */
/*
 * Batches: sendmmsg(2) and recvmmsg(2) over arrays of message handles.
 *
 * A call takes a reference to each message and marks it busy (sxi_msg_claim), so two batch
 * calls never fill the same message; the marks are taken without waiting, so overlapping
 * batches fail with SX_EBUSY instead of deadlocking. Marking a message also locks it (the
 * reference, the mark and the lock are one compare-and-swap on its slot word), and an
 * attempt that moves something keeps the locks until the call releases the messages, so the
 * common call (the first attempt goes) locks each message once, in the same atomic step as the
 * mark, and unlocks it with the mark. An attempt that moves nothing unlocks them before the
 * call waits, and the next attempt locks them again: the locks are never held across a wait,
 * so a message in a blocked batch can still be read.
 *
 * "Wait until one can go, then take as many as the kernel has without waiting again": every
 * attempt carries MSG_DONTWAIT, and every wait, blocking mode's too, is made in ppoll between
 * attempts (where a close wakes it). Sleeping in the kernel instead would hold the messages'
 * locks for as long as nothing arrives, so any other thread touching one of them (even to find
 * it busy) would hang with it; and sendmmsg has no MSG_WAITFORONE, so a blocking one could sleep
 * again on any later message. recvmmsg's own timeout argument is never used: it is checked only
 * after each datagram and cannot bound the wait for the first (recvmmsg(2), BUGS).
 */
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <sys/socket.h>

#include "alloc.h"
#include "detail.h"
#include "handle.h"
#include "msg.h"
#include "socket.h"
#include "socketx/errors.h"

/* Batches up to this size keep their kernel array on the stack (64 bytes a message). */
#define STACK_BATCH 64

struct batch {
    struct sxi_msg **m;
    sxi_slot **slot; /* each message's slot word, which holds its lock */
    struct mmsghdr *v;
    unsigned count;
    int flags;
    int32_t proto; /* the socket's, for the senders' address layout */
    int32_t record_rc; /* the first failure to record a received message (SX_ENOMEM) */
    int locked; /* the call holds every message's lock */
};

/* Lock the messages again after a wait (sxi_msg_claim locked them for the first attempt). */
static void relock(struct batch *b)
{
    if (b->locked)
        return;
    for (unsigned i = 0; i < b->count; i++)
        sxi_slot_lock(b->slot[i]);
    b->locked = 1;
}

/* After an attempt that moved nothing: the call may wait now, which it never does holding the locks. */
static void unlock_all(struct batch *b)
{
    for (unsigned i = 0; i < b->count; i++)
        sxi_slot_unlock(b->slot[i]);
    b->locked = 0;
}

static long sendmmsg_op(struct sxi_socket *s, void *p, int dontwait)
{
    (void)dontwait; /* always: see the top of the file */
    struct batch *b = p;
    relock(b);
    sxi_msgs_hdr_for_send(b->m, b->v, b->count);
    int n = sendmmsg(s->fd, b->v, b->count, b->flags | MSG_NOSIGNAL | MSG_DONTWAIT);
    int e = errno;
    if (n > 0)
        sxi_msgs_record_sent(b->m, b->v, (unsigned)n);
    else
        unlock_all(b);
    errno = e;
    return n;
}

static long recvmmsg_op(struct sxi_socket *s, void *p, int dontwait)
{
    (void)dontwait; /* always: see the top of the file */
    struct batch *b = p;
    relock(b);
    if (sxi_msgs_hdr_for_recv(b->m, b->v, b->count) != 0) {
        /* The call fails before any system call; the locks go with the marks. */
        errno = ENOMEM;
        return -1;
    }
    int n = recvmmsg(s->fd, b->v, b->count, b->flags | sxi_recv_cloexec(s) | MSG_DONTWAIT, NULL);
    int e = errno;
    if (n > 0) {
        int32_t rc = sxi_msgs_record_received(b->m, b->v, (unsigned)n, b->proto);
        if (rc && !b->record_rc)
            b->record_rc = rc;
    } else {
        unlock_all(b);
    }
    errno = e;
    return n;
}

/* Release the messages [0, n): unclaim each, dropping its reference (and its lock if the call holds the locks). */
static void release_msgs(sxi_slot **slot, size_t n, int locked)
{
    for (size_t i = 0; i < n; i++)
        sxi_msg_unclaim(slot[i], locked);
}

static int32_t batch_call(sx_socket h, const sx_msg *msgs, size_t count, int32_t flags, size_t *done_out,
                          int is_send)
{
    const char *fn = is_send ? "sx_socket_sendmmsg" : "sx_socket_recvmmsg";
    if (!done_out)
        return sxi_fail(SX_EARG, "%s: %s is NULL", fn, is_send ? "sent_out" : "received_out");
    *done_out = 0;
    if (!msgs && count)
        return sxi_fail(SX_EARG, "%s: msgs is NULL but count is %zu", fn, count);
    if (count > SXI_IOV_MAX)
        return sxi_fail(SX_EMSGSIZE, "%s: %zu messages, at most %d in one call", fn, count, SXI_IOV_MAX);
    /*
     * The handles are taken with the inline slot functions (socket_io.c's fast path does the
     * same): a batch takes and drops one reference per message, and the out-of-line
     * sxi_handle_acquire/release cost a measurable part of a 32-message batch.
     */
    sxi_slot *sslot = sxi_slot_take(h, SXI_KIND_SOCKET);
    if (!sslot)
        return SX_EBADHANDLE;
    struct sxi_socket *s = sxi_slot_obj(sslot);
    if (count == 0) {
        sxi_slot_release(sslot);
        return 0;
    }
    struct mmsghdr v_stack[STACK_BATCH];
    struct sxi_msg *m_stack[STACK_BATCH];
    sxi_slot *slot_stack[STACK_BATCH];
    struct mmsghdr *v = v_stack;
    struct sxi_msg **m = m_stack;
    sxi_slot **slot = slot_stack;
    void *heap = NULL;
    if (count > STACK_BATCH) {
        /* One block: the kernel's array first (the strictest alignment), then the two pointer arrays. */
        heap = sxi_alloc(count * (sizeof *v + sizeof *m + sizeof *slot));
        if (!heap) {
            sxi_slot_release(sslot);
            return sxi_fail(SX_ENOMEM, "%s: out of memory for %zu messages", fn, count);
        }
        v = heap;
        m = (struct sxi_msg **)(v + count);
        slot = (sxi_slot **)(m + count);
    }
    v[0].msg_len = 0; /* read after the call; each attempt describes every message in full */
    int32_t rc = 0;
    size_t taken = 0;
    for (; taken < count; taken++) {
        if ((rc = sxi_msg_claim(msgs[taken], &slot[taken])) != 0)
            break;
        m[taken] = sxi_slot_obj(slot[taken]);
    }
    int locked = 1; /* sxi_msg_claim locks what it marks */
    if (!rc) {
        struct batch b = {.m = m, .slot = slot, .v = v, .count = (unsigned)count, .flags = flags, .proto = s->proto, .locked = 1};
        const struct sxi_io io = {.events = is_send ? POLLOUT : POLLIN, .user_dontwait = flags & MSG_DONTWAIT,
                                  .poll_wait = 1, .what = is_send ? "sendmmsg" : "recvmmsg"};
        long n = 0;
        rc = sxi_call(s, &io, is_send ? sendmmsg_op : recvmmsg_op, &b, &n);
        /* The closer shuts a socket that has been in blocking mode down, which a receive reports
         * as one empty message without a sender: that is the close, not a datagram. */
        if (!rc && !is_send && v[0].msg_len == 0 && atomic_load(&s->closed))
            rc = sxi_fail(SX_ECLOSED, "the socket was closed by another thread during the call");
        if (!rc) {
            *done_out = (size_t)n;
            rc = b.record_rc;
        }
        locked = b.locked;
    }
    release_msgs(slot, taken, locked);
    sxi_free(heap);
    sxi_slot_release(sslot);
    return rc;
}

int32_t sx_socket_sendmmsg(sx_socket s, const sx_msg *msgs, size_t count, int32_t flags, size_t *sent_out)
{
    return batch_call(s, msgs, count, flags, sent_out, 1);
}

int32_t sx_socket_recvmmsg(sx_socket s, const sx_msg *msgs, size_t count, int32_t flags, size_t *received_out)
{
    return batch_call(s, msgs, count, flags, received_out, 0);
}
