/* SPDX-License-Identifier: MIT */
/*
 * socketx/common.h - types and conventions shared by every libsocketx header.
 *
 * Global rules, stated once (docs/conventions.md has the long form):
 *  - Every function returns an int32_t status: 0 on success, a negative SX_E* code
 *    on failure (socketx/errors.h). Results come back through out-parameters, which
 *    are always last. A required out-parameter that is NULL gives SX_EARG.
 *  - Handles are uint64_t values below 2^53; 0 means "none". A zero, stale, closed
 *    or wrong-kind handle gives SX_EBADHANDLE, never undefined behaviour.
 *  - Every function may be called from any thread at any time.
 *  - Strings are UTF-8, NUL-terminated on input. Strings out are written to a
 *    caller's buffer (buf, cap, len_out): len_out always receives the full length
 *    without the terminating NUL; if cap is too small the call fails with
 *    SX_ETRUNC and writes nothing else.
 *  - The library never raises SIGPIPE, installs no signal handler, writes nothing
 *    to stdout or stderr, and creates every file descriptor close-on-exec.
 */
#ifndef SOCKETX_COMMON_H
#define SOCKETX_COMMON_H

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32) && defined(SOCKETX_BUILDING)
#define SX_API __declspec(dllexport)
#elif defined(_WIN32)
#define SX_API __declspec(dllimport)
#elif defined(__GNUC__)
#define SX_API __attribute__((visibility("default")))
#else
#define SX_API
#endif

#if defined(__GNUC__)
#define SX_DEPRECATED(msg) __attribute__((deprecated(msg)))
#else
#define SX_DEPRECATED(msg)
#endif

#ifdef __cplusplus
extern "C" {
#endif

/** A socket: new handle from sx_socket_open() and friends, released by sx_socket_close(). */
typedef uint64_t sx_socket;
/** An immutable socket address: new handle from sx_addr_*(), released by sx_addr_close(). */
typedef uint64_t sx_addr;
/** A read-only list of results (getaddrinfo, gethostbyname_ex, if_nameindex...): new handle,
 *  released by sx_list_close(); its entries are read with the getters of the call that made it. */
typedef uint64_t sx_list;

/** The "no timeout" value: blocking mode, Python's None (sx_socket_settimeout(), sx_setdefaulttimeout()). */
#define SX_TIMEOUT_NONE (-1.0)

/** Passed as backlog to sx_socket_listen() to ask for Python's default, min(SOMAXCONN, 128). */
#define SX_BACKLOG_DEFAULT (-2147483647 - 1)

/** Passed as family, type or proto to sx_socket_adopt() to have it detected from the fd. */
#define SX_DETECT -1

#ifdef __cplusplus
}
#endif

#endif /* SOCKETX_COMMON_H */
