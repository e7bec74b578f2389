//go:build linux

package socketx

import (
	"bytes"
	"testing"
)

func TestALGAddr(t *testing.T) {
	checkAddrType(t, &ALGAddr{Type: "hash", Name: "sha256"}, &ALGAddr{Type: "hash", Name: "sha256"}, "alg:hash:sha256:0:0", true)
	checkAddrType(t, &ALGAddr{Type: "aead", Name: "gcm(aes)", Feat: 1 << 20, Mask: 0xffffffff},
		&ALGAddr{Type: "aead", Name: "gcm(aes)", Feat: 1 << 20, Mask: 0xffffffff}, "alg:aead:gcm(aes):1048576:4294967295", true)
	wantAddrErr(t, &ALGAddr{Type: "fourteen-bytes", Name: "x"}, ErrArg)
	wantAddrErr(t, &ALGAddr{Type: "hash", Name: string(bytes.Repeat([]byte{'n'}, 64))}, ErrArg)
	wantAddrErr(t, &ALGAddr{Type: "hash\x00", Name: "sha256"}, ErrArg)
}

// The kernel ignores SOL_ALG control messages on an AF_UNIX socket, so the data of
// SendMsgALG arrives there: the call and its arguments are checked end to end without
// the crypto user API (which this kernel lacks; see TestFamiliesThisKernelLacks).
func TestSendMsgALG(t *testing.T) {
	a, b := pair(t, SOCK_DGRAM)
	for _, c := range []struct {
		iv       []byte
		op       int
		assoclen int64
	}{{[]byte("0123456789abcdef"), ALG_OP_ENCRYPT, 16}, {nil, ALGNone, ALGNone}, {[]byte{}, ALG_OP_DECRYPT, ALGNone}} {
		n, err := a.SendMsgALG([][]byte{[]byte("hello "), nil, []byte("world")}, c.op, c.iv, c.assoclen, 0)
		ok(t, err)
		if n != 11 {
			t.Fatalf("sent %d", n)
		}
		buf := make([]byte, 32)
		m := must(b.Recv(buf, 0))(t)
		if string(buf[:m]) != "hello world" {
			t.Fatalf("received %q", buf[:m])
		}
	}
	// Nothing at all is a valid message too.
	if n, err := a.SendMsgALG(nil, ALG_OP_ENCRYPT, nil, ALGNone, 0); err != nil || n != 0 {
		t.Fatalf("empty SendMsgALG: %d, %v", n, err)
	}
	_, err := a.SendMsgALG([][]byte{[]byte("x")}, ALG_OP_ENCRYPT, nil, -2, 0)
	wantErrCode(t, "assoclen -2", err, ErrArg)
	_, err = a.SendMsgALG([][]byte{[]byte("x")}, -2, nil, ALGNone, 0)
	wantErrCode(t, "op -2", err, ErrArg)
	_, err = a.SendMsgALG(nil, 1<<40, nil, ALGNone, 0)
	wantErrCode(t, "op 1<<40", err, ErrOutOfRange)
	a.Close()
	_, err = a.SendMsgALG(nil, ALGNone, nil, ALGNone, 0)
	wantErrCode(t, "closed socket", err, ErrBadHandle)
}
