/* SPDX-License-Identifier: MIT */
/*
 * socketx/family/bluetooth.h - AF_BLUETOOTH addresses: L2CAP, RFCOMM, HCI and SCO (Linux).
 *
 * Python's forms: L2CAP (bdaddr, psm[, cid[, bdaddr_type]]), RFCOMM (bdaddr, channel),
 * HCI (device_id[, channel]), SCO bdaddr. A bdaddr is text "XX:XX:XX:XX:XX:XX" (six hex
 * groups, each < 256, nothing after; read back in upper case); SX_BDADDR_ANY is
 * "00:00:00:00:00:00" and SX_BDADDR_LOCAL "00:00:00:FF:FF:FF" (string macros in this
 * header). The four layouts differ in length, so an address the kernel returns is read by
 * its length; sx_addr_bt_protocol() tells which it is.
 *
 * Text forms: "l2cap:[<bdaddr>]:<psm>:<cid>:<bdaddr_type>", "rfcomm:[<bdaddr>]:<channel>",
 * "hci:<device_id>:<channel>", "sco:[<bdaddr>]", numbers in decimal.
 */
#ifndef SOCKETX_FAMILY_BLUETOOTH_H
#define SOCKETX_FAMILY_BLUETOOTH_H

#include "socketx/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Any local adapter. */
#define SX_BDADDR_ANY "00:00:00:00:00:00"
/** The local adapter (BlueZ's BDADDR_LOCAL). */
#define SX_BDADDR_LOCAL "00:00:00:FF:FF:FF"

/**
 * Make an L2CAP address.
 * @param bdaddr "XX:XX:XX:XX:XX:XX", not NULL.
 * @param psm 0..65535. @param cid 0..65535 (0: none).
 * @param bdaddr_type 0..255: SX_BDADDR_BREDR (0), SX_BDADDR_LE_PUBLIC, SX_BDADDR_LE_RANDOM.
 * @param[out] out new handle, caller releases with sx_addr_close().
 * @return 0; SX_EARG (NULL pointer, "bad bluetooth address"); SX_EOUTOFRANGE; SX_ENOMEM;
 *         SX_ENOHANDLES. Blocks: never. Thread-safety: safe. @since SOCKETX_1.1
 */
SX_API int32_t sx_addr_bt_l2cap(const char *bdaddr, int32_t psm, int32_t cid, int32_t bdaddr_type, sx_addr *out);

/**
 * Make an RFCOMM address.
 * @param bdaddr "XX:XX:XX:XX:XX:XX", not NULL. @param channel 0..255.
 * @param[out] out new handle, caller releases with sx_addr_close().
 * @return as sx_addr_bt_l2cap(). @since SOCKETX_1.1
 */
SX_API int32_t sx_addr_bt_rfcomm(const char *bdaddr, int32_t channel, sx_addr *out);

/**
 * Make an HCI address.
 * @param device_id 0..65535 (SX_HCI_DEV_NONE is 0xFFFF).
 * @param channel 0..65535: SX_HCI_CHANNEL_RAW (0, Python's default), USER, MONITOR, CONTROL, LOGGING.
 * @param[out] out new handle, caller releases with sx_addr_close().
 * @return 0; SX_EARG (out NULL); SX_EOUTOFRANGE; SX_ENOMEM; SX_ENOHANDLES. @since SOCKETX_1.1
 */
SX_API int32_t sx_addr_bt_hci(int32_t device_id, int32_t channel, sx_addr *out);

/**
 * Make an SCO address.
 * @param bdaddr "XX:XX:XX:XX:XX:XX", not NULL.
 * @param[out] out new handle, caller releases with sx_addr_close().
 * @return as sx_addr_bt_l2cap(). @since SOCKETX_1.1
 */
SX_API int32_t sx_addr_bt_sco(const char *bdaddr, sx_addr *out);

/**
 * Get which Bluetooth layout an address holds: SX_BTPROTO_L2CAP, SX_BTPROTO_RFCOMM,
 * SX_BTPROTO_HCI or SX_BTPROTO_SCO.
 * @param a the address handle.
 * @param[out] proto_out receives the protocol number.
 * @return 0; SX_EBADHANDLE; SX_EARG (NULL out, not AF_BLUETOOTH, or a length no layout has).
 * @since SOCKETX_1.1
 */
SX_API int32_t sx_addr_bt_protocol(sx_addr a, int32_t *proto_out);

/**
 * Copy the device address of an L2CAP, RFCOMM or SCO address as "XX:XX:XX:XX:XX:XX"
 * (upper case), NUL-terminated.
 * @param a the address handle.
 * @param[out] buf caller's buffer receiving the NUL-terminated text; may be NULL only when cap is 0.
 * @param cap size of buf in bytes.
 * @param[out] len_out receives the full length without the terminating NUL, also when cap is too small (SX_ETRUNC).
 * @return 0; SX_EBADHANDLE; SX_EARG (NULL len_out, or not such an address); SX_ETRUNC.
 * @since SOCKETX_1.1
 */
SX_API int32_t sx_addr_bt_bdaddr(sx_addr a, char *buf, size_t cap, size_t *len_out);

/**
 * Get the PSM, CID and address type of an L2CAP address.
 * @param a the address handle.
 * @param[out] psm_out receives the psm.
 * @param[out] cid_out receives the cid.
 * @param[out] bdaddr_type_out receives the bdaddr type.
 * @return 0; SX_EBADHANDLE; SX_EARG (NULL out, or not an L2CAP address). @since SOCKETX_1.1
 */
SX_API int32_t sx_addr_bt_l2cap_fields(sx_addr a, int32_t *psm_out, int32_t *cid_out, int32_t *bdaddr_type_out);

/**
 * Get the channel of an RFCOMM or HCI address.
 * @param a the address handle.
 * @param[out] channel_out receives the channel.
 * @return 0; SX_EBADHANDLE; SX_EARG (NULL out, or neither RFCOMM nor HCI). @since SOCKETX_1.1
 */
SX_API int32_t sx_addr_bt_channel(sx_addr a, int32_t *channel_out);

/**
 * Get the device id of an HCI address.
 * @param a the address handle.
 * @param[out] device_id_out receives the device id.
 * @return 0; SX_EBADHANDLE; SX_EARG (NULL out, or not HCI). @since SOCKETX_1.1
 */
SX_API int32_t sx_addr_bt_device_id(sx_addr a, int32_t *device_id_out);

#ifdef __cplusplus
}
#endif

#endif /* SOCKETX_FAMILY_BLUETOOTH_H */
