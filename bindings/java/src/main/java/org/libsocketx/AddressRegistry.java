package org.libsocketx;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which Address subclass stands for a family: each family's class registers a reader for
 * its AF_* value from its own static initializer ({@link #register}), and the library's
 * handles are turned into that class by {@link #adopt}. Adding a family is its own file plus
 * one line in {@link #FAMILIES}.
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

    private static final Map<Integer, Reader> READERS = new ConcurrentHashMap<>();

    /** The family classes, one line each: loading them runs their registration. */
    private static final List<Class<? extends Address>> FAMILIES = List.of(
        NetlinkAddress.class,
        PacketAddress.class,
        VsockAddress.class,
        CanAddress.class,
        AlgAddress.class,
        TipcAddress.class,
        QipcrtrAddress.class,
        BluetoothAddress.class,
        HyperVAddress.class,
        SystemAddress.class,
        LinkAddress.class,
        DivertAddress.class);

    static {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        for (Class<?> c : FAMILIES) {
            try {
                lookup.ensureInitialized(c);
            } catch (IllegalAccessException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }

    /** Called by a family class's static initializer; family -1 (absent on this system) is ignored. */
    static void register(int family, Reader reader) {
        if (family >= 0) READERS.put(family, reader);
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
