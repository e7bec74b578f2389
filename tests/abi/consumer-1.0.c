/* SPDX-License-Identifier: MIT */
/*
 * A program built against the headers of the 1.0.0 release (tests/abi/v1.0/include, checked
 * in and never edited) and run against the library of today (ctest abi:consumer-1.0): what a
 * distribution's users do when they upgrade libsocketx.so.1 under a binary built years ago.
 *
 * It links every function of the SOCKETX_1.0 node (the table below, one entry per line of
 * tests/abi/v1.0/symbols.txt), so a symbol that disappeared or left its node fails at load
 * time, and it runs the 1.0 behaviours a consumer relies on, so a changed meaning fails here.
 * Prints one line per check and "N passed, M failed".
 */
#include <socketx.h>

#include <stdio.h>
#include <string.h>

typedef void (*any_fn)(void);
#define SYM(name) {#name, (any_fn)name}

static const struct {
    const char *name;
    any_fn fn;
} released[] = {
    SYM(sx_abi_level),
    SYM(sx_addr_close),
    SYM(sx_addr_equal),
    SYM(sx_addr_family),
    SYM(sx_addr_flowinfo),
    SYM(sx_addr_from_sockaddr),
    SYM(sx_addr_host),
    SYM(sx_addr_inet),
    SYM(sx_addr_inet6),
    SYM(sx_addr_port),
    SYM(sx_addr_scope_id),
    SYM(sx_addr_to_sockaddr),
    SYM(sx_addr_to_string),
    SYM(sx_addr_unix),
    SYM(sx_addr_unix_bytes),
    SYM(sx_addr_unix_path),
    SYM(sx_addrinfo_addr),
    SYM(sx_addrinfo_canonname),
    SYM(sx_addrinfo_entry),
    SYM(sx_cmsg_len),
    SYM(sx_cmsg_space),
    SYM(sx_constant),
    SYM(sx_constant_at),
    SYM(sx_constant_count),
    SYM(sx_create_connection),
    SYM(sx_create_connection_ex),
    SYM(sx_create_server),
    SYM(sx_error_code),
    SYM(sx_error_name),
    SYM(sx_family_supported),
    SYM(sx_fd_close),
    SYM(sx_fd_dup),
    SYM(sx_getaddrinfo),
    SYM(sx_getaddrinfo_port),
    SYM(sx_getdefaulttimeout),
    SYM(sx_getfqdn),
    SYM(sx_gethostbyaddr),
    SYM(sx_gethostbyname),
    SYM(sx_gethostbyname_ex),
    SYM(sx_gethostname),
    SYM(sx_getnameinfo),
    SYM(sx_getnameinfo_host),
    SYM(sx_getprotobyname),
    SYM(sx_getservbyname),
    SYM(sx_getservbyport),
    SYM(sx_has_dualstack_ipv6),
    SYM(sx_has_ipv6),
    SYM(sx_hostent_addr),
    SYM(sx_hostent_alias),
    SYM(sx_hostent_alias_count),
    SYM(sx_hostent_name),
    SYM(sx_htonl),
    SYM(sx_htons),
    SYM(sx_if_indextoname),
    SYM(sx_if_nameindex),
    SYM(sx_if_nametoindex),
    SYM(sx_ifentry_index),
    SYM(sx_ifentry_name),
    SYM(sx_inet_aton),
    SYM(sx_inet_ntoa),
    SYM(sx_inet_ntop),
    SYM(sx_inet_pton),
    SYM(sx_last_error_detail),
    SYM(sx_list_close),
    SYM(sx_list_count),
    SYM(sx_ntohl),
    SYM(sx_ntohs),
    SYM(sx_setdefaulttimeout),
    SYM(sx_sethostname),
    SYM(sx_socket_accept),
    SYM(sx_socket_adopt),
    SYM(sx_socket_bind),
    SYM(sx_socket_close),
    SYM(sx_socket_connect),
    SYM(sx_socket_connect_ex),
    SYM(sx_socket_detach),
    SYM(sx_socket_dup),
    SYM(sx_socket_family),
    SYM(sx_socket_fileno),
    SYM(sx_socket_fromfd),
    SYM(sx_socket_get_inheritable),
    SYM(sx_socket_getblocking),
    SYM(sx_socket_getpeername),
    SYM(sx_socket_getsockname),
    SYM(sx_socket_getsockopt_bytes),
    SYM(sx_socket_getsockopt_int),
    SYM(sx_socket_gettimeout),
    SYM(sx_socket_listen),
    SYM(sx_socket_open),
    SYM(sx_socket_proto),
    SYM(sx_socket_recv),
    SYM(sx_socket_recvfrom),
    SYM(sx_socket_send),
    SYM(sx_socket_sendall),
    SYM(sx_socket_sendto),
    SYM(sx_socket_set_inheritable),
    SYM(sx_socket_setblocking),
    SYM(sx_socket_setsockopt_bytes),
    SYM(sx_socket_setsockopt_int),
    SYM(sx_socket_setsockopt_null),
    SYM(sx_socket_settimeout),
    SYM(sx_socket_shutdown),
    SYM(sx_socket_type),
    SYM(sx_socketpair),
    SYM(sx_strerror),
    SYM(sx_thread_get_interruptible),
    SYM(sx_thread_set_interruptible),
    SYM(sx_version),
    SYM(sx_version_string),
};

static int passed, failed;

static void check(int ok, const char *what, int32_t rc)
{
    if (ok)
        passed++;
    else
        failed++;
    printf("%s: %s (%s)\n", ok ? "ok" : "FAILED", what, sx_error_name(rc));
}

int main(void)
{
    int32_t rc;
    size_t n = 0;
    char buf[256];

    /* Every released function is there, under its node: the dynamic linker resolved them. */
    size_t missing = 0;
    for (size_t i = 0; i < sizeof released / sizeof released[0]; i++)
        missing += released[i].fn == NULL;
    check(missing == 0 && sizeof released / sizeof released[0] == 109, "all 109 SOCKETX_1.0 functions resolve", 0);

    uint32_t major = 0, minor = 0;
    rc = sx_abi_level(&major, &minor);
    (void)minor; /* any 1.x serves a 1.0 program */
    check(rc == 0 && major == 1, "ABI level 1.x", rc);
    uint32_t vmaj = 0, vmin = 0, vpatch = 0;
    rc = sx_version(&vmaj, &vmin, &vpatch);
    check(rc == 0 && vmaj == 1, "version 1.x.y", rc);

    /* Status codes keep their numbers and names. */
    check(SX_EBADHANDLE == -2002 && strcmp(sx_error_name(SX_EBADHANDLE), "SX_EBADHANDLE") == 0, "SX_EBADHANDLE", 0);
    int32_t code = 0;
    rc = sx_error_code("SX_ETIMEOUT", &code);
    check(rc == 0 && code == SX_ETIMEOUT, "SX_ETIMEOUT by name", rc);
    check(strcmp(sx_error_name(SX_EINTR), "SX_EINTR") == 0 && SX_EINTR == -4, "SX_EINTR", 0);

    /* Constants by name match the headers. */
    int64_t v = 0;
    rc = sx_constant("SO_REUSEADDR", &v);
    check(rc == 0 && v == SX_SO_REUSEADDR, "sx_constant(SO_REUSEADDR)", rc);

    /* Addresses. */
    sx_addr a6 = 0;
    rc = sx_addr_inet6("::1", 8080, 0, 0, &a6);
    check(rc == 0, "sx_addr_inet6", rc);
    rc = sx_addr_to_string(a6, buf, sizeof buf, &n);
    check(rc == 0 && n == strlen("[::1]:8080") && memcmp(buf, "[::1]:8080", n) == 0, "text form [::1]:8080", rc);
    check(sx_addr_close(a6) == 0 && sx_addr_close(a6) == 0, "closing an address twice is harmless", 0);
    int32_t port = 0;
    rc = sx_addr_port(a6, &port);
    check(rc == SX_EBADHANDLE, "a closed address gives SX_EBADHANDLE", rc);

    /* A socketpair: send, sendall, recv, timeouts. */
    sx_socket s1 = 0, s2 = 0;
    rc = sx_socketpair(SX_AF_UNIX, SX_SOCK_STREAM, 0, &s1, &s2);
    check(rc == 0, "sx_socketpair", rc);
    rc = sx_socket_sendall(s1, "hello", 5, 0, &n);
    check(rc == 0 && n == 5, "sendall 5 bytes", rc);
    rc = sx_socket_recv(s2, buf, sizeof buf, 0, &n);
    check(rc == 0 && n == 5 && memcmp(buf, "hello", 5) == 0, "recv them", rc);
    rc = sx_socket_settimeout(s2, 0.05);
    check(rc == 0, "settimeout 0.05", rc);
    rc = sx_socket_recv(s2, buf, sizeof buf, 0, &n);
    check(rc == SX_ETIMEOUT, "recv times out with SX_ETIMEOUT", rc);
    rc = sx_socket_setblocking(s2, 0);
    rc = rc ? rc : sx_socket_recv(s2, buf, sizeof buf, 0, &n);
    check(rc == SX_EAGAIN, "non-blocking recv gives SX_EAGAIN", rc);
    int on = -1;
    rc = sx_thread_get_interruptible(&on);
    check(rc == 0 && on == 0, "threads retry EINTR by default", rc);

    /* TCP on loopback. */
    sx_socket l = 0, c = 0, conn = 0;
    sx_addr any = 0, where = 0;
    rc = sx_socket_open(SX_AF_INET, SX_SOCK_STREAM, 0, &l);
    rc = rc ? rc : sx_addr_inet("127.0.0.1", 0, &any);
    rc = rc ? rc : sx_socket_bind(l, any);
    rc = rc ? rc : sx_socket_listen(l, SX_BACKLOG_DEFAULT);
    rc = rc ? rc : sx_socket_getsockname(l, &where);
    check(rc == 0, "TCP listener on 127.0.0.1", rc);
    rc = sx_socket_open(SX_AF_INET, SX_SOCK_STREAM, 0, &c);
    rc = rc ? rc : sx_socket_connect(c, where);
    rc = rc ? rc : sx_socket_accept(l, &conn, NULL);
    check(rc == 0, "connect and accept", rc);
    rc = sx_socket_send(c, "ping", 4, 0, &n);
    rc = rc ? rc : sx_socket_recv(conn, buf, sizeof buf, 0, &n);
    check(rc == 0 && n == 4 && memcmp(buf, "ping", 4) == 0, "data over TCP", rc);

    /* Numeric resolution. */
    sx_list list = 0;
    uint32_t count = 0;
    rc = sx_getaddrinfo("127.0.0.1", "80", SX_AF_INET, SX_SOCK_STREAM, 0, SX_AI_NUMERICHOST, &list);
    rc = rc ? rc : sx_list_count(list, &count);
    check(rc == 0 && count == 1, "getaddrinfo of 127.0.0.1:80", rc);
    sx_list_close(list);

    sx_socket_close(s1);
    sx_socket_close(s2);
    sx_socket_close(l);
    sx_socket_close(c);
    sx_socket_close(conn);
    sx_addr_close(any);
    sx_addr_close(where);
    rc = sx_socket_close(s1);
    check(rc == 0, "closing a socket twice is harmless", rc);

    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
