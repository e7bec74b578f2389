/* SPDX-License-Identifier: MIT */
/*
 * The pool of shared handles. A mutex guards the slots, never a library call: handles are
 * copied out and used unlocked, so any of them may be closed, replaced or switched to another
 * mode by another thread while a call uses it.
 *
 * Every handle has a lifetime; the reaper closes it when it ends. So a call that may wait
 * without bound (blocking mode) still ends, woken by that close as the contract promises.
 */
#include "stress.h"

#include <pthread.h>

#define SLOTS 32

struct entry {
    sx_socket h;
    enum kind kind;
    sx_addr addr;
    int64_t expiry_ns;
    /* Mode changes of the slot's handles: seq counts those finished, changing those under way.
     * Never reset when the handle is replaced, so a reader's comparison stays sound. */
    uint64_t seq;
    int changing;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct entry slots[SLOTS];

void pool_init(void)
{
    for (int i = 0; i < SLOTS; i++)
        slots[i] = (struct entry){0};
}

static void fill_pick(int i, struct pick *p)
{
    *p = (struct pick){.h = slots[i].h, .kind = slots[i].kind, .addr = slots[i].addr, .slot = i,
                       .seq = slots[i].seq, .quiet = slots[i].changing == 0};
}

int pool_pick(struct rng *r, enum kind kind, struct pick *out)
{
    int start = (int)rng_below(r, SLOTS), found = 0;
    pthread_mutex_lock(&lock);
    for (int k = 0; k < SLOTS && !found; k++) {
        int i = (start + k) % SLOTS;
        if (slots[i].h && (kind == K_NONE || slots[i].kind == kind)) {
            fill_pick(i, out);
            found = 1;
        }
    }
    pthread_mutex_unlock(&lock);
    return found;
}

static void release(sx_socket h, sx_addr a)
{
    int32_t rc = sx_socket_close(h);
    if (rc)
        stress_problem("close of a pooled socket -> %s", sx_error_name(rc));
    rc = sx_addr_close(a);
    if (rc)
        stress_problem("close of a pooled address -> %s", sx_error_name(rc));
}

void pool_put(struct rng *r, sx_socket h, enum kind kind, sx_addr addr, double lifetime, struct pick *out)
{
    int i = (int)rng_below(r, SLOTS);
    pthread_mutex_lock(&lock);
    struct entry old = slots[i];
    slots[i].h = h;
    slots[i].kind = kind;
    slots[i].addr = addr;
    slots[i].expiry_ns = stress_now_ns() + (int64_t)(lifetime * 1e9);
    if (out)
        fill_pick(i, out);
    pthread_mutex_unlock(&lock);
    if (old.h)
        release(old.h, old.addr);
}

static int take_locked(int i, sx_socket *h, sx_addr *addr)
{
    if (!slots[i].h)
        return 0;
    *h = slots[i].h;
    *addr = slots[i].addr;
    slots[i].h = 0;
    slots[i].addr = 0;
    slots[i].kind = K_NONE;
    return 1;
}

int pool_take(struct rng *r, sx_socket *h, sx_addr *addr)
{
    int start = (int)rng_below(r, SLOTS), found = 0;
    pthread_mutex_lock(&lock);
    for (int k = 0; k < SLOTS && !found; k++)
        found = take_locked((start + k) % SLOTS, h, addr);
    pthread_mutex_unlock(&lock);
    return found;
}

int pool_reap(int64_t now_ns)
{
    int n = 0;
    for (int i = 0; i < SLOTS; i++) {
        sx_socket h = 0;
        sx_addr a = 0;
        pthread_mutex_lock(&lock);
        int due = slots[i].h && slots[i].expiry_ns <= now_ns && take_locked(i, &h, &a);
        pthread_mutex_unlock(&lock);
        if (due) {
            release(h, a);
            n++;
        }
    }
    return n;
}

void pool_close_all(void)
{
    pool_reap(INT64_MAX);
}

void pool_mode_begin(const struct pick *p)
{
    pthread_mutex_lock(&lock);
    slots[p->slot].changing++;
    pthread_mutex_unlock(&lock);
}

void pool_mode_end(const struct pick *p)
{
    pthread_mutex_lock(&lock);
    slots[p->slot].changing--;
    slots[p->slot].seq++;
    pthread_mutex_unlock(&lock);
}

/*
 * A handle's mode changes only through pool_mode_begin/end on the slot it was picked from (a
 * handle leaves the pool only to be closed). If no change was under way at the pick, none is
 * now and none finished in between, none overlapped the call.
 */
int pool_mode_stable(const struct pick *p)
{
    pthread_mutex_lock(&lock);
    int stable = p->quiet && slots[p->slot].changing == 0 && slots[p->slot].seq == p->seq;
    pthread_mutex_unlock(&lock);
    return stable;
}
