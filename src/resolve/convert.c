/* SPDX-License-Identifier: MIT */
/*
 * Byte-order and address-text conversions, as Python's socketmodule.c does them: the
 * same range checks (OverflowError -> SX_EOUTOFRANGE) and the same split between
 * OSError-style failures of the parsers and ValueError-style misuse of inet_ntop.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <stdint.h>
#include <sys/socket.h>

#include "detail.h"
#include "socketx/convert.h"
#include "socketx/errors.h"
#include "strout.h"

/* Python checks the value against the C type's range before converting. */
static int32_t check_range(int64_t x, int64_t max, const char *fn, uint32_t *out)
{
    if (!out)
        return sxi_fail(SX_EARG, "%s: out is NULL", fn);
    if (x < 0 || x > max)
        return sxi_fail(SX_EOUTOFRANGE, "%s: value %lld out of range 0-%lld", fn, (long long)x,
                        (long long)max);
    return 0;
}

int32_t sx_ntohl(int64_t x, uint32_t *out)
{
    int32_t rc = check_range(x, UINT32_MAX, "ntohl", out);
    if (rc == 0)
        *out = ntohl((uint32_t)x);
    return rc;
}

int32_t sx_htonl(int64_t x, uint32_t *out)
{
    int32_t rc = check_range(x, UINT32_MAX, "htonl", out);
    if (rc == 0)
        *out = htonl((uint32_t)x);
    return rc;
}

int32_t sx_ntohs(int64_t x, uint32_t *out)
{
    int32_t rc = check_range(x, UINT16_MAX, "ntohs", out);
    if (rc == 0)
        *out = ntohs((uint16_t)x);
    return rc;
}

int32_t sx_htons(int64_t x, uint32_t *out)
{
    int32_t rc = check_range(x, UINT16_MAX, "htons", out);
    if (rc == 0)
        *out = htons((uint16_t)x);
    return rc;
}

int32_t sx_inet_aton(const char *ip, void *buf, size_t cap, size_t *len_out)
{
    if (!ip)
        return sxi_fail(SX_EARG, "inet_aton: ip is NULL");
    if (!len_out)
        return sxi_fail(SX_EARG, "inet_aton: len_out is NULL");
    /* glibc's inet_aton is the BSD parser Python calls: its permissive forms are the spec. */
    struct in_addr a;
    if (!inet_aton(ip, &a))
        return sxi_fail(SX_EARG, "illegal IP address string passed to inet_aton");
    return sxi_copy_out(&a, sizeof a, 0, buf, cap, len_out);
}

int32_t sx_inet_ntoa(const void *packed, size_t len, char *buf, size_t cap, size_t *len_out)
{
    if (!packed && len)
        return sxi_fail(SX_EARG, "inet_ntoa: packed is NULL");
    if (len != 4)
        return sxi_fail(SX_EARG, "packed IP wrong length for inet_ntoa: %zu bytes, 4 needed", len);
    char text[INET_ADDRSTRLEN];
    /* inet_ntop, not inet_ntoa: the latter returns a static buffer shared by all threads. */
    if (!inet_ntop(AF_INET, packed, text, sizeof text))
        return sxi_fail_errno(errno, "inet_ntop");
    return sxi_copy_out(text, strlen(text), 1, buf, cap, len_out);
}

int32_t sx_inet_pton(int32_t family, const char *ip, void *buf, size_t cap, size_t *len_out)
{
    if (!ip)
        return sxi_fail(SX_EARG, "inet_pton: ip is NULL");
    if (!len_out)
        return sxi_fail(SX_EARG, "inet_pton: len_out is NULL");
    size_t size;
    if (family == AF_INET)
        size = sizeof(struct in_addr);
    else if (family == AF_INET6)
        size = sizeof(struct in6_addr);
    else
        /* Python lets the C inet_pton decide, which fails with EAFNOSUPPORT. */
        return sxi_fail(SX_EAFNOSUPPORT, "inet_pton: address family %d not supported", (int)family);
    unsigned char packed[sizeof(struct in6_addr)];
    if (inet_pton(family, ip, packed) != 1)
        return sxi_fail(SX_EARG, "illegal IP address string passed to inet_pton");
    return sxi_copy_out(packed, size, 0, buf, cap, len_out);
}

int32_t sx_inet_ntop(int32_t family, const void *packed, size_t len, char *buf, size_t cap, size_t *len_out)
{
    if (!packed && len)
        return sxi_fail(SX_EARG, "inet_ntop: packed is NULL");
    size_t want;
    if (family == AF_INET)
        want = sizeof(struct in_addr);
    else if (family == AF_INET6)
        want = sizeof(struct in6_addr);
    else
        return sxi_fail(SX_EARG, "unknown address family %d", (int)family);
    if (len != want)
        return sxi_fail(SX_EARG, "invalid length of packed IP address string: %zu bytes, %zu needed", len, want);
    char text[INET6_ADDRSTRLEN];
    if (!inet_ntop(family, packed, text, sizeof text))
        return sxi_fail_errno(errno, "inet_ntop");
    return sxi_copy_out(text, strlen(text), 1, buf, cap, len_out);
}

/* Python's limit: the result must fit a socklen_t, whose positive range is that of an int here. */
#define SOCKLEN_LIMIT INT32_MAX

int32_t sx_cmsg_len(int64_t length, int64_t *out)
{
    if (!out)
        return sxi_fail(SX_EARG, "CMSG_LEN: out is NULL");
    if (length < 0 || length > (int64_t)(SOCKLEN_LIMIT - CMSG_LEN(0)))
        return sxi_fail(SX_EOUTOFRANGE, "CMSG_LEN() argument out of range: %lld", (long long)length);
    *out = (int64_t)CMSG_LEN((size_t)length);
    return 0;
}

int32_t sx_cmsg_space(int64_t length, int64_t *out)
{
    if (!out)
        return sxi_fail(SX_EARG, "CMSG_SPACE: out is NULL");
    /* CPython's bound: the padding added to a 1-byte item is the most any length can get. */
    if (length < 0 || length > (int64_t)(SOCKLEN_LIMIT - CMSG_SPACE(1)))
        return sxi_fail(SX_EOUTOFRANGE, "CMSG_SPACE() argument out of range: %lld", (long long)length);
    *out = (int64_t)CMSG_SPACE((size_t)length);
    return 0;
}
