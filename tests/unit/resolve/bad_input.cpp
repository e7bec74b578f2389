// SPDX-License-Identifier: MIT
// Bad input for the resolver and list functions: NULL, empty, overlong and non-UTF-8 strings,
// wrong-kind and stale handles. Each gives its documented code, never a crash.
#include "support.hpp"

#include <cstring>
#include <netdb.h>
#include <string>
#include <sys/socket.h>

namespace {

bool is_eai(int32_t rc) { return rc <= -1001 && rc >= -1199; }

} // namespace

TEST_CASE("resolve: NULL pointers give SX_EARG in every resolver function", "[resolve]")
{
    char buf[64];
    size_t len = 0;
    int32_t v = 0;
    uint32_t u = 0;
    sx_list l = 0;
    REQUIRE_CODE(sx_getaddrinfo("localhost", "80", 0, 0, 0, 0, nullptr), SX_EARG);
    REQUIRE_CODE(sx_getaddrinfo_port("localhost", 80, 0, 0, 0, 0, nullptr), SX_EARG);
    REQUIRE_CODE(sx_gethostbyname("localhost", buf, sizeof buf, nullptr), SX_EARG);
    REQUIRE_CODE(sx_gethostbyname_ex(nullptr, &l), SX_EARG);
    REQUIRE_CODE(sx_gethostbyname_ex("localhost", nullptr), SX_EARG);
    REQUIRE_CODE(sx_gethostname(buf, sizeof buf, nullptr), SX_EARG);
    REQUIRE_CODE(sx_gethostname(nullptr, 10, &len), SX_EARG);
    REQUIRE_CODE(sx_getprotobyname("tcp", nullptr), SX_EARG);
    REQUIRE_CODE(sx_getservbyname("http", "tcp", nullptr), SX_EARG);
    REQUIRE_CODE(sx_getservbyport(80, "tcp", buf, sizeof buf, nullptr), SX_EARG);
    REQUIRE_CODE(sx_list_count(0, nullptr), SX_EARG);

    REQUIRE_SX(sx_getaddrinfo("127.0.0.1", "80", AF_INET, SOCK_STREAM, 0, 0, &l));
    REQUIRE_CODE(sx_list_count(l, nullptr), SX_EARG);
    REQUIRE_CODE(sx_addrinfo_canonname(l, 0, buf, sizeof buf, nullptr), SX_EARG);
    REQUIRE_CODE(sx_addrinfo_canonname(l, 0, nullptr, 5, &len), SX_EARG);
    REQUIRE_CODE(sx_addrinfo_addr(l, 0, nullptr), SX_EARG);
    // Every out-pointer of sx_addrinfo_entry is optional.
    REQUIRE_SX(sx_addrinfo_entry(l, 0, nullptr, nullptr, nullptr));
    sx_list_close(l);

    REQUIRE_SX(sx_gethostbyname_ex("localhost", &l));
    REQUIRE_CODE(sx_hostent_name(l, buf, sizeof buf, nullptr), SX_EARG);
    REQUIRE_CODE(sx_hostent_alias_count(l, nullptr), SX_EARG);
    REQUIRE_CODE(sx_hostent_addr(l, 0, buf, sizeof buf, nullptr), SX_EARG);
    sx_list_close(l);
    (void)v;
    (void)u;
}

TEST_CASE("resolve: wrong-kind, zero and stale handles give SX_EBADHANDLE", "[resolve]")
{
    char buf[64];
    size_t len = 0;
    uint32_t n = 0;
    int32_t fam = 0;
    sxt::Addr a;
    REQUIRE_SX(sx_addr_inet("127.0.0.1", 80, a.out()));
    // An address handle is not a list, and a list is not an address.
    REQUIRE_CODE(sx_list_count(a, &n), SX_EBADHANDLE);
    REQUIRE_CODE(sx_list_close(a), SX_EBADHANDLE);
    REQUIRE_CODE(sx_addrinfo_entry(a, 0, &fam, nullptr, nullptr), SX_EBADHANDLE);
    sx_list l = 0;
    REQUIRE_SX(sx_getaddrinfo("127.0.0.1", "80", AF_INET, SOCK_STREAM, 0, 0, &l));
    REQUIRE_CODE(sx_addr_family(l, &fam), SX_EBADHANDLE);
    char host[64], serv[64];
    size_t hl = 0, sl = 0;
    REQUIRE_CODE(sx_getnameinfo(l, 0, host, sizeof host, &hl, serv, sizeof serv, &sl), SX_EBADHANDLE);
    // A getaddrinfo list is not a host entry.
    REQUIRE_CODE(sx_hostent_name(l, buf, sizeof buf, &len), SX_EBADHANDLE);
    REQUIRE_SX(sx_list_close(l));
    REQUIRE_CODE(sx_list_count(l, &n), SX_EBADHANDLE);
    REQUIRE_CODE(sx_addrinfo_canonname(l, 0, buf, sizeof buf, &len), SX_EBADHANDLE);
    REQUIRE_CODE(sx_list_count(0, &n), SX_EBADHANDLE);
    REQUIRE_SX(sx_list_close(0));
    REQUIRE_CODE(sx_list_count(uint64_t(1) << 52, &n), SX_EBADHANDLE);
}

TEST_CASE("resolve: empty, overlong and non-UTF-8 names give resolver or not-found codes", "[resolve]")
{
    std::string huge(10000, 'x');
    const char *bad_utf8 = "\xff\xfe\x80host";
    sx_list l = 0;
    char buf[1100];
    size_t len = 0;
    int32_t v = 0;
    for (const char *name : {huge.c_str(), bad_utf8}) {
        INFO("name of " << strlen(name) << " bytes");
        int32_t rc = sx_getaddrinfo(name, "80", 0, SOCK_STREAM, 0, 0, &l);
        CHECK(is_eai(rc));
        rc = sx_gethostbyname(name, buf, sizeof buf, &len);
        CHECK(is_eai(rc));
        rc = sx_gethostbyaddr(name, &l);
        CHECK(is_eai(rc));
        REQUIRE_CODE(sx_getprotobyname(name, &v), SX_ENOTFOUND);
        REQUIRE_CODE(sx_getservbyname(name, "tcp", &v), SX_ENOTFOUND);
        REQUIRE_CODE(sx_getservbyname("http", name, &v), SX_ENOTFOUND);
        REQUIRE_SX(sx_getfqdn(name, buf, sizeof buf, &len));
    }
    REQUIRE_CODE(sx_getprotobyname("", &v), SX_ENOTFOUND);
    REQUIRE_CODE(sx_getservbyname("", nullptr, &v), SX_ENOTFOUND);
    // An empty service is port 0 for glibc, and so for Python.
    REQUIRE_SX(sx_getaddrinfo("localhost", "", AF_INET, SOCK_STREAM, 0, 0, &l));
    sxt::Addr a;
    REQUIRE_SX(sx_addrinfo_addr(l, 0, a.out()));
    sx_list_close(l);
    int32_t port = -1;
    REQUIRE_SX(sx_addr_port(a, &port));
    CHECK(port == 0);
    // An overlong service name is a service error (huge port numbers: differential.py).
    REQUIRE_CODE(sx_getaddrinfo("127.0.0.1", huge.c_str(), 0, SOCK_STREAM, 0, 0, &l), SX_EAI_SERVICE);
    char host[64], serv[64];
    size_t hl = 0, sl = 0;
    REQUIRE_CODE(sx_getnameinfo_host("", 80, 0, 0, 0, host, sizeof host, &hl, serv, sizeof serv, &sl), SX_EAI_NONAME);
    REQUIRE_CODE(sx_getnameinfo_host(huge.c_str(), 80, 0, 0, 0, host, sizeof host, &hl, serv, sizeof serv, &sl),
                 SX_EAI_NONAME);
}
