/* SPDX-License-Identifier: MIT */
/*
 * Name <-> value tables: sx_constant() on fuzzed names against a linear scan of the
 * enumeration (sx_constant_count/sx_constant_at), sx_error_code() on fuzzed names against
 * every name sx_error_name() gives, sx_error_name() and sx_strerror() on fuzzed codes, and
 * the per-thread detail message those failures leave.
 * Input: a name up to the first NUL, then a status code (4 bytes).
 */
#include "fuzz.h"

#define CODE_MIN -3000 /* below every range of socketx/errors.h */

/* One pass over the tables, once per process: their own consistency, and the name set. */
static uint32_t constant_count;
static const char *error_names[-CODE_MIN + 1]; /* error_names[-code], NULL when unnamed */

static void check_tables(void)
{
    FZ_EXPECT_RC(sx_constant_count(&constant_count), 0);
    FZ_CHECK(constant_count > 0);
    const char *prev = NULL;
    for (uint32_t i = 0; i < constant_count; i++) {
        const char *name = NULL;
        int64_t v = 0, v2 = 0;
        FZ_EXPECT_RC(sx_constant_at(i, &name, &v), 0);
        FZ_CHECK(name != NULL && name[0] != '\0');
        FZ_CHECK(prev == NULL || strcmp(prev, name) < 0); /* sorted, each name once */
        FZ_EXPECT_RC(sx_constant(name, &v2), 0);
        FZ_CHECK(v2 == v);
        prev = name;
    }
    for (int32_t code = CODE_MIN; code <= 0; code++) {
        const char *name = sx_error_name(code);
        FZ_CHECK(name != NULL && strncmp(name, "SX_", 3) == 0);
        if (strcmp(name, "SX_EUNKNOWN") == 0)
            continue;
        error_names[-code] = name;
        int32_t back = 1;
        FZ_EXPECT_RC(sx_error_code(name, &back), 0);
        FZ_CHECK(back == code);
        FZ_EXPECT_RC(sx_error_code(name + 3, &back), 0);
        FZ_CHECK(back == code);
    }
    FZ_CHECK(error_names[0] && strcmp(error_names[0], "SX_OK") == 0);
}

/* The detail of the last failure on this thread: bounded, NUL-terminated, convention kept. */
static void check_detail(void)
{
    size_t n = 0;
    int32_t rc = sx_last_error_detail(NULL, 0, &n);
    FZ_CHECK(rc == SX_ETRUNC && n < 256);
    char buf[300];
    size_t n2 = 0;
    FZ_EXPECT_RC(sx_last_error_detail(buf, sizeof buf, &n2), 0);
    FZ_CHECK(n2 == n && strlen(buf) == n);
}

static void check_constant(const char *name)
{
    int64_t v = 0x5a5a5a5a;
    int32_t rc = sx_constant(name, &v);
    int64_t want = 0;
    int found = 0;
    for (uint32_t i = 0; i < constant_count && !found; i++) {
        const char *n = NULL;
        FZ_EXPECT_RC(sx_constant_at(i, &n, &want), 0);
        found = strcmp(n, name) == 0;
    }
    if (found) {
        FZ_EXPECT_RC(rc, 0);
        FZ_CHECK(v == want);
    } else {
        FZ_CHECK(rc == SX_ENOTFOUND && v == 0x5a5a5a5a);
        check_detail();
    }
    FZ_EXPECT_RC(sx_constant(name, NULL), SX_EARG);
}

static int32_t known_code(const char *full)
{
    for (int32_t code = CODE_MIN; code <= 0; code++)
        if (error_names[-code] && strcmp(error_names[-code], full) == 0)
            return code;
    if (strcmp(full, "SX_EWOULDBLOCK") == 0)
        return SX_EWOULDBLOCK;
    if (strcmp(full, "SX_EDEADLOCK") == 0)
        return SX_EDEADLOCK;
    return 1;
}

static void check_error_code(const char *name)
{
    /* "SX_" is optional: a name without it means the same name with it. */
    size_t len = strlen(name);
    char *full = malloc(len + 4);
    FZ_CHECK(full != NULL);
    if (strncmp(name, "SX_", 3) == 0)
        memcpy(full, name, len + 1);
    else
        snprintf(full, len + 4, "SX_%s", name);
    int32_t want = known_code(full);
    int32_t code = 1;
    int32_t rc = sx_error_code(name, &code);
    if (want <= 0) {
        FZ_EXPECT_RC(rc, 0);
        FZ_CHECK(code == want);
    } else {
        FZ_CHECK(rc == SX_ENOTFOUND && code == 1);
        check_detail();
    }
    FZ_EXPECT_RC(sx_error_code(name, NULL), SX_EARG);
    free(full);
}

static void check_code(int32_t code)
{
    const char *name = sx_error_name(code);
    FZ_CHECK(name != NULL && sx_error_name(code) == name); /* static: the same string each time */
    const char *known = code >= CODE_MIN && code <= 0 ? error_names[-code] : NULL;
    if (known)
        FZ_CHECK(name == known);
    else
        FZ_CHECK(strcmp(name, "SX_EUNKNOWN") == 0);
    const char *text = sx_strerror(code);
    FZ_CHECK(text != NULL && text[0] != '\0' && strlen(text) < 1024);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (constant_count == 0)
        check_tables();
    struct fz_input in = {data, size};
    char *name = fz_string(&in);
    int32_t code = (int32_t)fz_u32(&in);
    check_constant(name);
    check_error_code(name);
    check_code(code);
    /* The same code in the ranges the tables use, where most fuzzed 32-bit values never land. */
    check_code(-(int32_t)((uint32_t)code % 3001u));
    FZ_EXPECT_RC(sx_constant_count(NULL), SX_EARG);
    const char *n = NULL;
    int64_t v = 0;
    FZ_EXPECT_RC(sx_constant_at((uint32_t)code, &n, &v), (uint32_t)code < constant_count ? 0 : SX_EOUTOFRANGE);
    free(name);
    return 0;
}
