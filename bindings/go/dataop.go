// SPDX-License-Identifier: MIT

//go:build linux

package socketx

/*
#cgo pkg-config: socketx
#include <stdint.h>
#include <socketx.h>

// One attempt of Recv, Send, SendAll or SendTo, called directly rather than through the SWIG
// wrappers: the calls every byte goes through take the shortest crossing there is, one
// integer argument (so cgo has no pointer to check, no closure to allocate, and one
// argument to marshal). It is the address of the call's arguments, a field of the Go
// Socket that holds no Go pointer, which the library uses only until this call returns;
// the buffer in it is the Go caller's, as an integer too.
enum sxgo_kind { SXGO_RECV, SXGO_SEND, SXGO_SENDALL, SXGO_SENDTO };

struct sxgo_xfer_args {
  uint64_t sock;
  uint64_t addr;  // the destination's handle (SENDTO)
  uintptr_t buf;  // what is left of the buffer: SENDALL advances it past what went
  size_t len;
  size_t count;   // bytes moved: by the last attempt, or by all of them for SENDALL
  int32_t flags;
  int32_t kind;
  int32_t status; // out: the last attempt's
};

static int32_t sxgo_xfer(uintptr_t args)
{
  struct sxgo_xfer_args *a = (struct sxgo_xfer_args *)args;
  int32_t st;
  switch (a->kind) {
  case SXGO_RECV:
    st = sx_socket_recv(a->sock, (void *)a->buf, a->len, a->flags, &a->count);
    break;
  case SXGO_SEND:
    st = sx_socket_send(a->sock, (const void *)a->buf, a->len, a->flags, &a->count);
    break;
  case SXGO_SENDALL: {
    // A SendAll that would block after part of the buffer went resumes after it.
    size_t n = 0;
    st = sx_socket_sendall(a->sock, (const void *)a->buf, a->len, a->flags, &n);
    a->buf += n;
    a->len -= n;
    a->count += n;
    break;
  }
  default:
    st = sx_socket_sendto(a->sock, (const void *)a->buf, a->len, a->flags, a->addr, &a->count);
  }
  a->status = st;
  return st;
}
*/
import "C"

import (
	"sync"
	"sync/atomic"
	"syscall"
	"unsafe"
)

// dataOp is one direction's Recv, Send, SendAll or SendTo in progress, held in the Socket
// itself: a call then touches the Socket's memory, the poller's and the library's, and
// nothing else of its own (every page a call touches costs again after each system call
// on a kernel that flushes the TLB on entry). The arguments for C are a field that holds
// no Go pointer, which cgo allows C to be given; they reach C as an integer, which keeps
// nothing alive: transfer keeps the Socket alive (runtime.KeepAlive), and with it p, which
// op holds for the whole call so that p's array is on the heap, where it does not move.
type dataOp struct {
	mu sync.Mutex // serialises the calls of a direction, as package net does for Read and Write
	// steady says this direction's calls may go straight to rc (see transfer); rc is the
	// poller's RawConn, set before steady is first set.
	steady atomic.Bool
	rc     syscall.RawConn
	runFn  func(uintptr) bool // one attempt (init), as the poller calls it
	p      []byte
	args   C.struct_sxgo_xfer_args
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

// init makes op's attempt, the poller's callback, once: no allocation per call. It holds
// the arguments' address as an integer, not a reference to op: a reference would make
// the Socket reach itself through the callback, and such a Socket is never finalized.
func (op *dataOp) init() {
	args := C.uintptr_t(uintptr(unsafe.Pointer(&op.args)))
	op.runFn = func(uintptr) bool {
		return C.sxgo_xfer(args) != C.int32_t(codeAgain)
	}
}

// start fills op for a call on p.
func (op *dataOp) start(h uint64, kind int, p []byte, flags int, addr uint64) {
	a := &op.args
	op.p = p
	a.sock, a.addr, a.len, a.count, a.flags, a.kind = C.uint64_t(h), C.uint64_t(addr), C.size_t(len(p)), 0, C.int32_t(flags), C.int32_t(kind)
	a.buf = 0
	if len(p) > 0 {
		a.buf = C.uintptr_t(uintptr(unsafe.Pointer(&p[0])))
	}
}
