// SPDX-License-Identifier: MIT
package org.libsocketx;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SocketTest {
    private static byte[] bytes(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    @Test void socketpairByteArrays() throws Exception {
        try (SocketX.Pair p = SocketX.socketpair()) {
            assertEquals(5, p.first().send(bytes("hello")));
            assertArrayEquals(bytes("hello"), p.second().recv(100));
            byte[] src = bytes("xxabcxx");
            assertEquals(3, p.second().send(src, 2, 3, 0));
            byte[] dst = new byte[8];
            Arrays.fill(dst, (byte) '-');
            assertEquals(3, p.first().recv(dst, 4, 4, 0));
            assertEquals("----abc-", new String(dst, StandardCharsets.UTF_8));
            assertThrows(IndexOutOfBoundsException.class, () -> p.first().recv(dst, 6, 4, 0));
        }
    }

    @Test void directBuffersAreUsedInPlaceAndAdvance() throws Exception {
        try (SocketX.Pair p = SocketX.socketpair()) {
            ByteBuffer out = ByteBuffer.allocateDirect(16);
            out.put(bytes("0123456789")).flip();
            out.position(2);
            assertEquals(8, p.first().send(out));
            assertEquals(10, out.position());
            ByteBuffer in = ByteBuffer.allocateDirect(32);
            in.position(4);
            assertEquals(8, p.second().recv(in));
            assertEquals(12, in.position());
            in.flip().position(4);
            byte[] got = new byte[8];
            in.get(got);
            assertArrayEquals(bytes("23456789"), got);
        }
    }

    @Test void heapBuffersFallBackToCopies() throws Exception {
        try (SocketX.Pair p = SocketX.socketpair()) {
            ByteBuffer out = ByteBuffer.wrap(bytes("heap-data"));
            p.first().sendAll(out);
            assertFalse(out.hasRemaining());
            ByteBuffer ro = ByteBuffer.wrap(bytes("!ro")).asReadOnlyBuffer();
            assertEquals(3, p.first().send(ro, 0));
            ByteBuffer in = ByteBuffer.allocate(64);
            int n = 0;
            while (n < 12) n += p.second().recv(in, 0);
            assertEquals("heap-data!ro", new String(in.array(), 0, 12, StandardCharsets.UTF_8));
            assertEquals(12, in.position());
            // Receiving into a read-only buffer is refused before anything is consumed.
            p.first().send(bytes("kept"));
            assertThrows(java.nio.ReadOnlyBufferException.class,
                () -> p.second().recv(ByteBuffer.allocateDirect(8).asReadOnlyBuffer(), 0));
            assertArrayEquals(bytes("kept"), p.second().recv(4));
        }
    }

    @Test void sendAllMovesEverythingAndPeekLeavesData() throws Exception {
        try (SocketX.Pair p = SocketX.socketpair()) {
            byte[] big = new byte[1 << 20];
            for (int i = 0; i < big.length; i++) big[i] = (byte) i;
            Thread writer = new Thread(() -> {
                try {
                    p.first().sendAll(big);
                    ByteBuffer d = ByteBuffer.allocateDirect(3).put(bytes("end"));
                    d.flip();
                    p.first().sendAll(d, 0);
                    p.first().shutdownOutput();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            writer.start();
            byte[] got = new byte[big.length + 3];
            int n = 0;
            for (;;) {
                int r = p.second().recv(got, n, got.length - n, 0);
                if (r == 0) break;
                n += r;
            }
            writer.join(10_000);
            assertEquals(big.length + 3, n);
            assertArrayEquals(big, Arrays.copyOf(got, big.length));
            assertArrayEquals(bytes("end"), Arrays.copyOfRange(got, big.length, n));
        }
        try (SocketX.Pair p = SocketX.socketpair()) {
            p.first().send(bytes("peek"));
            byte[] b = new byte[4];
            assertEquals(4, p.second().recv(b, 0, 4, SocketX.MSG_PEEK));
            assertEquals(4, p.second().recv(b, 0, 4, 0));
            assertArrayEquals(bytes("peek"), b);
        }
    }

    /** sendAll's position counts what went also when it times out part way, direct or heap. */
    @Test void sendAllTimeoutAdvancesByWhatWent() throws Exception {
        for (boolean direct : new boolean[] {true, false}) {
            try (SocketX.Pair p = SocketX.socketpair()) {
                int size = 8 << 20; // far more than a socketpair buffers: nobody reads
                ByteBuffer out = direct ? ByteBuffer.allocateDirect(size + 5) : ByteBuffer.allocate(size + 5);
                out.position(5);
                p.first().setTimeout(java.time.Duration.ofMillis(100));
                assertThrows(java.net.SocketTimeoutException.class, () -> p.first().sendAll(out, 0));
                int went = out.position() - 5;
                assertTrue(went > 0 && went < size, "direct=" + direct + " went=" + went);
                p.second().setTimeout(java.time.Duration.ZERO);
                ByteBuffer in = ByteBuffer.allocateDirect(1 << 16);
                long got = 0;
                for (;;) {
                    in.clear();
                    try {
                        got += p.second().recv(in, 0);
                    } catch (SocketXErrors.SocketError e) {
                        break; // SX_EAGAIN: drained
                    }
                }
                assertEquals(went, got, "direct=" + direct);
            }
        }
    }

    @Test void sendAndSendToFromAnyPosition() throws Exception {
        try (Socket a = Socket.open(SocketX.AF_INET, SocketX.SOCK_DGRAM);
             Socket b = Socket.open(SocketX.AF_INET, SocketX.SOCK_DGRAM)) {
            a.bind(Address.inet("127.0.0.1", 0));
            Address to = a.localAddress();
            for (ByteBuffer d : new ByteBuffer[] {ByteBuffer.allocateDirect(16), ByteBuffer.allocate(16)}) {
                d.put(bytes("..datagram")).flip().position(2);
                assertEquals(8, b.sendTo(d, 0, to));
                assertEquals(10, d.position());
                ByteBuffer in = ByteBuffer.allocateDirect(32).position(3);
                assertEquals(8, a.recv(in, 0));
                assertEquals(11, in.position());
                assertEquals("datagram", StandardCharsets.UTF_8.decode(in.flip().position(3)).toString());
            }
            ByteBuffer empty = ByteBuffer.allocateDirect(4).position(4);
            assertEquals(0, b.sendTo(empty, 0, to));
            assertEquals(0, a.recv(new byte[4], 0, 4, 0));
        }
    }

    @Test void tcpLoopbackConnection() throws Exception {
        try (Socket l = TestUtil.tcpListener(); Socket c = Socket.open(SocketX.AF_INET, SocketX.SOCK_STREAM)) {
            Address where = l.localAddress();
            assertEquals("127.0.0.1", where.host());
            c.connect(where);
            Socket.Accepted a = l.accept();
            try (Socket s = a.socket()) {
                assertEquals(c.localAddress(), a.address());
                assertEquals(where, c.remoteAddress());
                assertEquals(s.remoteAddress(), c.localAddress());
                c.setSockOpt(SocketX.IPPROTO_TCP, SocketX.TCP_NODELAY, 1);
                assertNotEquals(0, c.getSockOpt(SocketX.IPPROTO_TCP, SocketX.TCP_NODELAY));
                c.sendAll(bytes("ping"));
                assertArrayEquals(bytes("ping"), s.recv(4));
                s.shutdown(SocketX.SHUT_WR);
                assertEquals(0, c.recv(new byte[4])); // end of stream
                assertEquals(SocketX.AF_INET, s.family());
                assertEquals(SocketX.SOCK_STREAM, s.type());
                assertEquals(0, s.proto());
            }
        }
    }

    @Test void connectExReportsOutcome() throws Exception {
        try (Socket l = TestUtil.tcpListener(); Socket c = Socket.open(SocketX.AF_INET, SocketX.SOCK_STREAM)) {
            assertEquals(0, c.connectEx(l.localAddress()));
            l.accept().socket().close();
        }
        try (Socket c = Socket.open(SocketX.AF_INET, SocketX.SOCK_STREAM)) {
            assertEquals(SocketXErrors.SX_ECONNREFUSED, c.connectEx(Address.inet("127.0.0.1", TestUtil.closedPort())));
        }
    }

    @Test void udpSendToRecvFrom() throws Exception {
        try (Socket a = Socket.open(SocketX.AF_INET, SocketX.SOCK_DGRAM);
             Socket b = Socket.open(SocketX.AF_INET, SocketX.SOCK_DGRAM)) {
            a.bind(Address.inet("127.0.0.1", 0));
            b.bind(Address.inet("127.0.0.1", 0));
            assertEquals(5, b.sendTo(bytes("dgram"), a.localAddress()));
            byte[] buf = new byte[64];
            Socket.Received r = a.recvFrom(buf);
            assertEquals(5, r.count());
            assertEquals(b.localAddress(), r.address());
            ByteBuffer d = ByteBuffer.allocateDirect(2).put(bytes("zz"));
            d.flip();
            assertEquals(2, b.sendTo(d, 0, a.localAddress()));
            assertEquals(2, d.position());
            assertEquals(3, b.sendTo(bytes("-x-y-"), 1, 3, 0, a.localAddress()));
            ByteBuffer in = ByteBuffer.allocateDirect(16);
            Socket.Received r2 = a.recvFrom(in, 0);
            assertEquals(2, r2.count());
            assertEquals(2, in.position());
            ByteBuffer heap = ByteBuffer.allocate(16);
            Socket.Received r3 = a.recvFrom(heap, 0);
            assertEquals("x-y", new String(heap.array(), 0, r3.count(), StandardCharsets.UTF_8));
            assertEquals(b.localAddress(), r3.address());
        }
    }

    @Test void unixPathAndAbstractSockets() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("sxj");
        String path = dir.resolve("s.sock").toString();
        try (Socket l = Socket.open(SocketX.AF_UNIX, SocketX.SOCK_STREAM);
             Socket c = Socket.open(SocketX.AF_UNIX, SocketX.SOCK_STREAM)) {
            l.bind(Address.unix(path));
            l.listen(4);
            c.connect(Address.unix(path));
            try (Socket s = l.accept().socket()) {
                assertEquals(path, l.localAddress().toString());
                c.send(bytes("u"));
                assertArrayEquals(bytes("u"), s.recv(1));
            }
        } finally {
            java.nio.file.Files.deleteIfExists(dir.resolve("s.sock"));
            java.nio.file.Files.delete(dir);
        }
        try (Socket l = Socket.open(SocketX.AF_UNIX, SocketX.SOCK_DGRAM)) {
            Address abs = Address.unixAbstract("sxj-test-" + ProcessHandle.current().pid());
            l.bind(abs);
            assertEquals(abs, l.localAddress());
            assertTrue(l.localAddress().toString().startsWith("@sxj-test-"));
        }
    }

    @Test void optionsIntBytesAndNull() throws Exception {
        try (Socket s = Socket.open(SocketX.AF_INET, SocketX.SOCK_STREAM)) {
            assertEquals(SocketX.SOCK_STREAM, s.getSockOpt(SocketX.SOL_SOCKET, SocketX.SO_TYPE));
            s.setSockOpt(SocketX.SOL_SOCKET, SocketX.SO_REUSEADDR, ByteBuffer.allocate(4)
                .order(java.nio.ByteOrder.nativeOrder()).putInt(1).array());
            byte[] raw = s.getSockOpt(SocketX.SOL_SOCKET, SocketX.SO_REUSEADDR, 4);
            assertEquals(4, raw.length);
            assertEquals(1, ByteBuffer.wrap(raw).order(java.nio.ByteOrder.nativeOrder()).getInt());
            assertEquals(2, s.getSockOpt(SocketX.SOL_SOCKET, SocketX.SO_REUSEADDR, 2).length);
            assertThrows(IllegalArgumentException.class, () -> s.getSockOpt(SocketX.SOL_SOCKET, SocketX.SO_TYPE, 0));
            // A NULL option value is only meaningful for AF_ALG; on TCP the kernel refuses it.
            SocketXErrors.SocketError e = assertThrows(SocketXErrors.SocketError.class,
                () -> s.setSockOptNull(SocketX.SOL_SOCKET, SocketX.SO_REUSEADDR, 4));
            assertTrue(e.status() < 0 && e.status() > -1000, e.getMessage());
        }
    }

    @Test void descriptorsDupDetachAdoptFromFd() throws Exception {
        try (SocketX.Pair p = SocketX.socketpair()) {
            int fd = p.first().fileno();
            assertTrue(fd > 2);
            assertFalse(p.first().isInheritable());
            p.first().setInheritable(true);
            assertTrue(p.first().isInheritable());
            p.first().setInheritable(false);
            try (Socket d = p.first().dup()) {
                assertNotEquals(fd, d.fileno());
                d.send(bytes("d"));
                assertArrayEquals(bytes("d"), p.second().recv(1));
            }
            try (Socket f = SocketX.fromFd(fd)) {
                assertEquals(SocketX.AF_UNIX, f.family());
                assertNotEquals(fd, f.fileno());
            }
            int detached = p.second().detach();
            assertTrue(p.second().isClosed());
            try (Socket adopted = SocketX.adopt(detached)) {
                assertEquals(detached, adopted.fileno());
                assertEquals(SocketX.SOCK_STREAM, adopted.type());
                p.first().send(bytes("a"));
                assertArrayEquals(bytes("a"), adopted.recv(1));
            }
            try (Socket explicit = SocketX.fromFd(fd, SocketX.AF_UNIX, SocketX.SOCK_STREAM, 0)) {
                assertEquals(0, explicit.proto());
            }
        }
    }

    @Test void accessorsAfterCloseThrowClosed() throws Exception {
        Socket s = Socket.open(SocketX.AF_UNIX, SocketX.SOCK_DGRAM);
        s.close();
        assertTrue(s.isClosed());
        assertEquals("Socket[closed]", s.toString());
        assertThrows(SocketXErrors.ClosedError.class, s::fileno);
    }
}
