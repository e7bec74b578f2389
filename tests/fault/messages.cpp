// SPDX-License-Identifier: MIT
// Fault injection on the message calls: making and filling a message, and above all a receive
// with descriptors, where every failure after the system call must close what arrived (the
// sweep's descriptor count checks it), and the typed readers that make address handles.
#include "fault/fault.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using sxf::sweep_both;

TEST_CASE("fault: sx_msg_new and building a message", "[fault]")
{
    sweep_both("sx_msg_new", 1, 1, [] {
        sx_msg m = 0;
        int32_t rc = sx_msg_new(&m);
        if (rc)
            CHECK(m == 0);
        sx_msg_close(m);
        return rc;
    });
    // Enough items to grow both the index and the control buffer more than once.
    sweep_both("sx_msg_add and friends", 3, 1, [] {
        sx_msg m = 0;
        int32_t rc = sx_msg_new(&m);
        int32_t fds[2] = {0, 1};
        char big[300] = {0};
        for (int i = 0; rc == 0 && i < 6; i++) {
            rc = sx_msg_add_int(m, IPPROTO_IP, IP_TTL, i + 1);
            if (!rc)
                rc = sx_msg_add(m, 1, 2, big, sizeof big);
        }
        if (!rc)
            rc = sx_msg_add_fds(m, fds, 2);
        if (!rc)
            rc = sx_msg_add_credentials(m, getpid(), getuid(), getgid());
        sx_msg_close(m);
        return rc;
    });
}

TEST_CASE("fault: the batch slot setters", "[fault]")
{
    sx_msg m = 0;
    REQUIRE_SX(sx_msg_new(&m));
    // Five buffers: up to four live in the message itself, with nothing to allocate.
    char buf[4];
    void *bufs[5] = {buf, buf, buf, buf, buf};
    size_t lens[5] = {sizeof buf, sizeof buf, sizeof buf, sizeof buf, sizeof buf};
    sweep_both("sx_msg_set_buffers", 1, 0, [&] {
        int32_t rc = sx_msg_set_buffers(m, bufs, lens, 5);
        if (!rc)
            rc = sx_msg_set_buffers(m, nullptr, nullptr, 0);
        return rc;
    });
    sx_msg_close(m);
    // The room is the message's until it is released: made and released within the operation.
    sweep_both("sx_msg_set_ancbufsize", 2, 1, [&] {
        sx_msg r = 0;
        int32_t rc = sx_msg_new(&r);
        if (!rc)
            rc = sx_msg_set_ancbufsize(r, 256);
        sx_msg_close(r);
        return rc;
    });
}

TEST_CASE("fault: recvmsg and recv_fds with descriptors close whatever arrived", "[fault]")
{
    // Made outside the sweeps, so their own allocations are not swept.
    sx_socket a = 0, b = 0;
    REQUIRE_SX(sx_socketpair(AF_UNIX, SOCK_DGRAM, 0, &a, &b));
    REQUIRE_SX(sx_socket_setblocking(b, 0));
    int32_t raw_b = -1;
    REQUIRE_SX(sx_socket_fileno(b, &raw_b));
    int p[2];
    REQUIRE(pipe2(p, O_CLOEXEC) == 0);
    // Six descriptors: a message keeps up to four (and 64 control bytes) without allocating, and
    // the kernel's control buffer is on the stack, so fewer would leave no failure to sweep after
    // the descriptors arrive. Points: the message, its descriptor list and its taken marks.
    int32_t fds[6] = {p[0], p[1], p[1], p[0], p[1], p[0]};
    const void *sbufs[1] = {"data"};
    size_t slens[1] = {4};

    for (bool use_recv_fds : {false, true}) {
        sweep_both(use_recv_fds ? "sx_socket_recv_fds (6 descriptors)" : "sx_socket_recvmsg (6 descriptors)", 3, 1,
                   [&] {
                       size_t sent = 0;
                       REQUIRE(sx_socket_send_fds(a, sbufs, slens, 1, fds, 6, 0, 0, &sent) == 0);
                       char buf[16];
                       void *rbufs[1] = {buf};
                       size_t rlens[1] = {sizeof buf};
                       sx_msg m = 0;
                       int32_t rc = use_recv_fds
                                        ? sx_socket_recv_fds(b, buf, sizeof buf, 6, 0, &m)
                                        : sx_socket_recvmsg(b, rbufs, rlens, 1, 256, 0, &m);
                       if (rc) {
                           CHECK(m == 0);
                           // Failed before the system call: drop the datagram (the kernel closes
                           // descriptors that meet no control buffer).
                           char sink[16];
                           (void)recv(raw_b, sink, sizeof sink, MSG_DONTWAIT);
                       } else {
                           uint32_t n = 0;
                           CHECK(sx_msg_fd_count(m, &n) == 0);
                           CHECK(n == 6);
                       }
                       sx_msg_close(m);
                       return rc;
                   });
    }
    close(p[0]);
    close(p[1]);
    sx_socket_close(a);
    sx_socket_close(b);
}

TEST_CASE("fault: readers that make address handles", "[fault]")
{
    sx_msg m = 0;
    REQUIRE_SX(sx_msg_new(&m));
    sx_addr lo = 0;
    REQUIRE_SX(sx_addr_inet("127.0.0.1", 7, &lo));
    REQUIRE_SX(sx_msg_set_address(m, lo));
    REQUIRE_SX(sx_msg_add_pktinfo(m, 1, lo));
    sx_addr_close(lo);
    sweep_both("sx_msg_address", 1, 1, [&] {
        sx_addr a = 0;
        int32_t rc = sx_msg_address(m, &a);
        if (rc)
            CHECK(a == 0);
        sx_addr_close(a);
        return rc;
    });
    // Two handles: a failure on the second must release the first.
    sweep_both("sx_msg_item_pktinfo (with spec_dst)", 2, 2, [&] {
        uint32_t ifindex = 0;
        sx_addr a = 0, s = 0;
        int32_t rc = sx_msg_item_pktinfo(m, 0, &ifindex, &a, &s);
        if (rc) {
            CHECK(a == 0);
            CHECK(s == 0);
        }
        sx_addr_close(a);
        sx_addr_close(s);
        return rc;
    });
    sx_msg_close(m);
}
