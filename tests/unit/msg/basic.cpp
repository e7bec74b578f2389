// SPDX-License-Identifier: MIT
// sendmsg and recvmsg: data gathered and scattered, the sender's address, msg_flags, raw ancillary
// items, and the message handle's life (new, close, use after close).
#include "msg_helpers.hpp"

#include <cstring>

using namespace sxm;

TEST_CASE("msg: a message handle is made, closed harmlessly twice, and refused after close", "[msg]")
{
    sx_msg m = 0;
    REQUIRE_SX(sx_msg_new(&m));
    REQUIRE(m != 0);
    CHECK(items_of(m) == 0);
    CHECK(fds_of(m) == 0);
    CHECK(nbytes_of(m) == 0);
    CHECK(flags_of(m) == 0);
    sx_addr a = 123;
    REQUIRE_SX(sx_msg_address(m, &a));
    CHECK(a == 0);
    REQUIRE_SX(sx_msg_close(m));
    REQUIRE_SX(sx_msg_close(m)); // closing twice is harmless
    REQUIRE_SX(sx_msg_close(0));
    uint32_t n = 0;
    REQUIRE_CODE(sx_msg_item_count(m, &n), SX_EBADHANDLE);
    REQUIRE_CODE(sx_msg_add_int(m, IPPROTO_IP, IP_TTL, 1), SX_EBADHANDLE);
    REQUIRE_CODE(sx_msg_new(nullptr), SX_EARG);

    // A handle of another kind is not a message, and a message is not a socket.
    Sock s(open_sock(AF_INET, SOCK_DGRAM));
    REQUIRE_CODE(sx_msg_item_count(s, &n), SX_EBADHANDLE);
    REQUIRE_CODE(sx_msg_close(s), SX_EBADHANDLE);
    Msg m2(new_msg());
    REQUIRE_CODE(sx_socket_close(m2), SX_EBADHANDLE);
    size_t sent = 0;
    REQUIRE_CODE(sx_socket_sendmsg(m2, nullptr, nullptr, 0, 0, 0, 0, &sent), SX_EBADHANDLE);
    // A closed message as ancillary data is refused before anything is sent.
    Sock a1, b1;
    unix_pair(a1, b1, SOCK_DGRAM);
    REQUIRE_CODE(send1(a1, "x", m), SX_EBADHANDLE);
}

TEST_CASE("msg: sendmsg gathers, recvmsg scatters, over a stream and a datagram pair", "[msg]")
{
    for (int type : {SOCK_STREAM, SOCK_SEQPACKET, SOCK_DGRAM}) {
        INFO("type " << type);
        Sock a, b;
        unix_pair(a, b, type);
        const char *p1 = "Hello, ", *p2 = "gathered ", *p3 = "world";
        const void *bufs[3] = {p1, p2, p3};
        size_t lens[3] = {strlen(p1), strlen(p2), strlen(p3)};
        size_t sent = 0;
        REQUIRE_SX(sx_socket_sendmsg(a, bufs, lens, 3, 0, 0, 0, &sent));
        CHECK(sent == 21);

        char r1[5], r2[6], r3[64];
        void *rbufs[3] = {r1, r2, r3};
        size_t rlens[3] = {sizeof r1, sizeof r2, sizeof r3};
        Msg m;
        REQUIRE_SX(sx_socket_recvmsg(b, rbufs, rlens, 3, 0, 0, m.out()));
        REQUIRE(nbytes_of(m) == 21);
        CHECK(std::string(r1, 5) == "Hello");
        CHECK(std::string(r2, 6) == ", gath");
        CHECK(std::string(r3, 10) == "ered world");
        CHECK(items_of(m) == 0);
        CHECK(flags_of(m) == 0); // AF_UNIX sets no MSG_EOR, and MSG_CMSG_CLOEXEC is not echoed
        sx_addr from = 1;
        REQUIRE_SX(sx_msg_address(m, &from));
        CHECK(from == 0); // an unnamed socketpair end: Python's None
    }
}

TEST_CASE("msg: recvmsg of a datagram names its sender and reports MSG_TRUNC", "[msg][emptyiov]")
{
    Sock a(udp_bound()), b(udp_bound());
    Addr bname(sockname(b)), aname(sockname(a));
    REQUIRE_SX(send1(a, "0123456789", 0, 0, bname));

    Msg m;
    std::string got;
    REQUIRE_SX(recv1(b, 4, 0, 0, m.out(), &got));
    CHECK(got == "0123");
    CHECK(nbytes_of(m) == 4);
    CHECK((flags_of(m) & MSG_TRUNC) != 0);
    Addr from;
    REQUIRE_SX(sx_msg_address(m, from.out()));
    CHECK(text_of(from) == text_of(aname));

    // An empty datagram is a message of 0 bytes, not an end of file.
    REQUIRE_SX(send1(a, "", 0, 0, bname));
    Msg e;
    REQUIRE_SX(recv1(b, 16, 0, 0, e.out()));
    CHECK(nbytes_of(e) == 0);
    CHECK(flags_of(e) == 0);

    // A zero-length receive buffer list still makes the call: the datagram is consumed, truncated.
    REQUIRE_SX(send1(a, "abc", 0, 0, bname));
    Msg z;
    REQUIRE_SX(sx_socket_recvmsg(b, nullptr, nullptr, 0, 0, 0, z.out()));
    CHECK(nbytes_of(z) == 0);
    CHECK((flags_of(z) & MSG_TRUNC) != 0);
}

TEST_CASE("msg: sendmsg with an address sends to it, and an address of another family is refused", "[msg]")
{
    Sock a(open_sock(AF_INET, SOCK_DGRAM)), b(open_sock(AF_INET, SOCK_DGRAM));
    Addr lo(loopback(AF_INET, 0));
    REQUIRE_SX(sx_socket_bind(b, lo));
    Addr bname(sockname(b));
    REQUIRE_SX(send1(a, "to b", 0, 0, bname));
    Msg m;
    std::string got;
    REQUIRE_SX(recv1(b, 64, 0, MSG_DONTWAIT, m.out(), &got));
    CHECK(got == "to b");

    Addr u(unix_bytes(abstract_name("fam")));
    size_t sent = 77;
    REQUIRE_CODE(send1(a, "x", 0, 0, u, &sent), SX_EARG);
    // Without an address, an unconnected datagram socket has nowhere to send.
    REQUIRE_CODE(send1(a, "x"), SX_EDESTADDRREQ);
    Addr dead;
    REQUIRE_SX(sx_addr_inet("127.0.0.1", 9, dead.out()));
    sx_addr stale = dead.h;
    REQUIRE_SX(sx_addr_close(dead.h));
    dead.h = 0;
    REQUIRE_CODE(send1(a, "x", 0, 0, stale), SX_EBADHANDLE);
}

TEST_CASE("msg: raw items go out as added and come back as (level, type, bytes)", "[msg]")
{
    Sock a, b;
    unix_pair(a, b, SOCK_DGRAM);
    REQUIRE_SX(sx_socket_setsockopt_int(b, SOL_SOCKET, SO_PASSCRED, 1));
    Msg anc(new_msg());
    struct ucred me = {getpid(), getuid(), getgid()};
    REQUIRE_SX(sx_msg_add(anc, SOL_SOCKET, SCM_CREDENTIALS, &me, sizeof me));
    CHECK(items_of(anc) == 1);
    CHECK(item_kind(anc, 0) == std::make_pair((int32_t)SOL_SOCKET, (int32_t)SCM_CREDENTIALS));
    CHECK(item_bytes(anc, 0) == std::string((const char *)&me, sizeof me));
    // The same message can be sent several times.
    for (int i = 0; i < 3; i++)
        REQUIRE_SX(send1(a, "with creds", anc));
    // A message without items sends no ancillary data (the kernel still adds credentials).
    Msg empty(new_msg());
    REQUIRE_SX(send1(a, "with creds", empty));

    for (int i = 0; i < 4; i++) {
        Msg m;
        std::string got;
        REQUIRE_SX(recv1(b, 64, 256, 0, m.out(), &got));
        CHECK(got == "with creds");
        REQUIRE(items_of(m) == 1);
        CHECK(item_kind(m, 0) == std::make_pair((int32_t)SOL_SOCKET, (int32_t)SCM_CREDENTIALS));
        std::string raw = item_bytes(m, 0);
        REQUIRE(raw.size() == sizeof(struct ucred));
        struct ucred c;
        memcpy(&c, raw.data(), sizeof c);
        CHECK(c.pid == me.pid);
        CHECK(c.uid == me.uid);
        CHECK(c.gid == me.gid);
    }
}

TEST_CASE("msg: an AF_UNIX datagram from a named sender carries its name", "[msg]")
{
    std::string an = abstract_name("sender"), bn = abstract_name("receiver");
    Addr aaddr(unix_bytes(an)), baddr(unix_bytes(bn));
    Sock a(open_sock(AF_UNIX, SOCK_DGRAM)), b(open_sock(AF_UNIX, SOCK_DGRAM));
    REQUIRE_SX(sx_socket_bind(a, aaddr));
    REQUIRE_SX(sx_socket_bind(b, baddr));
    REQUIRE_SX(sx_socket_settimeout(b, test_timeout()));
    REQUIRE_SX(send1(a, "named", 0, 0, baddr));
    Msg m;
    std::string got;
    REQUIRE_SX(recv1(b, 16, 0, 0, m.out(), &got));
    CHECK(got == "named");
    Addr from;
    REQUIRE_SX(sx_msg_address(m, from.out()));
    REQUIRE(from.h != 0);
    CHECK(family_of(from) == AF_UNIX);
    CHECK(unix_name_of(from) == an);
    // Each call makes a new handle of its own.
    Addr again;
    REQUIRE_SX(sx_msg_address(m, again.out()));
    CHECK(again.h != from.h);
    CHECK(text_of(again) == text_of(from));
}
