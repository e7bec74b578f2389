/*
 * Addresses, whatever their family: the handle kind, raw sockaddr bytes in and out,
 * comparison and the text form dispatch. The family-specific constructors, accessors
 * and text forms live in addr_inet.c and addr_unix.c.
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
    /* calloc: accessors read whole fields, so bytes past len must be defined (zero). */
    struct sxi_addr *a = sxi_calloc(1, sizeof *a);
    if (!a)
        return sxi_fail(SX_ENOMEM, "out of memory for an address");
    a->len = len;
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

int32_t sxi_addr_from_kernel(const struct sockaddr_storage *ss, socklen_t len, sx_addr *out)
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
    return sxi_addr_new(ss, len, out);
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
    /* The accessors read the whole struct, so these two must be complete; other families stay raw. */
    if (family == AF_INET && len < sizeof(struct sockaddr_in))
        return sxi_fail(SX_EARG, "AF_INET sockaddr too short: %zu bytes, need %zu", len,
                        sizeof(struct sockaddr_in));
    if (family == AF_INET6 && len < sizeof(struct sockaddr_in6))
        return sxi_fail(SX_EARG, "AF_INET6 sockaddr too short: %zu bytes, need %zu", len,
                        sizeof(struct sockaddr_in6));
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
    switch (a->u.sa.sa_family) {
    case AF_INET:
    case AF_INET6:
        n = sxi_addr_inet_text(a, text);
        break;
    case AF_UNIX:
        n = sxi_addr_unix_text(a, text);
        break;
    default:
        break;
    }
    if (n == 0 && a->u.sa.sa_family != AF_UNIX)
        n = raw_text(a, text);
    rc = sxi_copy_out(text, n, 1, buf, cap, len_out);
    sxi_handle_release(h);
    return rc;
}
