/* SPDX-License-Identifier: MIT */
/*
 * socketx/family/alg.h - AF_ALG addresses and sendmsg_afalg (Linux kernel crypto API).
 *
 * Python's form: (type, name[, feat[, mask]]): type "hash", "skcipher", "aead", "rng"...
 * (shorter than 14 bytes), name the algorithm ("sha256", "cbc(aes)", shorter than 64 bytes).
 * feat and mask are the kernel's 32-bit fields (CPython parses them as 16-bit; the library
 * takes all 32). Use: bind a SX_SOCK_SEQPACKET AF_ALG socket, set the key with
 * sx_socket_setsockopt_bytes(s, SX_SOL_ALG, SX_ALG_SET_KEY, key, len), accept() an
 * operation socket (it has no address), then send/recv or sx_socket_sendmsg_afalg().
 *
 * Text form: "alg:<type>:<name>:<feat>:<mask>", feat and mask decimal ("alg:hash:sha256:0:0").
 */
#ifndef SOCKETX_FAMILY_ALG_H
#define SOCKETX_FAMILY_ALG_H

#include "socketx/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Make an AF_ALG address.
 * Mirrors: Python's AF_ALG address tuple.
 * @param type algorithm type, 1..13 bytes, not NULL.
 * @param name algorithm name, 1..63 bytes, not NULL.
 * @param feat,mask the kernel's salg_feat and salg_mask.
 * @param[out] out new handle, caller releases with sx_addr_close().
 * @return 0; SX_EARG (NULL pointer, "AF_ALG type too long.", "AF_ALG name too long.");
 *         SX_ENOMEM; SX_ENOHANDLES. Blocks: never. Thread-safety: safe. @since SOCKETX_1.1
 */
SX_API int32_t sx_addr_alg(const char *type, const char *name, uint32_t feat, uint32_t mask, sx_addr *out);

/**
 * Copy the algorithm type of an AF_ALG address, NUL-terminated.
 * @param a the address handle.
 * @param[out] buf caller's buffer receiving the NUL-terminated text; may be NULL only when cap is 0.
 * @param cap size of buf in bytes.
 * @param[out] len_out receives the full length without the terminating NUL, also when cap is too small (SX_ETRUNC).
 * @return 0; SX_EBADHANDLE; SX_EARG (NULL len_out, or not AF_ALG); SX_ETRUNC. @since SOCKETX_1.1
 */
SX_API int32_t sx_addr_alg_type(sx_addr a, char *buf, size_t cap, size_t *len_out);

/**
 * Copy the algorithm name of an AF_ALG address, NUL-terminated.
 * @param a the address handle.
 * @param[out] buf caller's buffer receiving the NUL-terminated text; may be NULL only when cap is 0.
 * @param cap size of buf in bytes.
 * @param[out] len_out receives the full length without the terminating NUL, also when cap is too small (SX_ETRUNC).
 * @return 0; SX_EBADHANDLE; SX_EARG (NULL len_out, or not AF_ALG); SX_ETRUNC. @since SOCKETX_1.1
 */
SX_API int32_t sx_addr_alg_name(sx_addr a, char *buf, size_t cap, size_t *len_out);

/**
 * Get the feature and mask fields of an AF_ALG address.
 * @param a the address handle.
 * @param[out] feat_out receives the feat.
 * @param[out] mask_out receives the mask.
 * @return 0; SX_EBADHANDLE; SX_EARG (NULL out, or not AF_ALG). @since SOCKETX_1.1
 */
SX_API int32_t sx_addr_alg_feat_mask(sx_addr a, uint32_t *feat_out, uint32_t *mask_out);

/**
 * Send data to an AF_ALG operation socket with its operation, IV and associated-data
 * length as control messages (ALG_SET_OP, ALG_SET_IV, ALG_SET_AEAD_ASSOCLEN).
 * Mirrors: socket.sendmsg_afalg([msg, ]*, op, iv=None, assoclen=None, flags=0); the
 * timeout mode applies as for sx_socket_sendmsg().
 * @param s an operation socket (from sx_socket_accept() on a bound AF_ALG socket).
 * @param bufs,lens,count the data, as for sx_socket_sendmsg() (count may be 0).
 * @param op SX_ALG_OP_DECRYPT, SX_ALG_OP_ENCRYPT..., or -1 to send no operation.
 * @param iv the IV bytes, or NULL to send none (a non-NULL iv with iv_len 0 sends an empty IV).
 * @param iv_len its length, at most UINT32_MAX.
 * @param assoclen associated data length, or -1 to send none.
 * @param flags MSG_* flags.
 * @param[out] sent_out bytes sent.
 * @return 0; SX_EBADHANDLE; SX_EARG (NULL pointers, assoclen < -1: "assoclen must be
 *         positive", or above UINT32_MAX, op < -1, an IV too long, a socket of another
 *         family: "algset is only supported for AF_ALG", as CPython refuses it, since the
 *         kernel would ignore the items there and send the data as it is); the OS code;
 *         SX_ETIMEOUT in timeout mode.
 * Blocks: as sx_socket_sendmsg(). Thread-safety: safe. @since SOCKETX_1.1
 */
SX_API int32_t sx_socket_sendmsg_afalg(sx_socket s, const void *const *bufs, const size_t *lens, size_t count,
                                       int32_t op, const void *iv, size_t iv_len, int64_t assoclen, int32_t flags,
                                       size_t *sent_out);

#ifdef __cplusplus
}
#endif

#endif /* SOCKETX_FAMILY_ALG_H */
