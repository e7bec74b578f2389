/* SPDX-License-Identifier: MIT */
/*
 * AF_BLUETOOTH addresses: the L2CAP, RFCOMM, HCI and SCO layouts, their device addresses
 * in BlueZ's text form, and the "l2cap:", "rfcomm:", "hci:" and "sco:" text forms.
 *
 * The BlueZ headers are not a build dependency, so the layouts are declared here from the
 * kernel's UAPI (include/net/bluetooth/bluetooth.h bdaddr_t, l2cap.h sockaddr_l2, rfcomm.h
 * sockaddr_rc, hci_sock.h sockaddr_hci, sco.h sockaddr_sco), which is a stable ABI; the
 * static asserts pin every size and offset to it. The four layouts have four different
 * sizes, and the kernel always returns the whole struct (each protocol's getname answers
 * sizeof its sockaddr), so the length alone tells which one an address holds.
 */
#include "addr.h"

#include <endian.h>
#include <stdio.h>
#include <string.h>

#include "addr_family.h"
#include "detail.h"
#include "family.h"
#include "handle.h"
#include "socketx/constants.h"
#include "socketx/errors.h"
#include "socketx/family/bluetooth.h"
#include "strout.h"
#include "text_scan.h"

#ifndef AF_BLUETOOTH
#define AF_BLUETOOTH SX_AF_BLUETOOTH
#endif

/* bdaddr_t: six bytes, least significant first (BlueZ's str2ba stores "A5:...:F0" as F0..A5). */
struct sxi_bdaddr {
    uint8_t b[6];
} __attribute__((packed));

/* struct sockaddr_l2 (l2cap.h): psm and cid are little-endian on every host. */
struct sxi_sockaddr_l2 {
    sa_family_t l2_family;
    uint16_t l2_psm;
    struct sxi_bdaddr l2_bdaddr;
    uint16_t l2_cid;
    uint8_t l2_bdaddr_type;
};

/* struct sockaddr_rc (rfcomm.h). */
struct sxi_sockaddr_rc {
    sa_family_t rc_family;
    struct sxi_bdaddr rc_bdaddr;
    uint8_t rc_channel;
};

/* struct sockaddr_hci (hci_sock.h): dev and channel in host order. */
struct sxi_sockaddr_hci {
    sa_family_t hci_family;
    unsigned short hci_dev;
    unsigned short hci_channel;
};

/* struct sockaddr_sco (sco.h). */
struct sxi_sockaddr_sco {
    sa_family_t sco_family;
    struct sxi_bdaddr sco_bdaddr;
};

_Static_assert(sizeof(struct sxi_bdaddr) == 6, "bdaddr_t is 6 bytes");
_Static_assert(sizeof(struct sxi_sockaddr_l2) == 14, "sockaddr_l2 is 14 bytes");
_Static_assert(offsetof(struct sxi_sockaddr_l2, l2_psm) == 2, "l2_psm at 2");
_Static_assert(offsetof(struct sxi_sockaddr_l2, l2_bdaddr) == 4, "l2_bdaddr at 4");
_Static_assert(offsetof(struct sxi_sockaddr_l2, l2_cid) == 10, "l2_cid at 10");
_Static_assert(offsetof(struct sxi_sockaddr_l2, l2_bdaddr_type) == 12, "l2_bdaddr_type at 12");
_Static_assert(sizeof(struct sxi_sockaddr_rc) == 10, "sockaddr_rc is 10 bytes");
_Static_assert(offsetof(struct sxi_sockaddr_rc, rc_bdaddr) == 2, "rc_bdaddr at 2");
_Static_assert(offsetof(struct sxi_sockaddr_rc, rc_channel) == 8, "rc_channel at 8");
_Static_assert(sizeof(struct sxi_sockaddr_hci) == 6, "sockaddr_hci is 6 bytes");
_Static_assert(offsetof(struct sxi_sockaddr_hci, hci_dev) == 2, "hci_dev at 2");
_Static_assert(offsetof(struct sxi_sockaddr_hci, hci_channel) == 4, "hci_channel at 4");
_Static_assert(sizeof(struct sxi_sockaddr_sco) == 8, "sockaddr_sco is 8 bytes");
_Static_assert(offsetof(struct sxi_sockaddr_sco, sco_bdaddr) == 2, "sco_bdaddr at 2");

#define U16_MAX 65535
#define U8_MAX 255
/* "XX:XX:XX:XX:XX:XX" and its NUL. */
#define BDADDR_TEXT_CAP 18

/*
 * A device address from text exactly as CPython's setbdaddr reads it, with the same sscanf
 * format, so that whatever it accepts (leading blanks, "0x" prefixes, one to many digits)
 * and rejects (anything after the sixth group, a group above 255) is the same here.
 */
static int32_t bdaddr_parse(const char *text, struct sxi_bdaddr *out)
{
    unsigned int b0, b1, b2, b3, b4, b5;
    char ch;
    int n = sscanf(text, "%X:%X:%X:%X:%X:%X%c", &b5, &b4, &b3, &b2, &b1, &b0, &ch);
    if (n != 6 || (b0 | b1 | b2 | b3 | b4 | b5) >= 256)
        return sxi_fail(SX_EARG, "bad bluetooth address '%.40s': expected XX:XX:XX:XX:XX:XX, six hex groups each < 256",
                        text);
    const unsigned int b[6] = {b0, b1, b2, b3, b4, b5};
    for (int i = 0; i < 6; i++)
        out->b[i] = (uint8_t)b[i];
    return 0;
}

/* BlueZ's ba2str, as CPython's makebdaddr writes it. */
static void bdaddr_text(const struct sxi_bdaddr *a, char text[BDADDR_TEXT_CAP])
{
    snprintf(text, BDADDR_TEXT_CAP, "%02X:%02X:%02X:%02X:%02X:%02X", a->b[5], a->b[4], a->b[3], a->b[2], a->b[1],
             a->b[0]);
}

static int32_t check_range(const char *field, int32_t v, int32_t max)
{
    if (v < 0 || v > max)
        return sxi_fail(SX_EOUTOFRANGE, "bluetooth %s must be 0-%d, not %d", field, (int)max, (int)v);
    return 0;
}

/* The opening every bdaddr constructor shares: a cleared out, then the text read. */
static int32_t start_bdaddr(const char *caller, const char *bdaddr, sx_addr *out, struct sxi_bdaddr *ba)
{
    if (!out)
        return sxi_fail(SX_EARG, "%s: out is NULL", caller);
    *out = 0;
    if (!bdaddr)
        return sxi_fail(SX_EARG, "%s: bdaddr is NULL", caller);
    return bdaddr_parse(bdaddr, ba);
}

static int32_t new_l2cap(const struct sxi_bdaddr *ba, uint16_t psm, uint16_t cid, uint8_t type, sx_addr *out)
{
    struct sxi_sockaddr_l2 l2;
    memset(&l2, 0, sizeof l2);
    l2.l2_family = AF_BLUETOOTH;
    l2.l2_psm = htole16(psm);
    l2.l2_bdaddr = *ba;
    l2.l2_cid = htole16(cid);
    l2.l2_bdaddr_type = type;
    return sxi_addr_new_proto(&l2, sizeof l2, SX_BTPROTO_L2CAP, out);
}

static int32_t new_rfcomm(const struct sxi_bdaddr *ba, uint8_t channel, sx_addr *out)
{
    struct sxi_sockaddr_rc rc;
    memset(&rc, 0, sizeof rc);
    rc.rc_family = AF_BLUETOOTH;
    rc.rc_bdaddr = *ba;
    rc.rc_channel = channel;
    return sxi_addr_new_proto(&rc, sizeof rc, SX_BTPROTO_RFCOMM, out);
}

static int32_t new_hci(uint16_t dev, uint16_t channel, sx_addr *out)
{
    struct sxi_sockaddr_hci hci;
    memset(&hci, 0, sizeof hci);
    hci.hci_family = AF_BLUETOOTH;
    hci.hci_dev = dev;
    hci.hci_channel = channel;
    return sxi_addr_new_proto(&hci, sizeof hci, SX_BTPROTO_HCI, out);
}

static int32_t new_sco(const struct sxi_bdaddr *ba, sx_addr *out)
{
    struct sxi_sockaddr_sco sco;
    memset(&sco, 0, sizeof sco);
    sco.sco_family = AF_BLUETOOTH;
    sco.sco_bdaddr = *ba;
    return sxi_addr_new_proto(&sco, sizeof sco, SX_BTPROTO_SCO, out);
}

int32_t sx_addr_bt_l2cap(const char *bdaddr, int32_t psm, int32_t cid, int32_t bdaddr_type, sx_addr *out)
{
    struct sxi_bdaddr ba;
    int32_t rc = start_bdaddr("sx_addr_bt_l2cap", bdaddr, out, &ba);
    if (!rc)
        rc = check_range("psm", psm, U16_MAX);
    if (!rc)
        rc = check_range("cid", cid, U16_MAX);
    if (!rc)
        rc = check_range("bdaddr_type", bdaddr_type, U8_MAX);
    return rc ? rc : new_l2cap(&ba, (uint16_t)psm, (uint16_t)cid, (uint8_t)bdaddr_type, out);
}

int32_t sx_addr_bt_rfcomm(const char *bdaddr, int32_t channel, sx_addr *out)
{
    struct sxi_bdaddr ba;
    int32_t rc = start_bdaddr("sx_addr_bt_rfcomm", bdaddr, out, &ba);
    if (!rc)
        rc = check_range("channel", channel, U8_MAX);
    return rc ? rc : new_rfcomm(&ba, (uint8_t)channel, out);
}

int32_t sx_addr_bt_hci(int32_t device_id, int32_t channel, sx_addr *out)
{
    if (!out)
        return sxi_fail(SX_EARG, "sx_addr_bt_hci: out is NULL");
    *out = 0;
    int32_t rc = check_range("device_id", device_id, U16_MAX);
    if (!rc)
        rc = check_range("channel", channel, U16_MAX);
    return rc ? rc : new_hci((uint16_t)device_id, (uint16_t)channel, out);
}

int32_t sx_addr_bt_sco(const char *bdaddr, sx_addr *out)
{
    struct sxi_bdaddr ba;
    int32_t rc = start_bdaddr("sx_addr_bt_sco", bdaddr, out, &ba);
    return rc ? rc : new_sco(&ba, out);
}

/* The protocol whose layout an address of length len holds, or -1. */
static int32_t layout_of(socklen_t len)
{
    switch (len) {
    case sizeof(struct sxi_sockaddr_l2):
        return SX_BTPROTO_L2CAP;
    case sizeof(struct sxi_sockaddr_rc):
        return SX_BTPROTO_RFCOMM;
    case sizeof(struct sxi_sockaddr_hci):
        return SX_BTPROTO_HCI;
    case sizeof(struct sxi_sockaddr_sco):
        return SX_BTPROTO_SCO;
    default:
        return -1;
    }
}

static const char *layout_name(int32_t proto)
{
    switch (proto) {
    case SX_BTPROTO_L2CAP:
        return "L2CAP";
    case SX_BTPROTO_RFCOMM:
        return "RFCOMM";
    case SX_BTPROTO_HCI:
        return "HCI";
    default:
        return "SCO";
    }
}

/*
 * The opening of every accessor: refuse a NULL out (named by what), borrow an AF_BLUETOOTH
 * address, and refuse it unless its layout is one of those accepted (a bit per protocol).
 * On success *proto holds its layout; release with sxi_handle_release(h).
 */
static int32_t acquire_layout(sx_addr h, const void *out, const char *what, unsigned accepted, const char *wanted,
                              const struct sxi_addr **a, int32_t *proto)
{
    int32_t rc = sxi_addr_acquire_family(h, out, what, AF_BLUETOOTH, "AF_BLUETOOTH", a);
    if (rc)
        return rc;
    *proto = layout_of((*a)->len);
    if (*proto >= 0 && (accepted & (1u << *proto)))
        return 0;
    unsigned len = (*a)->len;
    sxi_handle_release(h);
    *a = NULL;
    if (*proto < 0)
        return sxi_fail(SX_EARG, "%s: an AF_BLUETOOTH address of %u bytes has no known layout (L2CAP 14, RFCOMM 10, "
                                 "SCO 8, HCI 6)",
                        what, len);
    return sxi_fail(SX_EARG, "%s: not %s address but %s", what, wanted, layout_name(*proto));
}

#define BIT(proto) (1u << (proto))
#define ANY_LAYOUT (BIT(SX_BTPROTO_L2CAP) | BIT(SX_BTPROTO_RFCOMM) | BIT(SX_BTPROTO_HCI) | BIT(SX_BTPROTO_SCO))

int32_t sx_addr_bt_protocol(sx_addr h, int32_t *proto_out)
{
    const struct sxi_addr *a;
    int32_t proto;
    int32_t rc = acquire_layout(h, proto_out, "sx_addr_bt_protocol: proto_out", ANY_LAYOUT, "a Bluetooth", &a, &proto);
    if (rc)
        return rc;
    *proto_out = proto;
    sxi_handle_release(h);
    return 0;
}

/* The device address of an L2CAP, RFCOMM or SCO layout. */
static const struct sxi_bdaddr *bdaddr_of(const struct sxi_addr *a, int32_t proto)
{
    const unsigned char *bytes = (const unsigned char *)&a->u;
    switch (proto) {
    case SX_BTPROTO_L2CAP:
        return (const struct sxi_bdaddr *)(bytes + offsetof(struct sxi_sockaddr_l2, l2_bdaddr));
    case SX_BTPROTO_RFCOMM:
        return (const struct sxi_bdaddr *)(bytes + offsetof(struct sxi_sockaddr_rc, rc_bdaddr));
    default:
        return (const struct sxi_bdaddr *)(bytes + offsetof(struct sxi_sockaddr_sco, sco_bdaddr));
    }
}

int32_t sx_addr_bt_bdaddr(sx_addr h, char *buf, size_t cap, size_t *len_out)
{
    const struct sxi_addr *a;
    int32_t proto;
    int32_t rc = acquire_layout(h, len_out, "sx_addr_bt_bdaddr: len_out",
                                BIT(SX_BTPROTO_L2CAP) | BIT(SX_BTPROTO_RFCOMM) | BIT(SX_BTPROTO_SCO),
                                "an L2CAP, RFCOMM or SCO", &a, &proto);
    if (rc)
        return rc;
    char text[BDADDR_TEXT_CAP];
    bdaddr_text(bdaddr_of(a, proto), text);
    rc = sxi_copy_out(text, strlen(text), 1, buf, cap, len_out);
    sxi_handle_release(h);
    return rc;
}

int32_t sx_addr_bt_l2cap_fields(sx_addr h, int32_t *psm_out, int32_t *cid_out, int32_t *bdaddr_type_out)
{
    if (!psm_out || !cid_out)
        return sxi_fail(SX_EARG, "sx_addr_bt_l2cap_fields: %s is NULL", !psm_out ? "psm_out" : "cid_out");
    const struct sxi_addr *a;
    int32_t proto;
    int32_t rc = acquire_layout(h, bdaddr_type_out, "sx_addr_bt_l2cap_fields: bdaddr_type_out",
                                BIT(SX_BTPROTO_L2CAP), "an L2CAP", &a, &proto);
    if (rc)
        return rc;
    struct sxi_sockaddr_l2 l2;
    memcpy(&l2, &a->u, sizeof l2);
    *psm_out = le16toh(l2.l2_psm);
    *cid_out = le16toh(l2.l2_cid);
    *bdaddr_type_out = l2.l2_bdaddr_type;
    sxi_handle_release(h);
    return 0;
}

int32_t sx_addr_bt_channel(sx_addr h, int32_t *channel_out)
{
    const struct sxi_addr *a;
    int32_t proto;
    int32_t rc = acquire_layout(h, channel_out, "sx_addr_bt_channel: channel_out",
                                BIT(SX_BTPROTO_RFCOMM) | BIT(SX_BTPROTO_HCI), "an RFCOMM or HCI", &a, &proto);
    if (rc)
        return rc;
    if (proto == SX_BTPROTO_RFCOMM) {
        struct sxi_sockaddr_rc rc_addr;
        memcpy(&rc_addr, &a->u, sizeof rc_addr);
        *channel_out = rc_addr.rc_channel;
    } else {
        struct sxi_sockaddr_hci hci;
        memcpy(&hci, &a->u, sizeof hci);
        *channel_out = hci.hci_channel;
    }
    sxi_handle_release(h);
    return 0;
}

int32_t sx_addr_bt_device_id(sx_addr h, int32_t *device_id_out)
{
    const struct sxi_addr *a;
    int32_t proto;
    int32_t rc = acquire_layout(h, device_id_out, "sx_addr_bt_device_id: device_id_out", BIT(SX_BTPROTO_HCI),
                                "an HCI", &a, &proto);
    if (rc)
        return rc;
    struct sxi_sockaddr_hci hci;
    memcpy(&hci, &a->u, sizeof hci);
    *device_id_out = hci.hci_dev;
    sxi_handle_release(h);
    return 0;
}

/* ---- text forms ---- */

static int text_form(const struct sxi_addr *a, char *text, size_t *len)
{
    int32_t proto = layout_of(a->len);
    char ba[BDADDR_TEXT_CAP];
    int n;
    if (proto < 0)
        return -1; /* no layout: the raw form */
    if (proto != SX_BTPROTO_HCI)
        bdaddr_text(bdaddr_of(a, proto), ba);
    if (proto == SX_BTPROTO_L2CAP) {
        struct sxi_sockaddr_l2 l2;
        memcpy(&l2, &a->u, sizeof l2);
        n = snprintf(text, SXI_ADDR_TEXT_CAP, "l2cap:[%s]:%u:%u:%u", ba, (unsigned)le16toh(l2.l2_psm),
                     (unsigned)le16toh(l2.l2_cid), (unsigned)l2.l2_bdaddr_type);
    } else if (proto == SX_BTPROTO_RFCOMM) {
        struct sxi_sockaddr_rc rc;
        memcpy(&rc, &a->u, sizeof rc);
        n = snprintf(text, SXI_ADDR_TEXT_CAP, "rfcomm:[%s]:%u", ba, (unsigned)rc.rc_channel);
    } else if (proto == SX_BTPROTO_HCI) {
        struct sxi_sockaddr_hci hci;
        memcpy(&hci, &a->u, sizeof hci);
        n = snprintf(text, SXI_ADDR_TEXT_CAP, "hci:%u:%u", (unsigned)hci.hci_dev, (unsigned)hci.hci_channel);
    } else {
        n = snprintf(text, SXI_ADDR_TEXT_CAP, "sco:[%s]", ba);
    }
    *len = (size_t)n;
    return 0;
}

/* Read "[<bdaddr>]" at the cursor. */
static int32_t scan_bdaddr(struct sxi_scan *sc, struct sxi_bdaddr *ba)
{
    char word[64];
    int32_t rc = sxi_scan_char(sc, '[');
    if (!rc)
        rc = sxi_scan_word(sc, "]", word, sizeof word, "bdaddr");
    if (!rc)
        rc = sxi_scan_char(sc, ']');
    return rc ? rc : bdaddr_parse(word, ba);
}

/* Read ":<number>" at the cursor, at most max. */
static int32_t scan_field(struct sxi_scan *sc, uint64_t max, const char *field, uint64_t *v)
{
    int32_t rc = sxi_scan_char(sc, ':');
    return rc ? rc : sxi_scan_uint(sc, max, field, v);
}

static int32_t parse_l2cap(const char *text, sx_addr *out)
{
    struct sxi_scan sc;
    sxi_scan_init(&sc, text, "l2cap:[<bdaddr>]:<psm>:<cid>:<bdaddr_type>");
    struct sxi_bdaddr ba;
    uint64_t psm, cid, type;
    int32_t rc = sxi_scan_scheme(&sc, "l2cap");
    if (!rc)
        rc = scan_bdaddr(&sc, &ba);
    if (!rc)
        rc = scan_field(&sc, U16_MAX, "psm", &psm);
    if (!rc)
        rc = scan_field(&sc, U16_MAX, "cid", &cid);
    if (!rc)
        rc = scan_field(&sc, U8_MAX, "bdaddr_type", &type);
    if (!rc)
        rc = sxi_scan_end(&sc);
    return rc ? rc : new_l2cap(&ba, (uint16_t)psm, (uint16_t)cid, (uint8_t)type, out);
}

static int32_t parse_rfcomm(const char *text, sx_addr *out)
{
    struct sxi_scan sc;
    sxi_scan_init(&sc, text, "rfcomm:[<bdaddr>]:<channel>");
    struct sxi_bdaddr ba;
    uint64_t channel;
    int32_t rc = sxi_scan_scheme(&sc, "rfcomm");
    if (!rc)
        rc = scan_bdaddr(&sc, &ba);
    if (!rc)
        rc = scan_field(&sc, U8_MAX, "channel", &channel);
    if (!rc)
        rc = sxi_scan_end(&sc);
    return rc ? rc : new_rfcomm(&ba, (uint8_t)channel, out);
}

static int32_t parse_hci(const char *text, sx_addr *out)
{
    struct sxi_scan sc;
    sxi_scan_init(&sc, text, "hci:<device_id>:<channel>");
    uint64_t dev, channel;
    int32_t rc = sxi_scan_scheme(&sc, "hci");
    if (!rc)
        rc = sxi_scan_uint(&sc, U16_MAX, "device_id", &dev);
    if (!rc)
        rc = scan_field(&sc, U16_MAX, "channel", &channel);
    if (!rc)
        rc = sxi_scan_end(&sc);
    return rc ? rc : new_hci((uint16_t)dev, (uint16_t)channel, out);
}

static int32_t parse_sco(const char *text, sx_addr *out)
{
    struct sxi_scan sc;
    sxi_scan_init(&sc, text, "sco:[<bdaddr>]");
    struct sxi_bdaddr ba;
    int32_t rc = sxi_scan_scheme(&sc, "sco");
    if (!rc)
        rc = scan_bdaddr(&sc, &ba);
    if (!rc)
        rc = sxi_scan_end(&sc);
    return rc ? rc : new_sco(&ba, out);
}

static const struct {
    const char *scheme;
    int32_t (*parse)(const char *text, sx_addr *out);
} schemes[] = {
    {"l2cap", parse_l2cap},
    {"rfcomm", parse_rfcomm},
    {"hci", parse_hci},
    {"sco", parse_sco},
};

#define SCHEME_COUNT (sizeof schemes / sizeof schemes[0])

static int owns_text(const char *text)
{
    for (size_t i = 0; i < SCHEME_COUNT; i++)
        if (sxi_scan_has_scheme(text, schemes[i].scheme))
            return 1;
    return 0;
}

static int32_t parse(const char *text, sx_addr *out)
{
    for (size_t i = 0; i < SCHEME_COUNT; i++)
        if (sxi_scan_has_scheme(text, schemes[i].scheme))
            return schemes[i].parse(text, out);
    return sxi_fail(SX_EARG, "'%.80s' is not an AF_BLUETOOTH text form (l2cap:, rfcomm:, hci: or sco:)", text);
}

const struct sxi_family sxi_family_bluetooth = {
    .af = AF_BLUETOOTH,
    .name = "bluetooth",
    .af_name = "AF_BLUETOOTH",
    .min_len = sizeof(struct sxi_sockaddr_hci), /* the shortest layout */
    .socket_takes = AF_BLUETOOTH,
    .text = text_form,
    .parse = parse,
    .owns_text = owns_text,
};
