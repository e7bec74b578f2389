// SPDX-License-Identifier: MIT
package org.libsocketx;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** A live AF_NETLINK socket: bind with pid 0, getsockname, and an RTM_GETLINK dump. */
class NetlinkLiveTest {
    private static final int NETLINK_ROUTE = 0;
    private static final int NLMSG_ERROR = 2, NLMSG_DONE = 3, RTM_NEWLINK = 16, RTM_GETLINK = 18;
    private static final int NLM_F_REQUEST = 1, NLM_F_DUMP = 0x300;
    private static final int IFLA_IFNAME = 3;

    @Test void bindGivesAPortId() throws Exception {
        try (Socket s = Socket.open(NetlinkAddress.AF_NETLINK, 3 /* SOCK_RAW */, NETLINK_ROUTE)) {
            s.bind(NetlinkAddress.of(0, 0));
            Address local = s.localAddress();
            assertTrue(local instanceof NetlinkAddress, local.getClass().toString());
            NetlinkAddress nl = (NetlinkAddress) local;
            assertNotEquals(0, nl.pid());
            assertEquals(0, nl.groups());
            assertEquals("netlink:" + Integer.toUnsignedString(nl.pid()) + ":0", nl.toString());
        }
    }

    @Test void linkDumpMatchesIfNameIndex() throws Exception {
        Map<Integer, String> dumped = new TreeMap<>();
        try (Socket s = Socket.open(NetlinkAddress.AF_NETLINK, 3 /* SOCK_RAW */, NETLINK_ROUTE)) {
            s.setTimeout(Duration.ofSeconds(5));
            s.bind(NetlinkAddress.of(0, 0));
            ByteBuffer req = ByteBuffer.allocate(32).order(ByteOrder.nativeOrder());
            req.putInt(32).putShort((short) RTM_GETLINK).putShort((short) (NLM_F_REQUEST | NLM_F_DUMP)).putInt(1).putInt(0);
            req.put((byte) 0 /* AF_UNSPEC */).put((byte) 0).putShort((short) 0).putInt(0).putInt(0).putInt(0);
            assertEquals(32, s.sendTo(req.array(), NetlinkAddress.of(0, 0)));
            byte[] buf = new byte[64 * 1024];
            boolean done = false;
            for (int round = 0; round < 1000 && !done; round++) {
                Socket.Received r = s.recvFrom(buf);
                assertTrue(r.address() instanceof NetlinkAddress, String.valueOf(r.address()));
                assertEquals(0, ((NetlinkAddress) r.address()).pid(), "the kernel sends from port id 0");
                ByteBuffer b = ByteBuffer.wrap(buf, 0, r.count()).order(ByteOrder.nativeOrder());
                while (b.remaining() >= 16 && !done) {
                    int start = b.position();
                    int len = b.getInt(start), type = b.getShort(start + 4) & 0xFFFF;
                    assertTrue(len >= 16 && len <= b.remaining(), "message length " + len);
                    if (type == NLMSG_DONE) done = true;
                    else if (type == NLMSG_ERROR) fail("netlink error " + b.getInt(start + 16));
                    else if (type == RTM_NEWLINK) {
                        int index = b.getInt(start + 16 + 4);
                        int at = start + 32;
                        while (at + 4 <= start + len) {
                            int alen = b.getShort(at) & 0xFFFF, atype = b.getShort(at + 2) & 0x3FFF;
                            if (alen < 4) break;
                            if (atype == IFLA_IFNAME) {
                                int n = 0;
                                while (n < alen - 4 && buf[at + 4 + n] != 0) n++;
                                dumped.put(index, new String(buf, at + 4, n, StandardCharsets.UTF_8));
                            }
                            at += (alen + 3) & ~3;
                        }
                    }
                    b.position(start + ((len + 3) & ~3));
                }
            }
            assertTrue(done, "no NLMSG_DONE");
        }
        Map<Integer, String> expected = new TreeMap<>();
        for (NetworkInterfaces.Entry e : NetworkInterfaces.nameIndex()) expected.put((int) e.index(), e.name());
        assertEquals(expected, dumped);
        assertTrue(dumped.containsValue("lo"));
    }
}
