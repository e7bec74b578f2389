/* SPDX-License-Identifier: MIT */
/*
 * AF_TIPC addresses: Python's (addr_type, v1, v2, v3, scope) over struct sockaddr_tipc, whose
 * union holds a service range (NAMESEQ), a service address (NAME) or a socket id (ID), and
 * the "tipc:<kind>:<v1>:<v2>:<v3>:<scope>" text form.
 *
 * The values read back as CPython's makesockaddr reports them (NAME repeats the instance as
 * v3, ID gives 0), so a text written from an address reads back to the same bytes: the
 * constructor ignores v3 for those two types, as CPython's getsockaddrarg does.
 */
#include "addr.h"

#include <linux/tipc.h>
#include <stdio.h>
#include <string.h>

#include "addr_family.h"
#include "detail.h"
#include "family.h"
#include "handle.h"
#include "socketx/errors.h"
#include "socketx/family/tipc.h"
#include "text_scan.h"

#define TEXT_FORM "tipc:<nameseq|name|id>:<v1>:<v2>:<v3>:<scope>"
#define SCOPE_MAX 255 /* sockaddr_tipc's scope is one byte */

static const char *kind_name(unsigned addr_type)
{
    switch (addr_type) {
    case TIPC_ADDR_NAMESEQ:
        return "nameseq";
    case TIPC_ADDR_NAME:
        return "name";
    case TIPC_ADDR_ID:
        return "id";
    default:
        return NULL;
    }
}

int32_t sx_addr_tipc(int32_t addr_type, uint32_t v1, uint32_t v2, uint32_t v3, int32_t scope, sx_addr *out)
{
    if (!out)
        return sxi_fail(SX_EARG, "sx_addr_tipc: out is NULL");
    *out = 0;
    if (addr_type < 0 || !kind_name((unsigned)addr_type))
        return sxi_fail(SX_EARG, "Invalid address type: %d (TIPC_ADDR_NAMESEQ 1, TIPC_ADDR_NAME 2, TIPC_ADDR_ID 3)",
                        (int)addr_type);
    if (scope < 0 || scope > SCOPE_MAX)
        return sxi_fail(SX_EOUTOFRANGE, "TIPC scope must be 0-%d, not %d", SCOPE_MAX, (int)scope);
    struct sockaddr_tipc st;
    memset(&st, 0, sizeof st);
    st.family = AF_TIPC;
    st.addrtype = (unsigned char)addr_type;
    st.scope = (signed char)(unsigned char)scope;
    if (addr_type == TIPC_ADDR_NAMESEQ) {
        st.addr.nameseq.type = v1;
        st.addr.nameseq.lower = v2;
        st.addr.nameseq.upper = v3;
    } else if (addr_type == TIPC_ADDR_NAME) {
        st.addr.name.name.type = v1;
        st.addr.name.name.instance = v2;
    } else {
        st.addr.id.node = v1;
        st.addr.id.ref = v2;
    }
    return sxi_addr_new(&st, sizeof st, out);
}

static const struct sockaddr_tipc *as_tipc(const struct sxi_addr *a)
{
    return (const struct sockaddr_tipc *)&a->u;
}

/* Python's output tuple's three values; -1 for an address type it does not know. */
static int values(const struct sockaddr_tipc *st, uint32_t v[3])
{
    switch (st->addrtype) {
    case TIPC_ADDR_NAMESEQ:
        v[0] = st->addr.nameseq.type, v[1] = st->addr.nameseq.lower, v[2] = st->addr.nameseq.upper;
        return 0;
    case TIPC_ADDR_NAME:
        v[0] = st->addr.name.name.type, v[1] = st->addr.name.name.instance, v[2] = st->addr.name.name.instance;
        return 0;
    case TIPC_ADDR_ID:
        v[0] = st->addr.id.node, v[1] = st->addr.id.ref, v[2] = 0;
        return 0;
    default:
        return -1;
    }
}

static int32_t invalid_type(sx_addr h, const char *what, unsigned addr_type)
{
    sxi_handle_release(h);
    return sxi_fail(SX_EARG, "%s: Invalid address type %u in the AF_TIPC address", what, addr_type);
}

int32_t sx_addr_tipc_addr_type(sx_addr h, int32_t *addr_type_out)
{
    const struct sxi_addr *a;
    int32_t rc = sxi_addr_acquire_family(h, addr_type_out, "sx_addr_tipc_addr_type: addr_type_out", AF_TIPC,
                                         "AF_TIPC", &a);
    if (rc)
        return rc;
    unsigned addr_type = as_tipc(a)->addrtype;
    if (!kind_name(addr_type))
        return invalid_type(h, "sx_addr_tipc_addr_type", addr_type);
    *addr_type_out = (int32_t)addr_type;
    sxi_handle_release(h);
    return 0;
}

int32_t sx_addr_tipc_values(sx_addr h, uint32_t *v1_out, uint32_t *v2_out, uint32_t *v3_out)
{
    if (!v1_out || !v2_out || !v3_out)
        return sxi_fail(SX_EARG, "sx_addr_tipc_values: %s is NULL", !v1_out ? "v1_out" : !v2_out ? "v2_out" : "v3_out");
    const struct sxi_addr *a;
    int32_t rc = sxi_addr_acquire_family(h, v1_out, "sx_addr_tipc_values", AF_TIPC, "AF_TIPC", &a);
    if (rc)
        return rc;
    uint32_t v[3];
    if (values(as_tipc(a), v) != 0)
        return invalid_type(h, "sx_addr_tipc_values", as_tipc(a)->addrtype);
    *v1_out = v[0], *v2_out = v[1], *v3_out = v[2];
    sxi_handle_release(h);
    return 0;
}

int32_t sx_addr_tipc_scope(sx_addr h, int32_t *scope_out)
{
    const struct sxi_addr *a;
    int32_t rc = sxi_addr_acquire_family(h, scope_out, "sx_addr_tipc_scope: scope_out", AF_TIPC, "AF_TIPC", &a);
    if (rc)
        return rc;
    /* The byte as the constructor took it (0..255); CPython shows a negative one as a wrapped u32. */
    *scope_out = (unsigned char)as_tipc(a)->scope;
    sxi_handle_release(h);
    return 0;
}

static int text_form(const struct sxi_addr *a, char *text, size_t *len)
{
    const struct sockaddr_tipc *st = as_tipc(a);
    uint32_t v[3];
    if (a->len < sizeof *st || values(st, v) != 0)
        return -1;
    *len = (size_t)snprintf(text, SXI_ADDR_TEXT_CAP, "tipc:%s:%lu:%lu:%lu:%u", kind_name(st->addrtype),
                            (unsigned long)v[0], (unsigned long)v[1], (unsigned long)v[2],
                            (unsigned)(unsigned char)st->scope);
    return 0;
}

static int32_t parse(const char *text, sx_addr *out)
{
    struct sxi_scan sc;
    sxi_scan_init(&sc, text, TEXT_FORM);
    char kind[8];
    int32_t rc = sxi_scan_scheme(&sc, "tipc");
    if (!rc)
        rc = sxi_scan_word(&sc, ":", kind, sizeof kind, "kind");
    int32_t addr_type = 0;
    for (unsigned t = TIPC_ADDR_NAMESEQ; !rc && t <= TIPC_ADDR_ID && !addr_type; t++)
        if (strcmp(kind, kind_name(t)) == 0)
            addr_type = (int32_t)t;
    if (!rc && !addr_type)
        return sxi_fail(SX_EARG, "'%.80s' is not in the form %s: unknown kind '%s'", text, TEXT_FORM, kind);
    static const char *const fields[3] = {"v1", "v2", "v3"};
    uint64_t v[3] = {0, 0, 0}, scope = 0;
    for (int i = 0; i < 3 && !rc; i++) {
        rc = sxi_scan_char(&sc, ':');
        if (!rc)
            rc = sxi_scan_uint(&sc, UINT32_MAX, fields[i], &v[i]);
    }
    if (!rc)
        rc = sxi_scan_char(&sc, ':');
    if (!rc)
        rc = sxi_scan_uint(&sc, SCOPE_MAX, "scope", &scope);
    if (!rc)
        rc = sxi_scan_end(&sc);
    return rc ? rc : sx_addr_tipc(addr_type, (uint32_t)v[0], (uint32_t)v[1], (uint32_t)v[2], (int32_t)scope, out);
}

static int owns_text(const char *text)
{
    return sxi_scan_has_scheme(text, "tipc");
}

const struct sxi_family sxi_family_tipc = {
    .af = AF_TIPC,
    .name = "tipc",
    .af_name = "AF_TIPC",
    .min_len = sizeof(struct sockaddr_tipc),
    .socket_takes = AF_TIPC,
    .text = text_form,
    .parse = parse,
    .owns_text = owns_text,
};
