// SPDX-License-Identifier: MIT
package org.libsocketx;

import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import org.libsocketx.internal.SxNative;
import org.libsocketx.internal.SxNativeJNI;

/**
 * A message with ancillary data (libsocketx's sx_msg), for {@code sendmsg}/{@code recvmsg},
 * descriptor passing and batches. One class serves both directions, as in the C library:
 *
 * <ul>
 * <li><b>To send</b>: make one with {@link #Message()}, add ancillary items to it (raw with
 *     {@link #add}, or typed: {@link #addFileDescriptors}, {@link #addCredentials},
 *     {@link #addPacketInfo}, {@link #addInt}) and pass it to
 *     {@link Socket#sendMessage(ByteBuffer[], Message, int, Address)}; it may be sent any
 *     number of times.
 * <li><b>Received</b>: {@link Socket#receiveMessage(ByteBuffer[], int, int)} and
 *     {@link Socket#receiveFileDescriptors(ByteBuffer, int, int)} return one; read its
 *     {@link #byteCount()}, {@link #flags()}, sender ({@link #address()}) and items, raw
 *     ({@link #item(int)}, {@link #items()}) or typed ({@link #credentials(int)},
 *     {@link #packetInfo(int)}, {@link #timestamp(int)}, {@link #extendedError(int)},
 *     {@link #intValue(int)}).
 * <li><b>In a batch</b> ({@link Socket#sendBatch(Message[], int)},
 *     {@link Socket#receiveBatch(Message[], int)}): give it its buffers
 *     ({@link #setBuffers(ByteBuffer...)}), destination ({@link #setAddress(Address)}) and
 *     ancillary room ({@link #setAncillaryBufferSize(int)}); each batch call reuses it.
 * </ul>
 *
 * <p>Descriptors received (SCM_RIGHTS) are close-on-exec and belong to the message until taken
 * with {@link #takeFileDescriptor(int)} (or {@link #takeFileDescriptors()}); then they are the
 * caller's to close, as a {@link java.io.FileInputStream} over the {@link FileDescriptor} does.
 * Those not taken are closed by {@link #close()}, or by a {@link Cleaner} when a message is
 * forgotten. close() is idempotent; a closed message throws {@link SocketXErrors.ClosedError}.
 * A message may be read from any thread; a batch must not use it on two threads at once.
 */
public final class Message implements AutoCloseable {
    /** The handle, shared with the Cleaner action; it must not refer to the Message. */
    private static final class State implements Runnable {
        private volatile long handle;

        State(long handle) { this.handle = handle; }

        @Override public void run() {
            long h = handle;
            handle = 0;
            try {
                SxNative.sx_msg_close(h);
            } catch (IOException | RuntimeException ignored) {
                // sx_msg_close fails only for a handle of another kind, which this class never holds.
            }
        }
    }

    /** A raw ancillary item: Python's (cmsg_level, cmsg_type, cmsg_data) tuple. */
    public record Item(int level, int type, byte[] data) {}

    /**
     * A packet info item (IP_PKTINFO, IPV6_PKTINFO): the interface the datagram came in on,
     * its destination address and, for IPv4, the local address (ipi_spec_dst; null for IPv6).
     */
    public record PacketInfo(int interfaceIndex, InetAddress destination, InetAddress local) {}

    /**
     * An extended error (IP_RECVERR, IPV6_RECVERR) read from the error queue: status is ee_errno
     * as a libsocketx status (see {@link SocketX#errorName(int)}), then ee_origin, ee_type,
     * ee_code, ee_info, ee_data, and the offending node (null when the kernel gives none).
     */
    public record ExtendedError(int status, int origin, int type, int code, long info, long data,
                                Address offender) {}

    private final State state;
    private final Cleaner.Cleanable cleanable;
    /** The batch buffers: the C message points into them, so they must stay reachable. */
    private volatile ByteBuffer[] buffers;
    /** Received descriptors taken through this object (the C library refuses a second take). */
    private final BitSet taken = new BitSet();

    /**
     * An empty message, to add ancillary items to and send, or to use in a batch.
     *
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public Message() throws IOException {
        this(newHandle());
    }

    private static long newHandle() throws IOException {
        long[] out = new long[1];
        SxNative.sx_msg_new(out);
        return out[0];
    }

    /** Wraps a new handle returned by the library. */
    Message(long handle) {
        state = new State(handle);
        cleanable = SocketX.CLEANER.register(this, state);
    }

    /** {@return the library handle (0 once closed), for code that calls the raw layer} */
    public long handle() {
        return state.handle;
    }

    private long h() {
        return state.handle;
    }

    void fence() {
        Reference.reachabilityFence(this);
    }

    /** {@return whether {@link #close()} has been called} */
    public boolean isClosed() {
        return state.handle == 0;
    }

    /** Releases the message, closing every received descriptor not taken; harmless when closed. */
    @Override public void close() {
        cleanable.clean();
    }

    @FunctionalInterface
    private interface Call { void run(long handle) throws IOException; }

    /** Runs c on the handle, keeping this message (and so its handle) alive until it returns. */
    private void call(Call c) throws IOException {
        try {
            c.run(h());
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    // ---- ancillary items to send ---------------------------------------------------------

    /**
     * Adds a raw item (level, type, data), as one tuple of Python's sendmsg ancdata.
     *
     * @param level the item level, e.g. SOL_SOCKET
     * @param type the item type, e.g. SCM_RIGHTS
     * @param data the item data
     * @return this message, for chaining
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public Message add(int level, int type, byte[] data) throws IOException {
        ByteBuffer b = Buffers.get().copyIn(data, 0, data.length);
        call(m -> SxNative.sx_msg_add(m, level, type, b));
        return this;
    }

    /**
     * Adds an integer item, encoded with the width the kernel expects for it (IP_TTL, IP_TOS,
     * IPV6_HOPLIMIT, IPV6_TCLASS: a C int; UDP_SEGMENT: 16 bits; SO_MARK, SO_PRIORITY: 32 bits
     * unsigned; SO_TXTIME: 64 bits). A value that does not fit throws IllegalArgumentException.
     *
     * @param level the item level, e.g. SOL_SOCKET
     * @param type the item type, e.g. SCM_RIGHTS
     * @param value the integer value
     * @return this message, for chaining
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public Message addInt(int level, int type, long value) throws IOException {
        call(m -> SxNative.sx_msg_add_int(m, level, type, value));
        return this;
    }

    /**
     * Adds descriptors to pass (one SCM_RIGHTS item). The numbers are copied, not the
     * descriptors: they must stay open until the message is sent, and stay the caller's.
     *
     * @param fds the file descriptors to pass
     * @return this message, for chaining
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public Message addFileDescriptors(FileDescriptor... fds) throws IOException {
        int[] n = new int[fds.length];
        for (int i = 0; i < fds.length; i++) n[i] = fdOf(fds[i]);
        return addFds(n);
    }

    /**
     * {@link #addFileDescriptors} with descriptor numbers.
     *
     * @param fds the file descriptors to pass
     * @return this message, for chaining
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public Message addFds(int... fds) throws IOException {
        call(m -> SxNative.sx_msg_add_fds(m, fds));
        return this;
    }

    /**
     * Adds credentials (SCM_CREDENTIALS); unless privileged, only {@link Credentials#self()}.
     *
     * @param c the credentials
     * @return this message, for chaining
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public Message addCredentials(Credentials c) throws IOException {
        call(m -> SxNative.sx_msg_add_credentials(m, c.pid(), c.uid(), c.gid()));
        return this;
    }

    /**
     * Adds packet info: the source address and outgoing interface (0: any) of a datagram
     * (IP_PKTINFO for an IPv4 source, IPV6_PKTINFO for IPv6).
     *
     * @param interfaceIndex the interface index (0: the kernel's choice)
     * @param source the source address, or null
     * @return this message, for chaining
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public Message addPacketInfo(int interfaceIndex, InetAddress source) throws IOException {
        Address a = Address.of(source, 0);
        try {
            call(m -> SxNative.sx_msg_add_pktinfo(m, Integer.toUnsignedLong(interfaceIndex), a.handle()));
        } finally {
            a.fence();
        }
        return this;
    }

    // ---- in a batch -----------------------------------------------------------------------

    /**
     * Gives the message its buffers for a batch: the bytes to send, or the room to receive
     * into. They must be direct ByteBuffers (the message keeps pointers to their memory, and
     * this object keeps them reachable). Each batch call uses each buffer between its position
     * and limit at that moment, and advances its position by the bytes moved.
     *
     * @param bufs the buffers to send, each between its position and limit
     * @return this message, for chaining
     */
    public Message setBuffers(ByteBuffer... bufs) {
        for (ByteBuffer b : bufs) {
            if (b == null) throw new IllegalArgumentException("null buffer");
            if (!b.isDirect()) throw new IllegalArgumentException("batch messages take direct ByteBuffers only");
        }
        buffers = bufs.clone();
        return this;
    }

    /** The buffers given with {@link #setBuffers}, or null. */
    ByteBuffer[] buffers() {
        return buffers;
    }

    /**
     * Sets the destination for a batch send (null: none, a connected socket).
     *
     * @param address the destination address, or null
     * @return this message, for chaining
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public Message setAddress(Address address) throws IOException {
        try {
            call(m -> SxNative.sx_msg_set_address(m, address == null ? 0 : address.handle()));
        } finally {
            if (address != null) address.fence();
        }
        return this;
    }

    /**
     * Sets how many bytes of ancillary data the message receives in a batch (0, the default: none).
     *
     * @param size the ancillary buffer size in bytes
     * @return this message, for chaining
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public Message setAncillaryBufferSize(int size) throws IOException {
        if (size < 0) throw new IllegalArgumentException("negative ancillary buffer size: " + size);
        call(m -> SxNative.sx_msg_set_ancbufsize(m, size));
        return this;
    }

    /** After a batch receive: what the message held before, taken descriptors included, is gone. */
    void received() {
        synchronized (taken) {
            taken.clear();
        }
    }

    // ---- reading ----------------------------------------------------------------------------

    /**
     * The bytes the message carried: received, or sent by a batch send (0 before any).
     *
     * @return the byte count
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public long byteCount() throws IOException {
        long[] out = new long[1];
        call(m -> SxNative.sx_msg_nbytes(m, out));
        return out[0];
    }

    /**
     * The msg_flags the kernel returned (MSG_TRUNC, MSG_CTRUNC, MSG_EOR, MSG_ERRQUEUE...).
     *
     * @return the MSG_* flags
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public int flags() throws IOException {
        int[] out = new int[1];
        call(m -> SxNative.sx_msg_flags(m, out));
        return out[0];
    }

    /**
     * Whether the datagram was longer than the buffers (MSG_TRUNC).
     *
     * @return true when truncated
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public boolean isTruncated() throws IOException {
        return (flags() & SocketX.MSG_TRUNC) != 0;
    }

    /**
     * Whether ancillary data was cut short for lack of room (MSG_CTRUNC).
     *
     * @return true when the ancillary data was truncated
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public boolean isControlTruncated() throws IOException {
        return (flags() & SocketX.MSG_CTRUNC) != 0;
    }

    /**
     * The sender (or the destination set for a batch send); null when there is none.
     *
     * @return the address, or null
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public Address address() throws IOException {
        long[] out = new long[1];
        call(m -> SxNative.sx_msg_address(m, out));
        return Address.adopt(out[0]);
    }

    /**
     * The number of ancillary items.
     *
     * @return the item count
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public int itemCount() throws IOException {
        long[] out = new long[1];
        call(m -> SxNative.sx_msg_item_count(m, out));
        return (int) out[0];
    }

    /**
     * Item i, raw.
     *
     * @param index the item's position in the received message, from 0
     * @return the item
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public Item item(int index) throws IOException {
        int[] level = new int[1], type = new int[1];
        byte[][] data = new byte[1][];
        long i = Integer.toUnsignedLong(index);
        call(m -> {
            SxNative.sx_msg_item(m, i, level, type);
            SxNative.sx_msg_item_data(m, i, data);
        });
        return new Item(level[0], type[0], data[0]);
    }

    /**
     * Every item, raw, in order.
     *
     * @return the items
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public List<Item> items() throws IOException {
        int n = itemCount();
        List<Item> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(item(i));
        return out;
    }

    /**
     * The index of the first item of this level and type, or -1.
     *
     * @param level the item level, e.g. SOL_SOCKET
     * @param type the item type, e.g. SCM_RIGHTS
     * @return the index, or -1
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public int find(int level, int type) throws IOException {
        long[] out = new long[1];
        try {
            call(m -> SxNative.sx_msg_find(m, level, type, out));
        } catch (SocketXErrors.SocketError e) {
            if (e.status() == SocketXErrors.SX_ENOTFOUND) return -1;
            throw e;
        }
        return (int) out[0];
    }

    /**
     * Item i as an integer (IP_TTL, IP_TOS, IPV6_HOPLIMIT, IPV6_TCLASS, UDP_GRO, UDP_SEGMENT,
     * SO_MARK, SO_RXQ_OVFL, or any item of 1, 2, 4 or 8 bytes).
     *
     * @param index the item's position in the received message, from 0
     * @return the item's integer value
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public long intValue(int index) throws IOException {
        long[] out = new long[1];
        call(m -> SxNative.sx_msg_item_int(m, Integer.toUnsignedLong(index), out));
        return out[0];
    }

    /**
     * Item i as credentials (SCM_CREDENTIALS).
     *
     * @param index the item's position in the received message, from 0
     * @return the credentials
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public Credentials credentials(int index) throws IOException {
        int[] pid = new int[1];
        long[] uid = new long[1], gid = new long[1];
        call(m -> SxNative.sx_msg_item_credentials(m, Integer.toUnsignedLong(index), pid, uid, gid));
        return new Credentials(pid[0], uid[0], gid[0]);
    }

    /**
     * The first SCM_CREDENTIALS item, if any.
     *
     * @return the credentials, or empty
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public Optional<Credentials> credentials() throws IOException {
        int i = find(SocketX.SOL_SOCKET, SocketX.SCM_CREDENTIALS);
        return i < 0 ? Optional.empty() : Optional.of(credentials(i));
    }

    /**
     * Item i as packet info (IP_PKTINFO, IPV6_PKTINFO).
     *
     * @param index the item's position in the received message, from 0
     * @return the packet info
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public PacketInfo packetInfo(int index) throws IOException {
        long[] ifindex = new long[1], addr = new long[1], spec = new long[1];
        call(m -> SxNative.sx_msg_item_pktinfo(m, Integer.toUnsignedLong(index), ifindex, addr, spec));
        Address a = Address.adopt(addr[0]), s = Address.adopt(spec[0]);
        return new PacketInfo((int) ifindex[0], a == null ? null : a.inetAddress(), s == null ? null : s.inetAddress());
    }

    /**
     * The first packet info item (IP_PKTINFO, then IPV6_PKTINFO), if any.
     *
     * @return the packet info, or empty
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public Optional<PacketInfo> packetInfo() throws IOException {
        int i = find(SocketX.IPPROTO_IP, SocketX.IP_PKTINFO);
        if (i < 0) i = find(SocketX.IPPROTO_IPV6, SocketX.IPV6_PKTINFO);
        return i < 0 ? Optional.empty() : Optional.of(packetInfo(i));
    }

    /**
     * Item i as a timestamp (SO_TIMESTAMP, SO_TIMESTAMPNS, their _NEW forms, SO_TIMESTAMPING).
     *
     * @param index the item's position in the received message, from 0
     * @return the timestamp
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public Instant timestamp(int index) throws IOException {
        long[] sec = new long[1], nsec = new long[1];
        call(m -> SxNative.sx_msg_item_timestamp(m, Integer.toUnsignedLong(index), sec, nsec));
        return Instant.ofEpochSecond(sec[0], nsec[0]);
    }

    /**
     * Item i as an extended error (IP_RECVERR, IPV6_RECVERR), from a MSG_ERRQUEUE receive.
     *
     * @param index the item's position in the received message, from 0
     * @return the extended error
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public ExtendedError extendedError(int index) throws IOException {
        int[] code = new int[1];
        long[] origin = new long[1], type = new long[1], icmp = new long[1], info = new long[1],
            data = new long[1], offender = new long[1];
        call(m -> SxNative.sx_msg_item_exterr(m, Integer.toUnsignedLong(index), code, origin, type, icmp,
            info, data, offender));
        return new ExtendedError(code[0], (int) origin[0], (int) type[0], (int) icmp[0], info[0], data[0],
            Address.adopt(offender[0]));
    }

    /**
     * The number of descriptors received, over all SCM_RIGHTS items (taken or not).
     *
     * @return the number of descriptors
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public int fileDescriptorCount() throws IOException {
        long[] out = new long[1];
        call(m -> SxNative.sx_msg_fd_count(m, out));
        return (int) out[0];
    }

    /**
     * Takes received descriptor i (in the order received): it is the caller's from now on,
     * close-on-exec, and the message no longer closes it. A second take of the same one throws
     * IllegalArgumentException.
     *
     * @param index the item's position in the received message, from 0
     * @return the descriptor, the caller's to close
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public int takeFd(int index) throws IOException {
        int[] out = new int[1];
        call(m -> SxNative.sx_msg_take_fd(m, Integer.toUnsignedLong(index), out));
        synchronized (taken) {
            taken.set(index);
        }
        return out[0];
    }

    /**
     * {@link #takeFd} as a FileDescriptor (usable with FileInputStream, FileOutputStream).
     *
     * @param index the item's position in the received message, from 0
     * @return the descriptor, the caller's to close
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public FileDescriptor takeFileDescriptor(int index) throws IOException {
        return SxNativeJNI.fdWrap(takeFd(index));
    }

    /**
     * Takes every received descriptor not taken yet, in order.
     *
     * @return the descriptors, the caller's to close
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public List<FileDescriptor> takeFileDescriptors() throws IOException {
        int n = fileDescriptorCount();
        List<FileDescriptor> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            boolean was;
            synchronized (taken) {
                was = taken.get(i);
            }
            if (!was) out.add(takeFileDescriptor(i));
        }
        return out;
    }

    /** The descriptor number behind a FileDescriptor; IllegalArgumentException when it is not valid. */
    static int fdOf(FileDescriptor fd) {
        if (fd == null) throw new IllegalArgumentException("null FileDescriptor");
        int n = SxNativeJNI.fdValue(fd);
        if (n < 0) throw new IllegalArgumentException("invalid (closed?) FileDescriptor");
        return n;
    }

    @Override public String toString() {
        long h = state.handle;
        return h == 0 ? "Message[closed]" : "Message[handle=" + h + "]";
    }
}
