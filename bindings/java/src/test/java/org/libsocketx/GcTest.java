// SPDX-License-Identifier: MIT
package org.libsocketx;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class GcTest {
    private static final int COUNT = 10_000;

    /** Opens sockets and drops them unclosed; only the Cleaner can release their fds. */
    private static void leak() throws Exception {
        for (int i = 0; i < COUNT; i++) {
            Socket.open(SocketX.AF_UNIX, SocketX.SOCK_STREAM);
        }
    }

    @Test void forgottenSocketsAreClosedByTheCleaner() throws Exception {
        System.gc();
        int baseline = TestUtil.openFds();
        leak();
        int peak = TestUtil.openFds();
        long deadline = System.nanoTime() + 30_000_000_000L;
        int now = peak;
        for (int round = 0; System.nanoTime() < deadline; round++) {
            if (round < 5 || round % 10 == 0) System.gc();
            Thread.sleep(50);
            now = TestUtil.openFds();
            if (now <= baseline) break;
        }
        System.out.printf("GcTest: fds baseline=%d after-open=%d after-gc=%d%n", baseline, peak, now);
        // Unless a collection ran during the loop, the sockets were all open at once.
        assertTrue(peak > baseline, "peak " + peak);
        assertTrue(now <= baseline, "fds: baseline " + baseline + ", after gc " + now);
    }

    @Test void forgottenAddressesAndPairsAreReleased() throws Exception {
        System.gc();
        int baseline = TestUtil.openFds();
        for (int i = 0; i < 2_000; i++) {
            SocketX.socketpair();
            Address.inet("127.0.0.1", i);
        }
        int now = TestUtil.openFds();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (now > baseline && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(50);
            now = TestUtil.openFds();
        }
        assertTrue(now <= baseline, "fds: baseline " + baseline + ", after gc " + now);
    }
}
