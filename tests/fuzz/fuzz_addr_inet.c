/* SPDX-License-Identifier: MIT */
/*
 * Host texts into the AF_INET and AF_INET6 constructors, and into sx_gethostbyname(), which
 * reads a host the same way: dotted quads and their legacy forms, IPv6 literals,
 * "literal%scope" with an interface name or number, the wildcard and the broadcast names.
 * Input: the host text up to the first NUL, then port, flowinfo and scope id as 4
 * big-endian bytes each (missing bytes read as 0). Hosts that would need a resolver are
 * skipped (numeric_host.h): nothing here may query DNS.
 */
#include <arpa/inet.h>
#include <net/if.h>
#include <sys/socket.h>

#include "addr_check.h"
#include "fuzz.h"
#include "numeric_host.h"

static int is_broadcast(const char *host)
{
    return strcmp(host, "<broadcast>") == 0 || strcmp(host, "255.255.255.255") == 0;
}

static void host_bytes(sx_addr a, int family, unsigned char *out)
{
    char host[64];
    size_t n = 0;
    FZ_EXPECT_RC(sx_addr_host(a, host, sizeof host, &n), 0);
    FZ_CHECK(inet_pton(family, host, out) == 1);
}

/* host is an IPv6 literal, with or without a %scope: its 16 bytes. */
static int ipv6_literal(const char *host, unsigned char v6[16])
{
    char literal[INET6_ADDRSTRLEN];
    size_t n = strcspn(host, "%");
    if (n >= sizeof literal)
        return 0;
    memcpy(literal, host, n);
    literal[n] = '\0';
    return inet_pton(AF_INET6, literal, v6) == 1;
}

/* sx_gethostbyname() reads the host as sx_addr_inet() does and gives its dotted quad. */
static void check_gethostbyname(const char *host, const unsigned char want[4])
{
    char text[INET_ADDRSTRLEN + 4];
    size_t n = 0;
    FZ_EXPECT_RC(sx_gethostbyname(host, text, sizeof text, &n), 0);
    unsigned char got[4];
    FZ_CHECK(n == strlen(text) && inet_pton(AF_INET, text, got) == 1 && memcmp(got, want, 4) == 0);
    size_t n2 = 0;
    FZ_EXPECT_RC(sx_gethostbyname(host, text, n, &n2), SX_ETRUNC);
    FZ_CHECK(n2 == n);
    FZ_EXPECT_RC(sx_gethostbyname(host, text, sizeof text, NULL), SX_EARG);
}

static void check_inet(const char *host, int32_t port)
{
    if (!fz_host_is_numeric(host, AF_INET))
        return;
    sx_addr a = 7;
    int32_t rc = sx_addr_inet(host, port, &a);
    if (port < 0 || port > 65535) {
        FZ_CHECK(rc == SX_EOUTOFRANGE && a == 0);
        return;
    }
    /* Every host the guard lets through is one the constructor reads without failing. */
    FZ_EXPECT_RC(rc, 0);
    fz_check_addr(a);
    unsigned char got[4], want[4];
    host_bytes(a, AF_INET, got);
    int32_t p = -1;
    FZ_EXPECT_RC(sx_addr_port(a, &p), 0);
    FZ_CHECK(p == port);
    if (host[0] == '\0') {
        FZ_CHECK(memcmp(got, "\0\0\0\0", 4) == 0);
    } else if (is_broadcast(host)) {
        FZ_CHECK(memcmp(got, "\xff\xff\xff\xff", 4) == 0);
    } else {
        /* glibc's getaddrinfo(AF_INET), which Python's setipaddr calls too, reads an IPv4-mapped
         * IPv6 literal (even with a %scope) as its IPv4 address; every other numeric form is one
         * inet_aton reads the same way. */
        unsigned char v6[16];
        size_t n = 0;
        if (ipv6_literal(host, v6)) {
            FZ_CHECK(IN6_IS_ADDR_V4MAPPED((struct in6_addr *)v6) && memcmp(got, v6 + 12, 4) == 0);
        } else {
            FZ_EXPECT_RC(sx_inet_aton(host, want, sizeof want, &n), 0);
            FZ_CHECK(n == 4 && memcmp(got, want, 4) == 0);
        }
    }
    FZ_EXPECT_RC(sx_addr_close(a), 0);
    check_gethostbyname(host, got);
}

#define NOT_SCOPED (-2)
#define UNKNOWN_SCOPE (-1)

/*
 * The scope of a "literal%scope" host as the constructor must read it (an interface name
 * first, then a decimal number up to UINT32_MAX): the index, UNKNOWN_SCOPE, or NOT_SCOPED
 * when host is not an IPv6 literal followed by '%'.
 */
static int64_t host_scope(const char *host, unsigned char literal[16])
{
    const char *percent = strchr(host, '%');
    if (!percent || (size_t)(percent - host) >= INET6_ADDRSTRLEN)
        return NOT_SCOPED;
    char text[INET6_ADDRSTRLEN];
    memcpy(text, host, (size_t)(percent - host));
    text[percent - host] = '\0';
    if (inet_pton(AF_INET6, text, literal) != 1)
        return NOT_SCOPED;
    const char *scope = percent + 1;
    unsigned index = if_nametoindex(scope);
    if (index)
        return index;
    uint64_t v = 0;
    const char *p = scope;
    for (; *p >= '0' && *p <= '9' && v <= UINT32_MAX; p++)
        v = v * 10 + (uint64_t)(*p - '0');
    return p != scope && *p == '\0' && v <= UINT32_MAX ? (int64_t)v : UNKNOWN_SCOPE;
}

static void check_inet6(const char *host, int32_t port, uint32_t flowinfo, uint32_t scope_id)
{
    if (!fz_host_is_numeric(host, AF_INET6))
        return;
    sx_addr a = 7;
    int32_t rc = sx_addr_inet6(host, port, flowinfo, scope_id, &a);
    if (port < 0 || port > 65535 || flowinfo > 0xFFFFFu) {
        FZ_CHECK(rc == SX_EOUTOFRANGE && a == 0);
        return;
    }
    if (is_broadcast(host)) {
        FZ_CHECK(rc == SX_EARG && a == 0);
        return;
    }
    unsigned char plain[16], scoped[16];
    int is_plain = inet_pton(AF_INET6, host, plain) == 1;
    int64_t hs = is_plain ? NOT_SCOPED : host_scope(host, scoped);
    int conflict = hs > 0 && scope_id && hs != scope_id;
    if (conflict || hs == UNKNOWN_SCOPE) {
        FZ_CHECK(rc == (conflict ? SX_EARG : SX_ENOTFOUND) && a == 0);
        return;
    }
    FZ_EXPECT_RC(rc, 0);
    fz_check_addr(a);
    unsigned char got[16];
    host_bytes(a, AF_INET6, got);
    uint32_t s = 0, f = 0;
    int32_t p = -1;
    FZ_EXPECT_RC(sx_addr_scope_id(a, &s), 0);
    FZ_EXPECT_RC(sx_addr_flowinfo(a, &f), 0);
    FZ_EXPECT_RC(sx_addr_port(a, &p), 0);
    FZ_CHECK(p == port && f == flowinfo);
    if (scope_id)
        FZ_CHECK(s == scope_id);
    if (host[0] == '\0') {
        FZ_CHECK(memcmp(got, &in6addr_any, 16) == 0 && s == scope_id);
    } else if (is_plain) {
        FZ_CHECK(memcmp(got, plain, 16) == 0 && s == scope_id);
    } else if (hs >= 0) {
        FZ_CHECK(memcmp(got, scoped, 16) == 0 && s == (scope_id ? scope_id : (uint32_t)hs));
    }
    FZ_EXPECT_RC(sx_addr_close(a), 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fz_input in = {data, size};
    char *host = fz_string(&in);
    int32_t port = (int32_t)fz_u32(&in);
    uint32_t flowinfo = fz_u32(&in), scope_id = fz_u32(&in);
    /* Most inputs should reach the constructors' success paths: fold the numbers into range
     * unless the input asks for raw values (the high bit of the flowinfo word). */
    if (!(flowinfo & 0x80000000u)) {
        port = (int32_t)((uint32_t)port & 0xFFFFu);
        flowinfo &= 0xFFFFFu;
        scope_id &= 0x7u;
    }
    check_inet(host, port);
    check_inet6(host, port, flowinfo, scope_id);

    FZ_EXPECT_RC(sx_addr_inet(host, 0, NULL), SX_EARG);
    FZ_EXPECT_RC(sx_addr_inet6(host, 0, 0, 0, NULL), SX_EARG);
    free(host);
    return 0;
}
