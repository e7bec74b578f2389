// SPDX-License-Identifier: MIT
// The descriptor limit reached half-way through a call: every call that makes descriptors,
// run with none (or one) left, must fail with SX_EMFILE, close what it made and leave its
// outputs 0; a call that only wants a wake-up eventfd must still keep its timeout.
#include "fault/fault.hpp"
#include "fdlimit.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <functional>

namespace {

// Run op at the limit with `spare` descriptors free; it must give want and leave the fd count as it was.
void at_limit(const char *name, int spare, int32_t want, const std::function<int32_t()> &op)
{
    INFO(name << " with " << spare << " descriptor(s) left");
    int fds = sxt::open_fd_count();
    sxt::FdLimit limit(spare);
    int32_t rc = op();
    limit.release();
    int after = sxt::open_fd_count();
    INFO("status " << sx_error_name(rc) << " (" << sxt::detail() << ")");
    CHECK(rc == want);
    CHECK(after == fds);
}

} // namespace

TEST_CASE("fault: at the descriptor limit, sockets fail with SX_EMFILE and leak nothing", "[fault][fdlimit]")
{
    sxt::Sock listener;
    int32_t port = sxf::listen_on_loopback(listener, 16);
    sxt::Addr loop;
    REQUIRE_SX(sx_addr_inet("127.0.0.1", 0, loop.out()));
    sxt::Sock udp;
    REQUIRE_SX(sx_socket_open(AF_INET, SOCK_DGRAM, 0, udp.out()));
    int udp_fd = -1;
    REQUIRE_SX(sx_socket_fileno(udp, &udp_fd));

    sx_socket a = 0, b = 0;
    at_limit("sx_socketpair (needs two, one left)", 1, SX_EMFILE,
             [&] { return sx_socketpair(AF_UNIX, SOCK_STREAM, 0, &a, &b); });
    CHECK(a == 0);
    CHECK(b == 0);
    at_limit("sx_socket_open", 0, SX_EMFILE, [&] { return sx_socket_open(AF_INET, SOCK_STREAM, 0, &a); });
    at_limit("sx_socket_dup", 0, SX_EMFILE, [&] { return sx_socket_dup(udp, &a); });
    at_limit("sx_socket_fromfd", 0, SX_EMFILE,
             [&] { return sx_socket_fromfd(udp_fd, SX_DETECT, SX_DETECT, SX_DETECT, &a); });
    at_limit("sx_create_server", 0, SX_EMFILE, [&] { return sx_create_server(loop, 16, 0, 0, &a); });
    at_limit("sx_create_connection", 0, SX_EMFILE,
             [&] { return sx_create_connection("127.0.0.1", port, 5.0, 0, &a); });
    int32_t errors[4];
    size_t n = 0;
    at_limit("sx_create_connection_ex (happy eyeballs)", 0, SX_EMFILE, [&] {
        return sx_create_connection_ex("127.0.0.1", port, 5.0, 0, SX_CONNECT_HAPPY_EYEBALLS, errors, 4, &n, &a);
    });
    CHECK(a == 0);
    sx_list interfaces = 0;
    at_limit("sx_if_nameindex", 0, SX_EMFILE, [&] { return sx_if_nameindex(&interfaces); });
    CHECK(interfaces == 0);

    // accept: the connection is queued before the limit; accept4 then has no descriptor for it,
    // and it stays queued for a later accept.
    sxt::Sock client;
    REQUIRE_SX(sx_create_connection("127.0.0.1", port, 5.0, 0, client.out()));
    sx_addr peer = 0;
    at_limit("sx_socket_accept", 0, SX_EMFILE, [&] { return sx_socket_accept(listener, &a, &peer); });
    CHECK(a == 0);
    CHECK(peer == 0);
    sxt::Sock conn;
    sxt::Addr conn_peer;
    REQUIRE_SX(sx_socket_accept(listener, conn.out(), conn_peer.out()));
}

TEST_CASE("fault: at the descriptor limit, a timed wait without its eventfd still times out", "[fault][fdlimit]")
{
    sxt::Sock a, b;
    REQUIRE_SX(sx_socketpair(AF_UNIX, SOCK_STREAM, 0, a.out(), b.out()));
    REQUIRE_SX(sx_socket_settimeout(a, 0.05));
    char buf[4];
    size_t got = 0;
    at_limit("sx_socket_recv (timeout 50 ms)", 0, SX_ETIMEOUT,
             [&] { return sx_socket_recv(a, buf, sizeof buf, 0, &got); });
}
