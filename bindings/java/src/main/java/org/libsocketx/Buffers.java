// SPDX-License-Identifier: MIT
package org.libsocketx;

import java.nio.ByteBuffer;

/**
 * Per-thread scratch state for calls that take byte[] or heap ByteBuffers.
 *
 * The native layer reads and writes only direct buffers, in place. Heap bytes are copied
 * through one direct buffer per thread (as NIO's own temporary buffer cache does): copying
 * in C would need a malloc per call, or GetPrimitiveArrayCritical held across a blocking
 * call, which stalls the garbage collector. The small out arrays are reused for the same
 * reason: a data call then allocates nothing. The direct buffer starts at 64 KiB and grows
 * to the largest byte[] transfer made on its thread, which it keeps: send large arrays in
 * chunks, or use a direct ByteBuffer, where that memory matters.
 */
final class Buffers {
    private static final int INITIAL = 64 * 1024;

    private static final ThreadLocal<Buffers> LOCAL = ThreadLocal.withInitial(Buffers::new);

    private ByteBuffer direct = ByteBuffer.allocateDirect(INITIAL);
    final long[] count = new long[1];
    final long[] handle = new long[1];

    static Buffers get() {
        return LOCAL.get();
    }

    /** A direct buffer with position 0 and limit n; grows (doubling) when n is larger. */
    ByteBuffer scratch(int n) {
        if (direct.capacity() < n) {
            int cap = direct.capacity();
            while (cap < n) cap = cap > (1 << 29) ? n : cap * 2;
            direct = ByteBuffer.allocateDirect(cap);
        }
        direct.clear().limit(n);
        return direct;
    }

    /** The scratch buffer holding a copy of b[off, off+len). */
    ByteBuffer copyIn(byte[] b, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        ByteBuffer s = scratch(len);
        s.put(b, off, len).flip();
        return s;
    }

    /** A direct view of bytes for the native layer: bb itself when direct, else a copy of its remaining bytes. */
    ByteBuffer directView(ByteBuffer bb) {
        if (bb.isDirect()) return bb;
        ByteBuffer s = scratch(bb.remaining());
        s.put(bb.duplicate()).flip();
        return s;
    }
}
