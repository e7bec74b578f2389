// SPDX-License-Identifier: MIT
// Socket options: Python's getsockopt/setsockopt forms (spec §6.12, §6.13; CPython
// GeneralModuleTests testGetSockOpt/testSetSockOpt, test_getsockopt buflen).
#include "helpers.hpp"

#include <climits>

using namespace sxs;

TEST_CASE("socket: getsockopt and setsockopt with integers", "[socket][options]")
{
    Sock s(open_sock(AF_INET, SOCK_STREAM));
    int64_t v = -1;
    REQUIRE_SX(sx_socket_getsockopt_int(s, SOL_SOCKET, SO_REUSEADDR, &v));
    CHECK(v == 0);
    REQUIRE_SX(sx_socket_setsockopt_int(s, SOL_SOCKET, SO_REUSEADDR, 1));
    REQUIRE_SX(sx_socket_getsockopt_int(s, SOL_SOCKET, SO_REUSEADDR, &v));
    CHECK(v != 0);
    REQUIRE_SX(sx_socket_setsockopt_int(s, IPPROTO_TCP, TCP_NODELAY, 1));
    REQUIRE_SX(sx_socket_getsockopt_int(s, IPPROTO_TCP, TCP_NODELAY, &v));
    CHECK(v == 1);
    REQUIRE_SX(sx_socket_getsockopt_int(s, SOL_SOCKET, SO_TYPE, &v));
    CHECK(v == SOCK_STREAM);
    REQUIRE_SX(sx_socket_getsockopt_int(s, SOL_SOCKET, SO_DOMAIN, &v));
    CHECK(v == AF_INET);
    REQUIRE_SX(sx_socket_getsockopt_int(s, SOL_SOCKET, SO_ERROR, &v));
    CHECK(v == 0);

    // The kernel doubles SO_RCVBUF; the value read is the kernel's.
    REQUIRE_SX(sx_socket_setsockopt_int(s, SOL_SOCKET, SO_RCVBUF, 65536));
    REQUIRE_SX(sx_socket_getsockopt_int(s, SOL_SOCKET, SO_RCVBUF, &v));
    CHECK(v == 131072);

    // The value must fit a C int (Python: TypeError); the limits themselves are passed on.
    REQUIRE_CODE(sx_socket_setsockopt_int(s, SOL_SOCKET, SO_RCVBUF, (int64_t)INT_MAX + 1), SX_EOUTOFRANGE);
    REQUIRE_CODE(sx_socket_setsockopt_int(s, SOL_SOCKET, SO_RCVBUF, (int64_t)INT_MIN - 1), SX_EOUTOFRANGE);
    REQUIRE_CODE(sx_socket_setsockopt_int(s, SOL_SOCKET, SO_RCVBUF, INT64_MAX), SX_EOUTOFRANGE);
    REQUIRE_CODE(sx_socket_setsockopt_int(s, SOL_SOCKET, SO_RCVBUF, INT64_MIN), SX_EOUTOFRANGE);
    REQUIRE_SX(sx_socket_setsockopt_int(s, SOL_SOCKET, SO_KEEPALIVE, INT_MAX));
    REQUIRE_SX(sx_socket_setsockopt_int(s, SOL_SOCKET, SO_KEEPALIVE, INT_MIN));
    REQUIRE_SX(sx_socket_getsockopt_int(s, SOL_SOCKET, SO_KEEPALIVE, &v));
    CHECK(v == 1);

    // Unknown options and levels are the kernel's errors.
    REQUIRE_CODE(sx_socket_getsockopt_int(s, SOL_SOCKET, 9999, &v), SX_ENOPROTOOPT);
    REQUIRE_CODE(sx_socket_setsockopt_int(s, SOL_SOCKET, 9999, 1), SX_ENOPROTOOPT);
    REQUIRE_CODE(sx_socket_getsockopt_int(s, IPPROTO_UDP, 9999, &v), SX_EOPNOTSUPP);
}

TEST_CASE("socket: getsockopt as bytes, buflen limits and SO_LINGER truncation", "[socket][options][tcpinfo]")
{
    Sock s(open_sock(AF_INET, SOCK_STREAM));
    struct linger lg = {1, 5};
    REQUIRE_SX(sx_socket_setsockopt_bytes(s, SOL_SOCKET, SO_LINGER, &lg, sizeof lg));

    // The int form reads a C int: for SO_LINGER that is l_onoff only (Python's behaviour).
    int64_t v = -1;
    REQUIRE_SX(sx_socket_getsockopt_int(s, SOL_SOCKET, SO_LINGER, &v));
    CHECK(v == 1);

    // The bytes form: the result is as long as the kernel says, not as the buffer.
    unsigned char buf[1024];
    size_t len = 0;
    REQUIRE_SX(sx_socket_getsockopt_bytes(s, SOL_SOCKET, SO_LINGER, buf, sizeof buf, &len));
    REQUIRE(len == sizeof lg);
    struct linger back;
    std::memcpy(&back, buf, sizeof back);
    CHECK(back.l_onoff == 1);
    CHECK(back.l_linger == 5);
    REQUIRE_SX(sx_socket_getsockopt_bytes(s, SOL_SOCKET, SO_LINGER, buf, 4, &len));
    CHECK(len == 4); // truncated by the kernel to the buffer
    REQUIRE_SX(sx_socket_getsockopt_bytes(s, SOL_SOCKET, SO_LINGER, buf, 1, &len));
    CHECK(len == 1);

    // buflen must be 1..1024: Python's "getsockopt buflen out of range".
    static unsigned char big[2048];
    len = 77;
    REQUIRE_CODE(sx_socket_getsockopt_bytes(s, SOL_SOCKET, SO_LINGER, big, 0, &len), SX_EARG);
    REQUIRE_CODE(sx_socket_getsockopt_bytes(s, SOL_SOCKET, SO_LINGER, big, 1025, &len), SX_EARG);
    REQUIRE_CODE(sx_socket_getsockopt_bytes(s, SOL_SOCKET, SO_LINGER, big, SIZE_MAX, &len), SX_EARG);
    CHECK(len == 77);
    REQUIRE_SX(sx_socket_getsockopt_bytes(s, SOL_SOCKET, SO_LINGER, big, 1024, &len));

    // An integer option read as bytes is its 4-byte native representation.
    REQUIRE_SX(sx_socket_setsockopt_int(s, SOL_SOCKET, SO_KEEPALIVE, 1));
    REQUIRE_SX(sx_socket_getsockopt_bytes(s, SOL_SOCKET, SO_KEEPALIVE, buf, 16, &len));
    REQUIRE(len == sizeof(int));
    int ka = 0;
    std::memcpy(&ka, buf, sizeof ka);
    CHECK(ka == 1);

    // A string option: the congestion control algorithm's name.
    char cc[16] = {};
    REQUIRE_SX(sx_socket_getsockopt_bytes(s, IPPROTO_TCP, TCP_CONGESTION, cc, sizeof cc, &len));
    CHECK(len > 0);
    CHECK(std::strlen(cc) > 0);

    // A structure: TCP_INFO of a connected socket.
    Sock c, srv;
    tcp_pair(c, srv);
    REQUIRE_SX(sx_socket_getsockopt_bytes(c, IPPROTO_TCP, TCP_INFO, buf, sizeof buf, &len));
    CHECK(len >= 100);
    CHECK(len < sizeof buf);
    CHECK(buf[0] == 1); // tcpi_state == TCP_ESTABLISHED
}

TEST_CASE("socket: setsockopt with bytes and with a NULL value", "[socket][options]")
{
    Sock s(open_sock(AF_INET, SOCK_STREAM));
    int one = 1;
    REQUIRE_SX(sx_socket_setsockopt_bytes(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one));
    int64_t v = 0;
    REQUIRE_SX(sx_socket_getsockopt_int(s, SOL_SOCKET, SO_REUSEADDR, &v));
    CHECK(v == 1);
    // A string option as bytes (not NUL-terminated: the length says it all).
    REQUIRE_SX(sx_socket_setsockopt_bytes(s, IPPROTO_TCP, TCP_CONGESTION, "reno", 4));
    char cc[16] = {};
    size_t len = 0;
    REQUIRE_SX(sx_socket_getsockopt_bytes(s, IPPROTO_TCP, TCP_CONGESTION, cc, sizeof cc, &len));
    CHECK(std::string(cc) == "reno");

    // Too short for the kernel.
    REQUIRE_CODE(sx_socket_setsockopt_bytes(s, SOL_SOCKET, SO_REUSEADDR, &one, 1), SX_EINVAL);
    REQUIRE_CODE(sx_socket_setsockopt_bytes(s, SOL_SOCKET, SO_REUSEADDR, nullptr, 0), SX_EINVAL);
    REQUIRE_CODE(sx_socket_setsockopt_bytes(s, SOL_SOCKET, SO_REUSEADDR, nullptr, 4), SX_EARG);
    REQUIRE_CODE(sx_socket_setsockopt_bytes(s, SOL_SOCKET, SO_REUSEADDR, &one, (size_t)INT_MAX + 1), SX_EARG);
    REQUIRE_CODE(sx_socket_setsockopt_bytes(s, SOL_SOCKET, SO_REUSEADDR, &one, SIZE_MAX), SX_EARG);

    // setsockopt(level, name, None, optlen): a NULL value reaches the kernel with the length
    // (AF_ALG's ALG_SET_AEAD_AUTHSIZE uses it; an ordinary option refuses it).
    REQUIRE_CODE(sx_socket_setsockopt_null(s, SOL_SOCKET, SO_REUSEADDR, 0), SX_EINVAL);
    REQUIRE_CODE(sx_socket_setsockopt_null(s, SOL_SOCKET, SO_REUSEADDR, sizeof(int)), SX_EFAULT);
}

TEST_CASE("socket: options on AF_UNIX and UDP sockets", "[socket][options][unix]")
{
    Sock a, b;
    REQUIRE_SX(sx_socketpair(AF_UNIX, SOCK_STREAM, 0, a.out(), b.out()));
    unsigned char cred[64];
    size_t len = 0;
    REQUIRE_SX(sx_socket_getsockopt_bytes(a, SOL_SOCKET, SO_PEERCRED, cred, sizeof cred, &len));
    REQUIRE(len == 12); // struct ucred
    int pid = 0;
    std::memcpy(&pid, cred, sizeof pid);
    CHECK(pid == getpid());
    int64_t v = 0;
    REQUIRE_SX(sx_socket_getsockopt_int(a, SOL_SOCKET, SO_DOMAIN, &v));
    CHECK(v == AF_UNIX);

    Sock u(open_sock(AF_INET, SOCK_DGRAM));
    REQUIRE_SX(sx_socket_setsockopt_int(u, SOL_SOCKET, SO_BROADCAST, 1));
    REQUIRE_SX(sx_socket_getsockopt_int(u, SOL_SOCKET, SO_BROADCAST, &v));
    CHECK(v == 1);
    REQUIRE_SX(sx_socket_setsockopt_int(u, IPPROTO_IP, IP_TTL, 7));
    REQUIRE_SX(sx_socket_getsockopt_int(u, IPPROTO_IP, IP_TTL, &v));
    CHECK(v == 7);
    REQUIRE_CODE(sx_socket_setsockopt_int(u, IPPROTO_IP, IP_TTL, 256), SX_EINVAL);
}
