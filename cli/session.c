/* SPDX-License-Identifier: MIT */
/* listen and connect: one socket relayed to standard input and output, as netcat does. */
#include "bind.h"
#include "relay.h"

static int relay_on(sx_socket s, const struct cli_endpoint *ep, const struct cli_options *opt, int reply_to_sender)
{
    struct cli_relay r = {
        .sock = s,
        .connection = cli_endpoint_connected(ep),
        .stream = ep->type == SX_SOCK_STREAM,
        .reply_to_sender = reply_to_sender,
    };
    return cli_relay(&r, opt);
}

int cli_cmd_listen(const struct cli_options *opt, int argc, char **argv)
{
    struct cli_endpoint ep;
    sx_socket s = 0;
    int code = cli_bind_operand("listen", opt, argc, argv, &ep, &s);
    if (code == 0 && cli_endpoint_connected(&ep)) {
        sx_socket conn = 0;
        sx_addr peer = 0;
        code = cli_accept_one(s, opt, &conn, &peer);
        sx_addr_close(peer);
        /* One peer, as netcat -l: later ones are refused rather than left queued. */
        sx_socket_close(s);
        s = conn;
        if (code == 0)
            code = relay_on(s, &ep, opt, 0);
    } else if (code == 0) {
        code = relay_on(s, &ep, opt, 1);
    }
    sx_socket_close(s);
    cli_endpoint_release(&ep);
    return code;
}

int cli_cmd_connect(const struct cli_options *opt, int argc, char **argv)
{
    if (argc != 1)
        return cli_usage_error("connect takes one endpoint");
    struct cli_endpoint ep;
    int code = cli_endpoint_parse(argv[0], opt, 0, &ep);
    if (code != 0)
        return code;
    sx_socket s = 0;
    code = cli_endpoint_socket(&ep, opt, argv[0], &s);
    if (code == 0) {
        int32_t st = sx_socket_connect(s, ep.addr);
        if (st != 0)
            code = cli_fail(st, "connect %s", argv[0]);
    }
    if (code == 0)
        code = relay_on(s, &ep, opt, 0);
    sx_socket_close(s);
    cli_endpoint_release(&ep);
    return code;
}
