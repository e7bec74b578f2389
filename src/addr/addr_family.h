/* SPDX-License-Identifier: MIT */
/*
 * Internal: what addr.c (the family-independent address code) and the per-family files
 * (src/family/<name>.c) share. The socket code uses addr.h only.
 */
#ifndef SXI_ADDR_FAMILY_H
#define SXI_ADDR_FAMILY_H

#include <stddef.h>

#include "addr.h"

/*
 * Room for the longest text form plus its NUL: an abstract AF_UNIX name filling a whole
 * sockaddr_storage is '@' and 125 bytes after the leading NUL, each up to 4 characters (\xHH).
 */
#define SXI_ADDR_TEXT_CAP 512

/* Register a copy of len bytes of sa (2..sizeof(struct sockaddr_storage), not checked) under a new handle. */
int32_t sxi_addr_new(const void *sa, socklen_t len, sx_addr *out);

/* sxi_addr_new() for an address whose layout depends on the protocol (struct sxi_addr's proto). */
int32_t sxi_addr_new_proto(const void *sa, socklen_t len, int32_t proto, sx_addr *out);


#endif
