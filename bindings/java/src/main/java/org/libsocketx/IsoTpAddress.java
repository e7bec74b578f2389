// SPDX-License-Identifier: MIT
package org.libsocketx;

import java.io.IOException;
import org.libsocketx.internal.SxNative;

/**
 * An AF_CAN address for CAN_ISOTP sockets: Python's (interface, rx_addr, tx_addr). The ids
 * are CAN ids (with CanFrame.EFF_FLAG for a 29-bit id), unsigned 32-bit in a Java int.
 * Text form "can-isotp:ifname:0xrx:0xtx".
 */
public final class IsoTpAddress extends CanAddress {
    private static final long serialVersionUID = 1L;

    private final transient int rxId;
    private final transient int txId;

    private IsoTpAddress(long handle, Interface i, int rxId, int txId) {
        super(handle, i.name(), i.index());
        this.rxId = rxId;
        this.txId = txId;
    }

    static IsoTpAddress read(long h) throws IOException {
        long[] rx = new long[1], tx = new long[1];
        SxNative.sx_addr_can_isotp_ids(h, rx, tx);
        return new IsoTpAddress(h, Interface.of(h), (int) rx[0], (int) tx[0]);
    }

    /**
     * A CAN_ISOTP address: an interface and the ids received on and sent with.
     *
     * @param ifname the interface name, e.g. "can0"
     * @param rxId the CAN id received on
     * @param txId the CAN id sent with
     * @return the address
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static IsoTpAddress of(String ifname, int rxId, int txId) throws IOException {
        return wrap(make(out -> SxNative.sx_addr_can_isotp(ifname, u32(rxId), u32(txId), out)), IsoTpAddress::read);
    }

    /**
     * From the text form "can-isotp:ifname:0xrx:0xtx".
     *
     * @param text the address in its text form, as toString() writes it
     * @return the address
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static IsoTpAddress parse(String text) throws IOException {
        return parse(AF_CAN, text, IsoTpAddress.class);
    }

    /** {@return the id received on} */
    public int rxId() { return rxId; }

    /** {@return the id sent with} */
    public int txId() { return txId; }

    @Override public int protocol() { return CAN_ISOTP; }
}
