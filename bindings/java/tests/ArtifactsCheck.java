// SPDX-License-Identifier: MIT
import org.libsocketx.SocketX;
import org.libsocketx.internal.NativeLoader;

import java.nio.charset.StandardCharsets;

/**
 * Run by ctest java:artifacts with only the Maven artifacts on its class path: a socket
 * pair exchanges a message each way, then it prints where the natives came from.
 */
public final class ArtifactsCheck {
    public static void main(String[] args) throws Exception {
        try (SocketX.Pair pair = SocketX.socketpair()) {
            byte[] ping = "ping from the jars".getBytes(StandardCharsets.UTF_8);
            pair.first().sendAll(ping);
            String got = new String(pair.second().recv(ping.length), StandardCharsets.UTF_8);
            pair.second().sendAll("pong".getBytes(StandardCharsets.UTF_8));
            String back = new String(pair.first().recv(4), StandardCharsets.UTF_8);
            if (!got.equals("ping from the jars") || !back.equals("pong")) {
                throw new AssertionError("exchanged \"" + got + "\" / \"" + back + "\"");
            }
            System.out.println("exchanged: " + got + " / " + back);
        }
        System.out.println("libsocketx " + SocketX.version() + " loaded from " + NativeLoader.source());
    }
}
