package org.libsocketx;

import java.io.File;
import java.io.IOException;

final class TestUtil {
    private TestUtil() {}

    /** Open descriptors of this process. */
    static int openFds() {
        String[] names = new File("/proc/self/fd").list();
        return names == null ? -1 : names.length;
    }

    /** A listening TCP socket on 127.0.0.1, ephemeral port. */
    static Socket tcpListener() throws IOException {
        Socket l = Socket.open(SocketX.AF_INET, SocketX.SOCK_STREAM);
        l.setSockOpt(SocketX.SOL_SOCKET, SocketX.SO_REUSEADDR, true);
        l.bind(Address.inet("127.0.0.1", 0));
        l.listen();
        return l;
    }

    /** A port on 127.0.0.1 where nothing listens (bound, then released). */
    static int closedPort() throws IOException {
        try (Socket s = Socket.open(SocketX.AF_INET, SocketX.SOCK_STREAM)) {
            s.bind(Address.inet("127.0.0.1", 0));
            return s.localAddress().port();
        }
    }
}
