// SPDX-License-Identifier: MIT
package org.libsocketx;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.libsocketx.internal.SxNative;

/**
 * An AF_LINK link-layer address (BSD, macOS): index, interface type, name and link-level
 * address. On other systems every call throws a {@link SocketXErrors.SocketError} with
 * SX_ENOTSUP.
 */
public final class LinkAddress extends Address {
    private static final long serialVersionUID = 1L;

    /** AF_LINK on this system (-1 where it has none, as on Linux). */
    public static final int AF_LINK = afValue("AF_LINK");

    /** This family's entry in the {@link AddressRegistry}. */
    static final AddressRegistry.Family FAMILY = new AddressRegistry.Family(AF_LINK, LinkAddress::read);

    private final transient int ifindex;
    private final transient int type;
    private final transient String name;
    private final transient byte[] linkAddress;

    private LinkAddress(long handle, int ifindex, int type, String name, byte[] linkAddress) {
        super(handle);
        this.ifindex = ifindex;
        this.type = type;
        this.name = name;
        this.linkAddress = linkAddress;
    }

    static LinkAddress read(long h) throws IOException {
        int[] index = new int[1], type = new int[1];
        byte[][] name = new byte[1][], lladdr = new byte[1][];
        SxNative.sx_addr_link_fields(h, index, type);
        SxNative.sx_addr_link_bytes(h, 0, name);
        SxNative.sx_addr_link_bytes(h, 1, lladdr);
        return new LinkAddress(h, index[0], type[0], new String(name[0], StandardCharsets.UTF_8), lladdr[0]);
    }

    /**
     * linkAddress null is none.
     *
     * @param ifindex the interface index
     * @param type the interface type (IFT_*)
     * @param name the interface name
     * @param linkAddress the link-layer address bytes
     * @return the address
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static LinkAddress of(int ifindex, int type, String name, byte[] linkAddress) throws IOException {
        byte[] ll = linkAddress == null ? new byte[0] : linkAddress;
        java.nio.ByteBuffer b = Buffers.get().copyIn(ll, 0, ll.length);
        return wrap(make(out -> SxNative.sx_addr_link(ifindex, type, name, b, out)), LinkAddress::read);
    }

    /**
     * The interface index.
     *
     * @return the interface index
     */
    public int ifindex() { return ifindex; }

    /** {@return the interface type (IFT_*)} */
    public int type() { return type; }

    /**
     * The interface name.
     *
     * @return the interface name
     */
    public String name() { return name; }

    /**
     * A copy of the link-layer address bytes.
     *
     * @return the link-layer address
     */
    public byte[] linkAddress() { return linkAddress.clone(); }
}
