/* SPDX-License-Identifier: MIT */
/*
 * sx_stress: threads doing random operations on a shared pool of socket handles for a bounded
 * time, then checks that every status was documented, every timed call ended on time, and
 * every handle and descriptor is gone. Exit status 0 on success, 1 on a problem; a hang aborts.
 *
 * Environment: SX_STRESS_SECONDS (3), SX_STRESS_SEED (from the clock; printed), SX_STRESS_THREADS
 * (6), SX_STRESS_STALL (10 s, the longest call that is not a hang), SX_STRESS_MARGIN (1 s past a
 * timeout). The seed fixes each thread's sequence of operations; the interleaving is the
 * scheduler's, so a seed reproduces a failure often, not always.
 */
#include "stress.h"

#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

struct stress_config stress_cfg;
sx_addr stress_full_listener;

#define MAX_THREADS 64
#define FILLERS 8

int64_t stress_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static double env_number(const char *name, double fallback, double lo, double hi)
{
    const char *v = getenv(name);
    if (!v || !*v)
        return fallback;
    char *end;
    double x = strtod(v, &end);
    if (*end || !(x >= lo && x <= hi)) {
        fprintf(stderr, "stress: %s=%s is not a number in [%g, %g]\n", name, v, lo, hi);
        exit(2);
    }
    return x;
}

static uint64_t seed_from_env(void)
{
    const char *v = getenv("SX_STRESS_SEED");
    if (v && *v) {
        char *end;
        unsigned long long x = strtoull(v, &end, 0);
        if (*end) {
            fprintf(stderr, "stress: SX_STRESS_SEED=%s is not a number\n", v);
            exit(2);
        }
        return x;
    }
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return ((uint64_t)ts.tv_sec * 1000003u) ^ (uint64_t)ts.tv_nsec;
}

static int open_fd_count(void)
{
    DIR *d = opendir("/proc/self/fd");
    if (!d)
        return -1;
    int n = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;)
        n += e->d_name[0] != '.';
    closedir(d);
    return n - 1; /* the directory stream's own */
}

/* ---- the listener with a full accept queue ---- */

static sx_socket full_listener, fillers[FILLERS];

/*
 * listen(0) holds one unaccepted connection on Linux and drops the SYNs of the next ones, which
 * then wait in SYN_SENT: the connects that must end by their timeout or a close. The fillers
 * connect until one of them times out (checked, not assumed).
 */
static int make_full_listener(void)
{
    sx_addr any = 0;
    if (sx_socket_open(AF_INET, SOCK_STREAM, 0, &full_listener) || sx_addr_inet("127.0.0.1", 0, &any) ||
        sx_socket_bind(full_listener, any) || sx_socket_listen(full_listener, 0) ||
        sx_socket_getsockname(full_listener, &stress_full_listener)) {
        sx_addr_close(any);
        return -1;
    }
    sx_addr_close(any);
    for (int i = 0; i < FILLERS; i++) {
        int32_t result = 1;
        if (sx_socket_open(AF_INET, SOCK_STREAM, 0, &fillers[i]) || sx_socket_settimeout(fillers[i], 0.2) ||
            sx_socket_connect_ex(fillers[i], stress_full_listener, &result))
            return -1;
        if (result == SX_EAGAIN)
            return 0;
        if (result != 0)
            return -1;
    }
    return -1;
}

static void close_full_listener(void)
{
    for (int i = 0; i < FILLERS; i++)
        sx_socket_close(fillers[i]);
    sx_socket_close(full_listener);
    sx_addr_close(stress_full_listener);
}

/* ---- threads ---- */

struct thread_ctx {
    struct worker w;
    struct rng rng;
    struct stats st;
    int64_t end_ns;
    int64_t grace_end_ns; /* how long the run may go on to see what it must exercise */
};

/*
 * What a run must have exercised to prove anything (main() checks it): an accept, a call woken
 * by a close, a timeout. Random operations under a slow sanitizer can miss one in a short run,
 * so the workers go on past the end, up to as long again, until the threads together saw each.
 */
static atomic_int seen_accept, seen_close, seen_timeout;

static void note_coverage(const struct stats *st)
{
    if (st->accepted)
        atomic_store(&seen_accept, 1);
    if (st->closed)
        atomic_store(&seen_close, 1);
    if (st->timed_out)
        atomic_store(&seen_timeout, 1);
}

static int run_covered(void)
{
    return atomic_load(&seen_accept) && atomic_load(&seen_close) && atomic_load(&seen_timeout);
}

static void *work(void *arg)
{
    struct thread_ctx *c = arg;
    for (int64_t now; (now = stress_now_ns()) < c->end_ns || (now < c->grace_end_ns && !run_covered());) {
        stress_run_op(&c->w, &c->rng, &c->st);
        note_coverage(&c->st);
    }
    return NULL;
}

static atomic_int reaper_stop;

/* Closes each pooled handle when its lifetime ends, which also ends any call blocked on it. */
static void *reap(void *arg)
{
    struct thread_ctx *c = arg;
    while (!atomic_load(&reaper_stop)) {
        watch_begin(&c->w, "close of expired handles", 0, -2);
        c->st.ops += pool_reap(stress_now_ns());
        watch_end(&c->w);
        struct timespec pause = {.tv_sec = 0, .tv_nsec = 2000000};
        nanosleep(&pause, NULL);
    }
    return NULL;
}

static int failures;

static void check(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "stress: FAILED: %s\n", what);
        failures++;
    }
}

int main(void)
{
    stress_cfg.seconds = env_number("SX_STRESS_SECONDS", 3, 0.1, 86400);
    stress_cfg.threads = (int)env_number("SX_STRESS_THREADS", 6, 1, MAX_THREADS);
    stress_cfg.stall = env_number("SX_STRESS_STALL", 10, 1, 3600);
    stress_cfg.margin = env_number("SX_STRESS_MARGIN", 1, 0.01, 60);
    stress_cfg.seed = seed_from_env();
    printf("stress: SX_STRESS_SEED=%llu SX_STRESS_THREADS=%d SX_STRESS_SECONDS=%g (stall %g s, margin %g s)\n",
           (unsigned long long)stress_cfg.seed, stress_cfg.threads, stress_cfg.seconds, stress_cfg.stall,
           stress_cfg.margin);
    fflush(stdout);

    int fds_before = open_fd_count();
    pool_init();
    if (make_full_listener() != 0) {
        fprintf(stderr, "stress: cannot make a loopback listener with a full accept queue\n");
        return 2;
    }

    /* Workers, then the reaper, all watched. */
    static struct thread_ctx ctx[MAX_THREADS + 1];
    int n = stress_cfg.threads;
    int64_t end = stress_now_ns() + (int64_t)(stress_cfg.seconds * 1e9);
    for (int i = 0; i <= n; i++) {
        ctx[i].w.id = i;
        ctx[i].end_ns = end;
        ctx[i].grace_end_ns = end + (int64_t)(stress_cfg.seconds * 1e9);
        rng_seed(&ctx[i].rng, stress_cfg.seed, (uint64_t)i + 1);
    }
    /* The budget: the run and its grace time, then the longest legitimate call (a listener's
     * lifetime, 3 s), the stall limit and as much again for the final closes. */
    static struct worker *watched[MAX_THREADS + 1];
    for (int i = 0; i <= n; i++)
        watched[i] = &ctx[i].w;
    watch_start(watched, n + 1, 2 * stress_cfg.seconds + 3 + 2 * stress_cfg.stall);
    pthread_t tid[MAX_THREADS + 1];
    for (int i = 0; i <= n; i++) {
        if (pthread_create(&tid[i], NULL, i < n ? work : reap, &ctx[i]) != 0) {
            fprintf(stderr, "stress: cannot start thread %d\n", i);
            abort();
        }
    }
    for (int i = 0; i < n; i++)
        pthread_join(tid[i], NULL);
    atomic_store(&reaper_stop, 1);
    pthread_join(tid[n], NULL);
    pool_close_all();
    close_full_listener();
    watch_stop();
    int fds_after = open_fd_count();

    struct stats all = {0};
    for (int i = 0; i <= n; i++) {
        struct stats *s = &ctx[i].st;
        all.ops += s->ops;
        all.closed += s->closed;
        all.timed_out += s->timed_out;
        all.bad_handle += s->bad_handle;
        all.accepted += s->accepted;
        all.received += s->received;
        all.timed_checked += s->timed_checked;
        all.unexpected += s->unexpected;
        all.late += s->late;
        if (s->worst_late > all.worst_late)
            all.worst_late = s->worst_late;
        for (int k = 0; k < STRESS_OPS; k++)
            all.per_op[k] += s->per_op[k];
    }
    printf("stress: %ld calls checked; operations:", all.ops);
    for (int k = 0; k < STRESS_OPS; k++)
        printf(" %s %ld%s", stress_op_names[k], all.per_op[k], k + 1 < STRESS_OPS ? "," : "\n");
    printf("stress: SX_ECLOSED %ld, SX_ETIMEOUT %ld, SX_EBADHANDLE %ld; %ld accepted, %ld received data\n",
           all.closed, all.timed_out, all.bad_handle, all.accepted, all.received);
    printf("stress: %ld timed calls checked, %ld late (worst %.3f s past its timeout, margin %.2f s); "
           "%ld undocumented statuses; fds %d before, %d after\n",
           all.timed_checked, all.late, all.worst_late, stress_cfg.margin, all.unexpected, fds_before, fds_after);

    check(stress_problem_count() == 0, "problems were found (see above)");
    check(fds_before >= 0 && fds_after == fds_before, "the run leaked descriptors");
    /* The run must have exercised what it is for, or it proves nothing. */
    check(all.closed > 0, "no call was ever woken by a close (SX_ECLOSED)");
    check(all.timed_out > 0, "no call ever timed out");
    check(all.accepted > 0, "no connection was ever accepted");
    check(all.received > 0, "no data was ever received");
    check(all.timed_checked > 0, "no timed call was ever checked");
    if (failures)
        fprintf(stderr, "stress: reproduce with SX_STRESS_SEED=%llu SX_STRESS_THREADS=%d SX_STRESS_SECONDS=%g\n",
                (unsigned long long)stress_cfg.seed, stress_cfg.threads, stress_cfg.seconds);
    else
        printf("stress: passed\n");
    return failures ? 1 : 0;
}
