// SPDX-License-Identifier: MIT
package org.libsocketx;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** sendfile byte-exact over stream sockets; zero-copy completions; TCP_INFO. */
class SendFileTest {
    /** Reads the socket to end of stream on another thread. */
    static CompletableFuture<byte[]> drain(Socket s) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                byte[] b = new byte[65536];
                int n;
                while ((n = s.recv(b)) > 0) all.write(b, 0, n);
                return all.toByteArray();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
    }

    @Test void sendFileIsByteExact() throws Exception {
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new Random(42).nextBytes(data);
        Path f = Files.createTempFile("sxj-sendfile", ".bin");
        f.toFile().deleteOnExit();
        Files.write(f, data);
        // A whole file by path, over TCP loopback.
        try (Socket l = TestUtil.tcpListener(); Socket c = Socket.open(SocketX.AF_INET, SocketX.SOCK_STREAM)) {
            c.connect(l.localAddress());
            Socket srv = l.accept().socket();
            srv.setTimeout(Duration.ofSeconds(10));
            CompletableFuture<byte[]> got = drain(srv);
            assertEquals(data.length, c.sendFile(f, 0, 0));
            c.shutdownOutput();
            assertArrayEquals(data, got.get(20, TimeUnit.SECONDS));
            srv.close();
        }
        // A range through a FileChannel, over an AF_UNIX socketpair: the channel's position is
        // left after what was sent, as Python leaves the file's.
        try (SocketX.Pair p = SocketX.socketpair(); FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            p.second().setTimeout(Duration.ofSeconds(10));
            CompletableFuture<byte[]> got = drain(p.second());
            assertEquals(500_000, p.first().sendFile(ch, 1000, 500_000));
            assertEquals(501_000, ch.position());
            // And through a FileDescriptor, to the end from an offset.
            try (FileInputStream in = new FileInputStream(f.toFile())) {
                assertEquals(data.length - 2_000_000, p.first().sendFile(in.getFD(), 2_000_000, 0));
            }
            p.first().shutdownOutput();
            byte[] want = new byte[500_000 + data.length - 2_000_000];
            System.arraycopy(data, 1000, want, 0, 500_000);
            System.arraycopy(data, 2_000_000, want, 500_000, data.length - 2_000_000);
            byte[] have = got.get(20, TimeUnit.SECONDS);
            assertEquals(want.length, have.length);
            assertTrue(Arrays.equals(want, have), "bytes differ");
        }
        // Bad input
        try (Socket u = Socket.open(SocketX.AF_INET, SocketX.SOCK_DGRAM); SocketX.Pair p = SocketX.socketpair()) {
            assertThrows(IllegalArgumentException.class, () -> u.sendFile(f, 0, 0), "not a stream socket");
            assertThrows(IllegalArgumentException.class, () -> p.first().sendFile(f, -1, 0));
            FileChannel closed = FileChannel.open(f, StandardOpenOption.READ);
            closed.close();
            assertThrows(java.nio.channels.ClosedChannelException.class, () -> p.first().sendFile(closed, 0, 1));
            // A file opened for writing only cannot be read.
            Path w = Files.createTempFile("sxj-wo", ".bin");
            w.toFile().deleteOnExit();
            try (java.io.FileOutputStream out = new java.io.FileOutputStream(w.toFile())) {
                out.write(1);
                assertThrows(java.io.IOException.class, () -> p.first().sendFile(out.getFD(), 0, 1));
            }
        }
    }

    @Test void zeroCopyCompletion() throws Exception {
        try (Socket l = TestUtil.tcpListener(); Socket c = Socket.open(SocketX.AF_INET, SocketX.SOCK_STREAM)) {
            try {
                c.setSockOpt(SocketX.SOL_SOCKET, SocketX.SO_ZEROCOPY, true);
            } catch (java.io.IOException e) {
                Assumptions.assumeTrue(false, "SO_ZEROCOPY not supported here: " + e.getMessage());
            }
            c.connect(l.localAddress());
            Socket srv = l.accept().socket();
            assertNull(c.zeroCopyCompletion(), "nothing sent yet");
            ByteBuffer b = ByteBuffer.allocateDirect(4096);
            c.send(b, SocketX.MSG_ZEROCOPY);
            b.clear();
            c.send(b, SocketX.MSG_ZEROCOPY);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            long done = -1;
            while (done < 1 && System.nanoTime() < deadline) {
                Socket.ZeroCopyCompletion z = c.zeroCopyCompletion();
                if (z == null) {
                    Thread.sleep(10);
                    continue;
                }
                assertEquals(done + 1, z.first(), "ranges come in order");
                assertTrue(z.last() >= z.first());
                done = z.last();
            }
            assertEquals(1, done, "both sends completed");
            srv.close();
        }
    }

    @Test void tcpInfo() throws Exception {
        try (Socket l = TestUtil.tcpListener(); Socket c = Socket.open(SocketX.AF_INET, SocketX.SOCK_STREAM)) {
            c.connect(l.localAddress());
            Socket srv = l.accept().socket();
            Map<String, Long> info = c.tcpInfo();
            assertEquals(1L, info.get("state"), "TCP_ESTABLISHED");
            assertTrue(info.containsKey("rtt"), info.toString());
            assertTrue(info.containsKey("snd_cwnd"), info.toString());
            assertEquals(1L, c.tcpInfo("state"));
            assertEquals(info.keySet().iterator().next(), "state", "in struct tcp_info's order");
            assertThrows(IllegalArgumentException.class, () -> c.tcpInfo("no_such_field"));
            srv.close();
        }
    }
}
