/* SPDX-License-Identifier: MIT */
/*
 * create_connection: Python's algorithm (socket.py) over the library's own socket calls,
 * so each attempt gets exactly the timeout, bind and connect semantics of a socket handle.
 */
#include "connect.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "addr.h"
#include "detail.h"
#include "resolve.h"
#include "socket.h"
#include "socketx/addr.h"
#include "socketx/connect.h"
#include "socketx/errors.h"
#include "socketx/socket.h"

/* One sequential attempt on one address: socket, timeout, bind, connect. */
static int32_t attempt(const struct addrinfo *ai, double timeout, sx_addr source, sx_socket *out)
{
    sx_addr target = 0;
    struct sockaddr_storage ss = {0};
    memcpy(&ss, ai->ai_addr, ai->ai_addrlen <= sizeof ss ? ai->ai_addrlen : sizeof ss);
    int32_t rc = sxi_addr_from_kernel(&ss, ai->ai_addrlen, ai->ai_protocol, &target);
    if (rc)
        return rc;
    sx_socket s = 0;
    rc = sx_socket_open(ai->ai_family, ai->ai_socktype, ai->ai_protocol, &s);
    if (rc == 0 && timeout != SX_TIMEOUT_DEFAULT)
        rc = sx_socket_settimeout(s, timeout);
    if (rc == 0 && source)
        rc = sx_socket_bind(s, source);
    if (rc == 0)
        rc = sx_socket_connect(s, target);
    sx_addr_close(target);
    if (rc) {
        sx_socket_close(s);
        return rc;
    }
    *out = s;
    return 0;
}

int32_t sx_create_connection_ex(const char *host, int32_t port, double timeout, sx_addr source, int32_t flags,
                                int32_t *errors, size_t errors_cap, size_t *errors_len_out, sx_socket *out)
{
    if (!out)
        return sxi_fail(SX_EARG, "sx_create_connection: out is NULL");
    if (!errors && errors_cap)
        return sxi_fail(SX_EARG, "sx_create_connection_ex: errors is NULL but errors_cap is %zu", errors_cap);
    if (flags & ~SX_CONNECT_HAPPY_EYEBALLS)
        return sxi_fail(SX_EARG, "sx_create_connection_ex: unknown flags 0x%x", (unsigned)flags);
    struct sxi_errlist el = {.errors = errors, .cap = errors_cap, .n = 0};
    if (errors_len_out)
        *errors_len_out = 0;
    /* Check the timeout before any work: an invalid one would fail every attempt the same way. */
    int64_t timeout_ns = sxi_default_timeout();
    if (timeout != SX_TIMEOUT_DEFAULT) {
        int32_t rc = sxi_timeout_from_seconds(timeout, &timeout_ns);
        if (rc)
            return rc;
    }
    if (source) {
        int32_t family;
        int32_t rc = sx_addr_family(source, &family);
        if (rc)
            return rc;
    }
    char port_text[16];
    snprintf(port_text, sizeof port_text, "%d", (int)port);
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM};
    struct addrinfo *res = NULL;
    int32_t rc = sxi_gai(host, port_text, &hints, &res);
    if (rc)
        return rc;
    if ((flags & SX_CONNECT_HAPPY_EYEBALLS) && timeout_ns != 0) {
        rc = sxi_happy_eyeballs(res, timeout_ns, source, &el, out);
    } else {
        rc = sxi_fail(SX_EARG, "getaddrinfo returns an empty list");
        for (const struct addrinfo *ai = res; ai; ai = ai->ai_next) {
            rc = attempt(ai, timeout, source, out);
            if (rc == 0)
                break;
            sxi_errlist_add(&el, rc);
            /* Python's loop catches OSError only: running out of memory ends it, as MemoryError does,
             * and so does an interruption the thread asked to see (the handler's exception, in Python). */
            if (rc == SX_ENOMEM || rc == SX_ENOHANDLES || rc == SX_EINTR)
                break;
        }
    }
    freeaddrinfo(res);
    if (errors_len_out)
        *errors_len_out = el.n;
    return rc;
}

int32_t sx_create_connection(const char *host, int32_t port, double timeout, sx_addr source, sx_socket *out)
{
    return sx_create_connection_ex(host, port, timeout, source, 0, NULL, 0, NULL, out);
}
