/* SPDX-License-Identifier: MIT */
/*
 * Internal: the generational handle table.
 *
 * A handle is (kind << 48) | (generation << 24) | slot: below 2^53, never 0 (kinds start
 * at 1, slot 0 is never issued). Each slot holds one atomic word whose upper half is the
 * handle's upper bits (kind, generation) and whose lower half is a "closing" bit and a
 * reference count (and, for a kind that uses them, a lock and a mark: SXI_SLOT_LOCKED).
 * Looking a handle up is one compare and one compare-and-swap: a handle whose generation,
 * kind or closing bit does not match is refused with SX_EBADHANDLE, whatever happened to its
 * slot since.
 *
 * Every call that uses an object holds a reference for its whole duration. Closing sets
 * the closing bit (no new references), lets the kind wake callers still inside, and the
 * object is destroyed when the last reference is released, so an fd is never closed while
 * a call may still use it.
 */
#ifndef SXI_HANDLE_H
#define SXI_HANDLE_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

enum {
    SXI_KIND_SOCKET = 1,
    SXI_KIND_ADDR = 2,
    SXI_KIND_LIST = 3,
    SXI_KIND_MSG = 4,
    SXI_KIND_COUNT
};

/* What a kind does when its handle is closed and when its object is finally released. */
struct sxi_kind_ops {
    /* Called once by the closer while other calls may still hold references: wake them. May be NULL. */
    void (*on_close)(void *obj, uint32_t other_refs);
    /* Called once, when the last reference goes: release the object's resources. Returns a status
     * that sxi_handle_close() passes on when the close itself released the last reference. */
    int32_t (*destroy)(void *obj);
    /* Called in a forked child for each open object it inherited, before the child runs on. May be NULL. */
    void (*after_fork)(void *obj);
    /*
     * When set, destroy empties the object but leaves its own memory, which the table frees
     * with dispose or keeps as the kind's spare for sxi_handle_reserve_spare: a kind made and
     * released at a high rate (a received message) then skips the allocation, and the spare
     * is handed over under the lock that reserving and freeing a slot take anyway. May be NULL.
     */
    void (*dispose)(void *obj);
};

extern const struct sxi_kind_ops sxi_socket_ops;
extern const struct sxi_kind_ops sxi_addr_ops;
extern const struct sxi_kind_ops sxi_list_ops;
extern const struct sxi_kind_ops sxi_msg_ops;

#define SXI_SLOT_BITS 24u
#define SXI_SLOT_COUNT (1u << SXI_SLOT_BITS)
#define SXI_KIND_SHIFT 48u
/* The slot word's lower half: bit 31 "closing", bits 0-30 the reference count (0-27 where
 * the slot lock's bits are used: SXI_SLOT_LOCKED). */
#define SXI_CLOSING 0x80000000u
#define SXI_REFS_MAX 0x7ffffffeu

/*
 * The table: every slot's word, then every slot's object, in one mapping. A slot is named by
 * the address of its word; its object sits at a fixed distance after it, so a lookup needs
 * the table's base only to find the word.
 */
/* An object entry as wide as a slot word, so that obj[i] - word[i] is the same for every i
 * where pointers have 32 bits too. */
struct sxi_obj_entry {
    _Alignas(8) void *_Atomic ptr;
};
_Static_assert(sizeof(struct sxi_obj_entry) == sizeof(uint64_t), "an object entry is as wide as a slot word");

struct sxi_table {
    _Atomic uint64_t word[SXI_SLOT_COUNT];    /* (handle >> 24) << 32 | closing | refs; a free slot has kind 0 */
    struct sxi_obj_entry obj[SXI_SLOT_COUNT]; /* the object; while the slot is free, the next free slot's index */
};
typedef _Atomic uint64_t sxi_slot;

/*
 * A lock of one word, for the table's free list: uncontended, taking it is one
 * compare-and-swap and giving it one atomic and, where pthread_mutex_lock and unlock cost some
 * 50 instructions a pair, which a receive that makes and releases a message pays twice.
 * Contended, it sleeps on a futex. Bits 0 and 1 are the lock's; the owner of the word may keep
 * its own flags in the others, which taking and giving leave as they are.
 */
typedef _Atomic uint32_t sxi_lock;
#define SXI_LOCKED 1u
#define SXI_LOCK_WAITERS 2u

/* Cold paths: wait for the lock and take it; wake one waiter. */
void sxi_lock_wait(sxi_lock *l);
void sxi_lock_wake(sxi_lock *l);

static inline void sxi_lock_take(sxi_lock *l)
{
    uint32_t w = atomic_load_explicit(l, memory_order_relaxed);
    if (__builtin_expect(!(w & SXI_LOCKED), 1) &&
        atomic_compare_exchange_weak_explicit(l, &w, w | SXI_LOCKED, memory_order_acquire, memory_order_relaxed))
        return;
    sxi_lock_wait(l);
}

static inline void sxi_lock_give(sxi_lock *l)
{
    uint32_t w = atomic_fetch_and_explicit(l, ~(SXI_LOCKED | SXI_LOCK_WAITERS), memory_order_release);
    if (__builtin_expect(w & SXI_LOCK_WAITERS, 0))
        sxi_lock_wake(l);
}

/* The table, reserved as one mapping by the first handle ever made (NULL before), never moved. */
extern struct sxi_table *_Atomic sxi_table __attribute__((visibility("hidden")));

/* Cold paths of the inline functions. */
int32_t sxi_handle_refused(uint64_t h, uint32_t kind) __attribute__((cold));
void sxi_handle_last_release(sxi_slot *slot);

/*
 * The lookup of the functions below: if h names an open object of its kind whose slot word has
 * none of the bits of refuse, add `add` to the word (a reference, and the slot lock's bits for
 * sxi_slot_try_take_locked) in one compare-and-swap and return the slot; else NULL, after
 * recording SX_EBADHANDLE when record is set. Inlined with constant arguments, the unused
 * tests fold away: sxi_slot_take compiles to what it was before the locked forms shared it.
 */
static inline sxi_slot *sxi_slot_take_adding(uint64_t h, uint32_t kind, uint64_t refuse, uint64_t add, int record)
{
    struct sxi_table *t = atomic_load_explicit(&sxi_table, memory_order_acquire);
    uint64_t tag = h >> SXI_SLOT_BITS; /* kind and generation */
    /* kind in bits 24.. of tag: tag - (kind << 24) < 2^24 is one compare for "this kind, nothing above". */
    if (__builtin_expect(t != NULL && tag - ((uint64_t)kind << 24) < (1u << 24), 1)) {
        sxi_slot *s = &t->word[h & (SXI_SLOT_COUNT - 1u)];
        /* Open means: upper half = tag, closing clear, 1..SXI_REFS_MAX references. One unsigned
         * compare checks all three: w - (the open word with one reference) < SXI_REFS_MAX. */
        uint64_t one_ref = (tag << 32) + 1u;
        uint64_t w = atomic_load_explicit(s, memory_order_relaxed);
        while (w - one_ref < SXI_REFS_MAX && !(w & refuse)) {
            if (atomic_compare_exchange_weak_explicit(s, &w, w + add, memory_order_acquire, memory_order_relaxed))
                return s;
        }
    }
    if (record)
        sxi_handle_refused(h, kind);
    return NULL;
}

/*
 * Take a reference to the object behind h: returns its slot (the object is sxi_slot_obj(slot);
 * drop the reference with sxi_slot_release), or NULL after recording SX_EBADHANDLE.
 */
static inline sxi_slot *sxi_slot_take(uint64_t h, uint32_t kind)
{
    return sxi_slot_take_adding(h, kind, 0, 1, 1);
}

/* The object of a slot taken with sxi_slot_take: obj[i] is a fixed distance after word[i]. */
static inline void *sxi_slot_obj(sxi_slot *s)
{
    struct sxi_obj_entry *obj = (struct sxi_obj_entry *)((char *)s + offsetof(struct sxi_table, obj));
    return atomic_load_explicit(&obj->ptr, memory_order_relaxed);
}

/* Drop a reference taken with sxi_slot_take. The last one (after a close) destroys the object. */
static inline void sxi_slot_release(sxi_slot *s)
{
    uint64_t w = atomic_fetch_sub_explicit(s, 1, memory_order_acq_rel) - 1;
    if (__builtin_expect((uint32_t)w == SXI_CLOSING, 0))
        sxi_handle_last_release(s);
}

/*
 * A lock in the slot word itself, for a kind whose accessors lock the object for a few loads
 * and stores (messages): taking a reference and the lock is then one compare-and-swap, and
 * dropping both one more, where a lock in the object costs two more locked instructions per
 * use, which a batch call pays for every message. SXI_SLOT_MARK is the kind's own flag, kept
 * while unlocked (a message in a batch call). The bits sit below the closing bit and above the
 * reference count's 28 bits (references are calls in progress: far fewer). The other slot
 * functions see a locked slot as open with more references, which it is; a locked or marked
 * slot always holds its locker's reference, so the last reference goes with every bit clear.
 * The protocol is sxi_lock's, with a futex on the word's lower half.
 */
#define SXI_SLOT_LOCKED 0x10000000u
#define SXI_SLOT_WAITERS 0x20000000u
#define SXI_SLOT_MARK 0x40000000u

void sxi_slot_lock_wait(sxi_slot *s);
void sxi_slot_wake(sxi_slot *s);

/* The slot word of a handle taken by one of the functions here (a reference is held). */
static inline sxi_slot *sxi_handle_slot(uint64_t h)
{
    return &atomic_load_explicit(&sxi_table, memory_order_relaxed)->word[h & (SXI_SLOT_COUNT - 1u)];
}

/*
 * Take a reference to h's object, its slot lock and the bits of mark (0 or SXI_SLOT_MARK) in
 * one compare-and-swap. NULL, recording nothing, when h is not open or the slot is locked or
 * has the mark: the caller's slow path tells which.
 */
static inline sxi_slot *sxi_slot_try_take_locked(uint64_t h, uint32_t kind, uint32_t mark)
{
    return sxi_slot_take_adding(h, kind, SXI_SLOT_LOCKED | mark, 1u + SXI_SLOT_LOCKED + mark, 0);
}

/* sxi_slot_try_take_locked without a mark, waiting for the lock: NULL after recording SX_EBADHANDLE. */
sxi_slot *sxi_slot_take_locked_slow(uint64_t h, uint32_t kind);

static inline sxi_slot *sxi_slot_take_locked(uint64_t h, uint32_t kind)
{
    sxi_slot *s = sxi_slot_try_take_locked(h, kind, 0);
    return __builtin_expect(s != NULL, 1) ? s : sxi_slot_take_locked_slow(h, kind);
}

static inline void sxi_slot_lock(sxi_slot *s)
{
    uint64_t w = atomic_load_explicit(s, memory_order_relaxed);
    if (__builtin_expect(!(w & SXI_SLOT_LOCKED), 1) &&
        atomic_compare_exchange_weak_explicit(s, &w, w | SXI_SLOT_LOCKED, memory_order_acquire, memory_order_relaxed))
        return;
    sxi_slot_lock_wait(s);
}

static inline void sxi_slot_unlock(sxi_slot *s)
{
    uint64_t w = atomic_fetch_and_explicit(s, ~(uint64_t)(SXI_SLOT_LOCKED | SXI_SLOT_WAITERS), memory_order_release);
    if (__builtin_expect(w & SXI_SLOT_WAITERS, 0))
        sxi_slot_wake(s);
}

/*
 * Drop a reference with the bits of mark and, when locked, the slot lock, in one atomic step:
 * what sxi_slot_try_take_locked or sxi_slot_take_locked took. The last reference (after a
 * close) destroys the object.
 */
static inline void sxi_slot_release_locked(sxi_slot *s, uint32_t mark, int locked)
{
    uint64_t w = atomic_load_explicit(s, memory_order_relaxed);
    uint64_t next;
    do
        next = (w - 1u - mark) & ~(uint64_t)(locked ? SXI_SLOT_LOCKED | SXI_SLOT_WAITERS : 0u);
    while (!atomic_compare_exchange_weak_explicit(s, &w, next, memory_order_acq_rel, memory_order_relaxed));
    if (__builtin_expect(locked && (w & SXI_SLOT_WAITERS), 0))
        sxi_slot_wake(s);
    if (__builtin_expect((uint32_t)next == SXI_CLOSING, 0))
        sxi_handle_last_release(s);
}

/* Status-returning forms, for code off the hot path. */
int32_t sxi_handle_acquire(uint64_t h, uint32_t kind, void **obj_out);
void sxi_handle_release(uint64_t h);

/* Register obj under a new handle of the given kind. On failure obj is left to the caller. */
int32_t sxi_handle_new(uint32_t kind, void *obj, uint64_t *out);

/*
 * sxi_handle_new in two steps, for an object that must be filled after the one step that can
 * fail: reserve takes a free slot (SX_ENOHANDLES) that no lookup can reach yet, publish makes
 * the handle, unreserve gives back a slot that was never published. Until published the object
 * is its maker's alone, so it can be filled without its lock.
 */
int32_t sxi_handle_reserve(uint32_t *index_out);
void sxi_handle_publish(uint32_t kind, uint32_t index, void *obj, uint64_t *out);

/*
 * For a kind with dispose: reserve a slot and take the kind's spare object (NULL when there is
 * none), which the caller resets to a new object's state. unreserve gives back a slot never
 * published, with the object, emptied, that was made for it (NULL: none), to keep or dispose.
 */
int32_t sxi_handle_reserve_spare(uint32_t kind, uint32_t *index_out, void **spare_out);
void sxi_handle_unreserve(uint32_t index, uint32_t kind, void *emptied);

/*
 * Close h: no new references; on_close wakes callers still inside; the object is destroyed
 * when the last of them returns. Returns 0 for 0 and for handles already closed or released,
 * SX_EBADHANDLE for a wrong kind or a handle that was never issued (a slot never used, or a
 * generation the slot has not reached, or reached for another kind); otherwise the
 * status of destroy when this call released the last reference (0 when calls were still inside).
 */
int32_t sxi_handle_close(uint64_t h, uint32_t kind);

/*
 * Close h only if no call is using it, calling finish(obj) just before the object is destroyed.
 * Returns SX_EBUSY if another call holds a reference, SX_EBADHANDLE if h is not open.
 */
int32_t sxi_handle_close_idle(uint64_t h, uint32_t kind, void (*finish)(void *obj));

#endif
