/* SPDX-License-Identifier: MIT */
/*
 * socketx/constant_lookup.h - the socket constants at run time, by Python's name and by index.
 *
 * The constants themselves are the SX_<NAME> macros of socketx/constants.h, which the build
 * generates for its target platform (their values are the platform's native ones) and which
 * includes this header. These three functions give the same numbers to FFIs and bindings that
 * have no C headers: sx_constant("SO_REUSEADDR", &v), sx_constant_count() and sx_constant_at().
 * Every value is an int64_t, so unsigned 32-bit values (4294967295) and negative ones
 * (TIPC_WAIT_FOREVER = -1, EAI_NONAME = -2 on glibc) both come back exactly. The names are
 * Python's: sx_constant("EAI_NONAME") is the platform's EAI_NONAME (the macro
 * SX_NATIVE_EAI_NONAME), not the status code SX_EAI_NONAME. A name the platform does not
 * define gives SX_ENOTFOUND, as it is absent from Python's module.
 */
#ifndef SOCKETX_CONSTANT_LOOKUP_H
#define SOCKETX_CONSTANT_LOOKUP_H

#include "socketx/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Look up a socket constant by its Python name, e.g. "SO_REUSEADDR" or "EAI_NONAME".
 * Mirrors: getattr(socket, name) for an int constant.
 * The name is matched exactly (case-sensitive, no "SX_" prefix): "AF_DECnet".
 * @param name the constant's name, UTF-8, NUL-terminated.
 * @param[out] value_out receives the native value.
 * @return 0; SX_EARG (name or value_out NULL); SX_ENOTFOUND (this platform has no
 *         constant of that name).
 * Thread-safety: safe from any thread; no allocation. @since SOCKETX_1.0
 */
SX_API int32_t sx_constant(const char *name, int64_t *value_out);

/**
 * Report how many constants the run-time table holds, for enumeration with sx_constant_at().
 * Mirrors: the upper-case int attributes of the socket module (dir(socket)).
 * @param[out] count_out receives the number of constants.
 * @return 0; SX_EARG (count_out NULL).
 * Thread-safety: safe from any thread; the count never changes. @since SOCKETX_1.0
 */
SX_API int32_t sx_constant_count(uint32_t *count_out);

/**
 * Read the constant at an index of the run-time table; the table is sorted by name
 * (byte order) and each name appears once.
 * Mirrors: iterating dir(socket) over the int constants.
 * @param index 0 .. count-1 (see sx_constant_count()).
 * @param[out] name_out receives the constant's name: a static string, never freed.
 * @param[out] value_out receives the native value.
 * @return 0; SX_EARG (name_out or value_out NULL); SX_EOUTOFRANGE (index >= count).
 * Thread-safety: safe from any thread; no allocation. @since SOCKETX_1.0
 */
SX_API int32_t sx_constant_at(uint32_t index, const char **name_out, int64_t *value_out);

#ifdef __cplusplus
}
#endif

#endif /* SOCKETX_CONSTANT_LOOKUP_H */
