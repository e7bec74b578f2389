// SPDX-License-Identifier: MIT
// sendmsg and recvmsg in the three timeout modes, MSG_DONTWAIT, MSG_NOSIGNAL, EINTR (PEP 475 and
// interruptible threads) and a close from another thread while they are blocked: the same rules as
// send and recv (DESIGN §1.3, §2).
//
// Catch2's assertions are not thread-safe: helper threads only record what happened.
#include "msg_helpers.hpp"
#include "unit/socket/signals.hpp"

#include <csignal>
#include <functional>

using namespace sxm;

namespace {

// How long after sx_socket_close() the blocked call must have returned.
double wake_limit() { return sxt::under_valgrind() ? 2.0 : under_tsan() ? 0.5 : 0.1; }

// A recvmsg of up to 64 bytes with room for descriptors; the message is closed at once.
int32_t recvmsg_any(sx_socket s, int32_t flags = 0)
{
    char buf[64];
    void *bufs[1] = {buf};
    size_t lens[1] = {sizeof buf};
    sx_msg m = 0;
    int32_t rc = sx_socket_recvmsg(s, bufs, lens, 1, CMSG_SPACE(4 * sizeof(int)), flags, &m);
    sx_msg_close(m);
    return rc;
}

int32_t sendmsg_bytes(sx_socket s, const void *data, size_t len, int32_t flags = 0)
{
    const void *bufs[1] = {data};
    size_t lens[1] = {len};
    size_t sent = 0;
    return sx_socket_sendmsg(s, bufs, lens, 1, 0, flags, 0, &sent);
}

// Start `call` on a thread, let it block, close `victim` here: the call returns SX_ECLOSED promptly.
void check_close_wakes(const char *what, sx_socket victim, const std::function<int32_t()> &call)
{
    BlockAlarmHere no_alarms; // the started thread inherits the mask
    std::atomic<bool> started{false}, done{false};
    std::atomic<pid_t> tid{0};
    std::atomic<int32_t> rc{1};
    std::atomic<double> returned_at{0};
    std::thread t([&] {
        tid = thread_id();
        started = true;
        int32_t r = call();
        returned_at = mono();
        rc = r;
        done = true;
    });
    for (int i = 0; i < 5000 && !started; i++)
        sleep_ms(1);
    for (int i = 0; i < 200 && thread_state(tid) != 'S'; i++)
        sleep_ms(1);
    sleep_ms(sxt::under_valgrind() ? 300 : 50);
    INFO(what);
    CHECK_FALSE(done.load()); // really blocked
    int raw_fd = fd_of(victim);
    double closed_at = mono();
    REQUIRE_SX(sx_socket_close(victim));
    for (int i = 0; i < 5000 && !done; i++)
        sleep_ms(1);
    if (!done) { // the library failed to wake it: unblock by hand so the test ends
        shutdown(raw_fd, SHUT_RDWR);
        for (int i = 0; i < 5000 && !done; i++)
            sleep_ms(1);
    }
    REQUIRE(done.load());
    t.join();
    REQUIRE_CODE(rc.load(), SX_ECLOSED);
    CHECK(returned_at - closed_at < wake_limit());
}

struct Interruptible {
    Interruptible() { REQUIRE_SX(sx_thread_set_interruptible(1)); }
    ~Interruptible() { sx_thread_set_interruptible(0); }
};

} // namespace

TEST_CASE("msg: non-blocking mode and MSG_DONTWAIT report SX_EAGAIN at once", "[msg][modes]")
{
    Sock a, b;
    unix_pair(a, b);
    REQUIRE_SX(sx_socket_setblocking(a, 0));
    double t0 = mono();
    REQUIRE_CODE(recvmsg_any(a), SX_EAGAIN);
    // A blocking socket with MSG_DONTWAIT does not wait either.
    REQUIRE_SX(sx_socket_setblocking(b, 1));
    REQUIRE_CODE(recvmsg_any(b, MSG_DONTWAIT), SX_EAGAIN);
    CHECK(mono() - t0 < 1.0);
    // A full send buffer: sendmsg in non-blocking mode gives SX_EAGAIN too.
    small_buffers(a);
    fill_send_buffer(a);
    static char chunk[65536];
    REQUIRE_CODE(sendmsg_bytes(a, chunk, sizeof chunk), SX_EAGAIN);
    REQUIRE_CODE(sendmsg_bytes(b, chunk, 0, MSG_DONTWAIT), 0); // an empty stream send needs no room
}

TEST_CASE("msg: timeout mode waits for data, then times out with SX_ETIMEOUT", "[msg][modes][threads]")
{
    Sock a, b;
    unix_pair(a, b);
    REQUIRE_SX(sx_socket_settimeout(a, 0.1));
    double t0 = mono();
    REQUIRE_CODE(recvmsg_any(a), SX_ETIMEOUT);
    double took = mono() - t0;
    CHECK(took >= 0.09);
    CHECK(took < 0.1 + slack() + 0.2);

    // Data that arrives during the wait is received.
    REQUIRE_SX(sx_socket_settimeout(a, test_timeout()));
    std::thread t([&] {
        sleep_ms(50);
        sendmsg_bytes(b, "late", 4);
    });
    Msg m;
    std::string got;
    int32_t rc = recv1(a, 16, 0, 0, m.out(), &got);
    t.join();
    REQUIRE_SX(rc);
    CHECK(got == "late");

    // sendmsg into a full connection times out as well.
    small_buffers(a);
    fill_send_buffer(a);
    REQUIRE_SX(sx_socket_settimeout(a, 0.1));
    static char chunk[65536];
    t0 = mono();
    REQUIRE_CODE(sendmsg_bytes(a, chunk, sizeof chunk), SX_ETIMEOUT);
    CHECK(mono() - t0 >= 0.09);
}

TEST_CASE("msg: blocking mode waits until data comes", "[msg][modes][threads]")
{
    Sock a, b;
    unix_pair(a, b, SOCK_DGRAM);
    REQUIRE_SX(sx_socket_settimeout(a, SX_TIMEOUT_NONE));
    Watchdog wd({fd_of(a)}, 20);
    std::thread t([&] {
        sleep_ms(50);
        sendmsg_bytes(b, "blocking", 8);
    });
    Msg m;
    std::string got;
    int32_t rc = recv1(a, 16, 64, 0, m.out(), &got);
    t.join();
    REQUIRE_SX(rc);
    CHECK(got == "blocking");
    CHECK_FALSE(wd.fired.load());
}

TEST_CASE("msg: sendmsg to a closed peer is SX_EPIPE, never SIGPIPE", "[msg][modes]")
{
    Sock a, b;
    unix_pair(a, b);
    REQUIRE_SX(sx_socket_close(b.h));
    b.h = 0;
    // SIGPIPE at its default would kill the test program: the library must not raise it.
    struct sigaction dfl {}, old {};
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    REQUIRE(sigaction(SIGPIPE, &dfl, &old) == 0);
    int32_t rc = sendmsg_bytes(a, "x", 1);
    size_t sent = 0;
    auto p = make_pipe();
    int32_t fds[1] = {p.first};
    const void *bufs[1] = {"y"};
    size_t lens[1] = {1};
    int32_t rc2 = sx_socket_send_fds(a, bufs, lens, 1, fds, 1, 0, 0, &sent);
    sigaction(SIGPIPE, &old, nullptr);
    REQUIRE_CODE(rc, SX_EPIPE);
    REQUIRE_CODE(rc2, SX_EPIPE);
}

TEST_CASE("msg: a close from another thread wakes a blocked recvmsg with SX_ECLOSED", "[msg][modes][threads]")
{
    for (double mode : {SX_TIMEOUT_NONE, 60.0}) {
        Sock a, b;
        unix_pair(a, b);
        REQUIRE_SX(sx_socket_settimeout(a, mode));
        check_close_wakes(mode < 0 ? "recvmsg, blocking" : "recvmsg, timeout", a, [&] { return recvmsg_any(a); });
        a.h = 0;
    }
    for (double mode : {SX_TIMEOUT_NONE, 60.0}) {
        Sock a, b;
        unix_pair(a, b);
        REQUIRE_SX(sx_socket_settimeout(a, mode));
        char buf[8];
        check_close_wakes(mode < 0 ? "recv_fds, blocking" : "recv_fds, timeout", a, [&] {
            sx_msg m = 0;
            int32_t rc = sx_socket_recv_fds(a, buf, sizeof buf, 2, 0, &m);
            sx_msg_close(m);
            return rc;
        });
        a.h = 0;
    }
    for (double mode : {SX_TIMEOUT_NONE, 60.0}) {
        Sock a, b;
        unix_pair(a, b);
        small_buffers(a);
        fill_send_buffer(a);
        REQUIRE_SX(sx_socket_settimeout(a, mode));
        static char chunk[65536];
        check_close_wakes(mode < 0 ? "sendmsg, blocking" : "sendmsg, timeout", a,
                          [&] { return sendmsg_bytes(a, chunk, sizeof chunk); });
        a.h = 0;
    }
}

TEST_CASE("msg: recvmsg under a storm of signals retries (PEP 475) and gets the data", "[msg][eintr][threads]")
{
    Sock a, b;
    unix_pair(a, b);
    REQUIRE_SX(sx_socket_settimeout(a, SX_TIMEOUT_NONE));
    Watchdog wd({fd_of(a)}, 20);
    BlockAlarmHere mask_for_thread;
    std::thread t([&] {
        sleep_ms(sxt::under_valgrind() ? 1000 : 200);
        sendmsg_bytes(b, "through", 7);
    });
    auto result = call_under_storm(5000, [&] {
        // The storm is aimed at this thread: let the signals in here.
        sigset_t alrm;
        sigemptyset(&alrm);
        sigaddset(&alrm, SIGALRM);
        pthread_sigmask(SIG_UNBLOCK, &alrm, nullptr);
        Msg m;
        std::string got;
        int32_t r = recv1(a, 16, 0, 0, m.out(), &got);
        if (r == 0 && got != "through")
            r = -1;
        return r;
    });
    t.join();
    REQUIRE_SX(result.first);
    CHECK(signals_on_target.load() >= 1);
    CHECK_FALSE(wd.fired.load());
}

TEST_CASE("msg: an interruptible thread gets SX_EINTR from recvmsg and sendmsg", "[msg][eintr][threads]")
{
    Sock a, b;
    unix_pair(a, b);
    Watchdog wd({fd_of(a)}, 20);
    Interruptible on;
    for (double mode : {SX_TIMEOUT_NONE, 60.0}) {
        REQUIRE_SX(sx_socket_settimeout(a, mode));
        auto [rc, took] = call_under_storm(20000, [&] { return recvmsg_any(a); });
        INFO("recvmsg, timeout " << mode << ": " << took << " s");
        REQUIRE_CODE(rc, SX_EINTR);
        CHECK(took < 0.02 + slack() + 0.5);
    }
    small_buffers(a);
    fill_send_buffer(a);
    static char chunk[65536];
    for (double mode : {SX_TIMEOUT_NONE, 60.0}) {
        REQUIRE_SX(sx_socket_settimeout(a, mode));
        auto [rc, took] = call_under_storm(20000, [&] { return sendmsg_bytes(a, chunk, sizeof chunk); });
        INFO("sendmsg, timeout " << mode << ": " << took << " s");
        REQUIRE_CODE(rc, SX_EINTR);
    }
    // Nothing was lost: the socket still works.
    REQUIRE_SX(sx_socket_settimeout(a, test_timeout()));
    REQUIRE_SX(sendmsg_bytes(b, "after", 5));
    Msg m;
    std::string got;
    REQUIRE_SX(recv1(a, 16, 0, 0, m.out(), &got));
    CHECK(got == "after");
}
