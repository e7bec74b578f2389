// SPDX-License-Identifier: MIT
package org.libsocketx;

/**
 * Implemented by every exception the binding throws for a failing libsocketx call: the
 * status code (a negative SX_E* value) tells exactly what happened, whatever JDK exception
 * class was chosen to carry it.
 */
public interface SocketXStatus {
    /**
     * The libsocketx status code.
     *
     * @return a negative SX_E* value, e.g. SX_ECONNREFUSED = -111
     */
    int status();

    /**
     * The status code's macro name.
     *
     * @return e.g. "SX_ECONNREFUSED"
     */
    default String errorName() {
        return SocketX.errorName(status());
    }

    /**
     * The library's per-call detail message.
     *
     * @return the message, or "" when it gave none
     */
    String detail();
}
