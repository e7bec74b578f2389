/* SPDX-License-Identifier: MIT */
/* Internal: the getaddrinfo call every resolver function shares. */
#ifndef SXI_RESOLVE_H
#define SXI_RESOLVE_H

#include <netdb.h>
#include <stdint.h>

/*
 * getaddrinfo with Python's host handling (non-ASCII names through IDNA) and its error
 * mapping: 0 with *res set (free with freeaddrinfo), SX_EAI_* or the OS code for EAI_SYSTEM.
 */
int32_t sxi_gai(const char *host, const char *port, const struct addrinfo *hints, struct addrinfo **res);

/* The status for a getaddrinfo/getnameinfo failure e (errno os_errno): SX_EAI_* or an OS code. */
int32_t sxi_gai_status(int e, int os_errno, const char *what);

#endif
