/* SPDX-License-Identifier: MIT */
/*
 * The watchdog: a hang must fail the run with a message saying where, never leave a CI job
 * stuck. Every call a thread makes is bracketed by watch_begin/watch_end; one lasting longer
 * than stress_cfg.stall, or a run past its budget, aborts the process after naming each
 * thread's call in progress.
 */
#include "stress.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static struct worker **watched;
static int watched_count;
static double budget_s;
static atomic_int stopping;
static pthread_t watcher;

void watch_begin(struct worker *w, const char *op, sx_socket h, double timeout)
{
    atomic_store(&w->op, op);
    atomic_store(&w->handle, h);
    atomic_store(&w->timeout, timeout);
    atomic_store(&w->since_ns, stress_now_ns());
}

void watch_end(struct worker *w)
{
    atomic_store(&w->since_ns, 0);
}

static void describe(const struct worker *w, int64_t now)
{
    int64_t since = atomic_load(&w->since_ns);
    if (!since) {
        fprintf(stderr, "  thread %d: between calls\n", w->id);
        return;
    }
    double t = atomic_load(&w->timeout);
    char mode[48];
    if (t == -2)
        snprintf(mode, sizeof mode, "mode unknown");
    else if (t < 0)
        snprintf(mode, sizeof mode, "blocking");
    else
        snprintf(mode, sizeof mode, "timeout %.3f s", t);
    fprintf(stderr, "  thread %d: in %s on handle 0x%llx (%s) for %.1f s\n", w->id, atomic_load(&w->op),
            (unsigned long long)atomic_load(&w->handle), mode, (double)(now - since) / 1e9);
}

static void *watch(void *arg)
{
    (void)arg;
    int64_t start = stress_now_ns();
    while (!atomic_load(&stopping)) {
        struct timespec pause = {.tv_sec = 0, .tv_nsec = 100000000};
        nanosleep(&pause, NULL);
        int64_t now = stress_now_ns();
        const char *why = NULL;
        for (int i = 0; i < watched_count && !why; i++) {
            int64_t since = atomic_load(&watched[i]->since_ns);
            if (since && (double)(now - since) / 1e9 > stress_cfg.stall)
                why = "a call has not returned";
        }
        if (!why && (double)(now - start) / 1e9 > budget_s)
            why = "the run is over its time budget";
        if (why) {
            fprintf(stderr, "\nstress: WATCHDOG: %s (limit %.1f s per call, %.1f s per run): a hang. "
                            "Reproduce with SX_STRESS_SEED=%llu SX_STRESS_THREADS=%d\n",
                    why, stress_cfg.stall, budget_s, (unsigned long long)stress_cfg.seed, stress_cfg.threads);
            for (int i = 0; i < watched_count; i++)
                describe(watched[i], now);
            fflush(stderr);
            abort();
        }
    }
    return NULL;
}

void watch_start(struct worker **workers, int count, double budget)
{
    watched = workers;
    watched_count = count;
    budget_s = budget;
    if (pthread_create(&watcher, NULL, watch, NULL) != 0) {
        fprintf(stderr, "stress: cannot start the watchdog thread\n");
        exit(2);
    }
}

void watch_stop(void)
{
    atomic_store(&stopping, 1);
    pthread_join(watcher, NULL);
}
