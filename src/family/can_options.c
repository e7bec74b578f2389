/* SPDX-License-Identifier: MIT */
/*
 * The CAN options whose values are structs: CAN_RAW_FILTER (an array of struct can_filter)
 * and CAN_ISOTP_OPTS (struct can_isotp_options). The arguments are checked and the struct
 * packed here; the option goes through sx_socket_setsockopt_bytes like every other.
 */
#include <linux/can.h>
#include <linux/can/isotp.h>
#include <linux/can/raw.h>
#include <string.h>

#include "detail.h"
#include "socketx/errors.h"
#include "socketx/family/can.h"
#include "socketx/socket.h"

#define U8_MAX 255

int32_t sx_socket_can_set_filters(sx_socket s, const uint32_t *ids, const uint32_t *masks, size_t count)
{
    if (count > CAN_RAW_FILTER_MAX)
        return sxi_fail(SX_EARG, "sx_socket_can_set_filters: %zu filters, the kernel takes at most %d", count,
                        CAN_RAW_FILTER_MAX);
    if (count && (!ids || !masks))
        return sxi_fail(SX_EARG, "sx_socket_can_set_filters: %s is NULL but count is %zu", !ids ? "ids" : "masks",
                        count);
    struct can_filter filters[CAN_RAW_FILTER_MAX];
    for (size_t i = 0; i < count; i++) {
        filters[i].can_id = ids[i];
        filters[i].can_mask = masks[i];
    }
    /* count 0 is a zero-length option, which the kernel reads as "no filter passes anything". */
    return sx_socket_setsockopt_bytes(s, SOL_CAN_RAW, CAN_RAW_FILTER, count ? filters : NULL,
                                      count * sizeof filters[0]);
}

static int32_t check_u8(int32_t value, const char *field)
{
    if (value < 0 || value > U8_MAX)
        return sxi_fail(SX_EOUTOFRANGE, "sx_socket_can_isotp_options: %s must be 0-255, not %d", field, (int)value);
    return 0;
}

int32_t sx_socket_can_isotp_options(sx_socket s, uint32_t flags, uint32_t frame_txtime, int32_t ext_address,
                                    int32_t txpad_content, int32_t rxpad_content, int32_t rx_ext_address)
{
    int32_t rc;
    if ((rc = check_u8(ext_address, "ext_address")) || (rc = check_u8(txpad_content, "txpad_content")) ||
        (rc = check_u8(rxpad_content, "rxpad_content")) || (rc = check_u8(rx_ext_address, "rx_ext_address")))
        return rc;
    struct can_isotp_options opts;
    memset(&opts, 0, sizeof opts);
    opts.flags = flags;
    opts.frame_txtime = frame_txtime;
    opts.ext_address = (uint8_t)ext_address;
    opts.txpad_content = (uint8_t)txpad_content;
    opts.rxpad_content = (uint8_t)rxpad_content;
    opts.rx_ext_address = (uint8_t)rx_ext_address;
    return sx_socket_setsockopt_bytes(s, SOL_CAN_ISOTP, CAN_ISOTP_OPTS, &opts, sizeof opts);
}
