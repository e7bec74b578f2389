/* SPDX-License-Identifier: MIT */
#include "json_reader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct jr_parser {
    const char *p;
    char *err;
    size_t err_cap;
    int depth;
};

static int fail(struct jr_parser *ps, const char *what)
{
    if (ps->err[0] == '\0')
        snprintf(ps->err, ps->err_cap, "%s near '%.20s'", what, ps->p);
    return -1;
}

static void skip_space(struct jr_parser *ps)
{
    while (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r')
        ps->p++;
}

static int parse_value(struct jr_parser *ps, struct jr_value *out);

static int append_utf8(char *dst, size_t *len, unsigned cp)
{
    if (cp < 0x80) {
        dst[(*len)++] = (char)cp;
    } else if (cp < 0x800) {
        dst[(*len)++] = (char)(0xC0 | (cp >> 6));
        dst[(*len)++] = (char)(0x80 | (cp & 0x3F));
    } else {
        dst[(*len)++] = (char)(0xE0 | (cp >> 12));
        dst[(*len)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
        dst[(*len)++] = (char)(0x80 | (cp & 0x3F));
    }
    return 0;
}

static int parse_string(struct jr_parser *ps, char **out)
{
    if (*ps->p != '"')
        return fail(ps, "expected a string");
    const char *start = ++ps->p;
    size_t cap = 0;
    while (start[cap] != '"') {
        if (start[cap] == '\0')
            return fail(ps, "unterminated string");
        cap += start[cap] == '\\' ? 2 : 1;
    }
    char *s = malloc(cap * 3 + 1); /* a \uXXXX escape (6 bytes) never grows past 3 */
    if (!s)
        return fail(ps, "out of memory");
    size_t len = 0;
    while (*ps->p != '"') {
        unsigned char c = (unsigned char)*ps->p++;
        if (c < 0x20) {
            free(s);
            return fail(ps, "control character in string");
        }
        if (c != '\\') {
            s[len++] = (char)c;
            continue;
        }
        char e = *ps->p++;
        switch (e) {
        case '"': case '\\': case '/': s[len++] = e; break;
        case 'b': s[len++] = '\b'; break;
        case 'f': s[len++] = '\f'; break;
        case 'n': s[len++] = '\n'; break;
        case 'r': s[len++] = '\r'; break;
        case 't': s[len++] = '\t'; break;
        case 'u': {
            unsigned cp = 0;
            for (int i = 0; i < 4; i++) {
                char h = *ps->p++;
                cp <<= 4;
                if (h >= '0' && h <= '9') cp |= (unsigned)(h - '0');
                else if (h >= 'a' && h <= 'f') cp |= (unsigned)(h - 'a' + 10);
                else if (h >= 'A' && h <= 'F') cp |= (unsigned)(h - 'A' + 10);
                else { free(s); return fail(ps, "bad \\u escape"); }
            }
            append_utf8(s, &len, cp);
            break;
        }
        default:
            free(s);
            return fail(ps, "bad escape");
        }
    }
    ps->p++;
    s[len] = '\0';
    *out = s;
    return 0;
}

static int parse_container(struct jr_parser *ps, struct jr_value *out, int object)
{
    char close = object ? '}' : ']';
    size_t cap = 8;
    out->kind = object ? JR_OBJECT : JR_ARRAY;
    out->items = calloc(cap, sizeof *out->items);
    out->keys = object ? calloc(cap, sizeof *out->keys) : NULL;
    if (!out->items || (object && !out->keys))
        return fail(ps, "out of memory");
    ps->p++;
    skip_space(ps);
    if (*ps->p == close) {
        ps->p++;
        return 0;
    }
    for (;;) {
        if (out->count == cap) {
            cap *= 2;
            struct jr_value *items = realloc(out->items, cap * sizeof *items);
            if (!items)
                return fail(ps, "out of memory");
            out->items = items;
            if (object) {
                char **keys = realloc(out->keys, cap * sizeof *keys);
                if (!keys)
                    return fail(ps, "out of memory");
                out->keys = keys;
            }
        }
        skip_space(ps);
        if (object) {
            if (parse_string(ps, &out->keys[out->count]) < 0)
                return -1;
            skip_space(ps);
            if (*ps->p++ != ':')
                return fail(ps, "expected ':'");
        }
        memset(&out->items[out->count], 0, sizeof out->items[0]);
        out->count++;
        if (parse_value(ps, &out->items[out->count - 1]) < 0)
            return -1;
        skip_space(ps);
        if (*ps->p == ',') {
            ps->p++;
            continue;
        }
        if (*ps->p++ == close)
            return 0;
        return fail(ps, object ? "expected ',' or '}'" : "expected ',' or ']'");
    }
}

static int parse_value(struct jr_parser *ps, struct jr_value *out)
{
    if (++ps->depth > 64)
        return fail(ps, "nesting too deep");
    skip_space(ps);
    int rc = 0;
    if (*ps->p == '{' || *ps->p == '[') {
        rc = parse_container(ps, out, *ps->p == '{');
    } else if (*ps->p == '"') {
        out->kind = JR_STRING;
        rc = parse_string(ps, &out->string);
    } else if (strncmp(ps->p, "true", 4) == 0 || strncmp(ps->p, "false", 5) == 0) {
        out->kind = JR_BOOL;
        out->number = *ps->p == 't';
        ps->p += *ps->p == 't' ? 4 : 5;
    } else if (strncmp(ps->p, "null", 4) == 0) {
        out->kind = JR_NULL;
        ps->p += 4;
    } else if (*ps->p == '-' || (*ps->p >= '0' && *ps->p <= '9')) {
        char *end;
        out->kind = JR_NUMBER;
        out->number = strtod(ps->p, &end);
        ps->p = end;
    } else {
        rc = fail(ps, "unexpected character");
    }
    ps->depth--;
    return rc;
}

struct jr_value *jr_parse(const char *text, char *err, size_t err_cap)
{
    struct jr_parser ps = { text, err, err_cap, 0 };
    err[0] = '\0';
    struct jr_value *v = calloc(1, sizeof *v);
    if (!v) {
        snprintf(err, err_cap, "out of memory");
        return NULL;
    }
    if (parse_value(&ps, v) < 0) {
        jr_free(v);
        return NULL;
    }
    skip_space(&ps);
    if (*ps.p != '\0') {
        fail(&ps, "trailing text");
        jr_free(v);
        return NULL;
    }
    return v;
}

static void free_inner(struct jr_value *v)
{
    for (size_t i = 0; i < v->count; i++) {
        free_inner(&v->items[i]);
        if (v->keys)
            free(v->keys[i]);
    }
    free(v->items);
    free(v->keys);
    free(v->string);
}

void jr_free(struct jr_value *v)
{
    if (v) {
        free_inner(v);
        free(v);
    }
}

const struct jr_value *jr_get(const struct jr_value *object, const char *key)
{
    if (!object || object->kind != JR_OBJECT)
        return NULL;
    for (size_t i = 0; i < object->count; i++)
        if (strcmp(object->keys[i], key) == 0)
            return &object->items[i];
    return NULL;
}

const char *jr_string(const struct jr_value *object, const char *key)
{
    const struct jr_value *v = jr_get(object, key);
    return v && v->kind == JR_STRING ? v->string : NULL;
}
