/* SPDX-License-Identifier: MIT */
/* Socket constants at run time: by Python's name and by index (socketx/constants.h). */
#include <stddef.h>
#include <string.h>

#include "detail.h"
#include "socketx/constants.h"
#include "socketx/errors.h"

/*
 * Compile-time pins: constants_pins.inc includes the system headers the generator read
 * and, for every SX_ constant the system defines, expands SXI_PIN(SX_X, X). A header
 * generated for other headers or flags than this compilation's (a stale build directory, a
 * probe given the wrong compiler) stops the build here, naming the constant, instead of
 * shipping a wrong number.
 */
#define SXI_PIN(sx, sys)                                                                            \
    _Static_assert((long long)(sx) == (long long)(sys),                                             \
                   #sx " differs from the system's " #sys ": regenerate it (cmake/SocketxConstants.cmake)")
#include "constants_pins.inc"
#undef SXI_PIN

struct constant_row {
    const char *name;
    int64_t value;
};

/* Sorted by name in strcmp order (the generator sorts; the tests check it). */
#define SXI_CONSTANT(name, value) {name, (int64_t)(value)},
static const struct constant_row constant_rows[] = {
#include "constants_table.inc"
};
#undef SXI_CONSTANT

#define CONSTANT_COUNT (sizeof constant_rows / sizeof constant_rows[0])
_Static_assert(CONSTANT_COUNT > 0 && CONSTANT_COUNT < UINT32_MAX, "constant table size");

int32_t sx_constant(const char *name, int64_t *value_out)
{
    if (!name || !value_out)
        return sxi_fail(SX_EARG, "sx_constant: %s is NULL", name ? "value_out" : "name");
    size_t lo = 0, hi = CONSTANT_COUNT;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int cmp = strcmp(name, constant_rows[mid].name);
        if (cmp == 0) {
            *value_out = constant_rows[mid].value;
            return 0;
        }
        if (cmp < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return sxi_fail(SX_ENOTFOUND, "no socket constant is named '%.64s'%s on this platform", name,
                    strlen(name) > 64 ? "..." : "");
}

int32_t sx_constant_count(uint32_t *count_out)
{
    if (!count_out)
        return sxi_fail(SX_EARG, "sx_constant_count: count_out is NULL");
    *count_out = (uint32_t)CONSTANT_COUNT;
    return 0;
}

int32_t sx_constant_at(uint32_t index, const char **name_out, int64_t *value_out)
{
    if (!name_out || !value_out)
        return sxi_fail(SX_EARG, "sx_constant_at: %s is NULL", name_out ? "value_out" : "name_out");
    if (index >= CONSTANT_COUNT)
        return sxi_fail(SX_EOUTOFRANGE, "sx_constant_at: index %u is past the last constant (count %u)",
                        (unsigned)index, (unsigned)CONSTANT_COUNT);
    *name_out = constant_rows[index].name;
    *value_out = constant_rows[index].value;
    return 0;
}
