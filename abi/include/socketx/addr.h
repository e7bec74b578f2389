/* SPDX-License-Identifier: MIT */
/*
 * socketx/addr.h - immutable socket addresses.
 *
 * An sx_addr is an immutable handle holding one socket address (a sockaddr of up to
 * 128 bytes). Constructors for AF_INET, AF_INET6 and AF_UNIX are here; those of every
 * other family (netlink, packet, vsock, CAN, ALG, TIPC, QIPCRTR, Bluetooth...) are in
 * socketx/family/<name>.h. Any address the kernel returns, of any family, becomes an
 * sx_addr (families without a codec are kept as raw bytes). Every sx_addr must be
 * released with sx_addr_close().
 *
 * Text forms (sx_addr_to_string()):
 *   AF_INET    "127.0.0.1:8080"
 *   AF_INET6   "[::1]:8080", "[fe80::1%lo]:8080" (scope as interface name when it has one,
 *              else the number, on any address), flowinfo is not shown
 *
 * IPv6 zones, one rule on every path. A host text "literal%zone" (sx_addr_inet6(),
 * sx_getaddrinfo(), sx_getnameinfo_host(), sx_create_connection()...) is read the same way:
 * the zone is an interface name, tried first, or a decimal index 0..UINT32_MAX, on any IPv6
 * literal (not only link-local ones); a zone naming no interface is SX_ENOTFOUND, and an
 * interface lookup that could not run is its OS code (SX_EMFILE, SX_ENFILE...). Where an
 * explicit scope_id is passed too: 0 takes the zone's index, an equal one is accepted, and a
 * different non-zero one is SX_EARG, with a detail naming both ("host 'fe80::1%lo' has zone
 * index 1 but scope_id is 4"). Where an address is shown (sx_addr_to_string(),
 * sx_getnameinfo() of a numeric host), a non-zero scope is written as that zone. Unlike
 * CPython, which drops a text zone in getnameinfo() for the tuple's scope_id, and glibc,
 * which refuses zones on addresses that are not link-local.
 *   AF_UNIX    "/run/x.sock" (the path's bytes as they are, not escaped); abstract "@name"
 *              with non-printable bytes and the backslash as \xHH (a NUL is \x00, "\" is
 *              \x5c), so the text maps back to exactly one name; unnamed ""
 *   families of socketx/family/<name>.h: "<scheme>:<fields>", as each header says
 *              ("netlink:0:0", "vsock:2:1234", "can:vcan0"...)
 *   other      "family=<n>:<hex of the address bytes after sa_family>"
 * sx_addr_from_string() reads every one of these forms back (except the raw one).
 *
 * Every constructor can also fail with SX_ENOMEM or SX_ENOHANDLES.
 */
#ifndef SOCKETX_ADDR_H
#define SOCKETX_ADDR_H

#include "socketx/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Make an AF_INET address from a host and port.
 * Mirrors: the (host, port) tuple Python's AF_INET sockets take (socketmodule.c setipaddr).
 * The host may be a dotted quad ("127.0.0.1"; the legacy forms "127.1", hex and octal are
 * accepted as Python accepts them), "" for INADDR_ANY, "<broadcast>" for INADDR_BROADCAST,
 * or a host name, resolved with getaddrinfo(AF_INET) to its first address.
 * @param host UTF-8 host, not NULL.
 * @param port 0..65535.
 * @param[out] out new handle, caller releases with sx_addr_close().
 * @return 0; SX_EARG (NULL pointer); SX_EOUTOFRANGE (port); SX_EAI_* when the name
 *         does not resolve (for example SX_EAI_NONAME); an OS code when the resolver fails
 *         with a system error (EAI_SYSTEM, reported as its errno, as Python does).
 * Blocks: only while resolving a name. Thread-safety: safe. @since SOCKETX_1.0
 */
SX_API int32_t sx_addr_inet(const char *host, int32_t port, sx_addr *out);

/**
 * Make an AF_INET6 address.
 * Mirrors: the (host, port, flowinfo, scope_id) tuple of Python's AF_INET6 sockets.
 * The host is an IPv6 literal, "" for in6addr_any, or a name resolved with
 * getaddrinfo(AF_INET6). Unlike CPython, a "%zone" suffix after an IPv6 literal ("fe80::1%lo"
 * or "fe80::1%2") is kept, by the zone rule at the top of this header.
 * @param host UTF-8 host, not NULL.
 * @param port 0..65535.
 * @param flowinfo 0..0xFFFFF (20 bits).
 * @param scope_id interface index (any uint32_t; 0..UINT32_MAX), or 0 to take the zone's.
 * @param[out] out new handle, caller releases with sx_addr_close().
 * @return 0; SX_EARG (NULL pointer, or a %zone whose index differs from a non-zero scope_id);
 *         SX_EOUTOFRANGE (port or flowinfo); SX_ENOTFOUND (unknown interface in %zone, an
 *         empty zone, or a number above UINT32_MAX); SX_EAI_* when the name does not resolve;
 *         an OS code from the resolver (EAI_SYSTEM) or from the interface lookup (SX_EMFILE,
 *         SX_ENFILE when no descriptor is left to ask with).
 * Blocks: only while resolving a name. Thread-safety: safe. @since SOCKETX_1.0
 */
SX_API int32_t sx_addr_inet6(const char *host, int32_t port, uint32_t flowinfo, uint32_t scope_id,
                             sx_addr *out);

/**
 * Make an AF_UNIX address from a path, given as a C string.
 * Mirrors: the str address of Python's AF_UNIX sockets. "" makes the unnamed address,
 * which bind() turns into a Linux autobind (an abstract name chosen by the kernel).
 * Use sx_addr_unix_bytes() for abstract names, which start with a NUL byte.
 * @param path filesystem path, at most 107 bytes.
 * @param[out] out new handle, caller releases with sx_addr_close().
 * @return 0; SX_EARG (NULL pointer, or path too long: "AF_UNIX path too long").
 * Thread-safety: safe. @since SOCKETX_1.0
 */
SX_API int32_t sx_addr_unix(const char *path, sx_addr *out);

/**
 * Make an AF_UNIX address from raw bytes.
 * Mirrors: the bytes address of Python's AF_UNIX sockets. A first byte of 0 makes a
 * Linux abstract name (up to 108 bytes including that NUL, later NULs allowed, no
 * terminator); otherwise a path (up to 107 bytes; the kernel stops at an embedded NUL).
 * Length 0 is the unnamed (autobind) address.
 * @param name the bytes; may be NULL only when len is 0.
 * @param len number of bytes.
 * @param[out] out new handle, caller releases with sx_addr_close().
 * @return 0; SX_EARG (NULL pointer, or too long: "AF_UNIX path too long").
 * Thread-safety: safe. @since SOCKETX_1.0
 */
SX_API int32_t sx_addr_unix_bytes(const void *name, size_t len, sx_addr *out);

/**
 * Make an address from raw sockaddr bytes, of any family (for interop with C code).
 * @param sa the sockaddr bytes, starting with sa_family.
 * @param len its length, 2..128 (sizeof(struct sockaddr_storage)).
 * @param[out] out new handle, caller releases with sx_addr_close().
 * @return 0; SX_EARG (NULL pointer, length out of range, or an AF_INET/AF_INET6
 *         address shorter than its struct).
 * Thread-safety: safe. @since SOCKETX_1.0
 */
SX_API int32_t sx_addr_from_sockaddr(const void *sa, size_t len, sx_addr *out);

/**
 * Copy the raw sockaddr bytes of an address.
 * @param a the address.
 * @param[out] buf caller's buffer, may be NULL when cap is 0.
 * @param cap its size in bytes.
 * @param[out] len_out receives the sockaddr length.
 * @return 0; SX_EBADHANDLE; SX_EARG (len_out NULL); SX_ETRUNC (cap < length, *len_out says the need).
 * Thread-safety: safe. @since SOCKETX_1.0
 */
SX_API int32_t sx_addr_to_sockaddr(sx_addr a, void *buf, size_t cap, size_t *len_out);

/**
 * Get the address family (AF_INET, AF_INET6, AF_UNIX or any other).
 * @param a the address handle.
 * @param[out] family_out receives the address family (AF_*).
 * @return 0; SX_EBADHANDLE; SX_EARG (NULL out). Thread-safety: safe. @since SOCKETX_1.0
 */
SX_API int32_t sx_addr_family(sx_addr a, int32_t *family_out);

/**
 * Copy the numeric host of an AF_INET or AF_INET6 address ("127.0.0.1", "fe80::1").
 * As in Python, an IPv6 host carries no %scope: that is sx_addr_scope_id().
 * @param a the address handle.
 * @param[out] buf caller's buffer receiving the NUL-terminated text; may be NULL only when cap is 0.
 * @param cap size of buf in bytes.
 * @param[out] len_out receives the full length without the terminating NUL, also when cap is too small (SX_ETRUNC).
 * @return 0; SX_EBADHANDLE; SX_EARG (NULL len_out, or not an INET/INET6 address);
 *         SX_ETRUNC (cap too small; *len_out says the need).
 * Thread-safety: safe. @since SOCKETX_1.0
 */
SX_API int32_t sx_addr_host(sx_addr a, char *buf, size_t cap, size_t *len_out);

/**
 * Get the port of an AF_INET or AF_INET6 address (host order, 0..65535).
 * @param a the address handle.
 * @param[out] port_out receives the port.
 * @return 0; SX_EBADHANDLE; SX_EARG (NULL out, or not an INET/INET6 address).
 * Thread-safety: safe. @since SOCKETX_1.0
 */
SX_API int32_t sx_addr_port(sx_addr a, int32_t *port_out);

/**
 * Get the flowinfo of an AF_INET6 address (host order).
 * @param a the address handle.
 * @param[out] flowinfo_out receives the flowinfo.
 * @return 0; SX_EBADHANDLE; SX_EARG (NULL out, or not AF_INET6). @since SOCKETX_1.0
 */
SX_API int32_t sx_addr_flowinfo(sx_addr a, uint32_t *flowinfo_out);

/**
 * Get the scope id (interface index) of an AF_INET6 address.
 * @param a the address handle.
 * @param[out] scope_id_out receives the scope id.
 * @return 0; SX_EBADHANDLE; SX_EARG (NULL out, or not AF_INET6). @since SOCKETX_1.0
 */
SX_API int32_t sx_addr_scope_id(sx_addr a, uint32_t *scope_id_out);

/**
 * Copy the name of an AF_UNIX address as bytes: a path (up to its first NUL), an
 * abstract name including its leading NUL byte, or nothing (length 0) for an unnamed
 * address. No terminating NUL is added; the result is binary.
 * Mirrors: Python's AF_UNIX address output (str path, bytes abstract name, '' unnamed).
 * @param a the address handle.
 * @param[out] buf caller's buffer receiving the bytes (no NUL added); may be NULL only when cap is 0.
 * @param cap size of buf in bytes.
 * @param[out] len_out receives the number of bytes, also when cap is too small (SX_ETRUNC).
 * @return 0; SX_EBADHANDLE; SX_EARG (NULL len_out, or not AF_UNIX); SX_ETRUNC.
 * Thread-safety: safe. @since SOCKETX_1.0
 */
SX_API int32_t sx_addr_unix_path(sx_addr a, void *buf, size_t cap, size_t *len_out);

/**
 * Copy the canonical text form of an address (see the top of this header), NUL-terminated.
 * @param a the address handle.
 * @param[out] buf caller's buffer receiving the NUL-terminated text; may be NULL only when cap is 0.
 * @param cap size of buf in bytes.
 * @param[out] len_out receives the full length without the terminating NUL, also when cap is too small (SX_ETRUNC).
 * @return 0; SX_EBADHANDLE; SX_EARG (NULL len_out); SX_ETRUNC (cap <= length).
 * Thread-safety: safe. @since SOCKETX_1.0
 */
SX_API int32_t sx_addr_to_string(sx_addr a, char *buf, size_t cap, size_t *len_out);

/**
 * Compare two addresses byte for byte (same family, same sockaddr contents).
 * @param a the address handle.
 * @param b the other address handle.
 * @param[out] equal_out receives 1 if equal, else 0.
 * @return 0; SX_EBADHANDLE; SX_EARG (NULL out). @since SOCKETX_1.0
 */
SX_API int32_t sx_addr_equal(sx_addr a, sx_addr b, int *equal_out);

/**
 * Make an address from its canonical text form, the inverse of sx_addr_to_string().
 * AF_INET takes "a.b.c.d:port" and AF_INET6 "[literal%zone]:port", numeric only (no name
 * resolution; the zone by the rule at the top of this header); AF_UNIX takes a path, or
 * "@" and an abstract name with \\xHH escapes (a backslash must begin one; other bytes stand for
 * themselves), or "" for the unnamed address; a relative path that itself begins with '@'
 * reads back as the abstract name it looks like (write it "./@..."); the families
 * of socketx/family/ take their "<scheme>:..." forms. family SX_AF_UNSPEC (0) picks the
 * family from the scheme, for the forms that have one.
 * @param family an AF_* value, or 0 to go by the scheme.
 * @param text the text, NUL-terminated, not NULL.
 * @param[out] out new handle, caller releases with sx_addr_close().
 * @return 0; SX_EARG (NULL pointer, or text that is not this family's form, with a detail
 *         saying where it stops); SX_EOUTOFRANGE (a field out of its range); SX_ENOTFOUND
 *         (an interface name that names no interface); SX_ENOTSUP (a family with no text
 *         form in this build, or one this system lacks); SX_ENOMEM; SX_ENOHANDLES.
 * Blocks: never. Thread-safety: safe. @since SOCKETX_1.1
 */
SX_API int32_t sx_addr_from_string(int32_t family, const char *text, sx_addr *out);

/**
 * Release an address handle. Closing 0 or an already closed address is harmless (returns 0).
 * @param a the address handle.
 * @return 0; SX_EBADHANDLE (a handle of another kind, or never issued). @since SOCKETX_1.0
 */
SX_API int32_t sx_addr_close(sx_addr a);

#ifdef __cplusplus
}
#endif

#endif /* SOCKETX_ADDR_H */
