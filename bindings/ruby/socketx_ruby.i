/* SPDX-License-Identifier: MIT */
/*
 * bindings/ruby/socketx_ruby.i - what each role of ../swig/socketx.i means in Ruby.
 *
 * The generated extension is Socketx::Native (socketx_native.so, Init_socketx_native): one
 * module function per C function, named as in C. It is the raw layer; lib/socketx.rb and
 * lib/socketx/*.rb build the idiomatic API on top. Conventions of the raw layer:
 *  - a negative status raises the exception Socketx.exception_for(status, detail) builds
 *    (lib/socketx/errors.rb), so the mapping lives in one readable Ruby file;
 *  - out-parameters become the return value (several of them: an Array, in C order);
 *  - the data calls that can find nothing to do (recv, recvfrom, send, sendto, accept,
 *    connect, sendall) return false instead of raising on SX_EAGAIN/SX_EINPROGRESS: the
 *    idiomatic layer keeps every socket non-blocking underneath and waits in Ruby's own
 *    fd wait (GVL released, interruptible by Thread#kill/raise, woken by close), and an
 *    exception per "would block" would cost more than the ping-pong it belongs to;
 *  - a few hand-written helpers (sxrb_*) at the end: the Ruby-aware wait, the wake-up on
 *    close, and Socket's data methods (recv, recv_into, send_bytes, sendall) as C methods
 *    with their wait loop in C, for the request/response and bulk hot paths.
 *
 * Generate with: swig -ruby -initname socketx_native -I<abi/include> socketx_ruby.i
 */
%module "Socketx::Native"

/* ppoll (the wait) is a GNU extension: ask for it before any system header, in every build
 * (CMake passes -D_GNU_SOURCE too; the gem's extconf.rb does not). */
%begin %{
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
%}

%{
#include <ruby/encoding.h>
#include <ruby/io.h>
#include <ruby/thread.h>
#include <socketx.h>
#include <time.h>

/* Build the exception in Ruby (lib/socketx/errors.rb) and raise it. The detail message is
 * read at once, on this thread, before any other libsocketx call can replace it. */
static void sxrb_raise(int32_t status) {
    char detail[512];
    size_t n = 0;
    int32_t rc = sx_last_error_detail(detail, sizeof detail, &n);
    if (rc == SX_ETRUNC)
        n = sizeof detail - 1;
    else if (rc != 0)
        n = 0;
    VALUE mod = rb_const_get(rb_cObject, rb_intern("Socketx"));
    VALUE exc = rb_funcall(mod, rb_intern("exception_for"), 2, INT2NUM(status),
                           rb_enc_str_new(detail, (long)n, rb_utf8_encoding()));
    rb_exc_raise(exc);
}

/* A string or bytes result: a GC-owned Ruby String the C function writes into, so nothing
 * leaks when a raise longjmps out of the wrapper. On SX_ETRUNC the wrapper grows it to the
 * reported need and calls again (see SXRB_RETRY_ON_TRUNC). */
struct sxrb_outbuf {
    VALUE str;
    char **pstr;
    void **pbin;
    size_t *pcap;
    size_t len;
};

static VALUE sxrb_outbuf_new(void) {
    /* 256 bytes hold every address text and sockaddr; longer detail messages retry. */
    return rb_str_buf_new(256);
}

static void sxrb_outbuf_grow(struct sxrb_outbuf *ob) {
    rb_str_modify_expand(ob->str, (long)ob->len + 1);
    if (ob->pstr)
        *ob->pstr = RSTRING_PTR(ob->str);
    if (ob->pbin)
        *ob->pbin = RSTRING_PTR(ob->str);
    *ob->pcap = rb_str_capacity(ob->str);
}

/* Name resolution can take seconds: run it without the GVL so other threads go on. */
struct sxrb_resolve {
    const char *host;
    int32_t port;
    uint32_t flowinfo, scope_id;
    int inet6;
    sx_addr *out;
    int32_t rc;
};

static void *sxrb_resolve_nogvl(void *p) {
    struct sxrb_resolve *r = p;
    r->rc = r->inet6 ? sx_addr_inet6(r->host, r->port, r->flowinfo, r->scope_id, r->out)
                     : sx_addr_inet(r->host, r->port, r->out);
    return NULL;
}

/* The other calls that resolve names or connect: each runs without the GVL through a
 * <name>_released() twin (a struct of its arguments and a thread function). Unused ones are
 * inline, so an interface that does not include their header yet costs nothing. */
struct sx_getaddrinfo_call { const char *a1; const char *a2; int32_t a3; int32_t a4; int32_t a5; int32_t a6; sx_list *a7; int32_t rc; };
static inline void *sx_getaddrinfo_nogvl(void *p) {
    struct sx_getaddrinfo_call *x = p;
    x->rc = sx_getaddrinfo(x->a1, x->a2, x->a3, x->a4, x->a5, x->a6, x->a7);
    return NULL;
}
static inline int32_t sx_getaddrinfo_released(const char *a1, const char *a2, int32_t a3, int32_t a4, int32_t a5, int32_t a6, sx_list *a7) {
    struct sx_getaddrinfo_call x = {a1, a2, a3, a4, a5, a6, a7, 0};
    rb_thread_call_without_gvl(sx_getaddrinfo_nogvl, &x, NULL, NULL);
    return x.rc;
}
struct sx_getaddrinfo_port_call { const char *a1; int64_t a2; int32_t a3; int32_t a4; int32_t a5; int32_t a6; sx_list *a7; int32_t rc; };
static inline void *sx_getaddrinfo_port_nogvl(void *p) {
    struct sx_getaddrinfo_port_call *x = p;
    x->rc = sx_getaddrinfo_port(x->a1, x->a2, x->a3, x->a4, x->a5, x->a6, x->a7);
    return NULL;
}
static inline int32_t sx_getaddrinfo_port_released(const char *a1, int64_t a2, int32_t a3, int32_t a4, int32_t a5, int32_t a6, sx_list *a7) {
    struct sx_getaddrinfo_port_call x = {a1, a2, a3, a4, a5, a6, a7, 0};
    rb_thread_call_without_gvl(sx_getaddrinfo_port_nogvl, &x, NULL, NULL);
    return x.rc;
}
struct sx_getnameinfo_call { sx_addr a1; int32_t a2; char *a3; size_t a4; size_t *a5; char *a6; size_t a7; size_t *a8; int32_t rc; };
static inline void *sx_getnameinfo_nogvl(void *p) {
    struct sx_getnameinfo_call *x = p;
    x->rc = sx_getnameinfo(x->a1, x->a2, x->a3, x->a4, x->a5, x->a6, x->a7, x->a8);
    return NULL;
}
static inline int32_t sx_getnameinfo_released(sx_addr a1, int32_t a2, char *a3, size_t a4, size_t *a5, char *a6, size_t a7, size_t *a8) {
    struct sx_getnameinfo_call x = {a1, a2, a3, a4, a5, a6, a7, a8, 0};
    rb_thread_call_without_gvl(sx_getnameinfo_nogvl, &x, NULL, NULL);
    return x.rc;
}
struct sx_getnameinfo_host_call { const char *a1; int32_t a2; uint32_t a3; uint32_t a4; int32_t a5; char *a6; size_t a7; size_t *a8; char *a9; size_t a10; size_t *a11; int32_t rc; };
static inline void *sx_getnameinfo_host_nogvl(void *p) {
    struct sx_getnameinfo_host_call *x = p;
    x->rc = sx_getnameinfo_host(x->a1, x->a2, x->a3, x->a4, x->a5, x->a6, x->a7, x->a8, x->a9, x->a10, x->a11);
    return NULL;
}
static inline int32_t sx_getnameinfo_host_released(const char *a1, int32_t a2, uint32_t a3, uint32_t a4, int32_t a5, char *a6, size_t a7, size_t *a8, char *a9, size_t a10, size_t *a11) {
    struct sx_getnameinfo_host_call x = {a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, 0};
    rb_thread_call_without_gvl(sx_getnameinfo_host_nogvl, &x, NULL, NULL);
    return x.rc;
}
struct sx_gethostbyname_call { const char *a1; char *a2; size_t a3; size_t *a4; int32_t rc; };
static inline void *sx_gethostbyname_nogvl(void *p) {
    struct sx_gethostbyname_call *x = p;
    x->rc = sx_gethostbyname(x->a1, x->a2, x->a3, x->a4);
    return NULL;
}
static inline int32_t sx_gethostbyname_released(const char *a1, char *a2, size_t a3, size_t *a4) {
    struct sx_gethostbyname_call x = {a1, a2, a3, a4, 0};
    rb_thread_call_without_gvl(sx_gethostbyname_nogvl, &x, NULL, NULL);
    return x.rc;
}
struct sx_gethostbyname_ex_call { const char *a1; sx_list *a2; int32_t rc; };
static inline void *sx_gethostbyname_ex_nogvl(void *p) {
    struct sx_gethostbyname_ex_call *x = p;
    x->rc = sx_gethostbyname_ex(x->a1, x->a2);
    return NULL;
}
static inline int32_t sx_gethostbyname_ex_released(const char *a1, sx_list *a2) {
    struct sx_gethostbyname_ex_call x = {a1, a2, 0};
    rb_thread_call_without_gvl(sx_gethostbyname_ex_nogvl, &x, NULL, NULL);
    return x.rc;
}
struct sx_gethostbyaddr_call { const char *a1; sx_list *a2; int32_t rc; };
static inline void *sx_gethostbyaddr_nogvl(void *p) {
    struct sx_gethostbyaddr_call *x = p;
    x->rc = sx_gethostbyaddr(x->a1, x->a2);
    return NULL;
}
static inline int32_t sx_gethostbyaddr_released(const char *a1, sx_list *a2) {
    struct sx_gethostbyaddr_call x = {a1, a2, 0};
    rb_thread_call_without_gvl(sx_gethostbyaddr_nogvl, &x, NULL, NULL);
    return x.rc;
}
struct sx_getfqdn_call { const char *a1; char *a2; size_t a3; size_t *a4; int32_t rc; };
static inline void *sx_getfqdn_nogvl(void *p) {
    struct sx_getfqdn_call *x = p;
    x->rc = sx_getfqdn(x->a1, x->a2, x->a3, x->a4);
    return NULL;
}
static inline int32_t sx_getfqdn_released(const char *a1, char *a2, size_t a3, size_t *a4) {
    struct sx_getfqdn_call x = {a1, a2, a3, a4, 0};
    rb_thread_call_without_gvl(sx_getfqdn_nogvl, &x, NULL, NULL);
    return x.rc;
}
/*
 * create_connection and create_connection_ex connect inside the C library, where a blocking
 * connect(2) or the wait of a timed one can sleep for minutes: unlike the resolver calls,
 * they must stop when Ruby interrupts the thread (Thread#raise, Thread#kill, Ctrl-C in the
 * main thread). So the thread is made interruptible for the call (the library then returns
 * SX_EINTR instead of retrying EINTR, PEP 475) and RUBY_UBF_IO is the unblocking function:
 * Ruby interrupts the thread with its own signal (SIGVTALRM, whose handler has no
 * SA_RESTART), repeating it until the thread is out. Back with the GVL, a pending
 * interrupt raises (rb_thread_check_ints); a signal that was for nothing of this thread's
 * (another thread's trap, Ruby's timer) makes the call start again with the time left, as
 * the library itself would have done. The getaddrinfo at the start of the call is not
 * interruptible (glibc retries it); the interrupt reaches the connect that follows, or the
 * call ends first.
 *
 * rb_thread_call_without_gvl2, not ..._gvl: the latter raises a pending interrupt as soon
 * as the function returns, which would lose a socket the call had just connected; the _gvl2
 * form leaves the raise to this code, which hands a connected socket back (the interrupt
 * then raises at Ruby's next check, and the Socket it wrapped is the GC's to close).
 */
struct sxrb_connect_call {
    const char *host;
    int32_t port;
    double timeout;
    sx_addr source;
    int ex;         /* create_connection_ex (with flags and errors) */
    int32_t flags;
    int32_t *errors;
    size_t errors_cap;
    size_t *errors_len_out;
    sx_socket *out;
    int ran;        /* the function ran: gvl2 skips it when an interrupt is already pending */
    int32_t rc;
};

static void *sxrb_connect_nogvl(void *p) {
    struct sxrb_connect_call *x = p;
    int was = 0;
    sx_thread_get_interruptible(&was);
    sx_thread_set_interruptible(1);
    x->rc = x->ex ? sx_create_connection_ex(x->host, x->port, x->timeout, x->source, x->flags, x->errors,
                                            x->errors_cap, x->errors_len_out, x->out)
                  : sx_create_connection(x->host, x->port, x->timeout, x->source, x->out);
    sx_thread_set_interruptible(was); /* the thread is Ruby's: leave it as it was */
    x->ran = 1;
    return NULL;
}

static double sxrb_connect_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static VALUE sxrb_check_ints(VALUE unused) {
    (void)unused;
    rb_thread_check_ints();
    return Qnil;
}

/* Connected, but an interrupt may have come at the last moment: raise it here, closing the
 * new socket first, rather than at Ruby's next check, which could come before a Socket
 * owns the handle and leak it. */
static int32_t sxrb_connect_keep(struct sxrb_connect_call *x) {
    int state = 0;
    rb_protect(sxrb_check_ints, Qnil, &state);
    if (state) {
        sx_socket_close(*x->out);
        rb_jump_tag(state);
    }
    return 0;
}

static int32_t sxrb_connect_released(struct sxrb_connect_call *x) {
    /* The timeout that applies (the module default for SX_TIMEOUT_DEFAULT) bounds the whole
     * call across restarts; blocking and non-blocking need no deadline. */
    double t = x->timeout;
    if (t == SX_TIMEOUT_DEFAULT && sx_getdefaulttimeout(&t) != 0)
        t = SX_TIMEOUT_NONE;
    double deadline = t > 0 ? sxrb_connect_now() + t : -1;
    /* Each turn ends with a signal that raised nothing: as many as such signals arrive, and
     * in timeout mode never past the deadline (PEP 475's loop, with Ruby's raise inside). */
    for (;;) {
        x->ran = 0;
        x->rc = 0;
        rb_thread_call_without_gvl2(sxrb_connect_nogvl, x, RUBY_UBF_IO, NULL);
        if (x->ran && x->rc == 0)
            return sxrb_connect_keep(x);
        if (x->ran && x->rc != SX_EINTR)
            return x->rc;
        rb_thread_check_ints(); /* raises Thread#raise's exception, ends the thread on Thread#kill */
        if (deadline > 0) {
            double left = deadline - sxrb_connect_now();
            /* Out of time: one last attempt with a timeout too short to wait, so the library
             * reports the timeout (and its detail) as it would have. */
            x->timeout = left > 1e-6 ? left : 1e-6;
        }
    }
}

static inline int32_t sx_create_connection_released(const char *a1, int32_t a2, double a3, sx_addr a4, sx_socket *a5) {
    struct sxrb_connect_call x = {a1, a2, a3, a4, 0, 0, NULL, 0, NULL, a5, 0, 0};
    return sxrb_connect_released(&x);
}
static inline int32_t sx_create_connection_ex_released(const char *a1, int32_t a2, double a3, sx_addr a4, int32_t a5, int32_t *a6, size_t a7, size_t *a8, sx_socket *a9) {
    struct sxrb_connect_call x = {a1, a2, a3, a4, 1, a5, a6, a7, a8, a9, 0, 0};
    return sxrb_connect_released(&x);
}
%}

/* ---- Numbers in: Ruby's own conversions (TypeError/RangeError on bad input). SWIG's
 * defaults go through rb_rescue and allocate on every call, which the hot data calls
 * cannot afford. */
%typemap(in) uint64_t, sx_socket, sx_addr { $1 = ($1_ltype)NUM2ULL($input); }
%typemap(in) int32_t, int { $1 = ($1_ltype)NUM2INT($input); }
%typemap(in) uint32_t { $1 = ($1_ltype)NUM2UINT($input); }
%typemap(in) double { $1 = NUM2DBL($input); }

/* ---- Status: raise on failure ---------------------------------------------------------- */
%typemap(out) int32_t {
    if ($1 < 0)
        sxrb_raise($1);
    $result = Qnil;
}
/* Nothing ready yet: false, so the idiomatic layer waits without an exception. */
%typemap(out) int32_t sx_socket_recv, int32_t sx_socket_recvfrom, int32_t sx_socket_send,
              int32_t sx_socket_sendto, int32_t sx_socket_accept {
    if ($1 == SX_EAGAIN)
        return Qfalse; /* nothing to free: no typemap here allocates outside the GC */
    if ($1 < 0)
        sxrb_raise($1);
    $result = Qnil;
}
%typemap(out) int32_t sx_socket_connect {
    if ($1 == SX_EINPROGRESS)
        return Qfalse;
    if ($1 < 0)
        sxrb_raise($1);
    $result = Qtrue;
}
/* sendall also reports how much went out before it would have blocked: [false, sent]. */
%typemap(out) int32_t sx_socket_sendall {
    if ($1 == SX_EAGAIN)
        $result = Qfalse;
    else if ($1 < 0)
        sxrb_raise($1);
    else
        $result = Qnil;
}

/* ---- Numbers and handles out ---------------------------------------------------------- */
%define SXRB_NUMBER_OUT(CTYPE, ROLE, CONVERT)
%typemap(in, numinputs=0) CTYPE *ROLE (CTYPE temp = 0) { $1 = &temp; }
%typemap(argout) CTYPE *ROLE { $result = SWIG_Ruby_AppendOutput($result, CONVERT(*$1)); }
%enddef
SXRB_NUMBER_OUT(uint64_t, SX_HANDLE_OUT, ULL2NUM)
SXRB_NUMBER_OUT(int32_t, SX_INT32_OUT, INT2NUM)
SXRB_NUMBER_OUT(uint32_t, SX_UINT32_OUT, UINT2NUM)
SXRB_NUMBER_OUT(int64_t, SX_INT64_OUT, LL2NUM)
SXRB_NUMBER_OUT(double, SX_DOUBLE_OUT, DBL2NUM)
SXRB_NUMBER_OUT(int, SX_BOOL_OUT, SXRB_BOOL)
%{
#define SXRB_BOOL(v) ((v) ? Qtrue : Qfalse)
%}

%typemap(in, numinputs=0) const char **SX_STATIC_STR_OUT (const char *temp = NULL) { $1 = ($1_ltype)&temp; }
%typemap(argout) const char **SX_STATIC_STR_OUT {
    $result = SWIG_Ruby_AppendOutput($result, *$1 ? rb_utf8_str_new_cstr(*$1) : Qnil);
}

/* ---- Bytes in: any String (its bytes, whatever its encoding), or nil for none ---------- */
%typemap(in) (const void *SX_BYTES, size_t SX_BYTES_LEN) {
    if (NIL_P($input)) {
        $1 = NULL;
        $2 = 0;
    } else {
        StringValue($input);
        $1 = RSTRING_PTR($input);
        $2 = (size_t)RSTRING_LEN($input);
    }
}

/* ---- The caller's buffer --------------------------------------------------------------
 * An Integer n: receive at most n bytes into a new binary String, which is returned (recv).
 * A String: receive into it in place, from byte 0 up to its length, and return the count
 * (recv_into); it is not resized, as Python's recv_into does not resize. [String, n]: the
 * same, at most n bytes (n <= its length). rb_str_modify unshares it first, so a literal
 * or a shared substring is never written through. */
%typemap(in) (void *SX_BUF, size_t SX_BUF_CAP) (VALUE fresh = Qnil) {
    VALUE target = $input;
    long cap = -1;
    if (RB_TYPE_P(target, T_ARRAY)) {
        if (RARRAY_LEN(target) != 2)
            rb_raise(rb_eArgError, "expected [buffer, nbytes]");
        cap = NUM2LONG(rb_ary_entry(target, 1));
        target = rb_ary_entry(target, 0);
    }
    if (RB_INTEGER_TYPE_P(target)) {
        long n = NUM2LONG(target);
        if (n < 0)
            rb_raise(rb_eArgError, "negative buffer size %ld", n);
        fresh = rb_str_buf_new(n); /* ASCII-8BIT: received bytes are binary */
        $1 = RSTRING_PTR(fresh);
        $2 = (size_t)n;
    } else {
        StringValue(target);
        rb_str_modify(target);
        if (cap < 0)
            cap = RSTRING_LEN(target);
        else if (cap > RSTRING_LEN(target))
            rb_raise(rb_eArgError, "nbytes %ld is greater than the buffer's %ld bytes", cap, RSTRING_LEN(target));
        $1 = RSTRING_PTR(target);
        $2 = (size_t)cap;
    }
}
%typemap(argout) (void *SX_BUF, size_t SX_BUF_CAP) {
    if (fresh$argnum != Qnil)
        $result = SWIG_Ruby_AppendOutput($result, fresh$argnum);
}
/* The count: a fresh buffer just takes it as its length, otherwise it is returned. */
%typemap(in, numinputs=0) size_t *SX_COUNT_OUT (size_t temp = 0) { $1 = &temp; }
%typemap(argout) size_t *SX_COUNT_OUT {
    if (RB_TYPE_P($result, T_STRING))
        rb_str_set_len($result, (long)*$1);
    else
        $result = SWIG_Ruby_AppendOutput($result, SIZET2NUM(*$1));
}

/* ---- Strings and bytes out, retried once on SX_ETRUNC ---------------------------------
 * The buffer is named after its argument (sxrb_ob<argnum>), so a function may have two
 * (getnameinfo: host and service). */
%typemap(in, numinputs=0, noblock=1) (char *SX_STR, size_t SX_STR_CAP, size_t *SX_STR_LEN) {
    struct sxrb_outbuf sxrb_ob$argnum = {sxrb_outbuf_new(), NULL, NULL, NULL, 0};
    $1 = RSTRING_PTR(sxrb_ob$argnum.str);
    $2 = rb_str_capacity(sxrb_ob$argnum.str);
    $3 = &sxrb_ob$argnum.len;
    sxrb_ob$argnum.pstr = &$1;
    sxrb_ob$argnum.pcap = &$2;
}
%typemap(argout, noblock=1) (char *SX_STR, size_t SX_STR_CAP, size_t *SX_STR_LEN) {
    rb_str_set_len(sxrb_ob$argnum.str, (long)sxrb_ob$argnum.len);
    rb_enc_associate(sxrb_ob$argnum.str, rb_utf8_encoding());
    $result = SWIG_Ruby_AppendOutput($result, sxrb_ob$argnum.str);
}
%typemap(in, numinputs=0, noblock=1) (void *SX_BIN, size_t SX_BIN_CAP, size_t *SX_BIN_LEN) {
    struct sxrb_outbuf sxrb_ob$argnum = {sxrb_outbuf_new(), NULL, NULL, NULL, 0};
    /* 1024 is the largest getsockopt buflen Python allows, so one try always does there. */
    rb_str_modify_expand(sxrb_ob$argnum.str, 1024);
    $1 = RSTRING_PTR(sxrb_ob$argnum.str);
    $2 = rb_str_capacity(sxrb_ob$argnum.str);
    $3 = &sxrb_ob$argnum.len;
    sxrb_ob$argnum.pbin = &$1;
    sxrb_ob$argnum.pcap = &$2;
}
%typemap(argout, noblock=1) (void *SX_BIN, size_t SX_BIN_CAP, size_t *SX_BIN_LEN) {
    rb_str_set_len(sxrb_ob$argnum.str, (long)sxrb_ob$argnum.len);
    $result = SWIG_Ruby_AppendOutput($result, sxrb_ob$argnum.str);
}

/* An int32 array out: the same GC-owned buffer, 64 elements first; returned as an Array. */
%typemap(in, numinputs=0, noblock=1) (int32_t *SX_INT32_ARRAY, size_t SX_INT32_ARRAY_CAP, size_t *SX_INT32_ARRAY_LEN) {
    struct sxrb_outbuf sxrb_ob$argnum = {sxrb_outbuf_new(), NULL, NULL, NULL, 0};
    rb_str_modify_expand(sxrb_ob$argnum.str, 64 * (long)sizeof(int32_t));
    $1 = (int32_t *)RSTRING_PTR(sxrb_ob$argnum.str);
    $2 = rb_str_capacity(sxrb_ob$argnum.str) / sizeof(int32_t);
    $3 = &sxrb_ob$argnum.len;
}
%typemap(argout, noblock=1) (int32_t *SX_INT32_ARRAY, size_t SX_INT32_ARRAY_CAP, size_t *SX_INT32_ARRAY_LEN) {
    {
        VALUE list = rb_ary_new_capa((long)*$3);
        for (size_t i = 0; i < *$3 && i < $2; i++)
            rb_ary_push(list, INT2NUM($1[i]));
        /* AppendOutput would push later outputs into a leading Array: nest it. */
        $result = NIL_P($result) ? rb_ary_new_from_args(1, list) : SWIG_Ruby_AppendOutput($result, list);
    }
}

/* One line per C function with a string or bytes out-parameter: its name and the argument
 * number of the buffer. */
%define SXRB_RETRY_ON_TRUNC(FN, N)
%exception FN {
    $action
    if (result == SX_ETRUNC && sxrb_ob ## N.len >= *sxrb_ob ## N.pcap) {
        sxrb_outbuf_grow(&sxrb_ob ## N);
        $action
    }
}
%enddef
SXRB_RETRY_ON_TRUNC(sx_addr_to_sockaddr, 2)
SXRB_RETRY_ON_TRUNC(sx_addr_host, 2)
SXRB_RETRY_ON_TRUNC(sx_addr_unix_path, 2)
SXRB_RETRY_ON_TRUNC(sx_addr_to_string, 2)
SXRB_RETRY_ON_TRUNC(sx_last_error_detail, 1)
SXRB_RETRY_ON_TRUNC(sx_socket_getsockopt_bytes, 4)
SXRB_RETRY_ON_TRUNC(sx_inet_aton, 2)
SXRB_RETRY_ON_TRUNC(sx_inet_ntoa, 3)
SXRB_RETRY_ON_TRUNC(sx_inet_pton, 3)
SXRB_RETRY_ON_TRUNC(sx_inet_ntop, 4)
SXRB_RETRY_ON_TRUNC(sx_ifentry_name, 3)
SXRB_RETRY_ON_TRUNC(sx_if_indextoname, 2)
SXRB_RETRY_ON_TRUNC(sx_addrinfo_canonname, 3)
SXRB_RETRY_ON_TRUNC(sx_hostent_name, 2)
SXRB_RETRY_ON_TRUNC(sx_hostent_alias, 3)
SXRB_RETRY_ON_TRUNC(sx_hostent_addr, 3)
SXRB_RETRY_ON_TRUNC(sx_gethostname, 1)
SXRB_RETRY_ON_TRUNC(sx_getservbyport, 3)

/* Resolving a host name blocks: release the GVL (no unblocking function: getaddrinfo
 * cannot be interrupted; Ruby's own resolver in 3.1 waits the same way). */
%exception sx_addr_inet {
    struct sxrb_resolve r = {arg1, arg2, 0, 0, 0, arg3, 0};
    rb_thread_call_without_gvl(sxrb_resolve_nogvl, &r, NULL, NULL);
    result = r.rc;
}
%exception sx_addr_inet6 {
    struct sxrb_resolve r = {arg1, arg2, arg3, arg4, 1, arg5, 0};
    rb_thread_call_without_gvl(sxrb_resolve_nogvl, &r, NULL, NULL);
    result = r.rc;
}

/* The resolver and connection helpers: without the GVL, strings retried on SX_ETRUNC. */
%exception sx_getaddrinfo { result = sx_getaddrinfo_released(arg1, arg2, arg3, arg4, arg5, arg6, arg7); }
%exception sx_getaddrinfo_port { result = sx_getaddrinfo_port_released(arg1, arg2, arg3, arg4, arg5, arg6, arg7); }
%exception sx_getnameinfo {
    result = sx_getnameinfo_released(arg1, arg2, arg3, arg4, arg5, arg6, arg7, arg8);
    if (result == SX_ETRUNC && (sxrb_ob3.len >= *sxrb_ob3.pcap || sxrb_ob6.len >= *sxrb_ob6.pcap)) {
        if (sxrb_ob3.len >= *sxrb_ob3.pcap)
            sxrb_outbuf_grow(&sxrb_ob3);
        if (sxrb_ob6.len >= *sxrb_ob6.pcap)
            sxrb_outbuf_grow(&sxrb_ob6);
        result = sx_getnameinfo_released(arg1, arg2, arg3, arg4, arg5, arg6, arg7, arg8);
    }
}
%exception sx_getnameinfo_host {
    result = sx_getnameinfo_host_released(arg1, arg2, arg3, arg4, arg5, arg6, arg7, arg8, arg9, arg10, arg11);
    if (result == SX_ETRUNC && (sxrb_ob6.len >= *sxrb_ob6.pcap || sxrb_ob9.len >= *sxrb_ob9.pcap)) {
        if (sxrb_ob6.len >= *sxrb_ob6.pcap)
            sxrb_outbuf_grow(&sxrb_ob6);
        if (sxrb_ob9.len >= *sxrb_ob9.pcap)
            sxrb_outbuf_grow(&sxrb_ob9);
        result = sx_getnameinfo_host_released(arg1, arg2, arg3, arg4, arg5, arg6, arg7, arg8, arg9, arg10, arg11);
    }
}
%exception sx_gethostbyname {
    result = sx_gethostbyname_released(arg1, arg2, arg3, arg4);
    if (result == SX_ETRUNC && (sxrb_ob2.len >= *sxrb_ob2.pcap)) {
        if (sxrb_ob2.len >= *sxrb_ob2.pcap)
            sxrb_outbuf_grow(&sxrb_ob2);
        result = sx_gethostbyname_released(arg1, arg2, arg3, arg4);
    }
}
%exception sx_gethostbyname_ex { result = sx_gethostbyname_ex_released(arg1, arg2); }
%exception sx_gethostbyaddr { result = sx_gethostbyaddr_released(arg1, arg2); }
%exception sx_getfqdn {
    result = sx_getfqdn_released(arg1, arg2, arg3, arg4);
    if (result == SX_ETRUNC && (sxrb_ob2.len >= *sxrb_ob2.pcap)) {
        if (sxrb_ob2.len >= *sxrb_ob2.pcap)
            sxrb_outbuf_grow(&sxrb_ob2);
        result = sx_getfqdn_released(arg1, arg2, arg3, arg4);
    }
}
%exception sx_create_connection { result = sx_create_connection_released(arg1, arg2, arg3, arg4, arg5); }
%exception sx_create_connection_ex { result = sx_create_connection_ex_released(arg1, arg2, arg3, arg4, arg5, arg6, arg7, arg8, arg9); }

/* ---- Messages (socketx/msg.h) -----------------------------------------------------------
 * The raw layer of msg.h, each function under its C name. Arrays in and out live in GC-owned
 * scratch Strings (never malloc: a raise longjmps past any cleanup). The calls that can find
 * nothing to do return false on SX_EAGAIN, as recv and send do: the idiomatic layer keeps the
 * socket non-blocking underneath and waits in Ruby's fd wait (GVL released, interruptible,
 * woken by close). Raw shapes:
 *   sx_socket_sendmsg(s, bufs, msg, flags, addr)      -> sent            bufs: String or Array of Strings
 *   sx_socket_recvmsg(s, bufs, ancbufsize, flags)     -> msg, or [bufs, msg] when bufs had Integers
 *   sx_socket_send_fds(s, bufs, fds, flags, addr)     -> sent            fds: Array of Integers
 *   sx_socket_recv_fds(s, n_or_buf, maxfds, flags)    -> [String, msg] (Integer n) or msg (a String)
 *   sx_socket_sendmmsg / recvmmsg(s, msgs, flags)     -> count           msgs: Array of sx_msg Integers
 *   sx_socket_sendfile(s, fd, offset, count)          -> sent, or [false, sent] on SX_EAGAIN
 *   sx_socket_zerocopy_completion(s)                  -> [first, last, copied], false when none queued
 *   sx_socket_tcp_info(s)                             -> Array of Integers
 *   sx_msg_set_buffers(msg, bufs)                     -> nil; the message keeps pointers into the
 *                                                       Strings: keep them alive and unresized. */
%{
/* Scatter/gather buffers: an Array of Strings (or one String; or nil, none) as the parallel
 * pointer and length arrays of the C API. For a receive (writable) each String is unshared
 * (rb_str_modify: FrozenError for a frozen one) and filled in place up to its length; an
 * Integer n stands for a new binary String of capacity n, which the receive sizes. */
struct sxrb_iov {
    VALUE strs;    /* the Strings, kept alive for the call */
    VALUE scratch; /* holds bufs, lens and the fresh marks */
    void **bufs;
    size_t *lens;
    char *fresh;
    size_t count;
    int any_fresh;
};

static void *sxrb_scratch(VALUE *scratch, size_t bytes) {
    /* A heap String (capacity above the embedded size), its pointer aligned to 16. */
    *scratch = rb_str_buf_new((long)bytes + 64);
    uintptr_t p = (uintptr_t)RSTRING_PTR(*scratch);
    return (void *)((p + 15) & ~(uintptr_t)15);
}

static void sxrb_iov_prepare(VALUE input, int writable, struct sxrb_iov *v) {
    memset(v, 0, sizeof *v);
    v->strs = Qnil;
    v->scratch = Qnil;
    if (NIL_P(input))
        return;
    VALUE list = RB_TYPE_P(input, T_ARRAY) ? input : rb_ary_new_from_args(1, input);
    long n = RARRAY_LEN(list);
    size_t count = (size_t)n;
    char *base = sxrb_scratch(&v->scratch, count * (sizeof(void *) + sizeof(size_t)) + count + 16);
    v->bufs = (void **)base;
    v->lens = (size_t *)(base + count * sizeof(void *));
    v->fresh = base + count * (sizeof(void *) + sizeof(size_t));
    /* First every conversion and allocation (to_str may run Ruby code, an allocation may run
     * the GC), then the pointers, so none of them can go stale before the call. */
    v->strs = rb_ary_new_capa(n);
    for (long i = 0; i < n && i < RARRAY_LEN(list); i++) {
        VALUE e = rb_ary_entry(list, i);
        if (writable && RB_INTEGER_TYPE_P(e)) {
            long cap = NUM2LONG(e);
            if (cap < 0)
                rb_raise(rb_eArgError, "negative buffer size %ld", cap);
            e = rb_str_buf_new(cap); /* binary, length 0 until the receive sizes it */
            v->fresh[i] = 1;
            v->any_fresh = 1;
            v->lens[i] = (size_t)cap;
        } else {
            if (!RB_TYPE_P(e, T_STRING))
                e = rb_str_to_str(e); /* TypeError for what is not a String */
            v->fresh[i] = 0;
        }
        rb_ary_push(v->strs, e);
    }
    for (long i = 0; i < RARRAY_LEN(v->strs); i++) {
        VALUE e = RARRAY_AREF(v->strs, i);
        if (!v->fresh[i]) {
            if (writable)
                rb_str_modify(e); /* FrozenError, or unshared: may reallocate, so before the pointer */
            v->lens[i] = (size_t)RSTRING_LEN(e);
        }
        v->bufs[i] = RSTRING_PTR(e);
        v->count = (size_t)i + 1;
    }
}

/* After a receive of nbytes: the fresh Strings take, in order, the bytes that went into them. */
static void sxrb_iov_received(struct sxrb_iov *v, size_t nbytes) {
    if (!v->any_fresh)
        return;
    for (size_t i = 0; i < v->count; i++) {
        size_t take = nbytes < v->lens[i] ? nbytes : v->lens[i];
        if (v->fresh[i]) {
            /* Set the length, then resize: a short datagram does not keep a 64 KiB buffer
             * (rb_str_resize copies only the bytes within the old length). */
            VALUE str = rb_ary_entry(v->strs, (long)i);
            rb_str_set_len(str, (long)take);
            rb_str_resize(str, (long)take);
        }
        nbytes -= take;
    }
}

/* An Array of Integers as a C array of int32 or uint64, in a scratch String. */
static void *sxrb_int_array(VALUE input, int wide, VALUE *scratch, size_t *count) {
    *scratch = Qnil;
    *count = 0;
    if (NIL_P(input))
        return NULL;
    Check_Type(input, T_ARRAY);
    long n = RARRAY_LEN(input);
    void *p = sxrb_scratch(scratch, (size_t)n * (wide ? 8 : 4));
    for (long i = 0; i < n && i < RARRAY_LEN(input); i++) {
        VALUE e = rb_ary_entry(input, i);
        if (wide)
            ((uint64_t *)p)[i] = NUM2ULL(e);
        else
            ((int32_t *)p)[i] = NUM2INT(e);
        *count = (size_t)i + 1;
    }
    return p;
}
%}

%typemap(in, noblock=1) (const void *const *SX_IOVEC_IN, const size_t *SX_IOVEC_LENS_IN, size_t SX_IOVEC_COUNT_IN) {
    struct sxrb_iov sxrb_iov$argnum;
    sxrb_iov_prepare($input, 0, &sxrb_iov$argnum);
    $1 = ($1_ltype)sxrb_iov$argnum.bufs;
    $2 = sxrb_iov$argnum.lens;
    $3 = sxrb_iov$argnum.count;
}
%typemap(freearg, noblock=1) (const void *const *SX_IOVEC_IN, const size_t *SX_IOVEC_LENS_IN, size_t SX_IOVEC_COUNT_IN) {
    RB_GC_GUARD(sxrb_iov$argnum.strs);
    RB_GC_GUARD(sxrb_iov$argnum.scratch);
}
%typemap(in, noblock=1) (void *const *SX_IOVEC, const size_t *SX_IOVEC_LENS, size_t SX_IOVEC_COUNT) {
    struct sxrb_iov sxrb_iov$argnum;
    sxrb_iov_prepare($input, 1, &sxrb_iov$argnum);
    $1 = ($1_ltype)sxrb_iov$argnum.bufs;
    $2 = sxrb_iov$argnum.lens;
    $3 = sxrb_iov$argnum.count;
}
%typemap(argout, noblock=1) (void *const *SX_IOVEC, const size_t *SX_IOVEC_LENS, size_t SX_IOVEC_COUNT) {
    if (sxrb_iov$argnum.any_fresh)
        $result = NIL_P($result) ? rb_ary_new_from_args(1, sxrb_iov$argnum.strs) : SWIG_Ruby_AppendOutput($result, sxrb_iov$argnum.strs);
}
%typemap(freearg, noblock=1) (void *const *SX_IOVEC, const size_t *SX_IOVEC_LENS, size_t SX_IOVEC_COUNT) {
    RB_GC_GUARD(sxrb_iov$argnum.strs);
    RB_GC_GUARD(sxrb_iov$argnum.scratch);
}
%typemap(in) (const int32_t *SX_INT32_ARRAY_IN, size_t SX_INT32_ARRAY_IN_LEN) (VALUE scratch = Qnil) {
    $1 = ($1_ltype)sxrb_int_array($input, 0, &scratch, &$2);
}
%typemap(freearg) (const int32_t *SX_INT32_ARRAY_IN, size_t SX_INT32_ARRAY_IN_LEN) { RB_GC_GUARD(scratch$argnum); }
%typemap(in) (const uint64_t *SX_HANDLE_ARRAY_IN, size_t SX_HANDLE_ARRAY_IN_LEN) (VALUE scratch = Qnil) {
    $1 = ($1_ltype)sxrb_int_array($input, 1, &scratch, &$2);
}
%typemap(freearg) (const uint64_t *SX_HANDLE_ARRAY_IN, size_t SX_HANDLE_ARRAY_IN_LEN) { RB_GC_GUARD(scratch$argnum); }

SXRB_NUMBER_OUT(uint64_t, SX_UINT64_OUT, ULL2NUM)

/* An array of uint64 out (TCP_INFO): room for 128 first, retried at the reported count. */
%typemap(in, numinputs=0, noblock=1) (uint64_t *SX_UINT64_ARRAY, size_t SX_UINT64_ARRAY_CAP, size_t *SX_UINT64_ARRAY_LEN) {
    struct sxrb_outbuf sxrb_ob$argnum = {sxrb_outbuf_new(), NULL, NULL, NULL, 0};
    rb_str_modify_expand(sxrb_ob$argnum.str, 128 * (long)sizeof(uint64_t) + 16);
    $1 = (uint64_t *)(((uintptr_t)RSTRING_PTR(sxrb_ob$argnum.str) + 15) & ~(uintptr_t)15);
    $2 = 128;
    $3 = &sxrb_ob$argnum.len;
}
%typemap(argout, noblock=1) (uint64_t *SX_UINT64_ARRAY, size_t SX_UINT64_ARRAY_CAP, size_t *SX_UINT64_ARRAY_LEN) {
    {
        VALUE list = rb_ary_new_capa((long)*$3);
        for (size_t i = 0; i < *$3 && i < $2; i++)
            rb_ary_push(list, ULL2NUM($1[i]));
        /* The last output of its function (sx_socket_tcp_info): the Array itself. */
        $result = SWIG_Ruby_AppendOutput($result, list);
    }
}
%exception sx_socket_tcp_info {
    $action
    if (result == SX_ETRUNC && sxrb_ob2.len > arg3) {
        rb_str_modify_expand(sxrb_ob2.str, (long)(sxrb_ob2.len * sizeof(uint64_t)) + 16);
        arg2 = (uint64_t *)(((uintptr_t)RSTRING_PTR(sxrb_ob2.str) + 15) & ~(uintptr_t)15);
        arg3 = sxrb_ob2.len;
        $action
    }
}
SXRB_RETRY_ON_TRUNC(sx_msg_item_data, 3)

/* The data calls of msg.h: false when there is nothing to do yet (SX_EAGAIN). */
%typemap(out) int32_t sx_socket_sendmsg, int32_t sx_socket_recvmsg, int32_t sx_socket_send_fds,
              int32_t sx_socket_recv_fds, int32_t sx_socket_sendmmsg, int32_t sx_socket_recvmmsg,
              int32_t sx_socket_zerocopy_completion {
    if ($1 == SX_EAGAIN)
        return Qfalse; /* nothing to free: the scratch arrays are the GC's */
    if ($1 < 0)
        sxrb_raise($1);
    $result = Qnil;
}
/* sendfile reports what went out before it would have blocked: [false, sent]. */
%typemap(out) int32_t sx_socket_sendfile {
    if ($1 == SX_EAGAIN)
        $result = Qfalse;
    else if ($1 < 0)
        sxrb_raise($1);
    else
        $result = Qnil;
}
/* Called as written (SWIG's cast of sx_msg * would be to unsigned long long *). */
%exception sx_socket_sendmmsg { result = sx_socket_sendmmsg(arg1, arg2, arg3, arg4, arg5); }
%exception sx_socket_recvmmsg { result = sx_socket_recvmmsg(arg1, arg2, arg3, arg4, arg5); }
/* A receive into fresh Strings sizes them by the message's byte count. */
%exception sx_socket_recvmsg {
    $action
    if (result == 0) {
        size_t sxrb_n = 0;
        if (sx_msg_nbytes(*arg7, &sxrb_n) == 0)
            sxrb_iov_received(&sxrb_iov2, sxrb_n);
    }
}
%exception sx_socket_recv_fds {
    $action
    if (result == 0 && fresh2 != Qnil) {
        size_t sxrb_n = 0;
        if (sx_msg_nbytes(*arg6, &sxrb_n) == 0)
        {
            long sxrb_len = (long)(sxrb_n < arg3 ? sxrb_n : arg3);
            rb_str_set_len(fresh2, sxrb_len);
            rb_str_resize(fresh2, sxrb_len);
        }
    }
}

/* ---- The address families (socketx/family/*.h) and multicast.h ----------------------
 * Raw shapes beyond the shared roles:
 *   sx_socket_can_set_filters(s, filters)   filters: Array of [id, mask] Integer pairs
 *   sx_socket_sendmsg_afalg(s, bufs, op, iv, assoclen, flags) -> sent, false on SX_EAGAIN
 *   sx_can_frame_decode(frame)              -> [can_id, flags, data]
 *   sx_can_bcm_decode(msg)                  -> [opcode, flags, count, ival1_us, ival2_us,
 *                                               can_id, nframes, frames_offset] */
%typemap(in) (const uint32_t *ids, const uint32_t *masks, size_t count) (VALUE scratch = Qnil) {
    Check_Type($input, T_ARRAY);
    long n = RARRAY_LEN($input);
    /* Every conversion first (to_ary, NUM2UINT may raise or run Ruby code), into GC-owned
     * scratch, so a raise leaks nothing. */
    uint32_t *v = sxrb_scratch(&scratch, (size_t)n * 2 * sizeof(uint32_t));
    long i = 0;
    for (; i < n && i < RARRAY_LEN($input); i++) {
        VALUE pair = rb_check_array_type(rb_ary_entry($input, i));
        if (NIL_P(pair) || RARRAY_LEN(pair) != 2)
            rb_raise(rb_eTypeError, "CAN filter %ld must be an [id, mask] pair", i);
        v[i] = NUM2UINT(rb_ary_entry(pair, 0));
        v[n + i] = NUM2UINT(rb_ary_entry(pair, 1));
    }
    $1 = v;
    $2 = v + n;
    $3 = (size_t)i;
}
%typemap(freearg) (const uint32_t *ids, const uint32_t *masks, size_t count) { RB_GC_GUARD(scratch$argnum); }
%typemap(out) int32_t sx_socket_sendmsg_afalg {
    if ($1 == SX_EAGAIN)
        return Qfalse; /* nothing to free: the scratch arrays are the GC's */
    if ($1 < 0)
        sxrb_raise($1);
    $result = Qnil;
}
SXRB_RETRY_ON_TRUNC(sx_addr_packet_ifname, 2)
SXRB_RETRY_ON_TRUNC(sx_addr_packet_haddr, 2)
SXRB_RETRY_ON_TRUNC(sx_addr_can_ifname, 2)
SXRB_RETRY_ON_TRUNC(sx_can_frame_encode, 5)
SXRB_RETRY_ON_TRUNC(sx_can_frame_decode, 5)
SXRB_RETRY_ON_TRUNC(sx_can_bcm_encode, 9)
SXRB_RETRY_ON_TRUNC(sx_addr_alg_type, 2)
SXRB_RETRY_ON_TRUNC(sx_addr_alg_name, 2)
SXRB_RETRY_ON_TRUNC(sx_addr_bt_bdaddr, 2)
SXRB_RETRY_ON_TRUNC(sx_addr_hyperv_id, 3)
SXRB_RETRY_ON_TRUNC(sx_addr_link_bytes, 3)

%include "../swig/socketx.i"

/* ---- Ruby-aware waiting, used by the idiomatic layer ----------------------------------
 * The socket is non-blocking underneath; when a call finds nothing to do, the idiomatic
 * layer waits here. rb_wait_for_single_fd releases the GVL, is interrupted by Thread#kill
 * and Thread#raise, and registers the fd so that sxrb_fd_close wakes it with IOError. */
%inline %{
/* Wait until fd is readable (events 1) or writable (4), at most timeout seconds (negative:
 * no limit). Returns true when ready, false on timeout. */
static VALUE sxrb_wait(int fd, int events, double timeout) {
    struct timeval tv, *ptv = NULL;
    if (timeout >= 0) {
        tv.tv_sec = (time_t)timeout;
        tv.tv_usec = (suseconds_t)((timeout - (double)tv.tv_sec) * 1e6);
        ptv = &tv;
    }
    int r = rb_wait_for_single_fd(fd, events, ptv);
    if (r < 0)
        rb_sys_fail("wait for socket");
    return r ? Qtrue : Qfalse;
}

/* Wake every Ruby thread waiting in sxrb_wait on fd (they raise IOError) and return once
 * they have all left the wait, so the fd can be closed without one of them polling a
 * number the kernel has handed to a new file. */
static void sxrb_fd_close(int fd) {
    rb_thread_fd_close(fd);
}
%}

/* ---- The hot data calls, whole in C -------------------------------------------------
 * Socket#recv, #recv_into, #send_bytes and #sendall are request/response's and bulk's every
 * step, so they are C methods of Socketx::Socket (Native.sxrb_define_data_methods): no Ruby
 * frame, no argument Array or keyword Hash, no intermediate String, no exception for "would
 * block". Each does the same loop (try, wait the Ruby way, retry) in one call. They read the
 * Socket's one @state Array: [handle (0 once closed), receive mode, fd, timeout], timeout
 * being the mode as a Float: negative blocking, 0 non-blocking, else seconds. */
%{
#include <errno.h>
#include <poll.h>
#include <time.h>

enum { SXRB_HANDLE, SXRB_MODE, SXRB_FD, SXRB_TIMEOUT };
static ID sxrb_id_state;

static double sxrb_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void sxrb_raise_io(int32_t status, const char *detail, const char *io_wait) {
    VALUE mod = rb_const_get(rb_cObject, rb_intern("Socketx"));
    VALUE exc = rb_funcall(mod, rb_intern("exception_for"), 3, INT2NUM(status), rb_utf8_str_new_cstr(detail),
                           io_wait ? ID2SYM(rb_intern(io_wait)) : Qnil);
    rb_exc_raise(exc);
}

/*
 * The wait. Ruby's own IO calls wait in rb_thread_io_blocking_region (exported by libruby,
 * not declared in its headers; ext/socket uses it): the fd is registered, so
 * rb_thread_fd_close (Socket#close) wakes the wait with IOError, and Thread#kill/#raise
 * and signals interrupt it (the unblocking signal is repeated until the thread is out).
 * A ppoll of the one fd in it costs a system call (getpid) and some 200 ns less than
 * rb_wait_for_single_fd, which also takes part in Ruby's signal handling. Its (fd) form
 * is that of Ruby 3.1 to 3.3 (later ones take a struct rb_io), so only those use it; it is
 * declared weak, so a Ruby without it, any other Ruby, or a thread running a Fiber
 * scheduler gets rb_wait_for_single_fd: the same wait with the same wake-ups.
 */
#include <ruby/fiber/scheduler.h>
#include <ruby/version.h>
#if RUBY_API_VERSION_MAJOR == 3 && RUBY_API_VERSION_MINOR <= 3
#define SXRB_IO_REGION 1
VALUE rb_thread_io_blocking_region(rb_blocking_function_t *func, void *data1, int fd) __attribute__((weak));
#endif

struct sxrb_waitarg {
    int fd, events;
    struct timespec *ts;
    int result, err;
};

static VALUE sxrb_poll_nogvl(void *p) {
    struct sxrb_waitarg *w = p;
    struct pollfd pfd = {w->fd, (short)w->events, 0};
    w->result = ppoll(&pfd, 1, w->ts, NULL);
    w->err = w->result < 0 ? errno : 0;
    return Qnil;
}

/* Wait for events on fd until ready (Qtrue) or the deadline (Qfalse; ts NULL: none). */
static VALUE sxrb_wait_body(VALUE p) {
    struct sxrb_waitarg *w = (struct sxrb_waitarg *)p;
    double deadline = w->ts ? sxrb_now() + (double)w->ts->tv_sec + (double)w->ts->tv_nsec * 1e-9 : 0;
    for (;;) {
#if SXRB_IO_REGION
        if (rb_thread_io_blocking_region && NIL_P(rb_fiber_scheduler_current())) {
            w->result = 0;
            w->err = 0;
            /* Interrupts pending before or arriving during the wait raise on the way out. */
            rb_thread_io_blocking_region(sxrb_poll_nogvl, w, w->fd);
        } else
#endif
        {
            struct timeval tv;
            if (w->ts) {
                tv.tv_sec = w->ts->tv_sec;
                tv.tv_usec = (suseconds_t)(w->ts->tv_nsec / 1000);
            }
            w->result = rb_wait_for_single_fd(w->fd, w->events, w->ts ? &tv : NULL);
            w->err = w->result < 0 ? errno : 0;
        }
        if (w->result > 0)
            return Qtrue;
        if (w->result == 0)
            return Qfalse;
        if (w->err != EINTR) {
            errno = w->err;
            rb_sys_fail("wait for socket");
        }
        /* A signal with nothing for this thread: wait again, for what is left. */
        if (w->ts) {
            double left = deadline - sxrb_now();
            if (left <= 0)
                return Qfalse;
            w->ts->tv_sec = (time_t)left;
            w->ts->tv_nsec = (long)((left - (double)w->ts->tv_sec) * 1e9);
        }
    }
}

static VALUE sxrb_wait_rescue(VALUE state, VALUE exc) {
    /* Socket#close empties state before it wakes the waiters. */
    if (RARRAY_AREF(state, SXRB_HANDLE) == INT2FIX(0))
        sxrb_raise_io(SX_ECLOSED, "socket closed by another thread during the call", NULL);
    rb_exc_raise(exc);
    return Qnil;
}

/* The call found nothing to do: raise (non-blocking), or wait until ready, deadline or close. */
static void sxrb_io_wait(VALUE state, int fd, int events, double timeout, double deadline, const char *io_wait) {
    if (timeout == 0)
        sxrb_raise_io(SX_EAGAIN, "", io_wait);
    struct timespec ts, *pts = NULL;
    if (timeout > 0) {
        double left = deadline - sxrb_now();
        if (left <= 0)
            sxrb_raise_io(SX_ETIMEOUT, "", NULL);
        ts.tv_sec = (time_t)left;
        ts.tv_nsec = (long)((left - (double)ts.tv_sec) * 1e9);
        pts = &ts;
    }
    struct sxrb_waitarg w = {fd, events, pts, 0, 0};
    VALUE ready = rb_rescue2(sxrb_wait_body, (VALUE)&w, sxrb_wait_rescue, state, rb_eIOError, (VALUE)0);
    if (RARRAY_AREF(state, SXRB_HANDLE) == INT2FIX(0))
        sxrb_raise_io(SX_ECLOSED, "socket closed by another thread during the call", NULL);
    if (!RTEST(ready))
        sxrb_raise_io(SX_ETIMEOUT, "", NULL);
}

/* The receiver's state: @state, checked to be the Array Socket#take made. */
static VALUE sxrb_state(VALUE self) {
    VALUE state = rb_ivar_get(self, sxrb_id_state);
    if (!RB_TYPE_P(state, T_ARRAY) || RARRAY_LEN(state) <= SXRB_TIMEOUT)
        rb_raise(rb_eTypeError, "uninitialized Socketx::Socket");
    return state;
}

static inline sx_socket sxrb_handle(VALUE state) {
    return NUM2ULL(RARRAY_AREF(state, SXRB_HANDLE));
}

static inline int sxrb_flags(VALUE flags) {
    return NIL_P(flags) ? 0 : NUM2INT(flags);
}

/* Wait for data. Other threads run meanwhile and may shrink or freeze a caller's buffer:
 * check it again, so the receive never writes past it. */
static void sxrb_recv_wait(VALUE state, int fd, double timeout, double deadline, VALUE buf, VALUE fresh, long *cap) {
    sxrb_io_wait(state, fd, 1 /* POLLIN */, timeout, deadline, "read");
    if (fresh == Qnil) {
        rb_str_modify(buf);
        if (*cap > RSTRING_LEN(buf))
            *cap = RSTRING_LEN(buf);
    }
}

/* Receive into buf (cap bytes): fresh is buf when it is a new String to return, else Qnil
 * and the count is returned. */
static VALUE sxrb_recv_loop(VALUE self, VALUE buf, VALUE fresh, long cap, int flags) {
    VALUE state = sxrb_state(self);
    int fd = NUM2INT(RARRAY_AREF(state, SXRB_FD));
    double timeout = NUM2DBL(RARRAY_AREF(state, SXRB_TIMEOUT));
    double deadline = timeout > 0 ? sxrb_now() + timeout : 0;
    /* state[1] learns the traffic: 0 while receives find data at once (try first: one
     * system call); after one found nothing, request/response is likely, so wait first
     * (wait + receive, not try + wait + receive), trying first again every 16th call to
     * notice when data starts arriving ahead of the reader. */
    long mode = FIX2LONG(RARRAY_AREF(state, SXRB_MODE));
    int probing = 0;
    if (mode > 0 && timeout != 0) {
        long next = (mode + 1) & 15;
        rb_ary_store(state, SXRB_MODE, LONG2FIX(next == 0 ? 16 : next));
        if (next == 0)
            probing = 1;
        else
            sxrb_recv_wait(state, fd, timeout, deadline, buf, fresh, &cap);
    }
    for (int attempt = 0;; attempt++) {
        size_t n = 0;
        int32_t rc = sx_socket_recv(sxrb_handle(state), RSTRING_PTR(buf), (size_t)cap, flags, &n);
        if (attempt == 0 && timeout != 0 && (mode == 0 || probing)) {
            if (rc == SX_EAGAIN)
                rb_ary_store(state, SXRB_MODE, LONG2FIX(1)); /* found nothing: wait first from now on */
            else if (probing && rc == 0)
                rb_ary_store(state, SXRB_MODE, LONG2FIX(0)); /* data was waiting: back to trying first */
        }
        if (rc == 0) {
            if (fresh == Qnil)
                return SIZET2NUM(n);
            rb_str_set_len(fresh, (long)n);
            return fresh;
        }
        if (rc != SX_EAGAIN)
            sxrb_raise(rc);
        sxrb_recv_wait(state, fd, timeout, deadline, buf, fresh, &cap);
    }
}

/* Socket#recv(n, flags = 0): at most n bytes, a new binary String ("" at end of stream). */
static VALUE sxrb_m_recv(int argc, VALUE *argv, VALUE self) {
    rb_check_arity(argc, 1, 2);
    long cap = NUM2LONG(argv[0]);
    if (cap < 0)
        rb_raise(rb_eArgError, "negative buffer size %ld", cap);
    int flags = argc > 1 ? sxrb_flags(argv[1]) : 0;
    VALUE fresh = rb_str_buf_new(cap); /* ASCII-8BIT: received bytes are binary */
    return sxrb_recv_loop(self, fresh, fresh, cap, flags);
}

/* Socket#recv_into(buffer, nbytes = nil, flags = 0): into the String in place, from byte 0,
 * at most nbytes (default its length); not resized. rb_str_modify unshares it first, so a
 * literal or a shared substring is never written through. Returns the count. */
static VALUE sxrb_m_recv_into(int argc, VALUE *argv, VALUE self) {
    rb_check_arity(argc, 1, 3);
    VALUE buf = argv[0];
    StringValue(buf);
    rb_str_modify(buf);
    long cap = RSTRING_LEN(buf);
    if (argc > 1 && !NIL_P(argv[1])) {
        long want = NUM2LONG(argv[1]);
        if (want < 0)
            rb_raise(rb_eArgError, "negative buffer size %ld", want);
        if (want > cap)
            rb_raise(rb_eArgError, "nbytes %ld is greater than the buffer's %ld bytes", want, cap);
        cap = want;
    }
    int flags = argc > 2 ? sxrb_flags(argv[2]) : 0;
    VALUE count = sxrb_recv_loop(self, buf, Qnil, cap, flags);
    RB_GC_GUARD(buf);
    return count;
}

/* The send loop of send_bytes (all = 0: return the count of the first send that moves
 * anything) and sendall (all = 1: until all of data has gone, returning data's size then).
 * One deadline bounds the whole call in timeout mode. A loop of sx_socket_send rather than
 * sx_socket_sendall: a send that moved only part of the data found the buffer full, so the
 * next step is the wait, not a send bound to fail with EAGAIN (which the library's loop,
 * non-blocking underneath, would make first). */
static VALUE sxrb_send_loop(VALUE self, VALUE data, int flags, int all) {
    VALUE state = sxrb_state(self);
    int fd = NUM2INT(RARRAY_AREF(state, SXRB_FD));
    double timeout = NUM2DBL(RARRAY_AREF(state, SXRB_TIMEOUT));
    double deadline = timeout > 0 ? sxrb_now() + timeout : 0;
    long total = RSTRING_LEN(data), sent = 0;
    for (;;) {
        /* Another thread may change data while this one waits: send what is left of it. */
        long len = RSTRING_LEN(data);
        if (sent > len)
            sent = len;
        size_t n = 0;
        /* At least one send, as Python's: sendall("") sends an empty datagram. */
        int32_t rc = sx_socket_send(sxrb_handle(state), RSTRING_PTR(data) + sent, (size_t)(len - sent), flags, &n);
        RB_GC_GUARD(data);
        if (rc == 0) {
            if (!all)
                return SIZET2NUM(n);
            sent += (long)n;
            if (sent >= len)
                return LONG2NUM(total);
        } else if (rc != SX_EAGAIN) {
            sxrb_raise(rc);
        }
        sxrb_io_wait(state, fd, 4 /* POLLOUT */, timeout, deadline, "write");
    }
}

/* Socket#send_bytes(data, flags = 0): one send(2) that moves at least one byte (waiting for
 * room); returns the count. */
static VALUE sxrb_m_send_bytes(int argc, VALUE *argv, VALUE self) {
    rb_check_arity(argc, 1, 2);
    VALUE data = argv[0];
    StringValue(data);
    return sxrb_send_loop(self, data, argc > 1 ? sxrb_flags(argv[1]) : 0, 0);
}

/* Socket#sendall(data, flags = 0): all of data (any object, through Kernel#String); in
 * timeout mode the timeout bounds the whole call. Returns data.bytesize. */
static VALUE sxrb_m_sendall(int argc, VALUE *argv, VALUE self) {
    rb_check_arity(argc, 1, 2);
    VALUE data = argv[0];
    if (!RB_TYPE_P(data, T_STRING))
        data = rb_String(data);
    return sxrb_send_loop(self, data, argc > 1 ? sxrb_flags(argv[1]) : 0, 1);
}
%}

%inline %{
/* Make recv, recv_into, send_bytes and sendall C methods of klass (Socketx::Socket). */
static void sxrb_define_data_methods(VALUE klass) {
    sxrb_id_state = rb_intern("@state");
    rb_define_method(klass, "recv", sxrb_m_recv, -1);
    rb_define_method(klass, "recv_into", sxrb_m_recv_into, -1);
    rb_define_method(klass, "send_bytes", sxrb_m_send_bytes, -1);
    rb_define_method(klass, "sendall", sxrb_m_sendall, -1);
}
%}

/* ---- Batches, whole in C -------------------------------------------------------------
 * Socket#sendmmsg and #recvmmsg reuse a set of sx_msg handles (Socketx::Batch). One attempt
 * of each is one C call here: point each message at its data (the caller's Strings to send;
 * slices of one private String to receive into), make the batch call, and for a receive
 * copy each datagram out. The messages keep pointers only until the next attempt points them
 * again, and no Ruby code runs in between. */
%inline %{
/* Send datas (Array of Strings) through msgs (Array of sx_msg Integers, at least as many);
 * dests: nil, or an Array of sx_addr Integers (0: none), one per datagram. Returns the number
 * of datagrams sent, or false when the socket has no room (SX_EAGAIN). */
static VALUE sxrb_sendmmsg_try(uint64_t s, VALUE msgs, VALUE datas, VALUE dests, int flags) {
    Check_Type(msgs, T_ARRAY);
    Check_Type(datas, T_ARRAY);
    if (!NIL_P(dests))
        Check_Type(dests, T_ARRAY);
    long n = RARRAY_LEN(datas);
    if (n > RARRAY_LEN(msgs) || (!NIL_P(dests) && RARRAY_LEN(dests) < n))
        rb_raise(rb_eArgError, "a batch of %ld datagrams needs as many messages and destinations", n);
    VALUE scratch;
    sx_msg *hs = sxrb_scratch(&scratch, (size_t)n * sizeof(sx_msg));
    for (long i = 0; i < n; i++) {
        VALUE d = rb_ary_entry(datas, i);
        if (!RB_TYPE_P(d, T_STRING))
            rb_raise(rb_eTypeError, "datagram %ld is a %s, not a String", i, rb_obj_classname(d));
        void *p = RSTRING_PTR(d);
        size_t len = (size_t)RSTRING_LEN(d);
        hs[i] = NUM2ULL(rb_ary_entry(msgs, i));
        int32_t rc = sx_msg_set_buffers(hs[i], &p, &len, 1);
        if (rc == 0 && !NIL_P(dests))
            rc = sx_msg_set_address(hs[i], NUM2ULL(rb_ary_entry(dests, i)));
        if (rc < 0)
            sxrb_raise(rc);
    }
    size_t sent = 0;
    int32_t rc = sx_socket_sendmmsg(s, hs, (size_t)n, flags, &sent);
    RB_GC_GUARD(datas);
    RB_GC_GUARD(scratch);
    if (rc == SX_EAGAIN)
        return Qfalse;
    if (rc < 0)
        sxrb_raise(rc);
    return SIZET2NUM(sent);
}

/* Receive up to n datagrams of at most maxlen bytes through msgs, into area (a private String
 * of at least n * maxlen bytes). Returns false when nothing is queued (SX_EAGAIN), else an
 * Array: of the datagrams (new binary Strings), or with_addr of [String, sx_addr Integer or 0]
 * pairs (the caller owns the address handles). */
static VALUE sxrb_recvmmsg_try(uint64_t s, VALUE msgs, VALUE area, long n, long maxlen, int flags, int with_addr) {
    Check_Type(msgs, T_ARRAY);
    StringValue(area);
    if (n < 0 || maxlen < 0 || n > RARRAY_LEN(msgs) || (maxlen > 0 && n > RSTRING_LEN(area) / maxlen))
        rb_raise(rb_eArgError, "batch of %ld x %ld bytes does not fit its messages or area", n, maxlen);
    rb_str_modify(area);
    char *base = RSTRING_PTR(area);
    VALUE scratch;
    sx_msg *hs = sxrb_scratch(&scratch, (size_t)n * sizeof(sx_msg));
    for (long i = 0; i < n; i++) {
        hs[i] = NUM2ULL(rb_ary_entry(msgs, i));
        void *p = base + i * maxlen;
        size_t len = (size_t)maxlen;
        int32_t rc = sx_msg_set_buffers(hs[i], &p, &len, 1);
        if (rc < 0)
            sxrb_raise(rc);
    }
    size_t got = 0;
    int32_t rc = sx_socket_recvmmsg(s, hs, (size_t)n, flags, &got);
    if (rc == SX_EAGAIN)
        return Qfalse;
    if (rc < 0)
        sxrb_raise(rc);
    VALUE out = rb_ary_new_capa((long)got);
    int32_t bad = 0;
    for (size_t i = 0; i < got; i++) {
        size_t nb = 0;
        if ((rc = sx_msg_nbytes(hs[i], &nb)) < 0)
            bad = rc;
        if (nb > (size_t)maxlen)
            nb = (size_t)maxlen; /* MSG_TRUNC: the datagram was longer */
        VALUE data = rb_str_new(base + (long)i * maxlen, (long)nb);
        if (!with_addr) {
            rb_ary_push(out, data);
            continue;
        }
        sx_addr a = 0;
        if (!bad && (rc = sx_msg_address(hs[i], &a)) < 0)
            bad = rc;
        rb_ary_push(out, rb_assoc_new(data, ULL2NUM(a)));
    }
    if (bad) { /* give back the address handles already made before raising */
        for (long i = 0; with_addr && i < RARRAY_LEN(out); i++)
            sx_addr_close(NUM2ULL(rb_ary_entry(rb_ary_entry(out, i), 1)));
        sxrb_raise(bad);
    }
    RB_GC_GUARD(area);
    RB_GC_GUARD(scratch);
    return out;
}
%}
