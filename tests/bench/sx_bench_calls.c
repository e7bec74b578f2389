/* SPDX-License-Identifier: MIT */
/*
 * sx_bench_calls: the user-space cost of one libsocketx call, for callgrind.
 *
 * One thread, an AF_UNIX stream socketpair, N rounds of "send 64 bytes on one end, receive
 * them on the other": the data is always there, so no call ever waits and the kernel work
 * of every phase is the same. Each phase is measured on its own between callgrind client
 * requests and dumped under its name:
 *
 *   raw            send(fd, MSG_NOSIGNAL) + recv(fd)           the floor: libc and the syscall
 *   lib-blocking   sx_socket_send + sx_socket_recv, blocking mode
 *   lib-timeout    the same in timeout mode (settimeout(5.0)): the try-first path
 *
 * Run it as scripts/bench.sh does:
 *   valgrind --tool=callgrind --collect-atstart=no --callgrind-out-file=DIR/cg.%p sx_bench_calls 100000
 * and read the "totals:" line of each dump; (Ir(lib) - Ir(raw)) / (2 N) is the extra
 * instruction count of one call. Outside valgrind the client requests do nothing and the
 * program just runs the loops.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <valgrind/callgrind.h>

#include "socketx/errors.h"
#include "socketx/socket.h"

#define MSG_SIZE 64
#define WARMUP 1000 /* resolves PLT entries and faults in pages before anything is counted */

static void check(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "sx_bench_calls: %s failed\n", what);
        exit(2);
    }
}

/* noinline: keeps each loop a function of its own in callgrind's annotations. */
__attribute__((noinline)) static void raw_loop(int fa, int fb, long n)
{
    char buf[MSG_SIZE] = {0};
    for (long i = 0; i < n; i++) {
        check(send(fa, buf, sizeof buf, MSG_NOSIGNAL) == MSG_SIZE, "send");
        check(recv(fb, buf, sizeof buf, 0) == MSG_SIZE, "recv");
    }
}

__attribute__((noinline)) static void lib_loop(sx_socket a, sx_socket b, long n)
{
    char buf[MSG_SIZE] = {0};
    for (long i = 0; i < n; i++) {
        size_t k = 0;
        check(sx_socket_send(a, buf, sizeof buf, 0, &k) == 0 && k == MSG_SIZE, "sx_socket_send");
        check(sx_socket_recv(b, buf, sizeof buf, 0, &k) == 0 && k == MSG_SIZE, "sx_socket_recv");
    }
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? strtol(argv[1], NULL, 10) : 100000;
    check(n > 0 && n <= 100000000, "the count argument (1..1e8)");
    sx_socket a, b;
    int32_t fa, fb;
    check(sx_socketpair(AF_UNIX, SOCK_STREAM, 0, &a, &b) == 0, "sx_socketpair");
    check(sx_socket_fileno(a, &fa) == 0 && sx_socket_fileno(b, &fb) == 0, "sx_socket_fileno");

    raw_loop(fa, fb, WARMUP);
    lib_loop(a, b, WARMUP);

    CALLGRIND_ZERO_STATS;
    CALLGRIND_TOGGLE_COLLECT;
    raw_loop(fa, fb, n);
    CALLGRIND_TOGGLE_COLLECT;
    CALLGRIND_DUMP_STATS_AT("raw");

    CALLGRIND_TOGGLE_COLLECT;
    lib_loop(a, b, n);
    CALLGRIND_TOGGLE_COLLECT;
    CALLGRIND_DUMP_STATS_AT("lib-blocking");

    check(sx_socket_settimeout(a, 5.0) == 0 && sx_socket_settimeout(b, 5.0) == 0, "sx_socket_settimeout");
    lib_loop(a, b, WARMUP);
    CALLGRIND_ZERO_STATS;
    CALLGRIND_TOGGLE_COLLECT;
    lib_loop(a, b, n);
    CALLGRIND_TOGGLE_COLLECT;
    CALLGRIND_DUMP_STATS_AT("lib-timeout");

    check(sx_socket_close(a) == 0 && sx_socket_close(b) == 0, "sx_socket_close");
    printf("sx_bench_calls: %ld send+recv pairs per phase\n", n);
    return 0;
}
