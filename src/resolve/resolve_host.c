/* SPDX-License-Identifier: MIT */
/*
 * The host database: gethostbyname, gethostbyname_ex, gethostbyaddr, getfqdn, and the
 * host name. Python resolves the argument with setipaddr (getaddrinfo) before it calls the
 * gethostby*_r function, so an unknown name is an SX_EAI_* error and SX_EHOST_* appears only
 * when that first step succeeded; the order is kept here.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <string.h>
#include <unistd.h>

#include "addr.h"
#include "alloc.h"
#include "detail.h"
#include "handle.h"
#include "list.h"
#include "resolve.h"
#include "socketx/addr.h"
#include "socketx/errors.h"
#include "socketx/resolve.h"
#include "strout.h"

/* Sections of a host entry list. */
enum { HOST_NAME = 0, HOST_ALIAS = 1, HOST_ADDR = 2 };

int32_t sx_gethostbyname(const char *name, char *buf, size_t cap, size_t *len_out)
{
    if (!name)
        return sxi_fail(SX_EARG, "sx_gethostbyname: name is NULL");
    if (!len_out)
        return sxi_fail(SX_EARG, "sx_gethostbyname: len_out is NULL");
    /* sx_addr_inet reads the host exactly as Python's setipaddr(AF_INET) does. */
    sx_addr a = 0;
    int32_t rc = sx_addr_inet(name, 0, &a);
    if (rc)
        return rc;
    char text[INET_ADDRSTRLEN];
    size_t len = 0;
    rc = sx_addr_host(a, text, sizeof text, &len);
    sx_addr_close(a);
    if (rc)
        return rc;
    return sxi_copy_out(text, len, 1, buf, cap, len_out);
}

/* setipaddr(name, AF_UNSPEC), as gethostbyaddr uses it: the address to look up. */
static int32_t setipaddr_any(const char *name, struct sockaddr_storage *ss)
{
    memset(ss, 0, sizeof *ss);
    struct addrinfo *res = NULL;
    int32_t rc;
    if (name[0] == '\0') {
        struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_DGRAM, .ai_flags = AI_PASSIVE};
        rc = sxi_gai(NULL, "0", &hints, &res);
        if (rc)
            return rc;
        if (res->ai_next) {
            freeaddrinfo(res);
            return sxi_fail(SX_EARG, "wildcard resolved to multiple address");
        }
    } else if (strcmp(name, "<broadcast>") == 0 || strcmp(name, "255.255.255.255") == 0) {
        struct sockaddr_in *in = (struct sockaddr_in *)ss;
        in->sin_family = AF_INET;
        in->sin_addr.s_addr = htonl(INADDR_BROADCAST);
        return 0;
    } else {
        struct sockaddr_in *in = (struct sockaddr_in *)ss;
        struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
        if (inet_pton(AF_INET, name, &in->sin_addr) == 1) {
            in->sin_family = AF_INET;
            return 0;
        }
        if (inet_pton(AF_INET6, name, &in6->sin6_addr) == 1) {
            in6->sin6_family = AF_INET6;
            return 0;
        }
        struct addrinfo hints = {.ai_family = AF_UNSPEC};
        rc = sxi_gai(name, NULL, &hints, &res);
        if (rc)
            return rc;
    }
    if (res->ai_addrlen <= sizeof *ss)
        memcpy(ss, res->ai_addr, res->ai_addrlen);
    freeaddrinfo(res);
    return 0;
}

/* The status for a gethostby*_r failure: h_errno as SX_EHOST_*, NETDB_INTERNAL as errno. */
static int32_t herror_status(int herr, int os_errno, const char *what)
{
    if (herr == NETDB_INTERNAL && os_errno)
        return sxi_fail_errno(os_errno, what);
    if (herr <= 0)
        herr = HOST_NOT_FOUND;
    return sxi_fail(-1200 - herr, "%s: %s", what, hstrerror(herr));
}

/* Python's gethost_common: name, aliases, then the addresses of the entry's family as text. */
static int32_t publish_hostent(const struct hostent *h, sx_list *out)
{
    struct sxi_list *l = sxi_list_alloc(SXI_LIST_HOSTENT);
    if (!l)
        return sxi_fail(SX_ENOMEM, "out of memory for a host entry");
    int32_t rc = sxi_list_add(l, HOST_NAME, 0, 0, 0, h->h_name ? h->h_name : "", NULL, 0);
    for (char **p = h->h_aliases; rc == 0 && p && *p; p++)
        rc = sxi_list_add(l, HOST_ALIAS, 0, 0, 0, *p, NULL, 0);
    for (char **p = h->h_addr_list; rc == 0 && p && *p; p++) {
        char text[INET6_ADDRSTRLEN];
        if (!inet_ntop(h->h_addrtype, *p, text, sizeof text))
            continue; /* a family Python cannot show: it skips it too */
        rc = sxi_list_add(l, HOST_ADDR, h->h_addrtype, 0, 0, text, NULL, 0);
    }
    if (rc) {
        sxi_list_free(l);
        return rc;
    }
    return sxi_list_publish(l, out);
}

/*
 * Call a gethostby*_r function with a growing buffer: glibc reports ERANGE when the entry
 * does not fit, and the buffer is ours, so no static storage is shared between threads.
 */
enum { BY_NAME, BY_ADDR };
static int32_t lookup(int how, const char *name, const void *addr, socklen_t addr_len, int af, sx_list *out)
{
    size_t size = 8192;
    for (int tries = 0; tries < 8; tries++, size *= 2) {
        char *buf = sxi_alloc(size);
        if (!buf)
            return sxi_fail(SX_ENOMEM, "out of memory for a host lookup");
        struct hostent he, *result = NULL;
        int herr = 0;
        errno = 0;
        int r = how == BY_NAME ? gethostbyname_r(name, &he, buf, size, &result, &herr)
                               : gethostbyaddr_r(addr, addr_len, af, &he, buf, size, &result, &herr);
        int os_errno = errno;
        int32_t rc;
        if (r == ERANGE) {
            sxi_free(buf);
            continue;
        }
        if (result)
            rc = publish_hostent(result, out);
        else
            rc = herror_status(herr, r ? r : os_errno, how == BY_NAME ? "gethostbyname_r" : "gethostbyaddr_r");
        sxi_free(buf);
        return rc;
    }
    return sxi_fail(SX_ENOMEM, "host entry too large");
}

int32_t sx_gethostbyname_ex(const char *name, sx_list *out)
{
    if (!name || !out)
        return sxi_fail(SX_EARG, "sx_gethostbyname_ex: NULL argument");
    /* The setipaddr(AF_INET) pre-check: its failures are gaierrors in Python. */
    sx_addr a = 0;
    int32_t rc = sx_addr_inet(name, 0, &a);
    if (rc)
        return rc;
    sx_addr_close(a);
    return lookup(BY_NAME, name, NULL, 0, AF_INET, out);
}

int32_t sx_gethostbyaddr(const char *ip, sx_list *out)
{
    if (!ip || !out)
        return sxi_fail(SX_EARG, "sx_gethostbyaddr: NULL argument");
    struct sockaddr_storage ss;
    int32_t rc = setipaddr_any(ip, &ss);
    if (rc)
        return rc;
    if (ss.ss_family == AF_INET)
        return lookup(BY_ADDR, NULL, &((struct sockaddr_in *)&ss)->sin_addr, sizeof(struct in_addr), AF_INET,
                      out);
    if (ss.ss_family == AF_INET6)
        return lookup(BY_ADDR, NULL, &((struct sockaddr_in6 *)&ss)->sin6_addr, sizeof(struct in6_addr), AF_INET6,
                      out);
    return sxi_fail(SX_EAFNOSUPPORT, "gethostbyaddr: unsupported address family %d", ss.ss_family);
}

int32_t sx_hostent_name(sx_list list, char *buf, size_t cap, size_t *len_out)
{
    return sxi_list_get_str(list, SXI_LIST_HOSTENT, HOST_NAME, 0, buf, cap, len_out);
}

int32_t sx_hostent_alias_count(sx_list list, uint32_t *count_out)
{
    return sxi_list_section_count(list, SXI_LIST_HOSTENT, HOST_ALIAS, count_out);
}

int32_t sx_hostent_alias(sx_list list, uint32_t index, char *buf, size_t cap, size_t *len_out)
{
    return sxi_list_get_str(list, SXI_LIST_HOSTENT, HOST_ALIAS, index, buf, cap, len_out);
}

int32_t sx_hostent_addr(sx_list list, uint32_t index, char *buf, size_t cap, size_t *len_out)
{
    return sxi_list_get_str(list, SXI_LIST_HOSTENT, HOST_ADDR, index, buf, cap, len_out);
}

/* Python's gethostname uses a 1024-byte buffer; the kernel's limit is 64. */
#define HOSTNAME_BUF 1024

int32_t sx_gethostname(char *buf, size_t cap, size_t *len_out)
{
    if (!len_out)
        return sxi_fail(SX_EARG, "sx_gethostname: len_out is NULL");
    char name[HOSTNAME_BUF];
    if (gethostname(name, sizeof name - 1) != 0)
        return sxi_fail_errno(errno, "gethostname");
    name[sizeof name - 1] = '\0';
    return sxi_copy_out(name, strlen(name), 1, buf, cap, len_out);
}

int32_t sx_sethostname(const char *name)
{
    if (!name)
        return sxi_fail(SX_EARG, "sx_sethostname: name is NULL");
    if (sethostname(name, strlen(name)) != 0)
        return sxi_fail_errno(errno, "sethostname");
    return 0;
}

/* The characters Python's str.strip() removes that can appear in ASCII text. */
static int is_py_space(unsigned char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f);
}

int32_t sx_getfqdn(const char *name, char *buf, size_t cap, size_t *len_out)
{
    if (!len_out)
        return sxi_fail(SX_EARG, "sx_getfqdn: len_out is NULL");
    if (!name)
        name = "";
    while (is_py_space((unsigned char)*name))
        name++;
    size_t n = strlen(name);
    while (n && is_py_space((unsigned char)name[n - 1]))
        n--;
    char host[HOSTNAME_BUF];
    if (n >= sizeof host)
        n = sizeof host - 1; /* no host name is that long: the lookup fails either way */
    memcpy(host, name, n);
    host[n] = '\0';
    if (n == 0 || strcmp(host, "0.0.0.0") == 0 || strcmp(host, "::") == 0) {
        size_t len;
        int32_t rc = sx_gethostname(host, sizeof host, &len);
        if (rc)
            return rc;
    }
    sx_list he = 0;
    int32_t rc = sx_gethostbyaddr(host, &he);
    /* Python swallows the lookup's errors (OSError) here, but not a MemoryError. */
    if (rc == SX_ENOMEM || rc == SX_ENOHANDLES)
        return rc;
    if (rc != 0)
        return sxi_copy_out(host, strlen(host), 1, buf, cap, len_out);
    const struct sxi_list_item *it;
    char best[HOSTNAME_BUF] = "";
    uint32_t aliases = 0;
    sx_hostent_alias_count(he, &aliases);
    /* [hostname] + aliases: the first containing a '.', else the hostname. */
    for (uint32_t i = 0; i <= aliases && !best[0]; i++) {
        if (sxi_list_item(he, SXI_LIST_HOSTENT, i == 0 ? HOST_NAME : HOST_ALIAS, i == 0 ? 0 : i - 1, &it) != 0)
            continue;
        if (it->str && strchr(it->str, '.') && it->str_len < sizeof best)
            memcpy(best, it->str, it->str_len + 1);
        sxi_handle_release(he);
    }
    if (!best[0] && sxi_list_item(he, SXI_LIST_HOSTENT, HOST_NAME, 0, &it) == 0) {
        if (it->str && it->str_len < sizeof best)
            memcpy(best, it->str, it->str_len + 1);
        sxi_handle_release(he);
    }
    sx_list_close(he);
    return sxi_copy_out(best, strlen(best), 1, buf, cap, len_out);
}
