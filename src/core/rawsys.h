/* SPDX-License-Identifier: MIT */
/*
 * Internal: send(2), recv(2), sendmsg(2), recvmsg(2) and close(2) as inline system calls, for
 * the fast paths of socket_io.c and socket_msg.c and the received descriptors msg.c closes.
 *
 * Calling libc's wrappers costs a call, its cancellation-point bookkeeping and errno's
 * thread-local store, and makes the compiler save every register the call may clobber.
 * The syscall instruction clobbers only rax, rcx and r11. These return the kernel's result:
 * a count, or -errno. These calls are therefore not pthread cancellation points
 * (docs/conventions.md); in a process with threads, libc's cancellation bookkeeping is two
 * locked instructions a call. Other architectures, and sanitizer builds (whose libc interceptors
 * check the buffers the kernel is given, and under ThreadSanitizer record those accesses and
 * deliver signals that arrive while the call blocks), use libc.
 */
#ifndef SXI_RAWSYS_H
#define SXI_RAWSYS_H

#include <errno.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

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

/* A system call of up to three arguments (the kernel ignores those a call does not take). */
static inline long sxi_sys3(long nr, unsigned long a, unsigned long b, unsigned long c)
{
    long ret;
    __asm__ volatile("syscall" : "=a"(ret) : "0"(nr), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
    return ret;
}

static inline long sxi_sys_sendmsg(int fd, const struct msghdr *hdr, unsigned flags)
{
    return sxi_sys3(SYS_sendmsg, (unsigned)fd, (unsigned long)hdr, flags);
}

static inline long sxi_sys_recvmsg(int fd, struct msghdr *hdr, unsigned flags)
{
    return sxi_sys3(SYS_recvmsg, (unsigned)fd, (unsigned long)hdr, flags);
}

/* close(2) of a descriptor the library owns; Linux releases it even when the call reports EINTR. */
static inline void sxi_sys_close(int fd)
{
    (void)sxi_sys3(SYS_close, (unsigned)fd, 0, 0);
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

static inline long sxi_sys_sendmsg(int fd, const struct msghdr *hdr, unsigned flags)
{
    long n = sendmsg(fd, hdr, (int)flags);
    return n < 0 ? -errno : n;
}

static inline long sxi_sys_recvmsg(int fd, struct msghdr *hdr, unsigned flags)
{
    long n = recvmsg(fd, hdr, (int)flags);
    return n < 0 ? -errno : n;
}

static inline void sxi_sys_close(int fd)
{
    (void)close(fd);
}
#endif

#endif
