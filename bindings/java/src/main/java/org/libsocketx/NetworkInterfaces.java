// SPDX-License-Identifier: MIT
package org.libsocketx;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.libsocketx.internal.SxNative;

/**
 * Network interface names and indexes: Python's socket.if_nameindex, if_nametoindex and
 * if_indextoname. An unknown name is a {@link SocketXErrors.SocketError} with status
 * SX_ENOTFOUND; an unknown index one with SX_ENXIO (Python's OSError(ENXIO)).
 */
public final class NetworkInterfaces {
    private NetworkInterfaces() {}

    /** One interface: its index (unsigned 32-bit, so a long) and name. */
    public record Entry(long index, String name) {}

    /**
     * Every interface, in the kernel's order.
     *
     * @return the interfaces (index and name)
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static List<Entry> nameIndex() throws IOException {
        long[] out = new long[1];
        SxNative.sx_if_nameindex(out);
        long list = out[0];
        try {
            long[] n = new long[1];
            SxNative.sx_list_count(list, n);
            List<Entry> all = new ArrayList<>();
            long[] idx = new long[1];
            String[] name = new String[1];
            for (long i = 0; i < n[0]; i++) {
                SxNative.sx_ifentry_index(list, i, idx);
                SxNative.sx_ifentry_name(list, i, name);
                all.add(new Entry(idx[0], name[0]));
            }
            return List.copyOf(all);
        } finally {
            SxNative.sx_list_close(list);
        }
    }

    /**
     * The index of the interface called name (> 0).
     *
     * @param name the interface name
     * @return the index
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static long nameToIndex(String name) throws IOException {
        long[] out = new long[1];
        SxNative.sx_if_nametoindex(Strings.required(name, "name"), out);
        return out[0];
    }

    /**
     * The name of the interface with an index.
     *
     * @param index the interface index
     * @return the name
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static String indexToName(long index) throws IOException {
        String[] out = new String[1];
        SxNative.sx_if_indextoname(index, out);
        return out[0];
    }
}
