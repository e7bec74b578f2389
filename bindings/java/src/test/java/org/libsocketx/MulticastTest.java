// SPDX-License-Identifier: MIT
package org.libsocketx;

import static org.junit.jupiter.api.Assertions.*;

import java.net.BindException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Multicast joins and leaves on loopback, any-source and source-specific, v4 and v6. */
class MulticastTest {
    private static final InetAddress GROUP4 = addr("239.255.42.99"), GROUP6 = addr("ff12::4242");
    private static final InetAddress LOCAL4 = addr("127.0.0.1");

    private static InetAddress addr(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Test void anySourceV4() throws Exception {
        NetworkInterface lo = NetworkInterface.getByName("lo");
        try (Socket s = Socket.open(SocketX.AF_INET, SocketX.SOCK_DGRAM)) {
            Membership m = s.joinGroup(GROUP4, lo);
            assertEquals(GROUP4, m.group());
            assertEquals(lo, m.networkInterface());
            assertNull(m.sourceAddress());
            assertTrue(m.isValid());
            BindException again = assertThrows(BindException.class, () -> s.joinGroup(GROUP4, lo));
            assertEquals(SocketXErrors.SX_EADDRINUSE, SocketXErrors.status(again));
            m.drop();
            assertFalse(m.isValid());
            m.drop(); // harmless
            BindException notJoined = assertThrows(BindException.class, () -> s.leaveGroup(GROUP4, lo));
            assertEquals(SocketXErrors.SX_EADDRNOTAVAIL, SocketXErrors.status(notJoined));
            s.joinGroup(GROUP4, lo.getIndex());
            s.leaveGroup(GROUP4, lo.getIndex());
            // Not a multicast address.
            assertThrows(IllegalArgumentException.class, () -> s.joinGroup(LOCAL4, lo));
        }
    }

    @Test void sourceSpecificV4() throws Exception {
        NetworkInterface lo = NetworkInterface.getByName("lo");
        try (Socket s = Socket.open(SocketX.AF_INET, SocketX.SOCK_DGRAM)) {
            Membership m = s.joinGroup(GROUP4, lo, LOCAL4);
            assertEquals(LOCAL4, m.sourceAddress());
            assertThrows(BindException.class, () -> s.joinGroup(GROUP4, lo.getIndex(), LOCAL4));
            s.leaveGroup(GROUP4, lo, LOCAL4);
            // Leaving a source of a group no longer joined: the kernel's EINVAL.
            java.net.SocketException e = assertThrows(java.net.SocketException.class, () -> s.leaveGroup(GROUP4, lo, LOCAL4));
            assertEquals(SocketX.errorCode("SX_EINVAL"), SocketXErrors.status(e), e.toString());
        }
    }

    @Test void byInterfaceAddressV4() throws Exception {
        try (Socket s = Socket.open(SocketX.AF_INET, SocketX.SOCK_DGRAM)) {
            s.joinGroupV4((Inet4Address) GROUP4, (Inet4Address) LOCAL4);
            assertThrows(BindException.class, () -> s.joinGroupV4((Inet4Address) GROUP4, (Inet4Address) LOCAL4));
            s.leaveGroupV4((Inet4Address) GROUP4, (Inet4Address) LOCAL4);
            assertThrows(BindException.class, () -> s.leaveGroupV4((Inet4Address) GROUP4, (Inet4Address) LOCAL4));
            assertThrows(IllegalArgumentException.class, () -> s.joinGroupV4((Inet4Address) LOCAL4, null));
        }
    }

    /** A datagram sent to the group on lo comes back to the member (IP_MULTICAST_LOOP is on by default). */
    @Test void memberReceivesTheGroupsDatagrams() throws Exception {
        NetworkInterface lo = NetworkInterface.getByName("lo");
        try (Socket rx = Socket.open(SocketX.AF_INET, SocketX.SOCK_DGRAM);
             Socket tx = Socket.open(SocketX.AF_INET, SocketX.SOCK_DGRAM)) {
            rx.setSockOpt(SocketX.SOL_SOCKET, SocketX.SO_REUSEADDR, true);
            rx.bind(Address.inet("0.0.0.0", 0));
            int port = rx.localAddress().port();
            rx.joinGroup(GROUP4, lo);
            rx.setTimeout(Duration.ofSeconds(5));
            // IP_MULTICAST_IF = 32: send through lo, by its address.
            tx.setSockOpt(SocketX.IPPROTO_IP, 32, LOCAL4.getAddress());
            byte[] msg = "to the group".getBytes(StandardCharsets.US_ASCII);
            tx.sendTo(msg, Address.of(GROUP4, port));
            assertArrayEquals(msg, rx.recv(100));
        }
    }

    @Test void ipv6() throws Exception {
        NetworkInterface lo = NetworkInterface.getByName("lo");
        try (Socket s = Socket.open(SocketX.AF_INET6, SocketX.SOCK_DGRAM)) {
            Membership m = s.joinGroup(GROUP6, lo);
            assertThrows(BindException.class, () -> s.joinGroup(GROUP6, lo));
            m.drop();
            Membership ssm = s.joinGroup(GROUP6, lo, addr("::1"));
            ssm.drop();
            // An IPv4 group on an AF_INET6 socket goes as ::ffff:a.b.c.d, as on NIO's channels.
            Membership v4 = s.joinGroup(GROUP4, lo);
            assertThrows(BindException.class, () -> s.joinGroup(GROUP4, lo));
            v4.drop();
        }
        // An IPv6 group on an AF_INET socket is refused.
        try (Socket s4 = Socket.open(SocketX.AF_INET, SocketX.SOCK_DGRAM)) {
            assertThrows(IllegalArgumentException.class, () -> s4.joinGroup(GROUP6, lo));
        }
    }
}
