/* SPDX-License-Identifier: MIT */
/*
 * Internal: reading the "<scheme>:<field>:<field>..." text forms of the families in
 * src/family/, so that every family parses numbers, names and separators the same way
 * and reports where the text stops matching in the same words.
 *
 * Every function returns 0 or SX_EARG / SX_EOUTOFRANGE with a detail naming the family's
 * form, the field and the text, and leaves the cursor where it stopped.
 */
#ifndef SXI_TEXT_SCAN_H
#define SXI_TEXT_SCAN_H

#include <stddef.h>
#include <stdint.h>

struct sxi_scan {
    const char *text; /* the whole text, for details */
    const char *p;    /* the next character to read */
    const char *form; /* the form being read, for details: "netlink:<pid>:<groups>" */
};

/* Start reading text in the given form. */
void sxi_scan_init(struct sxi_scan *sc, const char *text, const char *form);

/* Whether text starts with scheme and a ':' (for a family's owns_text()). */
int sxi_scan_has_scheme(const char *text, const char *scheme);

/* Read the scheme and its ':'. */
int32_t sxi_scan_scheme(struct sxi_scan *sc, const char *scheme);

/* Read the one character c (a separator). */
int32_t sxi_scan_char(struct sxi_scan *sc, char c);

/* Read the character c if it is next; return 1 when it was read, 0 otherwise. */
int sxi_scan_maybe(struct sxi_scan *sc, char c);

/*
 * Read an unsigned number, decimal or 0x-prefixed hex, at most max; field names it in
 * details. A number above max is SX_EOUTOFRANGE; no digits, SX_EARG.
 */
int32_t sxi_scan_uint(struct sxi_scan *sc, uint64_t max, const char *field, uint64_t *out);

/*
 * Copy the characters up to the next one in stops (or the end) into buf, NUL-terminated,
 * at most cap - 1 of them (more is SX_EARG naming field); an empty word is allowed.
 */
int32_t sxi_scan_word(struct sxi_scan *sc, const char *stops, char *buf, size_t cap, const char *field);

/* Require the end of the text. */
int32_t sxi_scan_end(const struct sxi_scan *sc);

/* The value of a hex digit (either case), or -1. */
int sxi_scan_hex_digit(char c);

/*
 * Read the whole of "<scheme>:<first>:<second>", two unsigned 32-bit numbers (decimal or
 * 0x hex): the form of the families whose address is a pair (netlink, vsock, qipcrtr).
 * form and the field names are for details.
 */
int32_t sxi_scan_u32_pair(const char *text, const char *scheme, const char *form, const char *first,
                          const char *second, uint32_t *first_out, uint32_t *second_out);

#endif
