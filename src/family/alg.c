/* SPDX-License-Identifier: MIT */
/*
 * AF_ALG addresses (struct sockaddr_alg): the algorithm type, name, and the kernel's feature
 * and mask fields, with CPython's limits on the type and name.
 *
 * The type and name are read with strnlen, never past the address's length: an address from
 * raw bytes may fill salg_type without a NUL, or carry a name past 64 bytes as the kernel's
 * sockaddr_alg_new allows.
 */
#include "addr.h"

#include <linux/if_alg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "addr_family.h"
#include "detail.h"
#include "family.h"
#include "handle.h"
#include "socketx/errors.h"
#include "socketx/family/alg.h"
#include "strout.h"
#include "text_scan.h"

#define TYPE_SIZE sizeof(((struct sockaddr_alg *)0)->salg_type)
#define NAME_SIZE sizeof(((struct sockaddr_alg *)0)->salg_name)
#define TYPE_OFFSET offsetof(struct sockaddr_alg, salg_type)
#define NAME_OFFSET offsetof(struct sockaddr_alg, salg_name)

#define FORM "alg:<type>:<name>:<feat>:<mask>"

int32_t sx_addr_alg(const char *type, const char *name, uint32_t feat, uint32_t mask, sx_addr *out)
{
    if (!out)
        return sxi_fail(SX_EARG, "sx_addr_alg: out is NULL");
    *out = 0;
    if (!type || !name)
        return sxi_fail(SX_EARG, "sx_addr_alg: %s is NULL", !type ? "type" : "name");
    size_t tn = strlen(type), nn = strlen(name);
    /* CPython's words, with the limits said. */
    if (tn >= TYPE_SIZE)
        return sxi_fail(SX_EARG, "AF_ALG type too long. ('%.20s...' is %zu bytes, limit %zu)", type, tn,
                        TYPE_SIZE - 1);
    if (nn >= NAME_SIZE)
        return sxi_fail(SX_EARG, "AF_ALG name too long. ('%.40s...' is %zu bytes, limit %zu)", name, nn,
                        NAME_SIZE - 1);
    if (tn == 0 || nn == 0)
        return sxi_fail(SX_EARG, "sx_addr_alg: the algorithm %s is empty", tn == 0 ? "type" : "name");
    struct sockaddr_alg sa;
    memset(&sa, 0, sizeof sa);
    sa.salg_family = AF_ALG;
    memcpy(sa.salg_type, type, tn);
    memcpy(sa.salg_name, name, nn);
    sa.salg_feat = feat;
    sa.salg_mask = mask;
    return sxi_addr_new(&sa, sizeof sa, out);
}

/* The bytes of a NUL-terminated field that starts at offset and may run to the address's end (or to max). */
static const char *field(const struct sxi_addr *a, size_t offset, size_t max, size_t *len_out)
{
    const char *p = (const char *)&a->u + offset;
    size_t avail = a->len > offset ? a->len - offset : 0;
    *len_out = strnlen(p, avail < max ? avail : max);
    return p;
}

static const char *type_of(const struct sxi_addr *a, size_t *len)
{
    return field(a, TYPE_OFFSET, TYPE_SIZE, len);
}

static const char *name_of(const struct sxi_addr *a, size_t *len)
{
    /* No limit but the address's length: sockaddr_alg_new's names run on. */
    return field(a, NAME_OFFSET, sizeof(struct sockaddr_storage), len);
}

static int32_t copy_field(sx_addr h, const char *what, int is_type, char *buf, size_t cap, size_t *len_out)
{
    const struct sxi_addr *a;
    int32_t rc = sxi_addr_acquire_family(h, len_out, what, AF_ALG, "AF_ALG", &a);
    if (rc)
        return rc;
    size_t n;
    const char *p = is_type ? type_of(a, &n) : name_of(a, &n);
    rc = sxi_copy_out(p, n, 1, buf, cap, len_out);
    sxi_handle_release(h);
    return rc;
}

int32_t sx_addr_alg_type(sx_addr h, char *buf, size_t cap, size_t *len_out)
{
    return copy_field(h, "sx_addr_alg_type: len_out", 1, buf, cap, len_out);
}

int32_t sx_addr_alg_name(sx_addr h, char *buf, size_t cap, size_t *len_out)
{
    return copy_field(h, "sx_addr_alg_name: len_out", 0, buf, cap, len_out);
}

int32_t sx_addr_alg_feat_mask(sx_addr h, uint32_t *feat_out, uint32_t *mask_out)
{
    if (!feat_out)
        return sxi_fail(SX_EARG, "sx_addr_alg_feat_mask: feat_out is NULL");
    const struct sxi_addr *a;
    int32_t rc = sxi_addr_acquire_family(h, mask_out, "sx_addr_alg_feat_mask: mask_out", AF_ALG, "AF_ALG", &a);
    if (rc)
        return rc;
    const struct sockaddr_alg *sa = (const struct sockaddr_alg *)&a->u;
    *feat_out = sa->salg_feat;
    *mask_out = sa->salg_mask;
    sxi_handle_release(h);
    return 0;
}

/* Whether a type or name can stand in the text form and read back: printable, no separator, not empty. */
static int is_text_word(const char *p, size_t n)
{
    if (n == 0)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (p[i] <= 0x20 || p[i] >= 0x7f || p[i] == ':')
            return 0;
    return 1;
}

static int text_form(const struct sxi_addr *a, char *text, size_t *len)
{
    size_t tn, nn;
    const char *type = type_of(a, &tn);
    const char *name = name_of(a, &nn);
    /* What the constructor could not have made is shown raw, so that every text reads back to its bytes. */
    if (a->len != sizeof(struct sockaddr_alg) || tn >= TYPE_SIZE || nn >= NAME_SIZE || !is_text_word(type, tn) ||
        !is_text_word(name, nn))
        return -1;
    const struct sockaddr_alg *sa = (const struct sockaddr_alg *)&a->u;
    *len = (size_t)snprintf(text, SXI_ADDR_TEXT_CAP, "alg:%.*s:%.*s:%u:%u", (int)tn, type, (int)nn, name,
                            (unsigned)sa->salg_feat, (unsigned)sa->salg_mask);
    return 0;
}

static int32_t parse_text(const char *text, sx_addr *out)
{
    struct sxi_scan sc;
    sxi_scan_init(&sc, text, FORM);
    char type[TYPE_SIZE], name[NAME_SIZE];
    uint64_t feat = 0, mask = 0;
    int32_t rc;
    if ((rc = sxi_scan_scheme(&sc, "alg")) || (rc = sxi_scan_word(&sc, ":", type, sizeof type, "type")) ||
        (rc = sxi_scan_char(&sc, ':')) || (rc = sxi_scan_word(&sc, ":", name, sizeof name, "name")) ||
        (rc = sxi_scan_char(&sc, ':')) || (rc = sxi_scan_uint(&sc, UINT32_MAX, "feat", &feat)) ||
        (rc = sxi_scan_char(&sc, ':')) || (rc = sxi_scan_uint(&sc, UINT32_MAX, "mask", &mask)) ||
        (rc = sxi_scan_end(&sc)))
        return rc;
    /* Only what text_form() writes, so that every address read from text writes it back. */
    if (!is_text_word(type, strlen(type)) || !is_text_word(name, strlen(name)))
        return sxi_fail(SX_EARG, "'%.80s' is not in the form %s: the %s is empty or has a byte that is not printable ASCII",
                        text, FORM, !is_text_word(type, strlen(type)) ? "type" : "name");
    return sx_addr_alg(type, name, (uint32_t)feat, (uint32_t)mask, out);
}

static int owns_text(const char *text)
{
    return sxi_scan_has_scheme(text, "alg");
}

const struct sxi_family sxi_family_alg = {
    .af = AF_ALG,
    .name = "alg",
    .af_name = "AF_ALG",
    .min_len = sizeof(struct sockaddr_alg),
    .accept_unnamed = 1,
    .socket_takes = AF_ALG,
    .text = text_form,
    .parse = parse_text,
    .owns_text = owns_text,
};
