// SPDX-License-Identifier: MIT

//go:build linux

package socketx

import (
	"errors"
	"math"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/libsocketx/libsocketx/bindings/go/internal/native"
)

// TimeoutDefault, given to WithTimeout, keeps the module default timeout
// (SetDefaultTimeout), which is also what CreateConnection does without WithTimeout.
// It differs from Blocking, which means no timeout at all whatever the default says:
// Python's socket._GLOBAL_DEFAULT_TIMEOUT versus None.
const TimeoutDefault time.Duration = -2

// maxAttemptErrors bounds the per-attempt errors CreateConnection keeps; a name with more
// addresses than that is rare, and the rest are still counted (ConnectError.Dropped).
const maxAttemptErrors = 64

// DialOption is an option of CreateConnection.
type DialOption func(*dialConfig)

type dialConfig struct {
	timeout       time.Duration
	source        *Addr
	allErrors     bool
	happyEyeballs bool
}

// WithTimeout sets the timeout of each connection attempt (of the whole race with
// WithHappyEyeballs) and of the returned socket: a positive duration, 0 (non-blocking:
// the connect then fails with EINPROGRESS), Blocking, or TimeoutDefault.
func WithTimeout(d time.Duration) DialOption {
	return func(c *dialConfig) { c.timeout = d }
}

// WithSourceAddress binds each attempt's socket to a before connecting (Python's
// source_address). The caller keeps a.
func WithSourceAddress(a *Addr) DialOption {
	return func(c *dialConfig) { c.source = a }
}

// WithAllErrors makes a failure after one or more connection attempts a *ConnectError
// listing every attempt's error (Python's all_errors=True) instead of the last
// attempt's error alone. Failures before any attempt (resolution, arguments) keep
// their own type.
func WithAllErrors() DialOption {
	return func(c *dialConfig) { c.allErrors = true }
}

// WithHappyEyeballs races the addresses as RFC 8305 says: the families interleaved, a
// new attempt every 250 ms until one connects; the timeout is then one deadline for the
// whole race. Failures are reported as with WithAllErrors.
func WithHappyEyeballs() DialOption {
	return func(c *dialConfig) { c.happyEyeballs = true }
}

// ConnectError is a failed CreateConnection with WithAllErrors or WithHappyEyeballs:
// every attempt's error, in the order they failed. Err is the call's overall result (the
// last attempt's error, or ErrTimeout when a Happy Eyeballs deadline passed) and is
// what Unwrap gives; errors.Is also matches any attempt's error, so
// errors.Is(err, syscall.ECONNREFUSED) holds when some address refused.
type ConnectError struct {
	Host     string
	Port     int
	Err      error
	Attempts []error
	Dropped  int // attempts that failed beyond those kept in Attempts
}

func (e *ConnectError) Error() string {
	var b strings.Builder
	b.WriteString("socketx: create_connection ")
	b.WriteString(strconv.Quote(e.Host))
	b.WriteString(" port ")
	b.WriteString(strconv.Itoa(e.Port))
	b.WriteString(": ")
	b.WriteString(strconv.Itoa(len(e.Attempts) + e.Dropped))
	b.WriteString(" attempts failed")
	for _, a := range e.Attempts {
		b.WriteString("; ")
		b.WriteString(strings.TrimPrefix(a.Error(), "socketx: "))
	}
	if e.Dropped > 0 {
		b.WriteString("; and ")
		b.WriteString(strconv.Itoa(e.Dropped))
		b.WriteString(" more")
	}
	return b.String()
}

// Unwrap gives the overall result.
func (e *ConnectError) Unwrap() error { return e.Err }

// Is matches target against every attempt's error (Unwrap covers Err).
func (e *ConnectError) Is(target error) bool {
	for _, a := range e.Attempts {
		if errors.Is(a, target) {
			return true
		}
	}
	return false
}

// Timeout reports whether the overall result is a timeout.
func (e *ConnectError) Timeout() bool {
	var t interface{ Timeout() bool }
	return errors.As(e.Err, &t) && t.Timeout()
}

// CreateConnection connects a TCP socket to host and port, trying each address the
// resolver gives in turn: Python's socket.create_connection((host, port), ...). host ""
// stands for Python's None (the loopback addresses). The port is formatted as Python
// does (no range check beyond int32). The returned Socket keeps the timeout mode the
// connection was made with.
//
// The call resolves and connects in C, holding its OS thread meanwhile (at most the
// timeout per address).
func CreateConnection(host string, port int, opts ...DialOption) (*Socket, error) {
	c := dialConfig{timeout: TimeoutDefault}
	for _, o := range opts {
		o(&c)
	}
	if err := checkString("create_connection", host); err != nil {
		return nil, err
	}
	if err := int32Args("create_connection", port); err != nil {
		return nil, err
	}
	timeout := native.SX_TIMEOUT_DEFAULT
	if c.timeout != TimeoutDefault {
		timeout = durationToSeconds(c.timeout)
	}
	src := c.source.handle()
	if c.source != nil && src == 0 {
		// A closed Addr has handle 0, which the C call would read as "no source address".
		return nil, &Error{Op: "create_connection", Code: ErrBadHandle}
	}
	var h uint64
	var err error
	if !c.allErrors && !c.happyEyeballs {
		err = call("create_connection", func() int { return native.Sx_create_connection(host, port, timeout, src, &h) })
	} else {
		flags := 0
		if c.happyEyeballs {
			flags = native.SX_CONNECT_HAPPY_EYEBALLS
		}
		attempts := &native.Int32Array{Buf: make([]int32, maxAttemptErrors)}
		err = call("create_connection", func() int {
			return native.Sx_create_connection_ex(host, port, timeout, src, flags, attempts, &h)
		})
		if err != nil && attempts.Len > 0 {
			ce := &ConnectError{Host: host, Port: port, Err: err}
			kept := attempts.Len
			if kept > uint64(len(attempts.Buf)) {
				kept = uint64(len(attempts.Buf))
			}
			for _, st := range attempts.Buf[:kept] {
				ce.Attempts = append(ce.Attempts, newError("connect", int(st)))
			}
			ce.Dropped = int(attempts.Len - kept)
			err = ce
		}
	}
	// The source address must outlive the call: its finalizer would close it under C.
	runtime.KeepAlive(c.source)
	if err != nil {
		return nil, withHost(err, host)
	}
	return wrap("create_connection", h)
}

// CreateServer creates a TCP socket bound to a and listening: Python's
// socket.create_server (the family is a's). backlog may be BacklogDefault. SO_REUSEADDR
// is set; reusePort sets SO_REUSEPORT; dualStackIPv6 lets an AF_INET6 socket accept
// IPv4 too. A bind failure's Detail names the address.
func CreateServer(a *Addr, backlog int, reusePort, dualStackIPv6 bool) (*Socket, error) {
	if err := int32Args("create_server", backlog); err != nil {
		return nil, err
	}
	var h uint64
	rp, ds := boolInt(reusePort), boolInt(dualStackIPv6)
	err := call("create_server", func() int { return native.Sx_create_server(a.handle(), backlog, rp, ds, &h) })
	runtime.KeepAlive(a)
	if err != nil {
		return nil, err
	}
	return wrap("create_server", h)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// HasIPv6 reports whether this host can create IPv6 sockets (checked at run time:
// the kernel may lack IPv6): Python's socket.has_ipv6.
func HasIPv6() (bool, error) {
	var v int32
	if st := native.Sx_has_ipv6(&v); st < 0 {
		return false, newError("has_ipv6", st)
	}
	return v != 0, nil
}

// HasDualStackIPv6 reports whether an AF_INET6 TCP socket can accept IPv4 connections
// too: Python's socket.has_dualstack_ipv6.
func HasDualStackIPv6() (bool, error) {
	var v int32
	if st := native.Sx_has_dualstack_ipv6(&v); st < 0 {
		return false, newError("has_dualstack_ipv6", st)
	}
	return v != 0, nil
}

// CloseFd closes a raw file descriptor (not a Socket), ignoring ECONNRESET: Python's
// socket.close(fd).
func CloseFd(fd int) error {
	fd, err := fdArg("close", fd)
	if err != nil {
		return err
	}
	return call("close", func() int { return native.Sx_fd_close(fd) })
}

// DupFd duplicates a raw file descriptor; the copy is close-on-exec and the caller's to
// close: Python's socket.dup(fd).
func DupFd(fd int) (int, error) {
	fd, err := fdArg("dup", fd)
	if err != nil {
		return -1, err
	}
	var n int32
	if err := call("dup", func() int { return native.Sx_fd_dup(fd, &n) }); err != nil {
		return -1, err
	}
	return int(n), nil
}

// fdArg fits fd into the C call's int32 without truncating it into another, valid
// descriptor: above the range is ErrOutOfRange; any negative fd is passed as -1, for
// which the library gives its own answer (ErrArg).
func fdArg(op string, fd int) (int, error) {
	if fd > math.MaxInt32 {
		return 0, &Error{Op: op, Code: ErrOutOfRange}
	}
	if fd < 0 {
		return -1, nil
	}
	return fd, nil
}
