// SPDX-License-Identifier: MIT
package org.libsocketx;

import java.io.IOException;
import org.libsocketx.internal.SxNative;

/**
 * An AF_ALG address (the Linux kernel crypto API): Python's (type, name[, feat[, mask]]):
 * type "hash", "skcipher", "aead", "rng"... (1..13 bytes), name the algorithm ("sha256",
 * "cbc(aes)", 1..63 bytes), feat and mask the kernel's 32-bit fields. Text form
 * "alg:hash:sha256:0:0". Use: bind a SOCK_SEQPACKET AF_ALG socket, set the key
 * (setSockOpt(SOL_ALG, ALG_SET_KEY, key)), accept an operation socket, then send/recv or
 * {@link Socket#sendMessageAfAlg}.
 */
public final class AlgAddress extends Address {
    private static final long serialVersionUID = 1L;

    /** AF_ALG on this system (-1 where it has none). */
    public static final int AF_ALG = afValue("AF_ALG");
    /** The option level and options of AF_ALG sockets. */
    public static final int SOL_ALG = 279, ALG_SET_KEY = 1, ALG_SET_IV = 2, ALG_SET_OP = 3,
        ALG_SET_AEAD_ASSOCLEN = 4, ALG_SET_AEAD_AUTHSIZE = 5;
    /** Operations for {@link Socket#sendMessageAfAlg}. */
    public static final int ALG_OP_DECRYPT = 0, ALG_OP_ENCRYPT = 1;

    /** This family's entry in the {@link AddressRegistry}. */
    static final AddressRegistry.Family FAMILY = new AddressRegistry.Family(AF_ALG, AlgAddress::read);

    private final transient String type;
    private final transient String name;
    private final transient int feat;
    private final transient int mask;

    private AlgAddress(long handle, String type, String name, int feat, int mask) {
        super(handle);
        this.type = type;
        this.name = name;
        this.feat = feat;
        this.mask = mask;
    }

    private static AlgAddress read(long h) throws IOException {
        String[] type = new String[1], name = new String[1];
        long[] feat = new long[1], mask = new long[1];
        SxNative.sx_addr_alg_type(h, type);
        SxNative.sx_addr_alg_name(h, name);
        SxNative.sx_addr_alg_feat_mask(h, feat, mask);
        return new AlgAddress(h, type[0], name[0], (int) feat[0], (int) mask[0]);
    }

    /**
     * (type, name) with feat and mask 0.
     *
     * @param type the algorithm type, e.g. "hash"
     * @param name the algorithm name, e.g. "sha256"
     * @return the address
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static AlgAddress of(String type, String name) throws IOException {
        return of(type, name, 0, 0);
    }

    /**
     * A type or name too long is an IllegalArgumentException ("AF_ALG type too long.").
     *
     * @param type the algorithm type, e.g. "hash"
     * @param name the algorithm name, e.g. "sha256"
     * @param feat the feature bits
     * @param mask the feature mask
     * @return the address
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static AlgAddress of(String type, String name, int feat, int mask) throws IOException {
        return wrap(make(out -> SxNative.sx_addr_alg(type, name, u32(feat), u32(mask), out)), AlgAddress::read);
    }

    /**
     * From the text form "alg:type:name:feat:mask".
     *
     * @param text the address in its text form, as toString() writes it
     * @return the address
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static AlgAddress parse(String text) throws IOException {
        return parse(AF_ALG, text, AlgAddress.class);
    }

    /** {@return the algorithm type ("hash"...)} */
    public String type() { return type; }

    /** {@return the algorithm name ("sha256"...)} */
    public String name() { return name; }

    /**
     * The feature bits (salg_feat).
     *
     * @return the feature bits
     */
    public int feat() { return feat; }

    /**
     * The feature mask (salg_mask).
     *
     * @return the feature mask
     */
    public int mask() { return mask; }
}
