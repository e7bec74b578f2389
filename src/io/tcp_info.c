/* SPDX-License-Identifier: MIT */
/*
 * TCP_INFO as numbers: every field of struct tcp_info (linux/tcp.h), in the header's order,
 * by position and by name.
 *
 * The kernel copies min(optlen, its own sizeof(struct tcp_info)) bytes, so a kernel older than
 * the header fills a prefix: a field is filled when the returned length covers all of it. A
 * newer kernel's extra fields are not asked for (optlen is the header's size). The fields are
 * described by offset and size, read from the buffer with memcpy (no alignment assumption),
 * except the two bytes of bitfields, whose layout is the compiler's: they are decoded by
 * assigning the struct's own members, so the compiler that lays them out also reads them.
 */
#include <errno.h>
#include <linux/tcp.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include "detail.h"
#include "socket.h"
#include "socketx/errors.h"
#include "socketx/msg.h"

/* Bitfields have no offsetof: their byte is found as the one after tcpi_options. */
#define BITS_WSCALE (offsetof(struct tcp_info, tcpi_options) + 1)
#define BITS_APPLIM (offsetof(struct tcp_info, tcpi_options) + 2)

enum bitfield { PLAIN, SND_WSCALE, RCV_WSCALE, APP_LIMITED, FASTOPEN_FAIL };

struct field {
    const char *name; /* without the tcpi_ prefix */
    uint16_t offset;
    uint8_t size;     /* for a bitfield: 1, its byte */
    uint8_t bits;     /* enum bitfield */
};

#define F(n) {#n, offsetof(struct tcp_info, tcpi_##n), sizeof(((struct tcp_info *)0)->tcpi_##n), PLAIN}

static const struct field fields[] = {
    F(state),
    F(ca_state),
    F(retransmits),
    F(probes),
    F(backoff),
    F(options),
    {"snd_wscale", BITS_WSCALE, 1, SND_WSCALE},
    {"rcv_wscale", BITS_WSCALE, 1, RCV_WSCALE},
    {"delivery_rate_app_limited", BITS_APPLIM, 1, APP_LIMITED},
    {"fastopen_client_fail", BITS_APPLIM, 1, FASTOPEN_FAIL},
    F(rto),
    F(ato),
    F(snd_mss),
    F(rcv_mss),
    F(unacked),
    F(sacked),
    F(lost),
    F(retrans),
    F(fackets),
    F(last_data_sent),
    F(last_ack_sent),
    F(last_data_recv),
    F(last_ack_recv),
    F(pmtu),
    F(rcv_ssthresh),
    F(rtt),
    F(rttvar),
    F(snd_ssthresh),
    F(snd_cwnd),
    F(advmss),
    F(reordering),
    F(rcv_rtt),
    F(rcv_space),
    F(total_retrans),
    F(pacing_rate),
    F(max_pacing_rate),
    F(bytes_acked),
    F(bytes_received),
    F(segs_out),
    F(segs_in),
    F(notsent_bytes),
    F(min_rtt),
    F(data_segs_in),
    F(data_segs_out),
    F(delivery_rate),
    F(busy_time),
    F(rwnd_limited),
    F(sndbuf_limited),
    F(delivered),
    F(delivered_ce),
    F(bytes_sent),
    F(bytes_retrans),
    F(dsack_dups),
    F(reord_seen),
    F(rcv_ooopack),
    F(snd_wnd),
};

#define NFIELDS (sizeof fields / sizeof fields[0])

/* The table must end where the struct does (padding aside): a field added to the header and
 * missed here fails the build. */
_Static_assert(offsetof(struct tcp_info, tcpi_snd_wnd) + sizeof(uint32_t) + 4 > sizeof(struct tcp_info),
               "struct tcp_info has fields after tcpi_snd_wnd: add them to the table");

static uint64_t field_value(const struct tcp_info *ti, const struct field *f)
{
    const unsigned char *p = (const unsigned char *)ti + f->offset;
    switch (f->bits) {
    case SND_WSCALE:
        return ti->tcpi_snd_wscale;
    case RCV_WSCALE:
        return ti->tcpi_rcv_wscale;
    case APP_LIMITED:
        return ti->tcpi_delivery_rate_app_limited;
    case FASTOPEN_FAIL:
        return ti->tcpi_fastopen_client_fail;
    default:
        break;
    }
    switch (f->size) {
    case 1:
        return *p;
    case 2: {
        uint16_t v;
        memcpy(&v, p, sizeof v);
        return v;
    }
    case 4: {
        uint32_t v;
        memcpy(&v, p, sizeof v);
        return v;
    }
    default: {
        uint64_t v;
        memcpy(&v, p, sizeof v);
        return v;
    }
    }
}

/* How many of the table's fields a returned length covers: they are in increasing offset order. */
static size_t filled_count(socklen_t len)
{
    size_t n = 0;
    while (n < NFIELDS && (size_t)fields[n].offset + fields[n].size <= (size_t)len)
        n++;
    return n;
}

static int32_t read_info(sx_socket h, struct tcp_info *ti, size_t *filled)
{
    struct sxi_socket *s;
    int32_t rc = sxi_socket_acquire(h, &s);
    if (rc)
        return rc;
    memset(ti, 0, sizeof *ti);
    socklen_t len = sizeof *ti;
    int r = getsockopt(s->fd, IPPROTO_TCP, TCP_INFO, ti, &len);
    int e = errno;
    sxi_handle_release(h);
    if (r < 0)
        return sxi_fail_errno(e, "getsockopt(TCP_INFO)");
    *filled = filled_count(len);
    return 0;
}

int32_t sx_socket_tcp_info(sx_socket h, uint64_t *values, size_t cap, size_t *count_out)
{
    if (!count_out)
        return sxi_fail(SX_EARG, "sx_socket_tcp_info: count_out is NULL");
    if (!values && cap)
        return sxi_fail(SX_EARG, "sx_socket_tcp_info: values is NULL but cap is %zu", cap);
    struct tcp_info ti;
    size_t n = 0;
    int32_t rc = read_info(h, &ti, &n);
    if (rc)
        return rc;
    *count_out = n;
    if (cap < n)
        return sxi_fail(SX_ETRUNC, "sx_socket_tcp_info: %zu fields, room for %zu", n, cap);
    for (size_t i = 0; i < n; i++)
        values[i] = field_value(&ti, &fields[i]);
    return 0;
}

int32_t sx_socket_tcp_info_get(sx_socket h, const char *name, uint64_t *value_out)
{
    if (!name || !value_out)
        return sxi_fail(SX_EARG, "sx_socket_tcp_info_get: %s is NULL", name ? "value_out" : "name");
    size_t i = 0;
    while (i < NFIELDS && strcmp(fields[i].name, name) != 0)
        i++;
    if (i == NFIELDS)
        return sxi_fail(SX_ENOTFOUND, "sx_socket_tcp_info_get: no TCP_INFO field named \"%.64s\"", name);
    struct tcp_info ti;
    size_t n = 0;
    int32_t rc = read_info(h, &ti, &n);
    if (rc)
        return rc;
    if (i >= n)
        return sxi_fail(SX_ENOTSUP, "sx_socket_tcp_info_get: the running kernel does not fill \"%s\"", name);
    *value_out = field_value(&ti, &fields[i]);
    return 0;
}

int32_t sx_tcp_info_field_name(uint32_t index, const char **name_out)
{
    if (!name_out)
        return sxi_fail(SX_EARG, "sx_tcp_info_field_name: name_out is NULL");
    if (index >= NFIELDS)
        return sxi_fail(SX_EOUTOFRANGE, "sx_tcp_info_field_name: index %u, there are %zu fields", (unsigned)index,
                        NFIELDS);
    *name_out = fields[index].name;
    return 0;
}
