// SPDX-License-Identifier: MIT
// Fault injection on the connection helpers, on loopback: create_connection (sequential and
// Happy Eyeballs) and create_server.
#include "fault/fault.hpp"

#include <sys/socket.h>
#include <unistd.h>

using sxf::sweep_both;

TEST_CASE("fault: create_connection, sequential and Happy Eyeballs", "[fault]")
{
    sxt::Sock listener;
    int32_t port = sxf::listen_on_loopback(listener, 128);
    int32_t listener_fd = -1;
    REQUIRE_SX(sx_socket_fileno(listener, &listener_fd));
    struct Case {
        const char *name, *host;
        int32_t flags;
    };
    // A NULL host is ::1 then 127.0.0.1 (only the second listens): a failure on the first address
    // must end the loop (Python's catches OSError, not MemoryError), not be hidden by the second.
    for (const Case &c : {Case{"sx_create_connection", "127.0.0.1", 0},
                          Case{"sx_create_connection (NULL host: two addresses)", nullptr, 0},
                          Case{"sx_create_connection_ex (happy eyeballs)", "127.0.0.1", SX_CONNECT_HAPPY_EYEBALLS}}) {
        const int32_t flags = c.flags;
        sweep_both(c.name, 1, 1, [&] {
            sx_socket s = 0;
            int32_t errors[4];
            size_t n = 0;
            int32_t rc = sx_create_connection_ex(c.host, port, 5.0, 0, flags, errors, 4, &n, &s);
            if (rc)
                CHECK(s == 0);
            sx_socket_close(s);
            // Take the connection off the listener's queue, so the queue never fills; with a raw
            // accept, which makes no allocation of the library's that the sweep would count.
            int conn = rc == 0 ? accept4(listener_fd, nullptr, nullptr, SOCK_CLOEXEC) : -1;
            if (conn >= 0)
                close(conn);
            return rc;
        });
    }
}

TEST_CASE("fault: create_server", "[fault]")
{
    sxt::Addr a;
    REQUIRE_SX(sx_addr_inet("127.0.0.1", 0, a.out()));
    sweep_both("sx_create_server", 1, 1, [&] {
        sx_socket s = 0;
        int32_t rc = sx_create_server(a, 16, 0, 0, &s);
        if (rc)
            CHECK(s == 0);
        sx_socket_close(s);
        return rc;
    });
}
