/* SPDX-License-Identifier: MIT */
/*
 * example.h - the one helper the examples share: a failed call stops the program with
 * the status code's name, its message and the library's detail for humans, so each
 * example reads as a straight line of calls.
 */
#ifndef SOCKETX_EXAMPLE_H
#define SOCKETX_EXAMPLE_H

#include <socketx.h>

#include <stdio.h>
#include <stdlib.h>

/* Exit status of an example that cannot run here (ctest SKIP_RETURN_CODE). */
#define EXAMPLE_SKIP 77

static inline void check(const char *what, int32_t rc)
{
    if (rc == 0)
        return;
    char detail[256];
    size_t len = 0;
    if (sx_last_error_detail(detail, sizeof detail, &len) != 0 || len >= sizeof detail)
        len = 0;
    fprintf(stderr, "%s failed: %s (%s)%s%.*s\n", what, sx_error_name(rc), sx_strerror(rc), len ? ": " : "",
            (int)len, detail);
    exit(1);
}

/* The canonical text of an address ("127.0.0.1:5000", "@name", "vsock:2:1234"...). */
static inline const char *addr_text(sx_addr a, char *buf, size_t cap)
{
    size_t len = 0;
    check("sx_addr_to_string", sx_addr_to_string(a, buf, cap, &len));
    return buf;
}

#endif /* SOCKETX_EXAMPLE_H */
