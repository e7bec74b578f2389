// SPDX-License-Identifier: MIT
package org.libsocketx;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Runs the examples of docs/bindings/java.md (compiled from bindings/java/examples). */
class ExamplesTest {
    private static String exchange(Address server, String msg) throws Exception {
        Method m = Class.forName("EchoClient").getMethod("exchange", Address.class, String.class);
        return (String) m.invoke(null, server, msg);
    }

    private static Thread serve(Socket listener) throws Exception {
        Method serve = Class.forName("EchoServer").getMethod("serve", Socket.class);
        Thread t = new Thread(() -> {
            try {
                serve.invoke(null, listener);
            } catch (Exception e) {
                // serve() ends with "Socket closed" when the test closes the listener
            }
        });
        t.start();
        return t;
    }

    @Test void echoOverTcpAndUnix() throws Exception {
        Socket l = TestUtil.tcpListener();
        try {
            Thread t = serve(l);
            assertEquals("hello tcp", exchange(l.localAddress(), "hello tcp"));
            assertEquals("x".repeat(100_000), exchange(l.localAddress(), "x".repeat(100_000)));
            l.close();
            t.join(5000);
            assertFalse(t.isAlive());
        } finally {
            l.close(); // idempotent
        }
        Path dir = Files.createTempDirectory("sxj-echo");
        Path path = dir.resolve("echo.sock");
        Socket u = Socket.open(SocketX.AF_UNIX, SocketX.SOCK_STREAM);
        try {
            u.bind(Address.unix(path.toString()));
            u.listen();
            Thread t = serve(u);
            assertEquals("hello unix", exchange(Address.unix(path.toString()), "hello unix"));
            u.close();
            t.join(5000);
            assertFalse(t.isAlive());
        } finally {
            u.close();
            Files.deleteIfExists(path);
            Files.delete(dir);
        }
    }
}
