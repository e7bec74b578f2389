// SPDX-License-Identifier: MIT
package org.libsocketx;

import static org.junit.jupiter.api.Assertions.*;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** sendmmsg/recvmmsg through Socket.sendBatch/receiveBatch, reusing the messages. */
class BatchTest {
    private static final int N = 16;

    @Test void udpBatchesReuseTheirMessages() throws Exception {
        Socket[] s = MessageTest.udpPair();
        try (Socket a = s[0]; Socket b = s[1]) {
            b.setSockOpt(SocketX.IPPROTO_IP, SocketX.IP_PKTINFO, true);
            Address to = b.localAddress(), from = a.localAddress();
            Message[] out = new Message[N], in = new Message[N];
            ByteBuffer[] outBuf = new ByteBuffer[N], inBuf = new ByteBuffer[N], inTail = new ByteBuffer[N];
            try {
                for (int i = 0; i < N; i++) {
                    outBuf[i] = ByteBuffer.allocateDirect(32);
                    out[i] = new Message().setBuffers(outBuf[i]).setAddress(to);
                    // Scatter: the first 4 bytes in one buffer, the rest in another.
                    inBuf[i] = ByteBuffer.allocateDirect(4);
                    inTail[i] = ByteBuffer.allocateDirect(60);
                    in[i] = new Message().setBuffers(inBuf[i], inTail[i]).setAncillaryBufferSize(64);
                }
                for (int round = 0; round < 3; round++) {
                    for (int i = 0; i < N; i++) {
                        outBuf[i].clear();
                        outBuf[i].put(String.format("r%d-message-%02d", round, i).getBytes(StandardCharsets.US_ASCII)).flip();
                        inBuf[i].clear();
                        inTail[i].clear();
                    }
                    int sent = a.sendBatch(out, 0);
                    assertEquals(N, sent, "loopback takes the whole batch");
                    for (int i = 0; i < N; i++) {
                        assertEquals(13, out[i].byteCount(), "\"r0-message-00\"");
                        assertFalse(outBuf[i].hasRemaining(), "positions advance by what was sent");
                    }
                    int got = 0;
                    while (got < N) got += b.receiveBatch(in, got, N - got, 0);
                    for (int i = 0; i < N; i++) {
                        Message m = in[i];
                        assertEquals(13, m.byteCount());
                        String text = MessageTest.text(inBuf[i]) + MessageTest.text(inTail[i]);
                        assertEquals(String.format("r%d-message-%02d", round, i), text);
                        assertEquals(from, m.address());
                        assertEquals(InetAddress.getByName("127.0.0.1"), m.packetInfo().orElseThrow().destination());
                    }
                }
                // A partial batch: an offset and a length.
                outBuf[0].clear().limit(5);
                assertEquals(1, a.sendBatch(out, 0, 1, 0));
                inBuf[3].clear();
                inTail[3].clear();
                assertEquals(1, b.receiveBatch(in, 3, 1, 0));
                assertEquals(5, in[3].byteCount());
                // Nothing queued: timeout mode times out.
                b.setTimeout(Duration.ofMillis(100));
                assertThrows(java.net.SocketTimeoutException.class, () -> b.receiveBatch(in, 0));
                b.setTimeout(Duration.ZERO);
                SocketXErrors.SocketError e = assertThrows(SocketXErrors.SocketError.class, () -> b.receiveBatch(in, 0));
                assertEquals(SocketXErrors.SX_EAGAIN, e.status());
                // An empty batch is a no-op.
                assertEquals(0, a.sendBatch(new Message[0], 0));
            } finally {
                for (Message m : out) if (m != null) m.close();
                for (Message m : in) if (m != null) m.close();
            }
        }
    }

    @Test void batchLimitsAreExceptions() throws Exception {
        Socket[] s = MessageTest.udpPair();
        try (Socket a = s[0]; Socket b = s[1]; Message m = new Message()) {
            m.setAddress(b.localAddress());
            // More buffers than UIO_MAXIOV in one message.
            ByteBuffer one = ByteBuffer.allocateDirect(1025);
            ByteBuffer[] many = new ByteBuffer[1025];
            for (int i = 0; i < many.length; i++) many[i] = one.slice(i, 1);
            m.setBuffers(many);
            assertThrows(java.io.IOException.class, () -> a.sendBatch(new Message[] {m}, 0));
            // More messages than the kernel takes in one call.
            m.setBuffers(ByteBuffer.allocateDirect(1));
            Message[] batch = new Message[1025];
            java.util.Arrays.fill(batch, m);
            assertThrows(java.io.IOException.class, () -> a.sendBatch(batch, 0));
            // Read-only buffers cannot receive.
            m.setBuffers(ByteBuffer.allocateDirect(4).asReadOnlyBuffer());
            assertThrows(java.nio.ReadOnlyBufferException.class, () -> b.receiveBatch(new Message[] {m}, 0));
            // The same message twice in one batch: the library claims each message for the
            // call, so the second claim fails (SX_EBUSY, "in another batch call").
            m.setBuffers(MessageTest.direct("tw"));
            java.io.IOException e = assertThrows(java.io.IOException.class, () -> a.sendBatch(new Message[] {m, m}, 0));
            assertEquals(-16, SocketXErrors.status(e), "SX_EBUSY");
            assertEquals(1, a.sendBatch(new Message[] {m}, 0), "the message is usable afterwards");
        }
    }

    @Test void batchOfDescriptorsOverAUnixDatagramPair() throws Exception {
        java.nio.file.Path f = MessageTest.tempFile("batch");
        try (SocketX.Pair p = SocketX.socketpair(SocketX.AF_UNIX, SocketX.SOCK_DGRAM, 0);
             java.io.FileInputStream file = new java.io.FileInputStream(f.toFile());
             Message o1 = new Message(); Message o2 = new Message(); Message i1 = new Message(); Message i2 = new Message()) {
            o1.setBuffers(MessageTest.direct("one")).addFileDescriptors(file.getFD());
            o2.setBuffers(MessageTest.direct("two"));
            assertEquals(2, p.first().sendBatch(new Message[] {o1, o2}, 0));
            i1.setBuffers(ByteBuffer.allocateDirect(8)).setAncillaryBufferSize(Socket.ancillarySpace(4));
            i2.setBuffers(ByteBuffer.allocateDirect(8)).setAncillaryBufferSize(Socket.ancillarySpace(4));
            p.second().setTimeout(Duration.ofSeconds(5));
            int got = p.second().receiveBatch(new Message[] {i1, i2}, 0);
            if (got == 1) got += p.second().receiveBatch(new Message[] {i2}, 0);
            assertEquals(2, got);
            assertEquals(1, i1.fileDescriptorCount());
            assertEquals(0, i2.fileDescriptorCount());
            try (java.io.FileInputStream r = new java.io.FileInputStream(i1.takeFileDescriptor(0))) {
                assertEquals("batch", new String(r.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }
}
