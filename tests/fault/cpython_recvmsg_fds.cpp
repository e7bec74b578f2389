// SPDX-License-Identifier: MIT
// CPython 3.11 semantics of recvmsg() (spec 2.1, 6.24): "If anything fails after the system call,
// the SCM_RIGHTS fds received are closed" (sock_recvmsg_guts, err_closefds). Here every allocation
// and handle creation of sx_socket_recvmsg() / sx_socket_recv_fds() fails in turn while a message
// with descriptors is waiting: each failing run must leave no descriptor open (the sweep counts
// /proc/self/fd) and no allocation live, and a run that succeeds gives close-on-exec descriptors.
#include "fault.hpp"

#include <cstring>
#include <fcntl.h>
#include <string>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

using namespace sxf;

namespace {

// Queue one datagram with n copies of fd on the raw socket (no library call: the sweep's faults
// must fire in the receive alone).
void send_raw_fds(int sock, int fd, int n)
{
    std::vector<int> fds((size_t)n, fd);
    std::vector<char> ctl(CMSG_SPACE(sizeof(int) * (size_t)n), 0);
    char data[] = "fds";
    iovec iov{data, 3};
    msghdr mh{};
    mh.msg_iov = &iov;
    mh.msg_iovlen = 1;
    mh.msg_control = ctl.data();
    mh.msg_controllen = ctl.size();
    cmsghdr *c = CMSG_FIRSTHDR(&mh);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int) * (size_t)n);
    std::memcpy(CMSG_DATA(c), fds.data(), sizeof(int) * (size_t)n);
    REQUIRE(sendmsg(sock, &mh, 0) == 3);
}

// Take every descriptor of a received message (checking close-on-exec), close them, and the message.
void drop(sx_msg m)
{
    uint32_t count = 0;
    REQUIRE_SX(sx_msg_fd_count(m, &count));
    for (uint32_t i = 0; i < count; i++) {
        int32_t fd = -1;
        REQUIRE_SX(sx_msg_take_fd(m, i, &fd));
        CHECK((fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0);
        close(fd);
    }
    REQUIRE_SX(sx_msg_close(m));
}

} // namespace

TEST_CASE("fault: recvmsg and recv_fds close the descriptors of a receive that fails (CPython err_closefds)",
          "[fault][msg][cpython]")
{
    int pair[2];
    REQUIRE(socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, pair) == 0);
    sxt::Sock r;
    REQUIRE_SX(sx_socket_adopt(pair[1], AF_UNIX, SOCK_DGRAM, 0, r.out()));
    REQUIRE_SX(sx_socket_settimeout(r, 5.0));
    int file = open("/dev/null", O_RDONLY | O_CLOEXEC);
    REQUIRE(file >= 0);
    // A run whose fault fires before recvmsg(2) leaves its datagram queued: drain before each run.
    auto drain = [&] {
        for (int i = 0; i < 100; i++) {
            char buf[8];
            char ctl[CMSG_SPACE(sizeof(int) * 8)];
            iovec iov{buf, sizeof buf};
            msghdr mh{};
            mh.msg_iov = &iov;
            mh.msg_iovlen = 1;
            mh.msg_control = ctl;
            mh.msg_controllen = sizeof ctl;
            if (recvmsg(pair[1], &mh, MSG_DONTWAIT | MSG_CMSG_CLOEXEC) < 0)
                return;
            for (cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c))
                if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
                    for (size_t k = 0; k < (c->cmsg_len - CMSG_LEN(0)) / sizeof(int); k++) {
                        int fd;
                        std::memcpy(&fd, CMSG_DATA(c) + k * sizeof(int), sizeof fd);
                        close(fd);
                    }
        }
    };
    sweep_both("sx_socket_recvmsg with 3 descriptors", 1, 1, [&] {
        drain();
        send_raw_fds(pair[0], file, 3);
        char buf[8];
        void *bufs[1] = {buf};
        size_t lens[1] = {sizeof buf};
        sx_msg m = 0;
        int32_t rc = sx_socket_recvmsg(r, bufs, lens, 1, CMSG_SPACE(sizeof(int) * 3), 0, &m);
        if (rc) {
            CHECK(m == 0);
            return rc;
        }
        uint32_t count = 0;
        REQUIRE_SX(sx_msg_fd_count(m, &count));
        CHECK(count == 3);
        drop(m);
        return rc;
    });
    sweep_both("sx_socket_recv_fds with 2 descriptors", 1, 1, [&] {
        drain();
        send_raw_fds(pair[0], file, 2);
        char buf[8];
        sx_msg m = 0;
        int32_t rc = sx_socket_recv_fds(r, buf, sizeof buf, 2, 0, &m);
        if (rc) {
            CHECK(m == 0);
            return rc;
        }
        uint32_t count = 0;
        REQUIRE_SX(sx_msg_fd_count(m, &count));
        CHECK(count == 2);
        drop(m);
        return rc;
    });
    drain();
    close(file);
    close(pair[0]);
}
