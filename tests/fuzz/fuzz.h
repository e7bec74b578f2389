/* SPDX-License-Identifier: MIT */
/*
 * Shared by the libFuzzer harnesses: failing loudly on a broken invariant, and reading
 * the fuzzer's bytes as the arguments of a call.
 *
 * A harness checks what the API promises, not only that the call returns: FZ_CHECK prints
 * the failed condition and aborts, which libFuzzer reports as a crash with its reproducer.
 */
#ifndef FZ_FUZZ_H
#define FZ_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <socketx.h>

#define FZ_CHECK(cond)                                                                              \
    do {                                                                                            \
        if (!(cond)) {                                                                              \
            fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond);            \
            abort();                                                                                \
        }                                                                                           \
    } while (0)

/* A call expected to return exactly want; on a mismatch both codes are named. */
#define FZ_EXPECT_RC(call, want)                                                                    \
    do {                                                                                            \
        int32_t fz_rc_ = (call);                                                                    \
        int32_t fz_want_ = (want);                                                                  \
        if (fz_rc_ != fz_want_) {                                                                   \
            fprintf(stderr, "%s:%d: %s returned %s (%d), expected %s (%d)\n", __FILE__, __LINE__,   \
                    #call, sx_error_name(fz_rc_), (int)fz_rc_, sx_error_name(fz_want_), (int)fz_want_); \
            abort();                                                                                \
        }                                                                                           \
    } while (0)

/* The fuzzer's input, consumed front to back; reads past its end give zeros. */
struct fz_input {
    const uint8_t *data;
    size_t size;
};

static inline uint32_t fz_u32(struct fz_input *in)
{
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) {
        uint8_t b = 0;
        if (in->size) {
            b = *in->data++;
            in->size--;
        }
        v = v << 8 | b;
    }
    return v;
}

static inline uint8_t fz_u8(struct fz_input *in)
{
    if (!in->size)
        return 0;
    in->size--;
    return *in->data++;
}

/*
 * A heap copy of the bytes up to the first NUL (or all of them), NUL-terminated: the library
 * reads C strings, and a copy of exactly that size lets ASan see any read past the terminator.
 * The NUL itself is consumed. Free with free().
 */
static inline char *fz_string(struct fz_input *in)
{
    const uint8_t *nul = in->size ? memchr(in->data, 0, in->size) : NULL;
    size_t n = nul ? (size_t)(nul - in->data) : in->size;
    char *s = malloc(n + 1);
    if (!s)
        abort();
    if (n)
        memcpy(s, in->data, n);
    s[n] = '\0';
    in->data += nul ? n + 1 : n;
    in->size -= nul ? n + 1 : n;
    return s;
}

#endif
