// SPDX-License-Identifier: MIT

//go:build linux

package socketx

/*
#cgo pkg-config: socketx
#include <stdint.h>
#include <socketx.h>

// The buffers' addresses travel as integers in pointer-free Go arrays, as in batch.go:
// they are the Go caller's, used only for the duration of this call.
static int32_t sxgo_sendmsg_afalg(uint64_t s, const uintptr_t *ptrs, const size_t *lens, size_t n, int32_t op,
                                  uintptr_t iv, size_t iv_len, int has_iv, int64_t assoclen, int32_t flags,
                                  size_t *sent)
{
  static const char empty_iv[1];
  const void *ivp = NULL;
  if (has_iv) {
    ivp = iv_len > 0 ? (const void *)iv : (const void *)empty_iv;
  }
  return sx_socket_sendmsg_afalg(s, (const void *const *)ptrs, lens, n, op, ivp, iv_len, assoclen, flags, sent);
}
*/
import "C"

import (
	"runtime"
	"unsafe"

	"github.com/libsocketx/libsocketx/bindings/go/internal/native"
)

// Constants of AF_ALG sockets.
const (
	AF_ALG                = native.SX_AF_ALG
	SOL_ALG               = native.SX_SOL_ALG
	ALG_SET_KEY           = native.SX_ALG_SET_KEY
	ALG_SET_IV            = native.SX_ALG_SET_IV
	ALG_SET_OP            = native.SX_ALG_SET_OP
	ALG_SET_AEAD_ASSOCLEN = native.SX_ALG_SET_AEAD_ASSOCLEN
	ALG_SET_AEAD_AUTHSIZE = native.SX_ALG_SET_AEAD_AUTHSIZE
	ALG_OP_DECRYPT        = native.SX_ALG_OP_DECRYPT
	ALG_OP_ENCRYPT        = native.SX_ALG_OP_ENCRYPT
)

// ALGAddr is an AF_ALG address: Python's (type, name, feat, mask), e.g.
// {Type: "hash", Name: "sha256"}.
type ALGAddr struct {
	Type string
	Name string
	Feat uint32
	Mask uint32
}

func init() { registerFamily(AF_ALG, "alg", decodeALG) }

func decodeALG(a *Addr) (SockAddr, error) {
	v := &ALGAddr{}
	return v, v.fromAddr(a)
}

func (v *ALGAddr) fromAddr(a *Addr) error {
	typ, err := textField("addr_alg_type", a, native.Sx_addr_alg_type)
	if err != nil {
		return err
	}
	name, err := textField("addr_alg_name", a, native.Sx_addr_alg_name)
	if err != nil {
		return err
	}
	var feat, mask uint32
	st := native.Sx_addr_alg_feat_mask(a.handle(), &feat, &mask)
	runtime.KeepAlive(a)
	if st < 0 {
		return newError("addr_alg_feat_mask", st)
	}
	*v = ALGAddr{Type: cString(typ), Name: cString(name), Feat: feat, Mask: mask}
	return nil
}

func (v *ALGAddr) sockAddr() (*Addr, bool, error) {
	if v != nil {
		if err := checkStrings("addr_alg", v.Type, v.Name); err != nil {
			return nil, false, err
		}
	}
	return familyAddr("addr_alg", v == nil, func(out *uint64) int {
		return native.Sx_addr_alg(v.Type, v.Name, uint(v.Feat), uint(v.Mask), out)
	})
}

// Network returns "alg".
func (v *ALGAddr) Network() string { return "alg" }

// String returns the text form, "alg:<type>:<name>:<feat>:<mask>".
func (v *ALGAddr) String() string { return familyText(v) }

// ALGNone, as SendMsgALG's op or assoclen, sends no such control message.
const ALGNone = -1

// SendMsgALG sends bufs to an AF_ALG operation socket with its operation (ALG_OP_ENCRYPT,
// ALG_OP_DECRYPT, or ALGNone), IV (nil: none; an empty non-nil slice sends an empty IV)
// and associated-data length (ALGNone for none) as control messages: Python's
// sendmsg_afalg (sx_socket_sendmsg_afalg). It waits as Send does.
func (s *Socket) SendMsgALG(bufs [][]byte, op int, iv []byte, assoclen int64, flags int) (int, error) {
	if err := int32Args("sendmsg_afalg", op, flags); err != nil {
		return 0, err
	}
	n := len(bufs)
	ptrs := make([]uintptr, n+1) // +1: &ptrs[0] valid with no buffers
	lens := make([]C.size_t, n+1)
	for i, b := range bufs {
		if len(b) > 0 {
			ptrs[i] = uintptr(unsafe.Pointer(&b[0]))
		}
		lens[i] = C.size_t(len(b))
	}
	var ivp uintptr
	if len(iv) > 0 {
		ivp = uintptr(unsafe.Pointer(&iv[0]))
	}
	hasIV := C.int(0)
	if iv != nil {
		hasIV = 1
	}
	if batchEscapeAlwaysFalse {
		algSink = bufs // the buffers go to C as addresses: they must be on the heap
		algSink = append(algSink, iv)
	}
	sent := new(C.size_t)
	err := s.ioFlags("sendmsg_afalg", true, flags, func(h uint64) int {
		return int(C.sxgo_sendmsg_afalg(C.uint64_t(h), (*C.uintptr_t)(unsafe.Pointer(&ptrs[0])), &lens[0], C.size_t(n),
			C.int32_t(op), C.uintptr_t(ivp), C.size_t(len(iv)), hasIV, C.int64_t(assoclen), C.int32_t(flags), sent))
	})
	runtime.KeepAlive(bufs)
	runtime.KeepAlive(iv)
	return int(*sent), err
}

var algSink [][]byte
