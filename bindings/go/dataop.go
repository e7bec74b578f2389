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

import "unsafe"

// dataOp is one Recv, Send, SendAll or SendTo in progress. Its out-parameter lives in a
// separate pointer-free allocation: C may be given a pointer only to memory that holds
// no Go pointers, and this struct holds the buffer. The buffer (p) and the count (out)
// reach C as integers, which keep nothing alive: op holds both for the whole call, and
// the Socket, which holds op, is kept alive by the call (runtime.KeepAlive in dataIO
// and ioWith).
type dataOp struct {
	kind  int
	h     uint64
	p     []byte
	flags int
	addr  uint64 // the destination's handle (SendTo)
	off   int    // bytes of p already sent (SendAll); 0 otherwise
	st    int
	out   *uint64
	runFn func(uintptr) bool // the poller's callback, made once: no allocation per call
}

// The kinds, as sxgo_xfer names them.
const (
	opRecv    = int(C.SXGO_RECV)
	opSend    = int(C.SXGO_SEND)
	opSendAll = int(C.SXGO_SENDALL)
	opSendTo  = int(C.SXGO_SENDTO)
)

func newDataOp() *dataOp {
	op := &dataOp{out: new(uint64)}
	// A closure rather than the method value op.run, which would add a call per attempt.
	op.runFn = func(uintptr) bool {
		op.st = op.try(op.h)
		return Code(op.st) != codeAgain
	}
	return op
}

// try makes one attempt; a SendAll advances off by what it sent, even when it fails
// (EAGAIN after part of the buffer went).
func (op *dataOp) try(h uint64) int {
	p := op.p[op.off:]
	var buf uintptr
	if len(p) > 0 {
		buf = uintptr(unsafe.Pointer(&p[0]))
	}
	st := int(C.sxgo_xfer(C.uint64_t(h), C.int(op.kind), C.uintptr_t(buf), C.size_t(len(p)), C.int32_t(op.flags),
		C.uint64_t(op.addr), C.uintptr_t(uintptr(unsafe.Pointer(op.out)))))
	if op.kind == opSendAll {
		op.off += int(*op.out)
	}
	return st
}
