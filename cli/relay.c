/* SPDX-License-Identifier: MIT */
/*
 * The relay waits in ppoll(2) on standard input and the socket together, so neither
 * direction waits for the other. At most one chunk of standard input is in flight: standard
 * input is read again only once the socket took it all, which keeps memory bounded and lets
 * the socket's back-pressure reach the writer of standard input.
 */
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "relay.h"

enum { CHUNK = 65536, RECEIVE_CAP = 262144 };

struct relay_state {
    const struct cli_relay *r;
    char pending[CHUNK]; /* standard input not yet sent */
    size_t pending_off, pending_len;
    int stdin_open;  /* more may come from standard input */
    int socket_open; /* more may come from the socket */
    sx_addr peer;    /* reply_to_sender: the latest sender */
};

static char received[RECEIVE_CAP];

/* Send what is pending; 0 (sent, or the socket is full and POLLOUT will say when to go on) or an exit code. */
static int send_pending(struct relay_state *st)
{
    const struct cli_relay *r = st->r;
    while (st->pending_len > 0) {
        const char *p = st->pending + st->pending_off;
        size_t sent = 0;
        int32_t rc = r->reply_to_sender ? sx_socket_sendto(r->sock, p, st->pending_len, 0, st->peer, &sent)
                                        : sx_socket_send(r->sock, p, st->pending_len, 0, &sent);
        if (rc == SX_EAGAIN)
            return 0;
        if (rc != 0)
            return cli_fail(rc, "send");
        if (!r->stream)
            sent = st->pending_len; /* a message goes whole or not at all */
        st->pending_off += sent;
        st->pending_len -= sent;
    }
    st->pending_off = 0;
    return 0;
}

static int read_stdin(struct relay_state *st, const struct cli_options *opt)
{
    ssize_t n = read(STDIN_FILENO, st->pending, sizeof st->pending);
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return 0;
    if (n < 0) {
        fprintf(stderr, "socketx: read standard input: %s\n", strerror(errno));
        return CLI_EXIT_RUNTIME;
    }
    if (n == 0) {
        st->stdin_open = 0;
        cli_note(opt, "end of standard input");
        if (st->r->connection) {
            int32_t rc = sx_socket_shutdown(st->r->sock, SX_SHUT_WR);
            if (rc != 0 && rc != SX_ENOTCONN)
                return cli_fail(rc, "shutdown");
        }
        return 0;
    }
    st->pending_len = (size_t)n;
    return send_pending(st);
}

static int read_socket(struct relay_state *st, const struct cli_options *opt)
{
    const struct cli_relay *r = st->r;
    size_t n = 0;
    int32_t rc;
    if (r->reply_to_sender) {
        sx_addr from = 0;
        rc = sx_socket_recvfrom(r->sock, received, sizeof received, 0, &n, &from);
        if (rc == 0 && from != 0) {
            int same = 0;
            if (st->peer == 0 || sx_addr_equal(st->peer, from, &same) != 0 || !same) {
                char text[512];
                cli_addr_text(from, text, sizeof text);
                cli_note(opt, "datagram from %s", text);
            }
            sx_addr_close(st->peer);
            st->peer = from;
        }
    } else {
        rc = sx_socket_recv(r->sock, received, sizeof received, 0, &n);
    }
    if (rc == SX_EAGAIN)
        return 0;
    if (rc != 0)
        return cli_fail(rc, "receive");
    if (n == 0 && r->connection) {
        st->socket_open = 0;
        cli_note(opt, "the peer ended its side");
        return 0;
    }
    if (cli_write_all(STDOUT_FILENO, received, n) != 0) {
        fprintf(stderr, "socketx: write standard output: %s\n", strerror(errno));
        return CLI_EXIT_RUNTIME;
    }
    return 0;
}

/* The relay is over: a connection when both sides ended, datagrams when standard input did. */
static int finished(const struct relay_state *st)
{
    if (st->stdin_open || st->pending_len > 0)
        return 0;
    return st->r->connection ? !st->socket_open : !st->r->reply_to_sender;
}

static int run(struct relay_state *st, const struct cli_options *opt)
{
    const struct cli_relay *r = st->r;
    int32_t sock_fd = -1;
    int32_t rc = sx_socket_fileno(r->sock, &sock_fd);
    if (rc == 0)
        rc = sx_socket_settimeout(r->sock, 0);
    if (rc != 0)
        return cli_fail(rc, "relay");
    struct timespec limit, *wait = NULL;
    if (opt->timeout >= 0) {
        limit.tv_sec = (time_t)floor(opt->timeout);
        limit.tv_nsec = (long)((opt->timeout - floor(opt->timeout)) * 1e9);
        wait = &limit;
    }
    /* A datagram connect lingers for replies after standard input ends, then ends well. */
    int lingering = 0;
    for (;;) {
        if (finished(st)) {
            if (r->connection || !wait || lingering)
                return CLI_EXIT_OK;
            lingering = 1;
        }
        struct pollfd fds[2] = {{.fd = -1}, {.fd = -1}};
        if (st->stdin_open && st->pending_len == 0 && !(r->reply_to_sender && st->peer == 0)) {
            fds[0].fd = STDIN_FILENO;
            fds[0].events = POLLIN;
        }
        if (st->socket_open || st->pending_len > 0) {
            fds[1].fd = sock_fd;
            fds[1].events = (short)((st->socket_open ? POLLIN : 0) | (st->pending_len > 0 ? POLLOUT : 0));
        }
        int n = ppoll(fds, 2, wait, NULL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            fprintf(stderr, "socketx: ppoll: %s\n", strerror(errno));
            return CLI_EXIT_RUNTIME;
        }
        if (n == 0) {
            if (lingering)
                return CLI_EXIT_OK;
            cli_report_status(SX_ETIMEOUT, "nothing moved for %g s (--timeout)", opt->timeout);
            return CLI_EXIT_TIMEOUT;
        }
        /* Hang-ups and errors go to the call that reports them: a send (EPIPE) or a receive. */
        const short wake = POLLIN | POLLHUP | POLLERR | POLLNVAL;
        int code = 0;
        if (st->pending_len > 0 && (fds[1].revents & (POLLOUT | POLLHUP | POLLERR | POLLNVAL)))
            code = send_pending(st);
        if (code == 0 && (fds[1].revents & wake) && st->socket_open)
            code = read_socket(st, opt);
        if (code == 0 && (fds[0].revents & wake))
            code = read_stdin(st, opt);
        if (code != 0)
            return code;
    }
}

int cli_relay(const struct cli_relay *r, const struct cli_options *opt)
{
    static struct relay_state st; /* 64 KiB: not on the stack */
    memset(&st, 0, sizeof st);
    st.r = r;
    st.stdin_open = 1;
    st.socket_open = 1;
    int code = run(&st, opt);
    sx_addr_close(st.peer);
    return code;
}
