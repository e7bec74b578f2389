// SPDX-License-Identifier: MIT
package org.libsocketx;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SocketXTest {
    @Test void constants() throws Exception {
        assertEquals(2, SocketX.constant("AF_INET")); // Linux native values
        assertEquals(1, SocketX.AF_UNIX);
        Map<String, Long> all = SocketX.constants();
        assertTrue(all.size() > 100, "only " + all.size());
        assertEquals(Long.valueOf(SocketX.SO_REUSEADDR), all.get("SO_REUSEADDR"));
        String prev = "";
        for (String k : all.keySet()) {
            assertTrue(k.compareTo(prev) > 0, k);
            prev = k;
        }
        SocketXErrors.SocketError e = assertThrows(SocketXErrors.SocketError.class, () -> SocketX.constant("NO_SUCH_CONSTANT"));
        assertEquals(SocketXErrors.SX_ENOTFOUND, e.status());
    }

    @Test void versionAndAbi() throws Exception {
        int[] v = SocketX.versionNumbers();
        assertEquals(v[0] + "." + v[1] + "." + v[2], SocketX.version());
        assertEquals(1, v[0]);
        assertTrue(SocketX.abiLevel().startsWith("SOCKETX_1."), SocketX.abiLevel());
    }

    @Test void familySupport() throws Exception {
        assertEquals(new SocketX.FamilySupport(true, true), SocketX.familySupported(SocketX.AF_INET));
        assertEquals(new SocketX.FamilySupport(true, true), SocketX.familySupported(SocketX.AF_UNIX));
        assertThrows(IllegalArgumentException.class, () -> SocketX.familySupported(-1));
    }

    @Test void errorNames() throws Exception {
        assertEquals("SX_ECONNREFUSED", SocketX.errorName(-111));
        assertEquals("SX_OK", SocketX.errorName(0));
        assertEquals(-111, SocketX.errorCode("SX_ECONNREFUSED"));
        assertEquals(SocketXErrors.SX_ETIMEOUT, SocketX.errorCode("ETIMEOUT"));
        assertFalse(SocketX.strerror(-111).isEmpty());
        assertEquals(SocketXErrors.SX_ENOTFOUND, SocketXErrors.status(
            assertThrows(SocketXErrors.SocketError.class, () -> SocketX.errorCode("SX_NOPE"))));
        // The Java status constants must agree with the library's names.
        for (int code : new int[] {SocketXErrors.SX_EAGAIN, SocketXErrors.SX_EPIPE, SocketXErrors.SX_EADDRINUSE,
                SocketXErrors.SX_EADDRNOTAVAIL, SocketXErrors.SX_ENETUNREACH, SocketXErrors.SX_ECONNRESET,
                SocketXErrors.SX_ECONNREFUSED, SocketXErrors.SX_EHOSTUNREACH, SocketXErrors.SX_EINPROGRESS,
                SocketXErrors.SX_ETIMEOUT, SocketXErrors.SX_EBADHANDLE, SocketXErrors.SX_ECLOSED, SocketXErrors.SX_EARG,
                SocketXErrors.SX_ENOTSUP, SocketXErrors.SX_ETRUNC, SocketXErrors.SX_ENOTFOUND, SocketXErrors.SX_EOUTOFRANGE}) {
            assertEquals(code, SocketX.errorCode(SocketX.errorName(code)));
            assertNotEquals("SX_EUNKNOWN", SocketX.errorName(code));
        }
    }

    @Test void lastErrorDetail() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> Address.unix("/".repeat(200)));
        assertTrue(SocketX.lastErrorDetail().contains("too long"), SocketX.lastErrorDetail());
    }
}
