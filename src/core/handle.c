/* SPDX-License-Identifier: MIT */
/*
 * The generational handle table (see handle.h for the model).
 *
 * The table is one anonymous mapping of 2^24 slot words followed by 2^24 object pointers,
 * reserved (not committed) by the first handle made, so a lookup is an index with no bounds
 * or chunk checks and pages are only touched as slots are used. Allocation and the free
 * list take a lock (sxi_lock); lookups and reference counting are single atomic operations.
 *
 * fork: the lock is held across fork(2) (pthread_atfork), so a child never inherits it
 * locked by a thread it does not have. The child then has only the forking thread, which is
 * inside no call of the library: every reference held by a call in progress belonged to a
 * parent thread. The child drops them, finishes the closes that parent threads had begun,
 * and lets each kind make its objects the child's own (sockets: their own wake-up and no
 * shutdown of the connection the parent shares).
 */
#include "handle.h"

#include <linux/futex.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "detail.h"
#include "fault.h"
#include "socketx/errors.h"

struct sxi_table *_Atomic sxi_table;

static sxi_lock table_lock;
/*
 * Freed slots queue up (oldest first) and are reused only while more than FREE_RESERVE wait:
 * a slot's 24-bit generation then advances at most once per FREE_RESERVE allocations, so a
 * stale handle cannot come back to life until some 17 billion handles later.
 */
#define FREE_RESERVE 1024u
static uint32_t next_unused = 1; /* slot 0 is never issued, so no handle is 0 */
static uint32_t free_head, free_tail, free_count;

static const struct sxi_kind_ops *const kind_ops[SXI_KIND_COUNT] = {
    [SXI_KIND_SOCKET] = &sxi_socket_ops,
    [SXI_KIND_ADDR] = &sxi_addr_ops,
    [SXI_KIND_LIST] = &sxi_list_ops,
    [SXI_KIND_MSG] = &sxi_msg_ops,
};

#define GEN_MASK 0xffffffu

static uint64_t word_of(uint32_t kind, uint32_t gen)
{
    return ((uint64_t)kind << 56) | ((uint64_t)gen << 32);
}

static uint32_t index_of(sxi_slot *s)
{
    return (uint32_t)(s - atomic_load_explicit(&sxi_table, memory_order_relaxed)->word);
}

/* Take a free slot index, reserving the table on first use. Caller holds table_lock. 0 = none. */
static uint32_t take_slot(struct sxi_table *t)
{
    if (free_count > FREE_RESERVE || (free_count && next_unused >= SXI_SLOT_COUNT)) {
        uint32_t index = free_head;
        free_head = (uint32_t)(uintptr_t)atomic_load_explicit(&t->obj[index].ptr, memory_order_relaxed);
        if (--free_count == 0)
            free_tail = 0;
        return index;
    }
    return next_unused < SXI_SLOT_COUNT ? next_unused++ : 0;
}

void sxi_lock_wait(sxi_lock *l)
{
    for (;;) {
        uint32_t w = atomic_load_explicit(l, memory_order_relaxed);
        if (!(w & SXI_LOCKED)) {
            /* Other waiters may still sleep: keep the mark, so that the giver wakes the next. */
            if (atomic_compare_exchange_weak_explicit(l, &w, w | SXI_LOCKED | SXI_LOCK_WAITERS, memory_order_acquire,
                                                      memory_order_relaxed))
                return;
            continue;
        }
        if (!(w & SXI_LOCK_WAITERS) &&
            !atomic_compare_exchange_weak_explicit(l, &w, w | SXI_LOCK_WAITERS, memory_order_relaxed,
                                                   memory_order_relaxed))
            continue;
        /* Returns at once if the word changed since: the loop looks again. */
        syscall(SYS_futex, l, FUTEX_WAIT_PRIVATE, w | SXI_LOCK_WAITERS, NULL, NULL, 0);
    }
}

void sxi_lock_wake(sxi_lock *l)
{
    syscall(SYS_futex, l, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

/* The 32 bits of a slot word that hold the lock's bits, for the futex. */
static uint32_t *lock_half(sxi_slot *s)
{
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    return (uint32_t *)(void *)s + 1;
#else
    return (uint32_t *)(void *)s;
#endif
}

void sxi_slot_lock_wait(sxi_slot *s)
{
    for (;;) {
        uint64_t w = atomic_load_explicit(s, memory_order_relaxed);
        if (!(w & SXI_SLOT_LOCKED)) {
            /* Other waiters may still sleep: keep the mark, so that the giver wakes the next. */
            if (atomic_compare_exchange_weak_explicit(s, &w, w | SXI_SLOT_LOCKED | SXI_SLOT_WAITERS,
                                                      memory_order_acquire, memory_order_relaxed))
                return;
            continue;
        }
        if (!(w & SXI_SLOT_WAITERS) && !atomic_compare_exchange_weak_explicit(s, &w, w | SXI_SLOT_WAITERS,
                                                                               memory_order_relaxed,
                                                                               memory_order_relaxed))
            continue;
        /* Returns at once if the word's lower half changed since (a reference taken or dropped too). */
        syscall(SYS_futex, lock_half(s), FUTEX_WAIT_PRIVATE, (uint32_t)(w | SXI_SLOT_WAITERS), NULL, NULL, 0);
    }
}

void sxi_slot_wake(sxi_slot *s)
{
    syscall(SYS_futex, lock_half(s), FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

sxi_slot *sxi_slot_take_locked_slow(uint64_t h, uint32_t kind)
{
    sxi_slot *s = sxi_slot_take(h, kind);
    if (s)
        sxi_slot_lock(s);
    return s;
}

static void fork_prepare(void)
{
    sxi_lock_take(&table_lock);
}

static void fork_parent(void)
{
    sxi_lock_give(&table_lock);
}

static int32_t free_slot(sxi_slot *s);

/* In the child: every slot in use gets back to "the table's own reference only". */
static void fork_child(void)
{
    /* Waiters marked in the word were parent threads: the child has no one to wake. */
    atomic_store_explicit(&table_lock, 0, memory_order_relaxed);
    struct sxi_table *t = atomic_load_explicit(&sxi_table, memory_order_relaxed);
    for (uint32_t i = 1; t && i < next_unused; i++) {
        sxi_slot *s = &t->word[i];
        uint64_t w = atomic_load_explicit(s, memory_order_relaxed);
        uint32_t kind = (uint32_t)(w >> 56);
        uint32_t low = (uint32_t)w;
        /* A free slot, or one that a vanished thread was filling or emptying: left as it is. */
        if (kind == 0 || low == SXI_CLOSING)
            continue;
        if (low & SXI_CLOSING) {
            /* A close a parent thread began while calls were inside: none of them is here. */
            atomic_store_explicit(s, (w >> 32) << 32 | SXI_CLOSING, memory_order_relaxed);
            free_slot(s);
            continue;
        }
        if (low != 1u)
            atomic_store_explicit(s, (w >> 32) << 32 | 1u, memory_order_relaxed);
        if (kind_ops[kind]->after_fork)
            kind_ops[kind]->after_fork(sxi_slot_obj(s));
    }
}

static pthread_once_t fork_handlers_once = PTHREAD_ONCE_INIT;

static void install_fork_handlers(void)
{
    /* Fails only without memory; the library then works as before, without the fork guarantees. */
    (void)pthread_atfork(fork_prepare, fork_parent, fork_child);
}

static struct sxi_table *table(void)
{
    struct sxi_table *t = atomic_load_explicit(&sxi_table, memory_order_relaxed);
    if (!t) {
        void *p = mmap(NULL, sizeof *t, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (p == MAP_FAILED)
            return NULL;
        t = p;
        atomic_store_explicit(&sxi_table, t, memory_order_release);
    }
    return t;
}

/*
 * Each kind with dispose keeps at most one emptied object here, under table_lock, which the
 * calls that take and give it back hold anyway to reserve and free a slot. Not in the
 * fault-injection twin, whose tests count every allocation and fail the Nth one.
 */
static void *spare[SXI_KIND_COUNT];

static int32_t reserve(uint32_t kind, uint32_t *index_out, void **spare_out)
{
    if (SXI_FAULT_HANDLE()) /* the test twin's full table; nothing in other builds */
        return sxi_fail(SX_ENOHANDLES, "handle table full (injected fault)");
    /* Outside table_lock: fork(2) takes libc's handler lock, then ours. */
    pthread_once(&fork_handlers_once, install_fork_handlers);
    sxi_lock_take(&table_lock);
    struct sxi_table *t = table();
    uint32_t index = t ? take_slot(t) : 0;
    if (index && spare_out) {
        *spare_out = spare[kind];
        spare[kind] = NULL;
    }
    sxi_lock_give(&table_lock);
    if (!index)
        return sxi_fail(SX_ENOHANDLES, t ? "handle table full: %u live handles" : "cannot reserve the handle table",
                        SXI_SLOT_COUNT - 1u);
    *index_out = index;
    return 0;
}

int32_t sxi_handle_reserve(uint32_t *index_out)
{
    return reserve(0, index_out, NULL);
}

int32_t sxi_handle_reserve_spare(uint32_t kind, uint32_t *index_out, void **spare_out)
{
    *spare_out = NULL;
    return reserve(kind, index_out, spare_out);
}

/*
 * Queue a free slot (its word already free, with the generation its next object gets) for
 * reuse, and keep the emptied object of a kind with dispose (NULL: none) as its spare, or
 * dispose of it.
 */
static void queue_free(struct sxi_table *t, uint32_t index, uint32_t kind, void *emptied)
{
    sxi_lock_take(&table_lock);
    if (free_tail)
        atomic_store_explicit(&t->obj[free_tail].ptr, (void *)(uintptr_t)index, memory_order_relaxed);
    else
        free_head = index;
    free_tail = index;
    free_count++;
#ifndef SXI_FAULT_INJECTION
    if (emptied && !spare[kind]) {
        spare[kind] = emptied;
        emptied = NULL;
    }
#endif
    sxi_lock_give(&table_lock);
    if (emptied)
        kind_ops[kind]->dispose(emptied);
}

void sxi_handle_unreserve(uint32_t index, uint32_t kind, void *emptied)
{
    /* No handle was made with the slot's generation: it goes back as it came, generation unchanged. */
    struct sxi_table *t = atomic_load_explicit(&sxi_table, memory_order_relaxed);
    atomic_store_explicit(&t->obj[index].ptr, NULL, memory_order_relaxed);
    queue_free(t, index, kind, emptied);
}

int32_t sxi_handle_new(uint32_t kind, void *obj, uint64_t *out)
{
    uint32_t index = 0;
    int32_t rc = sxi_handle_reserve(&index);
    if (!rc)
        sxi_handle_publish(kind, index, obj, out);
    return rc;
}

void sxi_handle_publish(uint32_t kind, uint32_t index, void *obj, uint64_t *out)
{
    struct sxi_table *t = atomic_load_explicit(&sxi_table, memory_order_relaxed);
    uint32_t gen = (uint32_t)(atomic_load_explicit(&t->word[index], memory_order_relaxed) >> 32) & GEN_MASK;
    atomic_store_explicit(&t->obj[index].ptr, obj, memory_order_relaxed);
    /* One reference, the table's own: dropped by close. */
    atomic_store_explicit(&t->word[index], word_of(kind, gen) | 1u, memory_order_release);
    *out = ((uint64_t)kind << SXI_KIND_SHIFT) | ((uint64_t)gen << SXI_SLOT_BITS) | index;
}

int32_t sxi_handle_refused(uint64_t h, uint32_t kind)
{
    return sxi_fail(SX_EBADHANDLE, "handle 0x%llx is not an open %s", (unsigned long long)h,
                    kind == SXI_KIND_SOCKET ? "socket"
                    : kind == SXI_KIND_ADDR ? "address"
                    : kind == SXI_KIND_LIST ? "list"
                                            : "message");
}

int32_t sxi_handle_acquire(uint64_t h, uint32_t kind, void **obj_out)
{
    sxi_slot *s = sxi_slot_take(h, kind);
    if (!s)
        return SX_EBADHANDLE;
    *obj_out = sxi_slot_obj(s);
    return 0;
}

void sxi_handle_release(uint64_t h)
{
    sxi_slot_release(&atomic_load_explicit(&sxi_table, memory_order_relaxed)->word[h & (SXI_SLOT_COUNT - 1u)]);
}

/* Destroy the object of a slot whose last reference is gone, and queue the slot for reuse. */
static int32_t free_slot(sxi_slot *s)
{
    uint64_t w = atomic_load_explicit(s, memory_order_acquire);
    uint32_t kind = (uint32_t)(w >> 56);
    uint32_t gen = ((uint32_t)(w >> 32) + 1u) & GEN_MASK;
    void *obj = sxi_slot_obj(s);
    int32_t rc = kind_ops[kind]->destroy(obj);
    struct sxi_table *t = atomic_load_explicit(&sxi_table, memory_order_relaxed);
    uint32_t index = index_of(s);
    atomic_store_explicit(&t->obj[index].ptr, NULL, memory_order_relaxed);
    atomic_store_explicit(s, word_of(0, gen), memory_order_release);
    queue_free(t, index, kind, kind_ops[kind]->dispose ? obj : NULL);
    return rc;
}

void sxi_handle_last_release(sxi_slot *slot)
{
    free_slot(slot);
}

/* The slot of a handle of the given kind that was issued at some time, or NULL. */
static sxi_slot *issued_slot(uint64_t h, uint32_t kind)
{
    struct sxi_table *t = atomic_load_explicit(&sxi_table, memory_order_acquire);
    uint32_t index = (uint32_t)(h & (SXI_SLOT_COUNT - 1u));
    if (!t || h >> SXI_KIND_SHIFT != kind || index == 0)
        return NULL;
    return &t->word[index];
}

/*
 * The handle h does not name the object in its slot (word w): harmless (0) if h was issued and
 * closed since, SX_EBADHANDLE if h was never issued. The slot's generation counts the objects it
 * has held: h's generation must be behind it, or equal to it with the same kind (closing now).
 * Generations wrap after 2^24; "behind" means by less than half of that.
 */
static int32_t closed_before(uint64_t w, uint64_t h)
{
    uint32_t slot_gen = (uint32_t)(w >> 32) & GEN_MASK;
    uint32_t h_gen = (uint32_t)(h >> SXI_SLOT_BITS) & GEN_MASK;
    uint32_t behind = (slot_gen - h_gen) & GEN_MASK;
    int issued = (behind != 0 && behind < (GEN_MASK + 1u) / 2u) || (behind == 0 && w >> 56 == h >> SXI_KIND_SHIFT);
    if (issued)
        return 0;
    return sxi_fail(SX_EBADHANDLE, "handle 0x%llx was never issued", (unsigned long long)h);
}

int32_t sxi_handle_close(uint64_t h, uint32_t kind)
{
    if (h == 0)
        return 0;
    sxi_slot *s = issued_slot(h, kind);
    if (!s)
        return sxi_fail(SX_EBADHANDLE, "handle 0x%llx was never issued for this kind of object", (unsigned long long)h);
    uint64_t w = atomic_load_explicit(s, memory_order_relaxed);
    if (w == 0) /* a slot that never held anything: the handle was made up */
        return sxi_fail(SX_EBADHANDLE, "handle 0x%llx was never issued", (unsigned long long)h);
    for (;;) {
        if (w >> 32 != h >> SXI_SLOT_BITS || (uint32_t)w - 1u >= SXI_REFS_MAX + 1u)
            return closed_before(w, h);
        /* Idle (the table's own reference only), the common case: mark and drop it in one step. */
        uint64_t want = (uint32_t)w == 1u ? (w - 1u) | SXI_CLOSING : w | SXI_CLOSING;
        if (atomic_compare_exchange_weak_explicit(s, &w, want, memory_order_seq_cst, memory_order_relaxed))
            break;
    }
    if ((uint32_t)w == 1u)
        return free_slot(s);
    /* w still counts the table's own reference; the others are calls in progress. */
    uint32_t others = (uint32_t)w - 1u;
    const struct sxi_kind_ops *ops = kind_ops[kind];
    if (others && ops->on_close)
        ops->on_close(sxi_slot_obj(s), others);
    uint64_t after = atomic_fetch_sub_explicit(s, 1, memory_order_acq_rel) - 1;
    return (uint32_t)after == SXI_CLOSING ? free_slot(s) : 0;
}

int32_t sxi_handle_close_idle(uint64_t h, uint32_t kind, void (*finish)(void *obj))
{
    sxi_slot *s = issued_slot(h, kind);
    if (!s)
        return sxi_fail(SX_EBADHANDLE, "handle 0x%llx is not an open object of this kind", (unsigned long long)h);
    /* Only the table's own reference may be held: one atomic step from "open, idle" to "closing". */
    uint64_t expect = (h >> SXI_SLOT_BITS) << 32;
    uint64_t idle = expect | 1u;
    if (!atomic_compare_exchange_strong_explicit(s, &idle, expect | SXI_CLOSING, memory_order_acq_rel,
                                                 memory_order_relaxed)) {
        if (idle >> 32 != h >> SXI_SLOT_BITS || (uint32_t)idle & SXI_CLOSING)
            return sxi_fail(SX_EBADHANDLE, "handle 0x%llx is closed", (unsigned long long)h);
        return sxi_fail(SX_EBUSY, "another call is using the socket");
    }
    finish(sxi_slot_obj(s));
    return free_slot(s);
}
