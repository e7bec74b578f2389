/* SPDX-License-Identifier: MIT */
/*
 * A small strict JSON reader for the conformance test: enough of RFC 8259 to read
 * abi/manifest.json (objects, arrays, strings with escapes, numbers, true/false/null).
 * The tree lives until jr_free(); lookups return NULL when a key or kind is missing.
 */
#ifndef SX_TEST_JSON_READER_H
#define SX_TEST_JSON_READER_H

#include <stddef.h>

enum jr_kind { JR_NULL, JR_BOOL, JR_NUMBER, JR_STRING, JR_ARRAY, JR_OBJECT };

struct jr_value {
    enum jr_kind kind;
    double number;          /* JR_NUMBER; JR_BOOL: 0 or 1 */
    char *string;           /* JR_STRING */
    size_t count;           /* JR_ARRAY, JR_OBJECT: number of items */
    struct jr_value *items; /* JR_ARRAY, JR_OBJECT */
    char **keys;            /* JR_OBJECT */
};

/* Parse text; NULL on a syntax error, with a message in err (err_cap bytes). */
struct jr_value *jr_parse(const char *text, char *err, size_t err_cap);
void jr_free(struct jr_value *v);
const struct jr_value *jr_get(const struct jr_value *object, const char *key);
const char *jr_string(const struct jr_value *object, const char *key);

#endif
