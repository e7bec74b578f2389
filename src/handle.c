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

struct sxi_slot *_Atomic sxi_handle_chunks[SXI_CHUNK_COUNT];
static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
/*
 * Freed slots queue up (oldest first) and are reused only while more than FREE_RESERVE wait:
 * a slot's 24-bit generation then advances at most once per FREE_RESERVE allocations, so a
 * stale handle cannot come back to life until some 17 billion handles later.
 */
#define FREE_RESERVE 1024u
static uint32_t next_unused = 1; /* slot 0 is never used, so no handle is 0 */
static uint32_t free_head, free_tail, free_count;
static _Atomic uint32_t live[SXI_KIND_COUNT];

static const struct sxi_kind_ops *const kind_ops[SXI_KIND_COUNT] = {
    [SXI_KIND_SOCKET] = &sxi_socket_ops,
    [SXI_KIND_ADDR] = &sxi_addr_ops,
};

/* Take a free slot index, growing the table by a chunk when needed. Caller holds table_lock. */
static uint32_t take_slot(void)
{
    if (free_count > FREE_RESERVE || (free_count && next_unused > SXI_SLOT_MASK)) {
        uint32_t index = free_head;
        free_head = sxi_slot_at(index)->next_free;
        if (--free_count == 0)
            free_tail = 0;
        return index;
    }
    if (next_unused > SXI_SLOT_MASK)
        return 0;
    uint32_t index = next_unused;
    if (!sxi_slot_at(index)) {
        struct sxi_slot *chunk = calloc(SXI_CHUNK_SLOTS, sizeof *chunk);
        if (!chunk)
            return 0;
        atomic_store_explicit(&sxi_handle_chunks[index >> SXI_CHUNK_BITS], chunk, memory_order_release);
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
    struct sxi_slot *s = sxi_slot_at(index);
    uint64_t old = atomic_load_explicit(&s->word, memory_order_relaxed);
    uint32_t gen = (uint32_t)(old >> SXI_W_GEN_SHIFT);
    atomic_store_explicit(&s->obj, obj, memory_order_relaxed);
    /* The table's own reference: dropped by close. */
    atomic_store_explicit(&s->word, sxi_word_of(gen, kind) | 1u, memory_order_release);
    atomic_fetch_add_explicit(&live[kind], 1, memory_order_relaxed);
    *out = ((uint64_t)kind << SXI_KIND_SHIFT) | ((uint64_t)gen << SXI_SLOT_BITS) | index;
    return 0;
}

int32_t sxi_handle_refused(uint64_t h, uint32_t kind)
{
    return sxi_fail(SX_EBADHANDLE, "handle 0x%llx is not an open %s", (unsigned long long)h,
                    kind == SXI_KIND_SOCKET ? "socket" : kind == SXI_KIND_ADDR ? "address" : "list");
}

static int32_t sxi_free_slot(uint64_t h, struct sxi_slot *s, uint64_t w)
{
    uint32_t kind = (uint32_t)((w & SXI_W_KIND_MASK) >> SXI_W_KIND_SHIFT);
    uint32_t gen = ((uint32_t)(w >> SXI_W_GEN_SHIFT) + 1u) & SXI_GEN_MASK;
    void *obj = atomic_load_explicit(&s->obj, memory_order_relaxed);
    int32_t rc = kind_ops[kind]->destroy(obj);
    atomic_store_explicit(&s->obj, NULL, memory_order_relaxed);
    atomic_store_explicit(&s->word, sxi_word_of(gen, 0), memory_order_release);
    atomic_fetch_sub_explicit(&live[kind], 1, memory_order_relaxed);
    uint32_t index = (uint32_t)(h & SXI_SLOT_MASK);
    pthread_mutex_lock(&table_lock);
    s->next_free = 0;
    if (free_tail)
        sxi_slot_at(free_tail)->next_free = index;
    else
        free_head = index;
    free_tail = index;
    free_count++;
    pthread_mutex_unlock(&table_lock);
    return rc;
}

void sxi_handle_last_release(uint64_t h)
{
    uint64_t expect;
    struct sxi_slot *s = sxi_slot_of(h, &expect);
    sxi_free_slot(h, s, atomic_load_explicit(&s->word, memory_order_acquire));
}

int32_t sxi_handle_close(uint64_t h, uint32_t kind)
{
    if (h == 0)
        return 0;
    uint64_t expect;
    struct sxi_slot *s = sxi_slot_of(h, &expect);
    if (!s || (uint32_t)(h >> SXI_KIND_SHIFT) != kind)
        return sxi_fail(SX_EBADHANDLE, "handle 0x%llx was never issued for this kind of object",
                        (unsigned long long)h);
    uint64_t w = atomic_load_explicit(&s->word, memory_order_relaxed);
    for (;;) {
        if ((w & ~SXI_W_REFS_MASK) != expect || (w & SXI_W_REFS_MASK) == 0)
            return 0; /* already closed (closing bit set or slot reused): harmless */
        if (atomic_compare_exchange_weak_explicit(&s->word, &w, w | SXI_W_CLOSING, memory_order_acq_rel,
                                                  memory_order_relaxed))
            break;
    }
    /* w still counts the table's own reference; the others are calls in progress. */
    uint32_t others = (uint32_t)(w & SXI_W_REFS_MASK) - 1u;
    const struct sxi_kind_ops *ops = kind_ops[kind];
    if (others && ops->on_close)
        ops->on_close(atomic_load_explicit(&s->obj, memory_order_relaxed), others);
    uint64_t after = atomic_fetch_sub_explicit(&s->word, 1, memory_order_acq_rel) - 1;
    return (after & SXI_W_REFS_MASK) == 0 ? sxi_free_slot(h, s, after) : 0;
}

int32_t sxi_handle_close_idle(uint64_t h, uint32_t kind, void (*finish)(void *obj))
{
    uint64_t expect;
    struct sxi_slot *s = sxi_slot_of(h, &expect);
    if (!s || (uint32_t)(h >> SXI_KIND_SHIFT) != kind)
        return sxi_fail(SX_EBADHANDLE, "handle 0x%llx is not an open object of this kind", (unsigned long long)h);
    /* Only the table's own reference may be held: one atomic step from "open, idle" to "closing". */
    uint64_t idle = expect | 1u;
    if (!atomic_compare_exchange_strong_explicit(&s->word, &idle, expect | SXI_W_CLOSING, memory_order_acq_rel,
                                                 memory_order_relaxed)) {
        if ((idle & ~SXI_W_REFS_MASK) != expect)
            return sxi_fail(SX_EBADHANDLE, "handle 0x%llx is closed", (unsigned long long)h);
        return sxi_fail(SX_EBUSY, "another call is using the socket");
    }
    finish(atomic_load_explicit(&s->obj, memory_order_relaxed));
    return sxi_free_slot(h, s, expect | SXI_W_CLOSING);
}

uint32_t sxi_handle_live(uint32_t kind)
{
    return kind < SXI_KIND_COUNT ? atomic_load_explicit(&live[kind], memory_order_relaxed) : 0;
}
