/* SPDX-License-Identifier: MIT */
/*
 * The protocol and service databases (/etc/protocols, /etc/services or NSS), through the
 * reentrant _r calls with caller-owned buffers, so no thread sees another's result.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <string.h>

#include "detail.h"
#include "socketx/errors.h"
#include "socketx/resolve.h"
#include "strout.h"

/* Entries are short lines; a buffer this size holds any real one, ERANGE is still handled. */
#define DB_BUF 4096

int32_t sx_getprotobyname(const char *name, int32_t *proto_out)
{
    if (!name || !proto_out)
        return sxi_fail(SX_EARG, "sx_getprotobyname: NULL argument");
    char buf[DB_BUF];
    struct protoent pe, *res = NULL;
    int r = getprotobyname_r(name, &pe, buf, sizeof buf, &res);
    if (r == ERANGE)
        return sxi_fail_errno(r, "getprotobyname_r");
    if (!res)
        return sxi_fail(SX_ENOTFOUND, "protocol not found: '%.80s'", name);
    *proto_out = pe.p_proto;
    return 0;
}

int32_t sx_getservbyname(const char *name, const char *proto, int32_t *port_out)
{
    if (!name || !port_out)
        return sxi_fail(SX_EARG, "sx_getservbyname: NULL argument");
    char buf[DB_BUF];
    struct servent se, *res = NULL;
    int r = getservbyname_r(name, proto, &se, buf, sizeof buf, &res);
    if (r == ERANGE)
        return sxi_fail_errno(r, "getservbyname_r");
    if (!res)
        return sxi_fail(SX_ENOTFOUND, "service/proto not found: '%.80s'/'%.20s'", name, proto ? proto : "any");
    *port_out = ntohs((uint16_t)se.s_port);
    return 0;
}

int32_t sx_getservbyport(int32_t port, const char *proto, char *buf, size_t cap, size_t *len_out)
{
    if (!len_out)
        return sxi_fail(SX_EARG, "sx_getservbyport: len_out is NULL");
    if (port < 0 || port > 65535)
        return sxi_fail(SX_EOUTOFRANGE, "getservbyport: port must be 0-65535.");
    char db[DB_BUF];
    struct servent se, *res = NULL;
    int r = getservbyport_r(htons((uint16_t)port), proto, &se, db, sizeof db, &res);
    if (r == ERANGE)
        return sxi_fail_errno(r, "getservbyport_r");
    if (!res)
        return sxi_fail(SX_ENOTFOUND, "port/proto not found: %d/'%.20s'", (int)port, proto ? proto : "any");
    return sxi_copy_out(se.s_name, strlen(se.s_name), 1, buf, cap, len_out);
}
