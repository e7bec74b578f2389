/* SPDX-License-Identifier: MIT */
/*
 * The families of other systems (socketx/family/elsewhere.h): AF_HYPERV (Windows),
 * PF_SYSTEM (macOS), AF_LINK (BSD, macOS) and AF_DIVERT (FreeBSD).
 *
 * Linux has no AF_* value for any of them, so no sockaddr of theirs can exist here and
 * they have no entry in the family table. Each call still checks its arguments as it
 * will on its own system, so that a caller's mistake reads the same everywhere; what
 * follows the checks is where a port to that system builds or reads the sockaddr
 * (sockaddr_hv, sockaddr_ctl, sockaddr_dl, sockaddr_in), and on Linux it is SX_ENOTSUP
 * with a detail naming the system that has the family.
 */
#include "addr.h"

#include "detail.h"
#include "handle.h"
#include "socketx/errors.h"
#include "socketx/family/elsewhere.h"

#define PORT_MAX 65535

/* What every call answers on this system once its arguments are checked. */
static int32_t not_on_linux(const char *caller, const char *family, const char *systems)
{
    return sxi_fail(SX_ENOTSUP, "%s: %s addresses exist only on %s, not on Linux", caller, family, systems);
}

#define HYPERV "AF_HYPERV", "Windows"
#define SYSTEM "PF_SYSTEM", "macOS"
#define LINK "AF_LINK", "BSD and macOS"
#define DIVERT "AF_DIVERT", "FreeBSD"

/* The opening of a constructor: a non-NULL out, cleared, as every constructor leaves it on failure. */
static int32_t start_new(const char *caller, sx_addr *out)
{
    if (!out)
        return sxi_fail(SX_EARG, "%s: out is NULL", caller);
    *out = 0;
    return 0;
}

/* The opening of an accessor: the out-pointers (named by what) and an open address handle. */
static int32_t check_accessor(sx_addr h, const void *out, const char *what)
{
    const struct sxi_addr *a;
    int32_t rc = sxi_addr_acquire_out(h, out, what, &a);
    if (rc)
        return rc;
    sxi_handle_release(h);
    return 0;
}

/* The (buf, cap, len_out) convention's own checks, before any data exists to copy. */
static int32_t check_buffer(const char *caller, const void *buf, size_t cap, const size_t *len_out)
{
    if (!len_out)
        return sxi_fail(SX_EARG, "%s: len_out is NULL", caller);
    if (!buf && cap)
        return sxi_fail(SX_EARG, "%s: buf is NULL but cap is %zu", caller, cap);
    return 0;
}

static int32_t check_which(const char *caller, int32_t which, const char *zero, const char *one)
{
    if (which != 0 && which != 1)
        return sxi_fail(SX_EARG, "%s: which must be 0 (%s) or 1 (%s), not %d", caller, zero, one, (int)which);
    return 0;
}

int32_t sx_addr_hyperv(const char *vm_id, const char *service_id, sx_addr *out)
{
    int32_t rc = start_new("sx_addr_hyperv", out);
    if (rc)
        return rc;
    if (!vm_id || !service_id)
        return sxi_fail(SX_EARG, "sx_addr_hyperv: %s is NULL", !vm_id ? "vm_id" : "service_id");
    return not_on_linux("sx_addr_hyperv", HYPERV);
}

int32_t sx_addr_hyperv_id(sx_addr a, int32_t which, char *buf, size_t cap, size_t *len_out)
{
    int32_t rc = check_buffer("sx_addr_hyperv_id", buf, cap, len_out);
    if (!rc)
        rc = check_which("sx_addr_hyperv_id", which, "vm_id", "service_id");
    if (!rc)
        rc = check_accessor(a, len_out, "sx_addr_hyperv_id: len_out");
    return rc ? rc : not_on_linux("sx_addr_hyperv_id", HYPERV);
}

int32_t sx_addr_system(uint32_t id, uint32_t unit, sx_addr *out)
{
    (void)id;
    (void)unit; /* every id and unit is a valid sockaddr_ctl field */
    int32_t rc = start_new("sx_addr_system", out);
    return rc ? rc : not_on_linux("sx_addr_system", SYSTEM);
}

int32_t sx_addr_system_name(const char *ctl_name, sx_addr *out)
{
    int32_t rc = start_new("sx_addr_system_name", out);
    if (rc)
        return rc;
    if (!ctl_name)
        return sxi_fail(SX_EARG, "sx_addr_system_name: ctl_name is NULL");
    return not_on_linux("sx_addr_system_name", SYSTEM);
}

int32_t sx_addr_system_fields(sx_addr a, uint32_t *id_out, uint32_t *unit_out)
{
    if (!id_out)
        return sxi_fail(SX_EARG, "sx_addr_system_fields: id_out is NULL");
    int32_t rc = check_accessor(a, unit_out, "sx_addr_system_fields: unit_out");
    return rc ? rc : not_on_linux("sx_addr_system_fields", SYSTEM);
}

int32_t sx_addr_link(int32_t ifindex, int32_t type, const char *name, const void *lladdr, size_t lladdr_len,
                     sx_addr *out)
{
    (void)ifindex;
    (void)type; /* ranges are the system's sockaddr_dl's: a port checks them there */
    int32_t rc = start_new("sx_addr_link", out);
    if (rc)
        return rc;
    if (!name)
        return sxi_fail(SX_EARG, "sx_addr_link: name is NULL");
    if (!lladdr && lladdr_len)
        return sxi_fail(SX_EARG, "sx_addr_link: lladdr is NULL but lladdr_len is %zu", lladdr_len);
    return not_on_linux("sx_addr_link", LINK);
}

int32_t sx_addr_link_fields(sx_addr a, int32_t *ifindex_out, int32_t *type_out)
{
    if (!ifindex_out)
        return sxi_fail(SX_EARG, "sx_addr_link_fields: ifindex_out is NULL");
    int32_t rc = check_accessor(a, type_out, "sx_addr_link_fields: type_out");
    return rc ? rc : not_on_linux("sx_addr_link_fields", LINK);
}

int32_t sx_addr_link_bytes(sx_addr a, int32_t which, void *buf, size_t cap, size_t *len_out)
{
    int32_t rc = check_buffer("sx_addr_link_bytes", buf, cap, len_out);
    if (!rc)
        rc = check_which("sx_addr_link_bytes", which, "the interface name", "the link-level address");
    if (!rc)
        rc = check_accessor(a, len_out, "sx_addr_link_bytes: len_out");
    return rc ? rc : not_on_linux("sx_addr_link_bytes", LINK);
}

int32_t sx_addr_divert(const char *host, int32_t port, sx_addr *out)
{
    int32_t rc = start_new("sx_addr_divert", out);
    if (rc)
        return rc;
    if (!host)
        return sxi_fail(SX_EARG, "sx_addr_divert: host is NULL");
    if (port < 0 || port > PORT_MAX)
        return sxi_fail(SX_EOUTOFRANGE, "port must be 0-65535, not %d", (int)port);
    return not_on_linux("sx_addr_divert", DIVERT);
}
