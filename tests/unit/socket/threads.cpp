// SPDX-License-Identifier: MIT
// Threads: closing a socket another thread is blocked in, detach while in use, concurrent send
// and recv on one socket, and many threads opening, using and closing handles at once
// (DESIGN §1.3: misuse is an error, never undefined behaviour).
//
// Catch2's assertions are not thread-safe: the threads only record what happened, and the
// test's own thread checks it.
#include "helpers.hpp"

#include <functional>
#include <mutex>
#include <random>
#include <sys/resource.h>

using namespace sxs;

namespace {

// How long after sx_socket_close() the blocked call must have returned.
double wake_limit() { return sxt::under_valgrind() ? 2.0 : under_tsan() ? 0.5 : 0.1; }

enum class Mode { blocking, timeout };

const char *mode_name(Mode m) { return m == Mode::blocking ? "blocking" : "timeout"; }

void set_mode(sx_socket s, Mode m)
{
    REQUIRE_SX(sx_socket_settimeout(s, m == Mode::blocking ? SX_TIMEOUT_NONE : 60.0));
}

// Start `call` on a thread, let it block inside the library, close `victim` from this thread,
// and require the call to return SX_ECLOSED within wake_limit() of the close. The handle is
// then refused with SX_EBADHANDLE.
template <class F> void check_close_wakes(const char *what, Mode mode, sx_socket victim, F call)
{
    std::atomic<bool> started{false}, done{false};
    std::atomic<pid_t> tid{0};
    std::atomic<int32_t> rc{1};
    double returned_at = 0;
    std::thread t([&] {
        tid = thread_id();
        started = true;
        int32_t r = call();
        returned_at = mono();
        rc = r;
        done = true;
    });
    while (!started)
        sleep_ms(1);
    // Let it reach the kernel: wait until it sleeps, and a little more.
    for (int i = 0; i < 200 && thread_state(tid) != 'S'; i++)
        sleep_ms(1);
    sleep_ms(sxt::under_valgrind() ? 300 : 50);
    INFO(what << " in " << mode_name(mode) << " mode");
    CHECK_FALSE(done.load()); // really blocked
    int raw_fd = fd_of(victim);
    double closed_at = mono();
    REQUIRE_SX(sx_socket_close(victim));
    // Bounded wait; if the library fails to wake the call, unblock it by hand so the test ends.
    for (int i = 0; i < 5000 && !done; i++)
        sleep_ms(1);
    if (!done) {
        shutdown(raw_fd, SHUT_RDWR);
        for (int i = 0; i < 5000 && !done; i++)
            sleep_ms(1);
    }
    REQUIRE(done.load());
    t.join();
    double latency = returned_at - closed_at;
    char label[96];
    std::snprintf(label, sizeof label, "close wakes %s (%s)", what, mode_name(mode));
    report(label, latency);
    INFO("woke after " << latency * 1e3 << " ms");
    REQUIRE_CODE(rc.load(), SX_ECLOSED);
    CHECK(latency < wake_limit());
    int32_t fd;
    REQUIRE_CODE(sx_socket_fileno(victim, &fd), SX_EBADHANDLE);
    REQUIRE_CODE(sx_socket_close(victim), 0);
}

} // namespace

TEST_CASE("socket: close wakes a thread blocked in recv", "[socket][threads]")
{
    for (Mode mode : {Mode::blocking, Mode::timeout}) {
        SECTION(std::string("socketpair, ") + mode_name(mode))
        {
            Sock a, b;
            REQUIRE_SX(sx_socketpair(AF_UNIX, SOCK_STREAM, 0, a.out(), b.out()));
            set_mode(a, mode);
            sx_socket victim = a.h;
            a.h = 0; // closed by the check
            check_close_wakes("recv", mode, victim, [victim] {
                char buf[16];
                size_t n;
                return sx_socket_recv(victim, buf, sizeof buf, 0, &n);
            });
            // The peer sees the connection end.
            char buf[4];
            size_t n = 9;
            REQUIRE_SX(sx_socket_settimeout(b, 5.0));
            REQUIRE_SX(sx_socket_recv(b, buf, sizeof buf, 0, &n));
            CHECK(n == 0);
        }
        SECTION(std::string("TCP recvfrom, ") + mode_name(mode))
        {
            Sock c, s;
            tcp_pair(c, s);
            set_mode(s, mode);
            sx_socket victim = s.h;
            s.h = 0;
            check_close_wakes("recvfrom", mode, victim, [victim] {
                char buf[16];
                size_t n;
                return sx_socket_recvfrom(victim, buf, sizeof buf, 0, &n, nullptr);
            });
        }
        SECTION(std::string("UDP, ") + mode_name(mode))
        {
            Sock u(open_sock(AF_INET, SOCK_DGRAM));
            Addr any(inet("127.0.0.1", 0));
            REQUIRE_SX(sx_socket_bind(u, any));
            set_mode(u, mode);
            sx_socket victim = u.h;
            u.h = 0;
            check_close_wakes("UDP recv", mode, victim, [victim] {
                char buf[16];
                size_t n;
                return sx_socket_recv(victim, buf, sizeof buf, 0, &n);
            });
        }
    }
}

TEST_CASE("socket: close wakes a thread blocked in accept", "[socket][threads]")
{
    for (Mode mode : {Mode::blocking, Mode::timeout}) {
        SECTION(std::string("TCP, ") + mode_name(mode))
        {
            Sock l;
            Addr where;
            tcp_listener(l, where);
            set_mode(l, mode);
            sx_socket victim = l.h;
            l.h = 0;
            check_close_wakes("accept", mode, victim, [victim] {
                sx_socket conn = 0;
                int32_t rc = sx_socket_accept(victim, &conn, nullptr);
                sx_socket_close(conn);
                return rc;
            });
            // The port is free again: nothing listens there any more.
            Sock c(open_sock(AF_INET, SOCK_STREAM));
            REQUIRE_CODE(sx_socket_connect(c, where), SX_ECONNREFUSED);
        }
        SECTION(std::string("AF_UNIX, ") + mode_name(mode))
        {
            Sock l(open_sock(AF_UNIX, SOCK_STREAM));
            Addr where(unix_bytes(abstract_name("accept")));
            REQUIRE_SX(sx_socket_bind(l, where));
            REQUIRE_SX(sx_socket_listen(l, 1));
            set_mode(l, mode);
            sx_socket victim = l.h;
            l.h = 0;
            check_close_wakes("unix accept", mode, victim, [victim] {
                sx_socket conn = 0;
                int32_t rc = sx_socket_accept(victim, &conn, nullptr);
                sx_socket_close(conn);
                return rc;
            });
        }
    }
}

TEST_CASE("socket: close wakes a thread blocked in connect", "[socket][threads]")
{
    FullBacklog full;
    for (Mode mode : {Mode::blocking, Mode::timeout}) {
        SECTION(mode_name(mode))
        {
            sx_socket victim = open_sock(AF_INET, SOCK_STREAM);
            set_mode(victim, mode);
            sx_addr where = full.where;
            check_close_wakes("connect", mode, victim, [victim, where] { return sx_socket_connect(victim, where); });
        }
        SECTION(std::string("connect_ex, ") + mode_name(mode))
        {
            sx_socket victim = open_sock(AF_INET, SOCK_STREAM);
            set_mode(victim, mode);
            sx_addr where = full.where;
            // The close is the call's status, not a connection outcome.
            check_close_wakes("connect_ex", mode, victim, [victim, where] {
                int32_t result = 12345;
                int32_t rc = sx_socket_connect_ex(victim, where, &result);
                return rc == 0 ? result : rc;
            });
        }
    }
}

TEST_CASE("socket: close wakes a thread blocked in send", "[socket][threads]")
{
    for (Mode mode : {Mode::blocking, Mode::timeout}) {
        SECTION(std::string("socketpair, ") + mode_name(mode))
        {
            Sock a, b;
            REQUIRE_SX(sx_socketpair(AF_UNIX, SOCK_STREAM, 0, a.out(), b.out()));
            small_buffers(a);
            set_mode(a, mode);
            fill_send_buffer(a);
            sx_socket victim = a.h;
            a.h = 0;
            check_close_wakes("send", mode, victim, [victim] {
                static char chunk[65536];
                size_t n;
                return sx_socket_send(victim, chunk, sizeof chunk, 0, &n);
            });
        }
        SECTION(std::string("TCP sendall, ") + mode_name(mode))
        {
            Sock c, s;
            tcp_pair(c, s);
            small_buffers(c);
            small_buffers(s);
            set_mode(c, mode);
            fill_send_buffer(c);
            sx_socket victim = c.h;
            c.h = 0;
            size_t sent = 999;
            check_close_wakes("sendall", mode, victim, [victim, &sent] {
                static char chunk[1 << 20];
                return sx_socket_sendall(victim, chunk, sizeof chunk, 0, &sent);
            });
            CHECK(sent < (1u << 20));
        }
    }
}

TEST_CASE("socket: detach is refused while another thread uses the socket", "[socket][threads][lifetime]")
{
    for (Mode mode : {Mode::blocking, Mode::timeout}) {
        INFO(mode_name(mode));
        Sock a, b;
        REQUIRE_SX(sx_socketpair(AF_UNIX, SOCK_STREAM, 0, a.out(), b.out()));
        set_mode(a, mode);
        std::atomic<int32_t> rc{1};
        std::atomic<bool> started{false}, done{false};
        std::atomic<pid_t> tid{0};
        size_t got = 0;
        char buf[8];
        Watchdog wd({fd_of(a)}, 20);
        std::thread t([&] {
            tid = thread_id();
            started = true;
            rc = sx_socket_recv(a, buf, sizeof buf, 0, &got);
            done = true;
        });
        // A loaded machine may start the thread late: wait until it sleeps in the call, as
        // check_close_wakes does, then a little more.
        for (int i = 0; i < 5000 && !started.load(); i++)
            sleep_ms(1);
        REQUIRE(started.load());
        for (int i = 0; i < 2000 && thread_state(tid) != 'S'; i++)
            sleep_ms(1);
        sleep_ms(sxt::under_valgrind() ? 300 : 50);
        int32_t fd = -7;
        REQUIRE_CODE(sx_socket_detach(a, &fd), SX_EBUSY);
        CHECK(fd == -7);
        CHECK_FALSE(done.load());
        // The socket is intact: data still reaches the blocked call.
        size_t n;
        REQUIRE_SX(sx_socket_send(b, "go", 2, 0, &n));
        t.join();
        REQUIRE_SX(rc.load());
        CHECK(std::string(buf, got) == "go");
        // Idle now: detach works and the fd stays open.
        REQUIRE_SX(sx_socket_detach(a, &fd));
        a.h = 0;
        CHECK(fd_open(fd));
        close(fd);
    }
}

TEST_CASE("socket: concurrent send and recv on one socket from two threads", "[socket][threads]")
{
    const size_t size = 2u << 20;
    auto run = [&](sx_socket x, sx_socket y) {
        std::vector<char> xy = pattern(size, 1), yx = pattern(size, 2);
        uint64_t got_xy = 0, got_yx = 0;
        int32_t rc[4] = {1, 1, 1, 1};
        size_t sent[2] = {0, 0};
        Watchdog wd({fd_of(x), fd_of(y)}, 60);
        std::thread t0([&] { rc[0] = sx_socket_sendall(x, xy.data(), size, 0, &sent[0]); });
        std::thread t1([&] { rc[1] = recv_exact(x, size, &got_yx); });
        std::thread t2([&] { rc[2] = sx_socket_sendall(y, yx.data(), size, 0, &sent[1]); });
        std::thread t3([&] { rc[3] = recv_exact(y, size, &got_xy); });
        t0.join();
        t1.join();
        t2.join();
        t3.join();
        for (int i = 0; i < 4; i++) {
            INFO("thread " << i << ": " << sx_error_name(rc[i]));
            CHECK(rc[i] == 0);
        }
        CHECK(sent[0] == size);
        CHECK(sent[1] == size);
        CHECK(got_xy == checksum(xy));
        CHECK(got_yx == checksum(yx));
    };
    SECTION("TCP, timeout mode")
    {
        Sock c, s;
        tcp_pair(c, s);
        REQUIRE_SX(sx_socket_settimeout(c, 30.0));
        REQUIRE_SX(sx_socket_settimeout(s, 30.0));
        run(c, s);
    }
    SECTION("socketpair, blocking mode with small buffers")
    {
        Sock a, b;
        REQUIRE_SX(sx_socketpair(AF_UNIX, SOCK_STREAM, 0, a.out(), b.out()));
        small_buffers(a);
        small_buffers(b);
        run(a, b);
    }
}

TEST_CASE("socket: many threads opening, using and closing handles", "[socket][threads]")
{
    // Handles shared through a table that every thread reads, replaces and closes at random.
    // Whatever the interleaving, each call returns a status from its documented set; a handle
    // once closed is refused with SX_EBADHANDLE for good.
    constexpr int kSlots = 24;
    std::atomic<sx_socket> slots[kSlots];
    for (auto &s : slots)
        s = 0;
    const int threads = 4;
    const int iterations = sxt::under_valgrind() ? 500 : 10000;
    std::mutex problems_lock;
    std::vector<std::string> problems;
    std::atomic<long> ops{0}, closed_seen{0}, badhandle_seen{0};

    auto worker = [&](int id) {
        std::mt19937 rng(1234u + (unsigned)id);
        std::vector<sx_socket> my_closed;
        auto bad = [&](const char *op, int32_t rc) {
            std::lock_guard<std::mutex> g(problems_lock);
            if (problems.size() < 20)
                problems.push_back(std::string(op) + " -> " + sx_error_name(rc));
        };
        auto expect = [&](const char *op, int32_t rc, std::initializer_list<int32_t> allowed) {
            ops++;
            if (rc == SX_EBADHANDLE)
                badhandle_seen++;
            if (rc == SX_ECLOSED)
                closed_seen++;
            for (int32_t a : allowed)
                if (rc == a)
                    return;
            bad(op, rc);
        };
        for (int i = 0; i < iterations; i++) {
            int slot = (int)(rng() % kSlots);
            sx_socket h = slots[slot].load();
            char buf[64];
            size_t n = 0;
            switch (rng() % 12) {
            case 0: { // new pair, replacing (and closing) whatever two slots held
                sx_socket a = 0, b = 0;
                // Half of them start blocking (so a close also shuts them down), all are
                // non-blocking before they are shared: no call here may wait without bound.
                bool once_blocking = rng() % 2;
                int32_t rc = sx_socketpair(AF_UNIX, SOCK_STREAM | (once_blocking ? 0 : SOCK_NONBLOCK), 0, &a, &b);
                expect("socketpair", rc, {0});
                if (rc)
                    break;
                if (once_blocking) {
                    expect("setblocking a", sx_socket_setblocking(a, 0), {0});
                    expect("setblocking b", sx_socket_setblocking(b, 0), {0});
                }
                sx_socket old_a = slots[slot].exchange(a);
                sx_socket old_b = slots[(slot + 1) % kSlots].exchange(b);
                for (sx_socket old : {old_a, old_b})
                    if (old) {
                        expect("close replaced", sx_socket_close(old), {0});
                        my_closed.push_back(old);
                    }
                break;
            }
            case 1: { // close a shared handle
                sx_socket old = slots[slot].exchange(0);
                expect("close", sx_socket_close(old), {0});
                if (old)
                    my_closed.push_back(old);
                break;
            }
            case 2:
                expect("send", sx_socket_send(h, "hammer", 6, 0, &n),
                       {0, SX_EAGAIN, SX_ETIMEOUT, SX_EBADHANDLE, SX_ECLOSED, SX_EPIPE, SX_ECONNRESET});
                break;
            case 3:
                expect("recv", sx_socket_recv(h, buf, sizeof buf, 0, &n),
                       {0, SX_EAGAIN, SX_ETIMEOUT, SX_EBADHANDLE, SX_ECLOSED, SX_ECONNRESET});
                break;
            case 4: // a short wait in timeout mode, which another thread's close may cut short
                expect("settimeout", sx_socket_settimeout(h, rng() % 2 ? 0.002 : 0.0), {0, SX_EBADHANDLE});
                expect("recv timeout", sx_socket_recv(h, buf, sizeof buf, 0, &n),
                       {0, SX_EAGAIN, SX_ETIMEOUT, SX_EBADHANDLE, SX_ECLOSED, SX_ECONNRESET});
                break;
            case 5: {
                sx_socket d = 0;
                int32_t rc = sx_socket_dup(h, &d);
                expect("dup", rc, {0, SX_EBADHANDLE});
                if (!rc) {
                    expect("send on dup", sx_socket_sendall(d, "d", 1, 0, &n),
                           {0, SX_EAGAIN, SX_ETIMEOUT, SX_EPIPE, SX_ECONNRESET});
                    expect("close dup", sx_socket_close(d), {0});
                    my_closed.push_back(d);
                }
                break;
            }
            case 6: {
                sx_addr a = 0;
                int32_t rc = sx_socket_getsockname(h, &a);
                expect("getsockname", rc, {0, SX_EBADHANDLE});
                if (!rc) {
                    // The wrong kind: an address is never a socket.
                    int32_t fd;
                    expect("fileno of an address", sx_socket_fileno(a, &fd), {SX_EBADHANDLE});
                    expect("close address as socket", sx_socket_close(a), {SX_EBADHANDLE});
                    expect("close address", sx_addr_close(a), {0});
                }
                break;
            }
            case 7: {
                int32_t fd;
                double t;
                int b;
                expect("fileno", sx_socket_fileno(h, &fd), {0, SX_EBADHANDLE});
                expect("gettimeout", sx_socket_gettimeout(h, &t), {0, SX_EBADHANDLE});
                expect("getblocking", sx_socket_getblocking(h, &b), {0, SX_EBADHANDLE});
                expect("get_inheritable", sx_socket_get_inheritable(h, &b), {0, SX_EBADHANDLE});
                break;
            }
            case 8: { // every handle this thread closed stays dead
                if (my_closed.empty())
                    break;
                sx_socket old = my_closed[rng() % my_closed.size()];
                int32_t fd;
                expect("fileno of a closed handle", sx_socket_fileno(old, &fd), {SX_EBADHANDLE});
                expect("send on a closed handle", sx_socket_send(old, "x", 1, 0, &n), {SX_EBADHANDLE});
                expect("close a closed handle", sx_socket_close(old), {0});
                break;
            }
            case 9: { // detach races with the other threads' use
                int32_t fd = -1;
                sx_socket old = slots[slot].exchange(0);
                int32_t rc = sx_socket_detach(old, &fd);
                expect("detach", rc, {0, SX_EBUSY, SX_EBADHANDLE});
                if (rc == 0) {
                    close(fd);
                    my_closed.push_back(old);
                } else if (rc == SX_EBUSY) {
                    expect("close after EBUSY", sx_socket_close(old), {0});
                    my_closed.push_back(old);
                }
                break;
            }
            case 10:
                expect("shutdown", sx_socket_shutdown(h, SHUT_WR), {0, SX_EBADHANDLE, SX_ENOTCONN});
                break;
            default: { // garbage handles
                sx_socket garbage = ((uint64_t)rng() << 21) ^ rng();
                int32_t fd;
                int32_t rc = sx_socket_fileno(garbage, &fd);
                if (rc != SX_EBADHANDLE) {
                    // A random value may, rarely, name a live socket: that is not misuse of memory.
                    expect("fileno of garbage", rc, {0});
                }
                break;
            }
            }
        }
    };
    std::vector<std::thread> pool;
    for (int i = 0; i < threads; i++)
        pool.emplace_back(worker, i);
    for (auto &t : pool)
        t.join();
    for (auto &s : slots)
        REQUIRE_SX(sx_socket_close(s.exchange(0)));
    for (auto &p : problems)
        UNSCOPED_INFO(p);
    CHECK(problems.empty());
    CHECK(ops.load() > threads * iterations);
    CHECK(badhandle_seen.load() > 0);
}

TEST_CASE("socket: close racing with the start of a blocking connect", "[socket][threads]")
{
    // The close may land just before the connect thread's connect(2) reaches the kernel: the
    // shutdown(2) that wakes blocked calls then precedes the connect, which would otherwise hang
    // until the kernel gives up on the SYNs (minutes). Close at many offsets around the start.
    FullBacklog full;
    const int rounds = sxt::under_valgrind() ? 20 : 200;
    int slow = 0;
    double worst = 0;
    for (int i = 0; i < rounds; i++) {
        sx_socket victim = open_sock(AF_INET, SOCK_STREAM);
        std::atomic<bool> go{false}, done{false};
        std::atomic<int32_t> rc{1};
        sx_addr where = full.where;
        std::thread t([&] {
            go = true;
            rc = sx_socket_connect(victim, where);
            done = true;
        });
        while (!go)
            std::this_thread::yield();
        for (volatile int spin = 0; spin < (i % 50) * 200; spin++)
            ;
        double closed_at = mono();
        REQUIRE_SX(sx_socket_close(victim));
        for (int w = 0; w < 30000 && !done; w++)
            std::this_thread::sleep_for(std::chrono::microseconds(100));
        double took = mono() - closed_at;
        worst = std::max(worst, took);
        if (!done) {
            slow++;
            // Rescue: without a listener the next SYN retransmission is refused.
            full.fillers.clear();
            sx_socket_close(full.listener.h);
            full.listener.h = 0;
        }
        t.join();
        int32_t r = rc.load();
        INFO("round " << i << ": " << sx_error_name(r) << " after " << took * 1e3 << " ms");
        REQUIRE(slow == 0);
        CHECK((r == SX_ECLOSED || r == SX_EBADHANDLE));
    }
    report("close racing connect, worst", worst);
    CHECK(worst < wake_limit() + 0.1);
}

// Put s (blocking, connected to peer) in timeout mode while another thread is blocked in recv
// on it, then let that recv return.
static void switch_mode_while_blocked(sx_socket s, sx_socket peer)
{
    std::atomic<int32_t> rc{1};
    std::thread t([&] {
        char c;
        size_t n;
        rc = sx_socket_recv(s, &c, 1, 0, &n);
    });
    sleep_ms(sxt::under_valgrind() ? 200 : 20);
    REQUIRE_SX(sx_socket_settimeout(s, 60.0));
    size_t n;
    REQUIRE_SX(sx_socket_send(peer, "!", 1, 0, &n));
    t.join();
    REQUIRE_SX(rc.load());
}

TEST_CASE("socket: waits still end on close and on time when no wake-up eventfd can be made",
          "[socket][threads][timeouts]")
{
    // The first wait of a socket makes an eventfd for the closer to signal. With descriptors
    // exhausted it cannot, and waits are cut into slices instead: a close is then seen within a
    // slice (50 ms), and a timeout still expires on time. A socket that has been in blocking mode
    // is also shut down by the closer, so its waiters see EOF, EPIPE or EINVAL first: each must
    // still be reported as SX_ECLOSED.
    struct Victim {
        const char *what;
        Sock s;
        std::function<int32_t(sx_socket)> call;
        std::atomic<int32_t> rc{1};
        std::atomic<bool> done{false};
        double returned_at = 0;
    };
    auto recv_call = [](sx_socket h) {
        char buf[8];
        size_t n;
        return sx_socket_recv(h, buf, sizeof buf, 0, &n);
    };
    Victim v[4];
    Sock peers[3];
    // Never in blocking mode (SOCK_NONBLOCK): only the slices can notice the close.
    v[0].what = "recv, never blocking";
    REQUIRE_SX(sx_socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, v[0].s.out(), peers[0].out()));
    v[0].call = recv_call;
    // Switched from blocking to timeout mode while another thread was blocked in a call: the
    // closer cannot know that call has left the kernel, so it will shut the socket down.
    v[1].what = "recv, switched while blocked";
    REQUIRE_SX(sx_socketpair(AF_UNIX, SOCK_STREAM, 0, v[1].s.out(), peers[1].out()));
    switch_mode_while_blocked(v[1].s, peers[1]);
    v[1].call = recv_call;
    v[2].what = "send, switched while blocked";
    REQUIRE_SX(sx_socketpair(AF_UNIX, SOCK_STREAM, 0, v[2].s.out(), peers[2].out()));
    switch_mode_while_blocked(v[2].s, peers[2]);
    small_buffers(v[2].s);
    fill_send_buffer(v[2].s);
    v[2].call = [](sx_socket h) {
        static char chunk[65536];
        size_t n;
        return sx_socket_send(h, chunk, sizeof chunk, 0, &n);
    };
    // (Not accept: with no descriptor to spare, accept4 fails with EMFILE at once.)
    v[3].what = "connect, created blocking";
    FullBacklog full;
    v[3].s.h = open_sock(AF_INET, SOCK_STREAM);
    sx_addr where = full.where;
    v[3].call = [where](sx_socket h) { return sx_socket_connect(h, where); };
    // (v[1] and v[2] are in timeout mode already; setting it again would let the library forget.)
    REQUIRE_SX(sx_socket_settimeout(v[0].s, 60.0));
    REQUIRE_SX(sx_socket_settimeout(v[3].s, 60.0));
    Sock c, d;
    REQUIRE_SX(sx_socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, c.out(), d.out()));
    REQUIRE_SX(sx_socket_settimeout(c, 0.12));
    int raw[4];
    for (int i = 0; i < 4; i++)
        raw[i] = fd_of(v[i].s);

    // The threads start before the limit: thread start-up may want a descriptor (the sanitizers'
    // memory checks do), the calls under test must not get one.
    std::atomic<bool> go{false};
    std::vector<std::thread> threads;
    for (auto &x : v)
        threads.emplace_back([&x, &go] {
            while (!go)
                std::this_thread::yield();
            int32_t r = x.call(x.s.h);
            x.returned_at = mono();
            x.rc = r;
            x.done = true;
        });

    int lowest_free = dup(0);
    REQUIRE(lowest_free >= 0);
    close(lowest_free);
    struct rlimit saved;
    REQUIRE(getrlimit(RLIMIT_NOFILE, &saved) == 0);
    struct rlimit tight = saved;
    tight.rlim_cur = (rlim_t)lowest_free; // no new descriptor can be made now
    int limited = setrlimit(RLIMIT_NOFILE, &tight);
    int probe = dup(0);
    bool exhausted = limited == 0 && probe < 0 && errno == EMFILE;
    if (probe >= 0)
        close(probe);

    char buf[8];
    size_t n;
    double t0 = mono();
    int32_t timed = sx_socket_recv(c, buf, sizeof buf, 0, &n);
    double took = mono() - t0;

    go = true;
    sleep_ms(sxt::under_valgrind() ? 400 : 80);
    double closed_at[4];
    int32_t close_rc[4];
    for (int i = 0; i < 4; i++) {
        closed_at[i] = mono();
        close_rc[i] = sx_socket_close(v[i].s.h);
    }
    for (int w = 0; w < 5000; w++) {
        bool all = true;
        for (auto &x : v)
            all = all && x.done;
        if (all)
            break;
        sleep_ms(1);
    }
    for (int i = 0; i < 4; i++)
        if (!v[i].done)
            shutdown(raw[i], SHUT_RDWR); // rescue, so that the test ends
    for (auto &t : threads)
        t.join();
    if (limited == 0)
        REQUIRE(setrlimit(RLIMIT_NOFILE, &saved) == 0);

    REQUIRE(exhausted);
    REQUIRE_CODE(timed, SX_ETIMEOUT);
    CHECK(took >= 0.118);
    CHECK(took < 0.12 + slack());
    for (int i = 0; i < 4; i++) {
        INFO(v[i].what);
        REQUIRE_SX(close_rc[i]);
        CHECK(v[i].rc.load() == SX_ECLOSED);
        double latency = v[i].returned_at - closed_at[i];
        char label[96];
        std::snprintf(label, sizeof label, "close wakes %s, no eventfd", v[i].what);
        report(label, latency);
        CHECK(latency < 0.05 + wake_limit());
    }
}

// socket.h: "A call waiting in timeout mode is woken by an internal event"; only calls blocked in
// the kernel in blocking mode need the shutdown(2) that other descriptors of the connection see.
// The socket starts in blocking mode and leaves it before the waiter starts, so no shutdown.
TEST_CASE("socket: closing a socket with a timeout-mode waiter leaves its dup connected", "[socket][threads]")
{
    Sock c, srv;
    tcp_pair(c, srv);
    Sock d;
    REQUIRE_SX(sx_socket_dup(c, d.out()));
    REQUIRE_SX(sx_socket_settimeout(c, 60.0));
    sx_socket victim = c.h;
    c.h = 0;
    check_close_wakes("recv with a dup", Mode::timeout, victim, [victim] {
        char buf[4];
        size_t n;
        return sx_socket_recv(victim, buf, sizeof buf, 0, &n);
    });
    size_t n;
    char buf[8];
    REQUIRE_SX(sx_socket_settimeout(d, 5.0));
    REQUIRE_SX(sx_socket_settimeout(srv, 5.0));
    REQUIRE_SX(sx_socket_send(d, "via dup", 7, 0, &n));
    REQUIRE_SX(sx_socket_recv(srv, buf, 7, MSG_WAITALL, &n));
    CHECK(std::string(buf, n) == "via dup");
    REQUIRE_SX(sx_socket_send(srv, "back", 4, 0, &n));
    REQUIRE_SX(sx_socket_recv(d, buf, 4, MSG_WAITALL, &n));
    CHECK(std::string(buf, n) == "back");
}
