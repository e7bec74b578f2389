// SPDX-License-Identifier: MIT

//go:build linux

package socketx

import (
	"bytes"
	"errors"
	"strings"
	"syscall"
	"testing"
)

func TestByteOrder(t *testing.T) {
	if v := must(Htons(0x1234))(t); v != 0x3412 {
		t.Fatalf("htons %#x", v)
	}
	if v := must(Ntohs(0x3412))(t); v != 0x1234 {
		t.Fatalf("ntohs %#x", v)
	}
	if v := must(Htonl(0x01020304))(t); v != 0x04030201 {
		t.Fatalf("htonl %#x", v)
	}
	if v := must(Ntohl(0xffffffff))(t); v != 0xffffffff {
		t.Fatalf("ntohl %#x", v)
	}
	for _, c := range []struct {
		name string
		f    func(int64) error
		x    int64
	}{
		{"htons", func(x int64) error { _, err := Htons(x); return err }, 65536},
		{"ntohs", func(x int64) error { _, err := Ntohs(x); return err }, -1},
		{"htonl", func(x int64) error { _, err := Htonl(x); return err }, 1 << 32},
		{"ntohl", func(x int64) error { _, err := Ntohl(x); return err }, -1},
	} {
		wantCode(t, c.name, c.f(c.x), ErrOutOfRange)
	}
}

func TestInetConversions(t *testing.T) {
	for text, want := range map[string][]byte{"127.1": {127, 0, 0, 1}, "0x7f.1": {127, 0, 0, 1}, "1.2.3.4 junk": {1, 2, 3, 4}} {
		if got := must(InetAton(text))(t); !bytes.Equal(got, want) {
			t.Fatalf("inet_aton(%q) = %v", text, got)
		}
	}
	_, err := InetAton("1.2.3.400")
	wantCode(t, "inet_aton invalid", err, ErrArg)
	if e := (*Error)(nil); !errors.As(err, &e) || !strings.Contains(e.Detail, "inet_aton") {
		t.Fatalf("inet_aton detail: %v", err)
	}
	_, err = InetAton("127.0.0.1\x00junk")
	wantCode(t, "inet_aton NUL", err, ErrArg)

	if s := must(InetNtoa([]byte{192, 0, 2, 1}))(t); s != "192.0.2.1" {
		t.Fatalf("inet_ntoa %q", s)
	}
	_, err = InetNtoa([]byte{1, 2, 3})
	wantCode(t, "inet_ntoa length", err, ErrArg)

	v6 := must(InetPton(AF_INET6, "2001:db8::1"))(t)
	if len(v6) != 16 || v6[0] != 0x20 || v6[1] != 0x01 || v6[15] != 1 {
		t.Fatalf("inet_pton v6 %x", v6)
	}
	if s := must(InetNtop(AF_INET6, v6))(t); s != "2001:db8::1" {
		t.Fatalf("inet_ntop v6 %q", s)
	}
	v4 := must(InetPton(AF_INET, "10.1.2.3"))(t)
	if s := must(InetNtop(AF_INET, v4))(t); s != "10.1.2.3" || len(v4) != 4 {
		t.Fatalf("inet v4 round trip %v %q", v4, s)
	}
	_, err = InetPton(AF_INET, "127.1") // strict: no legacy forms
	wantCode(t, "inet_pton legacy", err, ErrArg)
	_, err = InetPton(AF_UNIX, "x")
	if !errors.Is(err, syscall.EAFNOSUPPORT) {
		t.Fatalf("inet_pton AF_UNIX: %v", err)
	}
	_, err = InetPton(AF_INET6, "::1\x00")
	wantCode(t, "inet_pton NUL", err, ErrArg)
	_, err = InetNtop(AF_INET6, v4)
	wantCode(t, "inet_ntop length", err, ErrArg)
}

func TestCmsgSizes(t *testing.T) {
	// The kernel's sizes, as Go's syscall package computes them.
	for _, n := range []int{0, 1, 4, 16, 100} {
		if l := must(CmsgLen(n))(t); l != syscall.CmsgLen(n) {
			t.Fatalf("CMSG_LEN(%d) = %d, want %d", n, l, syscall.CmsgLen(n))
		}
		if s := must(CmsgSpace(n))(t); s != syscall.CmsgSpace(n) {
			t.Fatalf("CMSG_SPACE(%d) = %d, want %d", n, s, syscall.CmsgSpace(n))
		}
	}
	_, err := CmsgLen(-1)
	wantCode(t, "CMSG_LEN(-1)", err, ErrOutOfRange)
	_, err = CmsgSpace(1 << 40)
	wantCode(t, "CMSG_SPACE(huge)", err, ErrOutOfRange)
}
