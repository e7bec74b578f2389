package org.libsocketx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.libsocketx.internal.SxNative;

/**
 * An immutable socket address of any family (libsocketx's sx_addr).
 *
 * It owns a library handle, released by a {@link Cleaner} when the Address becomes
 * unreachable: an address holds no file descriptor, so there is nothing to close by hand.
 * Accessors that do not apply to the family (port of an AF_UNIX address) throw
 * {@link IllegalArgumentException} carrying SX_EARG.
 */
public final class Address {
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

    private final long handle;
    private int family = -1;

    private Address(long handle) {
        this.handle = handle;
        SocketX.CLEANER.register(this, new Handle(handle));
    }

    /** Wraps a new handle returned by the library (0 = no address). */
    static Address adopt(long handle) {
        return handle == 0 ? null : new Address(handle);
    }

    long handle() { return handle; }

    void fence() { Reference.reachabilityFence(this); }

    /** AF_INET: a dotted quad, "" (any), "&lt;broadcast&gt;" or a host name resolved to its first IPv4 address. */
    public static Address inet(String host, int port) throws IOException {
        long[] out = new long[1];
        SxNative.sx_addr_inet(host, port, out);
        return new Address(out[0]);
    }

    /** AF_INET6: an IPv6 literal (a "%scope" suffix is kept), "" (any) or a host name. */
    public static Address inet6(String host, int port) throws IOException {
        return inet6(host, port, 0, 0);
    }

    /** AF_INET6 with flow information (20 bits) and scope id (interface index). */
    public static Address inet6(String host, int port, long flowInfo, long scopeId) throws IOException {
        long[] out = new long[1];
        SxNative.sx_addr_inet6(host, port, flowInfo, scopeId, out);
        return new Address(out[0]);
    }

    /** AF_UNIX filesystem path; "" is the unnamed address (bind then autobinds). */
    public static Address unix(String path) throws IOException {
        long[] out = new long[1];
        SxNative.sx_addr_unix(path, out);
        return new Address(out[0]);
    }

    /** AF_UNIX name as raw bytes; a leading 0 byte makes a Linux abstract name. */
    public static Address unixBytes(byte[] name) throws IOException {
        Buffers b = Buffers.get();
        long[] out = new long[1];
        SxNative.sx_addr_unix_bytes(b.copyIn(name, 0, name.length), out);
        return new Address(out[0]);
    }

    /** AF_UNIX abstract name: the bytes of {@code name} (UTF-8) after a leading NUL. */
    public static Address unixAbstract(String name) throws IOException {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        byte[] raw = new byte[n.length + 1];
        System.arraycopy(n, 0, raw, 1, n.length);
        return unixBytes(raw);
    }

    /** Any family, from raw sockaddr bytes (starting with sa_family in host order). */
    public static Address fromSockaddr(byte[] sockaddr) throws IOException {
        Buffers b = Buffers.get();
        long[] out = new long[1];
        SxNative.sx_addr_from_sockaddr(b.copyIn(sockaddr, 0, sockaddr.length), out);
        return new Address(out[0]);
    }

    /** An AF_INET or AF_INET6 address for an InetAddress (an IPv6 scope is kept). */
    public static Address of(java.net.InetAddress address, int port) throws IOException {
        if (address == null) throw new IllegalArgumentException("null InetAddress");
        String host = address.getHostAddress();
        return address instanceof java.net.Inet6Address ? inet6(host, port) : inet(host, port);
    }

    /** An AF_INET or AF_INET6 address for an InetSocketAddress (resolved). */
    public static Address of(java.net.InetSocketAddress address) throws IOException {
        if (address.isUnresolved()) throw new IllegalArgumentException("unresolved address " + address);
        return of(address.getAddress(), address.getPort());
    }

    /** The host of an AF_INET or AF_INET6 address as an InetAddress (no name lookup). */
    public java.net.InetAddress inetAddress() {
        try {
            return java.net.InetAddress.getByName(host());
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("numeric host not parsed: " + host(), e);
        }
    }

    /** The address family, an AF_* value. */
    public int family() {
        int f = family;
        if (f < 0) {
            int[] out = new int[1];
            call(() -> SxNative.sx_addr_family(handle, out));
            family = f = out[0];
        }
        return f;
    }

    /** Numeric host of an AF_INET/AF_INET6 address, without %scope. */
    public String host() {
        String[] out = new String[1];
        call(() -> SxNative.sx_addr_host(handle, out));
        return out[0];
    }

    /** Port of an AF_INET/AF_INET6 address. */
    public int port() {
        int[] out = new int[1];
        call(() -> SxNative.sx_addr_port(handle, out));
        return out[0];
    }

    /** Flow information of an AF_INET6 address. */
    public long flowInfo() {
        long[] out = new long[1];
        call(() -> SxNative.sx_addr_flowinfo(handle, out));
        return out[0];
    }

    /** Scope id (interface index) of an AF_INET6 address. */
    public long scopeId() {
        long[] out = new long[1];
        call(() -> SxNative.sx_addr_scope_id(handle, out));
        return out[0];
    }

    /** Name of an AF_UNIX address: path bytes, abstract name with its leading 0, or empty. */
    public byte[] unixPath() {
        byte[][] out = new byte[1][];
        call(() -> SxNative.sx_addr_unix_path(handle, out));
        return out[0];
    }

    /** The raw sockaddr bytes. */
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

    private interface Call { void run() throws IOException; }

    /** Accessors cannot fail with an I/O error on a live handle; the rest are argument errors. */
    private void call(Call c) {
        try {
            c.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

}
