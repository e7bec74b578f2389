// SPDX-License-Identifier: MIT
package org.libsocketx;

import java.io.InterruptedIOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

/**
 * Maps libsocketx status codes onto the exceptions the JDK itself throws for the same event,
 * so code written against java.net catches them unchanged, while {@link #status(Throwable)}
 * still gives the exact code.
 *
 * <table>
 * <caption>Mapping</caption>
 * <tr><td>SX_ECONNREFUSED</td><td>{@link ConnectError} (a {@link ConnectException});
 *     on a datagram socket {@link PortUnreachableError}</td></tr>
 * <tr><td>SX_EADDRINUSE, SX_EADDRNOTAVAIL</td><td>{@link BindError}</td></tr>
 * <tr><td>SX_ETIMEOUT (the socket's own timeout)</td><td>{@link TimeoutError}</td></tr>
 * <tr><td>SX_EAI_*, SX_EHOST_* (resolver)</td><td>{@link UnknownHostError}</td></tr>
 * <tr><td>SX_EHOSTUNREACH, SX_ENETUNREACH</td><td>{@link NoRouteError}</td></tr>
 * <tr><td>SX_ECLOSED, SX_EBADHANDLE</td><td>{@link ClosedError}, message "Socket closed",
 *     as java.net.Socket says</td></tr>
 * <tr><td>SX_EINTR (a signal interrupted the call, in a thread that opted in with
 *     {@link SocketX#setThreadInterruptible(boolean)})</td><td>{@link InterruptedError} (a
 *     {@link InterruptedIOException}, as the JDK's blocking I/O throws)</td></tr>
 * <tr><td>SX_EARG, SX_EOUTOFRANGE</td><td>{@link ArgumentError}, an unchecked
 *     {@link IllegalArgumentException}: the library rejected the arguments before any system
 *     call, a programming error as it is for java.net (bad port, negative timeout)</td></tr>
 * <tr><td>anything else</td><td>{@link SocketError} (a {@link SocketException})</td></tr>
 * </table>
 */
public final class SocketXErrors {
    private SocketXErrors() {}

    // Status codes the mapping needs. They are ABI: never renumbered (socketx/errors.h).
    /** The status code {@code SX_EINTR} of socketx/errors.h (-4). */
    public static final int SX_EINTR = -4;
    /** The status code {@code SX_EAGAIN} of socketx/errors.h (-11). */
    public static final int SX_EAGAIN = -11;
    /** The status code {@code SX_EPIPE} of socketx/errors.h (-32). */
    public static final int SX_EPIPE = -32;
    /** The status code {@code SX_EADDRINUSE} of socketx/errors.h (-98). */
    public static final int SX_EADDRINUSE = -98;
    /** The status code {@code SX_EADDRNOTAVAIL} of socketx/errors.h (-99). */
    public static final int SX_EADDRNOTAVAIL = -99;
    /** The status code {@code SX_ENETUNREACH} of socketx/errors.h (-101). */
    public static final int SX_ENETUNREACH = -101;
    /** The status code {@code SX_ECONNRESET} of socketx/errors.h (-104). */
    public static final int SX_ECONNRESET = -104;
    /** The status code {@code SX_ECONNREFUSED} of socketx/errors.h (-111). */
    public static final int SX_ECONNREFUSED = -111;
    /** The status code {@code SX_EHOSTUNREACH} of socketx/errors.h (-113). */
    public static final int SX_EHOSTUNREACH = -113;
    /** The status code {@code SX_EINPROGRESS} of socketx/errors.h (-115). */
    public static final int SX_EINPROGRESS = -115;
    /** The status code {@code SX_ETIMEOUT} of socketx/errors.h (-2001). */
    public static final int SX_ETIMEOUT = -2001;
    /** The status code {@code SX_EBADHANDLE} of socketx/errors.h (-2002). */
    public static final int SX_EBADHANDLE = -2002;
    /** The status code {@code SX_ECLOSED} of socketx/errors.h (-2003). */
    public static final int SX_ECLOSED = -2003;
    /** The status code {@code SX_EARG} of socketx/errors.h (-2004). */
    public static final int SX_EARG = -2004;
    /** The status code {@code SX_ENOTSUP} of socketx/errors.h (-2005). */
    public static final int SX_ENOTSUP = -2005;
    /** The status code {@code SX_ETRUNC} of socketx/errors.h (-2006). */
    public static final int SX_ETRUNC = -2006;
    /** The status code {@code SX_ENOTFOUND} of socketx/errors.h (-2007). */
    public static final int SX_ENOTFOUND = -2007;
    /** The status code {@code SX_EOUTOFRANGE} of socketx/errors.h (-2008). */
    public static final int SX_EOUTOFRANGE = -2008;

    /**
     * True for the resolver ranges SX_EAI_* (-1001..-1199) and SX_EHOST_* (-1201..-1299).
     *
     * @param status a libsocketx status code (a negative SX_E* value)
     * @return true for a resolver status
     */
    public static boolean isResolverError(int status) {
        return status <= -1001 && status >= -1299 && status != -1200;
    }

    /**
     * The libsocketx status carried by an exception (or its causes), or 0 when none does.
     *
     * @param t the exception
     * @return the status, or 0
     */
    public static int status(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SocketXStatus) return ((SocketXStatus) c).status();
        }
        return 0;
    }

    static String message(int status, String detail) {
        String base = SocketX.strerror(status) + " (" + SocketX.errorName(status) + ")";
        return detail == null || detail.isEmpty() ? base : base + ": " + detail;
    }

    /**
     * Builds the exception for a status; called by the JNI glue, which throws the result from
     * inside the failing native call (so the per-thread detail is the right one).
     *
     * @param status a libsocketx status code (a negative SX_E* value)
     * @param detail the library's detail message, or null
     * @return the exception to throw
     */
    public static Throwable create(int status, String detail) {
        String d = detail == null ? "" : detail;
        String msg = message(status, d);
        switch (status) {
            case SX_ECONNREFUSED: return new ConnectError(status, d, msg);
            case SX_EADDRINUSE:
            case SX_EADDRNOTAVAIL: return new BindError(status, d, msg);
            case SX_ETIMEOUT: return new TimeoutError(status, d, msg);
            case SX_EINTR: return new InterruptedError(status, d, msg);
            case SX_EHOSTUNREACH:
            case SX_ENETUNREACH: return new NoRouteError(status, d, msg);
            case SX_ECLOSED:
            case SX_EBADHANDLE: return new ClosedError(status, d, "Socket closed: " + msg);
            case SX_EARG:
            case SX_EOUTOFRANGE: return new ArgumentError(status, d, msg);
            default:
                if (isResolverError(status)) return new UnknownHostError(status, d, msg);
                return new SocketError(status, d, msg);
        }
    }

    /** Re-types a refused datagram as the JDK does (DatagramSocket: PortUnreachableException). */
    static PortUnreachableError portUnreachable(ConnectError e) {
        PortUnreachableError p = new PortUnreachableError(e.status(), e.detail(), e.getMessage());
        p.initCause(e);
        return p;
    }

    /** Any other failing call: a {@link SocketException} with the status. */
    public static class SocketError extends SocketException implements SocketXStatus {
        private static final long serialVersionUID = 1L;
        /** The libsocketx status code (a negative SX_E* value). */
        private final int status;
        /** The library's per-call detail message, or "" when it gave none. */
        private final String detail;
        SocketError(int status, String detail, String msg) { super(msg); this.status = status; this.detail = detail; }
        @Override public int status() { return status; }
        @Override public String detail() { return detail; }
    }

    /** The socket was closed (SX_ECLOSED: by another thread during this call) or the handle is stale. */
    public static final class ClosedError extends SocketError {
        private static final long serialVersionUID = 1L;
        ClosedError(int status, String detail, String msg) { super(status, detail, msg); }
    }

    /** Connection refused (SX_ECONNREFUSED). */
    public static final class ConnectError extends ConnectException implements SocketXStatus {
        private static final long serialVersionUID = 1L;
        /** The libsocketx status code (a negative SX_E* value). */
        private final int status;
        /** The library's per-call detail message, or "" when it gave none. */
        private final String detail;
        ConnectError(int status, String detail, String msg) { super(msg); this.status = status; this.detail = detail; }
        @Override public int status() { return status; }
        @Override public String detail() { return detail; }
    }

    /** A datagram was refused by the peer's host (ICMP port unreachable, SX_ECONNREFUSED). */
    public static final class PortUnreachableError extends PortUnreachableException implements SocketXStatus {
        private static final long serialVersionUID = 1L;
        /** The libsocketx status code (a negative SX_E* value). */
        private final int status;
        /** The library's per-call detail message, or "" when it gave none. */
        private final String detail;
        PortUnreachableError(int status, String detail, String msg) { super(msg); this.status = status; this.detail = detail; }
        @Override public int status() { return status; }
        @Override public String detail() { return detail; }
    }

    /** SX_EADDRINUSE or SX_EADDRNOTAVAIL. */
    public static final class BindError extends BindException implements SocketXStatus {
        private static final long serialVersionUID = 1L;
        /** The libsocketx status code (a negative SX_E* value). */
        private final int status;
        /** The library's per-call detail message, or "" when it gave none. */
        private final String detail;
        BindError(int status, String detail, String msg) { super(msg); this.status = status; this.detail = detail; }
        @Override public int status() { return status; }
        @Override public String detail() { return detail; }
    }

    /** The socket's own timeout expired (SX_ETIMEOUT; the kernel's SX_ETIMEDOUT is an {@link SocketError}). */
    public static final class TimeoutError extends SocketTimeoutException implements SocketXStatus {
        private static final long serialVersionUID = 1L;
        /** The libsocketx status code (a negative SX_E* value). */
        private final int status;
        /** The library's per-call detail message, or "" when it gave none. */
        private final String detail;
        TimeoutError(int status, String detail, String msg) { super(msg); this.status = status; this.detail = detail; }
        @Override public int status() { return status; }
        @Override public String detail() { return detail; }
    }

    /**
     * A signal interrupted the call (SX_EINTR) in a thread that asked for it
     * ({@link SocketX#setThreadInterruptible(boolean)}); what it had sent before is reported
     * as on any failure. Not what {@link Thread#interrupt()} gives: that is the JDK's
     * {@link java.nio.channels.ClosedByInterruptException} (see {@link Socket}).
     */
    public static final class InterruptedError extends InterruptedIOException implements SocketXStatus {
        private static final long serialVersionUID = 1L;
        /** The libsocketx status code (a negative SX_E* value). */
        private final int status;
        /** The library's per-call detail message, or "" when it gave none. */
        private final String detail;
        InterruptedError(int status, String detail, String msg) { super(msg); this.status = status; this.detail = detail; }
        @Override public int status() { return status; }
        @Override public String detail() { return detail; }
    }

    /** A resolver failure, SX_EAI_* or SX_EHOST_*. */
    public static final class UnknownHostError extends UnknownHostException implements SocketXStatus {
        private static final long serialVersionUID = 1L;
        /** The libsocketx status code (a negative SX_E* value). */
        private final int status;
        /** The library's per-call detail message, or "" when it gave none. */
        private final String detail;
        UnknownHostError(int status, String detail, String msg) { super(msg); this.status = status; this.detail = detail; }
        @Override public int status() { return status; }
        @Override public String detail() { return detail; }
    }

    /** SX_EHOSTUNREACH or SX_ENETUNREACH. */
    public static final class NoRouteError extends NoRouteToHostException implements SocketXStatus {
        private static final long serialVersionUID = 1L;
        /** The libsocketx status code (a negative SX_E* value). */
        private final int status;
        /** The library's per-call detail message, or "" when it gave none. */
        private final String detail;
        NoRouteError(int status, String detail, String msg) { super(msg); this.status = status; this.detail = detail; }
        @Override public int status() { return status; }
        @Override public String detail() { return detail; }
    }

    /** Arguments rejected before any system call (SX_EARG, SX_EOUTOFRANGE). */
    public static final class ArgumentError extends IllegalArgumentException implements SocketXStatus {
        private static final long serialVersionUID = 1L;
        /** The libsocketx status code (a negative SX_E* value). */
        private final int status;
        /** The library's per-call detail message, or "" when it gave none. */
        private final String detail;
        ArgumentError(int status, String detail, String msg) { super(msg); this.status = status; this.detail = detail; }
        @Override public int status() { return status; }
        @Override public String detail() { return detail; }
    }
}
