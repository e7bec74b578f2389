/* SPDX-License-Identifier: MIT */
/* Interface names and indexes, through if_nameindex(3) and friends as Python calls them. */
#include <errno.h>
#include <net/if.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "detail.h"
#include "handle.h"
#include "list.h"
#include "socketx/errors.h"
#include "socketx/netif.h"
#include "strout.h"
#include "zone.h"

int32_t sx_if_nameindex(sx_list *out)
{
    if (!out)
        return sxi_fail(SX_EARG, "sx_if_nameindex: out is NULL");
    struct if_nameindex *ni = if_nameindex();
    if (!ni)
        return sxi_fail_errno(errno, "if_nameindex");
    struct sxi_list *l = sxi_list_alloc(SXI_LIST_IFINDEX);
    int32_t rc = l ? 0 : sxi_fail(SX_ENOMEM, "out of memory for the interface list");
    /* The index is stored as its bits: interface indexes are unsigned. */
    for (struct if_nameindex *p = ni; rc == 0 && p->if_index != 0; p++)
        rc = sxi_list_add(l, 0, (int32_t)p->if_index, 0, 0, p->if_name, NULL, 0);
    if_freenameindex(ni);
    if (rc) {
        sxi_list_free(l);
        return rc;
    }
    return sxi_list_publish(l, out);
}

int32_t sx_ifentry_index(sx_list list, uint32_t index, uint32_t *ifindex_out)
{
    if (!ifindex_out)
        return sxi_fail(SX_EARG, "sx_ifentry_index: ifindex_out is NULL");
    const struct sxi_list_item *it;
    int32_t rc = sxi_list_item(list, SXI_LIST_IFINDEX, 0, index, &it);
    if (rc)
        return rc;
    *ifindex_out = (uint32_t)it->n[0];
    sxi_handle_release(list);
    return 0;
}

int32_t sx_ifentry_name(sx_list list, uint32_t index, char *buf, size_t cap, size_t *len_out)
{
    return sxi_list_get_str(list, SXI_LIST_IFINDEX, 0, index, buf, cap, len_out);
}

/*
 * if_nametoindex(3) does the same ioctl, but when glibc cannot open its socket (no descriptor
 * left) it reports ENOENT, which reads as an unknown name; with a socket of our own each
 * failure keeps its cause.
 */
/* An interface ioctl on a socket of our own; returns ioctl's result with its errno in *e, or a status. */
static int32_t ifreq_ioctl(unsigned long request, struct ifreq *ifr, int *r, int *e)
{
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0 && errno == EAFNOSUPPORT) /* a kernel without AF_UNIX: glibc's next choice */
        fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return sxi_fail_errno(errno, "socket (to look up an interface)");
    *r = ioctl(fd, request, ifr);
    *e = errno;
    close(fd);
    return 0;
}

int32_t sxi_if_index(const char *name, uint32_t *index)
{
    struct ifreq ifr;
    size_t n = strlen(name);
    if (n == 0 || n >= sizeof ifr.ifr_name)
        return 0; /* no interface can have that name */
    memset(&ifr, 0, sizeof ifr);
    memcpy(ifr.ifr_name, name, n + 1);
    int r = 0, e = 0;
    int32_t rc = ifreq_ioctl(SIOCGIFINDEX, &ifr, &r, &e);
    if (rc)
        return rc;
    if (r == 0 && ifr.ifr_ifindex > 0) {
        *index = (uint32_t)ifr.ifr_ifindex;
        return 1;
    }
    if (r == 0 || e == ENODEV)
        return 0;
    return sxi_fail_errno(e, "ioctl(SIOCGIFINDEX)");
}

int32_t sx_if_nametoindex(const char *name, uint32_t *ifindex_out)
{
    if (!name || !ifindex_out)
        return sxi_fail(SX_EARG, "sx_if_nametoindex: NULL argument");
    uint32_t idx = 0;
    int32_t rc = sxi_if_index(name, &idx);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return sxi_fail(SX_ENOTFOUND, "no interface with this name: '%.40s'", name);
    *ifindex_out = idx;
    return 0;
}

int32_t sx_if_indextoname(uint32_t ifindex, char *buf, size_t cap, size_t *len_out)
{
    if (!len_out)
        return sxi_fail(SX_EARG, "sx_if_indextoname: len_out is NULL");
    char name[IF_NAMESIZE];
    int32_t rc = sxi_if_name(ifindex, name);
    return rc ? rc : sxi_copy_out(name, strlen(name), 1, buf, cap, len_out);
}

/* As sxi_if_index, and for the same reason: glibc's if_indextoname says ENOENT without a descriptor. */
int32_t sxi_if_name(uint32_t index, char name[IF_NAMESIZE])
{
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    ifr.ifr_ifindex = (int)index; /* above INT_MAX: negative, which names no interface */
    int r = 0, e = 0;
    int32_t rc = ifreq_ioctl(SIOCGIFNAME, &ifr, &r, &e);
    if (rc)
        return rc;
    if (r < 0)
        /* Python's if_indextoname reports glibc's ENXIO for an index no interface has. */
        return sxi_fail_errno(e == ENODEV ? ENXIO : e, "if_indextoname");
    memcpy(name, ifr.ifr_name, IF_NAMESIZE);
    name[IF_NAMESIZE - 1] = '\0';
    return 0;
}
