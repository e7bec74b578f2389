// SPDX-License-Identifier: MIT
package org.libsocketx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's credentials as AF_UNIX sockets carry them (struct ucred): what
 * {@link Socket#peerCredentials()} returns (SO_PEERCRED), what an SCM_CREDENTIALS item holds
 * ({@link Message#credentials(int)}) and what {@link Message#addCredentials(Credentials)}
 * sends. User and group ids are unsigned 32-bit numbers, held in longs.
 */
public record Credentials(int pid, long uid, long gid) {
    /**
     * This process's own credentials (process id, effective user and group id): the only ones
     * an unprivileged sender may put in an SCM_CREDENTIALS item.
     *
     * @return this process's credentials
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static Credentials self() throws IOException {
        // /proc/self belongs to the process's effective user and group.
        Path proc = Path.of("/proc/self");
        Object uid = Files.getAttribute(proc, "unix:uid");
        Object gid = Files.getAttribute(proc, "unix:gid");
        return new Credentials((int) ProcessHandle.current().pid(),
            Integer.toUnsignedLong((Integer) uid), Integer.toUnsignedLong((Integer) gid));
    }
}
