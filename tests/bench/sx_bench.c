/* SPDX-License-Identifier: MIT */
/*
 * sx_bench: libsocketx against raw system calls, in the same process, on the same sockets.
 *
 * Workloads (see README.md for what each measures and why it is shaped so):
 *   1  ping-pong over an AF_UNIX socketpair, two threads, blocking mode
 *   2  ping-pong over TCP loopback (TCP_NODELAY), two threads, blocking mode
 *   3  bulk TCP transfer in 64 KiB sends (sx_socket_sendall / sx_socket_recv)
 *   4  UDP datagrams on loopback: connected send (4a) and sendto (4b), then recv
 *   5  timeout mode (settimeout(5.0) on both ends) against blocking mode, for 1 and 2; and
 *      the floor of that mode: raw system calls doing what it must (5c/5d, see below)
 *   7  UDP datagrams in batches of 32: sx_socket_sendmmsg/recvmmsg against raw sendmmsg/recvmmsg
 *      and against a raw sendto/recv loop
 *   8  sendfile of a file over TCP loopback: sx_socket_sendfile against raw sendfile(2) and
 *      against a pread+send loop
 *   9  sendmsg/recvmsg ping-pong passing one descriptor per message (AF_UNIX)
 *
 * Every variant of a workload runs on the very same kernel sockets (the raw variant uses
 * sx_socket_fileno), so the kernel work is identical and only the user-space path differs.
 * Each run lasts about --seconds; the variants alternate within each of --rounds rounds,
 * in a rotating order, and the figures are medians, so drift and one-off scheduling
 * hiccups on a small machine do not decide the outcome.
 *
 * Output: per-round rates, then a summary table (also written to --summary FILE, for
 * scripts/bench.sh to complete with the callgrind figure). PASS/FAIL is informational:
 * the exit status is 0 unless a socket operation failed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

/* The area headers, not <socketx.h>: the benchmark needs only these. */
#include "socketx/addr.h"
#include "socketx/errors.h"
#include "socketx/msg.h"
#include "socketx/socket.h"

#define MAX_ROUNDS 21
#define MAX_VARIANTS 4
#define MSG_SIZE 64                /* ping-pong and UDP payload */
#define BULK_CHUNK (64 * 1024)     /* one send of the bulk transfer */
#define UDP_BATCH 32               /* datagrams in flight: far below what the receive buffer holds */
#define TIMEOUT_SECONDS 5.0        /* the timeout of workload 5: long enough never to expire */
#define WATCHDOG_SECONDS 400       /* a hung peer (a bug) ends the process instead of the CI job */

/*
 * RAW_TIMEOUT is what timeout mode has to do under Python's semantics, in raw system calls:
 * the fd is O_NONBLOCK, so a call that would block is tried, then waits in poll() on the
 * socket and the eventfd a close would signal, then is tried again. It measures how close
 * to blocking mode that mode can get at all on this machine.
 */
enum mode { RAW, LIB_BLOCKING, LIB_TIMEOUT, RAW_TIMEOUT, RAW_SIMPLE, RAW_HANDLE };
static const char *const mode_name[] = {"raw", "libsocketx", "lib-timeout", "raw-timeout", "raw-simple", "raw+handle"};

static double opt_seconds = 1.1; /* each run; above 1 s so that a run is never shorter than that */
static int opt_rounds = 5;
/* Where the two threads of a ping-pong or bulk run go: both on CPU 0 (default), CPUs 0 and 1, or anywhere. */
enum pin { PIN_SAME, PIN_SPLIT, PIN_NONE };
static enum pin opt_pin = PIN_SAME;
static const char *const pin_name[] = {"both threads on CPU 0", "threads on CPUs 0 and 1", "threads not pinned"};
static const char *opt_summary;
static const char *opt_only; /* comma-separated workload ids ("1,3"), NULL for all */

/* ---- small helpers ----------------------------------------------------------------- */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* A failed setup or transfer ends the benchmark: its figures would mean nothing. */
static void die_sx(const char *what, int32_t rc)
{
    char detail[256] = "";
    size_t len = 0;
    sx_last_error_detail(detail, sizeof detail, &len);
    fprintf(stderr, "sx_bench: %s: %s (%s) %s\n", what, sx_error_name(rc), sx_strerror(rc), detail);
    exit(2);
}

static void die_errno(const char *what)
{
    fprintf(stderr, "sx_bench: %s: %s\n", what, strerror(errno));
    exit(2);
}

#define SX(call)                        \
    do {                                \
        int32_t rc_ = (call);           \
        if (rc_)                        \
            die_sx(#call, rc_);         \
    } while (0)

/*
 * Pin the calling thread (the measuring thread is 0, its peer 1). Unpinned, ping-pong
 * figures swing by tens of percent with where the scheduler happens to wake each thread,
 * which is noise, not the library's doing. Both on one CPU (the default), a round trip is
 * two context switches and its own system calls: the steadiest figure, and the one that
 * shows user-space overhead best. On two CPUs, each wake-up is a cross-CPU interrupt,
 * which on a virtual machine costs far more than the calls themselves.
 */
static void pin_to(int thread)
{
    if (opt_pin == PIN_NONE)
        return;
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    int cpu = opt_pin == PIN_SPLIT && ncpu > 1 ? thread : 0;
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    pthread_setaffinity_np(pthread_self(), sizeof set, &set);
}

static int fd_of(sx_socket s)
{
    int32_t fd;
    SX(sx_socket_fileno(s, &fd));
    return fd;
}

/* RAW_TIMEOUT's wait: the socket and an eventfd nobody signals, as the library polls its wake-up eventfd. */
static void raw_timeout_wait(int fd, short events)
{
    static _Thread_local int wake = -1;
    if (wake < 0 && (wake = eventfd(0, EFD_CLOEXEC)) < 0)
        die_errno("eventfd");
    struct pollfd p[2] = {{.fd = fd, .events = events}, {.fd = wake, .events = POLLIN}};
    int r = poll(p, 2, (int)(TIMEOUT_SECONDS * 1000));
    if (r == 0 || (r < 0 && errno != EINTR))
        die_errno("poll");
}

/* One send or recv attempt of RAW_TIMEOUT: try, and on EAGAIN wait and try again (bounded). */
static ssize_t raw_timeout_io(int is_send, int fd, void *p, size_t len)
{
    for (int pass = 0; pass < 1000; pass++) {
        ssize_t r = is_send ? send(fd, p, len, MSG_NOSIGNAL | MSG_DONTWAIT) : recv(fd, p, len, MSG_DONTWAIT);
        if (r >= 0 || (errno != EAGAIN && errno != EINTR))
            return r;
        if (errno == EAGAIN)
            raw_timeout_wait(fd, is_send ? POLLOUT : POLLIN);
    }
    errno = ETIMEDOUT;
    return -1;
}

/* Send exactly len bytes of a small message; each pass sends at least one byte, so at most len passes. */
static void send_exact(enum mode m, sx_socket s, int fd, const char *p, size_t len)
{
    size_t done = 0;
    for (size_t pass = 0; done < len && pass < len; pass++) {
        if (m == RAW_TIMEOUT) {
            ssize_t r = raw_timeout_io(1, fd, (void *)(p + done), len - done);
            if (r <= 0)
                die_errno("send");
            done += (size_t)r;
        } else if (m == RAW) {
            ssize_t r = send(fd, p + done, len - done, MSG_NOSIGNAL);
            if (r <= 0)
                die_errno("send");
            done += (size_t)r;
        } else {
            size_t n = 0;
            SX(sx_socket_send(s, p + done, len - done, 0, &n));
            done += n;
        }
    }
}

/* Receive exactly len bytes; each pass gets at least one byte (0 = peer gone is an error). */
static void recv_exact(enum mode m, sx_socket s, int fd, char *p, size_t len)
{
    size_t done = 0;
    for (size_t pass = 0; done < len && pass < len; pass++) {
        size_t n = 0;
        if (m == RAW || m == RAW_TIMEOUT) {
            ssize_t r = m == RAW ? recv(fd, p + done, len - done, 0) : raw_timeout_io(0, fd, p + done, len - done);
            if (r < 0)
                die_errno("recv");
            n = (size_t)r;
        } else {
            SX(sx_socket_recv(s, p + done, len - done, 0, &n));
        }
        if (n == 0) {
            fprintf(stderr, "sx_bench: peer closed during a transfer\n");
            exit(2);
        }
        done += n;
    }
}

static void set_mode(sx_socket a, sx_socket b, enum mode m)
{
    double t = m == LIB_TIMEOUT || m == RAW_TIMEOUT ? TIMEOUT_SECONDS : SX_TIMEOUT_NONE; /* the fd's O_NONBLOCK */
    SX(sx_socket_settimeout(a, t));
    SX(sx_socket_settimeout(b, t));
}

/* ---- the workloads: each runs n iterations of one variant and returns seconds ------- */

struct pair {
    sx_socket a, b; /* a: the measuring thread's end, b: the peer thread's end */
    int fa, fb;
    enum mode m;
    int64_t n;
    pthread_barrier_t go;
};

static void *pingpong_peer(void *p)
{
    struct pair *x = p;
    pin_to(1);
    char buf[MSG_SIZE];
    pthread_barrier_wait(&x->go);
    for (int64_t i = 0; i < x->n; i++) {
        recv_exact(x->m, x->b, x->fb, buf, sizeof buf);
        send_exact(x->m, x->b, x->fb, buf, sizeof buf);
    }
    return NULL;
}

static double run_pingpong(struct pair *x, enum mode m, int64_t n)
{
    set_mode(x->a, x->b, m);
    x->m = m;
    x->n = n;
    pthread_t t;
    if (pthread_barrier_init(&x->go, NULL, 2) || pthread_create(&t, NULL, pingpong_peer, x))
        die_errno("pthread");
    pin_to(0);
    char buf[MSG_SIZE];
    memset(buf, 'p', sizeof buf);
    pthread_barrier_wait(&x->go);
    double t0 = now_s();
    for (int64_t i = 0; i < n; i++) {
        send_exact(m, x->a, x->fa, buf, sizeof buf);
        recv_exact(m, x->a, x->fa, buf, sizeof buf);
    }
    double dt = now_s() - t0;
    pthread_join(t, NULL);
    pthread_barrier_destroy(&x->go);
    return dt;
}

/* Bulk: the peer sends n chunks of 64 KiB, the measuring thread receives them all. */
static void *bulk_sender(void *p)
{
    struct pair *x = p;
    pin_to(1);
    static char chunk[BULK_CHUNK];
    pthread_barrier_wait(&x->go);
    for (int64_t i = 0; i < x->n; i++) {
        if (x->m == RAW) {
            /* What sendall does without the library: loop over partial sends. Each pass
             * sends at least one byte, so the loop ends within BULK_CHUNK passes. */
            size_t done = 0;
            for (int pass = 0; done < BULK_CHUNK && pass < BULK_CHUNK; pass++) {
                ssize_t r = send(x->fb, chunk + done, BULK_CHUNK - done, MSG_NOSIGNAL);
                if (r < 0 && errno != EINTR)
                    die_errno("send");
                done += r > 0 ? (size_t)r : 0;
            }
        } else {
            size_t sent = 0;
            SX(sx_socket_sendall(x->b, chunk, BULK_CHUNK, 0, &sent));
        }
    }
    return NULL;
}

static double run_bulk(struct pair *x, enum mode m, int64_t n)
{
    set_mode(x->a, x->b, m);
    x->m = m;
    x->n = n;
    pthread_t t;
    if (pthread_barrier_init(&x->go, NULL, 2) || pthread_create(&t, NULL, bulk_sender, x))
        die_errno("pthread");
    pin_to(0);
    static char buf[BULK_CHUNK];
    uint64_t total = (uint64_t)n * BULK_CHUNK, got = 0;
    pthread_barrier_wait(&x->go);
    double t0 = now_s();
    /* Each pass receives at least one byte (0 is an error), so at most `total` passes. */
    for (uint64_t pass = 0; got < total && pass < total; pass++) {
        size_t want = total - got < BULK_CHUNK ? (size_t)(total - got) : BULK_CHUNK, k = 0;
        if (m == RAW) {
            ssize_t r = recv(x->fa, buf, want, 0);
            if (r < 0)
                die_errno("recv");
            k = (size_t)r;
        } else {
            SX(sx_socket_recv(x->a, buf, want, 0, &k));
        }
        if (k == 0) {
            fprintf(stderr, "sx_bench: bulk sender closed early\n");
            exit(2);
        }
        got += k;
    }
    double dt = now_s() - t0;
    pthread_join(t, NULL);
    pthread_barrier_destroy(&x->go);
    return dt;
}

/*
 * UDP, one thread: send a batch of datagrams, then receive them. The receive never waits
 * and nothing is dropped (a batch is a small part of the receive buffer), so every run
 * moves exactly the same datagrams and the figure is the per-call cost, free of the
 * flow-control noise a two-thread UDP flood has (a loopback sender is never slowed down,
 * it just overflows the receiver and the drop rate decides the result).
 */
struct udp {
    sx_socket conn;    /* connected to rx: sx_socket_send */
    sx_socket unconn;  /* unconnected: sx_socket_sendto */
    sx_socket rx;
    sx_addr rx_addr;
    int fconn, funconn, frx;
    struct sockaddr_storage rx_sa;
    socklen_t rx_sa_len;
    int use_sendto;
};

static double run_udp(struct udp *u, enum mode m, int64_t n)
{
    char buf[MSG_SIZE];
    memset(buf, 'u', sizeof buf);
    int64_t batches = n / UDP_BATCH;
    double t0 = now_s();
    for (int64_t b = 0; b < batches; b++) {
        for (int i = 0; i < UDP_BATCH; i++) {
            size_t k = 0;
            if (m == RAW) {
                ssize_t r = u->use_sendto ? sendto(u->funconn, buf, sizeof buf, MSG_NOSIGNAL,
                                                   (struct sockaddr *)&u->rx_sa, u->rx_sa_len)
                                          : send(u->fconn, buf, sizeof buf, MSG_NOSIGNAL);
                if (r < 0)
                    die_errno("send");
                k = (size_t)r;
            } else if (u->use_sendto) {
                SX(sx_socket_sendto(u->unconn, buf, sizeof buf, 0, u->rx_addr, &k));
            } else {
                SX(sx_socket_send(u->conn, buf, sizeof buf, 0, &k));
            }
            if (k != sizeof buf) {
                fprintf(stderr, "sx_bench: short datagram send\n");
                exit(2);
            }
        }
        for (int i = 0; i < UDP_BATCH; i++) {
            size_t k = 0;
            if (m == RAW) {
                ssize_t r = recv(u->frx, buf, sizeof buf, 0);
                if (r < 0)
                    die_errno("recv");
                k = (size_t)r;
            } else {
                SX(sx_socket_recv(u->rx, buf, sizeof buf, 0, &k));
            }
            if (k != sizeof buf) {
                fprintf(stderr, "sx_bench: short datagram received\n");
                exit(2);
            }
        }
    }
    return now_s() - t0;
}

/* ---- setup ------------------------------------------------------------------------- */

static void make_unix_pair(struct pair *x)
{
    SX(sx_socketpair(AF_UNIX, SOCK_STREAM, 0, &x->a, &x->b));
    x->fa = fd_of(x->a);
    x->fb = fd_of(x->b);
}

static void make_tcp_pair(struct pair *x)
{
    sx_socket listener, client, server;
    sx_addr any, bound;
    SX(sx_socket_open(AF_INET, SOCK_STREAM, 0, &listener));
    SX(sx_addr_inet("127.0.0.1", 0, &any));
    SX(sx_socket_bind(listener, any));
    SX(sx_socket_listen(listener, 1));
    SX(sx_socket_getsockname(listener, &bound));
    SX(sx_socket_open(AF_INET, SOCK_STREAM, 0, &client));
    SX(sx_socket_connect(client, bound));
    SX(sx_socket_accept(listener, &server, NULL));
    SX(sx_socket_setsockopt_int(client, IPPROTO_TCP, TCP_NODELAY, 1));
    SX(sx_socket_setsockopt_int(server, IPPROTO_TCP, TCP_NODELAY, 1));
    SX(sx_addr_close(any));
    SX(sx_addr_close(bound));
    SX(sx_socket_close(listener));
    x->a = client;
    x->b = server;
    x->fa = fd_of(client);
    x->fb = fd_of(server);
}

static void close_pair(struct pair *x)
{
    SX(sx_socket_close(x->a));
    SX(sx_socket_close(x->b));
}

static sx_socket udp_bound(sx_addr *bound_out)
{
    sx_socket s;
    sx_addr any;
    SX(sx_socket_open(AF_INET, SOCK_DGRAM, 0, &s));
    SX(sx_addr_inet("127.0.0.1", 0, &any));
    SX(sx_socket_bind(s, any));
    SX(sx_addr_close(any));
    SX(sx_socket_getsockname(s, bound_out));
    return s;
}

static void make_udp(struct udp *u)
{
    sx_addr conn_addr, unconn_addr;
    u->rx = udp_bound(&u->rx_addr);
    u->conn = udp_bound(&conn_addr);
    u->unconn = udp_bound(&unconn_addr);
    SX(sx_socket_connect(u->conn, u->rx_addr));
    SX(sx_addr_close(conn_addr));
    SX(sx_addr_close(unconn_addr));
    size_t len = 0;
    SX(sx_addr_to_sockaddr(u->rx_addr, &u->rx_sa, sizeof u->rx_sa, &len));
    u->rx_sa_len = (socklen_t)len;
    u->fconn = fd_of(u->conn);
    u->funconn = fd_of(u->unconn);
    u->frx = fd_of(u->rx);
}

static void close_udp(struct udp *u)
{
    SX(sx_socket_close(u->conn));
    SX(sx_socket_close(u->unconn));
    SX(sx_socket_close(u->rx));
    SX(sx_addr_close(u->rx_addr));
}

/* ---- messages: batches (7), sendfile (8), descriptor passing (9) ---------------------- */

/*
 * 7: one thread, as 4: send a batch of UDP_BATCH datagrams from an unconnected socket to rx,
 * then receive them. RAW: one sendmmsg and recvmmsg (until the batch is in) with the headers
 * the library gives the kernel (a destination on send, room for the sender on receive);
 * LIB_BLOCKING: sx_socket_sendmmsg/sx_socket_recvmmsg over message handles made once;
 * RAW_SIMPLE: what a program without batches does, a sendto and a recv per datagram.
 */
struct mmsg {
    struct udp *u;
    char sbuf[UDP_BATCH][MSG_SIZE], rbuf[UDP_BATCH][MSG_SIZE];
    struct iovec siov[UDP_BATCH], riov[UDP_BATCH];
    struct sockaddr_storage from[UDP_BATCH];
    struct mmsghdr sv[UDP_BATCH], rv[UDP_BATCH];
    sx_msg smsg[UDP_BATCH], rmsg[UDP_BATCH];
};

static void make_mmsg(struct mmsg *x, struct udp *u)
{
    memset(x, 0, sizeof *x);
    x->u = u;
    memset(x->sbuf, 'm', sizeof x->sbuf);
    for (int i = 0; i < UDP_BATCH; i++) {
        x->siov[i] = (struct iovec){x->sbuf[i], MSG_SIZE};
        x->riov[i] = (struct iovec){x->rbuf[i], MSG_SIZE};
        void *sb[1] = {x->sbuf[i]}, *rb[1] = {x->rbuf[i]};
        size_t len[1] = {MSG_SIZE};
        SX(sx_msg_new(&x->smsg[i]));
        SX(sx_msg_set_buffers(x->smsg[i], sb, len, 1));
        SX(sx_msg_set_address(x->smsg[i], u->rx_addr));
        SX(sx_msg_new(&x->rmsg[i]));
        SX(sx_msg_set_buffers(x->rmsg[i], rb, len, 1));
    }
}

static void close_mmsg(struct mmsg *x)
{
    for (int i = 0; i < UDP_BATCH; i++) {
        SX(sx_msg_close(x->smsg[i]));
        SX(sx_msg_close(x->rmsg[i]));
    }
}

static void short_batch(const char *what)
{
    fprintf(stderr, "sx_bench: %s moved nothing\n", what);
    exit(2);
}

static double run_mmsg(struct mmsg *x, enum mode m, int64_t n)
{
    struct udp *u = x->u;
    int64_t batches = n / UDP_BATCH;
    double t0 = now_s();
    for (int64_t b = 0; b < batches; b++) {
        if (m == RAW_SIMPLE) {
            for (int i = 0; i < UDP_BATCH; i++)
                if (sendto(u->funconn, x->sbuf[i], MSG_SIZE, MSG_NOSIGNAL, (struct sockaddr *)&u->rx_sa,
                           u->rx_sa_len) != MSG_SIZE)
                    die_errno("sendto");
            for (int i = 0; i < UDP_BATCH; i++)
                if (recv(u->frx, x->rbuf[i], MSG_SIZE, 0) != MSG_SIZE)
                    die_errno("recv");
            continue;
        }
        /* Each call moves at least one datagram (or fails), so at most UDP_BATCH calls a direction. */
        for (int done = 0, pass = 0; done < UDP_BATCH && pass < UDP_BATCH; pass++) {
            size_t k = 0;
            if (m == RAW) {
                for (int i = done; i < UDP_BATCH; i++)
                    x->sv[i].msg_hdr = (struct msghdr){.msg_name = &u->rx_sa, .msg_namelen = u->rx_sa_len,
                                                       .msg_iov = &x->siov[i], .msg_iovlen = 1};
                int r = sendmmsg(u->funconn, x->sv + done, UDP_BATCH - done, MSG_NOSIGNAL | MSG_DONTWAIT);
                if (r < 0)
                    die_errno("sendmmsg");
                k = (size_t)r;
            } else {
                SX(sx_socket_sendmmsg(u->unconn, x->smsg + done, UDP_BATCH - done, 0, &k));
            }
            if (k == 0)
                short_batch("sendmmsg");
            done += (int)k;
        }
        for (int done = 0, pass = 0; done < UDP_BATCH && pass < UDP_BATCH; pass++) {
            size_t k = 0;
            if (m == RAW) {
                for (int i = done; i < UDP_BATCH; i++)
                    x->rv[i].msg_hdr = (struct msghdr){.msg_name = &x->from[i], .msg_namelen = sizeof x->from[i],
                                                       .msg_iov = &x->riov[i], .msg_iovlen = 1};
                int r = recvmmsg(u->frx, x->rv + done, UDP_BATCH - done, MSG_CMSG_CLOEXEC | MSG_WAITFORONE, NULL);
                if (r < 0)
                    die_errno("recvmmsg");
                k = (size_t)r;
            } else {
                SX(sx_socket_recvmmsg(u->rx, x->rmsg + done, UDP_BATCH - done, 0, &k));
            }
            if (k == 0)
                short_batch("recvmmsg");
            done += (int)k;
        }
    }
    return now_s() - t0;
}

/*
 * 8: the peer thread sends the whole file n times over TCP loopback; the measuring thread
 * receives with plain recv in every variant, so only the sender's path differs. RAW: sendfile(2)
 * until the file is sent; LIB_BLOCKING: one sx_socket_sendfile; RAW_SIMPLE: pread + send loop.
 */
#define SENDFILE_SIZE (16 << 20)

struct sfile {
    struct pair p;
    int file;
};

static void make_sfile(struct sfile *x)
{
    make_tcp_pair(&x->p);
    char path[] = "/tmp/sx_bench_sendfile.XXXXXX";
    x->file = mkostemp(path, O_CLOEXEC);
    if (x->file < 0)
        die_errno("mkostemp");
    unlink(path);
    static char block[BULK_CHUNK];
    memset(block, 'f', sizeof block);
    for (int i = 0; i < SENDFILE_SIZE / BULK_CHUNK; i++)
        if (write(x->file, block, sizeof block) != (ssize_t)sizeof block)
            die_errno("write");
}

static void *sendfile_sender(void *p)
{
    struct sfile *x = p;
    pin_to(1);
    static char chunk[BULK_CHUNK];
    pthread_barrier_wait(&x->p.go);
    for (int64_t i = 0; i < x->p.n; i++) {
        if (x->p.m == LIB_BLOCKING) {
            uint64_t sent = 0;
            SX(sx_socket_sendfile(x->p.b, x->file, 0, 0, &sent));
            if (sent != SENDFILE_SIZE)
                short_batch("sx_socket_sendfile");
            continue;
        }
        /* Each pass sends at least one byte or fails, so the loops end. */
        off_t off = 0;
        while (off < SENDFILE_SIZE) {
            if (x->p.m == RAW) {
                ssize_t r = sendfile(x->p.fb, x->file, &off, (size_t)(SENDFILE_SIZE - off));
                if (r <= 0)
                    die_errno("sendfile");
                continue;
            }
            ssize_t got = pread(x->file, chunk, sizeof chunk, off);
            if (got <= 0)
                die_errno("pread");
            for (ssize_t done = 0; done < got;) {
                ssize_t r = send(x->p.fb, chunk + done, (size_t)(got - done), MSG_NOSIGNAL);
                if (r <= 0)
                    die_errno("send");
                done += r;
            }
            off += got;
        }
    }
    return NULL;
}

static double run_sendfile(struct sfile *x, enum mode m, int64_t n)
{
    x->p.m = m;
    x->p.n = n;
    pthread_t t;
    if (pthread_barrier_init(&x->p.go, NULL, 2) || pthread_create(&t, NULL, sendfile_sender, x))
        die_errno("pthread");
    pin_to(0);
    static char buf[BULK_CHUNK];
    uint64_t total = (uint64_t)n * SENDFILE_SIZE, got = 0;
    pthread_barrier_wait(&x->p.go);
    double t0 = now_s();
    for (uint64_t pass = 0; got < total && pass < total; pass++) {
        ssize_t r = recv(x->p.fa, buf, sizeof buf, 0);
        if (r <= 0)
            die_errno("recv");
        got += (uint64_t)r;
    }
    double dt = now_s() - t0;
    pthread_join(t, NULL);
    pthread_barrier_destroy(&x->p.go);
    return dt;
}

/*
 * 9: ping-pong over an AF_UNIX socketpair, each message 64 bytes and one descriptor (SCM_RIGHTS);
 * the receiver closes the descriptor it got. RAW: sendmsg/recvmsg (MSG_CMSG_CLOEXEC, as the
 * library) and close; LIB_BLOCKING: sx_socket_sendmsg with a message made once, sx_socket_recvmsg
 * and sx_msg_close (which closes the descriptor not taken). RAW_HANDLE: RAW plus an empty message
 * made and closed per receive, what the handle a receive returns costs by itself (rows 9b, 9c).
 */
struct fdpass {
    struct pair p;
    int passed; /* the descriptor sent each time */
    sx_msg anc;
};

static void fd_send(struct fdpass *x, enum mode m, sx_socket s, int fd)
{
    char data[MSG_SIZE];
    memset(data, 'd', sizeof data);
    if (m == RAW || m == RAW_HANDLE) {
        struct iovec iov = {data, sizeof data};
        union {
            struct cmsghdr h;
            char room[CMSG_SPACE(sizeof(int))];
        } c;
        memset(&c, 0, sizeof c);
        struct msghdr h = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = c.room, .msg_controllen = sizeof c.room};
        struct cmsghdr *ch = CMSG_FIRSTHDR(&h);
        ch->cmsg_level = SOL_SOCKET;
        ch->cmsg_type = SCM_RIGHTS;
        ch->cmsg_len = CMSG_LEN(sizeof(int));
        memcpy(CMSG_DATA(ch), &x->passed, sizeof(int));
        if (sendmsg(fd, &h, MSG_NOSIGNAL) != (ssize_t)sizeof data)
            die_errno("sendmsg");
        return;
    }
    const void *bufs[1] = {data};
    size_t lens[1] = {sizeof data}, sent = 0;
    SX(sx_socket_sendmsg(s, bufs, lens, 1, x->anc, 0, 0, &sent));
    if (sent != sizeof data)
        short_batch("sx_socket_sendmsg");
}

static void fd_recv(enum mode m, sx_socket s, int fd)
{
    char data[MSG_SIZE];
    if (m == RAW || m == RAW_HANDLE) {
        struct iovec iov = {data, sizeof data};
        union {
            struct cmsghdr h;
            char room[CMSG_SPACE(sizeof(int))];
        } c;
        struct msghdr h = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = c.room, .msg_controllen = sizeof c.room};
        if (recvmsg(fd, &h, MSG_CMSG_CLOEXEC) != (ssize_t)sizeof data)
            die_errno("recvmsg");
        struct cmsghdr *ch = CMSG_FIRSTHDR(&h);
        int got;
        if (!ch || ch->cmsg_type != SCM_RIGHTS)
            short_batch("recvmsg's descriptor");
        memcpy(&got, CMSG_DATA(ch), sizeof got);
        close(got);
        if (m == RAW_HANDLE) {
            sx_msg h = 0;
            SX(sx_msg_new(&h));
            SX(sx_msg_close(h));
        }
        return;
    }
    void *bufs[1] = {data};
    size_t lens[1] = {sizeof data};
    sx_msg msg = 0;
    SX(sx_socket_recvmsg(s, bufs, lens, 1, CMSG_SPACE(sizeof(int)), 0, &msg));
    SX(sx_msg_close(msg));
}

static void *fdpass_peer(void *p)
{
    struct fdpass *x = p;
    pin_to(1);
    pthread_barrier_wait(&x->p.go);
    for (int64_t i = 0; i < x->p.n; i++) {
        fd_recv(x->p.m, x->p.b, x->p.fb);
        fd_send(x, x->p.m, x->p.b, x->p.fb);
    }
    return NULL;
}

static double run_fdpass(struct fdpass *x, enum mode m, int64_t n)
{
    x->p.m = m;
    x->p.n = n;
    pthread_t t;
    if (pthread_barrier_init(&x->p.go, NULL, 2) || pthread_create(&t, NULL, fdpass_peer, x))
        die_errno("pthread");
    pin_to(0);
    pthread_barrier_wait(&x->p.go);
    double t0 = now_s();
    for (int64_t i = 0; i < n; i++) {
        fd_send(x, m, x->p.a, x->p.fa);
        fd_recv(m, x->p.a, x->p.fa);
    }
    double dt = now_s() - t0;
    pthread_join(t, NULL);
    pthread_barrier_destroy(&x->p.go);
    return dt;
}

static void make_fdpass(struct fdpass *x)
{
    make_unix_pair(&x->p);
    x->passed = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (x->passed < 0)
        die_errno("open /dev/null");
    int32_t fd = x->passed;
    SX(sx_msg_new(&x->anc));
    SX(sx_msg_add_fds(x->anc, &fd, 1));
}

/* ---- the measuring harness ---------------------------------------------------------- */

enum kind { PINGPONG, BULK, UDP, MMSG, SENDFILE, FDPASS };

struct workload {
    enum kind kind;
    struct pair *pair;
    struct udp *udp;
    struct mmsg *mmsg;
    struct sfile *sfile;
    struct fdpass *fdpass;
};

static double run_once(const struct workload *w, enum mode m, int64_t n)
{
    switch (w->kind) {
    case PINGPONG:
        return run_pingpong(w->pair, m, n);
    case BULK:
        return run_bulk(w->pair, m, n);
    case UDP:
        return run_udp(w->udp, m, n);
    case MMSG:
        return run_mmsg(w->mmsg, m, n);
    case SENDFILE:
        return run_sendfile(w->sfile, m, n);
    case FDPASS:
        return run_fdpass(w->fdpass, m, n);
    }
    return 0;
}

/* Find the iteration count that makes the raw variant last opt_seconds: double until a run
 * lasts 0.1 s (at most 40 doublings), then scale. The same count is used by every variant. */
static int64_t calibrate(const struct workload *w, int64_t n)
{
    int64_t step = w->kind == UDP || w->kind == MMSG ? UDP_BATCH : 1;
    for (int i = 0; i < 40; i++) {
        double dt = run_once(w, RAW, n);
        if (dt >= 0.1) {
            double want = (double)n * opt_seconds / dt;
            int64_t count = (int64_t)want;
            return count < step ? step : count - count % step;
        }
        n *= 2;
    }
    fprintf(stderr, "sx_bench: calibration never reached 0.1 s\n");
    exit(2);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(const double *v, int n)
{
    double s[MAX_ROUNDS];
    memcpy(s, v, (size_t)n * sizeof *s);
    qsort(s, (size_t)n, sizeof *s, cmp_double);
    return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/* A result of one comparison: the two medians and the median of the per-round ratios. */
struct cmp {
    double base, other, ratio;
};

/*
 * Run the variants of w in rounds, rotating their order, and print each round's rates.
 * rate = scale * n / seconds (scale turns chunks into MB). rates[v][r] gets the rates.
 */
static void measure(const char *title, const struct workload *w, const enum mode *modes, int nmodes, int64_t n0,
                    double scale, const char *unit, double rates[MAX_VARIANTS][MAX_ROUNDS])
{
    int64_t n = calibrate(w, n0);
    printf("\n== %s: %lld iterations per run, %d rounds\n", title, (long long)n, opt_rounds);
    fflush(stdout);
    for (int r = 0; r < opt_rounds; r++) {
        double round_rate[MAX_VARIANTS];
        for (int k = 0; k < nmodes; k++) {
            int v = (r + k) % nmodes;
            round_rate[v] = scale * (double)n / run_once(w, modes[v], n);
            rates[v][r] = round_rate[v];
        }
        printf("   round %d:", r + 1);
        for (int v = 0; v < nmodes; v++)
            printf("  %s %.0f %s", mode_name[modes[v]], round_rate[v], unit);
        printf("\n");
        fflush(stdout);
    }
}

static struct cmp compare(double rates[MAX_VARIANTS][MAX_ROUNDS], int base, int other)
{
    double ratio[MAX_ROUNDS];
    for (int r = 0; r < opt_rounds; r++)
        ratio[r] = rates[other][r] / rates[base][r];
    struct cmp c = {median(rates[base], opt_rounds), median(rates[other], opt_rounds), median(ratio, opt_rounds)};
    return c;
}

#define MAX_ROWS 24
static char rows[MAX_ROWS][200];
static int nrows;

static void row(const char *name, const char *unit, struct cmp c, double target)
{
    if (nrows == MAX_ROWS)
        return;
    char base[32], other[32], ratio[16], tgt[16];
    snprintf(base, sizeof base, "%.0f", c.base);
    snprintf(other, sizeof other, "%.0f", c.other);
    snprintf(ratio, sizeof ratio, "%.3f", c.ratio);
    if (target > 0)
        snprintf(tgt, sizeof tgt, ">=%.2f", target);
    else
        snprintf(tgt, sizeof tgt, "-");
    snprintf(rows[nrows++], sizeof rows[0], "%-36s %-9s %12s %12s %8s %8s  %s", name, unit, base, other, ratio, tgt,
             target <= 0 ? "info" : c.ratio >= target ? "PASS" : "FAIL");
}

static const char table_head[] = "workload                             unit              base        other    ratio   target  result\n"
                                 "------------------------------------ --------- ------------ ------------ -------- -------- ------";

static int selected(int id)
{
    if (!opt_only)
        return 1;
    char want[8];
    snprintf(want, sizeof want, "%d", id);
    const char *p = opt_only;
    /* Bounded: every pass moves p past at least one character. */
    for (size_t pass = 0; *p && pass < 64; pass++) {
        size_t len = strcspn(p, ",");
        if (len == strlen(want) && strncmp(p, want, len) == 0)
            return 1;
        p += len + (p[len] == ',');
    }
    return 0;
}

static void usage(void)
{
    fprintf(stderr, "usage: sx_bench [--seconds S] [--rounds N] [--pin same|split|none] [--only 1,2,...] [--summary FILE]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--seconds") && i + 1 < argc)
            opt_seconds = atof(argv[++i]);
        else if (!strcmp(argv[i], "--rounds") && i + 1 < argc)
            opt_rounds = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--pin") && i + 1 < argc) {
            const char *v = argv[++i];
            if (!strcmp(v, "same"))
                opt_pin = PIN_SAME;
            else if (!strcmp(v, "split"))
                opt_pin = PIN_SPLIT;
            else if (!strcmp(v, "none"))
                opt_pin = PIN_NONE;
            else
                usage();
        }
        else if (!strcmp(argv[i], "--only") && i + 1 < argc)
            opt_only = argv[++i];
        else if (!strcmp(argv[i], "--summary") && i + 1 < argc)
            opt_summary = argv[++i];
        else
            usage();
    }
    if (opt_rounds < 1 || opt_rounds > MAX_ROUNDS || !(opt_seconds > 0 && opt_seconds < 60))
        usage();
    alarm(WATCHDOG_SECONDS);
    printf("sx_bench: %.2f s per run, %d rounds, median of rounds, %s\n", opt_seconds, opt_rounds,
           pin_name[opt_pin]);

    double rates[MAX_VARIANTS][MAX_ROUNDS];
    const enum mode four[] = {RAW, LIB_BLOCKING, LIB_TIMEOUT, RAW_TIMEOUT};
    const enum mode two[] = {RAW, LIB_BLOCKING};
    struct cmp timeout_rows[2], timeout_floor[2], timeout_vs_floor[2];
    int have_timeout[2] = {0, 0};

    for (int id = 1; id <= 2; id++) {
        if (!selected(id) && !selected(5))
            continue;
        struct pair x;
        if (id == 1)
            make_unix_pair(&x);
        else
            make_tcp_pair(&x);
        struct workload w = {.kind = PINGPONG, .pair = &x};
        measure(id == 1 ? "1 ping-pong AF_UNIX socketpair, 64 B" : "2 ping-pong TCP loopback, NODELAY, 64 B", &w,
                four, 4, 1000, 1.0, "rt/s", rates);
        close_pair(&x);
        if (selected(id))
            row(id == 1 ? "1 ping-pong AF_UNIX 64 B (lib/raw)" : "2 ping-pong TCP 64 B (lib/raw)", "rt/s",
                compare(rates, 0, 1), 0.97);
        timeout_rows[id - 1] = compare(rates, 1, 2);
        timeout_floor[id - 1] = compare(rates, 0, 3);
        timeout_vs_floor[id - 1] = compare(rates, 3, 2);
        have_timeout[id - 1] = 1;
    }
    if (selected(3)) {
        struct pair x;
        make_tcp_pair(&x);
        struct workload w = {.kind = BULK, .pair = &x};
        measure("3 bulk TCP, 64 KiB sends, sendall/recv", &w, two, 2, 256, BULK_CHUNK / 1e6, "MB/s", rates);
        close_pair(&x);
        row("3 bulk TCP 64 KiB sendall (lib/raw)", "MB/s", compare(rates, 0, 1), 0.97);
    }
    if (selected(4)) {
        struct udp u;
        make_udp(&u);
        struct workload w = {.kind = UDP, .udp = &u};
        u.use_sendto = 0;
        measure("4a UDP loopback 64 B, connected send + recv", &w, two, 2, 1024, 1.0, "dgram/s", rates);
        row("4a UDP 64 B send+recv (lib/raw)", "dgram/s", compare(rates, 0, 1), 0.97);
        u.use_sendto = 1;
        measure("4b UDP loopback 64 B, sendto + recv", &w, two, 2, 1024, 1.0, "dgram/s", rates);
        row("4b UDP 64 B sendto+recv (lib/raw)", "dgram/s", compare(rates, 0, 1), 0.97);
        close_udp(&u);
    }
    if (selected(7)) {
        struct udp u;
        make_udp(&u);
        static struct mmsg x;
        make_mmsg(&x, &u);
        struct workload w = {.kind = MMSG, .mmsg = &x};
        const enum mode three[] = {RAW, LIB_BLOCKING, RAW_SIMPLE};
        measure("7 UDP loopback 64 B in batches of 32: sendmmsg/recvmmsg", &w, three, 3, 1024, 1.0, "dgram/s", rates);
        row("7a UDP batches of 32 (lib/raw mmsg)", "dgram/s", compare(rates, 0, 1), 0.95);
        row("7b UDP batches (lib/raw sendto+recv)", "dgram/s", compare(rates, 2, 1), 0);
        close_mmsg(&x);
        close_udp(&u);
    }
    if (selected(8)) {
        struct sfile x;
        make_sfile(&x);
        struct workload w = {.kind = SENDFILE, .sfile = &x};
        const enum mode three[] = {RAW, LIB_BLOCKING, RAW_SIMPLE};
        measure("8 sendfile of a 16 MiB file over TCP loopback", &w, three, 3, 1, SENDFILE_SIZE / 1e6, "MB/s", rates);
        row("8a sendfile 16 MiB (lib/raw sendfile)", "MB/s", compare(rates, 0, 1), 0.97);
        row("8b sendfile (lib/raw pread+send loop)", "MB/s", compare(rates, 2, 1), 0);
        close_pair(&x.p);
        close(x.file);
    }
    if (selected(9)) {
        struct fdpass x;
        make_fdpass(&x);
        struct workload w = {.kind = FDPASS, .fdpass = &x};
        const enum mode three[] = {RAW, LIB_BLOCKING, RAW_HANDLE};
        measure("9 sendmsg/recvmsg ping-pong, 64 B + 1 descriptor, AF_UNIX", &w, three, 3, 1000, 1.0, "rt/s", rates);
        row("9 sendmsg/recvmsg + fd ping-pong (lib/raw)", "rt/s", compare(rates, 0, 1), 0.95);
        row("9b raw + a message handle/raw", "rt/s", compare(rates, 0, 2), 0);
        row("9c lib/(raw + a message handle)", "rt/s", compare(rates, 2, 1), 0);
        SX(sx_msg_close(x.anc));
        close(x.passed);
        close_pair(&x.p);
    }
    if (selected(5)) {
        /* Timeout mode against blocking mode, and the floor of that ratio: no library, the same
         * system calls timeout mode must make (O_NONBLOCK, as Python). Both informational; the
         * target is the library's timeout mode against that floor (5e/5f). */
        if (have_timeout[0])
            row("5a AF_UNIX ping-pong timeout/block", "rt/s", timeout_rows[0], 0);
        if (have_timeout[1])
            row("5b TCP ping-pong timeout/block", "rt/s", timeout_rows[1], 0);
        if (have_timeout[0])
            row("5c AF_UNIX raw: try+poll/blocking", "rt/s", timeout_floor[0], 0);
        if (have_timeout[1])
            row("5d TCP raw: try+poll/blocking", "rt/s", timeout_floor[1], 0);
        if (have_timeout[0])
            row("5e AF_UNIX timeout mode vs raw try+poll", "rt/s", timeout_vs_floor[0], 0.96);
        if (have_timeout[1])
            row("5f TCP timeout mode vs raw try+poll", "rt/s", timeout_vs_floor[1], 0.96);
    }

    printf("\nSummary (medians of %d rounds; ratio = median of per-round ratios; base = raw, other = libsocketx;\n"
           "for 5a/5b base = libsocketx blocking, other = libsocketx timeout mode;\n"
           "for 5c/5d base = raw blocking, other = raw system calls doing what timeout mode must;\n"
           "for 5e/5f base = those raw system calls, other = libsocketx timeout mode;\n"
           "for 7b base = a raw sendto/recv per datagram, for 8b base = a raw pread+send loop;\n"
           "for 9b other = raw plus sx_msg_new and sx_msg_close per receive, the base of 9c):\n%s\n",
           opt_rounds, table_head);
    for (int i = 0; i < nrows; i++)
        printf("%s\n", rows[i]);
    if (opt_summary) {
        FILE *f = fopen(opt_summary, "w");
        if (!f)
            die_errno(opt_summary);
        fprintf(f, "%s\n", table_head);
        for (int i = 0; i < nrows; i++)
            fprintf(f, "%s\n", rows[i]);
        fclose(f);
    }
    return 0;
}
