/* SPDX-License-Identifier: MIT */
/*
 * The stress test: threads doing random socket operations on a shared pool of handles, and the
 * checks that whatever the interleaving, every call returns a documented status, timed calls end
 * on time, nothing hangs and nothing leaks (DESIGN §1.3, §2).
 */
#ifndef SX_STRESS_H
#define SX_STRESS_H

#include <socketx.h>
#include <stdatomic.h>
#include <stdint.h>

/* ---- main.c: the run's settings, from the environment ---- */

struct stress_config {
    double seconds; /* SX_STRESS_SECONDS: how long the workers run */
    uint64_t seed;  /* SX_STRESS_SEED: the workers' random sequences */
    int threads;    /* SX_STRESS_THREADS */
    double stall;   /* SX_STRESS_STALL: one call longer than this is a hang */
    double margin;  /* SX_STRESS_MARGIN: scheduling slack allowed past a timed call's timeout */
};
extern struct stress_config stress_cfg;
/* The listener whose accept queue is full: connects to it wait until their timeout or close. */
extern sx_addr stress_full_listener;

int64_t stress_now_ns(void);

/* ---- rng.c: a seeded generator per thread (splitmix64) ---- */

struct rng {
    uint64_t state;
};
void rng_seed(struct rng *r, uint64_t seed, uint64_t stream);
uint64_t rng_next(struct rng *r);
uint32_t rng_below(struct rng *r, uint32_t n);
double rng_between(struct rng *r, double lo, double hi);

/* ---- pool.c: the shared handles ---- */

enum kind { K_NONE, K_LISTENER, K_STREAM, K_UDP, K_COUNT };

/*
 * A handle taken from the pool for one call. The pool does not hold a reference: another thread
 * may close the handle at any time, which is part of the test. seq and quiet say whether its
 * mode may change during the call (see pool_mode_stable).
 */
struct pick {
    sx_socket h;
    enum kind kind;
    sx_addr addr; /* a listener's or UDP socket's own address (owned by the pool), else 0 */
    int slot;
    uint64_t seq;
    int quiet; /* no mode change was in progress when it was taken */
};

void pool_init(void);
/* A random handle of the kind (K_NONE: any); 0 if the pool has none. */
int pool_pick(struct rng *r, enum kind kind, struct pick *out);
/* Put h (and its address) into a random slot for lifetime seconds, closing what the slot held. */
void pool_put(struct rng *r, sx_socket h, enum kind kind, sx_addr addr, double lifetime, struct pick *out);
/* Take a random handle out of the pool, for the caller to close; 0 if none. */
int pool_take(struct rng *r, sx_socket *h, sx_addr *addr);
/* Close the handles whose lifetime is over; returns how many. */
int pool_reap(int64_t now_ns);
void pool_close_all(void);
/* A mode change of a pooled handle is bracketed by these. */
void pool_mode_begin(const struct pick *p);
void pool_mode_end(const struct pick *p);
/* Whether no mode change of p's handle can have happened since it was picked. */
int pool_mode_stable(const struct pick *p);

/* ---- watch.c: what each thread is doing, and the watchdog ---- */

struct worker {
    int id;
    _Atomic int64_t since_ns; /* start of the call in progress, 0 when between calls */
    const char *_Atomic op;
    _Atomic uint64_t handle;
    _Atomic double timeout; /* the mode read before the call; -2 when not known */
};
void watch_begin(struct worker *w, const char *op, sx_socket h, double timeout);
void watch_end(struct worker *w);
/* Abort the process when a call lasts longer than stall or the run longer than its budget. */
void watch_start(struct worker **workers, int count, double budget);
void watch_stop(void);

/* ---- ops.c: the operations and their checks ---- */

#define STRESS_OPS 14
extern const char *const stress_op_names[STRESS_OPS];

struct stats {
    long ops, closed, timed_out, bad_handle, accepted, received, timed_checked;
    long per_op[STRESS_OPS];
    long unexpected, late;
    double worst_late; /* the largest excess of a timed call over its timeout */
};
void stress_run_op(struct worker *w, struct rng *r, struct stats *st);
/* Record a problem found; the first ones are printed at once. */
void stress_problem(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
long stress_problem_count(void);

#endif
