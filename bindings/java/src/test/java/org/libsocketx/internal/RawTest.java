// SPDX-License-Identifier: MIT
package org.libsocketx.internal;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.libsocketx.SocketXErrors;

/**
 * Calls every function of the generated raw layer directly, and checks by reflection that
 * none was missed: a C function added to the API (and so to SxNative) fails this test until
 * it is exercised here. Also checks the glue's own conventions (NULL out-arrays, heap
 * buffers, short arrays).
 */
class RawTest {
    private final Set<String> called = new TreeSet<>();

    private void c(String name) { called.add(name); }

    private static final int AF_UNIX = 1, AF_INET = 2, AF_INET6 = 10, SOCK_STREAM = 1, SOCK_DGRAM = 2;
    private static final int SOL_SOCKET = 1, SO_REUSEADDR = 2;

    private static ByteBuffer direct(byte[] b) {
        ByteBuffer d = ByteBuffer.allocateDirect(b.length).put(b);
        d.flip();
        return d;
    }

    @Test void everyRawFunction() throws Exception {
        long[] l1 = new long[1], l2 = new long[1], l3 = new long[1];
        int[] i1 = new int[1];
        boolean[] b1 = new boolean[1], b2 = new boolean[1];
        double[] d1 = new double[1];
        String[] s1 = new String[1];
        byte[][] y1 = new byte[1][];

        c("sx_strerror"); assertFalse(SxNative.sx_strerror(-111).isEmpty());
        c("sx_error_name"); assertEquals("SX_EARG", SxNative.sx_error_name(SocketXErrors.SX_EARG));
        c("sx_error_code"); SxNative.sx_error_code("EARG", i1); assertEquals(SocketXErrors.SX_EARG, i1[0]);
        c("sx_constant"); SxNative.sx_constant("AF_INET6", l1); assertEquals(AF_INET6, l1[0]);
        c("sx_constant_count"); SxNative.sx_constant_count(l1); assertTrue(l1[0] > 0);
        c("sx_constant_at"); SxNative.sx_constant_at(0, s1, l2); assertNotNull(s1[0]);
        c("sx_version"); SxNative.sx_version(l1, l2, l3); assertEquals(1, l1[0]);
        c("sx_version_string"); assertEquals(l1[0] + "." + l2[0] + "." + l3[0], SxNative.sx_version_string());
        c("sx_abi_level"); SxNative.sx_abi_level(l1, l2); assertEquals(1, l1[0]);
        c("sx_family_supported"); SxNative.sx_family_supported(AF_UNIX, b1, b2); assertTrue(b1[0] && b2[0]);

        c("sx_addr_inet"); SxNative.sx_addr_inet("127.0.0.1", 0, l1);
        long inet = l1[0];
        c("sx_addr_inet6"); SxNative.sx_addr_inet6("::1", 5, 7, 0, l1);
        long inet6 = l1[0];
        c("sx_addr_unix"); SxNative.sx_addr_unix("/tmp/raw", l1);
        long unix = l1[0];
        c("sx_addr_unix_bytes"); SxNative.sx_addr_unix_bytes(direct(new byte[] {0, 'r'}), l1);
        long abs = l1[0];
        c("sx_addr_to_sockaddr"); SxNative.sx_addr_to_sockaddr(inet, y1); assertEquals(16, y1[0].length);
        byte[][] small = {new byte[4]}; // too small: SX_ETRUNC, then the glue retries with 16
        SxNative.sx_addr_to_sockaddr(inet, small);
        assertArrayEquals(y1[0], small[0]);
        c("sx_addr_from_sockaddr"); SxNative.sx_addr_from_sockaddr(direct(y1[0]), l1);
        long copy = l1[0];
        c("sx_addr_equal"); SxNative.sx_addr_equal(inet, copy, b1); assertTrue(b1[0]);
        c("sx_addr_family"); SxNative.sx_addr_family(inet6, i1); assertEquals(AF_INET6, i1[0]);
        c("sx_addr_host"); SxNative.sx_addr_host(inet6, s1); assertEquals("::1", s1[0]);
        c("sx_addr_port"); SxNative.sx_addr_port(inet6, i1); assertEquals(5, i1[0]);
        c("sx_addr_flowinfo"); SxNative.sx_addr_flowinfo(inet6, l1); assertEquals(7, l1[0]);
        c("sx_addr_scope_id"); SxNative.sx_addr_scope_id(inet6, l1); assertEquals(0, l1[0]);
        c("sx_addr_unix_path"); SxNative.sx_addr_unix_path(abs, y1); assertArrayEquals(new byte[] {0, 'r'}, y1[0]);
        c("sx_addr_to_string"); SxNative.sx_addr_to_string(unix, s1); assertEquals("/tmp/raw", s1[0]);

        c("sx_getdefaulttimeout"); SxNative.sx_getdefaulttimeout(d1); assertEquals(-1.0, d1[0]);
        c("sx_setdefaulttimeout"); SxNative.sx_setdefaulttimeout(-1.0);
        boolean[] on = new boolean[1];
        c("sx_thread_get_interruptible"); SxNative.sx_thread_get_interruptible(on); assertFalse(on[0]);
        c("sx_thread_set_interruptible"); SxNative.sx_thread_set_interruptible(1);
        SxNative.sx_thread_get_interruptible(on); assertTrue(on[0]);
        SxNative.sx_thread_set_interruptible(0);
        SxNative.sx_thread_get_interruptible(on); assertFalse(on[0]);

        c("sx_socketpair"); SxNative.sx_socketpair(AF_UNIX, SOCK_STREAM, 0, l1, l2);
        long a = l1[0], b = l2[0];
        c("sx_socket_send"); SxNative.sx_socket_send(a, direct(new byte[] {1, 2}), 0, l1); assertEquals(2, l1[0]);
        c("sx_socket_sendall"); SxNative.sx_socket_sendall(a, direct(new byte[] {3}), 0, null);
        ByteBuffer in = ByteBuffer.allocateDirect(8);
        c("sx_socket_recv"); SxNative.sx_socket_recv(b, in, 0, l1); assertEquals(3, l1[0]);
        assertEquals(0, in.position(), "the raw layer leaves the position alone");
        c("sx_socket_fileno"); SxNative.sx_socket_fileno(a, i1); int fd = i1[0];
        c("sx_socket_family"); SxNative.sx_socket_family(a, i1); assertEquals(AF_UNIX, i1[0]);
        c("sx_socket_type"); SxNative.sx_socket_type(a, i1); assertEquals(SOCK_STREAM, i1[0]);
        c("sx_socket_proto"); SxNative.sx_socket_proto(a, i1); assertEquals(0, i1[0]);
        c("sx_socket_set_inheritable"); SxNative.sx_socket_set_inheritable(a, 1);
        c("sx_socket_get_inheritable"); SxNative.sx_socket_get_inheritable(a, b1); assertTrue(b1[0]);
        c("sx_socket_settimeout"); SxNative.sx_socket_settimeout(a, 2.5);
        c("sx_socket_gettimeout"); SxNative.sx_socket_gettimeout(a, d1); assertEquals(2.5, d1[0]);
        c("sx_socket_setblocking"); SxNative.sx_socket_setblocking(a, 0);
        c("sx_socket_getblocking"); SxNative.sx_socket_getblocking(a, b1); assertFalse(b1[0]);
        c("sx_socket_getsockopt_int"); SxNative.sx_socket_getsockopt_int(a, SOL_SOCKET, SO_REUSEADDR, l1);
        c("sx_socket_setsockopt_int"); SxNative.sx_socket_setsockopt_int(a, SOL_SOCKET, SO_REUSEADDR, 1);
        c("sx_socket_setsockopt_bytes"); SxNative.sx_socket_setsockopt_bytes(a, SOL_SOCKET, SO_REUSEADDR, direct(new byte[] {1, 0, 0, 0}));
        byte[][] opt = {new byte[4]};
        c("sx_socket_getsockopt_bytes"); SxNative.sx_socket_getsockopt_bytes(a, SOL_SOCKET, SO_REUSEADDR, opt);
        assertEquals(4, opt[0].length);
        c("sx_socket_setsockopt_null");
        assertEquals(-14, SocketXErrors.status(assertThrows(java.io.IOException.class,
            () -> SxNative.sx_socket_setsockopt_null(a, SOL_SOCKET, SO_REUSEADDR, 4)))); // EFAULT
        c("sx_socket_shutdown"); SxNative.sx_socket_shutdown(a, 2);
        c("sx_socket_dup"); SxNative.sx_socket_dup(a, l1); long dup = l1[0];
        c("sx_socket_detach"); SxNative.sx_socket_detach(dup, i1); int detached = i1[0];
        c("sx_socket_adopt"); SxNative.sx_socket_adopt(detached, -1, -1, -1, l1); long adopted = l1[0];
        c("sx_socket_fromfd"); SxNative.sx_socket_fromfd(fd, -1, -1, -1, l1); long fromfd = l1[0];
        c("sx_socket_close");
        for (long h : new long[] {a, b, adopted, fromfd}) SxNative.sx_socket_close(h);
        SxNative.sx_socket_close(a); // idempotent

        c("sx_socket_open"); SxNative.sx_socket_open(AF_INET, SOCK_STREAM, 0, l1); long lis = l1[0];
        c("sx_socket_bind"); SxNative.sx_socket_bind(lis, inet);
        c("sx_socket_listen"); SxNative.sx_socket_listen(lis, Integer.MIN_VALUE);
        c("sx_socket_getsockname"); SxNative.sx_socket_getsockname(lis, l1); long where = l1[0];
        SxNative.sx_socket_open(AF_INET, SOCK_STREAM, 0, l1); long cli = l1[0];
        c("sx_socket_connect"); SxNative.sx_socket_connect(cli, where);
        c("sx_socket_accept"); SxNative.sx_socket_accept(lis, l1, null); long srv = l1[0]; // address not wanted
        c("sx_socket_getpeername"); SxNative.sx_socket_getpeername(srv, l1);
        SxNative.sx_addr_close(l1[0]);
        SxNative.sx_socket_open(AF_INET, SOCK_STREAM, 0, l1); long cli2 = l1[0];
        c("sx_socket_connect_ex"); SxNative.sx_socket_connect_ex(cli2, where, i1); assertEquals(0, i1[0]);
        SxNative.sx_socket_accept(lis, l1, l2);
        SxNative.sx_socket_close(l1[0]);
        SxNative.sx_addr_close(l2[0]);

        SxNative.sx_socket_open(AF_INET, SOCK_DGRAM, 0, l1); long u1 = l1[0];
        SxNative.sx_socket_bind(u1, inet);
        SxNative.sx_socket_getsockname(u1, l1); long uaddr = l1[0];
        c("sx_socket_sendto"); SxNative.sx_socket_sendto(u1, direct(new byte[] {9}), 0, uaddr, l1);
        c("sx_socket_recvfrom"); SxNative.sx_socket_recvfrom(u1, in, 0, l1, l2);
        assertEquals(1, l1[0]);
        SxNative.sx_addr_equal(uaddr, l2[0], b1);
        assertTrue(b1[0]);
        SxNative.sx_addr_close(l2[0]);

        // A failing call leaves a detail for this thread.
        assertThrows(IllegalArgumentException.class, () -> SxNative.sx_addr_unix("/".repeat(300), new long[1]));
        c("sx_last_error_detail"); SxNative.sx_last_error_detail(s1); assertTrue(s1[0].contains("too long"), s1[0]);

        for (long h : new long[] {lis, cli, srv, cli2, u1}) SxNative.sx_socket_close(h);
        c("sx_addr_close");
        for (long h : new long[] {inet, inet6, unix, abs, copy, where, uaddr}) SxNative.sx_addr_close(h);

        moduleFunctions();
        messageFunctions();
        familyFunctions();
        multicastAndOtherSystemsFunctions();

        Set<String> all = new TreeSet<>();
        for (Method m : SxNative.class.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers())) all.add(m.getName());
        }
        Set<String> missed = new TreeSet<>(all);
        missed.removeAll(called);
        assertEquals(Set.of(), missed, "raw functions not exercised");
        assertEquals(212, all.size(), "exported functions (abi/symbols.txt)");
    }

    /** The codecs of socketx/family/ (SOCKETX_1.1), and the calls that need no such socket. */
    private void familyFunctions() throws Exception {
        long[] l1 = new long[1], l2 = new long[1], l3 = new long[1], l4 = new long[1], l5 = new long[1], l6 = new long[1],
            l7 = new long[1], l8 = new long[1];
        int[] i1 = new int[1], i2 = new int[1], i3 = new int[1];
        String[] s1 = new String[1];
        byte[][] y1 = new byte[1][];

        c("sx_addr_from_string"); SxNative.sx_addr_from_string(0, "netlink:7:3", l1);
        long nl = l1[0];
        c("sx_addr_netlink"); SxNative.sx_addr_netlink(7, 3, l1);
        SxNative.sx_addr_equal(nl, l1[0], new boolean[1]);
        SxNative.sx_addr_close(l1[0]);
        c("sx_addr_netlink_pid"); SxNative.sx_addr_netlink_pid(nl, l1); assertEquals(7, l1[0]);
        c("sx_addr_netlink_groups"); SxNative.sx_addr_netlink_groups(nl, l1); assertEquals(3, l1[0]);
        SxNative.sx_addr_close(nl);

        c("sx_addr_packet"); SxNative.sx_addr_packet("lo", 0x800, 0, 772, direct(new byte[] {1, 2}), l1);
        long pk = l1[0];
        c("sx_addr_packet_ifname"); SxNative.sx_addr_packet_ifname(pk, s1); assertEquals("lo", s1[0]);
        c("sx_addr_packet_ifindex"); SxNative.sx_addr_packet_ifindex(pk, i1); assertTrue(i1[0] > 0);
        c("sx_addr_packet_index"); SxNative.sx_addr_packet_index(i1[0], 0x800, 0, 772, direct(new byte[] {1, 2}), l1);
        boolean[] eq = new boolean[1];
        SxNative.sx_addr_equal(pk, l1[0], eq); assertTrue(eq[0]);
        SxNative.sx_addr_close(l1[0]);
        c("sx_addr_packet_protocol"); SxNative.sx_addr_packet_protocol(pk, i1); assertEquals(0x800, i1[0]);
        c("sx_addr_packet_pkttype"); SxNative.sx_addr_packet_pkttype(pk, i1); assertEquals(0, i1[0]);
        c("sx_addr_packet_hatype"); SxNative.sx_addr_packet_hatype(pk, i1); assertEquals(772, i1[0]);
        c("sx_addr_packet_haddr"); SxNative.sx_addr_packet_haddr(pk, y1); assertArrayEquals(new byte[] {1, 2}, y1[0]);
        SxNative.sx_addr_close(pk);

        c("sx_addr_vsock"); SxNative.sx_addr_vsock(2, 1234, l1);
        c("sx_addr_vsock_cid"); SxNative.sx_addr_vsock_cid(l1[0], l2); assertEquals(2, l2[0]);
        c("sx_addr_vsock_port"); SxNative.sx_addr_vsock_port(l1[0], l2); assertEquals(1234, l2[0]);
        SxNative.sx_addr_close(l1[0]);
        c("sx_vsock_local_cid");
        try {
            SxNative.sx_vsock_local_cid(l1);
        } catch (java.net.SocketException e) {
            assertTrue(SocketXErrors.status(e) < 0); // no vsock transport here: an error, never a made-up CID
        }

        c("sx_addr_can"); SxNative.sx_addr_can("lo", l1);
        c("sx_addr_can_ifindex"); SxNative.sx_addr_can_ifindex(l1[0], i1); assertTrue(i1[0] > 0);
        c("sx_addr_can_ifname"); SxNative.sx_addr_can_ifname(l1[0], s1); assertEquals("lo", s1[0]);
        c("sx_addr_can_protocol"); SxNative.sx_addr_can_protocol(l1[0], i1); assertEquals(1 /* CAN_RAW */, i1[0]);
        SxNative.sx_addr_close(l1[0]);
        c("sx_addr_can_isotp"); SxNative.sx_addr_can_isotp("", 0x10, 0x20, l1);
        c("sx_addr_can_isotp_ids"); SxNative.sx_addr_can_isotp_ids(l1[0], l2, l3);
        assertEquals(0x10, l2[0]);
        assertEquals(0x20, l3[0]);
        SxNative.sx_addr_close(l1[0]);
        c("sx_addr_can_j1939"); SxNative.sx_addr_can_j1939("", -1L, 0x40000, 255, l1);
        c("sx_addr_can_j1939_fields"); SxNative.sx_addr_can_j1939_fields(l1[0], l2, l3, i1);
        assertEquals(-1L, l2[0]);
        assertEquals(0x40000, l3[0]);
        assertEquals(255, i1[0]);
        SxNative.sx_addr_close(l1[0]);

        c("sx_can_frame_encode"); SxNative.sx_can_frame_encode(0x123, 0, direct(new byte[] {5}), y1);
        assertEquals(16, y1[0].length);
        byte[] frame = y1[0];
        c("sx_can_frame_decode"); SxNative.sx_can_frame_decode(direct(frame), l1, l2, y1);
        assertEquals(0x123, l1[0]);
        assertArrayEquals(new byte[] {5}, y1[0]);
        c("sx_can_bcm_encode"); SxNative.sx_can_bcm_encode(1, 1, 2, 1000, 2000, 0x123, direct(frame), y1);
        c("sx_can_bcm_decode"); SxNative.sx_can_bcm_decode(direct(y1[0]), l1, l2, l3, l4, l5, l6, l7, l8);
        assertEquals(1, l1[0]);
        assertEquals(2000, l5[0]);
        assertEquals(1, l7[0]);
        assertEquals(y1[0].length - 16, l8[0]);
        // The option calls on a socket of another family: checked, then refused by the kernel.
        SxNative.sx_socket_open(AF_INET, SOCK_DGRAM, 0, l1);
        long udp = l1[0];
        c("sx_socket_can_set_filters");
        assertThrows(java.io.IOException.class, () -> SxNative.sx_socket_can_set_filters(udp, new int[] {1, 0x7ff}));
        assertThrows(IllegalArgumentException.class, () -> SxNative.sx_socket_can_set_filters(udp, new int[] {1}));
        c("sx_socket_can_isotp_options");
        assertThrows(IllegalArgumentException.class, () -> SxNative.sx_socket_can_isotp_options(udp, 0, 0, 256, 0, 0, 0));
        c("sx_socket_packet_membership");
        assertThrows(IllegalArgumentException.class, () -> SxNative.sx_socket_packet_membership(udp, 1, 0, 1, null));
        c("sx_socket_sendmsg_afalg");
        assertThrows(IllegalArgumentException.class,
            () -> SxNative.sx_socket_sendmsg_afalg(udp, new ByteBuffer[0], 1, null, -1, 0, new long[1]));
        SxNative.sx_socket_close(udp);

        c("sx_addr_alg"); SxNative.sx_addr_alg("hash", "sha1", 0, 0, l1);
        c("sx_addr_alg_type"); SxNative.sx_addr_alg_type(l1[0], s1); assertEquals("hash", s1[0]);
        c("sx_addr_alg_name"); SxNative.sx_addr_alg_name(l1[0], s1); assertEquals("sha1", s1[0]);
        c("sx_addr_alg_feat_mask"); SxNative.sx_addr_alg_feat_mask(l1[0], l2, l3); assertEquals(0, l2[0] | l3[0]);
        SxNative.sx_addr_close(l1[0]);

        c("sx_addr_tipc"); SxNative.sx_addr_tipc(1, 5, 6, 7, 2, l1);
        c("sx_addr_tipc_addr_type"); SxNative.sx_addr_tipc_addr_type(l1[0], i1); assertEquals(1, i1[0]);
        c("sx_addr_tipc_values"); SxNative.sx_addr_tipc_values(l1[0], l2, l3, l4);
        assertEquals(5, l2[0]);
        assertEquals(7, l4[0]);
        c("sx_addr_tipc_scope"); SxNative.sx_addr_tipc_scope(l1[0], i1); assertEquals(2, i1[0]);
        SxNative.sx_addr_close(l1[0]);

        c("sx_addr_qipcrtr"); SxNative.sx_addr_qipcrtr(1, 2, l1);
        c("sx_addr_qipcrtr_node"); SxNative.sx_addr_qipcrtr_node(l1[0], l2); assertEquals(1, l2[0]);
        c("sx_addr_qipcrtr_port"); SxNative.sx_addr_qipcrtr_port(l1[0], l2); assertEquals(2, l2[0]);
        SxNative.sx_addr_close(l1[0]);

        c("sx_addr_bt_l2cap"); SxNative.sx_addr_bt_l2cap("01:02:03:04:05:06", 1, 2, 0, l1);
        c("sx_addr_bt_protocol"); SxNative.sx_addr_bt_protocol(l1[0], i1); assertEquals(0, i1[0]);
        c("sx_addr_bt_bdaddr"); SxNative.sx_addr_bt_bdaddr(l1[0], s1); assertEquals("01:02:03:04:05:06", s1[0]);
        c("sx_addr_bt_l2cap_fields"); SxNative.sx_addr_bt_l2cap_fields(l1[0], i1, i2, i3);
        assertEquals(1, i1[0]);
        assertEquals(2, i2[0]);
        SxNative.sx_addr_close(l1[0]);
        c("sx_addr_bt_rfcomm"); SxNative.sx_addr_bt_rfcomm("01:02:03:04:05:06", 9, l1);
        c("sx_addr_bt_channel"); SxNative.sx_addr_bt_channel(l1[0], i1); assertEquals(9, i1[0]);
        SxNative.sx_addr_close(l1[0]);
        c("sx_addr_bt_hci"); SxNative.sx_addr_bt_hci(3, 0, l1);
        c("sx_addr_bt_device_id"); SxNative.sx_addr_bt_device_id(l1[0], i1); assertEquals(3, i1[0]);
        SxNative.sx_addr_close(l1[0]);
        c("sx_addr_bt_sco"); SxNative.sx_addr_bt_sco("01:02:03:04:05:06", l1);
        SxNative.sx_addr_bt_protocol(l1[0], i1);
        assertEquals(2 /* BTPROTO_SCO */, i1[0]);
        SxNative.sx_addr_close(l1[0]);
    }

    /** socketx/multicast.h on loopback, and socketx/family/elsewhere.h (SX_ENOTSUP on Linux). */
    private void multicastAndOtherSystemsFunctions() throws Exception {
        long[] l1 = new long[1];
        SxNative.sx_socket_open(AF_INET, SOCK_DGRAM, 0, l1);
        long s = l1[0];
        SxNative.sx_addr_inet("239.255.7.7", 0, l1);
        long group = l1[0];
        SxNative.sx_addr_inet("127.0.0.1", 0, l1);
        long local = l1[0];
        long[] lo = new long[1];
        SxNative.sx_if_nametoindex("lo", lo);
        c("sx_socket_multicast_join"); SxNative.sx_socket_multicast_join(s, group, lo[0]);
        c("sx_socket_multicast_leave"); SxNative.sx_socket_multicast_leave(s, group, lo[0]);
        c("sx_socket_multicast_join_source"); SxNative.sx_socket_multicast_join_source(s, group, local, lo[0]);
        c("sx_socket_multicast_leave_source"); SxNative.sx_socket_multicast_leave_source(s, group, local, lo[0]);
        c("sx_socket_multicast_join_v4"); SxNative.sx_socket_multicast_join_v4(s, group, local);
        c("sx_socket_multicast_leave_v4"); SxNative.sx_socket_multicast_leave_v4(s, group, local);
        SxNative.sx_socket_close(s);

        String uuid = "00000000-0000-0000-0000-000000000000";
        long[] out = new long[1];
        notSupported(() -> { c("sx_addr_hyperv"); SxNative.sx_addr_hyperv(uuid, uuid, out); });
        notSupported(() -> { c("sx_addr_hyperv_id"); SxNative.sx_addr_hyperv_id(local, 0, new String[1]); });
        notSupported(() -> { c("sx_addr_system"); SxNative.sx_addr_system(1, 0, out); });
        notSupported(() -> { c("sx_addr_system_name"); SxNative.sx_addr_system_name("com.apple.x", out); });
        notSupported(() -> { c("sx_addr_system_fields"); SxNative.sx_addr_system_fields(local, new long[1], new long[1]); });
        notSupported(() -> { c("sx_addr_link"); SxNative.sx_addr_link(1, 6, "en0", direct(new byte[6]), out); });
        notSupported(() -> { c("sx_addr_link_fields"); SxNative.sx_addr_link_fields(local, new int[1], new int[1]); });
        notSupported(() -> { c("sx_addr_link_bytes"); SxNative.sx_addr_link_bytes(local, 0, new byte[1][]); });
        notSupported(() -> { c("sx_addr_divert"); SxNative.sx_addr_divert("127.0.0.1", 1, out); });
        // A NULL out is still SX_EARG first, as everywhere.
        assertEquals(SocketXErrors.SX_EARG, SocketXErrors.status(
            assertThrows(IllegalArgumentException.class, () -> SxNative.sx_addr_system(1, 0, null))));
        SxNative.sx_addr_close(group);
        SxNative.sx_addr_close(local);
    }

    private static void notSupported(org.junit.jupiter.api.function.Executable call) {
        java.io.IOException e = assertThrows(java.io.IOException.class, call);
        assertEquals(SocketXErrors.SX_ENOTSUP, SocketXErrors.status(e), e.toString());
    }

    /** socketx/msg.h (SOCKETX_1.1): messages, descriptors, credentials, sendfile, batches, TCP_INFO. */
    private void messageFunctions() throws Exception {
        long[] l1 = new long[1], l2 = new long[1], l3 = new long[1];
        int[] i1 = new int[1], i2 = new int[1];
        boolean[] b1 = new boolean[1];
        String[] s1 = new String[1];
        byte[][] y1 = new byte[1][];
        final int SCM_RIGHTS = 1, SCM_CREDENTIALS = 2, SO_PASSCRED = 16, IPPROTO_IP = 0, IP_TTL = 2, IP_PKTINFO = 8;

        c("sx_msg_new"); SxNative.sx_msg_new(l1); long m = l1[0];
        c("sx_msg_add"); SxNative.sx_msg_add(m, 0xff, 0x7f, direct(new byte[] {1, 2, 3}));
        c("sx_msg_add_int"); SxNative.sx_msg_add_int(m, IPPROTO_IP, IP_TTL, 9);
        c("sx_msg_item_count"); SxNative.sx_msg_item_count(m, l1); assertEquals(2, l1[0]);
        c("sx_msg_item"); SxNative.sx_msg_item(m, 1, i1, i2); assertEquals(IPPROTO_IP, i1[0]); assertEquals(IP_TTL, i2[0]);
        c("sx_msg_item_data"); SxNative.sx_msg_item_data(m, 0, y1); assertArrayEquals(new byte[] {1, 2, 3}, y1[0]);
        c("sx_msg_find"); SxNative.sx_msg_find(m, IPPROTO_IP, IP_TTL, l1); assertEquals(1, l1[0]);
        c("sx_msg_item_int"); SxNative.sx_msg_item_int(m, 1, l1); assertEquals(9, l1[0]);
        c("sx_msg_add_credentials"); SxNative.sx_msg_add_credentials(m, (int) ProcessHandle.current().pid(), 0, 0);
        c("sx_msg_item_credentials"); SxNative.sx_msg_item_credentials(m, 2, i1, l1, l2);
        assertEquals(ProcessHandle.current().pid(), i1[0]);
        SxNative.sx_addr_inet("127.0.0.1", 0, l1); long lo = l1[0];
        c("sx_msg_add_pktinfo"); SxNative.sx_msg_add_pktinfo(m, 1, lo);
        c("sx_msg_item_pktinfo"); SxNative.sx_msg_item_pktinfo(m, 3, l1, l2, l3);
        assertEquals(1, l1[0]);
        SxNative.sx_addr_close(l2[0]);
        SxNative.sx_addr_close(l3[0]);
        c("sx_msg_item_timestamp");
        assertThrows(IllegalArgumentException.class, () -> SxNative.sx_msg_item_timestamp(m, 0, new long[1], new long[1]));
        c("sx_msg_item_exterr");
        assertThrows(IllegalArgumentException.class, () -> SxNative.sx_msg_item_exterr(m, 0, new int[1], new long[1],
            new long[1], new long[1], new long[1], new long[1], null));
        c("sx_msg_set_address"); SxNative.sx_msg_set_address(m, lo);
        c("sx_msg_address"); SxNative.sx_msg_address(m, l1); SxNative.sx_addr_equal(lo, l1[0], b1); assertTrue(b1[0]);
        SxNative.sx_addr_close(l1[0]);
        c("sx_msg_set_ancbufsize"); SxNative.sx_msg_set_ancbufsize(m, 64);
        c("sx_msg_set_buffers"); SxNative.sx_msg_set_buffers(m, new ByteBuffer[] {ByteBuffer.allocateDirect(4)});
        c("sx_msg_nbytes"); SxNative.sx_msg_nbytes(m, l1); assertEquals(0, l1[0]);
        c("sx_msg_flags"); SxNative.sx_msg_flags(m, i1); assertEquals(0, i1[0]);
        c("sx_msg_fd_count"); SxNative.sx_msg_fd_count(m, l1); assertEquals(0, l1[0]);
        c("sx_msg_take_fd"); assertThrows(IllegalArgumentException.class, () -> SxNative.sx_msg_take_fd(m, 0, new int[1]));
        c("sx_msg_close"); SxNative.sx_msg_close(m); SxNative.sx_msg_close(m); // idempotent
        assertThrows(java.io.IOException.class, () -> SxNative.sx_msg_nbytes(m, new long[1]));

        // Descriptors and credentials over an AF_UNIX pair.
        SxNative.sx_socketpair(AF_UNIX, SOCK_STREAM, 0, l1, l2);
        long a = l1[0], b = l2[0];
        SxNative.sx_socket_fileno(a, i1);
        int afd = i1[0];
        c("sx_socket_peercred"); SxNative.sx_socket_peercred(a, i1, l1, l2); assertEquals(ProcessHandle.current().pid(), i1[0]);
        c("sx_socket_send_fds"); SxNative.sx_socket_send_fds(a, new ByteBuffer[] {direct(new byte[] {7})}, new int[] {afd}, 0, 0, l1);
        assertEquals(1, l1[0]);
        ByteBuffer in = ByteBuffer.allocateDirect(8);
        c("sx_socket_recv_fds"); SxNative.sx_socket_recv_fds(b, in, 1, 0, l1); long got = l1[0];
        SxNative.sx_msg_fd_count(got, l2); assertEquals(1, l2[0]);
        SxNative.sx_msg_take_fd(got, 0, i1);
        SxNative.sx_socket_adopt(i1[0], -1, -1, -1, l2); // a descriptor of the pair's first end: a socket
        SxNative.sx_socket_close(l2[0]);
        SxNative.sx_msg_close(got);
        SxNative.sx_socket_setsockopt_int(b, SOL_SOCKET, SO_PASSCRED, 1);
        SxNative.sx_msg_new(l1); long anc = l1[0];
        SxNative.sx_msg_add_fds(anc, new int[] {afd});
        c("sx_msg_add_fds");
        c("sx_socket_sendmsg"); SxNative.sx_socket_sendmsg(a, new ByteBuffer[] {direct(new byte[] {1}), direct(new byte[] {2})}, anc, 0, 0, l1);
        assertEquals(2, l1[0]);
        c("sx_socket_recvmsg"); SxNative.sx_socket_recvmsg(b, new ByteBuffer[] {in.clear()}, 256, 0, l1); got = l1[0];
        SxNative.sx_msg_nbytes(got, l2); assertEquals(2, l2[0]);
        SxNative.sx_msg_fd_count(got, l2); assertEquals(1, l2[0]);
        SxNative.sx_msg_find(got, SOL_SOCKET, SCM_CREDENTIALS, l2);
        SxNative.sx_msg_find(got, SOL_SOCKET, SCM_RIGHTS, l2);
        SxNative.sx_msg_close(got); // closes the descriptor not taken
        SxNative.sx_msg_close(anc);
        SxNative.sx_socket_setsockopt_int(b, SOL_SOCKET, SO_PASSCRED, 0);

        // sendfile: this class's own jar/classes directory is not a file; use a temporary file.
        java.nio.file.Path f = java.nio.file.Files.createTempFile("sxj-raw", ".bin");
        java.nio.file.Files.write(f, new byte[] {'s', 'f'});
        try (java.io.FileInputStream fin = new java.io.FileInputStream(f.toFile())) {
            int ffd = SxNativeJNI.fdValue(fin.getFD());
            c("sx_socket_sendfile"); SxNative.sx_socket_sendfile(a, ffd, 0, 0, l1); assertEquals(2, l1[0]);
        } finally {
            java.nio.file.Files.delete(f);
        }
        SxNative.sx_socket_recv(b, in.clear(), 0, l1);
        assertEquals(2, l1[0]);
        c("sx_socket_zerocopy_completion");
        assertEquals(SocketXErrors.SX_EAGAIN, SocketXErrors.status(assertThrows(java.io.IOException.class,
            () -> SxNative.sx_socket_zerocopy_completion(a, new long[1], new long[1], new boolean[1]))));
        c("sx_socket_tcp_info");
        assertThrows(java.io.IOException.class, () -> SxNative.sx_socket_tcp_info(a, new long[1][]));
        c("sx_socket_tcp_info_get");
        assertThrows(java.io.IOException.class, () -> SxNative.sx_socket_tcp_info_get(a, "state", new long[1]));
        SxNative.sx_socket_close(a);
        SxNative.sx_socket_close(b);

        // Batches over UDP loopback.
        SxNative.sx_socket_open(AF_INET, SOCK_DGRAM, 0, l1); long u = l1[0];
        SxNative.sx_socket_bind(u, lo);
        SxNative.sx_socket_getsockname(u, l1); long where = l1[0];
        long[] msgs = new long[3];
        for (int i = 0; i < 3; i++) {
            SxNative.sx_msg_new(l1);
            msgs[i] = l1[0];
            SxNative.sx_msg_set_buffers(msgs[i], new ByteBuffer[] {direct(new byte[] {(byte) i, 1, 2})});
            SxNative.sx_msg_set_address(msgs[i], where);
        }
        c("sx_socket_sendmmsg"); SxNative.sx_socket_sendmmsg(u, msgs, 0, l1); assertEquals(3, l1[0]);
        SxNative.sx_msg_nbytes(msgs[2], l1); assertEquals(3, l1[0]);
        ByteBuffer[] rb = new ByteBuffer[3];
        for (int i = 0; i < 3; i++) {
            rb[i] = ByteBuffer.allocateDirect(8);
            SxNative.sx_msg_set_buffers(msgs[i], new ByteBuffer[] {rb[i]});
        }
        c("sx_socket_recvmmsg"); SxNative.sx_socket_recvmmsg(u, msgs, 0, l1);
        assertTrue(l1[0] >= 1);
        assertEquals(0, rb[0].get(0));
        for (long h : msgs) SxNative.sx_msg_close(h);
        SxNative.sx_socket_close(u);

        // TCP_INFO on a TCP connection (the name table does not need one).
        c("sx_tcp_info_field_name"); SxNative.sx_tcp_info_field_name(0, s1); assertEquals("state", s1[0]);
        assertThrows(IllegalArgumentException.class, () -> SxNative.sx_tcp_info_field_name(100000, new String[1]));
        SxNative.sx_socket_open(AF_INET, SOCK_STREAM, 0, l1); long lis = l1[0];
        SxNative.sx_socket_bind(lis, lo);
        SxNative.sx_socket_listen(lis, 1);
        SxNative.sx_socket_getsockname(lis, l1); long tcpWhere = l1[0];
        SxNative.sx_socket_open(AF_INET, SOCK_STREAM, 0, l1); long cli = l1[0];
        SxNative.sx_socket_connect(cli, tcpWhere);
        long[][] values = new long[1][];
        SxNative.sx_socket_tcp_info(cli, values);
        assertTrue(values[0].length > 10);
        assertEquals(1, values[0][0], "TCP_ESTABLISHED");
        SxNative.sx_socket_tcp_info_get(cli, "state", l1); assertEquals(1, l1[0]);
        for (long h : new long[] {lis, cli}) SxNative.sx_socket_close(h);
        for (long h : new long[] {lo, where, tcpWhere}) SxNative.sx_addr_close(h);
    }

    /** The module-level functions (list, convert, resolve, netif, connect headers), with real data. */
    private void moduleFunctions() throws Exception {
        long[] l1 = new long[1], l2 = new long[1];
        int[] i1 = new int[1], i2 = new int[1], i3 = new int[1];
        boolean[] b1 = new boolean[1];
        String[] s1 = new String[1], s2 = new String[1];
        byte[][] y1 = new byte[1][];

        c("sx_htons"); SxNative.sx_htons(1, l1); assertEquals(0x0100, l1[0]);
        c("sx_ntohs"); SxNative.sx_ntohs(0x0100, l1); assertEquals(1, l1[0]);
        c("sx_htonl"); SxNative.sx_htonl(1, l1); assertEquals(0x01000000L, l1[0]);
        c("sx_ntohl"); SxNative.sx_ntohl(0xFFFFFFFFL, l1); assertEquals(0xFFFFFFFFL, l1[0]);
        c("sx_inet_aton"); SxNative.sx_inet_aton("127.1", y1); assertArrayEquals(new byte[] {127, 0, 0, 1}, y1[0]);
        c("sx_inet_ntoa"); SxNative.sx_inet_ntoa(direct(y1[0]), s1); assertEquals("127.0.0.1", s1[0]);
        c("sx_inet_pton"); SxNative.sx_inet_pton(AF_INET6, "2001:db8::1", y1); assertEquals(16, y1[0].length);
        c("sx_inet_ntop"); SxNative.sx_inet_ntop(AF_INET6, direct(y1[0]), s1); assertEquals("2001:db8::1", s1[0]);
        c("sx_cmsg_len"); SxNative.sx_cmsg_len(4, l1); assertEquals(20, l1[0]); // 16-byte cmsghdr on x86_64 Linux
        c("sx_cmsg_space"); SxNative.sx_cmsg_space(4, l1); assertEquals(24, l1[0]);

        c("sx_getaddrinfo"); SxNative.sx_getaddrinfo("127.0.0.1", "http", AF_INET, SOCK_STREAM, 0, 0, l1);
        long ai = l1[0];
        c("sx_list_count"); SxNative.sx_list_count(ai, l2); assertEquals(1, l2[0]);
        c("sx_addrinfo_entry"); SxNative.sx_addrinfo_entry(ai, 0, i1, i2, i3);
        assertEquals(AF_INET, i1[0]); assertEquals(SOCK_STREAM, i2[0]); assertEquals(6, i3[0]);
        SxNative.sx_addrinfo_entry(ai, 0, null, null, null); // every out is optional
        c("sx_addrinfo_canonname"); SxNative.sx_addrinfo_canonname(ai, 0, s1); assertEquals("", s1[0]);
        c("sx_addrinfo_addr"); SxNative.sx_addrinfo_addr(ai, 0, l1); long aiAddr = l1[0];
        SxNative.sx_addr_port(aiAddr, i1); assertEquals(80, i1[0]);
        assertEquals(SocketXErrors.SX_EOUTOFRANGE, SocketXErrors.status(
            assertThrows(IllegalArgumentException.class, () -> SxNative.sx_addrinfo_addr(ai, 1, new long[1]))));
        c("sx_list_close"); SxNative.sx_list_close(ai);
        SxNative.sx_list_close(ai); // idempotent
        c("sx_getaddrinfo_port"); SxNative.sx_getaddrinfo_port("127.0.0.1", 70000, AF_INET, SOCK_STREAM, 0, 0, l1);
        SxNative.sx_addrinfo_addr(l1[0], 0, l2);
        SxNative.sx_addr_port(l2[0], i1); assertEquals(70000 & 0xFFFF, i1[0]); // Python's (and glibc's) 16 bits
        SxNative.sx_addr_close(l2[0]);
        SxNative.sx_list_close(l1[0]);

        // Two string results in one call: both are filled (the glue keeps one retry record per result).
        c("sx_getnameinfo"); SxNative.sx_getnameinfo(aiAddr, 3 /* NI_NUMERICHOST | NI_NUMERICSERV */, s1, s2);
        assertEquals("127.0.0.1", s1[0]); assertEquals("80", s2[0]);
        SxNative.sx_addr_close(aiAddr);
        c("sx_getnameinfo_host"); SxNative.sx_getnameinfo_host("127.0.0.1", 80, 0, 0, 0, s1, s2);
        assertEquals("localhost", s1[0]); assertEquals("http", s2[0]);

        c("sx_gethostbyname"); SxNative.sx_gethostbyname("localhost", s1); assertEquals("127.0.0.1", s1[0]);
        c("sx_gethostbyname_ex"); SxNative.sx_gethostbyname_ex("localhost", l1); long he = l1[0];
        c("sx_hostent_name"); SxNative.sx_hostent_name(he, s1); assertEquals("localhost", s1[0]);
        c("sx_hostent_alias_count"); SxNative.sx_hostent_alias_count(he, l2); long aliases = l2[0];
        c("sx_hostent_alias");
        if (aliases > 0) SxNative.sx_hostent_alias(he, 0, s1);
        assertEquals(SocketXErrors.SX_EOUTOFRANGE, SocketXErrors.status(assertThrows(IllegalArgumentException.class,
            () -> SxNative.sx_hostent_alias(he, aliases, new String[1]))));
        c("sx_hostent_addr"); SxNative.sx_hostent_addr(he, 0, s1); assertEquals("127.0.0.1", s1[0]);
        // A getter of another kind of list: SX_EBADHANDLE.
        assertEquals(SocketXErrors.SX_EBADHANDLE, SocketXErrors.status(
            assertThrows(java.io.IOException.class, () -> SxNative.sx_addrinfo_entry(he, 0, null, null, null))));
        SxNative.sx_list_close(he);
        c("sx_gethostbyaddr"); SxNative.sx_gethostbyaddr("127.0.0.1", l1);
        SxNative.sx_hostent_name(l1[0], s1); assertEquals("localhost", s1[0]);
        SxNative.sx_list_close(l1[0]);

        c("sx_gethostname"); SxNative.sx_gethostname(s1); String host = s1[0];
        assertFalse(host.isEmpty());
        c("sx_getfqdn"); SxNative.sx_getfqdn(null, s1); assertFalse(s1[0].isEmpty());
        // Setting the name it already has: the call runs for real without changing the machine.
        c("sx_sethostname"); SxNative.sx_sethostname(host);
        SxNative.sx_gethostname(s1); assertEquals(host, s1[0]);
        c("sx_getprotobyname"); SxNative.sx_getprotobyname("tcp", i1); assertEquals(6, i1[0]);
        c("sx_getservbyname"); SxNative.sx_getservbyname("http", "tcp", i1); assertEquals(80, i1[0]);
        c("sx_getservbyport"); SxNative.sx_getservbyport(80, "tcp", s1); assertEquals("http", s1[0]);

        c("sx_if_nameindex"); SxNative.sx_if_nameindex(l1); long ifs = l1[0];
        SxNative.sx_list_count(ifs, l2); assertTrue(l2[0] >= 1);
        c("sx_if_nametoindex"); SxNative.sx_if_nametoindex("lo", l2); long lo = l2[0];
        c("sx_ifentry_index"); c("sx_ifentry_name");
        boolean seen = false;
        SxNative.sx_list_count(ifs, l2);
        for (long i = 0; i < l2[0]; i++) {
            long[] idx = new long[1];
            SxNative.sx_ifentry_index(ifs, i, idx);
            SxNative.sx_ifentry_name(ifs, i, s1);
            if (s1[0].equals("lo")) { seen = true; assertEquals(lo, idx[0]); }
        }
        assertTrue(seen, "lo listed");
        SxNative.sx_list_close(ifs);
        c("sx_if_indextoname"); SxNative.sx_if_indextoname(lo, s1); assertEquals("lo", s1[0]);

        c("sx_has_ipv6"); SxNative.sx_has_ipv6(b1);
        c("sx_has_dualstack_ipv6"); SxNative.sx_has_dualstack_ipv6(b1);
        SxNative.sx_addr_inet("127.0.0.1", 0, l1); long any = l1[0];
        c("sx_create_server"); SxNative.sx_create_server(any, Integer.MIN_VALUE, 0, 0, l1); long srv = l1[0];
        SxNative.sx_socket_getsockname(srv, l2); SxNative.sx_addr_port(l2[0], i1); int port = i1[0];
        SxNative.sx_addr_close(l2[0]);
        c("sx_create_connection"); SxNative.sx_create_connection("127.0.0.1", port, -2.0, 0, l1);
        SxNative.sx_socket_close(l1[0]);
        int[][] errs = new int[1][];
        c("sx_create_connection_ex"); SxNative.sx_create_connection_ex("127.0.0.1", port, 5.0, 0, 1, errs, l1);
        assertArrayEquals(new int[0], errs[0], "no failed attempt");
        SxNative.sx_socket_fileno(l1[0], i1);
        c("sx_fd_dup"); SxNative.sx_fd_dup(i1[0], i2); assertNotEquals(i1[0], i2[0]);
        c("sx_fd_close"); SxNative.sx_fd_close(i2[0]);
        assertThrows(java.io.IOException.class, () -> SxNative.sx_fd_close(i2[0])); // EBADF now
        SxNative.sx_socket_close(l1[0]);
        SxNative.sx_socket_close(srv);
        SxNative.sx_addr_close(any);
    }

    @Test void int32ArrayOutOnFailure() throws Exception {
        // The per-attempt errors are written although the call throws: that is when they matter.
        long[] l1 = new long[1];
        SxNative.sx_socket_open(AF_INET, SOCK_STREAM, 0, l1);
        long s = l1[0];
        long[] a = new long[1];
        SxNative.sx_addr_inet("127.0.0.1", 0, a);
        SxNative.sx_socket_bind(s, a[0]);
        long[] where = new long[1];
        SxNative.sx_socket_getsockname(s, where);
        int[] port = new int[1];
        SxNative.sx_addr_port(where[0], port);
        SxNative.sx_socket_close(s); // bound then released: nothing listens on the port
        int[][] errs = new int[1][];
        java.io.IOException e = assertThrows(java.io.IOException.class,
            () -> SxNative.sx_create_connection_ex("127.0.0.1", port[0], 5.0, 0, 0, errs, new long[1]));
        assertEquals(SocketXErrors.SX_ECONNREFUSED, SocketXErrors.status(e));
        assertArrayEquals(new int[] {SocketXErrors.SX_ECONNREFUSED}, errs[0]);
        // null: the caller does not want them (NULL, 0 reach C).
        assertThrows(java.io.IOException.class,
            () -> SxNative.sx_create_connection_ex("127.0.0.1", port[0], 5.0, 0, 0, null, new long[1]));
        assertThrows(IllegalArgumentException.class,
            () -> SxNative.sx_create_connection_ex("127.0.0.1", port[0], 5.0, 0, 0, new int[0][], new long[1]));
        SxNative.sx_addr_close(a[0]);
        SxNative.sx_addr_close(where[0]);
    }

    @Test void glueConventions() throws Exception {
        // A null out-array passes NULL: the library's own check answers SX_EARG.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SxNative.sx_socket_open(1, 1, 0, null));
        assertEquals(SocketXErrors.SX_EARG, SocketXErrors.status(e));
        // An empty out-array, or a heap buffer, is refused by the glue before the call.
        IllegalArgumentException g = assertThrows(IllegalArgumentException.class, () -> SxNative.sx_socket_open(1, 1, 0, new long[0]));
        assertEquals(0, SocketXErrors.status(g));
        assertThrows(IllegalArgumentException.class, () -> SxNative.sx_socket_send(1, ByteBuffer.allocate(4), 0, new long[1]));
        // A stale handle is an error, never a crash.
        assertEquals(SocketXErrors.SX_EBADHANDLE, SocketXErrors.status(
            assertThrows(java.io.IOException.class, () -> SxNative.sx_socket_fileno(12345, new int[1]))));
        // An out value is not written on failure.
        int[] fd = {77};
        assertThrows(java.io.IOException.class, () -> SxNative.sx_socket_fileno(0, fd));
        assertEquals(77, fd[0]);
    }

    @Test void sendallReportsPartialCountOnFailure() throws Exception {
        long[] a = new long[1], b = new long[1];
        SxNative.sx_socketpair(AF_UNIX, SOCK_STREAM, 0, a, b);
        try {
            SxNative.sx_socket_settimeout(a[0], 0.05);
            ByteBuffer big = ByteBuffer.allocateDirect(8 << 20);
            long[] sent = {-1};
            java.io.IOException e = assertThrows(java.io.IOException.class, () -> SxNative.sx_socket_sendall(a[0], big, 0, sent));
            assertEquals(SocketXErrors.SX_ETIMEOUT, SocketXErrors.status(e));
            assertTrue(sent[0] > 0 && sent[0] < (8 << 20), "sent " + sent[0]);
        } finally {
            SxNative.sx_socket_close(a[0]);
            SxNative.sx_socket_close(b[0]);
        }
    }
}
