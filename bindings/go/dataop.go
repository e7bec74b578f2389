// SPDX-License-Identifier: MIT

//go:build linux

package socketx

/*
#cgo pkg-config: socketx
#include <stdint.h>
#include <socketx.h>

// One attempt of Recv, Send, SendAll or SendTo, called directly rather than through the SWIG
// wrappers: the calls every byte goes through take the shortest crossing there is
// (scalars only, so cgo has no pointer to check and no closure to allocate). The
// buffer is the Go caller's and travels as an integer: the library uses it only until
// this call returns. count is a pointer-free Go allocation of 8 bytes.
enum sxgo_kind { SXGO_RECV, SXGO_SEND, SXGO_SENDALL, SXGO_SENDTO };

static int32_t sxgo_xfer(uint64_t sock, int kind, uintptr_t buf, size_t len, int32_t flags, uint64_t addr,
                         uintptr_t count)
{
  size_t *n = (size_t *)count;
  switch (kind) {
  case SXGO_RECV:
    return sx_socket_recv(sock, (void *)buf, len, flags, n);
  case SXGO_SEND:
    return sx_socket_send(sock, (const void *)buf, len, flags, n);
  case SXGO_SENDALL:
    return sx_socket_sendall(sock, (const void *)buf, len, flags, n);
  default:
    return sx_socket_sendto(sock, (const void *)buf, len, flags, addr, n);
  }
}
*/
import "C"

import (
	"sync"
	"unsafe"
)

// dataOp is one Recv, Send, SendAll or SendTo in progress. Its out-parameter lives in a
// separate pointer-free allocation: C may be given a pointer only to memory that holds
// no Go pointers, and this struct holds the buffer. The buffer (p) and the count (out)
// reach C as integers, which keep nothing alive: op holds both for the whole
// call, which also keeps p's array on the heap, where it does not move, and the Socket,
// which holds op, is kept alive by the call (runtime.KeepAlive in transfer and ioWith).
type dataOp struct {
	mu    sync.Mutex // serialises the calls of a direction, as package net does for Read and Write
	kind  int
	h     uint64
	p     []byte
	buf   uintptr // &p[0], or 0 for an empty p
	flags int
	addr  uint64 // the destination's handle (SendTo)
	off   int    // bytes of p already sent (SendAll); 0 otherwise
	st    int
	out   *uint64
	runFn func(uintptr) bool // one attempt (newDataOp), as the poller calls it
}

// The kinds, as sxgo_xfer names them.
const (
	opRecv    = int(C.SXGO_RECV)
	opSend    = int(C.SXGO_SEND)
	opSendAll = int(C.SXGO_SENDALL)
	opSendTo  = int(C.SXGO_SENDTO)
)

// opNames names each kind in errors, as Python names the method.
var opNames = [...]string{opRecv: "recv", opSend: "send", opSendAll: "sendall", opSendTo: "sendto"}

func newDataOp() *dataOp {
	op := &dataOp{out: new(uint64)}
	// One attempt, the poller's callback, made once: no allocation per call. A SendAll
	// advances off by what it sent, even when it fails (EAGAIN after part of p went).
	op.runFn = func(uintptr) bool {
		st := int(C.sxgo_xfer(C.uint64_t(op.h), C.int(op.kind), C.uintptr_t(op.buf+uintptr(op.off)),
			C.size_t(len(op.p)-op.off), C.int32_t(op.flags), C.uint64_t(op.addr), C.uintptr_t(uintptr(unsafe.Pointer(op.out)))))
		if op.kind == opSendAll {
			op.off += int(*op.out)
		}
		op.st = st
		return st != int(codeAgain)
	}
	return op
}

// start fills op for a call on p.
func (op *dataOp) start(h uint64, kind int, p []byte, flags int, addr uint64) {
	op.h, op.kind, op.p, op.flags, op.addr, op.off, *op.out = h, kind, p, flags, addr, 0, 0
	op.buf = 0
	if len(p) > 0 {
		op.buf = uintptr(unsafe.Pointer(&p[0]))
	}
}
