/* SPDX-License-Identifier: MIT */
/*
 * Typed ancillary items: the encoders and decoders of the items the library knows (integers of
 * the right width, descriptors, credentials, packet info, timestamps, extended errors), on top of
 * the raw items of msg.c.
 *
 * The decoders read a copy of the item (sxi_msg_item_copy), so they hold no lock while they make
 * address handles; each checks the item's level, type and length first, and refuses with SX_EARG
 * an item of another kind or one cut short by MSG_CTRUNC.
 */
#include <fcntl.h>
#include <linux/errqueue.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <string.h>
#include <sys/socket.h>

#include "addr.h"
#include "addr_family.h"
#include "detail.h"
#include "handle.h"
#include "msg.h"
#include "socketx/errors.h"

/* The items these calls know, by their kernel numbers where older headers lack a name. */
#ifndef SOL_UDP
#define SOL_UDP 17
#endif
#ifndef UDP_SEGMENT
#define UDP_SEGMENT 103
#endif
#ifndef UDP_GRO
#define UDP_GRO 104
#endif
#ifndef SO_TIMESTAMP_OLD
#define SO_TIMESTAMP_OLD 29
#endif
#ifndef SO_TIMESTAMPNS_OLD
#define SO_TIMESTAMPNS_OLD 35
#endif
#ifndef SO_TIMESTAMPING_OLD
#define SO_TIMESTAMPING_OLD 37
#endif
#ifndef SO_TIMESTAMP_NEW
#define SO_TIMESTAMP_NEW 63
#endif
#ifndef SO_TIMESTAMPNS_NEW
#define SO_TIMESTAMPNS_NEW 64
#endif
#ifndef SO_TIMESTAMPING_NEW
#define SO_TIMESTAMPING_NEW 65
#endif
#ifndef SO_TXTIME
#define SO_TXTIME 61
#endif
#ifndef SO_RXQ_OVFL
#define SO_RXQ_OVFL 40
#endif

/* ---- Encoders -------------------------------------------------------------------------------- */

/* The width the kernel expects for an integer item: 2, 4 (unsigned), 8, or 0 for a C int. */
enum int_width { WIDTH_INT, WIDTH_U16, WIDTH_U32, WIDTH_U64 };

static enum int_width width_of(int32_t level, int32_t type)
{
    if (level == SOL_UDP && type == UDP_SEGMENT)
        return WIDTH_U16;
    if (level == SOL_SOCKET && (type == SO_MARK || type == SO_PRIORITY))
        return WIDTH_U32;
    if (level == SOL_SOCKET && type == SO_TXTIME)
        return WIDTH_U64;
    return WIDTH_INT;
}

int32_t sx_msg_add_int(sx_msg msg, int32_t level, int32_t type, int64_t value)
{
    union {
        int i;
        uint16_t u16;
        uint32_t u32;
        uint64_t u64;
    } v;
    size_t len;
    int fits;
    switch (width_of(level, type)) {
    case WIDTH_U16:
        fits = value >= 0 && value <= UINT16_MAX;
        v.u16 = (uint16_t)value;
        len = sizeof v.u16;
        break;
    case WIDTH_U32:
        fits = value >= 0 && value <= UINT32_MAX;
        v.u32 = (uint32_t)value;
        len = sizeof v.u32;
        break;
    case WIDTH_U64:
        fits = value >= 0;
        v.u64 = (uint64_t)value;
        len = sizeof v.u64;
        break;
    default:
        fits = value >= INT32_MIN && value <= INT32_MAX;
        v.i = (int)value;
        len = sizeof v.i;
        break;
    }
    if (!fits)
        return sxi_fail(SX_EOUTOFRANGE, "value %lld does not fit the %zu-byte item (level %d, type %d)",
                        (long long)value, len, level, type);
    return sx_msg_add(msg, level, type, &v, len);
}

int32_t sx_msg_add_fds(sx_msg msg, const int32_t *fds, size_t count)
{
    if (!fds && count)
        return sxi_fail(SX_EARG, "sx_msg_add_fds: fds is NULL but count is %zu", count);
    if (count > SXI_SCM_MAX_FD)
        return sxi_fail(SX_EARG, "sx_msg_add_fds: %zu descriptors, the kernel passes at most %d at once", count,
                        SXI_SCM_MAX_FD);
    int numbers[SXI_SCM_MAX_FD];
    for (size_t i = 0; i < count; i++) {
        /* Refused here, where the caller can tell which one, rather than as the send's EBADF. */
        if (fds[i] < 0 || fcntl(fds[i], F_GETFD) < 0)
            return sxi_fail(SX_EBADF, "sx_msg_add_fds: descriptor %d (index %zu) is not open", (int)fds[i], i);
        numbers[i] = fds[i];
    }
    return sx_msg_add(msg, SOL_SOCKET, SCM_RIGHTS, numbers, count * sizeof numbers[0]);
}

int32_t sx_msg_add_credentials(sx_msg msg, int32_t pid, uint32_t uid, uint32_t gid)
{
    struct ucred cred = {.pid = pid, .uid = uid, .gid = gid};
    return sx_msg_add(msg, SOL_SOCKET, SCM_CREDENTIALS, &cred, sizeof cred);
}

int32_t sx_msg_add_pktinfo(sx_msg msg, uint32_t ifindex, sx_addr source)
{
    const struct sxi_addr *a;
    int32_t rc = sxi_addr_acquire(source, &a);
    if (rc)
        return rc;
    int family = a->u.sa.sa_family;
    struct in_pktinfo in4 = {.ipi_ifindex = (int)ifindex};
    struct in6_pktinfo in6 = {.ipi6_ifindex = ifindex};
    if (family == AF_INET)
        in4.ipi_spec_dst = a->u.in.sin_addr;
    else if (family == AF_INET6)
        in6.ipi6_addr = a->u.in6.sin6_addr;
    sxi_handle_release(source);
    if (family == AF_INET)
        return sx_msg_add(msg, IPPROTO_IP, IP_PKTINFO, &in4, sizeof in4);
    if (family == AF_INET6)
        return sx_msg_add(msg, IPPROTO_IPV6, IPV6_PKTINFO, &in6, sizeof in6);
    return sxi_fail(SX_EAFNOSUPPORT, "sx_msg_add_pktinfo: address family %d is neither AF_INET nor AF_INET6", family);
}


/* ---- Decoders -------------------------------------------------------------------------------- */

/* Refuse a decoder's item: not of its kind, or too short for its struct. */
static int32_t not_decodable(const struct sxi_item *it, const char *what)
{
    return sxi_fail(SX_EARG, "ancillary item (level %d, type %d, %zu bytes) is not %s", it->level, it->type,
                    it->len, what);
}

int32_t sx_msg_item_int(sx_msg msg, uint32_t index, int64_t *value_out)
{
    struct sxi_item it;
    int32_t rc = sxi_msg_item_copy(msg, index, value_out, "sx_msg_item_int: value_out", &it);
    if (rc)
        return rc;
    /* Every integer item the kernel sends has one of these widths; its own width tells its type
     * (IP_TOS arrives as one byte, IP_TTL as an int), except the two unsigned 32-bit ones. */
    int unsigned32 = it.level == SOL_SOCKET && (it.type == SO_MARK || it.type == SO_RXQ_OVFL);
    union {
        uint8_t u8;
        uint16_t u16;
        int i;
        uint64_t u64;
    } v;
    switch (it.len) {
    case 1:
        memcpy(&v.u8, it.data, 1);
        *value_out = v.u8;
        return 0;
    case 2:
        memcpy(&v.u16, it.data, 2);
        *value_out = v.u16;
        return 0;
    case 4:
        memcpy(&v.i, it.data, 4);
        *value_out = unsigned32 ? (int64_t)(uint32_t)v.i : v.i;
        return 0;
    case 8:
        memcpy(&v.u64, it.data, 8);
        *value_out = (int64_t)v.u64;
        return 0;
    default:
        return not_decodable(&it, "an integer");
    }
}

int32_t sx_msg_item_credentials(sx_msg msg, uint32_t index, int32_t *pid_out, uint32_t *uid_out, uint32_t *gid_out)
{
    if (!pid_out || !uid_out)
        return sxi_fail(SX_EARG, "sx_msg_item_credentials: %s is NULL", pid_out ? "uid_out" : "pid_out");
    struct sxi_item it;
    int32_t rc = sxi_msg_item_copy(msg, index, gid_out, "sx_msg_item_credentials: gid_out", &it);
    if (rc)
        return rc;
    struct ucred cred;
    if (it.level != SOL_SOCKET || it.type != SCM_CREDENTIALS || it.len < sizeof cred)
        return not_decodable(&it, "whole credentials (SCM_CREDENTIALS)");
    memcpy(&cred, it.data, sizeof cred);
    *pid_out = cred.pid;
    *uid_out = cred.uid;
    *gid_out = cred.gid;
    return 0;
}

/* A new AF_INET address handle for a (network order) IPv4 address, port 0. */
static int32_t inet4_addr(struct in_addr ip, sx_addr *out)
{
    struct sockaddr_in sin = {.sin_family = AF_INET, .sin_addr = ip};
    return sxi_addr_new(&sin, sizeof sin, out);
}

int32_t sx_msg_item_pktinfo(sx_msg msg, uint32_t index, uint32_t *ifindex_out, sx_addr *address_out,
                            sx_addr *spec_dst_out)
{
    if (!ifindex_out)
        return sxi_fail(SX_EARG, "sx_msg_item_pktinfo: ifindex_out is NULL");
    struct sxi_item it;
    int32_t rc = sxi_msg_item_copy(msg, index, address_out, "sx_msg_item_pktinfo: address_out", &it);
    if (rc)
        return rc;
    struct in_pktinfo in4;
    struct in6_pktinfo in6;
    int v4 = it.level == IPPROTO_IP && it.type == IP_PKTINFO && it.len >= sizeof in4;
    int v6 = it.level == IPPROTO_IPV6 && it.type == IPV6_PKTINFO && it.len >= sizeof in6;
    if (!v4 && !v6)
        return not_decodable(&it, "whole packet info (IP_PKTINFO, IPV6_PKTINFO)");

    sx_addr address = 0, spec_dst = 0;
    uint32_t ifindex;
    if (v4) {
        memcpy(&in4, it.data, sizeof in4);
        ifindex = (uint32_t)in4.ipi_ifindex;
        rc = inet4_addr(in4.ipi_addr, &address);
        if (!rc && spec_dst_out && (rc = inet4_addr(in4.ipi_spec_dst, &spec_dst)) != 0)
            sx_addr_close(address);
    } else {
        memcpy(&in6, it.data, sizeof in6);
        ifindex = in6.ipi6_ifindex;
        struct sockaddr_in6 sin6 = {.sin6_family = AF_INET6, .sin6_addr = in6.ipi6_addr};
        /* A link-local destination means something only with its interface. */
        if (IN6_IS_ADDR_LINKLOCAL(&in6.ipi6_addr) || IN6_IS_ADDR_MC_LINKLOCAL(&in6.ipi6_addr))
            sin6.sin6_scope_id = ifindex;
        rc = sxi_addr_new(&sin6, sizeof sin6, &address);
    }
    if (rc)
        return rc;
    *ifindex_out = ifindex;
    *address_out = address;
    if (spec_dst_out)
        *spec_dst_out = spec_dst;
    return 0;
}

/* The timestamp layouts: the _OLD items in the native long, the _NEW ones in 64 bits. */
struct old_stamp {
    long sec;
    long frac;
};
struct new_stamp {
    int64_t sec;
    int64_t frac;
};

int32_t sx_msg_item_timestamp(sx_msg msg, uint32_t index, int64_t *sec_out, int64_t *nsec_out)
{
    if (!sec_out)
        return sxi_fail(SX_EARG, "sx_msg_item_timestamp: sec_out is NULL");
    struct sxi_item it;
    int32_t rc = sxi_msg_item_copy(msg, index, nsec_out, "sx_msg_item_timestamp: nsec_out", &it);
    if (rc)
        return rc;
    int type = it.level == SOL_SOCKET ? it.type : -1;
    int is_new = type == SO_TIMESTAMP_NEW || type == SO_TIMESTAMPNS_NEW || type == SO_TIMESTAMPING_NEW;
    int micro = type == SO_TIMESTAMP_OLD || type == SO_TIMESTAMP_NEW;
    /* SO_TIMESTAMPING carries three stamps: software, a deprecated one, hardware. */
    int stamps = type == SO_TIMESTAMPING_OLD || type == SO_TIMESTAMPING_NEW ? 3 : 1;
    int known = micro || stamps == 3 || type == SO_TIMESTAMPNS_OLD || type == SO_TIMESTAMPNS_NEW;
    size_t one = is_new ? sizeof(struct new_stamp) : sizeof(struct old_stamp);
    if (!known || it.len < one * (size_t)stamps)
        return not_decodable(&it, "a whole timestamp (SO_TIMESTAMP, SO_TIMESTAMPNS, SO_TIMESTAMPING)");
    int64_t sec = 0, frac = 0;
    /* Stamps 0 and 2 (software, hardware): the first that is set, or zeros if neither is. */
    for (int i = 0; i < stamps; i += 2) {
        if (is_new) {
            struct new_stamp s;
            memcpy(&s, it.data + (size_t)i * one, sizeof s);
            sec = s.sec;
            frac = s.frac;
        } else {
            struct old_stamp s;
            memcpy(&s, it.data + (size_t)i * one, sizeof s);
            sec = s.sec;
            frac = s.frac;
        }
        if (sec || frac)
            break;
    }
    *sec_out = sec;
    *nsec_out = micro ? frac * 1000 : frac;
    return 0;
}

int32_t sx_msg_item_exterr(sx_msg msg, uint32_t index, int32_t *code_out, uint32_t *origin_out, uint32_t *type_out,
                           uint32_t *icmp_code_out, uint32_t *info_out, uint32_t *data_out, sx_addr *offender_out)
{
    if (!code_out || !origin_out || !type_out || !icmp_code_out || !info_out)
        return sxi_fail(SX_EARG, "sx_msg_item_exterr: an out-pointer is NULL");
    struct sxi_item it;
    int32_t rc = sxi_msg_item_copy(msg, index, data_out, "sx_msg_item_exterr: data_out", &it);
    if (rc)
        return rc;
    struct sock_extended_err ee;
    if (!sxi_is_recverr(it.level, it.type) || it.len < sizeof ee)
        return not_decodable(&it, "a whole extended error (IP_RECVERR, IPV6_RECVERR)");
    memcpy(&ee, it.data, sizeof ee);
    /* The offender follows the struct (SO_EE_OFFENDER); AF_UNSPEC when the kernel names none. */
    struct sockaddr_storage off = {0};
    size_t off_len = it.len - sizeof ee;
    if (off_len > sizeof off)
        off_len = sizeof off;
    memcpy(&off, it.data + sizeof ee, off_len);

    sx_addr offender = 0;
    if (offender_out && off_len >= sizeof(sa_family_t) && off.ss_family != AF_UNSPEC) {
        size_t need = off.ss_family == AF_INET ? sizeof(struct sockaddr_in)
                      : off.ss_family == AF_INET6 ? sizeof(struct sockaddr_in6)
                                                  : off_len;
        if (off_len >= need && (rc = sxi_addr_new(&off, (socklen_t)need, &offender)) != 0)
            return rc;
    }
    *code_out = ee.ee_errno ? -(int32_t)ee.ee_errno : 0;
    *origin_out = ee.ee_origin;
    *type_out = ee.ee_type;
    *icmp_code_out = ee.ee_code;
    *info_out = ee.ee_info;
    *data_out = ee.ee_data;
    if (offender_out)
        *offender_out = offender;
    return 0;
}
