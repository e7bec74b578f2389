/* SPDX-License-Identifier: MIT */
/*
 * The fuzzers' guard against the network: it mirrors the order in which the INET and INET6
 * constructors read a host (src/family/inet.c) up to the point where they would call the
 * resolver, and lets a host through that point only when glibc parses it as a number.
 */
#include "numeric_host.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <string.h>
#include <sys/socket.h>

static int numeric_by_getaddrinfo(const char *host, int family)
{
    struct addrinfo hints = {.ai_family = family, .ai_flags = AI_NUMERICHOST};
    struct addrinfo *res = NULL;
    if (getaddrinfo(host, NULL, &hints, &res) != 0)
        return 0;
    freeaddrinfo(res);
    return 1;
}

/* "literal%scope": the constructor stops at the scope lookup, with a result or an error. */
static int scoped_literal(const char *host)
{
    const char *percent = strchr(host, '%');
    if (!percent)
        return 0;
    char literal[INET6_ADDRSTRLEN];
    size_t n = (size_t)(percent - host);
    if (n >= sizeof literal)
        return 0;
    memcpy(literal, host, n);
    literal[n] = '\0';
    struct in6_addr a;
    return inet_pton(AF_INET6, literal, &a) == 1;
}

int fz_host_is_numeric(const char *host, int family)
{
    if (host[0] == '\0' || strcmp(host, "<broadcast>") == 0 || strcmp(host, "255.255.255.255") == 0)
        return 1;
    unsigned char buf[sizeof(struct in6_addr)];
    if (inet_pton(family, host, buf) == 1)
        return 1;
    if (family == AF_INET6 && scoped_literal(host))
        return 1;
    return numeric_by_getaddrinfo(host, family);
}
