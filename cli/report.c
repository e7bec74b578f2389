/* SPDX-License-Identifier: MIT */
/* How the tool reports: one line per error on stderr, an exit code per kind of failure. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static void vreport(int32_t status, int with_detail, const char *fmt, va_list ap)
{
    char detail[512];
    size_t detail_len = 0;
    if (!with_detail || sx_last_error_detail(detail, sizeof detail, &detail_len) != 0)
        detail_len = 0;
    /* An OS error's detail often only repeats its message ("connect: Connection refused"). */
    if (detail_len > 0 && strstr(detail, sx_strerror(status)) && strlen(detail) < strlen(sx_strerror(status)) + 24)
        detail_len = 0;
    fputs("socketx: ", stderr);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, ": %s: %s", sx_error_name(status), sx_strerror(status));
    if (detail_len > 0)
        fprintf(stderr, " (%s)", detail);
    fputc('\n', stderr);
}

void cli_report(int32_t status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(status, 1, fmt, ap);
    va_end(ap);
}

void cli_report_status(int32_t status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(status, 0, fmt, ap);
    va_end(ap);
}

int cli_fail(int32_t status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(status, 1, fmt, ap);
    va_end(ap);
    return cli_exit_for(status);
}

int cli_usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("socketx: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputs(" (socketx --help for usage)\n", stderr);
    va_end(ap);
    return CLI_EXIT_USAGE;
}

int cli_exit_for(int32_t status)
{
    switch (status) {
    case SX_OK:
        return CLI_EXIT_OK;
    case SX_ENOTSUP:
    case SX_EAFNOSUPPORT:
    case SX_EPFNOSUPPORT:
    case SX_EPROTONOSUPPORT:
    case SX_ESOCKTNOSUPPORT:
        return CLI_EXIT_UNSUPPORTED;
    case SX_ETIMEOUT:
        return CLI_EXIT_TIMEOUT;
    default:
        return CLI_EXIT_RUNTIME;
    }
}

void cli_note(const struct cli_options *opt, const char *fmt, ...)
{
    if (!opt->verbose)
        return;
    va_list ap;
    va_start(ap, fmt);
    fputs("socketx: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

int cli_write_all(int fd, const void *buf, size_t len)
{
    const char *p = buf;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

void cli_addr_text(sx_addr a, char *buf, size_t cap)
{
    size_t len = 0;
    if (a == 0 || sx_addr_to_string(a, buf, cap, &len) != 0 || len == 0)
        snprintf(buf, cap, "-");
}
