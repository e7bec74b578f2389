/* SPDX-License-Identifier: MIT */
/*
 * socketx/connect.h - connection helpers and descriptor functions of Python's socket module:
 * create_connection (with an opt-in Happy Eyeballs mode), create_server, has_ipv6,
 * has_dualstack_ipv6, close(fd) and dup(fd).
 */
#ifndef SOCKETX_CONNECT_H
#define SOCKETX_CONNECT_H

#include "socketx/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Passed as the timeout of sx_create_connection(): keep the module default timeout
 *  (Python's socket._GLOBAL_DEFAULT_TIMEOUT), unlike SX_TIMEOUT_NONE, which means blocking. */
#define SX_TIMEOUT_DEFAULT (-2.0)

/** sx_create_connection_ex() flag: race the addresses as RFC 8305 "Happy Eyeballs" says
 *  (families interleaved, a new attempt every 250 ms until one connects) instead of trying
 *  them one after the other. */
#define SX_CONNECT_HAPPY_EYEBALLS 1

/** The delay between two Happy Eyeballs attempts, in milliseconds (RFC 8305's recommendation). */
#define SX_HAPPY_EYEBALLS_DELAY_MS 250

/**
 * Connect a TCP socket to a host and port, trying each address getaddrinfo gives in turn.
 * Mirrors: socket.create_connection((host, port), timeout, source_address). For each address:
 * a socket, the timeout (unless SX_TIMEOUT_DEFAULT), a bind to source (if not 0), connect;
 * the first success wins, otherwise the last attempt's error is returned.
 * @param host UTF-8 host name or address; NULL (Python's None) means the loopback addresses.
 *        An IPv6 literal may carry a "%zone" (the zone rule of socketx/addr.h).
 * @param port any int32_t, formatted as Python does (no range check: 70000 is port 4464).
 * @param timeout seconds; SX_TIMEOUT_DEFAULT keeps the module default, SX_TIMEOUT_NONE blocks, 0
 *        is non-blocking (connect then gives SX_EINPROGRESS).
 * @param source address to bind before connecting, or 0 (not consumed: the caller still owns it).
 * @param[out] out new handle, caller releases with sx_socket_close().
 * @return 0; SX_EARG (out NULL, NaN or negative timeout); SX_EOUTOFRANGE (timeout too large);
 *         SX_EBADHANDLE (source); SX_EAI_* or an OS code from resolution; else the last
 *         attempt's code (SX_ECONNREFUSED, SX_ETIMEOUT, SX_ENETUNREACH, SX_EADDRINUSE, ...).
 * Blocks: while resolving and connecting, at most timeout per address. Thread-safety: safe.
 * @since SOCKETX_1.0
 */
SX_API int32_t sx_create_connection(const char *host, int32_t port, double timeout, sx_addr source,
                                    sx_socket *out);

/**
 * sx_create_connection() reporting every attempt's error, optionally racing the addresses.
 * Mirrors: socket.create_connection(..., all_errors=True), whose ExceptionGroup lists every
 * attempt's error; beyond Python, SX_CONNECT_HAPPY_EYEBALLS races the addresses (RFC 8305):
 * the first address, then one of the other family, alternating, a new attempt every 250 ms
 * or as soon as the pending ones failed; the first to connect wins and the others are closed.
 * The timeout is then one deadline for the whole race (0 falls back to the sequential mode).
 * @param host, port, timeout, source as sx_create_connection().
 * @param flags 0 or SX_CONNECT_HAPPY_EYEBALLS.
 * @param[out] errors caller's array for the status of each failed attempt, in the order the
 *        failures happened; may be NULL when errors_cap is 0.
 * @param errors_cap its number of elements; failures past it are counted, not stored.
 * @param[out] errors_len_out receives the number of failed attempts (optional, may be NULL).
 * @param[out] out new handle, caller releases with sx_socket_close().
 * @return as sx_create_connection(), plus SX_EARG for unknown flags or errors NULL with a
 *         non-zero errors_cap; in Happy Eyeballs mode SX_ETIMEOUT when the deadline passes.
 * Blocks: while resolving and connecting. Thread-safety: safe. @since SOCKETX_1.0
 */
SX_API int32_t sx_create_connection_ex(const char *host, int32_t port, double timeout, sx_addr source,
                                       int32_t flags, int32_t *errors, size_t errors_cap, size_t *errors_len_out,
                                       sx_socket *out);

/**
 * Create a TCP socket bound to an address and listening.
 * Mirrors: socket.create_server(address, family=..., backlog, reuse_port, dualstack_ipv6); the
 * family is the address's. SO_REUSEADDR is set (errors ignored), SO_REUSEPORT if reuse_port (AF_INET
 * and AF_INET6 only, as newest Python), IPV6_V6ONLY on AF_INET6 (0 for dualstack, else 1).
 * @param address where to bind (not consumed).
 * @param backlog listen backlog, or SX_BACKLOG_DEFAULT for Python's default.
 * @param reuse_port 0 or 1. @param dualstack_ipv6 0 or 1: accept IPv4 too on an AF_INET6 socket.
 * @param[out] out new handle, caller releases with sx_socket_close().
 * @return 0; SX_EARG (out NULL; "dualstack_ipv6 requires AF_INET6 family"); SX_ENOTSUP
 *         ("dualstack_ipv6 not supported on this platform"); SX_EBADHANDLE; the OS code of
 *         socket(2), setsockopt(2), bind(2) (detail "<strerror> (while attempting to bind on
 *         address <addr>)") or listen(2).
 * Blocks: never. Thread-safety: safe. @since SOCKETX_1.0
 */
SX_API int32_t sx_create_server(sx_addr address, int32_t backlog, int reuse_port, int dualstack_ipv6,
                                sx_socket *out);

/**
 * Whether this host can create IPv6 sockets.
 * Mirrors: socket.has_ipv6 (a build-time constant in Python; here also checked at run time,
 * since the kernel may lack IPv6).
 * @param[out] out receives 1 or 0.
 * @return 0; SX_EARG (out NULL). Blocks: never. Thread-safety: safe. @since SOCKETX_1.0
 */
SX_API int32_t sx_has_ipv6(int *out);

/**
 * Whether an AF_INET6 TCP socket can accept IPv4 connections too (IPV6_V6ONLY can be cleared).
 * Mirrors: socket.has_dualstack_ipv6().
 * @param[out] out receives 1 or 0; any failure of the probe gives 0.
 * @return 0; SX_EARG (out NULL). Blocks: never. Thread-safety: safe. @since SOCKETX_1.0
 */
SX_API int32_t sx_has_dualstack_ipv6(int *out);

/**
 * Close a raw file descriptor (not a handle), ignoring ECONNRESET.
 * Mirrors: socket.close(fd).
 * @param fd the descriptor (>= 0).
 * @return 0; SX_EARG (negative fd); an OS code (SX_EBADF, ...). Blocks: as close(2) (SO_LINGER).
 * Thread-safety: safe. @since SOCKETX_1.0
 */
SX_API int32_t sx_fd_close(int32_t fd);

/**
 * Duplicate a raw file descriptor; the copy is close-on-exec (non-inheritable).
 * Mirrors: socket.dup(fd).
 * @param fd the descriptor (>= 0). @param[out] fd_out receives the new descriptor, the caller's to close.
 * @return 0; SX_EARG (negative fd, fd_out NULL); an OS code (SX_EBADF, SX_EMFILE, ...).
 * Blocks: never. Thread-safety: safe. @since SOCKETX_1.0
 */
SX_API int32_t sx_fd_dup(int32_t fd, int32_t *fd_out);

#ifdef __cplusplus
}
#endif

#endif /* SOCKETX_CONNECT_H */
