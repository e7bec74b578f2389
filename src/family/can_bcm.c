/* SPDX-License-Identifier: MIT */
/*
 * Broadcast-manager messages: struct bcm_msg_head and the frames after it, as a CAN_BCM
 * socket reads and writes them. The header's two intervals are the kernel's struct
 * bcm_timeval (two longs), whose size follows the platform, so the caller gives and gets
 * microseconds and this file does the packing with the system header's own struct.
 */
#include <limits.h>
#include <linux/can.h>
#include <linux/can/bcm.h>
#include <stddef.h>
#include <string.h>

#include "detail.h"
#include "socketx/errors.h"
#include "socketx/family/can.h"

#define USEC_PER_SEC 1000000

static size_t frame_size(uint32_t flags)
{
    return (flags & CAN_FD_FRAME) ? CANFD_MTU : CAN_MTU;
}

static int32_t to_timeval(int64_t us, const char *which, struct bcm_timeval *tv)
{
    if (us < 0)
        return sxi_fail(SX_EOUTOFRANGE, "sx_can_bcm_encode: %s is %lld microseconds, must be >= 0", which,
                        (long long)us);
    int64_t sec = us / USEC_PER_SEC;
    if (sec > LONG_MAX)
        return sxi_fail(SX_EOUTOFRANGE, "sx_can_bcm_encode: %s of %lld microseconds does not fit this platform's timeval",
                        which, (long long)us);
    tv->tv_sec = (long)sec;
    tv->tv_usec = (long)(us % USEC_PER_SEC);
    return 0;
}

int32_t sx_can_bcm_encode(uint32_t opcode, uint32_t flags, uint32_t count, int64_t ival1_us, int64_t ival2_us,
                          uint32_t can_id, const void *frames, size_t frames_len, void *buf, size_t cap,
                          size_t *len_out)
{
    if (!len_out)
        return sxi_fail(SX_EARG, "sx_can_bcm_encode: len_out is NULL");
    if (!frames && frames_len)
        return sxi_fail(SX_EARG, "sx_can_bcm_encode: frames is NULL but frames_len is %zu", frames_len);
    if (!buf && cap)
        return sxi_fail(SX_EARG, "sx_can_bcm_encode: buf is NULL but cap is %zu", cap);
    size_t fsize = frame_size(flags);
    if (frames_len % fsize)
        return sxi_fail(SX_EARG, "sx_can_bcm_encode: frames_len %zu is not a multiple of the %s frame size %zu",
                        frames_len, (flags & CAN_FD_FRAME) ? "CAN FD" : "CAN", fsize);
    if (frames_len / fsize > UINT32_MAX)
        return sxi_fail(SX_EARG, "sx_can_bcm_encode: %zu frames do not fit nframes", frames_len / fsize);
    struct bcm_msg_head head;
    memset(&head, 0, sizeof head);
    int32_t rc = to_timeval(ival1_us, "ival1", &head.ival1);
    if (!rc)
        rc = to_timeval(ival2_us, "ival2", &head.ival2);
    if (rc)
        return rc;
    head.opcode = opcode;
    head.flags = flags;
    head.count = count;
    head.can_id = can_id;
    head.nframes = (uint32_t)(frames_len / fsize);
    /* The same convention as sxi_copy_out, for a message in two pieces. */
    size_t total = sizeof head + frames_len;
    *len_out = total;
    if (cap < total)
        return sxi_fail(SX_ETRUNC, "buffer too small: %zu bytes needed, %zu given", total, cap);
    memcpy(buf, &head, sizeof head);
    if (frames_len)
        memcpy((unsigned char *)buf + sizeof head, frames, frames_len);
    return 0;
}

/* An interval read back: the kernel echoes what was set, but a message from elsewhere may hold anything. */
static int32_t from_timeval(const struct bcm_timeval *tv, const char *which, int64_t *us)
{
    int64_t sec = tv->tv_sec, usec = tv->tv_usec;
    if (usec <= -USEC_PER_SEC || usec >= USEC_PER_SEC)
        return sxi_fail(SX_EOUTOFRANGE, "sx_can_bcm_decode: %s has %lld microseconds, not below one second", which,
                        (long long)usec);
    if (__builtin_mul_overflow(sec, USEC_PER_SEC, us) || __builtin_add_overflow(*us, usec, us))
        return sxi_fail(SX_EOUTOFRANGE, "sx_can_bcm_decode: %s of %lld seconds does not fit int64 microseconds",
                        which, (long long)sec);
    return 0;
}

int32_t sx_can_bcm_decode(const void *msg, size_t len, uint32_t *opcode_out, uint32_t *flags_out, uint32_t *count_out,
                          int64_t *ival1_us_out, int64_t *ival2_us_out, uint32_t *can_id_out, uint32_t *nframes_out,
                          size_t *frames_offset_out)
{
    if (!msg || !opcode_out || !flags_out || !count_out || !ival1_us_out || !ival2_us_out || !can_id_out ||
        !nframes_out || !frames_offset_out)
        return sxi_fail(SX_EARG, "sx_can_bcm_decode: a NULL argument");
    struct bcm_msg_head head;
    if (len < sizeof head)
        return sxi_fail(SX_EARG, "sx_can_bcm_decode: %zu bytes are shorter than the %zu-byte bcm_msg_head", len,
                        sizeof head);
    memcpy(&head, msg, sizeof head);
    size_t fsize = frame_size(head.flags);
    if (head.nframes > (len - sizeof head) / fsize)
        return sxi_fail(SX_EARG, "sx_can_bcm_decode: %u frames of %zu bytes do not fit the %zu bytes after the header",
                        (unsigned)head.nframes, fsize, len - sizeof head);
    int64_t ival1 = 0, ival2 = 0; /* set by from_timeval; GCC -O3 cannot see through its overflow builtins */
    int32_t rc = from_timeval(&head.ival1, "ival1", &ival1);
    if (!rc)
        rc = from_timeval(&head.ival2, "ival2", &ival2);
    if (rc)
        return rc;
    *opcode_out = head.opcode;
    *flags_out = head.flags;
    *count_out = head.count;
    *ival1_us_out = ival1;
    *ival2_us_out = ival2;
    *can_id_out = head.can_id;
    *nframes_out = head.nframes;
    *frames_offset_out = sizeof head;
    return 0;
}
