/* SPDX-License-Identifier: MIT */
/*
 * Endpoints: the "scheme:rest" text of the command line turned into what a socket needs,
 * its family, type and protocol and an sx_addr.
 */
#ifndef SOCKETX_CLI_ENDPOINT_H
#define SOCKETX_CLI_ENDPOINT_H

#include "cli.h"

struct cli_endpoint {
    int32_t family; /* the socket's family (AF_RDS sockets take AF_INET addresses) */
    int32_t type;   /* SX_SOCK_*: the scheme's default or --type */
    int32_t proto;  /* the scheme's default or --proto */
    sx_addr addr;   /* owned: released by cli_endpoint_release() */
};

/*
 * Read an endpoint. passive: it is to be bound (an empty host is then the wildcard).
 * Returns 0, or the exit code after reporting why on stderr.
 */
int cli_endpoint_parse(const char *text, const struct cli_options *opt, int passive, struct cli_endpoint *ep);

/* Open a socket for the endpoint, in the mode --timeout asks for; 0 or a reported exit code. */
int cli_endpoint_socket(const struct cli_endpoint *ep, const struct cli_options *opt, const char *text,
                        sx_socket *out);

/* Whether the endpoint's type is connection-oriented (accept/connect a peer). */
int cli_endpoint_connected(const struct cli_endpoint *ep);

void cli_endpoint_release(struct cli_endpoint *ep);

/* --type's names: "stream", "dgram", "seqpacket", "raw", "rdm"; 0 or -1 for an unknown name. */
int cli_type_from_name(const char *name, int32_t *type_out);

#endif
