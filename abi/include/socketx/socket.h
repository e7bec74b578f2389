/* SPDX-License-Identifier: MIT */
/*
 * socketx/socket.h - the socket object: Python's socket.socket, in C.
 *
 * A socket handle owns one kernel file descriptor, created close-on-exec. It has the
 * three timeout modes of Python (https://docs.python.org/3/library/socket.html#notes-on-socket-timeouts):
 *
 *   blocking      gettimeout = SX_TIMEOUT_NONE; the fd is blocking; calls wait as long as needed.
 *   non-blocking  gettimeout = 0; the fd is O_NONBLOCK; a call that cannot complete at once
 *                 returns SX_EAGAIN (SX_EINPROGRESS for connect).
 *   timeout       gettimeout = t > 0; the fd is O_NONBLOCK; a call first tries the operation
 *                 and waits only when it would block, for at most t seconds in all, then
 *                 returns SX_ETIMEOUT. The socket stays usable.
 *
 * A new socket starts in the mode of the module default (sx_setdefaulttimeout(), initially
 * blocking), except that SOCK_NONBLOCK in the type makes it non-blocking.
 *
 * Interrupted system calls (EINTR) are retried with the remaining time (PEP 475), unless
 * the calling thread opted in to interruptions (sx_thread_set_interruptible()): then the
 * call returns SX_EINTR at once.
 * SIGPIPE is never raised: sends use MSG_NOSIGNAL and a closed peer gives SX_EPIPE.
 *
 * Closing from another thread: sx_socket_close() on a socket that another thread is
 * using makes every call in progress return SX_ECLOSED promptly; the fd itself is closed
 * only when the last of them has returned, so no call can act on a recycled fd. A call
 * waiting in timeout mode is woken by an internal event. A call blocked inside the kernel
 * in blocking mode can only be woken by shutdown(2) of the socket, which libsocketx then
 * performs: other descriptors sharing that connection (dup, fd passing) see it shut
 * down too. Any later use of the closed handle gives SX_EBADHANDLE.
 *
 * The mode is the handle's, not the O_NONBLOCK flag of the fd, which dups and other
 * processes share and may change: a timed call returns within its timeout whatever the
 * flag says. After fork(2), the child may use and close every inherited handle; its close
 * releases its own descriptor only and never shuts down the connection it shares with
 * the parent nor wakes the parent's calls (docs/conventions.md, "fork").
 *
 * Every function is safe to call from any thread.
 */
#ifndef SOCKETX_SOCKET_H
#define SOCKETX_SOCKET_H

#include "socketx/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Creation and lifetime ------------------------------------------------------ */

/**
 * Create a socket.
 * Mirrors: socket.socket(family, type, proto); socket(2) with SOCK_CLOEXEC.
 * The type may carry SOCK_NONBLOCK (the socket starts non-blocking) and SOCK_CLOEXEC
 * (always applied anyway); sx_socket_type() reports the type without them. As in
 * Python, sx_socket_proto() reports the proto given here, not the kernel's choice.
 * As Python's socket(), -1 for family, type or proto means its default (AF_INET, SOCK_STREAM,
 * 0); every other value, negative ones too, goes to socket(2), which judges it (family -2:
 * SX_EAFNOSUPPORT; type -2 or 0 with AF_INET: SX_EINVAL, SX_ESOCKTNOSUPPORT).
 * @param family AF_INET, AF_INET6, AF_UNIX or any family the kernel supports; -1: AF_INET.
 * @param type SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET, SOCK_RAW..., optionally | SOCK_NONBLOCK;
 *        -1: SOCK_STREAM.
 * @param proto protocol number, usually 0; -1: 0.
 * @param[out] out new handle, caller releases with sx_socket_close().
 * @return 0; SX_EARG (NULL out); SX_ENOMEM; SX_ENOHANDLES; or an OS code from
 *         socket(2) such as SX_EAFNOSUPPORT, SX_EPROTONOSUPPORT, SX_EINVAL, SX_EMFILE.
 * @since SOCKETX_1.0
 */
SX_API int32_t sx_socket_open(int32_t family, int32_t type, int32_t proto, sx_socket *out);

/**
 * Wrap an existing socket fd without duplicating it; the handle then owns the fd.
 * Mirrors: socket.socket(family, type, proto, fileno=fd).
 * Pass SX_DETECT for family, type or proto to detect them from the fd (getsockname,
 * SO_TYPE, SO_PROTOCOL); explicit values override what is detected and only change what
 * the accessors report. The fd's close-on-exec flag is left as it is. The socket gets
 * the module default timeout, which switches the fd to O_NONBLOCK when it is not None.
 * @param fd an open socket descriptor, >= 0.
 * @param family the address family; SX_DETECT (-1) to detect it from the fd.
 * @param type the socket type; SX_DETECT (-1) to detect it from the fd.
 * @param proto the protocol number; SX_DETECT (-1) to detect it from the fd.
 * @param[out] out receives the new handle, caller releases with sx_socket_close().
 * @return 0; SX_EARG (NULL out, negative fd); SX_EBADF (fd not open); SX_ENOTSOCK (not a
 *         socket); SX_ENOHANDLES; or an OS code from getsockname(2)/getsockopt(2).
 * @since SOCKETX_1.0
 */
SX_API int32_t sx_socket_adopt(int32_t fd, int32_t family, int32_t type, int32_t proto, sx_socket *out);

/**
 * Duplicate an fd (close-on-exec) and wrap the duplicate; the caller keeps fd.
 * Mirrors: socket.fromfd(fd, family, type, proto). SX_DETECT works as in sx_socket_adopt().
 * The new socket gets the module default timeout.
 * @param fd an open socket descriptor, >= 0; it is duplicated and stays the caller's.
 * @param family the address family; SX_DETECT (-1) to detect it from the fd.
 * @param type the socket type; SX_DETECT (-1) to detect it from the fd.
 * @param proto the protocol number; SX_DETECT (-1) to detect it from the fd.
 * @param[out] out receives the new handle, caller releases with sx_socket_close().
 * @return 0; SX_EARG; SX_EBADF; SX_ENOTSOCK; SX_EMFILE; SX_ENOHANDLES.
 * @since SOCKETX_1.0
 */
SX_API int32_t sx_socket_fromfd(int32_t fd, int32_t family, int32_t type, int32_t proto, sx_socket *out);

/**
 * Create a connected pair of sockets.
 * Mirrors: socket.socketpair(family, type, proto); socketpair(2). Python's default is
 * (AF_UNIX, SOCK_STREAM, 0). Both ends get the module default timeout. As in Python, the
 * arguments go to socketpair(2) as they are, -1 included (it has no default here): family -1
 * gives SX_EAFNOSUPPORT, type -1 SX_EINVAL, proto -1 SX_EPROTONOSUPPORT.
 * @param family AF_UNIX or another family that supports socketpair(2).
 * @param type SOCK_STREAM, SOCK_DGRAM or SOCK_SEQPACKET, optionally | SOCK_NONBLOCK.
 * @param proto protocol number, usually 0.
 * @param[out] first_out,second_out new handles, caller releases each with sx_socket_close().
 * @return 0; SX_EARG (NULL out); SX_ENOMEM; SX_ENOHANDLES; or an OS code from socketpair(2)
 *         (SX_EOPNOTSUPP for families without pairs, such as AF_INET; SX_EMFILE).
 * @since SOCKETX_1.0
 */
SX_API int32_t sx_socketpair(int32_t family, int32_t type, int32_t proto, sx_socket *first_out,
                             sx_socket *second_out);

/**
 * Duplicate a socket: a new handle over a close-on-exec dup of the fd, with the same
 * family, type, proto and timeout (not the module default).
 * Mirrors: socket.dup().
 * @param s the socket handle.
 * @param[out] out receives the new handle, caller releases with sx_socket_close().
 * @return 0; SX_EBADHANDLE; SX_EARG; SX_EMFILE; SX_ENOHANDLES. @since SOCKETX_1.0
 */
SX_API int32_t sx_socket_dup(sx_socket s, sx_socket *out);

/**
 * Give up the fd without closing it: the handle is released and the fd is the caller's.
 * Mirrors: socket.detach().
 * @param s the socket handle.
 * @param[out] fd_out receives the descriptor, still owned by the socket.
 * @return 0; SX_EBADHANDLE; SX_EARG (NULL out); SX_EBUSY (another call is using the
 *         socket right now; detach would leave it with an fd it does not own).
 * @since SOCKETX_1.0
 */
SX_API int32_t sx_socket_detach(sx_socket s, int32_t *fd_out);

/**
 * Close a socket. Idempotent: closing 0 or an already closed handle returns 0.
 * Calls in progress on other threads return SX_ECLOSED (see the top of this header);
 * the fd is closed when the last of them returns.
 * Mirrors: socket.close(); close(2), whose SX_ECONNRESET is ignored as Python does.
 * The close(2) of the fd happens after this function returns when other calls are in
 * progress, so its errors cannot be reported; otherwise an error of close(2) other
 * than ECONNRESET is returned (the handle is released all the same).
 * @param s the socket handle.
 * @return 0; SX_EBADHANDLE (a handle of another kind, or one never issued); an OS code from close(2).
 * @since SOCKETX_1.0
 */
SX_API int32_t sx_socket_close(sx_socket s);

/**
 * Get the fd. Mirrors: socket.fileno(). The fd stays owned by the socket.
 * @param s the socket handle.
 * @param[out] fd_out receives the descriptor, still owned by the socket.
 * @return 0; SX_EBADHANDLE (also after close or detach, where Python returns -1); SX_EARG.
 * @since SOCKETX_1.0
 */
SX_API int32_t sx_socket_fileno(sx_socket s, int32_t *fd_out);

/**
 * Get the family given at creation or detected. Mirrors: socket.family.
 * @param s the socket handle.
 * @param[out] family_out receives the family (AF_*).
 * @return 0; SX_EBADHANDLE; SX_EARG (NULL family_out). @since SOCKETX_1.0
 */
SX_API int32_t sx_socket_family(sx_socket s, int32_t *family_out);
/**
 * Get the type without SOCK_NONBLOCK/SOCK_CLOEXEC. Mirrors: socket.type.
 * @param s the socket handle.
 * @param[out] type_out receives the type (SOCK_STREAM...).
 * @return 0; SX_EBADHANDLE; SX_EARG (NULL type_out). @since SOCKETX_1.0
 */
SX_API int32_t sx_socket_type(sx_socket s, int32_t *type_out);
/**
 * Get the proto given at creation, detected by adopt/fromfd, or the listener's for accept.
 * Mirrors: socket.proto.
 * @param s the socket handle.
 * @param[out] proto_out receives the protocol number.
 * @return 0; SX_EBADHANDLE; SX_EARG (NULL proto_out). @since SOCKETX_1.0
 */
SX_API int32_t sx_socket_proto(sx_socket s, int32_t *proto_out);

/**
 * Get or set whether the fd is inherited by child processes (FD_CLOEXEC cleared).
 * Mirrors: socket.get_inheritable() / set_inheritable(); fcntl(2).
 * @param s the socket handle.
 * @param[out] inheritable_out receives 1 if the fd is inherited by child processes, else 0.
 * @return 0; SX_EBADHANDLE; SX_EARG; an OS code from fcntl(2). @since SOCKETX_1.0
 */
SX_API int32_t sx_socket_get_inheritable(sx_socket s, int *inheritable_out);
/**
 * Set whether the fd is inherited by child processes (FD_CLOEXEC cleared) or not.
 * Mirrors: socket.set_inheritable(); fcntl(2).
 * @param s the socket handle.
 * @param inheritable 1 (any non-zero value) to inherit, 0 not.
 * @return 0; SX_EBADHANDLE; an OS code from fcntl(2). @since SOCKETX_1.0
 */
SX_API int32_t sx_socket_set_inheritable(sx_socket s, int inheritable);

/* ---- Timeouts --------------------------------------------------------------------- */

/**
 * Set the timeout mode. Mirrors: socket.settimeout(value).
 * @param s the socket handle.
 * @param seconds SX_TIMEOUT_NONE (-1.0) for blocking, 0 for non-blocking, or a positive
 *        number of seconds (rounded up to a whole nanosecond, at least 1 ns).
 * @return 0; SX_EBADHANDLE; SX_EARG (NaN, or negative other than SX_TIMEOUT_NONE);
 *         SX_EOUTOFRANGE (infinite, or more than 9.2e9 s); an OS code from fcntl(2).
 * @since SOCKETX_1.0
 */
SX_API int32_t sx_socket_settimeout(sx_socket s, double seconds);

/**
 * Get the timeout: SX_TIMEOUT_NONE (-1.0) in blocking mode, else seconds (0 = non-blocking).
 * Mirrors: socket.gettimeout().
 * @param s the socket handle.
 * @param[out] seconds_out receives the timeout in seconds, or SX_TIMEOUT_NONE (-1.0) for blocking mode.
 * @return 0; SX_EBADHANDLE; SX_EARG. @since SOCKETX_1.0
 */
SX_API int32_t sx_socket_gettimeout(sx_socket s, double *seconds_out);

/**
 * Set blocking (1: same as settimeout(SX_TIMEOUT_NONE)) or non-blocking (0: settimeout(0)).
 * Mirrors: socket.setblocking(flag). Any non-zero flag means blocking.
 * @param s the socket handle.
 * @param blocking non-zero for blocking mode, 0 for non-blocking.
 * @return 0; SX_EBADHANDLE; an OS code from ioctl(2) (FIONBIO). @since SOCKETX_1.0
 */
SX_API int32_t sx_socket_setblocking(sx_socket s, int blocking);

/**
 * Get whether the socket is in blocking or timeout mode (1) or non-blocking (0).
 * Mirrors: socket.getblocking(): true in timeout mode too.
 * @param s the socket handle.
 * @param[out] blocking_out receives 1 (blocking or timeout mode) or 0 (non-blocking).
 * @return 0; SX_EBADHANDLE; SX_EARG (NULL blocking_out). @since SOCKETX_1.0
 */
SX_API int32_t sx_socket_getblocking(sx_socket s, int *blocking_out);

/**
 * Set the module default timeout that new sockets start with (not existing ones).
 * Mirrors: socket.setdefaulttimeout(). Values as sx_socket_settimeout().
 * @param seconds SX_TIMEOUT_NONE (-1.0) for blocking, 0 for non-blocking, or a positive number of seconds.
 * @return 0; SX_EARG; SX_EOUTOFRANGE. Thread-safety: atomic. @since SOCKETX_1.0
 */
SX_API int32_t sx_setdefaulttimeout(double seconds);

/**
 * Get the module default timeout (SX_TIMEOUT_NONE initially). Mirrors: socket.getdefaulttimeout().
 * @param[out] seconds_out receives the default in seconds, or SX_TIMEOUT_NONE (-1.0) for blocking.
 * @return 0; SX_EARG (NULL seconds_out). @since SOCKETX_1.0
 */
SX_API int32_t sx_getdefaulttimeout(double *seconds_out);

/* ---- Interruption by signals ------------------------------------------------------ */

/**
 * Choose, for the calling thread, what a call does when a signal handler interrupts it.
 *
 * 0 (the default): the library retries the interrupted system call with the remaining
 * time (PEP 475), as CPython's socket module does; a signal never ends a call early.
 *
 * 1: a call interrupted by a signal handler returns SX_EINTR promptly instead, so a host
 * runtime that handles signals itself (CPython through an FFI, Ruby's Thread#raise and
 * Ctrl-C, a JVM) can run its handler and decide: raise, or call again. The progress made
 * before the interruption is reported as on any failure: sx_socket_sendall() sets its
 * sent_out to the bytes already sent; sx_socket_connect() leaves the connection going on
 * in the kernel (a later connect reports SX_EALREADY or SX_EISCONN, as in Python); calls
 * that transfer nothing report nothing. In timeout mode a call made again starts a new
 * timeout. Only a handler installed without SA_RESTART interrupts a call sleeping inside
 * the kernel in blocking mode; waits in timeout mode are always interrupted. In such a
 * thread sx_socket_sendall() never sleeps inside send(2), even in blocking mode (a signal
 * there would only shorten the count): it waits for room in ppoll(2), where every handled
 * signal is seen. A signal handled while the library is between two system calls, not
 * waiting, is seen at the next wait's interruption, if any: the host's own check after the
 * call returns covers that window, as CPython checks its signals after each call.
 *
 * The setting is per thread (a thread-local flag, no callback) and applies to every call
 * of the library that this thread makes afterwards, including the connection helpers.
 * @param on 1 to return SX_EINTR on interruption, 0 to retry.
 * @return 0; SX_EARG (on is neither 0 nor 1). @since SOCKETX_1.0
 */
SX_API int32_t sx_thread_set_interruptible(int on);

/**
 * Get the calling thread's interruption setting (see sx_thread_set_interruptible()).
 * @param[out] on_out receives 1 (interrupted calls return SX_EINTR) or 0 (they are retried).
 * @return 0; SX_EARG (NULL on_out). @since SOCKETX_1.0
 */
SX_API int32_t sx_thread_get_interruptible(int *on_out);

/* ---- Addresses and connections ---------------------------------------------------- */

/**
 * Bind to an address. Mirrors: socket.bind(address); bind(2). One system call, no waiting.
 * An address of another family than the socket's gives SX_EARG (except for sockets whose
 * family the library does not know, where the kernel decides).
 * @param s the socket handle.
 * @param address the address handle.
 * @return 0; SX_EBADHANDLE (socket or address); SX_EARG; or an OS code from bind(2) such as
 *         SX_EADDRINUSE, SX_EACCES, SX_EADDRNOTAVAIL.
 * @since SOCKETX_1.0
 */
SX_API int32_t sx_socket_bind(sx_socket s, sx_addr address);

/**
 * Listen for connections. Mirrors: socket.listen([backlog]); listen(2).
 * @param s the socket handle.
 * @param backlog queue length; SX_BACKLOG_DEFAULT for Python's default min(SOMAXCONN, 128);
 *        other negative values are clamped to 0 as Python does.
 * @return 0; SX_EBADHANDLE; or an OS code from listen(2). @since SOCKETX_1.0
 */
SX_API int32_t sx_socket_listen(sx_socket s, int32_t backlog);

/**
 * Accept a connection. Mirrors: socket.accept(); accept4(2) with SOCK_CLOEXEC.
 * Waits for readability per the timeout mode. The new socket has the listener's family,
 * type and proto and the module default timeout, except that when the default is None and
 * the listener is in timeout mode, the new socket is blocking (Python's rule).
 * @param s the socket handle.
 * @param[out] conn_out new handle, caller releases with sx_socket_close().
 * @param[out] address_out receives the peer address (new handle, caller releases with
 *        sx_addr_close(); 0 if the kernel gave none, and always 0 for AF_ALG, whose
 *        operation sockets have no address); may be NULL if not wanted.
 * @return 0; SX_EBADHANDLE; SX_EARG; SX_EAGAIN (non-blocking, nothing pending);
 *         SX_ETIMEOUT; SX_ECLOSED; SX_ENOHANDLES; or an OS code from accept4(2).
 * @since SOCKETX_1.0
 */
SX_API int32_t sx_socket_accept(sx_socket s, sx_socket *conn_out, sx_addr *address_out);

/**
 * Connect. Mirrors: socket.connect(address); connect(2).
 * Non-blocking mode returns SX_EINPROGRESS for a connection under way; timeout mode waits
 * for it at most the timeout (SX_ETIMEOUT); an interrupted connect keeps waiting (PEP 475).
 * @param s the socket handle.
 * @param address the address handle.
 * @return 0; SX_EBADHANDLE; SX_EARG (family mismatch); SX_EINPROGRESS; SX_ETIMEOUT;
 *         SX_ECLOSED; or an OS code from connect(2) such as SX_ECONNREFUSED.
 * @since SOCKETX_1.0
 */
SX_API int32_t sx_socket_connect(sx_socket s, sx_addr address);

/**
 * Connect and report the connection's outcome separately from argument errors.
 * Mirrors: socket.connect_ex(address): the outcome is what connect would return,
 * except that a timeout gives SX_EAGAIN (Python returns EWOULDBLOCK, not ETIMEDOUT).
 * @param s the socket handle.
 * @param address the address handle.
 * @param[out] result_out receives 0 or the connection's error code.
 * @return 0 when the attempt was made (the result is in *result_out); SX_EBADHANDLE;
 *         SX_EARG; SX_ECLOSED.
 * @since SOCKETX_1.0
 */
SX_API int32_t sx_socket_connect_ex(sx_socket s, sx_addr address, int32_t *result_out);

/**
 * Get the local address. Mirrors: socket.getsockname(). An unbound AF_UNIX socket gives an
 * unnamed address, an unbound AF_INET socket 0.0.0.0:0.
 * @param s the socket handle.
 * @param[out] address_out new handle, caller releases with sx_addr_close().
 * @return 0; SX_EBADHANDLE; SX_EARG; or an OS code from getsockname(2). @since SOCKETX_1.0
 */
SX_API int32_t sx_socket_getsockname(sx_socket s, sx_addr *address_out);

/**
 * Get the peer address. Mirrors: socket.getpeername().
 * @param s the socket handle.
 * @param[out] address_out receives the peer address (new handle, caller releases with sx_addr_close()).
 * @return 0; SX_EBADHANDLE; SX_EARG; SX_ENOTCONN; or an OS code from getpeername(2). @since SOCKETX_1.0
 */
SX_API int32_t sx_socket_getpeername(sx_socket s, sx_addr *address_out);

/**
 * Shut down one or both directions. Mirrors: socket.shutdown(how); shutdown(2).
 * @param s the socket handle.
 * @param how SHUT_RD (0), SHUT_WR (1) or SHUT_RDWR (2); other values reach the kernel (SX_EINVAL).
 * @return 0; SX_EBADHANDLE; SX_ENOTCONN; or an OS code from shutdown(2). @since SOCKETX_1.0
 */
SX_API int32_t sx_socket_shutdown(sx_socket s, int32_t how);

/* ---- Options ---------------------------------------------------------------------- */

/**
 * Read an integer option. Mirrors: socket.getsockopt(level, optname) (no buflen):
 * a C int, or on AF_VSOCK sockets a 64-bit unsigned value, as Python reads them.
 * @param s the socket handle.
 * @param level the option level (SX_SOL_SOCKET, SX_IPPROTO_TCP...), as for setsockopt(2) and getsockopt(2).
 * @param optname the option name at that level (SX_SO_REUSEADDR...).
 * @param[out] value_out receives the value.
 * @return 0; SX_EBADHANDLE; SX_EARG; or an OS code from getsockopt(2) (SX_ENOPROTOOPT ...).
 * @since SOCKETX_1.0
 */
SX_API int32_t sx_socket_getsockopt_int(sx_socket s, int32_t level, int32_t optname, int64_t *value_out);

/**
 * Read an option as bytes. Mirrors: socket.getsockopt(level, optname, buflen).
 * @param s the socket handle.
 * @param level the option level (SX_SOL_SOCKET, SX_IPPROTO_TCP...), as for setsockopt(2) and getsockopt(2).
 * @param optname the option name at that level (SX_SO_REUSEADDR...).
 * @param[out] buf caller's buffer.
 * @param cap its size: Python's buflen, 1..1024.
 * @param[out] len_out receives the length the kernel returned.
 * @return 0; SX_EBADHANDLE; SX_EARG (NULL pointer, cap 0 or above 1024: "getsockopt buflen
 *         out of range"; AF_VSOCK: "getsockopt string buffer not allowed"); or an OS code.
 * @since SOCKETX_1.0
 */
SX_API int32_t sx_socket_getsockopt_bytes(sx_socket s, int32_t level, int32_t optname, void *buf, size_t cap,
                                          size_t *len_out);

/**
 * Set an integer option. Mirrors: socket.setsockopt(level, optname, int).
 * The value must fit a C int (Python gives TypeError otherwise), except on AF_VSOCK sockets,
 * where it is passed as a 64-bit unsigned value and must be >= 0.
 * @param s the socket handle.
 * @param level the option level (SX_SOL_SOCKET, SX_IPPROTO_TCP...), as for setsockopt(2) and getsockopt(2).
 * @param optname the option name at that level (SX_SO_REUSEADDR...).
 * @param value the value; it must fit a C int, except on AF_VSOCK sockets (>= 0, passed as 64 bits).
 * @return 0; SX_EBADHANDLE; SX_EOUTOFRANGE; or an OS code from setsockopt(2). @since SOCKETX_1.0
 */
SX_API int32_t sx_socket_setsockopt_int(sx_socket s, int32_t level, int32_t optname, int64_t value);

/**
 * Set an option from bytes. Mirrors: socket.setsockopt(level, optname, bytes).
 * @param s the socket handle.
 * @param level the option level (SX_SOL_SOCKET, SX_IPPROTO_TCP...), as for setsockopt(2) and getsockopt(2).
 * @param optname the option name at that level (SX_SO_REUSEADDR...).
 * @param value the bytes; may be NULL only when len is 0.
 * @param len number of bytes in value.
 * @return 0; SX_EBADHANDLE; SX_EARG (NULL value, len above 2^31-1, AF_VSOCK socket);
 *         or an OS code from setsockopt(2). @since SOCKETX_1.0
 */
SX_API int32_t sx_socket_setsockopt_bytes(sx_socket s, int32_t level, int32_t optname, const void *value,
                                          size_t len);

/**
 * Set an option with a NULL value and a length. Mirrors: socket.setsockopt(level, optname, None, optlen)
 * (used by AF_ALG's ALG_SET_AEAD_AUTHSIZE).
 * @param s the socket handle.
 * @param level the option level (SX_SOL_SOCKET, SX_IPPROTO_TCP...), as for setsockopt(2) and getsockopt(2).
 * @param optname the option name at that level (SX_SO_REUSEADDR...).
 * @param optlen the option length passed with the NULL value.
 * @return 0; SX_EBADHANDLE; SX_EARG (AF_VSOCK); or an OS code from setsockopt(2). @since SOCKETX_1.0
 */
SX_API int32_t sx_socket_setsockopt_null(sx_socket s, int32_t level, int32_t optname, uint32_t optlen);

/* ---- Data ------------------------------------------------------------------------- */

/**
 * Send bytes, possibly only some of them. Mirrors: socket.send(bytes, flags); send(2) with MSG_NOSIGNAL.
 * @param s the socket handle.
 * @param buf the bytes; may be NULL only when len is 0.
 * @param len number of bytes in buf.
 * @param flags MSG_* flags, as the system call takes them; 0 for none.
 * @param[out] sent_out receives the number of bytes sent.
 * @return 0; SX_EBADHANDLE; SX_EARG; SX_EAGAIN; SX_ETIMEOUT; SX_ECLOSED; SX_EPIPE; or an OS code.
 * @since SOCKETX_1.0
 */
SX_API int32_t sx_socket_send(sx_socket s, const void *buf, size_t len, int32_t flags, size_t *sent_out);

/**
 * Send all bytes, looping over partial sends. Mirrors: socket.sendall(bytes, flags).
 * In timeout mode the timeout bounds the whole call. Unlike Python, the number of bytes
 * sent is reported on failure too.
 * @param s the socket handle.
 * @param buf the bytes to send; may be NULL only when len is 0.
 * @param len number of bytes in buf.
 * @param flags MSG_* flags, as the system call takes them; 0 for none.
 * @param[out] sent_out receives the number of bytes sent, also when the call fails
 *        (SX_ETIMEOUT, SX_EINTR in an interruptible thread, ...; may be NULL if not wanted).
 * @return 0 when every byte was sent; SX_EBADHANDLE; SX_EARG; SX_EAGAIN (non-blocking);
 *         SX_ETIMEOUT; SX_ECLOSED; SX_EPIPE; or an OS code.
 * @since SOCKETX_1.0
 */
SX_API int32_t sx_socket_sendall(sx_socket s, const void *buf, size_t len, int32_t flags, size_t *sent_out);

/**
 * Send to an address. Mirrors: socket.sendto(bytes, flags, address); sendto(2).
 * @param s the socket handle.
 * @param buf the bytes to send; may be NULL only when len is 0.
 * @param len number of bytes in buf.
 * @param flags MSG_* flags, as the system call takes them; 0 for none.
 * @param address the address handle.
 * @param[out] sent_out receives the number of bytes sent.
 * @return as sx_socket_send(), plus SX_EBADHANDLE for the address. @since SOCKETX_1.0
 */
SX_API int32_t sx_socket_sendto(sx_socket s, const void *buf, size_t len, int32_t flags, sx_addr address,
                                size_t *sent_out);

/**
 * Receive into the caller's buffer. Mirrors: socket.recv_into(buffer, nbytes, flags) / recv(bufsize, flags).
 * A length of 0 returns 0 at once without a system call, as Python does. A count of 0
 * otherwise means end of stream on a stream socket, an empty datagram on a datagram socket.
 * @param s the socket handle.
 * @param[out] buf caller's buffer; may be NULL only when cap is 0.
 * @param cap size of buf in bytes.
 * @param flags MSG_* flags, as the system call takes them; 0 for none.
 * @param[out] len_out receives the number of bytes received.
 * @return 0; SX_EBADHANDLE; SX_EARG; SX_EAGAIN; SX_ETIMEOUT; SX_ECLOSED; or an OS code.
 * @since SOCKETX_1.0
 */
SX_API int32_t sx_socket_recv(sx_socket s, void *buf, size_t cap, int32_t flags, size_t *len_out);

/**
 * Receive and report the sender. Mirrors: socket.recvfrom_into(buffer, nbytes, flags) / recvfrom(); recvfrom(2).
 * Unlike recv, a cap of 0 still makes the system call.
 * @param s the socket handle.
 * @param[out] buf caller's buffer; may be NULL only when cap is 0.
 * @param cap size of buf in bytes.
 * @param flags MSG_* flags, as the system call takes them; 0 for none.
 * @param[out] len_out receives the number of bytes received.
 * @param[out] address_out receives the sender (new handle, caller releases with sx_addr_close()),
 *        or 0 when the kernel gives none (a connected stream, an unbound AF_UNIX sender);
 *        may be NULL if not wanted.
 * @return as sx_socket_recv(). @since SOCKETX_1.0
 */
SX_API int32_t sx_socket_recvfrom(sx_socket s, void *buf, size_t cap, int32_t flags, size_t *len_out,
                                  sx_addr *address_out);

#ifdef __cplusplus
}
#endif

#endif /* SOCKETX_SOCKET_H */
