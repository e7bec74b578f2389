// SPDX-License-Identifier: MIT
package org.libsocketx;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

final class TestUtil {
    private TestUtil() {}

    /** Open descriptors of this process. */
    static int openFds() {
        String[] names = new File("/proc/self/fd").list();
        return names == null ? -1 : names.length;
    }

    /**
     * The sockets this process has open, by kernel identity ("socket:[inode]"). Unlike a
     * count, comparing two of these sets is not upset by the Cleaner closing a socket that an
     * earlier test forgot, in between.
     */
    static Set<String> openSockets() {
        Set<String> out = new HashSet<>();
        String[] names = new File("/proc/self/fd").list();
        if (names == null) return out;
        for (String n : names) {
            try {
                String target = Files.readSymbolicLink(Path.of("/proc/self/fd", n)).toString();
                if (target.startsWith("socket:")) out.add(target);
            } catch (IOException e) {
                // closed since the listing (the directory's own fd, or another thread's)
            }
        }
        return out;
    }

    /**
     * How many of this process's descriptors refer to the file at path. Unlike a count of
     * every descriptor, it is not upset by the JVM opening a jar or a class file meanwhile.
     */
    static int descriptorsTo(Path path) throws IOException {
        Path real = path.toRealPath();
        String[] names = new File("/proc/self/fd").list();
        int n = 0;
        if (names == null) return -1;
        for (String name : names) {
            try {
                if (Files.readSymbolicLink(Path.of("/proc/self/fd", name)).equals(real)) n++;
            } catch (IOException e) {
                // closed since the listing (the directory's own fd, or another thread's)
            }
        }
        return n;
    }

    /** The kernel identity of a descriptor ("socket:[inode]"). */
    static String identity(int fd) throws IOException {
        return Files.readSymbolicLink(Path.of("/proc/self/fd", Integer.toString(fd))).toString();
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
