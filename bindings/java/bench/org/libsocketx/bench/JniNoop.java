// SPDX-License-Identifier: MIT
package org.libsocketx.bench;

import java.nio.ByteBuffer;

/** The bench's no-op native method (native/jni_noop.c): the cost of one JNI crossing. */
final class JniNoop {
    static {
        System.loadLibrary("sxbench_noop");
    }

    private JniNoop() {}

    /** Returns len; does nothing else. */
    static native int call(long handle, ByteBuffer buf, int pos, int len, int flags);

    /** One crossing with the arguments a data call would pass for b; the result is used so
     *  the JIT cannot drop the call (it cannot anyway: a native call is opaque). */
    static int cross(ByteBuffer b) {
        return call(0, b, b.position(), b.remaining(), 0);
    }
}
