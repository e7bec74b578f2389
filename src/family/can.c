/* SPDX-License-Identifier: MIT */
/*
 * AF_CAN addresses: one struct sockaddr_can whose meaning depends on the socket's protocol
 * (interface only for CAN_RAW and CAN_BCM, ISO-TP ids, J1939 name/pgn/addr), built and read
 * as CPython's getsockaddrarg and makesockaddr do, and shown in the text form of the layout
 * the address holds (struct sxi_addr's proto hint).
 *
 * The kernel returns only as many bytes as the protocol's fields need (8 for CAN_RAW, 16 for
 * ISO-TP, 24 for J1939), so the accessors read the union's fields with the bytes past the
 * length as zero, and min_len asks only for the interface index every layout has.
 */
#include "addr.h"

#include <inttypes.h>
#include <linux/can.h>
#include <net/if.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "addr_family.h"
#include "detail.h"
#include "family.h"
#include "handle.h"
#include "socketx/errors.h"
#include "socketx/family/can.h"
#include "strout.h"
#include "text_scan.h"
#include "zone.h"

/* What each layout needs of the struct: the kernel's *_MIN_NAMELEN of raw.c, isotp.c and j1939. */
#define CAN_IFINDEX_END (offsetof(struct sockaddr_can, can_ifindex) + sizeof(int))
#define CAN_TP_END (offsetof(struct sockaddr_can, can_addr.tp) + sizeof(((struct sockaddr_can *)0)->can_addr.tp))
#define CAN_J1939_END                                                                                              \
    (offsetof(struct sockaddr_can, can_addr.j1939) + sizeof(((struct sockaddr_can *)0)->can_addr.j1939))

#define J1939_ADDR_MAX 255

#define FORM_RAW "can:<ifname>"
#define FORM_ISOTP "can-isotp:<ifname>:<rx_id>:<tx_id>"
#define FORM_J1939 "can-j1939:<ifname>:<name>:<pgn>:<addr>"

/*
 * The interface index of ifname as CPython's getsockaddrarg finds it: "" is every interface,
 * a name of IFNAMSIZ bytes or more is refused before any lookup.
 */
static int32_t interface_index(const char *ifname, int *index_out)
{
    size_t n = strlen(ifname);
    if (n >= IFNAMSIZ)
        return sxi_fail(SX_EARG, "AF_CAN interface name too long: '%.40s' is %zu bytes, limit %d", ifname, n,
                        IFNAMSIZ - 1);
    if (n == 0) {
        *index_out = 0;
        return 0;
    }
    uint32_t index = 0;
    int32_t rc = sxi_if_index(ifname, &index);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return sxi_fail(SX_ENOTFOUND, "no interface with this name: '%s'", ifname);
    *index_out = (int)index;
    return 0;
}

/* A zeroed sockaddr_can for ifname, the whole struct long, as CPython passes it to the kernel. */
static int32_t start_address(const char *ifname, const char *caller, struct sockaddr_can *sc)
{
    if (!ifname)
        return sxi_fail(SX_EARG, "%s: ifname is NULL", caller);
    memset(sc, 0, sizeof *sc);
    sc->can_family = AF_CAN;
    return interface_index(ifname, &sc->can_ifindex);
}

int32_t sx_addr_can(const char *ifname, sx_addr *out)
{
    if (!out)
        return sxi_fail(SX_EARG, "sx_addr_can: out is NULL");
    *out = 0;
    struct sockaddr_can sc;
    int32_t rc = start_address(ifname, "sx_addr_can", &sc);
    return rc ? rc : sxi_addr_new_proto(&sc, sizeof sc, CAN_RAW, out);
}

int32_t sx_addr_can_isotp(const char *ifname, uint32_t rx_id, uint32_t tx_id, sx_addr *out)
{
    if (!out)
        return sxi_fail(SX_EARG, "sx_addr_can_isotp: out is NULL");
    *out = 0;
    struct sockaddr_can sc;
    int32_t rc = start_address(ifname, "sx_addr_can_isotp", &sc);
    if (rc)
        return rc;
    sc.can_addr.tp.rx_id = rx_id;
    sc.can_addr.tp.tx_id = tx_id;
    return sxi_addr_new_proto(&sc, sizeof sc, CAN_ISOTP, out);
}

int32_t sx_addr_can_j1939(const char *ifname, uint64_t name, uint32_t pgn, int32_t addr, sx_addr *out)
{
    if (!out)
        return sxi_fail(SX_EARG, "sx_addr_can_j1939: out is NULL");
    *out = 0;
    /* CPython's 'B' wraps 256 to 0, which would name another ECU; the range is checked instead. */
    if (addr < 0 || addr > J1939_ADDR_MAX)
        return sxi_fail(SX_EOUTOFRANGE, "J1939 addr must be 0-255, not %d", (int)addr);
    struct sockaddr_can sc;
    int32_t rc = start_address(ifname, "sx_addr_can_j1939", &sc);
    if (rc)
        return rc;
    sc.can_addr.j1939.name = name;
    sc.can_addr.j1939.pgn = pgn;
    sc.can_addr.j1939.addr = (uint8_t)addr;
    return sxi_addr_new_proto(&sc, sizeof sc, CAN_J1939, out);
}

/* The struct behind an AF_CAN address: sxi_addr's storage is zero past len and as large as the struct. */
static const struct sockaddr_can *can_of(const struct sxi_addr *a)
{
    return (const struct sockaddr_can *)&a->u;
}

/* The layout an address holds: CAN_RAW stands for every interface-only form. */
static int32_t layout_of(const struct sxi_addr *a)
{
    return a->proto == CAN_ISOTP || a->proto == CAN_J1939 ? a->proto : CAN_RAW;
}

static int32_t acquire_can(sx_addr h, const void *out, const char *what, const struct sxi_addr **a)
{
    return sxi_addr_acquire_family(h, out, what, AF_CAN, "AF_CAN", a);
}

int32_t sx_addr_can_ifindex(sx_addr h, int32_t *ifindex_out)
{
    const struct sxi_addr *a;
    int32_t rc = acquire_can(h, ifindex_out, "sx_addr_can_ifindex: ifindex_out", &a);
    if (rc)
        return rc;
    *ifindex_out = can_of(a)->can_ifindex;
    sxi_handle_release(h);
    return 0;
}

int32_t sx_addr_can_ifname(sx_addr h, char *buf, size_t cap, size_t *len_out)
{
    const struct sxi_addr *a;
    int32_t rc = acquire_can(h, len_out, "sx_addr_can_ifname: len_out", &a);
    if (rc)
        return rc;
    int index = can_of(a)->can_ifindex;
    sxi_handle_release(h);
    char name[IF_NAMESIZE] = "";
    /* makesockaddr's rule: index 0, or one no interface has now, is "". */
    if (index != 0 && (rc = sxi_if_name((uint32_t)index, name)) != 0) {
        if (rc != SX_ENXIO)
            return rc; /* the lookup itself failed (no descriptor left...): not an answer */
        name[0] = '\0';
    }
    return sxi_copy_out(name, strlen(name), 1, buf, cap, len_out);
}

int32_t sx_addr_can_protocol(sx_addr h, int32_t *proto_out)
{
    const struct sxi_addr *a;
    int32_t rc = acquire_can(h, proto_out, "sx_addr_can_protocol: proto_out", &a);
    if (rc)
        return rc;
    *proto_out = layout_of(a);
    sxi_handle_release(h);
    return 0;
}

int32_t sx_addr_can_isotp_ids(sx_addr h, uint32_t *rx_id_out, uint32_t *tx_id_out)
{
    if (!rx_id_out)
        return sxi_fail(SX_EARG, "sx_addr_can_isotp_ids: rx_id_out is NULL");
    const struct sxi_addr *a;
    int32_t rc = acquire_can(h, tx_id_out, "sx_addr_can_isotp_ids: tx_id_out", &a);
    if (rc)
        return rc;
    *rx_id_out = can_of(a)->can_addr.tp.rx_id;
    *tx_id_out = can_of(a)->can_addr.tp.tx_id;
    sxi_handle_release(h);
    return 0;
}

int32_t sx_addr_can_j1939_fields(sx_addr h, uint64_t *name_out, uint32_t *pgn_out, int32_t *addr_out)
{
    if (!name_out || !pgn_out)
        return sxi_fail(SX_EARG, "sx_addr_can_j1939_fields: %s is NULL", !name_out ? "name_out" : "pgn_out");
    const struct sxi_addr *a;
    int32_t rc = acquire_can(h, addr_out, "sx_addr_can_j1939_fields: addr_out", &a);
    if (rc)
        return rc;
    *name_out = can_of(a)->can_addr.j1939.name;
    *pgn_out = can_of(a)->can_addr.j1939.pgn;
    *addr_out = can_of(a)->can_addr.j1939.addr;
    sxi_handle_release(h);
    return 0;
}

/* ---- Text forms -------------------------------------------------------------------------------- */

/*
 * The interface as the text shows it: "" for every interface, the name an interface has now,
 * or "#<index>" (the index as unsigned 32 bits) when none has it, so a text form never fails
 * and always reads back to the same index.
 */
static void interface_text(int index, char *buf, size_t cap)
{
    char name[IF_NAMESIZE];
    if (index == 0)
        buf[0] = '\0';
    else if (sxi_if_name((uint32_t)index, name) == 0)
        snprintf(buf, cap, "%s", name);
    else
        snprintf(buf, cap, "#%" PRIu32, (uint32_t)index);
}

static int text_form(const struct sxi_addr *a, char *text, size_t *len)
{
    int32_t layout = layout_of(a);
    size_t need = layout == CAN_ISOTP ? CAN_TP_END : layout == CAN_J1939 ? CAN_J1939_END : CAN_IFINDEX_END;
    if (a->len < need)
        return -1; /* the address does not hold its layout's fields: the raw form shows what it does hold */
    const struct sockaddr_can *sc = can_of(a);
    char ifname[IF_NAMESIZE + 12];
    interface_text(sc->can_ifindex, ifname, sizeof ifname);
    int n;
    if (layout == CAN_ISOTP) {
        n = snprintf(text, SXI_ADDR_TEXT_CAP, "can-isotp:%s:0x%" PRIx32 ":0x%" PRIx32, ifname, sc->can_addr.tp.rx_id,
                     sc->can_addr.tp.tx_id);
    } else if (layout == CAN_J1939) {
        n = snprintf(text, SXI_ADDR_TEXT_CAP, "can-j1939:%s:0x%" PRIx64 ":0x%" PRIx32 ":%u", ifname,
                     (uint64_t)sc->can_addr.j1939.name,
                     sc->can_addr.j1939.pgn, (unsigned)sc->can_addr.j1939.addr);
    } else {
        n = snprintf(text, SXI_ADDR_TEXT_CAP, "can:%s", ifname);
    }
    *len = (size_t)n;
    return 0;
}

/* The interface field of a text form: "", a name (looked up now) or "#<index>". */
static int32_t scan_interface(struct sxi_scan *sc, int *index_out)
{
    if (sxi_scan_maybe(sc, '#')) {
        uint64_t index = 0;
        int32_t rc = sxi_scan_uint(sc, UINT32_MAX, "interface index", &index);
        if (rc)
            return rc;
        *index_out = (int)(uint32_t)index;
        return 0;
    }
    char name[IF_NAMESIZE];
    int32_t rc = sxi_scan_word(sc, ":", name, sizeof name, "AF_CAN interface name");
    return rc ? rc : interface_index(name, index_out);
}

static int32_t parse_text(const char *text, sx_addr *out)
{
    struct sockaddr_can sa;
    memset(&sa, 0, sizeof sa);
    sa.can_family = AF_CAN;
    struct sxi_scan sc;
    int32_t proto = sxi_scan_has_scheme(text, "can-isotp") ? CAN_ISOTP
                    : sxi_scan_has_scheme(text, "can-j1939") ? CAN_J1939
                                                             : CAN_RAW;
    sxi_scan_init(&sc, text, proto == CAN_ISOTP ? FORM_ISOTP : proto == CAN_J1939 ? FORM_J1939 : FORM_RAW);
    int32_t rc = sxi_scan_scheme(&sc, proto == CAN_ISOTP ? "can-isotp" : proto == CAN_J1939 ? "can-j1939" : "can");
    if (!rc)
        rc = scan_interface(&sc, &sa.can_ifindex);
    uint64_t v1 = 0, v2 = 0, v3 = 0;
    if (!rc && proto == CAN_ISOTP) {
        if (!(rc = sxi_scan_char(&sc, ':')) && !(rc = sxi_scan_uint(&sc, UINT32_MAX, "rx_id", &v1)) &&
            !(rc = sxi_scan_char(&sc, ':')) && !(rc = sxi_scan_uint(&sc, UINT32_MAX, "tx_id", &v2))) {
            sa.can_addr.tp.rx_id = (canid_t)v1;
            sa.can_addr.tp.tx_id = (canid_t)v2;
        }
    } else if (!rc && proto == CAN_J1939) {
        if (!(rc = sxi_scan_char(&sc, ':')) && !(rc = sxi_scan_uint(&sc, UINT64_MAX, "name", &v1)) &&
            !(rc = sxi_scan_char(&sc, ':')) && !(rc = sxi_scan_uint(&sc, UINT32_MAX, "pgn", &v2)) &&
            !(rc = sxi_scan_char(&sc, ':')) && !(rc = sxi_scan_uint(&sc, J1939_ADDR_MAX, "addr", &v3))) {
            sa.can_addr.j1939.name = v1;
            sa.can_addr.j1939.pgn = (uint32_t)v2;
            sa.can_addr.j1939.addr = (uint8_t)v3;
        }
    }
    if (!rc)
        rc = sxi_scan_end(&sc);
    return rc ? rc : sxi_addr_new_proto(&sa, sizeof sa, proto, out);
}

static int owns_text(const char *text)
{
    return sxi_scan_has_scheme(text, "can") || sxi_scan_has_scheme(text, "can-isotp") ||
           sxi_scan_has_scheme(text, "can-j1939");
}

const struct sxi_family sxi_family_can = {
    .af = AF_CAN,
    .name = "can",
    .af_name = "AF_CAN",
    .min_len = CAN_IFINDEX_END,
    .socket_takes = AF_CAN,
    .text = text_form,
    .parse = parse_text,
    .owns_text = owns_text,
};
