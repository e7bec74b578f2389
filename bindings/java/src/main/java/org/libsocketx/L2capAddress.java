// SPDX-License-Identifier: MIT
package org.libsocketx;

import java.io.IOException;
import org.libsocketx.internal.SxNative;

/**
 * An L2CAP address: Python's (bdaddr, psm[, cid[, bdaddr_type]]). psm and cid 0..65535
 * (cid 0: none), bdaddr_type {@link #BDADDR_BREDR}, {@link #BDADDR_LE_PUBLIC} or
 * {@link #BDADDR_LE_RANDOM}. Text form "l2cap:[bdaddr]:psm:cid:type".
 */
public final class L2capAddress extends BluetoothAddress {
    private static final long serialVersionUID = 1L;

    /** l2_bdaddr_type BDADDR_BREDR of the Bluetooth headers. */
    public static final int BDADDR_BREDR = 0;
    /** l2_bdaddr_type BDADDR_LE_PUBLIC of the Bluetooth headers. */
    public static final int BDADDR_LE_PUBLIC = 1;
    /** l2_bdaddr_type BDADDR_LE_RANDOM of the Bluetooth headers. */
    public static final int BDADDR_LE_RANDOM = 2;

    private final transient String bdaddr;
    private final transient int psm;
    private final transient int cid;
    private final transient int bdaddrType;

    private L2capAddress(long handle, String bdaddr, int psm, int cid, int bdaddrType) {
        super(handle);
        this.bdaddr = bdaddr;
        this.psm = psm;
        this.cid = cid;
        this.bdaddrType = bdaddrType;
    }

    static L2capAddress read(long h) throws IOException {
        int[] psm = new int[1], cid = new int[1], type = new int[1];
        SxNative.sx_addr_bt_l2cap_fields(h, psm, cid, type);
        return new L2capAddress(h, bdaddr(h), psm[0], cid[0], type[0]);
    }

    /**
     * (bdaddr, psm), BR/EDR, no cid.
     *
     * @param bdaddr the Bluetooth device address, "XX:XX:XX:XX:XX:XX"
     * @param psm the protocol/service multiplexer
     * @return the address
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static L2capAddress of(String bdaddr, int psm) throws IOException {
        return of(bdaddr, psm, 0, BDADDR_BREDR);
    }

    /**
     * A malformed bdaddr or a field out of range is an IllegalArgumentException.
     *
     * @param bdaddr the Bluetooth device address, "XX:XX:XX:XX:XX:XX"
     * @param psm the protocol/service multiplexer
     * @param cid the channel id (0: none)
     * @param bdaddrType BDADDR_BREDR, BDADDR_LE_PUBLIC or BDADDR_LE_RANDOM
     * @return the address
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static L2capAddress of(String bdaddr, int psm, int cid, int bdaddrType) throws IOException {
        return wrap(make(out -> SxNative.sx_addr_bt_l2cap(bdaddr, psm, cid, bdaddrType, out)), L2capAddress::read);
    }

    /**
     * From the text form "l2cap:[bdaddr]:psm:cid:type".
     *
     * @param text the address in its text form, as toString() writes it
     * @return the address
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static L2capAddress parse(String text) throws IOException {
        return parse(AF_BLUETOOTH, text, L2capAddress.class);
    }

    /**
     * The Bluetooth device address, "XX:XX:XX:XX:XX:XX".
     *
     * @return the device address
     */
    public String bdaddr() { return bdaddr; }

    /**
     * The protocol/service multiplexer.
     *
     * @return the PSM
     */
    public int psm() { return psm; }

    /**
     * The channel id (0: none).
     *
     * @return the channel id
     */
    public int cid() { return cid; }

    /**
     * BDADDR_BREDR, BDADDR_LE_PUBLIC or BDADDR_LE_RANDOM.
     *
     * @return the address type
     */
    public int bdaddrType() { return bdaddrType; }

    @Override public int protocol() { return BTPROTO_L2CAP; }
}
