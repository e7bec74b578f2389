// SPDX-License-Identifier: MIT
package org.libsocketx;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Socket's data calls as single JNI crossings (written in socketx_java.i, next to the raw
 * wrappers): the buffer's position and remaining length travel as ints and the byte count
 * comes back as the return value, where the raw wrappers read position and limit and the
 * address in C and write the count into a long[] (JNI functions that each enter the VM; the
 * profile is in the notes of issue 13). A failure is thrown from inside the call, as the raw
 * wrappers throw it.
 *
 * <p>Package-private on purpose: every caller passes a buffer it has checked is direct, and the
 * native side relies on that (a heap buffer's address field is not a pointer). The span
 * [pos, pos + len) is checked against the capacity there.
 */
final class NativeIO {
    static {
        org.libsocketx.internal.NativeLoader.load();
    }

    private NativeIO() {}

    /** sx_socket_recv into direct[pos, pos + len); returns the count. */
    static native int recv(long socket, ByteBuffer direct, int pos, int len, int flags) throws IOException;

    /** sx_socket_send of direct[pos, pos + len); returns the count. */
    static native int send(long socket, ByteBuffer direct, int pos, int len, int flags) throws IOException;

    /** sx_socket_sendto of direct[pos, pos + len) to an address handle; returns the count. */
    static native int sendTo(long socket, ByteBuffer direct, int pos, int len, int flags, long address)
        throws IOException;

    /**
     * sx_socket_sendall of direct[pos, pos + len); returns the count (len). When it fails part
     * way, direct's position has been set to pos plus what went before the exception is thrown.
     */
    static native int sendAll(long socket, ByteBuffer direct, int pos, int len, int flags) throws IOException;
}
