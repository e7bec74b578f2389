/* SPDX-License-Identifier: MIT */
/*
 * bindings/go/socketx_go.i - what each role of ../swig/socketx.i means in Go.
 *
 * The generated package (internal/native) is deliberately low level: SWIG cannot return
 * (value, error), so every function keeps the C shape - an int32 status, out-parameters
 * as pointers - and the hand-written package socketx turns that into idiomatic Go.
 *
 *   SX_HANDLE_OUT, SX_*_OUT     *uint64, *int32, *uint32, *int64, *float64; SX_BOOL_OUT is
 *                               *int32 (C int). Pointers to Go memory without Go pointers
 *                               in it, which cgo allows to pass.
 *   SX_BYTES, SX_BUF            []byte; the C call reads or fills the slice's own memory
 *                               (its len is the length or capacity): no copy (see below
 *                               for how it gets past cgo's pointer check).
 *   SX_COUNT_OUT                *uint64 (passed to C as an integer: see below).
 *   SX_STR, SX_BIN              []byte; a Go function cannot also hand back len_out, so the
 *                               status carries it: a status >= 0 is the full length, and one
 *                               larger than len(buf) means "buffer too small, call again with
 *                               this capacity" (the C call's SX_ETRUNC). Negative: an error.
 *   SX_STATIC_STR_OUT           []byte, same rule: the static string is copied into the
 *                               slice and the status is its length.
 *   SX_INT32_ARRAY              *Int32Array (a type of the generated package): Buf is
 *                               filled, Len receives the count; the status stays the
 *                               call's own (see below).
 * Go only: const char *host/port/proto take "" as NULL in the calls where NULL is
 * Python's None (see sx_go_empty_is_null below).
 */
%module native

%go_import("runtime")

/* cgo finds the library through pkg-config: the installed socketx.pc, or the build
 * tree's socketx-uninstalled.pc, which pkg-config prefers when it is on PKG_CONFIG_PATH. */
%insert(cgo_comment) %{
#cgo pkg-config: socketx
%}

/* Handles and numbers out. */
%typemap(gotype) uint64_t *SX_HANDLE_OUT "*uint64"
%typemap(gotype) int32_t *SX_INT32_OUT, int *SX_BOOL_OUT "*int32"
%typemap(gotype) uint32_t *SX_UINT32_OUT "*uint32"
%typemap(gotype) int64_t *SX_INT64_OUT "*int64"
%typemap(gotype) double *SX_DOUBLE_OUT "*float64"
%typemap(in) uint64_t *SX_HANDLE_OUT, int32_t *SX_INT32_OUT, uint32_t *SX_UINT32_OUT, int64_t *SX_INT64_OUT,
             double *SX_DOUBLE_OUT, int *SX_BOOL_OUT
{
  $1 = ($1_ltype)$input;
}
/* The byte count of the data path (recv, send, sendall, ...): the pointer travels as an
 * integer, which cgo passes without the runtime pointer check it makes on every pointer
 * argument (a measurable share of a call that moves a few bytes). Safe for the reason
 * buffers are (below): the pointer escapes (goargout), so what it points to is on the
 * heap, which Go never moves, and it stays reachable until the call has returned. */
%typemap(gotype) size_t *SX_COUNT_OUT "*uint64"
%typemap(imtype) size_t *SX_COUNT_OUT "uintptr"
%typemap(goin) size_t *SX_COUNT_OUT
%{
	swigCountKeep$argnum := $input
	$result = uintptr(unsafe.Pointer($input))
%}
%typemap(goargout) size_t *SX_COUNT_OUT
%{
	runtime.KeepAlive(swigCountKeep$argnum)
	if Swig_escape_always_false {
		Swig_escape_val = swigCountKeep$argnum
	}
%}
%typemap(in) size_t *SX_COUNT_OUT
{
  /* size_t is 64-bit on every platform cgo with -intgosize 64 targets. */
  $1 = ($1_ltype)(uintptr_t)$input;
}

/* Bytes in, and the caller's buffer to fill: the slice's memory goes straight to C.
 *
 * Not as a Go slice argument: cgo's pointer check then inspects the whole allocation the
 * slice points into and panics ("Go pointer to Go pointer") when that allocation also
 * holds pointers, as a buffer that is a field of a larger struct does (net/http reads
 * into such a one). Nor may we copy. So the (address, length) pair travels by value as
 * a Go string header (the C side sees SWIG's _gostring_, a struct of a char * and a
 * length): cgo passes it without a runtime pointer check (a char * cannot point to Go
 * pointers) and without an allocation, which a pair passed by pointer costs on every
 * call, as the pair escapes. The string is only ever a carrier: Go never reads it, and
 * the C side writes through it only where the call fills a buffer. That is safe because
 * the slice escapes (goargout below, as SWIG itself does for slices), so its array is on
 * the heap, which Go never moves, and stays reachable until the call has returned. An
 * empty slice passes as (NULL, 0). */
%typemap(gotype) (const void *SX_BYTES, size_t SX_BYTES_LEN), (void *SX_BUF, size_t SX_BUF_CAP),
                 (char *SX_STR, size_t SX_STR_CAP, size_t *SX_STR_LEN), (void *SX_BIN, size_t SX_BIN_CAP, size_t *SX_BIN_LEN) "[]byte"
%typemap(imtype) (const void *SX_BYTES, size_t SX_BYTES_LEN), (void *SX_BUF, size_t SX_BUF_CAP),
                 (char *SX_STR, size_t SX_STR_CAP, size_t *SX_STR_LEN), (void *SX_BIN, size_t SX_BIN_CAP, size_t *SX_BIN_LEN) "string"
/* %{ %} bodies: SWIG adds no braces, so goargout sees goin's variables. */
%typemap(goin) (const void *SX_BYTES, size_t SX_BYTES_LEN), (void *SX_BUF, size_t SX_BUF_CAP),
                 (char *SX_STR, size_t SX_STR_CAP, size_t *SX_STR_LEN), (void *SX_BIN, size_t SX_BIN_CAP, size_t *SX_BIN_LEN)
%{
	swigBufKeep$argnum := $input
	$result = ""
	if len($input) > 0 {
		$result = *(*string)(unsafe.Pointer(&swigBufKeep$argnum))
	}
%}
%typemap(goargout) (const void *SX_BYTES, size_t SX_BYTES_LEN), (void *SX_BUF, size_t SX_BUF_CAP),
                 (char *SX_STR, size_t SX_STR_CAP, size_t *SX_STR_LEN), (void *SX_BIN, size_t SX_BIN_CAP, size_t *SX_BIN_LEN)
%{
	runtime.KeepAlive(swigBufKeep$argnum)
	if Swig_escape_always_false {
		Swig_escape_val = swigBufKeep$argnum
	}
%}
%typemap(in) (const void *SX_BYTES, size_t SX_BYTES_LEN), (void *SX_BUF, size_t SX_BUF_CAP)
{
  $1 = ($1_ltype)$input.p;
  $2 = (size_t)$input.n;
}

/* Strings and bytes out: passed the same way (one mechanism for every buffer). The
 * status carries the length (see the top of this file). */
%typemap(in) (char *SX_STR, size_t SX_STR_CAP, size_t *SX_STR_LEN) (size_t len_tmp = 0),
             (void *SX_BIN, size_t SX_BIN_CAP, size_t *SX_BIN_LEN) (size_t len_tmp = 0)
{
  $1 = ($1_ltype)$input.p;
  $2 = (size_t)$input.n;
  $3 = &len_tmp;
}

/* argout runs after the return value was converted, so these set SWIG's Go return
 * variable (_swig_go_result) itself.
 * On success the status is the length; on SX_ETRUNC it is the capacity needed, which is
 * always more than len(buf): a string also needs room for its NUL. Lengths here are small
 * (addresses, option values, messages); they are clamped to keep the rule.
 * A call with two string buffers (getnameinfo's host and service) gets the larger of the
 * two values: given buffers of equal size n, a status above n is the size both need for
 * the retry, and on success each string ends at its NUL (the caller finds both lengths). */
%typemap(argout) (char *SX_STR, size_t SX_STR_CAP, size_t *SX_STR_LEN)
{
  if (result == 0 || result == SX_ETRUNC) {
    size_t need$argnum = result == 0 ? len_tmp$argnum : len_tmp$argnum + 1;
    intgo v$argnum = need$argnum > INT32_MAX ? INT32_MAX : (intgo)need$argnum;
    if (_swig_go_result < v$argnum) {
      _swig_go_result = v$argnum;
    }
  }
}
%typemap(argout) (void *SX_BIN, size_t SX_BIN_CAP, size_t *SX_BIN_LEN)
{
  if (result == 0 || result == SX_ETRUNC) {
    _swig_go_result = len_tmp$argnum > INT32_MAX ? INT32_MAX : (int32_t)len_tmp$argnum;
  }
}

/* An array of int32 out (SX_INT32_ARRAY): create_connection_ex's per-attempt errors.
 * The SX_STR rule (status = length) cannot serve here: the status is the connect result,
 * and a retry would connect again. So the Go side is a struct carrying both the array
 * and the count, which may exceed len(Buf) ("failures past it are counted, not stored").
 * The C side gets a pointer-free triple {address, capacity, count}, the same way buffers
 * pass above, and writes the count into its third word (size_t is 64-bit here). */
%insert(go_wrapper) %{

// Int32Array is an SX_INT32_ARRAY argument: Buf is filled (len(Buf) is the capacity)
// and Len receives the number of values the call produced, which may exceed len(Buf).
type Int32Array struct {
	Buf []int32
	Len uint64
}
%}
%typemap(gotype) (int32_t *SX_INT32_ARRAY, size_t SX_INT32_ARRAY_CAP, size_t *SX_INT32_ARRAY_LEN) "*Int32Array"
%typemap(imtype) (int32_t *SX_INT32_ARRAY, size_t SX_INT32_ARRAY_CAP, size_t *SX_INT32_ARRAY_LEN) "*uint64"
%typemap(goin) (int32_t *SX_INT32_ARRAY, size_t SX_INT32_ARRAY_CAP, size_t *SX_INT32_ARRAY_LEN)
%{
	swigArrKeep$argnum := $input
	var swigArrTriple$argnum [3]uint64
	if $input != nil && len($input.Buf) > 0 {
		swigArrTriple$argnum[0] = uint64(uintptr(unsafe.Pointer(&$input.Buf[0])))
		swigArrTriple$argnum[1] = uint64(len($input.Buf))
	}
	$result = &swigArrTriple$argnum[0]
%}
%typemap(goargout) (int32_t *SX_INT32_ARRAY, size_t SX_INT32_ARRAY_CAP, size_t *SX_INT32_ARRAY_LEN)
%{
	runtime.KeepAlive(swigArrKeep$argnum)
	if swigArrKeep$argnum != nil {
		swigArrKeep$argnum.Len = swigArrTriple$argnum[2]
	}
	if Swig_escape_always_false {
		Swig_escape_val = swigArrKeep$argnum
	}
%}
%typemap(in) (int32_t *SX_INT32_ARRAY, size_t SX_INT32_ARRAY_CAP, size_t *SX_INT32_ARRAY_LEN)
{
  uint64_t *triple = (uint64_t *)$input;
  $1 = ($1_ltype)(uintptr_t)triple[0];
  $2 = (size_t)triple[1];
  $3 = (size_t *)&triple[2];
}

/* Strings that may be NULL (Python's None): getaddrinfo's host and port, create_connection's
 * host, getservbyname/getservbyport's protocol. A Go string cannot be nil, so "" stands
 * for NULL in exactly those calls, where "" itself means nothing useful (getaddrinfo
 * rejects it). The parameter names are shared with calls where "" is meaningful
 * (sx_addr_inet's "" is INADDR_ANY), and socketx.i is common to every binding, so the
 * choice is made per wrapped function ($symname) instead of per parameter name. Only for
 * an empty string, and a few strcmp calls are nothing beside a resolver call. */
%{
static int sx_go_empty_is_null(const char *symname)
{
  static const char *const nullable[] = {"sx_getaddrinfo", "sx_getaddrinfo_port", "sx_create_connection",
                                         "sx_create_connection_ex", "sx_getservbyname", "sx_getservbyport"};
  for (size_t i = 0; i < sizeof nullable / sizeof nullable[0]; i++) {
    if (strcmp(symname, nullable[i]) == 0) {
      return 1;
    }
  }
  return 0;
}
%}
%typemap(in) const char *host, const char *port, const char *proto
{
  if ($input.n == 0 && sx_go_empty_is_null("$symname")) {
    $1 = NULL;
  } else {
    $1 = ($1_ltype)malloc($input.n + 1);
    memcpy((char *)$1, $input.p, $input.n);
    ((char *)$1)[$input.n] = '\0';
  }
}

%typemap(gotype) const char **SX_STATIC_STR_OUT "[]byte"
%typemap(in) const char **SX_STATIC_STR_OUT (const char *str_tmp = NULL)
{
  /* SWIG drops the const from $1_ltype: cast back. */
  $1 = ($1_ltype)&str_tmp;
}
/* The copy happens after the call, into the slice (an ordinary Go slice argument: package
 * socketx passes a pointer-free buffer of its own here, which cgo's check accepts). */
%typemap(argout) const char **SX_STATIC_STR_OUT
{
  if (result == 0 && str_tmp$argnum != NULL) {
    size_t n = strlen(str_tmp$argnum);
    memcpy($input.array, str_tmp$argnum, n < (size_t)$input.len ? n : (size_t)$input.len);
    _swig_go_result = n > INT32_MAX ? INT32_MAX : (int32_t)n;
  }
}


/* ---- The roles of the messages API (socketx/msg.h) ---- */

/* SX_UINT64_OUT: *uint64, as the other numbers out. */
%typemap(gotype) uint64_t *SX_UINT64_OUT "*uint64"
%typemap(in) uint64_t *SX_UINT64_OUT
{
  $1 = ($1_ltype)$input;
}

/* SX_UINT64_ARRAY (sx_socket_tcp_info's values): *Uint64Array, the SX_INT32_ARRAY way. */
%insert(go_wrapper) %{

// Uint64Array is an SX_UINT64_ARRAY argument: Buf is filled (len(Buf) is the capacity)
// and Len receives the number of values there are, which may exceed len(Buf) (the call
// then fails with SX_ETRUNC and writes nothing).
type Uint64Array struct {
	Buf []uint64
	Len uint64
}

// swigSliceCarrier builds the string header that carries n bytes at p to C (see the
// buffers above: a carrier only, never read as a string by Go).
func swigSliceCarrier(p unsafe.Pointer, n int) string {
	var hdr struct {
		p unsafe.Pointer
		n int
	}
	hdr.p, hdr.n = p, n
	return *(*string)(unsafe.Pointer(&hdr))
}
%}
%typemap(gotype) (uint64_t *SX_UINT64_ARRAY, size_t SX_UINT64_ARRAY_CAP, size_t *SX_UINT64_ARRAY_LEN) "*Uint64Array"
%typemap(imtype) (uint64_t *SX_UINT64_ARRAY, size_t SX_UINT64_ARRAY_CAP, size_t *SX_UINT64_ARRAY_LEN) "*uint64"
%typemap(goin) (uint64_t *SX_UINT64_ARRAY, size_t SX_UINT64_ARRAY_CAP, size_t *SX_UINT64_ARRAY_LEN)
%{
	swigU64ArrKeep$argnum := $input
	var swigU64ArrTriple$argnum [3]uint64
	if $input != nil && len($input.Buf) > 0 {
		swigU64ArrTriple$argnum[0] = uint64(uintptr(unsafe.Pointer(&$input.Buf[0])))
		swigU64ArrTriple$argnum[1] = uint64(len($input.Buf))
	}
	$result = &swigU64ArrTriple$argnum[0]
%}
%typemap(goargout) (uint64_t *SX_UINT64_ARRAY, size_t SX_UINT64_ARRAY_CAP, size_t *SX_UINT64_ARRAY_LEN)
%{
	runtime.KeepAlive(swigU64ArrKeep$argnum)
	if swigU64ArrKeep$argnum != nil {
		swigU64ArrKeep$argnum.Len = swigU64ArrTriple$argnum[2]
	}
	if Swig_escape_always_false {
		Swig_escape_val = swigU64ArrKeep$argnum
	}
%}
%typemap(in) (uint64_t *SX_UINT64_ARRAY, size_t SX_UINT64_ARRAY_CAP, size_t *SX_UINT64_ARRAY_LEN)
{
  uint64_t *triple = (uint64_t *)$input;
  $1 = ($1_ltype)(uintptr_t)triple[0];
  $2 = (size_t)triple[1];
  $3 = (size_t *)&triple[2];
}

/* Arrays in: SX_INT32_ARRAY_IN is []int32 (descriptors), SX_HANDLE_ARRAY_IN []uint64 (a
 * batch of messages). They travel as the buffers do, the array's memory carried by a
 * string header (no copy, no per-call allocation, no runtime pointer check), and escape
 * so that the memory is on the heap and stays put until the call returns. */
%typemap(gotype) (const int32_t *SX_INT32_ARRAY_IN, size_t SX_INT32_ARRAY_IN_LEN) "[]int32"
%typemap(gotype) (const uint64_t *SX_HANDLE_ARRAY_IN, size_t SX_HANDLE_ARRAY_IN_LEN) "[]uint64"
%typemap(imtype) (const int32_t *SX_INT32_ARRAY_IN, size_t SX_INT32_ARRAY_IN_LEN),
                 (const uint64_t *SX_HANDLE_ARRAY_IN, size_t SX_HANDLE_ARRAY_IN_LEN) "string"
%typemap(goin) (const int32_t *SX_INT32_ARRAY_IN, size_t SX_INT32_ARRAY_IN_LEN)
%{
	swigArrInKeep$argnum := $input
	$result = ""
	if len($input) > 0 {
		$result = swigSliceCarrier(unsafe.Pointer(&$input[0]), 4*len($input))
	}
%}
%typemap(goin) (const uint64_t *SX_HANDLE_ARRAY_IN, size_t SX_HANDLE_ARRAY_IN_LEN)
%{
	swigArrInKeep$argnum := $input
	$result = ""
	if len($input) > 0 {
		$result = swigSliceCarrier(unsafe.Pointer(&$input[0]), 8*len($input))
	}
%}
%typemap(goargout) (const int32_t *SX_INT32_ARRAY_IN, size_t SX_INT32_ARRAY_IN_LEN),
                   (const uint64_t *SX_HANDLE_ARRAY_IN, size_t SX_HANDLE_ARRAY_IN_LEN)
%{
	runtime.KeepAlive(swigArrInKeep$argnum)
	if Swig_escape_always_false {
		Swig_escape_val = swigArrInKeep$argnum
	}
%}
%typemap(in) (const int32_t *SX_INT32_ARRAY_IN, size_t SX_INT32_ARRAY_IN_LEN)
{
  $1 = ($1_ltype)$input.p;
  $2 = (size_t)$input.n / sizeof(int32_t);
}
%typemap(in) (const uint64_t *SX_HANDLE_ARRAY_IN, size_t SX_HANDLE_ARRAY_IN_LEN)
{
  $1 = ($1_ltype)$input.p;
  $2 = (size_t)$input.n / sizeof(uint64_t);
}

/* Scatter/gather buffers (SX_IOVEC_IN to send, SX_IOVEC to fill): [][]byte. The slice's
 * array of slice headers is carried to C the same way, and C builds the parallel arrays
 * of pointers and lengths from it (on its stack for a few buffers, else malloc'ed). The
 * [][]byte escapes, so its array and every buffer it holds are on the heap.
 * sx_msg_set_buffers keeps the pointers past the call, which cgo's rules forbid: package
 * socketx never calls it through here, but in the same C call as the batch that uses
 * them (msg_cgo.go); this wrapper is for completeness, with that caveat. */
%typemap(gotype) (const void *const *SX_IOVEC_IN, const size_t *SX_IOVEC_LENS_IN, size_t SX_IOVEC_COUNT_IN),
                 (void *const *SX_IOVEC, const size_t *SX_IOVEC_LENS, size_t SX_IOVEC_COUNT) "[][]byte"
%typemap(imtype) (const void *const *SX_IOVEC_IN, const size_t *SX_IOVEC_LENS_IN, size_t SX_IOVEC_COUNT_IN),
                 (void *const *SX_IOVEC, const size_t *SX_IOVEC_LENS, size_t SX_IOVEC_COUNT) "string"
%typemap(goin) (const void *const *SX_IOVEC_IN, const size_t *SX_IOVEC_LENS_IN, size_t SX_IOVEC_COUNT_IN),
               (void *const *SX_IOVEC, const size_t *SX_IOVEC_LENS, size_t SX_IOVEC_COUNT)
%{
	swigIovKeep$argnum := $input
	$result = ""
	if len($input) > 0 {
		$result = swigSliceCarrier(unsafe.Pointer(&$input[0]), int(unsafe.Sizeof($input[0]))*len($input))
	}
%}
%typemap(goargout) (const void *const *SX_IOVEC_IN, const size_t *SX_IOVEC_LENS_IN, size_t SX_IOVEC_COUNT_IN),
                   (void *const *SX_IOVEC, const size_t *SX_IOVEC_LENS, size_t SX_IOVEC_COUNT)
%{
	runtime.KeepAlive(swigIovKeep$argnum)
	if Swig_escape_always_false {
		Swig_escape_val = swigIovKeep$argnum
	}
%}
%typemap(in) (const void *const *SX_IOVEC_IN, const size_t *SX_IOVEC_LENS_IN, size_t SX_IOVEC_COUNT_IN)
             (void *iov_small[8], size_t len_small[8], void **iov_heap = NULL, size_t *len_heap = NULL),
             (void *const *SX_IOVEC, const size_t *SX_IOVEC_LENS, size_t SX_IOVEC_COUNT)
             (void *iov_small[8], size_t len_small[8], void **iov_heap = NULL, size_t *len_heap = NULL)
{
  const _goslice_ *sl = (const _goslice_ *)$input.p;
  size_t n = (size_t)$input.n / sizeof(_goslice_);
  void **p = iov_small;
  size_t *l = len_small;
  if (n > 8) {
    iov_heap = (void **)malloc(n * sizeof(void *));
    len_heap = (size_t *)malloc(n * sizeof(size_t));
    p = iov_heap;
    l = len_heap;
  }
  if (p != NULL && l != NULL) {
    for (size_t i = 0; i < n; i++) {
      p[i] = sl[i].array;
      l[i] = (size_t)sl[i].len;
    }
    $1 = ($1_ltype)p;
    $2 = ($2_ltype)l;
  } else {
    $1 = NULL; /* out of memory: the library answers SX_EARG */
    $2 = NULL;
  }
  $3 = n;
}
%typemap(freearg) (const void *const *SX_IOVEC_IN, const size_t *SX_IOVEC_LENS_IN, size_t SX_IOVEC_COUNT_IN),
                  (void *const *SX_IOVEC, const size_t *SX_IOVEC_LENS, size_t SX_IOVEC_COUNT)
{
  free(iov_heap$argnum);
  free(len_heap$argnum);
}

/* SWIG's stdint.i makes uint64_t an unsigned long long, so the const it strips from
 * `const sx_msg *msgs` comes back as a cast to `unsigned long long const *`, which is not
 * sx_msg's `unsigned long` to a C compiler: call these two with the right type. */
%feature("action") sx_socket_sendmmsg {
  result = (int32_t)sx_socket_sendmmsg(arg1, (const sx_msg *)arg2, arg3, arg4, arg5);
}
%feature("action") sx_socket_recvmmsg {
  result = (int32_t)sx_socket_recvmmsg(arg1, (const sx_msg *)arg2, arg3, arg4, arg5);
}

/* Written by hand with cgo instead (package socketx): CAN filters pass two parallel
 * arrays with one count, which no shared role describes, and sendmsg_afalg must tell a
 * nil IV (send none) from an empty one, which the byte-slice carrier cannot (an empty
 * slice passes as NULL). */
%ignore sx_socket_can_set_filters;
%ignore sx_socket_sendmsg_afalg;

%{
#include <stdlib.h>
#include <string.h>
%}

%include "../swig/socketx.i"

