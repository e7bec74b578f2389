// SPDX-License-Identifier: MIT
package org.libsocketx;

import java.io.IOException;
import org.libsocketx.internal.SxNative;

/** An RFCOMM address: Python's (bdaddr, channel), channel 0..255. Text form "rfcomm:[bdaddr]:channel". */
public final class RfcommAddress extends BluetoothAddress {
    private static final long serialVersionUID = 1L;

    private final transient String bdaddr;
    private final transient int channel;

    private RfcommAddress(long handle, String bdaddr, int channel) {
        super(handle);
        this.bdaddr = bdaddr;
        this.channel = channel;
    }

    static RfcommAddress read(long h) throws IOException {
        int[] channel = new int[1];
        SxNative.sx_addr_bt_channel(h, channel);
        return new RfcommAddress(h, bdaddr(h), channel[0]);
    }

    /**
     * An RFCOMM address: a device and a channel.
     *
     * @param bdaddr the Bluetooth device address, "XX:XX:XX:XX:XX:XX"
     * @param channel the RFCOMM channel
     * @return the address
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static RfcommAddress of(String bdaddr, int channel) throws IOException {
        return wrap(make(out -> SxNative.sx_addr_bt_rfcomm(bdaddr, channel, out)), RfcommAddress::read);
    }

    /**
     * From the text form "rfcomm:[bdaddr]:channel".
     *
     * @param text the address in its text form, as toString() writes it
     * @return the address
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static RfcommAddress parse(String text) throws IOException {
        return parse(AF_BLUETOOTH, text, RfcommAddress.class);
    }

    /**
     * The Bluetooth device address, "XX:XX:XX:XX:XX:XX".
     *
     * @return the device address
     */
    public String bdaddr() { return bdaddr; }

    /**
     * The RFCOMM channel.
     *
     * @return the channel
     */
    public int channel() { return channel; }

    @Override public int protocol() { return BTPROTO_RFCOMM; }
}
