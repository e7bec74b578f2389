// SPDX-License-Identifier: MIT
package org.libsocketx;

import static org.junit.jupiter.api.Assertions.*;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** sendmsg/recvmsg with ancillary data: scatter/gather, descriptors, credentials, typed items. */
class MessageTest {
    static ByteBuffer direct(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        ByteBuffer d = ByteBuffer.allocateDirect(b.length);
        d.put(b).flip();
        return d;
    }

    static String text(ByteBuffer b) {
        ByteBuffer f = b.duplicate().flip();
        byte[] a = new byte[f.remaining()];
        f.get(a);
        return new String(a, StandardCharsets.UTF_8);
    }

    /** Two UDP sockets on 127.0.0.1, the second with a 5 s timeout. */
    static Socket[] udpPair() throws IOException {
        Socket a = Socket.open(SocketX.AF_INET, SocketX.SOCK_DGRAM);
        Socket b = Socket.open(SocketX.AF_INET, SocketX.SOCK_DGRAM);
        a.bind(Address.inet("127.0.0.1", 0));
        b.bind(Address.inet("127.0.0.1", 0));
        a.setTimeout(Duration.ofSeconds(5));
        b.setTimeout(Duration.ofSeconds(5));
        return new Socket[] {a, b};
    }

    static Path tempFile(String content) throws IOException {
        Path p = Files.createTempFile("sxj-msg", ".txt");
        Files.writeString(p, content);
        p.toFile().deleteOnExit();
        return p;
    }

    @Test void gatherAndScatterDirectAndHeap() throws Exception {
        try (SocketX.Pair p = SocketX.socketpair(SocketX.AF_UNIX, SocketX.SOCK_DGRAM, 0)) {
            ByteBuffer[] out = {direct("hello, "), ByteBuffer.wrap("scatter ".getBytes(StandardCharsets.UTF_8)), direct("world")};
            assertEquals(20, p.first().sendMessage(out, null));
            for (ByteBuffer b : out) assertFalse(b.hasRemaining(), "positions advance by what was sent");

            // Direct buffers: filled in place, in order.
            ByteBuffer a = ByteBuffer.allocateDirect(5), b = ByteBuffer.allocateDirect(100);
            try (Message m = p.second().receiveMessage(new ByteBuffer[] {a, b}, 0, 0)) {
                assertEquals(20, m.byteCount());
                assertEquals(0, m.itemCount());
                assertEquals(0, m.flags());
                assertEquals("hello", text(a));
                assertEquals(", scatter world", text(b));
            }
            // Heap buffers (copied through a direct one), and truncation reported.
            p.first().sendMessage(new ByteBuffer[] {direct("0123456789")}, null);
            ByteBuffer h1 = ByteBuffer.allocate(3), h2 = ByteBuffer.allocate(4);
            try (Message m = p.second().receiveMessage(new ByteBuffer[] {h1, h2}, 0, 0)) {
                assertEquals(7, m.byteCount());
                assertTrue(m.isTruncated(), "MSG_TRUNC: the datagram was longer");
                assertEquals("012", text(h1));
                assertEquals("3456", text(h2));
            }
            // byte[] convenience and an empty buffer list
            p.first().sendMessage("xyz".getBytes(StandardCharsets.UTF_8), null);
            ByteBuffer r = ByteBuffer.allocate(8);
            try (Message m = p.second().receiveMessage(r, 0)) {
                assertEquals("xyz", text(r));
                assertNull(m.address(), "an unbound AF_UNIX sender has no address");
            }
        }
    }

    @Test void descriptorsInOneProcess() throws Exception {
        Path f = tempFile("passed by descriptor\n");
        try (SocketX.Pair p = SocketX.socketpair(); FileInputStream in = new FileInputStream(f.toFile())) {
            p.second().setTimeout(Duration.ofSeconds(5));
            assertEquals(1, p.first().sendFileDescriptors(direct("F"), in.getFD()));
            ByteBuffer buf = ByteBuffer.allocate(16);
            FileDescriptor got;
            try (Message m = p.second().receiveFileDescriptors(buf, 4, 0)) {
                assertEquals(1, buf.position());
                assertEquals(1, m.fileDescriptorCount());
                got = m.takeFileDescriptor(0);
                assertTrue(got.valid());
                // close-on-exec, as the library promises
                int fd = SxFds.number(got);
                assertTrue(SxFds.isCloexec(fd), "received descriptors are close-on-exec");
                assertThrows(IllegalArgumentException.class, () -> m.takeFd(0), "a second take");
                assertThrows(IllegalArgumentException.class, () -> m.takeFd(1), "no such descriptor");
            }
            try (FileInputStream r = new FileInputStream(got)) {
                assertEquals("passed by descriptor\n", new String(r.readAllBytes(), StandardCharsets.UTF_8));
            }
            assertFalse(got.valid(), "FileInputStream.close closed the taken descriptor");

            // The general form: a Message with an SCM_RIGHTS item, several descriptors.
            try (Message anc = new Message().addFileDescriptors(in.getFD(), in.getFD())) {
                p.first().sendMessage(new ByteBuffer[] {direct("two")}, anc);
            }
            ByteBuffer b2 = ByteBuffer.allocateDirect(16);
            try (Message m = p.second().receiveMessage(new ByteBuffer[] {b2}, Socket.ancillarySpace(4 * 4), 0)) {
                assertEquals("two", text(b2));
                assertEquals(1, m.itemCount());
                Message.Item item = m.item(0);
                assertEquals(SocketX.SOL_SOCKET, item.level());
                assertEquals(SocketX.SCM_RIGHTS, item.type());
                assertEquals(8, item.data().length);
                List<FileDescriptor> fds = m.takeFileDescriptors();
                assertEquals(2, fds.size());
                for (FileDescriptor d : fds) new FileInputStream(d).close();
                assertEquals(List.of(), m.takeFileDescriptors(), "all taken already");
            }
        }
    }

    @Test void truncatedDescriptorsAreClosedNotLeaked() throws Exception {
        Path f = tempFile("x");
        try (SocketX.Pair p = SocketX.socketpair(SocketX.AF_UNIX, SocketX.SOCK_DGRAM, 0);
             FileInputStream in = new FileInputStream(f.toFile())) {
            // Counted by what they refer to: the JVM may open a jar meanwhile.
            int before = TestUtil.descriptorsTo(f);
            assertEquals(1, before, "only the FileInputStream refers to the file");
            FileDescriptor fd = in.getFD();
            p.first().sendFileDescriptors(direct("5"), fd, fd, fd, fd, fd);
            try (Message m = p.second().receiveFileDescriptors(ByteBuffer.allocate(4), 1, 0)) {
                assertTrue(m.isControlTruncated(), "MSG_CTRUNC: more descriptors than room");
                // The control buffer is CMSG_LEN(maxfds * 4), as Python sizes it: exactly
                // maxfds arrive (CMSG_SPACE's padding would let a second one in).
                assertEquals(1, m.fileDescriptorCount());
            }
            assertEquals(before, TestUtil.descriptorsTo(f), "descriptors left open");
        }
    }

    @Test void credentialsAndPeerCredentials() throws Exception {
        Credentials self = Credentials.self();
        assertEquals(ProcessHandle.current().pid(), self.pid());
        try (SocketX.Pair p = SocketX.socketpair()) {
            assertEquals(self, p.first().peerCredentials());
            assertEquals(self, p.second().peerCredentials());
            p.second().setSockOpt(SocketX.SOL_SOCKET, SocketX.SO_PASSCRED, true);
            try (Message anc = new Message().addCredentials(self)) {
                p.first().sendMessage(new ByteBuffer[] {direct("c")}, anc);
            }
            try (Message m = p.second().receiveMessage(new ByteBuffer[] {ByteBuffer.allocate(4)}, 64, 0)) {
                assertEquals(self, m.credentials().orElseThrow());
                int i = m.find(SocketX.SOL_SOCKET, SocketX.SCM_CREDENTIALS);
                assertEquals(self, m.credentials(i));
                assertEquals(-1, m.find(SocketX.SOL_SOCKET, SocketX.SCM_RIGHTS));
                assertThrows(IllegalArgumentException.class, () -> m.packetInfo(i), "not a packet info item");
                assertThrows(IllegalArgumentException.class, () -> m.timestamp(i), "not a timestamp");
            }
            // Another process's pid is refused by the kernel for an unprivileged sender.
            if (self.uid() != 0) {
                try (Message anc = new Message().addCredentials(new Credentials(1, self.uid(), self.gid()))) {
                    assertThrows(IOException.class, () -> p.first().sendMessage(new ByteBuffer[] {direct("c")}, anc));
                }
            }
        }
        try (Socket u = Socket.open(SocketX.AF_UNIX, SocketX.SOCK_STREAM)) {
            assertEquals(0, u.peerCredentials().pid(), "not connected: Linux reports no process");
        }
        Socket t = Socket.open(SocketX.AF_UNIX, SocketX.SOCK_STREAM);
        t.close();
        assertThrows(SocketXErrors.ClosedError.class, t::peerCredentials);
    }

    @Test void packetInfoAndTtlOverUdpLoopback() throws Exception {
        Socket[] s = udpPair();
        try (Socket a = s[0]; Socket b = s[1]) {
            b.setSockOpt(SocketX.IPPROTO_IP, SocketX.IP_PKTINFO, true);
            b.setSockOpt(SocketX.IPPROTO_IP, SocketX.IP_RECVTTL, true);
            InetAddress lo = InetAddress.getByName("127.0.0.1");
            try (Message anc = new Message().addPacketInfo(0, lo).addInt(SocketX.IPPROTO_IP, SocketX.IP_TTL, 7)) {
                assertEquals(4, a.sendMessage(new ByteBuffer[] {direct("ping")}, anc, 0, b.localAddress()));
            }
            ByteBuffer in = ByteBuffer.allocateDirect(64);
            try (Message m = b.receiveMessage(new ByteBuffer[] {in}, 256, 0)) {
                assertEquals("ping", text(in));
                assertEquals(a.localAddress(), m.address());
                Message.PacketInfo pi = m.packetInfo().orElseThrow();
                assertEquals(lo, pi.destination());
                assertEquals(lo, pi.local());
                assertTrue(pi.interfaceIndex() > 0, "the loopback interface");
                int ttl = m.find(SocketX.IPPROTO_IP, SocketX.IP_TTL);
                assertTrue(ttl >= 0, "IP_TTL item");
                assertEquals(7, m.intValue(ttl));
                assertEquals(4, m.item(ttl).data().length, "a C int");
                assertEquals(2, m.items().size());
                assertThrows(IllegalArgumentException.class, () -> m.item(2), "no such item");
                assertThrows(IllegalArgumentException.class, () -> m.credentials(ttl), "not credentials");
            }
            // Too large for IP_TTL's C int.
            try (Message anc = new Message()) {
                assertThrows(IllegalArgumentException.class, () -> anc.addInt(SocketX.IPPROTO_IP, SocketX.IP_TTL, 1L << 40));
            }
        }
    }

    @Test void timestampItem() throws Exception {
        Socket[] s = udpPair();
        try (Socket a = s[0]; Socket b = s[1]) {
            b.setSockOpt(SocketX.SOL_SOCKET, SocketX.SO_TIMESTAMPNS, true);
            Instant before = Instant.now();
            a.sendTo("t".getBytes(StandardCharsets.UTF_8), b.localAddress());
            try (Message m = b.receiveMessage(new ByteBuffer[] {ByteBuffer.allocate(4)}, 64, 0)) {
                int i = m.find(SocketX.SOL_SOCKET, SocketX.SO_TIMESTAMPNS);
                assertTrue(i >= 0, "SCM_TIMESTAMPNS item: " + m.items());
                Instant t = m.timestamp(i);
                assertTrue(Math.abs(Duration.between(before, t).toMillis()) < 5000, "timestamp " + t + " vs " + before);
            }
        }
    }

    @Test void extendedErrorFromTheErrorQueue() throws Exception {
        try (Socket a = Socket.open(SocketX.AF_INET, SocketX.SOCK_DGRAM)) {
            a.setTimeout(Duration.ofSeconds(5));
            a.setSockOpt(SocketX.IPPROTO_IP, SocketX.IP_RECVERR, true);
            a.connect(Address.inet("127.0.0.1", TestUtil.closedPort()));
            a.send("lost".getBytes(StandardCharsets.UTF_8));
            ByteBuffer in = ByteBuffer.allocate(64);
            try (Message m = a.receiveMessage(new ByteBuffer[] {in}, 512, SocketX.MSG_ERRQUEUE)) {
                assertTrue((m.flags() & SocketX.MSG_ERRQUEUE) != 0);
                int i = m.find(SocketX.IPPROTO_IP, SocketX.IP_RECVERR);
                assertTrue(i >= 0, "IP_RECVERR item: " + m.items());
                Message.ExtendedError e = m.extendedError(i);
                assertEquals(SocketXErrors.SX_ECONNREFUSED, e.status());
                assertEquals(SocketX.SO_EE_ORIGIN_ICMP, e.origin());
                assertEquals(3, e.type(), "ICMP destination unreachable");
                assertEquals(3, e.code(), "port unreachable");
                assertNotNull(e.offender());
                assertEquals("127.0.0.1", e.offender().host());
                assertEquals("lost", text(in), "the error queue returns the datagram");
            }
        }
    }

    @Test void rawItemsAndSpaceHelpers() throws Exception {
        assertTrue(Socket.ancillarySpace(4) >= 16);
        try (SocketX.Pair p = SocketX.socketpair(SocketX.AF_UNIX, SocketX.SOCK_DGRAM, 0);
             FileInputStream in = new FileInputStream(tempFile("raw").toFile())) {
            // An SCM_RIGHTS item built by hand: the descriptor number in native byte order.
            int fd = SxFds.number(in.getFD());
            ByteBuffer n = ByteBuffer.allocate(4).order(java.nio.ByteOrder.nativeOrder()).putInt(fd);
            try (Message anc = new Message().add(SocketX.SOL_SOCKET, SocketX.SCM_RIGHTS, n.array())) {
                assertEquals(1, anc.itemCount());
                assertEquals(SocketX.SCM_RIGHTS, anc.item(0).type());
                p.first().sendMessage(new ByteBuffer[] {direct("r")}, anc);
            }
            try (Message m = p.second().receiveMessage(new ByteBuffer[] {ByteBuffer.allocate(4)}, 64, 0)) {
                assertEquals(1, m.fileDescriptorCount());
                // Not taken: close() closes it.
            }
        }
    }

    @Test void badInputIsAnExceptionNotACrash() throws Exception {
        Message closed = new Message();
        closed.close();
        closed.close(); // idempotent
        assertTrue(closed.isClosed());
        assertThrows(SocketXErrors.ClosedError.class, () -> closed.addInt(SocketX.IPPROTO_IP, SocketX.IP_TTL, 1));
        assertThrows(SocketXErrors.ClosedError.class, closed::byteCount);

        try (Message m = new Message(); SocketX.Pair p = SocketX.socketpair()) {
            assertThrows(IllegalArgumentException.class, () -> m.addFds(new int[254]), "more than SCM_MAX_FD");
            assertThrows(IOException.class, () -> m.addFds(987654), "not an open descriptor");
            assertThrows(IllegalArgumentException.class, () -> m.addFileDescriptors(new FileDescriptor()), "invalid FileDescriptor");
            assertThrows(IllegalArgumentException.class, () -> m.item(0));
            assertThrows(IllegalArgumentException.class, () -> m.intValue(0));
            assertThrows(IllegalArgumentException.class, () -> m.takeFd(0));
            assertThrows(IllegalArgumentException.class, () -> m.setBuffers(ByteBuffer.allocate(4)), "heap buffer in a batch");
            assertThrows(IllegalArgumentException.class, () -> m.setAncillaryBufferSize(-1));
            Socket s = p.first();
            s.setTimeout(Duration.ofSeconds(2)); // a regression fails instead of hanging
            assertThrows(IllegalArgumentException.class, () -> s.sendMessage(new ByteBuffer[] {null}, null));
            assertThrows(IllegalArgumentException.class, () -> s.receiveMessage(new ByteBuffer[] {ByteBuffer.allocate(1)}, -1, 0));
            assertThrows(java.nio.ReadOnlyBufferException.class,
                () -> s.receiveMessage(new ByteBuffer[] {ByteBuffer.allocate(1).asReadOnlyBuffer()}, 0, 0));
            // More buffers than the kernel's UIO_MAXIOV.
            ByteBuffer one = ByteBuffer.allocateDirect(1025);
            ByteBuffer[] many = new ByteBuffer[1025];
            for (int i = 0; i < many.length; i++) many[i] = one.slice(i, 1);
            assertThrows(IOException.class, () -> s.sendMessage(many, null));
            assertThrows(IllegalArgumentException.class, () -> s.sendFile(new FileDescriptor(), 0, 0));
            assertThrows(IllegalArgumentException.class, () -> s.receiveFileDescriptors(ByteBuffer.allocate(1), 254, 0));
            assertThrows(IllegalArgumentException.class, () -> s.sendBatch(new Message[] {null}, 0));
            assertThrows(IndexOutOfBoundsException.class, () -> s.sendBatch(new Message[1], 1, 1, 0));
            assertThrows(IOException.class, () -> s.sendBatch(new Message[] {closed}, 0), "a closed message");
            // The raw layer refuses heap buffers and short out arrays instead of crashing.
            assertThrows(IllegalArgumentException.class,
                () -> org.libsocketx.internal.SxNative.sx_socket_sendmsg(s.handle(), new ByteBuffer[] {ByteBuffer.allocate(1)}, 0, 0, 0, new long[1]));
            assertThrows(IllegalArgumentException.class,
                () -> org.libsocketx.internal.SxNative.sx_msg_new(new long[0]));
            assertThrows(IllegalArgumentException.class,
                () -> org.libsocketx.internal.SxNativeJNI.fdValue(new Object()));
            // tcp_info on a socket that is not TCP
            assertThrows(IOException.class, s::tcpInfo);
        }
    }

    @Test void handlesOfAnotherKindAndClosesRacingReads() throws Exception {
        try (SocketX.Pair p = SocketX.socketpair()) {
            // A socket handle where a message is expected, a message where an address is: an
            // exception from the library's handle check, not a crash.
            Socket s = p.first();
            assertThrows(IOException.class, () -> org.libsocketx.internal.SxNative.sx_msg_nbytes(s.handle(), new long[1]));
            try (Message m = new Message()) {
                assertThrows(IOException.class, () -> org.libsocketx.internal.SxNative.sx_msg_set_address(m.handle(), m.handle()));
                assertThrows(IOException.class,
                    () -> org.libsocketx.internal.SxNative.sx_socket_sendmsg(m.handle(), null, 0, 0, 0, new long[1]));
            }
            // One thread reads items while another closes the message: each read either
            // succeeds or throws ClosedError.
            java.util.concurrent.atomic.AtomicReference<Throwable> unexpected = new java.util.concurrent.atomic.AtomicReference<>();
            for (int round = 0; round < 200; round++) {
                Message m = new Message().addInt(SocketX.IPPROTO_IP, SocketX.IP_TTL, round);
                Thread reader = new Thread(() -> {
                    try {
                        for (int i = 0; i < 50; i++) m.items();
                    } catch (SocketXErrors.ClosedError expected) {
                        // closed under the reader
                    } catch (Throwable e) {
                        unexpected.compareAndSet(null, e);
                    }
                });
                reader.start();
                m.close();
                reader.join(5000);
                assertFalse(reader.isAlive());
            }
            assertNull(unexpected.get());
        }
    }

    @Test void ipv6PacketInfo() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(SocketX.hasIpv6(), "no IPv6");
        try (Socket a = Socket.open(SocketX.AF_INET6, SocketX.SOCK_DGRAM); Socket b = Socket.open(SocketX.AF_INET6, SocketX.SOCK_DGRAM)) {
            try {
                a.bind(Address.inet6("::1", 0));
                b.bind(Address.inet6("::1", 0));
            } catch (IOException e) {
                org.junit.jupiter.api.Assumptions.assumeTrue(false, "no ::1 here: " + e.getMessage());
            }
            b.setTimeout(Duration.ofSeconds(5));
            b.setSockOpt(SocketX.IPPROTO_IPV6, SocketX.IPV6_RECVPKTINFO, true);
            InetAddress lo6 = InetAddress.getByName("::1");
            try (Message anc = new Message().addPacketInfo(0, lo6)) {
                a.sendMessage(new ByteBuffer[] {direct("v6")}, anc, 0, b.localAddress());
            }
            try (Message m = b.receiveMessage(new ByteBuffer[] {ByteBuffer.allocate(8)}, 128, 0)) {
                Message.PacketInfo pi = m.packetInfo().orElseThrow();
                assertEquals(lo6, pi.destination());
                assertNull(pi.local(), "IPV6_PKTINFO has no ipi_spec_dst");
            }
        }
    }

    /** Descriptor helpers for the tests. */
    static final class SxFds {
        static int number(FileDescriptor fd) {
            return org.libsocketx.internal.SxNativeJNI.fdValue(fd);
        }

        static boolean isCloexec(int fd) throws IOException {
            for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo/" + fd))) {
                if (line.startsWith("flags:")) {
                    return (Long.parseLong(line.substring(6).trim(), 8) & 02000000) != 0;
                }
            }
            throw new IOException("no flags in fdinfo");
        }
    }

    @Test void fileDescriptorFromOutputStreamWorksToo() throws Exception {
        Path f = Files.createTempFile("sxj-out", ".txt");
        f.toFile().deleteOnExit();
        try (SocketX.Pair p = SocketX.socketpair(); FileOutputStream out = new FileOutputStream(f.toFile())) {
            p.first().sendFileDescriptors(direct("w"), out.getFD());
            try (Message m = p.second().receiveFileDescriptors(ByteBuffer.allocate(1), 1, 0);
                 FileOutputStream w = new FileOutputStream(m.takeFileDescriptor(0))) {
                w.write("written through the passed descriptor".getBytes(StandardCharsets.UTF_8));
            }
        }
        assertEquals("written through the passed descriptor", Files.readString(f));
    }
}
