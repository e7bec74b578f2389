/* SPDX-License-Identifier: MIT */
/*
 * The socketx tool's shared pieces: the command-line options every command reads, the
 * exit codes the man page documents, and the one way an error is reported.
 */
#ifndef SOCKETX_CLI_H
#define SOCKETX_CLI_H

#include <stddef.h>
#include <stdint.h>

#include <socketx.h>

/* Exit codes: cli/socketx.1, EXIT STATUS. */
enum cli_exit {
    CLI_EXIT_OK = 0,
    CLI_EXIT_RUNTIME = 1,     /* the operation failed (refused, reset, no such name...) */
    CLI_EXIT_USAGE = 2,       /* the command line or an endpoint's text is wrong */
    CLI_EXIT_UNSUPPORTED = 3, /* the family, type or protocol is missing from this build or kernel */
    CLI_EXIT_TIMEOUT = 4,     /* --timeout expired */
};

struct cli_options {
    int32_t type;     /* --type: a SX_SOCK_* value, or -1 for the endpoint's default */
    const char *proto; /* --proto: a number or a name, read by the endpoint's family; NULL for its default */
    double timeout;   /* --timeout in seconds, or SX_TIMEOUT_NONE */
    uint32_t count;   /* --count: recv's number of messages, 0 for no limit */
    int verbose;      /* --verbose: report addresses and events on stderr */
};

/*
 * Report a failed library call on stderr as one line, "socketx: <what>: SX_NAME: message
 * (detail)", and return the exit code its status maps to.
 */
int cli_fail(int32_t status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* cli_fail() without the mapping: print the line only. */
void cli_report(int32_t status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* cli_report() for a status the tool found itself, not a failed call: no library detail. */
void cli_report_status(int32_t status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Report a usage error on stderr as one line and return CLI_EXIT_USAGE. */
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The exit code for a status: unsupported family or protocol, timeout, or runtime error. */
int cli_exit_for(int32_t status);

/* With --verbose, print one line about what is happening on stderr. */
void cli_note(const struct cli_options *opt, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Write all of buf to fd, retrying short writes and EINTR; 0 or -1 with errno set. */
int cli_write_all(int fd, const void *buf, size_t len);

/* The text form of an address into buf ("-" when a is 0 or has none to show). */
void cli_addr_text(sx_addr a, char *buf, size_t cap);

/* The commands (each in its own file); argv holds the command's operands. */
int cli_cmd_listen(const struct cli_options *opt, int argc, char **argv);
int cli_cmd_connect(const struct cli_options *opt, int argc, char **argv);
int cli_cmd_send(const struct cli_options *opt, int argc, char **argv);
int cli_cmd_recv(const struct cli_options *opt, int argc, char **argv);
int cli_cmd_netlink(const struct cli_options *opt, int argc, char **argv);
int cli_cmd_info(const struct cli_options *opt, int argc, char **argv);

#endif
