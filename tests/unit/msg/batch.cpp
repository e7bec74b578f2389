// SPDX-License-Identifier: MIT
// Batches: sx_socket_sendmmsg and sx_socket_recvmmsg over UDP and AF_UNIX: 10,000 datagrams in
// batches of 32 with flow control (none lost, none reordered), partial batches, descriptors in a
// batch, the timeout modes, a close while blocked, and bad input (SX_EARG, SX_EMSGSIZE,
// SX_EBADHANDLE, SX_EBUSY).
#include "msg_helpers.hpp"

#include <atomic>
#include <poll.h>
#include <thread>

using namespace sxm;

namespace {

// A batch of n messages, each with its own buffer of `size` bytes.
struct Batch {
    std::vector<Msg> msgs;
    std::vector<sx_msg> handles;
    std::vector<std::vector<char>> bufs;
    Batch(size_t n, size_t size) : msgs(n), bufs(n, std::vector<char>(size))
    {
        for (size_t i = 0; i < n; i++) {
            REQUIRE_SX(sx_msg_new(msgs[i].out()));
            handles.push_back(msgs[i].h);
            set_len(i, size);
        }
    }
    void set_len(size_t i, size_t len)
    {
        void *b[1] = {bufs[i].data()};
        size_t l[1] = {len};
        REQUIRE_SX(sx_msg_set_buffers(msgs[i], b, l, 1));
    }
    const sx_msg *data() const { return handles.data(); }
};

// A UDP socket bound to 127.0.0.1 (port chosen by the kernel); *where receives its address.
void udp_bound(Sock &s, Addr &where)
{
    REQUIRE_SX(sx_socket_open(AF_INET, SOCK_DGRAM, 0, s.out()));
    Addr any(loopback(AF_INET, 0));
    REQUIRE_SX(sx_socket_bind(s, any));
    REQUIRE_SX(sx_socket_getsockname(s, where.out()));
}

uint32_t seq_of(const std::vector<char> &buf)
{
    uint32_t v;
    std::memcpy(&v, buf.data(), sizeof v);
    return v;
}

void put_seq(std::vector<char> &buf, uint32_t v)
{
    std::memcpy(buf.data(), &v, sizeof v);
    for (size_t i = sizeof v; i < buf.size(); i++)
        buf[i] = (char)(v * 31 + i);
}

bool body_ok(const std::vector<char> &buf, size_t len, uint32_t v)
{
    for (size_t i = sizeof v; i < len; i++)
        if (buf[i] != (char)(v * 31 + i))
            return false;
    return true;
}

} // namespace

TEST_CASE("batch: 10,000 datagrams in batches of 32 with flow control, none lost, none reordered",
          "[msg][batch][threads]")
{
    const uint32_t total = sxt::under_valgrind() ? 2000 : 10000;
    // Datagrams in flight: far below what the receive buffer holds, which counts each small
    // datagram at its kernel size (about 1 KiB on loopback), not its 64 bytes.
    const uint32_t window = 64;
    const size_t size = 64;
    for (double rtimeout : {-1.0, 10.0, 0.0}) {
        INFO("receiver timeout " << rtimeout);
        Sock rx, tx;
        Addr rx_at, tx_at;
        udp_bound(rx, rx_at);
        udp_bound(tx, tx_at);
        REQUIRE_SX(sx_socket_settimeout(rx, rtimeout));
        REQUIRE_SX(sx_socket_setsockopt_int(rx, SOL_SOCKET, SO_RCVBUF, 1 << 20));
        Watchdog wd({fd_of(rx), fd_of(tx)}, 60);
        std::atomic<uint32_t> received{0};
        std::atomic<bool> failed{false};
        // Made here: Catch2's assertions are for the test's own thread only.
        Batch b(32, size);
        for (auto &m : b.msgs)
            REQUIRE_SX(sx_msg_set_address(m, rx_at));
        std::thread sender([&] {
            uint32_t next = 0;
            double limit = mono() + 50;
            while (next < total && !failed && mono() < limit) {
                if (next - received.load() + 32 > window) {
                    std::this_thread::yield();
                    continue;
                }
                size_t n = std::min<size_t>(32, total - next);
                for (size_t i = 0; i < n; i++)
                    put_seq(b.bufs[i], next + (uint32_t)i);
                size_t sent = 0;
                int32_t rc = sx_socket_sendmmsg(tx, b.data(), n, 0, &sent);
                if (rc != 0 || sent == 0 || sent > n) {
                    failed = true;
                    break;
                }
                for (size_t i = 0; i < sent; i++) {
                    size_t len = 0;
                    if (sx_msg_nbytes(b.msgs[i], &len) != 0 || len != size)
                        failed = true;
                }
                next += (uint32_t)sent; // the rest of the batch goes again in the next call
            }
        });
        Batch r(32, size + 16);
        uint32_t expect = 0;
        bool in_order = true, bodies = true, senders = true;
        size_t calls = 0;
        double limit = mono() + 50;
        while (expect < total && !failed && mono() < limit) {
            size_t got = 0;
            int32_t rc = sx_socket_recvmmsg(rx, r.data(), 32, 0, &got);
            if (rc == SX_EAGAIN && rtimeout == 0.0) {
                pollfd p{fd_of(rx), POLLIN, 0};
                poll(&p, 1, 100);
                continue;
            }
            REQUIRE_SX(rc);
            REQUIRE(got >= 1);
            REQUIRE(got <= 32);
            calls++;
            for (size_t i = 0; i < got; i++) {
                size_t len = nbytes_of(r.msgs[i]);
                uint32_t v = seq_of(r.bufs[i]);
                if (len != size || v != expect)
                    in_order = false;
                if (!body_ok(r.bufs[i], len, v))
                    bodies = false;
                if (i == 0 && calls % 64 == 1) { // the sender's address, now and then
                    Addr from;
                    REQUIRE_SX(sx_msg_address(r.msgs[i], from.out()));
                    senders = senders && port_of(from) == port_of(tx_at);
                }
                expect++;
            }
            received = expect;
        }
        sender.join();
        CHECK(!failed);
        CHECK(expect == total);
        CHECK(in_order);
        CHECK(bodies);
        CHECK(senders);
        INFO("calls " << calls);
        CHECK(calls < total); // batched: more than one datagram per call on average
        CHECK(!wd.fired);
    }
}

TEST_CASE("batch: partial batches take what is there without waiting again", "[msg][batch]")
{
    Sock rx, tx;
    Addr rx_at, tx_at;
    udp_bound(rx, rx_at);
    udp_bound(tx, tx_at);
    REQUIRE_SX(sx_socket_connect(tx, rx_at));
    Batch r(32, 100);
    size_t n = 99;
    SECTION("count 0 sends and receives nothing, at once")
    {
        REQUIRE_SX(sx_socket_sendmmsg(tx, nullptr, 0, 0, &n));
        CHECK(n == 0);
        n = 99;
        double t0 = mono();
        REQUIRE_SX(sx_socket_recvmmsg(rx, r.data(), 0, 0, &n)); // blocking mode: still no wait
        CHECK(n == 0);
        CHECK(mono() - t0 < slack());
    }
    SECTION("a batch larger than what is queued returns what is queued, in blocking mode too")
    {
        Batch s(5, 10);
        for (size_t i = 0; i < 5; i++) {
            std::fill(s.bufs[i].begin(), s.bufs[i].end(), (char)('a' + i));
            s.set_len(i, i + 1); // lengths 1..5
        }
        REQUIRE_SX(sx_socket_sendmmsg(tx, s.data(), 5, 0, &n));
        REQUIRE(n == 5);
        for (size_t i = 0; i < 5; i++)
            CHECK(nbytes_of(s.msgs[i]) == i + 1);
        for (double timeout : {-1.0, 5.0, 0.0}) {
            INFO("timeout " << timeout);
            REQUIRE_SX(sx_socket_settimeout(rx, timeout));
            if (timeout != -1.0)
                REQUIRE_SX(sx_socket_sendmmsg(tx, s.data(), 5, 0, &n));
            // Wait until the five are queued, so one call can take them all.
            pollfd p{fd_of(rx), POLLIN, 0};
            REQUIRE(poll(&p, 1, 2000) == 1);
            sleep_ms(20);
            double t0 = mono();
            REQUIRE_SX(sx_socket_recvmmsg(rx, r.data(), 32, 0, &n));
            CHECK(mono() - t0 < slack());
            REQUIRE(n == 5);
            for (size_t i = 0; i < 5; i++) {
                CHECK(nbytes_of(r.msgs[i]) == i + 1);
                CHECK(std::string(r.bufs[i].data(), i + 1) == std::string(i + 1, (char)('a' + i)));
                CHECK(flags_of(r.msgs[i]) == 0);
            }
        }
    }
    SECTION("an empty socket: SX_EAGAIN without waiting, SX_ETIMEOUT at the timeout")
    {
        REQUIRE_SX(sx_socket_setblocking(rx, 0));
        REQUIRE_CODE(sx_socket_recvmmsg(rx, r.data(), 32, 0, &n), SX_EAGAIN);
        REQUIRE_SX(sx_socket_setblocking(rx, 1));
        REQUIRE_CODE(sx_socket_recvmmsg(rx, r.data(), 32, MSG_DONTWAIT, &n), SX_EAGAIN);
        REQUIRE_SX(sx_socket_settimeout(rx, 0.2));
        double t0 = mono();
        REQUIRE_CODE(sx_socket_recvmmsg(rx, r.data(), 32, 0, &n), SX_ETIMEOUT);
        double took = mono() - t0;
        CHECK(took >= 0.19);
        CHECK(took < 0.2 + slack());
        CHECK(n == 0);
    }
    SECTION("a datagram larger than its message's buffer is cut and flagged MSG_TRUNC")
    {
        Batch s(1, 50);
        REQUIRE_SX(sx_socket_sendmmsg(tx, s.data(), 1, 0, &n));
        r.set_len(0, 20);
        REQUIRE_SX(sx_socket_recvmmsg(rx, r.data(), 1, 0, &n));
        REQUIRE(n == 1);
        CHECK(nbytes_of(r.msgs[0]) == 20);
        CHECK((flags_of(r.msgs[0]) & MSG_TRUNC) != 0);
    }
}

TEST_CASE("batch: descriptors and ancillary items travel in a batch", "[msg][batch][emptyiov]")
{
    Sock a, b;
    unix_pair(a, b, SOCK_DGRAM);
    Batch s(3, 8);
    std::vector<std::pair<Fd, Fd>> pipes;
    for (int i = 0; i < 3; i++) {
        pipes.push_back(make_pipe());
        int32_t fd = pipes.back().second.fd;
        REQUIRE_SX(sx_msg_add_fds(s.msgs[i], &fd, 1));
    }
    size_t n = 0;
    REQUIRE_SX(sx_socket_sendmmsg(a, s.data(), 3, 0, &n));
    REQUIRE(n == 3);
    Batch r(3, 8);
    for (auto &m : r.msgs)
        REQUIRE_SX(sx_msg_set_ancbufsize(m, CMSG_SPACE(sizeof(int))));
    REQUIRE_SX(sx_socket_recvmmsg(b, r.data(), 3, 0, &n));
    REQUIRE(n == 3);
    for (int i = 0; i < 3; i++) {
        REQUIRE(fds_of(r.msgs[i]) == 1);
        Fd w = take_fd(r.msgs[i], 0);
        CHECK(fd_cloexec(w)); // MSG_CMSG_CLOEXEC
        char c = (char)('x' + i);
        REQUIRE(write(w, &c, 1) == 1);
        char got = 0;
        REQUIRE(read(pipes[i].first, &got, 1) == 1);
        CHECK(got == c);
    }
    // A second receive into the same messages releases what they held: untaken descriptors close.
    int before = sxt::open_fd_count();
    for (int i = 0; i < 2; i++) {
        int32_t fd = pipes[0].second.fd;
        Msg one(new_msg());
        REQUIRE_SX(sx_msg_add_fds(one, &fd, 1));
        sx_msg h = one.h;
        REQUIRE_SX(sx_socket_sendmmsg(a, &h, 1, 0, &n));
    }
    REQUIRE_SX(sx_socket_recvmmsg(b, r.data(), 1, 0, &n));
    CHECK(sxt::open_fd_count() == before + 1);
    REQUIRE_SX(sx_socket_recvmmsg(b, r.data(), 1, 0, &n));
    CHECK(sxt::open_fd_count() == before + 1); // the first one's descriptor was closed
}

TEST_CASE("batch: bad input is refused before any system call", "[msg][batch]")
{
    Sock rx, tx;
    Addr rx_at, tx_at;
    udp_bound(rx, rx_at);
    udp_bound(tx, tx_at);
    REQUIRE_SX(sx_socket_connect(tx, rx_at));
    Batch b(2, 16);
    size_t n = 99;
    REQUIRE_CODE(sx_socket_sendmmsg(tx, nullptr, 1, 0, &n), SX_EARG);
    REQUIRE_CODE(sx_socket_recvmmsg(rx, nullptr, 1, 0, &n), SX_EARG);
    REQUIRE_CODE(sx_socket_sendmmsg(tx, b.data(), 2, 0, nullptr), SX_EARG);
    REQUIRE_CODE(sx_socket_recvmmsg(rx, b.data(), 2, 0, nullptr), SX_EARG);
    std::vector<sx_msg> many(1025, b.handles[0]);
    REQUIRE_CODE(sx_socket_sendmmsg(tx, many.data(), many.size(), 0, &n), SX_EMSGSIZE);
    REQUIRE_CODE(sx_socket_recvmmsg(rx, many.data(), many.size(), 0, &n), SX_EMSGSIZE);
    REQUIRE_CODE(sx_socket_sendmmsg(0, b.data(), 2, 0, &n), SX_EBADHANDLE);
    // A closed message, 0, and a handle of another kind, anywhere in the array.
    sx_msg gone = new_msg();
    REQUIRE_SX(sx_msg_close(gone));
    for (sx_msg bad : {gone, (sx_msg)0, (sx_msg)rx.h}) {
        sx_msg arr[3] = {b.handles[0], b.handles[1], bad};
        REQUIRE_CODE(sx_socket_sendmmsg(tx, arr, 3, 0, &n), SX_EBADHANDLE);
        REQUIRE_CODE(sx_socket_recvmmsg(rx, arr, 3, 0, &n), SX_EBADHANDLE);
        CHECK(n == 0);
    }
    // The same message twice in one call is in "two batches" at once.
    sx_msg twice[2] = {b.handles[0], b.handles[0]};
    REQUIRE_CODE(sx_socket_sendmmsg(tx, twice, 2, 0, &n), SX_EBUSY);
    // Nothing was sent by any of these, and the messages are usable again (their marks released).
    REQUIRE_CODE(sx_socket_recvmmsg(rx, b.data(), 2, MSG_DONTWAIT, &n), SX_EAGAIN);
    REQUIRE_SX(sx_socket_sendmmsg(tx, b.data(), 2, 0, &n));
    CHECK(n == 2);
}

TEST_CASE("batch: a message in a blocked batch is busy for a second batch, readable meanwhile",
          "[msg][batch][threads]")
{
    Sock rx, tx;
    Addr rx_at, tx_at;
    udp_bound(rx, rx_at);
    udp_bound(tx, tx_at);
    REQUIRE_SX(sx_socket_connect(tx, rx_at));
    Batch b(4, 16);
    Watchdog wd({fd_of(rx)}, 30);
    std::atomic<int32_t> first_rc{1};
    size_t got = 0;
    std::thread blocked([&] { first_rc = sx_socket_recvmmsg(rx, b.data(), 4, 0, &got); });
    // Until the thread holds its marks, a second call may win instead: retry briefly.
    int32_t rc = 0;
    size_t n = 0;
    for (int i = 0; i < 200; i++) {
        sleep_ms(10);
        sx_msg one = b.handles[2];
        rc = sx_socket_recvmmsg(rx, &one, 1, MSG_DONTWAIT, &n);
        if (rc == SX_EBUSY)
            break;
    }
    INFO("first call " << sx_error_name(first_rc.load()) << ", watchdog fired " << wd.fired.load());
    REQUIRE_CODE(rc, SX_EBUSY);
    sx_msg one = b.handles[1];
    REQUIRE_CODE(sx_socket_sendmmsg(tx, &one, 1, 0, &n), SX_EBUSY);
    // No lock is held across the wait: the blocked batch's messages can be read.
    CHECK(nbytes_of(b.msgs[0]) == 0);
    CHECK(first_rc == 1);
    REQUIRE_SX(sx_socket_send(tx, "wake", 4, 0, &n));
    blocked.join();
    REQUIRE_SX(first_rc.load());
    CHECK(got == 1);
    CHECK(std::string(b.bufs[0].data(), 4) == "wake");
}

TEST_CASE("batch: a close from another thread wakes a blocked batch with SX_ECLOSED", "[msg][batch][threads]")
{
    for (double timeout : {-1.0, 30.0}) {
        INFO("timeout " << timeout);
        for (int is_send : {0, 1}) {
            INFO("send " << is_send);
            sx_socket s = 0;
            Sock peer;
            Batch b(8, is_send ? 60000 : 16);
            if (is_send) {
                // AF_UNIX datagrams to a peer that does not read block once its queue is full.
                REQUIRE_SX(sx_socketpair(AF_UNIX, SOCK_DGRAM, 0, &s, peer.out()));
                REQUIRE_SX(sx_socket_settimeout(s, 0.0));
                size_t n = 0;
                for (int i = 0; i < 10000 && sx_socket_sendmmsg(s, b.data(), 8, 0, &n) == 0; i++) {
                }
            } else {
                Addr at;
                Sock tmp;
                udp_bound(tmp, at);
                s = tmp.h;
                tmp.h = 0;
            }
            REQUIRE_SX(sx_socket_settimeout(s, timeout));
            Watchdog wd({fd_of(s)}, 30);
            std::thread closer([&] {
                sleep_ms(200);
                sx_socket_close(s);
            });
            size_t n = 0;
            double t0 = mono();
            int32_t rc = is_send ? sx_socket_sendmmsg(s, b.data(), 8, 0, &n) : sx_socket_recvmmsg(s, b.data(), 8, 0, &n);
            double took = mono() - t0;
            closer.join();
            INFO("took " << took);
            REQUIRE_CODE(rc, SX_ECLOSED);
            CHECK(took < 0.2 + 1.0 + slack());
            CHECK(!wd.fired);
        }
    }
}

// A message's lock is its handle's slot word (with the batch mark and the reference count):
// contended from every side at once, it must neither lose an update nor a wake-up, and the
// mark must come off with the reference, whichever path took it.
TEST_CASE("batch: one message contended by adds, reads, batches and its close", "[msg][batch][threads]")
{
    Sock rx, tx;
    Addr rx_at, tx_at;
    udp_bound(rx, rx_at);
    udp_bound(tx, tx_at);
    REQUIRE_SX(sx_socket_connect(tx, rx_at));
    Batch b(1, 16);
    Msg items(new_msg());
    constexpr int kAdders = 3, kAdds = 2000, kBatches = 2, kSends = 2000;
    std::atomic<int> problems{0}, busy{0}, sent_total{0};
    std::atomic<bool> stop{false};
    std::vector<std::thread> threads;
    for (int t = 0; t < kAdders; t++)
        threads.emplace_back([&, t] {
            for (int i = 0; i < kAdds; i++)
                if (sx_msg_add(items, 1000 + t, i, "x", 1) != 0)
                    problems++;
        });
    for (int t = 0; t < kBatches; t++)
        threads.emplace_back([&] {
            for (int i = 0; i < kSends; i++) {
                size_t n = 0;
                int32_t rc = sx_socket_sendmmsg(tx, b.data(), 1, MSG_DONTWAIT, &n);
                if (rc == SX_EBUSY)
                    busy++;
                else if (rc == 0)
                    sent_total += (int)n;
                else if (rc != SX_EAGAIN)
                    problems++;
            }
        });
    std::thread reader([&] {
        // Bounded: the other threads finish in far fewer passes than this.
        for (int i = 0; i < 1000000 && !stop.load(); i++) {
            size_t len = 0;
            uint32_t count = 0;
            if (sx_msg_nbytes(b.msgs[0], &len) != 0 || sx_msg_item_count(items, &count) != 0 ||
                count > kAdders * kAdds)
                problems++;
        }
    });
    for (auto &t : threads)
        t.join();
    stop = true;
    reader.join();
    CHECK(problems.load() == 0);
    CHECK(items_of(items) == kAdders * kAdds);
    INFO("busy " << busy.load() << ", sent " << sent_total.load());
    CHECK(sent_total.load() + busy.load() <= kBatches * kSends);
    // Every mark and lock came off: a batch takes the message at once, and a close frees it.
    size_t n = 0;
    REQUIRE_SX(sx_socket_sendmmsg(tx, b.data(), 1, 0, &n));
    CHECK(n == 1);

    // Readers racing the close get the message or SX_EBADHANDLE, never anything else.
    Msg doomed(new_msg());
    REQUIRE_SX(sx_msg_add(doomed, 1, 2, "y", 1));
    std::atomic<int> odd{0};
    std::vector<std::thread> racers;
    for (int t = 0; t < 3; t++)
        racers.emplace_back([&] {
            for (int i = 0; i < 20000; i++) {
                uint32_t count = 0;
                int32_t rc = sx_msg_item_count(doomed, &count);
                if (rc == SX_EBADHANDLE)
                    break;
                if (rc != 0 || count != 1)
                    odd++;
            }
        });
    sleep_ms(5);
    REQUIRE_SX(sx_msg_close(doomed));
    for (auto &t : racers)
        t.join();
    doomed.h = 0;
    CHECK(odd.load() == 0);
}
