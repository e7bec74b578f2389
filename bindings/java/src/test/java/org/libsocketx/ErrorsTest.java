// SPDX-License-Identifier: MIT
package org.libsocketx;

import static org.junit.jupiter.api.Assertions.*;

import java.net.BindException;
import java.net.ConnectException;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ErrorsTest {
    @Test void osErrorIsConnectException() throws Exception {
        try (Socket c = Socket.open(SocketX.AF_INET, SocketX.SOCK_STREAM)) {
            ConnectException e = assertThrows(ConnectException.class,
                () -> c.connect(Address.inet("127.0.0.1", TestUtil.closedPort())));
            assertEquals(SocketXErrors.SX_ECONNREFUSED, SocketXErrors.status(e));
            assertEquals("SX_ECONNREFUSED", ((SocketXStatus) e).errorName());
            assertTrue(e.getMessage().contains("SX_ECONNREFUSED"), e.getMessage());
        }
    }

    @Test void addressInUseIsBindException() throws Exception {
        try (Socket l = TestUtil.tcpListener(); Socket other = Socket.open(SocketX.AF_INET, SocketX.SOCK_STREAM)) {
            BindException e = assertThrows(BindException.class, () -> other.bind(l.localAddress()));
            assertEquals(SocketXErrors.SX_EADDRINUSE, SocketXErrors.status(e));
        }
    }

    @Test void resolverErrorIsUnknownHostException() {
        UnknownHostException e = assertThrows(UnknownHostException.class,
            () -> Address.inet("no-such-host.invalid", 80));
        int status = SocketXErrors.status(e);
        assertTrue(SocketXErrors.isResolverError(status), "status " + status);
        assertTrue(SocketX.errorName(status).startsWith("SX_EAI_"), SocketX.errorName(status));
        assertThrows(UnknownHostException.class, () -> Address.inet6("no-such-host.invalid", 80));
    }

    @Test void libraryTimeoutIsSocketTimeoutException() throws Exception {
        try (SocketX.Pair p = SocketX.socketpair()) {
            p.first().setTimeout(Duration.ofMillis(50));
            long t0 = System.nanoTime();
            SocketTimeoutException e = assertThrows(SocketTimeoutException.class, () -> p.first().recv(1));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(SocketXErrors.SX_ETIMEOUT, SocketXErrors.status(e));
            assertTrue(ms >= 40 && ms < 5000, ms + " ms");
            // The socket stays usable after a timeout.
            p.second().send(new byte[] {7});
            assertArrayEquals(new byte[] {7}, p.first().recv(1));
        }
    }

    @Test void badHandleAndClosedAreSocketClosed() throws Exception {
        Socket s = Socket.open(SocketX.AF_INET, SocketX.SOCK_STREAM);
        s.close();
        SocketException e = assertThrows(SocketException.class, () -> s.listen(1));
        assertInstanceOf(SocketXErrors.ClosedError.class, e);
        assertEquals(SocketXErrors.SX_EBADHANDLE, SocketXErrors.status(e));
        assertTrue(e.getMessage().startsWith("Socket closed"), e.getMessage());
    }

    @Test void argumentErrorsAreIllegalArgument() throws Exception {
        try (Socket s = Socket.open(SocketX.AF_INET, SocketX.SOCK_STREAM)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.setTimeout(Double.NaN));
            assertEquals(SocketXErrors.SX_EARG, SocketXErrors.status(e));
            IllegalArgumentException r = assertThrows(IllegalArgumentException.class, () -> Address.inet("127.0.0.1", 70000));
            assertEquals(SocketXErrors.SX_EOUTOFRANGE, SocketXErrors.status(r));
            // An AF_UNIX address on an AF_INET socket: a family mismatch caught before bind(2).
            IllegalArgumentException m = assertThrows(IllegalArgumentException.class, () -> s.bind(Address.unix("/tmp/x")));
            assertEquals(SocketXErrors.SX_EARG, SocketXErrors.status(m));
            assertFalse(((SocketXStatus) m).detail().isEmpty() && m.getMessage().isEmpty());
        }
    }

    @Test void nonBlockingWouldBlockCarriesEagain() throws Exception {
        try (SocketX.Pair p = SocketX.socketpair()) {
            p.first().setTimeout(Duration.ZERO);
            SocketXErrors.SocketError e = assertThrows(SocketXErrors.SocketError.class, () -> p.first().recv(1));
            assertEquals(SocketXErrors.SX_EAGAIN, e.status());
        }
    }

    @Test void refusedDatagramIsPortUnreachable() throws Exception {
        try (Socket u = Socket.open(SocketX.AF_INET, SocketX.SOCK_DGRAM)) {
            u.connect(Address.inet("127.0.0.1", TestUtil.closedPort()));
            u.setTimeout(Duration.ofSeconds(5));
            u.send(new byte[] {1});
            PortUnreachableException e = assertThrows(PortUnreachableException.class, () -> u.recv(1));
            assertEquals(SocketXErrors.SX_ECONNREFUSED, SocketXErrors.status(e));
        }
    }

    @Test void otherStatusesMapToSocketException() {
        Throwable t = SocketXErrors.create(SocketXErrors.SX_ECONNRESET, "");
        assertInstanceOf(SocketException.class, t);
        assertEquals(SocketXErrors.SX_ECONNRESET, SocketXErrors.status(t));
        assertInstanceOf(java.net.NoRouteToHostException.class, SocketXErrors.create(SocketXErrors.SX_EHOSTUNREACH, "x"));
        assertEquals(0, SocketXErrors.status(new java.io.IOException("plain")));
        assertEquals(SocketXErrors.SX_ETIMEOUT, SocketXErrors.status(new RuntimeException(SocketXErrors.create(SocketXErrors.SX_ETIMEOUT, ""))));
    }
}
