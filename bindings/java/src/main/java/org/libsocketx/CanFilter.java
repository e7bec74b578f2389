// SPDX-License-Identifier: MIT
package org.libsocketx;

/**
 * A CAN_RAW receive filter ({@link Socket#setCanFilters}): a frame passes when
 * {@code (received & mask) == (id & mask)}; {@link #INV_FILTER} in id inverts the filter.
 * Both are unsigned 32-bit values in Java ints.
 */
public record CanFilter(int id, int mask) {
    /** The id bit that inverts a filter. */
    public static final int INV_FILTER = 0x20000000;
}
