/* SPDX-License-Identifier: MIT */
/*
 * send and recv: one message out and exit, or N messages in, each printed on one line
 * with its sender's text form. Datagram types send to and receive from the endpoint without
 * connecting; connection types connect or accept, a whole connection being one message.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bind.h"

/* The most send takes from standard input: one datagram cannot be larger anyway. */
enum { SEND_CAP = 1 << 20, RECEIVE_CAP = 262144 };

/* The message: the operands joined by spaces, or all of standard input. */
static int gather(int argc, char **argv, char **data_out, size_t *len_out)
{
    size_t cap = SEND_CAP, len = 0;
    char *data = malloc(cap);
    if (!data)
        return cli_fail(SX_ENOMEM, "send");
    if (argc > 0) {
        for (int i = 0; i < argc; i++) {
            size_t n = strlen(argv[i]);
            if (len + n + 1 > cap) {
                free(data);
                return cli_usage_error("send: the message is longer than %d bytes", SEND_CAP);
            }
            if (i > 0)
                data[len++] = ' ';
            memcpy(data + len, argv[i], n);
            len += n;
        }
    } else {
        for (;;) {
            ssize_t n = read(STDIN_FILENO, data + len, cap - len);
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0) {
                fprintf(stderr, "socketx: read standard input: %s\n", strerror(errno));
                free(data);
                return CLI_EXIT_RUNTIME;
            }
            if (n == 0)
                break;
            len += (size_t)n;
            if (len == cap) {
                free(data);
                return cli_usage_error("send: standard input is longer than %d bytes", SEND_CAP);
            }
        }
    }
    *data_out = data;
    *len_out = len;
    return 0;
}

int cli_cmd_send(const struct cli_options *opt, int argc, char **argv)
{
    if (argc < 1)
        return cli_usage_error("send takes an endpoint, then the message (or standard input)");
    struct cli_endpoint ep;
    int code = cli_endpoint_parse(argv[0], opt, 0, &ep);
    if (code != 0)
        return code;
    char *data = NULL;
    size_t len = 0, sent = 0;
    sx_socket s = 0;
    code = gather(argc - 1, argv + 1, &data, &len);
    if (code == 0)
        code = cli_endpoint_socket(&ep, opt, argv[0], &s);
    if (code == 0 && cli_endpoint_connected(&ep)) {
        int32_t st = sx_socket_connect(s, ep.addr);
        if (st == 0)
            st = sx_socket_sendall(s, data, len, 0, &sent);
        if (st == 0)
            st = sx_socket_shutdown(s, SX_SHUT_WR);
        if (st != 0)
            code = cli_fail(st, "send to %s", argv[0]);
    } else if (code == 0) {
        int32_t st = sx_socket_sendto(s, data, len, 0, ep.addr, &sent);
        if (st != 0)
            code = cli_fail(st, "send to %s", argv[0]);
    }
    if (code == 0)
        cli_note(opt, "sent %zu bytes to %s", sent, argv[0]);
    free(data);
    sx_socket_close(s);
    cli_endpoint_release(&ep);
    return code;
}

/* Printable ASCII as it is, every other byte (and the backslash) as \xHH: one line per message. */
static int print_escaped(const char *data, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)data[i];
        if (c >= 0x20 && c < 0x7f && c != '\\')
            putchar(c);
        else
            printf("\\x%02x", c);
    }
    return ferror(stdout) ? -1 : 0;
}

static void print_from(sx_addr from)
{
    char who[512];
    cli_addr_text(from, who, sizeof who);
    printf("%s\t", who);
}

static char received[RECEIVE_CAP];

/* One connection, read to its end, as one line. */
static int receive_connection(sx_socket listener, const struct cli_options *opt)
{
    sx_socket conn = 0;
    sx_addr peer = 0;
    int code = cli_accept_one(listener, opt, &conn, &peer);
    if (code != 0)
        return code;
    print_from(peer);
    sx_addr_close(peer);
    for (;;) {
        size_t n = 0;
        int32_t st = sx_socket_recv(conn, received, sizeof received, 0, &n);
        if (st != 0) {
            putchar('\n');
            code = cli_fail(st, "receive");
            break;
        }
        if (n == 0)
            break;
        print_escaped(received, n);
    }
    if (code == 0)
        putchar('\n');
    sx_socket_close(conn);
    return code;
}

static int receive_datagram(sx_socket s)
{
    size_t n = 0;
    sx_addr from = 0;
    int32_t st = sx_socket_recvfrom(s, received, sizeof received, 0, &n, &from);
    if (st != 0)
        return cli_fail(st, "receive");
    print_from(from);
    sx_addr_close(from);
    print_escaped(received, n);
    putchar('\n');
    return 0;
}

int cli_cmd_recv(const struct cli_options *opt, int argc, char **argv)
{
    struct cli_endpoint ep;
    sx_socket s = 0;
    int code = cli_bind_operand("recv", opt, argc, argv, &ep, &s);
    for (uint32_t i = 0; code == 0 && (opt->count == 0 || i < opt->count); i++) {
        code = cli_endpoint_connected(&ep) ? receive_connection(s, opt) : receive_datagram(s);
        /* Each message reaches a pipe as soon as it is whole. */
        if (fflush(stdout) != 0 && code == 0) {
            fprintf(stderr, "socketx: write standard output: %s\n", strerror(errno));
            code = CLI_EXIT_RUNTIME;
        }
    }
    sx_socket_close(s);
    cli_endpoint_release(&ep);
    return code;
}
