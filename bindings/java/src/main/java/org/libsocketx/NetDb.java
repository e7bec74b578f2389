// SPDX-License-Identifier: MIT
package org.libsocketx;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.libsocketx.internal.SxNative;

/**
 * Name resolution, as Python's socket module has it: getaddrinfo, getnameinfo, the host
 * database, host names, protocols and services.
 *
 * <p>Resolver failures (SX_EAI_*, SX_EHOST_*) are {@link java.net.UnknownHostException}s
 * ({@link SocketXErrors.UnknownHostError}), as InetAddress throws. An unknown protocol,
 * service or port is not a host failure: it is a {@link SocketXErrors.SocketError} with
 * status {@link SocketXErrors#SX_ENOTFOUND}, as {@link SocketX#constant} reports an unknown
 * name (Python raises a plain OSError). Every String argument with an embedded NUL is refused
 * with IllegalArgumentException before it reaches C.
 *
 * <p>The native result lists are read completely and released inside each call, so no
 * method here returns anything that needs closing.
 */
public final class NetDb {
    private NetDb() {}

    // AI_* and NI_* flags, from the library's run-time table (this platform's values).
    /** {@code AI_PASSIVE}: this platform's value, from libsocketx's constant table (0 where it lacks the name). */
    public static final int AI_PASSIVE = (int) constantOrZero("AI_PASSIVE");
    /** {@code AI_CANONNAME}: this platform's value, from libsocketx's constant table (0 where it lacks the name). */
    public static final int AI_CANONNAME = (int) constantOrZero("AI_CANONNAME");
    /** {@code AI_NUMERICHOST}: this platform's value, from libsocketx's constant table (0 where it lacks the name). */
    public static final int AI_NUMERICHOST = (int) constantOrZero("AI_NUMERICHOST");
    /** {@code AI_NUMERICSERV}: this platform's value, from libsocketx's constant table (0 where it lacks the name). */
    public static final int AI_NUMERICSERV = (int) constantOrZero("AI_NUMERICSERV");
    /** {@code NI_NUMERICHOST}: this platform's value, from libsocketx's constant table (0 where it lacks the name). */
    public static final int NI_NUMERICHOST = (int) constantOrZero("NI_NUMERICHOST");
    /** {@code NI_NUMERICSERV}: this platform's value, from libsocketx's constant table (0 where it lacks the name). */
    public static final int NI_NUMERICSERV = (int) constantOrZero("NI_NUMERICSERV");
    /** {@code NI_NAMEREQD}: this platform's value, from libsocketx's constant table (0 where it lacks the name). */
    public static final int NI_NAMEREQD = (int) constantOrZero("NI_NAMEREQD");
    /** {@code NI_DGRAM}: this platform's value, from libsocketx's constant table (0 where it lacks the name). */
    public static final int NI_DGRAM = (int) constantOrZero("NI_DGRAM");

    private static long constantOrZero(String name) {
        try {
            return SocketX.constant(name);
        } catch (IOException | IllegalArgumentException e) {
            return 0;
        }
    }

    /**
     * One getaddrinfo result: family, type, protocol, canonical name ("" unless
     * AI_CANONNAME, and then only on the first entry) and the socket address.
     */
    public record AddrInfo(int family, int type, int proto, String canonName, Address address) {}

    /**
     * socket.getaddrinfo(host, port, family, type, proto, flags) with a service name or decimal port; null host or port is Python's None.
     *
     * @param host a host name or numeric address
     * @param port the port: a number or a service name, or null for none
     * @param family the address family, an AF_* value
     * @param type the socket type, a SOCK_* value
     * @param proto the protocol number, 0 for any
     * @param flags AI_* flags for getAddrInfo, NI_* flags for getNameInfo
     * @return the addresses, in the resolver's order
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static List<AddrInfo> getAddrInfo(String host, String port, int family, int type, int proto, int flags)
            throws IOException {
        long[] out = new long[1];
        SxNative.sx_getaddrinfo(Strings.noNul(host, "host"), Strings.noNul(port, "port"), family, type, proto, flags, out);
        return readAddrInfo(out[0]);
    }

    /**
     * socket.getaddrinfo with an int port: no range check, as Python formats it (70000 is 4464).
     *
     * @param host a host name or numeric address
     * @param port the port number
     * @param family the address family, an AF_* value
     * @param type the socket type, a SOCK_* value
     * @param proto the protocol number, 0 for any
     * @param flags AI_* flags for getAddrInfo, NI_* flags for getNameInfo
     * @return the addresses, in the resolver's order
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static List<AddrInfo> getAddrInfo(String host, long port, int family, int type, int proto, int flags)
            throws IOException {
        long[] out = new long[1];
        SxNative.sx_getaddrinfo_port(Strings.noNul(host, "host"), port, family, type, proto, flags, out);
        return readAddrInfo(out[0]);
    }

    /**
     * Every address of host for TCP, any family.
     *
     * @param host a host name or numeric address
     * @param port the port number
     * @return the addresses, in the resolver's order
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static List<AddrInfo> getAddrInfo(String host, int port) throws IOException {
        return getAddrInfo(host, port, 0, SocketX.SOCK_STREAM, 0, 0);
    }

    /**
     * Copies a native list out and closes it whatever happens. Addresses already made on a
     * failure need nothing: an Address holds no descriptor and its Cleaner frees the handle.
     */
    private static List<AddrInfo> readAddrInfo(long list) throws IOException {
        List<AddrInfo> result = new ArrayList<>();
        try {
            long n = count(list);
            int[] fam = new int[1], typ = new int[1], pro = new int[1];
            String[] canon = new String[1];
            long[] addr = new long[1];
            for (long i = 0; i < n; i++) {
                SxNative.sx_addrinfo_entry(list, i, fam, typ, pro);
                SxNative.sx_addrinfo_canonname(list, i, canon);
                SxNative.sx_addrinfo_addr(list, i, addr);
                result.add(new AddrInfo(fam[0], typ[0], pro[0], canon[0], Address.adopt(addr[0])));
            }
            return Collections.unmodifiableList(result);
        } finally {
            SxNative.sx_list_close(list);
        }
    }

    private static long count(long list) throws IOException {
        long[] n = new long[1];
        SxNative.sx_list_count(list, n);
        return n[0];
    }

    /** A host and a service (port) text. */
    public record NameInfo(String host, String service) {}

    /**
     * socket.getnameinfo for an AF_INET or AF_INET6 address, with NI_* flags.
     *
     * @param address the socket address
     * @param flags AI_* flags for getAddrInfo, NI_* flags for getNameInfo
     * @return the host and the service
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static NameInfo getNameInfo(Address address, int flags) throws IOException {
        String[] host = new String[1], serv = new String[1];
        try {
            SxNative.sx_getnameinfo(address.handle(), flags, host, serv);
        } finally {
            address.fence(); // the handle must outlive the call, or the Cleaner may free it during the lookup
        }
        return new NameInfo(host[0], serv[0]);
    }

    /**
     * socket.getnameinfo((host, port), flags): host must be numeric.
     *
     * @param host a host name or numeric address
     * @param port the port number
     * @param flags AI_* flags for getAddrInfo, NI_* flags for getNameInfo
     * @return the host and the service
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static NameInfo getNameInfo(String host, int port, int flags) throws IOException {
        return getNameInfo(host, port, 0, 0, flags);
    }

    /**
     * socket.getnameinfo((host, port, flowinfo, scope_id), flags).
     *
     * @param host a host name or numeric address
     * @param port the port number
     * @param flowInfo the IPv6 flow information
     * @param scopeId the scope id (interface index) of a link-local address
     * @param flags AI_* flags for getAddrInfo, NI_* flags for getNameInfo
     * @return the host and the service
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static NameInfo getNameInfo(String host, int port, long flowInfo, long scopeId, int flags) throws IOException {
        String[] h = new String[1], s = new String[1];
        SxNative.sx_getnameinfo_host(Strings.required(host, "host"), port, flowInfo, scopeId, flags, h, s);
        return new NameInfo(h[0], s[0]);
    }

    /**
     * socket.gethostbyname: one IPv4 address as dotted-quad text.
     *
     * @param name the name to look up
     * @return the address
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static String getHostByName(String name) throws IOException {
        String[] out = new String[1];
        SxNative.sx_gethostbyname(Strings.required(name, "name"), out);
        return out[0];
    }

    /** A host database entry: official name, aliases, addresses as text. */
    public record HostEntry(String name, List<String> aliases, List<String> addresses) {}

    /**
     * socket.gethostbyname_ex (IPv4).
     *
     * @param name the name to look up
     * @return the name, the aliases and the addresses
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static HostEntry getHostByNameEx(String name) throws IOException {
        long[] out = new long[1];
        SxNative.sx_gethostbyname_ex(Strings.required(name, "name"), out);
        return readHostEntry(out[0]);
    }

    /**
     * socket.gethostbyaddr: reverse lookup of an address (or a name, resolved first).
     *
     * @param ip the address in its text form
     * @return the name, the aliases and the addresses
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static HostEntry getHostByAddr(String ip) throws IOException {
        long[] out = new long[1];
        SxNative.sx_gethostbyaddr(Strings.required(ip, "ip"), out);
        return readHostEntry(out[0]);
    }

    private static HostEntry readHostEntry(long list) throws IOException {
        try {
            String[] s = new String[1];
            SxNative.sx_hostent_name(list, s);
            String name = s[0];
            long[] n = new long[1];
            SxNative.sx_hostent_alias_count(list, n);
            List<String> aliases = new ArrayList<>();
            for (long i = 0; i < n[0]; i++) {
                SxNative.sx_hostent_alias(list, i, s);
                aliases.add(s[0]);
            }
            long count = count(list);
            List<String> addresses = new ArrayList<>();
            for (long i = 0; i < count; i++) {
                SxNative.sx_hostent_addr(list, i, s);
                addresses.add(s[0]);
            }
            return new HostEntry(name, List.copyOf(aliases), List.copyOf(addresses));
        } finally {
            SxNative.sx_list_close(list);
        }
    }

    /**
     * socket.getfqdn(name); null or "" means this host. Lookup failures give the name back.
     *
     * @param name the name to look up
     * @return the fully qualified name
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static String getFqdn(String name) throws IOException {
        String[] out = new String[1];
        SxNative.sx_getfqdn(Strings.noNul(name, "name"), out);
        return out[0];
    }

    /**
     * socket.getfqdn(): this host's fully qualified name.
     *
     * @return the fully qualified name
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static String getFqdn() throws IOException {
        return getFqdn(null);
    }

    /**
     * socket.gethostname().
     *
     * @return the host name
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static String hostname() throws IOException {
        String[] out = new String[1];
        SxNative.sx_gethostname(out);
        return out[0];
    }

    /**
     * socket.sethostname(name): needs CAP_SYS_ADMIN; SX_EPERM otherwise.
     *
     * @param name the name to look up
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static void setHostname(String name) throws IOException {
        SxNative.sx_sethostname(Strings.required(name, "name"));
    }

    /**
     * socket.getprotobyname: "tcp" is 6. SX_ENOTFOUND when unknown.
     *
     * @param name the name to look up
     * @return the protocol number
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static int getProtoByName(String name) throws IOException {
        int[] out = new int[1];
        SxNative.sx_getprotobyname(Strings.required(name, "name"), out);
        return out[0];
    }

    /**
     * socket.getservbyname(name, proto): the port; proto null means any. SX_ENOTFOUND when unknown.
     *
     * @param name the name to look up
     * @param proto the protocol name, or null for any
     * @return the port number
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static int getServByName(String name, String proto) throws IOException {
        int[] out = new int[1];
        SxNative.sx_getservbyname(Strings.required(name, "name"), Strings.noNul(proto, "proto"), out);
        return out[0];
    }

    /**
     * socket.getservbyport(port, proto): the service name; proto null means any.
     *
     * @param port the port number
     * @param proto the protocol name, or null for any
     * @return the service name
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static String getServByPort(int port, String proto) throws IOException {
        String[] out = new String[1];
        SxNative.sx_getservbyport(port, Strings.noNul(proto, "proto"), out);
        return out[0];
    }
}
