/* SPDX-License-Identifier: MIT */
/*
 * IPv6 zones (see zone.h). The zone is an interface name, tried first as glibc does, then
 * a decimal index; any IPv6 literal may carry one, not only link-local addresses.
 */
#include "zone.h"

#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include "detail.h"
#include "socketx/errors.h"

static int32_t zone_index(const char *zone, uint32_t *index)
{
    int32_t rc = sxi_if_index(zone, index);
    if (rc)
        return rc < 0 ? rc : 0;
    if (*zone >= '0' && *zone <= '9') {
        uint64_t v = 0;
        const char *p = zone;
        for (; *p >= '0' && *p <= '9' && v <= UINT32_MAX; p++)
            v = v * 10u + (uint64_t)(*p - '0');
        if (*p == '\0' && v <= UINT32_MAX) {
            *index = (uint32_t)v;
            return 0;
        }
    }
    return sxi_fail(SX_ENOTFOUND, "unknown interface '%.60s' in the %%zone of an IPv6 address", zone);
}

int32_t sxi_zone_split(const char *host, char literal[INET6_ADDRSTRLEN], uint32_t *scope)
{
    const char *percent = strchr(host, '%');
    if (!percent)
        return 0;
    size_t n = (size_t)(percent - host);
    if (n >= INET6_ADDRSTRLEN)
        return 0;
    memcpy(literal, host, n);
    literal[n] = '\0';
    struct in6_addr ignored;
    if (inet_pton(AF_INET6, literal, &ignored) != 1)
        return 0;
    int32_t rc = zone_index(percent + 1, scope);
    return rc ? rc : 1;
}

int32_t sxi_zone_merge(const char *host, uint32_t zone_scope, uint32_t scope_id, uint32_t *scope_out)
{
    if (zone_scope && scope_id && zone_scope != scope_id)
        return sxi_fail(SX_EARG, "host '%.80s' has zone index %lu but scope_id is %lu", host,
                        (unsigned long)zone_scope, (unsigned long)scope_id);
    *scope_out = scope_id ? scope_id : zone_scope;
    return 0;
}

void sxi_zone_text(uint32_t id, char *buf, size_t cap)
{
    char name[IF_NAMESIZE];
    if (sxi_if_name(id, name) == 0)
        snprintf(buf, cap, "%%%s", name);
    else
        snprintf(buf, cap, "%%%lu", (unsigned long)id);
}
