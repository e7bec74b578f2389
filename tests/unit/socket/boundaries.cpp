// SPDX-License-Identifier: MIT
// Socket arguments at their limits and one past, each checked against python3 3.11:
// family, type and proto (-1 is Python's default in socket() only; every other value goes to
// the kernel, negative ones too) and listen's backlog.
#include "support.hpp"

#include <climits>
#include <sys/socket.h>

using sxt::Sock;

namespace {

int32_t attr(int32_t (*get)(sx_socket, int32_t *), sx_socket s)
{
    int32_t v = -100;
    REQUIRE_SX(get(s, &v));
    return v;
}

} // namespace

TEST_CASE("boundaries: socket(-1, -1, -1) is Python's default AF_INET, SOCK_STREAM, 0", "[socket][boundaries]")
{
    // python3: socket.socket(-1, -1, -1) -> family 2, type 1, proto 0.
    Sock s;
    REQUIRE_SX(sx_socket_open(-1, -1, -1, s.out()));
    CHECK(attr(sx_socket_family, s) == AF_INET);
    CHECK(attr(sx_socket_type, s) == SOCK_STREAM);
    CHECK(attr(sx_socket_proto, s) == 0);
    double t = 0;
    REQUIRE_SX(sx_socket_gettimeout(s, &t));
    CHECK(t == SX_TIMEOUT_NONE); // -1 has SOCK_NONBLOCK's bit, but is not a request for it
    Sock inet6;
    REQUIRE_SX(sx_socket_open(AF_INET6, -1, -1, inet6.out()));
    CHECK(attr(sx_socket_type, inet6) == SOCK_STREAM);
}

TEST_CASE("boundaries: other negative and extreme families and types are the kernel's errors", "[socket][boundaries][socktype]")
{
    sx_socket s = 0;
    // python3: socket(-2, 1) EAFNOSUPPORT; socket(2, -2) EINVAL; socket(2, 1, -2) EINVAL;
    // socket(0, 1) EAFNOSUPPORT; socket(2, 0) ESOCKTNOSUPPORT; INT_MIN/INT_MAX likewise.
    REQUIRE_CODE(sx_socket_open(-2, SOCK_STREAM, 0, &s), SX_EAFNOSUPPORT);
    REQUIRE_CODE(sx_socket_open(INT32_MIN, SOCK_STREAM, 0, &s), SX_EAFNOSUPPORT);
    REQUIRE_CODE(sx_socket_open(INT32_MAX, SOCK_STREAM, 0, &s), SX_EAFNOSUPPORT);
    REQUIRE_CODE(sx_socket_open(0, SOCK_STREAM, 0, &s), SX_EAFNOSUPPORT);
    REQUIRE_CODE(sx_socket_open(AF_INET, -2, 0, &s), SX_EINVAL);
    REQUIRE_CODE(sx_socket_open(AF_INET, INT32_MIN, 0, &s), SX_EINVAL);
    REQUIRE_CODE(sx_socket_open(AF_INET, INT32_MAX, 0, &s), SX_EINVAL);
    REQUIRE_CODE(sx_socket_open(AF_INET, 0, 0, &s), SX_ESOCKTNOSUPPORT);
    REQUIRE_CODE(sx_socket_open(AF_INET, SOCK_STREAM, -2, &s), SX_EINVAL);
    CHECK(s == 0);
}

TEST_CASE("boundaries: socketpair passes every value to the kernel, -1 included", "[socket][boundaries][socktype]")
{
    sx_socket a = 0, b = 0;
    // python3: socketpair(-1, 1) EAFNOSUPPORT; (1, -1) EINVAL; (1, 1, -1) EPROTONOSUPPORT;
    // (0, 1) EAFNOSUPPORT; (1, 0) ESOCKTNOSUPPORT; (-1, -1) EINVAL; (-2, 1) EAFNOSUPPORT.
    REQUIRE_CODE(sx_socketpair(-1, SOCK_STREAM, 0, &a, &b), SX_EAFNOSUPPORT);
    REQUIRE_CODE(sx_socketpair(-2, SOCK_STREAM, 0, &a, &b), SX_EAFNOSUPPORT);
    REQUIRE_CODE(sx_socketpair(AF_UNIX, -1, 0, &a, &b), SX_EINVAL);
    REQUIRE_CODE(sx_socketpair(AF_UNIX, -2, 0, &a, &b), SX_EINVAL);
    REQUIRE_CODE(sx_socketpair(AF_UNIX, SOCK_STREAM, -1, &a, &b), SX_EPROTONOSUPPORT);
    REQUIRE_CODE(sx_socketpair(0, SOCK_STREAM, 0, &a, &b), SX_EAFNOSUPPORT);
    REQUIRE_CODE(sx_socketpair(AF_UNIX, 0, 0, &a, &b), SX_ESOCKTNOSUPPORT);
    REQUIRE_CODE(sx_socketpair(-1, -1, 0, &a, &b), SX_EINVAL);
    REQUIRE_CODE(sx_socketpair(INT32_MAX, SOCK_STREAM, 0, &a, &b), SX_EAFNOSUPPORT);
    CHECK(a == 0);
    CHECK(b == 0);
}

TEST_CASE("boundaries: listen takes every backlog, negative ones as 0", "[socket][boundaries]")
{
    // python3: listen(0), listen(-1), listen(2**31-1), listen(-2**31) all succeed.
    // INT32_MIN is SX_BACKLOG_DEFAULT here (Python's listen() without an argument).
    for (int32_t backlog : {0, -1, 1, INT32_MAX, INT32_MIN + 1, SX_BACKLOG_DEFAULT}) {
        INFO("backlog " << backlog);
        Sock s;
        REQUIRE_SX(sx_socket_open(AF_INET, SOCK_STREAM, 0, s.out()));
        REQUIRE_SX(sx_socket_listen(s, backlog));
    }
}
