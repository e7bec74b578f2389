// SPDX-License-Identifier: MIT
package org.libsocketx;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.libsocketx.internal.SxNative;

/**
 * A CAN broadcast-manager message (struct bcm_msg_head and its frames) for a CAN_BCM socket,
 * encoded and decoded by the library: the opcode ({@link #TX_SETUP}...), the flags
 * ({@link #SETTIMER}..., {@link #CAN_FD_FRAME} for CAN FD frames), the count of frames sent
 * at interval1 before interval2 takes over, the CAN id and the frames. The intervals travel
 * in whole microseconds: finer parts of a Duration are dropped.
 */
public record BcmMessage(int opcode, int flags, int count, Duration interval1, Duration interval2, int canId,
                         List<CanFrame> frames) {
    /** Opcode TX_SETUP of linux/can/bcm.h. */
    public static final int TX_SETUP = 1;
    /** Opcode TX_DELETE of linux/can/bcm.h. */
    public static final int TX_DELETE = 2;
    /** Opcode TX_READ of linux/can/bcm.h. */
    public static final int TX_READ = 3;
    /** Opcode TX_SEND of linux/can/bcm.h. */
    public static final int TX_SEND = 4;
    /** Opcode RX_SETUP of linux/can/bcm.h. */
    public static final int RX_SETUP = 5;
    /** Opcode RX_DELETE of linux/can/bcm.h. */
    public static final int RX_DELETE = 6;
    /** Opcode RX_READ of linux/can/bcm.h. */
    public static final int RX_READ = 7;
    /** Opcode TX_STATUS of linux/can/bcm.h. */
    public static final int TX_STATUS = 8;
    /** Opcode TX_EXPIRED of linux/can/bcm.h. */
    public static final int TX_EXPIRED = 9;
    /** Opcode RX_STATUS of linux/can/bcm.h. */
    public static final int RX_STATUS = 10;
    /** Opcode RX_TIMEOUT of linux/can/bcm.h. */
    public static final int RX_TIMEOUT = 11;
    /** Opcode RX_CHANGED of linux/can/bcm.h. */
    public static final int RX_CHANGED = 12;
    /** Flag SETTIMER of linux/can/bcm.h. */
    public static final int SETTIMER = 0x1;
    /** Flag STARTTIMER of linux/can/bcm.h. */
    public static final int STARTTIMER = 0x2;
    /** Flag TX_COUNTEVT of linux/can/bcm.h. */
    public static final int TX_COUNTEVT = 0x4;
    /** Flag TX_ANNOUNCE of linux/can/bcm.h. */
    public static final int TX_ANNOUNCE = 0x8;
    /** Flag TX_CP_CAN_ID of linux/can/bcm.h. */
    public static final int TX_CP_CAN_ID = 0x10;
    /** Flag RX_FILTER_ID of linux/can/bcm.h. */
    public static final int RX_FILTER_ID = 0x20;
    /** Flag RX_CHECK_DLC of linux/can/bcm.h. */
    public static final int RX_CHECK_DLC = 0x40;
    /** Flag RX_NO_AUTOTIMER of linux/can/bcm.h. */
    public static final int RX_NO_AUTOTIMER = 0x80;
    /** Flag RX_ANNOUNCE_RESUME of linux/can/bcm.h. */
    public static final int RX_ANNOUNCE_RESUME = 0x100;
    /** Flag TX_RESET_MULTI_IDX of linux/can/bcm.h. */
    public static final int TX_RESET_MULTI_IDX = 0x200;
    /** Flag RX_RTR_FRAME of linux/can/bcm.h. */
    public static final int RX_RTR_FRAME = 0x400;
    /** Flag CAN_FD_FRAME of linux/can/bcm.h. */
    public static final int CAN_FD_FRAME = 0x800;

    /**
     * frames is copied; null intervals are zero.
     *
     * @param opcode the BCM opcode (TX_SETUP...)
     * @param flags the BCM flags (SETTIMER...)
     * @param count the number of frames sent at interval1
     * @param interval1 the interval of the first count frames (null: zero)
     * @param interval2 the interval after count frames (null: zero)
     * @param canId the CAN id
     * @param frames the CAN frames (copied)
     */
    public BcmMessage {
        interval1 = interval1 == null ? Duration.ZERO : interval1;
        interval2 = interval2 == null ? Duration.ZERO : interval2;
        frames = List.copyOf(frames == null ? List.of() : frames);
    }

    private static long micros(Duration d) {
        return d.getSeconds() * 1_000_000L + d.getNano() / 1000;
    }

    /**
     * The bytes a CAN_BCM socket reads. Frames must all be CAN FD frames when flags has
     * CAN_FD_FRAME, else classic ones (SX_EARG otherwise); a negative interval is SX_EOUTOFRANGE.
     *
     * @return the encoded message
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public byte[] encode() throws IOException {
        int size = (flags & CAN_FD_FRAME) != 0 ? CanFrame.CANFD_MTU : CanFrame.CAN_MTU;
        byte[] all = new byte[frames.size() * size];
        int at = 0;
        for (CanFrame f : frames) {
            byte[] e = f.encode();
            if (e.length != size) {
                throw Address.argument(SocketXErrors.SX_EARG, "BCM frames must all be "
                    + (size == CanFrame.CAN_MTU ? "classic CAN frames" : "CAN FD frames (flags has CAN_FD_FRAME)"));
            }
            System.arraycopy(e, 0, all, at, size);
            at += size;
        }
        ByteBuffer b = Buffers.get().copyIn(all, 0, all.length);
        byte[][] out = new byte[1][];
        SxNative.sx_can_bcm_encode(Address.u32(opcode), Address.u32(flags), Address.u32(count), micros(interval1),
            micros(interval2), Address.u32(canId), b, out);
        return out[0];
    }

    /**
     * Reads a message as a CAN_BCM socket returns it (SX_EARG when shorter than its header or frames).
     *
     * @param msg the encoded message (struct bcm_msg_head and its frames)
     * @return the decoded message
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static BcmMessage decode(byte[] msg) throws IOException {
        ByteBuffer b = Buffers.get().copyIn(msg, 0, msg.length);
        long[] opcode = new long[1], flags = new long[1], count = new long[1], i1 = new long[1], i2 = new long[1],
            id = new long[1], n = new long[1], off = new long[1];
        SxNative.sx_can_bcm_decode(b, opcode, flags, count, i1, i2, id, n, off);
        int size = (flags[0] & CAN_FD_FRAME) != 0 ? CanFrame.CANFD_MTU : CanFrame.CAN_MTU;
        List<CanFrame> frames = new ArrayList<>();
        for (long i = 0; i < n[0]; i++) frames.add(CanFrame.decode(msg, (int) (off[0] + i * size), size));
        return new BcmMessage((int) opcode[0], (int) flags[0], (int) count[0], Duration.ofNanos(i1[0] * 1000),
            Duration.ofNanos(i2[0] * 1000), (int) id[0], frames);
    }
}
