// SPDX-License-Identifier: MIT
// CPython 3.11 Lib/test/test_socket.py, recvmsg()/recvmsg_into() side, ported to sx_socket_recvmsg():
//   RecvmsgGenericTests       -> TEST_CASEs "RecvmsgGenericTests.*"       (all transports, both modes)
//   RecvmsgGenericStreamTests -> TEST_CASEs "RecvmsgGenericStreamTests.*" (TCP, UnixStream, both modes)
//   RecvmsgTests              -> TEST_CASE  "RecvmsgTests.testRecvmsgBadArgs"      (all transports)
//   RecvmsgIntoTests          -> TEST_CASEs "RecvmsgIntoTests.*"          (all transports)
// Each TEST_CASE runs for every transport of the CPython classes that mix it in (Recvmsg{UDP,UDP6,
// UDPLITE,UDPLITE6,TCP,UnixStream}Test and RecvmsgInto{...}Test) plus UnixDgram, which CPython does
// not run; the Generic cases run in both modes (Recvmsg..., RecvmsgInto...: RecvmsgIntoMixin).
// The SCTP classes are not ported (SCTP is not loaded here; CPython skips them too).
// No C counterpart, not ported:
//   testRecvmsgIntoGenerator / testRecvmsgIntoArray: Python iterables and buffer types;
//   the TypeErrors of testRecvmsgBadArgs / testRecvmsgIntoBadArgs for wrong Python types and
//   read-only buffers; the negative bufsize ValueError (sizes are size_t). Their C counterparts
//   (NULL arrays or out, a NULL buffer with a length, too many buffers, ancbufsize -1 as size_t,
//   i.e. above 2^31-1: Python's "invalid ancillary data buffer length") are tested, and like
//   Python each must fail without consuming the pending message.
// Beyond the CPython classes, checked against python3 3.11: a zero-length datagram from
// sendmsg([]) is a message, not EOF (spec 6.11); no address (None) from an unbound AF_UNIX
// sender or a socketpair (spec 6.15). checkRecvmsgAddress is also applied to the connected
// transports, with what Python gives there (cpython_helpers.hpp).
#include "cpython_helpers.hpp"

using namespace sxcp;

#define FOR_TRANSPORTS(list)                                                                        \
    const Transport t = GENERATE(from_range(list));                                                 \
    INFO("CPython class transport: " << t.name);                                                    \
    SXCP_REQUIRE_TRANSPORT(t)

#define FOR_MODES                                                                                   \
    const Mode mode = GENERATE(Mode::Recvmsg, Mode::RecvmsgInto);                                   \
    INFO("mode: " << mode_name(mode))

// ---- RecvmsgGenericTests -------------------------------------------------------------------

// The check shared by most cases: MSG, no ancillary data, the sender's address, a whole record.
static void check_plain(const Pair &p, const Result &r, int eor = 1)
{
    CHECK(r.data == MSG);
    check_address(p, r);
    CHECK(r.anc.empty());
    check_flags(p, r.flags, eor);
}

TEST_CASE("RecvmsgGenericTests.testRecvmsg", "[msg][cpython]")
{
    FOR_TRANSPORTS(all_transports());
    FOR_MODES;
    Pair p(t);
    p.send_to_server(MSG);
    Result r;
    do_recvmsg(p.serv, mode, MSG.size(), 0, 0, r);
    check_plain(p, r);
}

TEST_CASE("RecvmsgGenericTests.testRecvmsgExplicitDefaults", "[msg][cpython]")
{
    // recvmsg(len(MSG), 0, 0): in C every argument is explicit; the defaults are ancbufsize 0 and
    // flags 0, which this case names as CPython does.
    FOR_TRANSPORTS(all_transports());
    FOR_MODES;
    Pair p(t);
    p.send_to_server(MSG);
    Result r;
    do_recvmsg(p.serv, mode, MSG.size(), /*ancbufsize*/ 0, /*flags*/ 0, r);
    check_plain(p, r);
}

TEST_CASE("RecvmsgGenericTests.testRecvmsgShorter", "[msg][cpython]")
{
    FOR_TRANSPORTS(all_transports());
    FOR_MODES;
    Pair p(t);
    p.send_to_server(MSG);
    Result r;
    do_recvmsg(p.serv, mode, MSG.size() + 42, 0, 0, r);
    check_plain(p, r);
}

TEST_CASE("RecvmsgGenericTests.testRecvmsgTrunc", "[msg][cpython]")
{
    // Part of the message: a datagram is cut (MSG_TRUNC set), a stream just leaves the rest queued.
    FOR_TRANSPORTS(all_transports());
    FOR_MODES;
    Pair p(t);
    p.send_to_server(MSG);
    Result r;
    do_recvmsg(p.serv, mode, MSG.size() - 3, 0, 0, r);
    CHECK(r.data == MSG.substr(0, MSG.size() - 3));
    check_address(p, r);
    CHECK(r.anc.empty());
    check_flags(p, r.flags, 0);
}

TEST_CASE("RecvmsgGenericTests.testRecvmsgShortAncillaryBuf", "[msg][cpython]")
{
    FOR_TRANSPORTS(all_transports());
    FOR_MODES;
    Pair p(t);
    p.send_to_server(MSG);
    Result r;
    do_recvmsg(p.serv, mode, MSG.size(), 1, 0, r);
    check_plain(p, r);
}

TEST_CASE("RecvmsgGenericTests.testRecvmsgLongAncillaryBuf", "[msg][cpython]")
{
    FOR_TRANSPORTS(all_transports());
    FOR_MODES;
    Pair p(t);
    p.send_to_server(MSG);
    Result r;
    do_recvmsg(p.serv, mode, MSG.size(), 10240, 0, r);
    check_plain(p, r);
}

TEST_CASE("RecvmsgGenericTests.testRecvmsgAfterClose", "[msg][cpython]")
{
    // OSError (EBADF) in Python: the handle is closed.
    FOR_TRANSPORTS(all_transports());
    FOR_MODES;
    Pair p(t);
    REQUIRE_SX(sx_socket_close(p.serv));
    Result r;
    CHECK(do_recvmsg_rc(p.serv, mode, 1024, 0, 0, r) == SX_EBADHANDLE);
    p.serv.h = 0;
}

TEST_CASE("RecvmsgGenericTests.testRecvmsgTimeout", "[msg][cpython]")
{
    // TimeoutError after the socket's timeout, nothing having been sent.
    FOR_TRANSPORTS(all_transports());
    FOR_MODES;
    Pair p(t);
    REQUIRE_SX(sx_socket_settimeout(p.serv, 0.03));
    Result r;
    double start = mono();
    CHECK(do_recvmsg_rc(p.serv, mode, MSG.size(), 0, 0, r) == SX_ETIMEOUT);
    double took = mono() - start;
    CHECK(took >= 0.025);
    CHECK(took < 0.03 + 1.0 + slack());
}

TEST_CASE("RecvmsgGenericTests.testRecvmsgPeek", "[msg][cpython]")
{
    FOR_TRANSPORTS(all_transports());
    FOR_MODES;
    Pair p(t);
    p.send_to_server(MSG);
    {
        // Part of the data with MSG_PEEK (MSG_TRUNC ignored, as CPython does).
        Result r;
        do_recvmsg(p.serv, mode, MSG.size() - 3, 0, MSG_PEEK, r);
        CHECK(r.data == MSG.substr(0, MSG.size() - 3));
        check_address(p, r);
        CHECK(r.anc.empty());
        check_flags(p, r.flags, 0, 0, 0, MSG_TRUNC);
    }
    {
        // All of it with MSG_PEEK.
        Result r;
        do_recvmsg(p.serv, mode, MSG.size(), 0, MSG_PEEK, r);
        check_plain(p, r);
    }
    {
        // And still all of it without.
        Result r;
        do_recvmsg(p.serv, mode, MSG.size(), 0, 0, r);
        check_plain(p, r);
    }
}

TEST_CASE("RecvmsgGenericTests.testRecvmsgFromSendmsg", "[msg][cpython]")
{
    FOR_TRANSPORTS(all_transports());
    FOR_MODES;
    Pair p(t);
    CHECK(p.sendmsg_to_server({MSG.substr(0, 3), MSG.substr(3)}) == MSG.size());
    Result r;
    do_recvmsg(p.serv, mode, MSG.size(), 0, 0, r);
    check_plain(p, r);
}

// ---- RecvmsgGenericStreamTests -------------------------------------------------------------

TEST_CASE("RecvmsgGenericStreamTests.testRecvmsgEOF", "[msg][cpython]")
{
    // The peer closed: b"" (0 bytes, a message, not an error), no ancillary data.
    FOR_TRANSPORTS(stream_transports());
    FOR_MODES;
    Pair p(t);
    REQUIRE_SX(sx_socket_close(p.cli));
    p.cli.h = 0;
    Result r;
    do_recvmsg(p.serv, mode, 1024, 0, 0, r);
    CHECK(r.data.empty());
    check_address(p, r);
    CHECK(r.anc.empty());
    check_flags(p, r.flags, -1); // might not have an end-of-record marker
}

TEST_CASE("RecvmsgGenericStreamTests.testRecvmsgOverflow", "[msg][cpython]")
{
    // A message received in two chunks.
    FOR_TRANSPORTS(stream_transports());
    FOR_MODES;
    Pair p(t);
    p.send_to_server(MSG);
    Result r1;
    do_recvmsg(p.serv, mode, MSG.size() - 3, 0, 0, r1);
    check_address(p, r1);
    CHECK(r1.anc.empty());
    check_flags(p, r1.flags, 0);
    Result r2;
    do_recvmsg(p.serv, mode, 1024, 0, 0, r2);
    check_address(p, r2);
    CHECK(r2.anc.empty());
    check_flags(p, r2.flags, 1);
    CHECK(r1.data + r2.data == MSG);
}

// ---- RecvmsgTests / RecvmsgIntoTests: bad arguments ---------------------------------------------

// The argument errors sx_socket_recvmsg() documents; none may consume the pending message.
static void check_bad_recv_args(const Pair &p)
{
    char buf[64];
    void *bufs[1] = {buf};
    size_t lens[1] = {MSG.size()};
    void *null_buf[1] = {nullptr};
    sx_msg out = 0;
    // ancbufsize -1 (Python: ValueError "invalid ancillary data buffer length"): as a size_t it is
    // above 2^31-1, and so is 2^31.
    CHECK(sx_socket_recvmsg(p.serv, bufs, lens, 1, (size_t)-1, 0, &out) == SX_EARG);
    CHECK(sx_socket_recvmsg(p.serv, bufs, lens, 1, (size_t)0x80000000u, 0, &out) == SX_EARG);
    // No arrays, or a buffer that is not one ([object()]).
    CHECK(sx_socket_recvmsg(p.serv, nullptr, lens, 1, 0, 0, &out) == SX_EARG);
    CHECK(sx_socket_recvmsg(p.serv, bufs, nullptr, 1, 0, 0, &out) == SX_EARG);
    CHECK(sx_socket_recvmsg(p.serv, null_buf, lens, 1, 0, 0, &out) == SX_EARG);
    // No out-parameter.
    CHECK(sx_socket_recvmsg(p.serv, bufs, lens, 1, 0, 0, nullptr) == SX_EARG);
    // More buffers than UIO_MAXIOV.
    std::vector<void *> many(1025, buf);
    std::vector<size_t> many_lens(1025, 1);
    CHECK(sx_socket_recvmsg(p.serv, many.data(), many_lens.data(), many.size(), 0, 0, &out) == SX_EMSGSIZE);
    CHECK(out == 0);
}

TEST_CASE("RecvmsgTests.testRecvmsgBadArgs", "[msg][cpython]")
{
    FOR_TRANSPORTS(all_transports());
    Pair p(t);
    p.send_to_server(MSG);
    check_bad_recv_args(p);
    Result r;
    do_recvmsg(p.serv, Mode::Recvmsg, MSG.size(), 0, 0, r);
    check_plain(p, r);
}

TEST_CASE("RecvmsgIntoTests.testRecvmsgIntoBadArgs", "[msg][cpython]")
{
    FOR_TRANSPORTS(all_transports());
    Pair p(t);
    p.send_to_server(MSG);
    check_bad_recv_args(p);
    // [buf, object()]: the second of two buffers is not one.
    char buf[64];
    void *two[2] = {buf, nullptr};
    size_t two_lens[2] = {MSG.size(), 4};
    sx_msg out = 0;
    CHECK(sx_socket_recvmsg(p.serv, two, two_lens, 2, 0, 0, &out) == SX_EARG);
    CHECK(out == 0);
    // recvmsg_into([buf], 0, 0) then works, and buf holds MSG.
    std::string into(MSG.size(), '\0');
    void *bufs[1] = {&into[0]};
    size_t lens[1] = {into.size()};
    Result r;
    REQUIRE_SX(sx_socket_recvmsg(p.serv, bufs, lens, 1, 0, 0, r.msg.out()));
    size_t n = 0;
    REQUIRE_SX(sx_msg_nbytes(r.msg, &n));
    CHECK(n == MSG.size());
    CHECK(into == MSG);
    r.data = into;
    REQUIRE_SX(sx_msg_flags(r.msg, &r.flags));
    REQUIRE_SX(sx_msg_address(r.msg, r.addr.out()));
    r.anc = items_of(r.msg);
    check_address(p, r);
    CHECK(r.anc.empty());
    check_flags(p, r.flags, 1);
}

TEST_CASE("RecvmsgIntoTests.testRecvmsgIntoScatter", "[msg][cpython]")
{
    // recvmsg_into([b1, memoryview(b2)[2:9], b3]) of b"Mary had a little lamb".
    FOR_TRANSPORTS(all_transports());
    Pair p(t);
    const std::string lamb = "Mary had a little lamb";
    p.send_to_server(lamb);
    std::string b1 = "----", b2 = "0123456789", b3 = "--------------";
    void *bufs[3] = {&b1[0], &b2[2], &b3[0]};
    size_t lens[3] = {b1.size(), 7, b3.size()};
    Result r;
    REQUIRE_SX(sx_socket_recvmsg(p.serv, bufs, lens, 3, 0, 0, r.msg.out()));
    size_t n = 0;
    REQUIRE_SX(sx_msg_nbytes(r.msg, &n));
    CHECK(n == lamb.size());
    CHECK(b1 == "Mary");
    CHECK(b2 == "01 had a 9");
    CHECK(b3 == "little lamb---");
    r.data = lamb;
    REQUIRE_SX(sx_msg_flags(r.msg, &r.flags));
    REQUIRE_SX(sx_msg_address(r.msg, r.addr.out()));
    r.anc = items_of(r.msg);
    check_address(p, r);
    CHECK(r.anc.empty());
    check_flags(p, r.flags, 1);
}

// ---- Spec 6.11: an empty datagram is a message, not EOF ------------------------------------------

TEST_CASE("RecvmsgGenericTests: an empty datagram from sendmsg([]) (spec 6.11)", "[msg][cpython][emptyiov]")
{
    // Python 3.11: cli.sendmsg([]) sends a zero-length datagram; serv.recvmsg(n) returns b'' with
    // msg_flags 0 and the sender's address; the next datagram follows normally.
    const Transport t = GENERATE(UDP, UDP6, UDPLITE, UDPLITE6, UNIX_DGRAM);
    FOR_MODES;
    INFO("CPython class transport: " << t.name);
    SXCP_REQUIRE_TRANSPORT(t);
    Pair p(t);
    size_t sent = 99;
    REQUIRE_SX(sx_socket_sendmsg(p.cli, nullptr, nullptr, 0, 0, 0, p.serv_addr, &sent));
    CHECK(sent == 0);
    p.send_to_server(MSG);
    Result empty;
    do_recvmsg(p.serv, mode, MSG.size(), 0, 0, empty);
    CHECK(empty.data.empty());
    check_address(p, empty);
    CHECK(empty.anc.empty());
    check_flags(p, empty.flags, 1);
    Result r;
    do_recvmsg(p.serv, mode, MSG.size(), 0, 0, r);
    check_plain(p, r);
}

// ---- Spec 6.15: the address is None when the kernel names no sender ----------------------------

TEST_CASE("RecvmsgGenericTests: no address from an unbound AF_UNIX sender or a socketpair (spec 6.15)",
          "[msg][cpython]")
{
    // Python 3.11: an unbound AF_UNIX datagram sender -> recvmsg()[3] is None, with sendto and
    // with sendmsg; a socketpair (datagram or stream) -> None. In C: address 0.
    FOR_MODES;
    {
        Sock serv(open_sock(AF_UNIX, SOCK_DGRAM));
        Addr where(unix_bytes(abstract_name("unbound")));
        REQUIRE_SX(sx_socket_bind(serv, where));
        REQUIRE_SX(sx_socket_settimeout(serv, FAIL_TIMEOUT));
        Sock cli(open_sock(AF_UNIX, SOCK_DGRAM));
        size_t n = 0;
        REQUIRE_SX(sx_socket_sendto(cli, MSG.data(), MSG.size(), 0, where, &n));
        const void *bufs[1] = {MSG.data()};
        size_t lens[1] = {MSG.size()};
        REQUIRE_SX(sx_socket_sendmsg(cli, bufs, lens, 1, 0, 0, where, &n));
        for (int i = 0; i < 2; i++) {
            Result r;
            do_recvmsg(serv, mode, MSG.size(), 0, 0, r);
            CHECK(r.data == MSG);
            CHECK(r.addr.h == 0);
            CHECK(r.flags == 0);
        }
    }
    for (int type : {SOCK_DGRAM, SOCK_STREAM}) {
        INFO("socketpair type " << type);
        Sock a, b;
        REQUIRE_SX(sx_socketpair(AF_UNIX, type, 0, a.out(), b.out()));
        REQUIRE_SX(sx_socket_settimeout(b, FAIL_TIMEOUT));
        size_t n = 0;
        REQUIRE_SX(sx_socket_send(a, MSG.data(), MSG.size(), 0, &n));
        Result r;
        do_recvmsg(b, mode, MSG.size(), 0, 0, r);
        CHECK(r.data == MSG);
        CHECK(r.addr.h == 0);
    }
}
