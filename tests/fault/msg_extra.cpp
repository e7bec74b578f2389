// SPDX-License-Identifier: MIT
// Fault injection on the message calls of msg-extra that allocate: sendfile's fallback copy
// buffer, and the kernel arrays of a batch too large for the stack (more than 64 messages).
#include "fault/fault.hpp"

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <vector>

using sxf::Fault;
using sxf::sweep;

TEST_CASE("fault: sendfile's read+send fallback", "[fault]")
{
    sxt::Sock a, b;
    REQUIRE_SX(sx_socketpair(AF_UNIX, SOCK_STREAM, 0, a.out(), b.out()));
    // A pipe: sendfile(2) refuses it, so the bytes go through the fallback's buffer.
    CHECK(sweep("sx_socket_sendfile (pipe)", Fault::alloc, [&] {
              int p[2];
              REQUIRE(pipe2(p, O_CLOEXEC) == 0);
              REQUIRE(write(p[1], "fallback", 8) == 8);
              close(p[1]);
              uint64_t sent = 99;
              int32_t rc = sx_socket_sendfile(a, p[0], 0, 0, &sent);
              close(p[0]);
              char buf[16];
              size_t n = 0;
              if (rc == 0) {
                  CHECK(sent == 8);
                  REQUIRE_SX(sx_socket_recv(b, buf, sizeof buf, 0, &n));
                  CHECK(n == 8);
              } else {
                  CHECK(sent == 0);
              }
              return rc;
          }) >= 1);
}

TEST_CASE("fault: batches larger than the stack arrays", "[fault]")
{
    const size_t count = 100;
    sxt::Sock rx, tx;
    REQUIRE_SX(sx_socket_open(AF_INET, SOCK_DGRAM, 0, rx.out()));
    REQUIRE_SX(sx_socket_open(AF_INET, SOCK_DGRAM, 0, tx.out()));
    REQUIRE_SX(sx_socket_setsockopt_int(rx, SOL_SOCKET, SO_RCVBUF, 1 << 20));
    sxt::Addr any, at;
    REQUIRE_SX(sx_addr_inet("127.0.0.1", 0, any.out()));
    REQUIRE_SX(sx_socket_bind(rx, any));
    REQUIRE_SX(sx_socket_getsockname(rx, at.out()));
    REQUIRE_SX(sx_socket_connect(tx, at));
    // Separate messages to send and to receive into: a received message holds its sender, which
    // would become the destination if it were sent again.
    std::vector<sx_msg> msgs(count), out(count);
    std::vector<std::vector<char>> bufs(count, std::vector<char>(16, 'f'));
    for (size_t i = 0; i < count; i++) {
        REQUIRE_SX(sx_msg_new(&msgs[i]));
        REQUIRE_SX(sx_msg_new(&out[i]));
        void *p[1] = {bufs[i].data()};
        size_t len[1] = {bufs[i].size()};
        REQUIRE_SX(sx_msg_set_buffers(msgs[i], p, len, 1));
        REQUIRE_SX(sx_msg_set_buffers(out[i], p, len, 1));
    }
    // Receive first once, so each message's room for a sender and its item arrays exist before
    // the sweep counts live allocations.
    size_t n = 0;
    REQUIRE_SX(sx_socket_sendmmsg(tx, out.data(), count, 0, &n));
    REQUIRE(n == count);
    REQUIRE_SX(sx_socket_recvmmsg(rx, msgs.data(), count, 0, &n));
    CHECK(sweep("sx_socket_sendmmsg (100 messages)", Fault::alloc, [&] {
              size_t sent = 99;
              int32_t rc = sx_socket_sendmmsg(tx, out.data(), count, 0, &sent);
              if (rc)
                  CHECK(sent == 0);
              // Drain what went, so every run starts from an empty queue.
              char buf[16];
              size_t k = 0;
              while (sx_socket_recv(rx, buf, sizeof buf, MSG_DONTWAIT, &k) == 0) {
              }
              return rc;
          }) >= 1);
    CHECK(sweep("sx_socket_recvmmsg (100 messages)", Fault::alloc, [&] {
              size_t sent = 0, got = 99;
              REQUIRE_SX(sx_socket_sendmmsg(tx, out.data(), 1, 0, &sent));
              int32_t rc = sx_socket_recvmmsg(rx, msgs.data(), count, 0, &got);
              if (rc) {
                  // 0 when the call failed before recvmmsg(2); 1 when the datagram was taken and
                  // could not be recorded (it is gone from the socket either way).
                  CHECK(got <= 1);
                  char buf[16];
                  size_t k = 0;
                  while (sx_socket_recv(rx, buf, sizeof buf, MSG_DONTWAIT, &k) == 0) {
                  }
              }
              return rc;
          }) >= 1);
    for (size_t i = 0; i < count; i++) {
        sx_msg_close(msgs[i]);
        sx_msg_close(out[i]);
    }
}
