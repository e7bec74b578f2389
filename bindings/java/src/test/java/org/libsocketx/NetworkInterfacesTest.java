// SPDX-License-Identifier: MIT
package org.libsocketx;

import static org.junit.jupiter.api.Assertions.*;

import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkInterfacesTest {
    @Test void loopback() throws Exception {
        List<NetworkInterfaces.Entry> all = NetworkInterfaces.nameIndex();
        NetworkInterfaces.Entry lo = all.stream().filter(e -> e.name().equals("lo")).findFirst().orElseThrow();
        assertTrue(lo.index() > 0);
        assertEquals(lo.index(), NetworkInterfaces.nameToIndex("lo"));
        assertEquals("lo", NetworkInterfaces.indexToName(lo.index()));
        // The JDK agrees.
        assertEquals(lo.index(), NetworkInterface.getByName("lo").getIndex());
        for (NetworkInterfaces.Entry e : all) assertEquals(e.name(), NetworkInterfaces.indexToName(e.index()));
    }

    @Test void unknown() {
        assertEquals(SocketXErrors.SX_ENOTFOUND, SocketXErrors.status(
            assertThrows(SocketException.class, () -> NetworkInterfaces.nameToIndex("no-such-if0"))));
        assertThrows(SocketException.class, () -> NetworkInterfaces.nameToIndex(""));
        SocketException e = assertThrows(SocketException.class, () -> NetworkInterfaces.indexToName(0));
        assertEquals(SocketX.errorName(SocketXErrors.status(e)), "SX_ENXIO");
        assertThrows(IllegalArgumentException.class, () -> NetworkInterfaces.nameToIndex("lo\0"));
    }
}
