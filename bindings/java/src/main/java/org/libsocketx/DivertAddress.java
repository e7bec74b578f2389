// SPDX-License-Identifier: MIT
package org.libsocketx;

import java.io.IOException;
import org.libsocketx.internal.SxNative;

/**
 * An AF_DIVERT address (FreeBSD): Python's (host, port), read with {@link #host()} and
 * {@link #port()} as an AF_INET address is. On other systems its factory throws a
 * {@link SocketXErrors.SocketError} with SX_ENOTSUP.
 */
public final class DivertAddress extends Address {
    private static final long serialVersionUID = 1L;

    /** AF_DIVERT on this system (-1 where it has none, as on Linux). */
    public static final int AF_DIVERT = afValue("AF_DIVERT");

    /** This family's entry in the {@link AddressRegistry}. */
    static final AddressRegistry.Family FAMILY = new AddressRegistry.Family(AF_DIVERT, DivertAddress::new);

    private DivertAddress(long handle) {
        super(handle);
    }

    /**
     * A numeric host ("" for any) and a port 0..65535.
     *
     * @param host a host name or numeric address
     * @param port the port number
     * @return the address
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static DivertAddress of(String host, int port) throws IOException {
        return wrap(make(out -> SxNative.sx_addr_divert(host, port, out)), DivertAddress::new);
    }
}
