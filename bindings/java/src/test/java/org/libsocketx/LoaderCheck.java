// SPDX-License-Identifier: MIT
package org.libsocketx;

import org.libsocketx.internal.NativeLoader;

/**
 * Run by the ctest tests java:loader-*: loads the glue the way the JVM was told to (property,
 * or a jar carrying it), uses it, and prints how it was found for the test to match.
 */
public final class LoaderCheck {
    public static void main(String[] args) throws Exception {
        try (SocketX.Pair p = SocketX.socketpair()) {
            p.first().sendAll(new byte[] {1, 2, 3});
            if (p.second().recv(3).length != 3) throw new AssertionError("short read");
        }
        System.out.println("libsocketx " + SocketX.version() + " loaded from " + NativeLoader.source());
    }
}
