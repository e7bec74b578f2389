// SPDX-License-Identifier: MIT

//go:build linux

package socketx

import (
	"runtime"
	"strings"
	"sync/atomic"

	"github.com/libsocketx/libsocketx/bindings/go/internal/native"
)

// Addr is an immutable socket address of any family, owning a libsocketx sx_addr
// handle. Close releases the handle; a forgotten Addr is released by the garbage
// collector. After Close every accessor fails with ErrBadHandle.
type Addr struct {
	h atomic.Uint64
}

func newAddr(h uint64) *Addr {
	if h == 0 {
		return nil
	}
	a := &Addr{}
	a.h.Store(h)
	runtime.SetFinalizer(a, (*Addr).Close)
	return a
}

// handle returns the handle; 0 (which every call rejects with ErrBadHandle) for a nil
// or closed Addr, so misuse gets the library's own answer.
func (a *Addr) handle() uint64 {
	if a == nil {
		return 0
	}
	return a.h.Load()
}

func addrFrom(op string, f func(out *uint64) int) (*Addr, error) {
	var h uint64
	if err := call(op, func() int { return f(&h) }); err != nil {
		return nil, err
	}
	return newAddr(h), nil
}

// InetAddr makes an AF_INET address. The host is a dotted quad, "" (INADDR_ANY),
// "<broadcast>", or a name resolved to its first IPv4 address (a *ResolverError when
// it does not resolve).
func InetAddr(host string, port int) (*Addr, error) {
	if err := checkString("addr_inet", host); err != nil {
		return nil, err
	}
	a, err := addrFrom("addr_inet", func(out *uint64) int { return native.Sx_addr_inet(host, port, out) })
	if re, ok := err.(*ResolverError); ok {
		re.Host = host
	}
	return a, err
}

// Inet6Addr makes an AF_INET6 address; the host may carry a "%scope" suffix.
func Inet6Addr(host string, port int, flowinfo, scopeID uint32) (*Addr, error) {
	if err := checkString("addr_inet6", host); err != nil {
		return nil, err
	}
	a, err := addrFrom("addr_inet6", func(out *uint64) int {
		return native.Sx_addr_inet6(host, port, uint(flowinfo), uint(scopeID), out)
	})
	if re, ok := err.(*ResolverError); ok {
		re.Host = host
	}
	return a, err
}

// UnixAddr makes an AF_UNIX address from a filesystem path; "" is the unnamed address
// (bind then autobinds). A path starting with "@" is not special: use UnixAddrBytes
// with a leading NUL for an abstract name.
func UnixAddr(path string) (*Addr, error) {
	if err := checkString("addr_unix", path); err != nil {
		return nil, err
	}
	return addrFrom("addr_unix", func(out *uint64) int { return native.Sx_addr_unix(path, out) })
}

// UnixAddrBytes makes an AF_UNIX address from raw bytes: a leading 0 byte makes a Linux
// abstract name; no bytes, the unnamed address.
func UnixAddrBytes(name []byte) (*Addr, error) {
	return addrFrom("addr_unix_bytes", func(out *uint64) int { return native.Sx_addr_unix_bytes(name, out) })
}

// AddrFromSockaddr makes an address from raw sockaddr bytes of any family.
func AddrFromSockaddr(sa []byte) (*Addr, error) {
	return addrFrom("addr_from_sockaddr", func(out *uint64) int { return native.Sx_addr_from_sockaddr(sa, out) })
}

// Sockaddr returns the raw sockaddr bytes.
func (a *Addr) Sockaddr() ([]byte, error) {
	h := a.handle()
	b, err := readString("addr_to_sockaddr", 128, func(buf []byte) int { return native.Sx_addr_to_sockaddr(h, buf) })
	runtime.KeepAlive(a)
	return b, err
}

// Family returns the address family (AF_INET, AF_INET6, AF_UNIX or any other).
func (a *Addr) Family() (int, error) {
	var f int32
	st := native.Sx_addr_family(a.handle(), &f)
	runtime.KeepAlive(a)
	if st < 0 {
		return 0, newError("addr_family", st)
	}
	return int(f), nil
}

// Host returns the numeric host of an AF_INET or AF_INET6 address.
func (a *Addr) Host() (string, error) {
	h := a.handle()
	b, err := readString("addr_host", 64, func(buf []byte) int { return native.Sx_addr_host(h, buf) })
	runtime.KeepAlive(a)
	return string(b), err
}

// Port returns the port of an AF_INET or AF_INET6 address.
func (a *Addr) Port() (int, error) {
	var p int32
	st := native.Sx_addr_port(a.handle(), &p)
	runtime.KeepAlive(a)
	if st < 0 {
		return 0, newError("addr_port", st)
	}
	return int(p), nil
}

// FlowInfo returns the flowinfo of an AF_INET6 address.
func (a *Addr) FlowInfo() (uint32, error) {
	var v uint32
	st := native.Sx_addr_flowinfo(a.handle(), &v)
	runtime.KeepAlive(a)
	if st < 0 {
		return 0, newError("addr_flowinfo", st)
	}
	return v, nil
}

// ScopeID returns the scope id (interface index) of an AF_INET6 address.
func (a *Addr) ScopeID() (uint32, error) {
	var v uint32
	st := native.Sx_addr_scope_id(a.handle(), &v)
	runtime.KeepAlive(a)
	if st < 0 {
		return 0, newError("addr_scope_id", st)
	}
	return v, nil
}

// UnixPath returns the name of an AF_UNIX address as bytes: a path, an abstract name
// with its leading NUL, or nothing for the unnamed address.
func (a *Addr) UnixPath() ([]byte, error) {
	h := a.handle()
	b, err := readString("addr_unix_path", 108, func(buf []byte) int { return native.Sx_addr_unix_path(h, buf) })
	runtime.KeepAlive(a)
	return b, err
}

// Text returns the canonical text form ("127.0.0.1:80", "[::1]:80", "/path", "@name").
func (a *Addr) Text() (string, error) {
	h := a.handle()
	b, err := readString("addr_to_string", 64, func(buf []byte) int { return native.Sx_addr_to_string(h, buf) })
	runtime.KeepAlive(a)
	return string(b), err
}

// String returns the canonical text form, or a description of the error.
func (a *Addr) String() string {
	s, err := a.Text()
	if err != nil {
		return "<" + strings.TrimPrefix(err.Error(), "socketx: ") + ">"
	}
	return s
}

// Equal reports whether two addresses are the same family and sockaddr bytes.
func (a *Addr) Equal(b *Addr) (bool, error) {
	var eq int32
	st := native.Sx_addr_equal(a.handle(), b.handle(), &eq)
	runtime.KeepAlive(a)
	runtime.KeepAlive(b)
	if st < 0 {
		return false, newError("addr_equal", st)
	}
	return eq != 0, nil
}

// Close releases the handle. Closing twice, or a nil Addr, is harmless.
func (a *Addr) Close() error {
	if a == nil {
		return nil
	}
	h := a.h.Swap(0)
	if h == 0 {
		return nil
	}
	runtime.SetFinalizer(a, nil)
	if st := native.Sx_addr_close(h); st < 0 {
		return newError("addr_close", st)
	}
	return nil
}
