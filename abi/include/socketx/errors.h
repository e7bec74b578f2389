/* SPDX-License-Identifier: MIT */
/*
 * socketx/errors.h - status codes, their names and messages.
 *
 * Every libsocketx function returns 0 or one of these negative codes. The numbers
 * are part of the ABI: append-only, never renumbered, never reused. Ranges:
 *
 *   -1 .. -999       OS errors, SX_E<NAME> = the negated Linux errno number
 *                    (socketx/errors_os.h, generated from the kernel headers).
 *   -1001 .. -1199   getaddrinfo/getnameinfo errors, SX_EAI_<NAME> = -1000 + glibc's EAI_ value.
 *   -1201 .. -1299   host database errors, SX_EHOST_<NAME> = -1200 - h_errno.
 *   -2001 .. -2999   the library's own errors.
 *
 * A per-thread detail message (sx_last_error_detail()) may add context for humans,
 * but the status alone always tells what happened.
 */
#ifndef SOCKETX_ERRORS_H
#define SOCKETX_ERRORS_H

#include "socketx/common.h"
#include "socketx/errors_os.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SX_OK 0

/* Resolver errors (Python's socket.gaierror), SX_EAI_X = -1000 + EAI_X of glibc. */
#define SX_EAI_BADFLAGS     -1001 /* invalid value for ai_flags */
#define SX_EAI_NONAME       -1002 /* name or service not known */
#define SX_EAI_AGAIN        -1003 /* temporary failure in name resolution */
#define SX_EAI_FAIL         -1004 /* non-recoverable failure in name resolution */
#define SX_EAI_NODATA       -1005 /* no address associated with the name */
#define SX_EAI_FAMILY       -1006 /* ai_family not supported */
#define SX_EAI_SOCKTYPE     -1007 /* ai_socktype not supported */
#define SX_EAI_SERVICE      -1008 /* service not supported for ai_socktype */
#define SX_EAI_ADDRFAMILY   -1009 /* address family for the name not supported */
#define SX_EAI_MEMORY       -1010 /* memory allocation failure */
#define SX_EAI_SYSTEM       -1011 /* system error (reported as the OS code instead, as Python does) */
#define SX_EAI_OVERFLOW     -1012 /* argument buffer overflow */
#define SX_EAI_INPROGRESS   -1100 /* processing request in progress */
#define SX_EAI_CANCELED     -1101 /* request canceled */
#define SX_EAI_NOTCANCELED  -1102 /* request not canceled */
#define SX_EAI_ALLDONE      -1103 /* all requests done */
#define SX_EAI_INTR         -1104 /* interrupted by a signal */
#define SX_EAI_IDN_ENCODE   -1105 /* IDN encoding failed */

/* Host database errors (Python's socket.herror), SX_EHOST_X = -1200 - h_errno. */
#define SX_EHOST_NOT_FOUND  -1201 /* unknown host */
#define SX_EHOST_TRY_AGAIN  -1202 /* host name lookup failure, try again */
#define SX_EHOST_NO_RECOVERY -1203 /* unknown server error */
#define SX_EHOST_NO_DATA    -1204 /* no address associated with the name */

/* The library's own errors. */
#define SX_ETIMEOUT         -2001 /* the socket's timeout expired (Python's TimeoutError "timed out"); not the kernel's SX_ETIMEDOUT */
#define SX_EBADHANDLE       -2002 /* zero, stale, closed or wrong-kind handle */
#define SX_ECLOSED          -2003 /* the socket was closed by another thread while this call was using it */
#define SX_EARG             -2004 /* invalid argument, detected before any system call (Python's TypeError/ValueError) */
#define SX_ENOTSUP          -2005 /* family or operation not available on this platform or build */
#define SX_ETRUNC           -2006 /* the caller's buffer is too small; the needed size was reported */
#define SX_ENOTFOUND        -2007 /* service, protocol or interface name unknown */
#define SX_EOUTOFRANGE      -2008 /* a number outside the range the operation accepts (Python's OverflowError) */
#define SX_ENOHANDLES       -2009 /* the handle table is full (2^24 live handles) */

/**
 * Return a static, human-readable message for a status code.
 * Mirrors: os.strerror(), socket.gai_strerror, hstrerror(3).
 * @param code any status code; unknown codes give "Unknown libsocketx status <n>"-style text
 *             from a fixed set ("unknown status code").
 * @return static string, never freed, never NULL.
 * Thread-safety: safe from any thread. @since SOCKETX_1.0
 */
SX_API const char *sx_strerror(int32_t code);

/**
 * Return the static macro name of a status code, e.g. "SX_ECONNREFUSED".
 * @param code any status code; 0 gives "SX_OK", an unknown code gives "SX_EUNKNOWN".
 * @return static string, never freed, never NULL.
 * Thread-safety: safe from any thread. @since SOCKETX_1.0
 */
SX_API const char *sx_error_name(int32_t code);

/**
 * Look a status code up by its macro name ("SX_ECONNREFUSED"; the "SX_" prefix is optional).
 * For bindings and FFIs that have no headers.
 * @param name the code's name, UTF-8.
 * @param[out] code_out receives the code.
 * @return 0, SX_EARG (NULL argument) or SX_ENOTFOUND (no such name).
 * Thread-safety: safe from any thread. @since SOCKETX_1.0
 */
SX_API int32_t sx_error_code(const char *name, int32_t *code_out);

/**
 * Copy this thread's detail message for the most recent failing libsocketx call,
 * e.g. "AF_UNIX path too long: 140 bytes, limit 107". Empty if there is none.
 * The message is for humans only; it is overwritten by the next failure on the thread
 * and is not cleared by successful calls.
 * @param[out] buf caller's buffer, may be NULL when cap is 0.
 * @param cap size of buf in bytes.
 * @param[out] len_out receives the message length without the NUL.
 * @return 0, SX_EARG (len_out NULL) or SX_ETRUNC (cap <= length; *len_out tells the need).
 * Thread-safety: per-thread state. @since SOCKETX_1.0
 */
SX_API int32_t sx_last_error_detail(char *buf, size_t cap, size_t *len_out);

#ifdef __cplusplus
}
#endif

#endif /* SOCKETX_ERRORS_H */
