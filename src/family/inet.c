/* SPDX-License-Identifier: MIT */
/*
 * AF_INET and AF_INET6 addresses: constructors that read the host as Python's setipaddr
 * does, the field accessors, and the "host:port" text forms.
 *
 * setipaddr's order is kept: '' is the wildcard, '<broadcast>' and '255.255.255.255' the
 * IPv4 broadcast address, then a strict inet_pton literal, and only then getaddrinfo,
 * whose first result wins. That last step is what accepts names and the legacy IPv4
 * forms ('127.1', '0x7f.1') and what reports failures as SX_EAI_* codes.
 */
#include "addr.h"

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>

#include "addr_family.h"
#include "detail.h"
#include "family.h"
#include "handle.h"
#include "resolve.h"
#include "socketx/errors.h"
#include "strout.h"
#include "text_scan.h"
#include "zone.h"

#define PORT_MAX 65535
#define FLOWINFO_MAX 0xFFFFFu

/*
 * setipaddr's last step: getaddrinfo(host, NULL, family) with Python's IDNA handling,
 * copying the first result's sockaddr (addr_len bytes) to addr.
 */
static int32_t resolve(const char *host, int family, void *addr, size_t addr_len)
{
    struct addrinfo hints = {.ai_family = family};
    struct addrinfo *res = NULL;
    int32_t rc = sxi_gai(host, NULL, &hints, &res);
    if (rc)
        return rc;
    if (res->ai_family != family || res->ai_addrlen < addr_len)
        rc = sxi_fail(SX_EAI_ADDRFAMILY, "'%.120s' resolved to an address of family %d", host, res->ai_family);
    else
        memcpy(addr, res->ai_addr, addr_len);
    freeaddrinfo(res);
    return rc;
}

static int is_broadcast(const char *host)
{
    return strcmp(host, "<broadcast>") == 0 || strcmp(host, "255.255.255.255") == 0;
}

int32_t sx_addr_inet(const char *host, int32_t port, sx_addr *out)
{
    if (!out)
        return sxi_fail(SX_EARG, "sx_addr_inet: out is NULL");
    *out = 0;
    if (!host)
        return sxi_fail(SX_EARG, "sx_addr_inet: host is NULL");
    /* Python checks the port after resolving; checking first spares a lookup that would be thrown away. */
    if (port < 0 || port > PORT_MAX)
        return sxi_fail(SX_EOUTOFRANGE, "port must be 0-65535, not %d", (int)port);
    struct sockaddr_in sin;
    memset(&sin, 0, sizeof sin);
    if (host[0] == '\0') {
        /* What setipaddr's getaddrinfo(NULL, "0", AI_PASSIVE) gives, without asking. */
        sin.sin_addr.s_addr = htonl(INADDR_ANY);
    } else if (is_broadcast(host)) {
        sin.sin_addr.s_addr = htonl(INADDR_BROADCAST);
    } else if (inet_pton(AF_INET, host, &sin.sin_addr) != 1) {
        int32_t rc = resolve(host, AF_INET, &sin, sizeof sin);
        if (rc)
            return rc;
    }
    sin.sin_family = AF_INET;
    sin.sin_port = htons((uint16_t)port);
    return sxi_addr_new(&sin, sizeof sin, out);
}

int32_t sx_addr_inet6(const char *host, int32_t port, uint32_t flowinfo, uint32_t scope_id, sx_addr *out)
{
    if (!out)
        return sxi_fail(SX_EARG, "sx_addr_inet6: out is NULL");
    *out = 0;
    if (!host)
        return sxi_fail(SX_EARG, "sx_addr_inet6: host is NULL");
    if (port < 0 || port > PORT_MAX)
        return sxi_fail(SX_EOUTOFRANGE, "port must be 0-65535, not %d", (int)port);
    if (flowinfo > FLOWINFO_MAX)
        return sxi_fail(SX_EOUTOFRANGE, "flowinfo must be 0-1048575, not %lu", (unsigned long)flowinfo);
    struct sockaddr_in6 sin6;
    memset(&sin6, 0, sizeof sin6);
    if (host[0] == '\0') {
        sin6.sin6_addr = in6addr_any;
    } else if (is_broadcast(host)) {
        return sxi_fail(SX_EARG, "address family mismatched: '%s' is the IPv4 broadcast address", host);
    } else if (inet_pton(AF_INET6, host, &sin6.sin6_addr) != 1) {
        /* Names and "literal%zone" (sxi_gai reads the zone as every path does). */
        int32_t rc = resolve(host, AF_INET6, &sin6, sizeof sin6);
        if (rc)
            return rc;
    }
    /* CPython drops the host's zone for the tuple's scope_id; keeping it is what the caller meant. */
    int32_t rc = sxi_zone_merge(host, sin6.sin6_scope_id, scope_id, &sin6.sin6_scope_id);
    if (rc)
        return rc;
    sin6.sin6_family = AF_INET6;
    sin6.sin6_port = htons((uint16_t)port);
    sin6.sin6_flowinfo = htonl(flowinfo);
    return sxi_addr_new(&sin6, sizeof sin6, out);
}

static int is_inet4(const struct sxi_addr *a)
{
    return a->u.sa.sa_family == AF_INET && a->len >= sizeof(struct sockaddr_in);
}

static int is_inet6(const struct sxi_addr *a)
{
    return a->u.sa.sa_family == AF_INET6 && a->len >= sizeof(struct sockaddr_in6);
}

/* Borrow h as a complete AF_INET6 address or, unless v6_only, AF_INET; release with sxi_handle_release(h). */
static int32_t acquire_inet(sx_addr h, int v6_only, const char *caller, const struct sxi_addr **out)
{
    int32_t rc = sxi_addr_acquire(h, out);
    if (rc)
        return rc;
    if (is_inet6(*out) || (!v6_only && is_inet4(*out)))
        return 0;
    unsigned family = (*out)->u.sa.sa_family, len = (*out)->len;
    sxi_handle_release(h);
    return sxi_fail(SX_EARG, "%s: not an %s address (family %u, %u bytes)", caller,
                    v6_only ? "AF_INET6" : "AF_INET or AF_INET6", family, len);
}

/* The numeric host of a complete INET or INET6 address, without a scope. */
static void host_text(const struct sxi_addr *a, char host[INET6_ADDRSTRLEN])
{
    if (a->u.sa.sa_family == AF_INET)
        inet_ntop(AF_INET, &a->u.in.sin_addr, host, INET6_ADDRSTRLEN);
    else
        inet_ntop(AF_INET6, &a->u.in6.sin6_addr, host, INET6_ADDRSTRLEN);
}

int32_t sx_addr_host(sx_addr h, char *buf, size_t cap, size_t *len_out)
{
    if (!len_out)
        return sxi_fail(SX_EARG, "sx_addr_host: len_out is NULL");
    const struct sxi_addr *a;
    int32_t rc = acquire_inet(h, 0, "sx_addr_host", &a);
    if (rc)
        return rc;
    char host[INET6_ADDRSTRLEN];
    host_text(a, host);
    rc = sxi_copy_out(host, strlen(host), 1, buf, cap, len_out);
    sxi_handle_release(h);
    return rc;
}

int32_t sx_addr_port(sx_addr h, int32_t *port_out)
{
    if (!port_out)
        return sxi_fail(SX_EARG, "sx_addr_port: port_out is NULL");
    const struct sxi_addr *a;
    int32_t rc = acquire_inet(h, 0, "sx_addr_port", &a);
    if (rc)
        return rc;
    *port_out = ntohs(a->u.sa.sa_family == AF_INET ? a->u.in.sin_port : a->u.in6.sin6_port);
    sxi_handle_release(h);
    return 0;
}

int32_t sx_addr_flowinfo(sx_addr h, uint32_t *flowinfo_out)
{
    if (!flowinfo_out)
        return sxi_fail(SX_EARG, "sx_addr_flowinfo: flowinfo_out is NULL");
    const struct sxi_addr *a;
    int32_t rc = acquire_inet(h, 1, "sx_addr_flowinfo", &a);
    if (rc)
        return rc;
    *flowinfo_out = ntohl(a->u.in6.sin6_flowinfo);
    sxi_handle_release(h);
    return 0;
}

int32_t sx_addr_scope_id(sx_addr h, uint32_t *scope_id_out)
{
    if (!scope_id_out)
        return sxi_fail(SX_EARG, "sx_addr_scope_id: scope_id_out is NULL");
    const struct sxi_addr *a;
    int32_t rc = acquire_inet(h, 1, "sx_addr_scope_id", &a);
    if (rc)
        return rc;
    *scope_id_out = a->u.in6.sin6_scope_id;
    sxi_handle_release(h);
    return 0;
}

static size_t inet_text(const struct sxi_addr *a, char *text)
{
    char host[INET6_ADDRSTRLEN];
    if (is_inet4(a)) {
        host_text(a, host);
        return (size_t)snprintf(text, SXI_ADDR_TEXT_CAP, "%s:%u", host, (unsigned)ntohs(a->u.in.sin_port));
    }
    if (!is_inet6(a))
        return 0;
    host_text(a, host);
    char scope[SXI_ZONE_TEXT_CAP] = "";
    if (a->u.in6.sin6_scope_id)
        sxi_zone_text(a->u.in6.sin6_scope_id, scope, sizeof scope);
    return (size_t)snprintf(text, SXI_ADDR_TEXT_CAP, "[%s%s]:%u", host, scope, (unsigned)ntohs(a->u.in6.sin6_port));
}

static int text_form(const struct sxi_addr *a, char *text, size_t *len)
{
    *len = inet_text(a, text);
    return *len ? 0 : -1; /* too short for its struct: the raw form */
}

/* Room for a zoned IPv6 host: the literal, '%' and an interface name or a 10-digit index. */
#define HOST_TEXT_CAP (INET6_ADDRSTRLEN + IF_NAMESIZE + 1)

/* Read ":<port>" and the end of the text. */
static int32_t scan_port(struct sxi_scan *sc, uint16_t *port)
{
    uint64_t v = 0;
    int32_t rc = sxi_scan_char(sc, ':');
    if (!rc)
        rc = sxi_scan_uint(sc, PORT_MAX, "port", &v);
    if (!rc)
        rc = sxi_scan_end(sc);
    *port = (uint16_t)v;
    return rc;
}

/* "a.b.c.d:port": a strict dotted quad, never a name, so that reading text never blocks. */
static int32_t parse_inet(const char *text, sx_addr *out)
{
    struct sxi_scan sc;
    sxi_scan_init(&sc, text, "<a.b.c.d>:<port>");
    char host[INET_ADDRSTRLEN];
    uint16_t port;
    int32_t rc = sxi_scan_word(&sc, ":", host, sizeof host, "host");
    if (!rc)
        rc = scan_port(&sc, &port);
    if (rc)
        return rc;
    struct sockaddr_in sin;
    memset(&sin, 0, sizeof sin);
    if (inet_pton(AF_INET, host, &sin.sin_addr) != 1)
        return sxi_fail(SX_EARG, "'%.80s': host '%s' is not a dotted-quad IPv4 address (names are not resolved here)",
                        text, host);
    sin.sin_family = AF_INET;
    sin.sin_port = htons(port);
    return sxi_addr_new(&sin, sizeof sin, out);
}

/* "[literal%zone]:port": an IPv6 literal, its zone by the one rule of zone.h. */
static int32_t parse_inet6(const char *text, sx_addr *out)
{
    struct sxi_scan sc;
    sxi_scan_init(&sc, text, "[<ipv6>%<zone>]:<port>");
    char host[HOST_TEXT_CAP];
    uint16_t port;
    int32_t rc = sxi_scan_char(&sc, '[');
    if (!rc)
        rc = sxi_scan_word(&sc, "]", host, sizeof host, "host");
    if (!rc)
        rc = sxi_scan_char(&sc, ']');
    if (!rc)
        rc = scan_port(&sc, &port);
    if (rc)
        return rc;
    struct sockaddr_in6 sin6;
    memset(&sin6, 0, sizeof sin6);
    char literal[INET6_ADDRSTRLEN];
    uint32_t scope = 0;
    rc = sxi_zone_split(host, literal, &scope);
    if (rc < 0)
        return rc;
    if (inet_pton(AF_INET6, rc == 1 ? literal : host, &sin6.sin6_addr) != 1)
        return sxi_fail(SX_EARG, "'%.80s': host '%s' is not an IPv6 literal (names are not resolved here)", text,
                        host);
    sin6.sin6_family = AF_INET6;
    sin6.sin6_port = htons(port);
    sin6.sin6_scope_id = scope;
    return sxi_addr_new(&sin6, sizeof sin6, out);
}

const struct sxi_family sxi_family_inet = {
    .af = AF_INET,
    .name = "inet",
    .af_name = "AF_INET",
    .min_len = sizeof(struct sockaddr_in),
    .socket_takes = AF_INET,
    .text = text_form,
    .parse = parse_inet,
};

const struct sxi_family sxi_family_inet6 = {
    .af = AF_INET6,
    .name = "inet6",
    .af_name = "AF_INET6",
    .min_len = sizeof(struct sockaddr_in6),
    .socket_takes = AF_INET6,
    .text = text_form,
    .parse = parse_inet6,
};
