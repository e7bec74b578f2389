/* SPDX-License-Identifier: MIT */
/*
 * info: the tool's and the library's versions, the library's ABI level, and for every
 * address family of Python's socket module on Linux whether this build has its codec and
 * whether this kernel creates its sockets (sx_family_supported()).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const struct {
    const char *name;
    const char *af_name;
    int32_t af;
} families[] = {
    {"inet", "AF_INET", SX_AF_INET},
    {"inet6", "AF_INET6", SX_AF_INET6},
    {"unix", "AF_UNIX", SX_AF_UNIX},
    {"netlink", "AF_NETLINK", SX_AF_NETLINK},
    {"packet", "AF_PACKET", SX_AF_PACKET},
    {"vsock", "AF_VSOCK", SX_AF_VSOCK},
    {"can", "AF_CAN", SX_AF_CAN},
    {"alg", "AF_ALG", SX_AF_ALG},
    {"tipc", "AF_TIPC", SX_AF_TIPC},
    {"rds", "AF_RDS", SX_AF_RDS},
    {"qipcrtr", "AF_QIPCRTR", SX_AF_QIPCRTR},
    {"bluetooth", "AF_BLUETOOTH", SX_AF_BLUETOOTH},
};

int cli_cmd_info(const struct cli_options *opt, int argc, char **argv)
{
    (void)opt;
    (void)argv;
    if (argc != 0)
        return cli_usage_error("info takes no operands");
    uint32_t abi_major = 0, abi_minor = 0;
    int32_t st = sx_abi_level(&abi_major, &abi_minor);
    if (st != 0)
        return cli_fail(st, "info: ABI level");
    printf("socketx   %s\n", SX_VERSION_STRING);
    printf("library   %s\n", sx_version_string());
    printf("abi       SOCKETX_%u.%u\n", abi_major, abi_minor);
    printf("%-9s %-10s %-13s %4s %-5s %s\n", "#", "name", "constant", "af", "build", "kernel");
    for (size_t i = 0; i < sizeof families / sizeof families[0]; i++) {
        int build = 0, kernel = 0;
        st = sx_family_supported(families[i].af, &build, &kernel);
        if (st != 0)
            return cli_fail(st, "info: %s", families[i].af_name);
        printf("family    %-10s %-13s %4d %-5s %s\n", families[i].name, families[i].af_name, (int)families[i].af,
               build ? "yes" : "no", kernel ? "yes" : "no");
    }
    if (fflush(stdout) != 0) {
        fprintf(stderr, "socketx: write standard output: %s\n", strerror(errno));
        return CLI_EXIT_RUNTIME;
    }
    return CLI_EXIT_OK;
}
