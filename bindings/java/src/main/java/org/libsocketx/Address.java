// SPDX-License-Identifier: MIT
package org.libsocketx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.libsocketx.internal.SxNative;

/**
 * An immutable socket address of any family (libsocketx's sx_addr), a
 * {@link java.net.SocketAddress}.
 *
 * It owns a library handle, released by a {@link Cleaner} when the Address becomes
 * unreachable: an address holds no file descriptor, so there is nothing to close by hand.
 * Accessors that do not apply to the family (port of an AF_UNIX address) throw
 * {@link IllegalArgumentException} carrying SX_EARG.
 *
 * <p>The families of libsocketx's {@code socketx/family/} headers have a subclass each
 * ({@link NetlinkAddress}, {@link PacketAddress}, {@link VsockAddress}, {@link CanAddress}...)
 * with static factories from the family's fields, typed accessors and {@code parse(String)}.
 * Every address the library hands back (accept, recvFrom, localAddress, a message's sender)
 * comes as the subclass of its family when one is listed in {@link AddressRegistry},
 * else as a plain Address; any Address is accepted wherever an address is taken.
 * Serialization writes the sockaddr bytes and reads them back through the same registry.
 */
public class Address extends java.net.SocketAddress {
    private static final long serialVersionUID = 1L;

    private static final class Handle implements Runnable {
        final long value;
        Handle(long value) { this.value = value; }
        @Override public void run() {
            try {
                SxNative.sx_addr_close(value);
            } catch (IOException | RuntimeException ignored) {
                // Nothing can be reported from a Cleaner thread; sx_addr_close only fails for
                // a handle of another kind, which this class never holds.
            }
        }
    }

    private final transient long handle;
    private transient int family = -1;

    /** Takes ownership of handle: released by the Cleaner, also when a subclass constructor fails. */
    Address(long handle) {
        this.handle = handle;
        SocketX.CLEANER.register(this, new Handle(handle));
    }

    /**
     * Wraps a new handle returned by the library (0 = no address), as the subclass its
     * family registered (a plain Address for the others).
     */
    static Address adopt(long handle) {
        return handle == 0 ? null : AddressRegistry.adopt(handle);
    }

    /** A plain Address over handle, whatever its family (the registry's fallback). */
    static Address plain(long handle) {
        return new Address(handle);
    }

    /**
     * An address of any family from its canonical text form (the inverse of
     * {@link #toString()}) for the forms with a scheme: "netlink:0:0", "vsock:2:1234",
     * "can:vcan0"... The family comes from the scheme, so the result is the family's subclass.
     * AF_INET, AF_INET6 and AF_UNIX forms have none: use {@link #parse(int, String)}.
     *
     * @param text the address in its text form, as toString() writes it
     * @return the address
     * @throws IllegalArgumentException (SX_EARG, SX_EOUTOFRANGE) for text that is no address
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static Address parse(String text) throws IOException {
        return parse(0, text);
    }

    /**
     * {@link #parse(String)} for one family (an AF_* value; 0 goes by the scheme): also
     * "127.0.0.1:80", "[::1%lo]:80", "/path", "@abstract". Only numeric hosts: no name is resolved.
     *
     * @param family the address family, an AF_* value
     * @param text the address in its text form, as toString() writes it
     * @return the address
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static Address parse(int family, String text) throws IOException {
        long[] out = new long[1];
        SxNative.sx_addr_from_string(family, text, out);
        return adopt(out[0]);
    }

    /** A family's parse: the text as that family, which must give an instance of type. */
    static <T extends Address> T parse(int family, String text, Class<T> type) throws IOException {
        Address a = parse(family, text);
        if (!type.isInstance(a)) {
            throw (SocketXErrors.ArgumentError) SocketXErrors.create(SocketXErrors.SX_EARG,
                "'" + text + "' is not " + type.getSimpleName() + " text");
        }
        return type.cast(a);
    }

    /** A constructor call of the raw layer: fills out[0] with a new handle. */
    @FunctionalInterface
    interface Maker { int make(long[] out) throws IOException; }

    /** Runs a raw constructor and returns its new handle (the caller adopts it). */
    static long make(Maker m) throws IOException {
        long[] out = new long[1];
        m.make(out);
        return out[0];
    }

    /** A family's field reader: a typed address owning the handle (see {@link AddressRegistry.Reader}). */
    @FunctionalInterface
    interface Read<T extends Address> { T read(long handle) throws IOException; }

    /** The typed address over a handle just made; the handle is released if reading fails. */
    static <T extends Address> T wrap(long handle, Read<T> reader) throws IOException {
        try {
            return reader.read(handle);
        } catch (IOException | RuntimeException e) {
            try {
                SxNative.sx_addr_close(handle);
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** SX_EARG or SX_EOUTOFRANGE as the binding throws them, for checks made in Java. */
    static IllegalArgumentException argument(int status, String detail) {
        return (SocketXErrors.ArgumentError) SocketXErrors.create(status, detail);
    }

    /** An unsigned 32-bit value held in a Java int (bit for bit), widened for the raw layer. */
    static long u32(int value) {
        return Integer.toUnsignedLong(value);
    }

    /** An AF_* value from the library's constant table, or -1 when this system has no such family. */
    static int afValue(String name) {
        try {
            return (int) SocketX.constant(name);
        } catch (IOException | IllegalArgumentException e) {
            return -1;
        }
    }

    long handle() { return handle; }

    void fence() { Reference.reachabilityFence(this); }

    /**
     * AF_INET: a dotted quad, "" (any), "&lt;broadcast&gt;" or a host name resolved to its first IPv4 address.
     *
     * @param host a host name or numeric address
     * @param port the port number
     * @return the address
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static Address inet(String host, int port) throws IOException {
        long[] out = new long[1];
        SxNative.sx_addr_inet(host, port, out);
        return new Address(out[0]);
    }

    /**
     * AF_INET6: an IPv6 literal (a "%scope" suffix is kept), "" (any) or a host name.
     *
     * @param host a host name or numeric address
     * @param port the port number
     * @return the address
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static Address inet6(String host, int port) throws IOException {
        return inet6(host, port, 0, 0);
    }

    /**
     * AF_INET6 with flow information (20 bits) and scope id (interface index).
     *
     * @param host a host name or numeric address
     * @param port the port number
     * @param flowInfo the IPv6 flow information
     * @param scopeId the scope id (interface index) of a link-local address
     * @return the address
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static Address inet6(String host, int port, long flowInfo, long scopeId) throws IOException {
        long[] out = new long[1];
        SxNative.sx_addr_inet6(host, port, flowInfo, scopeId, out);
        return new Address(out[0]);
    }

    /**
     * AF_UNIX filesystem path; "" is the unnamed address (bind then autobinds).
     *
     * @param path the file system path
     * @return the address
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static Address unix(String path) throws IOException {
        long[] out = new long[1];
        SxNative.sx_addr_unix(path, out);
        return new Address(out[0]);
    }

    /**
     * AF_UNIX name as raw bytes; a leading 0 byte makes a Linux abstract name.
     *
     * @param name the name as bytes
     * @return the address
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static Address unixBytes(byte[] name) throws IOException {
        Buffers b = Buffers.get();
        long[] out = new long[1];
        SxNative.sx_addr_unix_bytes(b.copyIn(name, 0, name.length), out);
        return new Address(out[0]);
    }

    /**
     * AF_UNIX abstract name: the bytes of {@code name} (UTF-8) after a leading NUL.
     *
     * @param name the abstract name, without its leading NUL
     * @return the address
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static Address unixAbstract(String name) throws IOException {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        byte[] raw = new byte[n.length + 1];
        System.arraycopy(n, 0, raw, 1, n.length);
        return unixBytes(raw);
    }

    /**
     * Any family, from raw sockaddr bytes (starting with sa_family in host order).
     *
     * @param sockaddr the raw sockaddr bytes
     * @return the address
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static Address fromSockaddr(byte[] sockaddr) throws IOException {
        Buffers b = Buffers.get();
        long[] out = new long[1];
        SxNative.sx_addr_from_sockaddr(b.copyIn(sockaddr, 0, sockaddr.length), out);
        return adopt(out[0]);
    }

    /**
     * An AF_INET or AF_INET6 address for an InetAddress (an IPv6 scope is kept).
     *
     * @param address the address
     * @param port the port number
     * @return the address
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static Address of(java.net.InetAddress address, int port) throws IOException {
        if (address == null) throw new IllegalArgumentException("null InetAddress");
        String host = address.getHostAddress();
        return address instanceof java.net.Inet6Address ? inet6(host, port) : inet(host, port);
    }

    /**
     * An AF_INET or AF_INET6 address for an InetSocketAddress (resolved).
     *
     * @param address the address
     * @return the address
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static Address of(java.net.InetSocketAddress address) throws IOException {
        if (address.isUnresolved()) throw new IllegalArgumentException("unresolved address " + address);
        return of(address.getAddress(), address.getPort());
    }

    /** {@return the host of an AF_INET or AF_INET6 address as an InetAddress (no name lookup)} */
    public java.net.InetAddress inetAddress() {
        try {
            return java.net.InetAddress.getByName(host());
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("numeric host not parsed: " + host(), e);
        }
    }

    /** {@return the address family, an AF_* value} */
    public int family() {
        int f = family;
        if (f < 0) {
            int[] out = new int[1];
            call(() -> SxNative.sx_addr_family(handle, out));
            family = f = out[0];
        }
        return f;
    }

    /** {@return numeric host of an AF_INET/AF_INET6 address, without %scope} */
    public String host() {
        String[] out = new String[1];
        call(() -> SxNative.sx_addr_host(handle, out));
        return out[0];
    }

    /** {@return port of an AF_INET/AF_INET6 address} */
    public int port() {
        int[] out = new int[1];
        call(() -> SxNative.sx_addr_port(handle, out));
        return out[0];
    }

    /** {@return flow information of an AF_INET6 address} */
    public long flowInfo() {
        long[] out = new long[1];
        call(() -> SxNative.sx_addr_flowinfo(handle, out));
        return out[0];
    }

    /** {@return scope id (interface index) of an AF_INET6 address} */
    public long scopeId() {
        long[] out = new long[1];
        call(() -> SxNative.sx_addr_scope_id(handle, out));
        return out[0];
    }

    /** {@return name of an AF_UNIX address: path bytes, abstract name with its leading 0, or empty} */
    public byte[] unixPath() {
        byte[][] out = new byte[1][];
        call(() -> SxNative.sx_addr_unix_path(handle, out));
        return out[0];
    }

    /** {@return the raw sockaddr bytes} */
    public byte[] toSockaddr() {
        byte[][] out = new byte[1][];
        call(() -> SxNative.sx_addr_to_sockaddr(handle, out));
        return out[0];
    }

    /** The canonical text form: "127.0.0.1:80", "[::1]:80", "/path", "@abstract", "family=n:hex". */
    @Override public String toString() {
        String[] out = new String[1];
        call(() -> SxNative.sx_addr_to_string(handle, out));
        return out[0];
    }

    /** Same family and same sockaddr bytes (sx_addr_equal). */
    @Override public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof Address)) return false;
        Address other = (Address) o;
        boolean[] out = new boolean[1];
        call(() -> SxNative.sx_addr_equal(handle, other.handle, out));
        Reference.reachabilityFence(other);
        return out[0];
    }

    @Override public int hashCode() {
        return Arrays.hashCode(toSockaddr());
    }

    interface Call { void run() throws IOException; }

    /** Accessors cannot fail with an I/O error on a live handle; the rest are argument errors. */
    void call(Call c) {
        try {
            c.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /**
     * Serialized as its sockaddr bytes: the handle is meaningful only in this process.
     *
     * @return the serialized form
     */
    final Object writeReplace() {
        return new Serial(toSockaddr());
    }

    private static final class Serial implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private final byte[] sockaddr;

        Serial(byte[] sockaddr) { this.sockaddr = sockaddr; }

        private Object readResolve() throws java.io.ObjectStreamException {
            try {
                return fromSockaddr(sockaddr);
            } catch (IOException | RuntimeException e) {
                java.io.InvalidObjectException x = new java.io.InvalidObjectException("not a socket address");
                x.initCause(e);
                throw x;
            }
        }
    }
}
