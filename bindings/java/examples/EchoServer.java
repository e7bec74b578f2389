// SPDX-License-Identifier: MIT
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.libsocketx.Address;
import org.libsocketx.Socket;
import org.libsocketx.SocketX;

/**
 * An echo server on TCP (host port) or AF_UNIX (a path): one thread per client, each
 * connection closed after 30 s without data.
 *
 *   java -cp libsocketx.jar:. -Djava.library.path=/usr/local/lib/jni EchoServer 127.0.0.1 7000
 *   java ... EchoServer /tmp/echo.sock
 */
public final class EchoServer {
    public static void main(String[] args) throws IOException {
        boolean unix = args.length == 1;
        try (Socket listener = Socket.open(unix ? SocketX.AF_UNIX : SocketX.AF_INET, SocketX.SOCK_STREAM)) {
            Address where = unix ? Address.unix(args[0]) : Address.inet(args[0], Integer.parseInt(args[1]));
            if (!unix) listener.setSockOpt(SocketX.SOL_SOCKET, SocketX.SO_REUSEADDR, true);
            listener.bind(where);
            listener.listen();
            System.out.println("listening on " + listener.localAddress());
            serve(listener);
        }
    }

    /** Accepts until the listener is closed (then accept throws "Socket closed"). */
    public static void serve(Socket listener) throws IOException {
        for (;;) {
            Socket.Accepted a = listener.accept();
            Thread t = new Thread(() -> echo(a.socket(), a.address()));
            t.setDaemon(true);
            t.start();
        }
    }

    private static void echo(Socket conn, Address peer) {
        try (conn) {
            conn.setTimeout(Duration.ofSeconds(30));
            ByteBuffer buf = ByteBuffer.allocateDirect(64 * 1024); // direct: no copy
            for (;;) {
                buf.clear();
                if (conn.recv(buf) == 0) break; // the client closed its side
                buf.flip();
                conn.sendAll(buf);
            }
        } catch (IOException e) {
            System.err.println((peer == null ? "client" : peer) + ": " + e.getMessage());
        }
    }
}
