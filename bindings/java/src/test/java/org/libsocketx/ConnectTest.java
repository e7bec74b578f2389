// SPDX-License-Identifier: MIT
package org.libsocketx;

import static org.junit.jupiter.api.Assertions.*;

import java.net.ConnectException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConnectTest {
    private static void echoOnce(Socket server, Socket client) throws Exception {
        try (Socket peer = server.accept().socket()) {
            client.sendAll("hi".getBytes(StandardCharsets.US_ASCII));
            byte[] b = new byte[2];
            assertEquals(2, peer.recv(b));
            assertEquals("hi", new String(b, StandardCharsets.US_ASCII));
        }
    }

    @Test void createServerAndConnect() throws Exception {
        try (Socket server = SocketX.createServer(Address.inet("127.0.0.1", 0))) {
            int port = server.localAddress().port();
            assertTrue(server.getSockOpt(SocketX.SOL_SOCKET, SocketX.SO_REUSEADDR) != 0);
            // Default timeout: the module default (blocking here), as new sockets get.
            try (Socket c = SocketX.createConnection("127.0.0.1", port)) {
                assertNull(c.getTimeout());
                echoOnce(server, c);
            }
            try (Socket c = SocketX.createConnection("localhost", port, Duration.ofSeconds(3))) {
                assertEquals(Duration.ofSeconds(3), c.getTimeout());
                echoOnce(server, c);
            }
            try (Socket c = SocketX.createConnection("127.0.0.1", port, (Duration) null)) {
                assertNull(c.getTimeout()); // null is blocking, as setDefaultTimeout(null)
                echoOnce(server, c);
            }
            SocketX.setDefaultTimeout(Duration.ofSeconds(7));
            try (Socket c = SocketX.createConnection("127.0.0.1", port);
                 Socket b = SocketX.createConnection("127.0.0.1", port, SocketX.ConnectOptions.defaults().blocking())) {
                assertEquals(Duration.ofSeconds(7), c.getTimeout());
                assertNull(b.getTimeout());
                echoOnce(server, c);
                echoOnce(server, b);
            } finally {
                SocketX.setDefaultTimeout(null);
            }
        }
    }

    @Test void sourceAddressAndHappyEyeballs() throws Exception {
        try (Socket server = SocketX.createServer(Address.inet("127.0.0.1", 0), 8, true, false)) {
            int port = server.localAddress().port();
            SocketX.ConnectOptions o = SocketX.ConnectOptions.defaults()
                .timeout(Duration.ofSeconds(5)).source(Address.inet("127.0.0.1", 0)).happyEyeballs(true).allErrors(true);
            try (Socket c = SocketX.createConnection("localhost", port, o)) {
                assertEquals("127.0.0.1", c.localAddress().host());
                echoOnce(server, c);
            }
            int src = TestUtil.closedPort();
            try (Socket c = SocketX.createConnection("127.0.0.1", port,
                     SocketX.ConnectOptions.defaults().source(Address.inet("127.0.0.1", src)))) {
                assertEquals(src, c.localAddress().port());
                echoOnce(server, c);
            }
        }
    }

    @Test void failures() throws Exception {
        int port = TestUtil.closedPort();
        ConnectException last = assertThrows(ConnectException.class, () -> SocketX.createConnection("127.0.0.1", port));
        assertEquals(0, last.getSuppressed().length);
        // All errors: one suppressed exception per failed attempt, each with its status.
        for (boolean he : new boolean[] {false, true}) {
            ConnectException all = assertThrows(ConnectException.class, () -> SocketX.createConnection("127.0.0.1", port,
                SocketX.ConnectOptions.defaults().timeout(Duration.ofSeconds(5)).happyEyeballs(he).allErrors(true)));
            assertEquals(1, all.getSuppressed().length);
            assertEquals(SocketXErrors.SX_ECONNREFUSED, SocketXErrors.status(all.getSuppressed()[0]));
            assertTrue(all.getSuppressed()[0].getMessage().contains("connection attempt 1"), all.getSuppressed()[0].getMessage());
        }
        assertThrows(UnknownHostException.class, () -> SocketX.createConnection("no-such-host.invalid", 80));
        assertThrows(IllegalArgumentException.class, () -> SocketX.createConnection("127.0.0.1\0", 80));
        assertThrows(IllegalArgumentException.class, () -> SocketX.ConnectOptions.defaults().timeout(Duration.ofSeconds(-1)));
        IllegalArgumentException ds = assertThrows(IllegalArgumentException.class,
            () -> SocketX.createServer(Address.inet("127.0.0.1", 0), SocketX.BACKLOG_DEFAULT, false, true));
        assertEquals(SocketXErrors.SX_EARG, SocketXErrors.status(ds));
        try (Socket s = SocketX.createServer(Address.inet("127.0.0.1", 0))) {
            int taken = s.localAddress().port();
            assertThrows(java.net.BindException.class, () -> SocketX.createServer(Address.inet("127.0.0.1", taken)));
        }
    }

    @Test void ipv6Probes() throws Exception {
        boolean v6 = SocketX.hasIpv6();
        if (v6) Socket.open(SocketX.AF_INET6, SocketX.SOCK_STREAM).close(); // what the probe promises
        else assertFalse(SocketX.hasDualStackIpv6());
        if (SocketX.hasDualStackIpv6()) {
            try (Socket s = SocketX.createServer(Address.inet6("::", 0), SocketX.BACKLOG_DEFAULT, false, true)) {
                assertEquals(SocketX.AF_INET6, s.family());
            }
        }
    }

    @Test void rawDescriptors() throws Exception {
        try (SocketX.Pair p = SocketX.socketpair()) {
            int copy = SocketX.dupFd(p.first().fileno());
            assertNotEquals(p.first().fileno(), copy);
            try (Socket s = SocketX.adopt(SocketX.dupFd(copy))) {
                assertEquals(SocketX.AF_UNIX, s.family());
            }
            assertTrue(java.nio.file.Files.exists(java.nio.file.Path.of("/proc/self/fd/" + copy)));
            SocketX.closeFd(copy);
            // Checked by name, not by counting descriptors: the Cleaner may close other tests' sockets meanwhile.
            assertFalse(java.nio.file.Files.exists(java.nio.file.Path.of("/proc/self/fd/" + copy)));
            SocketX.closeFd(SocketX.dupFd(p.second().fileno()));
            assertTrue(p.second().fileno() >= 0, "the original descriptor is untouched");
        }
        assertThrows(IllegalArgumentException.class, () -> SocketX.closeFd(-1));
        assertThrows(IllegalArgumentException.class, () -> SocketX.dupFd(-1));
        SocketException badf = assertThrows(SocketException.class, () -> SocketX.dupFd(Integer.MAX_VALUE));
        assertEquals(SocketX.errorCode("EBADF"), SocketXErrors.status(badf));
    }
}
