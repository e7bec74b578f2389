// SPDX-License-Identifier: MIT
package org.libsocketx;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;

/**
 * A multicast group membership joined with {@link Socket#joinGroup}: the shape of
 * {@link java.nio.channels.MembershipKey} (group, interface, source, {@link #drop()}),
 * without its block/unblock. An interface index 0 means the kernel chose by its routes.
 */
public final class Membership {
    private final Socket socket;
    private final InetAddress group;
    private final int interfaceIndex;
    private final InetAddress source;
    private volatile boolean valid = true;

    Membership(Socket socket, InetAddress group, int interfaceIndex, InetAddress source) {
        this.socket = socket;
        this.group = group;
        this.interfaceIndex = interfaceIndex;
        this.source = source;
    }

    /**
     * The multicast group joined.
     *
     * @return the group address
     */
    public InetAddress group() { return group; }

    /** {@return the interface index given at join (0: the kernel's choice)} */
    public int interfaceIndex() { return interfaceIndex; }

    /**
     * The interface, or null when the index is 0 or names none now.
     *
     * @return the interface, or null
     * @throws SocketException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public NetworkInterface networkInterface() throws SocketException {
        return interfaceIndex == 0 ? null : NetworkInterface.getByIndex(interfaceIndex);
    }

    /** {@return the source of a source-specific membership, else null} */
    public InetAddress sourceAddress() { return source; }

    /** {@return the socket the membership belongs to} */
    public Socket socket() { return socket; }

    /** {@return whether the membership still holds: until {@link #drop()} or the socket's close} */
    public boolean isValid() { return valid && !socket.isClosed(); }

    /**
     * Leaves the group; harmless when already dropped.
     *
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public void drop() throws IOException {
        if (!valid) return;
        socket.leaveGroup(group, interfaceIndex, source);
        valid = false;
    }

    @Override public String toString() {
        return "Membership[" + group.getHostAddress() + (source == null ? "" : " from " + source.getHostAddress())
            + " on " + interfaceIndex + (isValid() ? "" : ", dropped") + "]";
    }
}
