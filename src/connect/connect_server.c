/* SPDX-License-Identifier: MIT */
/*
 * create_server, the IPv6 capability probes, and the descriptor-level close and dup of
 * Python's socket module (socket.py create_server and has_dualstack_ipv6, socketmodule.c
 * socket_close and socket_dup).
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "addr.h"
#include "detail.h"
#include "handle.h"
#include "socketx/addr.h"
#include "socketx/connect.h"
#include "socketx/errors.h"
#include "socketx/socket.h"

int32_t sx_has_ipv6(int *out)
{
    if (!out)
        return sxi_fail(SX_EARG, "sx_has_ipv6: out is NULL");
    /* Python's has_ipv6 is a build flag; a kernel without IPv6 is what matters to a caller here. */
    int fd = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
    *out = fd >= 0 || errno != EAFNOSUPPORT;
    if (fd >= 0)
        close(fd);
    return 0;
}

int32_t sx_has_dualstack_ipv6(int *out)
{
    if (!out)
        return sxi_fail(SX_EARG, "sx_has_dualstack_ipv6: out is NULL");
    int fd = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        *out = 0;
        return 0;
    }
    int off = 0;
    *out = setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off) == 0;
    close(fd);
    return 0;
}

/* Python's create_server steps after socket(): options, bind (error re-described), listen. */
static int32_t prepare(sx_socket s, sx_addr address, int32_t family, int32_t backlog, int reuse_port,
                       int dualstack_ipv6)
{
    /* SO_REUSEADDR so a restarted server can bind while old connections linger; failures ignored. */
    sx_socket_setsockopt_int(s, SOL_SOCKET, SO_REUSEADDR, 1);
    int32_t rc;
    if (reuse_port && (family == AF_INET || family == AF_INET6) &&
        (rc = sx_socket_setsockopt_int(s, SOL_SOCKET, SO_REUSEPORT, 1)) != 0)
        return rc;
    if (family == AF_INET6 &&
        (rc = sx_socket_setsockopt_int(s, IPPROTO_IPV6, IPV6_V6ONLY, dualstack_ipv6 ? 0 : 1)) != 0)
        return rc;
    rc = sx_socket_bind(s, address);
    if (rc) {
        char text[256];
        size_t len = 0;
        if (sx_addr_to_string(address, text, sizeof text, &len) != 0)
            strcpy(text, "?");
        int e = -rc;
        return sxi_fail(rc, "%s (while attempting to bind on address %s)",
                        rc < 0 && rc > -4096 ? strerror(e) : "bind failed", text);
    }
    return sx_socket_listen(s, backlog);
}

int32_t sx_create_server(sx_addr address, int32_t backlog, int reuse_port, int dualstack_ipv6, sx_socket *out)
{
    if (!out)
        return sxi_fail(SX_EARG, "sx_create_server: out is NULL");
    int32_t family;
    int32_t rc = sx_addr_family(address, &family);
    if (rc)
        return rc;
    if (dualstack_ipv6) {
        int ok = 0;
        sx_has_dualstack_ipv6(&ok);
        if (!ok)
            return sxi_fail(SX_ENOTSUP, "dualstack_ipv6 not supported on this platform");
        if (family != AF_INET6)
            return sxi_fail(SX_EARG, "dualstack_ipv6 requires AF_INET6 family");
    }
    sx_socket s = 0;
    rc = sx_socket_open(family, SOCK_STREAM, 0, &s);
    if (rc)
        return rc;
    rc = prepare(s, address, family, backlog, reuse_port, dualstack_ipv6);
    if (rc) {
        sx_socket_close(s);
        return rc;
    }
    *out = s;
    return 0;
}

int32_t sx_fd_close(int32_t fd)
{
    if (fd < 0)
        return sxi_fail(SX_EARG, "sx_fd_close: negative file descriptor %d", (int)fd);
    /* Not retried on EINTR: on Linux the descriptor is released even then. ECONNRESET is a
     * peer's reset reported late, which Python ignores because the close did happen. */
    if (close(fd) != 0 && errno != ECONNRESET)
        return sxi_fail_errno(errno, "close");
    return 0;
}

int32_t sx_fd_dup(int32_t fd, int32_t *fd_out)
{
    if (!fd_out)
        return sxi_fail(SX_EARG, "sx_fd_dup: fd_out is NULL");
    if (fd < 0)
        return sxi_fail(SX_EARG, "sx_fd_dup: negative file descriptor %d", (int)fd);
    int copy = fcntl(fd, F_DUPFD_CLOEXEC, 0);
    if (copy < 0)
        return sxi_fail_errno(errno, "dup");
    *fd_out = copy;
    return 0;
}
