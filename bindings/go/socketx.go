// SPDX-License-Identifier: MIT

//go:build linux

// Package socketx is the Go binding of libsocketx: every operation of Python's socket
// module (all address families, the full option set, fd passing helpers) through the
// library's stable C ABI.
//
// Functions return (value, error). Errors are *Error (OS and library codes: errors.Is
// works with syscall.Errno values such as syscall.ECONNREFUSED, os.ErrDeadlineExceeded
// for timeouts, net.ErrClosed after Close, and this package's Code sentinels such as
// ErrBadHandle) or *ResolverError (name resolution).
//
// A Socket keeps its libsocketx socket in non-blocking mode and waits in the Go
// runtime's network poller, like the net package does: a goroutine blocked in Recv
// parks without holding an OS thread, and timeouts and deadlines are the poller's.
// The Python timeout modes (blocking, non-blocking, timeout) are kept by the Socket
// itself (SetTimeout).
//
// The package builds with cgo and finds libsocketx through pkg-config ("socketx").
package socketx

import (
	"math"
	"runtime"
	"time"

	"github.com/libsocketx/libsocketx/bindings/go/internal/native"
)

//go:generate ./generate.sh

// Frequently used constants, with the native values of the platform the program is built
// for (cgo evaluates them: see internal/native/constants.go); Constant and Constants
// reach every constant of the library by name at run time.
const (
	AF_UNSPEC      = native.SX_AF_UNSPEC
	AF_UNIX        = native.SX_AF_UNIX
	AF_INET        = native.SX_AF_INET
	AF_INET6       = native.SX_AF_INET6
	SOCK_STREAM    = native.SX_SOCK_STREAM
	SOCK_DGRAM     = native.SX_SOCK_DGRAM
	SOCK_SEQPACKET = native.SX_SOCK_SEQPACKET
	SOCK_RAW       = native.SX_SOCK_RAW
	SOCK_NONBLOCK  = native.SX_SOCK_NONBLOCK
	SOL_SOCKET     = native.SX_SOL_SOCKET
	SO_REUSEADDR   = native.SX_SO_REUSEADDR
	SO_KEEPALIVE   = native.SX_SO_KEEPALIVE
	SO_RCVBUF      = native.SX_SO_RCVBUF
	SO_SNDBUF      = native.SX_SO_SNDBUF
	SO_ERROR       = native.SX_SO_ERROR
	SO_TYPE        = native.SX_SO_TYPE
	SO_LINGER      = native.SX_SO_LINGER
	IPPROTO_TCP    = native.SX_IPPROTO_TCP
	IPPROTO_UDP    = native.SX_IPPROTO_UDP
	TCP_NODELAY    = native.SX_TCP_NODELAY
	MSG_PEEK       = native.SX_MSG_PEEK
	MSG_DONTWAIT   = native.SX_MSG_DONTWAIT
	MSG_WAITALL    = native.SX_MSG_WAITALL
	SHUT_RD        = native.SX_SHUT_RD
	SHUT_WR        = native.SX_SHUT_WR
	SHUT_RDWR      = native.SX_SHUT_RDWR
)

// Detect, passed as family, type or proto to Adopt or FromFD, has them detected from the fd.
const Detect = native.SX_DETECT

// BacklogDefault, passed to Listen, asks for Python's default backlog, min(SOMAXCONN, 128).
var BacklogDefault = native.SX_BACKLOG_DEFAULT

// Blocking is the timeout value of blocking mode (Python's None) for SetTimeout,
// SetDefaultTimeout and what Timeout returns.
const Blocking time.Duration = -1

// Constant returns the native value of a socket constant by its Python name
// ("SO_REUSEADDR", "AF_DECnet"); ErrNotFound when this platform has no such constant.
func Constant(name string) (int64, error) {
	if err := checkString("constant", name); err != nil {
		return 0, err
	}
	var v int64
	if st := native.Sx_constant(name, &v); st < 0 {
		return 0, newError("constant", st)
	}
	return v, nil
}

// Constants returns every socket constant of this platform, by Python name.
func Constants() (map[string]int64, error) {
	var n uint32
	if st := native.Sx_constant_count(&n); st < 0 {
		return nil, newError("constant_count", st)
	}
	m := make(map[string]int64, n)
	var name [64]byte
	for i := uint32(0); i < n; i++ {
		var v int64
		st := native.Sx_constant_at(uint(i), name[:], &v)
		if st < 0 {
			return nil, newError("constant_at", st)
		}
		if st > len(name) {
			// Longer than any constant name today; fetch it again at full size.
			long := make([]byte, st)
			if st = native.Sx_constant_at(uint(i), long, &v); st < 0 {
				return nil, newError("constant_at", st)
			}
			m[string(long[:st])] = v
			continue
		}
		m[string(name[:st])] = v
	}
	return m, nil
}

// Version returns the release version of the libsocketx loaded at run time.
func Version() (major, minor, patch uint32, err error) {
	if st := native.Sx_version(&major, &minor, &patch); st < 0 {
		return 0, 0, 0, newError("version", st)
	}
	return major, minor, patch, nil
}

// VersionString returns the loaded library's version as text, e.g. "1.1.0".
func VersionString() string { return native.Sx_version_string() }

// ABILevel returns the loaded library's ABI level: SOCKETX_<major>.<minor>.
func ABILevel() (major, minor uint32, err error) {
	if st := native.Sx_abi_level(&major, &minor); st < 0 {
		return 0, 0, newError("abi_level", st)
	}
	return major, minor, nil
}

// FamilySupported tells whether this build has an address codec for the family and
// whether the running kernel can create its sockets.
func FamilySupported(family int) (build, kernel bool, err error) {
	var b, k int32
	if st := native.Sx_family_supported(family, &b, &k); st < 0 {
		return false, false, newError("family_supported", st)
	}
	return b != 0, k != 0, nil
}

// SetDefaultTimeout sets the timeout new sockets start with: Blocking, 0 (non-blocking)
// or a positive duration. Existing sockets keep theirs.
func SetDefaultTimeout(d time.Duration) error {
	return call("setdefaulttimeout", func() int { return native.Sx_setdefaulttimeout(durationToSeconds(d)) })
}

// DefaultTimeout returns the timeout new sockets start with (Blocking initially).
func DefaultTimeout() (time.Duration, error) {
	var sec float64
	if st := native.Sx_getdefaulttimeout(&sec); st < 0 {
		return 0, newError("getdefaulttimeout", st)
	}
	return secondsToDuration(sec), nil
}

// SetThreadInterruptible sets, for the calling OS thread, what the C library does when a
// signal handler interrupts one of its system calls: false (the default) retries it with
// the remaining time (PEP 475); true makes the call fail at once with an error that
// matches syscall.EINTR (errors.Is(err, syscall.EINTR)), having reported its progress.
//
// Go programs do not need it: this package keeps its sockets non-blocking and waits in the
// Go runtime's network poller, so no goroutine ever sleeps inside the C library, and
// cancellation is a deadline or Close, not a signal. It exists for code that calls
// blocking C paths itself (the raw layer, or C code sharing the process) and wants the
// C library's signal semantics on one thread. The setting belongs to an OS thread, and
// goroutines move between OS threads between two calls: use it only inside
// runtime.LockOSThread, and set it back before runtime.UnlockOSThread, or the next
// goroutine scheduled on that thread inherits it.
func SetThreadInterruptible(on bool) error {
	v := 0
	if on {
		v = 1
	}
	return call("thread_set_interruptible", func() int { return native.Sx_thread_set_interruptible(v) })
}

// ThreadInterruptible reports the calling OS thread's SetThreadInterruptible setting
// (meaningful only inside runtime.LockOSThread, for the reason given there).
func ThreadInterruptible() (bool, error) {
	var on int32
	if st := native.Sx_thread_get_interruptible(&on); st < 0 {
		return false, newError("thread_get_interruptible", st)
	}
	return on != 0, nil
}

func durationToSeconds(d time.Duration) float64 {
	if d < 0 {
		return native.SX_TIMEOUT_NONE
	}
	return d.Seconds()
}

func secondsToDuration(sec float64) time.Duration {
	if sec < 0 {
		return Blocking
	}
	if sec*1e9 >= math.MaxInt64 {
		return math.MaxInt64
	}
	d := time.Duration(math.Ceil(sec * 1e9))
	if d == 0 && sec > 0 {
		d = 1
	}
	return d
}

// call runs one libsocketx call pinned to its OS thread, so that on failure the
// thread's detail message really is this call's (goroutines move between threads
// between two cgo calls). Used off the data path, where the two extra calls are free.
func call(op string, f func() int) error {
	runtime.LockOSThread()
	st := f()
	if st >= 0 {
		runtime.UnlockOSThread()
		return nil
	}
	detail := LastErrorDetail()
	runtime.UnlockOSThread()
	err := newError(op, st)
	if e, ok := err.(*Error); ok {
		e.Detail = detail
	}
	return err
}

// readString runs a call of the SX_STR/SX_BIN roles, whose status is the full length
// or, when larger than the buffer, the capacity needed; it retries at that size.
func readString(op string, size int, f func([]byte) int) ([]byte, error) {
	buf := make([]byte, size)
	// The needed size is reported exactly, so a second try succeeds unless the value
	// changed in between (an error detail message can): a few rounds at most.
	for i := 0; i < 4; i++ {
		st := f(buf)
		if st < 0 {
			return nil, newError(op, st)
		}
		if st <= len(buf) {
			return buf[:st], nil
		}
		buf = make([]byte, st)
	}
	return nil, &Error{Op: op, Code: ErrTrunc}
}
