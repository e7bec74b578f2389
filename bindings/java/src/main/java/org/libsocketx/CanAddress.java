// SPDX-License-Identifier: MIT
package org.libsocketx;

import java.io.IOException;
import org.libsocketx.internal.SxNative;

/**
 * An AF_CAN address for CAN_RAW and CAN_BCM sockets: Python's (interface,). The interface is
 * a name, "" for every interface (index 0). One sockaddr_can serves three protocols: an
 * address the kernel returns on a CAN_ISOTP or CAN_J1939 socket comes as an
 * {@link IsoTpAddress} or a {@link J1939Address}, both CanAddresses. Text form "can:vcan0".
 */
public class CanAddress extends Address {
    private static final long serialVersionUID = 1L;

    /** AF_CAN on this system (-1 where it has none). */
    public static final int AF_CAN = afValue("AF_CAN");
    /** The CAN protocols (Socket.open's third argument). */
    public static final int CAN_RAW = 1, CAN_BCM = 2, CAN_ISOTP = 6, CAN_J1939 = 7;

    /** This family's entry in the {@link AddressRegistry}. */
    static final AddressRegistry.Family FAMILY = new AddressRegistry.Family(AF_CAN, CanAddress::read);

    private final transient String ifname;
    private final transient int ifindex;

    CanAddress(long handle, String ifname, int ifindex) {
        super(handle);
        this.ifname = ifname;
        this.ifindex = ifindex;
    }

    /** The interface fields every layout has: the name ("" for none now) and the index. */
    record Interface(String name, int index) {
        static Interface of(long h) throws IOException {
            String[] name = new String[1];
            int[] index = new int[1];
            SxNative.sx_addr_can_ifname(h, name);
            SxNative.sx_addr_can_ifindex(h, index);
            return new Interface(name[0], index[0]);
        }
    }

    /** By the layout the handle holds (the constructor's, or the protocol of the socket it came from). */
    private static CanAddress read(long h) throws IOException {
        int[] proto = new int[1];
        SxNative.sx_addr_can_protocol(h, proto);
        if (proto[0] == CAN_ISOTP) return IsoTpAddress.read(h);
        if (proto[0] == CAN_J1939) return J1939Address.read(h);
        Interface i = Interface.of(h);
        return new CanAddress(h, i.name(), i.index());
    }

    /**
     * The address of an interface ("" for all); SX_ENOTFOUND for no such interface.
     *
     * @param ifname the interface name, e.g. "can0"
     * @return the address
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static CanAddress of(String ifname) throws IOException {
        return wrap(make(out -> SxNative.sx_addr_can(ifname, out)), CanAddress::read);
    }

    /**
     * From any AF_CAN text form: "can:ifname", "can-isotp:...", "can-j1939:...".
     *
     * @param text the address in its text form, as toString() writes it
     * @return the address
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static CanAddress parse(String text) throws IOException {
        return parse(AF_CAN, text, CanAddress.class);
    }

    /** {@return the interface name; "" for every interface, or for an index that names none now} */
    public String ifname() { return ifname; }

    /** {@return the interface index, 0 for every interface} */
    public int ifindex() { return ifindex; }

    /** {@return CAN_RAW (also for CAN_BCM), CAN_ISOTP or CAN_J1939: the layout this address holds} */
    public int protocol() { return CAN_RAW; }
}
