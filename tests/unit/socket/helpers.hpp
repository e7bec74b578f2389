// SPDX-License-Identifier: MIT
// Helpers shared by the socket-object tests (tests/unit/socket/*.cpp): loopback listeners and
// connected pairs, a listener whose backlog is full, timing, the default-timeout guard, a scratch
// directory for AF_UNIX paths, and the listen backlog as the kernel reports it (sock_diag).
#pragma once

#include "support.hpp"

#include <arpa/inet.h>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <mutex>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fcntl.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <thread>
#include <time.h>
#include <unistd.h>
#include <vector>

namespace sxs {

using sxt::Addr;
using sxt::Sock;

// Monotonic time in seconds.
inline double mono()
{
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

inline void sleep_ms(int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

// Built with ThreadSanitizer (tsan:threads): calls run several times slower and starting a
// thread costs far more, so timing margins widen and the longest loops shorten.
inline bool under_tsan()
{
#if defined(__SANITIZE_THREAD__)
    return true;
#else
    return false;
#endif
}

// Linked with AddressSanitizer (sanitizers:all links the runtime into the test binary, whose own
// sources are built without it): __asan_init then resolves.
extern "C" void __asan_init() __attribute__((weak));
inline bool under_asan() { return &__asan_init != nullptr; }

// Time margins: valgrind runs everything tens of times slower, ThreadSanitizer several times,
// AddressSanitizer two to three times (and CI runs it beside a package build on two cores).
inline double slack() { return sxt::under_valgrind() ? 1.5 : under_tsan() ? 0.5 : under_asan() ? 0.3 : 0.1; }

inline pid_t thread_id() { return (pid_t)syscall(SYS_gettid); }

// The fd behind a socket handle (for checks that need the raw descriptor).
inline int fd_of(sx_socket s)
{
    int32_t fd = -1;
    REQUIRE_SX(sx_socket_fileno(s, &fd));
    return fd;
}

inline bool fd_nonblocking(int fd) { return (fcntl(fd, F_GETFL) & O_NONBLOCK) != 0; }
inline bool fd_cloexec(int fd) { return (fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0; }
inline bool fd_open(int fd) { return fcntl(fd, F_GETFD) >= 0; }

inline double timeout_of(sx_socket s)
{
    double t = -123;
    REQUIRE_SX(sx_socket_gettimeout(s, &t));
    return t;
}

inline int32_t int_attr(int32_t (*fn)(sx_socket, int32_t *), sx_socket s)
{
    int32_t v = -123;
    REQUIRE_SX(fn(s, &v));
    return v;
}

// Address constructors that must succeed; the caller wraps the handle in an Addr.
inline sx_addr inet(const char *host, int port)
{
    sx_addr a = 0;
    REQUIRE_SX(sx_addr_inet(host, port, &a));
    return a;
}

inline sx_addr inet6(const char *host, int port)
{
    sx_addr a = 0;
    REQUIRE_SX(sx_addr_inet6(host, port, 0, 0, &a));
    return a;
}

inline sx_addr loopback(int family, int port)
{
    return family == AF_INET6 ? inet6("::1", port) : inet("127.0.0.1", port);
}

inline sx_addr unix_bytes(const std::string &name)
{
    sx_addr a = 0;
    REQUIRE_SX(sx_addr_unix_bytes(name.data(), name.size(), &a));
    return a;
}

inline int port_of(sx_addr a)
{
    int32_t port = -1;
    REQUIRE_SX(sx_addr_port(a, &port));
    return port;
}

inline std::string text_of(sx_addr a)
{
    char buf[600];
    size_t len = 0;
    REQUIRE_SX(sx_addr_to_string(a, buf, sizeof buf, &len));
    return std::string(buf, len);
}

inline std::string host_of(sx_addr a)
{
    char buf[100];
    size_t len = 0;
    REQUIRE_SX(sx_addr_host(a, buf, sizeof buf, &len));
    return std::string(buf, len);
}

inline std::string unix_name_of(sx_addr a)
{
    char buf[200];
    size_t len = 0;
    REQUIRE_SX(sx_addr_unix_path(a, buf, sizeof buf, &len));
    return std::string(buf, len);
}

inline int family_of(sx_addr a)
{
    int32_t f = -1;
    REQUIRE_SX(sx_addr_family(a, &f));
    return f;
}

inline sx_addr sockname(sx_socket s)
{
    sx_addr a = 0;
    REQUIRE_SX(sx_socket_getsockname(s, &a));
    return a;
}

inline sx_addr peername(sx_socket s)
{
    sx_addr a = 0;
    REQUIRE_SX(sx_socket_getpeername(s, &a));
    return a;
}

inline sx_socket open_sock(int family, int type, int proto = 0)
{
    sx_socket s = 0;
    REQUIRE_SX(sx_socket_open(family, type, proto, &s));
    return s;
}

// Is IPv6 loopback usable on this machine?
inline bool have_ipv6()
{
    int fd = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return false;
    sockaddr_in6 sa{};
    sa.sin6_family = AF_INET6;
    sa.sin6_addr = in6addr_loopback;
    bool ok = bind(fd, (sockaddr *)&sa, sizeof sa) == 0;
    close(fd);
    return ok;
}

// A TCP listener on loopback (port chosen by the kernel); *where receives its address.
inline void tcp_listener(Sock &l, Addr &where, int family = AF_INET, int32_t backlog = SX_BACKLOG_DEFAULT)
{
    REQUIRE_SX(sx_socket_open(family, SOCK_STREAM, 0, l.out()));
    Addr any(loopback(family, 0));
    REQUIRE_SX(sx_socket_bind(l, any));
    REQUIRE_SX(sx_socket_listen(l, backlog));
    REQUIRE_SX(sx_socket_getsockname(l, where.out()));
}

// A connected TCP pair over loopback: client connected to server (the accepted end).
inline void tcp_pair(Sock &client, Sock &server, int family = AF_INET)
{
    Sock l;
    Addr where;
    tcp_listener(l, where, family);
    REQUIRE_SX(sx_socket_open(family, SOCK_STREAM, 0, client.out()));
    REQUIRE_SX(sx_socket_connect(client, where));
    REQUIRE_SX(sx_socket_accept(l, server.out(), nullptr));
}

// A port on 127.0.0.1 with nothing listening: bound by a socket that is closed again at once.
inline int unused_port(int family = AF_INET)
{
    Sock s(open_sock(family, SOCK_STREAM));
    Addr any(loopback(family, 0));
    REQUIRE_SX(sx_socket_bind(s, any));
    Addr name(sockname(s));
    return port_of(name);
}

// A loopback listener whose accept queue is full, so that further connects hang in SYN_SENT:
// listen(0) holds one unaccepted connection on Linux, and SYNs beyond it are dropped. The
// fillers are connected until one of them times out (checked, not assumed: kernels differ).
struct FullBacklog {
    Sock listener;
    Addr where;
    std::deque<Sock> fillers;

    // On the family's loopback at `port` (0: any), IPv6 only for AF_INET6, so that the same port
    // can be full on both loopbacks.
    explicit FullBacklog(int family = AF_INET, int port = 0)
    {
        REQUIRE_SX(sx_socket_open(family, SOCK_STREAM, 0, listener.out()));
        if (family == AF_INET6)
            REQUIRE_SX(sx_socket_setsockopt_int(listener, IPPROTO_IPV6, IPV6_V6ONLY, 1));
        Addr at(loopback(family, port));
        REQUIRE_SX(sx_socket_bind(listener, at));
        REQUIRE_SX(sx_socket_listen(listener, 0));
        REQUIRE_SX(sx_socket_getsockname(listener, where.out()));
        for (int i = 0; i < 8; i++) {
            Sock &c = fillers.emplace_back();
            REQUIRE_SX(sx_socket_open(family, SOCK_STREAM, 0, c.out()));
            REQUIRE_SX(sx_socket_settimeout(c, sxt::under_valgrind() ? 0.5 : 0.1));
            int32_t result = 1;
            REQUIRE_SX(sx_socket_connect_ex(c, where, &result));
            if (result == SX_EAGAIN)
                return; // this one hangs: the queue is full
            REQUIRE(result == 0);
        }
        FAIL("the accept queue of a listen(0) socket never filled up after 8 connections");
    }
};

// Restores the module default timeout on scope exit.
struct DefaultTimeout {
    double saved = SX_TIMEOUT_NONE;
    explicit DefaultTimeout(double t)
    {
        REQUIRE_SX(sx_getdefaulttimeout(&saved));
        REQUIRE_SX(sx_setdefaulttimeout(t));
    }
    ~DefaultTimeout() { sx_setdefaulttimeout(saved); }
};

// A scratch directory for AF_UNIX paths, removed with its contents at scope exit.
struct TempDir {
    std::string path;
    std::vector<std::string> files;
    TempDir()
    {
        char tmpl[] = "/tmp/sxsock.XXXXXX";
        REQUIRE(mkdtemp(tmpl) != nullptr);
        path = tmpl;
    }
    std::string file(const std::string &name)
    {
        files.push_back(path + "/" + name);
        return files.back();
    }
    ~TempDir()
    {
        for (auto &f : files)
            unlink(f.c_str());
        rmdir(path.c_str());
    }
};

// A unique abstract AF_UNIX name: NUL, then text (the NUL is part of the name).
inline std::string abstract_name(const char *tag)
{
    static std::atomic<int> counter{0};
    char buf[80];
    std::snprintf(buf, sizeof buf, "sxtest-%d-%s-%d", (int)getpid(), tag, counter++);
    return std::string(1, '\0') + buf;
}

// Send everything with MSG_DONTWAIT until the kernel refuses (SX_EAGAIN), repeated until the
// buffers stay full for a moment: the peer is not reading, so the next blocking send blocks
// before copying anything. Returns the number of bytes queued.
inline size_t fill_send_buffer(sx_socket s)
{
    static char chunk[65536];
    size_t total = 0;
    for (int round = 0; round < 50; round++) {
        bool progress = false;
        for (int i = 0; i < 10000; i++) {
            size_t n = 0;
            int32_t rc = sx_socket_send(s, chunk, sizeof chunk, MSG_DONTWAIT, &n);
            if (rc == SX_EAGAIN)
                break;
            REQUIRE_SX(rc);
            total += n;
            progress = true;
        }
        if (!progress && round > 0)
            return total;
        sleep_ms(10);
    }
    FAIL("the send buffer never stayed full");
    return total;
}

// Bounds a test that blocks across threads: if it is not dismissed within `seconds`, it shuts
// the given descriptors down, which ends any blocking call on them, so a broken library makes the
// test fail instead of hang. It takes no signals (the EINTR tests aim theirs at one thread).
struct Watchdog {
    std::vector<int> fds;
    std::mutex m;
    std::condition_variable cv;
    bool dismissed = false;
    std::atomic<bool> fired{false};
    std::thread t;
    Watchdog(std::vector<int> to_shut, double seconds) : fds(std::move(to_shut))
    {
        t = std::thread([this, seconds] {
            sigset_t all;
            sigfillset(&all);
            pthread_sigmask(SIG_BLOCK, &all, nullptr);
            std::unique_lock<std::mutex> g(m);
            if (!cv.wait_for(g, std::chrono::duration<double>(seconds), [this] { return dismissed; })) {
                fired = true;
                for (int fd : fds)
                    shutdown(fd, SHUT_RDWR);
            }
        });
    }
    ~Watchdog()
    {
        {
            std::lock_guard<std::mutex> g(m);
            dismissed = true;
        }
        cv.notify_all();
        t.join();
    }
};

// Small buffers make a connection fill up, and stay full, quickly.
inline void small_buffers(sx_socket s)
{
    REQUIRE_SX(sx_socket_setsockopt_int(s, SOL_SOCKET, SO_SNDBUF, 4096));
    REQUIRE_SX(sx_socket_setsockopt_int(s, SOL_SOCKET, SO_RCVBUF, 4096));
}

// Receive exactly n bytes (any mode but non-blocking), folding them into a checksum.
inline int32_t recv_exact(sx_socket s, size_t n, uint64_t *sum, std::vector<char> *copy = nullptr)
{
    std::vector<char> buf(65536);
    size_t got = 0;
    while (got < n) {
        size_t k = 0;
        int32_t rc = sx_socket_recv(s, buf.data(), std::min(buf.size(), n - got), 0, &k);
        if (rc)
            return rc;
        if (k == 0)
            return SX_ECONNRESET; // early EOF
        for (size_t i = 0; i < k; i++)
            *sum = *sum * 1099511628211ull + (unsigned char)buf[i];
        if (copy)
            copy->insert(copy->end(), buf.data(), buf.data() + k);
        got += k;
    }
    return 0;
}

inline uint64_t checksum(const std::vector<char> &data)
{
    uint64_t sum = 0;
    for (char c : data)
        sum = sum * 1099511628211ull + (unsigned char)c;
    return sum;
}

inline std::vector<char> pattern(size_t n, unsigned seed)
{
    std::vector<char> v(n);
    uint32_t x = seed * 2654435761u + 1;
    for (size_t i = 0; i < n; i++) {
        x = x * 1664525u + 1013904223u;
        v[i] = (char)(x >> 24);
    }
    return v;
}

// The state letter of a thread of this process ('S' = sleeping), from /proc.
inline char thread_state(pid_t tid)
{
    char path[64];
    std::snprintf(path, sizeof path, "/proc/self/task/%d/stat", (int)tid);
    FILE *f = std::fopen(path, "r");
    if (!f)
        return '?';
    char buf[512];
    size_t n = std::fread(buf, 1, sizeof buf - 1, f);
    std::fclose(f);
    buf[n] = 0;
    const char *p = std::strrchr(buf, ')');
    return p && p[1] == ' ' ? p[2] : '?';
}

// The backlog the kernel recorded for a TCP listener on a loopback port (sk_max_ack_backlog,
// which inet_diag reports as idiag_wqueue for listening sockets); -1 if not found.
inline int tcp_listen_backlog(int family, int port)
{
    int nl = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
    if (nl < 0)
        return -1;
    struct {
        nlmsghdr nlh;
        inet_diag_req_v2 req;
    } msg{};
    msg.nlh.nlmsg_len = sizeof msg;
    msg.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
    msg.nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    msg.req.sdiag_family = (uint8_t)family;
    msg.req.sdiag_protocol = IPPROTO_TCP;
    msg.req.idiag_states = 1u << 10; // TCP_LISTEN
    int result = -1;
    if (send(nl, &msg, sizeof msg, 0) == (ssize_t)sizeof msg) {
        alignas(nlmsghdr) char buf[32768];
        bool done = false;
        while (!done) {
            ssize_t n = recv(nl, buf, sizeof buf, 0);
            if (n <= 0)
                break;
            for (nlmsghdr *h = (nlmsghdr *)buf; NLMSG_OK(h, (unsigned)n); h = NLMSG_NEXT(h, n)) {
                if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR) {
                    done = true;
                    break;
                }
                auto *m = (inet_diag_msg *)NLMSG_DATA(h);
                if (ntohs(m->id.idiag_sport) == port)
                    result = (int)m->idiag_wqueue;
            }
        }
    }
    close(nl);
    return result;
}

// Optional report of measured latencies (SX_TEST_LATENCY=1).
inline void report(const char *what, double seconds)
{
    if (std::getenv("SX_TEST_LATENCY"))
        std::fprintf(stderr, "latency %-40s %.2f ms\n", what, seconds * 1e3);
}

} // namespace sxs
