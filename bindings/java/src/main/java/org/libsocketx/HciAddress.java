// SPDX-License-Identifier: MIT
package org.libsocketx;

import java.io.IOException;
import org.libsocketx.internal.SxNative;

/**
 * An HCI address: Python's (device_id[, channel]), both 0..65535 ({@link #DEV_NONE} is no
 * device; channel {@link #CHANNEL_RAW}, Python's default, USER, MONITOR, CONTROL, LOGGING).
 * Text form "hci:device_id:channel".
 */
public final class HciAddress extends BluetoothAddress {
    private static final long serialVersionUID = 1L;

    /** HCI_DEV_NONE: no device (the device id of a CHANNEL_CONTROL or CHANNEL_MONITOR socket). */
    public static final int DEV_NONE = 0xFFFF;
    /** hci_channel HCI_CHANNEL_RAW of the Bluetooth headers. */
    public static final int CHANNEL_RAW = 0;
    /** hci_channel HCI_CHANNEL_USER of the Bluetooth headers. */
    public static final int CHANNEL_USER = 1;
    /** hci_channel HCI_CHANNEL_MONITOR of the Bluetooth headers. */
    public static final int CHANNEL_MONITOR = 2;
    /** hci_channel HCI_CHANNEL_CONTROL of the Bluetooth headers. */
    public static final int CHANNEL_CONTROL = 3;
    /** hci_channel HCI_CHANNEL_LOGGING of the Bluetooth headers. */
    public static final int CHANNEL_LOGGING = 4;

    private final transient int deviceId;
    private final transient int channel;

    private HciAddress(long handle, int deviceId, int channel) {
        super(handle);
        this.deviceId = deviceId;
        this.channel = channel;
    }

    static HciAddress read(long h) throws IOException {
        int[] dev = new int[1], channel = new int[1];
        SxNative.sx_addr_bt_device_id(h, dev);
        SxNative.sx_addr_bt_channel(h, channel);
        return new HciAddress(h, dev[0], channel[0]);
    }

    /**
     * (device_id,) on the raw channel.
     *
     * @param deviceId the HCI device id, or DEV_NONE
     * @return the address
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static HciAddress of(int deviceId) throws IOException {
        return of(deviceId, CHANNEL_RAW);
    }

    /**
     * An HCI address: a device and a channel.
     *
     * @param deviceId the HCI device id, or DEV_NONE
     * @param channel CHANNEL_RAW, CHANNEL_USER, CHANNEL_MONITOR, CHANNEL_CONTROL or CHANNEL_LOGGING
     * @return the address
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static HciAddress of(int deviceId, int channel) throws IOException {
        return wrap(make(out -> SxNative.sx_addr_bt_hci(deviceId, channel, out)), HciAddress::read);
    }

    /**
     * From the text form "hci:device_id:channel".
     *
     * @param text the address in its text form, as toString() writes it
     * @return the address
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static HciAddress parse(String text) throws IOException {
        return parse(AF_BLUETOOTH, text, HciAddress.class);
    }

    /**
     * The HCI device id, or DEV_NONE.
     *
     * @return the device id
     */
    public int deviceId() { return deviceId; }

    /**
     * The HCI channel (CHANNEL_RAW...).
     *
     * @return the channel
     */
    public int channel() { return channel; }

    @Override public int protocol() { return BTPROTO_HCI; }
}
