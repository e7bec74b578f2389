// SPDX-License-Identifier: MIT
// Helpers shared by the message tests (tests/unit/msg/*.cpp): an owner for sx_msg handles and
// descriptors, one-buffer send and receive, and readers for a received message.
#pragma once

#include "unit/socket/helpers.hpp"

#include <fcntl.h>
#include <string>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

namespace sxm {

using namespace sxs;

// Owns a message handle; closes it at scope exit.
struct Msg {
    sx_msg h = 0;
    Msg() = default;
    explicit Msg(sx_msg m) : h(m) {}
    Msg(const Msg &) = delete;
    Msg &operator=(const Msg &) = delete;
    ~Msg() { sx_msg_close(h); }
    sx_msg *out() { return &h; }
    operator sx_msg() const { return h; }
};

// Owns a raw descriptor; closes it at scope exit.
struct Fd {
    int fd = -1;
    Fd() = default;
    explicit Fd(int f) : fd(f) {}
    Fd(const Fd &) = delete;
    Fd &operator=(const Fd &) = delete;
    Fd(Fd &&o) noexcept : fd(o.fd) { o.fd = -1; }
    ~Fd()
    {
        if (fd >= 0)
            close(fd);
    }
    operator int() const { return fd; }
};

inline sx_msg new_msg()
{
    sx_msg m = 0;
    REQUIRE_SX(sx_msg_new(&m));
    return m;
}

// Send one buffer (and the message's ancillary items, 0 for none); returns the status.
inline int32_t send1(sx_socket s, const std::string &data, sx_msg anc = 0, int32_t flags = 0, sx_addr to = 0,
                     size_t *sent_out = nullptr)
{
    const void *bufs[1] = {data.data()};
    size_t lens[1] = {data.size()};
    size_t sent = 0;
    int32_t rc = sx_socket_sendmsg(s, bufs, lens, 1, anc, flags, to, &sent);
    if (sent_out)
        *sent_out = sent;
    if (rc == 0)
        CHECK(sent == data.size());
    return rc;
}

// Receive into one buffer of cap bytes; *data_out receives what arrived.
inline int32_t recv1(sx_socket s, size_t cap, size_t ancbufsize, int32_t flags, sx_msg *out,
                     std::string *data_out = nullptr)
{
    std::vector<char> buf(cap ? cap : 1);
    void *bufs[1] = {buf.data()};
    size_t lens[1] = {cap};
    int32_t rc = sx_socket_recvmsg(s, bufs, lens, 1, ancbufsize, flags, out);
    if (rc == 0 && data_out) {
        size_t n = 0;
        REQUIRE_SX(sx_msg_nbytes(*out, &n));
        data_out->assign(buf.data(), std::min(n, cap));
    }
    return rc;
}

inline size_t nbytes_of(sx_msg m)
{
    size_t n = 0;
    REQUIRE_SX(sx_msg_nbytes(m, &n));
    return n;
}

inline int32_t flags_of(sx_msg m)
{
    int32_t f = -1;
    REQUIRE_SX(sx_msg_flags(m, &f));
    return f;
}

inline uint32_t items_of(sx_msg m)
{
    uint32_t n = 0;
    REQUIRE_SX(sx_msg_item_count(m, &n));
    return n;
}

inline uint32_t fds_of(sx_msg m)
{
    uint32_t n = 0;
    REQUIRE_SX(sx_msg_fd_count(m, &n));
    return n;
}

inline std::string item_bytes(sx_msg m, uint32_t index)
{
    size_t len = 0;
    int32_t rc = sx_msg_item_data(m, index, nullptr, 0, &len);
    REQUIRE((rc == 0 || rc == SX_ETRUNC));
    std::string data(len, '\0');
    REQUIRE_SX(sx_msg_item_data(m, index, data.empty() ? nullptr : &data[0], data.size(), &len));
    return data;
}

inline std::pair<int32_t, int32_t> item_kind(sx_msg m, uint32_t index)
{
    int32_t level = -1, type = -1;
    REQUIRE_SX(sx_msg_item(m, index, &level, &type));
    return {level, type};
}

inline int64_t item_int(sx_msg m, uint32_t index)
{
    int64_t v = -1;
    REQUIRE_SX(sx_msg_item_int(m, index, &v));
    return v;
}

// Index of the first item of (level, type); fails the test if there is none.
inline uint32_t find_item(sx_msg m, int32_t level, int32_t type)
{
    uint32_t i = 0;
    REQUIRE_SX(sx_msg_find(m, level, type, &i));
    return i;
}

inline Fd take_fd(sx_msg m, uint32_t index)
{
    int32_t fd = -1;
    REQUIRE_SX(sx_msg_take_fd(m, index, &fd));
    return Fd(fd);
}

// A pipe: [0] read end, [1] write end, both close-on-exec.
inline std::pair<Fd, Fd> make_pipe()
{
    int p[2];
    REQUIRE(pipe2(p, O_CLOEXEC) == 0);
    return {Fd(p[0]), Fd(p[1])};
}

// An fd number that is not open (the lowest free number, closed again).
inline int closed_fd()
{
    int fd = dup(0);
    REQUIRE(fd >= 0);
    close(fd);
    return fd;
}

// Bounds every wait of a test that expects data to be there: a broken library fails, never hangs.
inline double test_timeout() { return sxt::under_valgrind() ? 60.0 : 10.0; }

// A connected AF_UNIX pair of the given type, in timeout mode (test_timeout()).
inline void unix_pair(Sock &a, Sock &b, int type = SOCK_STREAM)
{
    REQUIRE_SX(sx_socketpair(AF_UNIX, type, 0, a.out(), b.out()));
    REQUIRE_SX(sx_socket_settimeout(a, test_timeout()));
    REQUIRE_SX(sx_socket_settimeout(b, test_timeout()));
}

// A UDP socket bound to the family's loopback, in timeout mode (test_timeout()).
inline sx_socket udp_bound(int family = AF_INET)
{
    sx_socket s = open_sock(family, SOCK_DGRAM);
    Addr lo(loopback(family, 0));
    REQUIRE_SX(sx_socket_bind(s, lo));
    REQUIRE_SX(sx_socket_settimeout(s, test_timeout()));
    return s;
}

} // namespace sxm
