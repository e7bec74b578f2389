// SPDX-License-Identifier: MIT
package org.libsocketx;

import java.io.IOException;
import org.libsocketx.internal.SxNative;

/**
 * An AF_VSOCK address: Python's (cid, port), both unsigned 32-bit (held bit for bit in a Java int: Integer.toUnsignedLong reads them). Text form "vsock:cid:port".
 */
public final class VsockAddress extends Address {
    private static final long serialVersionUID = 1L;

    /** AF_VSOCK on this system (-1 where it has none). */
    public static final int AF_VSOCK = afValue("AF_VSOCK");
    /** VMADDR_CID_ANY and VMADDR_PORT_ANY. */
    public static final int CID_ANY = -1, PORT_ANY = -1;
    /** The hypervisor, the local loopback and the host context ids. */
    public static final int CID_HYPERVISOR = 0, CID_LOCAL = 1, CID_HOST = 2;

    /** This family's entry in the {@link AddressRegistry}. */
    static final AddressRegistry.Family FAMILY = new AddressRegistry.Family(AF_VSOCK, VsockAddress::read);

    private final transient int cid;
    private final transient int port;

    private VsockAddress(long handle, int cid, int port) {
        super(handle);
        this.cid = cid;
        this.port = port;
    }

    private static VsockAddress read(long h) throws IOException {
        long[] cid = new long[1], port = new long[1];
        SxNative.sx_addr_vsock_cid(h, cid);
        SxNative.sx_addr_vsock_port(h, port);
        return new VsockAddress(h, (int) cid[0], (int) port[0]);
    }

    /**
     * An AF_VSOCK address: a context id and a port.
     *
     * @param cid the context id
     * @param port the port
     * @return the address
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static VsockAddress of(int cid, int port) throws IOException {
        return wrap(make(out -> SxNative.sx_addr_vsock(u32(cid), u32(port), out)), VsockAddress::read);
    }

    /**
     * From the text form "vsock:cid:port".
     *
     * @param text the address in its text form, as toString() writes it
     * @return the address
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static VsockAddress parse(String text) throws IOException {
        return parse(AF_VSOCK, text, VsockAddress.class);
    }

    /**
     * The context id.
     *
     * @return the context id
     */
    public int cid() { return cid; }

    @Override public int port() { return port; }

    /**
     * This machine's own context id (IOCTL_VM_SOCKETS_GET_LOCAL_CID on /dev/vsock).
     * A {@link SocketXErrors.SocketError} with SX_ENOTSUP when no vsock transport is loaded.
     *
     * @return the local context id
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static int localCid() throws IOException {
        long[] out = new long[1];
        SxNative.sx_vsock_local_cid(out);
        return (int) out[0];
    }
}
