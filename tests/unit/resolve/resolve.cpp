// SPDX-License-Identifier: MIT
// Name resolution on this machine's real data: /etc/hosts (localhost, 127.0.0.1), /etc/services,
// /etc/protocols, numeric hosts; list handles; error codes; bad input.
#include "support.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <cstring>
#include <netdb.h>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

std::string canon(sx_list l, uint32_t i)
{
    char buf[256];
    size_t len = 0;
    REQUIRE_SX(sx_addrinfo_canonname(l, i, buf, sizeof buf, &len));
    return std::string(buf, len);
}

std::string host_of(sx_list l, uint32_t i)
{
    sxt::Addr a;
    REQUIRE_SX(sx_addrinfo_addr(l, i, a.out()));
    char buf[64];
    size_t len = 0;
    REQUIRE_SX(sx_addr_host(a, buf, sizeof buf, &len));
    int32_t port = -1;
    REQUIRE_SX(sx_addr_port(a, &port));
    return std::string(buf, len) + "#" + std::to_string(port);
}

} // namespace

TEST_CASE("resolve: getaddrinfo of localhost and numeric hosts gives family, type, proto and address", "[resolve]")
{
    sx_list l = 0;
    REQUIRE_SX(sx_getaddrinfo("localhost", "80", AF_INET, SOCK_STREAM, 0, 0, &l));
    uint32_t n = 0;
    REQUIRE_SX(sx_list_count(l, &n));
    REQUIRE(n == 1);
    int32_t fam = 0, type = 0, proto = 0;
    REQUIRE_SX(sx_addrinfo_entry(l, 0, &fam, &type, &proto));
    CHECK(fam == AF_INET);
    CHECK(type == SOCK_STREAM);
    CHECK(proto == IPPROTO_TCP);
    CHECK(canon(l, 0).empty());
    CHECK(host_of(l, 0) == "127.0.0.1#80");
    REQUIRE_CODE(sx_addrinfo_entry(l, 1, &fam, &type, &proto), SX_EOUTOFRANGE);
    REQUIRE_SX(sx_list_close(l));

    // A service name from /etc/services, and NULL host: the loopback addresses, IPv6 first here.
    REQUIRE_SX(sx_getaddrinfo_port(nullptr, 8080, AF_UNSPEC, SOCK_STREAM, 0, 0, &l));
    REQUIRE_SX(sx_list_count(l, &n));
    CHECK(n >= 1);
    std::vector<std::string> hosts;
    for (uint32_t i = 0; i < n; i++)
        hosts.push_back(host_of(l, i));
    CHECK(std::find(hosts.begin(), hosts.end(), "127.0.0.1#8080") != hosts.end());
    sx_list_close(l);

    REQUIRE_SX(sx_getaddrinfo("127.0.0.1", "http", AF_INET, SOCK_STREAM, 0, AI_CANONNAME, &l));
    CHECK(canon(l, 0) == "127.0.0.1");
    CHECK(host_of(l, 0) == "127.0.0.1#80");
    sx_list_close(l);

    // type 0: glibc gives stream, datagram and raw entries.
    REQUIRE_SX(sx_getaddrinfo("::1", nullptr, AF_INET6, 0, 0, 0, &l));
    REQUIRE_SX(sx_list_count(l, &n));
    CHECK(n == 3);
    CHECK(host_of(l, 0) == "::1#0");
    sx_list_close(l);

    // The scope of a link-local literal lands in scope_id.
    REQUIRE_SX(sx_getaddrinfo("fe80::1%lo", "9", AF_INET6, SOCK_DGRAM, 0, 0, &l));
    sxt::Addr a;
    REQUIRE_SX(sx_addrinfo_addr(l, 0, a.out()));
    uint32_t scope = 0;
    REQUIRE_SX(sx_addr_scope_id(a, &scope));
    CHECK(scope == 1);
    sx_list_close(l);
}

TEST_CASE("resolve: getaddrinfo errors are SX_EAI codes as Python's gaierror", "[resolve]")
{
    sx_list l = 0;
    // "" is not the wildcard.
    REQUIRE_CODE(sx_getaddrinfo("", "80", 0, SOCK_STREAM, 0, 0, &l), SX_EAI_NONAME);
    REQUIRE_CODE(sx_getaddrinfo("localhost", "80", 0, SOCK_STREAM, 0, AI_NUMERICHOST, &l), SX_EAI_NONAME);
    REQUIRE_CODE(sx_getaddrinfo("127.0.0.1", "nonexistent-svc", 0, SOCK_STREAM, 0, 0, &l), SX_EAI_SERVICE);
    REQUIRE_CODE(sx_getaddrinfo("127.0.0.1", "http", 0, SOCK_STREAM, 0, AI_NUMERICSERV, &l), SX_EAI_NONAME);
    REQUIRE_CODE(sx_getaddrinfo_port("127.0.0.1", -1, 0, SOCK_STREAM, 0, 0, &l), SX_EAI_SERVICE);
    REQUIRE_CODE(sx_getaddrinfo("127.0.0.1", "80", 12345, 0, 0, 0, &l), SX_EAI_FAMILY);
    REQUIRE_CODE(sx_getaddrinfo("127.0.0.1", "80", 0, 12345, 0, 0, &l), SX_EAI_SOCKTYPE);
    REQUIRE_CODE(sx_getaddrinfo("127.0.0.1", "80", 0, 0, 0, 0x7fff0000, &l), SX_EAI_BADFLAGS);
    REQUIRE_CODE(sx_getaddrinfo(nullptr, nullptr, 0, 0, 0, 0, &l), SX_EAI_NONAME);
    REQUIRE_CODE(sx_getaddrinfo("localhost", "80", 0, 0, 0, 0, nullptr), SX_EARG);
    // An overlong name is a resolver failure, never a crash.
    std::string longname(5000, 'a');
    int32_t rc = sx_getaddrinfo(longname.c_str(), "80", 0, SOCK_STREAM, 0, 0, &l);
    CHECK(rc <= -1001);
    CHECK(rc >= -1199);
    // 70000 wraps to 4464 as in Python.
    REQUIRE_SX(sx_getaddrinfo_port("127.0.0.1", 70000, AF_INET, SOCK_STREAM, 0, 0, &l));
    CHECK(host_of(l, 0) == "127.0.0.1#4464");
    sx_list_close(l);
}

TEST_CASE("resolve: getnameinfo gives host and service, with the numeric-host rule of Python", "[resolve]")
{
    char host[NI_MAXHOST], serv[NI_MAXSERV];
    size_t hl = 0, sl = 0;
    sxt::Addr a;
    REQUIRE_SX(sx_addr_inet("127.0.0.1", 22, a.out()));
    REQUIRE_SX(sx_getnameinfo(a, 0, host, sizeof host, &hl, serv, sizeof serv, &sl));
    CHECK(std::string(host, hl) == "localhost");
    CHECK(std::string(serv, sl) == "ssh");
    REQUIRE_SX(sx_getnameinfo(a, NI_NUMERICHOST | NI_NUMERICSERV, host, sizeof host, &hl, serv, sizeof serv, &sl));
    CHECK(std::string(host, hl) == "127.0.0.1");
    CHECK(std::string(serv, sl) == "22");
    // Truncation reports both lengths.
    REQUIRE_CODE(sx_getnameinfo(a, NI_NUMERICHOST | NI_NUMERICSERV, host, 3, &hl, serv, sizeof serv, &sl), SX_ETRUNC);
    CHECK(hl == 9);
    CHECK(sl == 2);

    sxt::Addr u;
    REQUIRE_SX(sx_addr_unix("/tmp/x", u.out()));
    REQUIRE_CODE(sx_getnameinfo(u, 0, host, sizeof host, &hl, serv, sizeof serv, &sl), SX_EARG);
    REQUIRE_CODE(sx_getnameinfo(0, 0, host, sizeof host, &hl, serv, sizeof serv, &sl), SX_EBADHANDLE);
    REQUIRE_CODE(sx_getnameinfo(a, 0, host, sizeof host, nullptr, serv, sizeof serv, &sl), SX_EARG);

    REQUIRE_CODE(sx_getnameinfo_host("localhost", 80, 0, 0, 0, host, sizeof host, &hl, serv, sizeof serv, &sl),
                 SX_EAI_NONAME);
    REQUIRE_SX(sx_getnameinfo_host("fe80::1", 80, 0, 1, NI_NUMERICHOST | NI_NUMERICSERV, host, sizeof host, &hl, serv,
                                   sizeof serv, &sl));
    CHECK(std::string(host, hl) == "fe80::1%lo");
    // Unlike Python, which drops it, the text's %zone is kept as sx_addr_inet6 keeps it (zones.cpp).
    REQUIRE_SX(sx_getnameinfo_host("fe80::1%1", 80, 0, 0, NI_NUMERICHOST | NI_NUMERICSERV, host, sizeof host, &hl,
                                   serv, sizeof serv, &sl));
    CHECK(std::string(host, hl) == "fe80::1%lo");
    REQUIRE_CODE(sx_getnameinfo_host("::1", 80, 0x100000, 0, NI_NUMERICHOST, host, sizeof host, &hl, serv,
                                     sizeof serv, &sl),
                 SX_EOUTOFRANGE);
    REQUIRE_CODE(sx_getnameinfo_host("127.0.0.1", 80, 1, 0, NI_NUMERICHOST, host, sizeof host, &hl, serv,
                                     sizeof serv, &sl),
                 SX_EARG);
    REQUIRE_CODE(sx_getnameinfo_host(nullptr, 80, 0, 0, 0, host, sizeof host, &hl, serv, sizeof serv, &sl), SX_EARG);
}

TEST_CASE("resolve: gethostbyname, gethostbyname_ex and gethostbyaddr read /etc/hosts", "[resolve]")
{
    char buf[256];
    size_t len = 0;
    REQUIRE_SX(sx_gethostbyname("localhost", buf, sizeof buf, &len));
    CHECK(std::string(buf, len) == "127.0.0.1");
    REQUIRE_SX(sx_gethostbyname("", buf, sizeof buf, &len));
    CHECK(std::string(buf, len) == "0.0.0.0");
    REQUIRE_SX(sx_gethostbyname("<broadcast>", buf, sizeof buf, &len));
    CHECK(std::string(buf, len) == "255.255.255.255");
    REQUIRE_SX(sx_gethostbyname("127.1", buf, sizeof buf, &len));
    CHECK(std::string(buf, len) == "127.0.0.1");
    int32_t rc = sx_gethostbyname("::1", buf, sizeof buf, &len);
    CHECK((rc == SX_EAI_ADDRFAMILY || rc == SX_EAI_NONAME));

    sx_list l = 0;
    REQUIRE_SX(sx_gethostbyname_ex("localhost", &l));
    REQUIRE_SX(sx_hostent_name(l, buf, sizeof buf, &len));
    CHECK(std::string(buf, len) == "localhost");
    uint32_t n = 0;
    REQUIRE_SX(sx_list_count(l, &n));
    REQUIRE(n >= 1);
    REQUIRE_SX(sx_hostent_addr(l, 0, buf, sizeof buf, &len));
    CHECK(std::string(buf, len) == "127.0.0.1");
    uint32_t na = 99;
    REQUIRE_SX(sx_hostent_alias_count(l, &na));
    REQUIRE_CODE(sx_hostent_alias(l, na, buf, sizeof buf, &len), SX_EOUTOFRANGE);
    REQUIRE_CODE(sx_hostent_addr(l, n, buf, sizeof buf, &len), SX_EOUTOFRANGE);
    REQUIRE_CODE(sx_addrinfo_canonname(l, 0, buf, sizeof buf, &len), SX_EBADHANDLE);
    sx_list_close(l);

    // "" passes the getaddrinfo pre-check and then fails in gethostbyname_r, as Python's herror(3).
    REQUIRE_CODE(sx_gethostbyname_ex("", &l), SX_EHOST_NO_RECOVERY);

    REQUIRE_SX(sx_gethostbyaddr("127.0.0.1", &l));
    REQUIRE_SX(sx_hostent_name(l, buf, sizeof buf, &len));
    CHECK(std::string(buf, len) == "localhost");
    sx_list_close(l);
    // A name is accepted, a reverse miss is a host error, "" is ambiguous.
    REQUIRE_SX(sx_gethostbyaddr("localhost", &l));
    sx_list_close(l);
    REQUIRE_CODE(sx_gethostbyaddr("<broadcast>", &l), SX_EHOST_NOT_FOUND);
    REQUIRE_CODE(sx_gethostbyaddr("", &l), SX_EARG);
    CHECK(sxt::detail() == "wildcard resolved to multiple address");
    REQUIRE_CODE(sx_gethostbyaddr("127.0.0.1", nullptr), SX_EARG);
    REQUIRE_CODE(sx_gethostbyaddr(nullptr, &l), SX_EARG);
    REQUIRE_CODE(sx_gethostbyname(nullptr, buf, sizeof buf, &len), SX_EARG);
}

TEST_CASE("resolve: gethostname and getfqdn agree with the system", "[resolve]")
{
    char buf[1100], sys[256];
    size_t len = 0;
    REQUIRE_SX(sx_gethostname(buf, sizeof buf, &len));
    REQUIRE(gethostname(sys, sizeof sys) == 0);
    CHECK(std::string(buf, len) == sys);
    REQUIRE_CODE(sx_gethostname(buf, 1, &len), SX_ETRUNC);
    CHECK(len == strlen(sys));

    REQUIRE_SX(sx_getfqdn("  localhost \n", buf, sizeof buf, &len));
    CHECK(std::string(buf, len) == "localhost");
    // Failed lookups give the stripped name back.
    REQUIRE_SX(sx_getfqdn(" nonexistent.invalid ", buf, sizeof buf, &len));
    CHECK(std::string(buf, len) == "nonexistent.invalid");
    REQUIRE_SX(sx_getfqdn(nullptr, buf, sizeof buf, &len));
    std::string none(buf, len);
    REQUIRE_SX(sx_getfqdn("0.0.0.0", buf, sizeof buf, &len));
    CHECK(std::string(buf, len) == none);
    REQUIRE_SX(sx_getfqdn("::", buf, sizeof buf, &len));
    CHECK(std::string(buf, len) == none);
    REQUIRE_CODE(sx_getfqdn("x", buf, sizeof buf, nullptr), SX_EARG);
}

TEST_CASE("resolve: sethostname refuses NULL and an overlong name", "[resolve]")
{
    REQUIRE_CODE(sx_sethostname(nullptr), SX_EARG);
    // Longer than HOST_NAME_MAX (64): EINVAL with the privilege, EPERM without; never a change.
    int32_t rc = sx_sethostname(std::string(100, 'h').c_str());
    CHECK((rc == SX_EINVAL || rc == SX_EPERM));
}

TEST_CASE("resolve: protocols and services come from /etc/protocols and /etc/services", "[resolve]")
{
    int32_t v = 0;
    REQUIRE_SX(sx_getprotobyname("tcp", &v));
    CHECK(v == IPPROTO_TCP);
    REQUIRE_SX(sx_getprotobyname("UDP", &v));
    CHECK(v == IPPROTO_UDP);
    REQUIRE_CODE(sx_getprotobyname("nonexistent", &v), SX_ENOTFOUND);
    CHECK(sxt::detail().find("protocol not found") == 0);
    REQUIRE_CODE(sx_getprotobyname(nullptr, &v), SX_EARG);

    REQUIRE_SX(sx_getservbyname("http", "tcp", &v));
    CHECK(v == 80);
    REQUIRE_SX(sx_getservbyname("ssh", nullptr, &v));
    CHECK(v == 22);
    REQUIRE_CODE(sx_getservbyname("nonexistent-svc", nullptr, &v), SX_ENOTFOUND);
    CHECK(sxt::detail().find("service/proto not found") == 0);
    REQUIRE_CODE(sx_getservbyname("http", "nonexistent", &v), SX_ENOTFOUND);
    REQUIRE_CODE(sx_getservbyname(nullptr, nullptr, &v), SX_EARG);

    char buf[64];
    size_t len = 0;
    REQUIRE_SX(sx_getservbyport(443, "tcp", buf, sizeof buf, &len));
    CHECK(std::string(buf, len) == "https");
    REQUIRE_CODE(sx_getservbyport(65536, nullptr, buf, sizeof buf, &len), SX_EOUTOFRANGE);
    CHECK(sxt::detail() == "getservbyport: port must be 0-65535.");
    REQUIRE_CODE(sx_getservbyport(-1, nullptr, buf, sizeof buf, &len), SX_EOUTOFRANGE);
    REQUIRE_CODE(sx_getservbyport(31337, "tcp", buf, sizeof buf, &len), SX_ENOTFOUND);
    REQUIRE_CODE(sx_getservbyport(80, "tcp", buf, 2, &len), SX_ETRUNC);
    CHECK(len == 4);
}

TEST_CASE("resolve: concurrent lookups from several threads give each its own result", "[resolve][threads]")
{
    std::vector<std::thread> threads;
    std::vector<int> ok(4, 0);
    for (int t = 0; t < 4; t++)
        threads.emplace_back([t, &ok] {
            int good = 0;
            for (int i = 0; i < 50; i++) {
                sx_list l = 0;
                char buf[64];
                size_t len = 0;
                if (sx_gethostbyaddr(t % 2 ? "127.0.0.1" : "localhost", &l) == 0 &&
                    sx_hostent_name(l, buf, sizeof buf, &len) == 0 && std::string(buf, len) == "localhost")
                    good++;
                sx_list_close(l);
                int32_t port = 0;
                if (sx_getservbyname(t % 2 ? "http" : "ssh", "tcp", &port) == 0 && port == (t % 2 ? 80 : 22))
                    good++;
            }
            ok[size_t(t)] = good;
        });
    for (auto &th : threads)
        th.join();
    for (int g : ok)
        CHECK(g == 100);
}
