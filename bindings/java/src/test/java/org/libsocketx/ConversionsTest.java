// SPDX-License-Identifier: MIT
package org.libsocketx;

import static org.junit.jupiter.api.Assertions.*;

import java.net.SocketException;
import org.junit.jupiter.api.Test;

class ConversionsTest {
    @Test void byteOrder() throws Exception {
        assertEquals(0x3412, Conversions.htons(0x1234));
        assertEquals(0x1234, Conversions.ntohs(0x3412));
        assertEquals(0x78563412L, Conversions.htonl(0x12345678L));
        assertEquals(0xFFFFFFFFL, Conversions.ntohl(0xFFFFFFFFL));
        assertEquals(SocketXErrors.SX_EOUTOFRANGE, SocketXErrors.status(
            assertThrows(IllegalArgumentException.class, () -> Conversions.htons(65536))));
        assertThrows(IllegalArgumentException.class, () -> Conversions.ntohs(-1));
        assertThrows(IllegalArgumentException.class, () -> Conversions.htonl(1L << 32));
        assertThrows(IllegalArgumentException.class, () -> Conversions.ntohl(-1));
    }

    @Test void inetText() throws Exception {
        assertArrayEquals(new byte[] {127, 0, 0, 1}, Conversions.inetAton("127.1"));
        assertArrayEquals(new byte[] {15, 0, 0, 1}, Conversions.inetAton("017.0.0.1")); // octal part
        assertEquals("10.1.2.3", Conversions.inetNtoa(new byte[] {10, 1, 2, 3}));
        assertArrayEquals(new byte[] {(byte) 192, (byte) 168, 0, 1}, Conversions.inetPton(SocketX.AF_INET, "192.168.0.1"));
        byte[] v6 = Conversions.inetPton(SocketX.AF_INET6, "2001:0db8:0:0:0:0:0:1");
        assertEquals(16, v6.length);
        assertEquals("2001:db8::1", Conversions.inetNtop(SocketX.AF_INET6, v6));
        assertEquals("1.2.3.4", Conversions.inetNtop(SocketX.AF_INET, new byte[] {1, 2, 3, 4}));

        assertEquals(SocketXErrors.SX_EARG, SocketXErrors.status(
            assertThrows(IllegalArgumentException.class, () -> Conversions.inetAton("not an address"))));
        assertThrows(IllegalArgumentException.class, () -> Conversions.inetPton(SocketX.AF_INET, "127.1")); // strict
        assertThrows(IllegalArgumentException.class, () -> Conversions.inetNtoa(new byte[3]));
        assertThrows(IllegalArgumentException.class, () -> Conversions.inetNtop(SocketX.AF_INET6, new byte[4]));
        SocketException fam = assertThrows(SocketException.class, () -> Conversions.inetPton(SocketX.AF_UNIX, "1.2.3.4"));
        assertEquals(SocketX.errorCode("EAFNOSUPPORT"), SocketXErrors.status(fam));
        assertThrows(IllegalArgumentException.class, () -> Conversions.inetAton("1.2.3.4\0"));
        assertThrows(IllegalArgumentException.class, () -> Conversions.inetPton(SocketX.AF_INET, "\0"));
    }

    @Test void cmsgSizes() throws Exception {
        // x86_64 Linux: a 16-byte header, 8-byte alignment.
        assertEquals(16, Conversions.cmsgLen(0));
        assertEquals(20, Conversions.cmsgLen(4));
        assertEquals(24, Conversions.cmsgSpace(4));
        assertEquals(Conversions.cmsgLen(8), Conversions.cmsgSpace(8));
        assertThrows(IllegalArgumentException.class, () -> Conversions.cmsgLen(-1));
        assertThrows(IllegalArgumentException.class, () -> Conversions.cmsgSpace(1L << 40));
    }
}
