/* SPDX-License-Identifier: MIT */
/* The netcat loop: standard input to the socket, the socket to standard output, at once. */
#ifndef SOCKETX_CLI_RELAY_H
#define SOCKETX_CLI_RELAY_H

#include "cli.h"

struct cli_relay {
    sx_socket sock;
    /* A connection (stream or seqpacket): the end of standard input is sent as shutdown(SHUT_WR),
     * a receive of 0 bytes is the peer's end, and the relay ends when both have happened. */
    int connection;
    /* Bytes, not messages: a send may take part of a chunk (SOCK_STREAM). */
    int stream;
    /* An unbound-peer datagram listener: standard input goes to the latest sender, and the
     * end of standard input does not end the relay. */
    int reply_to_sender;
};

/*
 * Run the relay until it ends (see socketx(1), "listen" and "connect"); the socket is put in
 * non-blocking mode and every wait is a ppoll(2) bounded by --timeout.
 * Returns an exit code, having reported any failure.
 */
int cli_relay(const struct cli_relay *r, const struct cli_options *opt);

#endif
