// SPDX-License-Identifier: MIT
package org.libsocketx;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A live AF_PACKET socket on "lo": a UDP datagram over loopback, seen with its link-layer sender. */
class PacketLiveTest {
    private static boolean contains(byte[] hay, int n, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= n; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return true;
        }
        return false;
    }

    @Test void receivesALoopbackDatagram() throws Exception {
        int lo = (int) NetworkInterfaces.nameToIndex("lo");
        try (Socket p = Socket.open(PacketAddress.AF_PACKET, SocketX.SOCK_DGRAM, Conversions.htons(PacketAddress.ETH_P_ALL));
             Socket rx = Socket.open(SocketX.AF_INET, SocketX.SOCK_DGRAM);
             Socket tx = Socket.open(SocketX.AF_INET, SocketX.SOCK_DGRAM)) {
            p.bind(PacketAddress.of("lo", PacketAddress.ETH_P_ALL));
            Address bound = p.localAddress();
            assertTrue(bound instanceof PacketAddress, bound.getClass().toString());
            assertEquals(lo, ((PacketAddress) bound).ifindex());
            p.setTimeout(Duration.ofSeconds(2));
            // lo may be busy with other programs' traffic, which fills the socket's buffer
            // before our datagram comes: a large buffer (SO_RCVBUFFORCE as root, else
            // SO_RCVBUF), and the datagram sent again every 100 ms until it is seen.
            try {
                p.setSockOpt(SocketX.SOL_SOCKET, 33 /* SO_RCVBUFFORCE */, 32L << 20);
            } catch (java.net.SocketException e) {
                p.setSockOpt(SocketX.SOL_SOCKET, SocketX.SO_RCVBUF, 32L << 20);
            }
            rx.bind(Address.inet("127.0.0.1", 0));
            byte[] payload = ("libsocketx-java-packet-" + System.nanoTime()).getBytes(StandardCharsets.US_ASCII);

            byte[] buf = new byte[65536];
            PacketAddress from = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos(), nextSend = 0;
            for (int i = 0; i < 2_000_000 && System.nanoTime() < deadline; i++) {
                if (System.nanoTime() >= nextSend) {
                    tx.sendTo(payload, rx.localAddress());
                    nextSend = System.nanoTime() + Duration.ofMillis(100).toNanos();
                }
                Socket.Received r = p.recvFrom(buf);
                if (contains(buf, r.count(), payload)) {
                    assertTrue(r.address() instanceof PacketAddress, String.valueOf(r.address()));
                    from = (PacketAddress) r.address();
                    break;
                }
            }
            assertNotNull(from, "the datagram never showed on the packet socket");
            assertEquals("lo", from.ifname());
            assertEquals(lo, from.ifindex());
            assertEquals(0x0800, from.protocol(), "an IPv4 packet");
            assertTrue(from.packetType() == PacketAddress.PACKET_HOST || from.packetType() == PacketAddress.PACKET_OUTGOING,
                "packet type " + from.packetType());
            assertEquals(772, from.hardwareType(), "ARPHRD_LOOPBACK");
            assertTrue(from.toString().startsWith("packet:lo:0x0800:"), from.toString());
            assertEquals(new String(payload, StandardCharsets.US_ASCII),
                new String(rx.recv(payload.length + 10), StandardCharsets.US_ASCII));
        }
    }

    @Test void packetMembership() throws Exception {
        int lo = (int) NetworkInterfaces.nameToIndex("lo");
        try (Socket p = Socket.open(PacketAddress.AF_PACKET, 3 /* SOCK_RAW */, Conversions.htons(PacketAddress.ETH_P_ALL))) {
            p.packetMembership(true, lo, PacketAddress.PACKET_MR_PROMISC, null);
            p.packetMembership(false, java.net.NetworkInterface.getByIndex(lo), PacketAddress.PACKET_MR_PROMISC, null);
            byte[] mcast = {0x01, 0x00, 0x5e, 0x00, 0x00, 0x01};
            p.packetMembership(true, lo, PacketAddress.PACKET_MR_MULTICAST, mcast);
            p.packetMembership(false, lo, PacketAddress.PACKET_MR_MULTICAST, mcast);
            assertThrows(IllegalArgumentException.class,
                () -> p.packetMembership(true, lo, PacketAddress.PACKET_MR_MULTICAST, new byte[9]));
            assertEquals(SocketXErrors.SX_EOUTOFRANGE, SocketXErrors.status(assertThrows(IllegalArgumentException.class,
                () -> p.packetMembership(true, 0, PacketAddress.PACKET_MR_PROMISC, null))));
        }
    }
}
