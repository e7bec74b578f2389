/* SPDX-License-Identifier: MIT */
/*
 * socketx/version.h - which libsocketx this is, and what this build and this kernel support.
 *
 * Two numbers tell different things:
 *
 *  - the release version, SX_VERSION_MAJOR.MINOR.PATCH ("1.1.0"): the macros give the
 *    version of the headers compiled against, sx_version() that of the library loaded
 *    at run time, which may be newer;
 *  - the ABI level, "SOCKETX_<major>.<minor>": the newest symbol version node the
 *    library provides. The SONAME is libsocketx.so.1 forever; each release that adds
 *    functions adds a node (SOCKETX_1.1, ...), and a program needing a function of
 *    node SOCKETX_1.x runs with any library whose sx_abi_level() is 1.y with y >= x.
 *    Nothing is ever removed, so an older program always runs with a newer library.
 *
 * sx_family_supported() answers, per address family, whether this build has an
 * address codec for it and whether the running kernel can create its sockets.
 */
#ifndef SOCKETX_VERSION_H
#define SOCKETX_VERSION_H

#include "socketx/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Release version of these headers. */
#define SX_VERSION_MAJOR 1
#define SX_VERSION_MINOR 1
#define SX_VERSION_PATCH 0
#define SX_VERSION_STRING "1.1.0"

/** The newest symbol version node these headers declare functions for. */
#define SX_ABI_LEVEL "SOCKETX_1.1"

/**
 * Report the release version of the library loaded at run time.
 * Mirrors: nothing in Python (compare sys.version_info); libsocketx's own.
 * It may be newer than SX_VERSION_MAJOR/MINOR/PATCH, the version compiled against.
 * @param[out] major_out receives the major version (1).
 * @param[out] minor_out receives the minor version.
 * @param[out] patch_out receives the patch version.
 * @return 0; SX_EARG (an out-pointer is NULL).
 * Thread-safety: safe from any thread. @since SOCKETX_1.0
 */
SX_API int32_t sx_version(uint32_t *major_out, uint32_t *minor_out, uint32_t *patch_out);

/**
 * Return the release version of the library loaded at run time as text, e.g. "1.1.0".
 * Mirrors: nothing in Python; libsocketx's own.
 * @return static string, never freed, never NULL.
 * Thread-safety: safe from any thread. @since SOCKETX_1.0
 */
SX_API const char *sx_version_string(void);

/**
 * Report the ABI level of the library loaded at run time: the newest symbol version
 * node it provides, SOCKETX_M.N, as major M and minor N (1 and 0 for SOCKETX_1.0). A function declared
 * "@since SOCKETX_1.x" is present when major is 1 and minor >= x.
 * Mirrors: nothing in Python; libsocketx's own.
 * @param[out] major_out receives the node's major number (always 1: the SONAME never changes).
 * @param[out] minor_out receives the node's minor number.
 * @return 0; SX_EARG (an out-pointer is NULL).
 * Thread-safety: safe from any thread. @since SOCKETX_1.0
 */
SX_API int32_t sx_abi_level(uint32_t *major_out, uint32_t *minor_out);

/**
 * Tell whether an address family is supported by this build and by the running kernel.
 * Mirrors: what Python learns from hasattr(socket, "AF_X") (the build) and from
 * socket.socket(AF_X, ...) raising EAFNOSUPPORT or not (the kernel).
 *
 * build_out is 1 when this build of libsocketx has an address codec for the family:
 * constructors, accessors and a text form (sx_addr_inet(), sx_addr_host(), ...): on Linux
 * AF_INET, AF_INET6, AF_UNIX, AF_RDS (its sockets take AF_INET addresses) and every family
 * of socketx/family/ except those of socketx/family/elsewhere.h, which exist only on other
 * systems (their constants are not even defined here). A family with build_out 0 can still be used:
 * sx_socket_open() takes any family the kernel accepts, and its addresses travel as raw
 * sockaddr bytes (sx_addr_from_sockaddr(), sx_addr_to_sockaddr()); addresses the kernel
 * returns are kept as raw bytes.
 *
 * kernel_out is 1 when the running kernel knows the family, found by creating a socket
 * of it (close-on-exec, closed at once) with SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET and
 * SOCK_RAW in turn, protocol 0. It is 1 as soon as one succeeds, or fails with an error
 * that only a present family gives (EPERM, EACCES, EPROTONOSUPPORT, ESOCKTNOSUPPORT,
 * EINVAL, ...: the family exists but refuses that type, protocol or caller); it is 0 when
 * all four fail with EAFNOSUPPORT. The answer is for this process now: a kernel module
 * loaded later, another network namespace or a seccomp filter can change it. Nothing is
 * cached, and no descriptor is left open.
 * @param family an AF_* value (SX_AF_INET, ...), >= 0.
 * @param[out] build_out receives 1 or 0 as above.
 * @param[out] kernel_out receives 1 or 0 as above.
 * @return 0; SX_EARG (negative family, or an out-pointer NULL); SX_EMFILE, SX_ENFILE,
 *         SX_ENOMEM or SX_ENOBUFS when the probe socket could not be created for lack of
 *         resources, so the kernel's answer is unknown (nothing is written then).
 * Blocks: no (a few socket(2)/close(2) calls). Thread-safety: safe. @since SOCKETX_1.0
 */
SX_API int32_t sx_family_supported(int32_t family, int *build_out, int *kernel_out);

#ifdef __cplusplus
}
#endif

#endif /* SOCKETX_VERSION_H */
