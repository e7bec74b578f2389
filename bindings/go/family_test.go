// SPDX-License-Identifier: MIT

//go:build linux

package socketx

import (
	"errors"
	"net"
	"reflect"
	"strings"
	"syscall"
	"testing"
)

// checkAddrType checks one family value: its text form, its Network (the text's
// scheme), and that the library's address made from it reads back as want through
// Addr.Typed, through Addr.As, through the raw sockaddr bytes (raw: when the bytes alone
// tell the layout) and through ParseAddr of the text.
func checkAddrType(t *testing.T, v, want SockAddr, wantText string, raw bool) {
	t.Helper()
	if got := v.String(); got != wantText {
		t.Fatalf("%#v String() = %q, want %q", v, got, wantText)
	}
	if scheme := strings.SplitN(wantText, ":", 2)[0]; v.Network() != scheme {
		t.Fatalf("%#v Network() = %q, want %q", v, v.Network(), scheme)
	}
	h, owned, err := v.sockAddr()
	ok(t, err)
	if !owned {
		t.Fatalf("%#v: a family value's handle must be made for the call", v)
	}
	defer h.Close()
	if got := must(h.Typed())(t); !reflect.DeepEqual(got, want) {
		t.Fatalf("Typed() = %#v, want %#v", got, want)
	}
	target := reflect.New(reflect.TypeOf(want).Elem()).Interface().(SockAddr)
	ok(t, h.As(target))
	if !reflect.DeepEqual(target, want) {
		t.Fatalf("As() = %#v, want %#v", target, want)
	}
	if h.Network() == "socketx" {
		t.Fatalf("%v: the registry has no name for its family", h)
	}
	if raw {
		sa := must(h.Sockaddr())(t)
		h2 := must(AddrFromSockaddr(sa))(t)
		defer h2.Close()
		if got := must(h2.Typed())(t); !reflect.DeepEqual(got, want) {
			t.Fatalf("from raw bytes %x: %#v, want %#v", sa, got, want)
		}
	}
	parsed := must(ParseAddr(wantText))(t)
	if !reflect.DeepEqual(parsed, want) {
		t.Fatalf("ParseAddr(%q) = %#v, want %#v", wantText, parsed, want)
	}
}

// wantAddrErr checks that a family value makes no address, with code c, in every place
// that takes one.
func wantAddrErr(t *testing.T, v SockAddr, c Code) {
	t.Helper()
	_, _, err := v.sockAddr()
	wantErrCode(t, "sockAddr of "+reflect.TypeOf(v).String(), err, c)
	if s := v.String(); !strings.HasPrefix(s, "<") {
		t.Fatalf("String() of a bad %T = %q, want a description of the error", v, s)
	}
	s := must(Open(AF_UNIX, SOCK_DGRAM, 0))(t)
	defer s.Close()
	wantErrCode(t, "Bind", s.Bind(v), c)
	_, err = s.SendTo([]byte("x"), 0, v)
	wantErrCode(t, "SendTo", err, c)
}

func loIndex(t *testing.T) int {
	t.Helper()
	return int(must(InterfaceIndex("lo"))(t))
}

func TestFamilyRegistryAndParseAddr(t *testing.T) {
	for af, name := range map[int]string{AF_NETLINK: "netlink", AF_PACKET: "packet", AF_VSOCK: "vsock", AF_CAN: "can",
		AF_ALG: "alg", AF_TIPC: "tipc", AF_QIPCRTR: "qipcrtr", AF_BLUETOOTH: "bluetooth"} {
		if e, found := families[af]; !found || e.name != name {
			t.Errorf("family %d: registered %v, want %q", af, e, name)
		}
	}
	// AF_INET, AF_INET6 and AF_UNIX have no family type: Typed and ParseAddrFamily give
	// an *Addr; their text has no scheme, so ParseAddr alone refuses it.
	for text, fam := range map[string]int{"127.0.0.1:80": AF_INET, "[::1]:80": AF_INET6} {
		_, err := ParseAddr(text)
		wantErrCode(t, "ParseAddr("+text+")", err, ErrArg)
		a := must(ParseAddrFamily(fam, text))(t)
		h, isAddr := a.(*Addr)
		if !isAddr {
			t.Fatalf("ParseAddr(%q) = %T, want *Addr", text, a)
		}
		if f := must(h.Family())(t); f != fam || h.String() != text {
			t.Fatalf("ParseAddr(%q): family %d text %q", text, f, h.String())
		}
		if h.Network() != map[int]string{AF_INET: "inet", AF_INET6: "inet6"}[fam] {
			t.Fatalf("Network() = %q", h.Network())
		}
		if same := must(h.Typed())(t); same != SockAddr(h) {
			t.Fatalf("Typed of an AF_INET address is %#v, want the *Addr itself", same)
		}
		h.Close()
	}
	u := must(ParseAddrFamily(AF_UNIX, "/tmp/x.sock"))(t).(*Addr)
	if p := must(u.UnixPath())(t); string(p) != "/tmp/x.sock" {
		t.Fatalf("unix path %q", p)
	}
	u.Close()
	_, err := ParseAddr("netlink:1")
	wantErrCode(t, "ParseAddr(netlink:1)", err, ErrArg)
	_, err = ParseAddr("nosuchfamily:1:2")
	if err == nil {
		t.Fatal("ParseAddr of an unknown scheme succeeded")
	}
	_, err = ParseAddr("netlink:1:2\x00")
	wantErrCode(t, "ParseAddr with a NUL", err, ErrArg)
	_, err = ParseAddr("vsock:1:99999999999")
	if !errors.Is(err, ErrOutOfRange) && !errors.Is(err, ErrArg) {
		t.Fatalf("ParseAddr of a 33-bit port: %v", err)
	}
	// As refuses a target of another family, and what is not a family type.
	h := must(InetAddr("127.0.0.1", 1))(t)
	defer h.Close()
	wantErrCode(t, "As(*NetlinkAddr) of an AF_INET address", h.As(&NetlinkAddr{}), ErrArg)
	wantErrCode(t, "As(*Addr)", h.As(h), ErrArg)
	wantErrCode(t, "As(nil *NetlinkAddr)", h.As((*NetlinkAddr)(nil)), ErrArg)
	wantErrCode(t, "As(nil)", h.As(nil), ErrArg)
	// NewAddr: a handle made once from a family value, or copied from an *Addr.
	nh := must(NewAddr(&VsockAddr{CID: 3, Port: 4}))(t)
	if nh.String() != "vsock:3:4" {
		t.Fatalf("NewAddr: %v", nh)
	}
	cp := must(NewAddr(nh))(t)
	if eq := must(cp.Equal(nh))(t); !eq || cp == nh {
		t.Fatalf("NewAddr(*Addr) = %v, a copy of %v wanted", cp, nh)
	}
	nh.Close()
	cp.Close()
	_, err = NewAddr(nil)
	wantErrCode(t, "NewAddr(nil)", err, ErrArg)
	// A nil family pointer makes no address.
	wantAddrErr(t, (*NetlinkAddr)(nil), ErrArg)
}

// A family the running kernel lacks fails to open with EAFNOSUPPORT, while its address
// type keeps working (the tests of each family).
func TestFamiliesThisKernelLacks(t *testing.T) {
	tried := 0
	for _, c := range []struct {
		af, typ, proto int
	}{{AF_CAN, SOCK_RAW, CAN_RAW}, {AF_ALG, SOCK_SEQPACKET, 0}, {AF_TIPC, SOCK_DGRAM, 0},
		{AF_QIPCRTR, SOCK_DGRAM, 0}, {AF_BLUETOOTH, SOCK_STREAM, BTPROTO_RFCOMM}} {
		build, kernel, err := FamilySupported(c.af)
		ok(t, err)
		if !build {
			t.Errorf("family %d: no codec in this build", c.af)
		}
		if kernel {
			continue // this kernel has it: nothing to fail
		}
		tried++
		s, err := Open(c.af, c.typ, c.proto)
		if err == nil {
			s.Close()
			t.Fatalf("family %d opened although FamilySupported says the kernel lacks it", c.af)
		}
		if !errors.Is(err, syscall.EAFNOSUPPORT) {
			t.Fatalf("family %d: %v, want EAFNOSUPPORT", c.af, err)
		}
	}
	if tried == 0 {
		t.Skip("this kernel has every family tried")
	}
}

// LocalAddr and PacketConn views accept the net package's IP addresses and give the
// families' types.
func TestPacketConnView(t *testing.T) {
	r, w, dst := udpPair(t)
	port := must(dst.Port())(t)
	pc := w.PacketConn()
	if _, err := pc.WriteTo([]byte("view"), &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: port}); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 16)
	n, from, err := r.PacketConn().ReadFrom(buf)
	ok(t, err)
	if string(buf[:n]) != "view" {
		t.Fatalf("got %q", buf[:n])
	}
	fa, isAddr := from.(*Addr)
	if !isAddr || fa.Network() != "inet" {
		t.Fatalf("sender %#v", from)
	}
	if _, err := pc.WriteTo([]byte("x"), &net.UnixAddr{Name: "/x", Net: "unixgram"}); !errors.Is(err, ErrArg) {
		t.Fatalf("WriteTo a *net.UnixAddr: %v", err)
	}
	var _ net.PacketConn = pc
	if pc.Socket() != w || pc.LocalAddr() == nil {
		t.Fatal("view of another socket")
	}
}
