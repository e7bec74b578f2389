// SPDX-License-Identifier: MIT
// Shared harness for the ports of CPython 3.11's sendmsg/recvmsg matrix (Lib/test/test_socket.py,
// SendrecvmsgBase and its mixins) to the C API of socketx/msg.h.
//
// CPython runs each case twice over: a server method and a client thread (ThreadableTest). Every
// case ported here sends before it receives, on loopback, so one thread does both in CPython's
// order; the server socket has CPython's fail_timeout (SendrecvmsgServerTimeoutBase), so no receive
// can wait unbounded, and every send loop has a count and a time bound.
//
// Transports (CPython's concrete classes): UDP, UDP6, UDPLITE, UDPLITE6 (connectionless: the client
// sends to serv_addr, the received address is compared with cli_addr), TCP and UnixStream
// (connected; CPython binds the AF_UNIX ends to filesystem paths, here to abstract names), and
// UnixDgram, which CPython does not run (added here: connectionless, both ends bound to abstract
// names). recvmsg and recvmsg_into are one C call,
// sx_socket_recvmsg(); the Into mode (RecvmsgIntoMixin) receives into a caller buffer with guard
// bytes after it and checks 0 <= nbytes <= bufsize and that nothing past the buffer was written.
#pragma once

#include "../socket/helpers.hpp"

#include <memory>
#include <string>
#include <vector>

namespace sxcp {

using namespace sxs;

// test_socket.py: MSG = 'Michael Gilfix was here\u1234\r\n'.encode('utf-8') (28 bytes).
inline const std::string MSG("Michael Gilfix was here\xe1\x88\xb4\r\n");

constexpr int SIZEOF_INT = (int)sizeof(int);
constexpr double FAIL_TIMEOUT = 5.0; // support.LOOPBACK_TIMEOUT

// CMSG_LEN/CMSG_SPACE through the library (socket.CMSG_LEN / socket.CMSG_SPACE).
inline size_t cmsg_len(int64_t n)
{
    int64_t v = -1;
    REQUIRE_SX(sx_cmsg_len(n, &v));
    return (size_t)v;
}

inline size_t cmsg_space(int64_t n)
{
    int64_t v = -1;
    REQUIRE_SX(sx_cmsg_space(n, &v));
    return (size_t)v;
}

// Owns a message handle; closes it at scope exit.
struct Msg {
    sx_msg h = 0;
    Msg() = default;
    Msg(const Msg &) = delete;
    Msg &operator=(const Msg &) = delete;
    ~Msg() { sx_msg_close(h); }
    sx_msg *out() { return &h; }
    operator sx_msg() const { return h; }
    void close()
    {
        REQUIRE_SX(sx_msg_close(h));
        h = 0;
    }
};

inline sx_msg new_msg()
{
    sx_msg m = 0;
    REQUIRE_SX(sx_msg_new(&m));
    return m;
}

inline std::string int_bytes(int v) { return std::string((const char *)&v, sizeof v); }

struct Transport {
    const char *name; // CPython's infix: SendmsgUDPTest, RecvmsgIntoUnixStreamTest, ...
    int family;
    int type;
    int proto;
    bool connectionless() const { return type == SOCK_DGRAM; }
    bool stream() const { return type == SOCK_STREAM; }
};

inline const Transport UDP{"UDP", AF_INET, SOCK_DGRAM, 0};
inline const Transport UDP6{"UDP6", AF_INET6, SOCK_DGRAM, 0};
inline const Transport UDPLITE{"UDPLITE", AF_INET, SOCK_DGRAM, IPPROTO_UDPLITE};
inline const Transport UDPLITE6{"UDPLITE6", AF_INET6, SOCK_DGRAM, IPPROTO_UDPLITE};
inline const Transport TCP{"TCP", AF_INET, SOCK_STREAM, 0};
inline const Transport UNIX_STREAM{"UnixStream", AF_UNIX, SOCK_STREAM, 0};
inline const Transport UNIX_DGRAM{"UnixDgram", AF_UNIX, SOCK_DGRAM, 0};

inline std::vector<Transport> all_transports() { return {UDP, UDP6, UDPLITE, UDPLITE6, TCP, UNIX_STREAM, UNIX_DGRAM}; }
inline std::vector<Transport> stream_transports() { return {TCP, UNIX_STREAM}; }
inline std::vector<Transport> connectionless_transports() { return {UDP, UDP6, UDPLITE, UDPLITE6, UNIX_DGRAM}; }

// CPython's skip conditions: socket_helper.IPV6_ENABLED and HAVE_SOCKET_UDPLITE.
inline bool available(const Transport &t)
{
    if (t.family == AF_INET6 && !have_ipv6())
        return false;
    if (t.proto == IPPROTO_UDPLITE) {
        int fd = socket(t.family, SOCK_DGRAM | SOCK_CLOEXEC, IPPROTO_UDPLITE);
        if (fd < 0)
            return false;
        close(fd);
    }
    return true;
}

// Returns false (with a warning) when the transport is missing here, as CPython skips the class.
#define SXCP_REQUIRE_TRANSPORT(t)                                                                    \
    do {                                                                                            \
        if (!sxcp::available(t)) {                                                                   \
            WARN((t).name << " sockets unavailable here: skipped, as CPython skips the class");     \
            return;                                                                                 \
        }                                                                                           \
    } while (0)

// A server and a client socket of one transport (CPython's serv_sock / cli_sock, serv_addr / cli_addr).
struct Pair {
    Transport t;
    Sock listener; // connected transports: the listening socket
    Sock serv;     // connectionless: the bound server; connected: the accepted end (cli_conn)
    Sock cli;      // connectionless: the bound client; connected: the client (serv_conn)
    Addr serv_addr;
    Addr cli_addr;

    explicit Pair(const Transport &tr) : t(tr)
    {
        if (t.connectionless()) {
            REQUIRE_SX(sx_socket_open(t.family, t.type, t.proto, serv.out()));
            REQUIRE_SX(sx_socket_open(t.family, t.type, t.proto, cli.out()));
            bind_any(serv);
            bind_any(cli);
            REQUIRE_SX(sx_socket_getsockname(serv, serv_addr.out()));
            REQUIRE_SX(sx_socket_getsockname(cli, cli_addr.out()));
        } else {
            REQUIRE_SX(sx_socket_open(t.family, t.type, t.proto, listener.out()));
            bind_any(listener);
            REQUIRE_SX(sx_socket_listen(listener, SX_BACKLOG_DEFAULT));
            REQUIRE_SX(sx_socket_getsockname(listener, serv_addr.out()));
            REQUIRE_SX(sx_socket_open(t.family, t.type, t.proto, cli.out()));
            bind_any(cli);
            REQUIRE_SX(sx_socket_getsockname(cli, cli_addr.out()));
            REQUIRE_SX(sx_socket_connect(cli, serv_addr));
            REQUIRE_SX(sx_socket_accept(listener, serv.out(), nullptr));
        }
        // SendrecvmsgServerTimeoutBase: the server socket gets fail_timeout. Given here to every
        // case, so that a broken receive fails instead of hanging.
        REQUIRE_SX(sx_socket_settimeout(serv, FAIL_TIMEOUT));
    }

    void bind_any(sx_socket s)
    {
        sx_addr a = 0;
        if (t.family == AF_UNIX)
            a = unix_bytes(abstract_name(t.name));
        else
            a = loopback(t.family, 0);
        Addr owned(a);
        REQUIRE_SX(sx_socket_bind(s, owned));
    }

    // sendmsgToServer(): connectionless transports send to serv_addr, connected ones to no address.
    sx_addr default_address() const { return t.connectionless() ? serv_addr.h : 0; }

    int32_t sendmsg_rc(const std::vector<std::string> &bufs, sx_msg anc = 0, int32_t flags = 0,
                       size_t *sent = nullptr)
    {
        std::vector<const void *> ptrs;
        std::vector<size_t> lens;
        for (auto &b : bufs) {
            ptrs.push_back(b.data());
            lens.push_back(b.size());
        }
        size_t n = 0;
        int32_t rc = sx_socket_sendmsg(cli, ptrs.data(), lens.data(), ptrs.size(), anc, flags, default_address(),
                                       sent ? sent : &n);
        return rc;
    }

    size_t sendmsg_to_server(const std::vector<std::string> &bufs, sx_msg anc = 0, int32_t flags = 0)
    {
        size_t sent = 0;
        REQUIRE_SX(sendmsg_rc(bufs, anc, flags, &sent));
        return sent;
    }

    // sendToServer(): send() on a connected socket, sendto(serv_addr) on a connectionless one.
    void send_to_server(const std::string &data)
    {
        size_t n = 0;
        if (t.connectionless())
            REQUIRE_SX(sx_socket_sendto(cli, data.data(), data.size(), 0, serv_addr, &n));
        else
            REQUIRE_SX(sx_socket_send(cli, data.data(), data.size(), 0, &n));
        REQUIRE(n == data.size());
    }

    std::string serv_recv(size_t n)
    {
        std::string buf(n, '\0');
        size_t got = 0;
        REQUIRE_SX(sx_socket_recv(serv, &buf[0], n, 0, &got));
        buf.resize(got);
        return buf;
    }
};

// recvmsg() versus recvmsg_into() (RecvmsgIntoMixin).
enum class Mode { Recvmsg, RecvmsgInto };

inline const char *mode_name(Mode m) { return m == Mode::Recvmsg ? "Recvmsg" : "RecvmsgInto"; }

struct Item {
    int32_t level = 0;
    int32_t type = 0;
    std::string data;
};

// The 4-tuple recvmsg() returns, with the message handle kept open (it owns received descriptors).
struct Result {
    std::string data;
    std::vector<Item> anc;
    int32_t flags = 0;
    Addr addr;
    Msg msg;
};

// Read every ancillary item of a received message, raw.
inline std::vector<Item> items_of(sx_msg m)
{
    uint32_t count = 0;
    REQUIRE_SX(sx_msg_item_count(m, &count));
    std::vector<Item> out;
    for (uint32_t i = 0; i < count; i++) {
        Item it;
        REQUIRE_SX(sx_msg_item(m, i, &it.level, &it.type));
        size_t len = 0;
        std::vector<char> buf(16384);
        REQUIRE_SX(sx_msg_item_data(m, i, buf.data(), buf.size(), &len));
        it.data.assign(buf.data(), len);
        out.push_back(it);
    }
    return out;
}

// doRecvmsg(sock, bufsize, ancbufsize, flags): the status, and on success the result.
inline int32_t do_recvmsg_rc(sx_socket s, Mode mode, size_t bufsize, size_t ancbufsize, int32_t flags, Result &r)
{
    constexpr size_t guard = 32;
    std::vector<char> buf(bufsize + guard, (char)0xA5);
    void *bufs[1] = {buf.data()};
    size_t lens[1] = {bufsize};
    if (mode == Mode::Recvmsg)
        buf.resize(bufsize ? bufsize : 1); // exactly the requested size (bufsize 0: a valid pointer)
    bufs[0] = buf.data();
    int32_t rc = sx_socket_recvmsg(s, bufs, lens, 1, ancbufsize, flags, r.msg.out());
    if (rc != 0) {
        CHECK(r.msg.h == 0);
        return rc;
    }
    size_t n = 0;
    REQUIRE_SX(sx_msg_nbytes(r.msg, &n));
    // RecvmsgIntoMixin: assertGreaterEqual(result[0], 0); assertLessEqual(result[0], bufsize).
    REQUIRE(n <= bufsize);
    if (mode == Mode::RecvmsgInto)
        for (size_t i = bufsize; i < bufsize + guard; i++)
            REQUIRE(buf[i] == (char)0xA5);
    r.data.assign(buf.data(), n);
    REQUIRE_SX(sx_msg_flags(r.msg, &r.flags));
    REQUIRE_SX(sx_msg_address(r.msg, r.addr.out()));
    r.anc = items_of(r.msg);
    return 0;
}

inline void do_recvmsg(sx_socket s, Mode mode, size_t bufsize, size_t ancbufsize, int32_t flags, Result &r)
{
    REQUIRE_SX(do_recvmsg_rc(s, mode, bufsize, ancbufsize, flags, r));
}

// checkRecvmsgAddress(): connectionless transports compare with the client's address (UDP6: without
// the scope id). CPython does not examine it on connected ones (SendrecvmsgConnectedBase); here
// they must give what Python 3.11 gives on Linux: TCP None (address 0); an AF_UNIX stream the
// peer's bound name with data, None at EOF.
inline void check_address(const Pair &p, const Result &r)
{
    if (!p.t.connectionless()) {
        if (p.t.family != AF_UNIX || r.data.empty()) {
            CHECK(r.addr.h == 0);
        } else {
            REQUIRE(r.addr.h != 0);
            CHECK(unix_name_of(r.addr) == unix_name_of(p.cli_addr));
        }
        return;
    }
    REQUIRE(r.addr.h != 0);
    REQUIRE(family_of(r.addr) == p.t.family);
    if (p.t.family == AF_UNIX) {
        CHECK(unix_name_of(r.addr) == unix_name_of(p.cli_addr));
    } else {
        CHECK(host_of(r.addr) == host_of(p.cli_addr));
        CHECK(port_of(r.addr) == port_of(p.cli_addr));
    }
}

// SendrecvmsgBase.checkFlags(), with CPython's class attributes: MSG_CTRUNC and MSG_OOB normally
// unset; datagram transports (SendrecvmsgDgramFlagsBase) show a cut record with MSG_TRUNC; no
// transport here sets MSG_EOR (that is SCTP's). eor: -1 None, 0 False, 1 True.
inline void check_flags(const Pair &p, int32_t flags, int eor, int32_t checkset = 0, int32_t checkunset = 0,
                        int32_t ignore = 0)
{
    int32_t defaultset = 0;
    int32_t defaultunset = MSG_CTRUNC | MSG_OOB;
    int32_t eor_indicator = 0;
    int32_t non_eor_indicator = p.t.connectionless() ? MSG_TRUNC : 0;
    if (eor == 1) {
        defaultset |= eor_indicator;
        defaultunset |= non_eor_indicator;
    } else if (eor == 0) {
        defaultset |= non_eor_indicator;
        defaultunset |= eor_indicator;
    }
    defaultset &= ~checkunset;
    defaultunset &= ~checkset;
    checkset |= defaultset;
    checkunset |= defaultunset;
    REQUIRE((checkset & checkunset & ~ignore) == 0); // contradictory requirements: a test bug
    int32_t mask = (checkset | checkunset) & ~ignore;
    INFO("msg_flags " << flags << ", mask " << mask);
    CHECK((flags & mask) == (checkset & mask));
}

} // namespace sxcp
