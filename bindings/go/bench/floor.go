// SPDX-License-Identifier: MIT

//go:build linux

package main

// The floor of any cgo binding: package net's sockets and poller, with each system
// call made in C through cgo instead of by package syscall. It waits exactly as the
// binding does (syscall.RawConn: one attempt, the poller's wait, one retry), so
// socketx/cgo-floor is what the binding and the library add beyond the crossing
// itself, and cgo-floor/net is what the crossing costs.

/*
#include <errno.h>
#include <stdint.h>
#include <sys/socket.h>

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
*/
import "C"

import (
	"io"
	"net"
	"runtime"
	"syscall"
	"unsafe"
)

// cgoConn makes a net.Conn's system calls through cgo. Like the binding, it keeps its
// operation state in the struct and binds the poller callbacks once, so a call does
// not allocate.
type cgoConn struct {
	c          net.Conn
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
	r := C.floor_recv(C.int(fd), C.uintptr_t(uintptr(unsafe.Pointer(&x.rp[0]))), C.size_t(len(x.rp)))
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
		r := C.floor_send(C.int(fd), C.uintptr_t(uintptr(unsafe.Pointer(&x.wp[x.wn]))), C.size_t(len(x.wp)-x.wn))
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

func (x *cgoConn) Close() error { return x.c.Close() }

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
		r, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
		if err != nil {
			return nil, nil, nil, err
		}
		w, err := net.DialUDP("udp4", nil, r.LocalAddr().(*net.UDPAddr))
		if err != nil {
			r.Close()
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
