// SPDX-License-Identifier: MIT
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.libsocketx.Address;
import org.libsocketx.Socket;
import org.libsocketx.SocketX;

/**
 * Sends a line to an echo server and prints the reply.
 *
 *   java -cp libsocketx.jar:. -Djava.library.path=/usr/local/lib/jni EchoClient 127.0.0.1 7000 hello
 *   java ... EchoClient /tmp/echo.sock hello
 */
public final class EchoClient {
    public static void main(String[] args) throws IOException {
        boolean unix = args.length == 2;
        Address server = unix ? Address.unix(args[0]) : Address.inet(args[0], Integer.parseInt(args[1]));
        String message = args[args.length - 1];
        System.out.println("received: " + exchange(server, message));
    }

    public static String exchange(Address server, String message) throws IOException {
        byte[] out = message.getBytes(StandardCharsets.UTF_8);
        try (Socket s = Socket.open(server.family(), SocketX.SOCK_STREAM)) {
            s.setTimeout(Duration.ofSeconds(5)); // connect, send and receive each wait at most 5 s
            s.connect(server);
            s.sendAll(out);
            s.shutdownOutput(); // tell the server we are done
            byte[] in = new byte[out.length];
            int n = 0;
            while (n < in.length) {
                int r = s.recv(in, n, in.length - n, 0);
                if (r == 0) break;
                n += r;
            }
            return new String(in, 0, n, StandardCharsets.UTF_8);
        } catch (ConnectException e) {
            throw new IOException("no server at " + server + " (" + e.getMessage() + ")", e);
        } catch (SocketTimeoutException e) {
            throw new IOException("server " + server + " did not answer in time", e);
        }
    }
}
