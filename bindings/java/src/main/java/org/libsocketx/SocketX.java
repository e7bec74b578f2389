// SPDX-License-Identifier: MIT
package org.libsocketx;

import java.io.IOException;
import java.lang.ref.Cleaner;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.libsocketx.internal.SxNative;

/**
 * Module-level functions of libsocketx: socket pairs, adopting descriptors, the default
 * timeout, constants, version, family support and status names.
 */
public final class SocketX {
    private SocketX() {}

    /** One Cleaner thread for every handle of the binding. */
    static final Cleaner CLEANER = Cleaner.create();

    /** Timeout value meaning "blocking" (Python's None). */
    public static final double TIMEOUT_NONE = -1.0;
    /** listen() backlog meaning Python's default, min(SOMAXCONN, 128). */
    public static final int BACKLOG_DEFAULT = Integer.MIN_VALUE;
    /** adopt()/fromFd() family, type or proto: detect it from the descriptor. */
    public static final int DETECT = -1;

    // The constants every program needs, read from the library's run-time table, so they
    // hold this platform's native values (as Python's socket module does).
    /** {@code AF_UNIX}: this platform's value, from libsocketx's constant table (0 where it lacks the name). */
    public static final int AF_UNIX = (int) constantOrZero("AF_UNIX");
    /** {@code AF_INET}: this platform's value, from libsocketx's constant table (0 where it lacks the name). */
    public static final int AF_INET = (int) constantOrZero("AF_INET");
    /** {@code AF_INET6}: this platform's value, from libsocketx's constant table (0 where it lacks the name). */
    public static final int AF_INET6 = (int) constantOrZero("AF_INET6");
    /** {@code SOCK_STREAM}: this platform's value, from libsocketx's constant table (0 where it lacks the name). */
    public static final int SOCK_STREAM = (int) constantOrZero("SOCK_STREAM");
    /** {@code SOCK_DGRAM}: this platform's value, from libsocketx's constant table (0 where it lacks the name). */
    public static final int SOCK_DGRAM = (int) constantOrZero("SOCK_DGRAM");
    /** {@code SOCK_SEQPACKET}: this platform's value, from libsocketx's constant table (0 where it lacks the name). */
    public static final int SOCK_SEQPACKET = (int) constantOrZero("SOCK_SEQPACKET");
    /** {@code SOCK_NONBLOCK}: this platform's value, from libsocketx's constant table (0 where it lacks the name). */
    public static final int SOCK_NONBLOCK = (int) constantOrZero("SOCK_NONBLOCK");
    /** {@code SOL_SOCKET}: this platform's value, from libsocketx's constant table (0 where it lacks the name). */
    public static final int SOL_SOCKET = (int) constantOrZero("SOL_SOCKET");
    /** {@code SO_REUSEADDR}: this platform's value, from libsocketx's constant table (0 where it lacks the name). */
    public static final int SO_REUSEADDR = (int) constantOrZero("SO_REUSEADDR");
    /** {@code SO_SNDBUF}: this platform's value, from libsocketx's constant table (0 where it lacks the name). */
    public static final int SO_SNDBUF = (int) constantOrZero("SO_SNDBUF");
    /** {@code SO_RCVBUF}: this platform's value, from libsocketx's constant table (0 where it lacks the name). */
    public static final int SO_RCVBUF = (int) constantOrZero("SO_RCVBUF");
    /** {@code SO_TYPE}: this platform's value, from libsocketx's constant table (0 where it lacks the name). */
    public static final int SO_TYPE = (int) constantOrZero("SO_TYPE");
    /** {@code IPPROTO_TCP}: this platform's value, from libsocketx's constant table (0 where it lacks the name). */
    public static final int IPPROTO_TCP = (int) constantOrZero("IPPROTO_TCP");
    /** {@code TCP_NODELAY}: this platform's value, from libsocketx's constant table (0 where it lacks the name). */
    public static final int TCP_NODELAY = (int) constantOrZero("TCP_NODELAY");
    /** {@code MSG_PEEK}: this platform's value, from libsocketx's constant table (0 where it lacks the name). */
    public static final int MSG_PEEK = (int) constantOrZero("MSG_PEEK");
    /** {@code MSG_DONTWAIT}: this platform's value, from libsocketx's constant table (0 where it lacks the name). */
    public static final int MSG_DONTWAIT = (int) constantOrZero("MSG_DONTWAIT");
    // Messages: ancillary item levels and types, msg_flags. Where the library's table lacks a
    // name (it lists Python's constants), the Linux value is used.
    /** {@code SCM_RIGHTS}: this platform's value, from libsocketx's constant table (1, the Linux value, where it lacks the name). */
    public static final int SCM_RIGHTS = (int) constantOr("SCM_RIGHTS", 1);
    /** {@code SCM_CREDENTIALS}: this platform's value, from libsocketx's constant table (2, the Linux value, where it lacks the name). */
    public static final int SCM_CREDENTIALS = (int) constantOr("SCM_CREDENTIALS", 2);
    /** {@code SO_PASSCRED}: this platform's value, from libsocketx's constant table (16, the Linux value, where it lacks the name). */
    public static final int SO_PASSCRED = (int) constantOr("SO_PASSCRED", 16);
    /** {@code IPPROTO_IP}: this platform's value, from libsocketx's constant table (0, the Linux value, where it lacks the name). */
    public static final int IPPROTO_IP = (int) constantOr("IPPROTO_IP", 0);
    /** {@code IPPROTO_IPV6}: this platform's value, from libsocketx's constant table (41, the Linux value, where it lacks the name). */
    public static final int IPPROTO_IPV6 = (int) constantOr("IPPROTO_IPV6", 41);
    /** {@code IPPROTO_UDP}: this platform's value, from libsocketx's constant table (17, the Linux value, where it lacks the name). */
    public static final int IPPROTO_UDP = (int) constantOr("IPPROTO_UDP", 17);
    /** {@code IP_TTL}: this platform's value, from libsocketx's constant table (2, the Linux value, where it lacks the name). */
    public static final int IP_TTL = (int) constantOr("IP_TTL", 2);
    /** {@code IP_RECVTTL}: this platform's value, from libsocketx's constant table (12, the Linux value, where it lacks the name). */
    public static final int IP_RECVTTL = (int) constantOr("IP_RECVTTL", 12);
    /** {@code IP_PKTINFO}: this platform's value, from libsocketx's constant table (8, the Linux value, where it lacks the name). */
    public static final int IP_PKTINFO = (int) constantOr("IP_PKTINFO", 8);
    /** {@code IP_RECVERR}: this platform's value, from libsocketx's constant table (11, the Linux value, where it lacks the name). */
    public static final int IP_RECVERR = (int) constantOr("IP_RECVERR", 11);
    /** {@code IPV6_PKTINFO}: this platform's value, from libsocketx's constant table (50, the Linux value, where it lacks the name). */
    public static final int IPV6_PKTINFO = (int) constantOr("IPV6_PKTINFO", 50);
    /** {@code IPV6_RECVPKTINFO}: this platform's value, from libsocketx's constant table (49, the Linux value, where it lacks the name). */
    public static final int IPV6_RECVPKTINFO = (int) constantOr("IPV6_RECVPKTINFO", 49);
    /** {@code IPV6_RECVERR}: this platform's value, from libsocketx's constant table (25, the Linux value, where it lacks the name). */
    public static final int IPV6_RECVERR = (int) constantOr("IPV6_RECVERR", 25);
    /** SO_TIMESTAMPNS (receive SCM_TIMESTAMPNS items, same number); not in Python's list. */
    public static final int SO_TIMESTAMPNS = (int) constantOr("SO_TIMESTAMPNS", 35);
    /** SO_ZEROCOPY (Linux 4.14+); not in Python's list. */
    public static final int SO_ZEROCOPY = (int) constantOr("SO_ZEROCOPY", 60);
    /** {@code MSG_TRUNC}: this platform's value, from libsocketx's constant table (0x20, the Linux value, where it lacks the name). */
    public static final int MSG_TRUNC = (int) constantOr("MSG_TRUNC", 0x20);
    /** {@code MSG_CTRUNC}: this platform's value, from libsocketx's constant table (0x8, the Linux value, where it lacks the name). */
    public static final int MSG_CTRUNC = (int) constantOr("MSG_CTRUNC", 0x8);
    /** {@code MSG_WAITALL}: this platform's value, from libsocketx's constant table (0x100, the Linux value, where it lacks the name). */
    public static final int MSG_WAITALL = (int) constantOr("MSG_WAITALL", 0x100);
    /** {@code MSG_ERRQUEUE}: this platform's value, from libsocketx's constant table (0x2000, the Linux value, where it lacks the name). */
    public static final int MSG_ERRQUEUE = (int) constantOr("MSG_ERRQUEUE", 0x2000);
    /** MSG_ZEROCOPY (Linux 4.14+); not in Python's list. */
    public static final int MSG_ZEROCOPY = (int) constantOr("MSG_ZEROCOPY", 0x4000000);
    /** ee_origin of an ICMP error, and of a zero-copy completion (linux/errqueue.h). */
    public static final int SO_EE_ORIGIN_ICMP = 2, SO_EE_ORIGIN_ZEROCOPY = 5;
    /** shutdown(how): no more receiving. */
    public static final int SHUT_RD = 0;
    /** shutdown(how): no more sending. */
    public static final int SHUT_WR = 1;
    /** shutdown(how): no more receiving or sending. */
    public static final int SHUT_RDWR = 2;

    private static long constantOr(String name, long fallback) {
        try {
            return constant(name);
        } catch (IOException | IllegalArgumentException e) {
            return fallback;
        }
    }

    private static long constantOrZero(String name) {
        try {
            return constant(name);
        } catch (IOException | IllegalArgumentException e) {
            return 0;
        }
    }

    /** A pair of connected sockets: first and second. */
    public record Pair(Socket first, Socket second) implements AutoCloseable {
        @Override public void close() throws IOException {
            try {
                first.close();
            } finally {
                second.close();
            }
        }
    }

    /**
     * socketpair(AF_UNIX, SOCK_STREAM, 0), Python's default.
     *
     * @return the two connected sockets
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static Pair socketpair() throws IOException {
        return socketpair(AF_UNIX, SOCK_STREAM, 0);
    }

    /**
     * socketpair(family, type, proto).
     *
     * @param family the address family, an AF_* value
     * @param type the socket type, a SOCK_* value
     * @param proto the protocol number (0: the family's default)
     * @return the two connected sockets
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static Pair socketpair(int family, int type, int proto) throws IOException {
        long[] a = new long[1];
        long[] b = new long[1];
        SxNative.sx_socketpair(family, type, proto, a, b);
        return new Pair(new Socket(a[0]), new Socket(b[0]));
    }

    /**
     * Wraps fd without duplicating it: the Socket owns it afterwards. {@link #DETECT} detects.
     *
     * @param fd the file descriptor
     * @param family the address family, or DETECT
     * @param type the socket type, or DETECT
     * @param proto the protocol, or DETECT
     * @return the socket
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static Socket adopt(int fd, int family, int type, int proto) throws IOException {
        long[] out = new long[1];
        SxNative.sx_socket_adopt(fd, family, type, proto, out);
        return new Socket(out[0]);
    }

    /**
     * adopt(fd, DETECT, DETECT, DETECT): the Socket owns fd afterwards.
     *
     * @param fd the file descriptor
     * @return the socket
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static Socket adopt(int fd) throws IOException {
        return adopt(fd, DETECT, DETECT, DETECT);
    }

    /**
     * Wraps a close-on-exec dup of fd; the caller keeps fd.
     *
     * @param fd the file descriptor
     * @param family the address family, or DETECT
     * @param type the socket type, or DETECT
     * @param proto the protocol, or DETECT
     * @return the socket
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static Socket fromFd(int fd, int family, int type, int proto) throws IOException {
        long[] out = new long[1];
        SxNative.sx_socket_fromfd(fd, family, type, proto, out);
        return new Socket(out[0]);
    }

    /**
     * fromFd(fd, DETECT, DETECT, DETECT): wraps a dup of fd; the caller keeps fd.
     *
     * @param fd the file descriptor
     * @return the socket
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static Socket fromFd(int fd) throws IOException {
        return fromFd(fd, DETECT, DETECT, DETECT);
    }

    /**
     * The timeout new sockets start with: null blocking, ZERO non-blocking.
     *
     * @param timeout the timeout: null blocks without one, Duration.ZERO is non-blocking
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static void setDefaultTimeout(Duration timeout) throws IOException {
        SxNative.sx_setdefaulttimeout(seconds(timeout));
    }

    /**
     * The timeout new sockets start with (process-wide).
     *
     * @return null for blocking, ZERO for non-blocking, else the timeout
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static Duration getDefaultTimeout() throws IOException {
        double[] out = new double[1];
        SxNative.sx_getdefaulttimeout(out);
        return duration(out[0]);
    }

    /**
     * Sets, for the calling thread, what a libsocketx call does when a signal handler
     * interrupts one of its system calls: {@code false} (the default) retries it with the time
     * left (PEP 475); {@code true} makes it fail at once with a
     * {@link SocketXErrors.InterruptedError} (a {@link java.io.InterruptedIOException},
     * status SX_EINTR), its progress reported as on any failure.
     *
     * <p>Java code does not need it: the JVM does not interrupt threads with signals, and
     * {@link Thread#interrupt()} stops a blocked {@link Socket} call the JDK's way (the
     * socket is closed and the call throws {@link java.nio.channels.ClosedByInterruptException}).
     * It exists so that every function of the C API is reachable, for code that shares a
     * thread with native code relying on signals. The setting belongs to the OS thread under
     * the Java thread; a virtual thread can move between carriers, so use it on platform
     * threads only.
     *
     * @param on true to turn it on
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static void setThreadInterruptible(boolean on) throws IOException {
        SxNative.sx_thread_set_interruptible(on ? 1 : 0);
    }

    /**
     * The calling thread's {@link #setThreadInterruptible(boolean)} setting (false by default).
     *
     * @return true when the calling thread is interruptible
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static boolean isThreadInterruptible() throws IOException {
        boolean[] out = new boolean[1];
        SxNative.sx_thread_get_interruptible(out);
        return out[0];
    }

    static double seconds(Duration d) {
        if (d == null) return TIMEOUT_NONE;
        if (d.isNegative()) throw new IllegalArgumentException("negative timeout: " + d);
        return d.getSeconds() + d.getNano() / 1e9;
    }

    static Duration duration(double seconds) {
        if (seconds < 0) return null;
        long whole = (long) seconds;
        return Duration.ofSeconds(whole, Math.round((seconds - whole) * 1e9));
    }

    /**
     * A constant by its Python name ("SO_REUSEADDR"); SX_ENOTFOUND when the platform has none.
     *
     * @param name the constant or status name, e.g. "SO_REUSEADDR"
     * @return the constant's value
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static long constant(String name) throws IOException {
        long[] out = new long[1];
        SxNative.sx_constant(name, out);
        return out[0];
    }

    /**
     * Every constant of the platform, by name, sorted by name.
     *
     * @return the constants by name
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static Map<String, Long> constants() throws IOException {
        long[] count = new long[1];
        SxNative.sx_constant_count(count);
        Map<String, Long> all = new LinkedHashMap<>();
        String[] name = new String[1];
        long[] value = new long[1];
        for (long i = 0; i < count[0]; i++) {
            SxNative.sx_constant_at(i, name, value);
            all.put(name[0], value[0]);
        }
        return Collections.unmodifiableMap(all);
    }

    /** {@return the release version of the loaded library, "1.1.0"} */
    public static String version() {
        return SxNative.sx_version_string();
    }

    /**
     * {major, minor, patch} of the loaded library.
     *
     * @return the three numbers
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static int[] versionNumbers() throws IOException {
        long[] ma = new long[1], mi = new long[1], pa = new long[1];
        SxNative.sx_version(ma, mi, pa);
        return new int[] {(int) ma[0], (int) mi[0], (int) pa[0]};
    }

    /**
     * The newest symbol version node, e.g. "SOCKETX_1.0".
     *
     * @return the node's name
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static String abiLevel() throws IOException {
        long[] ma = new long[1], mi = new long[1];
        SxNative.sx_abi_level(ma, mi);
        return "SOCKETX_" + ma[0] + "." + mi[0];
    }

    /** Whether this build has an address codec for a family, and whether the kernel has it. */
    public record FamilySupport(boolean build, boolean kernel) {}

    /**
     * Whether this build has an address codec for a family, and whether the running kernel has the family.
     *
     * @param family the address family, an AF_* value
     * @return both answers
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static FamilySupport familySupported(int family) throws IOException {
        boolean[] b = new boolean[1], k = new boolean[1];
        SxNative.sx_family_supported(family, b, k);
        return new FamilySupport(b[0], k[0]);
    }

    // ---- Connection helpers (socket.create_connection, create_server) ----

    /** createConnection timeout meaning "keep the module default" (Python's _GLOBAL_DEFAULT_TIMEOUT). */
    static final double TIMEOUT_DEFAULT = -2.0;
    /** SX_CONNECT_HAPPY_EYEBALLS. */
    private static final int CONNECT_HAPPY_EYEBALLS = 1;

    /**
     * How {@link #createConnection(String, int, ConnectOptions)} connects. Immutable; each
     * method returns a changed copy. The timeout has three states, which a nullable Duration
     * cannot express: the module default ({@link #getDefaultTimeout()}, the initial state),
     * blocking, or a duration (per address; one deadline for the whole race with Happy Eyeballs).
     */
    public static final class ConnectOptions {
        private final double timeout;
        private final Address source;
        private final boolean happyEyeballs;
        private final boolean allErrors;

        private ConnectOptions(double timeout, Address source, boolean happyEyeballs, boolean allErrors) {
            this.timeout = timeout;
            this.source = source;
            this.happyEyeballs = happyEyeballs;
            this.allErrors = allErrors;
        }

        /**
         * Module default timeout, no source address, sequential, last error only.
         *
         * @return the default options
         */
        public static ConnectOptions defaults() {
            return new ConnectOptions(TIMEOUT_DEFAULT, null, false, false);
        }

        /**
         * Keep the module default timeout (what new sockets get).
         *
         * @return new options with this change
         */
        public ConnectOptions defaultTimeout() {
            return new ConnectOptions(TIMEOUT_DEFAULT, source, happyEyeballs, allErrors);
        }

        /**
         * Block without a timeout (Python's timeout=None).
         *
         * @return new options with this change
         */
        public ConnectOptions blocking() {
            return new ConnectOptions(TIMEOUT_NONE, source, happyEyeballs, allErrors);
        }

        /**
         * A timeout; ZERO is non-blocking (connect then fails with SX_EINPROGRESS).
         *
         * @param timeout the timeout: null blocks without one, Duration.ZERO is non-blocking
         * @return new options with this change
         */
        public ConnectOptions timeout(Duration timeout) {
            if (timeout == null) throw new NullPointerException("timeout (use blocking())");
            return new ConnectOptions(seconds(timeout), source, happyEyeballs, allErrors);
        }

        /**
         * Bind to this address before connecting (null: no bind).
         *
         * @param source the address to bind before connecting, or null
         * @return new options with this change
         */
        public ConnectOptions source(Address source) {
            return new ConnectOptions(timeout, source, happyEyeballs, allErrors);
        }

        /**
         * Race the addresses as RFC 8305 says (a new attempt every 250 ms) instead of one after the other.
         *
         * @param on true to turn it on
         * @return new options with this change
         */
        public ConnectOptions happyEyeballs(boolean on) {
            return new ConnectOptions(timeout, source, on, allErrors);
        }

        /**
         * On failure, attach every attempt's error to the thrown exception as a suppressed
         * exception, in the order the attempts failed (Python's all_errors=True).
         *
         * @param on true to turn it on
         * @return new options with this change
         */
        public ConnectOptions allErrors(boolean on) {
            return new ConnectOptions(timeout, source, happyEyeballs, on);
        }
    }

    /**
     * socket.create_connection((host, port)) with the module default timeout; null host means loopback.
     *
     * @param host a host name or numeric address
     * @param port the port number
     * @return the connected socket
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static Socket createConnection(String host, int port) throws IOException {
        return createConnection(host, port, ConnectOptions.defaults());
    }

    /**
     * As {@link #createConnection(String, int)} with a timeout per address; null blocks (as setDefaultTimeout).
     *
     * @param host a host name or numeric address
     * @param port the port number
     * @param timeout the timeout: null blocks without one, Duration.ZERO is non-blocking
     * @return the connected socket
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static Socket createConnection(String host, int port, Duration timeout) throws IOException {
        ConnectOptions o = ConnectOptions.defaults();
        return createConnection(host, port, timeout == null ? o.blocking() : o.timeout(timeout));
    }

    /**
     * socket.create_connection with every option. The thrown exception is the last attempt's
     * (sequential) or the race's; resolver failures are UnknownHostExceptions.
     *
     * @param host a host name or numeric address
     * @param port the port number
     * @param options how to connect
     * @return the connected socket
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static Socket createConnection(String host, int port, ConnectOptions options) throws IOException {
        Strings.noNul(host, "host");
        long[] out = new long[1];
        Address src = options.source;
        long srcHandle = src == null ? 0 : src.handle();
        try {
            if (!options.happyEyeballs && !options.allErrors) {
                SxNative.sx_create_connection(host, port, options.timeout, srcHandle, out);
            } else {
                int[][] errors = options.allErrors ? new int[1][] : null;
                try {
                    SxNative.sx_create_connection_ex(host, port, options.timeout, srcHandle,
                                                     options.happyEyeballs ? CONNECT_HAPPY_EYEBALLS : 0, errors, out);
                } catch (IOException | RuntimeException e) {
                    if (errors != null && errors[0] != null) {
                        for (int i = 0; i < errors[0].length; i++) {
                            e.addSuppressed(SocketXErrors.create(errors[0][i], "connection attempt " + (i + 1)));
                        }
                    }
                    throw e;
                }
            }
        } finally {
            if (src != null) src.fence(); // the Cleaner must not free the source during the call
        }
        return new Socket(out[0]);
    }

    /**
     * socket.create_server(address): SO_REUSEADDR, Python's default backlog.
     *
     * @param address the address to listen on
     * @return the listening socket
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static Socket createServer(Address address) throws IOException {
        return createServer(address, BACKLOG_DEFAULT, false, false);
    }

    /**
     * socket.create_server(address, backlog, reuse_port, dualstack_ipv6); the family is the
     * address's. dualStack needs an AF_INET6 address (else an IllegalArgumentException, SX_EARG).
     *
     * @param address the address to listen on
     * @param backlog the listen backlog
     * @param reusePort true to set SO_REUSEPORT
     * @param dualStack true for an AF_INET6 socket that also accepts IPv4 (IPV6_V6ONLY off)
     * @return the listening socket
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static Socket createServer(Address address, int backlog, boolean reusePort, boolean dualStack) throws IOException {
        long[] out = new long[1];
        try {
            SxNative.sx_create_server(address.handle(), backlog, reusePort ? 1 : 0, dualStack ? 1 : 0, out);
        } finally {
            address.fence();
        }
        return new Socket(out[0]);
    }

    /**
     * Whether this host can create IPv6 sockets (checked at run time).
     *
     * @return true when IPv6 sockets work
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static boolean hasIpv6() throws IOException {
        boolean[] out = new boolean[1];
        SxNative.sx_has_ipv6(out);
        return out[0];
    }

    /**
     * Whether an AF_INET6 TCP socket can accept IPv4 connections too.
     *
     * @return true when dual-stack sockets work
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static boolean hasDualStackIpv6() throws IOException {
        boolean[] out = new boolean[1];
        SxNative.sx_has_dualstack_ipv6(out);
        return out[0];
    }

    /**
     * socket.close(fd): close a raw descriptor (not a Socket), ignoring ECONNRESET.
     *
     * @param fd the file descriptor
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static void closeFd(int fd) throws IOException {
        SxNative.sx_fd_close(fd);
    }

    /**
     * socket.dup(fd): a close-on-exec copy of a raw descriptor, the caller's to close.
     *
     * @param fd the file descriptor
     * @return the new descriptor
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static int dupFd(int fd) throws IOException {
        int[] out = new int[1];
        SxNative.sx_fd_dup(fd, out);
        return out[0];
    }

    /**
     * "SX_ECONNREFUSED" for -111.
     *
     * @param status a libsocketx status code (a negative SX_E* value)
     * @return the status's macro name
     */
    public static String errorName(int status) {
        return SxNative.sx_error_name(status);
    }

    /**
     * The library's message for a status.
     *
     * @param status a libsocketx status code (a negative SX_E* value)
     * @return the message
     */
    public static String strerror(int status) {
        return SxNative.sx_strerror(status);
    }

    /**
     * A status code by name ("SX_ECONNREFUSED" or "ECONNREFUSED").
     *
     * @param name the constant or status name, e.g. "SO_REUSEADDR"
     * @return the status code
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static int errorCode(String name) throws IOException {
        int[] out = new int[1];
        SxNative.sx_error_code(name, out);
        return out[0];
    }

    /**
     * This thread's detail message of the last failing call. The exceptions already carry it
     * ({@link SocketXStatus#detail()}); this is for code calling the raw layer.
     *
     * @return the detail message, or ""
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static String lastErrorDetail() throws IOException {
        String[] out = new String[1];
        SxNative.sx_last_error_detail(out);
        return out[0];
    }
}
