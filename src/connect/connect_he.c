/* SPDX-License-Identifier: MIT */
/*
 * Happy Eyeballs (RFC 8305) for sx_create_connection_ex: the addresses are reordered so the
 * families alternate (first the family of getaddrinfo's first answer), and a non-blocking
 * connect is started every SX_HAPPY_EYEBALLS_DELAY_MS, or at once when every pending attempt
 * has failed, while one poll(2) watches all of them. The first to connect wins; the others are
 * closed. Raw descriptors are used until the winner is known, so a loser never costs a handle.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "addr.h"
#include "connect.h"
#include "detail.h"
#include "handle.h"
#include "socket.h"
#include "socketx/connect.h"
#include "socketx/errors.h"

/* A bound on the race: getaddrinfo never returns this many stream addresses for one name. */
#define MAX_ATTEMPTS 64

struct attempt {
    const struct addrinfo *ai;
    int fd; /* -1 when not started or finished */
};

/* RFC 8305 section 4: first address family first, then alternate with the other families. */
static size_t interleave(const struct addrinfo *res, const struct addrinfo **order)
{
    const struct addrinfo *first[MAX_ATTEMPTS], *other[MAX_ATTEMPTS];
    size_t nf = 0, no = 0;
    for (const struct addrinfo *ai = res; ai && nf + no < MAX_ATTEMPTS; ai = ai->ai_next) {
        if (ai->ai_family == res->ai_family)
            first[nf++] = ai;
        else
            other[no++] = ai;
    }
    size_t n = 0;
    for (size_t i = 0; i < nf || i < no; i++) {
        if (i < nf)
            order[n++] = first[i];
        if (i < no)
            order[n++] = other[i];
    }
    return n;
}

/* Start a non-blocking connect: 1 pending (fd set), 0 connected at once (fd set), or a status. */
static int32_t start(struct attempt *a, const struct sxi_addr *src)
{
    const struct addrinfo *ai = a->ai;
    /* As sx_socket_bind refuses an address of another family (Python's TypeError). */
    if (src && src->u.sa.sa_family != ai->ai_family)
        return sxi_fail(SX_EARG, "source address of family %d for a socket of family %d", src->u.sa.sa_family,
                        ai->ai_family);
    int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0)
        return sxi_fail_errno(errno, "socket");
    if (src && bind(fd, &src->u.sa, src->len) != 0) {
        int32_t rc = sxi_fail_errno(errno, "bind");
        close(fd);
        return rc;
    }
    int r;
    do
        r = connect(fd, ai->ai_addr, ai->ai_addrlen);
    while (r != 0 && errno == EINTR);
    a->fd = fd;
    if (r == 0)
        return 0;
    if (errno == EINPROGRESS)
        return 1;
    int32_t rc = sxi_fail_errno(errno, "connect");
    close(fd);
    a->fd = -1;
    return rc;
}

/* A pending attempt's outcome once poll reported it: 0 connected, else its status. */
static int32_t outcome(int fd)
{
    int err = 0;
    socklen_t len = sizeof err;
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0)
        return sxi_fail_errno(errno, "getsockopt(SO_ERROR)");
    return err ? sxi_fail_errno(err, "connect") : 0;
}

static int32_t race(struct attempt *att, size_t n, int64_t timeout_ns, const struct sxi_addr *src,
                    struct sxi_errlist *el, size_t *winner)
{
    int64_t deadline = timeout_ns > 0 ? sxi_deadline_after(timeout_ns) : -1;
    int64_t delay_ns = (int64_t)SX_HAPPY_EYEBALLS_DELAY_MS * 1000000;
    int64_t next_start = 0; /* the first attempt starts at once */
    size_t started = 0, pending = 0;
    int32_t last = 0; /* the status of the latest failure; none yet */
    for (;;) {
        int64_t now = sxi_now_ns();
        if (deadline >= 0 && now >= deadline)
            return sxi_fail(SX_ETIMEOUT, "timed out: no address connected in time");
        /* Start the next attempt when its turn came or nothing else is in flight. */
        if (started < n && (now >= next_start || pending == 0)) {
            struct attempt *a = &att[started++];
            int32_t rc = start(a, src);
            if (rc == 0) {
                *winner = (size_t)(a - att);
                return 0;
            }
            if (rc == 1) {
                pending++;
                next_start = now + delay_ns;
            } else {
                sxi_errlist_add(el, rc);
                last = rc;
            }
            continue;
        }
        if (pending == 0) /* every address failed */
            return last ? last : sxi_fail(SX_EARG, "getaddrinfo returns an empty list");
        struct pollfd pfd[MAX_ATTEMPTS];
        size_t idx[MAX_ATTEMPTS], np = 0;
        for (size_t i = 0; i < started; i++)
            if (att[i].fd >= 0) {
                pfd[np] = (struct pollfd){.fd = att[i].fd, .events = POLLOUT};
                idx[np++] = i;
            }
        int64_t wait_ns = -1;
        if (started < n)
            wait_ns = next_start - now;
        if (deadline >= 0 && (wait_ns < 0 || deadline - now < wait_ns))
            wait_ns = deadline - now;
        /* Round up so a wait never ends just before its moment and spins. */
        int ms = wait_ns < 0 ? -1 : (int)((wait_ns + 999999) / 1000000);
        int r = poll(pfd, np, ms);
        if (r < 0) {
            int32_t rc;
            if (errno == EINTR && (rc = sxi_interrupted("poll")) != 0)
                return rc;
            if (errno == EINTR)
                continue; /* PEP 475: the deadline is recomputed at the top */
            return sxi_fail_errno(errno, "poll");
        }
        for (size_t k = 0; k < np && r > 0; k++) {
            if (!pfd[k].revents)
                continue;
            struct attempt *a = &att[idx[k]];
            int32_t rc = outcome(a->fd);
            if (rc == 0) {
                *winner = idx[k];
                return 0;
            }
            sxi_errlist_add(el, rc);
            last = rc;
            close(a->fd);
            a->fd = -1;
            pending--;
        }
    }
}

int32_t sxi_happy_eyeballs(const struct addrinfo *res, int64_t timeout_ns, sx_addr source, struct sxi_errlist *el,
                           sx_socket *out)
{
    const struct addrinfo *order[MAX_ATTEMPTS];
    size_t n = interleave(res, order);
    struct attempt att[MAX_ATTEMPTS];
    for (size_t i = 0; i < n; i++)
        att[i] = (struct attempt){.ai = order[i], .fd = -1};
    const struct sxi_addr *src = NULL;
    if (source) {
        int32_t rc = sxi_addr_acquire(source, &src);
        if (rc)
            return rc;
    }
    size_t winner = 0;
    int32_t rc = race(att, n, timeout_ns, src, el, &winner);
    if (source)
        sxi_handle_release(source);
    for (size_t i = 0; i < n; i++)
        if (att[i].fd >= 0 && (rc != 0 || i != winner))
            close(att[i].fd);
    if (rc)
        return rc;
    const struct addrinfo *ai = att[winner].ai;
    int fd = att[winner].fd;
    /* The winner takes the mode its timeout asks for: blocking only without a timeout. */
    if (timeout_ns < 0 && (rc = sxi_fd_set_blocking(fd, 1)) != 0) {
        close(fd);
        return rc;
    }
    rc = sxi_socket_wrap(fd, ai->ai_family, ai->ai_socktype, ai->ai_protocol, timeout_ns, out);
    if (rc)
        close(fd);
    return rc;
}
