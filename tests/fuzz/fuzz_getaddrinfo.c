/* SPDX-License-Identifier: MIT */
/*
 * The resolver entry points that take host and port text, with numeric flags only so that
 * nothing reaches DNS or the network: sx_getaddrinfo() and sx_getaddrinfo_port() with
 * AI_NUMERICHOST | AI_NUMERICSERV added to fuzzed flags, family, type and protocol; every
 * entry of the result list and its address; sx_getnameinfo() on those addresses and
 * sx_getnameinfo_host() on the fuzzed host, both with NI_NUMERICHOST | NI_NUMERICSERV.
 *
 * Input: host text, NUL, port text, NUL, then bytes: family, type, protocol selectors,
 * AI flags (4), NI flags (4), an integer port (4), flowinfo (4), scope id (4), and which of
 * host and port are NULL (1).
 */
#include <arpa/inet.h>
#include <net/if.h>
#include <netdb.h>
#include <stddef.h>
#include <sys/socket.h>

#include "addr_check.h"
#include "fuzz.h"

/* Mostly the values that succeed, sometimes any byte (negative too), so that both paths run. */
static int32_t pick(uint8_t sel, const int32_t *common, size_t n)
{
    return sel < 0xC0 ? common[sel % n] : (int32_t)(int8_t)(sel << 2);
}

static const int32_t families[] = {AF_UNSPEC, AF_INET, AF_INET6, AF_UNIX};
static const int32_t types[] = {0, SOCK_STREAM, SOCK_DGRAM, SOCK_RAW, SOCK_SEQPACKET};
static const int32_t protos[] = {0, IPPROTO_TCP, IPPROTO_UDP, IPPROTO_SCTP, IPPROTO_UDPLITE};

#define NUMERIC_AI (AI_NUMERICHOST | AI_NUMERICSERV)
#define NUMERIC_NI (NI_NUMERICHOST | NI_NUMERICSERV)
#define MAX_ENTRIES 64 /* numeric lookups give a few entries per address; more is a defect */

/* The text getnameinfo gives a numeric address: its host, then "%scope" for a scoped IPv6 one. */
static void check_nameinfo(sx_addr a, int32_t ni_flags)
{
    char host[NI_MAXHOST], serv[NI_MAXSERV];
    size_t hl = 0, sl = 0;
    int32_t rc = sx_getnameinfo(a, ni_flags | NUMERIC_NI, host, sizeof host, &hl, serv, sizeof serv, &sl);
    if (rc) {
        /* Only a request glibc refuses: a name required, or flags it does not know. */
        FZ_CHECK(rc == SX_EAI_NONAME || rc == SX_EAI_BADFLAGS);
        FZ_CHECK(rc != SX_EAI_NONAME || (ni_flags & NI_NAMEREQD));
        return;
    }
    FZ_CHECK(hl == strlen(host) && sl == strlen(serv));
    char want[NI_MAXHOST];
    size_t wl = 0;
    FZ_EXPECT_RC(sx_addr_host(a, want, sizeof want, &wl), 0);
    uint32_t scope = 0;
    int32_t family = 0;
    FZ_EXPECT_RC(sx_addr_family(a, &family), 0);
    if (family == AF_INET6)
        FZ_EXPECT_RC(sx_addr_scope_id(a, &scope), 0);
    FZ_CHECK(strncmp(host, want, wl) == 0);
    if (scope) {
        FZ_CHECK(host[wl] == '%');
        char num[16], name[IF_NAMESIZE];
        snprintf(num, sizeof num, "%lu", (unsigned long)scope);
        FZ_CHECK(strcmp(host + wl + 1, num) == 0 ||
                 (if_indextoname(scope, name) && strcmp(host + wl + 1, name) == 0));
    } else {
        FZ_CHECK(host[wl] == '\0');
    }
    int32_t port = -1;
    FZ_EXPECT_RC(sx_addr_port(a, &port), 0);
    char port_text[16];
    snprintf(port_text, sizeof port_text, "%d", (int)port);
    FZ_CHECK(strcmp(serv, port_text) == 0);

    /* Both lengths are reported when a buffer is too small. */
    size_t hl2 = 0, sl2 = 0;
    FZ_EXPECT_RC(sx_getnameinfo(a, ni_flags | NUMERIC_NI, host, hl, &hl2, serv, sizeof serv, &sl2), SX_ETRUNC);
    FZ_CHECK(hl2 == hl && sl2 == sl);
}

/*
 * What every entry must hold when the request says it exactly: the address of a strict IPv4
 * or IPv6 literal (an IPv4 one may come back IPv4-mapped in an AF_INET6 entry), and the port
 * of a decimal port text (glibc keeps its low 16 bits) or 0 for a NULL port.
 */
struct expect {
    int has_v4, has_v6, has_port;
    unsigned char v4[4], v6[16];
    uint32_t port;
};

static void expect_from(struct expect *e, const char *host, const char *port)
{
    memset(e, 0, sizeof *e);
    e->has_v4 = host && inet_pton(AF_INET, host, e->v4) == 1;
    e->has_v6 = host && inet_pton(AF_INET6, host, e->v6) == 1;
    if (!port) {
        e->has_port = 1;
        return;
    }
    size_t n = strlen(port);
    if (n == 0 || n > 9 || strspn(port, "0123456789") != n)
        return;
    e->has_port = 1;
    e->port = (uint32_t)strtoul(port, NULL, 10) & 0xFFFFu;
}

static void check_expected(sx_addr a, int32_t family, const struct expect *e)
{
    unsigned char raw[sizeof(struct sockaddr_storage)];
    size_t len = 0;
    FZ_EXPECT_RC(sx_addr_to_sockaddr(a, raw, sizeof raw, &len), 0);
    if (family == AF_INET) {
        FZ_CHECK(len == sizeof(struct sockaddr_in));
        FZ_CHECK(!e->has_v4 || memcmp(raw + offsetof(struct sockaddr_in, sin_addr), e->v4, 4) == 0);
        FZ_CHECK(!e->has_v6 || IN6_IS_ADDR_V4MAPPED((struct in6_addr *)e->v6));
    } else {
        FZ_CHECK(len == sizeof(struct sockaddr_in6));
        const unsigned char *got = raw + offsetof(struct sockaddr_in6, sin6_addr);
        if (e->has_v6)
            FZ_CHECK(memcmp(got, e->v6, 16) == 0);
        if (e->has_v4)
            FZ_CHECK(IN6_IS_ADDR_V4MAPPED((const struct in6_addr *)got) && memcmp(got + 12, e->v4, 4) == 0);
    }
    int32_t port = -1;
    FZ_EXPECT_RC(sx_addr_port(a, &port), 0);
    FZ_CHECK(!e->has_port || (uint32_t)port == e->port);
}

static void check_entry(sx_list l, uint32_t i, int32_t family, int32_t type, int32_t proto, int32_t flags,
                        int32_t ni_flags, const struct expect *e)
{
    int32_t f = -1, t = -1, p = -1;
    FZ_EXPECT_RC(sx_addrinfo_entry(l, i, &f, &t, &p), 0);
    FZ_EXPECT_RC(sx_addrinfo_entry(l, i, NULL, NULL, NULL), 0);
    FZ_CHECK(f == AF_INET || f == AF_INET6);
    FZ_CHECK(family == AF_UNSPEC || f == family);
    FZ_CHECK(type == 0 || t == type);
    FZ_CHECK(proto == 0 || p == proto);

    char canon[512];
    size_t cl = 0;
    FZ_EXPECT_RC(sx_addrinfo_canonname(l, i, canon, sizeof canon, &cl), 0);
    FZ_CHECK(cl == strlen(canon));
    /* Only the first entry carries a canonical name, and only when asked for. */
    if (i > 0 || !(flags & AI_CANONNAME))
        FZ_CHECK(cl == 0);

    sx_addr a = 0;
    FZ_EXPECT_RC(sx_addrinfo_addr(l, i, &a), 0);
    int32_t af = -1;
    FZ_EXPECT_RC(sx_addr_family(a, &af), 0);
    FZ_CHECK(af == f);
    check_expected(a, f, e);
    fz_check_addr(a);
    check_nameinfo(a, ni_flags);
    FZ_EXPECT_RC(sx_addr_close(a), 0);
}

/* The list's length, checking every entry and the out-of-range index after the last. */
static uint32_t check_list(sx_list l, int32_t family, int32_t type, int32_t proto, int32_t flags, int32_t ni_flags,
                           const struct expect *e)
{
    uint32_t count = 0;
    FZ_EXPECT_RC(sx_list_count(l, &count), 0);
    FZ_CHECK(count >= 1 && count <= MAX_ENTRIES);
    for (uint32_t i = 0; i < count; i++)
        check_entry(l, i, family, type, proto, flags, ni_flags, e);
    sx_addr a = 0;
    FZ_EXPECT_RC(sx_addrinfo_addr(l, count, &a), SX_EOUTOFRANGE);
    FZ_EXPECT_RC(sx_addrinfo_entry(l, count, NULL, NULL, NULL), SX_EOUTOFRANGE);
    FZ_CHECK(a == 0);
    return count;
}

/* A failure must be a resolver answer, the library's own refusal of an argument, or an unknown
 * "%zone" (SX_ENOTFOUND, on every path: socketx/addr.h). It makes no handle: the out-parameter
 * is left as the caller set it (socketx/resolve.h promises nothing more). */
static void check_failure(int32_t rc, sx_list l)
{
    FZ_CHECK(l == 7);
    FZ_CHECK((rc <= SX_EAI_BADFLAGS && rc >= SX_EAI_IDN_ENCODE && rc != SX_EAI_SYSTEM) || rc == SX_EARG ||
             rc == SX_ENOTFOUND);
}

static void check_getnameinfo_host(const char *host, int32_t port, uint32_t flowinfo, uint32_t scope, int32_t flags)
{
    char h[NI_MAXHOST], s[NI_MAXSERV];
    size_t hl = 0, sl = 0;
    int32_t rc = sx_getnameinfo_host(host, port, flowinfo, scope, flags | NUMERIC_NI, h, sizeof h, &hl, s,
                                     sizeof s, &sl);
    if (flowinfo > 0xFFFFFu) {
        FZ_EXPECT_RC(rc, SX_EOUTOFRANGE);
        return;
    }
    if (rc) {
        FZ_CHECK((rc <= SX_EAI_BADFLAGS && rc >= SX_EAI_IDN_ENCODE) || rc == SX_EARG || rc == SX_ENOTFOUND);
        return;
    }
    FZ_CHECK(hl == strlen(h) && sl == strlen(s));
    /* The port text is formatted without a range check and glibc keeps its low 16 bits. */
    FZ_CHECK(port >= 0);
    char want[16];
    snprintf(want, sizeof want, "%u", (unsigned)port & 0xFFFFu);
    FZ_CHECK(strcmp(s, want) == 0);
    /* The host comes back numeric: the address part parses as IPv4 or IPv6. */
    char addr[NI_MAXHOST];
    memcpy(addr, h, hl + 1);
    char *percent = strchr(addr, '%');
    if (percent)
        *percent = '\0';
    unsigned char packed[16];
    FZ_CHECK(inet_pton(AF_INET, addr, packed) == 1 || inet_pton(AF_INET6, addr, packed) == 1);
    /* A zone comes back only from a scope: the explicit one, or the host's own "%zone"
     * (a scope_id of 0 takes the zone's index: the rule of abi/include/socketx/addr.h). */
    FZ_CHECK(!percent || scope != 0 || strchr(host, '%') != NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fz_input in = {data, size};
    char *host = fz_string(&in);
    char *port = fz_string(&in);
    int32_t family = pick(fz_u8(&in), families, sizeof families / sizeof families[0]);
    int32_t type = pick(fz_u8(&in), types, sizeof types / sizeof types[0]);
    int32_t proto = pick(fz_u8(&in), protos, sizeof protos / sizeof protos[0]);
    int32_t flags = (int32_t)fz_u32(&in) | NUMERIC_AI;
    int32_t ni_flags = (int32_t)fz_u32(&in);
    int32_t port_num = (int32_t)fz_u32(&in);
    uint32_t flowinfo = fz_u32(&in), scope = fz_u32(&in);
    uint8_t nulls = fz_u8(&in);
    /* Mostly flags glibc knows, so that the lookups get past its check. */
    if (!(nulls & 0x80)) {
        flags &= AI_PASSIVE | AI_CANONNAME | AI_NUMERICHOST | AI_V4MAPPED | AI_ALL | AI_ADDRCONFIG | AI_NUMERICSERV;
        ni_flags &= NI_NOFQDN | NI_NAMEREQD | NI_DGRAM;
        flowinfo &= 0xFFFFFu;
        scope &= 0x7u;
    }
    const char *h = (nulls & 1) ? NULL : host;
    const char *p = (nulls & 2) ? NULL : port;

    struct expect e;
    expect_from(&e, h, p);
    sx_list l = 7;
    int32_t rc = sx_getaddrinfo(h, p, family, type, proto, flags, &l);
    uint32_t count = 0;
    if (rc) {
        check_failure(rc, l);
    } else {
        count = check_list(l, family, type, proto, flags, ni_flags, &e);
        FZ_EXPECT_RC(sx_list_close(l), 0);
        FZ_EXPECT_RC(sx_list_count(l, &count), SX_EBADHANDLE);
        FZ_EXPECT_RC(sx_list_close(l), 0);
    }

    /* An integer port is its decimal text: the same answer as the text form. */
    char port_text[16];
    snprintf(port_text, sizeof port_text, "%d", (int)port_num);
    sx_list l1 = 7, l2 = 7;
    int32_t r1 = sx_getaddrinfo_port(h, port_num, family, type, proto, flags, &l1);
    int32_t r2 = sx_getaddrinfo(h, port_text, family, type, proto, flags, &l2);
    FZ_CHECK(r1 == r2);
    if (r1 == 0) {
        expect_from(&e, h, port_text);
        uint32_t c1 = check_list(l1, family, type, proto, flags, ni_flags, &e), c2 = 0;
        FZ_EXPECT_RC(sx_list_count(l2, &c2), 0);
        FZ_CHECK(c1 == c2);
        FZ_EXPECT_RC(sx_list_close(l1), 0);
        FZ_EXPECT_RC(sx_list_close(l2), 0);
    } else {
        check_failure(r1, l1);
        check_failure(r2, l2);
    }
    FZ_EXPECT_RC(sx_getaddrinfo(h, p, family, type, proto, flags, NULL), SX_EARG);

    check_getnameinfo_host(host, port_num, flowinfo, scope, ni_flags);
    free(host);
    free(port);
    return 0;
}
