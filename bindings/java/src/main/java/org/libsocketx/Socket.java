// SPDX-License-Identifier: MIT
package org.libsocketx;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.spi.AbstractInterruptibleChannel;
import java.nio.file.Path;
import java.time.Duration;
import org.libsocketx.internal.SxNative;
import org.libsocketx.internal.SxNativeJNI;

/**
 * A socket: Python's socket.socket over libsocketx, as a Java {@link AutoCloseable}.
 *
 * <p>Timeouts have Python's three modes: blocking ({@code setTimeout(null)}), non-blocking
 * ({@code Duration.ZERO}: a call that cannot complete at once throws a
 * {@link SocketXErrors.SocketError} with SX_EAGAIN) and timeout (a positive Duration:
 * {@link java.net.SocketTimeoutException} when it expires, the socket stays usable).
 *
 * <p>{@link #close()} is idempotent and may be called from any thread: a call blocked in
 * this socket on another thread then throws {@link SocketXErrors.ClosedError}
 * ("Socket closed"). A Socket that becomes unreachable without being closed is closed by a
 * {@link Cleaner}, so its descriptor is not leaked.
 *
 * <p>{@link Thread#interrupt()} works as on the JDK's interruptible channels
 * ({@link java.nio.channels.InterruptibleChannel}): a thread blocked in {@code recv},
 * {@code recvFrom}, {@code send}, {@code sendAll}, {@code sendTo}, {@code accept},
 * {@code connect}, {@code connectEx}, or a message call ({@code sendMessage},
 * {@code receiveMessage}, {@code sendFileDescriptors}/{@code sendFds},
 * {@code receiveFileDescriptors}, {@code sendFile}, {@code sendBatch}, {@code receiveBatch})
 * that is interrupted makes the socket close, and the
 * call throws {@link ClosedByInterruptException} with the thread's interrupt status still
 * set; a thread whose interrupt status is already set when it makes such a call closes the
 * socket and gets the same exception at once. Other threads blocked in the socket then throw
 * {@link AsynchronousCloseException}. Calls that cannot wait (non-blocking mode, or
 * MSG_DONTWAIT in the flags) are not affected, as NIO's non-blocking channels are not.
 * {@link SocketX#createConnection(String, int)} is not interruptible (it is bounded by its
 * timeout): the socket it is connecting does not exist in Java until it returns.
 *
 * <p>Data calls take byte arrays (copied through a per-thread direct buffer, as NIO does)
 * or ByteBuffers: a direct ByteBuffer is used in place, without a copy, between its position
 * and limit, and its position is advanced by the bytes moved, as NIO channels do.
 */
public final class Socket implements AutoCloseable {
    /** The handle, shared with the Cleaner action; the action must not refer to the Socket. */
    private static final class State implements Runnable {
        private volatile long handle;
        private volatile IOException closeError;

        State(long handle) { this.handle = handle; }

        @Override public void run() {
            long h = handle;
            handle = 0;
            try {
                SxNative.sx_socket_close(h);
            } catch (IOException e) {
                closeError = e;
            } catch (RuntimeException e) {
                closeError = new IOException(e);
            }
        }
    }

    /**
     * Thread.interrupt() support through the JDK's public mechanism: begin() registers this
     * channel with the current thread, so that Thread.interrupt() calls implCloseChannel(),
     * which closes the socket's handle and so wakes the call blocked in the C library (it
     * returns SX_ECLOSED); end() then throws ClosedByInterruptException. A channel of its own
     * rather than Socket extending AbstractInterruptibleChannel: Socket stays a plain
     * AutoCloseable whose close() keeps its own contract (ClosedError in the other threads),
     * and the channel refers only to the Cleanable, never to the Socket, which the Cleaner
     * requires.
     */
    private static final class Interruptor extends AbstractInterruptibleChannel {
        private final Cleaner.Cleanable cleanable;

        Interruptor(Cleaner.Cleanable cleanable) { this.cleanable = cleanable; }

        /** Runs on the interrupting thread (or on the caller, when it was already interrupted). */
        @Override protected void implCloseChannel() { cleanable.clean(); }

        void enter() { begin(); }

        void exit(boolean completed) throws AsynchronousCloseException { end(completed); }
    }

    /** The cached timeout mode: not yet read, a mode in which calls can wait, non-blocking. */
    private static final int MODE_UNKNOWN = 0, MODE_MAY_BLOCK = 1, MODE_NON_BLOCKING = 2;

    /** What {@link #accept()} returns: the connection and the peer's address (may be null). */
    public record Accepted(Socket socket, Address address) {}

    /** What recvFrom returns: the byte count and the sender (null when the kernel gave none). */
    public record Received(int count, Address address) {}

    private final State state;
    private final Cleaner.Cleanable cleanable;
    private final Interruptor interruptor;
    private int type = -1;
    /**
     * Whether calls can wait, so that only those pay for the interruption bracket (and a
     * non-blocking call of an interrupted thread does not close the socket, as in NIO). Kept
     * by setTimeout/setBlocking; read from the library the first time it is needed (a socket
     * from accept, dup or createConnection starts in the library's mode). A mode changed
     * through the raw layer is not seen here.
     */
    private volatile int mode = MODE_UNKNOWN;

    Socket(long handle) {
        state = new State(handle);
        cleanable = SocketX.CLEANER.register(this, state);
        interruptor = new Interruptor(cleanable);
    }

    /**
     * socket(family, type, proto).
     *
     * @param family the address family, an AF_* value
     * @param type the socket type, a SOCK_* value
     * @param proto the protocol number (0: the family's default)
     * @return the new socket
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static Socket open(int family, int type, int proto) throws IOException {
        long[] out = new long[1];
        SxNative.sx_socket_open(family, type, proto, out);
        return new Socket(out[0]);
    }

    /**
     * socket(family, type, 0).
     *
     * @param family the address family, an AF_* value
     * @param type the socket type, a SOCK_* value
     * @return the new socket
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static Socket open(int family, int type) throws IOException {
        return open(family, type, 0);
    }

    /** {@return the library handle (0 once closed or detached), for code that calls the raw layer} */
    public long handle() {
        return state.handle;
    }

    /** {@return whether {@link #close()} or {@link #detach()} has been called} */
    public boolean isClosed() {
        return state.handle == 0;
    }

    private long h() {
        return state.handle;
    }

    // ---- lifetime ----------------------------------------------------------------------

    /**
     * Closes the socket; harmless when already closed. Calls blocked in it on other threads
     * throw "Socket closed"; the descriptor is released once they have returned.
     */
    @Override public void close() throws IOException {
        cleanable.clean();
        IOException e = state.closeError;
        if (e != null) {
            state.closeError = null;
            throw e;
        }
    }

    /** A call that takes this socket's handle and fills one int: the shape of the plain accessors. */
    @FunctionalInterface
    private interface IntQuery {
        int call(long handle, int[] out) throws IOException;
    }

    /** The same, for calls that fill one long (a new handle). */
    @FunctionalInterface
    private interface LongQuery {
        int call(long handle, long[] out) throws IOException;
    }

    /** Runs q on this socket's handle, keeping the socket reachable until it returns. */
    private int queryInt(IntQuery q) throws IOException {
        int[] out = new int[1];
        try {
            q.call(h(), out);
        } finally {
            Reference.reachabilityFence(this);
        }
        return out[0];
    }

    private long queryLong(LongQuery q) throws IOException {
        long[] out = new long[1];
        try {
            q.call(h(), out);
        } finally {
            Reference.reachabilityFence(this);
        }
        return out[0];
    }

    /**
     * A new Socket over a dup of the descriptor, same family, type, proto and timeout.
     *
     * @return the new socket
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public Socket dup() throws IOException {
        return new Socket(queryLong(SxNative::sx_socket_dup));
    }

    /**
     * Gives up the descriptor without closing it; this Socket is closed afterwards.
     *
     * @return the descriptor, now the caller's to close
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public int detach() throws IOException {
        int out = queryInt(SxNative::sx_socket_detach);
        state.handle = 0; // the library released the handle; the Cleaner must not close it again
        cleanable.clean();
        return out;
    }

    /**
     * The descriptor, still owned by this socket.
     *
     * @return the descriptor
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public int fileno() throws IOException {
        return queryInt(SxNative::sx_socket_fileno);
    }

    /**
     * The socket's address family.
     *
     * @return an AF_* value
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public int family() throws IOException {
        return queryInt(SxNative::sx_socket_family);
    }

    /**
     * The type without SOCK_NONBLOCK/SOCK_CLOEXEC.
     *
     * @return a SOCK_* value
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public int type() throws IOException {
        int t = type;
        if (t >= 0) return t;
        int out = queryInt(SxNative::sx_socket_type);
        type = out;
        return out;
    }

    /**
     * The socket's protocol.
     *
     * @return the protocol number
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public int proto() throws IOException {
        return queryInt(SxNative::sx_socket_proto);
    }

    /**
     * Whether the descriptor survives exec (no close-on-exec flag).
     *
     * @return true when inheritable
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public boolean isInheritable() throws IOException {
        boolean[] out = new boolean[1];
        try {
            SxNative.sx_socket_get_inheritable(h(), out);
        } finally {
            Reference.reachabilityFence(this);
        }
        return out[0];
    }

    /**
     * Sets whether the descriptor survives exec.
     *
     * @param inheritable true to keep the descriptor across exec
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public void setInheritable(boolean inheritable) throws IOException {
        try {
            SxNative.sx_socket_set_inheritable(h(), inheritable ? 1 : 0);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    // ---- timeouts ----------------------------------------------------------------------

    /**
     * null: blocking; {@link Duration#ZERO}: non-blocking; positive: timeout mode.
     *
     * @param timeout the timeout: null blocks without one, Duration.ZERO is non-blocking
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public void setTimeout(Duration timeout) throws IOException {
        setTimeout(SocketX.seconds(timeout));
    }

    /**
     * Seconds as Python takes them: {@link SocketX#TIMEOUT_NONE} (-1.0) blocking, 0 non-blocking.
     *
     * @param seconds the timeout in seconds; TIMEOUT_NONE (-1.0) blocks without one
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public void setTimeout(double seconds) throws IOException {
        try {
            SxNative.sx_socket_settimeout(h(), seconds);
            mode = seconds == 0 ? MODE_NON_BLOCKING : MODE_MAY_BLOCK;
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /**
     * null in blocking mode, {@link Duration#ZERO} non-blocking, else the timeout.
     *
     * @return the timeout, or null or ZERO as above
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public Duration getTimeout() throws IOException {
        return SocketX.duration(getTimeoutSeconds());
    }

    /**
     * -1.0 ({@link SocketX#TIMEOUT_NONE}) in blocking mode, else seconds.
     *
     * @return the timeout in seconds, or -1.0
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public double getTimeoutSeconds() throws IOException {
        double[] out = new double[1];
        try {
            SxNative.sx_socket_gettimeout(h(), out);
        } finally {
            Reference.reachabilityFence(this);
        }
        return out[0];
    }

    /**
     * true: blocking (no timeout); false: non-blocking.
     *
     * @param blocking true for blocking mode, false for non-blocking
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public void setBlocking(boolean blocking) throws IOException {
        try {
            SxNative.sx_socket_setblocking(h(), blocking ? 1 : 0);
            mode = blocking ? MODE_MAY_BLOCK : MODE_NON_BLOCKING;
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /**
     * false only in non-blocking mode (true in timeout mode, as Python's getblocking()).
     *
     * @return false in non-blocking mode, else true
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public boolean isBlocking() throws IOException {
        boolean[] out = new boolean[1];
        try {
            SxNative.sx_socket_getblocking(h(), out);
        } finally {
            Reference.reachabilityFence(this);
        }
        return out[0];
    }

    // ---- addresses and connections -----------------------------------------------------

    /**
     * bind(address).
     *
     * @param address the address
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public void bind(Address address) throws IOException {
        try {
            SxNative.sx_socket_bind(h(), address.handle());
        } finally {
            Reference.reachabilityFence(this);
            address.fence();
        }
    }

    /**
     * listen() with Python's default backlog, min(SOMAXCONN, 128).
     *
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public void listen() throws IOException {
        listen(SocketX.BACKLOG_DEFAULT);
    }

    /**
     * listen(backlog).
     *
     * @param backlog the listen backlog
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public void listen(int backlog) throws IOException {
        try {
            SxNative.sx_socket_listen(h(), backlog);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    // ---- Thread.interrupt (see the class comment and Interruptor) --------------------------

    /**
     * Starts the interruptible part of a call that may wait (not non-blocking, no
     * MSG_DONTWAIT): returns whether it did, for {@link #endBlocking}. The handle must be read
     * after this, so a close made by the interrupt is seen as a closed handle.
     */
    private boolean beginBlocking(int flags) throws IOException {
        if ((flags & SocketX.MSG_DONTWAIT) != 0) return false;
        int m = mode;
        if (m == MODE_UNKNOWN) {
            m = getTimeoutSeconds() == 0 ? MODE_NON_BLOCKING : MODE_MAY_BLOCK;
            mode = m;
        }
        if (m != MODE_MAY_BLOCK) return false;
        interruptor.enter();
        return true;
    }

    /**
     * Ends it: throws {@link ClosedByInterruptException} when this thread was interrupted
     * (also when the call had completed: the socket is closed now, as NIO does), or
     * {@link AsynchronousCloseException} when another thread's interrupt closed the socket
     * under this call. Either replaces the call's own "Socket closed" error.
     */
    private void endBlocking(boolean begun, boolean completed) throws AsynchronousCloseException {
        if (begun) interruptor.exit(completed);
    }

    /** endBlocking for calls that return new handles: an interrupt after the call had made
     * them must not leak them. */
    private void endBlocking(boolean begun, boolean completed, long socket, long address)
            throws AsynchronousCloseException {
        try {
            endBlocking(begun, completed);
        } catch (AsynchronousCloseException e) {
            try {
                if (socket != 0) SxNative.sx_socket_close(socket);
                if (address != 0) SxNative.sx_addr_close(address);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * Waits (per the timeout mode) for a connection; returns it with the peer address.
     *
     * @return the connected socket and the peer's address
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public Accepted accept() throws IOException {
        long[] conn = new long[1];
        long[] addr = new long[1];
        boolean begun = beginBlocking(0), done = false;
        try {
            SxNative.sx_socket_accept(h(), conn, addr);
            done = true;
        } finally {
            Reference.reachabilityFence(this);
            endBlocking(begun, done, conn[0], addr[0]);
        }
        return new Accepted(new Socket(conn[0]), Address.adopt(addr[0]));
    }

    /**
     * connect(address): in timeout mode it waits at most the socket's timeout.
     *
     * @param address the address
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public void connect(Address address) throws IOException {
        boolean begun = beginBlocking(0), done = false;
        try {
            SxNative.sx_socket_connect(h(), address.handle());
            done = true;
        } finally {
            Reference.reachabilityFence(this);
            address.fence();
            endBlocking(begun, done);
        }
    }

    /**
     * Python's connect_ex: 0 or the connection's status code (SX_ECONNREFUSED,
     * SX_EINPROGRESS, SX_EAGAIN on timeout...) instead of an exception. Argument and handle
     * errors are still thrown.
     *
     * @param address the address
     * @return 0 on success, else the status code
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public int connectEx(Address address) throws IOException {
        int[] out = new int[1];
        boolean begun = beginBlocking(0), done = false;
        try {
            SxNative.sx_socket_connect_ex(h(), address.handle(), out);
            done = true;
        } finally {
            Reference.reachabilityFence(this);
            address.fence();
            endBlocking(begun, done);
        }
        return out[0];
    }

    /**
     * getsockname().
     *
     * @return the local address
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public Address localAddress() throws IOException {
        return Address.adopt(queryLong(SxNative::sx_socket_getsockname));
    }

    /**
     * getpeername().
     *
     * @return the peer's address
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public Address remoteAddress() throws IOException {
        return Address.adopt(queryLong(SxNative::sx_socket_getpeername));
    }

    /**
     * how: SHUT_RD (0), SHUT_WR (1), SHUT_RDWR (2).
     *
     * @param how SHUT_RD, SHUT_WR or SHUT_RDWR
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public void shutdown(int how) throws IOException {
        try {
            SxNative.sx_socket_shutdown(h(), how);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /**
     * shutdown(SHUT_RD).
     *
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public void shutdownInput() throws IOException { shutdown(0); }

    /**
     * shutdown(SHUT_WR).
     *
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public void shutdownOutput() throws IOException { shutdown(1); }

    // ---- options -----------------------------------------------------------------------

    /**
     * getsockopt(level, name) as an integer.
     *
     * @param level the protocol level, e.g. SOL_SOCKET or IPPROTO_TCP
     * @param name the option name, e.g. SO_REUSEADDR
     * @return the option's value
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public long getSockOpt(int level, int name) throws IOException {
        long[] out = new long[1];
        try {
            SxNative.sx_socket_getsockopt_int(h(), level, name, out);
        } finally {
            Reference.reachabilityFence(this);
        }
        return out[0];
    }

    /**
     * getsockopt(level, name, buflen): at most buflen (1..1024) bytes.
     *
     * @param level the protocol level, e.g. SOL_SOCKET or IPPROTO_TCP
     * @param name the option name, e.g. SO_REUSEADDR
     * @param buflen the size of the buffer the value is read into
     * @return the option's bytes, as many as the kernel wrote
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public byte[] getSockOpt(int level, int name, int buflen) throws IOException {
        if (buflen < 1 || buflen > 1024) {
            throw (SocketXErrors.ArgumentError) SocketXErrors.create(SocketXErrors.SX_EARG,
                "getsockopt buflen out of range: " + buflen);
        }
        byte[][] out = { new byte[buflen] };
        try {
            SxNative.sx_socket_getsockopt_bytes(h(), level, name, out);
        } finally {
            Reference.reachabilityFence(this);
        }
        return out[0];
    }

    /**
     * setsockopt(level, name) with an integer.
     *
     * @param level the protocol level, e.g. SOL_SOCKET or IPPROTO_TCP
     * @param name the option name, e.g. SO_REUSEADDR
     * @param value the option value
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public void setSockOpt(int level, int name, long value) throws IOException {
        try {
            SxNative.sx_socket_setsockopt_int(h(), level, name, value);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /**
     * setsockopt(level, name) with the int 1 or 0.
     *
     * @param level the protocol level, e.g. SOL_SOCKET or IPPROTO_TCP
     * @param name the option name, e.g. SO_REUSEADDR
     * @param value the option value
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public void setSockOpt(int level, int name, boolean value) throws IOException {
        setSockOpt(level, name, value ? 1 : 0);
    }

    /**
     * setsockopt(level, name) with raw bytes.
     *
     * @param level the protocol level, e.g. SOL_SOCKET or IPPROTO_TCP
     * @param name the option name, e.g. SO_REUSEADDR
     * @param value the option value
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public void setSockOpt(int level, int name, byte[] value) throws IOException {
        ByteBuffer b = Buffers.get().copyIn(value, 0, value.length);
        try {
            SxNative.sx_socket_setsockopt_bytes(h(), level, name, b);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /**
     * setsockopt(level, name, None, optlen).
     *
     * @param level the protocol level, e.g. SOL_SOCKET or IPPROTO_TCP
     * @param name the option name, e.g. SO_REUSEADDR
     * @param optlen the option length to pass with a NULL value
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public void setSockOptNull(int level, int name, int optlen) throws IOException {
        try {
            SxNative.sx_socket_setsockopt_null(h(), level, name, Integer.toUnsignedLong(optlen));
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    // ---- sending -----------------------------------------------------------------------

    /**
     * Sends some of b.
     *
     * @param b the array
     * @return how many bytes went
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public int send(byte[] b) throws IOException { return send(b, 0, b.length, 0); }

    /**
     * Sends some of b[off, off+len); returns how many bytes went.
     *
     * @param b the array
     * @param off the offset of the first byte in the array
     * @param len the number of bytes
     * @param flags MSG_* flags (0 for none)
     * @return how many bytes went
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public int send(byte[] b, int off, int len, int flags) throws IOException {
        Buffers s = Buffers.get();
        int n = 0;
        boolean begun = beginBlocking(flags), done = false;
        try {
            n = NativeIO.send(h(), s.copyIn(b, off, len), 0, len, flags);
            done = true;
        } catch (SocketXErrors.ConnectError e) {
            throw datagram(e);
        } finally {
            Reference.reachabilityFence(this);
            endBlocking(begun, done);
        }
        return n;
    }

    /**
     * Sends some of bb's remaining bytes and advances its position by the count.
     *
     * @param bb the buffer, used between its position and limit
     * @param flags MSG_* flags (0 for none)
     * @return how many bytes went
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public int send(ByteBuffer bb, int flags) throws IOException {
        // A direct buffer goes as it is, without the per-thread state (a ThreadLocal lookup).
        ByteBuffer d = bb.isDirect() ? bb : Buffers.get().directView(bb);
        int pos = d.position(), n = 0;
        boolean begun = beginBlocking(flags), done = false;
        try {
            n = NativeIO.send(h(), d, pos, d.limit() - pos, flags);
            done = true;
        } catch (SocketXErrors.ConnectError e) {
            throw datagram(e);
        } finally {
            Reference.reachabilityFence(this);
            endBlocking(begun, done);
        }
        bb.position(bb.position() + n);
        return n;
    }

    /**
     * Sends some of bb's remaining bytes, without flags.
     *
     * @param bb the buffer, used between its position and limit
     * @return how many bytes went
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public int send(ByteBuffer bb) throws IOException { return send(bb, 0); }

    /**
     * Sends all of b.
     *
     * @param b the array
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public void sendAll(byte[] b) throws IOException { sendAll(b, 0, b.length, 0); }

    /**
     * Sends every byte of b[off, off+len); in timeout mode the timeout bounds the whole call.
     *
     * @param b the array
     * @param off the offset of the first byte in the array
     * @param len the number of bytes
     * @param flags MSG_* flags (0 for none)
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public void sendAll(byte[] b, int off, int len, int flags) throws IOException {
        Buffers s = Buffers.get();
        boolean begun = beginBlocking(flags), done = false;
        try {
            NativeIO.sendAll(h(), s.copyIn(b, off, len), 0, len, flags);
            done = true;
        } finally {
            Reference.reachabilityFence(this);
            endBlocking(begun, done);
        }
    }

    /**
     * Sends all of bb's remaining bytes. The position advances by what was sent, also when
     * the call fails part way (a timeout, a reset), so the caller knows what went.
     *
     * @param bb the buffer, used between its position and limit
     * @param flags MSG_* flags (0 for none)
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public void sendAll(ByteBuffer bb, int flags) throws IOException {
        ByteBuffer d = bb.isDirect() ? bb : Buffers.get().directView(bb);
        int from = d.position(), n = 0;
        boolean begun = beginBlocking(flags), done = false;
        try {
            n = NativeIO.sendAll(h(), d, from, d.limit() - from, flags);
            done = true;
        } finally {
            Reference.reachabilityFence(this);
            // A failure part way has already moved d's position by what went (NativeIO.sendAll).
            if (done) d.position(from + n);
            if (d != bb) bb.position(bb.position() + d.position() - from);
            endBlocking(begun, done);
        }
    }

    /**
     * Sends all of bb's remaining bytes, without flags.
     *
     * @param bb the buffer, used between its position and limit
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public void sendAll(ByteBuffer bb) throws IOException { sendAll(bb, 0); }

    /**
     * Sends all of b to an address (datagram sockets).
     *
     * @param b the array
     * @param to the destination address
     * @return how many bytes went
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public int sendTo(byte[] b, Address to) throws IOException { return sendTo(b, 0, b.length, 0, to); }

    /**
     * Sends b[off, off+len) to an address (datagram sockets).
     *
     * @param b the array
     * @param off the offset of the first byte in the array
     * @param len the number of bytes
     * @param flags MSG_* flags (0 for none)
     * @param to the destination address
     * @return how many bytes went
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public int sendTo(byte[] b, int off, int len, int flags, Address to) throws IOException {
        Buffers s = Buffers.get();
        int n = 0;
        boolean begun = beginBlocking(flags), done = false;
        try {
            n = NativeIO.sendTo(h(), s.copyIn(b, off, len), 0, len, flags, to.handle());
            done = true;
        } catch (SocketXErrors.ConnectError e) {
            throw datagram(e);
        } finally {
            Reference.reachabilityFence(this);
            to.fence();
            endBlocking(begun, done);
        }
        return n;
    }

    /**
     * Sends bb's remaining bytes to an address and advances its position.
     *
     * @param bb the buffer, used between its position and limit
     * @param flags MSG_* flags (0 for none)
     * @param to the destination address
     * @return how many bytes went
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public int sendTo(ByteBuffer bb, int flags, Address to) throws IOException {
        ByteBuffer d = bb.isDirect() ? bb : Buffers.get().directView(bb);
        int pos = d.position(), n = 0;
        boolean begun = beginBlocking(flags), done = false;
        try {
            n = NativeIO.sendTo(h(), d, pos, d.limit() - pos, flags, to.handle());
            done = true;
        } catch (SocketXErrors.ConnectError e) {
            throw datagram(e);
        } finally {
            Reference.reachabilityFence(this);
            to.fence();
            endBlocking(begun, done);
        }
        bb.position(bb.position() + n);
        return n;
    }

    // ---- receiving ---------------------------------------------------------------------

    /**
     * Receives up to max bytes; an empty array means end of stream (or an empty datagram).
     *
     * @param max the most bytes to receive
     * @return the bytes received
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public byte[] recv(int max) throws IOException {
        byte[] b = new byte[max];
        int n = recv(b, 0, max, 0);
        return n == max ? b : java.util.Arrays.copyOf(b, n);
    }

    /**
     * Receives into the whole of b.
     *
     * @param b the array
     * @return the count (0: end of stream or empty datagram)
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public int recv(byte[] b) throws IOException { return recv(b, 0, b.length, 0); }

    /**
     * Receives into b[off, off+len); returns the count (0: end of stream or empty datagram).
     *
     * @param b the array
     * @param off the offset of the first byte in the array
     * @param len the number of bytes
     * @param flags MSG_* flags (0 for none)
     * @return the count (0: end of stream or empty datagram)
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public int recv(byte[] b, int off, int len, int flags) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        ByteBuffer d = Buffers.get().scratch(len);
        int n = 0;
        boolean begun = beginBlocking(flags), done = false;
        try {
            n = NativeIO.recv(h(), d, 0, len, flags);
            done = true;
        } catch (SocketXErrors.ConnectError e) {
            throw datagram(e);
        } finally {
            Reference.reachabilityFence(this);
            endBlocking(begun, done);
        }
        d.get(b, off, n);
        return n;
    }

    /**
     * Receives into bb's remaining space (in place when direct) and advances its position.
     *
     * @param bb the buffer, used between its position and limit
     * @param flags MSG_* flags (0 for none)
     * @return the count (0: end of stream or empty datagram)
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public int recv(ByteBuffer bb, int flags) throws IOException {
        // Checked first: a read-only buffer found out after the receive would lose the data.
        if (bb.isReadOnly()) throw new java.nio.ReadOnlyBufferException();
        // A direct buffer is received into in place, without the per-thread state.
        ByteBuffer d = bb.isDirect() ? bb : Buffers.get().scratch(bb.remaining());
        int pos = d.position(), n = 0;
        boolean begun = beginBlocking(flags), done = false;
        try {
            n = NativeIO.recv(h(), d, pos, d.limit() - pos, flags);
            done = true;
        } catch (SocketXErrors.ConnectError e) {
            throw datagram(e);
        } finally {
            Reference.reachabilityFence(this);
            endBlocking(begun, done);
        }
        if (d != bb) bb.put(d.limit(n));
        else bb.position(bb.position() + n);
        return n;
    }

    /**
     * Receives into bb's remaining space, without flags.
     *
     * @param bb the buffer, used between its position and limit
     * @return the count (0: end of stream or empty datagram)
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public int recv(ByteBuffer bb) throws IOException { return recv(bb, 0); }

    /**
     * Receives into b[off, off+len) and reports the sender.
     *
     * @param b the array
     * @param off the offset of the first byte in the array
     * @param len the number of bytes
     * @param flags MSG_* flags (0 for none)
     * @return the count and the sender
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public Received recvFrom(byte[] b, int off, int len, int flags) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        Buffers s = Buffers.get();
        ByteBuffer d = s.scratch(len);
        long[] addr = new long[1];
        boolean begun = beginBlocking(flags), done = false;
        try {
            SxNative.sx_socket_recvfrom(h(), d, flags, s.count, addr);
            done = true;
        } catch (SocketXErrors.ConnectError e) {
            throw datagram(e);
        } finally {
            Reference.reachabilityFence(this);
            endBlocking(begun, done, 0, addr[0]);
        }
        int n = (int) s.count[0];
        d.get(b, off, n);
        return new Received(n, Address.adopt(addr[0]));
    }

    /**
     * Receives into the whole of b and reports the sender.
     *
     * @param b the array
     * @return the count and the sender
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public Received recvFrom(byte[] b) throws IOException { return recvFrom(b, 0, b.length, 0); }

    /**
     * Receives into bb's remaining space (in place when direct), advances it, reports the sender.
     *
     * @param bb the buffer, used between its position and limit
     * @param flags MSG_* flags (0 for none)
     * @return the count and the sender
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public Received recvFrom(ByteBuffer bb, int flags) throws IOException {
        // Checked first: a read-only buffer found out after the receive would lose the data.
        if (bb.isReadOnly()) throw new java.nio.ReadOnlyBufferException();
        Buffers s = Buffers.get();
        ByteBuffer d = bb.isDirect() ? bb : s.scratch(bb.remaining());
        long[] addr = new long[1];
        boolean begun = beginBlocking(flags), done = false;
        try {
            SxNative.sx_socket_recvfrom(h(), d, flags, s.count, addr);
            done = true;
        } catch (SocketXErrors.ConnectError e) {
            throw datagram(e);
        } finally {
            Reference.reachabilityFence(this);
            endBlocking(begun, done, 0, addr[0]);
        }
        int n = (int) s.count[0];
        if (d != bb) bb.put(d.limit(n));
        else bb.position(bb.position() + n);
        return new Received(n, Address.adopt(addr[0]));
    }

    /** On a datagram socket a refusal is an ICMP port unreachable: the JDK's PortUnreachableException. */
    private IOException datagram(SocketXErrors.ConnectError e) {
        try {
            if (type() == SocketX.SOCK_DGRAM) return SocketXErrors.portUnreachable(e);
        } catch (IOException ignored) {
            // The socket was closed meanwhile: report the original refusal.
        }
        return e;
    }

    // ---- messages (sendmsg/recvmsg, descriptors, credentials) ---------------------------

    /** Whether every buffer is direct (then the native layer uses them in place). */
    private static boolean allDirect(ByteBuffer[] bufs) {
        for (ByteBuffer b : bufs) {
            if (b == null) throw new IllegalArgumentException("null buffer in the array");
            if (!b.isDirect()) return false;
        }
        return true;
    }

    /** The bytes remaining in all buffers, as an int (the heap-copy path needs one buffer). */
    private static int totalRemaining(ByteBuffer[] bufs) {
        long total = 0;
        for (ByteBuffer b : bufs) total += b.remaining();
        if (total > Integer.MAX_VALUE) throw new IllegalArgumentException("more than 2^31-1 bytes in heap buffers");
        return (int) total;
    }

    /** Advances the buffers' positions by n bytes in all, in order (what gather/scatter moved). */
    private static void advance(ByteBuffer[] bufs, long n) {
        for (ByteBuffer b : bufs) {
            if (n <= 0) break;
            int k = (int) Math.min(b.remaining(), n);
            b.position(b.position() + k);
            n -= k;
        }
    }

    /**
     * The buffers for a gather call: themselves when all are direct, else one per-thread
     * direct buffer holding a copy of all their remaining bytes (the same bytes on the wire).
     */
    private static ByteBuffer[] gather(ByteBuffer[] bufs) {
        if (bufs == null) return null;
        if (allDirect(bufs)) return bufs;
        ByteBuffer s = Buffers.get().scratch(totalRemaining(bufs));
        for (ByteBuffer b : bufs) s.put(b.duplicate());
        s.flip();
        return new ByteBuffer[] {s};
    }

    /**
     * Sends a message from several buffers (gather), with ancillary items and to an address:
     * Python's {@code sendmsg(buffers, ancdata, flags, address)}. Each buffer's bytes between
     * its position and limit are sent (direct buffers in place, heap ones copied); positions
     * advance by what was sent, in order.
     *
     * @param buffers the data; may be empty
     * @param ancillary a message holding the ancillary items, or null
     * @param flags MSG_* flags
     * @param to the destination, or null (a connected socket)
     * @return the number of bytes sent
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public long sendMessage(ByteBuffer[] buffers, Message ancillary, int flags, Address to) throws IOException {
        ByteBuffer[] g = gather(buffers);
        Buffers s = Buffers.get();
        boolean begun = beginBlocking(flags), done = false;
        try {
            SxNative.sx_socket_sendmsg(h(), g, ancillary == null ? 0 : ancillary.handle(), flags,
                to == null ? 0 : to.handle(), s.count);
            done = true;
        } catch (SocketXErrors.ConnectError e) {
            throw datagram(e);
        } finally {
            Reference.reachabilityFence(this);
            if (ancillary != null) ancillary.fence();
            if (to != null) to.fence();
            endBlocking(begun, done);
        }
        long n = s.count[0];
        if (buffers != null) advance(buffers, n);
        return n;
    }

    /**
     * {@link #sendMessage(ByteBuffer[], Message, int, Address)} on a connected socket, flags 0.
     *
     * @param buffers the data, each buffer used between its position and limit
     * @param ancillary the message carrying the ancillary items (and the destination address), or null
     * @return the number of bytes sent
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public long sendMessage(ByteBuffer[] buffers, Message ancillary) throws IOException {
        return sendMessage(buffers, ancillary, 0, null);
    }

    /**
     * Sends the bytes of data (one buffer) with the ancillary items of ancillary.
     *
     * @param data the data
     * @param ancillary the message carrying the ancillary items (and the destination address), or null
     * @return the number of bytes sent
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public long sendMessage(byte[] data, Message ancillary) throws IOException {
        return sendMessage(new ByteBuffer[] {ByteBuffer.wrap(data)}, ancillary, 0, null);
    }

    /**
     * Receives a message into several buffers (scatter), with up to ancBufSize bytes of
     * ancillary data: Python's {@code recvmsg_into(buffers, ancbufsize, flags)}. Direct buffers
     * are filled in place, heap ones through a copy; positions advance by the bytes received,
     * in order. The returned message holds the byte count, msg_flags, the sender and the
     * items; close it (or let the Cleaner do it) to close the descriptors not taken.
     *
     * @param buffers the room to receive into; may be empty
     * @param ancBufSize the size of the control buffer (0: no ancillary data), see
     *        {@link #ancillarySpace(int)}
     * @param flags MSG_* flags (MSG_PEEK, MSG_WAITALL, MSG_ERRQUEUE, MSG_DONTWAIT...)
     * @return the received message: byte count, flags, sender and items; close it when done
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public Message receiveMessage(ByteBuffer[] buffers, int ancBufSize, int flags) throws IOException {
        if (ancBufSize < 0) throw new IllegalArgumentException("negative ancillary buffer size: " + ancBufSize);
        ByteBuffer[] d = buffers;
        ByteBuffer scratch = null;
        if (buffers != null) {
            // Checked first: a read-only buffer found out after the receive would lose the data.
            for (ByteBuffer b : buffers) {
                if (b != null && b.isReadOnly()) throw new java.nio.ReadOnlyBufferException();
            }
            if (!allDirect(buffers)) {
                scratch = Buffers.get().scratch(totalRemaining(buffers));
                d = new ByteBuffer[] {scratch};
            }
        }
        long[] out = new long[1];
        boolean begun = beginBlocking(flags), done = false;
        try {
            SxNative.sx_socket_recvmsg(h(), d, ancBufSize, flags, out);
            done = true;
        } catch (SocketXErrors.ConnectError e) {
            throw datagram(e);
        } finally {
            Reference.reachabilityFence(this);
            endBlockingMsg(begun, done, out[0]);
        }
        Message m = new Message(out[0]);
        long n = m.byteCount();
        if (buffers != null) {
            if (scratch != null) {
                scratch.limit((int) Math.min(n, scratch.limit()));
                for (ByteBuffer b : buffers) {
                    int k = Math.min(b.remaining(), scratch.remaining());
                    b.put(scratch.slice(scratch.position(), k));
                    scratch.position(scratch.position() + k);
                }
            } else {
                advance(buffers, n);
            }
        }
        return m;
    }

    /**
     * {@link #receiveMessage(ByteBuffer[], int, int)} into one buffer, flags 0.
     *
     * @param buffer the buffer the data is received into, between its position and limit
     * @param ancBufSize the ancillary buffer size in bytes
     * @return the received message; close it when done
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public Message receiveMessage(ByteBuffer buffer, int ancBufSize) throws IOException {
        return receiveMessage(new ByteBuffer[] {buffer}, ancBufSize, 0);
    }

    /**
     * The room that n bytes of ancillary data take in a control buffer (CMSG_SPACE), for
     * receiveMessage's ancBufSize: sum it over the items you expect.
     *
     * @param n the number of data bytes
     * @return CMSG_SPACE(n) in bytes
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static int ancillarySpace(int n) throws IOException {
        long[] out = new long[1];
        SxNative.sx_cmsg_space(n, out);
        return (int) out[0];
    }

    /**
     * Sends data with descriptors (one SCM_RIGHTS item): Python's {@code socket.send_fds}.
     * The descriptors stay the caller's. data's position advances by the bytes sent.
     *
     * @param data the data
     * @param fds the file descriptors to pass
     * @return the number of bytes sent
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public long sendFileDescriptors(ByteBuffer data, FileDescriptor... fds) throws IOException {
        int[] n = new int[fds.length];
        for (int i = 0; i < fds.length; i++) n[i] = Message.fdOf(fds[i]);
        return sendFds(new ByteBuffer[] {data}, n, 0, null);
    }

    /**
     * {@link #sendFileDescriptors} with descriptor numbers, flags and a destination (or null).
     *
     * @param buffers the data, each buffer used between its position and limit
     * @param fds the file descriptors to pass
     * @param flags MSG_* flags (0 for none)
     * @param to the destination address
     * @return the number of bytes sent
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public long sendFds(ByteBuffer[] buffers, int[] fds, int flags, Address to) throws IOException {
        ByteBuffer[] g = gather(buffers);
        Buffers s = Buffers.get();
        boolean begun = beginBlocking(flags), done = false;
        try {
            SxNative.sx_socket_send_fds(h(), g, fds, flags, to == null ? 0 : to.handle(), s.count);
            done = true;
        } finally {
            Reference.reachabilityFence(this);
            if (to != null) to.fence();
            endBlocking(begun, done);
        }
        long n = s.count[0];
        if (buffers != null) advance(buffers, n);
        return n;
    }

    /**
     * Receives data into buffer and up to maxFds descriptors: Python's {@code socket.recv_fds}.
     * The buffer's position advances by the bytes received; take the descriptors from the
     * returned message ({@link Message#takeFileDescriptors()}); those not taken are closed with it.
     *
     * @param buffer the buffer the data is received into, between its position and limit
     * @param maxFds the most descriptors to receive
     * @param flags MSG_* flags (0 for none)
     * @return the received message, holding the descriptors; close it when done
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public Message receiveFileDescriptors(ByteBuffer buffer, int maxFds, int flags) throws IOException {
        if (maxFds < 0) throw new IllegalArgumentException("negative maxFds: " + maxFds);
        if (buffer.isReadOnly()) throw new java.nio.ReadOnlyBufferException();
        Buffers s = Buffers.get();
        ByteBuffer d = buffer.isDirect() ? buffer : s.scratch(buffer.remaining());
        long[] out = new long[1];
        boolean begun = beginBlocking(flags), done = false;
        try {
            SxNative.sx_socket_recv_fds(h(), d, maxFds, flags, out);
            done = true;
        } finally {
            Reference.reachabilityFence(this);
            endBlockingMsg(begun, done, out[0]);
        }
        Message m = new Message(out[0]);
        int n = (int) m.byteCount();
        if (d != buffer) buffer.put(d.limit(n));
        else buffer.position(buffer.position() + n);
        return m;
    }

    /**
     * The credentials of the peer of a connected AF_UNIX socket (SO_PEERCRED).
     *
     * @return the peer's process id, user id and group id
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public Credentials peerCredentials() throws IOException {
        int[] pid = new int[1];
        long[] uid = new long[1], gid = new long[1];
        try {
            SxNative.sx_socket_peercred(h(), pid, uid, gid);
        } finally {
            Reference.reachabilityFence(this);
        }
        return new Credentials(pid[0], uid[0], gid[0]);
    }

    /** endBlocking for calls that return a new message: an interrupt after the call must not leak it. */
    private void endBlockingMsg(boolean begun, boolean completed, long msg) throws AsynchronousCloseException {
        try {
            endBlocking(begun, completed);
        } catch (AsynchronousCloseException e) {
            try {
                if (msg != 0) SxNative.sx_msg_close(msg);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    // ---- sendfile -------------------------------------------------------------------------

    /**
     * Sends count bytes (0: to the end) of a file from offset: Python's
     * {@code socket.sendfile(file, offset, count)}, zero-copy sendfile(2) with a read-and-send
     * fallback. The socket must be a stream. In timeout mode the timeout bounds the whole
     * call. The file's own position is left at offset + the bytes sent when it is seekable,
     * also when the call fails part way.
     *
     * @param file the file to send
     * @param offset the file offset to start at
     * @param count the number of bytes to send
     * @return the bytes sent
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public long sendFile(FileDescriptor file, long offset, long count) throws IOException {
        return sendFileFd(Message.fdOf(file), offset, count);
    }

    /**
     * {@link #sendFile(FileDescriptor, long, long)} from a FileChannel (its descriptor).
     *
     * @param file the file to send
     * @param offset the file offset to start at
     * @param count the number of bytes to send
     * @return the number of bytes sent
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public long sendFile(FileChannel file, long offset, long count) throws IOException {
        if (!file.isOpen()) throw new java.nio.channels.ClosedChannelException();
        try {
            int fd = SxNativeJNI.fdValue(file);
            if (fd < 0) throw new java.nio.channels.ClosedChannelException();
            return sendFileFd(fd, offset, count);
        } finally {
            Reference.reachabilityFence(file);
        }
    }

    /**
     * {@link #sendFile(FileDescriptor, long, long)} from the file at path, opened for the call.
     *
     * @param path the file system path
     * @param offset the file offset to start at
     * @param count the number of bytes to send
     * @return the number of bytes sent
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public long sendFile(Path path, long offset, long count) throws IOException {
        try (FileInputStream in = new FileInputStream(path.toFile())) {
            return sendFile(in.getFD(), offset, count);
        }
    }

    private long sendFileFd(int fd, long offset, long count) throws IOException {
        if (offset < 0 || count < 0) throw new IllegalArgumentException("negative offset or count");
        Buffers s = Buffers.get();
        s.count[0] = 0;
        boolean begun = beginBlocking(0), done = false;
        try {
            SxNative.sx_socket_sendfile(h(), fd, offset, count, s.count);
            done = true;
        } finally {
            Reference.reachabilityFence(this);
            endBlocking(begun, done);
        }
        return s.count[0];
    }

    // ---- batches (sendmmsg/recvmmsg) -----------------------------------------------------

    /**
     * One batch call: each message's handle and buffers go to the glue in one JNI call, which
     * gives every message its buffers' current [position, limit), runs sendmmsg or recvmmsg, and
     * reports each moved message's byte count (see socketx_java.i); then the buffers advance.
     */
    private int batch(boolean receive, Message[] msgs, int off, int len, int flags) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, msgs.length);
        long[] hs = new long[len];
        ByteBuffer[][] bufs = new ByteBuffer[len][];
        for (int i = 0; i < len; i++) {
            Message m = msgs[off + i];
            if (m == null) throw new IllegalArgumentException("null message in the batch");
            ByteBuffer[] b = m.buffers();
            if (receive && b != null) {
                for (ByteBuffer x : b) if (x.isReadOnly()) throw new java.nio.ReadOnlyBufferException();
            }
            bufs[i] = b;
            hs[i] = m.handle();
        }
        long[] counts = new long[len];
        int n = 0;
        boolean begun = beginBlocking(flags), done = false;
        try {
            n = SxNativeJNI.batch(receive, h(), hs, bufs, flags, counts);
            done = true;
        } catch (SocketXErrors.ConnectError e) {
            throw datagram(e);
        } finally {
            Reference.reachabilityFence(this);
            Reference.reachabilityFence(msgs);
            for (int i = 0; i < len; i++) msgs[off + i].fence();
            endBlocking(begun, done);
        }
        for (int i = 0; i < n; i++) {
            Message m = msgs[off + i];
            if (receive) m.received();
            if (bufs[i] != null) advance(bufs[i], counts[i]);
        }
        return n;
    }

    /**
     * Sends several messages in one system call (sendmmsg). Each brings its buffers
     * ({@link Message#setBuffers}), destination ({@link Message#setAddress}) and ancillary
     * items. Waits as send does until one message can go, then sends as many as the kernel
     * takes; each message sent has its {@link Message#byteCount()} and its buffers' positions
     * advanced. A message may appear once in a batch, and in one batch call at a time: the
     * library claims each for the call (a second claim is a SocketException, SX_EBUSY).
     *
     * @param msgs the messages
     * @param off the position of the first element to use
     * @param len the number of elements to use
     * @param flags MSG_* flags (0 for none)
     * @return the number of messages sent, from the first
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public int sendBatch(Message[] msgs, int off, int len, int flags) throws IOException {
        return batch(false, msgs, off, len, flags);
    }

    /**
     * sendBatch over the whole array.
     *
     * @param msgs the messages
     * @param flags MSG_* flags (0 for none)
     * @return the number of messages sent, from the first
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public int sendBatch(Message[] msgs, int flags) throws IOException {
        return sendBatch(msgs, 0, msgs.length, flags);
    }

    /**
     * Receives several messages in one system call (recvmmsg). Each brings its buffers and
     * ancillary room ({@link Message#setAncillaryBufferSize}); each message received then
     * holds its byte count, flags, sender and items as one from
     * {@link #receiveMessage(ByteBuffer[], int, int)} does (what it held before, untaken
     * descriptors included, is released), and its buffers' positions advance. Waits as
     * receive does until one message is there, then takes as many as are queued.
     *
     * @param msgs the messages
     * @param off the position of the first element to use
     * @param len the number of elements to use
     * @param flags MSG_* flags (0 for none)
     * @return the number of messages received, from the first
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public int receiveBatch(Message[] msgs, int off, int len, int flags) throws IOException {
        return batch(true, msgs, off, len, flags);
    }

    /**
     * receiveBatch over the whole array.
     *
     * @param msgs the messages
     * @param flags MSG_* flags (0 for none)
     * @return the number of messages received, from the first
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public int receiveBatch(Message[] msgs, int flags) throws IOException {
        return receiveBatch(msgs, 0, msgs.length, flags);
    }

    // ---- zero-copy completions and TCP_INFO --------------------------------------------------

    /**
     * A completed range of MSG_ZEROCOPY sends, numbered from 0 in send order: the buffers of
     * sends first..last (inclusive) may be reused. copied: the kernel copied the data instead.
     */
    public record ZeroCopyCompletion(long first, long last, boolean copied) {}

    /**
     * Reads one MSG_ZEROCOPY completion from the error queue without waiting; null when none
     * is queued. Another error at the head of the queue is thrown (and consumed).
     *
     * @return the completion, or null when none is queued
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public ZeroCopyCompletion zeroCopyCompletion() throws IOException {
        long[] first = new long[1], last = new long[1];
        boolean[] copied = new boolean[1];
        try {
            SxNative.sx_socket_zerocopy_completion(h(), first, last, copied);
        } catch (SocketXErrors.SocketError e) {
            if (e.status() == SocketXErrors.SX_EAGAIN) return null;
            throw e;
        } finally {
            Reference.reachabilityFence(this);
        }
        return new ZeroCopyCompletion(first[0], last[0], copied[0]);
    }

    /**
     * TCP_INFO as numbers by field name ("state", "rtt", "snd_cwnd", ... struct tcp_info's
     * fields without the tcpi_ prefix), in the struct's order: every field the running kernel fills.
     *
     * @return the fields by name, in the struct's order
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public java.util.Map<String, Long> tcpInfo() throws IOException {
        long[][] values = new long[1][];
        try {
            SxNative.sx_socket_tcp_info(h(), values);
        } finally {
            Reference.reachabilityFence(this);
        }
        String[] names = tcpInfoNames(values[0].length);
        java.util.Map<String, Long> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i < values[0].length; i++) out.put(names[i], values[0][i]);
        return java.util.Collections.unmodifiableMap(out);
    }

    /** The TCP_INFO field names (static strings of the library, in a fixed order), cached. */
    private static volatile String[] tcpInfoNames = new String[0];

    private static String[] tcpInfoNames(int n) throws IOException {
        String[] names = tcpInfoNames;
        if (names.length >= n) return names;
        String[] grown = java.util.Arrays.copyOf(names, n);
        String[] one = new String[1];
        for (int i = names.length; i < n; i++) {
            SxNative.sx_tcp_info_field_name(i, one);
            grown[i] = one[0];
        }
        tcpInfoNames = grown;
        return grown;
    }

    /**
     * One TCP_INFO field by name. IllegalArgumentException for a name struct tcp_info does not
     * have; {@link SocketXErrors.SocketError} (SX_ENOTSUP) when the running kernel does not fill it.
     *
     * @param field the struct tcp_info field name, e.g. "tcpi_rtt"
     * @return the field's value
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public long tcpInfo(String field) throws IOException {
        long[] out = new long[1];
        try {
            SxNative.sx_socket_tcp_info_get(h(), field, out);
        } catch (SocketXErrors.SocketError e) {
            if (e.status() == SocketXErrors.SX_ENOTFOUND) {
                IllegalArgumentException iae = new IllegalArgumentException("no TCP_INFO field named " + field);
                iae.initCause(e);
                throw iae;
            }
            throw e;
        } finally {
            Reference.reachabilityFence(this);
        }
        return out[0];
    }

    // ---- family operations: multicast, packet memberships, CAN, ALG, vsock -------------------

    /** Runs a raw call on this socket's handle, keeping the socket (and its arguments) reachable. */
    private void run(Address.Call c, Object... keep) throws IOException {
        try {
            c.run();
        } finally {
            Reference.reachabilityFence(this);
            Reference.reachabilityFence(keep);
        }
    }

    private static int index(java.net.NetworkInterface ni) {
        return ni == null ? 0 : ni.getIndex();
    }

    /**
     * A group or source for the membership calls: an IPv4 address on an AF_INET6 socket goes
     * in its mapped form ::ffff:a.b.c.d, as the library takes it there (and as NIO's
     * MulticastChannel accepts IPv4 groups on an IPv6 channel).
     */
    private Address membershipAddress(java.net.InetAddress a) throws IOException {
        if (a instanceof java.net.Inet4Address && family() == SocketX.AF_INET6) {
            return Address.inet6("::ffff:" + a.getHostAddress(), 0);
        }
        return Address.of(a, 0);
    }

    /**
     * Joins an any-source multicast group (MCAST_JOIN_GROUP), as
     * {@link java.nio.channels.MulticastChannel#join(java.net.InetAddress, java.net.NetworkInterface)}
     * does; ni null lets the kernel choose the interface by its routes. An IPv6 group needs an
     * AF_INET6 socket; an IPv4 group an AF_INET socket, or an AF_INET6 one (it is passed in
     * its mapped form ::ffff:a.b.c.d).
     *
     * @param group the multicast group address
     * @param ni the network interface (null: the kernel chooses)
     * @return the membership, to drop later
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public Membership joinGroup(java.net.InetAddress group, java.net.NetworkInterface ni) throws IOException {
        return joinGroup(group, index(ni), null);
    }

    /**
     * Joins a source-specific channel (MCAST_JOIN_SOURCE_GROUP): what source sends to group.
     *
     * @param group the multicast group address
     * @param ni the network interface (null: the kernel chooses)
     * @param source the source address
     * @return the membership, to drop later
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public Membership joinGroup(java.net.InetAddress group, java.net.NetworkInterface ni, java.net.InetAddress source)
            throws IOException {
        return joinGroup(group, index(ni), source);
    }

    /**
     * {@link #joinGroup(java.net.InetAddress, java.net.NetworkInterface)} by interface index (0: the kernel's choice).
     *
     * @param group the multicast group address
     * @param ifindex the interface index (0: the kernel chooses)
     * @return the membership, to drop later
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public Membership joinGroup(java.net.InetAddress group, int ifindex) throws IOException {
        return joinGroup(group, ifindex, null);
    }

    /**
     * Any-source (source null) or source-specific membership, by interface index.
     *
     * @param group the multicast group address
     * @param ifindex the interface index (0: the kernel chooses)
     * @param source the source address
     * @return the membership, to drop later
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public Membership joinGroup(java.net.InetAddress group, int ifindex, java.net.InetAddress source) throws IOException {
        Address g = membershipAddress(group);
        if (source == null) {
            run(() -> SxNative.sx_socket_multicast_join(h(), g.handle(), Address.u32(ifindex)), g);
        } else {
            Address s = membershipAddress(source);
            run(() -> SxNative.sx_socket_multicast_join_source(h(), g.handle(), s.handle(), Address.u32(ifindex)), g, s);
        }
        return new Membership(this, group, ifindex, source);
    }

    /**
     * Leaves a group joined with joinGroup (MCAST_LEAVE_GROUP; SX_EADDRNOTAVAIL when not joined).
     *
     * @param group the multicast group address
     * @param ni the network interface (null: the kernel chooses)
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public void leaveGroup(java.net.InetAddress group, java.net.NetworkInterface ni) throws IOException {
        leaveGroup(group, index(ni), null);
    }

    /**
     * Leaves a source-specific membership.
     *
     * @param group the multicast group address
     * @param ni the network interface (null: the kernel chooses)
     * @param source the source address
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public void leaveGroup(java.net.InetAddress group, java.net.NetworkInterface ni, java.net.InetAddress source)
            throws IOException {
        leaveGroup(group, index(ni), source);
    }

    /**
     * Leaves a group joined on an interface index.
     *
     * @param group the multicast group address
     * @param ifindex the interface index (0: the kernel chooses)
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public void leaveGroup(java.net.InetAddress group, int ifindex) throws IOException {
        leaveGroup(group, ifindex, null);
    }

    /**
     * Leaves an any-source (source null) or source-specific membership (MCAST_LEAVE_SOURCE_GROUP).
     *
     * @param group the multicast group address
     * @param ifindex the interface index (0: the kernel chooses)
     * @param source the source address
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public void leaveGroup(java.net.InetAddress group, int ifindex, java.net.InetAddress source) throws IOException {
        Address g = membershipAddress(group);
        if (source == null) {
            run(() -> SxNative.sx_socket_multicast_leave(h(), g.handle(), Address.u32(ifindex)), g);
        } else {
            Address s = membershipAddress(source);
            run(() -> SxNative.sx_socket_multicast_leave_source(h(), g.handle(), s.handle(), Address.u32(ifindex)), g, s);
        }
    }

    /**
     * Joins an IPv4 group on the interface that has the local address iface (IP_ADD_MEMBERSHIP
     * with struct ip_mreq, socket2's join_multicast_v4); iface null is INADDR_ANY.
     *
     * @param group the multicast group address
     * @param iface the local address of the interface (null: the kernel chooses)
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public void joinGroupV4(java.net.Inet4Address group, java.net.Inet4Address iface) throws IOException {
        Address g = Address.of(group, 0);
        Address i = iface == null ? null : Address.of(iface, 0);
        run(() -> SxNative.sx_socket_multicast_join_v4(h(), g.handle(), i == null ? 0 : i.handle()), g, i);
    }

    /**
     * Leaves a group joined with {@link #joinGroupV4} (IP_DROP_MEMBERSHIP).
     *
     * @param group the multicast group address
     * @param iface the local address of the interface (null: the kernel chooses)
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public void leaveGroupV4(java.net.Inet4Address group, java.net.Inet4Address iface) throws IOException {
        Address g = Address.of(group, 0);
        Address i = iface == null ? null : Address.of(iface, 0);
        run(() -> SxNative.sx_socket_multicast_leave_v4(h(), g.handle(), i == null ? 0 : i.handle()), g, i);
    }

    /**
     * Adds (join) or drops a link-layer membership on an AF_PACKET socket
     * (PACKET_ADD_MEMBERSHIP / PACKET_DROP_MEMBERSHIP): type PacketAddress.PACKET_MR_PROMISC,
     * _MULTICAST, _ALLMULTI or _UNICAST; hardwareAddress (at most 8 bytes) for MULTICAST and
     * UNICAST, else null.
     *
     * @param join true to join, false to leave
     * @param ifindex the interface index
     * @param type PACKET_MR_MULTICAST, PACKET_MR_PROMISC, PACKET_MR_ALLMULTI or PACKET_MR_UNICAST
     * @param hardwareAddress the hardware address bytes (up to 8), or null
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public void packetMembership(boolean join, int ifindex, int type, byte[] hardwareAddress) throws IOException {
        ByteBuffer b = hardwareAddress == null ? null : Buffers.get().copyIn(hardwareAddress, 0, hardwareAddress.length);
        run(() -> SxNative.sx_socket_packet_membership(h(), join ? 1 : 0, ifindex, type, b));
    }

    /**
     * {@link #packetMembership(boolean, int, int, byte[])} by NetworkInterface.
     *
     * @param join true to join, false to leave
     * @param ni the network interface (null: the kernel chooses)
     * @param type PACKET_MR_MULTICAST, PACKET_MR_PROMISC, PACKET_MR_ALLMULTI or PACKET_MR_UNICAST
     * @param hardwareAddress the hardware address bytes (up to 8), or null
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public void packetMembership(boolean join, java.net.NetworkInterface ni, int type, byte[] hardwareAddress)
            throws IOException {
        packetMembership(join, ni.getIndex(), type, hardwareAddress);
    }

    /**
     * Sets a CAN_RAW socket's receive filters (CAN_RAW_FILTER): a frame passes when it matches
     * one of them; none at all receives no frames.
     *
     * @param filters the filters (none: receive nothing)
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public void setCanFilters(CanFilter... filters) throws IOException {
        int[] pairs = new int[filters.length * 2];
        for (int i = 0; i < filters.length; i++) {
            pairs[2 * i] = filters[i].id();
            pairs[2 * i + 1] = filters[i].mask();
        }
        run(() -> SxNative.sx_socket_can_set_filters(h(), pairs));
    }

    /**
     * Sets a CAN_ISOTP socket's options (CAN_ISOTP_OPTS), before bind: the CAN_ISOTP_* flag
     * bits, the nanoseconds between frames, and four 8-bit fields (0..255, else
     * SX_EOUTOFRANGE).
     *
     * @param flags the CAN_ISOTP_* flag bits
     * @param frameTxTime the nanoseconds between frames
     * @param extAddress the extended address
     * @param txPadContent the transmit padding byte
     * @param rxPadContent the expected receive padding byte
     * @param rxExtAddress the receive extended address
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public void setIsoTpOptions(int flags, int frameTxTime, int extAddress, int txPadContent, int rxPadContent,
                                int rxExtAddress) throws IOException {
        run(() -> SxNative.sx_socket_can_isotp_options(h(), Address.u32(flags), Address.u32(frameTxTime), extAddress,
            txPadContent, rxPadContent, rxExtAddress));
    }

    /**
     * Python's {@code sendmsg_afalg(msg, op=, iv=, assoclen=, flags=)} on an AF_ALG operation
     * socket: the data (may be null or empty) with its operation (AlgAddress.ALG_OP_ENCRYPT...,
     * -1 for none), IV (null for none) and associated-data length (-1 for none) as control
     * messages. Buffers advance by what was sent, as in {@link #sendMessage}.
     *
     * @param buffers the data, each buffer used between its position and limit
     * @param op ALG_OP_ENCRYPT or ALG_OP_DECRYPT
     * @param iv the initialisation vector, or null
     * @param assoclen the length of the associated data (AEAD)
     * @param flags MSG_* flags (0 for none)
     * @return the number of bytes sent
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public long sendMessageAfAlg(ByteBuffer[] buffers, int op, byte[] iv, long assoclen, int flags) throws IOException {
        ByteBuffer[] g = gather(buffers);
        // The IV travels in its own direct buffer: the per-thread one may hold the gathered data.
        ByteBuffer ivb = null;
        if (iv != null) {
            ivb = ByteBuffer.allocateDirect(iv.length);
            ivb.put(iv).flip();
        }
        ByteBuffer ivf = ivb;
        Buffers s = Buffers.get();
        boolean begun = beginBlocking(flags), done = false;
        try {
            SxNative.sx_socket_sendmsg_afalg(h(), g, op, ivf, assoclen, flags, s.count);
            done = true;
        } finally {
            Reference.reachabilityFence(this);
            endBlocking(begun, done);
        }
        long n = s.count[0];
        if (buffers != null) advance(buffers, n);
        return n;
    }

    /**
     * {@link #sendMessageAfAlg(ByteBuffer[], int, byte[], long, int)} of one byte array, no associated data.
     *
     * @param data the data
     * @param op ALG_OP_ENCRYPT or ALG_OP_DECRYPT
     * @param iv the initialisation vector, or null
     * @return the number of bytes sent
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public long sendMessageAfAlg(byte[] data, int op, byte[] iv) throws IOException {
        return sendMessageAfAlg(new ByteBuffer[] {ByteBuffer.wrap(data)}, op, iv, -1, 0);
    }

    /**
     * This machine's vsock context id: {@link VsockAddress#localCid()}.
     *
     * @return the local context id
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static int vsockLocalCid() throws IOException {
        return VsockAddress.localCid();
    }

    @Override public String toString() {
        long h = state.handle;
        return h == 0 ? "Socket[closed]" : "Socket[handle=" + h + "]";
    }
}
