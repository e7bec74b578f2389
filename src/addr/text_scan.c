/* SPDX-License-Identifier: MIT */
/* Reading the families' text forms (text_scan.h). */
#include "text_scan.h"

#include <stdio.h>
#include <string.h>

#include "detail.h"
#include "socketx/errors.h"

void sxi_scan_init(struct sxi_scan *sc, const char *text, const char *form)
{
    sc->text = text;
    sc->p = text;
    sc->form = form;
}

static int32_t stop(const struct sxi_scan *sc, const char *what)
{
    return sxi_fail(SX_EARG, "'%.80s' is not in the form %s: %s at offset %td", sc->text, sc->form, what,
                    sc->p - sc->text);
}

int sxi_scan_has_scheme(const char *text, const char *scheme)
{
    size_t n = strlen(scheme);
    return strncmp(text, scheme, n) == 0 && text[n] == ':';
}

int32_t sxi_scan_scheme(struct sxi_scan *sc, const char *scheme)
{
    if (!sxi_scan_has_scheme(sc->p, scheme))
        return stop(sc, "the scheme is missing");
    sc->p += strlen(scheme) + 1;
    return 0;
}

int32_t sxi_scan_char(struct sxi_scan *sc, char c)
{
    if (*sc->p != c) {
        char what[32];
        snprintf(what, sizeof what, "'%c' expected", c);
        return stop(sc, what);
    }
    sc->p++;
    return 0;
}

int sxi_scan_maybe(struct sxi_scan *sc, char c)
{
    if (*sc->p != c)
        return 0;
    sc->p++;
    return 1;
}

static int digit_value(char c, unsigned base)
{
    unsigned v;
    if (c >= '0' && c <= '9')
        v = (unsigned)(c - '0');
    else if (c >= 'a' && c <= 'f')
        v = (unsigned)(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F')
        v = (unsigned)(c - 'A' + 10);
    else
        return -1;
    return v < base ? (int)v : -1;
}

int32_t sxi_scan_uint(struct sxi_scan *sc, uint64_t max, const char *field, uint64_t *out)
{
    unsigned base = 10;
    const char *start = sc->p;
    if (sc->p[0] == '0' && (sc->p[1] == 'x' || sc->p[1] == 'X')) {
        base = 16;
        sc->p += 2;
    }
    uint64_t v = 0;
    int digits = 0, over = 0;
    for (int d; (d = digit_value(*sc->p, base)) >= 0; sc->p++, digits++) {
        /* Keep reading past an overflow, so the detail can quote the whole number. */
        if (v > (UINT64_MAX - (unsigned)d) / base)
            over = 1;
        else
            v = v * base + (unsigned)d;
    }
    if (!digits) {
        char what[64];
        snprintf(what, sizeof what, "%s is not a number", field);
        sc->p = start;
        return stop(sc, what);
    }
    if (over || v > max)
        return sxi_fail(SX_EOUTOFRANGE, "'%.80s': %s %.*s is out of range 0..%llu", sc->text, field,
                        (int)(sc->p - start), start, (unsigned long long)max);
    *out = v;
    return 0;
}

int32_t sxi_scan_word(struct sxi_scan *sc, const char *stops, char *buf, size_t cap, const char *field)
{
    size_t n = strcspn(sc->p, stops);
    if (n >= cap) {
        char what[64];
        snprintf(what, sizeof what, "%s longer than %zu bytes", field, cap - 1);
        return stop(sc, what);
    }
    memcpy(buf, sc->p, n);
    buf[n] = '\0';
    sc->p += n;
    return 0;
}

int32_t sxi_scan_end(const struct sxi_scan *sc)
{
    return *sc->p ? stop(sc, "unexpected text at the end") : 0;
}

int sxi_scan_hex_digit(char c)
{
    return digit_value(c, 16);
}

int32_t sxi_scan_u32_pair(const char *text, const char *scheme, const char *form, const char *first,
                          const char *second, uint32_t *first_out, uint32_t *second_out)
{
    struct sxi_scan sc;
    sxi_scan_init(&sc, text, form);
    uint64_t a = 0, b = 0;
    int32_t rc = sxi_scan_scheme(&sc, scheme);
    if (!rc)
        rc = sxi_scan_uint(&sc, UINT32_MAX, first, &a);
    if (!rc)
        rc = sxi_scan_char(&sc, ':');
    if (!rc)
        rc = sxi_scan_uint(&sc, UINT32_MAX, second, &b);
    if (!rc)
        rc = sxi_scan_end(&sc);
    if (!rc) {
        *first_out = (uint32_t)a;
        *second_out = (uint32_t)b;
    }
    return rc;
}
