/* SPDX-License-Identifier: MIT */
/*
 * Endpoint text: "tcp:HOST:PORT" and its kin go through the resolver, "unix:PATH" through
 * the AF_UNIX text form, and every other family's own text form ("vsock:2:1234") through
 * sx_addr_from_string() unchanged, so the tool reads exactly what the library writes.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "endpoint.h"

/* The schemes resolved by name: a family restriction (4/6 suffix) is applied on top. */
struct inet_scheme {
    const char *name;
    int32_t type;
    int32_t proto;
    int32_t socket_family; /* 0: the address's own; AF_RDS takes AF_INET addresses */
};

static const struct inet_scheme inet_schemes[] = {
    {"tcp", SX_SOCK_STREAM, 0, 0},
    {"udp", SX_SOCK_DGRAM, 0, 0},
    {"udplite", SX_SOCK_DGRAM, SX_IPPROTO_UDPLITE, 0},
    {"mptcp", SX_SOCK_STREAM, SX_IPPROTO_MPTCP, 0},
    {"rds", SX_SOCK_SEQPACKET, 0, SX_AF_RDS},
};

/* The schemes of the families' own text forms, with the socket each one is most used with. */
struct family_scheme {
    const char *name;
    int32_t af;
    int32_t type;
    int32_t proto;
};

static const struct family_scheme family_schemes[] = {
    {"netlink", SX_AF_NETLINK, SX_SOCK_RAW, SX_NETLINK_ROUTE},
    {"packet", SX_AF_PACKET, SX_SOCK_DGRAM, 0},
    {"vsock", SX_AF_VSOCK, SX_SOCK_STREAM, 0},
    {"can", SX_AF_CAN, SX_SOCK_RAW, SX_CAN_RAW},
    {"can-isotp", SX_AF_CAN, SX_SOCK_DGRAM, SX_CAN_ISOTP},
    {"can-j1939", SX_AF_CAN, SX_SOCK_DGRAM, SX_CAN_J1939},
    {"alg", SX_AF_ALG, SX_SOCK_SEQPACKET, 0},
    {"tipc", SX_AF_TIPC, SX_SOCK_STREAM, 0},
    {"qipcrtr", SX_AF_QIPCRTR, SX_SOCK_DGRAM, 0},
    {"l2cap", SX_AF_BLUETOOTH, SX_SOCK_SEQPACKET, SX_BTPROTO_L2CAP},
    {"rfcomm", SX_AF_BLUETOOTH, SX_SOCK_STREAM, SX_BTPROTO_RFCOMM},
    {"hci", SX_AF_BLUETOOTH, SX_SOCK_RAW, SX_BTPROTO_HCI},
    {"sco", SX_AF_BLUETOOTH, SX_SOCK_SEQPACKET, SX_BTPROTO_SCO},
};

struct unix_scheme {
    const char *name;
    int32_t type;
};

static const struct unix_scheme unix_schemes[] = {
    {"unix", SX_SOCK_STREAM},
    {"unix-dgram", SX_SOCK_DGRAM},
    {"unix-seqpacket", SX_SOCK_SEQPACKET},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
    const char *name;
    int32_t type;
} type_names[] = {
    {"stream", SX_SOCK_STREAM}, {"dgram", SX_SOCK_DGRAM}, {"seqpacket", SX_SOCK_SEQPACKET},
    {"raw", SX_SOCK_RAW},       {"rdm", SX_SOCK_RDM},
};

int cli_type_from_name(const char *name, int32_t *type_out)
{
    for (size_t i = 0; i < COUNT(type_names); i++)
        if (strcmp(name, type_names[i].name) == 0) {
            *type_out = type_names[i].type;
            return 0;
        }
    return -1;
}

static int scheme_is(const char *scheme, size_t len, const char *name)
{
    return strlen(name) == len && strncmp(scheme, name, len) == 0;
}

/*
 * A protocol's number for a socket of this family: a number (decimal or 0x hex) as socket(2)
 * takes it, or a name, looked up as the family's constant (NETLINK_<NAME>, CAN_<NAME>,
 * BTPROTO_<NAME>, ETH_P_<NAME> put in network order for packet sockets, else IPPROTO_<NAME>),
 * then in the protocols database.
 */
static int proto_from_text(const char *text, int32_t family, int32_t *proto_out)
{
    char *end = NULL;
    errno = 0;
    long long n = strtoll(text, &end, 0);
    if (*text != '\0' && *end == '\0') {
        if (errno != 0 || n < 0 || n > INT32_MAX)
            return cli_usage_error("--proto %s is out of range (0..2147483647)", text);
        *proto_out = (int32_t)n;
        return 0;
    }
    const char *prefix = family == SX_AF_NETLINK     ? "NETLINK_"
                         : family == SX_AF_CAN       ? "CAN_"
                         : family == SX_AF_BLUETOOTH ? "BTPROTO_"
                         : family == SX_AF_PACKET    ? "ETH_P_"
                                                     : "IPPROTO_";
    char upper[48], name[64];
    if (strlen(text) >= sizeof upper)
        return cli_usage_error("--proto %.40s...: no such protocol", text);
    for (size_t i = 0; i <= strlen(text); i++)
        upper[i] = (char)toupper((unsigned char)text[i]);
    int has_prefix = strncmp(upper, prefix, strlen(prefix)) == 0;
    snprintf(name, sizeof name, "%s%s", has_prefix ? "" : prefix, upper);
    int64_t value = 0;
    if (sx_constant(name, &value) == 0) {
        if (family == SX_AF_PACKET) {
            uint32_t net = 0;
            sx_htons(value, &net);
            value = net;
        }
        *proto_out = (int32_t)value;
        return 0;
    }
    if (sx_getprotobyname(text, proto_out) == 0)
        return 0;
    return cli_usage_error("--proto %s: no such protocol (neither %s nor in /etc/protocols)", text, name);
}

/* The endpoint's address could not be made from its text. */
static int address_error(int32_t status, const char *text)
{
    cli_report(status, "endpoint '%s'", text);
    return status == SX_ENOTSUP ? CLI_EXIT_UNSUPPORTED : CLI_EXIT_USAGE;
}

/*
 * A family this kernel lacks is said first: its address may be well formed (the codec
 * works everywhere) but name what this kernel cannot have (a CAN interface).
 */
static int require_kernel_family(int32_t af, const char *text)
{
    int build = 0, kernel = 0;
    int32_t st = sx_family_supported(af, &build, &kernel);
    if (st != 0)
        return cli_fail(st, "endpoint '%s'", text);
    if (kernel)
        return 0;
    cli_report_status(SX_EAFNOSUPPORT, "endpoint '%s': this kernel has no such family (family %d)", text, (int)af);
    return CLI_EXIT_UNSUPPORTED;
}

/* "HOST:PORT" or "[V6]:PORT" into its two parts, in place. */
static int split_host_port(char *rest, const char *text, char **host_out, char **port_out)
{
    char *colon;
    if (rest[0] == '[') {
        char *close = strchr(rest, ']');
        if (!close || close[1] != ':')
            return cli_usage_error("endpoint '%s': an IPv6 literal is written [ADDRESS]:PORT", text);
        *close = '\0';
        *host_out = rest + 1;
        colon = close + 1;
    } else {
        colon = strrchr(rest, ':');
        if (!colon)
            return cli_usage_error("endpoint '%s': expected HOST:PORT", text);
        *colon = '\0';
        if (strchr(rest, ':'))
            return cli_usage_error("endpoint '%s': write an IPv6 address in brackets, [%s]", text, rest);
        *host_out = rest;
    }
    *port_out = colon + 1;
    if (**port_out == '\0')
        return cli_usage_error("endpoint '%s': the port is missing", text);
    return 0;
}

static int parse_inet(const struct inet_scheme *sc, int32_t family, char *rest, const char *text, int passive,
                      struct cli_endpoint *ep)
{
    char *host = NULL, *port = NULL;
    int rc = split_host_port(rest, text, &host, &port);
    if (rc != 0)
        return rc;
    if (sc->socket_family == SX_AF_RDS)
        family = SX_AF_INET;
    /* Resolve for the scheme's own type: glibc knows no services for SEQPACKET or RAW. */
    int32_t hint_type = sc->type == SX_SOCK_STREAM ? SX_SOCK_STREAM : SX_SOCK_DGRAM;
    sx_list results = 0;
    int32_t st = sx_getaddrinfo(*host ? host : NULL, port, family, hint_type, 0, passive ? SX_AI_PASSIVE : 0,
                                &results);
    if (st != 0)
        return cli_fail(st, "resolve '%s'", text);
    st = sx_addrinfo_addr(results, 0, &ep->addr);
    if (st == 0)
        st = sx_addr_family(ep->addr, &ep->family);
    sx_list_close(results);
    if (st != 0)
        return cli_fail(st, "resolve '%s'", text);
    if (sc->socket_family != 0)
        ep->family = sc->socket_family;
    ep->type = sc->type;
    ep->proto = sc->proto;
    return 0;
}

/* "tcp", "tcp4", "tcp6"...: the inet scheme and the family its suffix restricts to. */
static const struct inet_scheme *find_inet(const char *scheme, size_t len, int32_t *family_out)
{
    *family_out = SX_AF_UNSPEC;
    if (len > 1 && (scheme[len - 1] == '4' || scheme[len - 1] == '6')) {
        *family_out = scheme[len - 1] == '4' ? SX_AF_INET : SX_AF_INET6;
        len--;
    }
    for (size_t i = 0; i < COUNT(inet_schemes); i++)
        if (scheme_is(scheme, len, inet_schemes[i].name))
            return &inet_schemes[i];
    return NULL;
}

/*
 * An AF_UNIX endpoint: the text form (paths, "@" abstract names with \xHH escapes), held to
 * the kernel's limits by the byte constructor, since the text form also reads names longer
 * than sun_path (raw addresses can hold them) that no socket call would take.
 */
static int32_t unix_address(const char *text, sx_addr *out)
{
    sx_addr parsed = 0;
    int32_t st = sx_addr_from_string(SX_AF_UNIX, text, &parsed);
    if (st != 0)
        return st;
    unsigned char name[128];
    size_t len = 0;
    st = sx_addr_unix_path(parsed, name, sizeof name, &len);
    if (st == 0)
        st = sx_addr_unix_bytes(name, len, out);
    sx_addr_close(parsed);
    return st;
}

static int parse_by_scheme(char *copy, const char *text, int passive, struct cli_endpoint *ep)
{
    char *colon = strchr(copy, ':');
    if (!colon)
        return cli_usage_error("endpoint '%s' has no scheme (tcp:, udp:, unix:, vsock:... see socketx(1))", text);
    size_t len = (size_t)(colon - copy);
    char *rest = colon + 1;

    int32_t family;
    const struct inet_scheme *inet = find_inet(copy, len, &family);
    if (inet && !(inet->socket_family == SX_AF_RDS && family == SX_AF_INET6))
        return parse_inet(inet, family, rest, text, passive, ep);

    for (size_t i = 0; i < COUNT(unix_schemes); i++)
        if (scheme_is(copy, len, unix_schemes[i].name)) {
            int32_t st = unix_address(rest, &ep->addr);
            if (st != 0)
                return address_error(st, text);
            ep->family = SX_AF_UNIX;
            ep->type = unix_schemes[i].type;
            ep->proto = 0;
            return 0;
        }

    for (size_t i = 0; i < COUNT(family_schemes); i++)
        if (scheme_is(copy, len, family_schemes[i].name)) {
            int code = require_kernel_family(family_schemes[i].af, text);
            if (code != 0)
                return code;
            int32_t st = sx_addr_from_string(SX_AF_UNSPEC, text, &ep->addr);
            if (st == 0)
                st = sx_addr_family(ep->addr, &ep->family);
            if (st != 0)
                return address_error(st, text);
            ep->type = family_schemes[i].type;
            ep->proto = family_schemes[i].proto;
            return 0;
        }
    return cli_usage_error("endpoint '%s': unknown scheme '%.*s' (see socketx(1) for the list)", text, (int)len,
                           copy);
}

int cli_endpoint_parse(const char *text, const struct cli_options *opt, int passive, struct cli_endpoint *ep)
{
    memset(ep, 0, sizeof *ep);
    char *copy = strdup(text);
    if (!copy)
        return cli_fail(SX_ENOMEM, "endpoint '%s'", text);
    int rc = parse_by_scheme(copy, text, passive, ep);
    free(copy);
    if (rc == 0 && opt->type >= 0)
        ep->type = opt->type;
    if (rc == 0 && opt->proto)
        rc = proto_from_text(opt->proto, ep->family, &ep->proto);
    if (rc != 0)
        cli_endpoint_release(ep);
    return rc;
}

int cli_endpoint_socket(const struct cli_endpoint *ep, const struct cli_options *opt, const char *text,
                        sx_socket *out)
{
    int32_t st = sx_socket_open(ep->family, ep->type, ep->proto, out);
    if (st == SX_ENODEV) {
        /* The family is there but has no transport (AF_VSOCK outside a virtual machine). */
        cli_report(st, "socket for '%s'", text);
        return CLI_EXIT_UNSUPPORTED;
    }
    if (st != 0)
        return cli_fail(st, "socket for '%s'", text);
    st = sx_socket_settimeout(*out, opt->timeout);
    if (st != 0) {
        sx_socket_close(*out);
        *out = 0;
        return cli_fail(st, "--timeout");
    }
    return 0;
}

int cli_endpoint_connected(const struct cli_endpoint *ep)
{
    return ep->type == SX_SOCK_STREAM || ep->type == SX_SOCK_SEQPACKET;
}

void cli_endpoint_release(struct cli_endpoint *ep)
{
    sx_addr_close(ep->addr);
    ep->addr = 0;
}
