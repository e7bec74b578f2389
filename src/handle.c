/*
 * The generational handle table (see handle.h for the model).
 *
 * Slots live in chunks that are allocated on demand and never move or get freed,
 * so a reader can index them without a lock. Only allocation and the free list take
 * the mutex; lookups and reference counting are single atomic operations.
 */
#include "handle.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "detail.h"
#include "socketx/errors.h"

#define SLOT_BITS 24u
#define GEN_BITS 24u
#define KIND_SHIFT (SLOT_BITS + GEN_BITS)
#define SLOT_MASK ((1u << SLOT_BITS) - 1u)
#define GEN_MASK ((1u << GEN_BITS) - 1u)

#define CHUNK_BITS 12u
#define CHUNK_SLOTS (1u << CHUNK_BITS)
#define CHUNK_COUNT (1u << (SLOT_BITS - CHUNK_BITS))

/*
 * The slot word: refs in bits 0-31, closing in bit 32, kind in bits 33-36,
 * generation in bits 40-63. A free slot has kind 0.
 */
#define W_REFS_MASK 0xffffffffull
#define W_CLOSING (1ull << 32)
#define W_KIND_SHIFT 33u
#define W_KIND_MASK (0xfull << W_KIND_SHIFT)
#define W_GEN_SHIFT 40u

struct slot {
    _Atomic uint64_t word;
    void *_Atomic obj;
    uint32_t next_free; /* guarded by table_lock */
};

static struct slot *_Atomic chunks[CHUNK_COUNT];
static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static uint32_t next_unused = 1; /* slot 0 is never used, so no handle is 0 */
static uint32_t free_head;       /* 0 = empty free list */
static _Atomic uint32_t live[SXI_KIND_COUNT];

static const struct sxi_kind_ops *const kind_ops[SXI_KIND_COUNT] = {
    [SXI_KIND_SOCKET] = &sxi_socket_ops,
    [SXI_KIND_ADDR] = &sxi_addr_ops,
};

static inline uint64_t word_of(uint32_t gen, uint32_t kind)
{
    return ((uint64_t)gen << W_GEN_SHIFT) | ((uint64_t)kind << W_KIND_SHIFT);
}

static inline struct slot *slot_at(uint32_t index)
{
    struct slot *chunk = atomic_load_explicit(&chunks[index >> CHUNK_BITS], memory_order_acquire);
    return chunk ? &chunk[index & (CHUNK_SLOTS - 1u)] : NULL;
}

static inline struct slot *slot_of(uint64_t h, uint64_t *expect)
{
    uint32_t index = (uint32_t)(h & SLOT_MASK);
    uint32_t gen = (uint32_t)((h >> SLOT_BITS) & GEN_MASK);
    uint32_t kind = (uint32_t)(h >> KIND_SHIFT);
    if (h >> 53 || kind == 0 || kind >= SXI_KIND_COUNT || index == 0)
        return NULL;
    *expect = word_of(gen, kind);
    return slot_at(index);
}

/* Take a free slot index, growing the table by a chunk when needed. Caller holds table_lock. */
static uint32_t take_slot(void)
{
    if (free_head) {
        uint32_t index = free_head;
        free_head = slot_at(index)->next_free;
        return index;
    }
    if (next_unused > SLOT_MASK)
        return 0;
    uint32_t index = next_unused;
    if (!slot_at(index)) {
        struct slot *chunk = calloc(CHUNK_SLOTS, sizeof *chunk);
        if (!chunk)
            return 0;
        atomic_store_explicit(&chunks[index >> CHUNK_BITS], chunk, memory_order_release);
    }
    next_unused++;
    return index;
}

int32_t sxi_handle_new(uint32_t kind, void *obj, uint64_t *out)
{
    pthread_mutex_lock(&table_lock);
    uint32_t index = take_slot();
    pthread_mutex_unlock(&table_lock);
    if (!index)
        return sxi_fail(SX_ENOHANDLES, "handle table full or out of memory");
    struct slot *s = slot_at(index);
    uint64_t old = atomic_load_explicit(&s->word, memory_order_relaxed);
    uint32_t gen = (uint32_t)(old >> W_GEN_SHIFT);
    atomic_store_explicit(&s->obj, obj, memory_order_relaxed);
    /* The table's own reference: dropped by close. */
    atomic_store_explicit(&s->word, word_of(gen, kind) | 1u, memory_order_release);
    atomic_fetch_add_explicit(&live[kind], 1, memory_order_relaxed);
    *out = ((uint64_t)kind << KIND_SHIFT) | ((uint64_t)gen << SLOT_BITS) | index;
    return 0;
}

int32_t sxi_handle_acquire(uint64_t h, uint32_t kind, void **obj_out)
{
    uint64_t expect;
    struct slot *s = slot_of(h, &expect);
    if (s && (uint32_t)(h >> KIND_SHIFT) == kind) {
        uint64_t w = atomic_load_explicit(&s->word, memory_order_relaxed);
        while ((w & ~W_REFS_MASK) == expect && (w & W_REFS_MASK) != 0 && (w & W_REFS_MASK) != W_REFS_MASK) {
            if (atomic_compare_exchange_weak_explicit(&s->word, &w, w + 1, memory_order_acquire,
                                                      memory_order_relaxed)) {
                *obj_out = atomic_load_explicit(&s->obj, memory_order_relaxed);
                return 0;
            }
        }
    }
    return sxi_fail(SX_EBADHANDLE, "handle 0x%llx is not an open %s", (unsigned long long)h,
                    kind == SXI_KIND_SOCKET ? "socket" : kind == SXI_KIND_ADDR ? "address" : "list");
}

static int32_t free_slot(uint64_t h, struct slot *s, uint64_t w)
{
    uint32_t kind = (uint32_t)((w & W_KIND_MASK) >> W_KIND_SHIFT);
    uint32_t gen = ((uint32_t)(w >> W_GEN_SHIFT) + 1u) & GEN_MASK;
    void *obj = atomic_load_explicit(&s->obj, memory_order_relaxed);
    int32_t rc = kind_ops[kind]->destroy(obj);
    atomic_store_explicit(&s->obj, NULL, memory_order_relaxed);
    atomic_store_explicit(&s->word, word_of(gen, 0), memory_order_release);
    atomic_fetch_sub_explicit(&live[kind], 1, memory_order_relaxed);
    pthread_mutex_lock(&table_lock);
    s->next_free = free_head;
    free_head = (uint32_t)(h & SLOT_MASK);
    pthread_mutex_unlock(&table_lock);
    return rc;
}

void sxi_handle_release(uint64_t h)
{
    uint64_t expect;
    struct slot *s = slot_of(h, &expect);
    uint64_t w = atomic_fetch_sub_explicit(&s->word, 1, memory_order_acq_rel) - 1;
    if ((w & W_REFS_MASK) == 0)
        free_slot(h, s, w);
}

int32_t sxi_handle_close(uint64_t h, uint32_t kind)
{
    if (h == 0)
        return 0;
    uint64_t expect;
    struct slot *s = slot_of(h, &expect);
    if (!s || (uint32_t)(h >> KIND_SHIFT) != kind)
        return sxi_fail(SX_EBADHANDLE, "handle 0x%llx was never issued for this kind of object",
                        (unsigned long long)h);
    uint64_t w = atomic_load_explicit(&s->word, memory_order_relaxed);
    for (;;) {
        if ((w & ~W_REFS_MASK) != expect || (w & W_REFS_MASK) == 0)
            return 0; /* already closed (closing bit set or slot reused): harmless */
        if (atomic_compare_exchange_weak_explicit(&s->word, &w, w | W_CLOSING, memory_order_acq_rel,
                                                  memory_order_relaxed))
            break;
    }
    /* w still counts the table's own reference; the others are calls in progress. */
    uint32_t others = (uint32_t)(w & W_REFS_MASK) - 1u;
    const struct sxi_kind_ops *ops = kind_ops[kind];
    if (others && ops->on_close)
        ops->on_close(atomic_load_explicit(&s->obj, memory_order_relaxed), others);
    uint64_t after = atomic_fetch_sub_explicit(&s->word, 1, memory_order_acq_rel) - 1;
    return (after & W_REFS_MASK) == 0 ? free_slot(h, s, after) : 0;
}

int32_t sxi_handle_close_idle(uint64_t h, uint32_t kind, void (*finish)(void *obj))
{
    uint64_t expect;
    struct slot *s = slot_of(h, &expect);
    if (!s || (uint32_t)(h >> KIND_SHIFT) != kind)
        return sxi_fail(SX_EBADHANDLE, "handle 0x%llx is not an open object of this kind", (unsigned long long)h);
    /* Only the table's own reference may be held: one atomic step from "open, idle" to "closing". */
    uint64_t idle = expect | 1u;
    if (!atomic_compare_exchange_strong_explicit(&s->word, &idle, expect | W_CLOSING, memory_order_acq_rel,
                                                 memory_order_relaxed)) {
        if ((idle & ~W_REFS_MASK) != expect)
            return sxi_fail(SX_EBADHANDLE, "handle 0x%llx is closed", (unsigned long long)h);
        return sxi_fail(SX_EBUSY, "another call is using the socket");
    }
    finish(atomic_load_explicit(&s->obj, memory_order_relaxed));
    return free_slot(h, s, expect | W_CLOSING);
}

uint32_t sxi_handle_live(uint32_t kind)
{
    return kind < SXI_KIND_COUNT ? atomic_load_explicit(&live[kind], memory_order_relaxed) : 0;
}
