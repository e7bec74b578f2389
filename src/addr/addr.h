/* SPDX-License-Identifier: MIT */
/* Internal: what the socket code needs from addresses. */
#ifndef SXI_ADDR_H
#define SXI_ADDR_H

#include <sys/socket.h>
#include <sys/un.h>
#include <netinet/in.h>

#include "socketx/addr.h"

struct sxi_addr {
    socklen_t len;
    /*
     * The protocol whose layout the bytes hold, for a family whose sockaddr means different
     * things by protocol (AF_CAN: raw, ISO-TP, J1939): the constructor's, or the protocol of
     * the socket the kernel returned it on. 0 when not known. Not part of the bytes: equality
     * and sx_addr_to_sockaddr() ignore it.
     */
    int32_t proto;
    union {
        struct sockaddr sa;
        struct sockaddr_storage ss;
        struct sockaddr_in in;
        struct sockaddr_in6 in6;
        struct sockaddr_un un;
    } u;
};

/* Borrow the sockaddr behind h; release with sxi_handle_release(h). SX_EBADHANDLE if h is not an open address. */
int32_t sxi_addr_acquire(sx_addr h, const struct sxi_addr **out);

/* The opening of every accessor with an out-pointer: refuse a NULL one (what names it), then borrow the address. */
int32_t sxi_addr_acquire_out(sx_addr h, const void *out, const char *what, const struct sxi_addr **a);

/*
 * The opening of a family's field accessor: refuse a NULL out (named by what), borrow the
 * address, and refuse one of another family than af ("<what>: not an <af_name> address").
 * On success release with sxi_handle_release(h).
 */
int32_t sxi_addr_acquire_family(sx_addr h, const void *out, const char *what, int af, const char *af_name,
                                const struct sxi_addr **a);

/*
 * Wrap an address the kernel returned (any family, any length up to sockaddr_storage) on a
 * socket of protocol proto (0 if unknown). len 0 gives *out = 0.
 */
int32_t sxi_addr_from_kernel(const struct sockaddr_storage *ss, socklen_t len, int32_t proto, sx_addr *out);

#endif
