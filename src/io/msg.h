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
 * Every public accessor takes the object's lock, so a message may be read from any thread;
 * a batch call marks each of its messages busy for the call's duration, so two batch calls
 * cannot fill the same message at once (SX_EBUSY).
 */
#ifndef SXI_MSG_H
#define SXI_MSG_H

#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "socketx/msg.h"

struct sxi_msg;

/* The kernel's limits that the library checks before any system call. */
#define SXI_IOV_MAX 1024     /* UIO_MAXIOV: more buffers give EMSGSIZE */
#define SXI_SCM_MAX_FD 253   /* SCM_MAX_FD: descriptors in one SCM_RIGHTS item */
#define SXI_SOCKLEN_LIMIT 0x7fffffff

/* Take a reference to the message behind h (release with sxi_handle_release(h)). */
int32_t sxi_msg_acquire(sx_msg h, struct sxi_msg **out);

/* Make a new empty message object and publish it under a handle. */
int32_t sxi_msg_create(struct sxi_msg **obj_out, sx_msg *out);

/*
 * Check a caller's scatter/gather arrays and fill iov (room for count entries, count <= SXI_IOV_MAX).
 * fn names the public call for the detail message. SX_EARG or SX_EMSGSIZE.
 */
int32_t sxi_iov_from(const void *const *bufs, const size_t *lens, size_t count, struct iovec *iov, const char *fn);

/*
 * Lock m and describe it as a msghdr for sending: its batch buffers and destination (when set
 * with sx_msg_set_buffers / sx_msg_set_address) and its control bytes. The msghdr's pointers stay
 * valid until sxi_msg_unlock(m). Callers that bring their own iovec and address overwrite those.
 */
void sxi_msg_lock_for_send(struct sxi_msg *m, struct msghdr *hdr);

/*
 * Lock m and describe it as a msghdr for receiving: its batch buffers, room for the sender, and a
 * control buffer of its ancbufsize (allocated by the message). SX_ENOMEM (m left unlocked).
 */
int32_t sxi_msg_lock_for_recv(struct sxi_msg *m, struct msghdr *hdr);

/* Record the bytes sent by a batch send; m is locked. */
void sxi_msg_record_sent(struct sxi_msg *m, size_t nbytes);

/*
 * Record a receive into hdr (from sxi_msg_lock_for_recv, or the caller's own with
 * msg_control pointing at the message's buffer): the count, msg_flags, the sender and every
 * ancillary item, releasing what the message held before (closing untaken descriptors).
 * m is locked. On SX_ENOMEM every descriptor in the control buffer is closed.
 */
int32_t sxi_msg_record_received(struct sxi_msg *m, const struct msghdr *hdr, size_t nbytes, int32_t proto);

/* Lock m, for sxi_msg_record_received with a msghdr of the caller's own (a single recvmsg). */
void sxi_msg_lock(struct sxi_msg *m);

void sxi_msg_unlock(struct sxi_msg *m);

/* Mark m busy for a batch call (SX_EBUSY when another batch call has it), and unmark it. */
int32_t sxi_msg_claim(struct sxi_msg *m);
void sxi_msg_unclaim(struct sxi_msg *m);

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
