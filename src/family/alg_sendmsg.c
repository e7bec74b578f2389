/* SPDX-License-Identifier: MIT */
/*
 * sendmsg_afalg: the operation, IV and associated-data length of an AF_ALG operation socket
 * as the three control messages CPython's sock_sendmsg_afalg builds, put in an sx_msg and
 * sent with sx_socket_sendmsg, so that the timeout modes, EINTR and a close from another
 * thread behave as for every other send.
 */
#include <linux/if_alg.h>
#include <sys/socket.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "detail.h"
#include "socketx/errors.h"
#include "socketx/family/alg.h"
#include "socketx/msg.h"
#include "socketx/socket.h"

/* An IV this long or shorter is laid out on the stack; the kernel's IVs are at most 16 or so bytes. */
#define IV_ON_STACK 64

static int32_t add_u32(sx_msg m, int32_t type, uint32_t value)
{
    return sx_msg_add(m, SOL_ALG, type, &value, sizeof value);
}

/* struct af_alg_iv: the length, then the bytes. */
static int32_t add_iv(sx_msg m, const void *iv, size_t iv_len)
{
    union {
        struct af_alg_iv head;
        unsigned char bytes[sizeof(struct af_alg_iv) + IV_ON_STACK];
    } stack;
    size_t size = sizeof(struct af_alg_iv) + iv_len;
    unsigned char *p = iv_len <= IV_ON_STACK ? stack.bytes : sxi_alloc(size);
    if (!p)
        return sxi_fail(SX_ENOMEM, "sx_socket_sendmsg_afalg: out of memory for a %zu-byte IV", iv_len);
    uint32_t ivlen = (uint32_t)iv_len;
    memcpy(p + offsetof(struct af_alg_iv, ivlen), &ivlen, sizeof ivlen);
    if (iv_len)
        memcpy(p + offsetof(struct af_alg_iv, iv), iv, iv_len);
    int32_t rc = sx_msg_add(m, SOL_ALG, ALG_SET_IV, p, size);
    if (p != stack.bytes)
        sxi_free(p);
    return rc;
}

int32_t sx_socket_sendmsg_afalg(sx_socket s, const void *const *bufs, const size_t *lens, size_t count, int32_t op,
                                const void *iv, size_t iv_len, int64_t assoclen, int32_t flags, size_t *sent_out)
{
    if (!sent_out)
        return sxi_fail(SX_EARG, "sx_socket_sendmsg_afalg: sent_out is NULL");
    if (op < -1)
        return sxi_fail(SX_EARG, "sx_socket_sendmsg_afalg: op must be an ALG_OP_* value or -1 for none, not %d",
                        (int)op);
    if (assoclen < -1)
        return sxi_fail(SX_EARG, "assoclen must be positive (%lld given; -1 sends none)", (long long)assoclen);
    if (assoclen > UINT32_MAX)
        return sxi_fail(SX_EARG, "sx_socket_sendmsg_afalg: assoclen %lld does not fit the kernel's 32 bits",
                        (long long)assoclen);
    if (!iv && iv_len)
        return sxi_fail(SX_EARG, "sx_socket_sendmsg_afalg: iv is NULL but iv_len is %zu", iv_len);
    if (iv_len > UINT32_MAX)
        return sxi_fail(SX_EARG, "sx_socket_sendmsg_afalg: an IV of %zu bytes is too long (ivlen is 32 bits)", iv_len);
    /* CPython's check: on another family the items would be ignored and the data sent as it is. */
    int32_t family = 0;
    int32_t rc = sx_socket_family(s, &family);
    if (rc)
        return rc;
    if (family != AF_ALG)
        return sxi_fail(SX_EARG, "algset is only supported for AF_ALG (the socket's family is %d)", (int)family);
    sx_msg m = 0;
    if ((rc = sx_msg_new(&m)) != 0)
        return rc;
    if (op >= 0)
        rc = add_u32(m, ALG_SET_OP, (uint32_t)op);
    if (!rc && iv)
        rc = add_iv(m, iv, iv_len);
    if (!rc && assoclen >= 0)
        rc = add_u32(m, ALG_SET_AEAD_ASSOCLEN, (uint32_t)assoclen);
    if (!rc)
        rc = sx_socket_sendmsg(s, bufs, lens, count, m, flags, 0, sent_out);
    sx_msg_close(m);
    return rc;
}
