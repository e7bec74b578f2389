// SPDX-License-Identifier: MIT
// Fault injection on every call that makes an address handle: the constructors, from raw
// bytes, getsockname/getpeername, recvfrom and a getaddrinfo entry.
#include "fault/fault.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <functional>

using sxf::sweep_both;

namespace {

// Sweep a call that fills one sx_addr out-pointer.
void sweep_addr(const char *name, const std::function<int32_t(sx_addr *)> &make)
{
    sweep_both(name, 1, 1, [&] {
        sx_addr a = 0;
        int32_t rc = make(&a);
        if (rc)
            CHECK(a == 0);
        sx_addr_close(a);
        return rc;
    });
}

} // namespace

TEST_CASE("fault: the address constructors", "[fault]")
{
    sweep_addr("sx_addr_inet", [](sx_addr *a) { return sx_addr_inet("127.0.0.1", 80, a); });
    sweep_addr("sx_addr_inet (resolved name)", [](sx_addr *a) { return sx_addr_inet("localhost", 80, a); });
    sweep_addr("sx_addr_inet6", [](sx_addr *a) { return sx_addr_inet6("::1", 80, 0, 0, a); });
    sweep_addr("sx_addr_inet6 (zone)", [](sx_addr *a) { return sx_addr_inet6("fe80::1%lo", 80, 0, 0, a); });
    sweep_addr("sx_addr_unix", [](sx_addr *a) { return sx_addr_unix("/tmp/sx-fault.sock", a); });
    sweep_addr("sx_addr_unix_bytes (abstract)",
               [](sx_addr *a) { return sx_addr_unix_bytes("\0sx-fault", 9, a); });
    sweep_addr("sx_addr_from_sockaddr", [](sx_addr *a) {
        struct sockaddr_in6 sin6 {};
        sin6.sin6_family = AF_INET6;
        sin6.sin6_addr = in6addr_loopback;
        return sx_addr_from_sockaddr(&sin6, sizeof sin6, a);
    });
}

TEST_CASE("fault: getsockname, getpeername and recvfrom", "[fault]")
{
    sxt::Sock a, b;
    REQUIRE_SX(sx_socketpair(AF_UNIX, SOCK_DGRAM, 0, a.out(), b.out()));
    sweep_addr("sx_socket_getsockname", [&](sx_addr *out) { return sx_socket_getsockname(a, out); });
    sweep_addr("sx_socket_getpeername", [&](sx_addr *out) { return sx_socket_getpeername(a, out); });

    sxt::Sock udp;
    REQUIRE_SX(sx_socket_open(AF_INET, SOCK_DGRAM, 0, udp.out()));
    sxt::Addr any;
    REQUIRE_SX(sx_addr_inet("127.0.0.1", 0, any.out()));
    REQUIRE_SX(sx_socket_bind(udp, any));
    sxt::Addr bound;
    REQUIRE_SX(sx_socket_getsockname(udp, bound.out()));
    struct sockaddr_in to {};
    size_t to_len = 0;
    REQUIRE_SX(sx_addr_to_sockaddr(bound, &to, sizeof to, &to_len));
    int sender = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    REQUIRE(sender >= 0);
    sweep_both("sx_socket_recvfrom", 1, 1, [&] {
        REQUIRE(sendto(sender, "x", 1, 0, (struct sockaddr *)&to, sizeof to) == 1);
        char buf[8];
        size_t n = 99;
        sx_addr from = 0;
        int32_t rc = sx_socket_recvfrom(udp, buf, sizeof buf, 0, &n, &from);
        if (rc)
            CHECK(from == 0);
        else
            CHECK(n == 1);
        sx_addr_close(from);
        return rc;
    });
    close(sender);
}

TEST_CASE("fault: sx_addrinfo_addr", "[fault]")
{
    sx_list l = 0;
    REQUIRE_SX(sx_getaddrinfo("127.0.0.1", "80", AF_INET, SOCK_STREAM, 0, AI_NUMERICHOST, &l));
    sweep_addr("sx_addrinfo_addr", [&](sx_addr *a) { return sx_addrinfo_addr(l, 0, a); });
    sx_list_close(l);
}
