/* SPDX-License-Identifier: MIT */
/*
 * Multicast membership (socketx/multicast.h): the RFC 3678 protocol-independent requests
 * (struct group_req, group_source_req) for any-source and source-specific joins, and
 * struct ip_mreq for the IPv4 join by interface address.
 *
 * Every family and address is checked before the system call, so that a group of the
 * wrong family or a unicast group is SX_EARG with a detail instead of the kernel's
 * EINVAL or EADDRNOTAVAIL, which the caller could not tell from a real membership error.
 * An IPv4 group on an AF_INET6 socket arrives as ::ffff:a.b.c.d and is joined at
 * IPPROTO_IP with the IPv4 address, which is how the kernel serves a dual-stack socket's
 * IPv4 traffic.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>

#include "addr.h"
#include "detail.h"
#include "socket.h"
#include "socketx/errors.h"
#include "socketx/multicast.h"

/* One group or source, as the request will carry it. */
struct endpoint {
    int family; /* AF_INET or AF_INET6: of the request, after unmapping ::ffff:a.b.c.d */
    struct sockaddr_storage ss;
};

static void set_inet(struct endpoint *e, struct in_addr addr)
{
    struct sockaddr_in sin;
    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_addr = addr;
    memset(&e->ss, 0, sizeof e->ss);
    memcpy(&e->ss, &sin, sizeof sin);
    e->family = AF_INET;
}

/*
 * Read address h (role names it in details: "group", "source") into e for a socket of
 * family sock_af: an AF_INET address for an AF_INET socket, an AF_INET6 one (a mapped
 * IPv4 address becoming AF_INET) for an AF_INET6 socket. The port is ignored.
 */
static int32_t read_endpoint(sx_addr h, const char *caller, const char *role, int sock_af, struct endpoint *e)
{
    const struct sxi_addr *a;
    int32_t rc = sxi_addr_acquire(h, &a);
    if (rc)
        return rc;
    unsigned family = a->u.sa.sa_family;
    if (family == AF_INET && a->len >= sizeof(struct sockaddr_in)) {
        set_inet(e, a->u.in.sin_addr);
    } else if (family == AF_INET6 && a->len >= sizeof(struct sockaddr_in6)) {
        struct sockaddr_in6 sin6 = a->u.in6;
        sin6.sin6_port = 0;
        memset(&e->ss, 0, sizeof e->ss);
        memcpy(&e->ss, &sin6, sizeof sin6);
        e->family = AF_INET6;
    } else {
        sxi_handle_release(h);
        return sxi_fail(SX_EARG, "%s: the %s is not an AF_INET or AF_INET6 address (family %u, %u bytes)", caller, role,
                        family, (unsigned)a->len);
    }
    sxi_handle_release(h);
    if ((int)family != sock_af)
        return sxi_fail(SX_EARG, "%s: the %s is an %s address but the socket is %s%s", caller, role,
                        family == AF_INET ? "AF_INET" : "AF_INET6",
                        sock_af == AF_INET ? "AF_INET" : sock_af == AF_INET6 ? "AF_INET6" : "of neither family",
                        family == AF_INET && sock_af == AF_INET6 ? " (give an IPv4 group as ::ffff:a.b.c.d)" : "");
    const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)&e->ss;
    if (e->family == AF_INET6 && IN6_IS_ADDR_V4MAPPED(&sin6->sin6_addr)) {
        struct in_addr v4;
        memcpy(&v4, &sin6->sin6_addr.s6_addr[12], sizeof v4);
        set_inet(e, v4);
    }
    return 0;
}

static int is_multicast(const struct endpoint *e)
{
    if (e->family == AF_INET)
        return IN_MULTICAST(ntohl(((const struct sockaddr_in *)&e->ss)->sin_addr.s_addr));
    return IN6_IS_ADDR_MULTICAST(&((const struct sockaddr_in6 *)&e->ss)->sin6_addr);
}

static int32_t read_group(sx_addr h, const char *caller, int sock_af, struct endpoint *e)
{
    int32_t rc = read_endpoint(h, caller, "group", sock_af, e);
    if (rc)
        return rc;
    if (!is_multicast(e))
        return sxi_fail(SX_EARG, "%s: the group is not a multicast address (%s)", caller,
                        e->family == AF_INET ? "224.0.0.0/4" : "ff00::/8");
    return 0;
}

/* The socket's family, for the checks, without keeping the socket. */
static int32_t socket_family(sx_socket h, int *family)
{
    struct sxi_socket *s;
    int32_t rc = sxi_socket_acquire(h, &s);
    if (rc)
        return rc;
    *family = s->family;
    sxi_handle_release(h);
    return 0;
}

static int32_t set_option(sx_socket h, int level, int optname, const void *value, socklen_t len, const char *what)
{
    struct sxi_socket *s;
    int32_t rc = sxi_socket_acquire(h, &s);
    if (rc)
        return rc;
    if (setsockopt(s->fd, level, optname, value, len) < 0)
        rc = sxi_fail_errno(errno, what);
    sxi_handle_release(h);
    return rc;
}

static int level_of(int family)
{
    return family == AF_INET ? IPPROTO_IP : IPPROTO_IPV6;
}

/* MCAST_JOIN_GROUP or MCAST_LEAVE_GROUP. */
static int32_t group_request(sx_socket h, sx_addr group, uint32_t ifindex, int optname, const char *caller,
                             const char *what)
{
    int sock_af;
    int32_t rc = socket_family(h, &sock_af);
    if (rc)
        return rc;
    struct endpoint g;
    rc = read_group(group, caller, sock_af, &g);
    if (rc)
        return rc;
    struct group_req req;
    memset(&req, 0, sizeof req);
    req.gr_interface = ifindex;
    req.gr_group = g.ss;
    return set_option(h, level_of(g.family), optname, &req, sizeof req, what);
}

/* MCAST_JOIN_SOURCE_GROUP or MCAST_LEAVE_SOURCE_GROUP. */
static int32_t source_request(sx_socket h, sx_addr group, sx_addr source, uint32_t ifindex, int optname,
                              const char *caller, const char *what)
{
    int sock_af;
    int32_t rc = socket_family(h, &sock_af);
    if (rc)
        return rc;
    struct endpoint g, src;
    rc = read_group(group, caller, sock_af, &g);
    if (!rc)
        rc = read_endpoint(source, caller, "source", sock_af, &src);
    if (rc)
        return rc;
    if (src.family != g.family)
        return sxi_fail(SX_EARG, "%s: the group is %s but the source is %s", caller,
                        g.family == AF_INET ? "an IPv4 address" : "an IPv6 address",
                        src.family == AF_INET ? "an IPv4 (or ::ffff:a.b.c.d) address" : "an IPv6 address");
    if (is_multicast(&src))
        return sxi_fail(SX_EARG, "%s: the source is a multicast address, not a sender's", caller);
    struct group_source_req req;
    memset(&req, 0, sizeof req);
    req.gsr_interface = ifindex;
    req.gsr_group = g.ss;
    req.gsr_source = src.ss;
    return set_option(h, level_of(g.family), optname, &req, sizeof req, what);
}

int32_t sx_socket_multicast_join(sx_socket s, sx_addr group, uint32_t ifindex)
{
    return group_request(s, group, ifindex, MCAST_JOIN_GROUP, "sx_socket_multicast_join",
                         "setsockopt(MCAST_JOIN_GROUP)");
}

int32_t sx_socket_multicast_leave(sx_socket s, sx_addr group, uint32_t ifindex)
{
    return group_request(s, group, ifindex, MCAST_LEAVE_GROUP, "sx_socket_multicast_leave",
                         "setsockopt(MCAST_LEAVE_GROUP)");
}

int32_t sx_socket_multicast_join_source(sx_socket s, sx_addr group, sx_addr source, uint32_t ifindex)
{
    return source_request(s, group, source, ifindex, MCAST_JOIN_SOURCE_GROUP, "sx_socket_multicast_join_source",
                          "setsockopt(MCAST_JOIN_SOURCE_GROUP)");
}

int32_t sx_socket_multicast_leave_source(sx_socket s, sx_addr group, sx_addr source, uint32_t ifindex)
{
    return source_request(s, group, source, ifindex, MCAST_LEAVE_SOURCE_GROUP, "sx_socket_multicast_leave_source",
                          "setsockopt(MCAST_LEAVE_SOURCE_GROUP)");
}

/* IP_ADD_MEMBERSHIP or IP_DROP_MEMBERSHIP with struct ip_mreq. */
static int32_t mreq_request(sx_socket h, sx_addr group, sx_addr interface, int optname, const char *caller,
                            const char *what)
{
    int sock_af;
    int32_t rc = socket_family(h, &sock_af);
    if (rc)
        return rc;
    if (sock_af != AF_INET)
        return sxi_fail(SX_EARG, "%s: the socket is not AF_INET (family %d); use sx_socket_multicast_join", caller,
                        sock_af);
    struct endpoint g, local;
    rc = read_group(group, caller, AF_INET, &g);
    if (rc)
        return rc;
    struct ip_mreq req;
    memset(&req, 0, sizeof req);
    req.imr_multiaddr = ((const struct sockaddr_in *)&g.ss)->sin_addr;
    req.imr_interface.s_addr = htonl(INADDR_ANY);
    if (interface) {
        rc = read_endpoint(interface, caller, "interface", AF_INET, &local);
        if (rc)
            return rc;
        req.imr_interface = ((const struct sockaddr_in *)&local.ss)->sin_addr;
    }
    return set_option(h, IPPROTO_IP, optname, &req, sizeof req, what);
}

int32_t sx_socket_multicast_join_v4(sx_socket s, sx_addr group, sx_addr interface)
{
    return mreq_request(s, group, interface, IP_ADD_MEMBERSHIP, "sx_socket_multicast_join_v4",
                        "setsockopt(IP_ADD_MEMBERSHIP)");
}

int32_t sx_socket_multicast_leave_v4(sx_socket s, sx_addr group, sx_addr interface)
{
    return mreq_request(s, group, interface, IP_DROP_MEMBERSHIP, "sx_socket_multicast_leave_v4",
                        "setsockopt(IP_DROP_MEMBERSHIP)");
}
