// SPDX-License-Identifier: MIT
package org.libsocketx;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TimeoutTest {
    @Test void threeModes() throws Exception {
        try (SocketX.Pair p = SocketX.socketpair()) {
            Socket s = p.first();
            // blocking (the initial default)
            assertNull(s.getTimeout());
            assertEquals(SocketX.TIMEOUT_NONE, s.getTimeoutSeconds());
            assertTrue(s.isBlocking());
            // non-blocking
            s.setTimeout(Duration.ZERO);
            assertEquals(Duration.ZERO, s.getTimeout());
            assertFalse(s.isBlocking());
            // timeout mode: still "blocking" for getblocking, as in Python
            s.setTimeout(Duration.ofMillis(250));
            assertEquals(Duration.ofMillis(250), s.getTimeout());
            assertTrue(s.isBlocking());
            s.setTimeout(1.5);
            assertEquals(1.5, s.getTimeoutSeconds());
            s.setBlocking(false);
            assertEquals(0.0, s.getTimeoutSeconds());
            s.setBlocking(true);
            assertNull(s.getTimeout());
            s.setTimeout((Duration) null);
            assertNull(s.getTimeout());
            assertThrows(IllegalArgumentException.class, () -> s.setTimeout(Duration.ofSeconds(-1)));
        }
    }

    @Test void blockingModeWaitsForData() throws Exception {
        try (SocketX.Pair p = SocketX.socketpair()) {
            Thread t = new Thread(() -> {
                try {
                    Thread.sleep(100);
                    p.second().send(new byte[] {42});
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            t.start();
            long t0 = System.nanoTime();
            assertArrayEquals(new byte[] {42}, p.first().recv(1));
            assertTrue(System.nanoTime() - t0 >= 50_000_000L);
            t.join();
        }
    }

    @Test void defaultTimeoutAppliesToNewSockets() throws Exception {
        Duration before = SocketX.getDefaultTimeout();
        try {
            SocketX.setDefaultTimeout(Duration.ofMillis(500));
            assertEquals(Duration.ofMillis(500), SocketX.getDefaultTimeout());
            try (Socket s = Socket.open(SocketX.AF_UNIX, SocketX.SOCK_STREAM)) {
                assertEquals(Duration.ofMillis(500), s.getTimeout());
            }
            SocketX.setDefaultTimeout(Duration.ZERO);
            try (SocketX.Pair p = SocketX.socketpair()) {
                assertFalse(p.first().isBlocking());
            }
        } finally {
            SocketX.setDefaultTimeout(before);
        }
        assertEquals(before, SocketX.getDefaultTimeout());
    }

    @Test void timeoutModeAccept() throws Exception {
        try (Socket l = TestUtil.tcpListener()) {
            l.setTimeout(Duration.ofMillis(30));
            assertThrows(java.net.SocketTimeoutException.class, l::accept);
        }
    }
}
