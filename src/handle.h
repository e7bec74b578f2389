/*
 * Internal: the generational handle table.
 *
 * A handle is (kind << 48) | (generation << 24) | slot, always below 2^53 and never
 * 0 (kinds start at 1). Each slot keeps one atomic word holding the generation,
 * the kind, a "closing" bit and a reference count, so looking a handle up is a
 * lock-free compare-and-swap: a handle whose generation, kind or closing bit does
 * not match is refused with SX_EBADHANDLE, whatever happened to its slot since.
 *
 * Every call that uses an object holds a reference for its whole duration. Closing
 * sets the closing bit (no new references), lets the kind wake callers still inside,
 * and the object is destroyed when the last reference is released, so an fd is never
 * closed while a call may still use it.
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
    SXI_KIND_COUNT
};

/* What a kind does when its handle is closed and when its object is finally released. */
struct sxi_kind_ops {
    /* Called once by the closer while other calls may still hold references: wake them. May be NULL. */
    void (*on_close)(void *obj, uint32_t other_refs);
    /* Called once, when the last reference goes: release the object's resources. Returns a status
     * that sxi_handle_close() passes on when the close itself released the last reference. */
    int32_t (*destroy)(void *obj);
};

extern const struct sxi_kind_ops sxi_socket_ops;
extern const struct sxi_kind_ops sxi_addr_ops;

/* Register obj under a new handle of the given kind. On failure obj is left to the caller. */
int32_t sxi_handle_new(uint32_t kind, void *obj, uint64_t *out);

/* ---- Layout, shared with the inline fast path below ---- */

#define SXI_SLOT_BITS 24u
#define SXI_GEN_BITS 24u
#define SXI_KIND_SHIFT (SXI_SLOT_BITS + SXI_GEN_BITS)
#define SXI_SLOT_MASK ((1u << SXI_SLOT_BITS) - 1u)
#define SXI_GEN_MASK ((1u << SXI_GEN_BITS) - 1u)

#define SXI_CHUNK_BITS 12u
#define SXI_CHUNK_SLOTS (1u << SXI_CHUNK_BITS)
#define SXI_CHUNK_COUNT (1u << (SXI_SLOT_BITS - SXI_CHUNK_BITS))

/* The slot word: refs in bits 0-31, closing in bit 32, kind in bits 33-36, generation in bits 40-63. A free slot has kind 0. */
#define SXI_W_REFS_MASK 0xffffffffull
#define SXI_W_CLOSING (1ull << 32)
#define SXI_W_KIND_SHIFT 33u
#define SXI_W_KIND_MASK (0xfull << SXI_W_KIND_SHIFT)
#define SXI_W_GEN_SHIFT 40u

struct sxi_slot {
    _Atomic uint64_t word;
    void *_Atomic obj;
    uint32_t next_free; /* guarded by the table's mutex */
};

/* Chunks of slots, allocated on demand, never moved or freed: readers index them without a lock. */
extern struct sxi_slot *_Atomic sxi_handle_chunks[SXI_CHUNK_COUNT];

static inline uint64_t sxi_word_of(uint32_t gen, uint32_t kind)
{
    return ((uint64_t)gen << SXI_W_GEN_SHIFT) | ((uint64_t)kind << SXI_W_KIND_SHIFT);
}

static inline struct sxi_slot *sxi_slot_at(uint32_t index)
{
    struct sxi_slot *chunk = atomic_load_explicit(&sxi_handle_chunks[index >> SXI_CHUNK_BITS], memory_order_acquire);
    return chunk ? &chunk[index & (SXI_CHUNK_SLOTS - 1u)] : NULL;
}

/* The slot a handle names and the word it must hold to be open; NULL for a handle never issued. */
static inline struct sxi_slot *sxi_slot_of(uint64_t h, uint64_t *expect)
{
    uint32_t index = (uint32_t)(h & SXI_SLOT_MASK);
    uint32_t gen = (uint32_t)((h >> SXI_SLOT_BITS) & SXI_GEN_MASK);
    uint32_t kind = (uint32_t)(h >> SXI_KIND_SHIFT);
    if (h >> 53 || kind == 0 || kind >= SXI_KIND_COUNT || index == 0)
        return NULL;
    *expect = sxi_word_of(gen, kind);
    return sxi_slot_at(index);
}

/* Cold paths of the inline functions. */
int32_t sxi_handle_refused(uint64_t h, uint32_t kind) __attribute__((cold));
void sxi_handle_last_release(uint64_t h);

/* Take a reference to the object behind h. Returns 0 and sets *obj_out, or SX_EBADHANDLE. */
static inline int32_t sxi_handle_acquire(uint64_t h, uint32_t kind, void **obj_out)
{
    uint64_t expect;
    struct sxi_slot *s = sxi_slot_of(h, &expect);
    if (s && (uint32_t)(h >> SXI_KIND_SHIFT) == kind) {
        uint64_t w = atomic_load_explicit(&s->word, memory_order_relaxed);
        /* Open means: same generation and kind, not closing, at least the table's reference, no overflow. */
        while ((w & ~SXI_W_REFS_MASK) == expect && (w & SXI_W_REFS_MASK) - 1u < SXI_W_REFS_MASK - 1u) {
            if (atomic_compare_exchange_weak_explicit(&s->word, &w, w + 1, memory_order_acquire,
                                                      memory_order_relaxed)) {
                *obj_out = atomic_load_explicit(&s->obj, memory_order_relaxed);
                return 0;
            }
        }
    }
    return sxi_handle_refused(h, kind);
}

/* Drop a reference taken with sxi_handle_acquire. The last one (after a close) destroys the object. */
static inline void sxi_handle_release(uint64_t h)
{
    uint64_t expect;
    struct sxi_slot *s = sxi_slot_of(h, &expect);
    uint64_t w = atomic_fetch_sub_explicit(&s->word, 1, memory_order_acq_rel) - 1;
    if ((w & SXI_W_REFS_MASK) == 0)
        sxi_handle_last_release(h);
}

/*
 * Close h: no new references; on_close wakes callers still inside; the object is destroyed
 * when the last of them returns. Returns 0 for 0 and for handles already closed or released,
 * SX_EBADHANDLE for a wrong kind or a handle that was never issued; otherwise the
 * status of destroy when this call released the last reference (0 when calls were still inside).
 */
int32_t sxi_handle_close(uint64_t h, uint32_t kind);

/*
 * Close h only if no call is using it, and hand its object to the caller before it is destroyed:
 * *obj_out stays valid until the destroy that this function performs on return of finish().
 * Returns SX_EBUSY if another call holds a reference, SX_EBADHANDLE if h is not open.
 */
int32_t sxi_handle_close_idle(uint64_t h, uint32_t kind, void (*finish)(void *obj));

/* Number of live handles of a kind (for tests and diagnostics). */
uint32_t sxi_handle_live(uint32_t kind);

#endif
