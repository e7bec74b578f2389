// SPDX-License-Identifier: MIT
package org.libsocketx;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which Address subclass stands for a family: each family's class declares its entry (its
 * AF_* value and a reader, {@link Family}) in a constant named FAMILY, and the library's
 * handles are turned into that class by {@link #adopt}. Adding a family is its own file plus
 * one line in {@link #FAMILIES}.
 *
 * <p>The entries are pulled from the classes, not pushed from their static initializers: a
 * family class's initialization never waits for this class's, so two threads that start
 * with a family class and with this one cannot deadlock on class initialization.
 */
final class AddressRegistry {
    private AddressRegistry() {}

    /**
     * Reads a family's fields from a handle and returns the typed address owning it. It must
     * read everything before constructing (an Address owns its handle from its constructor
     * on), so that a failure leaves the handle to the caller.
     */
    @FunctionalInterface
    interface Reader {
        Address read(long handle) throws IOException;
    }

    /** A family's entry: its AF_* value (-1 where this system has none) and its reader. */
    record Family(int af, Reader reader) {}

    /** Every family's entry, one line each. */
    private static final List<Family> FAMILIES = List.of(
        NetlinkAddress.FAMILY,
        PacketAddress.FAMILY,
        VsockAddress.FAMILY,
        CanAddress.FAMILY,
        AlgAddress.FAMILY,
        TipcAddress.FAMILY,
        QipcrtrAddress.FAMILY,
        BluetoothAddress.FAMILY,
        HyperVAddress.FAMILY,
        SystemAddress.FAMILY,
        LinkAddress.FAMILY,
        DivertAddress.FAMILY);

    private static final Map<Integer, Reader> READERS = byFamily();

    private static Map<Integer, Reader> byFamily() {
        Map<Integer, Reader> m = new HashMap<>();
        for (Family f : FAMILIES) {
            if (f.af() >= 0 && m.put(f.af(), f.reader()) != null) {
                throw new ExceptionInInitializerError("two address classes for family " + f.af());
            }
        }
        return Map.copyOf(m);
    }

    /** The typed address for a new handle (not 0): its family's class, else a plain Address. */
    static Address adopt(long handle) {
        int[] family = new int[1];
        Reader r = null;
        try {
            org.libsocketx.internal.SxNative.sx_addr_family(handle, family);
            r = READERS.get(family[0]);
        } catch (IOException | RuntimeException e) {
            // unreadable family: keep the handle as a plain Address, whose accessors report it
        }
        if (r != null) {
            try {
                return r.read(handle);
            } catch (IOException | RuntimeException e) {
                // A layout the family class does not read (a TIPC address type the library does
                // not know, a truncated Bluetooth address): the generic form still shows it.
            }
        }
        return Address.plain(handle);
    }
}
