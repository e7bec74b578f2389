/* SPDX-License-Identifier: MIT */
/* Status code names, messages and the per-thread detail message. */
#include <netdb.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "detail.h"
#include "socketx/errors.h"

#define DETAIL_CAP 256
/*
 * The detail of this thread's last failure. An OS error keeps only its errno and the
 * operation (a static string) and is formatted when asked for: non-blocking callers see
 * EAGAIN on every wait and must not pay for formatting a message nobody reads.
 */
static _Thread_local char detail[DETAIL_CAP];
static _Thread_local size_t detail_len;
static _Thread_local int pending_errno;
static _Thread_local const char *pending_what;

int32_t sxi_fail(int32_t code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    detail_len = n < 0 ? 0 : (size_t)n >= sizeof detail ? sizeof detail - 1 : (size_t)n;
    pending_what = NULL;
    return code;
}

int32_t sxi_fail_errno(int e, const char *what)
{
    pending_errno = e;
    pending_what = what;
    return -e;
}

int32_t sx_last_error_detail(char *buf, size_t cap, size_t *len_out)
{
    if (!len_out || (!buf && cap))
        return SX_EARG; /* no detail: it would overwrite the one being asked for */
    if (pending_what) {
        const char *text = strerrordesc_np(pending_errno);
        sxi_fail(-pending_errno, "%s: %s", pending_what, text ? text : "unknown error");
    }
    *len_out = detail_len;
    if (cap <= detail_len)
        return SX_ETRUNC;
    memcpy(buf, detail, detail_len + 1);
    return 0;
}

struct code_row {
    int32_t code;
    const char *name;
    const char *text;
};

/* Resolver and library codes; OS codes come from errors_table.inc and strerrordesc_np(). */
static const struct code_row named_rows[] = {
    {SX_OK, "SX_OK", "Success"},
    {SX_EAI_BADFLAGS, "SX_EAI_BADFLAGS", NULL},
    {SX_EAI_NONAME, "SX_EAI_NONAME", NULL},
    {SX_EAI_AGAIN, "SX_EAI_AGAIN", NULL},
    {SX_EAI_FAIL, "SX_EAI_FAIL", NULL},
    {SX_EAI_NODATA, "SX_EAI_NODATA", NULL},
    {SX_EAI_FAMILY, "SX_EAI_FAMILY", NULL},
    {SX_EAI_SOCKTYPE, "SX_EAI_SOCKTYPE", NULL},
    {SX_EAI_SERVICE, "SX_EAI_SERVICE", NULL},
    {SX_EAI_ADDRFAMILY, "SX_EAI_ADDRFAMILY", NULL},
    {SX_EAI_MEMORY, "SX_EAI_MEMORY", NULL},
    {SX_EAI_SYSTEM, "SX_EAI_SYSTEM", NULL},
    {SX_EAI_OVERFLOW, "SX_EAI_OVERFLOW", NULL},
    {SX_EAI_INPROGRESS, "SX_EAI_INPROGRESS", NULL},
    {SX_EAI_CANCELED, "SX_EAI_CANCELED", NULL},
    {SX_EAI_NOTCANCELED, "SX_EAI_NOTCANCELED", NULL},
    {SX_EAI_ALLDONE, "SX_EAI_ALLDONE", NULL},
    {SX_EAI_INTR, "SX_EAI_INTR", NULL},
    {SX_EAI_IDN_ENCODE, "SX_EAI_IDN_ENCODE", NULL},
    {SX_EHOST_NOT_FOUND, "SX_EHOST_NOT_FOUND", "Unknown host"},
    {SX_EHOST_TRY_AGAIN, "SX_EHOST_TRY_AGAIN", "Host name lookup failure"},
    {SX_EHOST_NO_RECOVERY, "SX_EHOST_NO_RECOVERY", "Unknown server error"},
    {SX_EHOST_NO_DATA, "SX_EHOST_NO_DATA", "No address associated with name"},
    {SX_ETIMEOUT, "SX_ETIMEOUT", "timed out"},
    {SX_EBADHANDLE, "SX_EBADHANDLE", "Invalid, stale or closed handle"},
    {SX_ECLOSED, "SX_ECLOSED", "Socket closed while in use"},
    {SX_EARG, "SX_EARG", "Invalid argument"},
    {SX_ENOTSUP, "SX_ENOTSUP", "Not supported on this platform or build"},
    {SX_ETRUNC, "SX_ETRUNC", "Buffer too small"},
    {SX_ENOTFOUND, "SX_ENOTFOUND", "Name not found"},
    {SX_EOUTOFRANGE, "SX_EOUTOFRANGE", "Value out of range"},
    {SX_ENOHANDLES, "SX_ENOHANDLES", "Too many open handles"},
};

#define SXI_ERRNO_ROW(num, name) [num] = name,
static const char *const errno_names[] = {
#include "errors_table.inc"
};
#undef SXI_ERRNO_ROW

static const struct code_row *named_row(int32_t code)
{
    for (size_t i = 0; i < sizeof named_rows / sizeof named_rows[0]; i++)
        if (named_rows[i].code == code)
            return &named_rows[i];
    return NULL;
}

static const char *errno_name(int32_t code)
{
    if (code >= 0 || -(int64_t)code >= (int64_t)(sizeof errno_names / sizeof errno_names[0]))
        return NULL;
    return errno_names[-code];
}

const char *sx_error_name(int32_t code)
{
    const char *name = errno_name(code);
    if (name)
        return name;
    const struct code_row *row = named_row(code);
    return row ? row->name : "SX_EUNKNOWN";
}

const char *sx_strerror(int32_t code)
{
    if (errno_name(code))
        return strerrordesc_np(-code);
    if (code <= SX_EAI_BADFLAGS && code >= SX_EAI_IDN_ENCODE)
        return gai_strerror(code + 1000);
    const struct code_row *row = named_row(code);
    return row && row->text ? row->text : "Unknown libsocketx status code";
}

int32_t sx_error_code(const char *name, int32_t *code_out)
{
    if (!name || !code_out)
        return sxi_fail(SX_EARG, "sx_error_code: NULL argument");
    char full[64];
    if (strncmp(name, "SX_", 3) != 0) {
        if (snprintf(full, sizeof full, "SX_%s", name) >= (int)sizeof full)
            return sxi_fail(SX_ENOTFOUND, "no status code is named '%.40s...'", name);
        name = full;
    }
    for (size_t i = 1; i < sizeof errno_names / sizeof errno_names[0]; i++)
        if (errno_names[i] && strcmp(errno_names[i], name) == 0) {
            *code_out = -(int32_t)i;
            return 0;
        }
    for (size_t i = 0; i < sizeof named_rows / sizeof named_rows[0]; i++)
        if (strcmp(named_rows[i].name, name) == 0) {
            *code_out = named_rows[i].code;
            return 0;
        }
    if (strcmp(name, "SX_EWOULDBLOCK") == 0 || strcmp(name, "SX_EDEADLOCK") == 0) {
        *code_out = name[4] == 'W' ? SX_EWOULDBLOCK : SX_EDEADLOCK;
        return 0;
    }
    return sxi_fail(SX_ENOTFOUND, "no status code is named '%s'", name);
}
