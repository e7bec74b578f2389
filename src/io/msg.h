/* SPDX-License-Identifier: MIT */
/*
 * Internal: the message object behind an sx_msg handle (msg.c), shared by the single-message
 * calls (socket_msg.c) and the batch calls (socket_batch.c).
 *
 * One object serves both directions. To send, it holds the ancillary items added to it,
 * already laid out as the control buffer sendmsg(2) takes; in a batch it also holds the
 * caller's buffers (borrowed pointers) and a destination. After a receive it holds the byte
 * count, msg_flags, the sender, and the items parsed from the control buffer, with the
 * descriptors of SCM_RIGHTS items owned until the caller takes them.
 *
 * Every public accessor takes the message's lock, which is its handle's slot lock (handle.h),
 * so a message may be read from any thread; a batch call marks each of its messages busy for
 * the call's duration, so two batch calls cannot fill the same message at once (SX_EBUSY). A
 * receive fills its new message before the message has a handle, when no other thread can
 * reach it.
 */
#ifndef SXI_MSG_H
#define SXI_MSG_H

#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "handle.h"
#include "socketx/msg.h"

struct sxi_msg;

/* The kernel's limits that the library checks before any system call. */
#define SXI_IOV_MAX 1024     /* UIO_MAXIOV: more buffers give EMSGSIZE */
#define SXI_SCM_MAX_FD 253   /* SCM_MAX_FD: descriptors in one SCM_RIGHTS item */
#define SXI_SOCKLEN_LIMIT 0x7fffffff

/* Make a new empty message object and publish it under a handle. */
int32_t sxi_msg_create(struct sxi_msg **obj_out, sx_msg *out);

/*
 * sxi_msg_create in steps, for a receive: prepare makes the object and reserves its slot
 * (SX_ENOMEM, SX_ENOHANDLES), so that nothing is left to fail once data has arrived; until
 * publish gives it its handle, no other thread can reach it, so it is filled without its lock.
 * discard releases an object never published (closing the descriptors recorded in it).
 */
int32_t sxi_msg_prepare(struct sxi_msg **obj_out, uint32_t *slot_out);

/* Where a receive into a message not yet published may have the kernel write the sender, and its room. */
void *sxi_msg_name_room(struct sxi_msg *m, socklen_t *room_out);
void sxi_msg_publish(struct sxi_msg *m, uint32_t slot, sx_msg *out);
void sxi_msg_discard(struct sxi_msg *m, uint32_t slot);

/*
 * Check a caller's scatter/gather arrays and fill iov (room for count entries, count <= SXI_IOV_MAX;
 * partly filled on a refusal, but not touched when count or the arrays themselves are refused).
 * fn names the public call for the detail message. SX_EARG or SX_EMSGSIZE.
 */
int32_t sxi_iov_from(const void *const *bufs, const size_t *lens, size_t count, struct iovec *iov, const char *fn);

/*
 * Describe m (locked) as a msghdr for sending: its batch buffers and destination (when set
 * with sx_msg_set_buffers / sx_msg_set_address) and its control bytes. The msghdr's pointers stay
 * valid until m is unlocked. Callers that bring their own iovec and address overwrite those.
 */
void sxi_msg_hdr_for_send(struct sxi_msg *m, struct msghdr *hdr);

/*
 * The steps of a batch call over its messages m[0..count) (locked): describe each as the entry
 * of the kernel's array for sending (as sxi_msg_hdr_for_send) or for receiving (its batch
 * buffers, room for the sender, and a control buffer of its ancbufsize, allocated by the
 * message: SX_ENOMEM); then record what the system call did with the first n: the bytes sent,
 * or each receive as sxi_msg_record_received does (returning its first failure).
 */
void sxi_msgs_hdr_for_send(struct sxi_msg *const *m, struct mmsghdr *v, unsigned count);
int32_t sxi_msgs_hdr_for_recv(struct sxi_msg *const *m, struct mmsghdr *v, unsigned count);
void sxi_msgs_record_sent(struct sxi_msg *const *m, const struct mmsghdr *v, unsigned n);
int32_t sxi_msgs_record_received(struct sxi_msg *const *m, const struct mmsghdr *v, unsigned n, int32_t proto);

/*
 * Record a receive into hdr (from sxi_msg_hdr_for_recv, or the caller's own with
 * msg_control pointing at the message's buffer): the count, msg_flags, the sender and every
 * ancillary item, releasing what the message held before (closing untaken descriptors).
 * m is locked, or not yet published (sxi_msg_prepare). On SX_ENOMEM m holds no item and every
 * descriptor in the control buffer is closed.
 */
int32_t sxi_msg_record_received(struct sxi_msg *m, const struct msghdr *hdr, size_t nbytes, int32_t proto);

int32_t sxi_msg_claim_slow(sx_msg h, sxi_slot **out);

/*
 * Take a reference to the message behind h, mark it busy for a batch call and lock it, in one
 * compare-and-swap on its slot word: SX_EBUSY when another batch call has it (never a wait on
 * another batch), SX_EBADHANDLE. The lock is held for a few loads and stores, or across one
 * system call that does not wait (MSG_DONTWAIT), never across a wait: between attempts the
 * call unlocks it (sxi_slot_unlock) and locks it again (sxi_slot_lock), keeping the mark.
 * unclaim drops the mark, the reference and, when locked says the call holds it, the lock, in
 * one atomic step.
 */
static inline int32_t sxi_msg_claim(sx_msg h, sxi_slot **out)
{
    sxi_slot *s = sxi_slot_try_take_locked(h, SXI_KIND_MSG, SXI_SLOT_MARK);
    if (__builtin_expect(s != NULL, 1)) {
        *out = s;
        return 0;
    }
    return sxi_msg_claim_slow(h, out);
}

static inline void sxi_msg_unclaim(sxi_slot *s, int locked)
{
    sxi_slot_release_locked(s, SXI_SLOT_MARK, locked);
}

/* Close every SCM_RIGHTS descriptor in a control buffer the kernel filled (an error after recvmsg). */
void sxi_close_received_fds(const struct msghdr *hdr);

/* ---- For the typed items (msg_items.c), which read a copy, not the message ---- */

/* Room for the largest item a decoder reads: an extended error (16 bytes) and its offender. */
#define SXI_ITEM_COPY_MAX 256

struct sxi_item {
    int32_t level;
    int32_t type;
    size_t len;                            /* the item's whole length */
    unsigned char data[SXI_ITEM_COPY_MAX]; /* its first min(len, SXI_ITEM_COPY_MAX) bytes */
};

/*
 * Copy item index of message h, under its lock. out is the calling function's required
 * out-pointer, refused first when NULL (what names it). SX_EARG, SX_EBADHANDLE, SX_EOUTOFRANGE.
 */
int32_t sxi_msg_item_copy(sx_msg h, uint32_t index, const void *out, const char *what, struct sxi_item *item);

/* Whether an ancillary item is an extended error from the error queue (struct sock_extended_err). */
static inline int sxi_is_recverr(int level, int type)
{
    return (level == IPPROTO_IP && type == IP_RECVERR) || (level == IPPROTO_IPV6 && type == IPV6_RECVERR);
}

#endif
