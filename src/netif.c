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
int32_t sxi_if_index(const char *name, uint32_t *index)
{
    struct ifreq ifr;
    size_t n = strlen(name);
    if (n == 0 || n >= sizeof ifr.ifr_name)
        return 0; /* no interface can have that name */
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0 && errno == EAFNOSUPPORT) /* a kernel without AF_UNIX: glibc's next choice */
        fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return sxi_fail_errno(errno, "socket (to look up an interface name)");
    memset(&ifr, 0, sizeof ifr);
    memcpy(ifr.ifr_name, name, n + 1);
    int r = ioctl(fd, SIOCGIFINDEX, &ifr);
    int e = errno;
    close(fd);
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
    if (!if_indextoname(ifindex, name))
        return sxi_fail_errno(errno, "if_indextoname");
    return sxi_copy_out(name, strlen(name), 1, buf, cap, len_out);
}
