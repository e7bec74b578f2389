// SPDX-License-Identifier: MIT
package org.libsocketx;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AddressTest {
    @Test void inet() throws Exception {
        Address a = Address.inet("127.0.0.1", 8080);
        assertEquals(SocketX.AF_INET, a.family());
        assertEquals("127.0.0.1", a.host());
        assertEquals(8080, a.port());
        assertEquals("127.0.0.1:8080", a.toString());
        assertEquals(a, Address.inet("127.1", 8080)); // Python's legacy form
        assertEquals(a.hashCode(), Address.inet("127.0.0.1", 8080).hashCode());
        assertNotEquals(a, Address.inet("127.0.0.1", 8081));
        assertNotEquals(a, "127.0.0.1:8080");
        assertEquals("0.0.0.0:0", Address.inet("", 0).toString());
        assertEquals(16, a.toSockaddr().length);
        assertThrows(IllegalArgumentException.class, a::flowInfo);
        assertThrows(IllegalArgumentException.class, a::unixPath);
    }

    @Test void inet6() throws Exception {
        Address a = Address.inet6("::1", 443);
        assertEquals(SocketX.AF_INET6, a.family());
        assertEquals("::1", a.host());
        assertEquals("[::1]:443", a.toString());
        Address f = Address.inet6("fe80::1", 1, 0x12345, 1);
        assertEquals(0x12345, f.flowInfo());
        assertEquals(1, f.scopeId());
        assertEquals(0, a.scopeId());
        assertEquals(28, a.toSockaddr().length);
        assertThrows(IllegalArgumentException.class, () -> Address.inet6("::1", 1, 0x100000, 0));
    }

    @Test void unixForms() throws Exception {
        Address p = Address.unix("/run/x.sock");
        assertEquals(SocketX.AF_UNIX, p.family());
        assertArrayEquals("/run/x.sock".getBytes(StandardCharsets.UTF_8), p.unixPath());
        assertEquals("/run/x.sock", p.toString());
        Address abs = Address.unixBytes(new byte[] {0, 'a', '\\', 1});
        assertEquals("@a\\x5c\\x01", abs.toString());
        assertArrayEquals(new byte[] {0, 'a', '\\', 1}, abs.unixPath());
        assertEquals(abs, Address.unixAbstract("a\\\u0001"));
        assertEquals("", Address.unix("").toString());
        // The longest text form: every byte escaped. It exceeds the glue's first buffer, so
        // this goes through the retry with the size SX_ETRUNC reports.
        byte[] worst = new byte[108];
        java.util.Arrays.fill(worst, 1, 108, (byte) 1);
        Address w = Address.unixBytes(worst);
        assertEquals("@" + "\\x01".repeat(107), w.toString());
        assertEquals(1 + 4 * 107, w.toString().length());
        assertEquals(0, Address.unixBytes(new byte[0]).unixPath().length);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Address.unix("/".repeat(200)));
        assertTrue(((SocketXStatus) e).detail().contains("too long"), ((SocketXStatus) e).detail());
    }

    @Test void sockaddrRoundTripAndUnknownFamily() throws Exception {
        Address a = Address.inet("10.1.2.3", 99);
        Address b = Address.fromSockaddr(a.toSockaddr());
        assertEquals(a, b);
        assertEquals("10.1.2.3:99", b.toString());
        // A family without a codec is kept as raw bytes and shown in hex.
        byte[] raw = new byte[] {(byte) 200, 0, 1, 2, 3};
        if (java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.BIG_ENDIAN) { raw[0] = 0; raw[1] = (byte) 200; }
        Address u = Address.fromSockaddr(raw);
        assertEquals(200, u.family());
        assertEquals("family=200:010203", u.toString());
        assertThrows(IllegalArgumentException.class, () -> Address.fromSockaddr(new byte[1]));
    }
}
