/* SPDX-License-Identifier: MIT */
/*
 * AF_UNIX addresses: paths, Linux abstract names and the unnamed address, built and read
 * back with the lengths CPython uses (getsockaddrarg and makesockaddr), since on Linux the
 * sockaddr length, not a terminator, is what tells an abstract name's end.
 *
 * Names are read through a byte pointer into the whole sockaddr_storage, not through
 * sun_path, because an address from raw bytes may run past sun_path's 108 bytes.
 */
#include "addr.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "addr_family.h"
#include "detail.h"
#include "family.h"
#include "handle.h"
#include "socketx/errors.h"
#include "strout.h"
#include "text_scan.h"

#define NAME_OFFSET offsetof(struct sockaddr_un, sun_path)
#define SUN_PATH_SIZE sizeof(((struct sockaddr_un *)0)->sun_path)

int32_t sx_addr_unix_bytes(const void *name, size_t len, sx_addr *out)
{
    if (!out)
        return sxi_fail(SX_EARG, "sx_addr_unix_bytes: out is NULL");
    *out = 0;
    if (!name && len)
        return sxi_fail(SX_EARG, "sx_addr_unix_bytes: name is NULL but len is %zu", len);
    struct sockaddr_un sun;
    memset(&sun, 0, sizeof sun);
    sun.sun_family = AF_UNIX;
    /* Unnamed: no name bytes at all, which bind() turns into an autobind. */
    if (len == 0)
        return sxi_addr_new(&sun, NAME_OFFSET, out);
    if (*(const unsigned char *)name == 0) {
        /* Abstract: the length is the name's only end, so no terminator is counted. */
        if (len > SUN_PATH_SIZE)
            return sxi_fail(SX_EARG, "AF_UNIX path too long: %zu bytes, limit %zu for an abstract name", len,
                            SUN_PATH_SIZE);
        memcpy(sun.sun_path, name, len);
        return sxi_addr_new(&sun, (socklen_t)(NAME_OFFSET + len), out);
    }
    /* A path keeps room for its terminator and counts it, as CPython does. */
    if (len >= SUN_PATH_SIZE)
        return sxi_fail(SX_EARG, "AF_UNIX path too long: %zu bytes, limit %zu", len, SUN_PATH_SIZE - 1);
    memcpy(sun.sun_path, name, len);
    return sxi_addr_new(&sun, (socklen_t)(NAME_OFFSET + len + 1), out);
}

int32_t sx_addr_unix(const char *path, sx_addr *out)
{
    if (!out)
        return sxi_fail(SX_EARG, "sx_addr_unix: out is NULL");
    *out = 0;
    if (!path)
        return sxi_fail(SX_EARG, "sx_addr_unix: path is NULL");
    return sx_addr_unix_bytes(path, strlen(path), out);
}

/*
 * The name bytes of an AF_UNIX address, as Python's makesockaddr reads them: an abstract
 * name (first byte NUL) is all the bytes the length covers, a path stops at its first NUL.
 */
static const unsigned char *unix_name(const struct sxi_addr *a, size_t *len_out)
{
    const unsigned char *name = (const unsigned char *)&a->u + NAME_OFFSET;
    size_t avail = a->len > NAME_OFFSET ? a->len - NAME_OFFSET : 0;
    if (avail == 0 || name[0] == 0)
        *len_out = avail;
    else
        *len_out = strnlen((const char *)name, avail);
    return name;
}

int32_t sx_addr_unix_path(sx_addr h, void *buf, size_t cap, size_t *len_out)
{
    const struct sxi_addr *a;
    int32_t rc = sxi_addr_acquire_out(h, len_out, "sx_addr_unix_path: len_out", &a);
    if (rc)
        return rc;
    if (a->u.sa.sa_family != AF_UNIX) {
        unsigned family = a->u.sa.sa_family;
        sxi_handle_release(h);
        return sxi_fail(SX_EARG, "sx_addr_unix_path: the address (family %u) is not AF_UNIX", family);
    }
    size_t n;
    const unsigned char *name = unix_name(a, &n);
    rc = sxi_copy_out(name, n, 0, buf, cap, len_out);
    sxi_handle_release(h);
    return rc;
}

static size_t unix_text(const struct sxi_addr *a, char *text)
{
    size_t n;
    const unsigned char *name = unix_name(a, &n);
    if (n == 0 || name[0] != 0) {
        memcpy(text, name, n);
        text[n] = '\0';
        return n;
    }
    /*
     * "@name": the usual notation (ss, lsof). Bytes outside printable ASCII are \xHH, and so
     * is the backslash itself, so that the text maps back to exactly one name.
     */
    size_t o = 0;
    text[o++] = '@';
    for (size_t i = 1; i < n; i++) {
        unsigned char c = name[i];
        if (c >= 0x20 && c < 0x7f && c != '\\')
            text[o++] = (char)c;
        else
            o += (size_t)snprintf(text + o, SXI_ADDR_TEXT_CAP - o, "\\x%02x", c);
    }
    text[o] = '\0';
    return o;
}

static int text_form(const struct sxi_addr *a, char *text, size_t *len)
{
    *len = unix_text(a, text); /* "" is the unnamed address, not a failure */
    return 0;
}

/* Room for name bytes in any address the library holds: a whole sockaddr_storage after sun_family. */
#define NAME_ROOM (sizeof(struct sockaddr_storage) - NAME_OFFSET)

/*
 * The inverse of unix_text(), for every address it can show, including those from raw bytes
 * or the kernel whose names run past sun_path (which the constructors refuse): "" is the
 * unnamed address; "@..." an abstract name whose backslashes each begin a \xHH escape (the
 * text form writes a backslash only so); anything else a path, counted with its terminator
 * as the constructor counts it, unless it fills the whole room (then, as the kernel takes a
 * full sun_path, without one).
 */
static int32_t parse(const char *text, sx_addr *out)
{
    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof ss);
    ((struct sockaddr_un *)&ss)->sun_family = AF_UNIX;
    unsigned char *name = (unsigned char *)&ss + NAME_OFFSET;
    size_t n = 0;
    if (text[0] != '@') {
        n = strlen(text);
        if (n > NAME_ROOM)
            return sxi_fail(SX_EARG, "AF_UNIX path too long: %zu bytes, limit %zu", n, NAME_ROOM);
        memcpy(name, text, n);
        if (n && n < NAME_ROOM)
            n++; /* the terminator, already zero */
        return sxi_addr_new(&ss, (socklen_t)(NAME_OFFSET + n), out);
    }
    name[n++] = 0;
    for (const char *p = text + 1; *p; n++) {
        if (n == NAME_ROOM)
            return sxi_fail(SX_EARG, "AF_UNIX path too long: abstract name '%.60s...' is over %zu bytes", text,
                            NAME_ROOM - 1);
        if (*p != '\\') {
            name[n] = (unsigned char)*p++;
            continue;
        }
        int hi = p[1] == 'x' ? sxi_scan_hex_digit(p[2]) : -1;
        int lo = hi >= 0 ? sxi_scan_hex_digit(p[3]) : -1;
        if (lo < 0)
            return sxi_fail(SX_EARG, "'%.80s': a backslash in an abstract name must begin \\xHH (offset %td)", text,
                            p - text);
        name[n] = (unsigned char)(hi << 4 | lo);
        p += 4;
    }
    return sxi_addr_new(&ss, (socklen_t)(NAME_OFFSET + n), out);
}

const struct sxi_family sxi_family_unix = {
    .af = AF_UNIX,
    .name = "unix",
    .af_name = "AF_UNIX",
    .min_len = sizeof(sa_family_t),
    .socket_takes = AF_UNIX,
    .text = text_form,
    .parse = parse,
};
