// SPDX-License-Identifier: MIT

//go:build linux

package main

// Two floors, each waiting exactly as the binding does (syscall.RawConn: one attempt,
// the poller's wait, one retry):
//   - cgo-floor, the floor of any cgo binding: package net's sockets and poller, with
//     each system call made in C through cgo instead of by package syscall;
//     cgo-floor/net is what the crossing costs.
//   - cgo-lib, the floor of any cgo binding of libsocketx: the library's sockets, each
//     attempt one libsocketx call (sx_socket_recv, sx_socket_send) through cgo, waiting
//     in package net's poller on a duplicate of the fd; cgo-lib/cgo-floor is what the
//     library costs, socketx/cgo-lib what this binding adds.

/*
#cgo pkg-config: socketx
#include <errno.h>
#include <stdint.h>
#include <sys/socket.h>
#include <socketx.h>

// The buffer comes as an integer: with an unsafe.Pointer argument cgo checks it through
// a closure that allocates on every call, which the binding's calls do not do.
static long floor_recv(int fd, uintptr_t p, size_t n) {
	long r = recv(fd, (void *)p, n, 0);
	return r < 0 ? -errno : r;
}

static long floor_send(int fd, uintptr_t p, size_t n) {
	long r = send(fd, (const void *)p, n, MSG_NOSIGNAL);
	return r < 0 ? -errno : r;
}

// The same through the library: the count, or the status (an OS error is -errno).
static long lib_recv(uint64_t h, uintptr_t p, size_t n) {
	size_t c = 0;
	int32_t st = sx_socket_recv(h, (void *)p, n, 0, &c);
	return st < 0 ? st : (long)c;
}

static long lib_send(uint64_t h, uintptr_t p, size_t n) {
	size_t c = 0;
	int32_t st = sx_socket_send(h, (const void *)p, n, 0, &c);
	return st < 0 ? st : (long)c;
}
*/
import "C"

import (
	"io"
	"net"
	"os"
	"runtime"
	"syscall"
	"unsafe"

	socketx "github.com/libsocketx/libsocketx/bindings/go"
)

// cgoConn makes a net.Conn's system calls through cgo, or, with a library socket (lib),
// the library's calls on it. Like the binding, it keeps its operation state in the
// struct and binds the poller callbacks once, so a call does not allocate.
type cgoConn struct {
	c          net.Conn
	lib        *socketx.Socket // nil for cgo-floor
	h          uint64          // lib's handle
	rc         syscall.RawConn
	rp, wp     []byte
	rn, wn     int
	rerr, werr syscall.Errno
	readFn     func(uintptr) bool
	writeFn    func(uintptr) bool
}

func newCgoConn(c net.Conn) (*cgoConn, error) {
	sc, ok := c.(syscall.Conn)
	if !ok {
		return nil, syscall.EINVAL
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return nil, err
	}
	x := &cgoConn{c: c, rc: rc}
	x.readFn, x.writeFn = x.tryRead, x.tryWrite
	return x, nil
}

func (x *cgoConn) tryRead(fd uintptr) bool {
	var r C.long
	if x.lib != nil {
		r = C.lib_recv(C.uint64_t(x.h), C.uintptr_t(uintptr(unsafe.Pointer(&x.rp[0]))), C.size_t(len(x.rp)))
	} else {
		r = C.floor_recv(C.int(fd), C.uintptr_t(uintptr(unsafe.Pointer(&x.rp[0]))), C.size_t(len(x.rp)))
	}
	x.rn, x.rerr = 0, 0
	if r < 0 {
		x.rerr = syscall.Errno(-r)
		return x.rerr != syscall.EAGAIN
	}
	x.rn = int(r)
	return true
}

// tryWrite sends what is left of wp, as SendAll does: done when all went or on an error.
func (x *cgoConn) tryWrite(fd uintptr) bool {
	for x.wn < len(x.wp) {
		var r C.long
		if x.lib != nil {
			r = C.lib_send(C.uint64_t(x.h), C.uintptr_t(uintptr(unsafe.Pointer(&x.wp[x.wn]))), C.size_t(len(x.wp)-x.wn))
		} else {
			r = C.floor_send(C.int(fd), C.uintptr_t(uintptr(unsafe.Pointer(&x.wp[x.wn]))), C.size_t(len(x.wp)-x.wn))
		}
		if r < 0 {
			if syscall.Errno(-r) == syscall.EAGAIN {
				return false
			}
			x.werr = syscall.Errno(-r)
			return true
		}
		x.wn += int(r)
	}
	return true
}

func (x *cgoConn) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	x.rp = p
	err := x.rc.Read(x.readFn)
	x.rp = nil
	switch {
	case err != nil:
		return 0, err
	case x.rerr != 0:
		return 0, x.rerr
	case x.rn == 0:
		return 0, io.EOF
	}
	return x.rn, nil
}

func (x *cgoConn) Write(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	x.wp, x.wn, x.werr = p, 0, 0
	err := x.rc.Write(x.writeFn)
	x.wp = nil
	if err == nil && x.werr != 0 {
		err = x.werr
	}
	return x.wn, err
}

func (x *cgoConn) Close() error {
	err := x.c.Close()
	if x.lib != nil {
		if e := x.lib.Close(); err == nil {
			err = e
		}
	}
	return err
}

// newLibConn wraps a library socket: the poller watches a duplicate of its fd, as the
// binding's does (the library socket is already non-blocking underneath).
func newLibConn(s *socketx.Socket) (*cgoConn, error) {
	fd, err := s.Fileno()
	if err != nil {
		return nil, err
	}
	dup, err := syscall.Dup(fd)
	if err != nil {
		return nil, err
	}
	f := os.NewFile(uintptr(dup), "cgo-lib")
	c, err := net.FileConn(f) // dups again; f's copy is closed below
	f.Close()
	if err != nil {
		return nil, err
	}
	x, err := newCgoConn(c)
	if err != nil {
		c.Close()
		return nil, err
	}
	x.lib, x.h = s, s.Handle()
	return x, nil
}

// libPair wraps both ends of a pair of the binding's sockets (closing them on failure).
func libPair(a, b conn) (conn, conn, error) {
	x, err := newLibConn(a.(*socketx.Socket))
	if err != nil {
		a.Close()
		b.Close()
		return nil, nil, err
	}
	y, err := newLibConn(b.(*socketx.Socket))
	if err != nil {
		x.Close()
		b.Close()
		return nil, nil, err
	}
	return x, y, nil
}

// cgoPair wraps both ends of a pair of net.Conns.
func cgoPair(a, b net.Conn) (conn, conn, error) {
	x, err := newCgoConn(a)
	if err != nil {
		return nil, nil, err
	}
	y, err := newCgoConn(b)
	if err != nil {
		return nil, nil, err
	}
	return x, y, nil
}

var floorImpl = impl{
	name: "cgo-floor",
	socketpair: func() (conn, conn, error) {
		a, b, err := netImpl.socketpair()
		if err != nil {
			return nil, nil, err
		}
		x, y, err := cgoPair(a.(net.Conn), b.(net.Conn))
		if err != nil {
			a.Close()
			b.Close()
		}
		return x, y, err
	},
	tcpPair: func() (conn, conn, func(), error) {
		a, b, closeAll, err := netImpl.tcpPair()
		if err != nil {
			return nil, nil, nil, err
		}
		x, y, err := cgoPair(a.(net.Conn), b.(net.Conn))
		if err != nil {
			closeAll()
			return nil, nil, nil, err
		}
		return x, y, closeAll, nil
	},
	udpPair: func() (func([]byte) error, func([]byte) error, func(), error) {
		r, w, err := netConnectedUDP()
		if err != nil {
			return nil, nil, nil, err
		}
		closeAll := func() { r.Close(); w.Close() }
		rx, wx, err := cgoPair(r, w)
		if err != nil {
			closeAll()
			return nil, nil, nil, err
		}
		send := func(p []byte) error { _, err := wx.Write(p); return err }
		recv := func(p []byte) error { _, err := rx.Read(p); return err }
		return send, recv, closeAll, nil
	},
}

// floorRecvOnce and floorSendOnce are one receive and one send made in C through cgo:
// the crossing plus the system call; the count, or the negated errno.
func floorRecvOnce(fd int, p []byte) int {
	r := int(C.floor_recv(C.int(fd), C.uintptr_t(uintptr(unsafe.Pointer(&p[0]))), C.size_t(len(p))))
	runtime.KeepAlive(p)
	return r
}

func floorSendOnce(fd int, p []byte) int {
	r := int(C.floor_send(C.int(fd), C.uintptr_t(uintptr(unsafe.Pointer(&p[0]))), C.size_t(len(p))))
	runtime.KeepAlive(p)
	return r
}

var libFloorImpl = impl{
	name: "cgo-lib",
	socketpair: func() (conn, conn, error) {
		a, b, err := sxImpl.socketpair()
		if err != nil {
			return nil, nil, err
		}
		return libPair(a, b)
	},
	tcpPair: func() (conn, conn, func(), error) {
		a, b, closeAll, err := sxImpl.tcpPair()
		if err != nil {
			return nil, nil, nil, err
		}
		x, y, err := libPair(a, b)
		if err != nil {
			closeAll()
			return nil, nil, nil, err
		}
		// closeAll closes the listener; x and y close their sockets (again: harmless).
		return x, y, func() { closeAll(); x.Close(); y.Close() }, nil
	},
	udpPair: func() (func([]byte) error, func([]byte) error, func(), error) {
		r, w, _, err := sxConnectedUDP()
		if err != nil {
			return nil, nil, nil, err
		}
		rx, wx, err := libPair(r, w) // closes both on failure
		if err != nil {
			return nil, nil, nil, err
		}
		send := func(p []byte) error { _, err := wx.Write(p); return err }
		recv := func(p []byte) error { _, err := rx.Read(p); return err }
		return send, recv, func() { rx.Close(); wx.Close() }, nil
	},
}
