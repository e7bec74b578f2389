// SPDX-License-Identifier: MIT
// Happy Eyeballs (SX_CONNECT_HAPPY_EYEBALLS): with the IPv6 loopback listener's backlog full,
// a connect to ::1 hangs (its SYNs are dropped); the race must connect over IPv4 after the
// 250 ms stagger, while the sequential mode waits out its whole timeout on ::1 first.
#include "support.hpp"

#include <chrono>
#include <cstring>
#include <netinet/in.h>
#include <poll.h>
#include <string>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

using sxt::Addr;
using sxt::Sock;

namespace {

// Raw IPv6 loopback listener with listen(0) on an ephemeral port, and IPv4 listener on the same port.
struct Pair {
    int v6 = -1;
    int32_t port = 0;
    Sock v4;
    std::vector<int> fillers;
    ~Pair()
    {
        for (int fd : fillers)
            close(fd);
        if (v6 >= 0)
            close(v6);
    }
};

bool make_pair(Pair &p)
{
    for (int attempt = 0; attempt < 50; attempt++) {
        int fd = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
        REQUIRE(fd >= 0);
        int one = 1;
        setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
        sockaddr_in6 a;
        std::memset(&a, 0, sizeof a);
        a.sin6_family = AF_INET6;
        a.sin6_addr = in6addr_loopback;
        socklen_t len = sizeof a;
        if (bind(fd, reinterpret_cast<sockaddr *>(&a), sizeof a) != 0 || listen(fd, 0) != 0 ||
            getsockname(fd, reinterpret_cast<sockaddr *>(&a), &len) != 0) {
            close(fd);
            continue;
        }
        Addr v4;
        REQUIRE_SX(sx_addr_inet("127.0.0.1", ntohs(a.sin6_port), v4.out()));
        if (sx_create_server(v4, SX_BACKLOG_DEFAULT, 0, 0, p.v4.out()) != 0) {
            close(fd);
            continue;
        }
        p.v6 = fd;
        p.port = ntohs(a.sin6_port);
        return true;
    }
    return false;
}

// Fill the ::1 listener's accept queue until a new connect stays pending (bounded).
bool fill_backlog(Pair &p)
{
    sockaddr_in6 a;
    std::memset(&a, 0, sizeof a);
    a.sin6_family = AF_INET6;
    a.sin6_addr = in6addr_loopback;
    a.sin6_port = htons(uint16_t(p.port));
    for (int i = 0; i < 16; i++) {
        int fd = socket(AF_INET6, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        REQUIRE(fd >= 0);
        p.fillers.push_back(fd);
        if (connect(fd, reinterpret_cast<sockaddr *>(&a), sizeof a) == 0)
            continue;
        REQUIRE(errno == EINPROGRESS);
        pollfd pfd = {fd, POLLOUT, 0};
        if (poll(&pfd, 1, 200) == 0)
            return true; // this one hangs: so will the next
    }
    return false;
}

double seconds_since(std::chrono::steady_clock::time_point t0)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

int32_t peer_family(sx_socket s)
{
    Addr a;
    REQUIRE_SX(sx_socket_getpeername(s, a.out()));
    int32_t fam = 0;
    REQUIRE_SX(sx_addr_family(a, &fam));
    return fam;
}

} // namespace

TEST_CASE("connect: Happy Eyeballs connects over IPv4 after the stagger when IPv6 hangs", "[connect][happy]")
{
    Pair p;
    REQUIRE(make_pair(p));
    REQUIRE(fill_backlog(p));

    // getaddrinfo(NULL) lists ::1 first here; the race starts with it.
    int32_t errors[4] = {0, 0, 0, 0};
    size_t nerr = 99;
    Sock s;
    auto t0 = std::chrono::steady_clock::now();
    REQUIRE_SX(sx_create_connection_ex(nullptr, p.port, 10.0, 0, SX_CONNECT_HAPPY_EYEBALLS, errors, 4, &nerr, s.out()));
    double took = seconds_since(t0);
    CHECK(peer_family(s) == AF_INET);
    CHECK(nerr == 0); // the hanging attempt lost the race: closed, not failed
    CHECK(took >= 0.2);
    CHECK(took < 3.0);
    double t = 0;
    REQUIRE_SX(sx_socket_gettimeout(s, &t));
    CHECK(t == 10.0);
    // The socket works: the IPv4 server accepts it and data flows.
    Sock conn;
    REQUIRE_SX(sx_socket_accept(p.v4, conn.out(), nullptr));
    size_t n = 0;
    REQUIRE_SX(sx_socket_sendall(s, "he", 2, 0, &n));
    char buf[4];
    REQUIRE_SX(sx_socket_recv(conn, buf, sizeof buf, 0, &n));
    CHECK(std::string(buf, n) == "he");

    // Blocking mode for the winner when no timeout is asked.
    Sock b;
    REQUIRE_SX(sx_create_connection_ex(nullptr, p.port, SX_TIMEOUT_NONE, 0, SX_CONNECT_HAPPY_EYEBALLS, nullptr, 0,
                                       nullptr, b.out()));
    REQUIRE_SX(sx_socket_gettimeout(b, &t));
    CHECK(t == SX_TIMEOUT_NONE);
    CHECK(peer_family(b) == AF_INET);

    // The sequential mode waits its whole timeout on ::1, then connects over IPv4, listing the timeout.
    Sock q;
    t0 = std::chrono::steady_clock::now();
    REQUIRE_SX(sx_create_connection_ex(nullptr, p.port, 0.6, 0, 0, errors, 4, &nerr, q.out()));
    CHECK(seconds_since(t0) >= 0.55);
    CHECK(peer_family(q) == AF_INET);
    REQUIRE(nerr == 1);
    CHECK(errors[0] == SX_ETIMEOUT);
}

TEST_CASE("connect: Happy Eyeballs reports each refused attempt and the overall deadline", "[connect][happy]")
{
    Pair p;
    REQUIRE(make_pair(p));
    int32_t port = p.port;
    // Refused everywhere: close both listeners; each family's refusal is listed.
    close(p.v6);
    p.v6 = -1;
    sx_socket_close(p.v4.h);
    p.v4.h = 0;
    int32_t errors[4] = {0, 0, 0, 0};
    size_t nerr = 0;
    Sock s;
    auto t0 = std::chrono::steady_clock::now();
    REQUIRE_CODE(sx_create_connection_ex(nullptr, port, 5.0, 0, SX_CONNECT_HAPPY_EYEBALLS, errors, 4, &nerr, s.out()),
                 SX_ECONNREFUSED);
    // A refusal starts the next attempt at once, without waiting for the stagger.
    CHECK(seconds_since(t0) < 0.2);
    CHECK(nerr == 2);
    CHECK(errors[0] == SX_ECONNREFUSED);
    CHECK(errors[1] == SX_ECONNREFUSED);

    // A source address binds the attempts of its family; the other family's attempt fails as a
    // bind to a mismatched address does, and is listed.
    Pair srv;
    REQUIRE(make_pair(srv));
    Addr src;
    REQUIRE_SX(sx_addr_inet("127.0.0.1", 0, src.out()));
    Sock viasrc;
    nerr = 0;
    REQUIRE_SX(sx_create_connection_ex(nullptr, srv.port, 5.0, src, SX_CONNECT_HAPPY_EYEBALLS, errors, 4, &nerr,
                                       viasrc.out()));
    CHECK(peer_family(viasrc) == AF_INET);
    REQUIRE(nerr == 1);
    CHECK(errors[0] == SX_EARG);

    // Only hanging addresses: the deadline ends the race with SX_ETIMEOUT.
    Pair h;
    REQUIRE(make_pair(h));
    REQUIRE(fill_backlog(h));
    t0 = std::chrono::steady_clock::now();
    REQUIRE_CODE(sx_create_connection_ex("::1", h.port, 0.4, 0, SX_CONNECT_HAPPY_EYEBALLS, errors, 4, &nerr, s.out()),
                 SX_ETIMEOUT);
    double took = seconds_since(t0);
    CHECK(took >= 0.35);
    CHECK(took < 2.0);
    CHECK(s.h == 0);
}
