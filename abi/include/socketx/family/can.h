/* SPDX-License-Identifier: MIT */
/*
 * socketx/family/can.h - AF_CAN addresses, CAN and CAN FD frames, broadcast-manager (BCM)
 * messages and the CAN_RAW / ISO-TP options (Linux).
 *
 * One sockaddr_can serves three protocols, and Python's tuple depends on the socket's:
 *   SX_CAN_RAW, SX_CAN_BCM  (interface,)
 *   SX_CAN_ISOTP            (interface, rx_addr, tx_addr)
 *   SX_CAN_J1939            (interface, name, pgn, addr)
 * An sx_addr remembers which layout it holds: the constructor's, or, for an address the
 * kernel returned, the protocol of the socket it came from. The interface is an interface
 * name ("vcan0"), or "" for every interface (index 0). A name of IFNAMSIZ (16) bytes or
 * more is refused ("AF_CAN interface name too long"), as CPython refuses it.
 *
 * Text forms: "can:<ifname>", "can-isotp:<ifname>:<rx_id>:<tx_id>" and
 * "can-j1939:<ifname>:<name>:<pgn>:<addr>", ids, name and pgn as 0x-prefixed hex, addr
 * decimal; an index with no name now is written "#<index>" (and read back as that index,
 * where a name is looked up). An address shorter than its layout's fields (a kernel's
 * reply cut short) shows in the raw form "family=29:<hex>".
 *
 * Frames cross the ABI as the kernel's bytes, built and read by the functions below, so
 * that no caller packs struct can_frame (16 bytes, SX_CAN_MTU) or struct canfd_frame
 * (72 bytes, SX_CANFD_MTU) by hand. can_id carries the SX_CAN_EFF_FLAG, SX_CAN_RTR_FLAG and
 * SX_CAN_ERR_FLAG bits as the kernel does; flags are the CAN FD flags (SX_CANFD_BRS,
 * SX_CANFD_ESI, SX_CANFD_FDF: a frame with SX_CANFD_FDF, or more than 8 data bytes, is a
 * CAN FD frame).
 */
#ifndef SOCKETX_FAMILY_CAN_H
#define SOCKETX_FAMILY_CAN_H

#include "socketx/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Make an AF_CAN address for CAN_RAW and CAN_BCM sockets.
 * Mirrors: the (interface,) tuple of Python's AF_CAN sockets.
 * @param ifname interface name, "" for all interfaces; not NULL.
 * @param[out] out new handle, caller releases with sx_addr_close().
 * @return 0; SX_EARG (NULL pointer, or a name too long); SX_ENOTFOUND (no such interface);
 *         the OS code when the name could not be looked up (SX_EMFILE...); SX_ENOMEM; SX_ENOHANDLES.
 * Blocks: never. Thread-safety: safe. @since SOCKETX_1.1
 */
SX_API int32_t sx_addr_can(const char *ifname, sx_addr *out);

/**
 * Make an AF_CAN address for a CAN_ISOTP socket.
 * Mirrors: Python's (interface, rx_addr, tx_addr).
 * @param ifname interface name, "" for all interfaces; not NULL.
 * @param rx_id CAN id to receive on (with SX_CAN_EFF_FLAG for a 29-bit id).
 * @param tx_id CAN id to send with.
 * @param[out] out new handle, caller releases with sx_addr_close().
 * @return as sx_addr_can(). @since SOCKETX_1.1
 */
SX_API int32_t sx_addr_can_isotp(const char *ifname, uint32_t rx_id, uint32_t tx_id, sx_addr *out);

/**
 * Make an AF_CAN address for a CAN_J1939 socket.
 * Mirrors: Python's (interface, name, pgn, addr). Special values: SX_J1939_NO_NAME,
 * SX_J1939_NO_PGN, SX_J1939_NO_ADDR, SX_J1939_IDLE_ADDR.
 * @param ifname interface name, "" for all interfaces; not NULL.
 * @param name the 64-bit ECU NAME.
 * @param pgn the parameter group number.
 * @param addr the 8-bit address, 0..255 (CPython wraps larger values; the library refuses them).
 * @param[out] out new handle, caller releases with sx_addr_close().
 * @return as sx_addr_can(); SX_EOUTOFRANGE (addr). @since SOCKETX_1.1
 */
SX_API int32_t sx_addr_can_j1939(const char *ifname, uint64_t name, uint32_t pgn, int32_t addr, sx_addr *out);

/**
 * Get the interface index of an AF_CAN address (0: all interfaces).
 * @param a the address handle.
 * @param[out] ifindex_out receives the interface index.
 * @return 0; SX_EBADHANDLE; SX_EARG (NULL out, or not AF_CAN). @since SOCKETX_1.1
 */
SX_API int32_t sx_addr_can_ifindex(sx_addr a, int32_t *ifindex_out);

/**
 * Copy the interface name of an AF_CAN address, NUL-terminated; "" for index 0 or an index
 * that names no interface now, as CPython reports it.
 * @param a the address handle.
 * @param[out] buf caller's buffer receiving the NUL-terminated text; may be NULL only when cap is 0.
 * @param cap size of buf in bytes.
 * @param[out] len_out receives the full length without the terminating NUL, also when cap is too small (SX_ETRUNC).
 * @return 0; SX_EBADHANDLE; SX_EARG (NULL len_out, or not AF_CAN); SX_ETRUNC; the OS code
 *         when the name could not be asked for (SX_EMFILE...). @since SOCKETX_1.1
 */
SX_API int32_t sx_addr_can_ifname(sx_addr a, char *buf, size_t cap, size_t *len_out);

/**
 * Get the protocol whose layout an AF_CAN address holds: SX_CAN_ISOTP, SX_CAN_J1939, or
 * SX_CAN_RAW for the interface-only form (also for CAN_BCM).
 * @param a the address handle.
 * @param[out] proto_out receives the protocol number.
 * @return 0; SX_EBADHANDLE; SX_EARG (NULL out, or not AF_CAN). @since SOCKETX_1.1
 */
SX_API int32_t sx_addr_can_protocol(sx_addr a, int32_t *proto_out);

/**
 * Get the ISO-TP receive and transmit ids of an AF_CAN address.
 * @param a the address handle.
 * @param[out] rx_id_out receives the rx id.
 * @param[out] tx_id_out receives the tx id.
 * @return 0; SX_EBADHANDLE; SX_EARG (NULL out, or not AF_CAN). @since SOCKETX_1.1
 */
SX_API int32_t sx_addr_can_isotp_ids(sx_addr a, uint32_t *rx_id_out, uint32_t *tx_id_out);

/**
 * Get the J1939 name, PGN and address of an AF_CAN address.
 * @param a the address handle.
 * @param[out] name_out receives the name.
 * @param[out] pgn_out receives the pgn.
 * @param[out] addr_out receives the addr.
 * @return 0; SX_EBADHANDLE; SX_EARG (NULL out, or not AF_CAN). @since SOCKETX_1.1
 */
SX_API int32_t sx_addr_can_j1939_fields(sx_addr a, uint64_t *name_out, uint32_t *pgn_out, int32_t *addr_out);

/**
 * Build a CAN frame (16 bytes) or, with SX_CANFD_FDF in flags or more than 8 data bytes,
 * a CAN FD frame (72 bytes), as the kernel reads it from a CAN_RAW socket.
 * @param can_id the id with its SX_CAN_*_FLAG bits.
 * @param flags 0 for a classic frame; SX_CANFD_FDF | SX_CANFD_BRS | SX_CANFD_ESI for CAN FD.
 * @param data the payload (NULL when len is 0).
 * @param len 0..8 for a classic frame; 0..8, 12, 16, 20, 24, 32, 48 or 64 for CAN FD.
 * @param[out] buf the caller's buffer for the frame.
 * @param cap its size.
 * @param[out] len_out the frame's size (SX_CAN_MTU or SX_CANFD_MTU), also when too small.
 * @return 0; SX_EARG (NULL pointer, flags on a classic frame, a length CAN FD has no DLC
 *         for); SX_ETRUNC (cap too small). Blocks: never. Thread-safety: safe. @since SOCKETX_1.1
 */
SX_API int32_t sx_can_frame_encode(uint32_t can_id, uint32_t flags, const void *data, size_t len, void *buf,
                                   size_t cap, size_t *len_out);

/**
 * Read a CAN frame (16 bytes) or CAN FD frame (72 bytes) as a CAN_RAW socket returns it.
 * @param frame the frame's bytes.
 * @param frame_len SX_CAN_MTU or SX_CANFD_MTU.
 * @param[out] can_id_out the id with its flag bits.
 * @param[out] flags_out the CAN FD flags, with SX_CANFD_FDF set for a CAN FD frame; 0 for classic.
 * @param[out] data the caller's buffer for the payload (NULL when cap is 0).
 * @param cap its size.
 * @param[out] len_out the payload length, also when cap is too small.
 * @return 0; SX_EARG (NULL pointer, another frame_len, a length field out of range);
 *         SX_ETRUNC. Blocks: never. Thread-safety: safe. @since SOCKETX_1.1
 */
SX_API int32_t sx_can_frame_decode(const void *frame, size_t frame_len, uint32_t *can_id_out, uint32_t *flags_out,
                                   void *data, size_t cap, size_t *len_out);

/**
 * Build a broadcast-manager message (struct bcm_msg_head followed by its frames) as a
 * CAN_BCM socket reads it. The timevals' layout follows this platform's, so the caller
 * gives the intervals in microseconds.
 * @param opcode SX_CAN_BCM_TX_SETUP...
 * @param flags SX_CAN_BCM_SETTIMER... (SX_CAN_BCM_CAN_FD_FRAME when the frames are CAN FD frames).
 * @param count number of frames to send at ival1 before switching to ival2.
 * @param ival1_us,ival2_us the two intervals in microseconds, >= 0.
 * @param can_id the id the message is about.
 * @param frames the frames, each built with sx_can_frame_encode(), all SX_CAN_MTU or all
 *        SX_CANFD_MTU bytes (by SX_CAN_BCM_CAN_FD_FRAME in flags); NULL when frames_len is 0.
 * @param frames_len total bytes of frames, a multiple of the frame size.
 * @param[out] buf the caller's buffer. @param cap its size.
 * @param[out] len_out the message's size, also when cap is too small.
 * @return 0; SX_EARG (NULL pointer, frames_len not a multiple of the frame size);
 *         SX_EOUTOFRANGE (a negative interval); SX_ETRUNC.
 * Blocks: never. Thread-safety: safe. @since SOCKETX_1.1
 */
SX_API int32_t sx_can_bcm_encode(uint32_t opcode, uint32_t flags, uint32_t count, int64_t ival1_us, int64_t ival2_us,
                                 uint32_t can_id, const void *frames, size_t frames_len, void *buf, size_t cap,
                                 size_t *len_out);

/**
 * Read a broadcast-manager message as a CAN_BCM socket returns it.
 * @param msg the message's bytes. @param len their number.
 * @param[out] opcode_out,flags_out,count_out header fields.
 * @param[out] ival1_us_out,ival2_us_out intervals in microseconds.
 * @param[out] can_id_out the id.
 * @param[out] nframes_out number of frames that follow the header.
 * @param[out] frames_offset_out where the first frame starts in msg; each frame is
 *        SX_CAN_MTU or (with SX_CAN_BCM_CAN_FD_FRAME) SX_CANFD_MTU bytes, read with
 *        sx_can_frame_decode().
 * @return 0; SX_EARG (NULL pointer, len shorter than the header or than its frames);
 *         SX_EOUTOFRANGE (an interval that is no valid timeval or does not fit int64 microseconds).
 * Blocks: never. Thread-safety: safe. @since SOCKETX_1.1
 */
SX_API int32_t sx_can_bcm_decode(const void *msg, size_t len, uint32_t *opcode_out, uint32_t *flags_out,
                                 uint32_t *count_out, int64_t *ival1_us_out, int64_t *ival2_us_out,
                                 uint32_t *can_id_out, uint32_t *nframes_out, size_t *frames_offset_out);

/**
 * Set a CAN_RAW socket's receive filters (CAN_RAW_FILTER): a frame passes when
 * (received_id & masks[i]) == (ids[i] & masks[i]) for some i (SX_CAN_INV_FILTER in ids[i]
 * inverts that filter). count 0 receives no frames at all.
 * @param s a CAN_RAW socket.
 * @param ids,masks parallel arrays of count values (NULL when count is 0).
 * @param count 0..SX_CAN_RAW_FILTER_MAX (512).
 * @return 0; SX_EBADHANDLE; SX_EARG (NULL arrays with a count, count too large); the
 *         kernel's code. Blocks: never. Thread-safety: safe. @since SOCKETX_1.1
 */
SX_API int32_t sx_socket_can_set_filters(sx_socket s, const uint32_t *ids, const uint32_t *masks, size_t count);

/**
 * Set a CAN_ISOTP socket's options (CAN_ISOTP_OPTS, struct can_isotp_options).
 * @param s a CAN_ISOTP socket, before bind.
 * @param flags SX_CAN_ISOTP_* option bits (SX_CAN_ISOTP_TX_PADDING...).
 * @param frame_txtime nanoseconds between frames.
 * @param ext_address,txpad_content,rxpad_content,rx_ext_address 0..255.
 * @return 0; SX_EBADHANDLE; SX_EOUTOFRANGE (an 8-bit field); the kernel's code.
 * Blocks: never. Thread-safety: safe. @since SOCKETX_1.1
 */
SX_API int32_t sx_socket_can_isotp_options(sx_socket s, uint32_t flags, uint32_t frame_txtime, int32_t ext_address,
                                           int32_t txpad_content, int32_t rxpad_content, int32_t rx_ext_address);

#ifdef __cplusplus
}
#endif

#endif /* SOCKETX_FAMILY_CAN_H */
