/* SPDX-License-Identifier: MIT */
/*
 * ffi:libffi-conformance - call every exported function of libsocketx the way an FFI with
 * no C header would: the signatures and roles come from abi/manifest.json, the symbols
 * from dlopen()/dlvsym() (each under its version node), the calls from libffi. No
 * libsocketx header is included.
 *
 * For every function:
 *  - valid calls: handles of the right kind made fresh for the call (an AF_UNIX socket
 *    pair end in non-blocking mode, an IPv4 address, an interface list, a message),
 *    buffers of 256 bytes with their lengths, strings, zero scalars. The status must be
 *    one the manifest lists; on success every out handle is non-zero and releasable and
 *    every written length is within its capacity.
 *  - invalid calls, derived from the roles alone: a stale handle in each handle parameter
 *    (SX_EBADHANDLE), NULL for each out parameter whose doc does not allow NULL and NULL
 *    for each input buffer with a nonzero length (SX_EARG), and, for every function,
 *    extreme values in each plain scalar (a listed status, no crash). On every failing
 *    call the out parameters must be left untouched.
 * A function not called both ways fails the test by name.
 *
 * Usage: sx_ffi_conformance MANIFEST LIBRARY
 */
#define _GNU_SOURCE
#include "json_reader.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <ffi.h>
#include <math.h>
#include <sched.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_PARAMS 16
#define BUF_SIZE 256
#define SENTINEL 0xA5

enum wire { W_INT32, W_UINT32, W_INT64, W_UINT64, W_SIZE, W_DOUBLE, W_POINTER };
enum kind { K_NONE = -1, K_SOCKET, K_ADDR, K_LIST, K_MSG, K_COUNT };
static const char *const kind_names[K_COUNT] = { "sx_socket", "sx_addr", "sx_list", "sx_msg" };

struct param {
    const char *name, *role, *doc, *pointee, *element;
    enum wire wire;
    enum kind handle;
    int nullable; /* the doc says NULL is accepted */
};

struct function {
    const char *name, *version;
    int returns_status;
    size_t n;
    struct param p[MAX_PARAMS];
    void *sym;
    ffi_cif cif;
    ffi_type *types[MAX_PARAMS];
    int valid_calls, invalid_calls;
};

/* One call's argument storage: a value slot per parameter, the memory pointers point at. */
struct call {
    union {
        int32_t i32; uint32_t u32; int64_t i64; uint64_t u64; size_t size; double d; void *ptr;
    } v[MAX_PARAMS];
    void *args[MAX_PARAMS];
    unsigned char out[MAX_PARAMS][64];
    unsigned char buf[MAX_PARAMS][BUF_SIZE];
    void *ptrs[MAX_PARAMS][1];
    size_t lens[MAX_PARAMS][1];
    uint64_t handles[MAX_PARAMS][1];
    int32_t fds[MAX_PARAMS][1];
    uint64_t made[4 * MAX_PARAMS];
    enum kind made_kind[4 * MAX_PARAMS];
    size_t n_made;
    int opened_fds[MAX_PARAMS];
    size_t n_fds;
};

static struct function functions[256];
static size_t n_functions;
static int32_t *status_codes;
static size_t n_status_codes;
static int32_t st_badhandle, st_arg;
static void *lib;
static unsigned long checks, failures;

/* Helpers the test uses to make and release handles: looked up like everything else. */
static int32_t (*p_socketpair)(int32_t, int32_t, int32_t, uint64_t *, uint64_t *);
static int32_t (*p_settimeout)(uint64_t, double);
static int32_t (*p_addr_inet)(const char *, int32_t, uint64_t *);
static int32_t (*p_if_nameindex)(uint64_t *);
static int32_t (*p_msg_new)(uint64_t *);
static int32_t (*p_constant)(const char *, int64_t *);
static int32_t (*p_setdefaulttimeout)(double);
static int32_t (*p_release[K_COUNT])(uint64_t);

static void failf(const struct function *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void failf(const struct function *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "FAIL %s: ", f ? f->name : "-");
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    failures++;
}

static void check(const struct function *f, int ok, const char *what, int32_t status)
{
    checks++;
    if (!ok)
        failf(f, "%s (status %d)", what, (int)status);
}

static int status_listed(int32_t st)
{
    for (size_t i = 0; i < n_status_codes; i++)
        if (status_codes[i] == st)
            return 1;
    return 0;
}

static void *must_sym(const char *name, const char *version)
{
    void *s = dlvsym(lib, name, version);
    if (!s) {
        fprintf(stderr, "FAIL %s: not exported under %s\n", name, version);
        exit(1);
    }
    return s;
}

static const char *version_of(const char *name)
{
    for (size_t i = 0; i < n_functions; i++)
        if (strcmp(functions[i].name, name) == 0)
            return functions[i].version;
    fprintf(stderr, "FAIL %s: not in the manifest\n", name);
    exit(1);
}

static int64_t constant(const char *name)
{
    int64_t v = 0;
    if (p_constant(name, &v) != 0) {
        fprintf(stderr, "FAIL sx_constant(%s)\n", name);
        exit(1);
    }
    return v;
}

/* ---- Reading the manifest ------------------------------------------------------------- */

static enum wire wire_of(const char *t)
{
    static const char *const names[] = { "int32", "uint32", "int64", "uint64", "size", "double", "pointer" };
    for (int i = 0; i < 7; i++)
        if (strcmp(t, names[i]) == 0)
            return (enum wire)i;
    fprintf(stderr, "manifest: unknown type %s\n", t);
    exit(1);
}

static ffi_type *ffi_of(enum wire w)
{
    switch (w) {
    case W_INT32: return &ffi_type_sint32;
    case W_UINT32: return &ffi_type_uint32;
    case W_INT64: return &ffi_type_sint64;
    case W_UINT64: return &ffi_type_uint64;
    case W_SIZE: return sizeof(size_t) == 8 ? &ffi_type_uint64 : &ffi_type_uint32;
    case W_DOUBLE: return &ffi_type_double;
    default: return &ffi_type_pointer;
    }
}

static enum kind kind_of(const char *name)
{
    for (int k = 0; name && k < K_COUNT; k++)
        if (strcmp(name, kind_names[k]) == 0)
            return (enum kind)k;
    return K_NONE;
}

static void load_manifest(const struct jr_value *m)
{
    const struct jr_value *fs = jr_get(m, "functions"), *codes = jr_get(m, "status_codes");
    if (!fs || fs->kind != JR_ARRAY || !codes || codes->kind != JR_ARRAY || fs->count > 256) {
        fprintf(stderr, "manifest: no functions or status_codes\n");
        exit(1);
    }
    for (size_t i = 0; i < fs->count; i++) {
        const struct jr_value *jf = &fs->items[i], *ps = jr_get(jf, "params");
        struct function *f = &functions[n_functions++];
        f->name = jr_string(jf, "name");
        f->version = jr_string(jf, "version");
        f->returns_status = strcmp(jr_string(jr_get(jf, "returns"), "role"), "status") == 0;
        f->n = ps->count;
        if (f->n > MAX_PARAMS) {
            fprintf(stderr, "manifest: %s has too many parameters\n", f->name);
            exit(1);
        }
        for (size_t j = 0; j < f->n; j++) {
            struct param *p = &f->p[j];
            p->name = jr_string(&ps->items[j], "name");
            p->role = jr_string(&ps->items[j], "role");
            p->doc = jr_string(&ps->items[j], "doc");
            p->pointee = jr_string(&ps->items[j], "pointee");
            p->element = jr_string(&ps->items[j], "element");
            p->wire = wire_of(jr_string(&ps->items[j], "type"));
            p->handle = kind_of(jr_string(&ps->items[j], "handle"));
            p->nullable = p->doc && strstr(p->doc, "NULL") != NULL;
            f->types[j] = ffi_of(p->wire);
        }
    }
    status_codes = calloc(codes->count, sizeof *status_codes);
    for (size_t i = 0; i < codes->count; i++) {
        const struct jr_value *c = jr_get(&codes->items[i], "value");
        const char *name = jr_string(&codes->items[i], "name");
        status_codes[n_status_codes++] = (int32_t)c->number;
        if (strcmp(name, "SX_EBADHANDLE") == 0)
            st_badhandle = (int32_t)c->number;
        if (strcmp(name, "SX_EARG") == 0)
            st_arg = (int32_t)c->number;
    }
    if (!st_badhandle || !st_arg) {
        fprintf(stderr, "manifest: SX_EBADHANDLE or SX_EARG missing\n");
        exit(1);
    }
}

/* ---- Building a call ------------------------------------------------------------------ */

static uint64_t make_handle(struct call *c, enum kind k)
{
    uint64_t h = 0, peer = 0;
    int32_t st = -1;
    switch (k) {
    case K_SOCKET:
        st = p_socketpair((int32_t)constant("AF_UNIX"), (int32_t)constant("SOCK_STREAM"), 0, &h, &peer);
        if (st == 0) {
            p_settimeout(h, 0.0); /* nothing may block */
            c->made[c->n_made] = peer;
            c->made_kind[c->n_made++] = K_SOCKET;
        }
        break;
    case K_ADDR: st = p_addr_inet("127.0.0.1", 9, &h); break;
    case K_LIST: st = p_if_nameindex(&h); break;
    case K_MSG: st = p_msg_new(&h); break;
    default: break;
    }
    if (st != 0 || h == 0) {
        fprintf(stderr, "FAIL: cannot make a %s handle (%d)\n", kind_names[k], (int)st);
        exit(1);
    }
    c->made[c->n_made] = h;
    c->made_kind[c->n_made++] = k;
    return h;
}

static void release_all(struct call *c)
{
    for (size_t i = 0; i < c->n_made; i++)
        p_release[c->made_kind[i]](c->made[i]); /* closing twice is harmless (DESIGN §3) */
    for (size_t i = 0; i < c->n_fds; i++)
        if (fcntl(c->opened_fds[i], F_GETFD) != -1)
            close(c->opened_fds[i]);
    c->n_made = c->n_fds = 0;
}

static int is_fd_name(const char *n)
{
    return strcmp(n, "fd") == 0 || strcmp(n, "in_fd") == 0 || strcmp(n, "file_fd") == 0;
}

static int32_t open_fd(struct call *c)
{
    int fd = open("/dev/null", O_RDWR | O_CLOEXEC);
    c->opened_fds[c->n_fds++] = fd;
    return fd;
}

static size_t find_param(const struct function *f, const char *name)
{
    for (size_t j = 0; j < f->n; j++)
        if (strcmp(f->p[j].name, name) == 0)
            return j;
    return (size_t)-1;
}

/* Valid arguments for every parameter. */
static void fill_valid(const struct function *f, struct call *c)
{
    memset(c->out, SENTINEL, sizeof c->out);
    memset(c->buf, 'x', sizeof c->buf);
    for (size_t j = 0; j < f->n; j++) {
        const struct param *p = &f->p[j];
        c->args[j] = &c->v[j];
        memset(&c->v[j], 0, sizeof c->v[j]);
        if (strcmp(p->role, "in") == 0) {
            if (p->handle != K_NONE)
                c->v[j].u64 = make_handle(c, p->handle);
            else if (p->wire == W_INT32 && is_fd_name(p->name))
                c->v[j].i32 = open_fd(c);
        } else if (strcmp(p->role, "string") == 0) {
            c->v[j].ptr = "127.0.0.1";
        } else if (strcmp(p->role, "out") == 0) {
            c->v[j].ptr = c->out[j];
        } else if (!strcmp(p->role, "buffer-in") || !strcmp(p->role, "buffer-out") ||
                   !strcmp(p->role, "string-out")) {
            c->v[j].ptr = c->buf[j];
        } else if (!strcmp(p->role, "buffer-array-in") || !strcmp(p->role, "buffer-array-out")) {
            c->ptrs[j][0] = c->buf[j];
            c->v[j].ptr = c->ptrs[j];
        } else if (!strcmp(p->role, "lengths-array")) {
            c->lens[j][0] = BUF_SIZE;
            c->v[j].ptr = c->lens[j];
        } else if (!strcmp(p->role, "array-in") || !strcmp(p->role, "array-out")) {
            if (p->element && strcmp(p->element, "uint64") == 0 && !strcmp(p->role, "array-in")) {
                c->handles[j][0] = make_handle(c, K_MSG); /* the only handle array is of messages */
                c->v[j].ptr = c->handles[j];
            } else if (p->element && strcmp(p->element, "int32") == 0 && strstr(p->name, "fd")) {
                c->fds[j][0] = open_fd(c);
                c->v[j].ptr = c->fds[j];
            } else {
                c->v[j].ptr = c->buf[j];
            }
        } else if (!strcmp(p->role, "length") || !strcmp(p->role, "capacity")) {
            const struct param *of = j > 0 ? &f->p[j - 1] : NULL;
            int elements = of && (!strcmp(of->role, "array-in") || !strcmp(of->role, "array-out"));
            c->v[j].size = elements ? 1 : BUF_SIZE;
            if (elements && of->element && strcmp(of->element, "uint64") != 0 && strcmp(of->element, "int32") != 0)
                c->v[j].size = BUF_SIZE / 8;
        } else if (!strcmp(p->role, "count")) {
            c->v[j].size = 1;
        }
    }
}

static int32_t invoke(struct function *f, struct call *c, const char **string_result)
{
    ffi_arg rc = 0;
    ffi_call(&f->cif, FFI_FN(f->sym), &rc, c->args);
    if (!f->returns_status) {
        *string_result = (const char *)(uintptr_t)rc;
        return 0;
    }
    return (int32_t)rc;
}

static int untouched(const struct call *c, size_t j)
{
    for (size_t i = 0; i < sizeof c->out[j]; i++)
        if (c->out[j][i] != SENTINEL)
            return 0;
    return 1;
}

/* After a failing call no out handle may hold a handle: it is left as it was or zeroed,
 * so nothing leaks. (Counts may be written: sendall reports what it sent before failing.) */
static void check_outputs_untouched(struct function *f, struct call *c, int32_t st, size_t skip)
{
    for (size_t j = 0; j < f->n; j++) {
        const struct param *p = &f->p[j];
        if (j == skip || strcmp(p->role, "out") != 0 || p->handle == K_NONE || untouched(c, j))
            continue;
        uint64_t h;
        memcpy(&h, c->out[j], sizeof h);
        checks++;
        if (h != 0) {
            failf(f, "failed with %d but left a handle in %s", (int)st, p->name);
            p_release[p->handle](h);
        }
    }
}

/* ---- The passes ---------------------------------------------------------------------- */

static int32_t valid_call(struct function *f)
{
    struct call c = { 0 };
    const char *s = NULL;
    fill_valid(f, &c);
    int32_t st = invoke(f, &c, &s);
    f->valid_calls++;
    if (!f->returns_status) {
        check(f, s != NULL && strlen(s) > 0, "returns a non-empty static string", 0);
    } else {
        check(f, status_listed(st), "valid call returns a listed status", st);
        if (st == 0) {
            for (size_t j = 0; j < f->n; j++) {
                const struct param *p = &f->p[j];
                if (!strcmp(p->role, "out") && p->handle != K_NONE) {
                    uint64_t h;
                    memcpy(&h, c.out[j], sizeof h);
                    /* 0 is "none" only where the doc says so (e.g. a message with no sender). */
                    int may_be_none = p->doc && strstr(p->doc, "0 ");
                    check(f, h != 0 || may_be_none, "an out handle is non-zero on success", st);
                    if (h != 0)
                        check(f, p_release[p->handle](h) == 0, "an out handle is releasable", st);
                }
                if (!strcmp(p->role, "capacity")) {
                    size_t of = find_param(f, f->p[j - 1].name);
                    const char *wl = NULL;
                    (void)of;
                    /* The written length named by the buffer's 'written_length' is len_out
                     * or <buffer>_len_out: find it by convention. */
                    for (size_t k = 0; k < f->n; k++)
                        if (strstr(f->p[k].name, "len_out"))
                            wl = f->p[k].name;
                    if (wl) {
                        size_t n;
                        memcpy(&n, c.out[find_param(f, wl)], sizeof n);
                        check(f, n <= c.v[j].size, "the written length is within the capacity", st);
                    }
                }
            }
        } else {
            check_outputs_untouched(f, &c, st, (size_t)-1);
        }
    }
    release_all(&c);
    return st;
}

/* valid_st: what the valid call returned. Where the generic valid arguments are themselves
 * refused by the library's own checks (SX_EARG, SX_ENOTFOUND...: codes from -2000 down),
 * a function may report that before looking at a handle, and that is accepted too. */
static void invalid_calls(struct function *f, int32_t valid_st)
{
    const char *s = NULL;
    for (size_t j = 0; j < f->n; j++) {
        const struct param *p = &f->p[j];
        struct call c = { 0 };
        fill_valid(f, &c);
        int32_t expect = 0;
        if (!strcmp(p->role, "in") && p->handle != K_NONE) {
            p_release[p->handle](c.v[j].u64); /* stale now */
            expect = st_badhandle;
        } else if (!strcmp(p->role, "out") && !p->nullable) {
            c.v[j].ptr = NULL;
            expect = st_arg;
        } else if ((!strcmp(p->role, "buffer-in") || !strcmp(p->role, "array-in")) && !p->nullable) {
            c.v[j].ptr = NULL;
            expect = st_arg;
        } else if (!strcmp(p->role, "string")) {
            /* Some strings take NULL for "any" (getservbyname's proto): a listed status. */
            c.v[j].ptr = NULL;
            expect = 1;
        }
        if (expect != 0) {
            int32_t st = invoke(f, &c, &s);
            f->invalid_calls++;
            int closing = strstr(f->name, "_close") != NULL && expect == st_badhandle;
            char what[160];
            snprintf(what, sizeof what, "%s in %s gives %s", expect == st_badhandle ? "a stale handle" : "NULL",
                     p->name, expect == st_badhandle ? "SX_EBADHANDLE" : "SX_EARG");
            if (expect == 1)
                check(f, status_listed(st), "NULL in a string gives a listed status", st);
            else
                check(f, st == expect || (closing && st == 0) || (valid_st <= -2000 && st == valid_st), what, st);
            if (st != 0)
                check_outputs_untouched(f, &c, st, j);
        }
        release_all(&c);
    }
    /* Extreme values in the plain scalars: a listed status and no crash. */
    struct call c = { 0 };
    fill_valid(f, &c);
    int any = 0;
    for (size_t j = 0; j < f->n; j++) {
        const struct param *p = &f->p[j];
        if (strcmp(p->role, "in") != 0 || p->handle != K_NONE || is_fd_name(p->name))
            continue;
        any = 1;
        switch (p->wire) {
        case W_INT32: c.v[j].i32 = INT32_MIN; break;
        case W_UINT32: c.v[j].u32 = UINT32_MAX; break;
        case W_INT64: c.v[j].i64 = INT64_MIN; break;
        case W_UINT64: c.v[j].u64 = UINT64_MAX; break;
        case W_SIZE: c.v[j].size = SIZE_MAX; break;
        case W_DOUBLE: c.v[j].d = NAN; break;
        default: break;
        }
    }
    if (any || f->invalid_calls == 0) {
        int32_t st = invoke(f, &c, &s);
        f->invalid_calls++;
        if (f->returns_status) {
            check(f, status_listed(st), "extreme scalars give a listed status", st);
            if (st != 0)
                check_outputs_untouched(f, &c, st, (size_t)-1);
        } else {
            check(f, s != NULL, "extreme scalars still give a string", 0);
        }
    }
    release_all(&c);
}

static char *read_file(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *text = malloc((size_t)n + 1);
    if (text && fread(text, 1, (size_t)n, fp) != (size_t)n) {
        free(text);
        text = NULL;
    }
    if (text)
        text[n] = '\0';
    fclose(fp);
    return text;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s MANIFEST LIBRARY\n", argv[0]);
        return 2;
    }
    alarm(300); /* a hang fails the test instead of stalling the suite */
    /* A private UTS namespace: sx_sethostname's valid call must not rename the machine. */
    int private_uts = unshare(CLONE_NEWUTS) == 0;
    char *text = read_file(argv[1]), err[200];
    struct jr_value *m = text ? jr_parse(text, err, sizeof err) : NULL;
    if (!m) {
        fprintf(stderr, "cannot read %s: %s\n", argv[1], text ? err : "unreadable");
        return 1;
    }
    load_manifest(m);
    lib = dlopen(argv[2], RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        fprintf(stderr, "dlopen: %s\n", dlerror());
        return 1;
    }
    for (size_t i = 0; i < n_functions; i++) {
        struct function *f = &functions[i];
        f->sym = must_sym(f->name, f->version);
        if (ffi_prep_cif(&f->cif, FFI_DEFAULT_ABI, (unsigned)f->n,
                         f->returns_status ? &ffi_type_sint32 : &ffi_type_pointer, f->types) != FFI_OK) {
            fprintf(stderr, "FAIL %s: ffi_prep_cif\n", f->name);
            return 1;
        }
    }
#define HELPER(var, name) (*(void **)&(var) = must_sym(name, version_of(name)))
    HELPER(p_socketpair, "sx_socketpair");
    HELPER(p_settimeout, "sx_socket_settimeout");
    HELPER(p_addr_inet, "sx_addr_inet");
    HELPER(p_if_nameindex, "sx_if_nameindex");
    HELPER(p_msg_new, "sx_msg_new");
    HELPER(p_constant, "sx_constant");
    HELPER(p_setdefaulttimeout, "sx_setdefaulttimeout");
    for (int k = 0; k < K_COUNT; k++) {
        char name[32];
        snprintf(name, sizeof name, "%s_close", kind_names[k]);
        HELPER(p_release[k], name);
    }
    for (size_t i = 0; i < n_functions; i++) {
        struct function *f = &functions[i];
        if (strcmp(f->name, "sx_sethostname") == 0 && !private_uts) {
            fprintf(stderr, "FAIL sx_sethostname: no private UTS namespace (not root?): not called\n");
            failures++;
            continue;
        }
        int32_t valid_st = valid_call(f);
        invalid_calls(f, valid_st);
        p_setdefaulttimeout(-1.0); /* a call may have changed the process default */
    }
    size_t complete = 0;
    for (size_t i = 0; i < n_functions; i++) {
        if (functions[i].valid_calls && functions[i].invalid_calls)
            complete++;
        else
            failf(&functions[i], "not called with both valid and invalid arguments");
    }
    printf("ffi:libffi-conformance: %zu functions from the manifest, %zu called both ways, "
           "%lu checks, %lu failures\n", n_functions, complete, checks, failures);
    jr_free(m);
    free(text);
    free(status_codes);
    return failures ? 1 : 0;
}
