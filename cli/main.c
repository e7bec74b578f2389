/* SPDX-License-Identifier: MIT */
/* socketx: a netcat for every address family of libsocketx. Options, usage, dispatch. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "endpoint.h"

static const char usage_text[] =
    "usage: socketx [options] listen ENDPOINT\n"
    "       socketx [options] connect ENDPOINT\n"
    "       socketx [options] send ENDPOINT [DATA...]\n"
    "       socketx [options] recv ENDPOINT\n"
    "       socketx [options] netlink route dump links|addrs|routes\n"
    "       socketx info\n"
    "       socketx --help | --version\n"
    "\n"
    "endpoints:\n"
    "  tcp:HOST:PORT  udp:HOST:PORT  udplite:  mptcp:  rds:   (tcp4:, tcp6:, udp6: ... pick\n"
    "                 the family; IPv6 literals in brackets: tcp:[::1]:8080; an empty HOST\n"
    "                 is the wildcard when listening)\n"
    "  unix:PATH  unix:@ABSTRACT  unix-dgram:PATH  unix-seqpacket:PATH\n"
    "  netlink:PID:GROUPS  packet:IFNAME:PROTO:PKTTYPE:HATYPE:ADDR  vsock:CID:PORT\n"
    "  can:IFNAME  can-isotp:IFNAME:RX:TX  can-j1939:IFNAME:NAME:PGN:ADDR\n"
    "  alg:TYPE:NAME:FEAT:MASK  tipc:KIND:V1:V2:V3:SCOPE  qipcrtr:NODE:PORT\n"
    "  l2cap:[BDADDR]:PSM:CID:TYPE  rfcomm:[BDADDR]:CHANNEL  hci:DEV:CHANNEL  sco:[BDADDR]\n"
    "\n"
    "options:\n"
    "  -t, --type TYPE       stream, dgram, seqpacket, raw or rdm (default: the endpoint's)\n"
    "  -p, --proto PROTO     protocol number or name (udplite, route, isotp, ...)\n"
    "  -w, --timeout SECS    bound every wait (connect, accept, receive, an idle relay)\n"
    "  -n, --count N         recv: messages to receive, 0 for no end (default 1)\n"
    "  -v, --verbose         report addresses and events on standard error\n"
    "  -h, --help            this text\n"
    "  -V, --version         the tool's and the library's versions\n"
    "\n"
    "exit status: 0 ok, 1 runtime error, 2 usage error, 3 unsupported family or protocol,\n"
    "4 timeout. See socketx(1).\n";

static const struct {
    const char *name;
    int (*run)(const struct cli_options *, int, char **);
} commands[] = {
    {"listen", cli_cmd_listen}, {"connect", cli_cmd_connect}, {"send", cli_cmd_send},
    {"recv", cli_cmd_recv},     {"netlink", cli_cmd_netlink}, {"info", cli_cmd_info},
};

static int print_version(void)
{
    uint32_t major = 0, minor = 0;
    sx_abi_level(&major, &minor);
    printf("socketx %s (libsocketx %s, ABI SOCKETX_%u.%u)\n", SX_VERSION_STRING, sx_version_string(), major, minor);
    return CLI_EXIT_OK;
}

static int parse_timeout(const char *text, double *out)
{
    char *end = NULL;
    errno = 0;
    double v = strtod(text, &end);
    if (*text == '\0' || *end != '\0' || errno != 0 || !isfinite(v) || v <= 0)
        return cli_usage_error("--timeout %s: expected a positive number of seconds", text);
    *out = v;
    return 0;
}

static int parse_count(const char *text, uint32_t *out)
{
    char *end = NULL;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (*text == '\0' || *text == '-' || *end != '\0' || errno != 0 || v > UINT32_MAX)
        return cli_usage_error("--count %s: expected a number 0..4294967295", text);
    *out = (uint32_t)v;
    return 0;
}

/*
 * A closed standard descriptor would be reused by the first socket, and the relay would then
 * read its own socket as standard input: give each closed one /dev/null instead.
 */
static void open_standard_fds(void)
{
    for (int fd = 0; fd <= 2; fd++)
        if (fcntl(fd, F_GETFD) == -1 && errno == EBADF && open("/dev/null", O_RDWR) != fd)
            exit(CLI_EXIT_RUNTIME);
}

int main(int argc, char **argv)
{
    open_standard_fds();
    struct cli_options opt = {.type = -1, .proto = NULL, .timeout = SX_TIMEOUT_NONE, .count = 1, .verbose = 0};
    static const struct option long_options[] = {
        {"type", required_argument, NULL, 't'},  {"proto", required_argument, NULL, 'p'},
        {"timeout", required_argument, NULL, 'w'}, {"count", required_argument, NULL, 'n'},
        {"verbose", no_argument, NULL, 'v'},     {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},     {NULL, 0, NULL, 0},
    };
    opterr = 0; /* our own one-line messages */
    int c, code = 0;
    while (code == 0 && (c = getopt_long(argc, argv, ":t:p:w:n:vhV", long_options, NULL)) != -1) {
        switch (c) {
        case 't':
            if (cli_type_from_name(optarg, &opt.type) != 0)
                code = cli_usage_error("--type %s: expected stream, dgram, seqpacket, raw or rdm", optarg);
            break;
        case 'p':
            opt.proto = optarg;
            break;
        case 'w':
            code = parse_timeout(optarg, &opt.timeout);
            break;
        case 'n':
            code = parse_count(optarg, &opt.count);
            break;
        case 'v':
            opt.verbose = 1;
            break;
        case 'h':
            fputs(usage_text, stdout);
            return CLI_EXIT_OK;
        case 'V':
            return print_version();
        case ':':
            code = cli_usage_error("%s needs a value", argv[optind - 1]);
            break;
        default:
            code = optopt ? cli_usage_error("unknown option -%c", optopt)
                          : cli_usage_error("unknown option %s", argv[optind - 1]);
            break;
        }
    }
    if (code != 0)
        return code;
    if (optind >= argc)
        return cli_usage_error("no command");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[optind], commands[i].name) == 0)
            return commands[i].run(&opt, argc - optind - 1, argv + optind + 1);
    return cli_usage_error("unknown command '%s'", argv[optind]);
}
