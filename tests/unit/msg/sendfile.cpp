// SPDX-License-Identifier: MIT
// sx_socket_sendfile: socket.sendfile() over TCP loopback: byte-exact in the three timeout modes,
// with offset and count, the read+send fallback where sendfile(2) refuses (a pipe, a /proc file),
// the file position afterwards, the total deadline of timeout mode, a close while blocked, an
// interrupted call in an interruptible thread, and bad input.
#include "unit/socket/signals.hpp"

#include <poll.h>
#include <sys/sendfile.h>
#include <thread>

using namespace sxs;

namespace {

// An unlinked temporary file holding data; closed at scope exit.
struct TempFile {
    int fd = -1;
    explicit TempFile(const std::vector<char> &data)
    {
        char tmpl[] = "/tmp/sxsendfile.XXXXXX";
        fd = mkostemp(tmpl, O_CLOEXEC);
        REQUIRE(fd >= 0);
        unlink(tmpl);
        size_t done = 0;
        while (done < data.size()) {
            ssize_t n = write(fd, data.data() + done, data.size() - done);
            REQUIRE(n > 0);
            done += (size_t)n;
        }
        REQUIRE(lseek(fd, 0, SEEK_SET) == 0);
    }
    ~TempFile() { close(fd); }
    off_t position() const { return lseek(fd, 0, SEEK_CUR); }
};

// The 100 MiB pattern, made once: the byte-exact tests share it.
const std::vector<char> &big_data()
{
    static const std::vector<char> data = pattern((sxt::under_valgrind() ? 8 : 100) << 20, 11);
    return data;
}

// Receives exactly `n` bytes on `s` in a thread and checks them against `want`.
struct Reader {
    std::vector<char> got;
    int32_t rc = -1;
    std::thread t;
    Reader(sx_socket s, size_t n)
    {
        got.reserve(n);
        t = std::thread([this, s, n] {
            uint64_t sum = 0;
            rc = recv_exact(s, n, &sum, &got);
        });
    }
    void join()
    {
        if (t.joinable())
            t.join();
    }
    ~Reader() { join(); }
};

// Sends in non-blocking mode until done: each SX_EAGAIN waits for room and goes on from the
// count reported, so the bytes reported are exactly the bytes the kernel took.
int32_t sendfile_nonblocking(sx_socket s, int fd, uint64_t offset, uint64_t count, uint64_t *total)
{
    *total = 0;
    double limit = mono() + 60;
    for (;;) {
        uint64_t n = 0;
        int32_t rc = sx_socket_sendfile(s, fd, offset + *total, count ? count - *total : 0, &n);
        *total += n;
        if (rc != SX_EAGAIN)
            return rc;
        if (mono() > limit)
            return SX_ETIMEOUT;
        pollfd p{fd_of(s), POLLOUT, 0};
        poll(&p, 1, 1000);
    }
}

} // namespace

TEST_CASE("sendfile: a large file over TCP loopback arrives byte-exact in each timeout mode", "[msg][sendfile][threads]")
{
    const std::vector<char> &data = big_data();
    TempFile file(data);
    // Sends [offset, offset + count) in the given mode to a reader thread and checks what
    // arrived, the count and the file's position afterwards. The loop over the modes is inside
    // each SECTION: Catch2 enters a SECTION once per run, so a loop around them would run
    // only its first mode.
    auto transfer = [&](double timeout, uint64_t offset, uint64_t count, uint64_t expect) {
        INFO("timeout " << timeout << ", offset " << offset << ", count " << count);
        Sock a, b;
        tcp_pair(a, b);
        Watchdog wd({fd_of(a), fd_of(b)}, 60);
        REQUIRE_SX(sx_socket_settimeout(a, timeout));
        REQUIRE(lseek(file.fd, 777, SEEK_SET) == 777); // the file's position plays no part
        Reader r(b, expect);
        uint64_t sent = 0;
        if (timeout == 0.0)
            REQUIRE_SX(sendfile_nonblocking(a, file.fd, offset, count, &sent));
        else
            REQUIRE_SX(sx_socket_sendfile(a, file.fd, offset, count, &sent));
        CHECK(sent == expect);
        r.join();
        REQUIRE_SX(r.rc);
        REQUIRE(r.got.size() == expect);
        CHECK(std::equal(r.got.begin(), r.got.end(), data.begin() + (ptrdiff_t)offset));
        CHECK(file.position() == (off_t)(offset + expect));
        CHECK(!wd.fired);
    };
    SECTION("the whole file (count 0)")
    {
        for (double timeout : {-1.0, 30.0, 0.0})
            transfer(timeout, 0, 0, data.size());
    }
    SECTION("an offset and a count")
    {
        const uint64_t offset = 12345, count = (uint64_t)data.size() / 2 + 7;
        for (double timeout : {-1.0, 30.0, 0.0})
            transfer(timeout, offset, count, count);
    }
    SECTION("a count past the end stops at the end, with success")
    {
        for (double timeout : {-1.0, 30.0, 0.0})
            transfer(timeout, data.size() - 1000, 5000, 1000);
    }
}

TEST_CASE("sendfile: an empty file, an offset at the end, and a NULL count out-pointer", "[msg][sendfile]")
{
    Sock a, b;
    tcp_pair(a, b);
    TempFile empty(std::vector<char>{});
    uint64_t sent = 99;
    REQUIRE_SX(sx_socket_sendfile(a, empty.fd, 0, 0, &sent));
    CHECK(sent == 0);
    TempFile small(pattern(100, 3));
    REQUIRE_SX(sx_socket_sendfile(a, small.fd, 100, 0, &sent));
    CHECK(sent == 0);
    REQUIRE_SX(sx_socket_sendfile(a, small.fd, 1000, 10, &sent));
    CHECK(sent == 0);
    REQUIRE_SX(sx_socket_sendfile(a, small.fd, 90, 0, nullptr));
    char buf[32];
    size_t n = 0;
    REQUIRE_SX(sx_socket_recv(b, buf, sizeof buf, 0, &n));
    CHECK(n == 10);
}

TEST_CASE("sendfile: bad input is refused before any system call", "[msg][sendfile]")
{
    Sock a, b;
    tcp_pair(a, b);
    TempFile file(pattern(100, 5));
    uint64_t sent = 99;
    SECTION("a datagram socket (Python's type & SOCK_STREAM test)")
    {
        Sock u(open_sock(AF_INET, SOCK_DGRAM));
        REQUIRE_CODE(sx_socket_sendfile(u, file.fd, 0, 0, &sent), SX_EARG);
        CHECK(sent == 0);
    }
    SECTION("descriptors not open for reading")
    {
        REQUIRE_CODE(sx_socket_sendfile(a, -1, 0, 0, &sent), SX_EBADF);
        int wr = open("/dev/null", O_WRONLY | O_CLOEXEC);
        REQUIRE(wr >= 0);
        REQUIRE_CODE(sx_socket_sendfile(a, wr, 0, 0, &sent), SX_EBADF);
        close(wr);
        REQUIRE_CODE(sx_socket_sendfile(a, wr, 0, 0, &sent), SX_EBADF); // closed now
        int path = open("/dev/null", O_PATH | O_CLOEXEC);
        REQUIRE(path >= 0);
        REQUIRE_CODE(sx_socket_sendfile(a, path, 0, 0, &sent), SX_EBADF);
        close(path);
    }
    SECTION("an offset above 2^63-1")
    {
        REQUIRE_CODE(sx_socket_sendfile(a, file.fd, (uint64_t)INT64_MAX + 1, 0, &sent), SX_EARG);
    }
    SECTION("stale and zero handles")
    {
        REQUIRE_CODE(sx_socket_sendfile(0, file.fd, 0, 0, &sent), SX_EBADHANDLE);
        sx_socket gone = open_sock(AF_INET, SOCK_STREAM);
        REQUIRE_SX(sx_socket_close(gone));
        REQUIRE_CODE(sx_socket_sendfile(gone, file.fd, 0, 0, &sent), SX_EBADHANDLE);
    }
    SECTION("an offset on a file that cannot seek")
    {
        int p[2];
        REQUIRE(pipe2(p, O_CLOEXEC) == 0);
        REQUIRE_CODE(sx_socket_sendfile(a, p[0], 1, 0, &sent), SX_ESPIPE);
        close(p[0]);
        close(p[1]);
    }
    CHECK(sent == 0);
    CHECK(file.position() == 0);
}

TEST_CASE("sendfile: falls back to read and send where sendfile(2) refuses", "[msg][sendfile][threads]")
{
    Sock a, b;
    tcp_pair(a, b);
    Watchdog wd({fd_of(a), fd_of(b)}, 60);
    SECTION("a pipe: read to its end, from a writer thread")
    {
        int p[2];
        REQUIRE(pipe2(p, O_CLOEXEC) == 0);
        // The premise: sendfile(2) itself refuses a pipe here.
        errno = 0;
        CHECK(sendfile(fd_of(a), p[0], nullptr, 1) < 0);
        CHECK(errno == EINVAL);
        std::vector<char> data = pattern(5 << 20, 9);
        std::thread writer([&] {
            size_t done = 0;
            while (done < data.size()) {
                ssize_t n = write(p[1], data.data() + done, data.size() - done);
                if (n <= 0)
                    break;
                done += (size_t)n;
            }
            close(p[1]);
        });
        Reader r(b, data.size());
        uint64_t sent = 0;
        int32_t rc = sx_socket_sendfile(a, p[0], 0, 0, &sent);
        writer.join();
        close(p[0]);
        REQUIRE_SX(rc);
        CHECK(sent == data.size());
        r.join();
        CHECK(r.got == data);
    }
    SECTION("a /proc file that can seek: offset, and the position afterwards")
    {
        // The process's initial environment: stable, seekable, and without splice support. (Not
        // /proc/self/cmdline, which valgrind replaces with a file of its own.)
        int fd = open("/proc/self/environ", O_RDONLY | O_CLOEXEC);
        REQUIRE(fd >= 0);
        std::vector<char> whole(1 << 20);
        ssize_t len = pread(fd, whole.data(), whole.size(), 0);
        REQUIRE(len > 2);
        whole.resize((size_t)len);
        errno = 0;
        off_t off0 = 0;
        CHECK(sendfile(fd_of(a), fd, &off0, 1) < 0);
        CHECK(errno == EINVAL);
        for (double timeout : {-1.0, 5.0, 0.0}) {
            INFO("timeout " << timeout);
            REQUIRE_SX(sx_socket_settimeout(a, timeout));
            REQUIRE(lseek(fd, 0, SEEK_SET) == 0);
            uint64_t sent = 0;
            REQUIRE_SX(sx_socket_sendfile(a, fd, 1, 0, &sent));
            CHECK(sent == whole.size() - 1);
            CHECK(lseek(fd, 0, SEEK_CUR) == len);
            REQUIRE_SX(sx_socket_sendfile(a, fd, 0, 2, &sent));
            CHECK(sent == 2);
            CHECK(lseek(fd, 0, SEEK_CUR) == 2);
            std::vector<char> got;
            uint64_t sum = 0;
            REQUIRE_SX(sx_socket_settimeout(b, 5.0));
            REQUIRE_SX(recv_exact(b, whole.size() + 1, &sum, &got));
            CHECK(std::equal(whole.begin() + 1, whole.end(), got.begin()));
            CHECK(std::equal(whole.begin(), whole.begin() + 2, got.end() - 2));
        }
        close(fd);
    }
}

TEST_CASE("sendfile: timeout mode bounds the whole call, not each wait", "[msg][sendfile][threads]")
{
    Sock a, b;
    tcp_pair(a, b);
    small_buffers(a);
    small_buffers(b);
    const std::vector<char> &data = big_data();
    TempFile file(data);
    Watchdog wd({fd_of(a), fd_of(b)}, 60);
    const double timeout = 0.3;
    REQUIRE_SX(sx_socket_settimeout(a, timeout));
    // A slow reader: every wait of the sender is far shorter than the timeout, but the whole
    // transfer would take much longer.
    std::atomic<bool> stop{false};
    std::atomic<size_t> received{0};
    std::thread reader([&] {
        char buf[4096];
        while (!stop) {
            size_t n = 0;
            if (sx_socket_recv(b, buf, sizeof buf, MSG_DONTWAIT, &n) == 0) {
                if (n == 0)
                    break;
                received += n;
            }
            sleep_ms(5);
        }
    });
    uint64_t sent = 0;
    double t0 = mono();
    int32_t rc = sx_socket_sendfile(a, file.fd, 0, 0, &sent);
    double took = mono() - t0;
    stop = true;
    reader.join();
    INFO("took " << took << " s, sent " << sent);
    REQUIRE_CODE(rc, SX_ETIMEOUT);
    CHECK(took >= timeout - 0.01);
    CHECK(took < timeout + slack() + 0.2);
    CHECK(sent > 0);
    CHECK(sent < data.size());
    CHECK(file.position() == (off_t)sent); // as Python leaves it after an error
}

TEST_CASE("sendfile: non-blocking mode sends what fits and reports SX_EAGAIN with the count", "[msg][sendfile]")
{
    Sock a, b;
    tcp_pair(a, b);
    small_buffers(a);
    small_buffers(b);
    TempFile file(pattern(8 << 20, 4));
    REQUIRE_SX(sx_socket_setblocking(a, 0));
    uint64_t sent = 0;
    REQUIRE_CODE(sx_socket_sendfile(a, file.fd, 0, 0, &sent), SX_EAGAIN);
    CHECK(sent > 0);
    CHECK(sent < (8u << 20));
    CHECK(file.position() == (off_t)sent);
    // Full now: nothing more goes, and the count says so.
    uint64_t more = 99;
    REQUIRE_CODE(sx_socket_sendfile(a, file.fd, sent, 0, &more), SX_EAGAIN);
    CHECK(more == 0);
}

TEST_CASE("sendfile: a close from another thread wakes a blocked call with SX_ECLOSED", "[msg][sendfile][threads]")
{
    TempFile file(pattern(16 << 20, 6));
    for (double timeout : {-1.0, 30.0}) {
        INFO("timeout " << timeout);
        Sock b;
        sx_socket a = 0;
        {
            Sock ca;
            tcp_pair(ca, b);
            a = ca.h;
            ca.h = 0;
        }
        small_buffers(a);
        REQUIRE_SX(sx_socket_settimeout(a, timeout));
        Watchdog wd({fd_of(a), fd_of(b)}, 30);
        std::thread closer([&] {
            sleep_ms(200);
            sx_socket_close(a);
        });
        uint64_t sent = 0;
        double t0 = mono();
        int32_t rc = sx_socket_sendfile(a, file.fd, 0, 0, &sent);
        double took = mono() - t0;
        closer.join();
        INFO("took " << took);
        REQUIRE_CODE(rc, SX_ECLOSED);
        CHECK(took < 0.2 + 1.0 + slack());
        CHECK(!wd.fired);
        CHECK(file.position() == (off_t)sent);
    }
}

TEST_CASE("sendfile: an interruptible thread gets SX_EINTR with the count, and nothing is lost",
          "[msg][sendfile][eintr][threads]")
{
    // Larger than what the two sockets' buffers hold, so the call must wait; default buffer
    // sizes, as tiny ones make TCP's delayed acknowledgements slow the rest of the transfer.
    std::vector<char> data = pattern(32 << 20, 8);
    TempFile file(data);
    for (double timeout : {-1.0, 3.0}) {
        INFO("timeout " << timeout);
        Sock a, b;
        tcp_pair(a, b);
        REQUIRE_SX(sx_socket_settimeout(a, timeout));
        uint64_t sent = 0;
        {
            Watchdog wd({fd_of(a)}, 20);
            REQUIRE_SX(sx_thread_set_interruptible(1));
            auto [rc, took] = call_under_storm(20000, [&] { return sx_socket_sendfile(a, file.fd, 0, 0, &sent); });
            sx_thread_set_interruptible(0);
            INFO("took " << took);
            REQUIRE_CODE(rc, SX_EINTR);
            CHECK(took < 0.5 + slack());
        }
        CHECK(sent < data.size());
        CHECK(file.position() == (off_t)sent);
        // Exactly the reported bytes went: the rest follows from there, byte-exact. The
        // timeout bounds the whole call, and the rest is most of 32 MiB, which a sanitizer
        // build on a loaded machine may take longer than 3 s to move: still timeout mode,
        // with a bound no run reaches (below the watchdog's).
        if (timeout > 0)
            REQUIRE_SX(sx_socket_settimeout(a, 45.0));
        Watchdog wd({fd_of(a), fd_of(b)}, 60);
        Reader r(b, data.size());
        uint64_t more = 0;
        REQUIRE_SX(sx_socket_sendfile(a, file.fd, sent, 0, &more));
        CHECK(sent + more == data.size());
        r.join();
        CHECK(r.got == data);
    }
}
