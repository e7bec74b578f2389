// SPDX-License-Identifier: MIT
// Signals for the EINTR tests: a SIGALRM storm aimed at the test's thread, and a guard that
// keeps the threads a test starts from taking those signals.
#pragma once

#include "helpers.hpp"

#include <atomic>
#include <utility>
#include <csignal>
#include <sys/time.h>

namespace sxs {

inline std::atomic<int> signals_seen{0};
inline std::atomic<pid_t> interrupted_thread{0};
inline std::atomic<int> signals_on_target{0};

extern "C" inline void on_alarm(int)
{
    signals_seen.fetch_add(1, std::memory_order_relaxed);
    if (thread_id() == interrupted_thread.load(std::memory_order_relaxed))
        signals_on_target.fetch_add(1, std::memory_order_relaxed);
}

// Installs a SIGALRM handler without SA_RESTART and fires it every `period_us` from an interval
// timer; restores the old disposition (and drops a last pending signal) on scope exit.
struct AlarmStorm {
    struct sigaction old {};
    explicit AlarmStorm(int period_us)
    {
        signals_seen = 0;
        signals_on_target = 0;
        interrupted_thread = thread_id();
        struct sigaction sa {};
        sa.sa_handler = on_alarm;
        sa.sa_flags = 0; // no SA_RESTART: blocking system calls fail with EINTR
        sigemptyset(&sa.sa_mask);
        REQUIRE(sigaction(SIGALRM, &sa, &old) == 0);
        itimerval it{};
        it.it_interval.tv_usec = period_us;
        it.it_value.tv_usec = period_us;
        REQUIRE(setitimer(ITIMER_REAL, &it, nullptr) == 0);
    }
    ~AlarmStorm()
    {
        itimerval off{};
        setitimer(ITIMER_REAL, &off, nullptr);
        // A signal may still be pending: take it while the handler is ours, then restore.
        sigset_t alrm, prev;
        sigemptyset(&alrm);
        sigaddset(&alrm, SIGALRM);
        pthread_sigmask(SIG_BLOCK, &alrm, &prev);
        timespec zero{0, 0};
        while (sigtimedwait(&alrm, nullptr, &zero) == SIGALRM) {
        }
        sigaction(SIGALRM, &old, nullptr);
        pthread_sigmask(SIG_SETMASK, &prev, nullptr);
    }
};

// Threads the test starts must not take the signals meant for the test's own thread.
struct BlockAlarmHere {
    sigset_t prev;
    BlockAlarmHere()
    {
        sigset_t alrm;
        sigemptyset(&alrm);
        sigaddset(&alrm, SIGALRM);
        pthread_sigmask(SIG_BLOCK, &alrm, &prev);
    }
    ~BlockAlarmHere() { pthread_sigmask(SIG_SETMASK, &prev, nullptr); }
};

// Run call under a storm of signals every period_us: its status and how long it took (s).
template <class F> std::pair<int32_t, double> call_under_storm(int period_us, F call)
{
    AlarmStorm storm(period_us);
    double t0 = mono();
    int32_t rc = call();
    return {rc, mono() - t0};
}

} // namespace sxs
