// SPDX-License-Identifier: MIT
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.libsocketx.Address;
import org.libsocketx.Message;
import org.libsocketx.Socket;
import org.libsocketx.SocketX;

/**
 * Asks a server on an AF_UNIX socket for an open file and prints the file's contents: it
 * sends the line "FILE", receives a reply of one or more bytes carrying one descriptor
 * (SCM_RIGHTS), and reads the file from that descriptor to its end.
 *
 *   java -cp libsocketx.jar:. -Djava.library.path=/usr/local/lib/jni FileClient /tmp/echo.sock
 */
public final class FileClient {
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: FileClient AF_UNIX_PATH");
            System.exit(2);
        }
        System.out.print(fetch(Address.unix(args[0])));
        System.out.flush();
    }

    public static String fetch(Address server) throws IOException {
        FileDescriptor file;
        try (Socket s = Socket.open(SocketX.AF_UNIX, SocketX.SOCK_STREAM)) {
            s.setTimeout(Duration.ofSeconds(5)); // each call waits at most 5 s
            s.connect(server);
            s.sendAll("FILE\n".getBytes(StandardCharsets.US_ASCII));
            ByteBuffer reply = ByteBuffer.allocate(64);
            // The message owns what it received until taken; closing it closes the rest.
            try (Message m = s.receiveFileDescriptors(reply, 1, 0)) {
                if (reply.position() == 0) throw new IOException("the server closed without answering");
                List<FileDescriptor> fds = m.takeFileDescriptors();
                if (fds.isEmpty()) throw new IOException("the reply carried no descriptor");
                file = fds.get(0);
            }
        }
        try (FileInputStream in = new FileInputStream(file)) { // closes the descriptor
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
