// SPDX-License-Identifier: MIT
package org.libsocketx;

import java.io.IOException;
import org.libsocketx.internal.SxNative;

/**
 * An AF_CAN address for CAN_J1939 sockets: Python's (interface, name, pgn, addr). name is
 * the 64-bit ECU NAME, pgn the parameter group number (unsigned 32-bit in a Java int), addr
 * the 8-bit address 0..255. Text form "can-j1939:ifname:0xname:0xpgn:addr".
 */
public final class J1939Address extends CanAddress {
    private static final long serialVersionUID = 1L;

    /** J1939_NO_NAME, J1939_NO_PGN, J1939_NO_ADDR and J1939_IDLE_ADDR. */
    public static final long NO_NAME = 0;
    /** J1939_NO_PGN of linux/can/j1939.h. */
    public static final int NO_PGN = 0x40000;
    /** J1939_NO_ADDR of linux/can/j1939.h. */
    public static final int NO_ADDR = 0xFF;
    /** J1939_IDLE_ADDR of linux/can/j1939.h. */
    public static final int IDLE_ADDR = 0xFE;

    private final transient long name;
    private final transient int pgn;
    private final transient int address;

    private J1939Address(long handle, Interface i, long name, int pgn, int address) {
        super(handle, i.name(), i.index());
        this.name = name;
        this.pgn = pgn;
        this.address = address;
    }

    static J1939Address read(long h) throws IOException {
        long[] name = new long[1], pgn = new long[1];
        int[] addr = new int[1];
        SxNative.sx_addr_can_j1939_fields(h, name, pgn, addr);
        return new J1939Address(h, Interface.of(h), name[0], (int) pgn[0], addr[0]);
    }

    /**
     * addr outside 0..255 is an IllegalArgumentException (SX_EOUTOFRANGE).
     *
     * @param ifname the interface name, e.g. "can0"
     * @param name the 64-bit ECU NAME
     * @param pgn the parameter group number, or NO_PGN
     * @param address the 8-bit address
     * @return the address
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static J1939Address of(String ifname, long name, int pgn, int address) throws IOException {
        return wrap(make(out -> SxNative.sx_addr_can_j1939(ifname, name, u32(pgn), address, out)), J1939Address::read);
    }

    /**
     * From the text form "can-j1939:ifname:0xname:0xpgn:addr".
     *
     * @param text the address in its text form, as toString() writes it
     * @return the address
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static J1939Address parse(String text) throws IOException {
        return parse(AF_CAN, text, J1939Address.class);
    }

    /** {@return the 64-bit ECU NAME} */
    public long name() { return name; }

    /**
     * The parameter group number, or NO_PGN.
     *
     * @return the PGN
     */
    public int pgn() { return pgn; }

    /** {@return the 8-bit address} */
    public int address() { return address; }

    @Override public int protocol() { return CAN_J1939; }
}
