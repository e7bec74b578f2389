// SPDX-License-Identifier: MIT
// sendmsg and recvmsg on TCP and UDP over IPv4 and IPv6: a connected stream names no sender,
// end of file is a message of 0 bytes, MSG_PEEK leaves the data, MSG_WAITALL fills every
// buffer; a message received in a parent is the child's to release after fork.
#include "msg_helpers.hpp"

#include <cstring>
#include <sys/wait.h>

using namespace sxm;

TEST_CASE("msg: TCP: no sender address, MSG_PEEK, MSG_WAITALL and end of file", "[msg][streams][threads]")
{
    for (int family : {AF_INET, AF_INET6}) {
        if (family == AF_INET6 && !have_ipv6()) {
            WARN("IPv6 loopback unavailable: skipped");
            continue;
        }
        INFO("family " << family);
        Sock c, s;
        tcp_pair(c, s, family);
        REQUIRE_SX(sx_socket_settimeout(s, test_timeout()));
        REQUIRE_SX(send1(c, "peek then read"));

        Msg peeked;
        std::string got;
        REQUIRE_SX(recv1(s, 4, 0, MSG_PEEK | MSG_WAITALL, peeked.out(), &got));
        CHECK(got == "peek");
        sx_addr from = 9;
        REQUIRE_SX(sx_msg_address(peeked, &from));
        CHECK(from == 0); // a connected stream: Python's None

        // MSG_WAITALL fills the two scattered buffers although the data comes in pieces: in blocking
        // mode (in timeout mode the socket is non-blocking, so, as in Python, it returns what is there).
        REQUIRE_SX(sx_socket_settimeout(s, SX_TIMEOUT_NONE));
        Watchdog wd({fd_of(s)}, 20);
        std::thread later([&] {
            sleep_ms(30);
            sx_socket_sendall(c, " and more", 9, 0, nullptr);
        });
        char b1[10], b2[13];
        void *bufs[2] = {b1, b2};
        size_t lens[2] = {sizeof b1, sizeof b2};
        Msg m;
        int32_t rc = sx_socket_recvmsg(s, bufs, lens, 2, 0, MSG_WAITALL, m.out());
        later.join();
        REQUIRE_SX(rc);
        REQUIRE(nbytes_of(m) == 23);
        CHECK(std::string(b1, 10) + std::string(b2, 13) == "peek then read and more");

        // End of file: the peer shut down its side; a message of 0 bytes, not an error.
        REQUIRE_SX(sx_socket_shutdown(c, SHUT_WR));
        Msg eof;
        REQUIRE_SX(recv1(s, 16, 64, 0, eof.out()));
        CHECK(nbytes_of(eof) == 0);
        CHECK(items_of(eof) == 0);
    }
}

TEST_CASE("msg: UDP over IPv6: the sender's address and gathered buffers", "[msg][streams]")
{
    if (!have_ipv6()) {
        WARN("IPv6 loopback unavailable: skipped");
        return;
    }
    Sock a(udp_bound(AF_INET6)), b(udp_bound(AF_INET6));
    Addr aname(sockname(a)), bname(sockname(b));
    const void *bufs[2] = {"six", "-two"};
    size_t lens[2] = {3, 4};
    size_t sent = 0;
    REQUIRE_SX(sx_socket_sendmsg(a, bufs, lens, 2, 0, 0, bname, &sent));
    CHECK(sent == 7);
    Msg m;
    std::string got;
    REQUIRE_SX(recv1(b, 64, 0, 0, m.out(), &got));
    CHECK(got == "six-two");
    Addr from;
    REQUIRE_SX(sx_msg_address(m, from.out()));
    CHECK(family_of(from) == AF_INET6);
    CHECK(text_of(from) == text_of(aname));
}

TEST_CASE("msg: after fork a child releases its copy of a received message", "[msg][fork][spawns][emptyiov]")
{
    Sock a, b;
    unix_pair(a, b, SOCK_DGRAM);
    auto p = make_pipe();
    int32_t fds[1] = {p.second.fd};
    size_t sent = 0;
    REQUIRE_SX(sx_socket_send_fds(a, nullptr, nullptr, 0, fds, 1, 0, 0, &sent));
    Msg m;
    char buf[4];
    REQUIRE_SX(sx_socket_recv_fds(b, buf, sizeof buf, 1, 0, m.out()));
    REQUIRE(fds_of(m) == 1);
    fflush(nullptr);
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        // The child reads and releases the message: its copies of the descriptors only.
        uint32_t n = 0;
        int ok = sx_msg_fd_count(m, &n) == 0 && n == 1 && sx_msg_close(m) == 0;
        _exit(ok ? 0 : 1);
    }
    int status = -1;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    // The parent's message and descriptor are untouched.
    Fd mine = take_fd(m, 0);
    CHECK(fd_open(mine));
    REQUIRE(write(mine, "ok", 2) == 2);
    char got[2];
    REQUIRE(read(p.first, got, 2) == 2);
}

TEST_CASE("msg: the error queue in blocking mode, and a close while waiting for it", "[msg][errqueue][threads]")
{
    Sock s(udp_bound());
    REQUIRE_SX(sx_socket_setsockopt_int(s, IPPROTO_IP, IP_RECVERR, 1));
    REQUIRE_SX(sx_socket_settimeout(s, SX_TIMEOUT_NONE));
    Watchdog wd({fd_of(s)}, 20);
    Addr closed(loopback(AF_INET, unused_port()));
    std::thread t([&] {
        sleep_ms(50);
        const void *bufs[1] = {"late"};
        size_t lens[1] = {4};
        size_t sent = 0;
        sx_socket_sendmsg(s, bufs, lens, 1, 0, 0, closed, &sent);
    });
    Msg m;
    int32_t rc = recv1(s, 16, 512, MSG_ERRQUEUE, m.out());
    t.join();
    REQUIRE_SX(rc);
    CHECK((flags_of(m) & MSG_ERRQUEUE) != 0);
    CHECK_FALSE(wd.fired.load());

    // Nothing queued: the wait is woken by a close from another thread.
    std::atomic<int32_t> result{1};
    std::atomic<bool> done{false};
    std::thread waiter([&] {
        sx_msg none = 0;
        char buf[16];
        void *rb[1] = {buf};
        size_t rl[1] = {sizeof buf};
        result = sx_socket_recvmsg(s, rb, rl, 1, 512, MSG_ERRQUEUE, &none);
        sx_msg_close(none);
        done = true;
    });
    sleep_ms(sxt::under_valgrind() ? 300 : 50);
    CHECK_FALSE(done.load());
    REQUIRE_SX(sx_socket_close(s.h));
    for (int i = 0; i < 5000 && !done; i++)
        sleep_ms(1);
    waiter.join();
    s.h = 0;
    REQUIRE_CODE(result.load(), SX_ECLOSED);
}
