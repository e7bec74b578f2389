// SPDX-License-Identifier: MIT

//go:build linux

package socketx

/*
#cgo pkg-config: socketx
#include <stdint.h>
#include <socketx.h>

// One attempt of a batch, in one cgo call: give each message its buffers (and, to send,
// its destination), make the batch call, then read back each message's byte count (and,
// received, its flags and sender). The buffers are the Go caller's: the library keeps
// their pointers in the messages only until this call returns, and every later call
// sets them again before use, so C never uses a Go pointer beyond the call that passed
// it. The arrays are pointer-free Go memory (buffer addresses travel as uintptr_t).
//
// out: out[0] the number of messages moved; out[1+i] byte counts; received only:
// out[1+n+i] flags, out[1+2n+i] new address handles (0: none), or addrs[i] itself when
// the sender is the address the Message already holds (addrs: to send, destinations;
// received, the Messages' current senders); set_addr[i] is 0 when message i already has
// addrs[i] as its destination (the message keeps its own reference to it).
static int32_t sxgo_batch(uint64_t sock, int send, const uint64_t *msgs, size_t n, const uintptr_t *ptrs,
                          const uint64_t *lens, const uint32_t *nbufs, const uint64_t *addrs,
                          const uint8_t *set_addr, int32_t flags, uint64_t *out)
{
  size_t off = 0;
  for (size_t i = 0; i < n; i++) {
    int32_t st = sx_msg_set_buffers(msgs[i], (void *const *)(ptrs + off), (const size_t *)(lens + off), nbufs[i]);
    if (st < 0) {
      return st;
    }
    off += nbufs[i];
    if (send && set_addr[i] && (st = sx_msg_set_address(msgs[i], addrs[i])) < 0) {
      return st;
    }
  }
  size_t done = 0;
  int32_t st = send ? sx_socket_sendmmsg(sock, msgs, n, flags, &done) : sx_socket_recvmmsg(sock, msgs, n, flags, &done);
  out[0] = st < 0 ? 0 : done;
  if (st < 0) {
    return st;
  }
  for (size_t i = 0; i < done; i++) {
    size_t nb = 0;
    sx_msg_nbytes(msgs[i], &nb);
    out[1 + i] = nb;
    if (!send) {
      int32_t f = 0;
      sx_addr a = 0;
      sx_msg_flags(msgs[i], &f);
      sx_msg_address(msgs[i], &a);
      // The same sender as the Message's current Addr: keep that one (no new Go object).
      int eq = 0;
      if (a != 0 && addrs[i] != 0 && sx_addr_equal(a, addrs[i], &eq) == 0 && eq) {
        sx_addr_close(a);
        a = addrs[i];
      }
      out[1 + n + i] = (uint32_t)f;
      out[1 + 2 * n + i] = a;
    }
  }
  return 0;
}
*/
import "C"

import (
	"bytes"
	"runtime"
	"unsafe"

	"github.com/libsocketx/libsocketx/bindings/go/internal/native"
)

// Message is one message of a batch (ReadBatch, WriteBatch), in the shape of
// golang.org/x/net/ipv4.Message.
//
// A Message carries a libsocketx message handle (sx_msg) that is made on first use and
// reused by every later batch call: a program that reuses its []Message allocates no
// handles per call. Close releases it now; a forgotten Message's handle is released by
// the garbage collector (closing any descriptor received and not taken).
type Message struct {
	Buffers [][]byte // the data: to send, or the room to receive into
	OOB     []byte   // ancillary data in the kernel's layout: to send, or the room to receive into
	Addr    *Addr    // to send: the destination (nil when connected); received: the sender
	N       int      // the number of bytes sent or received
	NN      int      // the number of OOB bytes received
	Flags   int      // the msg_flags received

	bm *batchMsg
}

// batchMsg is a Message's handle and what was last given to it.
type batchMsg struct {
	h       uint64
	anc     int   // the ancbufsize set
	dst     *Addr // the destination set (kept reachable: its handle is the one the message holds)
	dstSet  bool
	sentOOB []byte // the raw items added, to send (nil: none)
}

func (bm *batchMsg) close() {
	if bm.h != 0 {
		native.Sx_msg_close(bm.h)
		bm.h = 0
	}
}

// Close releases the Message's handle (and descriptors received and not taken). The
// Message may be used again: it gets a new handle.
func (m *Message) Close() error {
	if m.bm != nil {
		runtime.SetFinalizer(m.bm, nil)
		m.bm.close()
		m.bm = nil
	}
	return nil
}

// prepare makes or refreshes the Message's handle for a batch call.
func (m *Message) prepare(op string, send bool) (uint64, error) {
	fresh := func() error {
		if m.bm != nil {
			runtime.SetFinalizer(m.bm, nil)
			m.bm.close()
		}
		var h uint64
		if err := call("msg_new", func() int { return native.Sx_msg_new(&h) }); err != nil {
			m.bm = nil
			return err
		}
		m.bm = &batchMsg{h: h}
		runtime.SetFinalizer(m.bm, (*batchMsg).close)
		return nil
	}
	if m.bm == nil || m.bm.h == 0 { // none yet, or released through a copy of this Message
		if err := fresh(); err != nil {
			return 0, err
		}
	}
	bm := m.bm
	if send {
		// Items cannot be removed from a message: other OOB needs a new handle.
		same := (bm.sentOOB == nil && len(m.OOB) == 0) || (bm.sentOOB != nil && bytes.Equal(bm.sentOOB, m.OOB))
		if !same {
			if bm.sentOOB != nil {
				if err := fresh(); err != nil {
					return 0, err
				}
				bm = m.bm
			}
			if len(m.OOB) > 0 {
				cms, err := parseOOB(op, m.OOB)
				if err != nil {
					return 0, err
				}
				view := &Msg{}
				view.h.Store(bm.h)
				for _, c := range cms {
					if err := view.AddRaw(int(c.Header.Level), int(c.Header.Type), c.Data); err != nil {
						m.Close() // the items added so far must not go out with the next call
						return 0, err
					}
				}
				bm.sentOOB = append([]byte{}, m.OOB...)
			}
		}
		return bm.h, nil
	}
	bm.dstSet = false // a receive replaces the message's address with the sender
	if bm.sentOOB != nil {
		if err := fresh(); err != nil {
			return 0, err
		}
		bm = m.bm
	}
	if bm.anc != len(m.OOB) { // sx_msg_set_ancbufsize, only when the room changed
		if st := native.Sx_msg_set_ancbufsize(bm.h, int64(len(m.OOB))); st < 0 {
			return 0, newError(op, st)
		}
		bm.anc = len(m.OOB)
	}
	return bm.h, nil
}

// batchScratch holds the arrays of one direction's batch calls, reused between calls.
type batchScratch struct {
	msgs  []uint64
	addrs []uint64
	ptrs  []uintptr
	lens  []uint64
	nbufs []uint32
	set   []uint8
	out   []uint64
}

// batchSink keeps the buffers of a batch on the heap (see ReadBatch).
var (
	batchEscapeAlwaysFalse bool
	batchSink              []Message
)

func (sc *batchScratch) fill(op string, ms []Message, send bool) error {
	n := len(ms)
	sc.msgs = sc.msgs[:0]
	sc.addrs = sc.addrs[:0]
	sc.ptrs = sc.ptrs[:0]
	sc.lens = sc.lens[:0]
	sc.nbufs = sc.nbufs[:0]
	sc.set = sc.set[:0]
	for i := range ms {
		m := &ms[i]
		h, err := m.prepare(op, send)
		if err != nil {
			return err
		}
		sc.msgs = append(sc.msgs, h)
		ah := m.Addr.handle()
		if send && m.Addr != nil && ah == 0 { // 0 would mean "no destination"
			return &Error{Op: op, Code: ErrBadHandle, Detail: "closed Addr"}
		}
		sc.addrs = append(sc.addrs, ah)
		var set uint8
		if send && (!m.bm.dstSet || m.bm.dst != m.Addr) {
			set = 1
			m.bm.dst, m.bm.dstSet = m.Addr, true // set by the call below (or the handle is replaced)
		}
		sc.set = append(sc.set, set)
		sc.nbufs = append(sc.nbufs, uint32(len(m.Buffers)))
		for _, b := range m.Buffers {
			var p uintptr
			if len(b) > 0 {
				p = uintptr(unsafe.Pointer(&b[0]))
			}
			sc.ptrs = append(sc.ptrs, p)
			sc.lens = append(sc.lens, uint64(len(b)))
		}
	}
	if cap(sc.out) < 1+3*n {
		sc.out = make([]uint64, 1+3*n)
	}
	sc.out = sc.out[:1+3*n]
	// Non-empty arrays, so that &x[0] is valid.
	if len(sc.ptrs) == 0 {
		sc.ptrs = append(sc.ptrs, 0)
		sc.lens = append(sc.lens, 0)
	}
	return nil
}

func (sc *batchScratch) try(h uint64, send bool, n int, flags int) int {
	s := C.int(0)
	if send {
		s = 1
	}
	return int(C.sxgo_batch(C.uint64_t(h), s, (*C.uint64_t)(unsafe.Pointer(&sc.msgs[0])), C.size_t(n),
		(*C.uintptr_t)(unsafe.Pointer(&sc.ptrs[0])), (*C.uint64_t)(unsafe.Pointer(&sc.lens[0])),
		(*C.uint32_t)(unsafe.Pointer(&sc.nbufs[0])), (*C.uint64_t)(unsafe.Pointer(&sc.addrs[0])),
		(*C.uint8_t)(unsafe.Pointer(&sc.set[0])), C.int32_t(flags),
		(*C.uint64_t)(unsafe.Pointer(&sc.out[0]))))
}

// ReadBatch receives up to len(ms) datagrams in one system call (recvmmsg(2); sx_socket_recvmmsg),
// in the shape of golang.org/x/net/ipv4.PacketConn.ReadBatch: it waits as Recv does
// until one is there, then takes as many as are queued, and returns how many it
// received. Each received Message gets N, NN (its OOB filled with the items, in the
// kernel's layout; descriptors become the caller's), Flags and Addr (the sender: the
// Message's previous *Addr is kept when the sender is the same, so a loop over one peer
// makes no address object per datagram).
func (s *Socket) ReadBatch(ms []Message, flags int) (int, error) {
	return s.batch("recvmmsg", false, ms, flags)
}

// WriteBatch sends the messages in one system call (sendmmsg(2); sx_socket_sendmmsg),
// each with its Buffers, OOB and Addr (nil when connected), in the shape of
// golang.org/x/net/ipv4.PacketConn.WriteBatch: it waits as Send does until one can go,
// then sends as many as the kernel takes, and returns how many it sent; N tells each
// one's byte count.
func (s *Socket) WriteBatch(ms []Message, flags int) (int, error) {
	return s.batch("sendmmsg", true, ms, flags)
}

func (s *Socket) batch(op string, send bool, ms []Message, flags int) (int, error) {
	if len(ms) == 0 {
		return 0, nil
	}
	if batchEscapeAlwaysFalse {
		batchSink = ms // the buffers go to C as addresses: they must be on the heap
	}
	mu, scp := &s.rop.mu, &s.rbatch
	if send {
		mu, scp = &s.wop.mu, &s.wbatch
	}
	mu.Lock()
	defer mu.Unlock()
	if *scp == nil {
		*scp = &batchScratch{}
	}
	sc := *scp
	if err := sc.fill(op, ms, send); err != nil {
		for i := range ms {
			if ms[i].bm != nil {
				ms[i].bm.dstSet = false
			}
		}
		return 0, err
	}
	n := len(ms)
	err := s.ioFlags(op, send, flags, func(h uint64) int { return sc.try(h, send, n, flags) })
	runtime.KeepAlive(ms)
	if err != nil {
		// The call may have stopped before setting some destinations: set them all next time.
		for i := range ms {
			if ms[i].bm != nil {
				ms[i].bm.dstSet = false
			}
		}
		return 0, err
	}
	done := int(sc.out[0])
	for i := 0; i < done; i++ {
		m := &ms[i]
		m.N = int(sc.out[1+i])
		if send {
			continue
		}
		m.Flags = int(int32(uint32(sc.out[1+n+i])))
		if ah := sc.out[1+2*n+i]; ah == 0 || ah != m.Addr.handle() {
			m.Addr = newAddr(ah)
		}
		m.NN = 0
		if len(m.OOB) > 0 {
			view := &Msg{}
			view.h.Store(m.bm.h)
			m.NN, m.Flags, err = view.encodeItems(m.OOB, m.Flags)
			if err != nil {
				return i, err
			}
		}
	}
	return done, nil
}
