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
    public static final int AF_UNIX = (int) constantOrZero("AF_UNIX");
    public static final int AF_INET = (int) constantOrZero("AF_INET");
    public static final int AF_INET6 = (int) constantOrZero("AF_INET6");
    public static final int SOCK_STREAM = (int) constantOrZero("SOCK_STREAM");
    public static final int SOCK_DGRAM = (int) constantOrZero("SOCK_DGRAM");
    public static final int SOCK_SEQPACKET = (int) constantOrZero("SOCK_SEQPACKET");
    public static final int SOCK_NONBLOCK = (int) constantOrZero("SOCK_NONBLOCK");
    public static final int SOL_SOCKET = (int) constantOrZero("SOL_SOCKET");
    public static final int SO_REUSEADDR = (int) constantOrZero("SO_REUSEADDR");
    public static final int SO_SNDBUF = (int) constantOrZero("SO_SNDBUF");
    public static final int SO_RCVBUF = (int) constantOrZero("SO_RCVBUF");
    public static final int SO_TYPE = (int) constantOrZero("SO_TYPE");
    public static final int IPPROTO_TCP = (int) constantOrZero("IPPROTO_TCP");
    public static final int TCP_NODELAY = (int) constantOrZero("TCP_NODELAY");
    public static final int MSG_PEEK = (int) constantOrZero("MSG_PEEK");
    public static final int SHUT_RD = 0;
    public static final int SHUT_WR = 1;
    public static final int SHUT_RDWR = 2;

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

    /** socketpair(AF_UNIX, SOCK_STREAM, 0), Python's default. */
    public static Pair socketpair() throws IOException {
        return socketpair(AF_UNIX, SOCK_STREAM, 0);
    }

    public static Pair socketpair(int family, int type, int proto) throws IOException {
        long[] a = new long[1];
        long[] b = new long[1];
        SxNative.sx_socketpair(family, type, proto, a, b);
        return new Pair(new Socket(a[0]), new Socket(b[0]));
    }

    /** Wraps fd without duplicating it: the Socket owns it afterwards. {@link #DETECT} detects. */
    public static Socket adopt(int fd, int family, int type, int proto) throws IOException {
        long[] out = new long[1];
        SxNative.sx_socket_adopt(fd, family, type, proto, out);
        return new Socket(out[0]);
    }

    public static Socket adopt(int fd) throws IOException {
        return adopt(fd, DETECT, DETECT, DETECT);
    }

    /** Wraps a close-on-exec dup of fd; the caller keeps fd. */
    public static Socket fromFd(int fd, int family, int type, int proto) throws IOException {
        long[] out = new long[1];
        SxNative.sx_socket_fromfd(fd, family, type, proto, out);
        return new Socket(out[0]);
    }

    public static Socket fromFd(int fd) throws IOException {
        return fromFd(fd, DETECT, DETECT, DETECT);
    }

    /** The timeout new sockets start with: null blocking, ZERO non-blocking. */
    public static void setDefaultTimeout(Duration timeout) throws IOException {
        SxNative.sx_setdefaulttimeout(seconds(timeout));
    }

    public static Duration getDefaultTimeout() throws IOException {
        double[] out = new double[1];
        SxNative.sx_getdefaulttimeout(out);
        return duration(out[0]);
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

    /** A constant by its Python name ("SO_REUSEADDR"); SX_ENOTFOUND when the platform has none. */
    public static long constant(String name) throws IOException {
        long[] out = new long[1];
        SxNative.sx_constant(name, out);
        return out[0];
    }

    /** Every constant of the platform, by name, sorted by name. */
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

    /** The release version of the loaded library, "1.0.0". */
    public static String version() {
        return SxNative.sx_version_string();
    }

    /** {major, minor, patch} of the loaded library. */
    public static int[] versionNumbers() throws IOException {
        long[] ma = new long[1], mi = new long[1], pa = new long[1];
        SxNative.sx_version(ma, mi, pa);
        return new int[] {(int) ma[0], (int) mi[0], (int) pa[0]};
    }

    /** The newest symbol version node, e.g. "SOCKETX_1.0". */
    public static String abiLevel() throws IOException {
        long[] ma = new long[1], mi = new long[1];
        SxNative.sx_abi_level(ma, mi);
        return "SOCKETX_" + ma[0] + "." + mi[0];
    }

    /** Whether this build has an address codec for a family, and whether the kernel has it. */
    public record FamilySupport(boolean build, boolean kernel) {}

    public static FamilySupport familySupported(int family) throws IOException {
        boolean[] b = new boolean[1], k = new boolean[1];
        SxNative.sx_family_supported(family, b, k);
        return new FamilySupport(b[0], k[0]);
    }

    /** "SX_ECONNREFUSED" for -111. */
    public static String errorName(int status) {
        return SxNative.sx_error_name(status);
    }

    /** The library's message for a status. */
    public static String strerror(int status) {
        return SxNative.sx_strerror(status);
    }

    /** A status code by name ("SX_ECONNREFUSED" or "ECONNREFUSED"). */
    public static int errorCode(String name) throws IOException {
        int[] out = new int[1];
        SxNative.sx_error_code(name, out);
        return out[0];
    }

    /**
     * This thread's detail message of the last failing call. The exceptions already carry it
     * ({@link SocketXStatus#detail()}); this is for code calling the raw layer.
     */
    public static String lastErrorDetail() throws IOException {
        String[] out = new String[1];
        SxNative.sx_last_error_detail(out);
        return out[0];
    }
}
