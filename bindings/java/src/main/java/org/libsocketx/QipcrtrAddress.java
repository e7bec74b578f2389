// SPDX-License-Identifier: MIT
package org.libsocketx;

import java.io.IOException;
import org.libsocketx.internal.SxNative;

/**
 * An AF_QIPCRTR address (Qualcomm IPC router): Python's (node, port), both unsigned 32-bit (held bit for bit in a Java int: Integer.toUnsignedLong reads them).
 * Text form "qipcrtr:node:port".
 */
public final class QipcrtrAddress extends Address {
    private static final long serialVersionUID = 1L;

    /** AF_QIPCRTR on this system (-1 where it has none). */
    public static final int AF_QIPCRTR = afValue("AF_QIPCRTR");

    /** This family's entry in the {@link AddressRegistry}. */
    static final AddressRegistry.Family FAMILY = new AddressRegistry.Family(AF_QIPCRTR, QipcrtrAddress::read);

    private final transient int node;
    private final transient int port;

    private QipcrtrAddress(long handle, int node, int port) {
        super(handle);
        this.node = node;
        this.port = port;
    }

    private static QipcrtrAddress read(long h) throws IOException {
        long[] node = new long[1], port = new long[1];
        SxNative.sx_addr_qipcrtr_node(h, node);
        SxNative.sx_addr_qipcrtr_port(h, port);
        return new QipcrtrAddress(h, (int) node[0], (int) port[0]);
    }

    /**
     * An AF_QIPCRTR address: a node and a port.
     *
     * @param node the node
     * @param port the port
     * @return the address
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static QipcrtrAddress of(int node, int port) throws IOException {
        return wrap(make(out -> SxNative.sx_addr_qipcrtr(u32(node), u32(port), out)), QipcrtrAddress::read);
    }

    /**
     * From the text form "qipcrtr:node:port".
     *
     * @param text the address in its text form, as toString() writes it
     * @return the address
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static QipcrtrAddress parse(String text) throws IOException {
        return parse(AF_QIPCRTR, text, QipcrtrAddress.class);
    }

    /**
     * The node.
     *
     * @return the node
     */
    public int node() { return node; }

    @Override public int port() { return port; }
}
