/* SPDX-License-Identifier: MIT */
/* Binding an endpoint's socket, shared by listen and recv. */
#ifndef SOCKETX_CLI_BIND_H
#define SOCKETX_CLI_BIND_H

#include "endpoint.h"

/*
 * Open a socket for the endpoint and bind it; connection-oriented types also listen.
 * Returns 0 with *out open, or the exit code after reporting.
 */
/*
 * The opening of the commands that take one endpoint to bind (listen, recv): the operand
 * count, the endpoint's text, the bound socket. Returns 0 with *ep read and *out open, or
 * the exit code after reporting.
 */
int cli_bind_operand(const char *command, const struct cli_options *opt, int argc, char **argv,
                     struct cli_endpoint *ep, sx_socket *out);

int cli_bind_endpoint(const struct cli_endpoint *ep, const struct cli_options *opt, const char *text,
                      sx_socket *out);

/* Accept one peer on a listening socket, noting who it is with --verbose. */
int cli_accept_one(sx_socket listener, const struct cli_options *opt, sx_socket *conn_out, sx_addr *peer_out);

#endif
