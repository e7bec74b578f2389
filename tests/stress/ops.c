/* SPDX-License-Identifier: MIT */
/*
 * The operations: each picks handles from the pool, makes one or a few calls, and checks that
 * the status is one the contract documents for that call in that situation. A handle may be
 * closed by another thread at any moment (SX_EBADHANDLE before the call, SX_ECLOSED during
 * it), and a close also shuts the connection down for its dups (socket.h), whose calls then
 * see EOF, EPIPE or EINVAL from the kernel.
 *
 * Timed calls are timed: a call in timeout mode must return within its timeout plus a
 * scheduling margin, one in non-blocking mode within the margin, as long as no other thread
 * changed that handle's mode meanwhile (pool_mode_stable). Dups setting blocking mode and
 * threads racing mode switches are part of the mix: they clear the O_NONBLOCK flag the handles
 * share, which must never make a timed call wait past its timeout (DESIGN §2).
 */
#include "stress.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/socket.h>

#define END 1 /* no status is positive */
static const int32_t ST_OK[] = {0, END};
static const int32_t ST_GONE[] = {SX_EBADHANDLE, END};
static const int32_t ST_HANDLE[] = {0, SX_EBADHANDLE, END};
static const int32_t ST_ACCEPT[] = {0, SX_EAGAIN, SX_ETIMEOUT, SX_ECLOSED, SX_EBADHANDLE, SX_ECONNABORTED,
                                    SX_EINVAL /* a dup's close shut the listener down */, END};
static const int32_t ST_CONNECT[] = {0, SX_EINPROGRESS, SX_ETIMEOUT, SX_ECLOSED, SX_EBADHANDLE /* or the address */,
                                     SX_ECONNREFUSED, SX_ECONNRESET, SX_ECONNABORTED /* a dup's close shut it down */,
                                     SX_EADDRNOTAVAIL /* ports in TIME_WAIT, long runs */,
                                     SX_EPIPE /* established, then the peer's FIN and a reset (CLOSE_WAIT)
                                                 came before the connecting thread looked */, END};
/* A stream may be a client whose connect is under way or failed (ENOTCONN, its ECONNREFUSED). */
static const int32_t ST_SEND[] = {0, SX_EAGAIN, SX_ETIMEOUT, SX_ECLOSED, SX_EBADHANDLE, SX_EPIPE,
                                  SX_ECONNRESET, SX_ENOTCONN, SX_ECONNREFUSED, END};
static const int32_t ST_RECV[] = {0, SX_EAGAIN, SX_ETIMEOUT, SX_ECLOSED, SX_EBADHANDLE, SX_ECONNRESET,
                                  SX_ENOTCONN, SX_ECONNREFUSED, SX_EPIPE /* a reset in CLOSE_WAIT */, END};
static const int32_t ST_UDP[] = {0, SX_EAGAIN, SX_ETIMEOUT, SX_ECLOSED, SX_EBADHANDLE /* or the address */,
                                 SX_EPIPE /* a dup's close shut it down */, END};

/* ---- problems ---- */

#define PRINTED_PROBLEMS 30
static pthread_mutex_t problems_lock = PTHREAD_MUTEX_INITIALIZER;
static long problems;

void stress_problem(const char *fmt, ...)
{
    pthread_mutex_lock(&problems_lock);
    if (problems++ < PRINTED_PROBLEMS) {
        va_list ap;
        va_start(ap, fmt);
        fputs("stress: PROBLEM: ", stderr);
        vfprintf(stderr, fmt, ap);
        fputc('\n', stderr);
        va_end(ap);
    }
    pthread_mutex_unlock(&problems_lock);
}

long stress_problem_count(void)
{
    pthread_mutex_lock(&problems_lock);
    long n = problems;
    pthread_mutex_unlock(&problems_lock);
    return n;
}

static void expect(struct stats *st, const char *op, sx_socket h, int32_t rc, const int32_t *allowed)
{
    st->ops++;
    st->closed += rc == SX_ECLOSED;
    st->timed_out += rc == SX_ETIMEOUT;
    st->bad_handle += rc == SX_EBADHANDLE;
    for (const int32_t *a = allowed; *a != END; a++)
        if (rc == *a)
            return;
    char detail[256];
    size_t len = 0;
    if (sx_last_error_detail(detail, sizeof detail, &len) != 0)
        len = 0;
    st->unexpected++;
    stress_problem("%s on handle 0x%llx -> %s (%.*s): not a documented outcome here", op, (unsigned long long)h,
                   sx_error_name(rc), (int)len, detail);
}

/* ---- timing of calls on pooled handles ---- */

struct timed {
    struct pick p;
    const char *op;
    double timeout; /* as gettimeout reports it; -2 if the handle was already closed */
    int64_t t0;
};

static void timed_begin(struct worker *w, const struct pick *p, const char *op, struct timed *t)
{
    t->p = *p;
    t->op = op;
    if (sx_socket_gettimeout(p->h, &t->timeout) != 0)
        t->timeout = -2;
    watch_begin(w, op, p->h, t->timeout);
    t->t0 = stress_now_ns();
}

static void timed_end(struct worker *w, struct stats *st, const struct timed *t, int32_t rc)
{
    double took = (double)(stress_now_ns() - t->t0) / 1e9;
    watch_end(w);
    /* Blocking mode may wait until the reaper's close; a mode changed meanwhile proves nothing. */
    if (t->timeout < 0 || !pool_mode_stable(&t->p))
        return;
    st->timed_checked++;
    double late = took - t->timeout;
    if (late > st->worst_late)
        st->worst_late = late;
    if (late > stress_cfg.margin) {
        st->late++;
        stress_problem("%s on handle 0x%llx in %s mode (timeout %.3f s) returned %s after %.3f s, %.3f s past "
                       "its timeout (margin %.2f s)",
                       t->op, (unsigned long long)t->p.h, t->timeout > 0 ? "timeout" : "non-blocking", t->timeout,
                       sx_error_name(rc), took, late, stress_cfg.margin);
    }
}

/* ---- helpers ---- */

static _Thread_local char buffer[65536];

static double lifetime_of(struct rng *r, enum kind kind)
{
    return kind == K_LISTENER ? rng_between(r, 0.5, 3.0) : kind == K_UDP ? rng_between(r, 0.2, 1.5)
                                                                         : rng_between(r, 0.05, 0.5);
}

/* Blocking, non-blocking (two ways each), or a timeout of 1-50 ms half of the time. */
static int32_t set_random_mode(struct rng *r, sx_socket h)
{
    switch (rng_below(r, 8)) {
    case 0:
        return sx_socket_setblocking(h, 1);
    case 1:
        return sx_socket_setblocking(h, 0);
    case 2:
        return sx_socket_settimeout(h, SX_TIMEOUT_NONE);
    case 3:
        return sx_socket_settimeout(h, 0.0);
    default:
        return sx_socket_settimeout(h, rng_between(r, 0.001, 0.050));
    }
}

/* A new socket bound to 127.0.0.1 (port chosen by the kernel), its address in *where. */
static int32_t open_bound(struct stats *st, int type, sx_socket *s, sx_addr *where)
{
    sx_addr any = 0;
    *s = 0;
    *where = 0;
    int32_t rc = sx_socket_open(AF_INET, type, 0, s);
    expect(st, "open", *s, rc, ST_OK);
    if (!rc) {
        expect(st, "addr_inet", 0, rc = sx_addr_inet("127.0.0.1", 0, &any), ST_OK);
        if (!rc)
            expect(st, "bind", *s, rc = sx_socket_bind(*s, any), ST_OK);
        if (!rc)
            expect(st, "getsockname", *s, rc = sx_socket_getsockname(*s, where), ST_OK);
        sx_addr_close(any);
    }
    return rc;
}

/* Put a new handle into the pool: a listener's or UDP socket's own address goes with it. */
static void pool_new(struct rng *r, struct stats *st, sx_socket h, enum kind kind, struct pick *out)
{
    sx_addr a = 0;
    if (kind != K_STREAM)
        expect(st, "getsockname", h, sx_socket_getsockname(h, &a), ST_OK);
    pool_put(r, h, kind, a, lifetime_of(r, kind), out);
}

/*
 * Dup a pooled handle and put the dup in blocking mode: the two share one file description, so
 * this clears the O_NONBLOCK flag under the original, whatever its own mode. The dup joins the
 * pool, blocking, until a later mode change or its close.
 */
static void flip_through_dup(struct rng *r, struct stats *st, const struct pick *p)
{
    sx_socket d = 0;
    int32_t rc = sx_socket_dup(p->h, &d);
    expect(st, "dup", p->h, rc, ST_HANDLE);
    if (rc)
        return;
    expect(st, "setblocking on a dup", d, sx_socket_setblocking(d, 1), ST_OK);
    pool_new(r, st, d, p->kind, NULL);
}

/* ---- the operations ---- */

static void op_pair(struct worker *w, struct rng *r, struct stats *st)
{
    (void)w;
    sx_socket a = 0, b = 0;
    int32_t rc = sx_socketpair(AF_UNIX, SOCK_STREAM, 0, &a, &b);
    expect(st, "socketpair", 0, rc, ST_OK);
    if (rc)
        return;
    expect(st, "set mode", a, set_random_mode(r, a), ST_OK);
    expect(st, "set mode", b, set_random_mode(r, b), ST_OK);
    pool_new(r, st, a, K_STREAM, NULL);
    pool_new(r, st, b, K_STREAM, NULL);
}

static void op_listener(struct worker *w, struct rng *r, struct stats *st)
{
    (void)w;
    sx_socket l;
    sx_addr where;
    int32_t rc = open_bound(st, SOCK_STREAM, &l, &where);
    if (!rc)
        expect(st, "listen", l, rc = sx_socket_listen(l, 1 + (int32_t)rng_below(r, 8)), ST_OK);
    if (!rc)
        expect(st, "set mode", l, rc = set_random_mode(r, l), ST_OK);
    if (rc) {
        sx_socket_close(l);
        sx_addr_close(where);
        return;
    }
    pool_put(r, l, K_LISTENER, where, lifetime_of(r, K_LISTENER), NULL);
}

static void op_udp(struct worker *w, struct rng *r, struct stats *st)
{
    (void)w;
    sx_socket u;
    sx_addr where;
    int32_t rc = open_bound(st, SOCK_DGRAM, &u, &where);
    if (!rc)
        expect(st, "set mode", u, rc = set_random_mode(r, u), ST_OK);
    if (rc) {
        sx_socket_close(u);
        sx_addr_close(where);
        return;
    }
    pool_put(r, u, K_UDP, where, lifetime_of(r, K_UDP), NULL);
}

/* A new client, pooled before it connects (so others can close it, dup it, switch its mode). */
static void op_connect(struct worker *w, struct rng *r, struct stats *st)
{
    sx_addr target = stress_full_listener;
    const char *what = "connect to a full backlog";
    struct pick lp;
    if (rng_below(r, 3) && pool_pick(r, K_LISTENER, &lp)) {
        target = lp.addr;
        what = "connect";
    }
    sx_socket c = 0;
    int32_t rc = sx_socket_open(AF_INET, SOCK_STREAM, 0, &c);
    expect(st, "open", c, rc, ST_OK);
    if (rc)
        return;
    expect(st, "set mode", c, set_random_mode(r, c), ST_OK);
    struct pick p;
    pool_put(r, c, K_STREAM, 0, lifetime_of(r, K_STREAM), &p);
    if (rng_below(r, 3) == 0)
        flip_through_dup(r, st, &p);
    struct timed t;
    timed_begin(w, &p, what, &t);
    rc = sx_socket_connect(c, target);
    timed_end(w, st, &t, rc);
    expect(st, what, c, rc, ST_CONNECT);
}

static void accept_on(struct worker *w, struct rng *r, struct stats *st, const struct pick *p)
{
    sx_socket c = 0;
    sx_addr peer = 0;
    struct timed t;
    timed_begin(w, p, "accept", &t);
    int32_t rc = sx_socket_accept(p->h, &c, rng_below(r, 2) ? &peer : NULL);
    timed_end(w, st, &t, rc);
    expect(st, "accept", p->h, rc, ST_ACCEPT);
    if (rc)
        return;
    st->accepted++;
    sx_addr_close(peer);
    if (rng_below(r, 2))
        expect(st, "set mode", c, set_random_mode(r, c), ST_OK);
    pool_put(r, c, K_STREAM, 0, lifetime_of(r, K_STREAM), NULL);
}

static void op_accept(struct worker *w, struct rng *r, struct stats *st)
{
    struct pick p;
    if (pool_pick(r, K_LISTENER, &p))
        accept_on(w, r, st, &p);
}

static void recv_on(struct worker *w, struct rng *r, struct stats *st, const struct pick *p, int from)
{
    size_t n = 0;
    sx_addr sender = 0;
    struct timed t;
    timed_begin(w, p, from ? "recvfrom" : "recv", &t);
    int32_t rc = from ? sx_socket_recvfrom(p->h, buffer, 1 + rng_below(r, sizeof buffer), 0, &n, &sender)
                      : sx_socket_recv(p->h, buffer, 1 + rng_below(r, sizeof buffer), 0, &n);
    timed_end(w, st, &t, rc);
    expect(st, t.op, p->h, rc, p->kind == K_UDP ? ST_UDP : ST_RECV);
    st->received += rc == 0 && n > 0;
    sx_addr_close(sender);
}

/* A listener: a dup sets blocking, then a timed accept on the original. Else a stream, and recv. */
static void op_dup_flip(struct worker *w, struct rng *r, struct stats *st)
{
    struct pick p;
    if (!pool_pick(r, rng_below(r, 3) ? K_LISTENER : K_STREAM, &p))
        return;
    flip_through_dup(r, st, &p);
    if (p.kind == K_LISTENER)
        accept_on(w, r, st, &p);
    else
        recv_on(w, r, st, &p, 0);
}

static void op_close(struct worker *w, struct rng *r, struct stats *st)
{
    (void)w;
    sx_socket h;
    sx_addr a;
    if (!pool_take(r, &h, &a))
        return;
    expect(st, "close", h, sx_socket_close(h), ST_OK);
    sx_addr_close(a);
    int32_t fd;
    expect(st, "fileno after close", h, sx_socket_fileno(h, &fd), ST_GONE);
    expect(st, "close again", h, sx_socket_close(h), ST_OK);
}

static void op_dup(struct worker *w, struct rng *r, struct stats *st)
{
    (void)w;
    struct pick p;
    if (!pool_pick(r, K_NONE, &p))
        return;
    sx_socket d = 0;
    int32_t rc = sx_socket_dup(p.h, &d);
    expect(st, "dup", p.h, rc, ST_HANDLE);
    if (!rc)
        pool_new(r, st, d, p.kind, NULL);
}

static void op_mode(struct worker *w, struct rng *r, struct stats *st)
{
    (void)w;
    struct pick p;
    if (!pool_pick(r, K_NONE, &p))
        return;
    pool_mode_begin(&p);
    int32_t rc = set_random_mode(r, p.h);
    pool_mode_end(&p);
    expect(st, "set mode", p.h, rc, ST_HANDLE);
}

static void op_send(struct worker *w, struct rng *r, struct stats *st, int all)
{
    struct pick p;
    if (!pool_pick(r, K_STREAM, &p))
        return;
    size_t n = 0, len = 1 + rng_below(r, all ? sizeof buffer : 4096);
    struct timed t;
    timed_begin(w, &p, all ? "sendall" : "send", &t);
    int32_t rc = all ? sx_socket_sendall(p.h, buffer, len, 0, &n) : sx_socket_send(p.h, buffer, len, 0, &n);
    timed_end(w, st, &t, rc);
    expect(st, t.op, p.h, rc, ST_SEND);
}

static void op_recv(struct worker *w, struct rng *r, struct stats *st, int from)
{
    struct pick p;
    if (pool_pick(r, rng_below(r, 3) ? K_STREAM : K_UDP, &p))
        recv_on(w, r, st, &p, from);
}

static void op_sendto(struct worker *w, struct rng *r, struct stats *st)
{
    struct pick p, to;
    if (!pool_pick(r, K_UDP, &p) || !pool_pick(r, K_UDP, &to))
        return;
    size_t n = 0;
    struct timed t;
    timed_begin(w, &p, "sendto", &t);
    int32_t rc = sx_socket_sendto(p.h, buffer, 1 + rng_below(r, 1200), 0, to.addr, &n);
    timed_end(w, st, &t, rc);
    expect(st, "sendto", p.h, rc, ST_UDP);
}

/* ---- the mix ---- */

enum op { O_PAIR, O_LISTENER, O_UDP, O_CONNECT, O_CLOSE, O_DUP, O_DUP_FLIP, O_MODE, O_ACCEPT, O_SEND, O_SENDALL,
          O_RECV, O_RECVFROM, O_SENDTO };
_Static_assert(O_SENDTO + 1 == STRESS_OPS, "one name and weight per operation");

const char *const stress_op_names[STRESS_OPS] = {"socketpair", "listener", "udp", "connect", "close",
                                                 "dup", "dup+setblocking", "mode", "accept", "send",
                                                 "sendall", "recv", "recvfrom", "sendto"};
static const unsigned weights[STRESS_OPS] = {4, 2, 2, 5, 3, 3, 3, 8, 6, 5, 3, 5, 3, 3};

void stress_run_op(struct worker *w, struct rng *r, struct stats *st)
{
    unsigned total = 0;
    for (int i = 0; i < STRESS_OPS; i++)
        total += weights[i];
    unsigned x = rng_below(r, total);
    int op = 0;
    while (x >= weights[op])
        x -= weights[op++];
    st->per_op[op]++;
    watch_begin(w, stress_op_names[op], 0, -2);
    switch ((enum op)op) {
    case O_PAIR: op_pair(w, r, st); break;
    case O_LISTENER: op_listener(w, r, st); break;
    case O_UDP: op_udp(w, r, st); break;
    case O_CONNECT: op_connect(w, r, st); break;
    case O_CLOSE: op_close(w, r, st); break;
    case O_DUP: op_dup(w, r, st); break;
    case O_DUP_FLIP: op_dup_flip(w, r, st); break;
    case O_MODE: op_mode(w, r, st); break;
    case O_ACCEPT: op_accept(w, r, st); break;
    case O_SEND: op_send(w, r, st, 0); break;
    case O_SENDALL: op_send(w, r, st, 1); break;
    case O_RECV: op_recv(w, r, st, 0); break;
    case O_RECVFROM: op_recv(w, r, st, 1); break;
    case O_SENDTO: op_sendto(w, r, st); break;
    }
    watch_end(w);
}
