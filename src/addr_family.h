/*
 * Internal: what addr.c (the family-independent address code) and the per-family files
 * (addr_inet.c, addr_unix.c) share. The socket code uses addr.h only.
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

/*
 * Write the text form of an AF_INET or AF_INET6 address to text (SXI_ADDR_TEXT_CAP bytes,
 * NUL-terminated) and return its length; 0 if a is too short to hold its struct, which
 * raw input and the kernel may give, so that the caller falls back to the raw form.
 */
size_t sxi_addr_inet_text(const struct sxi_addr *a, char *text);

/* Write the text form of an AF_UNIX address to text (SXI_ADDR_TEXT_CAP bytes, NUL-terminated); return its length. */
size_t sxi_addr_unix_text(const struct sxi_addr *a, char *text);

#endif
