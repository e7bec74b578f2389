/* SPDX-License-Identifier: MIT */
/* Binding and accepting: what listen and recv do before data moves. */
#include "bind.h"

#include <string.h>

int cli_bind_endpoint(const struct cli_endpoint *ep, const struct cli_options *opt, const char *text,
                      sx_socket *out)
{
    sx_socket s = 0;
    int code = cli_endpoint_socket(ep, opt, text, &s);
    if (code != 0)
        return code;
    int32_t st = 0;
    /* A listener restarted at once must not wait out the old connections' TIME_WAIT. */
    if (ep->family == SX_AF_INET || ep->family == SX_AF_INET6)
        st = sx_socket_setsockopt_int(s, SX_SOL_SOCKET, SX_SO_REUSEADDR, 1);
    if (st == 0)
        st = sx_socket_bind(s, ep->addr);
    if (st != 0) {
        sx_socket_close(s);
        return cli_fail(st, "bind %s", text);
    }
    /* AF_ALG sockets accept operation sockets without listen(2), which they refuse. */
    if (cli_endpoint_connected(ep) && ep->family != SX_AF_ALG) {
        st = sx_socket_listen(s, 1);
        if (st != 0) {
            sx_socket_close(s);
            return cli_fail(st, "listen %s", text);
        }
    }
    if (opt->verbose) {
        sx_addr local = 0;
        char where[512] = "-";
        if (sx_socket_getsockname(s, &local) == 0)
            cli_addr_text(local, where, sizeof where);
        sx_addr_close(local);
        cli_note(opt, "bound to %s", where);
    }
    *out = s;
    return 0;
}

int cli_accept_one(sx_socket listener, const struct cli_options *opt, sx_socket *conn_out, sx_addr *peer_out)
{
    int32_t st = sx_socket_accept(listener, conn_out, peer_out);
    if (st != 0)
        return cli_fail(st, "accept");
    if (opt->verbose) {
        char who[512];
        cli_addr_text(*peer_out, who, sizeof who);
        cli_note(opt, "connection from %s", who);
    }
    return 0;
}

int cli_bind_operand(const char *command, const struct cli_options *opt, int argc, char **argv,
                     struct cli_endpoint *ep, sx_socket *out)
{
    *out = 0;
    memset(ep, 0, sizeof *ep); /* the caller releases it whatever happens here */
    if (argc != 1)
        return cli_usage_error("%s takes one endpoint", command);
    int code = cli_endpoint_parse(argv[0], opt, 1, ep);
    if (code != 0)
        return code;
    return cli_bind_endpoint(ep, opt, argv[0], out);
}
