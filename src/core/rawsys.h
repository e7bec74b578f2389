/* SPDX-License-Identifier: MIT */
/*
 * Internal: send(2) and recv(2) as inline system calls, for the fast paths of socket_io.c.
 *
 * Calling libc's wrappers costs a call, its cancellation-point bookkeeping and errno's
 * thread-local store, and makes the compiler save every register the call may clobber.
 * The syscall instruction clobbers only rax, rcx and r11. These return the kernel's result:
 * a count, or -errno. send and recv are therefore not pthread cancellation points
 * (docs/conventions.md). Other architectures, and sanitizer builds (whose libc interceptors
 * check the buffers the kernel is given, and under ThreadSanitizer record those accesses and
 * deliver signals that arrive while the call blocks), use libc.
 */
#ifndef SXI_RAWSYS_H
#define SXI_RAWSYS_H

#include <errno.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/syscall.h>

#if defined(__x86_64__) && defined(__linux__) && !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
static inline long sxi_sys_noaddr(long nr, unsigned long a, unsigned long b, unsigned long c, unsigned long d)
{
    /* sendto/recvfrom with no address: NULL and length 0. */
    register unsigned long r10 __asm__("r10") = d;
    register long r8 __asm__("r8") = 0;
    register long r9 __asm__("r9") = 0;
    long ret;
    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "0"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
                     : "rcx", "r11", "memory");
    return ret;
}

static inline long sxi_sys_send(int fd, const void *buf, size_t len, unsigned flags)
{
    return sxi_sys_noaddr(SYS_sendto, (unsigned)fd, (unsigned long)buf, len, flags);
}

static inline long sxi_sys_recv(int fd, void *buf, size_t len, unsigned flags)
{
    return sxi_sys_noaddr(SYS_recvfrom, (unsigned)fd, (unsigned long)buf, len, flags);
}
#else
static inline long sxi_sys_send(int fd, const void *buf, size_t len, unsigned flags)
{
    long n = send(fd, buf, len, flags);
    return n < 0 ? -errno : n;
}

static inline long sxi_sys_recv(int fd, void *buf, size_t len, unsigned flags)
{
    long n = recv(fd, buf, len, flags);
    return n < 0 ? -errno : n;
}
#endif

#endif
