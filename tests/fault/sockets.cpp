// SPDX-License-Identifier: MIT
// Fault injection on every call that makes a socket handle: open, socketpair, accept (with
// and without the peer's address), dup, fromfd, adopt.
#include "fault/fault.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using sxf::sweep_both;

namespace {

// A raw TCP listener on 127.0.0.1 (made without the library, so its allocations are not swept).
int raw_listener(uint16_t *port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd >= 0);
    struct sockaddr_in sin {};
    sin.sin_family = AF_INET;
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(bind(fd, (struct sockaddr *)&sin, sizeof sin) == 0);
    REQUIRE(listen(fd, 64) == 0);
    socklen_t len = sizeof sin;
    REQUIRE(getsockname(fd, (struct sockaddr *)&sin, &len) == 0);
    *port = ntohs(sin.sin_port);
    return fd;
}

int raw_connect(uint16_t port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd >= 0);
    struct sockaddr_in sin {};
    sin.sin_family = AF_INET;
    sin.sin_port = htons(port);
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(connect(fd, (struct sockaddr *)&sin, sizeof sin) == 0);
    return fd;
}

} // namespace

TEST_CASE("fault: sx_socket_open", "[fault]")
{
    sweep_both("sx_socket_open", 1, 1, [] {
        sx_socket s = 0;
        int32_t rc = sx_socket_open(AF_INET, SOCK_STREAM, 0, &s);
        if (rc)
            CHECK(s == 0);
        sx_socket_close(s);
        return rc;
    });
}

TEST_CASE("fault: sx_socketpair, failing on either end", "[fault]")
{
    sweep_both("sx_socketpair", 2, 2, [] {
        sx_socket a = 0, b = 0;
        int32_t rc = sx_socketpair(AF_UNIX, SOCK_STREAM, 0, &a, &b);
        if (rc) {
            CHECK(a == 0);
            CHECK(b == 0);
        }
        sx_socket_close(a);
        sx_socket_close(b);
        return rc;
    });
}

TEST_CASE("fault: sx_socket_accept, with and without the peer's address", "[fault]")
{
    uint16_t port = 0;
    sx_socket listener = 0;
    int raw = raw_listener(&port);
    REQUIRE_SX(sx_socket_adopt(raw, SX_DETECT, SX_DETECT, SX_DETECT, &listener));
    for (bool want_peer : {true, false}) {
        sweep_both(want_peer ? "sx_socket_accept (peer address)" : "sx_socket_accept", want_peer ? 2 : 1,
                   want_peer ? 2 : 1, [&] {
                       int client = raw_connect(port);
                       sx_socket conn = 0;
                       sx_addr peer = 0;
                       int32_t rc = sx_socket_accept(listener, &conn, want_peer ? &peer : nullptr);
                       if (rc) {
                           CHECK(conn == 0);
                           CHECK(peer == 0);
                       }
                       sx_addr_close(peer);
                       sx_socket_close(conn);
                       close(client);
                       return rc;
                   });
    }
    sx_socket_close(listener);
}

TEST_CASE("fault: sx_socket_dup", "[fault]")
{
    sxt::Sock s;
    REQUIRE_SX(sx_socket_open(AF_INET, SOCK_DGRAM, 0, s.out()));
    sweep_both("sx_socket_dup", 1, 1, [&] {
        sx_socket d = 0;
        int32_t rc = sx_socket_dup(s, &d);
        if (rc)
            CHECK(d == 0);
        sx_socket_close(d);
        return rc;
    });
}

TEST_CASE("fault: sx_socket_fromfd closes its duplicate; sx_socket_adopt leaves the fd to the caller", "[fault]")
{
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd >= 0);
    sweep_both("sx_socket_fromfd", 1, 1, [&] {
        sx_socket s = 0;
        int32_t rc = sx_socket_fromfd(fd, SX_DETECT, SX_DETECT, SX_DETECT, &s);
        if (rc)
            CHECK(s == 0);
        sx_socket_close(s);
        return rc;
    });
    close(fd);
    sweep_both("sx_socket_adopt", 1, 1, [] {
        int own = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        REQUIRE(own >= 0);
        sx_socket s = 0;
        int32_t rc = sx_socket_adopt(own, SX_DETECT, SX_DETECT, SX_DETECT, &s);
        if (rc) {
            CHECK(s == 0);
            // Still the caller's: open, and closed here.
            CHECK(fcntl(own, F_GETFD) >= 0);
            close(own);
        }
        sx_socket_close(s);
        return rc;
    });
}
