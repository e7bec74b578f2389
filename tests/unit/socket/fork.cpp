// SPDX-License-Identifier: MIT
// fork(2) from a multithreaded host (DESIGN §2): a child may use and close inherited handles;
// its close releases its own descriptor only, never shuts down the parent's connection nor
// signals the parent's wake-ups; no lock another parent thread held at the fork hangs it.
// Children report through their exit status only (no Catch2 in a forked child).
#include "helpers.hpp"

#include <sys/wait.h>
#include <thread>

using namespace sxs;

namespace {

// Exit codes of a child, so a failure names its step.
enum ChildExit { CHILD_OK = 0, CHILD_CLOSE = 10, CHILD_FD_KEPT = 11, CHILD_NEW_HANDLE = 12, CHILD_IO = 13 };

// Wait for pid at most `seconds`; a child still running then is killed and reported as a hang (-1).
int wait_child(pid_t pid, double seconds)
{
    double end = mono() + seconds;
    for (;;) {
        int status = 0;
        pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid)
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        if (r < 0 && errno != EINTR)
            return -2;
        if (mono() > end) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            return -1;
        }
        sleep_ms(1);
    }
}

// What a forked child does with the handles it inherited: use the table (new handles, a new
// connection), close every inherited socket, and check that each close released its fd.
[[noreturn]] void child_body(const std::vector<sx_socket> &inherited)
{
    std::vector<int> fds;
    for (sx_socket s : inherited) {
        int32_t fd = -1;
        if (sx_socket_fileno(s, &fd) == 0)
            fds.push_back(fd);
    }
    sx_socket a = 0, b = 0;
    if (sx_socketpair(AF_UNIX, SOCK_STREAM, 0, &a, &b) != 0)
        _exit(CHILD_NEW_HANDLE);
    char c = 0;
    size_t n = 0;
    if (sx_socket_send(a, "k", 1, 0, &n) != 0 || sx_socket_recv(b, &c, 1, 0, &n) != 0 || c != 'k')
        _exit(CHILD_IO);
    sx_socket_close(a);
    sx_socket_close(b);
    for (sx_socket s : inherited)
        if (sx_socket_close(s) != 0)
            _exit(CHILD_CLOSE);
    for (int fd : fds)
        if (fcntl(fd, F_GETFD) >= 0)
            _exit(CHILD_FD_KEPT);
    _exit(CHILD_OK);
}

// One stream of checked bytes from a writer to a reader thread over a connected pair, in a
// given mode, until told to stop; the reader must see every byte in order and no early EOF.
struct Transfer {
    Sock w, r;
    std::atomic<bool> stop{false};
    std::atomic<uint64_t> received{0};
    std::atomic<int> errors{0};
    std::string first_error;
    std::thread writer, reader;

    Transfer(int family, double timeout)
    {
        if (family == AF_UNIX)
            REQUIRE_SX(sx_socketpair(AF_UNIX, SOCK_STREAM, 0, w.out(), r.out()));
        else
            tcp_pair(w, r);
        REQUIRE_SX(sx_socket_settimeout(w, timeout));
        REQUIRE_SX(sx_socket_settimeout(r, timeout));
        writer = std::thread([this] {
            char buf[4096];
            uint64_t pos = 0;
            while (!stop.load()) {
                for (char &ch : buf)
                    ch = (char)(pos++ * 131 % 251);
                size_t sent = 0;
                int32_t rc = sx_socket_sendall(w, buf, sizeof buf, 0, &sent);
                if (rc != 0 && rc != SX_ETIMEOUT)
                    return fail("sendall", rc);
                pos -= sizeof buf - sent; // after a timeout, the bytes not sent are made again
                if (pos % (64 * 1024) < sizeof buf)
                    sleep_ms(1); // leave the CPUs to the forks: the reader then waits inside recv
            }
            sx_socket_shutdown(w, SHUT_WR);
        });
        reader = std::thread([this] {
            char buf[8192];
            uint64_t pos = 0;
            for (;;) {
                size_t n = 0;
                int32_t rc = sx_socket_recv(r, buf, sizeof buf, 0, &n);
                if (rc == SX_ETIMEOUT)
                    continue;
                if (rc != 0)
                    return fail("recv", rc);
                if (n == 0)
                    return stop.load() ? void() : fail("early end of stream", 0);
                for (size_t i = 0; i < n; i++)
                    if (buf[i] != (char)(pos++ * 131 % 251))
                        return fail("a byte out of place", 0);
                received += n;
            }
        });
    }
    void fail(const char *what, int32_t rc)
    {
        if (errors++ == 0)
            first_error = std::string(what) + ": " + sx_error_name(rc);
    }
    void finish()
    {
        stop = true;
        writer.join();
        reader.join();
    }
};

// 1,000 forks; SX_TEST_FORKS sets another number (the sanitizer and valgrind runs take fewer).
int fork_rounds()
{
    const char *env = getenv("SX_TEST_FORKS");
    if (env && atoi(env) > 0)
        return atoi(env);
    return sxt::under_valgrind() ? 4 : 1000; // valgrind:all leaves the fork tests out (tests/CMakeLists.txt)
}

} // namespace

TEST_CASE("fork: children of a busy multithreaded parent never hang and never touch its connections",
          "[socket][threads][fork]")
{
    // Load in the parent: transfers in blocking and timeout modes, with threads inside send and
    // recv at every fork, and a thread that creates and frees handles (the table's lock) nonstop.
    Transfer blocking_unix(AF_UNIX, SX_TIMEOUT_NONE), timed_unix(AF_UNIX, 0.05), blocking_tcp(AF_INET, SX_TIMEOUT_NONE),
        timed_tcp(AF_INET, 0.05);
    std::atomic<bool> churn_stop{false};
    std::atomic<uint64_t> churned{0};
    std::thread churn([&] {
        while (!churn_stop.load()) {
            sx_addr a = 0;
            if (sx_addr_inet("127.0.0.1", 1, &a) == 0)
                sx_addr_close(a);
            if (++churned % 64 == 0)
                std::this_thread::yield();
        }
    });
    std::vector<sx_socket> inherited = {blocking_unix.w, blocking_unix.r, timed_unix.w, timed_unix.r,
                                        blocking_tcp.w,  blocking_tcp.r,  timed_tcp.w,  timed_tcp.r};
    int forks = fork_rounds();
    // A library that hangs makes the transfers stop too: the watchdog then ends their calls.
    Watchdog wd({fd_of(blocking_unix.w), fd_of(blocking_unix.r), fd_of(timed_unix.w), fd_of(timed_unix.r),
                 fd_of(blocking_tcp.w), fd_of(blocking_tcp.r), fd_of(timed_tcp.w), fd_of(timed_tcp.r)},
                sxt::under_valgrind() ? 300 : 120);
    int hangs = 0, failures = 0, first_failure = 0;
    for (int i = 0; i < forks && hangs == 0; i++) {
        pid_t pid = fork();
        REQUIRE(pid >= 0);
        if (pid == 0)
            child_body(inherited);
        int rc = wait_child(pid, sxt::under_valgrind() ? 30 : 5);
        if (rc == -1)
            hangs++;
        else if (rc != CHILD_OK && failures++ == 0)
            first_failure = rc;
    }
    churn_stop = true;
    churn.join();
    uint64_t before[4] = {blocking_unix.received, timed_unix.received, blocking_tcp.received, timed_tcp.received};
    sleep_ms(50); // the transfers still run after the last child closed its copies
    Transfer *all[4] = {&blocking_unix, &timed_unix, &blocking_tcp, &timed_tcp};
    for (Transfer *t : all)
        t->finish();
    INFO(forks << " forks, " << churned.load() << " handles churned meanwhile; the watchdog "
               << (wd.fired ? "fired (it shut the transfers down: early ends and EPIPE follow from that)" : "did not fire"));
    CHECK(hangs == 0);
    INFO("first failing child exit code " << first_failure);
    CHECK(failures == 0);
    for (int k = 0; k < 4; k++) {
        INFO("transfer " << k << ": " << all[k]->received.load() << " bytes; " << all[k]->first_error);
        CHECK(all[k]->errors.load() == 0);
        CHECK(all[k]->received.load() > before[k]);
    }
}

TEST_CASE("fork: a child's close of a socket a parent thread is blocked in leaves the parent's call alone",
          "[socket][threads][fork]")
{
    for (double timeout : {SX_TIMEOUT_NONE, 30.0}) {
        INFO("timeout " << timeout);
        Sock a, b;
        REQUIRE_SX(sx_socketpair(AF_UNIX, SOCK_STREAM, 0, a.out(), b.out()));
        REQUIRE_SX(sx_socket_settimeout(a, timeout));
        Watchdog wd({fd_of(a)}, 20);
        char buf[16];
        size_t n = 0;
        int32_t rc = 1;
        std::atomic<pid_t> tid{0};
        std::thread receiver([&] {
            tid = thread_id();
            rc = sx_socket_recv(a, buf, sizeof buf, 0, &n);
        });
        for (int i = 0; i < 2000 && (tid.load() == 0 || thread_state(tid.load()) != 'S'); i++)
            sleep_ms(1); // until the receiver sleeps inside the call
        pid_t pid = fork();
        REQUIRE(pid >= 0);
        if (pid == 0)
            child_body({a.h, b.h});
        CHECK(wait_child(pid, 10) == CHILD_OK);
        sleep_ms(50);
        // The parent's receiver is still waiting, not woken by the child's close: it gets the data.
        size_t k;
        REQUIRE_SX(sx_socket_send(b, "parent", 6, 0, &k));
        receiver.join();
        CHECK_FALSE(wd.fired.load());
        REQUIRE_SX(rc);
        CHECK(std::string(buf, n) == "parent");
        // And the connection is whole both ways.
        REQUIRE_SX(sx_socket_send(a, "back", 4, 0, &k));
        REQUIRE_SX(sx_socket_recv(b, buf, sizeof buf, 0, &n));
        CHECK(std::string(buf, n) == "back");
    }
}

TEST_CASE("fork: a child's close wakes the child's own waiters without shutting the connection",
          "[socket][threads][fork]")
{
    Sock a, b;
    REQUIRE_SX(sx_socketpair(AF_UNIX, SOCK_STREAM, 0, a.out(), b.out()));
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        // In the child: a thread blocked in recv on the inherited socket, closed by another.
        int32_t rc = 1;
        std::thread receiver([&] {
            char c;
            size_t n;
            rc = sx_socket_recv(a.h, &c, 1, 0, &n);
        });
        struct timespec pause = {0, 100 * 1000 * 1000};
        nanosleep(&pause, nullptr);
        sx_socket_close(a.h);
        receiver.join();
        _exit(rc == SX_ECLOSED ? CHILD_OK : CHILD_IO);
    }
    CHECK(wait_child(pid, 10) == CHILD_OK);
    // The parent's connection was not shut down by the child's close.
    size_t k, n;
    char buf[8];
    REQUIRE_SX(sx_socket_send(b, "still", 5, 0, &k));
    REQUIRE_SX(sx_socket_settimeout(a, 5.0));
    REQUIRE_SX(sx_socket_recv(a, buf, sizeof buf, 0, &n));
    CHECK(std::string(buf, n) == "still");
}
