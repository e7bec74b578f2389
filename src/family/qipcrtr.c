/* SPDX-License-Identifier: MIT */
/*
 * AF_QIPCRTR addresses: (node, port) as struct sockaddr_qrtr and the
 * "qipcrtr:<node>:<port>" text form. Both fields are plain u32s, so every value is valid.
 */
#include "addr.h"

#include <linux/qrtr.h>
#include <stdio.h>
#include <string.h>

#include "addr_family.h"
#include "detail.h"
#include "family.h"
#include "handle.h"
#include "socketx/errors.h"
#include "socketx/family/qipcrtr.h"
#include "text_scan.h"

#define TEXT_FORM "qipcrtr:<node>:<port>"

int32_t sx_addr_qipcrtr(uint32_t node, uint32_t port, sx_addr *out)
{
    if (!out)
        return sxi_fail(SX_EARG, "sx_addr_qipcrtr: out is NULL");
    *out = 0;
    struct sockaddr_qrtr sq;
    memset(&sq, 0, sizeof sq);
    sq.sq_family = AF_QIPCRTR;
    sq.sq_node = node;
    sq.sq_port = port;
    return sxi_addr_new(&sq, sizeof sq, out);
}

static const struct sockaddr_qrtr *as_qrtr(const struct sxi_addr *a)
{
    return (const struct sockaddr_qrtr *)&a->u;
}

int32_t sx_addr_qipcrtr_node(sx_addr h, uint32_t *node_out)
{
    const struct sxi_addr *a;
    int32_t rc =
        sxi_addr_acquire_family(h, node_out, "sx_addr_qipcrtr_node: node_out", AF_QIPCRTR, "AF_QIPCRTR", &a);
    if (rc)
        return rc;
    *node_out = as_qrtr(a)->sq_node;
    sxi_handle_release(h);
    return 0;
}

int32_t sx_addr_qipcrtr_port(sx_addr h, uint32_t *port_out)
{
    const struct sxi_addr *a;
    int32_t rc =
        sxi_addr_acquire_family(h, port_out, "sx_addr_qipcrtr_port: port_out", AF_QIPCRTR, "AF_QIPCRTR", &a);
    if (rc)
        return rc;
    *port_out = as_qrtr(a)->sq_port;
    sxi_handle_release(h);
    return 0;
}

static int text_form(const struct sxi_addr *a, char *text, size_t *len)
{
    if (a->len < sizeof(struct sockaddr_qrtr))
        return -1;
    *len = (size_t)snprintf(text, SXI_ADDR_TEXT_CAP, "qipcrtr:%lu:%lu", (unsigned long)as_qrtr(a)->sq_node,
                            (unsigned long)as_qrtr(a)->sq_port);
    return 0;
}

static int32_t parse(const char *text, sx_addr *out)
{
    uint32_t node = 0, port = 0;
    int32_t rc = sxi_scan_u32_pair(text, "qipcrtr", TEXT_FORM, "node", "port", &node, &port);
    return rc ? rc : sx_addr_qipcrtr(node, port, out);
}

static int owns_text(const char *text)
{
    return sxi_scan_has_scheme(text, "qipcrtr");
}

const struct sxi_family sxi_family_qipcrtr = {
    .af = AF_QIPCRTR,
    .name = "qipcrtr",
    .af_name = "AF_QIPCRTR",
    .min_len = sizeof(struct sockaddr_qrtr),
    .socket_takes = AF_QIPCRTR,
    .text = text_form,
    .parse = parse,
    .owns_text = owns_text,
};
