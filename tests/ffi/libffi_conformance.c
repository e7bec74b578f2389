/* SPDX-License-Identifier: MIT */
/*
 * ffi:libffi-conformance - call every exported function of libsocketx through libffi, knowing
 * only what abi/manifest.json says (read here in its flat line form, written from the JSON by
 * tools/gen-manifest.py --flat). No libsocketx header is included: a binder without C headers
 * sees the library exactly as this program does.
 *
 * Invalid pass, generic from the roles: a zero, released or other-kind handle gives SX_EBADHANDLE (0 for
 * the idempotent closes given 0 or a released handle), a NULL required pointer or a NULL buffer/array with a non-zero length
 * gives SX_EARG, an overflowing count is refused; outputs stay untouched.
 * Valid pass: arguments built from the roles (handles from constructors, constants through
 * sx_constant()), with a few per-function recipes; the status must be one the manifest lists
 * for the function, and on success outputs are filled, within capacity, and new handles release.
 *
 * Usage: libffi_conformance MANIFEST.flat LIBRARY [NAME]   (NAME: only that function, for debugging)
 */
#define _GNU_SOURCE /* O_CLOEXEC, gethostname() under -std=c17 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <ffi.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_PARAMS 12
#define MAX_STATUSES 200
#define STORE 4096
#define SENTINEL 0xA5

struct param {
    char name[48], role[16], type[16], target[16], kind[16], nullable[20], ref[48], len_out[48];
    int zero_ok, written_on_failure;
};

struct func {
    char name[64];
    int returns_string, os_codes, nstatuses, nparams, valid_calls, invalid_calls, valid_ok;
    int32_t statuses[MAX_STATUSES];
    struct param params[MAX_PARAMS];
    void *sym;
};

static struct func funcs[400];
static int nfuncs;
static struct { char name[40]; int32_t value; } codes[400];
static int ncodes;
static void *lib;
static long checks, failures;

/* Behaviours that differ from the generic expectation for a reason, each printed when seen.
 * A deviation that is a defect of the library is reported, not hidden: the reason says so. */
static const struct { const char *fn, *what, *why; } known[] = {
    {"sx_hostent_alias", "buf = NULL with", "the index is checked first, and localhost has no alias on a fresh machine (SX_EOUTOFRANGE)"},
};
static long known_seen;

static int is_known(const char *fn, const char *msg)
{
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (!strcmp(fn, known[i].fn) && strstr(msg, known[i].what)) {
            printf("known deviation %s: %s (%s)\n", fn, msg, known[i].why);
            known_seen++;
            return 1;
        }
    return 0;
}

static void fail(const char *fn, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (is_known(fn, msg))
        return;
    fprintf(stderr, "FAIL %s: %s\n", fn, msg);
    failures++;
}

static int32_t code(const char *name)
{
    for (int i = 0; i < ncodes; i++)
        if (!strcmp(codes[i].name, name))
            return codes[i].value;
    fprintf(stderr, "status %s is not in the manifest\n", name);
    exit(2);
}

static struct func *find(const char *name)
{
    for (int i = 0; i < nfuncs; i++)
        if (!strcmp(funcs[i].name, name))
            return &funcs[i];
    fprintf(stderr, "function %s is not in the manifest\n", name);
    exit(2);
}

/* ---- the manifest, flat form: tab-separated records, one a line ------------------------- */

static int split(char *line, char **f, int max)
{
    int n = 0;
    for (char *tok = strtok(line, "\t\n"); tok && n < max; tok = strtok(NULL, "\t\n"))
        f[n++] = tok;
    return n;
}

static void copy(char *dst, size_t cap, const char *src)
{
    if (strlen(src) >= cap) {
        fprintf(stderr, "manifest field too long: %s\n", src);
        exit(2);
    }
    strcpy(dst, src);
}

static void read_manifest(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        exit(2);
    }
    char line[1024], *fl[12];
    int ended = 0;
    struct func *cur = NULL;
    while (fgets(line, sizeof line, f)) {
        int n = split(line, fl, 12);
        if (n == 0)
            continue;
        if (!strcmp(fl[0], "V") && n == 3) {
            if (strcmp(fl[1], "1")) {
                fprintf(stderr, "manifest_version %s, this test reads 1\n", fl[1]);
                exit(2);
            }
        } else if (!strcmp(fl[0], "C") && n == 3 && ncodes < 400) {
            copy(codes[ncodes].name, sizeof codes[ncodes].name, fl[1]);
            codes[ncodes++].value = (int32_t)strtol(fl[2], NULL, 10);
        } else if (!strcmp(fl[0], "F") && n == 4 && nfuncs < 400) {
            cur = &funcs[nfuncs++];
            copy(cur->name, sizeof cur->name, fl[1]);
            cur->returns_string = !strcmp(fl[2], "string");
            cur->os_codes = atoi(fl[3]);
        } else if (!strcmp(fl[0], "S") && n == 2 && cur && cur->nstatuses < MAX_STATUSES) {
            cur->statuses[cur->nstatuses++] = code(fl[1]);
        } else if (!strcmp(fl[0], "P") && n == 10 && cur && cur->nparams < MAX_PARAMS) {
            struct param *p = &cur->params[cur->nparams++];
            copy(p->name, sizeof p->name, fl[1]);
            copy(p->role, sizeof p->role, fl[2]);
            copy(p->type, sizeof p->type, fl[3]);
            copy(p->target, sizeof p->target, fl[4]);
            copy(p->kind, sizeof p->kind, fl[5]);
            copy(p->nullable, sizeof p->nullable, fl[6]);
            p->zero_ok = !strcmp(fl[7], "true");
            p->written_on_failure = !strcmp(fl[7], "always");
            copy(p->ref, sizeof p->ref, fl[8]);
            copy(p->len_out, sizeof p->len_out, fl[9]);
        } else if (!strcmp(fl[0], "K") && n == 2) {
            /* constant names: looked up at run time below */
        } else if (!strcmp(fl[0], "E") && n == 1) {
            ended = 1;
        } else {
            fprintf(stderr, "%s: malformed record starting %s\n", path, fl[0]);
            exit(2);
        }
    }
    fclose(f);
    if (!ended || nfuncs == 0) {
        fprintf(stderr, "%s: truncated manifest\n", path);
        exit(2);
    }
}

/* ---- calling through libffi --------------------------------------------------------------- */

union value {
    int32_t i32;
    uint32_t u32;
    int64_t i64;
    uint64_t u64;
    size_t size;
    double f64;
    void *ptr;
};

static ffi_type *ffi_of(const struct param *p)
{
    const char *t = p->type;
    if (!strcmp(t, "int32"))
        return &ffi_type_sint32;
    if (!strcmp(t, "uint32"))
        return &ffi_type_uint32;
    if (!strcmp(t, "int64"))
        return &ffi_type_sint64;
    if (!strcmp(t, "uint64") || !strcmp(t, "handle"))
        return &ffi_type_uint64;
    if (!strcmp(t, "float64"))
        return &ffi_type_double;
    if (!strcmp(t, "size"))
        return sizeof(size_t) == 8 ? &ffi_type_uint64 : &ffi_type_uint32;
    if (!strcmp(t, "pointer") || !strcmp(t, "string"))
        return &ffi_type_pointer;
    fprintf(stderr, "unknown manifest type %s\n", t);
    exit(2);
}

static ffi_arg call_raw(struct func *fn, union value *args, ffi_type *ret)
{
    ffi_cif cif;
    ffi_type *types[MAX_PARAMS];
    void *values[MAX_PARAMS];
    for (int i = 0; i < fn->nparams; i++) {
        types[i] = ffi_of(&fn->params[i]);
        values[i] = &args[i];
    }
    if (ffi_prep_cif(&cif, FFI_DEFAULT_ABI, (unsigned)fn->nparams, ret, types) != FFI_OK) {
        fprintf(stderr, "ffi_prep_cif failed for %s\n", fn->name);
        exit(2);
    }
    ffi_arg rc = 0;
    ffi_call(&cif, FFI_FN(fn->sym), &rc, values);
    return rc;
}

static int32_t call(struct func *fn, union value *args)
{
    return (int32_t)call_raw(fn, args, &ffi_type_sint32);
}

/* Helpers that call the library by name, through libffi too. */
static int32_t callv(const char *name, int n, ...)
{
    struct func *fn = find(name);
    union value args[MAX_PARAMS];
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++) {
        const char *t = fn->params[i].type;
        if (!strcmp(t, "pointer") || !strcmp(t, "string"))
            args[i].ptr = va_arg(ap, void *);
        else if (!strcmp(t, "float64"))
            args[i].f64 = va_arg(ap, double);
        else if (!strcmp(t, "int32"))
            args[i].i32 = va_arg(ap, int32_t);
        else if (!strcmp(t, "uint32"))
            args[i].u32 = va_arg(ap, uint32_t);
        else if (!strcmp(t, "size"))
            args[i].size = va_arg(ap, size_t);
        else
            args[i].u64 = va_arg(ap, uint64_t);
    }
    va_end(ap);
    return call(fn, args);
}

static int32_t constant(const char *name)
{
    int64_t v = 0;
    if (callv("sx_constant", 2, name, &v) != 0) {
        fprintf(stderr, "sx_constant(%s) failed\n", name);
        exit(2);
    }
    return (int32_t)v;
}

static int release(const char *kind, uint64_t h)
{
    char name[40];
    snprintf(name, sizeof name, "%s_close", kind);
    return callv(name, 1, h);
}

/* ---- handles for arguments ---------------------------------------------------------------- */

static uint64_t addr_from(const char *text)
{
    uint64_t a = 0;
    int32_t family = text[0] >= '0' && text[0] <= '9' ? constant("AF_INET")
                     : text[0] == '[' ? constant("AF_INET6") : text[0] == '/' ? constant("AF_UNIX") : 0;
    int32_t rc = callv("sx_addr_from_string", 3, family, text, &a);
    if (rc != 0) {
        fprintf(stderr, "sx_addr_from_string(%s) = %d\n", text, rc);
        exit(2);
    }
    return a;
}

/* An address of the family a function's name asks for; AF_INET otherwise. */
static uint64_t addr_for(const char *fn)
{
    if (!strncmp(fn, "sx_socket_", 10) && !strstr(fn, "multicast")) {
        /* the sockets of these calls are AF_UNIX: the unnamed address (bind autobinds) */
        uint64_t a = 0;
        if (callv("sx_addr_from_string", 3, constant("AF_UNIX"), "", &a) != 0)
            exit(2);
        return a;
    }
    static const struct { const char *prefix, *text; } by_name[] = {
        {"sx_addr_netlink", "netlink:0:0"}, {"sx_addr_vsock", "vsock:2:1234"},
        {"sx_addr_qipcrtr", "qipcrtr:1:2"}, {"sx_addr_tipc", "tipc:name:18888:17:17:2"},
        {"sx_addr_alg", "alg:hash:sha256:0:0"}, {"sx_addr_packet", "packet:lo:0x0003:0:772:00:00:00:00:00:00"},
        {"sx_addr_bt_l2cap", "l2cap:[00:00:00:00:00:00]:1:0:0"}, {"sx_addr_bt_hci", "hci:0:0"},
        {"sx_addr_bt_device", "hci:0:0"}, {"sx_addr_bt", "rfcomm:[00:00:00:00:00:00]:1"},
        {"sx_addr_can", "can:"}, {"sx_addr_unix", "/tmp/sx-ffi-conformance.sock"},
        {"sx_addr_flowinfo", "[::1]:0"}, {"sx_addr_scope_id", "[::1]:0"},
    };
    for (size_t i = 0; i < sizeof by_name / sizeof by_name[0]; i++)
        if (!strncmp(fn, by_name[i].prefix, strlen(by_name[i].prefix)))
            return addr_from(by_name[i].text);
    return addr_from("127.0.0.1:0");
}

/* One end of a fresh AF_UNIX stream pair, non-blocking, with a byte waiting to be read;
 * the other end goes to *peer. */
static uint64_t socket_pair_end(uint64_t *peer)
{
    uint64_t a = 0, b = 0;
    size_t sent = 0;
    if (callv("sx_socketpair", 5, constant("AF_UNIX"), constant("SOCK_STREAM"), (int32_t)0, &a, &b) != 0 ||
        callv("sx_socket_settimeout", 2, a, 0.0) != 0 || callv("sx_socket_send", 5, b, "x", (size_t)1, (int32_t)0, &sent) != 0) {
        fprintf(stderr, "cannot make a socket pair\n");
        exit(2);
    }
    *peer = b;
    return a;
}

/* A received message carrying one SCM_RIGHTS item (a descriptor of /dev/null), for the getters
 * of received items. */
static uint64_t received_msg(void)
{
    uint64_t a, b = 0, anc = 0, msg = 0;
    char byte = 'm', in[8];
    const void *out_bufs[1] = {&byte};
    void *in_bufs[1] = {in};
    size_t lens[1] = {1}, in_lens[1] = {sizeof in}, sent = 0;
    int32_t fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    a = socket_pair_end(&b);
    if (fd < 0 || callv("sx_msg_new", 1, &anc) != 0 || callv("sx_msg_add_fds", 3, anc, &fd, (size_t)1) != 0 ||
        callv("sx_socket_sendmsg", 8, b, out_bufs, lens, (size_t)1, anc, (int32_t)0, (uint64_t)0, &sent) != 0 ||
        callv("sx_socket_recvmsg", 7, a, in_bufs, in_lens, (size_t)1, (size_t)64, (int32_t)0, &msg) != 0) {
        fprintf(stderr, "cannot make a received message\n");
        exit(2);
    }
    close(fd);
    release("sx_msg", anc);
    release("sx_socket", a);
    release("sx_socket", b);
    return msg;
}

static uint64_t list_for(const char *fn)
{
    uint64_t l = 0;
    int32_t rc;
    if (!strncmp(fn, "sx_hostent_", 11))
        rc = callv("sx_gethostbyname_ex", 2, "localhost", &l);
    else if (!strncmp(fn, "sx_ifentry_", 11))
        rc = callv("sx_if_nameindex", 1, &l);
    else
        rc = callv("sx_getaddrinfo", 7, "127.0.0.1", "80", (int32_t)0, (int32_t)0, (int32_t)0, (int32_t)0, &l);
    if (rc != 0) {
        fprintf(stderr, "cannot make a list for %s: %d\n", fn, rc);
        exit(2);
    }
    return l;
}

/* ---- one call's arguments ----------------------------------------------------------------- */

struct call {
    struct func *fn;
    union value args[MAX_PARAMS];
    unsigned char store[MAX_PARAMS][STORE];  /* what pointer arguments point to */
    uint64_t owned[MAX_PARAMS * 2];          /* handles to release after the call, with kinds */
    const char *owned_kind[MAX_PARAMS * 2];
    int nowned;
    int fd_to_close[4], nfds;
    int given_fd;                            /* a descriptor the call takes over when it succeeds */
    int32_t rc;
    void *ptrs[4];                           /* arrays of pointers */
    size_t lens[4];
};

static int idx(const struct func *fn, const char *name)
{
    for (int i = 0; i < fn->nparams; i++)
        if (!strcmp(fn->params[i].name, name))
            return i;
    return -1;
}

static void own(struct call *c, const char *kind, uint64_t h)
{
    c->owned[c->nowned] = h;
    c->owned_kind[c->nowned++] = kind;
}

static uint64_t make_handle(struct call *c, const char *kind)
{
    uint64_t h, peer;
    if (!strcmp(kind, "sx_socket") && (strstr(c->fn->name, "multicast") || strstr(c->fn->name, "tcp_info"))) {
        h = 0;
        if (callv("sx_socket_open", 4, constant("AF_INET"),
                  constant(strstr(c->fn->name, "tcp_info") ? "SOCK_STREAM" : "SOCK_DGRAM"), (int32_t)0, &h) != 0)
            exit(2);
    } else if (!strcmp(kind, "sx_socket")) {
        h = socket_pair_end(&peer);
        own(c, "sx_socket", peer);
    } else if (!strcmp(kind, "sx_addr")) {
        h = addr_for(c->fn->name);
    } else if (!strcmp(kind, "sx_list")) {
        h = list_for(c->fn->name);
    } else if (!strncmp(c->fn->name, "sx_msg_item", 11) || !strcmp(c->fn->name, "sx_msg_take_fd") ||
               !strcmp(c->fn->name, "sx_msg_find") || !strcmp(c->fn->name, "sx_msg_fd_count")) {
        h = received_msg();
    } else {
        h = 0;
        if (callv("sx_msg_new", 1, &h) != 0)
            exit(2);
    }
    own(c, kind, h);
    return h;
}

static int pipe_fd(struct call *c)
{
    int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        exit(2);
    c->fd_to_close[c->nfds++] = fd;
    return fd;
}

/* Valid arguments from the roles, then the recipes of the functions that need context. */
static void build(struct call *c, struct func *fn)
{
    memset(c, 0, sizeof *c);
    c->fn = fn;
    c->given_fd = -1;
    for (int i = 0; i < fn->nparams; i++) {
        struct param *p = &fn->params[i];
        memset(c->store[i], SENTINEL, STORE);
        if (!strcmp(p->role, "in") || !strcmp(p->role, "release")) {
            if (!strcmp(p->type, "handle") && p->zero_ok && strcmp(p->role, "release"))
                c->args[i].u64 = 0; /* "none", which the manifest allows here */
            else if (!strcmp(p->type, "handle"))
                c->args[i].u64 = make_handle(c, p->kind);
            else if (!strcmp(p->type, "string"))
                c->args[i].ptr = "127.0.0.1";
            else
                c->args[i].u64 = 0;
        } else if (!strcmp(p->role, "out")) {
            c->args[i].ptr = c->store[i];
        } else if (!strcmp(p->role, "buffer")) {
            static const unsigned char v4[4] = {127, 0, 0, 1};
            memcpy(c->store[i], v4, 4);
            c->args[i].ptr = c->store[i];
        } else if (!strcmp(p->role, "length")) {
            c->args[i].size = 4;
        } else if (!strcmp(p->role, "out_buffer") || !strcmp(p->role, "string_out") || !strcmp(p->role, "out_array")) {
            c->args[i].ptr = c->store[i];
        } else if (!strcmp(p->role, "capacity")) {
            struct param *of = &fn->params[idx(fn, p->ref)];
            c->args[i].size = !strcmp(of->role, "out_array") ? STORE / 8 : 256;
        } else if (!strcmp(p->role, "length_out")) {
            c->args[i].ptr = c->store[i];
        } else if (!strcmp(p->role, "array")) {
            c->args[i].ptr = c->store[i];
            if (!strcmp(p->target, "pointer")) {
                ((void **)c->store[i])[0] = c->store[MAX_PARAMS - 1];
            } else if (!strcmp(p->target, "size")) {
                ((size_t *)c->store[i])[0] = 16;
            } else if (!strcmp(p->target, "handle")) {
                ((uint64_t *)c->store[i])[0] = make_handle(c, p->kind);
            } else {
                ((int32_t *)c->store[i])[0] = !strcmp(p->name, "fds") ? pipe_fd(c) : 0;
            }
        } else if (!strcmp(p->role, "count")) {
            c->args[i].size = 1;
        } else {
            fprintf(stderr, "%s: unknown role %s\n", fn->name, p->role);
            exit(2);
        }
    }
    /* Recipes: values the roles cannot know. */
    const char *n = fn->name;
    int k;
#define SET(param, field, v) do { if ((k = idx(fn, param)) >= 0) c->args[k].field = (v); } while (0)
    if (!strcmp(n, "sx_socketpair") || !strcmp(n, "sx_socket_open") || !strcmp(n, "sx_addr_from_string")) {
        SET("family", i32, constant("AF_UNIX"));
        SET("type", i32, constant("SOCK_STREAM"));
        SET("text", ptr, "/tmp/sx-ffi");
    }
    if (!strcmp(n, "sx_socket_adopt") || !strcmp(n, "sx_socket_fromfd") || !strcmp(n, "sx_fd_close") ||
        !strcmp(n, "sx_fd_dup") || !strcmp(n, "sx_socket_sendfile")) {
        /* adopt and sx_fd_close take the descriptor over: give them one of their own */
        uint64_t s = 0;
        int32_t fd = -1;
        if (callv("sx_socket_open", 4, constant("AF_UNIX"), constant("SOCK_STREAM"), (int32_t)0, &s) != 0 ||
            callv("sx_socket_detach", 2, s, &fd) != 0)
            exit(2);
        if (!strcmp(n, "sx_socket_fromfd") || !strcmp(n, "sx_fd_dup"))
            c->fd_to_close[c->nfds++] = fd;
        if (!strcmp(n, "sx_socket_adopt") || !strcmp(n, "sx_fd_close"))
            c->given_fd = fd;
        if (!strcmp(n, "sx_socket_sendfile")) {
            close(fd);
            fd = pipe_fd(c);
        }
        SET("fd", i32, fd);
        SET("family", i32, -1);
        SET("type", i32, -1);
        SET("proto", i32, -1);
    }
    if (!strcmp(n, "sx_constant"))
        SET("name", ptr, "AF_INET");
    if (!strcmp(n, "sx_error_code"))
        SET("name", ptr, "SX_EARG");
    if (!strcmp(n, "sx_getaddrinfo") || !strcmp(n, "sx_getservbyname"))
        SET(!strcmp(n, "sx_getaddrinfo") ? "port" : "name", ptr, "80");
    if (!strcmp(n, "sx_getservbyname"))
        SET("name", ptr, "http");
    if (!strcmp(n, "sx_getservbyport"))
        SET("port", i32, 80);
    if (!strcmp(n, "sx_getservbyname") || !strcmp(n, "sx_getservbyport"))
        SET("proto", ptr, "tcp");
    if (!strcmp(n, "sx_getprotobyname"))
        SET("name", ptr, "tcp");
    if (!strcmp(n, "sx_gethostbyname") || !strcmp(n, "sx_gethostbyname_ex") || !strcmp(n, "sx_getfqdn"))
        SET("name", ptr, "localhost");
    if (!strcmp(n, "sx_if_nametoindex"))
        SET("name", ptr, "lo");
    if (!strcmp(n, "sx_if_indextoname"))
        SET("ifindex", u32, 1);
    if (!strcmp(n, "sx_setdefaulttimeout"))
        SET("seconds", f64, -1.0); /* SX_TIMEOUT_NONE, the initial value: leave the process as it was */
    if (!strcmp(n, "sx_socket_settimeout"))
        SET("seconds", f64, 0.0);
    if (!strcmp(n, "sx_create_connection") || !strcmp(n, "sx_create_connection_ex"))
        SET("timeout", f64, 0.0);
    if (!strcmp(n, "sx_socket_getsockopt_int") || !strcmp(n, "sx_socket_setsockopt_int") ||
        !strcmp(n, "sx_socket_getsockopt_bytes")) {
        SET("level", i32, constant("SOL_SOCKET"));
        SET("optname", i32, constant("SO_SNDBUF"));
        SET("value", i64, 65536);
        SET("cap", size, 4);
    }
    if (!strcmp(n, "sx_addr_from_sockaddr")) {
        /* an AF_INET sockaddr made by the library itself: no struct layout known here */
        uint64_t a = addr_from("127.0.0.1:0");
        size_t len = 0;
        if (callv("sx_addr_to_sockaddr", 4, a, c->store[0], (size_t)STORE, &len) != 0)
            exit(2);
        release("sx_addr", a);
        SET("len", size, len);
    }
    if (!strcmp(n, "sx_inet_ntop"))
        SET("family", i32, constant("AF_INET"));
    if (!strcmp(n, "sx_inet_pton")) {
        SET("family", i32, constant("AF_INET"));
    }
    if (!strcmp(n, "sx_thread_set_interruptible"))
        SET("on", i32, 0);
    if (!strcmp(n, "sx_socket_setblocking"))
        SET("blocking", i32, 0);
    if (!strcmp(n, "sx_sethostname")) {
        /* the current name again: a valid call that changes nothing */
        static char host[256];
        size_t len = 0;
        if (gethostname(host, sizeof host) != 0)
            exit(2);
        (void)len;
        SET("name", ptr, host);
    }
    if (!strncmp(n, "sx_addr_bt_", 11))
        SET("bdaddr", ptr, "00:00:00:00:00:00");
    if (!strncmp(n, "sx_addr_can", 11))
        SET("ifname", ptr, "");
    if (!strcmp(n, "sx_addr_packet"))
        SET("ifname", ptr, "lo");
    if (!strcmp(n, "sx_addr_inet6"))
        SET("host", ptr, "::1");
    if (!strcmp(n, "sx_addr_tipc"))
        SET("addr_type", i32, constant("TIPC_ADDR_NAME"));
    if (!strcmp(n, "sx_socket_setsockopt_bytes")) {
        static const int32_t sndbuf = 65536;
        SET("level", i32, constant("SOL_SOCKET"));
        SET("optname", i32, constant("SO_SNDBUF"));
        memcpy(c->store[idx(fn, "value")], &sndbuf, 4);
    }
    if (!strcmp(n, "sx_msg_find")) {
        SET("level", i32, constant("SOL_SOCKET"));
        SET("type", i32, constant("SCM_RIGHTS"));
    }
    if (!strcmp(n, "sx_socket_packet_membership"))
        SET("ifindex", i32, 1);
    if (!strcmp(n, "sx_socket_tcp_info_get"))
        SET("name", ptr, "rtt");
    if (strstr(n, "multicast"))
        SET("group", u64, addr_from("224.0.0.251:0"));
    if (!strcmp(n, "sx_can_frame_decode")) {
        SET("frame_len", size, 16);
        memset(c->store[0], 0, 16);
    }
    if (!strcmp(n, "sx_socket_recv_fds") || !strcmp(n, "sx_socket_recvmsg"))
        SET("flags", i32, constant("MSG_DONTWAIT"));
#undef SET
}

static void cleanup(struct call *c)
{
    if (c->given_fd >= 0 && c->rc != 0)
        close(c->given_fd);
    for (int i = 0; i < c->nowned; i++)
        release(c->owned_kind[i], c->owned[i]);
    for (int i = 0; i < c->nfds; i++)
        close(c->fd_to_close[i]);
}

static int documented(const struct func *fn, int32_t rc)
{
    for (int i = 0; i < fn->nstatuses; i++)
        if (fn->statuses[i] == rc)
            return 1;
    return fn->os_codes && rc < 0 && rc >= -999;
}

static int untouched(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != SENTINEL)
            return 0;
    return 1;
}

/* After a failed call: every output (but a length_out, reported on failure) left as it was. */
static void check_untouched(struct call *c, const char *what)
{
    for (int i = 0; i < c->fn->nparams; i++) {
        const char *r = c->fn->params[i].role;
        if ((strcmp(r, "out") && strcmp(r, "out_buffer") && strcmp(r, "string_out") && strcmp(r, "out_array")) ||
            c->fn->params[i].written_on_failure)
            continue;
        checks++;
        /* Some functions clear a scalar or handle out-parameter to 0 when they fail (0 is "none",
         * harmless to a binder); any other write is a failure. */
        static const unsigned char zero[8];
        size_t w = !strcmp(c->fn->params[i].target, "int32") || !strcmp(c->fn->params[i].target, "uint32") ? 4 : 8;
        if (!strcmp(r, "out") && !memcmp(c->store[i], zero, w) && untouched(c->store[i] + w, 64 - w))
            continue;
        if (!untouched(c->store[i], 64))
            fail(c->fn->name, "%s: output %s was written by a failing call", what, c->fn->params[i].name);
    }
}

static void expect(struct call *c, int32_t rc, int32_t want, const char *what)
{
    checks += 2;
    c->rc = rc;
    c->fn->invalid_calls++;
    if (rc != want)
        fail(c->fn->name, "%s: status %d, expected %d", what, rc, want);
    else if (!documented(c->fn, want))
        fail(c->fn->name, "%s: status %d is not among the manifest's statuses for it", what, want);
    if (rc != 0)
        check_untouched(c, what);
}

/* ---- the invalid pass, generic --------------------------------------------------------------- */

static void invalid_pass(struct func *fn)
{
    struct call *c = malloc(sizeof *c);
    char what[160];
    int32_t earg = code("SX_EARG"), ebad = code("SX_EBADHANDLE");
    for (int i = 0; i < fn->nparams; i++) {
        struct param *p = &fn->params[i];
        if (!strcmp(p->type, "handle") && (!strcmp(p->role, "in") || !strcmp(p->role, "release"))) {
            int closing = !strcmp(p->role, "release") && p->zero_ok;
            if (!p->zero_ok || closing) {
                build(c, fn);
                c->args[i].u64 = 0;
                snprintf(what, sizeof what, "%s = 0", p->name);
                expect(c, call(fn, c->args), closing ? 0 : ebad, what);
                cleanup(c);
            }
            build(c, fn);
            uint64_t h = c->args[i].u64;
            uint64_t gone = make_handle(c, p->kind);
            c->nowned--; /* released here, not by cleanup */
            release(p->kind, gone);
            c->args[i].u64 = gone;
            snprintf(what, sizeof what, "%s = a released %s", p->name, p->kind);
            expect(c, call(fn, c->args), closing ? 0 : ebad, what);
            (void)h;
            cleanup(c);
            /* a live handle of another kind: SX_EBADHANDLE, from a close too */
            build(c, fn);
            uint64_t other = 0;
            const char *other_kind = strcmp(p->kind, "sx_msg") ? "sx_msg" : "sx_list";
            if (!strcmp(other_kind, "sx_msg") ? callv("sx_msg_new", 1, &other) : callv("sx_if_nameindex", 1, &other))
                exit(2);
            own(c, other_kind, other);
            c->args[i].u64 = other;
            snprintf(what, sizeof what, "%s = a live %s", p->name, other_kind);
            expect(c, call(fn, c->args), ebad, what);
            cleanup(c);
        } else if ((!strcmp(p->role, "out") || !strcmp(p->role, "length_out")) && strcmp(p->nullable, "true")) {
            build(c, fn);
            c->args[i].ptr = NULL;
            snprintf(what, sizeof what, "%s = NULL", p->name);
            expect(c, call(fn, c->args), earg, what);
            cleanup(c);
        } else if (!strcmp(p->type, "string") && !strcmp(p->nullable, "false")) {
            build(c, fn);
            c->args[i].ptr = NULL;
            snprintf(what, sizeof what, "%s = NULL", p->name);
            expect(c, call(fn, c->args), earg, what);
            cleanup(c);
        } else if (!strcmp(p->role, "count")) {
            /* a count no array can have: refused before any element is read */
            build(c, fn);
            c->args[i].size = SIZE_MAX;
            int32_t rc = call(fn, c->args);
            snprintf(what, sizeof what, "%s = SIZE_MAX", p->name);
            int32_t want = rc == code("SX_EMSGSIZE") || rc == code("SX_EOUTOFRANGE") ? rc : earg;
            expect(c, rc, want, what);
            cleanup(c);
        } else if (!strcmp(p->nullable, "only_when_empty")) {
            build(c, fn);
            c->args[i].ptr = NULL;
            snprintf(what, sizeof what, "%s = NULL with %s non-zero", p->name, p->ref);
            expect(c, call(fn, c->args), earg, what);
            cleanup(c);
        }
    }
    free(c);
}

/* Functions whose only arguments are numbers: the invalid value comes from their documentation. */
static void invalid_scalars(struct func *fn)
{
    static const struct { const char *fn, *param; double value; } table[] = {
        {"sx_fd_close", "fd", -1}, {"sx_fd_dup", "fd", -1}, {"sx_setdefaulttimeout", "seconds", -5},
        {"sx_thread_set_interruptible", "on", 2}, {"sx_socket_settimeout", "seconds", -5},
        {"sx_ntohs", "x", 70000}, {"sx_htons", "x", -1}, {"sx_ntohl", "x", -1}, {"sx_htonl", "x", 5e9},
        {"sx_cmsg_len", "length", -1}, {"sx_cmsg_space", "length", -1},
    };
    for (size_t t = 0; t < sizeof table / sizeof table[0]; t++) {
        if (strcmp(table[t].fn, fn->name))
            continue;
        struct call *c = malloc(sizeof *c);
        build(c, fn);
        int k = idx(fn, table[t].param);
        const char *ty = fn->params[k].type;
        if (!strcmp(ty, "float64"))
            c->args[k].f64 = table[t].value;
        else if (!strcmp(ty, "int64"))
            c->args[k].i64 = (int64_t)table[t].value;
        else
            c->args[k].i32 = (int32_t)table[t].value;
        int32_t rc = call(fn, c->args);
        char what[96];
        snprintf(what, sizeof what, "%s = %g", table[t].param, table[t].value);
        int range = !strncmp(fn->name, "sx_ntoh", 7) || !strncmp(fn->name, "sx_hton", 7) ||
                    !strncmp(fn->name, "sx_cmsg", 7);
        int32_t want = range ? code("SX_EOUTOFRANGE") : code("SX_EARG");
        expect(c, rc, want, what);
        cleanup(c);
        free(c);
    }
}

/* ---- the valid pass ---------------------------------------------------------------------------- */

static void valid_pass(struct func *fn)
{
    struct call *c = malloc(sizeof *c);
    build(c, fn);
    if (fn->returns_string) {
        const char *s = (const char *)(uintptr_t)call_raw(fn, c->args, &ffi_type_pointer);
        checks++;
        fn->valid_calls++;
        if (!s)
            fail(fn->name, "returned NULL");
        cleanup(c);
        free(c);
        return;
    }
    int32_t rc = call(fn, c->args);
    c->rc = rc;
    fn->valid_calls++;
    checks++;
    if (!documented(fn, rc))
        fail(fn->name, "valid call: status %d is not among the manifest's statuses for it", rc);
    else if (rc != 0 && getenv("SX_FFI_VERBOSE"))
        printf("valid call of %s: documented status %d\n", fn->name, rc);
    if (rc == 0) {
        fn->valid_ok++;
        for (int i = 0; i < fn->nparams; i++) {
            struct param *p = &fn->params[i];
            if (!strcmp(p->role, "out")) {
                checks++;
                if (untouched(c->store[i], !strcmp(p->target, "int32") || !strcmp(p->target, "uint32") ? 4 : 8))
                    fail(fn->name, "valid call: %s not written", p->name);
                if (!strcmp(p->target, "handle")) {
                    uint64_t h;
                    memcpy(&h, c->store[i], 8);
                    if (h) {
                        checks++;
                        if (release(p->kind, h) != 0)
                            fail(fn->name, "valid call: new %s %s does not release", p->kind, p->name);
                    }
                }
                if (!strcmp(p->name, "fd_out") && (!strcmp(fn->name, "sx_fd_dup") || !strcmp(fn->name, "sx_socket_detach") ||
                                                   !strcmp(fn->name, "sx_msg_take_fd"))) {
                    int32_t fd;
                    memcpy(&fd, c->store[i], 4);
                    close(fd);
                }
            } else if (!strcmp(p->role, "length_out")) {
                int of = idx(fn, p->ref);
                size_t len, cap = c->args[idx(fn, fn->params[of].ref)].size;
                memcpy(&len, c->store[i], sizeof len);
                checks++;
                if (len > cap || (!strcmp(fn->params[of].role, "string_out") &&
                                  (len >= cap || c->store[of][len] != 0)))
                    fail(fn->name, "valid call: %s = %zu for capacity %zu", p->name, len, cap);
            } else if (!strcmp(p->role, "release")) {
                c->nowned--; /* already released by the call */
                for (int k = 0; k < c->nowned; k++)
                    if (c->owned[k] == c->args[i].u64)
                        c->owned[k] = c->owned[c->nowned];
            }
        }
    }
    cleanup(c);
    free(c);
}

int main(int argc, char **argv)
{
    if (argc != 3 && argc != 4) {
        fprintf(stderr, "usage: %s MANIFEST.flat LIBRARY [NAME]\n", argv[0]);
        return 2;
    }
    alarm(120); /* bounded: a hang is a failure */
    read_manifest(argv[1]);
    lib = dlopen(argv[2], RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        fprintf(stderr, "dlopen: %s\n", dlerror());
        return 2;
    }
    for (int i = 0; i < nfuncs; i++) {
        funcs[i].sym = dlsym(lib, funcs[i].name);
        if (!funcs[i].sym)
            fail(funcs[i].name, "dlsym: not exported");
    }
    if (failures)
        return 1;
    for (int i = 0; i < nfuncs; i++) {
        if (argc == 4 && strcmp(funcs[i].name, argv[3])) {
            funcs[i].valid_calls = funcs[i].invalid_calls = 1; /* not asked for */
            continue;
        }
        if (!funcs[i].returns_string) {
            invalid_pass(&funcs[i]);
            invalid_scalars(&funcs[i]);
        }
        else if (funcs[i].nparams == 1) {
            /* a status-text function given a number that is no status: still a static string */
            union value arg = {.i32 = 123456};
            checks++;
            funcs[i].invalid_calls++;
            if (!call_raw(&funcs[i], &arg, &ffi_type_pointer))
                fail(funcs[i].name, "returned NULL for an unknown code");
        }
        valid_pass(&funcs[i]);
    }
    int uncovered = 0;
    for (int i = 0; i < nfuncs; i++) {
        if (!funcs[i].valid_calls || (!funcs[i].invalid_calls && funcs[i].nparams > 0)) {
            fail(funcs[i].name, "not called with %s arguments", funcs[i].valid_calls ? "invalid" : "valid");
            uncovered++;
        }
    }
    /* No dlclose(): the library's own tables stay reachable, so a leak checker reports only
     * what a call really lost. */
    int valid_ok = 0, invalid = 0;
    for (int i = 0; i < nfuncs; i++) {
        valid_ok += funcs[i].valid_ok;
        invalid += funcs[i].invalid_calls;
    }
    printf("ffi:libffi-conformance: %d functions called through libffi (%d valid calls returned 0), %d invalid-argument "
           "calls, %ld checks, %ld known deviations, %ld failures, %d functions not covered\n",
           nfuncs, valid_ok, invalid, checks, known_seen, failures, uncovered);
    return failures ? 1 : 0;
}
