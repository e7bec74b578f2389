/* SPDX-License-Identifier: MIT */
/*
 * AF_RDS (Reliable Datagram Sockets): its sockets are bound, connected and sent to with
 * AF_INET addresses, which CPython parses exactly as for AF_INET (getsockaddrarg falls
 * through), and the kernel returns sockaddr_in from getsockname and recvfrom. So the family
 * has no address of its own: no constructors, no text form, only this entry, which makes
 * the socket layer check for an AF_INET address before bind, connect and sendto, and lets
 * enumeration and sx_family_supported name the family.
 */
#include "family.h"

#include <sys/socket.h>

const struct sxi_family sxi_family_rds = {
    .af = AF_RDS,
    .name = "rds",
    .af_name = "AF_RDS",
    .min_len = sizeof(sa_family_t),
    .socket_takes = AF_INET,
};
