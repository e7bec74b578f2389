/* SPDX-License-Identifier: MIT */
/* Which host texts the address constructors read without asking a resolver. */
#ifndef FZ_NUMERIC_HOST_H
#define FZ_NUMERIC_HOST_H

/*
 * 1 if sx_addr_inet() (family AF_INET) or sx_addr_inet6() (AF_INET6) can take host without
 * name resolution: the fuzzers must never send a query to DNS, and a fuzzed host that is a
 * name would. Texts the constructor settles itself qualify (the wildcard "", the broadcast
 * names, strict literals, and for AF_INET6 "literal%anything", whose scope it looks up as an
 * interface and never resolves), and so does whatever getaddrinfo parses as a number with
 * AI_NUMERICHOST, since glibc tries that parse before any lookup.
 */
int fz_host_is_numeric(const char *host, int family);

#endif
