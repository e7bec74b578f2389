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

/* Take a reference to the object behind h. Returns 0 and sets *obj_out, or SX_EBADHANDLE. */
int32_t sxi_handle_acquire(uint64_t h, uint32_t kind, void **obj_out);

/* Drop a reference taken with sxi_handle_acquire (or sxi_handle_new's implicit one). */
void sxi_handle_release(uint64_t h);

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
