// SPDX-License-Identifier: MIT
package org.libsocketx;

/**
 * Checks on Java strings bound for C. JNI passes a String as modified UTF-8, where U+0000
 * becomes the two bytes C0 80: an embedded NUL would reach C as some other name instead of
 * being refused, so it is refused here (Python raises ValueError for the same input).
 */
final class Strings {
    private Strings() {}

    /** s itself, or IllegalArgumentException when it contains U+0000; null passes (C's NULL). */
    static String noNul(String s, String what) {
        if (s != null && s.indexOf('\0') >= 0) throw new IllegalArgumentException(what + " contains an embedded NUL character");
        return s;
    }

    /** As {@link #noNul}, for arguments C requires (null is a programming error in Java). */
    static String required(String s, String what) {
        if (s == null) throw new NullPointerException(what);
        return noNul(s, what);
    }
}
