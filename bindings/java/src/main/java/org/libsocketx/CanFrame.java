// SPDX-License-Identifier: MIT
package org.libsocketx;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.libsocketx.internal.SxNative;

/**
 * A CAN or CAN FD frame: the id (with its EFF/RTR/ERR flag bits, unsigned 32-bit in a Java
 * int), the CAN FD flags (0 for a classic frame) and the data. {@link #encode()} gives the
 * kernel's bytes for a CAN_RAW socket (16 bytes, or 72 for CAN FD: with {@link #FDF} in the
 * flags or more than 8 data bytes), {@link #decode} reads them, both through the library, so
 * nobody packs struct can_frame by hand.
 */
public record CanFrame(int id, int flags, byte[] data) {
    /** The sizes of struct can_frame and struct canfd_frame. */
    public static final int CAN_MTU = 16, CANFD_MTU = 72;
    /** Flag bits of the id. */
    public static final int EFF_FLAG = 0x80000000, RTR_FLAG = 0x40000000, ERR_FLAG = 0x20000000;
    /** Masks of standard (11-bit) and extended (29-bit) ids. */
    public static final int SFF_MASK = 0x7FF, EFF_MASK = 0x1FFFFFFF;
    /** CAN FD flags: bit rate switch, error state indicator, FD frame. */
    public static final int BRS = 1, ESI = 2, FDF = 4;

    /**
     * data is copied; null means no data.
     *
     * @param id the CAN id, with EFF_FLAG, RTR_FLAG or ERR_FLAG as needed
     * @param flags the CAN FD flags (BRS, ESI, FDF)
     * @param data the data bytes (copied)
     */
    public CanFrame {
        data = data == null ? new byte[0] : data.clone();
    }

    /**
     * A classic frame.
     *
     * @param id the CAN id, with EFF_FLAG, RTR_FLAG or ERR_FLAG as needed
     * @param data the data bytes (copied)
     * @return the frame
     */
    public static CanFrame of(int id, byte... data) {
        return new CanFrame(id, 0, data);
    }

    /** {@return a copy of the data} */
    @Override public byte[] data() { return data.clone(); }

    /** {@return whether this is a CAN FD frame (encoded as CANFD_MTU bytes)} */
    public boolean isFd() { return (flags & FDF) != 0 || data.length > 8; }

    /**
     * The kernel's bytes. A length CAN FD has no DLC for, or FD flags on a frame of up to 8
     * bytes without FDF, is an IllegalArgumentException (SX_EARG).
     *
     * @return the encoded frame, CAN_MTU or CANFD_MTU bytes
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public byte[] encode() throws IOException {
        ByteBuffer d = Buffers.get().copyIn(data, 0, data.length);
        byte[][] out = new byte[1][];
        SxNative.sx_can_frame_encode(Address.u32(id), Address.u32(flags), d, out);
        return out[0];
    }

    /**
     * Reads a frame of CAN_MTU or CANFD_MTU bytes (SX_EARG for any other length).
     *
     * @param frame the encoded frame (struct can_frame or canfd_frame bytes)
     * @return the decoded frame
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static CanFrame decode(byte[] frame) throws IOException {
        return decode(frame, 0, frame.length);
    }

    /**
     * Reads the frame in frame[off, off+len).
     *
     * @param frame the encoded frame (struct can_frame or canfd_frame bytes)
     * @param off the offset of the frame in the array
     * @param len the length of the frame
     * @return the decoded frame
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static CanFrame decode(byte[] frame, int off, int len) throws IOException {
        ByteBuffer f = Buffers.get().copyIn(frame, off, len);
        long[] id = new long[1], flags = new long[1];
        byte[][] data = new byte[1][];
        SxNative.sx_can_frame_decode(f, id, flags, data);
        return new CanFrame((int) id[0], (int) flags[0], data[0]);
    }

    @Override public boolean equals(Object o) {
        return o instanceof CanFrame f && f.id == id && f.flags == flags && java.util.Arrays.equals(f.data, data);
    }

    @Override public int hashCode() {
        return 31 * (31 * id + flags) + java.util.Arrays.hashCode(data);
    }

    @Override public String toString() {
        StringBuilder b = new StringBuilder("CanFrame[id=0x").append(Integer.toHexString(id));
        if (flags != 0) b.append(", flags=").append(flags);
        b.append(", data=");
        for (byte x : data) b.append(String.format("%02x", x & 0xFF));
        return b.append(']').toString();
    }
}
