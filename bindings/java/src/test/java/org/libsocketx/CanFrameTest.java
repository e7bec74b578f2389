// SPDX-License-Identifier: MIT
package org.libsocketx;

import static org.junit.jupiter.api.Assertions.*;

import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CAN frames, CAN FD frames and BCM messages through the library's codecs; the AF_CAN socket calls. */
class CanFrameTest {
    @Test void classicFrame() throws Exception {
        CanFrame f = CanFrame.of(0x123, (byte) 1, (byte) 2, (byte) 3);
        assertFalse(f.isFd());
        byte[] raw = f.encode();
        assertEquals(CanFrame.CAN_MTU, raw.length);
        // struct can_frame: can_id (host order), len, pad, res0, len8_dlc, data[8]
        assertEquals(0x23, raw[java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN ? 0 : 3]);
        assertEquals(3, raw[4]);
        assertEquals(1, raw[8]);
        CanFrame back = CanFrame.decode(raw);
        assertEquals(f, back);
        assertArrayEquals(new byte[] {1, 2, 3}, back.data());
        assertEquals(0, back.flags());
        // Extended and remote ids keep their flag bits.
        CanFrame eff = CanFrame.of(0x1234567 | CanFrame.EFF_FLAG | CanFrame.RTR_FLAG);
        assertEquals(eff, CanFrame.decode(eff.encode()));
        assertEquals(0, CanFrame.decode(eff.encode()).data().length);
    }

    @Test void fdFrame() throws Exception {
        byte[] data = new byte[64];
        for (int i = 0; i < data.length; i++) data[i] = (byte) i;
        CanFrame f = new CanFrame(0x7ff, CanFrame.FDF | CanFrame.BRS, data);
        assertTrue(f.isFd());
        byte[] raw = f.encode();
        assertEquals(CanFrame.CANFD_MTU, raw.length);
        CanFrame back = CanFrame.decode(raw);
        assertEquals(f, back);
        assertEquals(CanFrame.FDF | CanFrame.BRS, back.flags());
        // More than 8 bytes makes an FD frame even without FDF; decode reports FDF.
        CanFrame implicit = new CanFrame(0x10, 0, new byte[12]);
        CanFrame implicitBack = CanFrame.decode(implicit.encode());
        assertEquals(CanFrame.FDF, implicitBack.flags() & CanFrame.FDF);
        assertEquals(12, implicitBack.data().length);
        // Lengths CAN FD has no DLC for, flags on a classic frame, frames of a wrong size.
        assertEquals(SocketXErrors.SX_EARG, SocketXErrors.status(assertThrows(IllegalArgumentException.class,
            () -> new CanFrame(1, 0, new byte[13]).encode())));
        assertThrows(IllegalArgumentException.class, () -> new CanFrame(1, CanFrame.BRS, new byte[2]).encode());
        assertThrows(IllegalArgumentException.class, () -> CanFrame.decode(new byte[15]));
        assertThrows(IllegalArgumentException.class, () -> CanFrame.decode(new byte[0]));
    }

    @Test void frameIsAValue() {
        byte[] d = {1, 2};
        CanFrame f = CanFrame.of(5, d);
        d[0] = 9;
        assertEquals(1, f.data()[0], "the frame keeps its own copy");
        f.data()[1] = 7;
        assertEquals(2, f.data()[1]);
        assertEquals(CanFrame.of(5, (byte) 1, (byte) 2).hashCode(), f.hashCode());
        assertEquals("CanFrame[id=0x5, data=0102]", f.toString());
    }

    @Test void bcmMessage() throws Exception {
        BcmMessage m = new BcmMessage(BcmMessage.TX_SETUP, BcmMessage.SETTIMER | BcmMessage.STARTTIMER, 3,
            Duration.ofMillis(10), Duration.ofSeconds(1), 0x123,
            List.of(CanFrame.of(0x123, (byte) 0xaa), CanFrame.of(0x123, (byte) 0xbb, (byte) 0xcc)));
        byte[] raw = m.encode();
        BcmMessage back = BcmMessage.decode(raw);
        assertEquals(m.opcode(), back.opcode());
        assertEquals(m.flags(), back.flags());
        assertEquals(3, back.count());
        assertEquals(Duration.ofMillis(10), back.interval1());
        assertEquals(Duration.ofSeconds(1), back.interval2());
        assertEquals(0x123, back.canId());
        assertEquals(m.frames(), back.frames());
        assertEquals(m, back);
        // No frames: just the header.
        BcmMessage del = new BcmMessage(BcmMessage.RX_DELETE, 0, 0, null, null, 0x42, null);
        assertEquals(del, BcmMessage.decode(del.encode()));
        assertTrue(del.encode().length < raw.length);
        // CAN FD frames with CAN_FD_FRAME.
        BcmMessage fd = new BcmMessage(BcmMessage.TX_SEND, BcmMessage.CAN_FD_FRAME, 0, null, null, 0x55,
            List.of(new CanFrame(0x55, CanFrame.FDF, new byte[20])));
        BcmMessage fdBack = BcmMessage.decode(fd.encode());
        assertEquals(fd.frames(), fdBack.frames());
        assertEquals(20, fdBack.frames().get(0).data().length);
        // Frames of the other size, a negative interval, a message cut short.
        assertThrows(IllegalArgumentException.class, () -> new BcmMessage(BcmMessage.TX_SEND, 0, 0, null, null, 1,
            List.of(new CanFrame(1, CanFrame.FDF, new byte[1]))).encode());
        assertEquals(SocketXErrors.SX_EOUTOFRANGE, SocketXErrors.status(assertThrows(IllegalArgumentException.class,
            () -> new BcmMessage(BcmMessage.TX_SETUP, 0, 0, Duration.ofSeconds(-1), null, 1, null).encode())));
        assertThrows(IllegalArgumentException.class, () -> BcmMessage.decode(java.util.Arrays.copyOf(raw, raw.length - 1)));
        assertThrows(IllegalArgumentException.class, () -> BcmMessage.decode(new byte[4]));
    }

    /** Many frames: the message is longer than the glue's first buffer, so the retry path runs. */
    @Test void bcmMessageLargerThanTheFirstBuffer() throws Exception {
        List<CanFrame> frames = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) frames.add(CanFrame.of(i, (byte) i));
        BcmMessage m = new BcmMessage(BcmMessage.TX_SETUP, 0, 0, null, null, 7, frames);
        byte[] raw = m.encode();
        assertTrue(raw.length > 1024, "length " + raw.length);
        assertEquals(m, BcmMessage.decode(raw));
    }

    /**
     * This kernel has no AF_CAN (no vcan module, no modprobe): a CAN socket fails with the
     * binding's error for EAFNOSUPPORT. Where it has AF_CAN, the option calls run for real.
     */
    @Test void canSocketsOrTheirAbsence() throws Exception {
        Socket raw;
        try {
            raw = Socket.open(CanAddress.AF_CAN, 3 /* SOCK_RAW */, CanAddress.CAN_RAW);
        } catch (SocketException e) {
            assertEquals(SocketX.errorCode("SX_EAFNOSUPPORT"), SocketXErrors.status(e), e.toString());
            org.junit.jupiter.api.Assumptions.assumeTrue(false, "this kernel lacks AF_CAN (needs the can/vcan modules)");
            return;
        }
        try (raw) {
            raw.setCanFilters(new CanFilter(0x123, CanFrame.SFF_MASK), new CanFilter(0x200 | CanFilter.INV_FILTER, 0x700));
            raw.setCanFilters();
            CanFilter[] many = new CanFilter[513];
            java.util.Arrays.fill(many, new CanFilter(1, 1));
            assertThrows(IllegalArgumentException.class, () -> raw.setCanFilters(many));
        }
        try (Socket iso = Socket.open(CanAddress.AF_CAN, SocketX.SOCK_DGRAM, CanAddress.CAN_ISOTP)) {
            iso.setIsoTpOptions(4, 0, 0, 0xcc, 0, 0);
            assertEquals(SocketXErrors.SX_EOUTOFRANGE, SocketXErrors.status(assertThrows(IllegalArgumentException.class,
                () -> iso.setIsoTpOptions(0, 0, 256, 0, 0, 0))));
        } catch (SocketException e) {
            assertEquals(SocketX.errorCode("SX_EPROTONOSUPPORT"), SocketXErrors.status(e), e.toString());
        }
    }

    /** The option calls check their arguments before the socket's family: reachable here too. */
    @Test void canOptionCallsOnAnotherSocket() throws Exception {
        try (Socket udp = Socket.open(SocketX.AF_INET, SocketX.SOCK_DGRAM)) {
            SocketException e = assertThrows(SocketException.class,
                () -> udp.setCanFilters(new CanFilter(1, 0x7ff)));
            assertTrue(SocketXErrors.status(e) < 0);
            assertThrows(Exception.class, () -> udp.setIsoTpOptions(0, 0, 0, 0, 0, 0));
            assertThrows(IllegalArgumentException.class, () -> udp.setIsoTpOptions(0, 0, 0, 0, 300, 0));
        }
    }
}
