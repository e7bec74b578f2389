/* SPDX-License-Identifier: MIT */
/*
 * socketx/convert.h - byte-order and address-text conversions, ancillary data sizes.
 *
 * Mirrors the module-level conversion functions of Python's socket module: ntohl, ntohs,
 * htonl, htons, inet_aton, inet_ntoa, inet_pton, inet_ntop, CMSG_LEN and CMSG_SPACE.
 * None of them blocks or makes a system call; all are safe from any thread.
 * Input strings are NUL-terminated, so an embedded NUL (Python's ValueError) cannot reach
 * these functions: a binding must refuse such a string itself, with SX_EARG.
 */
#ifndef SOCKETX_CONVERT_H
#define SOCKETX_CONVERT_H

#include "socketx/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Convert a 32-bit integer from network to host byte order.
 * Mirrors: socket.ntohl(x).
 * @param x the value, 0..4294967295 (taken as int64_t so that out-of-range values are seen).
 * @param[out] out receives the converted value.
 * @return 0; SX_EARG (out NULL); SX_EOUTOFRANGE (x negative or above 32 bits: Python's OverflowError).
 * Blocks: never. @since SOCKETX_1.0
 */
SX_API int32_t sx_ntohl(int64_t x, uint32_t *out);

/**
 * Convert a 32-bit integer from host to network byte order.
 * Mirrors: socket.htonl(x).
 * @param x the value, 0..4294967295.
 * @param[out] out receives the converted value.
 * @return 0; SX_EARG (out NULL); SX_EOUTOFRANGE (x negative or above 32 bits).
 * Blocks: never. @since SOCKETX_1.0
 */
SX_API int32_t sx_htonl(int64_t x, uint32_t *out);

/**
 * Convert a 16-bit integer from network to host byte order.
 * Mirrors: socket.ntohs(x) (range-checked since Python 3.10).
 * @param x the value, 0..65535.
 * @param[out] out receives the converted value, 0..65535.
 * @return 0; SX_EARG (out NULL); SX_EOUTOFRANGE (x negative or above 65535).
 * Blocks: never. @since SOCKETX_1.0
 */
SX_API int32_t sx_ntohs(int64_t x, uint32_t *out);

/**
 * Convert a 16-bit integer from host to network byte order.
 * Mirrors: socket.htons(x).
 * @param x the value, 0..65535.
 * @param[out] out receives the converted value, 0..65535.
 * @return 0; SX_EARG (out NULL); SX_EOUTOFRANGE (x negative or above 65535).
 * Blocks: never. @since SOCKETX_1.0
 */
SX_API int32_t sx_htons(int64_t x, uint32_t *out);

/**
 * Parse an IPv4 address in any form the BSD/glibc inet_aton accepts into 4 bytes.
 * Mirrors: socket.inet_aton(ip_string). Accepted as Python accepts them: "1" (0.0.0.1),
 * "127.1", "127.0.1", hexadecimal ("0x7f.1") and octal ("017.0.0.1" is 15.0.0.1) parts,
 * "4294967295", and anything after a whitespace that ends the address ("1.2.3.4 junk").
 * @param ip UTF-8 text, not NULL.
 * @param[out] buf caller's buffer for the 4 bytes in network order; may be NULL when cap is 0.
 * @param cap its size in bytes (4 needed).
 * @param[out] len_out receives 4.
 * @return 0; SX_EARG (NULL ip or len_out, or "illegal IP address string passed to inet_aton":
 *         Python's OSError without errno); SX_ETRUNC (cap < 4).
 * Blocks: never. @since SOCKETX_1.0
 */
SX_API int32_t sx_inet_aton(const char *ip, void *buf, size_t cap, size_t *len_out);

/**
 * Format 4 bytes as a dotted-quad IPv4 address.
 * Mirrors: socket.inet_ntoa(packed_ip).
 * @param packed the 4 bytes, network order; may be NULL only when len is 0.
 * @param len its length, must be 4.
 * @param[out] buf caller's buffer for the text and its NUL (16 bytes always suffice).
 * @param cap its size in bytes.
 * @param[out] len_out receives the text length without the NUL.
 * @return 0; SX_EARG (NULL pointer, or "packed IP wrong length for inet_ntoa");
 *         SX_ETRUNC (cap too small, *len_out says the need).
 * Blocks: never. @since SOCKETX_1.0
 */
SX_API int32_t sx_inet_ntoa(const void *packed, size_t len, char *buf, size_t cap, size_t *len_out);

/**
 * Parse an IPv4 or IPv6 address strictly into its packed bytes.
 * Mirrors: socket.inet_pton(address_family, ip_string): no legacy forms ("127.1"), no
 * leading zeros, no "%scope", no surrounding spaces.
 * @param family AF_INET (4 bytes out) or AF_INET6 (16 bytes out).
 * @param ip UTF-8 text, not NULL.
 * @param[out] buf caller's buffer for the bytes in network order; may be NULL when cap is 0.
 * @param cap its size in bytes.
 * @param[out] len_out receives 4 or 16.
 * @return 0; SX_EAFNOSUPPORT (another family, as Python's OSError(EAFNOSUPPORT));
 *         SX_EARG (NULL ip or len_out, or "illegal IP address string passed to inet_pton");
 *         SX_ETRUNC (cap too small).
 * Blocks: never. @since SOCKETX_1.0
 */
SX_API int32_t sx_inet_pton(int32_t family, const char *ip, void *buf, size_t cap, size_t *len_out);

/**
 * Format packed IPv4 or IPv6 bytes as text (IPv6 compressed as RFC 5952: "2001:db8::1").
 * Mirrors: socket.inet_ntop(address_family, packed_ip).
 * @param family AF_INET (len 4) or AF_INET6 (len 16).
 * @param packed the bytes in network order; may be NULL only when len is 0.
 * @param len their number.
 * @param[out] buf caller's buffer for the text and its NUL (46 bytes always suffice).
 * @param cap its size in bytes.
 * @param[out] len_out receives the text length without the NUL.
 * @return 0; SX_EARG (NULL pointer, "invalid length of packed IP address string" or
 *         "unknown address family": both Python's ValueError); SX_ETRUNC (cap too small).
 * Blocks: never. @since SOCKETX_1.0
 */
SX_API int32_t sx_inet_ntop(int32_t family, const void *packed, size_t len, char *buf, size_t cap,
                            size_t *len_out);

/**
 * The value of the cmsg_len field for an ancillary item carrying length bytes of data.
 * Mirrors: socket.CMSG_LEN(length).
 * @param length data bytes, 0 up to the largest value whose result fits a socklen_t
 *        (2147483631 on Linux x86_64).
 * @param[out] out receives CMSG_LEN(length).
 * @return 0; SX_EARG (out NULL); SX_EOUTOFRANGE ("CMSG_LEN() argument out of range":
 *         negative or too large).
 * Blocks: never. @since SOCKETX_1.0
 */
SX_API int32_t sx_cmsg_len(int64_t length, int64_t *out);

/**
 * The buffer space an ancillary item carrying length bytes of data takes, padding included.
 * Mirrors: socket.CMSG_SPACE(length).
 * @param length data bytes, 0 up to the largest value whose result fits a socklen_t
 *        (2147483623 on Linux x86_64).
 * @param[out] out receives CMSG_SPACE(length).
 * @return 0; SX_EARG (out NULL); SX_EOUTOFRANGE ("CMSG_SPACE() argument out of range").
 * Blocks: never. @since SOCKETX_1.0
 */
SX_API int32_t sx_cmsg_space(int64_t length, int64_t *out);

#ifdef __cplusplus
}
#endif

#endif /* SOCKETX_CONVERT_H */
