/* SPDX-License-Identifier: MIT */
/*
 * echo_server - the C side of the cross-language demonstration (scripts/demo-cross.sh):
 * an echo server on libsocketx's public API, listening at once on
 *   - an AF_UNIX socket bound to PATH, and
 *   - TCP on 127.0.0.1, on a port the kernel picks (port 0, then getsockname).
 *
 *   echo_server PATH [MAX_CONNECTIONS [IDLE_SECONDS [SHARED_FILE]]]
 *
 * A client on the AF_UNIX socket whose first bytes are the line "FILE\n" is handed an open,
 * read-only descriptor of SHARED_FILE (one byte "F" with an SCM_RIGHTS item,
 * sx_socket_send_fds): the client reads the file through it, though it never opened it.
 * It first prints one line per endpoint, "unix:PATH" and "tcp:127.0.0.1:PORT" (the forms
 * bindings/go/cmd/sxclient takes), and flushes them; then it serves, a thread per
 * listener, one connection at a time per listener, printing for each connection what it
 * echoed and to whom. It stops by itself:
 *   - after MAX_CONNECTIONS connections (0, the default, means no limit), or
 *   - after IDLE_SECONDS (default 30) without any connection,
 * and it never waits on a socket for more than a few seconds at a time. Exit status: 0 when
 * it served MAX_CONNECTIONS connections (or, with no limit, went idle) without an error;
 * 1 on any error, or when it went idle before MAX_CONNECTIONS; 2 on bad arguments.
 * The AF_UNIX path is removed on exit.
 */
#define _POSIX_C_SOURCE 200809L

#include <socketx.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* How long accept waits before the loop looks at the stop conditions again. */
#define ACCEPT_POLL_SECONDS 0.2
/* How long a connection may stay silent before the server gives up on it. */
#define CONNECTION_TIMEOUT_SECONDS 10.0
/* The most receives one connection gets (512 bytes each): the loop is bounded. */
#define MAX_RECEIVES_PER_CONNECTION 4096

struct shared {
    long max_connections;        /* 0: no limit */
    double idle_seconds;
    atomic_long accepted;        /* connections accepted so far */
    atomic_int active;           /* connections being served now */
    atomic_int stop;             /* 1: every listener thread returns */
    atomic_int failed;           /* 1: some error happened (the exit status becomes 1) */
    atomic_int went_idle;        /* 1: stopped because nothing happened for idle_seconds */
    pthread_mutex_t lock;        /* guards last_activity */
    double last_activity;        /* monotonic seconds */
};

struct listener {
    struct shared *shared;
    const char *kind;            /* "unix" or "tcp", the prefix of every line */
    const char *shared_file;     /* handed to a client that asks with "FILE\n" (AF_UNIX only), or NULL */
    sx_socket sock;
};

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void touch(struct shared *sh)
{
    pthread_mutex_lock(&sh->lock);
    sh->last_activity = now_seconds();
    pthread_mutex_unlock(&sh->lock);
}

static double idle_for(struct shared *sh)
{
    pthread_mutex_lock(&sh->lock);
    double idle = now_seconds() - sh->last_activity;
    pthread_mutex_unlock(&sh->lock);
    return idle;
}

/* Print why a call failed: the status code's name and message, plus the detail for humans. */
static void report(const char *what, int32_t rc)
{
    char detail[256];
    size_t len = 0;
    if (sx_last_error_detail(detail, sizeof detail, &len) != 0)
        len = 0;
    fprintf(stderr, "echo_server: %s failed: %s (%s)%s%.*s\n", what, sx_error_name(rc), sx_strerror(rc),
            len ? ": " : "", (int)len, detail);
}

/* Evaluate a libsocketx call; on failure report it, set status and jump to the cleanup. */
#define TRY(call)                                                                                  \
    do {                                                                                           \
        int32_t srv_rc_ = (call);                                                                  \
        if (srv_rc_ != 0) {                                                                        \
            report(#call, srv_rc_);                                                                \
            status = srv_rc_;                                                                      \
            goto done;                                                                             \
        }                                                                                          \
    } while (0)

/* data as a quoted, escaped string (non-printable bytes as \xHH), cut at about cap bytes. */
static void quote(const char *data, size_t len, char *out, size_t cap)
{
    size_t o = 0;
    out[o++] = '"';
    for (size_t i = 0; i < len && o + 8 < cap; i++) {
        unsigned char c = (unsigned char)data[i];
        if (c == '"' || c == '\\')
            o += (size_t)snprintf(out + o, cap - o, "\\%c", c);
        else if (c >= 0x20 && c < 0x7f)
            out[o++] = (char)c;
        else
            o += (size_t)snprintf(out + o, cap - o, "\\x%02x", c);
    }
    if (o + 8 >= cap)
        o += (size_t)snprintf(out + o, cap - o, "...");
    snprintf(out + o, cap - o, "\"");
}

/* Who is at the other end: "127.0.0.1:PORT" for TCP; for AF_UNIX, whose peer address is
 * unnamed, the peer's process from SO_PEERCRED ("pid 1234 (sxclient)"). */
static void describe_peer(sx_socket conn, sx_addr peer, char *out, size_t cap)
{
    char text[160];
    size_t len = 0;
    if (peer && sx_addr_to_string(peer, text, sizeof text, &len) == 0 && len > 0) {
        snprintf(out, cap, "%s", text);
        return;
    }
    int32_t pid = 0;
    uint32_t uid = 0, gid = 0;
    if (sx_socket_peercred(conn, &pid, &uid, &gid) != 0 || pid <= 0) {
        snprintf(out, cap, "an unnamed AF_UNIX peer");
        return;
    }
    char comm_path[64], comm[64] = "";
    snprintf(comm_path, sizeof comm_path, "/proc/%ld/comm", (long)pid);
    FILE *f = fopen(comm_path, "r");
    if (f) {
        if (!fgets(comm, sizeof comm, f))
            comm[0] = '\0';
        fclose(f);
        comm[strcspn(comm, "\n")] = '\0';
    }
    if (comm[0])
        snprintf(out, cap, "pid %ld (%s)", (long)pid, comm);
    else
        snprintf(out, cap, "pid %ld", (long)pid);
}

/* Hand the client an open read-only descriptor of the shared file, with one byte of data. */
static int32_t pass_file(struct listener *l, long number, sx_socket conn, const char *who)
{
    int fd = open(l->shared_file, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        fprintf(stderr, "echo_server: cannot open %s: %s\n", l->shared_file, strerror(errno));
        return SX_ENOENT;
    }
    const void *bufs[1] = {"F"};
    const size_t lens[1] = {1};
    const int32_t fds[1] = {fd};
    size_t sent = 0;
    /* The kernel duplicates the descriptor into the message: ours can be closed at once. */
    int32_t rc = sx_socket_send_fds(conn, bufs, lens, 1, fds, 1, 0, 0, &sent);
    close(fd);
    if (rc == 0)
        printf("[%s #%ld] passed an open descriptor of %s to %s\n", l->kind, number, l->shared_file, who);
    else
        report("sx_socket_send_fds", rc);
    return rc;
}

/* Echo one connection until its peer closes its end (or it stays silent too long). */
static int32_t serve_connection(struct listener *l, long number, sx_socket conn, sx_addr peer)
{
    int32_t status = 0;
    char who[160], shown[100]; /* shown: a long echo is cut short */
    char buf[512];
    size_t total = 0;
    long receives = 0;

    describe_peer(conn, peer, who, sizeof who);
    printf("[%s #%ld] accepted a connection from %s\n", l->kind, number, who);
    TRY(sx_socket_settimeout(conn, CONNECTION_TIMEOUT_SECONDS));
    for (int i = 0; i < MAX_RECEIVES_PER_CONNECTION; i++) {
        size_t got = 0;
        TRY(sx_socket_recv(conn, buf, sizeof buf, 0, &got));
        if (got == 0) {
            printf("[%s #%ld] closed: %s ended the stream after %zu bytes in %ld receive%s\n", l->kind,
                   number, who, total, receives, receives == 1 ? "" : "s");
            goto done;
        }
        if (receives == 0 && l->shared_file && got == 5 && memcmp(buf, "FILE\n", 5) == 0) {
            TRY(pass_file(l, number, conn, who));
            receives++;
            continue;
        }
        TRY(sx_socket_sendall(conn, buf, got, 0, NULL));
        total += got;
        receives++;
        quote(buf, got, shown, sizeof shown);
        printf("[%s #%ld] echoed %zu bytes to %s: %s\n", l->kind, number, got, who, shown);
    }
    fprintf(stderr, "echo_server: [%s #%ld] more than %d receives on one connection, closing it\n",
            l->kind, number, MAX_RECEIVES_PER_CONNECTION);
    status = SX_EOUTOFRANGE;
done:
    if (status != 0)
        printf("[%s #%ld] closed after an error: %s\n", l->kind, number, sx_error_name(status));
    return status;
}

static void *listener_main(void *arg)
{
    struct listener *l = arg;
    struct shared *sh = l->shared;

    /* Bounded: each turn either accepts (at most max_connections of them, or until the
     * idle limit passes with no connection) or waits ACCEPT_POLL_SECONDS. */
    while (!atomic_load(&sh->stop)) {
        sx_socket conn = 0;
        sx_addr peer = 0;
        int32_t rc = sx_socket_accept(l->sock, &conn, &peer);
        if (rc == SX_ETIMEOUT) {
            if (atomic_load(&sh->active) == 0 && idle_for(sh) > sh->idle_seconds) {
                atomic_store(&sh->went_idle, 1);
                atomic_store(&sh->stop, 1);
            }
            continue;
        }
        if (rc != 0) {
            report("sx_socket_accept", rc);
            atomic_store(&sh->failed, 1);
            atomic_store(&sh->stop, 1);
            break;
        }
        atomic_fetch_add(&sh->active, 1);
        touch(sh);
        long number = atomic_fetch_add(&sh->accepted, 1) + 1;
        if (serve_connection(l, number, conn, peer) != 0)
            atomic_store(&sh->failed, 1);
        sx_addr_close(peer);
        rc = sx_socket_close(conn);
        if (rc != 0) {
            report("sx_socket_close", rc);
            atomic_store(&sh->failed, 1);
        }
        touch(sh);
        atomic_fetch_sub(&sh->active, 1);
        if (sh->max_connections > 0 && atomic_load(&sh->accepted) >= sh->max_connections)
            atomic_store(&sh->stop, 1);
    }
    return NULL;
}

/* Open a listening stream socket of family on addr, polling accepts every ACCEPT_POLL_SECONDS. */
static int32_t open_listener(int32_t family, sx_addr addr, sx_socket *out)
{
    int32_t status = 0;
    sx_socket s = 0;
    TRY(sx_socket_open(family, SX_SOCK_STREAM, 0, &s));
    TRY(sx_socket_bind(s, addr));
    TRY(sx_socket_listen(s, SX_BACKLOG_DEFAULT));
    TRY(sx_socket_settimeout(s, ACCEPT_POLL_SECONDS));
    *out = s;
    s = 0;
done:
    sx_socket_close(s);
    return status;
}

static int parse_number(const char *text, double min, double max, double *out)
{
    char *end = NULL;
    double v = strtod(text, &end);
    if (end == text || *end != '\0' || !(v >= min && v <= max))
        return -1;
    *out = v;
    return 0;
}

int main(int argc, char **argv)
{
    int32_t status = 0;
    int unix_bound = 0;
    sx_addr unix_addr = 0, tcp_addr = 0, bound = 0;
    struct shared sh = {.max_connections = 0, .idle_seconds = 30.0};
    struct listener listeners[2] = {{&sh, "unix", argc > 4 ? argv[4] : NULL, 0}, {&sh, "tcp", NULL, 0}};
    pthread_t threads[2];
    int started = 0;
    double value = 0;

    if (argc < 2 || argc > 5 || argv[1][0] == '\0') {
        fprintf(stderr, "usage: echo_server PATH [MAX_CONNECTIONS [IDLE_SECONDS [SHARED_FILE]]]\n");
        return 2;
    }
    if (argc > 2) {
        if (parse_number(argv[2], 0, 1e6, &value) != 0 || value != (double)(long)value) {
            fprintf(stderr, "echo_server: MAX_CONNECTIONS must be a whole number 0..1000000\n");
            return 2;
        }
        sh.max_connections = (long)value;
    }
    if (argc > 3) {
        if (parse_number(argv[3], 0.1, 3600, &value) != 0) {
            fprintf(stderr, "echo_server: IDLE_SECONDS must be 0.1..3600\n");
            return 2;
        }
        sh.idle_seconds = value;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    atomic_init(&sh.accepted, 0);
    atomic_init(&sh.active, 0);
    atomic_init(&sh.stop, 0);
    atomic_init(&sh.failed, 0);
    atomic_init(&sh.went_idle, 0);
    if (pthread_mutex_init(&sh.lock, NULL) != 0) {
        fprintf(stderr, "echo_server: pthread_mutex_init failed\n");
        return 1;
    }

    /* AF_UNIX on the given path. */
    TRY(sx_addr_unix(argv[1], &unix_addr));
    if ((status = open_listener(SX_AF_UNIX, unix_addr, &listeners[0].sock)) != 0)
        goto done;
    unix_bound = 1;
    /* TCP on the loopback only, port chosen by the kernel: ask where it really listens. */
    TRY(sx_addr_inet("127.0.0.1", 0, &tcp_addr));
    if ((status = open_listener(SX_AF_INET, tcp_addr, &listeners[1].sock)) != 0)
        goto done;
    TRY(sx_socket_getsockname(listeners[1].sock, &bound));
    {
        char host[64];
        size_t host_len = 0;
        int32_t port = 0;
        TRY(sx_addr_host(bound, host, sizeof host, &host_len));
        TRY(sx_addr_port(bound, &port));
        printf("unix:%s\n", argv[1]);
        printf("tcp:%.*s:%ld\n", (int)host_len, host, (long)port);
    }
    if (sh.max_connections > 0)
        printf("echo_server: libsocketx %s, serving until %ld connections or %.1f s idle\n",
               sx_version_string(), sh.max_connections, sh.idle_seconds);
    else
        printf("echo_server: libsocketx %s, serving until %.1f s idle\n", sx_version_string(),
               sh.idle_seconds);
    fflush(stdout);

    touch(&sh);
    for (; started < 2; started++) {
        if (pthread_create(&threads[started], NULL, listener_main, &listeners[started]) != 0) {
            fprintf(stderr, "echo_server: pthread_create failed\n");
            atomic_store(&sh.stop, 1);
            status = SX_EAGAIN;
            break;
        }
    }
    for (int i = 0; i < started; i++)
        pthread_join(threads[i], NULL);

    if (status == 0 && atomic_load(&sh.failed)) {
        fprintf(stderr, "echo_server: a connection or a listener failed (see above)\n");
        status = SX_EIO;
    }
    if (status == 0 && atomic_load(&sh.went_idle) && sh.max_connections > 0 &&
        atomic_load(&sh.accepted) < sh.max_connections) {
        fprintf(stderr, "echo_server: idle for %.1f s after %ld of %ld connections\n", sh.idle_seconds,
                atomic_load(&sh.accepted), sh.max_connections);
        status = SX_ETIMEOUT;
    }
    printf("echo_server: served %ld connection%s, %s\n", atomic_load(&sh.accepted),
           atomic_load(&sh.accepted) == 1 ? "" : "s",
           atomic_load(&sh.went_idle) ? "stopping after the idle time" : "stopping");
done:
    sx_addr_close(bound);
    sx_addr_close(tcp_addr);
    sx_addr_close(unix_addr);
    sx_socket_close(listeners[1].sock);
    sx_socket_close(listeners[0].sock);
    if (unix_bound)
        unlink(argv[1]);
    pthread_mutex_destroy(&sh.lock);
    if (status != 0) {
        printf("echo_server: FAILED: %s\n", sx_error_name(status));
        return 1;
    }
    return 0;
}
