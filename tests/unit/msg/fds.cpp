// SPDX-License-Identifier: MIT
// Descriptor passing (SCM_RIGHTS): send_fds / recv_fds and typed items, close-on-exec, taking,
// truncation by a control buffer too small (no descriptor is ever leaked), and passing to another
// process (CPython: SCMRightsTest, spec §6 item 24).
#include "msg_helpers.hpp"

#include <cstring>
#include <sys/wait.h>

using namespace sxm;

namespace {

// Write text to fd and read it back from the pipe's read end: the descriptor works.
void check_pipe_pair(int write_fd, int read_fd, const std::string &text)
{
    REQUIRE(write(write_fd, text.data(), text.size()) == (ssize_t)text.size());
    char buf[64];
    ssize_t n = read(read_fd, buf, sizeof buf);
    REQUIRE(n == (ssize_t)text.size());
    CHECK(std::string(buf, (size_t)n) == text);
}

} // namespace

TEST_CASE("msg: send_fds and recv_fds pass working, close-on-exec descriptors", "[msg][fds]")
{
    Sock a, b;
    unix_pair(a, b);
    auto p1 = make_pipe();
    auto p2 = make_pipe();
    auto p3 = make_pipe();
    int32_t fds[3] = {p1.second, p2.second, p3.second};
    const void *bufs[1] = {"fds"};
    size_t lens[1] = {3};
    size_t sent = 0;
    REQUIRE_SX(sx_socket_send_fds(a, bufs, lens, 1, fds, 3, 0, 0, &sent));
    CHECK(sent == 3);

    char buf[16];
    Msg m;
    REQUIRE_SX(sx_socket_recv_fds(b, buf, sizeof buf, 3, 0, m.out()));
    REQUIRE(nbytes_of(m) == 3);
    CHECK(std::string(buf, 3) == "fds");
    CHECK(flags_of(m) == 0);
    REQUIRE(fds_of(m) == 3);
    // One SCM_RIGHTS item whose data is the three numbers.
    REQUIRE(items_of(m) == 1);
    CHECK(item_kind(m, 0) == std::make_pair((int32_t)SOL_SOCKET, (int32_t)SCM_RIGHTS));
    CHECK(item_bytes(m, 0).size() == 3 * sizeof(int));
    Fd r1 = take_fd(m, 0), r2 = take_fd(m, 1), r3 = take_fd(m, 2);
    for (int fd : {r1.fd, r2.fd, r3.fd}) {
        CHECK(fd_cloexec(fd));
        CHECK(fd != p1.second.fd);
    }
    check_pipe_pair(r1, p1.first, "one");
    check_pipe_pair(r2, p2.first, "two");
    check_pipe_pair(r3, p3.first, "three");

    // Taken descriptors are the caller's: releasing the message leaves them open.
    REQUIRE_SX(sx_msg_close(m.h));
    m.h = 0;
    CHECK(fd_open(r1));
    CHECK(fd_open(r3));
}

TEST_CASE("msg: 253 descriptors in one message, and those not taken close with the message", "[msg][fds]")
{
    Sock a, b;
    unix_pair(a, b, SOCK_DGRAM);
    auto p = make_pipe();
    std::vector<int32_t> fds(253, p.second.fd);
    Msg anc(new_msg());
    REQUIRE_SX(sx_msg_add_fds(anc, fds.data(), fds.size()));
    REQUIRE(items_of(anc) == 1);
    CHECK(item_bytes(anc, 0).size() == 253 * sizeof(int));
    CHECK(fds_of(anc) == 0); // descriptors to send are the caller's, not the message's

    int before = sxt::open_fd_count();
    REQUIRE_SX(send1(a, "many", anc));
    Msg m;
    REQUIRE_SX(recv1(b, 16, CMSG_SPACE(253 * sizeof(int)), 0, m.out()));
    CHECK((flags_of(m) & MSG_CTRUNC) == 0);
    REQUIRE(fds_of(m) == 253);
    CHECK(sxt::open_fd_count() == before + 253);
    int32_t first = -1;
    REQUIRE_SX(sx_msg_take_fd(m, 0, &first));
    Fd kept(first);
    uint32_t idx = 0;
    REQUIRE_SX(sx_msg_find(m, SOL_SOCKET, SCM_RIGHTS, &idx));
    CHECK(idx == 0);
    REQUIRE_SX(sx_msg_close(m.h));
    m.h = 0;
    CHECK(sxt::open_fd_count() == before + 1);
    check_pipe_pair(kept, p.first, "still works");
}

TEST_CASE("msg: more descriptors than fit are dropped with MSG_CTRUNC, and none leaks", "[msg][fds][emptyiov][ctrunc]")
{
    Sock a, b;
    unix_pair(a, b, SOCK_DGRAM);
    auto p = make_pipe();
    std::vector<int32_t> fds(10, p.second.fd);
    int before = sxt::open_fd_count();

    SECTION("recv_fds with maxfds too small")
    {
        size_t sent = 0;
        REQUIRE_SX(sx_socket_send_fds(a, nullptr, nullptr, 0, fds.data(), fds.size(), 0, 0, &sent));
        Msg m;
        char buf[4];
        REQUIRE_SX(sx_socket_recv_fds(b, buf, sizeof buf, 3, 0, m.out()));
        CHECK((flags_of(m) & MSG_CTRUNC) != 0);
        CHECK(fds_of(m) == 3);
        CHECK(sxt::open_fd_count() == before + 3);
    }
    SECTION("an ancillary buffer that cuts the item's data")
    {
        Msg anc(new_msg());
        REQUIRE_SX(sx_msg_add_fds(anc, fds.data(), fds.size()));
        REQUIRE_SX(send1(a, "x", anc));
        Msg m;
        REQUIRE_SX(recv1(b, 4, CMSG_LEN(3 * sizeof(int)) + 2, 0, m.out()));
        CHECK((flags_of(m) & MSG_CTRUNC) != 0);
        CHECK(fds_of(m) == 3);
        CHECK(sxt::open_fd_count() == before + 3);
    }
    SECTION("an ancillary buffer too small for any item header")
    {
        Msg anc(new_msg());
        REQUIRE_SX(sx_msg_add_fds(anc, fds.data(), fds.size()));
        REQUIRE_SX(send1(a, "x", anc));
        Msg m;
        REQUIRE_SX(recv1(b, 4, 4, 0, m.out()));
        CHECK((flags_of(m) & MSG_CTRUNC) != 0);
        CHECK(items_of(m) == 0);
        CHECK(fds_of(m) == 0);
    }
    SECTION("no ancillary buffer at all")
    {
        Msg anc(new_msg());
        REQUIRE_SX(sx_msg_add_fds(anc, fds.data(), fds.size()));
        REQUIRE_SX(send1(a, "x", anc));
        Msg m;
        REQUIRE_SX(recv1(b, 4, 0, 0, m.out()));
        CHECK((flags_of(m) & MSG_CTRUNC) != 0);
        CHECK(items_of(m) == 0);
    }
    // Released with the message: back to where it started.
    CHECK(sxt::open_fd_count() == before);
}

TEST_CASE("msg: descriptor arguments are checked before any system call", "[msg][fds]")
{
    Sock a, b;
    unix_pair(a, b);
    Msg anc(new_msg());
    int32_t good[1] = {0};
    REQUIRE_CODE(sx_msg_add_fds(anc, nullptr, 1), SX_EARG);
    std::vector<int32_t> too_many(254, 0);
    REQUIRE_CODE(sx_msg_add_fds(anc, too_many.data(), too_many.size()), SX_EARG);
    int32_t bad[2] = {0, closed_fd()};
    REQUIRE_CODE(sx_msg_add_fds(anc, bad, 2), SX_EBADF);
    int32_t negative[1] = {-1};
    REQUIRE_CODE(sx_msg_add_fds(anc, negative, 1), SX_EBADF);
    CHECK(items_of(anc) == 0); // a refused call adds nothing
    REQUIRE_SX(sx_msg_add_fds(anc, nullptr, 0)); // an empty SCM_RIGHTS item is allowed, as in Python
    CHECK(items_of(anc) == 1);

    size_t sent = 99;
    REQUIRE_CODE(sx_socket_send_fds(a, nullptr, nullptr, 0, nullptr, 1, 0, 0, &sent), SX_EARG);
    REQUIRE_CODE(sx_socket_send_fds(a, nullptr, nullptr, 0, too_many.data(), too_many.size(), 0, 0, &sent),
                 SX_EARG);
    REQUIRE_CODE(sx_socket_send_fds(a, nullptr, nullptr, 0, bad, 2, 0, 0, &sent), SX_EBADF);
    REQUIRE_CODE(sx_socket_send_fds(a, nullptr, nullptr, 0, good, 1, 0, 0, nullptr), SX_EARG);
    REQUIRE_CODE(sx_socket_send_fds(a, nullptr, nullptr, 1, good, 1, 0, 0, &sent), SX_EARG);
    CHECK(sent == 99); // nothing reported for a refused call

    Msg m;
    char buf[4];
    REQUIRE_CODE(sx_socket_recv_fds(b, buf, sizeof buf, 254, 0, m.out()), SX_EARG);
    REQUIRE_CODE(sx_socket_recv_fds(b, nullptr, 4, 1, 0, m.out()), SX_EARG);
    REQUIRE_CODE(sx_socket_recv_fds(b, buf, sizeof buf, 1, 0, nullptr), SX_EARG);
    CHECK(m.h == 0);

    // take_fd: out of range, twice, NULL.
    auto p = make_pipe();
    int32_t one[1] = {p.second.fd};
    // On a stream, descriptors travel with data: at least one byte.
    const void *bufs[1] = {"x"};
    size_t lens[1] = {1};
    REQUIRE_SX(sx_socket_send_fds(a, bufs, lens, 1, one, 1, 0, 0, &sent));
    REQUIRE_SX(sx_socket_recv_fds(b, buf, sizeof buf, 4, 0, m.out()));
    REQUIRE(fds_of(m) == 1);
    int32_t fd = -1;
    REQUIRE_CODE(sx_msg_take_fd(m, 1, &fd), SX_EOUTOFRANGE);
    REQUIRE_CODE(sx_msg_take_fd(m, 0, nullptr), SX_EARG);
    Fd taken = take_fd(m, 0);
    REQUIRE_CODE(sx_msg_take_fd(m, 0, &fd), SX_EARG);
    CHECK(fds_of(m) == 1); // taken or not, it was received
    uint32_t n = 0;
    REQUIRE_CODE(sx_msg_fd_count(m, nullptr), SX_EARG);
    sx_msg gone = m.h;
    REQUIRE_SX(sx_msg_close(m.h));
    m.h = 0;
    REQUIRE_CODE(sx_msg_fd_count(gone, &n), SX_EBADHANDLE);
    REQUIRE_CODE(sx_msg_take_fd(gone, 0, &fd), SX_EBADHANDLE);
    CHECK(fd_open(taken));
}

TEST_CASE("msg: a descriptor passed to a child process works there", "[msg][fds][fork][spawns]")
{
    Sock parent, child;
    unix_pair(parent, child);
    auto p = make_pipe();
    fflush(nullptr);
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        // The child: receive one descriptor, write through it, report by exit status.
        sx_socket_close(parent);
        char buf[8];
        sx_msg m = 0;
        int status = 1;
        if (sx_socket_settimeout(child, 10.0) == 0 && sx_socket_recv_fds(child, buf, sizeof buf, 1, 0, &m) == 0) {
            int32_t fd = -1;
            if (sx_msg_take_fd(m, 0, &fd) == 0 && (fcntl(fd, F_GETFD) & FD_CLOEXEC) &&
                write(fd, "from child", 10) == 10)
                status = 0;
            sx_msg_close(m);
        }
        _exit(status);
    }
    // Only the write end travels; the parent's copy is closed so EOF shows the child is done.
    int32_t w[1] = {p.second.fd};
    size_t sent = 0;
    const void *bufs[1] = {"x"};
    size_t lens[1] = {1};
    REQUIRE_SX(sx_socket_send_fds(parent, bufs, lens, 1, w, 1, 0, 0, &sent));
    close(p.second.fd);
    p.second.fd = -1;
    int status = -1;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    char buf[32];
    ssize_t n = read(p.first, buf, sizeof buf);
    REQUIRE(n == 10);
    CHECK(std::string(buf, 10) == "from child");
}
