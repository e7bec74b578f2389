// SPDX-License-Identifier: MIT
package org.libsocketx;

import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.io.FileInputStream;
import java.io.FileDescriptor;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Lifetimes and blocking: a forgotten received message closes its descriptors (Cleaner);
 * the blocking message calls are interruptible, closeable from another thread and time out;
 * descriptors pass between two processes (the FileClient example in a child JVM).
 */
class MessageLifetimeTest {
    /** Receives messages carrying descriptors and drops them unclosed. */
    private static void receiveAndForget(SocketX.Pair p, FileDescriptor fd, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            p.first().sendFileDescriptors(ByteBuffer.wrap(new byte[] {1}), fd, fd, fd);
            Message m = p.second().receiveFileDescriptors(ByteBuffer.allocate(1), 3, 0);
            assertEquals(3, m.fileDescriptorCount());
        }
    }

    @Test void forgottenMessagesCloseTheirDescriptors() throws Exception {
        Path f = MessageTest.tempFile("gc");
        try (SocketX.Pair p = SocketX.socketpair(SocketX.AF_UNIX, SocketX.SOCK_DGRAM, 0);
             FileInputStream in = new FileInputStream(f.toFile())) {
            System.gc();
            Thread.sleep(100);
            int baseline = TestUtil.openFds();
            receiveAndForget(p, in.getFD(), 100);
            int peak = TestUtil.openFds();
            int now = peak;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (now > baseline && System.nanoTime() < deadline) {
                System.gc();
                Thread.sleep(50);
                now = TestUtil.openFds();
            }
            System.out.printf("MessageLifetimeTest: fds baseline=%d after-receive=%d after-gc=%d%n", baseline, peak, now);
            assertTrue(peak >= baseline + 250, "the 300 received descriptors were open: peak " + peak);
            assertTrue(now <= baseline, "fds: baseline " + baseline + ", after gc " + now);
        }
    }

    @Test void forgottenSendMessagesAreReleased() throws Exception {
        // Messages to send hold no descriptor of their own: they only must not pile up.
        for (int i = 0; i < 20_000; i++) new Message().addInt(SocketX.IPPROTO_IP, SocketX.IP_TTL, 5);
        System.gc();
        try (Message m = new Message()) {
            assertNotEquals(0, m.handle(), "the handle table still has room");
        }
    }

    private static void assertInterruptible(Socket s, InterruptTest.Call call) throws Exception {
        String id = TestUtil.identity(s.fileno());
        InterruptTest.Outcome o = InterruptTest.interruptBlocked(call);
        InterruptTest.assertClosedByInterrupt(o, s, id);
    }

    @Test void receiveMessageIsInterruptible() throws Exception {
        try (SocketX.Pair p = SocketX.socketpair()) {
            assertInterruptible(p.first(), () -> p.first().receiveMessage(new ByteBuffer[] {ByteBuffer.allocateDirect(8)}, 64, 0));
        }
    }

    @Test void receiveFileDescriptorsIsInterruptible() throws Exception {
        try (SocketX.Pair p = SocketX.socketpair()) {
            p.first().setTimeout(Duration.ofSeconds(30));
            assertInterruptible(p.first(), () -> p.first().receiveFileDescriptors(ByteBuffer.allocate(8), 1, 0));
        }
    }

    @Test void receiveBatchIsInterruptible() throws Exception {
        Socket[] u = MessageTest.udpPair();
        try (Socket a = u[0]; Socket b = u[1]; Message m = new Message()) {
            a.setTimeout(null); // a stays open, silent
            b.setTimeout(null);
            m.setBuffers(ByteBuffer.allocateDirect(16));
            assertInterruptible(b, () -> b.receiveBatch(new Message[] {m}, 0));
        }
    }

    /** Fills the socket's send buffer (nobody reads), so that the next send waits. */
    private static void fill(Socket s) throws Exception {
        s.setBlocking(false);
        byte[] chunk = new byte[65536];
        try {
            for (;;) s.send(chunk);
        } catch (SocketXErrors.SocketError e) {
            assertEquals(SocketXErrors.SX_EAGAIN, e.status());
        }
        s.setBlocking(true);
    }

    @Test void sendMessageAndSendFileAreInterruptible() throws Exception {
        try (SocketX.Pair p = SocketX.socketpair()) {
            fill(p.first());
            ByteBuffer b = ByteBuffer.allocateDirect(4096);
            assertInterruptible(p.first(), () -> p.first().sendMessage(new ByteBuffer[] {b}, null));
        }
        Path f = MessageTest.tempFile("x".repeat(1 << 16));
        try (SocketX.Pair p = SocketX.socketpair(); FileInputStream in = new FileInputStream(f.toFile())) {
            fill(p.first());
            ByteBuffer b = ByteBuffer.allocateDirect(4096);
            assertInterruptible(p.first(), () -> p.first().sendFileDescriptors(b, in.getFD()));
        }
        try (SocketX.Pair p = SocketX.socketpair()) {
            fill(p.first());
            assertInterruptible(p.first(), () -> p.first().sendFile(f, 0, 0));
        }
    }

    @Test void alreadyInterruptedThreadClosesAtOnce() throws Exception {
        try (SocketX.Pair p = SocketX.socketpair()) {
            p.first().setTimeout(Duration.ofSeconds(5));
            Thread.currentThread().interrupt();
            try {
                assertThrows(ClosedByInterruptException.class,
                    () -> p.first().receiveMessage(new ByteBuffer[] {ByteBuffer.allocate(1)}, 0, 0));
            } finally {
                Thread.interrupted();
            }
            assertTrue(p.first().isClosed());
        }
    }

    @Test void closeFromAnotherThreadEndsAReceive() throws Exception {
        try (SocketX.Pair p = SocketX.socketpair()) {
            CompletableFuture<Throwable> r = CompletableFuture.supplyAsync(() -> {
                try {
                    p.first().receiveMessage(new ByteBuffer[] {ByteBuffer.allocateDirect(8)}, 64, 0);
                    return null;
                } catch (Throwable e) {
                    return e;
                }
            });
            Thread.sleep(200);
            assertFalse(r.isDone());
            p.first().close();
            assertInstanceOf(SocketXErrors.ClosedError.class, r.get(5, TimeUnit.SECONDS));
        }
    }

    /** MSG_DONTWAIT: one attempt that never waits, on a blocking socket (and no interrupt bracket). */
    @Test void dontWaitNeverWaits() throws Exception {
        try (SocketX.Pair p = SocketX.socketpair(SocketX.AF_UNIX, SocketX.SOCK_DGRAM, 0); Message m = new Message()) {
            m.setBuffers(ByteBuffer.allocateDirect(4));
            long start = System.nanoTime();
            for (InterruptTest.Call c : new InterruptTest.Call[] {
                    () -> p.first().receiveMessage(new ByteBuffer[] {ByteBuffer.allocate(4)}, 0, SocketX.MSG_DONTWAIT),
                    () -> p.first().receiveFileDescriptors(ByteBuffer.allocate(4), 1, SocketX.MSG_DONTWAIT),
                    () -> p.first().receiveBatch(new Message[] {m}, SocketX.MSG_DONTWAIT)}) {
                SocketXErrors.SocketError e = assertThrows(SocketXErrors.SocketError.class, c::run);
                assertEquals(SocketXErrors.SX_EAGAIN, e.status());
            }
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 1000);
            // An interrupted thread's MSG_DONTWAIT call leaves the socket open, as NIO's
            // non-blocking channels do.
            Thread.currentThread().interrupt();
            try {
                assertThrows(SocketXErrors.SocketError.class,
                    () -> p.first().receiveMessage(new ByteBuffer[] {ByteBuffer.allocate(4)}, 0, SocketX.MSG_DONTWAIT));
            } finally {
                Thread.interrupted();
            }
            assertFalse(p.first().isClosed());
        }
    }

    @Test void timeoutsAreSocketTimeoutExceptions() throws Exception {
        try (SocketX.Pair p = SocketX.socketpair()) {
            p.first().setTimeout(Duration.ofMillis(100));
            assertThrows(SocketTimeoutException.class,
                () -> p.first().receiveMessage(new ByteBuffer[] {ByteBuffer.allocate(8)}, 64, 0));
            assertThrows(SocketTimeoutException.class,
                () -> p.first().receiveFileDescriptors(ByteBuffer.allocate(8), 2, 0));
            assertFalse(p.first().isClosed(), "a timeout leaves the socket usable");
            p.second().sendMessage("ok".getBytes(StandardCharsets.UTF_8), null);
            ByteBuffer b = ByteBuffer.allocate(8);
            p.first().receiveMessage(new ByteBuffer[] {b}, 0, 0).close();
            assertEquals(2, b.position());
        }
    }

    /**
     * Descriptor passing between two processes: this JVM serves the demo's protocol (a client
     * sends "FILE\n" and receives one byte with one descriptor), the FileClient example runs in
     * a child JVM, reads the file from the descriptor and prints it.
     */
    @Test void descriptorPassingBetweenTwoProcesses() throws Exception {
        Path dir = Files.createTempDirectory("sxj-fdpass");
        Path sock = dir.resolve("files.sock");
        Path file = dir.resolve("content.txt");
        String content = "line one\nline two, passed by SCM_RIGHTS\n";
        Files.writeString(file, content);
        try (Socket l = Socket.open(SocketX.AF_UNIX, SocketX.SOCK_STREAM)) {
            l.bind(Address.unix(sock.toString()));
            l.listen();
            l.setTimeout(Duration.ofSeconds(30));
            Process child = new ProcessBuilder(childCommand("FileClient", sock.toString()))
                .redirectErrorStream(true).start();
            try (Socket c = l.accept().socket(); FileInputStream in = new FileInputStream(file.toFile())) {
                c.setTimeout(Duration.ofSeconds(30));
                // The client's credentials: another process.
                Credentials peer = c.peerCredentials();
                assertEquals(child.pid(), peer.pid());
                byte[] line = new byte[5];
                int n = 0;
                while (n < 5) {
                    int r = c.recv(line, n, 5 - n, 0);
                    if (r == 0) break;
                    n += r;
                }
                assertEquals("FILE\n", new String(line, 0, n, StandardCharsets.US_ASCII));
                assertEquals(1, c.sendFileDescriptors(ByteBuffer.wrap(new byte[] {'F'}), in.getFD()));
            }
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child did not finish");
            String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, child.exitValue(), out);
            assertEquals(content, out);
        } finally {
            Files.deleteIfExists(sock);
            Files.deleteIfExists(file);
            Files.delete(dir);
        }
    }

    /** A java command running mainClass from this test's class path, with the binding's glue. */
    static List<String> childCommand(String mainClass, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = jarOf(Socket.class) + File.pathSeparator + jarOf(Class.forName(mainClass));
        List<String> cmd = new ArrayList<>(List.of(java, "-Xcheck:jni", "-cp", cp));
        String glue = System.getProperty("org.libsocketx.jni");
        if (glue != null) cmd.add("-Dorg.libsocketx.jni=" + glue);
        cmd.add("-Djava.library.path=" + System.getProperty("java.library.path"));
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static String jarOf(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
