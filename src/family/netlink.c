/* SPDX-License-Identifier: MIT */
/*
 * AF_NETLINK addresses: (pid, groups) as struct sockaddr_nl, and the "netlink:<pid>:<groups>"
 * text form. Both fields are plain u32s, so every value is valid, as in Python.
 */
#include "addr.h"

#include <linux/netlink.h>
#include <stdio.h>
#include <string.h>

#include "addr_family.h"
#include "detail.h"
#include "family.h"
#include "handle.h"
#include "socketx/errors.h"
#include "socketx/family/netlink.h"
#include "text_scan.h"

#define TEXT_FORM "netlink:<pid>:<groups>"

int32_t sx_addr_netlink(uint32_t pid, uint32_t groups, sx_addr *out)
{
    if (!out)
        return sxi_fail(SX_EARG, "sx_addr_netlink: out is NULL");
    *out = 0;
    struct sockaddr_nl nl;
    memset(&nl, 0, sizeof nl);
    nl.nl_family = AF_NETLINK;
    nl.nl_pid = pid;
    nl.nl_groups = groups;
    return sxi_addr_new(&nl, sizeof nl, out);
}

/* The sockaddr_nl of an address acquired as AF_NETLINK (bytes past its length read as zero). */
static const struct sockaddr_nl *as_nl(const struct sxi_addr *a)
{
    return (const struct sockaddr_nl *)&a->u;
}

int32_t sx_addr_netlink_pid(sx_addr h, uint32_t *pid_out)
{
    const struct sxi_addr *a;
    int32_t rc = sxi_addr_acquire_family(h, pid_out, "sx_addr_netlink_pid: pid_out", AF_NETLINK, "AF_NETLINK", &a);
    if (rc)
        return rc;
    *pid_out = as_nl(a)->nl_pid;
    sxi_handle_release(h);
    return 0;
}

int32_t sx_addr_netlink_groups(sx_addr h, uint32_t *groups_out)
{
    const struct sxi_addr *a;
    int32_t rc =
        sxi_addr_acquire_family(h, groups_out, "sx_addr_netlink_groups: groups_out", AF_NETLINK, "AF_NETLINK", &a);
    if (rc)
        return rc;
    *groups_out = as_nl(a)->nl_groups;
    sxi_handle_release(h);
    return 0;
}

static int text_form(const struct sxi_addr *a, char *text, size_t *len)
{
    /* Shorter than the struct: the text would read back as a different (longer) address. */
    if (a->len < sizeof(struct sockaddr_nl))
        return -1;
    const struct sockaddr_nl *nl = as_nl(a);
    *len = (size_t)snprintf(text, SXI_ADDR_TEXT_CAP, "netlink:%lu:%lu", (unsigned long)nl->nl_pid,
                            (unsigned long)nl->nl_groups);
    return 0;
}

static int32_t parse(const char *text, sx_addr *out)
{
    uint32_t pid = 0, groups = 0;
    int32_t rc = sxi_scan_u32_pair(text, "netlink", TEXT_FORM, "pid", "groups", &pid, &groups);
    return rc ? rc : sx_addr_netlink(pid, groups, out);
}

static int owns_text(const char *text)
{
    return sxi_scan_has_scheme(text, "netlink");
}

const struct sxi_family sxi_family_netlink = {
    .af = AF_NETLINK,
    .name = "netlink",
    .af_name = "AF_NETLINK",
    .min_len = sizeof(struct sockaddr_nl),
    .socket_takes = AF_NETLINK,
    .text = text_form,
    .parse = parse,
    .owns_text = owns_text,
};
