// SPDX-License-Identifier: MIT
package org.libsocketx;

import static org.junit.jupiter.api.Assertions.*;

import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Thread.interrupt() on a thread blocked in a Socket call: the JDK's InterruptibleChannel
 * rule (the socket is closed, the call throws ClosedByInterruptException, the interrupt
 * status stays set), promptly, in blocking and in timeout mode, with no descriptor left.
 */
class InterruptTest {
    /** How soon an interrupted call must end: the close wakes the C call at once. */
    private static final long PROMPT_MS = 500;

    interface Call { void run() throws Exception; }

    /** What a call on another thread ended with: its exception, its interrupt status, the
     * time from the interrupt to its end. */
    record Outcome(Throwable error, boolean stillInterrupted, long reactionNanos) {}

    /** Waits (bounded) until t runs a native call, then lets it reach the wait. */
    private static void awaitNative(Thread t, CompletableFuture<?> done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!done.isDone() && System.nanoTime() < deadline) {
            StackTraceElement[] st = t.getStackTrace();
            if (st.length > 0 && st[0].isNativeMethod()) break;
            Thread.sleep(5);
        }
        Thread.sleep(50);
    }

    /** Runs call on a new thread, waits until it is blocked in native code, interrupts it. */
    static Outcome interruptBlocked(Call call) throws Exception {
        CompletableFuture<Outcome> result = new CompletableFuture<>();
        long[] interruptedAt = new long[1];
        Thread t = new Thread(() -> {
            Throwable err = null;
            try {
                call.run();
            } catch (Throwable e) {
                err = e;
            }
            long end = System.nanoTime();
            boolean still = Thread.currentThread().isInterrupted();
            synchronized (interruptedAt) {
                result.complete(new Outcome(err, still, end - interruptedAt[0]));
            }
        });
        t.setDaemon(true); // a call that is never woken (a regression) must not keep the JVM up
        t.start();
        awaitNative(t, result);
        assertFalse(result.isDone(), "the call returned before the interrupt");
        synchronized (interruptedAt) {
            interruptedAt[0] = System.nanoTime();
        }
        t.interrupt();
        Outcome o = result.get(5, TimeUnit.SECONDS);
        t.join(5000);
        return o;
    }

    /** The sockets opened since `before` are all closed again: nothing leaked. */
    static void assertNoNewSockets(Set<String> before) {
        Set<String> left = TestUtil.openSockets();
        left.removeAll(before);
        assertEquals(Set.of(), left, "sockets left open");
    }

    static void assertClosedByInterrupt(Outcome o, Socket s, String identity) {
        assertInstanceOf(ClosedByInterruptException.class, o.error());
        assertTrue(o.stillInterrupted(), "the interrupt status must stay set, as NIO leaves it");
        assertTrue(s.isClosed(), "the interrupt closes the socket (InterruptibleChannel's rule)");
        // The blocked call has returned, so the library has released the descriptor itself
        // (identity null: another call may still be using it).
        if (identity != null) assertFalse(TestUtil.openSockets().contains(identity), "the descriptor is still open");
        long ms = TimeUnit.NANOSECONDS.toMillis(o.reactionNanos());
        assertTrue(ms < PROMPT_MS, "the interrupted call took " + ms + " ms to end");
    }

    private static void recvIsInterrupted(Duration timeout) throws Exception {
        Set<String> before = TestUtil.openSockets();
        SocketX.Pair p = SocketX.socketpair();
        try {
            p.first().setTimeout(timeout);
            String id = TestUtil.identity(p.first().fileno());
            Outcome o = interruptBlocked(() -> p.first().recv(new byte[16]));
            assertClosedByInterrupt(o, p.first(), id);
            // The peer sees the close: end of stream.
            p.second().setTimeout(Duration.ofSeconds(5));
            assertEquals(0, p.second().recv(new byte[1]));
        } finally {
            p.close();
        }
        assertNoNewSockets(before);
    }

    @Test void interruptEndsRecvInBlockingMode() throws Exception {
        recvIsInterrupted(null);
    }

    @Test void interruptEndsRecvInTimeoutMode() throws Exception {
        recvIsInterrupted(Duration.ofSeconds(30));
    }

    @Test void interruptEndsDirectBufferRecvFrom() throws Exception {
        try (SocketX.Pair p = SocketX.socketpair(SocketX.AF_UNIX, SocketX.SOCK_DGRAM, 0)) {
            ByteBuffer bb = ByteBuffer.allocateDirect(64);
            String id = TestUtil.identity(p.first().fileno());
            Outcome o = interruptBlocked(() -> p.first().recvFrom(bb, 0));
            assertClosedByInterrupt(o, p.first(), id);
        }
    }

    private static void acceptIsInterrupted(Duration timeout) throws Exception {
        Set<String> before = TestUtil.openSockets();
        try (Socket l = TestUtil.tcpListener()) {
            l.setTimeout(timeout);
            String id = TestUtil.identity(l.fileno());
            Outcome o = interruptBlocked(l::accept);
            assertClosedByInterrupt(o, l, id);
        }
        assertNoNewSockets(before);
    }

    @Test void interruptEndsAcceptInBlockingMode() throws Exception {
        acceptIsInterrupted(null);
    }

    @Test void interruptEndsAcceptInTimeoutMode() throws Exception {
        acceptIsInterrupted(Duration.ofSeconds(30));
    }

    @Test void interruptEndsSendAllBlockedOnAFullBuffer() throws Exception {
        Set<String> before = TestUtil.openSockets();
        try (SocketX.Pair p = SocketX.socketpair()) {
            // Far more than a socketpair buffers, and nobody reads: sendAll blocks.
            byte[] big = new byte[16 << 20];
            String id = TestUtil.identity(p.first().fileno());
            Outcome o = interruptBlocked(() -> p.first().sendAll(big));
            assertClosedByInterrupt(o, p.first(), id);
        }
        assertNoNewSockets(before);
    }

    /** A thread already interrupted gets the exception at once and closes the socket. */
    @Test void alreadyInterruptedThreadClosesTheSocketAtOnce() throws Exception {
        try (SocketX.Pair p = SocketX.socketpair()) {
            // Timeout mode, which is blocking for this rule: were the interrupt status
            // ignored, the call would fail after 5 s instead of hanging the test's thread.
            p.first().setTimeout(Duration.ofSeconds(5));
            Thread.currentThread().interrupt();
            long start = System.nanoTime();
            try {
                assertThrows(ClosedByInterruptException.class, () -> p.first().recv(new byte[1]));
                assertTrue(Thread.currentThread().isInterrupted(), "the interrupt status stays set");
            } finally {
                Thread.interrupted(); // this test's thread runs the others next
            }
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < PROMPT_MS);
            assertTrue(p.first().isClosed());
            assertFalse(p.second().isClosed());
        }
    }

    @Test void alreadyInterruptedThreadConnectAndAccept() throws Exception {
        try (Socket l = TestUtil.tcpListener(); Socket c = Socket.open(SocketX.AF_INET, SocketX.SOCK_STREAM)) {
            Address where = l.localAddress();
            l.setTimeout(Duration.ofSeconds(5)); // as above: a regression fails, not hangs
            Thread.currentThread().interrupt();
            try {
                assertThrows(ClosedByInterruptException.class, () -> c.connect(where));
                assertThrows(ClosedByInterruptException.class, l::accept);
            } finally {
                Thread.interrupted();
            }
            assertTrue(c.isClosed());
            assertTrue(l.isClosed());
        }
    }

    /** Calls that cannot wait are not "blocking I/O": an interrupted thread's non-blocking
     * call leaves the socket open, as NIO's non-blocking channels do. */
    @Test void nonBlockingCallsIgnoreTheInterruptStatus() throws Exception {
        try (SocketX.Pair p = SocketX.socketpair()) {
            p.first().setBlocking(false);
            Thread.currentThread().interrupt();
            try {
                Exception e = assertThrows(SocketXErrors.SocketError.class, () -> p.first().recv(new byte[1]));
                assertEquals(SocketXErrors.SX_EAGAIN, SocketXErrors.status(e));
                // MSG_DONTWAIT on the blocking peer: the same.
                assertThrows(SocketXErrors.SocketError.class,
                    () -> p.second().recv(new byte[1], 0, 1, SocketX.MSG_DONTWAIT));
            } finally {
                Thread.interrupted();
            }
            assertFalse(p.first().isClosed());
            assertFalse(p.second().isClosed());
            p.second().sendAll(new byte[] {7});
            p.first().setTimeout(Duration.ofSeconds(5));
            assertEquals(7, p.first().recv(1)[0]);
        }
    }

    /** Another thread blocked in the socket the interrupt closed gets AsynchronousCloseException. */
    @Test void otherBlockedThreadsGetAsynchronousClose() throws Exception {
        try (SocketX.Pair p = SocketX.socketpair()) {
            CompletableFuture<Throwable> other = new CompletableFuture<>();
            Thread o = new Thread(() -> {
                try {
                    p.first().recv(new byte[1]);
                    other.complete(null);
                } catch (Throwable e) {
                    other.complete(e);
                }
            });
            o.setDaemon(true);
            o.start();
            awaitNative(o, other);
            assertFalse(other.isDone(), "the other call returned before the interrupt");
            String id = TestUtil.identity(p.first().fileno());
            Outcome mine = interruptBlocked(() -> p.first().recv(new byte[1]));
            assertClosedByInterrupt(mine, p.first(), null);
            Throwable e = other.get(5, TimeUnit.SECONDS);
            // Both calls have returned: the descriptor is released.
            assertFalse(TestUtil.openSockets().contains(id), "the descriptor is still open");
            assertInstanceOf(AsynchronousCloseException.class, e);
            assertFalse(e instanceof ClosedByInterruptException, "only the interrupted thread gets that");
            o.join(5000);
        }
    }

    /** A call that completes with no interrupt is untouched, and the bracket leaves nothing
     * behind: after many calls, an interrupt still works, and no interrupt status appears. */
    @Test void uninterruptedCallsAreUnaffected() throws Exception {
        try (SocketX.Pair p = SocketX.socketpair()) {
            byte[] one = new byte[1];
            for (int i = 0; i < 1000; i++) {
                p.second().send(new byte[] {(byte) i});
                assertEquals(1, p.first().recv(one));
                assertEquals((byte) i, one[0]);
            }
            assertFalse(Thread.currentThread().isInterrupted());
            String id = TestUtil.identity(p.first().fileno());
            Outcome o = interruptBlocked(() -> p.first().recv(one));
            assertClosedByInterrupt(o, p.first(), id);
        }
    }

    @Test void threadInterruptibleSettingRoundTrips() throws Exception {
        assertFalse(SocketX.isThreadInterruptible(), "threads start with PEP 475 retries");
        try {
            SocketX.setThreadInterruptible(true);
            assertTrue(SocketX.isThreadInterruptible());
            CompletableFuture<Boolean> other = new CompletableFuture<>();
            Thread t = new Thread(() -> {
                try {
                    other.complete(SocketX.isThreadInterruptible());
                } catch (Exception e) {
                    other.completeExceptionally(e);
                }
            });
            t.start();
            assertFalse(other.get(5, TimeUnit.SECONDS), "another thread saw this thread's setting");
            t.join(5000);
        } finally {
            SocketX.setThreadInterruptible(false);
        }
        assertFalse(SocketX.isThreadInterruptible());
    }

    @Test void eintrIsAnInterruptedIOException() {
        Throwable e = SocketXErrors.create(SocketXErrors.SX_EINTR, "the wait was interrupted by a signal");
        assertInstanceOf(InterruptedIOException.class, e);
        assertInstanceOf(SocketXErrors.InterruptedError.class, e);
        assertEquals(SocketXErrors.SX_EINTR, SocketXErrors.status(e));
    }
}
