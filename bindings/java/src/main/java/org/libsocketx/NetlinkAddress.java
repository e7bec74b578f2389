// SPDX-License-Identifier: MIT
package org.libsocketx;

import java.io.IOException;
import org.libsocketx.internal.SxNative;

/**
 * An AF_NETLINK address: Python's (pid, groups). pid is the port id (0: the kernel, or "pick
 * one" in bind); groups the bit mask of multicast groups 1..32. Text form "netlink:pid:groups".
 */
public final class NetlinkAddress extends Address {
    private static final long serialVersionUID = 1L;

    /** AF_NETLINK on this system (-1 where it has none). */
    public static final int AF_NETLINK = afValue("AF_NETLINK");

    /** This family's entry in the {@link AddressRegistry}. */
    static final AddressRegistry.Family FAMILY = new AddressRegistry.Family(AF_NETLINK, NetlinkAddress::read);

    private final transient int pid;
    private final transient int groups;

    private NetlinkAddress(long handle, int pid, int groups) {
        super(handle);
        this.pid = pid;
        this.groups = groups;
    }

    private static NetlinkAddress read(long h) throws IOException {
        long[] pid = new long[1], groups = new long[1];
        SxNative.sx_addr_netlink_pid(h, pid);
        SxNative.sx_addr_netlink_groups(h, groups);
        return new NetlinkAddress(h, (int) pid[0], (int) groups[0]);
    }

    /**
     * The address (pid, groups), both unsigned 32-bit (held bit for bit in a Java int: Integer.toUnsignedLong reads them).
     *
     * @param pid the port id (0: the kernel assigns one)
     * @param groups the multicast group mask
     * @return the address
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static NetlinkAddress of(int pid, int groups) throws IOException {
        return wrap(make(out -> SxNative.sx_addr_netlink(u32(pid), u32(groups), out)), NetlinkAddress::read);
    }

    /**
     * From the text form "netlink:pid:groups".
     *
     * @param text the address in its text form, as toString() writes it
     * @return the address
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static NetlinkAddress parse(String text) throws IOException {
        return parse(AF_NETLINK, text, NetlinkAddress.class);
    }

    /** {@return the port id} */
    public int pid() { return pid; }

    /** {@return the multicast group mask} */
    public int groups() { return groups; }
}
