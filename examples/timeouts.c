/* SPDX-License-Identifier: MIT */
/*
 * timeouts - Python's three socket modes on one end of a socketpair that has nothing
 * to read: non-blocking (0) fails at once with SX_EAGAIN; timeout mode (0.2 s) waits at
 * most that long and fails with SX_ETIMEOUT, after which the socket still works; blocking
 * mode (SX_TIMEOUT_NONE) would wait forever, so it is shown only once data is there. The
 * module default (sx_setdefaulttimeout()) is the mode new sockets start in.
 */
#define _POSIX_C_SOURCE 200809L
#include "example.h"

#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(void)
{
    sx_socket a = 0, b = 0;
    char buf[16];
    size_t n = 0;
    double seconds = 0;

    /* New sockets start in the module default mode: 2 s here (initially blocking). */
    check("sx_setdefaulttimeout", sx_setdefaulttimeout(2.0));
    check("sx_socketpair", sx_socketpair(SX_AF_UNIX, SX_SOCK_STREAM, 0, &a, &b));
    check("sx_socket_gettimeout", sx_socket_gettimeout(a, &seconds));
    printf("new socket timeout: %.1f s (the module default)\n", seconds);
    check("sx_setdefaulttimeout", sx_setdefaulttimeout(SX_TIMEOUT_NONE));

    check("sx_socket_settimeout", sx_socket_settimeout(a, 0.0));
    int32_t rc = sx_socket_recv(a, buf, sizeof buf, 0, &n);
    printf("non-blocking recv: %s\n", sx_error_name(rc));
    if (rc != SX_EAGAIN)
        return 1;

    check("sx_socket_settimeout", sx_socket_settimeout(a, 0.2));
    double start = now();
    rc = sx_socket_recv(a, buf, sizeof buf, 0, &n);
    double waited = now() - start;
    printf("timeout-mode recv: %s after about %.1f s\n", sx_error_name(rc), waited);
    if (rc != SX_ETIMEOUT || waited < 0.15 || waited > 2.0)
        return 1;

    /* The socket stays usable after a timeout. */
    check("sx_socket_settimeout", sx_socket_settimeout(a, SX_TIMEOUT_NONE));
    check("sx_socket_sendall", sx_socket_sendall(b, "late", 4, 0, &n));
    check("sx_socket_recv", sx_socket_recv(a, buf, sizeof buf, 0, &n));
    printf("blocking recv after data arrived: %.*s\n", (int)n, buf);

    sx_socket_close(a);
    sx_socket_close(b);
    printf("timeouts: OK\n");
    return n == 4 ? 0 : 1;
}
