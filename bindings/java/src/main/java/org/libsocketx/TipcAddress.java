// SPDX-License-Identifier: MIT
package org.libsocketx;

import java.io.IOException;
import org.libsocketx.internal.SxNative;

/**
 * An AF_TIPC address: Python's (addr_type, v1, v2, v3[, scope]). By type:
 * {@link #ADDR_NAMESEQ} (type, lower, upper), {@link #ADDR_NAME} (type, instance; v3 reads
 * back as the instance) and {@link #ADDR_ID} (node, ref; v3 reads back as 0). The values are
 * unsigned 32-bit in Java ints; scope is 0..255 ({@link #CLUSTER_SCOPE} is Python's default).
 * Text form "tipc:name:18888:17:17:2".
 */
public final class TipcAddress extends Address {
    private static final long serialVersionUID = 1L;

    /** AF_TIPC on this system (-1 where it has none). */
    public static final int AF_TIPC = afValue("AF_TIPC");
    /** Address type TIPC_ADDR_NAMESEQ of linux/tipc.h. */
    public static final int ADDR_NAMESEQ = 1;
    /** Address type TIPC_ADDR_NAME of linux/tipc.h. */
    public static final int ADDR_NAME = 2;
    /** Address type TIPC_ADDR_ID of linux/tipc.h. */
    public static final int ADDR_ID = 3;
    /** Scope TIPC_ZONE_SCOPE of linux/tipc.h. */
    public static final int ZONE_SCOPE = 1;
    /** Scope TIPC_CLUSTER_SCOPE of linux/tipc.h. */
    public static final int CLUSTER_SCOPE = 2;
    /** Scope TIPC_NODE_SCOPE of linux/tipc.h. */
    public static final int NODE_SCOPE = 3;

    /** This family's entry in the {@link AddressRegistry}. */
    static final AddressRegistry.Family FAMILY = new AddressRegistry.Family(AF_TIPC, TipcAddress::read);

    private final transient int addrType;
    private final transient int v1;
    private final transient int v2;
    private final transient int v3;
    private final transient int scope;

    private TipcAddress(long handle, int addrType, int v1, int v2, int v3, int scope) {
        super(handle);
        this.addrType = addrType;
        this.v1 = v1;
        this.v2 = v2;
        this.v3 = v3;
        this.scope = scope;
    }

    private static TipcAddress read(long h) throws IOException {
        int[] type = new int[1], scope = new int[1];
        long[] v1 = new long[1], v2 = new long[1], v3 = new long[1];
        SxNative.sx_addr_tipc_addr_type(h, type);
        SxNative.sx_addr_tipc_values(h, v1, v2, v3);
        SxNative.sx_addr_tipc_scope(h, scope);
        return new TipcAddress(h, type[0], (int) v1[0], (int) v2[0], (int) v3[0], scope[0]);
    }

    /**
     * Python's tuple; an unknown addrType is an IllegalArgumentException ("Invalid address type").
     *
     * @param addrType ADDR_NAMESEQ, ADDR_NAME or ADDR_ID
     * @param v1 the first value (type, or node)
     * @param v2 the second value (lower or instance, or reference)
     * @param v3 the third value (upper)
     * @param scope ZONE_SCOPE, CLUSTER_SCOPE or NODE_SCOPE
     * @return the address
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static TipcAddress of(int addrType, int v1, int v2, int v3, int scope) throws IOException {
        return wrap(make(out -> SxNative.sx_addr_tipc(addrType, u32(v1), u32(v2), u32(v3), scope, out)),
            TipcAddress::read);
    }

    /**
     * A service range (TIPC_ADDR_NAMESEQ).
     *
     * @param type the service type
     * @param lower the lower bound of the instance range
     * @param upper the upper bound of the instance range
     * @param scope ZONE_SCOPE, CLUSTER_SCOPE or NODE_SCOPE
     * @return the address
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static TipcAddress nameSeq(int type, int lower, int upper, int scope) throws IOException {
        return of(ADDR_NAMESEQ, type, lower, upper, scope);
    }

    /**
     * A service address (TIPC_ADDR_NAME).
     *
     * @param type the service type
     * @param instance the instance
     * @param scope ZONE_SCOPE, CLUSTER_SCOPE or NODE_SCOPE
     * @return the address
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static TipcAddress name(int type, int instance, int scope) throws IOException {
        return of(ADDR_NAME, type, instance, 0, scope);
    }

    /**
     * A socket id (TIPC_ADDR_ID).
     *
     * @param node the node
     * @param ref the port reference
     * @param scope ZONE_SCOPE, CLUSTER_SCOPE or NODE_SCOPE
     * @return the address
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static TipcAddress id(int node, int ref, int scope) throws IOException {
        return of(ADDR_ID, node, ref, 0, scope);
    }

    /**
     * From the text form "tipc:kind:v1:v2:v3:scope".
     *
     * @param text the address in its text form, as toString() writes it
     * @return the address
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static TipcAddress parse(String text) throws IOException {
        return parse(AF_TIPC, text, TipcAddress.class);
    }

    /** {@return ADDR_NAMESEQ, ADDR_NAME or ADDR_ID} */
    public int addrType() { return addrType; }

    /**
     * The first value: the type (ADDR_NAMESEQ, ADDR_NAME) or the node (ADDR_ID).
     *
     * @return the first value
     */
    public int v1() { return v1; }

    /**
     * The second value: lower, instance or reference.
     *
     * @return the second value
     */
    public int v2() { return v2; }

    /**
     * The third value: upper (ADDR_NAMESEQ), else 0.
     *
     * @return the third value
     */
    public int v3() { return v3; }

    /**
     * ZONE_SCOPE, CLUSTER_SCOPE or NODE_SCOPE.
     *
     * @return the scope
     */
    public int scope() { return scope; }
}
