/* SPDX-License-Identifier: MIT */
/*
 * The sx_msg kind: ancillary items to send, a received message to read, a slot of a batch.
 * (The typed items, built and read on top of the raw ones here, are in msg_items.c.)
 *
 * A message keeps its items in one shape whichever way they came: laid out as the control
 * buffer sendmsg(2) takes (zero-filled, each item CMSG_SPACE(len), as CPython lays out
 * ancdata), with an index of (level, type, offset, length). Items added by the caller are
 * appended to it; a receive re-lays the kernel's items into it, cut as CPython cuts them. So
 * every accessor reads one representation, and a received message can be sent on as it is.
 *
 * Received descriptors are also listed apart, in order, with a "taken" mark: the message
 * closes those not taken when it is released or refilled, so none is ever leaked.
 */
#include "msg.h"

#include <limits.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "addr.h"
#include "alloc.h"
#include "detail.h"
#include "handle.h"
#include "rawsys.h"
#include "socketx/errors.h"
#include "strout.h"

/* Where an item's data starts, from its header: CMSG_DATA of a header at offset 0. */
#define DATA_OFFSET CMSG_LEN(0)

struct item {
    int32_t level;
    int32_t type;
    size_t off; /* its header's offset in ctl */
    size_t len; /* its data's length */
};

/*
 * Room kept inside the object itself, so that the common message (a few items, a descriptor or
 * a few, one buffer) takes one allocation in all: the arrays move to the heap only past these.
 */
#define INLINE_ITEMS 4
#define INLINE_CTL 64 /* bytes: a few small items (an SCM_RIGHTS item of up to 10 descriptors) */
#define INLINE_FDS 4
#define INLINE_IOV 4

struct sxi_msg {
    /* What a batch call touches for every message comes first, to share as few cache lines as can be. */
    socklen_t addr_len; /* 0: no address */
    int32_t addr_proto; /* the receiving socket's protocol, for the address's layout (struct sxi_addr) */
    size_t nbytes;
    int32_t flags;

    /* A batch slot: the caller's buffers (borrowed), its ancillary room, room for a sender. */
    struct iovec *iov;
    size_t iovcnt;
    size_t ancbufsize;
    void *rctl;

    /* The items, as a sendmsg(2) control buffer, and their index. */
    unsigned char *ctl;
    size_t ctl_len, ctl_cap;
    struct item *items;
    uint32_t nitems, items_cap;

    /* Received descriptors in order; taken[i] once the caller has fds[i]. */
    int *fds;
    unsigned char *taken;
    uint32_t nfds, fds_cap;

    struct iovec iov_inline[INLINE_IOV]; /* the inline room (see INLINE_*) for iov */
    /* The sender received, or the destination set. A batch receives the sender straight into it:
     * the kernel writes it only for the datagrams it counts, which are recorded at once. */
    struct sockaddr_storage addr;

    /* The rest of the inline room: ctl, items, fds and taken point here until they grow. */
    _Alignas(struct cmsghdr) unsigned char ctl_inline[INLINE_CTL]; /* aligned as the cmsghdr it starts with */
    struct item items_inline[INLINE_ITEMS];
    int fds_inline[INLINE_FDS];
    unsigned char taken_inline[INLINE_FDS];
};

/* Free an array unless it is the object's inline room. */
static void free_unless_inline(void *p, const void *inline_room)
{
    if (p != inline_room)
        sxi_free(p);
}

/* ---- The object and its handle ------------------------------------------------------------ */

/* Close the received descriptors the caller did not take, and forget all of them. */
static void drop_fds(struct sxi_msg *m)
{
    for (uint32_t i = 0; i < m->nfds; i++)
        if (!m->taken[i])
            sxi_sys_close(m->fds[i]);
    m->nfds = 0;
}

/*
 * Empty the object but leave its memory: the table keeps the last one released as the spare
 * that the next receive takes (sxi_handle_reserve_spare), and frees the others with dispose.
 */
static int32_t destroy_msg(void *obj)
{
    struct sxi_msg *m = obj;
    drop_fds(m);
    free_unless_inline(m->ctl, m->ctl_inline);
    free_unless_inline(m->items, m->items_inline);
    free_unless_inline(m->fds, m->fds_inline);
    free_unless_inline(m->taken, m->taken_inline);
    free_unless_inline(m->iov, m->iov_inline);
    sxi_free(m->rctl);
    return 0;
}

const struct sxi_kind_ops sxi_msg_ops = {
    .on_close = NULL, /* no call waits on a message: references keep it alive until they are dropped */
    .destroy = destroy_msg,
    .after_fork = NULL, /* its lock is in its slot word, which the table resets in a forked child */
    .dispose = sxi_free,
};

/* A spare object back to the state of a new one (what calloc gives and prepare sets). */
static void reset_msg(struct sxi_msg *m)
{
    m->ctl_len = 0;
    m->nitems = 0;
    m->nfds = 0;
    m->nbytes = 0;
    m->flags = 0;
    m->addr_len = 0;
    m->iov = NULL;
    m->iovcnt = 0;
    m->ancbufsize = 0;
    m->rctl = NULL;
}

int32_t sxi_msg_prepare(struct sxi_msg **obj_out, uint32_t *slot_out)
{
    void *spare = NULL;
    int32_t rc = sxi_handle_reserve_spare(SXI_KIND_MSG, slot_out, &spare);
    if (rc)
        return rc;
    struct sxi_msg *m = spare;
    if (m) {
        reset_msg(m);
    } else if (!(m = sxi_calloc(1, sizeof *m))) {
        sxi_handle_unreserve(*slot_out, SXI_KIND_MSG, NULL);
        return sxi_fail(SX_ENOMEM, "out of memory for a message");
    }
    m->ctl = m->ctl_inline;
    m->ctl_cap = INLINE_CTL;
    m->items = m->items_inline;
    m->items_cap = INLINE_ITEMS;
    m->fds = m->fds_inline;
    m->taken = m->taken_inline;
    m->fds_cap = INLINE_FDS;
    *obj_out = m;
    return 0;
}

void *sxi_msg_name_room(struct sxi_msg *m, socklen_t *room_out)
{
    *room_out = sizeof m->addr;
    return &m->addr;
}

void sxi_msg_publish(struct sxi_msg *m, uint32_t slot, sx_msg *out)
{
    sxi_handle_publish(SXI_KIND_MSG, slot, m, out);
}

void sxi_msg_discard(struct sxi_msg *m, uint32_t slot)
{
    destroy_msg(m);
    sxi_handle_unreserve(slot, SXI_KIND_MSG, m);
}

int32_t sxi_msg_create(struct sxi_msg **obj_out, sx_msg *out)
{
    struct sxi_msg *m = NULL;
    uint32_t slot = 0;
    int32_t rc = sxi_msg_prepare(&m, &slot);
    if (rc)
        return rc;
    sxi_msg_publish(m, slot, out);
    if (obj_out)
        *obj_out = m;
    return 0;
}

/* Take the message behind h with its lock (one compare-and-swap when nobody holds it). */
static int32_t lock_msg(sx_msg h, struct sxi_msg **m)
{
    sxi_slot *s = sxi_slot_take_locked(h, SXI_KIND_MSG);
    if (!s)
        return SX_EBADHANDLE;
    *m = sxi_slot_obj(s);
    return 0;
}

/* The opening of the public calls: refuse a NULL out-pointer (what names it), take and lock. */
static int32_t open_msg(sx_msg h, const void *out, const char *what, struct sxi_msg **m)
{
    *m = NULL;
    if (!out)
        return sxi_fail(SX_EARG, "%s is NULL", what);
    return lock_msg(h, m);
}

/* Unlock and drop what lock_msg or open_msg took, in one step. */
static void close_msg(sx_msg h)
{
    sxi_slot_release_locked(sxi_handle_slot(h), 0, 1);
}

int32_t sx_msg_new(sx_msg *out)
{
    if (!out)
        return sxi_fail(SX_EARG, "sx_msg_new: out is NULL");
    *out = 0;
    return sxi_msg_create(NULL, out);
}

int32_t sx_msg_close(sx_msg msg)
{
    return sxi_handle_close(msg, SXI_KIND_MSG);
}

/* ---- Items ----------------------------------------------------------------------------------- */

/* CPython's get_CMSG_SPACE: the room an item of len bytes takes, refusing what socklen_t cannot say. */
static int32_t item_space(size_t len, size_t *space)
{
    if (len > SXI_SOCKLEN_LIMIT - CMSG_SPACE(1))
        return sxi_fail(SX_EARG, "ancillary data item too large: %zu bytes", len);
    *space = CMSG_SPACE(len);
    return 0;
}

/* Make room for `more` items and `bytes` more control bytes; m unchanged on failure. */
static int32_t reserve(struct sxi_msg *m, uint32_t more, size_t bytes)
{
    if (m->nitems + more > m->items_cap) {
        uint32_t cap = m->items_cap;
        while (cap < m->nitems + more)
            cap *= 2;
        int was_inline = m->items == m->items_inline;
        struct item *items = sxi_realloc(was_inline ? NULL : m->items, cap * sizeof *items);
        if (!items)
            return sxi_fail(SX_ENOMEM, "out of memory for ancillary items");
        if (was_inline)
            memcpy(items, m->items_inline, m->nitems * sizeof *items);
        m->items = items;
        m->items_cap = cap;
    }
    if (m->ctl_len + bytes > m->ctl_cap) {
        size_t cap = m->ctl_cap;
        while (cap < m->ctl_len + bytes)
            cap = cap > SIZE_MAX / 2 ? m->ctl_len + bytes : cap * 2;
        int was_inline = m->ctl == m->ctl_inline;
        unsigned char *ctl = sxi_realloc(was_inline ? NULL : m->ctl, cap);
        if (!ctl)
            return sxi_fail(SX_ENOMEM, "out of memory for ancillary data");
        if (was_inline)
            memcpy(ctl, m->ctl_inline, m->ctl_len);
        m->ctl = ctl;
        m->ctl_cap = cap;
    }
    return 0;
}

/* Append an item into room reserve() made: a zero-filled CMSG_SPACE(len) with its header. */
static void put_item(struct sxi_msg *m, int32_t level, int32_t type, const void *data, size_t len)
{
    unsigned char *at = m->ctl + m->ctl_len;
    memset(at, 0, CMSG_SPACE(len));
    struct cmsghdr head = {.cmsg_len = CMSG_LEN(len), .cmsg_level = level, .cmsg_type = type};
    memcpy(at, &head, sizeof head);
    if (len)
        memcpy(at + DATA_OFFSET, data, len);
    m->items[m->nitems++] = (struct item){.level = level, .type = type, .off = m->ctl_len, .len = len};
    m->ctl_len += CMSG_SPACE(len);
}

int32_t sx_msg_add(sx_msg msg, int32_t level, int32_t type, const void *data, size_t len)
{
    if (!data && len)
        return sxi_fail(SX_EARG, "sx_msg_add: data is NULL but len is %zu", len);
    /* CPython's limits, checked before the message is even looked at. */
    size_t space = 0;
    int32_t rc = item_space(len, &space);
    if (rc)
        return rc;
    struct sxi_msg *m;
    rc = lock_msg(msg, &m);
    if (rc)
        return rc;
    if (space > SXI_SOCKLEN_LIMIT - m->ctl_len)
        rc = sxi_fail(SX_EARG, "too much ancillary data: %zu bytes with this item", m->ctl_len + space);
    else if (!(rc = reserve(m, 1, space)))
        put_item(m, level, type, data, len);
    close_msg(msg);
    return rc;
}

/* ---- A batch slot ------------------------------------------------------------------------------ */

int32_t sxi_iov_from(const void *const *bufs, const size_t *lens, size_t count, struct iovec *iov, const char *fn)
{
    if (count && (!bufs || !lens))
        return sxi_fail(SX_EARG, "%s: %s is NULL but count is %zu", fn, bufs ? "lens" : "bufs", count);
    if (count > SXI_IOV_MAX)
        return sxi_fail(SX_EMSGSIZE, "%s: %zu buffers, the kernel takes at most %d", fn, count, SXI_IOV_MAX);
    /* One pass that fills iov as it checks: on a refusal the caller discards iov anyway. */
    size_t total = 0;
    for (size_t i = 0; i < count; i++) {
        const void *buf = bufs[i];
        size_t len = lens[i];
        if (!buf && len)
            return sxi_fail(SX_EARG, "%s: buffer %zu is NULL but its length is %zu", fn, i, len);
        /* The kernel sums the lengths into an ssize_t. */
        if (len > (size_t)SSIZE_MAX - total)
            return sxi_fail(SX_EARG, "%s: the buffers' lengths overflow in total", fn);
        total += len;
        iov[i] = (struct iovec){.iov_base = (void *)buf, .iov_len = len};
    }
    return 0;
}

int32_t sx_msg_set_buffers(sx_msg msg, void *const *bufs, const size_t *lens, size_t count)
{
    /*
     * A few buffers are checked into the stack and copied into the object's inline room, with
     * no allocation; more are allocated (only for arguments sxi_iov_from can accept: it refuses
     * the others before writing).
     */
    struct iovec few[INLINE_IOV];
    struct iovec *iov = few;
    if (count > INLINE_IOV && count <= SXI_IOV_MAX && bufs && lens && !(iov = sxi_alloc(count * sizeof *iov)))
        return sxi_fail(SX_ENOMEM, "out of memory for a message's buffers");
    int32_t rc = sxi_iov_from((const void *const *)bufs, lens, count, iov, "sx_msg_set_buffers");
    struct sxi_msg *m;
    if (!rc)
        rc = lock_msg(msg, &m);
    if (rc) {
        if (iov != few)
            sxi_free(iov);
        return rc;
    }
    struct iovec *old = m->iov;
    if (iov == few) {
        memcpy(m->iov_inline, few, count * sizeof *few);
        m->iov = m->iov_inline;
    } else {
        m->iov = iov;
    }
    m->iovcnt = count;
    int free_old = old != m->iov_inline; /* a heap array is never reused: the new one is another */
    close_msg(msg);
    if (free_old)
        sxi_free(old);
    return 0;
}

int32_t sx_msg_set_address(sx_msg msg, sx_addr address)
{
    struct sockaddr_storage ss;
    socklen_t len = 0;
    if (address) {
        const struct sxi_addr *a;
        int32_t rc = sxi_addr_acquire(address, &a);
        if (rc)
            return rc;
        len = a->len;
        memcpy(&ss, &a->u, len);
        sxi_handle_release(address);
    }
    struct sxi_msg *m;
    int32_t rc = lock_msg(msg, &m);
    if (rc)
        return rc;
    m->addr_len = len;
    if (len)
        memcpy(&m->addr, &ss, len);
    close_msg(msg);
    return 0;
}

int32_t sx_msg_set_ancbufsize(sx_msg msg, size_t ancbufsize)
{
    if (ancbufsize > SXI_SOCKLEN_LIMIT)
        return sxi_fail(SX_EARG, "invalid ancillary data buffer length %zu (at most %d)", ancbufsize,
                        SXI_SOCKLEN_LIMIT);
    struct sxi_msg *m;
    int32_t rc = lock_msg(msg, &m);
    if (rc)
        return rc;
    if (ancbufsize > m->ancbufsize || !m->rctl) {
        void *room = ancbufsize ? sxi_realloc(m->rctl, ancbufsize) : m->rctl;
        if (!room && ancbufsize)
            rc = sxi_fail(SX_ENOMEM, "out of memory for a %zu-byte ancillary buffer", ancbufsize);
        else
            m->rctl = room;
    }
    if (!rc)
        m->ancbufsize = ancbufsize;
    close_msg(msg);
    return rc;
}

static inline void hdr_for_send(struct sxi_msg *m, struct msghdr *hdr)
{
    *hdr = (struct msghdr){
        .msg_name = m->addr_len ? &m->addr : NULL,
        .msg_namelen = m->addr_len,
        .msg_iov = m->iov,
        .msg_iovlen = m->iovcnt,
        .msg_control = m->ctl_len ? m->ctl : NULL,
        .msg_controllen = m->ctl_len,
    };
}

void sxi_msg_hdr_for_send(struct sxi_msg *m, struct msghdr *hdr)
{
    hdr_for_send(m, hdr);
}

static inline int32_t hdr_for_recv(struct sxi_msg *m, struct msghdr *hdr)
{
    /* set_ancbufsize made the room; this covers a size set while memory was short. */
    if (m->ancbufsize && !m->rctl && !(m->rctl = sxi_alloc(m->ancbufsize)))
        return sxi_fail(SX_ENOMEM, "out of memory for a %zu-byte ancillary buffer", m->ancbufsize);
    *hdr = (struct msghdr){
        .msg_name = &m->addr,
        .msg_namelen = sizeof m->addr,
        .msg_iov = m->iov,
        .msg_iovlen = m->iovcnt,
        .msg_control = m->ancbufsize ? m->rctl : NULL,
        .msg_controllen = m->ancbufsize,
    };
    return 0;
}

/* The per-message steps of a batch call live here, each loop with its step inline. */
void sxi_msgs_hdr_for_send(struct sxi_msg *const *m, struct mmsghdr *v, unsigned count)
{
    for (unsigned i = 0; i < count; i++) {
        hdr_for_send(m[i], &v[i].msg_hdr);
        v[i].msg_len = 0;
    }
}

int32_t sxi_msgs_hdr_for_recv(struct sxi_msg *const *m, struct mmsghdr *v, unsigned count)
{
    for (unsigned i = 0; i < count; i++) {
        int32_t rc = hdr_for_recv(m[i], &v[i].msg_hdr);
        if (rc)
            return rc;
        v[i].msg_len = 0;
    }
    return 0;
}

void sxi_msgs_record_sent(struct sxi_msg *const *m, const struct mmsghdr *v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        m[i]->nbytes = v[i].msg_len;
}

/* sxi_msg_claim when the fast step could not go: h not open, the mark taken, or an accessor holding the lock. */
int32_t sxi_msg_claim_slow(sx_msg h, sxi_slot **out)
{
    sxi_slot *s = sxi_slot_take(h, SXI_KIND_MSG);
    if (!s)
        return SX_EBADHANDLE;
    uint64_t w = atomic_load_explicit(s, memory_order_relaxed);
    do {
        if (w & SXI_SLOT_MARK) {
            sxi_slot_release(s);
            return sxi_fail(SX_EBUSY, "the message is in another batch call");
        }
    } while (!atomic_compare_exchange_weak_explicit(s, &w, w | SXI_SLOT_MARK, memory_order_relaxed,
                                                    memory_order_relaxed));
    /* An accessor has it for a few loads and stores: marked first, so no other batch gets in. */
    sxi_slot_lock(s);
    *out = s;
    return 0;
}

/* ---- Reading a control buffer the kernel filled ---------------------------------------------- */

/*
 * The item whose header is at offset off of a filled control buffer, read by CPython's rules
 * (sock_recvmsg_guts): its header must fit whole and claim at least a header's length; its data
 * is what cmsg_len claims, cut to the bytes the buffer holds (MSG_CTRUNC). Returns 1 with the
 * header, the data's length and the next item's offset; 0 at the end or at a malformed header.
 */
static int cmsg_at(const struct msghdr *hdr, size_t off, struct cmsghdr *head, size_t *data_len, size_t *next)
{
    size_t total = hdr->msg_control ? (size_t)hdr->msg_controllen : 0;
    if (off > total || total - off < DATA_OFFSET)
        return 0;
    memcpy(head, (const unsigned char *)hdr->msg_control + off, sizeof *head);
    if (head->cmsg_len < DATA_OFFSET)
        return 0;
    size_t want = head->cmsg_len - DATA_OFFSET;
    size_t room = total - off - DATA_OFFSET;
    *data_len = want < room ? want : room;
    /* An item that claims more than the buffer holds is the last one (and CMSG_ALIGN must not wrap). */
    *next = head->cmsg_len > total - off ? total : off + CMSG_ALIGN(head->cmsg_len);
    return 1;
}

static int is_rights(const struct cmsghdr *head)
{
    return head->cmsg_level == SOL_SOCKET && head->cmsg_type == SCM_RIGHTS;
}

/* Close the SCM_RIGHTS descriptors of the items from offset `from` on. */
static void close_fds_from(const struct msghdr *hdr, size_t from)
{
    struct cmsghdr head;
    size_t len, next;
    for (size_t off = from; cmsg_at(hdr, off, &head, &len, &next); off = next) {
        if (!is_rights(&head))
            continue;
        const unsigned char *data = (const unsigned char *)hdr->msg_control + off + DATA_OFFSET;
        for (size_t i = 0; i + sizeof(int) <= len; i += sizeof(int)) {
            int fd;
            memcpy(&fd, data + i, sizeof fd);
            sxi_sys_close(fd);
        }
    }
}

void sxi_close_received_fds(const struct msghdr *hdr)
{
    close_fds_from(hdr, 0);
}

/* Room for n received descriptors in all, keeping those already recorded; m unchanged on failure. */
static int32_t reserve_fds(struct sxi_msg *m, uint32_t n)
{
    if (n <= m->fds_cap)
        return 0;
    int *fds = sxi_alloc(n * sizeof *fds);
    unsigned char *taken = sxi_alloc(n);
    if (!fds || !taken) {
        sxi_free(fds);
        sxi_free(taken);
        return sxi_fail(SX_ENOMEM, "out of memory for %u received descriptors", n);
    }
    memcpy(fds, m->fds, m->nfds * sizeof *fds);
    memcpy(taken, m->taken, m->nfds);
    free_unless_inline(m->fds, m->fds_inline);
    free_unless_inline(m->taken, m->taken_inline);
    m->fds = fds;
    m->taken = taken;
    m->fds_cap = n;
    return 0;
}

/* Make room for the items from offset `from` on, all at once, so that recording them cannot fail. */
static int32_t reserve_rest(struct sxi_msg *m, const struct msghdr *hdr, size_t from)
{
    struct cmsghdr head;
    size_t len, next, bytes = 0;
    uint32_t count = 0, nfds = 0;
    for (size_t off = from; cmsg_at(hdr, off, &head, &len, &next); off = next) {
        count++;
        bytes += CMSG_SPACE(len);
        if (is_rights(&head))
            nfds += (uint32_t)(len / sizeof(int));
    }
    int32_t rc = reserve(m, count, bytes);
    return rc ? rc : reserve_fds(m, m->nfds + nfds);
}

/* The items of a receive (there is at least a header's room of control bytes). */
__attribute__((noinline)) static int32_t record_items(struct sxi_msg *m, const struct msghdr *hdr)
{
    /*
     * One pass while the items fit the room the message has (its inline room holds the common
     * ones); the first that does not makes room for all the rest at once, so that nothing can
     * fail once descriptors start to belong to m but that one step, whose failure leaves m
     * holding nothing and closes every descriptor that arrived.
     */
    struct cmsghdr head;
    size_t len, next;
    for (size_t off = 0; cmsg_at(hdr, off, &head, &len, &next); off = next) {
        uint32_t nfds = is_rights(&head) ? (uint32_t)(len / sizeof(int)) : 0;
        if (m->nitems == m->items_cap || CMSG_SPACE(len) > m->ctl_cap - m->ctl_len || nfds > m->fds_cap - m->nfds) {
            int32_t rc = reserve_rest(m, hdr, off);
            if (rc) {
                drop_fds(m);
                m->nitems = 0;
                m->ctl_len = 0;
                close_fds_from(hdr, off);
                return rc;
            }
        }
        const unsigned char *data = (const unsigned char *)hdr->msg_control + off + DATA_OFFSET;
        put_item(m, head.cmsg_level, head.cmsg_type, data, len);
        for (uint32_t i = 0; i < nfds; i++) {
            memcpy(&m->fds[m->nfds], data + i * sizeof(int), sizeof(int));
            m->taken[m->nfds++] = 0;
        }
    }
    return 0;
}

static inline int32_t record_received(struct sxi_msg *m, const struct msghdr *hdr, size_t nbytes, int32_t proto)
{
    if (m->nfds)
        drop_fds(m);
    m->nitems = 0;
    m->ctl_len = 0;
    m->nbytes = nbytes;
    /* The kernel echoes MSG_CMSG_CLOEXEC, which AF_UNIX receives ask for: an input flag, not the message's. */
    m->flags = hdr->msg_flags & ~MSG_CMSG_CLOEXEC;
    m->addr_len = 0;
    m->addr_proto = proto;
    /* No family at all (an unbound AF_UNIX sender, a connected stream) is no address: Python's None. */
    if (hdr->msg_name && hdr->msg_namelen >= (socklen_t)sizeof(sa_family_t)) {
        m->addr_len = hdr->msg_namelen < (socklen_t)sizeof m->addr ? hdr->msg_namelen : (socklen_t)sizeof m->addr;
        if (hdr->msg_name != &m->addr)
            memcpy(&m->addr, hdr->msg_name, m->addr_len);
    }
    /* Most receives carry no ancillary data: no call for them. */
    if (!hdr->msg_control || hdr->msg_controllen < DATA_OFFSET)
        return 0;
    return record_items(m, hdr);
}

int32_t sxi_msg_record_received(struct sxi_msg *m, const struct msghdr *hdr, size_t nbytes, int32_t proto)
{
    return record_received(m, hdr, nbytes, proto);
}

int32_t sxi_msgs_record_received(struct sxi_msg *const *m, const struct mmsghdr *v, unsigned n, int32_t proto)
{
    /*
     * Every message received is recorded, even after one fails to be (its descriptors are then
     * closed by the recording): the data has left the socket either way, and a descriptor
     * recorded nowhere would leak.
     */
    int32_t first = 0;
    for (unsigned i = 0; i < n; i++) {
        int32_t rc = record_received(m[i], &v[i].msg_hdr, v[i].msg_len, proto);
        if (rc && !first)
            first = rc;
    }
    return first;
}

/* ---- Reading a message ------------------------------------------------------------------------ */

int32_t sx_msg_nbytes(sx_msg msg, size_t *len_out)
{
    struct sxi_msg *m;
    int32_t rc = open_msg(msg, len_out, "sx_msg_nbytes: len_out", &m);
    if (rc)
        return rc;
    *len_out = m->nbytes;
    close_msg(msg);
    return 0;
}

int32_t sx_msg_flags(sx_msg msg, int32_t *flags_out)
{
    struct sxi_msg *m;
    int32_t rc = open_msg(msg, flags_out, "sx_msg_flags: flags_out", &m);
    if (rc)
        return rc;
    *flags_out = m->flags;
    close_msg(msg);
    return 0;
}

int32_t sx_msg_address(sx_msg msg, sx_addr *address_out)
{
    struct sxi_msg *m;
    int32_t rc = open_msg(msg, address_out, "sx_msg_address: address_out", &m);
    if (rc)
        return rc;
    struct sockaddr_storage ss;
    socklen_t len = m->addr_len;
    int32_t proto = m->addr_proto;
    memcpy(&ss, &m->addr, len);
    close_msg(msg);
    return sxi_addr_from_kernel(&ss, len, proto, address_out);
}

int32_t sx_msg_item_count(sx_msg msg, uint32_t *count_out)
{
    struct sxi_msg *m;
    int32_t rc = open_msg(msg, count_out, "sx_msg_item_count: count_out", &m);
    if (rc)
        return rc;
    *count_out = m->nitems;
    close_msg(msg);
    return 0;
}

/* Take, lock, and find item index of the message behind h: m stays locked on success. */
static int32_t open_item(sx_msg h, uint32_t index, const void *out, const char *what, struct sxi_msg **m,
                         const struct item **it, const unsigned char **data)
{
    int32_t rc = open_msg(h, out, what, m);
    if (rc)
        return rc;
    if (index >= (*m)->nitems) {
        uint32_t n = (*m)->nitems;
        close_msg(h);
        return sxi_fail(SX_EOUTOFRANGE, "no ancillary item %u: the message has %u", index, n);
    }
    *it = &(*m)->items[index];
    *data = (*m)->ctl + (*it)->off + DATA_OFFSET;
    return 0;
}

int32_t sxi_msg_item_copy(sx_msg h, uint32_t index, const void *out, const char *what, struct sxi_item *item)
{
    struct sxi_msg *m;
    const struct item *it = NULL;
    const unsigned char *data = NULL;
    int32_t rc = open_item(h, index, out, what, &m, &it, &data);
    if (rc)
        return rc;
    item->level = it->level;
    item->type = it->type;
    item->len = it->len;
    memcpy(item->data, data, it->len < sizeof item->data ? it->len : sizeof item->data);
    close_msg(h);
    return 0;
}

int32_t sx_msg_item(sx_msg msg, uint32_t index, int32_t *level_out, int32_t *type_out)
{
    if (!level_out)
        return sxi_fail(SX_EARG, "sx_msg_item: level_out is NULL");
    struct sxi_msg *m;
    const struct item *it = NULL;
    const unsigned char *data = NULL;
    int32_t rc = open_item(msg, index, type_out, "sx_msg_item: type_out", &m, &it, &data);
    if (rc)
        return rc;
    *level_out = it->level;
    *type_out = it->type;
    close_msg(msg);
    return 0;
}

int32_t sx_msg_item_data(sx_msg msg, uint32_t index, void *buf, size_t cap, size_t *len_out)
{
    if (!buf && cap)
        return sxi_fail(SX_EARG, "sx_msg_item_data: buf is NULL but cap is %zu", cap);
    struct sxi_msg *m;
    const struct item *it = NULL;
    const unsigned char *data = NULL;
    int32_t rc = open_item(msg, index, len_out, "sx_msg_item_data: len_out", &m, &it, &data);
    if (rc)
        return rc;
    rc = sxi_copy_out(data, it->len, 0, buf, cap, len_out);
    close_msg(msg);
    return rc;
}

int32_t sx_msg_find(sx_msg msg, int32_t level, int32_t type, uint32_t *index_out)
{
    struct sxi_msg *m;
    int32_t rc = open_msg(msg, index_out, "sx_msg_find: index_out", &m);
    if (rc)
        return rc;
    uint32_t i = 0;
    while (i < m->nitems && !(m->items[i].level == level && m->items[i].type == type))
        i++;
    int found = i < m->nitems;
    close_msg(msg);
    if (!found)
        return sxi_fail(SX_ENOTFOUND, "the message has no item of level %d, type %d", level, type);
    *index_out = i;
    return 0;
}

int32_t sx_msg_fd_count(sx_msg msg, uint32_t *count_out)
{
    struct sxi_msg *m;
    int32_t rc = open_msg(msg, count_out, "sx_msg_fd_count: count_out", &m);
    if (rc)
        return rc;
    *count_out = m->nfds;
    close_msg(msg);
    return 0;
}

int32_t sx_msg_take_fd(sx_msg msg, uint32_t index, int32_t *fd_out)
{
    struct sxi_msg *m;
    int32_t rc = open_msg(msg, fd_out, "sx_msg_take_fd: fd_out", &m);
    if (rc)
        return rc;
    if (index >= m->nfds)
        rc = sxi_fail(SX_EOUTOFRANGE, "no descriptor %u: the message has %u", index, m->nfds);
    else if (m->taken[index])
        rc = sxi_fail(SX_EARG, "descriptor %u was already taken", index);
    else {
        m->taken[index] = 1;
        *fd_out = m->fds[index];
    }
    close_msg(msg);
    return rc;
}
