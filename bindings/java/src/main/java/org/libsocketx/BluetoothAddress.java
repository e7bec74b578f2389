// SPDX-License-Identifier: MIT
package org.libsocketx;

import java.io.IOException;
import org.libsocketx.internal.SxNative;

/**
 * An AF_BLUETOOTH address, in one of four layouts, each its own class: {@link L2capAddress},
 * {@link RfcommAddress}, {@link HciAddress} and {@link ScoAddress}. A device address
 * (bdaddr) is text "XX:XX:XX:XX:XX:XX", read back in upper case.
 */
public abstract class BluetoothAddress extends Address {
    private static final long serialVersionUID = 1L;

    /** AF_BLUETOOTH on this system (-1 where it has none). */
    public static final int AF_BLUETOOTH = afValue("AF_BLUETOOTH");
    /** Any local adapter, and the local adapter (BlueZ's BDADDR_ANY, BDADDR_LOCAL). */
    public static final String BDADDR_ANY = "00:00:00:00:00:00", BDADDR_LOCAL = "00:00:00:FF:FF:FF";
    /** The protocols, which name the layouts too. */
    public static final int BTPROTO_L2CAP = 0, BTPROTO_HCI = 1, BTPROTO_SCO = 2, BTPROTO_RFCOMM = 3;

    /** This family's entry in the {@link AddressRegistry}. */
    static final AddressRegistry.Family FAMILY = new AddressRegistry.Family(AF_BLUETOOTH, BluetoothAddress::read);

    BluetoothAddress(long handle) {
        super(handle);
    }

    private static BluetoothAddress read(long h) throws IOException {
        int[] proto = new int[1];
        SxNative.sx_addr_bt_protocol(h, proto);
        switch (proto[0]) {
            case BTPROTO_L2CAP: return L2capAddress.read(h);
            case BTPROTO_RFCOMM: return RfcommAddress.read(h);
            case BTPROTO_HCI: return HciAddress.read(h);
            case BTPROTO_SCO: return ScoAddress.read(h);
            default: throw argument(SocketXErrors.SX_EARG, "unknown Bluetooth layout " + proto[0]);
        }
    }

    /** The device address of an L2CAP, RFCOMM or SCO handle. */
    static String bdaddr(long h) throws IOException {
        String[] out = new String[1];
        SxNative.sx_addr_bt_bdaddr(h, out);
        return out[0];
    }

    /**
     * From any Bluetooth text form: "l2cap:[bdaddr]:psm:cid:type", "rfcomm:...", "hci:...", "sco:...".
     *
     * @param text the address in its text form, as toString() writes it
     * @return the address
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static BluetoothAddress parse(String text) throws IOException {
        return parse(AF_BLUETOOTH, text, BluetoothAddress.class);
    }

    /** {@return BTPROTO_L2CAP, BTPROTO_RFCOMM, BTPROTO_HCI or BTPROTO_SCO: the layout} */
    public abstract int protocol();
}
