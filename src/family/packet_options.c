/* SPDX-License-Identifier: MIT */
/*
 * AF_PACKET memberships (PACKET_ADD_MEMBERSHIP / PACKET_DROP_MEMBERSHIP): the library fills
 * the struct packet_mreq that Python makes its callers pack by hand.
 */
#include <errno.h>
#include <netpacket/packet.h>
#include <string.h>
#include <sys/socket.h>

#include "detail.h"
#include "handle.h"
#include "socket.h"
#include "socketx/errors.h"
#include "socketx/family/packet.h"

#define HADDR_MAX sizeof(((struct packet_mreq *)0)->mr_address)

int32_t sx_socket_packet_membership(sx_socket h, int join, int32_t ifindex, int32_t type, const void *haddr,
                                    size_t haddr_len)
{
    if (join != 0 && join != 1)
        return sxi_fail(SX_EARG, "sx_socket_packet_membership: join must be 0 or 1, not %d", join);
    if (!haddr && haddr_len)
        return sxi_fail(SX_EARG, "sx_socket_packet_membership: haddr is NULL but haddr_len is %zu", haddr_len);
    if (haddr_len > HADDR_MAX)
        return sxi_fail(SX_EARG, "Hardware address must be 8 bytes or less (%zu given)", haddr_len);
    if (ifindex <= 0)
        return sxi_fail(SX_EOUTOFRANGE, "sx_socket_packet_membership: ifindex must be > 0, not %d", (int)ifindex);
    /* mr_type is 16 bits: a wider value must not wrap onto a type the kernel knows. */
    if (type < 0 || type > 0xFFFF)
        return sxi_fail(SX_EOUTOFRANGE, "sx_socket_packet_membership: type must be 0-65535 (PACKET_MR_*), not %d",
                        (int)type);
    struct packet_mreq mr;
    memset(&mr, 0, sizeof mr);
    mr.mr_ifindex = ifindex;
    mr.mr_type = (unsigned short)type;
    mr.mr_alen = (unsigned short)haddr_len;
    if (haddr_len)
        memcpy(mr.mr_address, haddr, haddr_len);
    struct sxi_socket *s;
    int32_t rc = sxi_socket_acquire(h, &s);
    if (rc)
        return rc;
    int optname = join ? PACKET_ADD_MEMBERSHIP : PACKET_DROP_MEMBERSHIP;
    if (setsockopt(s->fd, SOL_PACKET, optname, &mr, sizeof mr) < 0)
        rc = sxi_fail_errno(errno, join ? "setsockopt(PACKET_ADD_MEMBERSHIP)" : "setsockopt(PACKET_DROP_MEMBERSHIP)");
    sxi_handle_release(h);
    return rc;
}
