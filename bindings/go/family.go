// SPDX-License-Identifier: MIT

//go:build linux

package socketx

import (
	"net"
	"reflect"
	"runtime"
	"strings"

	"github.com/libsocketx/libsocketx/bindings/go/internal/native"
)

// SockAddr is an address this package can pass to the library: an *Addr (a libsocketx
// handle of any family), a *NetAddr, or one of the family types (*NetlinkAddr,
// *PacketAddr, *VsockAddr, *CANAddr, ...), which are plain structs with exported fields
// that satisfy net.Addr: Network is the family's text scheme ("netlink", "packet"...)
// and String the library's canonical text form ("netlink:0:0"), or a description of
// why the fields make no address.
//
// Every call that takes an address (Bind, Connect, ConnectEx, SendTo, SendMsg, WriteMsg,
// WriteMsgControl, PacketConn.WriteTo, ...) takes a SockAddr; a family value is turned
// into a libsocketx address for the call and released after it.
type SockAddr interface {
	net.Addr
	// sockAddr returns the address as a handle; owned tells that the handle was made for
	// this call and is the caller's to close.
	sockAddr() (a *Addr, owned bool, err error)
}

// familyDecoder turns an address the library holds into its family's Go type.
type familyDecoder func(a *Addr) (SockAddr, error)

type familyEntry struct {
	name   string
	decode familyDecoder
}

// families is the registry of family types, keyed by AF_* value. Each family's file
// registers itself from init, so adding a family touches that file only.
var families = map[int]familyEntry{}

func registerFamily(af int, name string, decode familyDecoder) {
	families[af] = familyEntry{name: name, decode: decode}
}

// Typed returns the address as its family's Go type: a *NetlinkAddr for an AF_NETLINK
// address, a *PacketAddr for AF_PACKET, and so on. An address of a family with no Go
// type of its own (AF_INET, AF_INET6, AF_UNIX, AF_RDS...) is returned as itself.
// The family value is a copy of the fields: a is still the caller's to close.
func (a *Addr) Typed() (SockAddr, error) {
	fam, err := a.Family()
	if err != nil {
		return nil, err
	}
	if e, ok := families[fam]; ok {
		return e.decode(a)
	}
	return a, nil
}

// As fills target, a pointer to a family type (*NetlinkAddr, *PacketAddr...), from the
// address, which must be of that family (ErrArg otherwise). It reaches the family types
// the running system has no AF_* value for (the AF_HYPERV, PF_SYSTEM, AF_LINK and
// AF_DIVERT types, whose accessors answer ErrNotSup on Linux).
func (a *Addr) As(target SockAddr) error {
	d, ok := target.(interface{ fromAddr(*Addr) error })
	if !ok || reflect.ValueOf(target).IsNil() {
		return &Error{Op: "addr_as", Code: ErrArg, Detail: "target is not a pointer to a family address type"}
	}
	return d.fromAddr(a)
}

// Network returns the name of the address's family: "inet", "inet6", "unix", or the
// text scheme of a family type ("netlink", "packet"...); "socketx" when unknown.
func (a *Addr) Network() string {
	fam, err := a.Family()
	if err != nil {
		return "socketx"
	}
	switch fam {
	case AF_INET:
		return "inet"
	case AF_INET6:
		return "inet6"
	case AF_UNIX:
		return "unix"
	}
	if e, ok := families[fam]; ok {
		return e.name
	}
	return "socketx"
}

func (a *Addr) sockAddr() (*Addr, bool, error) { return a, false, nil }

func (a *NetAddr) sockAddr() (*Addr, bool, error) {
	if a == nil {
		return nil, false, nil
	}
	return a.Addr, false, nil
}

// ParseAddr makes an address from a family's canonical text form with its scheme
// (sx_addr_from_string): "netlink:0:0", "packet:lo:0x0003:0:772:", "vsock:2:1234",
// "can-isotp:vcan0:0x123:0x456", "l2cap:[01:23:45:67:89:AB]:4097:0:0"... The result is
// the family's Go type (see Addr.Typed). The forms without a scheme ("a.b.c.d:port",
// "[v6]:port", a Unix path, "@abstract") need their family named: ParseAddrFamily.
func ParseAddr(text string) (SockAddr, error) { return ParseAddrFamily(AF_UNSPEC, text) }

// ParseAddrFamily is ParseAddr for one family's text (AF_UNSPEC: by the scheme). For
// AF_INET, AF_INET6 and AF_UNIX, which have no family type, the result is an *Addr (the
// caller's to close).
func ParseAddrFamily(family int, text string) (SockAddr, error) {
	if err := checkString("addr_from_string", text); err != nil {
		return nil, err
	}
	a, err := addrFrom("addr_from_string", func(out *uint64) int { return native.Sx_addr_from_string(family, text, out) })
	if err != nil {
		return nil, err
	}
	t, err := a.Typed()
	if err != nil || t != SockAddr(a) {
		a.Close()
	}
	return t, err
}

// NewAddr makes a libsocketx address from any SockAddr: a family value's fields made
// into a handle once, for a loop that sends to the same place many times (each call
// given a family value makes and releases one). An *Addr or *NetAddr is copied through
// its sockaddr bytes. The result is the caller's to close.
func NewAddr(v SockAddr) (*Addr, error) {
	r, err := refAddr("addr_new", v)
	if err != nil {
		return nil, err
	}
	if r.owned {
		return r.a, nil
	}
	if r.none {
		return nil, &Error{Op: "addr_new", Code: ErrArg, Detail: "no address"}
	}
	sa, err := r.a.Sockaddr()
	if err != nil {
		return nil, err
	}
	return AddrFromSockaddr(sa)
}

// addrRef is an address argument of a call: the handle, and whether it was made for the
// call (and must be released after it).
type addrRef struct {
	a     *Addr
	owned bool
	none  bool // no address at all: nil, or a nil *Addr (callers where that means "none")
}

func (r addrRef) handle() uint64 { return r.a.handle() }

func (r addrRef) release() {
	if r.owned {
		r.a.Close()
	}
	runtime.KeepAlive(r.a)
}

// refAddr turns an address argument into a handle for one call.
func refAddr(op string, a SockAddr) (addrRef, error) {
	switch v := a.(type) {
	case nil:
		return addrRef{none: true}, nil
	case *Addr:
		return addrRef{a: v, none: v == nil}, nil
	case *NetAddr:
		if v == nil || v.Addr == nil {
			return addrRef{none: true}, nil
		}
		return addrRef{a: v.Addr}, nil
	}
	h, owned, err := a.sockAddr()
	if err != nil {
		return addrRef{}, err
	}
	return addrRef{a: h, owned: owned}, nil
}

// familyAddr builds a family value's handle for sockAddr, with the error of the
// family's constructor (op) when the fields make no address.
func familyAddr(op string, nilValue bool, make func(out *uint64) int) (*Addr, bool, error) {
	if nilValue {
		return nil, false, &Error{Op: op, Code: ErrArg, Detail: "nil address"}
	}
	a, err := addrFrom(op, make)
	return a, err == nil, err
}

// familyText is the String of a family value: the library's text form of the address
// the fields make, or a description of why they make none.
func familyText(a SockAddr) string {
	h, owned, err := a.sockAddr()
	if err != nil {
		return "<" + strings.TrimPrefix(err.Error(), "socketx: ") + ">"
	}
	s := h.String()
	if owned {
		h.Close()
	}
	return s
}

// checkFamily fails unless a is an address of the family (the accessors would answer
// ErrArg too, without saying which family was expected).
func checkFamily(op string, a *Addr, want int) error {
	fam, err := a.Family()
	if err != nil {
		return err
	}
	if fam != want {
		return &Error{Op: op, Code: ErrArg, Detail: "the address is of another family"}
	}
	return nil
}

// u32 and i32 read one numeric field of an address through its accessor.
func u32(op string, a *Addr, f func(h uint64, out *uint32) int) (uint32, error) {
	var v uint32
	st := f(a.handle(), &v)
	runtime.KeepAlive(a)
	if st < 0 {
		return 0, newError(op, st)
	}
	return v, nil
}

func i32(op string, a *Addr, f func(h uint64, out *int32) int) (int32, error) {
	var v int32
	st := f(a.handle(), &v)
	runtime.KeepAlive(a)
	if st < 0 {
		return 0, newError(op, st)
	}
	return v, nil
}

// textField reads a string or bytes field of an address through its accessor.
func textField(op string, a *Addr, f func(h uint64, buf []byte) int) ([]byte, error) {
	h := a.handle()
	b, err := readString(op, 32, func(buf []byte) int { return f(h, buf) })
	runtime.KeepAlive(a)
	return b, err
}

// typedAddr returns a received address as its family's type when the family has one
// (closing the handle, which the value no longer needs), else the *Addr itself.
func typedAddr(a *Addr) (net.Addr, error) {
	if a == nil {
		return nil, nil
	}
	t, err := a.Typed()
	if err != nil {
		return nil, err
	}
	if t != SockAddr(a) {
		a.Close()
	}
	return t, nil
}
