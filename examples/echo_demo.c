/* SPDX-License-Identifier: MIT */
/*
 * echo_demo - libsocketx in action: an echo server in a thread and a client, over
 *   1. an AF_UNIX socketpair,
 *   2. an AF_UNIX socket bound to a path in a fresh temporary directory,
 *   3. TCP on 127.0.0.1, on a port the kernel picks (port 0, then getsockname).
 * The client sends a few messages and prints what it sent and what came back.
 * Only the public API is used. Exits 0 when every echo matched, 1 on any failure.
 */
#define _POSIX_C_SOURCE 200809L

#include <socketx.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Every wait is bounded: a broken build fails in seconds instead of hanging. */
#define DEMO_TIMEOUT_SECONDS 10.0

static const char *const messages[] = {"hello", "libsocketx echoes this", "", "goodbye"};
#define MESSAGE_COUNT (sizeof messages / sizeof messages[0])

/* Print why a call failed: the status code's name and message, plus the detail for humans. */
static int32_t report(const char *what, int32_t rc)
{
    char detail[256];
    size_t len = 0;
    if (sx_last_error_detail(detail, sizeof detail, &len) != 0)
        len = 0;
    fprintf(stderr, "echo_demo: %s failed: %s (%s)%s%.*s\n", what, sx_error_name(rc), sx_strerror(rc),
            len ? ": " : "", (int)len, detail);
    return rc;
}

/* Evaluate a libsocketx call; on failure report it and jump to the function's cleanup. */
#define TRY(call)                                                                                  \
    do {                                                                                           \
        int32_t demo_rc_ = (call);                                                                 \
        if (demo_rc_ != 0) {                                                                       \
            status = report(#call, demo_rc_);                                                      \
            goto done;                                                                             \
        }                                                                                          \
    } while (0)

/* The text form of an address in quotes, "(unnamed)" for an unbound AF_UNIX socket. */
static const char *addr_text(sx_addr a, char *buf, size_t cap)
{
    char text[128];
    size_t len = 0;
    int32_t rc = sx_addr_to_string(a, text, sizeof text, &len);
    if (rc != 0)
        snprintf(buf, cap, "(%s)", sx_error_name(rc));
    else if (len == 0)
        snprintf(buf, cap, "(unnamed)");
    else
        snprintf(buf, cap, "\"%s\"", text);
    return buf;
}

/* ---- the server --------------------------------------------------------------------- */

struct server {
    sx_socket sock;      /* a listening socket, or one end of a connected pair */
    int listening;       /* 1: accept one connection first */
    int32_t status;      /* 0, or the first failure */
    size_t bytes;        /* bytes echoed */
    char peer[160];      /* text form of the accepted peer's address */
};

/* Echo everything received on conn until the peer closes its end. */
static int32_t echo_until_eof(sx_socket conn, size_t *bytes)
{
    char buf[512];
    for (;;) {
        size_t got = 0;
        int32_t rc = sx_socket_recv(conn, buf, sizeof buf, 0, &got);
        if (rc != 0)
            return report("server sx_socket_recv", rc);
        if (got == 0)
            return 0; /* end of stream */
        rc = sx_socket_sendall(conn, buf, got, 0, NULL);
        if (rc != 0)
            return report("server sx_socket_sendall", rc);
        *bytes += got;
    }
}

static void *server_main(void *arg)
{
    struct server *srv = arg;
    int32_t status = 0;
    sx_socket conn = 0;
    sx_addr peer = 0;

    if (srv->listening) {
        TRY(sx_socket_accept(srv->sock, &conn, &peer));
        if (peer)
            addr_text(peer, srv->peer, sizeof srv->peer);
        TRY(sx_socket_settimeout(conn, DEMO_TIMEOUT_SECONDS));
        status = echo_until_eof(conn, &srv->bytes);
    } else {
        status = echo_until_eof(srv->sock, &srv->bytes);
    }
done:
    sx_addr_close(peer);
    sx_socket_close(conn);
    srv->status = status;
    return NULL;
}

/* ---- the client --------------------------------------------------------------------- */

/* Send each message, read its echo back completely, and check it. */
static int32_t client_talk(sx_socket s)
{
    int32_t status = 0;
    for (size_t i = 0; i < MESSAGE_COUNT; i++) {
        const char *msg = messages[i];
        size_t len = strlen(msg), sent = 0, have = 0;
        char back[512];

        if (len == 0) {
            /* An empty send is legal but a stream carries no empty message: say so and move on. */
            TRY(sx_socket_sendall(s, msg, 0, 0, &sent));
            printf("  client sent 0 bytes (a stream has no empty messages; nothing comes back)\n");
            continue;
        }
        TRY(sx_socket_sendall(s, msg, len, 0, &sent));
        while (have < len) {
            size_t got = 0;
            TRY(sx_socket_recv(s, back + have, len - have, 0, &got));
            if (got == 0) {
                fprintf(stderr, "echo_demo: the server closed the connection early\n");
                return SX_ECONNRESET;
            }
            have += got;
        }
        printf("  client sent %2zu bytes \"%s\", got back \"%.*s\"\n", sent, msg, (int)have, back);
        if (memcmp(back, msg, len) != 0) {
            fprintf(stderr, "echo_demo: the echo differs from what was sent\n");
            return SX_EIO;
        }
    }
done:
    return status;
}

/* Run the server on srv->sock in a thread, the client on client, then join and report. */
static int32_t run_echo(struct server *srv, sx_socket client)
{
    pthread_t thread;
    size_t expected = 0;
    for (size_t i = 0; i < MESSAGE_COUNT; i++)
        expected += strlen(messages[i]);

    if (pthread_create(&thread, NULL, server_main, srv) != 0) {
        fprintf(stderr, "echo_demo: pthread_create failed\n");
        return SX_EAGAIN;
    }
    int32_t status = client_talk(client);
    /* Closing our end is the end of stream that lets the server finish. */
    int32_t rc = sx_socket_close(client);
    if (status == 0 && rc != 0)
        status = report("sx_socket_close", rc);
    pthread_join(thread, NULL);
    if (status == 0 && srv->status != 0)
        status = srv->status;
    if (status == 0 && srv->bytes != expected) {
        fprintf(stderr, "echo_demo: the server echoed %zu bytes, expected %zu\n", srv->bytes, expected);
        status = SX_EIO;
    }
    if (status == 0)
        printf("  server echoed %zu bytes%s%s, then saw the end of stream\n", srv->bytes,
               srv->peer[0] ? " to " : "", srv->peer);
    return status;
}

/* ---- the three demonstrations ----------------------------------------------------------- */

static int32_t demo_socketpair(void)
{
    int32_t status = 0;
    sx_socket a = 0, b = 0;
    struct server srv = {0};

    printf("== AF_UNIX socketpair\n");
    TRY(sx_socketpair(SX_AF_UNIX, SX_SOCK_STREAM, 0, &a, &b));
    srv.sock = b;
    status = run_echo(&srv, a);
    a = 0; /* run_echo closed it */
done:
    sx_socket_close(a);
    sx_socket_close(b);
    return status;
}

/* Listen on addr with a fresh socket of the given family, connect a client to where it
 * actually listens (getsockname), and echo. */
static int32_t demo_listener(int32_t family, sx_addr addr)
{
    int32_t status = 0;
    sx_socket listener = 0, client = 0;
    sx_addr bound = 0, local = 0, peer = 0;
    struct server srv = {0};
    char text[160], text2[160];

    TRY(sx_socket_open(family, SX_SOCK_STREAM, 0, &listener));
    TRY(sx_socket_bind(listener, addr));
    TRY(sx_socket_listen(listener, SX_BACKLOG_DEFAULT));
    TRY(sx_socket_getsockname(listener, &bound));
    printf("  server listening on %s\n", addr_text(bound, text, sizeof text));

    TRY(sx_socket_open(family, SX_SOCK_STREAM, 0, &client));
    TRY(sx_socket_connect(client, bound));
    TRY(sx_socket_getsockname(client, &local));
    TRY(sx_socket_getpeername(client, &peer));
    printf("  client %s connected to %s\n", addr_text(local, text, sizeof text),
           addr_text(peer, text2, sizeof text2));

    srv.sock = listener;
    srv.listening = 1;
    status = run_echo(&srv, client);
    client = 0; /* run_echo closed it */
done:
    sx_addr_close(peer);
    sx_addr_close(local);
    sx_addr_close(bound);
    sx_socket_close(client);
    sx_socket_close(listener);
    return status;
}

static int32_t demo_unix_path(void)
{
    int32_t status = 0;
    sx_addr addr = 0;
    char dir[] = "/tmp/socketx-demo-XXXXXX";
    char path[sizeof dir + 16];

    if (!mkdtemp(dir)) {
        perror("echo_demo: mkdtemp");
        return SX_EIO;
    }
    snprintf(path, sizeof path, "%s/echo.sock", dir);
    printf("== AF_UNIX path socket %s\n", path);
    TRY(sx_addr_unix(path, &addr));
    status = demo_listener(SX_AF_UNIX, addr);
done:
    sx_addr_close(addr);
    unlink(path);
    rmdir(dir);
    return status;
}

static int32_t demo_tcp(void)
{
    int32_t status = 0;
    sx_addr addr = 0;

    printf("== TCP on 127.0.0.1, port chosen by the kernel\n");
    TRY(sx_addr_inet("127.0.0.1", 0, &addr));
    status = demo_listener(SX_AF_INET, addr);
done:
    sx_addr_close(addr);
    return status;
}

int main(void)
{
    int32_t status = 0;

    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("libsocketx %s: echo demonstration\n", sx_version_string());
    /* New sockets (and accepted ones) start with this timeout instead of blocking forever. */
    TRY(sx_setdefaulttimeout(DEMO_TIMEOUT_SECONDS));

    if ((status = demo_socketpair()) != 0)
        goto done;
    if ((status = demo_unix_path()) != 0)
        goto done;
    if ((status = demo_tcp()) != 0)
        goto done;
done:
    if (status != 0) {
        printf("FAILED: %s\n", sx_error_name(status));
        return 1;
    }
    printf("all echoes matched\n");
    return 0;
}
