// SPDX-License-Identifier: MIT

//go:build linux

package socketx

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"syscall"
	"testing"
	"time"
)

func TestALGAddr(t *testing.T) {
	checkAddrType(t, &ALGAddr{Type: "hash", Name: "sha256"}, &ALGAddr{Type: "hash", Name: "sha256"}, "alg:hash:sha256:0:0", true)
	checkAddrType(t, &ALGAddr{Type: "aead", Name: "gcm(aes)", Feat: 1 << 20, Mask: 0xffffffff},
		&ALGAddr{Type: "aead", Name: "gcm(aes)", Feat: 1 << 20, Mask: 0xffffffff}, "alg:aead:gcm(aes):1048576:4294967295", true)
	wantAddrErr(t, &ALGAddr{Type: "fourteen-bytes", Name: "x"}, ErrArg)
	wantAddrErr(t, &ALGAddr{Type: "hash", Name: string(bytes.Repeat([]byte{'n'}, 64))}, ErrArg)
	wantAddrErr(t, &ALGAddr{Type: "hash\x00", Name: "sha256"}, ErrArg)
}

// SendMsgALG's arguments are checked before anything is sent; on a socket of another
// family it is refused as CPython refuses it.
func TestSendMsgALGArguments(t *testing.T) {
	a, _ := pair(t, SOCK_DGRAM)
	_, err := a.SendMsgALG([][]byte{[]byte("x")}, ALG_OP_ENCRYPT, []byte("iv"), 0, 0)
	wantErrCode(t, "sendmsg_afalg on AF_UNIX", err, ErrArg)
	_, err = a.SendMsgALG([][]byte{[]byte("x")}, ALG_OP_ENCRYPT, nil, -2, 0)
	wantErrCode(t, "assoclen -2", err, ErrArg)
	_, err = a.SendMsgALG([][]byte{[]byte("x")}, -2, nil, ALGNone, 0)
	wantErrCode(t, "op -2", err, ErrArg)
	_, err = a.SendMsgALG(nil, 1<<40, nil, ALGNone, 0)
	wantErrCode(t, "op 1<<40", err, ErrOutOfRange)
	a.Close()
	_, err = a.SendMsgALG(nil, ALGNone, nil, ALGNone, 0)
	wantErrCode(t, "closed socket", err, ErrBadHandle)
}

// Live, where the kernel has the crypto user API: SHA-256 and AES-CBC through AF_ALG.
func TestALGLive(t *testing.T) {
	hs, err := Open(AF_ALG, SOCK_SEQPACKET, 0)
	if errors.Is(err, syscall.EAFNOSUPPORT) {
		t.Skip("no AF_ALG in this kernel (CONFIG_CRYPTO_USER_API)")
	}
	ok(t, err)
	defer hs.Close()
	ok(t, hs.Bind(&ALGAddr{Type: "hash", Name: "sha256"}))
	if la, isALG := hs.LocalAddr().(*ALGAddr); !isALG || la.Name != "sha256" {
		t.Logf("LocalAddr() = %#v", hs.LocalAddr())
	}
	op, _, err := hs.Accept()
	ok(t, err)
	defer op.Close()
	ok(t, op.SetTimeout(5*time.Second))
	n, err := op.SendMsgALG([][]byte{[]byte("ab"), []byte("c")}, ALGNone, nil, ALGNone, 0)
	ok(t, err)
	if n != 3 {
		t.Fatalf("sent %d", n)
	}
	sum := make([]byte, 32)
	m := must(op.Recv(sum, 0))(t)
	if want := sha256.Sum256([]byte("abc")); !bytes.Equal(sum[:m], want[:]) {
		t.Fatalf("sha256 %x, want %x", sum[:m], want)
	}
	cs := must(Open(AF_ALG, SOCK_SEQPACKET, 0))(t)
	defer cs.Close()
	ok(t, cs.Bind(&ALGAddr{Type: "skcipher", Name: "cbc(aes)"}))
	ok(t, cs.SetSockOptBytes(SOL_ALG, ALG_SET_KEY, bytes.Repeat([]byte{1}, 16)))
	enc, _, err := cs.Accept()
	ok(t, err)
	defer enc.Close()
	plain := bytes.Repeat([]byte("0123456789abcdef"), 2)
	_, err = enc.SendMsgALG([][]byte{plain}, ALG_OP_ENCRYPT, make([]byte, 16), ALGNone, 0)
	ok(t, err)
	cipher := make([]byte, len(plain))
	ok(t, enc.SetTimeout(5*time.Second))
	if n := must(enc.Recv(cipher, 0))(t); n != len(plain) || bytes.Equal(cipher, plain) {
		t.Fatalf("cipher text %x", cipher[:n])
	}
}
