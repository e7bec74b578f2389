/* SPDX-License-Identifier: MIT */
/*
 * Internal: IPv6 zones ("fe80::1%lo"), read and written the same way by every path that
 * takes or shows an IPv6 host: the address constructors, getaddrinfo, getnameinfo and the
 * text forms. One rule for a zone and an explicit scope_id (sxi_zone_merge) keeps them agreeing.
 */
#ifndef SXI_ZONE_H
#define SXI_ZONE_H

#include <arpa/inet.h>
#include <net/if.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Split "literal%zone". Returns 1 when host is an IPv6 literal with a zone (the literal's
 * text copied to literal, the zone's interface index to *scope), 0 when it is not (no '%',
 * or no IPv6 literal before it: the text is the resolver's to judge), or a negative status:
 * SX_ENOTFOUND for a zone naming no interface, or the OS code that kept the name from being
 * looked up (SX_EMFILE, SX_ENFILE...).
 */
int32_t sxi_zone_split(const char *host, char literal[INET6_ADDRSTRLEN], uint32_t *scope);

/*
 * The scope of an address whose host text carried zone_scope (0: no zone) and whose caller
 * passed scope_id (0: none). 0 takes the zone's; an equal one is accepted; a different
 * non-zero one is SX_EARG, with a detail naming both.
 */
int32_t sxi_zone_merge(const char *host, uint32_t zone_scope, uint32_t scope_id, uint32_t *scope_out);

/*
 * Write the zone of scope id (non-zero) as "%name" when an interface has that index now,
 * "%<number>" otherwise, so a text form never fails. cap >= SXI_ZONE_TEXT_CAP.
 */
#define SXI_ZONE_TEXT_CAP 16
void sxi_zone_text(uint32_t id, char *buf, size_t cap);

/* ---- netif.c ---- */

/*
 * The index of the interface named name, asked with the library's own socket so that a
 * failure to get one is told apart from an unknown name. Returns 1 (found, *index set),
 * 0 (no such interface), or the OS code of the socket it could not open.
 */
int32_t sxi_if_index(const char *name, uint32_t *index);

/* The name of the interface with index (IF_NAMESIZE bytes with the NUL); SX_ENXIO for none, or an OS code. */
int32_t sxi_if_name(uint32_t index, char name[IF_NAMESIZE]);

#endif
