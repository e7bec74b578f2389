/* SPDX-License-Identifier: MIT */
/* Internal: what the two create_connection strategies share. */
#ifndef SXI_CONNECT_H
#define SXI_CONNECT_H

#include <netdb.h>
#include <stddef.h>
#include <stdint.h>

#include "socketx/common.h"

/* The caller's array of attempt statuses: every failure is counted, the first cap stored. */
struct sxi_errlist {
    int32_t *errors;
    size_t cap;
    size_t n;
};

static inline void sxi_errlist_add(struct sxi_errlist *el, int32_t code)
{
    if (el->n < el->cap)
        el->errors[el->n] = code;
    el->n++;
}

/*
 * Race the addresses of res (RFC 8305): timeout_ns is -1 (none) or > 0, one deadline for all.
 * The winner becomes a socket in the mode timeout_ns says. Returns 0, SX_ETIMEOUT or the last
 * attempt's status; each failed attempt is added to el.
 */
int32_t sxi_happy_eyeballs(const struct addrinfo *res, int64_t timeout_ns, sx_addr source, struct sxi_errlist *el,
                           sx_socket *out);

#endif
