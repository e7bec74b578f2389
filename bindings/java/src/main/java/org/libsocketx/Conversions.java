// SPDX-License-Identifier: MIT
package org.libsocketx;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.libsocketx.internal.SxNative;

/**
 * Byte-order and address-text conversions, and ancillary-data sizes: Python's socket.htons,
 * ntohs, htonl, ntohl, inet_aton, inet_ntoa, inet_pton, inet_ntop, CMSG_LEN and CMSG_SPACE.
 *
 * <p>Values out of range (a negative or over-wide integer, packed bytes of the wrong length,
 * text that is no address) are {@link SocketXErrors.ArgumentError}s, unchecked
 * IllegalArgumentExceptions carrying SX_EARG or SX_EOUTOFRANGE, as for java.net's own bad
 * arguments. A family other than AF_INET/AF_INET6 for inetPton is a SocketException
 * (SX_EAFNOSUPPORT), as Python raises OSError there. None of these block.
 */
public final class Conversions {
    private Conversions() {}

    /**
     * Widened arguments (long): the library, not a Java cast, decides what is out of range.
     *
     * @param x the value
     * @return x in network byte order
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static int htons(long x) throws IOException {
        long[] out = Buffers.get().count;
        SxNative.sx_htons(x, out);
        return (int) out[0];
    }

    /**
     * ntohs(x): a 16-bit value (0..65535) from network to host byte order.
     *
     * @param x the value
     * @return x in host byte order
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static int ntohs(long x) throws IOException {
        long[] out = Buffers.get().count;
        SxNative.sx_ntohs(x, out);
        return (int) out[0];
    }

    /**
     * 0..4294967295 in and out, so the result is a long (Java has no unsigned int).
     *
     * @param x the value
     * @return x in network byte order
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static long htonl(long x) throws IOException {
        long[] out = Buffers.get().count;
        SxNative.sx_htonl(x, out);
        return out[0];
    }

    /**
     * ntohl(x): a 32-bit value (0..4294967295) from network to host byte order.
     *
     * @param x the value
     * @return x in host byte order
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static long ntohl(long x) throws IOException {
        long[] out = Buffers.get().count;
        SxNative.sx_ntohl(x, out);
        return out[0];
    }

    /**
     * The 4 bytes (network order) of an IPv4 address in any legacy form ("127.1", "0x7f.1").
     *
     * @param ip the address in its text form
     * @return the 4 bytes
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static byte[] inetAton(String ip) throws IOException {
        byte[][] out = new byte[1][];
        SxNative.sx_inet_aton(Strings.required(ip, "ip"), out);
        return out[0];
    }

    /**
     * Dotted-quad text of 4 packed bytes.
     *
     * @param packed the address in binary form, network byte order
     * @return the dotted-quad text
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static String inetNtoa(byte[] packed) throws IOException {
        String[] out = new String[1];
        SxNative.sx_inet_ntoa(direct(packed), out);
        return out[0];
    }

    /**
     * The packed bytes (4 or 16) of a strict IPv4 or IPv6 text.
     *
     * @param family AF_INET or AF_INET6
     * @param ip the address in its text form
     * @return the packed bytes
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static byte[] inetPton(int family, String ip) throws IOException {
        byte[][] out = new byte[1][];
        SxNative.sx_inet_pton(family, Strings.required(ip, "ip"), out);
        return out[0];
    }

    /**
     * Text of packed IPv4 (4 bytes) or IPv6 (16 bytes, RFC 5952 form).
     *
     * @param family AF_INET or AF_INET6
     * @param packed the address in binary form, network byte order
     * @return the text form
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static String inetNtop(int family, byte[] packed) throws IOException {
        String[] out = new String[1];
        SxNative.sx_inet_ntop(family, direct(packed), out);
        return out[0];
    }

    /**
     * CMSG_LEN(length): the cmsg_len of an item carrying length data bytes.
     *
     * @param length the data length in bytes
     * @return CMSG_LEN(length)
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static long cmsgLen(long length) throws IOException {
        long[] out = Buffers.get().count;
        SxNative.sx_cmsg_len(length, out);
        return out[0];
    }

    /**
     * CMSG_SPACE(length): the buffer space of such an item, padding included.
     *
     * @param length the data length in bytes
     * @return CMSG_SPACE(length)
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static long cmsgSpace(long length) throws IOException {
        long[] out = Buffers.get().count;
        SxNative.sx_cmsg_space(length, out);
        return out[0];
    }

    /** The raw layer reads direct buffers only; these inputs are a few bytes, so the per-thread copy costs nothing. */
    private static ByteBuffer direct(byte[] packed) {
        if (packed == null) throw new NullPointerException("packed");
        return Buffers.get().copyIn(packed, 0, packed.length);
    }
}
