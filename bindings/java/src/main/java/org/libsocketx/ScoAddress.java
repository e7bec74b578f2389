// SPDX-License-Identifier: MIT
package org.libsocketx;

import java.io.IOException;
import org.libsocketx.internal.SxNative;

/** An SCO address: Python's bdaddr. Text form "sco:[bdaddr]". */
public final class ScoAddress extends BluetoothAddress {
    private static final long serialVersionUID = 1L;

    private final transient String bdaddr;

    private ScoAddress(long handle, String bdaddr) {
        super(handle);
        this.bdaddr = bdaddr;
    }

    static ScoAddress read(long h) throws IOException {
        return new ScoAddress(h, bdaddr(h));
    }

    /**
     * A SCO address: a device.
     *
     * @param bdaddr the Bluetooth device address, "XX:XX:XX:XX:XX:XX"
     * @return the address
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static ScoAddress of(String bdaddr) throws IOException {
        return wrap(make(out -> SxNative.sx_addr_bt_sco(bdaddr, out)), ScoAddress::read);
    }

    /**
     * From the text form "sco:[bdaddr]".
     *
     * @param text the address in its text form, as toString() writes it
     * @return the address
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static ScoAddress parse(String text) throws IOException {
        return parse(AF_BLUETOOTH, text, ScoAddress.class);
    }

    /**
     * The Bluetooth device address, "XX:XX:XX:XX:XX:XX".
     *
     * @return the device address
     */
    public String bdaddr() { return bdaddr; }

    @Override public int protocol() { return BTPROTO_SCO; }
}
