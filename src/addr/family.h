/* SPDX-License-Identifier: MIT */
/*
 * Internal: the one table of address families. Everything the library knows about a
 * family (its codec's smallest sockaddr, its text form both ways, whether this system
 * has it, which addresses its sockets take) is reached through its entry here, so that
 * a new family is its own src/family/<name>.c plus one line in families.def.
 */
#ifndef SXI_FAMILY_H
#define SXI_FAMILY_H

#include <stddef.h>
#include <stdint.h>

#include "addr.h"

struct sxi_family {
    /* The AF_* value of this system. */
    int af;
    /* The family's lower-case name ("netlink"), as `socketx info` and details show it. */
    const char *name;
    /* Its constant's name ("AF_NETLINK"), for details. */
    const char *af_name;
    /*
     * The shortest raw sockaddr sx_addr_from_sockaddr() accepts for it: the accessors read
     * whole fields up to here. Addresses the kernel returns are taken at any length (the
     * bytes past it read as zero).
     */
    uint32_t min_len;
    /*
     * The family of the addresses a socket of this family takes, checked before bind,
     * connect and sendto so that a mismatch is SX_EARG with a detail instead of the
     * kernel's EINVAL or EAFNOSUPPORT; usually af itself, AF_INET for AF_RDS; 0 to leave
     * the judgement to the kernel.
     */
    int socket_takes;
    /*
     * 1 when an accepted socket of this family has no peer address and accept(2) fails if
     * asked for one (AF_ALG: its operation sockets have no getname): accept asks for none
     * and reports address 0, as Python reports None.
     */
    int accept_unnamed;
    /*
     * Write the text form to text (SXI_ADDR_TEXT_CAP bytes, NUL-terminated), its length to
     * *len; return 0, or -1 when this address cannot be shown by the family's rules (too
     * short for its struct, an unknown layout): the caller then writes the raw form.
     * NULL: the raw form always.
     */
    int (*text)(const struct sxi_addr *a, char *text, size_t *len);
    /*
     * Parse the family's whole text form (what text() writes) into a new handle. NULL: the
     * family has no text form to read (sx_addr_from_string() gives SX_ENOTSUP).
     */
    int32_t (*parse)(const char *text, sx_addr *out);
    /*
     * Whether text, which does not belong to a family named explicitly, is in this
     * family's form: its scheme ("netlink:" ...). NULL for the forms without a scheme
     * (AF_INET, AF_INET6, AF_UNIX), which need their family named.
     */
    int (*owns_text)(const char *text);
};

/* Every family's entry, declared from families.def. */
#define SXI_FAMILY(name) extern const struct sxi_family sxi_family_##name;
#include "families.def"
#undef SXI_FAMILY

/* The entry of an AF_* value, or NULL when the library has no codec for it. */
const struct sxi_family *sxi_family_find(int af);

/* The address family a socket of family af takes (its entry's socket_takes); 0 for a family without an entry. */
int sxi_family_takes(int af);

/* The entry whose owns_text() accepts text, or NULL. */
const struct sxi_family *sxi_family_for_text(const char *text);

/* The entries, in families.def order, for enumeration: *count_out receives their number. */
const struct sxi_family *const *sxi_family_all(size_t *count_out);

#endif
