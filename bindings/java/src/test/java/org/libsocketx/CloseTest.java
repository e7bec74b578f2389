// SPDX-License-Identifier: MIT
package org.libsocketx;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CloseTest {
    @Test void closeIsIdempotent() throws Exception {
        Socket s = Socket.open(SocketX.AF_INET, SocketX.SOCK_STREAM);
        assertFalse(s.isClosed());
        s.close();
        s.close();
        assertTrue(s.isClosed());
        SocketX.Pair p = SocketX.socketpair();
        p.close();
        p.close();
    }

    /** Runs call on a thread, waits until it is blocked, closes s from here, returns what it threw. */
    private static Throwable closeWhileBlocked(Socket s, ThrowingRunnable call) throws Exception {
        CompletableFuture<Throwable> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                call.run();
                result.complete(null);
            } catch (Throwable e) {
                result.complete(e);
            }
        });
        t.start();
        // Wait until the thread is parked inside the native call (RUNNABLE in native code),
        // with a bound; then give it a moment to enter the kernel wait.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!result.isDone() && System.nanoTime() < deadline) {
            StackTraceElement[] st = t.getStackTrace();
            if (st.length > 0 && st[0].isNativeMethod()) break;
            Thread.sleep(5);
        }
        Thread.sleep(50);
        assertFalse(result.isDone(), "call returned before close");
        s.close();
        return result.get(5, TimeUnit.SECONDS);
    }

    interface ThrowingRunnable { void run() throws Exception; }

    @Test void closeWakesBlockingRecv() throws Exception {
        try (SocketX.Pair p = SocketX.socketpair()) {
            Throwable e = closeWhileBlocked(p.first(), () -> p.first().recv(1));
            assertInstanceOf(SocketXErrors.ClosedError.class, e);
            assertEquals(SocketXErrors.SX_ECLOSED, SocketXErrors.status(e));
        }
    }

    @Test void closeWakesTimeoutModeRecv() throws Exception {
        try (SocketX.Pair p = SocketX.socketpair()) {
            p.first().setTimeout(Duration.ofSeconds(30));
            Throwable e = closeWhileBlocked(p.first(), () -> p.first().recv(new byte[8], 0, 8, 0));
            assertEquals(SocketXErrors.SX_ECLOSED, SocketXErrors.status(e));
        }
    }

    @Test void closeWakesAccept() throws Exception {
        Socket l = TestUtil.tcpListener();
        Throwable e = closeWhileBlocked(l, l::accept);
        assertEquals(SocketXErrors.SX_ECLOSED, SocketXErrors.status(e));
        assertTrue(e.getMessage().startsWith("Socket closed"));
    }

    /** Threads sending and receiving while another closes: every call ends cleanly, none hangs. */
    @Test void closeRacesWithUseOnOtherThreads() throws Exception {
        for (int round = 0; round < 20; round++) {
            SocketX.Pair p = SocketX.socketpair();
            p.first().setTimeout(Duration.ofSeconds(10));
            p.second().setTimeout(Duration.ofSeconds(10));
            java.util.List<CompletableFuture<Throwable>> ends = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Socket mine = (t % 2 == 0) ? p.first() : p.second();
                boolean sender = t < 2;
                CompletableFuture<Throwable> end = new CompletableFuture<>();
                ends.add(end);
                Thread th = new Thread(() -> {
                    byte[] b = new byte[512];
                    try {
                        for (int i = 0; i < 1_000_000; i++) {
                            if (sender) mine.send(b); else mine.recv(b);
                        }
                        end.complete(null);
                    } catch (Throwable e) {
                        end.complete(e);
                    }
                });
                th.start();
            }
            Thread.sleep(5);
            p.first().close();
            p.second().close();
            for (CompletableFuture<Throwable> end : ends) {
                Throwable e = end.get(10, TimeUnit.SECONDS);
                assertNotNull(e, "a loop finished a million calls before close");
                int st = SocketXErrors.status(e);
                // Closed while in the call, closed before it, or the peer end closed first.
                assertTrue(st == SocketXErrors.SX_ECLOSED || st == SocketXErrors.SX_EBADHANDLE
                    || st == SocketXErrors.SX_EPIPE || st == SocketXErrors.SX_ECONNRESET, e.toString());
            }
        }
    }

    /** A detached descriptor belongs to the caller: the Cleaner must not close it. */
    @Test void detachedDescriptorSurvivesCollection() throws Exception {
        int fd = detachAndDrop();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertTrue(new java.io.File("/proc/self/fd/" + fd).exists(), "fd " + fd + " was closed");
        try (Socket back = SocketX.adopt(fd)) {
            assertEquals(SocketX.AF_UNIX, back.family());
        }
        assertFalse(new java.io.File("/proc/self/fd/" + fd).exists());
    }

    private static int detachAndDrop() throws Exception {
        Socket s = Socket.open(SocketX.AF_UNIX, SocketX.SOCK_DGRAM);
        return s.detach();
    }
}
