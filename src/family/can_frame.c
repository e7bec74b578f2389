/* SPDX-License-Identifier: MIT */
/*
 * CAN and CAN FD frames as the kernel's bytes (struct can_frame, struct canfd_frame), so
 * that no caller packs them by hand. A classic frame carries 0..8 bytes and no flags; a
 * CAN FD frame carries one of the lengths a DLC can say (0..8, 12, 16, 20, 24, 32, 48, 64)
 * and always has CANFD_FDF set, as the kernel sets it on the frames it delivers.
 */
#include <linux/can.h>
#include <stddef.h>
#include <string.h>

#include "detail.h"
#include "socketx/errors.h"
#include "socketx/family/can.h"
#include "strout.h"

#define FD_FLAGS (CANFD_BRS | CANFD_ESI | CANFD_FDF)

_Static_assert(sizeof(struct can_frame) == CAN_MTU && sizeof(struct canfd_frame) == CANFD_MTU,
               "the frame sizes the header promises");

/* Whether len is a payload length a CAN FD DLC can say (ISO 11898-1: 0..8, then 12..64 in steps). */
static int fd_length_ok(size_t len)
{
    static const unsigned char dlc_lengths[] = {12, 16, 20, 24, 32, 48, 64};
    if (len <= CAN_MAX_DLEN)
        return 1;
    for (size_t i = 0; i < sizeof dlc_lengths; i++)
        if (len == dlc_lengths[i])
            return 1;
    return 0;
}

int32_t sx_can_frame_encode(uint32_t can_id, uint32_t flags, const void *data, size_t len, void *buf, size_t cap,
                            size_t *len_out)
{
    if (!len_out)
        return sxi_fail(SX_EARG, "sx_can_frame_encode: len_out is NULL");
    if (!data && len)
        return sxi_fail(SX_EARG, "sx_can_frame_encode: data is NULL but len is %zu", len);
    if (flags & ~(uint32_t)FD_FLAGS)
        return sxi_fail(SX_EARG, "sx_can_frame_encode: flags 0x%x has bits that are no CAN FD flag (BRS, ESI, FDF)",
                        (unsigned)flags);
    int fd = (flags & CANFD_FDF) || len > CAN_MAX_DLEN;
    if (!fd && flags)
        return sxi_fail(SX_EARG,
                        "sx_can_frame_encode: flags 0x%x on a classic CAN frame (add SX_CANFD_FDF for a CAN FD frame)",
                        (unsigned)flags);
    if (fd && !fd_length_ok(len))
        return sxi_fail(SX_EARG, "sx_can_frame_encode: CAN FD has no DLC for %zu data bytes (0..8, 12, 16, 20, 24, 32, "
                                 "48 or 64)",
                        len);
    union {
        struct can_frame classic;
        struct canfd_frame fd;
    } frame;
    memset(&frame, 0, sizeof frame);
    size_t size;
    if (fd) {
        frame.fd.can_id = can_id;
        frame.fd.len = (uint8_t)len;
        frame.fd.flags = (uint8_t)(flags | CANFD_FDF);
        if (len)
            memcpy(frame.fd.data, data, len);
        size = CANFD_MTU;
    } else {
        frame.classic.can_id = can_id;
        frame.classic.len = (uint8_t)len;
        if (len)
            memcpy(frame.classic.data, data, len);
        size = CAN_MTU;
    }
    return sxi_copy_out(&frame, size, 0, buf, cap, len_out);
}

int32_t sx_can_frame_decode(const void *frame, size_t frame_len, uint32_t *can_id_out, uint32_t *flags_out,
                            void *data, size_t cap, size_t *len_out)
{
    if (!frame || !can_id_out || !flags_out || !len_out)
        return sxi_fail(SX_EARG, "sx_can_frame_decode: %s is NULL",
                        !frame ? "frame" : !can_id_out ? "can_id_out" : !flags_out ? "flags_out" : "len_out");
    if (frame_len != CAN_MTU && frame_len != CANFD_MTU)
        return sxi_fail(SX_EARG, "sx_can_frame_decode: %zu bytes is no frame (%zu for CAN, %zu for CAN FD)", frame_len,
                        CAN_MTU, CANFD_MTU);
    struct canfd_frame f; /* a classic frame is its prefix: id, length, then data at the same offset */
    memset(&f, 0, sizeof f);
    memcpy(&f, frame, frame_len);
    int fd = frame_len == CANFD_MTU;
    if (fd ? !fd_length_ok(f.len) : f.len > CAN_MAX_DLEN)
        return sxi_fail(SX_EARG, "sx_can_frame_decode: length field %u is out of range for a %s frame",
                        (unsigned)f.len, fd ? "CAN FD" : "CAN");
    *can_id_out = f.can_id;
    *flags_out = fd ? (uint32_t)(f.flags | CANFD_FDF) : 0;
    return sxi_copy_out(f.data, f.len, 0, data, cap, len_out);
}
