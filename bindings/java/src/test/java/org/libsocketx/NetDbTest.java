// SPDX-License-Identifier: MIT
package org.libsocketx;

import static org.junit.jupiter.api.Assertions.*;

import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetDbTest {
    @Test void getAddrInfoLocalhost() throws Exception {
        List<NetDb.AddrInfo> all = NetDb.getAddrInfo("127.0.0.1", "http", SocketX.AF_INET, SocketX.SOCK_STREAM, 0, 0);
        assertEquals(1, all.size());
        NetDb.AddrInfo a = all.get(0);
        assertEquals(SocketX.AF_INET, a.family());
        assertEquals(SocketX.SOCK_STREAM, a.type());
        assertEquals(6, a.proto());
        assertEquals("", a.canonName());
        assertEquals("127.0.0.1", a.address().host());
        assertEquals(80, a.address().port());
        assertThrows(UnsupportedOperationException.class, () -> all.add(a));

        List<NetDb.AddrInfo> named = NetDb.getAddrInfo("localhost", 8080);
        assertFalse(named.isEmpty());
        assertTrue(named.stream().allMatch(x -> x.address().port() == 8080 && x.type() == SocketX.SOCK_STREAM));
        assertTrue(named.stream().anyMatch(x -> x.address().host().equals("127.0.0.1")), named.toString());

        List<NetDb.AddrInfo> canon = NetDb.getAddrInfo("localhost", null, SocketX.AF_INET, SocketX.SOCK_STREAM, 0, NetDb.AI_CANONNAME);
        assertEquals("localhost", canon.get(0).canonName());
        assertEquals(0, canon.get(0).address().port()); // None port
        // An int port is formatted as Python does: 70000 keeps 16 bits.
        assertEquals(70000 & 0xFFFF, NetDb.getAddrInfo("127.0.0.1", 70000L, 0, SocketX.SOCK_STREAM, 0, 0).get(0).address().port());
        // The wildcard: null host with AI_PASSIVE.
        assertEquals("0.0.0.0", NetDb.getAddrInfo(null, "80", SocketX.AF_INET, SocketX.SOCK_STREAM, 0, NetDb.AI_PASSIVE)
            .get(0).address().host());
    }

    @Test void resolverErrorsAreUnknownHost() {
        UnknownHostException e = assertThrows(UnknownHostException.class,
            () -> NetDb.getAddrInfo("", "80", 0, SocketX.SOCK_STREAM, 0, 0)); // "" is not the wildcard
        assertTrue(SocketXErrors.isResolverError(SocketXErrors.status(e)), e.getMessage());
        assertThrows(UnknownHostException.class,
            () -> NetDb.getAddrInfo("localhost", "80", 0, SocketX.SOCK_STREAM, 0, NetDb.AI_NUMERICHOST));
        assertThrows(UnknownHostException.class,
            () -> NetDb.getAddrInfo("127.0.0.1", "no-such-service-x", 0, SocketX.SOCK_STREAM, 0, 0));
        // gethostbyname_ex("") fails in the host database: an SX_EHOST_* code.
        UnknownHostException h = assertThrows(UnknownHostException.class, () -> NetDb.getHostByNameEx(""));
        int st = SocketXErrors.status(h);
        assertTrue(st <= -1201 && st >= -1299, "SX_EHOST_*: " + st);
        assertThrows(UnknownHostException.class, () -> NetDb.getNameInfo("localhost", 80, 0)); // host must be numeric
    }

    @Test void nameInfo() throws Exception {
        assertEquals(new NetDb.NameInfo("localhost", "http"), NetDb.getNameInfo("127.0.0.1", 80, 0));
        assertEquals(new NetDb.NameInfo("127.0.0.1", "80"),
            NetDb.getNameInfo("127.0.0.1", 80, NetDb.NI_NUMERICHOST | NetDb.NI_NUMERICSERV));
        assertEquals(new NetDb.NameInfo("localhost", "http"), NetDb.getNameInfo(Address.inet("127.0.0.1", 80), 0));
        // An IPv4 host with a scope: Python's "IPv4 sockaddr must be 2 tuple".
        assertThrows(IllegalArgumentException.class, () -> NetDb.getNameInfo("127.0.0.1", 80, 0, 3, 0));
        assertThrows(IllegalArgumentException.class, () -> NetDb.getNameInfo(Address.unix("/tmp/x"), 0));
    }

    @Test void hostDatabase() throws Exception {
        assertEquals("127.0.0.1", NetDb.getHostByName("localhost"));
        assertEquals("0.0.0.0", NetDb.getHostByName(""));
        assertEquals("127.0.0.1", NetDb.getHostByName("127.1"));
        NetDb.HostEntry e = NetDb.getHostByNameEx("localhost");
        assertEquals("localhost", e.name());
        assertTrue(e.addresses().contains("127.0.0.1"), e.toString());
        NetDb.HostEntry r = NetDb.getHostByAddr("127.0.0.1");
        assertEquals("localhost", r.name());
        assertEquals(List.of("127.0.0.1"), r.addresses());
        assertNotNull(r.aliases());
        IllegalArgumentException wild = assertThrows(IllegalArgumentException.class, () -> NetDb.getHostByAddr(""));
        assertEquals(SocketXErrors.SX_EARG, SocketXErrors.status(wild));
    }

    @Test void hostnames() throws Exception {
        String name = NetDb.hostname();
        assertFalse(name.isEmpty());
        assertFalse(NetDb.getFqdn().isEmpty());
        assertEquals(NetDb.getFqdn(), NetDb.getFqdn(""));
        assertEquals("localhost", NetDb.getFqdn("  localhost  ")); // stripped, as Python does
        // A name longer than a DNS name may be fails to resolve and comes back as it is: a
        // 300-byte result, past the glue's 256-byte first buffer, so the SX_ETRUNC retry runs.
        String longName = ("a".repeat(60) + ".").repeat(4) + "x".repeat(50) + ".invalid";
        assertEquals(longName, NetDb.getFqdn(longName));
        // Only the current name is set: tests must not change the machine.
        NetDb.setHostname(name);
        assertEquals(name, NetDb.hostname());
    }

    @Test void protocolsAndServices() throws Exception {
        assertEquals(6, NetDb.getProtoByName("tcp"));
        assertEquals(6, NetDb.getProtoByName("TCP"));
        assertEquals(80, NetDb.getServByName("http", "tcp"));
        assertEquals(80, NetDb.getServByName("http", null));
        assertEquals("http", NetDb.getServByPort(80, "tcp"));
        assertEquals("ssh", NetDb.getServByPort(22, null));
        // "Not found" is no host failure: SocketException with SX_ENOTFOUND.
        SocketException p = assertThrows(SocketException.class, () -> NetDb.getProtoByName("no-such-proto"));
        assertEquals(SocketXErrors.SocketError.class, p.getClass());
        assertEquals(SocketXErrors.SX_ENOTFOUND, SocketXErrors.status(p));
        assertEquals(SocketXErrors.SX_ENOTFOUND, SocketXErrors.status(
            assertThrows(SocketException.class, () -> NetDb.getServByName("no-such-service", "tcp"))));
        assertEquals(SocketXErrors.SX_EOUTOFRANGE, SocketXErrors.status(
            assertThrows(IllegalArgumentException.class, () -> NetDb.getServByPort(70000, "tcp"))));
    }

    @Test void embeddedNulRefused() {
        // Refused in Java: modified UTF-8 would turn U+0000 into C0 80 and C would see another name.
        assertThrows(IllegalArgumentException.class, () -> NetDb.getAddrInfo("local\0host", 80));
        assertThrows(IllegalArgumentException.class, () -> NetDb.getAddrInfo("localhost", "ht\0tp", 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> NetDb.getNameInfo("127.0.0.1\0", 80, 0));
        assertThrows(IllegalArgumentException.class, () -> NetDb.getHostByName("a\0b"));
        assertThrows(IllegalArgumentException.class, () -> NetDb.getHostByNameEx("a\0b"));
        assertThrows(IllegalArgumentException.class, () -> NetDb.getHostByAddr("a\0b"));
        assertThrows(IllegalArgumentException.class, () -> NetDb.getFqdn("a\0b"));
        assertThrows(IllegalArgumentException.class, () -> NetDb.setHostname("a\0b"));
        assertThrows(IllegalArgumentException.class, () -> NetDb.getProtoByName("tcp\0"));
        assertThrows(IllegalArgumentException.class, () -> NetDb.getServByName("http", "tcp\0"));
        assertThrows(IllegalArgumentException.class, () -> NetDb.getServByPort(80, "\0"));
        assertThrows(NullPointerException.class, () -> NetDb.getHostByName(null));
    }
}
