/* SPDX-License-Identifier: MIT */
/*
 * Addresses, whatever their family: the handle kind, raw sockaddr bytes in and out,
 * comparison, and the text forms both ways through the family table (family.h). The
 * family-specific constructors, accessors and text forms live in src/family/<name>.c.
 *
 * An address object is a struct sxi_addr allocated whole and never changed after its
 * handle is issued, so readers need no lock: the handle's reference keeps it alive.
 */
#include "addr.h"

#include <stdio.h>
#include <string.h>

#include "addr_family.h"
#include "alloc.h"
#include "detail.h"
#include "family.h"
#include "handle.h"
#include "socketx/errors.h"
#include "strout.h"

/* The smallest sockaddr that still says its family. */
#define MIN_SOCKADDR_LEN ((socklen_t)sizeof(sa_family_t))

static int32_t destroy_addr(void *obj)
{
    sxi_free(obj);
    return 0;
}

const struct sxi_kind_ops sxi_addr_ops = {
    .on_close = NULL, /* nothing blocks on an address */
    .destroy = destroy_addr,
};

int32_t sxi_addr_new(const void *sa, socklen_t len, sx_addr *out)
{
    return sxi_addr_new_proto(sa, len, 0, out);
}

int32_t sxi_addr_new_proto(const void *sa, socklen_t len, int32_t proto, sx_addr *out)
{
    /* calloc: accessors read whole fields, so bytes past len must be defined (zero). */
    struct sxi_addr *a = sxi_calloc(1, sizeof *a);
    if (!a)
        return sxi_fail(SX_ENOMEM, "out of memory for an address");
    a->len = len;
    a->proto = proto;
    memcpy(&a->u, sa, len);
    int32_t rc = sxi_handle_new(SXI_KIND_ADDR, a, out);
    if (rc)
        sxi_free(a);
    return rc;
}

int32_t sxi_addr_acquire(sx_addr h, const struct sxi_addr **out)
{
    if (!out)
        return sxi_fail(SX_EARG, "sxi_addr_acquire: out is NULL");
    void *obj = NULL;
    int32_t rc = sxi_handle_acquire(h, SXI_KIND_ADDR, &obj);
    if (rc)
        return rc;
    *out = obj;
    return 0;
}

int32_t sxi_addr_acquire_out(sx_addr h, const void *out, const char *what, const struct sxi_addr **a)
{
    *a = NULL;
    if (!out)
        return sxi_fail(SX_EARG, "%s is NULL", what);
    return sxi_addr_acquire(h, a);
}

int32_t sxi_addr_acquire_family(sx_addr h, const void *out, const char *what, int af, const char *af_name,
                                const struct sxi_addr **a)
{
    int32_t rc = sxi_addr_acquire_out(h, out, what, a);
    if (rc)
        return rc;
    unsigned family = (*a)->u.sa.sa_family;
    if ((int)family == af)
        return 0;
    sxi_handle_release(h);
    *a = NULL;
    return sxi_fail(SX_EARG, "%s: not an %s address (family %u)", what, af_name, family);
}

int32_t sxi_addr_from_kernel(const struct sockaddr_storage *ss, socklen_t len, int32_t proto, sx_addr *out)
{
    if (!ss || !out)
        return sxi_fail(SX_EARG, "sxi_addr_from_kernel: NULL argument");
    /* No family at all: an unbound datagram sender (Python gives None), so no address. */
    if (len < MIN_SOCKADDR_LEN) {
        *out = 0;
        return 0;
    }
    /* The kernel reports the full length even when it truncated the copy to our buffer. */
    if (len > (socklen_t)sizeof *ss)
        len = (socklen_t)sizeof *ss;
    return sxi_addr_new_proto(ss, len, proto, out);
}

int32_t sx_addr_from_sockaddr(const void *sa, size_t len, sx_addr *out)
{
    if (!out)
        return sxi_fail(SX_EARG, "sx_addr_from_sockaddr: out is NULL");
    *out = 0;
    if (!sa)
        return sxi_fail(SX_EARG, "sx_addr_from_sockaddr: sa is NULL");
    if (len < MIN_SOCKADDR_LEN || len > sizeof(struct sockaddr_storage))
        return sxi_fail(SX_EARG, "sockaddr length %zu out of range %u..%zu", len, (unsigned)MIN_SOCKADDR_LEN,
                        sizeof(struct sockaddr_storage));
    sa_family_t family;
    memcpy(&family, sa, sizeof family); /* sa may be unaligned */
    /* A family with a codec must bring the fields its accessors read; families without one stay raw bytes. */
    const struct sxi_family *f = sxi_family_find(family);
    if (f && len < f->min_len)
        return sxi_fail(SX_EARG, "%s sockaddr too short: %zu bytes, need %u", f->af_name, len, (unsigned)f->min_len);
    return sxi_addr_new(sa, (socklen_t)len, out);
}

int32_t sx_addr_to_sockaddr(sx_addr h, void *buf, size_t cap, size_t *len_out)
{
    const struct sxi_addr *a;
    int32_t rc = sxi_addr_acquire_out(h, len_out, "sx_addr_to_sockaddr: len_out", &a);
    if (rc)
        return rc;
    rc = sxi_copy_out(&a->u, a->len, 0, buf, cap, len_out);
    sxi_handle_release(h);
    return rc;
}

int32_t sx_addr_family(sx_addr h, int32_t *family_out)
{
    const struct sxi_addr *a;
    int32_t rc = sxi_addr_acquire_out(h, family_out, "sx_addr_family: family_out", &a);
    if (rc)
        return rc;
    *family_out = a->u.sa.sa_family;
    sxi_handle_release(h);
    return 0;
}

int32_t sx_addr_equal(sx_addr ha, sx_addr hb, int *equal_out)
{
    if (!equal_out)
        return sxi_fail(SX_EARG, "sx_addr_equal: equal_out is NULL");
    const struct sxi_addr *a, *b;
    int32_t rc = sxi_addr_acquire(ha, &a);
    if (rc)
        return rc;
    rc = sxi_addr_acquire(hb, &b);
    if (rc) {
        sxi_handle_release(ha);
        return rc;
    }
    *equal_out = a->len == b->len && memcmp(&a->u, &b->u, a->len) == 0;
    sxi_handle_release(hb);
    sxi_handle_release(ha);
    return 0;
}

int32_t sx_addr_close(sx_addr h)
{
    return sxi_handle_close(h, SXI_KIND_ADDR);
}

/* The form for families without a text form of their own: "family=<n>:<hex of the bytes after sa_family>". */
static size_t raw_text(const struct sxi_addr *a, char *text)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *bytes = (const unsigned char *)&a->u;
    size_t n = (size_t)snprintf(text, SXI_ADDR_TEXT_CAP, "family=%u:", (unsigned)a->u.sa.sa_family);
    for (size_t i = MIN_SOCKADDR_LEN; i < a->len; i++) {
        text[n++] = hex[bytes[i] >> 4];
        text[n++] = hex[bytes[i] & 0xf];
    }
    text[n] = '\0';
    return n;
}

int32_t sx_addr_to_string(sx_addr h, char *buf, size_t cap, size_t *len_out)
{
    const struct sxi_addr *a;
    int32_t rc = sxi_addr_acquire_out(h, len_out, "sx_addr_to_string: len_out", &a);
    if (rc)
        return rc;
    char text[SXI_ADDR_TEXT_CAP];
    size_t n = 0;
    const struct sxi_family *f = sxi_family_find(a->u.sa.sa_family);
    if (!f || !f->text || f->text(a, text, &n) != 0)
        n = raw_text(a, text);
    rc = sxi_copy_out(text, n, 1, buf, cap, len_out);
    sxi_handle_release(h);
    return rc;
}

int32_t sx_addr_from_string(int32_t family, const char *text, sx_addr *out)
{
    if (!out)
        return sxi_fail(SX_EARG, "sx_addr_from_string: out is NULL");
    *out = 0;
    if (!text)
        return sxi_fail(SX_EARG, "sx_addr_from_string: text is NULL");
    const struct sxi_family *f = family == AF_UNSPEC ? sxi_family_for_text(text) : sxi_family_find(family);
    if (!f && family == AF_UNSPEC)
        return sxi_fail(SX_EARG, "'%.80s' starts with no family's scheme (name the family for AF_INET, AF_INET6 and AF_UNIX)",
                        text);
    if (!f || !f->parse)
        return sxi_fail(SX_ENOTSUP, "family %d has no text form in this build", (int)family);
    return f->parse(text, out);
}
