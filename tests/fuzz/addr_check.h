/* SPDX-License-Identifier: MIT */
/* Every accessor of an address, checked against the address's own sockaddr bytes. */
#ifndef FZ_ADDR_CHECK_H
#define FZ_ADDR_CHECK_H

#include <socketx.h>

/*
 * Read a through every accessor and abort on any broken promise of socketx/addr.h: raw bytes
 * out, family, host, port, flowinfo, scope id, AF_UNIX name, the text form and its rebuilding
 * through the text constructors, comparison, and the (buf, cap, len_out) convention.
 * Every handle it makes is released; a stays open.
 */
void fz_check_addr(sx_addr a);

#endif
