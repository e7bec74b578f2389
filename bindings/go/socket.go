// SPDX-License-Identifier: MIT

//go:build linux

package socketx

import (
	"errors"
	"os"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"

	"github.com/libsocketx/libsocketx/bindings/go/internal/native"
)

// Socket is a libsocketx socket: Python's socket.socket in Go.
//
// Underneath, the libsocketx socket is always non-blocking. An operation first tries
// the call; only when it would block (and the Socket is not in non-blocking mode) does
// it wait, in the Go runtime poller, on a close-on-exec duplicate of the fd registered
// the first time the Socket has to wait (so sockets that never wait cost one fd, not
// two). Waiting goroutines are parked, not blocked in C: they hold no OS thread.
//
// Python's three timeout modes are the Socket's own: Blocking, 0 (non-blocking: a call
// that would block fails with EAGAIN, or EINPROGRESS for Connect) and a positive
// timeout per call (ErrTimeout, which is also os.ErrDeadlineExceeded). A stream
// Socket is also a net.Conn; its deadlines combine with the timeout (the earlier wins).
//
// All methods are safe for concurrent use. Close is idempotent, wakes every goroutine
// blocked in the Socket (their calls fail with an error matching net.ErrClosed), and
// later calls fail with an error matching both ErrBadHandle and net.ErrClosed. A
// Socket the program forgets is closed by the garbage collector.
type Socket struct {
	h       atomic.Uint64 // the sx_socket handle; 0 once closed or detached
	timeout atomic.Int64  // ns; Blocking (-1), 0 non-blocking, > 0 timeout mode
	rdl     atomic.Int64  // net.Conn read deadline, Unix ns; 0 none
	wdl     atomic.Int64  // net.Conn write deadline, Unix ns; 0 none
	closed  atomic.Bool
	pf      pollFilePtr // set once, the first time the Socket waits
	mu      sync.Mutex  // serialises pf creation against Close

	// The data path (Recv, Send, SendAll, SendTo) reuses one operation record per direction
	// instead of allocating closures and out-parameters per call; its mutex serialises
	// the calls of a direction, as package net does for Read and Write.
	rop, wop dataOp
	// The arrays of ReadBatch and WriteBatch, reused (under rop.mu and wop.mu).
	rbatch, wbatch *batchScratch
}

// pollFilePtr is atomic.Pointer[pollFile] in a form the compiler inlines (Go 1.19 does
// not inline the generic one's Load, which every Recv and Send makes).
type pollFilePtr struct{ p unsafe.Pointer }

func (x *pollFilePtr) Load() *pollFile { return (*pollFile)(atomic.LoadPointer(&x.p)) }

func (x *pollFilePtr) Store(pf *pollFile) { atomic.StorePointer(&x.p, unsafe.Pointer(pf)) }

// pollFile is the fd duplicate the runtime poller watches, with the deadlines last
// given to it (so that a call sets them only when they change).
type pollFile struct {
	f          *os.File
	rc         syscall.RawConn
	rdSet      atomic.Int64
	wrSet      atomic.Int64
	deadlineMu sync.Mutex // serialises the deadlines given to the poller, and the steady flags' updates
}

// wrap adopts a new handle: the Socket takes the timeout mode the library gave the
// socket (the module default, or non-blocking for SOCK_NONBLOCK) and switches the
// library socket to non-blocking for good.
func wrap(op string, h uint64) (*Socket, error) {
	var sec float64
	if st := native.Sx_socket_gettimeout(h, &sec); st < 0 {
		native.Sx_socket_close(h)
		return nil, newError(op, st)
	}
	return wrapWithTimeout(op, h, secondsToDuration(sec))
}

func wrapWithTimeout(op string, h uint64, timeout time.Duration) (*Socket, error) {
	if st := native.Sx_socket_setblocking(h, 0); st < 0 {
		native.Sx_socket_close(h)
		return nil, newError(op, st)
	}
	s := &Socket{}
	s.rop.init()
	s.wop.init()
	s.h.Store(h)
	s.timeout.Store(int64(timeout))
	runtime.SetFinalizer(s, (*Socket).Close)
	return s, nil
}

// Open creates a socket: Python's socket.socket(family, type, proto).
func Open(family, typ, proto int) (*Socket, error) {
	var h uint64
	if err := call("socket", func() int { return native.Sx_socket_open(family, typ, proto, &h) }); err != nil {
		return nil, err
	}
	return wrap("socket", h)
}

// Adopt wraps an existing socket fd, which the Socket then owns: Python's
// socket.socket(fileno=fd). Pass Detect for family, typ or proto to detect them.
func Adopt(fd, family, typ, proto int) (*Socket, error) {
	var h uint64
	if err := call("adopt", func() int { return native.Sx_socket_adopt(fd, family, typ, proto, &h) }); err != nil {
		return nil, err
	}
	return wrap("adopt", h)
}

// FromFD wraps a close-on-exec duplicate of fd; the caller keeps fd: Python's socket.fromfd.
func FromFD(fd, family, typ, proto int) (*Socket, error) {
	var h uint64
	if err := call("fromfd", func() int { return native.Sx_socket_fromfd(fd, family, typ, proto, &h) }); err != nil {
		return nil, err
	}
	return wrap("fromfd", h)
}

// SocketPair creates a connected pair: Python's socket.socketpair (AF_UNIX, SOCK_STREAM, 0
// is Python's default).
func SocketPair(family, typ, proto int) (*Socket, *Socket, error) {
	var h1, h2 uint64
	if err := call("socketpair", func() int { return native.Sx_socketpair(family, typ, proto, &h1, &h2) }); err != nil {
		return nil, nil, err
	}
	a, err := wrap("socketpair", h1)
	if err != nil {
		native.Sx_socket_close(h2)
		return nil, nil, err
	}
	b, err := wrap("socketpair", h2)
	if err != nil {
		a.Close()
		return nil, nil, err
	}
	return a, b, nil
}

// Handle returns the libsocketx handle, for passing to C code; 0 once closed. The
// handle stays owned by the Socket.
func (s *Socket) Handle() uint64 { return s.h.Load() }

// fail builds the error of a failed call, recognising a Socket closed under it.
func (s *Socket) fail(op string, st int) error {
	err := newError(op, st)
	if e, ok := err.(*Error); ok && s.closed.Load() && (e.Code == ErrBadHandle || e.Code == ErrClosed) {
		e.closed = true
	}
	return err
}

// simple runs a call that never waits, with the library's detail message on failure.
func (s *Socket) simple(op string, f func(h uint64) int) error {
	err := call(op, func() int { return f(s.h.Load()) })
	runtime.KeepAlive(s)
	if e, ok := err.(*Error); ok && s.closed.Load() && e.Code == ErrBadHandle {
		e.closed = true
	}
	return err
}

func (s *Socket) int32Attr(op string, f func(h uint64, out *int32) int) (int, error) {
	var v int32
	if err := s.simple(op, func(h uint64) int { return f(h, &v) }); err != nil {
		return 0, err
	}
	return int(v), nil
}

// Dup returns a new Socket over a duplicate of the fd, with the same timeout mode.
func (s *Socket) Dup() (*Socket, error) {
	var h uint64
	if err := s.simple("dup", func(sh uint64) int { return native.Sx_socket_dup(sh, &h) }); err != nil {
		return nil, err
	}
	return wrapWithTimeout("dup", h, time.Duration(s.timeout.Load()))
}

// Detach gives up the fd without closing it and returns it; the Socket is then closed.
// The fd is left in the blocking mode matching the Socket's timeout mode, as Python
// leaves it. Fails with EBUSY while another goroutine is using the Socket.
func (s *Socket) Detach() (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	h := s.h.Load()
	// Give the kernel fd the mode the caller expects, before it changes hands.
	if err := s.simple("detach", func(uint64) int {
		return native.Sx_socket_settimeout(h, durationToSeconds(time.Duration(s.timeout.Load())))
	}); err != nil {
		return -1, err
	}
	var fd int32
	if err := s.simple("detach", func(uint64) int { return native.Sx_socket_detach(h, &fd) }); err != nil {
		// Still ours: back to non-blocking underneath.
		native.Sx_socket_setblocking(h, 0)
		return -1, err
	}
	s.h.Store(0)
	s.closed.Store(true)
	if pf := s.pf.Load(); pf != nil {
		pf.f.Close() // the duplicate only; the detached fd is the caller's
	}
	runtime.SetFinalizer(s, nil)
	return int(fd), nil
}

// Close closes the socket. Idempotent. Goroutines blocked in the Socket are woken and
// fail with an error matching net.ErrClosed.
func (s *Socket) Close() error {
	s.mu.Lock()
	if s.closed.Load() {
		s.mu.Unlock()
		return nil
	}
	s.closed.Store(true)
	h := s.h.Swap(0)
	pf := s.pf.Load()
	s.mu.Unlock()
	runtime.SetFinalizer(s, nil)
	if pf != nil {
		// Closing the poller's duplicate evicts it from the poller, which wakes every
		// waiting goroutine; os.File.Close returns once none is inside the fd.
		pf.f.Close()
	}
	// A goroutine in the middle of a library call gets SX_ECLOSED from it.
	if st := native.Sx_socket_close(h); st < 0 {
		return newError("close", st)
	}
	return nil
}

// Fileno returns the fd, which stays owned by the Socket.
func (s *Socket) Fileno() (int, error) {
	return s.int32Attr("fileno", func(h uint64, out *int32) int { return native.Sx_socket_fileno(h, out) })
}

// Family returns the family given at creation or detected.
func (s *Socket) Family() (int, error) {
	return s.int32Attr("family", func(h uint64, out *int32) int { return native.Sx_socket_family(h, out) })
}

// Type returns the socket type, without SOCK_NONBLOCK and SOCK_CLOEXEC.
func (s *Socket) Type() (int, error) {
	return s.int32Attr("type", func(h uint64, out *int32) int { return native.Sx_socket_type(h, out) })
}

// Proto returns the protocol given at creation (or detected).
func (s *Socket) Proto() (int, error) {
	return s.int32Attr("proto", func(h uint64, out *int32) int { return native.Sx_socket_proto(h, out) })
}

// Inheritable reports whether child processes inherit the fd.
func (s *Socket) Inheritable() (bool, error) {
	v, err := s.int32Attr("get_inheritable", func(h uint64, out *int32) int { return native.Sx_socket_get_inheritable(h, out) })
	return v != 0, err
}

// SetInheritable sets whether child processes inherit the fd.
func (s *Socket) SetInheritable(inheritable bool) error {
	v := 0
	if inheritable {
		v = 1
	}
	return s.simple("set_inheritable", func(h uint64) int { return native.Sx_socket_set_inheritable(h, v) })
}

// SetTimeout sets the timeout mode: Blocking (any negative duration), 0 for
// non-blocking, or a positive timeout bounding each call.
func (s *Socket) SetTimeout(d time.Duration) error {
	if s.closed.Load() {
		return &Error{Op: "settimeout", Code: ErrBadHandle, closed: true}
	}
	if d < 0 {
		d = Blocking
	}
	s.timeout.Store(int64(d))
	if pf := s.pf.Load(); pf != nil {
		s.updateSteady(pf)
	}
	return nil
}

// Timeout returns the timeout mode: Blocking, 0 (non-blocking) or the timeout.
func (s *Socket) Timeout() time.Duration { return time.Duration(s.timeout.Load()) }

// SetBlocking sets blocking mode (true) or non-blocking mode (false): Python's setblocking.
func (s *Socket) SetBlocking(blocking bool) error {
	if blocking {
		return s.SetTimeout(Blocking)
	}
	return s.SetTimeout(0)
}

// Blocking reports whether calls wait (blocking or timeout mode): Python's getblocking.
func (s *Socket) Blocking() bool { return s.timeout.Load() != 0 }

// KernelNonBlocking reports whether the library socket underneath is non-blocking,
// as this package keeps it (sx_socket_getblocking; for diagnostics).
func (s *Socket) KernelNonBlocking() (bool, error) {
	v, err := s.int32Attr("getblocking", func(h uint64, out *int32) int { return native.Sx_socket_getblocking(h, out) })
	return v == 0, err
}

// Bind binds the socket to an address: an *Addr or a family value (*NetlinkAddr...).
func (s *Socket) Bind(a SockAddr) error {
	r, err := refAddr("bind", a)
	if err != nil {
		return err
	}
	defer r.release()
	return s.simple("bind", func(h uint64) int { return native.Sx_socket_bind(h, r.handle()) })
}

// Listen marks the socket as accepting connections; BacklogDefault for Python's default.
func (s *Socket) Listen(backlog int) error {
	return s.simple("listen", func(h uint64) int { return native.Sx_socket_listen(h, backlog) })
}

// Accept waits for a connection and returns it with the peer's address (nil when the
// kernel gives none). The new Socket starts in the module default timeout mode.
func (s *Socket) Accept() (*Socket, *Addr, error) {
	var ch, ah uint64
	err := s.io("accept", false, func(h uint64) int { return native.Sx_socket_accept(h, &ch, &ah) })
	if err != nil {
		return nil, nil, err
	}
	c, err := wrap("accept", ch)
	if err != nil {
		native.Sx_addr_close(ah)
		return nil, nil, err
	}
	return c, newAddr(ah), nil
}

// Connect connects to an address, waiting per the timeout mode (non-blocking mode
// returns an error matching syscall.EINPROGRESS while the connection is under way).
func (s *Socket) Connect(a SockAddr) error {
	r, err := refAddr("connect", a)
	if err != nil {
		return err
	}
	defer r.release()
	var st int
	err = s.simple("connect", func(h uint64) int { st = native.Sx_socket_connect(h, r.handle()); return st })
	if Code(st) != codeInProgress || s.timeout.Load() == 0 {
		return err
	}
	return s.awaitConnect("connect")
}

// ConnectEx connects and returns the outcome as a Code instead of an error, as
// Python's connect_ex: 0, an OS code, or EAGAIN when the timeout expired. Only
// argument and handle errors are returned as errors.
func (s *Socket) ConnectEx(a SockAddr) (Code, error) {
	r, err := refAddr("connect_ex", a)
	if err != nil {
		return 0, err
	}
	defer r.release()
	var res int32
	err = s.simple("connect_ex", func(h uint64) int { return native.Sx_socket_connect_ex(h, r.handle(), &res) })
	if err != nil {
		return 0, err
	}
	if Code(res) != codeInProgress || s.timeout.Load() == 0 {
		return Code(res), nil
	}
	err = s.awaitConnect("connect_ex")
	var e *Error
	switch {
	case err == nil:
		return 0, nil
	case !errors.As(err, &e) || e.closed || e.Code == ErrClosed || e.Code == ErrBadHandle:
		return 0, err
	case e.Code == ErrTimeout:
		return codeAgain, nil
	default:
		return e.Code, nil
	}
}

// awaitConnect waits for a connection under way to complete: writable, then SO_ERROR.
// A wake-up does not prove completion (the poller may report an old event), so the
// check is whether the socket has a peer yet.
func (s *Socket) awaitConnect(op string) error {
	var soerr int64
	return s.io(op, true, func(h uint64) int {
		if st := native.Sx_socket_getsockopt_int(h, SOL_SOCKET, SO_ERROR, &soerr); st < 0 {
			return st
		}
		if soerr != 0 {
			return -int(soerr)
		}
		var peer uint64
		st := native.Sx_socket_getpeername(h, &peer)
		native.Sx_addr_close(peer)
		if Code(st) == codeNotConn {
			return int(codeAgain) // still connecting: wait for the next event
		}
		return st
	})
}

// SockName returns the address the socket is bound to: Python's getsockname.
func (s *Socket) SockName() (*Addr, error) {
	var ah uint64
	if err := s.simple("getsockname", func(h uint64) int { return native.Sx_socket_getsockname(h, &ah) }); err != nil {
		return nil, err
	}
	return newAddr(ah), nil
}

// PeerName returns the connected peer's address: Python's getpeername.
func (s *Socket) PeerName() (*Addr, error) {
	var ah uint64
	if err := s.simple("getpeername", func(h uint64) int { return native.Sx_socket_getpeername(h, &ah) }); err != nil {
		return nil, err
	}
	return newAddr(ah), nil
}

// Shutdown shuts down one or both directions: SHUT_RD, SHUT_WR or SHUT_RDWR.
func (s *Socket) Shutdown(how int) error {
	return s.simple("shutdown", func(h uint64) int { return native.Sx_socket_shutdown(h, how) })
}

// GetSockOptInt reads an integer option.
func (s *Socket) GetSockOptInt(level, opt int) (int64, error) {
	var v int64
	err := s.simple("getsockopt", func(h uint64) int { return native.Sx_socket_getsockopt_int(h, level, opt, &v) })
	return v, err
}

// GetSockOptBytes reads an option as at most buflen (1..1024) bytes.
func (s *Socket) GetSockOptBytes(level, opt, buflen int) ([]byte, error) {
	if buflen < 0 {
		return nil, &Error{Op: "getsockopt", Code: ErrArg, Detail: "negative buflen"}
	}
	buf := make([]byte, buflen)
	var st int
	err := s.simple("getsockopt", func(h uint64) int {
		st = native.Sx_socket_getsockopt_bytes(h, level, opt, buf)
		return st
	})
	if err != nil {
		return nil, err
	}
	if st > len(buf) { // the kernel never reports more than buflen; be safe anyway
		st = len(buf)
	}
	return buf[:st], nil
}

// SetSockOptInt sets an integer option.
func (s *Socket) SetSockOptInt(level, opt int, value int64) error {
	return s.simple("setsockopt", func(h uint64) int { return native.Sx_socket_setsockopt_int(h, level, opt, value) })
}

// SetSockOptBytes sets an option from bytes.
func (s *Socket) SetSockOptBytes(level, opt int, value []byte) error {
	return s.simple("setsockopt", func(h uint64) int { return native.Sx_socket_setsockopt_bytes(h, level, opt, value) })
}

// SetSockOptNull sets an option with a NULL value and a length (AF_ALG's
// ALG_SET_AEAD_AUTHSIZE): Python's setsockopt(level, opt, None, optlen).
func (s *Socket) SetSockOptNull(level, opt int, optlen uint32) error {
	return s.simple("setsockopt", func(h uint64) int { return native.Sx_socket_setsockopt_null(h, level, opt, uint(optlen)) })
}

// Send sends some of p and returns how many bytes went.
func (s *Socket) Send(p []byte, flags int) (int, error) {
	return s.transfer(&s.wop, opSend, p, flags, 0)
}

// SendAll sends all of p; in timeout mode the timeout bounds the whole call. It returns
// the number of bytes sent, which is len(p) unless there is an error.
func (s *Socket) SendAll(p []byte, flags int) (int, error) {
	return s.transfer(&s.wop, opSendAll, p, flags, 0)
}

// SendTo sends p to an address (datagram sockets): an *Addr or a family value.
func (s *Socket) SendTo(p []byte, flags int, a SockAddr) (int, error) {
	r, err := refAddr("sendto", a)
	if err != nil {
		return 0, err
	}
	defer r.release()
	return s.transfer(&s.wop, opSendTo, p, flags, r.handle())
}

// Recv receives into p and returns the count: 0 with a nil error is the end of a
// stream, or an empty datagram. An empty p returns 0 at once.
func (s *Socket) Recv(p []byte, flags int) (int, error) {
	return s.transfer(&s.rop, opRecv, p, flags, 0)
}

// transfer runs one Recv, Send, SendAll or SendTo on its direction's operation record,
// under the record's mutex; addr is SendTo's destination handle. It returns the byte
// count (all that went, for SendAll, even on an error).
//
// The steady state of a busy connection takes the shortest path, in this function: a
// blocking Socket that has waited before (so its fd is in the poller) and has no
// deadline, neither given now nor left with the poller (op.steady says so in one load),
// goes straight to the RawConn, which makes the first attempt itself. That is what ioWith
// does in that state too, less its bookkeeping. (No defer: nothing between Lock and
// Unlock can panic.)
func (s *Socket) transfer(op *dataOp, kind int, p []byte, flags int, addr uint64) (int, error) {
	write := kind != opRecv
	op.mu.Lock()
	op.start(s.h.Load(), kind, p, flags, addr)
	var err error
	if op.steady.Load() {
		// pf.run's two lines, written out: it does not inline (two interface calls), and
		// its call would cost this path about 25 instructions.
		if write {
			err = op.rc.Write(op.runFn)
		} else {
			err = op.rc.Read(op.runFn)
		}
		runtime.KeepAlive(s)
		if err != nil {
			err = s.waitError(opNames[kind], err)
		} else if st := int(op.args.status); st < 0 {
			err = s.fail(opNames[kind], st)
		}
	} else {
		err = s.ioWith(opNames[kind], write, op.runFn, (*int32)(unsafe.Pointer(&op.args.status)))
	}
	n := int(op.args.count)
	op.p = nil // do not keep the caller's buffer alive
	op.mu.Unlock()
	return n, err
}

// updateSteady recomputes the steady flags of both directions. Whatever changes the
// timeout mode, a deadline or what the poller holds calls it after the change, so the
// last recomputation (they are serialised) has seen every change.
func (s *Socket) updateSteady(pf *pollFile) {
	pf.deadlineMu.Lock()
	s.refreshSteady(pf)
	pf.deadlineMu.Unlock()
}

// refreshSteady is updateSteady with pf.deadlineMu held.
func (s *Socket) refreshSteady(pf *pollFile) {
	blocking := s.timeout.Load() < 0
	s.rop.steady.Store(blocking && s.rdl.Load() == 0 && pf.rdSet.Load() == 0)
	s.wop.steady.Store(blocking && s.wdl.Load() == 0 && pf.wrSet.Load() == 0)
}

// RecvFrom receives into p and reports the sender (nil when the kernel gives none).
func (s *Socket) RecvFrom(p []byte, flags int) (int, *Addr, error) {
	var n, ah uint64
	err := s.io("recvfrom", false, func(h uint64) int { return native.Sx_socket_recvfrom(h, p, flags, &n, &ah) })
	if err != nil {
		return 0, nil, err
	}
	return int(n), newAddr(ah), nil
}

// io runs a call that may have to wait: first directly, then, if it would block and the
// Socket is not in non-blocking mode, in the runtime poller until it completes, the
// deadline passes or the Socket is closed. try returns a status; SX_EAGAIN means "wait".
func (s *Socket) io(op string, write bool, try func(h uint64) int) error {
	h := s.h.Load()
	var st int32
	run := func(uintptr) bool {
		st = int32(try(h))
		return Code(st) != codeAgain
	}
	return s.ioWith(op, write, run, &st)
}

// ioWith is io with the poller callback given: run makes one attempt and stores its
// status in *stp, returning false while it is SX_EAGAIN. The first attempt, outside the
// poller, is run too (its argument, the poller's fd, is not used).
func (s *Socket) ioWith(op string, write bool, run func(uintptr) bool, stp *int32) error {
	defer runtime.KeepAlive(s)
	dl := &s.rdl
	if write {
		dl = &s.wdl
	}
	timeout := time.Duration(s.timeout.Load())
	pf := s.pf.Load()
	if pf == nil || timeout == 0 {
		// A passed net.Conn deadline fails the call even when it could complete,
		// as in package net; the poller checks that itself below.
		if d := dl.Load(); d != 0 && timeout != 0 && time.Now().UnixNano() >= d {
			return &Error{Op: op, Code: ErrTimeout}
		}
		if run(0) || timeout == 0 {
			return s.status(op, int(*stp))
		}
		var err error
		if pf, err = s.poller(op); err != nil {
			return err
		}
	}
	// The effective deadline: the net.Conn deadline or now+timeout, the earlier.
	deadline := dl.Load()
	if timeout > 0 {
		if t := time.Now().Add(timeout).UnixNano(); deadline == 0 || t < deadline {
			deadline = t
		}
	}
	if err := s.setPollDeadline(pf, write, deadline); err != nil {
		return s.waitError(op, err)
	}
	if err := pf.run(write, run); err != nil {
		return s.waitError(op, err)
	}
	return s.status(op, int(*stp))
}

func (s *Socket) status(op string, st int) error {
	if st >= 0 {
		return nil
	}
	return s.fail(op, st)
}

// waitError maps what the poller reports to this package's errors.
func (s *Socket) waitError(op string, err error) error {
	switch {
	case errors.Is(err, os.ErrDeadlineExceeded):
		return &Error{Op: op, Code: ErrTimeout}
	case s.closed.Load():
		return &Error{Op: op, Code: ErrClosed, closed: true}
	}
	return &Error{Op: op, Code: ErrArg, Detail: "runtime poller: " + err.Error()}
}

// poller registers the Socket with the runtime poller, once: a close-on-exec duplicate
// of the fd (it shares the non-blocking file description), as an *os.File, whose
// RawConn waits the way package net does.
func (s *Socket) poller(op string) (*pollFile, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if pf := s.pf.Load(); pf != nil {
		return pf, nil
	}
	if s.closed.Load() {
		return nil, &Error{Op: op, Code: ErrClosed, closed: true}
	}
	var fd int32
	if st := native.Sx_socket_fileno(s.h.Load(), &fd); st < 0 {
		return nil, s.fail(op, st)
	}
	dup, _, errno := syscall.Syscall(syscall.SYS_FCNTL, uintptr(fd), syscall.F_DUPFD_CLOEXEC, 0)
	if errno != 0 {
		return nil, &Error{Op: op, Code: -Code(errno), Detail: "duplicating the fd for the runtime poller"}
	}
	// The fd is non-blocking (the library socket always is), so os.NewFile registers
	// it with the poller.
	f := os.NewFile(dup, "socketx:"+strconv.Itoa(int(fd)))
	rc, err := f.SyscallConn()
	if err != nil {
		f.Close()
		return nil, &Error{Op: op, Code: ErrArg, Detail: err.Error()}
	}
	pf := &pollFile{f: f, rc: rc}
	s.rop.rc, s.wop.rc = rc, rc // before any steady flag is set
	// Published first, then made steady: a SetTimeout or deadline change that did not
	// see pf made its change before this recomputation.
	s.pf.Store(pf)
	s.updateSteady(pf)
	return pf, nil
}

// run calls f in the runtime poller until it returns true: RawConn's Write or Read.
func (pf *pollFile) run(write bool, f func(uintptr) bool) error {
	if write {
		return pf.rc.Write(f)
	}
	return pf.rc.Read(f)
}

// setPollDeadline gives the poller the deadline (Unix ns, 0 none) when it changed, and
// then recomputes the steady flags.
func (s *Socket) setPollDeadline(pf *pollFile, write bool, deadline int64) error {
	set := &pf.rdSet
	if write {
		set = &pf.wrSet
	}
	if set.Load() == deadline {
		return nil
	}
	pf.deadlineMu.Lock()
	defer pf.deadlineMu.Unlock()
	defer s.refreshSteady(pf)
	var t time.Time
	if deadline != 0 {
		t = time.Unix(0, deadline)
	}
	var err error
	if write {
		err = pf.f.SetWriteDeadline(t)
	} else {
		err = pf.f.SetReadDeadline(t)
	}
	if err == nil {
		set.Store(deadline)
	}
	return err
}
