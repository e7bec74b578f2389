// SPDX-License-Identifier: MIT
package org.libsocketx;

import java.io.IOException;
import org.libsocketx.internal.SxNative;

/**
 * A PF_SYSTEM kernel-control address (macOS): Python's (id, unit), or a control name. On
 * other systems every call throws a {@link SocketXErrors.SocketError} with SX_ENOTSUP.
 */
public final class SystemAddress extends Address {
    private static final long serialVersionUID = 1L;

    /** PF_SYSTEM on this system (-1 where it has none, as on Linux). */
    public static final int AF_SYSTEM = afValue("AF_SYSTEM");

    /** This family's entry in the {@link AddressRegistry}. */
    static final AddressRegistry.Family FAMILY = new AddressRegistry.Family(AF_SYSTEM, SystemAddress::read);

    private final transient int id;
    private final transient int unit;

    private SystemAddress(long handle, int id, int unit) {
        super(handle);
        this.id = id;
        this.unit = unit;
    }

    static SystemAddress read(long h) throws IOException {
        long[] id = new long[1], unit = new long[1];
        SxNative.sx_addr_system_fields(h, id, unit);
        return new SystemAddress(h, (int) id[0], (int) unit[0]);
    }

    /**
     * A kernel control by id and unit (unsigned 32-bit values in Java ints).
     *
     * @param id the kernel control id
     * @param unit the control unit
     * @return the address
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static SystemAddress of(int id, int unit) throws IOException {
        return wrap(make(out -> SxNative.sx_addr_system(u32(id), u32(unit), out)), SystemAddress::read);
    }

    /**
     * A kernel control by name, unit 0.
     *
     * @param controlName the kernel control name
     * @return the address
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static SystemAddress ofName(String controlName) throws IOException {
        return wrap(make(out -> SxNative.sx_addr_system_name(controlName, out)), SystemAddress::read);
    }

    /**
     * The kernel control id.
     *
     * @return the id
     */
    public int id() { return id; }

    /**
     * The control unit.
     *
     * @return the unit
     */
    public int unit() { return unit; }
}
