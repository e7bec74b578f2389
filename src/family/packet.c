/* SPDX-License-Identifier: MIT */
/*
 * AF_PACKET link-layer addresses: Python's (ifname, proto, pkttype, hatype, addr) over
 * struct sockaddr_ll, and the "packet:<ifname>:<proto>:<pkttype>:<hatype>:<addr>" text form.
 *
 * The struct holds an interface index, not a name: names are looked up when an address is
 * made and when it is shown, so a text names the interface as it is called now. The kernel
 * may return a hardware address longer than sll_addr's 8 bytes (InfiniBand's is 20) in a
 * longer sockaddr, so its length is judged against the address's length, not the struct's.
 * getsockname() returns only the bytes up to the hardware address's end (18 for Ethernet);
 * its text reads back as the whole 20-byte struct the constructor makes, with equal fields.
 */
#include "addr.h"

#include <net/if.h>
#include <netpacket/packet.h>
#include <stdio.h>
#include <string.h>

#include "addr_family.h"
#include "detail.h"
#include "family.h"
#include "handle.h"
#include "socketx/errors.h"
#include "socketx/family/packet.h"
#include "strout.h"
#include "text_scan.h"
#include "zone.h"

#define TEXT_FORM "packet:<ifname or #index>:<proto>:<pkttype>:<hatype>:<hh:hh:...>"
#define HADDR_MAX 8 /* sizeof sll_addr: what a caller may give */
#define HADDR_OFFSET offsetof(struct sockaddr_ll, sll_addr)
#define PROTO_MAX 0xFFFF
#define PKTTYPE_MAX 0xFF
#define HATYPE_MAX 0xFFFF

static int32_t make(int32_t ifindex, int32_t proto, int32_t pkttype, int32_t hatype, const void *haddr,
                    size_t haddr_len, sx_addr *out)
{
    struct sockaddr_ll sll;
    memset(&sll, 0, sizeof sll);
    sll.sll_family = AF_PACKET;
    sll.sll_protocol = htons((uint16_t)proto);
    sll.sll_ifindex = ifindex;
    sll.sll_hatype = (unsigned short)hatype;
    sll.sll_pkttype = (unsigned char)pkttype;
    sll.sll_halen = (unsigned char)haddr_len;
    if (haddr_len)
        memcpy(sll.sll_addr, haddr, haddr_len);
    return sxi_addr_new(&sll, sizeof sll, out);
}

/* The checks both constructors share, in Python's words where it has them. */
static int32_t check_fields(const char *caller, int32_t proto, int32_t pkttype, int32_t hatype, const void *haddr,
                            size_t haddr_len)
{
    if (!haddr && haddr_len)
        return sxi_fail(SX_EARG, "%s: haddr is NULL but haddr_len is %zu", caller, haddr_len);
    if (haddr_len > HADDR_MAX)
        return sxi_fail(SX_EARG, "Hardware address must be 8 bytes or less (%zu given)", haddr_len);
    if (proto < 0 || proto > PROTO_MAX)
        return sxi_fail(SX_EOUTOFRANGE, "%s: proto must be 0-65535, not %d", caller, (int)proto);
    if (pkttype < 0 || pkttype > PKTTYPE_MAX)
        return sxi_fail(SX_EOUTOFRANGE, "%s: address argument out of range: pkttype must be 0-255, not %d", caller,
                        (int)pkttype);
    if (hatype < 0 || hatype > HATYPE_MAX)
        return sxi_fail(SX_EOUTOFRANGE, "%s: address argument out of range: hatype must be 0-65535, not %d", caller,
                        (int)hatype);
    return 0;
}

int32_t sx_addr_packet(const char *ifname, int32_t proto, int32_t pkttype, int32_t hatype, const void *haddr,
                       size_t haddr_len, sx_addr *out)
{
    if (!out)
        return sxi_fail(SX_EARG, "sx_addr_packet: out is NULL");
    *out = 0;
    if (!ifname)
        return sxi_fail(SX_EARG, "sx_addr_packet: ifname is NULL");
    size_t n = strlen(ifname);
    if (n >= IFNAMSIZ)
        return sxi_fail(SX_EARG, "AF_PACKET interface name too long: %zu bytes, limit %d", n, IFNAMSIZ - 1);
    /* The fields first: a lookup is a system call, and its answer would be thrown away. */
    int32_t rc = check_fields("sx_addr_packet", proto, pkttype, hatype, haddr, haddr_len);
    if (rc)
        return rc;
    uint32_t ifindex = 0;
    rc = sxi_if_index(ifname, &ifindex);
    if (rc < 0)
        return rc;
    if (rc == 0 || ifindex > INT32_MAX)
        return sxi_fail(SX_ENOTFOUND, "no interface named '%s'", ifname);
    return make((int32_t)ifindex, proto, pkttype, hatype, haddr, haddr_len, out);
}

int32_t sx_addr_packet_index(int32_t ifindex, int32_t proto, int32_t pkttype, int32_t hatype, const void *haddr,
                             size_t haddr_len, sx_addr *out)
{
    if (!out)
        return sxi_fail(SX_EARG, "sx_addr_packet_index: out is NULL");
    *out = 0;
    if (ifindex < 0)
        return sxi_fail(SX_EOUTOFRANGE, "sx_addr_packet_index: ifindex must be >= 0, not %d", (int)ifindex);
    int32_t rc = check_fields("sx_addr_packet_index", proto, pkttype, hatype, haddr, haddr_len);
    return rc ? rc : make(ifindex, proto, pkttype, hatype, haddr, haddr_len, out);
}

static const struct sockaddr_ll *as_ll(const struct sxi_addr *a)
{
    return (const struct sockaddr_ll *)&a->u;
}

/* Whether the address holds all sll_halen bytes of its hardware address. */
static int haddr_complete(const struct sxi_addr *a)
{
    return a->len >= HADDR_OFFSET && HADDR_OFFSET + as_ll(a)->sll_halen <= a->len;
}

/* Open an accessor on an AF_PACKET address; release with sxi_handle_release(h). */
static int32_t acquire(sx_addr h, const void *out, const char *what, const struct sxi_addr **a)
{
    return sxi_addr_acquire_family(h, out, what, AF_PACKET, "AF_PACKET", a);
}

int32_t sx_addr_packet_ifname(sx_addr h, char *buf, size_t cap, size_t *len_out)
{
    const struct sxi_addr *a;
    int32_t rc = acquire(h, len_out, "sx_addr_packet_ifname: len_out", &a);
    if (rc)
        return rc;
    int ifindex = as_ll(a)->sll_ifindex;
    sxi_handle_release(h);
    char name[IF_NAMESIZE];
    if (ifindex <= 0)
        return sxi_fail(SX_ENOTFOUND, "sx_addr_packet_ifname: interface index %d names no interface", ifindex);
    rc = sxi_if_name((uint32_t)ifindex, name);
    if (rc == SX_ENXIO)
        return sxi_fail(SX_ENOTFOUND, "sx_addr_packet_ifname: no interface has index %d now", ifindex);
    return rc ? rc : sxi_copy_out(name, strlen(name), 1, buf, cap, len_out);
}

int32_t sx_addr_packet_ifindex(sx_addr h, int32_t *ifindex_out)
{
    const struct sxi_addr *a;
    int32_t rc = acquire(h, ifindex_out, "sx_addr_packet_ifindex: ifindex_out", &a);
    if (rc)
        return rc;
    *ifindex_out = as_ll(a)->sll_ifindex;
    sxi_handle_release(h);
    return 0;
}

int32_t sx_addr_packet_protocol(sx_addr h, int32_t *proto_out)
{
    const struct sxi_addr *a;
    int32_t rc = acquire(h, proto_out, "sx_addr_packet_protocol: proto_out", &a);
    if (rc)
        return rc;
    *proto_out = ntohs(as_ll(a)->sll_protocol);
    sxi_handle_release(h);
    return 0;
}

int32_t sx_addr_packet_pkttype(sx_addr h, int32_t *pkttype_out)
{
    const struct sxi_addr *a;
    int32_t rc = acquire(h, pkttype_out, "sx_addr_packet_pkttype: pkttype_out", &a);
    if (rc)
        return rc;
    *pkttype_out = as_ll(a)->sll_pkttype;
    sxi_handle_release(h);
    return 0;
}

int32_t sx_addr_packet_hatype(sx_addr h, int32_t *hatype_out)
{
    const struct sxi_addr *a;
    int32_t rc = acquire(h, hatype_out, "sx_addr_packet_hatype: hatype_out", &a);
    if (rc)
        return rc;
    *hatype_out = as_ll(a)->sll_hatype;
    sxi_handle_release(h);
    return 0;
}

int32_t sx_addr_packet_haddr(sx_addr h, void *buf, size_t cap, size_t *len_out)
{
    const struct sxi_addr *a;
    int32_t rc = acquire(h, len_out, "sx_addr_packet_haddr: len_out", &a);
    if (rc)
        return rc;
    if (!haddr_complete(a)) {
        unsigned halen = as_ll(a)->sll_halen, len = a->len;
        sxi_handle_release(h);
        return sxi_fail(SX_EARG, "malformed AF_PACKET address: sll_halen %u runs past its %u bytes", halen, len);
    }
    rc = sxi_copy_out(as_ll(a)->sll_addr, as_ll(a)->sll_halen, 0, buf, cap, len_out);
    sxi_handle_release(h);
    return rc;
}

static int text_form(const struct sxi_addr *a, char *text, size_t *len)
{
    const struct sockaddr_ll *sll = as_ll(a);
    /* A hardware address longer than sll_addr (the kernel's InfiniBand ones) has no text that
     * reads back through the constructor's 8-byte limit: the raw form shows it instead. */
    if (!haddr_complete(a) || sll->sll_halen > HADDR_MAX || sll->sll_ifindex < 0)
        return -1;
    char name[IF_NAMESIZE];
    size_t n;
    /* "#<index>" when no interface has the index now (0, "any", never has one). */
    if (sll->sll_ifindex > 0 && sxi_if_name((uint32_t)sll->sll_ifindex, name) == 0)
        n = (size_t)snprintf(text, SXI_ADDR_TEXT_CAP, "packet:%s:", name);
    else
        n = (size_t)snprintf(text, SXI_ADDR_TEXT_CAP, "packet:#%d:", sll->sll_ifindex);
    n += (size_t)snprintf(text + n, SXI_ADDR_TEXT_CAP - n, "0x%04x:%u:%u:", (unsigned)ntohs(sll->sll_protocol),
                          (unsigned)sll->sll_pkttype, (unsigned)sll->sll_hatype);
    for (unsigned i = 0; i < sll->sll_halen; i++)
        n += (size_t)snprintf(text + n, SXI_ADDR_TEXT_CAP - n, i ? ":%02x" : "%02x", sll->sll_addr[i]);
    *len = n;
    return 0;
}

/* The hardware address after hatype's colon: nothing, or "hh" bytes separated by ':'. */
static int32_t scan_haddr(struct sxi_scan *sc, unsigned char haddr[HADDR_MAX], size_t *haddr_len)
{
    *haddr_len = 0;
    if (*sc->p == '\0')
        return 0;
    for (;;) {
        char byte[3];
        const char *start = sc->p;
        int32_t rc = sxi_scan_word(sc, ":", byte, sizeof byte, "a hardware address byte");
        if (rc)
            return rc;
        int hi = sxi_scan_hex_digit(byte[0]), lo = byte[0] ? sxi_scan_hex_digit(byte[1]) : -1;
        if (hi < 0 || lo < 0)
            return sxi_fail(SX_EARG, "'%.80s' is not in the form %s: '%s' at offset %td is not a two-digit hex byte",
                            sc->text, sc->form, byte, start - sc->text);
        if (*haddr_len == HADDR_MAX)
            return sxi_fail(SX_EARG, "'%.80s': Hardware address must be 8 bytes or less", sc->text);
        haddr[(*haddr_len)++] = (unsigned char)(hi << 4 | lo);
        if (!sxi_scan_maybe(sc, ':'))
            return 0;
    }
}

static int32_t parse(const char *text, sx_addr *out)
{
    struct sxi_scan sc;
    sxi_scan_init(&sc, text, TEXT_FORM);
    int32_t rc = sxi_scan_scheme(&sc, "packet");
    if (rc)
        return rc;
    char ifname[IFNAMSIZ] = "";
    uint64_t ifindex = 0, proto = 0, pkttype = 0, hatype = 0;
    int by_index = sxi_scan_maybe(&sc, '#');
    if (by_index)
        rc = sxi_scan_uint(&sc, INT32_MAX, "ifindex", &ifindex);
    else
        rc = sxi_scan_word(&sc, ":", ifname, sizeof ifname, "ifname");
    if (!rc)
        rc = sxi_scan_char(&sc, ':');
    if (!rc)
        rc = sxi_scan_uint(&sc, PROTO_MAX, "proto", &proto);
    if (!rc)
        rc = sxi_scan_char(&sc, ':');
    if (!rc)
        rc = sxi_scan_uint(&sc, PKTTYPE_MAX, "pkttype", &pkttype);
    if (!rc)
        rc = sxi_scan_char(&sc, ':');
    if (!rc)
        rc = sxi_scan_uint(&sc, HATYPE_MAX, "hatype", &hatype);
    if (!rc)
        rc = sxi_scan_char(&sc, ':');
    unsigned char haddr[HADDR_MAX];
    size_t haddr_len = 0;
    if (!rc)
        rc = scan_haddr(&sc, haddr, &haddr_len);
    if (!rc)
        rc = sxi_scan_end(&sc);
    if (rc)
        return rc;
    if (by_index)
        return sx_addr_packet_index((int32_t)ifindex, (int32_t)proto, (int32_t)pkttype, (int32_t)hatype, haddr,
                                    haddr_len, out);
    return sx_addr_packet(ifname, (int32_t)proto, (int32_t)pkttype, (int32_t)hatype, haddr, haddr_len, out);
}

static int owns_text(const char *text)
{
    return sxi_scan_has_scheme(text, "packet");
}

const struct sxi_family sxi_family_packet = {
    .af = AF_PACKET,
    .name = "packet",
    .af_name = "AF_PACKET",
    /* The kernel gives the header plus sll_halen bytes (18 for Ethernet), and callers pass that on. */
    .min_len = HADDR_OFFSET,
    .socket_takes = AF_PACKET,
    .text = text_form,
    .parse = parse,
    .owns_text = owns_text,
};
