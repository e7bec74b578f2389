/* SPDX-License-Identifier: MIT */
/* Socket options: Python's getsockopt/setsockopt forms, including AF_VSOCK's 64-bit values. */
#include <errno.h>
#include <limits.h>
#include <sys/socket.h>

#include "detail.h"
#include "socket.h"
#include "socketx/errors.h"

#ifndef AF_VSOCK
#define AF_VSOCK 40
#endif

/* Python's limit for getsockopt(level, name, buflen). */
#define GETSOCKOPT_MAX_BUFLEN 1024

int32_t sx_socket_getsockopt_int(sx_socket h, int32_t level, int32_t optname, int64_t *value_out)
{
    struct sxi_socket *s;
    int32_t rc = sxi_socket_acquire_out(h, value_out, "sx_socket_getsockopt_int: value_out", &s);
    if (rc)
        return rc;
    if (s->family == AF_VSOCK) {
        uint64_t v = 0;
        socklen_t len = sizeof v;
        if (getsockopt(s->fd, level, optname, &v, &len) < 0)
            rc = sxi_fail_errno(errno, "getsockopt");
        else
            *value_out = (int64_t)v;
    } else {
        int v = 0;
        socklen_t len = sizeof v;
        if (getsockopt(s->fd, level, optname, &v, &len) < 0)
            rc = sxi_fail_errno(errno, "getsockopt");
        else
            *value_out = v;
    }
    sxi_handle_release(h);
    return rc;
}

int32_t sx_socket_getsockopt_bytes(sx_socket h, int32_t level, int32_t optname, void *buf, size_t cap,
                                   size_t *len_out)
{
    if (!len_out || !buf)
        return sxi_fail(SX_EARG, "sx_socket_getsockopt_bytes: NULL buffer or len_out");
    if (cap == 0 || cap > GETSOCKOPT_MAX_BUFLEN)
        return sxi_fail(SX_EARG, "getsockopt buflen out of range: %zu (1..%d)", cap, GETSOCKOPT_MAX_BUFLEN);
    struct sxi_socket *s;
    int32_t rc = sxi_socket_acquire(h, &s);
    if (rc)
        return rc;
    socklen_t len = (socklen_t)cap;
    if (s->family == AF_VSOCK)
        rc = sxi_fail(SX_EARG, "getsockopt string buffer not allowed on AF_VSOCK sockets");
    else if (getsockopt(s->fd, level, optname, buf, &len) < 0)
        rc = sxi_fail_errno(errno, "getsockopt");
    else
        *len_out = len;
    sxi_handle_release(h);
    return rc;
}

/* setsockopt with a prepared value; AF_VSOCK sockets take only 64-bit integers, as in Python. */
static int32_t set_option(sx_socket h, int32_t level, int32_t optname, const void *value, socklen_t len,
                          int is_int, int64_t int_value)
{
    struct sxi_socket *s;
    int32_t rc = sxi_socket_acquire(h, &s);
    if (rc)
        return rc;
    int r;
    if (s->family == AF_VSOCK) {
        uint64_t v = (uint64_t)int_value;
        if (!is_int)
            rc = sxi_fail(SX_EARG, "AF_VSOCK socket options take only integer values");
        else if (int_value < 0)
            rc = sxi_fail(SX_EOUTOFRANGE, "AF_VSOCK option value %lld is negative", (long long)int_value);
        else if ((r = setsockopt(s->fd, level, optname, &v, sizeof v)) < 0)
            rc = sxi_fail_errno(errno, "setsockopt");
    } else if (is_int) {
        int v = (int)int_value;
        if (int_value < INT_MIN || int_value > INT_MAX)
            rc = sxi_fail(SX_EOUTOFRANGE, "option value %lld does not fit a C int", (long long)int_value);
        else if (setsockopt(s->fd, level, optname, &v, sizeof v) < 0)
            rc = sxi_fail_errno(errno, "setsockopt");
    } else if (setsockopt(s->fd, level, optname, value, len) < 0) {
        rc = sxi_fail_errno(errno, "setsockopt");
    }
    sxi_handle_release(h);
    return rc;
}

int32_t sx_socket_setsockopt_int(sx_socket h, int32_t level, int32_t optname, int64_t value)
{
    return set_option(h, level, optname, NULL, 0, 1, value);
}

int32_t sx_socket_setsockopt_bytes(sx_socket h, int32_t level, int32_t optname, const void *value, size_t len)
{
    if (!value && len)
        return sxi_fail(SX_EARG, "sx_socket_setsockopt_bytes: value is NULL but len is %zu", len);
    if (len > INT_MAX)
        return sxi_fail(SX_EARG, "option value of %zu bytes is too long", len);
    static const char empty;
    return set_option(h, level, optname, value ? value : &empty, (socklen_t)len, 0, 0);
}

int32_t sx_socket_setsockopt_null(sx_socket h, int32_t level, int32_t optname, uint32_t optlen)
{
    return set_option(h, level, optname, NULL, optlen, 0, 0);
}
