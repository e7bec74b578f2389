// SPDX-License-Identifier: MIT
package org.libsocketx;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.net.SocketAddress;
import java.net.SocketException;
import org.junit.jupiter.api.Test;

/** Every family's address type: construct, fields, text form, the C handle round trip, bad input. */
class FamilyAddressTest {
    /** The same address back through the C handle's raw bytes and its text form, typed by the registry. */
    private static <T extends Address> T roundTrip(T a) throws Exception {
        Address raw = Address.fromSockaddr(a.toSockaddr());
        assertEquals(a.getClass(), raw.getClass(), "registry type from raw bytes");
        assertEquals(a, raw);
        assertEquals(a.hashCode(), raw.hashCode());
        assertEquals(a.toString(), raw.toString());
        Address text = Address.parse(a.toString());
        assertEquals(a.getClass(), text.getClass(), "registry type from text " + a);
        assertEquals(a, text);
        @SuppressWarnings("unchecked") T t = (T) text;
        return t;
    }

    private static int status(Throwable e) {
        return SocketXErrors.status(e);
    }

    @Test void netlink() throws Exception {
        NetlinkAddress a = NetlinkAddress.of(1234, 0x5);
        assertTrue(a instanceof SocketAddress);
        assertEquals(NetlinkAddress.AF_NETLINK, a.family());
        assertEquals(16, NetlinkAddress.AF_NETLINK);
        assertEquals(1234, a.pid());
        assertEquals(5, a.groups());
        assertEquals("netlink:1234:5", a.toString());
        NetlinkAddress b = roundTrip(a);
        assertEquals(1234, b.pid());
        assertEquals(5, b.groups());
        // Unsigned 32-bit values are held bit for bit.
        NetlinkAddress max = NetlinkAddress.of(-1, -1);
        assertEquals("netlink:4294967295:4294967295", max.toString());
        assertEquals(0xFFFF_FFFFL, Integer.toUnsignedLong(roundTrip(max).pid()));
        assertEquals(a, NetlinkAddress.parse("netlink:1234:5"));
        assertNotEquals(a, NetlinkAddress.of(1234, 4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NetlinkAddress.parse("netlink:x:1"));
        assertEquals(SocketXErrors.SX_EARG, status(e));
        assertThrows(IllegalArgumentException.class, () -> NetlinkAddress.parse("netlink:4294967296:0"));
        // Another family's text is refused by this family's parse.
        assertThrows(IllegalArgumentException.class, () -> NetlinkAddress.parse("vsock:2:1"));
    }

    @Test void vsock() throws Exception {
        VsockAddress a = VsockAddress.of(VsockAddress.CID_HOST, 1234);
        assertEquals(VsockAddress.AF_VSOCK, a.family());
        assertEquals(2, a.cid());
        assertEquals(1234, a.port());
        assertEquals("vsock:2:1234", a.toString());
        assertEquals(a, roundTrip(a));
        VsockAddress any = VsockAddress.of(VsockAddress.CID_ANY, VsockAddress.PORT_ANY);
        assertEquals("vsock:4294967295:4294967295", any.toString());
        assertEquals(VsockAddress.CID_ANY, roundTrip(any).cid());
        assertEquals(a, VsockAddress.parse("vsock:2:1234"));
        assertThrows(IllegalArgumentException.class, () -> VsockAddress.parse("vsock:2"));
    }

    @Test void vsockLocalCid() throws Exception {
        // This kernel has /dev/vsock without a loopback transport: the ioctl either answers or
        // fails with the OS's code; without /dev/vsock it is SX_ENOTSUP. Never a wrong number.
        try {
            int cid = Socket.vsockLocalCid();
            assertNotEquals(VsockAddress.CID_ANY, cid);
        } catch (SocketException e) {
            assertTrue(status(e) < 0, e.toString());
        }
    }

    @Test void qipcrtr() throws Exception {
        QipcrtrAddress a = QipcrtrAddress.of(7, 42);
        assertEquals(QipcrtrAddress.AF_QIPCRTR, a.family());
        assertEquals(7, a.node());
        assertEquals(42, a.port());
        assertEquals("qipcrtr:7:42", a.toString());
        QipcrtrAddress b = roundTrip(a);
        assertEquals(7, b.node());
        assertThrows(IllegalArgumentException.class, () -> QipcrtrAddress.parse("qipcrtr:-1:0"));
    }

    @Test void tipc() throws Exception {
        TipcAddress n = TipcAddress.name(18888, 17, TipcAddress.CLUSTER_SCOPE);
        assertEquals(TipcAddress.AF_TIPC, n.family());
        assertEquals(TipcAddress.ADDR_NAME, n.addrType());
        assertEquals(18888, n.v1());
        assertEquals(17, n.v2());
        assertEquals(17, n.v3()); // read back as the instance, as CPython reports it
        assertEquals(TipcAddress.CLUSTER_SCOPE, n.scope());
        assertEquals("tipc:name:18888:17:17:2", n.toString());
        assertEquals(n, roundTrip(n));
        TipcAddress seq = TipcAddress.nameSeq(100, 1, 9, TipcAddress.NODE_SCOPE);
        assertEquals("tipc:nameseq:100:1:9:3", seq.toString());
        TipcAddress seq2 = roundTrip(seq);
        assertEquals(9, seq2.v3());
        TipcAddress id = TipcAddress.id(0x1001, 77, TipcAddress.ZONE_SCOPE);
        assertEquals(0, id.v3());
        assertEquals(TipcAddress.ADDR_ID, roundTrip(id).addrType());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TipcAddress.of(9, 1, 2, 3, 2));
        assertTrue(((SocketXStatus) e).detail().contains("Invalid address type"), ((SocketXStatus) e).detail());
        assertEquals(SocketXErrors.SX_EOUTOFRANGE, status(assertThrows(IllegalArgumentException.class,
            () -> TipcAddress.name(1, 2, 256))));
    }

    @Test void packet() throws Exception {
        PacketAddress a = PacketAddress.of("lo", 0x0800, PacketAddress.PACKET_HOST, 772, new byte[6]);
        assertEquals(PacketAddress.AF_PACKET, a.family());
        assertEquals("lo", a.ifname());
        assertEquals(NetworkInterfaces.nameToIndex("lo"), a.ifindex());
        assertEquals(0x0800, a.protocol());
        assertEquals(PacketAddress.PACKET_HOST, a.packetType());
        assertEquals(772, a.hardwareType());
        assertArrayEquals(new byte[6], a.hardwareAddress());
        assertEquals("packet:lo:0x0800:0:772:00:00:00:00:00:00", a.toString());
        PacketAddress b = roundTrip(a);
        assertEquals("lo", b.ifname());
        assertArrayEquals(new byte[6], b.hardwareAddress());
        PacketAddress mac = PacketAddress.ofIndex(a.ifindex(), 0x88b5, PacketAddress.PACKET_BROADCAST, 1,
            new byte[] {0x02, 0, 0, 0, 0, (byte) 0xff});
        assertEquals("packet:lo:0x88b5:1:1:02:00:00:00:00:ff", mac.toString());
        assertEquals(mac, roundTrip(mac));
        PacketAddress bare = PacketAddress.of("lo", PacketAddress.ETH_P_ALL);
        assertEquals(0, bare.hardwareAddress().length);
        assertEquals(bare, PacketAddress.parse(bare.toString()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> PacketAddress.of("lo", 0x0800, 0, 1, new byte[9]));
        assertTrue(((SocketXStatus) e).detail().contains("8 bytes or less"), ((SocketXStatus) e).detail());
        assertEquals(SocketXErrors.SX_EOUTOFRANGE, status(assertThrows(IllegalArgumentException.class,
            () -> PacketAddress.of("lo", 0x10000))));
        SocketException gone = assertThrows(SocketException.class, () -> PacketAddress.of("nosuchif0", 3));
        assertEquals(SocketXErrors.SX_ENOTFOUND, status(gone));
    }

    @Test void can() throws Exception {
        CanAddress any = CanAddress.of("");
        assertEquals(CanAddress.AF_CAN, any.family());
        assertEquals("", any.ifname());
        assertEquals(0, any.ifindex());
        assertEquals(CanAddress.CAN_RAW, any.protocol());
        assertEquals("can:", any.toString());
        CanAddress lo = CanAddress.of("lo");
        assertEquals("can:lo", lo.toString());
        assertEquals(NetworkInterfaces.nameToIndex("lo"), lo.ifindex());
        assertEquals(lo, roundTrip(lo));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CanAddress.of("x".repeat(16)));
        assertTrue(((SocketXStatus) e).detail().contains("too long"), ((SocketXStatus) e).detail());

        IsoTpAddress iso = IsoTpAddress.of("lo", 0x123, 0x456 | CanFrame.EFF_FLAG);
        assertEquals(CanAddress.CAN_ISOTP, iso.protocol());
        assertEquals(0x123, iso.rxId());
        assertEquals(0x80000456, iso.txId());
        assertEquals("lo", iso.ifname());
        assertEquals("can-isotp:lo:0x123:0x80000456", iso.toString());
        IsoTpAddress iso2 = IsoTpAddress.parse(iso.toString());
        assertEquals(iso, iso2);
        assertEquals(0x80000456, iso2.txId());
        assertTrue(CanAddress.parse(iso.toString()) instanceof IsoTpAddress);
        assertThrows(IllegalArgumentException.class, () -> IsoTpAddress.parse("can:lo"));

        J1939Address j = J1939Address.of("", 0x1234_5678_9abc_def0L, 0x0ee00, 0x80);
        assertEquals(CanAddress.CAN_J1939, j.protocol());
        assertEquals(0x1234_5678_9abc_def0L, j.name());
        assertEquals(0x0ee00, j.pgn());
        assertEquals(0x80, j.address());
        J1939Address j2 = J1939Address.parse(j.toString());
        assertEquals(j, j2);
        assertEquals(j.name(), j2.name());
        J1939Address none = J1939Address.of("lo", J1939Address.NO_NAME, J1939Address.NO_PGN, J1939Address.NO_ADDR);
        assertEquals(J1939Address.NO_PGN, J1939Address.parse(none.toString()).pgn());
        assertEquals(SocketXErrors.SX_EOUTOFRANGE, status(assertThrows(IllegalArgumentException.class,
            () -> J1939Address.of("", 0, 0, 256))));
    }

    @Test void alg() throws Exception {
        AlgAddress a = AlgAddress.of("hash", "sha256");
        assertEquals(AlgAddress.AF_ALG, a.family());
        assertEquals("hash", a.type());
        assertEquals("sha256", a.name());
        assertEquals(0, a.feat());
        assertEquals(0, a.mask());
        assertEquals("alg:hash:sha256:0:0", a.toString());
        AlgAddress b = AlgAddress.of("skcipher", "cbc(aes)", 1, -1);
        AlgAddress b2 = roundTrip(b);
        assertEquals("cbc(aes)", b2.name());
        assertEquals(-1, b2.mask());
        assertEquals(1, b2.feat());
        assertEquals(a, AlgAddress.parse("alg:hash:sha256:0:0"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AlgAddress.of("x".repeat(14), "sha256"));
        assertTrue(((SocketXStatus) e).detail().contains("AF_ALG type too long"), ((SocketXStatus) e).detail());
        e = assertThrows(IllegalArgumentException.class, () -> AlgAddress.of("hash", "x".repeat(64)));
        assertTrue(((SocketXStatus) e).detail().contains("AF_ALG name too long"), ((SocketXStatus) e).detail());
    }

    @Test void bluetooth() throws Exception {
        L2capAddress l = L2capAddress.of("01:23:45:67:89:ab", 0x1001, 0x40, L2capAddress.BDADDR_LE_PUBLIC);
        assertEquals(BluetoothAddress.AF_BLUETOOTH, l.family());
        assertEquals(BluetoothAddress.BTPROTO_L2CAP, l.protocol());
        assertEquals("01:23:45:67:89:AB", l.bdaddr());
        assertEquals(0x1001, l.psm());
        assertEquals(0x40, l.cid());
        assertEquals(L2capAddress.BDADDR_LE_PUBLIC, l.bdaddrType());
        assertEquals("l2cap:[01:23:45:67:89:AB]:4097:64:1", l.toString());
        L2capAddress l2 = roundTrip(l);
        assertEquals(0x1001, l2.psm());

        RfcommAddress r = RfcommAddress.of(BluetoothAddress.BDADDR_ANY, 3);
        assertEquals("rfcomm:[00:00:00:00:00:00]:3", r.toString());
        assertEquals(3, roundTrip(r).channel());
        assertEquals(BluetoothAddress.BTPROTO_RFCOMM, r.protocol());

        HciAddress h = HciAddress.of(0, HciAddress.CHANNEL_MONITOR);
        assertEquals("hci:0:2", h.toString());
        HciAddress h2 = roundTrip(h);
        assertEquals(0, h2.deviceId());
        assertEquals(HciAddress.CHANNEL_MONITOR, h2.channel());

        ScoAddress s = ScoAddress.of(BluetoothAddress.BDADDR_LOCAL);
        assertEquals("sco:[00:00:00:FF:FF:FF]", s.toString());
        assertEquals(BluetoothAddress.BDADDR_LOCAL, roundTrip(s).bdaddr());
        assertTrue(BluetoothAddress.parse(s.toString()) instanceof ScoAddress);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ScoAddress.of("01:23:45:67:89"));
        assertEquals(SocketXErrors.SX_EARG, status(e));
        assertThrows(IllegalArgumentException.class, () -> RfcommAddress.of("01:23:45:67:89:100", 1));
        assertEquals(SocketXErrors.SX_EOUTOFRANGE, status(assertThrows(IllegalArgumentException.class,
            () -> RfcommAddress.of(BluetoothAddress.BDADDR_ANY, 256))));
        assertThrows(IllegalArgumentException.class, () -> HciAddress.of(0x10000));
        assertThrows(IllegalArgumentException.class, () -> L2capAddress.of(BluetoothAddress.BDADDR_ANY, 0x10000));
    }

    /** The families of other systems: the same API, SX_ENOTSUP here, for every call. */
    @Test void otherSystemsFamilies() throws Exception {
        assertEquals(-1, HyperVAddress.AF_HYPERV);
        String uuid = "00000000-0000-0000-0000-000000000000";
        assertNotSupported(() -> HyperVAddress.of(uuid, uuid));
        assertNotSupported(() -> SystemAddress.of(1, 0));
        assertNotSupported(() -> SystemAddress.ofName("com.apple.network.statistics"));
        assertNotSupported(() -> LinkAddress.of(1, 6, "en0", new byte[6]));
        assertNotSupported(() -> DivertAddress.of("127.0.0.1", 8668));
        // Their field readers, on a handle of another family (there is none of theirs here).
        Address other = Address.inet("127.0.0.1", 1);
        assertNotSupported(() -> HyperVAddress.read(other.handle()));
        assertNotSupported(() -> SystemAddress.read(other.handle()));
        assertNotSupported(() -> LinkAddress.read(other.handle()));
        assertEquals("127.0.0.1:1", other.toString()); // still its owner's, untouched
    }

    private static void assertNotSupported(org.junit.jupiter.api.function.Executable call) {
        SocketException e = assertThrows(SocketException.class, call);
        assertEquals(SocketXErrors.SX_ENOTSUP, status(e), e.toString());
    }

    @Test void parseAnyFamilyByScheme() throws Exception {
        assertTrue(Address.parse("netlink:0:0") instanceof NetlinkAddress);
        assertTrue(Address.parse("vsock:2:1234") instanceof VsockAddress);
        assertTrue(Address.parse("can-j1939::0x0:0x40000:255") instanceof J1939Address);
        // AF_INET, AF_INET6 and AF_UNIX forms have no scheme: the family is named.
        assertEquals(Address.inet("127.0.0.1", 80), Address.parse(SocketX.AF_INET, "127.0.0.1:80"));
        assertEquals(Address.inet6("::1", 80), Address.parse(SocketX.AF_INET6, "[::1]:80"));
        assertThrows(IllegalArgumentException.class, () -> Address.parse("127.0.0.1:80"));
        assertEquals(Address.unix("/run/x.sock"), Address.parse(SocketX.AF_UNIX, "/run/x.sock"));
        assertThrows(IllegalArgumentException.class, () -> Address.parse("nosuchscheme:1"));
    }

    @Test void serializesAsItsBytes() throws Exception {
        VsockAddress a = VsockAddress.of(3, 99);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(a);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            Object back = in.readObject();
            assertTrue(back instanceof VsockAddress, back.getClass().toString());
            assertEquals(a, back);
            assertEquals(99, ((VsockAddress) back).port());
        }
    }
}
