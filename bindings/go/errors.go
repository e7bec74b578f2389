// SPDX-License-Identifier: MIT

//go:build linux

package socketx

import (
	"net"
	"os"
	"syscall"

	"github.com/libsocketx/libsocketx/bindings/go/internal/native"
)

// Code is a libsocketx status code: 0 or a negative SX_E* value (socketx/errors.h).
//
// A Code is itself an error, so the library's own codes below are sentinel values:
// errors.Is(err, socketx.ErrBadHandle). Any other code works the same way, e.g.
// errors.Is(err, socketx.Code(-111)), though for OS codes syscall.Errno reads better:
// errors.Is(err, syscall.ECONNREFUSED).
type Code int32

// The library's own status codes (the -2001.. range), usable with errors.Is.
const (
	ErrTimeout    Code = Code(native.SX_ETIMEOUT)    // the socket's timeout expired; also os.ErrDeadlineExceeded
	ErrBadHandle  Code = Code(native.SX_EBADHANDLE)  // zero, stale, closed or wrong-kind handle
	ErrClosed     Code = Code(native.SX_ECLOSED)     // closed by another goroutine while in use; also net.ErrClosed
	ErrArg        Code = Code(native.SX_EARG)        // invalid argument, caught before any system call
	ErrNotSup     Code = Code(native.SX_ENOTSUP)     // family or operation not available here
	ErrTrunc      Code = Code(native.SX_ETRUNC)      // a buffer was too small
	ErrNotFound   Code = Code(native.SX_ENOTFOUND)   // service, protocol or interface name unknown
	ErrOutOfRange Code = Code(native.SX_EOUTOFRANGE) // a number outside the accepted range
	ErrNoHandles  Code = Code(native.SX_ENOHANDLES)  // the handle table is full
)

// OS codes are the negated Linux errno numbers; on Linux that is syscall.Errno's own
// numbering, which is what Unwrap relies on (this package builds on Linux only).
const (
	codeAgain      = -Code(syscall.EAGAIN)
	codeInProgress = -Code(syscall.EINPROGRESS)
	codeNotConn    = -Code(syscall.ENOTCONN)
)

// Error returns the library's message for the code (sx_strerror).
func (c Code) Error() string { return native.Sx_strerror(int(c)) }

// Name returns the code's macro name, e.g. "SX_ECONNREFUSED" (sx_error_name).
func (c Code) Name() string { return native.Sx_error_name(int(c)) }

// IsOS reports whether the code is an OS error (the negated errno range).
func (c Code) IsOS() bool { return c <= -1 && c >= -999 }

// IsResolver reports whether the code is a getaddrinfo (SX_EAI_*) or host database
// (SX_EHOST_*) error.
func (c Code) IsResolver() bool { return c <= -1001 && c >= -1299 }

// Errno returns the OS error for an OS code.
func (c Code) Errno() (syscall.Errno, bool) {
	if !c.IsOS() {
		return 0, false
	}
	return syscall.Errno(-c), true
}

// ErrorCode looks a status code up by its macro name ("SX_ECONNREFUSED"; the "SX_"
// prefix is optional).
func ErrorCode(name string) (Code, error) {
	if err := checkString("error_code", name); err != nil {
		return 0, err
	}
	var c int32
	if st := native.Sx_error_code(name, &c); st < 0 {
		return 0, newError("error_code", st)
	}
	return Code(c), nil
}

// LastErrorDetail returns the calling OS thread's detail message for its most recent
// failing libsocketx call. Goroutines move between threads, so this is a best-effort
// aid for humans; the errors this package returns already carry the detail of their
// own call (Error.Detail), captured on the right thread.
func LastErrorDetail() string {
	b, err := readString("last_error_detail", 128, native.Sx_last_error_detail)
	if err != nil {
		return ""
	}
	return string(b)
}

// Error is a failed libsocketx call: the operation and its status code. It unwraps to
// syscall.Errno for OS codes, os.ErrDeadlineExceeded for ErrTimeout and net.ErrClosed
// for ErrClosed, and matches its Code with errors.Is. It implements net.Error.
type Error struct {
	Op     string // the operation, e.g. "connect"
	Code   Code   // the status code
	Detail string // the library's detail message, when one was captured (may be empty)
	// closed is set when the call failed because this Go Socket had been closed, which
	// the library reports as SX_EBADHANDLE; Go code expects net.ErrClosed then.
	closed bool
}

func (e *Error) Error() string {
	s := "socketx: " + e.Op + ": " + e.Code.Error() + " (" + e.Code.Name() + ")"
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	return s
}

// Unwrap gives the standard error the code corresponds to, if any.
func (e *Error) Unwrap() error {
	switch {
	case e.Code.IsOS():
		return syscall.Errno(-e.Code)
	case e.Code == ErrTimeout:
		return os.ErrDeadlineExceeded
	case e.Code == ErrClosed || e.closed:
		return net.ErrClosed
	}
	return nil
}

// Is matches a Code target against the error's code.
func (e *Error) Is(target error) bool {
	c, ok := target.(Code)
	return ok && c == e.Code
}

// Timeout reports whether the call timed out: the library's timeout (ErrTimeout,
// including a net.Conn deadline) or the kernel's ETIMEDOUT.
func (e *Error) Timeout() bool {
	return e.Code == ErrTimeout || e.Code == -Code(syscall.ETIMEDOUT)
}

// Temporary reports whether retrying may succeed (deprecated in net.Error, kept for it).
func (e *Error) Temporary() bool {
	if errno, ok := e.Code.Errno(); ok {
		return errno.Temporary()
	}
	return e.Code == ErrTimeout
}

// ResolverError is a failed name resolution (SX_EAI_* and SX_EHOST_* codes): the
// counterpart of Python's socket.gaierror and socket.herror.
type ResolverError struct {
	Op   string // the operation, e.g. "addr_inet"
	Host string // the name that was looked up, when known
	Code Code   // an SX_EAI_* or SX_EHOST_* code
}

func (e *ResolverError) Error() string {
	s := "socketx: " + e.Op
	if e.Host != "" {
		s += " " + e.Host
	}
	return s + ": " + e.Code.Error() + " (" + e.Code.Name() + ")"
}

// Is matches a Code target against the error's code.
func (e *ResolverError) Is(target error) bool {
	c, ok := target.(Code)
	return ok && c == e.Code
}

// NotFound reports whether the name does not exist (as opposed to a resolver failure).
func (e *ResolverError) NotFound() bool {
	switch e.Code {
	case Code(native.SX_EAI_NONAME), Code(native.SX_EAI_NODATA), Code(native.SX_EHOST_NOT_FOUND), Code(native.SX_EHOST_NO_DATA):
		return true
	}
	return false
}

// Timeout is false: the resolver's own time limits surface as Temporary failures.
func (e *ResolverError) Timeout() bool { return false }

// Temporary reports a transient resolver failure (EAI_AGAIN, TRY_AGAIN).
func (e *ResolverError) Temporary() bool {
	return e.Code == Code(native.SX_EAI_AGAIN) || e.Code == Code(native.SX_EHOST_TRY_AGAIN)
}

var (
	_ net.Error = (*Error)(nil)
	_ net.Error = (*ResolverError)(nil)
)

// newError turns a negative status into the error of its category.
func newError(op string, st int) error {
	c := Code(st)
	if c.IsResolver() {
		return &ResolverError{Op: op, Code: c}
	}
	return &Error{Op: op, Code: c}
}

// checkString rejects strings C would silently cut at an embedded NUL.
func checkString(op, s string) error {
	for i := 0; i < len(s); i++ {
		if s[i] == 0 {
			return &Error{Op: op, Code: ErrArg, Detail: "string contains a NUL byte"}
		}
	}
	return nil
}
