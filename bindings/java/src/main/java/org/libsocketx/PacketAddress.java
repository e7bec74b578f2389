// SPDX-License-Identifier: MIT
package org.libsocketx;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.libsocketx.internal.SxNative;

/**
 * An AF_PACKET link-layer address: Python's (ifname, proto, pkttype, hatype, addr).
 * proto is the ethertype in host order (0..65535), pkttype one of the PACKET_* types, hatype
 * an ARPHRD_* value, addr the hardware address (at most 8 bytes). Text form
 * "packet:lo:0x0003:0:772:00:00:00:00:00:00"; an interface that is gone shows as "#index".
 */
public final class PacketAddress extends Address {
    private static final long serialVersionUID = 1L;

    /** AF_PACKET on this system (-1 where it has none). */
    public static final int AF_PACKET = afValue("AF_PACKET");
    /** Every protocol (ETH_P_ALL), for bind and, through Conversions.htons, for Socket.open. */
    public static final int ETH_P_ALL = 3;
    /** Packet types (sll_pkttype). */
    public static final int PACKET_HOST = 0, PACKET_BROADCAST = 1, PACKET_MULTICAST = 2, PACKET_OTHERHOST = 3,
        PACKET_OUTGOING = 4, PACKET_LOOPBACK = 5, PACKET_FASTROUTE = 6;
    /** Membership types for {@link Socket#packetMembership}. */
    public static final int PACKET_MR_MULTICAST = 0, PACKET_MR_PROMISC = 1, PACKET_MR_ALLMULTI = 2,
        PACKET_MR_UNICAST = 3;

    /** This family's entry in the {@link AddressRegistry}. */
    static final AddressRegistry.Family FAMILY = new AddressRegistry.Family(AF_PACKET, PacketAddress::read);

    private final transient String ifname;
    private final transient int ifindex;
    private final transient int protocol;
    private final transient int packetType;
    private final transient int hardwareType;
    private final transient byte[] hardwareAddress;

    private PacketAddress(long handle, String ifname, int ifindex, int protocol, int packetType, int hardwareType,
                          byte[] hardwareAddress) {
        super(handle);
        this.ifname = ifname;
        this.ifindex = ifindex;
        this.protocol = protocol;
        this.packetType = packetType;
        this.hardwareType = hardwareType;
        this.hardwareAddress = hardwareAddress;
    }

    private static PacketAddress read(long h) throws IOException {
        int[] index = new int[1], proto = new int[1], type = new int[1], hatype = new int[1];
        byte[][] haddr = new byte[1][];
        String[] name = new String[1];
        SxNative.sx_addr_packet_ifindex(h, index);
        SxNative.sx_addr_packet_protocol(h, proto);
        SxNative.sx_addr_packet_pkttype(h, type);
        SxNative.sx_addr_packet_hatype(h, hatype);
        SxNative.sx_addr_packet_haddr(h, haddr);
        try {
            SxNative.sx_addr_packet_ifname(h, name);
        } catch (SocketXErrors.SocketError e) {
            // SX_ENOTFOUND: the index names no interface now (it went away); ifname() is null.
            if (e.status() != SocketXErrors.SX_ENOTFOUND) throw e;
        }
        return new PacketAddress(h, name[0], index[0], proto[0], type[0], hatype[0], haddr[0]);
    }

    private static ByteBuffer direct(byte[] haddr) {
        if (haddr == null) return null;
        return Buffers.get().copyIn(haddr, 0, haddr.length);
    }

    /**
     * The address (ifname, protocol): packet type HOST, hardware type 0, no hardware address.
     *
     * @param ifname the interface name, e.g. "eth0"
     * @param protocol the ethertype, host order
     * @return the address
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static PacketAddress of(String ifname, int protocol) throws IOException {
        return of(ifname, protocol, PACKET_HOST, 0, null);
    }

    /**
     * The whole tuple. The interface name is looked up now (SX_ENOTFOUND for none such); a
     * hardware address longer than 8 bytes is an IllegalArgumentException.
     *
     * @param ifname the interface name, e.g. "eth0"
     * @param protocol the ethertype, host order
     * @param packetType PACKET_HOST, PACKET_OUTGOING...
     * @param hardwareType the ARPHRD_* hardware type
     * @param hardwareAddress the hardware address bytes (up to 8), or null
     * @return the address
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static PacketAddress of(String ifname, int protocol, int packetType, int hardwareType, byte[] hardwareAddress)
            throws IOException {
        ByteBuffer b = direct(hardwareAddress);
        return wrap(make(out -> SxNative.sx_addr_packet(ifname, protocol, packetType, hardwareType, b, out)),
            PacketAddress::read);
    }

    /**
     * By interface index, without a name lookup; index 0 is every interface (bind).
     *
     * @param ifindex the interface index (0: the kernel chooses)
     * @param protocol the ethertype, host order
     * @param packetType PACKET_HOST, PACKET_OUTGOING...
     * @param hardwareType the ARPHRD_* hardware type
     * @param hardwareAddress the hardware address bytes (up to 8), or null
     * @return the address
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static PacketAddress ofIndex(int ifindex, int protocol, int packetType, int hardwareType,
                                        byte[] hardwareAddress) throws IOException {
        ByteBuffer b = direct(hardwareAddress);
        return wrap(make(out -> SxNative.sx_addr_packet_index(ifindex, protocol, packetType, hardwareType, b, out)),
            PacketAddress::read);
    }

    /**
     * From the text form "packet:ifname:0xproto:pkttype:hatype:hh:hh:...".
     *
     * @param text the address in its text form, as toString() writes it
     * @return the address
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static PacketAddress parse(String text) throws IOException {
        return parse(AF_PACKET, text, PacketAddress.class);
    }

    /** {@return the interface name, or null when the index names no interface now} */
    public String ifname() { return ifname; }

    /**
     * The interface index.
     *
     * @return the interface index
     */
    public int ifindex() { return ifindex; }

    /** {@return the ethertype, host order} */
    public int protocol() { return protocol; }

    /** {@return PACKET_HOST, PACKET_OUTGOING...} */
    public int packetType() { return packetType; }

    /** {@return the ARPHRD_* hardware type} */
    public int hardwareType() { return hardwareType; }

    /** {@return a copy of the hardware address bytes (0..8 of them)} */
    public byte[] hardwareAddress() { return hardwareAddress.clone(); }
}
