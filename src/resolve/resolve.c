/* SPDX-License-Identifier: MIT */
/*
 * getaddrinfo and getnameinfo, as Python's socket.getaddrinfo and socket.getnameinfo call
 * them: hosts and ports passed through unchanged (NULL is None), integer ports formatted
 * without a range check, getnameinfo's host read as a numeric address only.
 */
#include "resolve.h"

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "addr.h"
#include "detail.h"
#include "handle.h"
#include "list.h"
#include "socketx/errors.h"
#include "socketx/resolve.h"
#include "strout.h"
#include "zone.h"

int32_t sxi_gai_status(int e, int os_errno, const char *what)
{
    /* Python turns EAI_SYSTEM into a plain OSError carrying errno. what may be the caller's
     * buffer, so the message is formatted now rather than by sxi_fail_errno's deferral. */
    if (e == EAI_SYSTEM && os_errno) {
        const char *text = strerrordesc_np(os_errno);
        return sxi_fail(-os_errno, "%s: %s", what, text ? text : "unknown error");
    }
    return sxi_fail(-1000 + e, "%s: %s", what, gai_strerror(e));
}

static int is_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80)
            return 0;
    return 1;
}

int32_t sxi_gai(const char *host, const char *port, const struct addrinfo *hints, struct addrinfo **res)
{
    struct addrinfo h = *hints;
    /*
     * A zone is read here, not by glibc, so that every path agrees with sx_addr_inet6: glibc
     * refuses zones on addresses that are not link-local and reports a zone it could not look
     * up (no descriptor left) as an unknown name.
     */
    const char *shown = host;
    char literal[INET6_ADDRSTRLEN];
    uint32_t zone = 0;
    if (host && (h.ai_family == AF_UNSPEC || h.ai_family == AF_INET6)) {
        int32_t z = sxi_zone_split(host, literal, &zone);
        if (z < 0)
            return z;
        if (z)
            host = literal;
    }
    /*
     * Python encodes a str host with IDNA. glibc's AI_IDN does that conversion but reads the
     * name in the thread's locale charset, which the host program may never have set: use
     * UTF-8, the library's string encoding, for this thread alone and only when needed.
     */
    locale_t utf8 = (locale_t)0, previous = (locale_t)0;
    if (host && !is_ascii(host)) {
        utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
        if (utf8) {
            previous = uselocale(utf8);
            h.ai_flags |= AI_IDN;
        }
    }
    errno = 0;
    int e = getaddrinfo(host, port, &h, res);
    int os_errno = errno;
    if (utf8) {
        uselocale(previous);
        freelocale(utf8);
    }
    if (e) {
        char what[200];
        snprintf(what, sizeof what, "getaddrinfo('%.80s', '%.40s')", shown ? shown : "(null)",
                 port ? port : "(null)");
        return sxi_gai_status(e, os_errno, what);
    }
    for (struct addrinfo *ai = *res; zone && ai; ai = ai->ai_next)
        if (ai->ai_family == AF_INET6 && ai->ai_addrlen >= sizeof(struct sockaddr_in6))
            ((struct sockaddr_in6 *)ai->ai_addr)->sin6_scope_id = zone;
    return 0;
}

int32_t sx_getaddrinfo(const char *host, const char *port, int32_t family, int32_t type, int32_t proto,
                       int32_t flags, sx_list *out)
{
    if (!out)
        return sxi_fail(SX_EARG, "sx_getaddrinfo: out is NULL");
    struct addrinfo hints = {.ai_flags = flags, .ai_family = family, .ai_socktype = type, .ai_protocol = proto};
    struct addrinfo *res = NULL;
    int32_t rc = sxi_gai(host, port, &hints, &res);
    if (rc)
        return rc;
    struct sxi_list *l = sxi_list_alloc(SXI_LIST_ADDRINFO);
    if (!l) {
        freeaddrinfo(res);
        return sxi_fail(SX_ENOMEM, "out of memory for the getaddrinfo results");
    }
    for (struct addrinfo *ai = res; ai && rc == 0; ai = ai->ai_next)
        rc = sxi_list_add(l, 0, ai->ai_family, ai->ai_socktype, ai->ai_protocol,
                          ai->ai_canonname ? ai->ai_canonname : "", ai->ai_addr, ai->ai_addrlen);
    freeaddrinfo(res);
    if (rc) {
        sxi_list_free(l);
        return rc;
    }
    return sxi_list_publish(l, out);
}

int32_t sx_getaddrinfo_port(const char *host, int64_t port, int32_t family, int32_t type, int32_t proto,
                            int32_t flags, sx_list *out)
{
    /*
     * glibc reads a numeric service with strtoul into an int: where long has 64 bits every int64
     * port arrives whole and keeps its low 32 bits (negative: EAI_SERVICE, else the low 16 bits
     * are the port), which is what Python gives. Where long has 32 bits strtoul saturates above
     * 2**32 and 2**32+80 would be EAI_SERVICE instead of 80: pass the 32 bits glibc keeps, which
     * both read alike.
     */
    char text[16];
    snprintf(text, sizeof text, "%" PRId32, (int32_t)(uint32_t)(uint64_t)port);
    return sx_getaddrinfo(host, text, family, type, proto, flags, out);
}

int32_t sx_addrinfo_entry(sx_list list, uint32_t index, int32_t *family_out, int32_t *type_out, int32_t *proto_out)
{
    const struct sxi_list_item *it;
    int32_t rc = sxi_list_item(list, SXI_LIST_ADDRINFO, 0, index, &it);
    if (rc)
        return rc;
    if (family_out)
        *family_out = it->n[0];
    if (type_out)
        *type_out = it->n[1];
    if (proto_out)
        *proto_out = it->n[2];
    sxi_handle_release(list);
    return 0;
}

int32_t sx_addrinfo_canonname(sx_list list, uint32_t index, char *buf, size_t cap, size_t *len_out)
{
    return sxi_list_get_str(list, SXI_LIST_ADDRINFO, 0, index, buf, cap, len_out);
}

int32_t sx_addrinfo_addr(sx_list list, uint32_t index, sx_addr *out)
{
    return sxi_list_get_addr(list, SXI_LIST_ADDRINFO, 0, index, out);
}

/*
 * Give a numeric IPv6 host the zone the text form shows: glibc appends one only to link-local
 * addresses and writes it as a number on the others, where sx_addr_to_string always shows it.
 */
static void zone_of_numeric_host(const struct sockaddr *sa, char host[NI_MAXHOST])
{
    uint32_t id = sa->sa_family == AF_INET6 ? ((const struct sockaddr_in6 *)sa)->sin6_scope_id : 0;
    if (!id)
        return;
    char *end = strchr(host, '%');
    if (!end)
        end = host + strlen(host);
    char saved = *end;
    *end = '\0';
    struct in6_addr ignored;
    /* A literal is at most 45 characters: the zone fits in NI_MAXHOST. */
    if (inet_pton(AF_INET6, host, &ignored) == 1)
        sxi_zone_text(id, end, SXI_ZONE_TEXT_CAP);
    else
        *end = saved; /* a name: no zone */
}

/* getnameinfo on a sockaddr, both strings out; both lengths are reported even when one truncates. */
static int32_t nameinfo(const struct sockaddr *sa, socklen_t len, int flags, char *host_buf, size_t host_cap,
                        size_t *host_len_out, char *serv_buf, size_t serv_cap, size_t *serv_len_out)
{
    if (!host_len_out || !serv_len_out)
        return sxi_fail(SX_EARG, "getnameinfo: host_len_out or serv_len_out is NULL");
    /* Both outputs are checked before either is written: a failure leaves both untouched. */
    if ((!host_buf && host_cap) || (!serv_buf && serv_cap))
        return sxi_fail(SX_EARG, "getnameinfo: host_buf or serv_buf is NULL with a nonzero capacity");
    char host[NI_MAXHOST], serv[NI_MAXSERV];
    errno = 0;
    int e = getnameinfo(sa, len, host, sizeof host, serv, sizeof serv, flags);
    if (e)
        return sxi_gai_status(e, errno, "getnameinfo");
    zone_of_numeric_host(sa, host);
    int32_t rh = sxi_copy_out(host, strlen(host), 1, host_buf, host_cap, host_len_out);
    int32_t rs = sxi_copy_out(serv, strlen(serv), 1, serv_buf, serv_cap, serv_len_out);
    return rh ? rh : rs;
}

int32_t sx_getnameinfo(sx_addr address, int32_t flags, char *host_buf, size_t host_cap, size_t *host_len_out,
                       char *serv_buf, size_t serv_cap, size_t *serv_len_out)
{
    const struct sxi_addr *a;
    int32_t rc = sxi_addr_acquire(address, &a);
    if (rc)
        return rc;
    if (a->u.sa.sa_family != AF_INET && a->u.sa.sa_family != AF_INET6)
        rc = sxi_fail(SX_EARG, "getnameinfo takes an AF_INET or AF_INET6 address, not family %d",
                      a->u.sa.sa_family);
    else
        rc = nameinfo(&a->u.sa, a->len, flags, host_buf, host_cap, host_len_out, serv_buf, serv_cap,
                      serv_len_out);
    sxi_handle_release(address);
    return rc;
}

#define FLOWINFO_MAX 0xFFFFFu

int32_t sx_getnameinfo_host(const char *host, int32_t port, uint32_t flowinfo, uint32_t scope_id, int32_t flags,
                            char *host_buf, size_t host_cap, size_t *host_len_out, char *serv_buf, size_t serv_cap,
                            size_t *serv_len_out)
{
    if (!host)
        return sxi_fail(SX_EARG, "sx_getnameinfo_host: host is NULL");
    if (flowinfo > FLOWINFO_MAX)
        return sxi_fail(SX_EOUTOFRANGE, "getnameinfo(): flowinfo must be 0-1048575.");
    /* CPython's socket_getnameinfo: a numeric-only, datagram lookup of the port text. */
    char port_text[16];
    snprintf(port_text, sizeof port_text, "%d", (int)port);
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_DGRAM, .ai_flags = AI_NUMERICHOST};
    struct addrinfo *res = NULL;
    int32_t rc = sxi_gai(host, port_text, &hints, &res);
    if (rc)
        return rc;
    struct sockaddr_storage ss;
    socklen_t len = res->ai_addrlen;
    if (res->ai_next)
        rc = sxi_fail(SX_EARG, "sockaddr resolved to multiple addresses");
    else if (res->ai_family == AF_INET && (flowinfo || scope_id))
        rc = sxi_fail(SX_EARG, "IPv4 sockaddr must be 2 tuple (flowinfo and scope_id are IPv6 only)");
    else if (len > sizeof ss)
        rc = sxi_fail(SX_EARG, "getnameinfo: unexpected address length %u", (unsigned)len);
    else
        memcpy(&ss, res->ai_addr, len);
    int family = res->ai_family;
    freeaddrinfo(res);
    if (rc)
        return rc;
    if (family == AF_INET6) {
        /* Unlike Python, which drops the text's zone for scope_id, the rule of sx_addr_inet6. */
        struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;
        in6->sin6_flowinfo = htonl(flowinfo);
        rc = sxi_zone_merge(host, in6->sin6_scope_id, scope_id, &in6->sin6_scope_id);
        if (rc)
            return rc;
    }
    return nameinfo((struct sockaddr *)&ss, len, flags, host_buf, host_cap, host_len_out, serv_buf, serv_cap,
                    serv_len_out);
}
