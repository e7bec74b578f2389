// SPDX-License-Identifier: MIT

//go:build linux

package socketx

import (
	"io"
	"net"
	"time"
)

// Read implements io.Reader: Recv with no flags, and io.EOF at the end of a stream.
// (A zero-length datagram also reads as io.EOF, as in package net for connected
// datagram sockets read through io.Reader; use Recv to tell them apart.)
func (s *Socket) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	n, err := s.Recv(p, 0)
	if err == nil && n == 0 {
		return 0, io.EOF
	}
	return n, err
}

// Write implements io.Writer: SendAll with no flags.
func (s *Socket) Write(p []byte) (int, error) { return s.SendAll(p, 0) }

// NetAddr is a socket address as a net.Addr: the Addr with the net package's network
// name for the socket it belongs to ("tcp", "tcp6", "udp", "udp6", "unix", "unixgram",
// "unixpacket", or "socketx" for other families and types).
type NetAddr struct {
	Addr *Addr
	Net  string
}

// Network returns the network name.
func (a *NetAddr) Network() string { return a.Net }

// String returns the address's canonical text form.
func (a *NetAddr) String() string {
	if a == nil || a.Addr == nil {
		return ""
	}
	return a.Addr.String()
}

// network names the socket's network the way package net does.
func (s *Socket) network() string {
	fam, err1 := s.Family()
	typ, err2 := s.Type()
	if err1 != nil || err2 != nil {
		return "socketx"
	}
	switch {
	case fam == AF_INET && typ == SOCK_STREAM:
		return "tcp"
	case fam == AF_INET6 && typ == SOCK_STREAM:
		return "tcp6"
	case fam == AF_INET && typ == SOCK_DGRAM:
		return "udp"
	case fam == AF_INET6 && typ == SOCK_DGRAM:
		return "udp6"
	case fam == AF_UNIX && typ == SOCK_STREAM:
		return "unix"
	case fam == AF_UNIX && typ == SOCK_DGRAM:
		return "unixgram"
	case fam == AF_UNIX && typ == SOCK_SEQPACKET:
		return "unixpacket"
	}
	return "socketx"
}

// LocalAddr implements net.Conn: the family's type for a family that has one
// (*NetlinkAddr, *PacketAddr...; see Addr.Typed), else a *NetAddr (with a nil Addr when
// the socket has no address to report, e.g. after Close).
func (s *Socket) LocalAddr() net.Addr {
	a, _ := s.SockName()
	return s.netAddr(a)
}

// RemoteAddr implements net.Conn, as LocalAddr (a nil Addr when not connected).
func (s *Socket) RemoteAddr() net.Addr {
	a, _ := s.PeerName()
	return s.netAddr(a)
}

func (s *Socket) netAddr(a *Addr) net.Addr {
	if t, err := a.Typed(); err == nil && t != SockAddr(a) {
		a.Close()
		return t
	}
	return &NetAddr{Addr: a, Net: s.network()}
}

// SetDeadline implements net.Conn: both deadlines; the zero time clears them. A call
// waiting past a deadline fails with ErrTimeout, which is os.ErrDeadlineExceeded. The
// deadlines combine with the timeout mode: the earlier of the two wins.
func (s *Socket) SetDeadline(t time.Time) error {
	if err := s.SetReadDeadline(t); err != nil {
		return err
	}
	return s.SetWriteDeadline(t)
}

// SetReadDeadline implements net.Conn.
func (s *Socket) SetReadDeadline(t time.Time) error {
	return s.setDeadline("setreaddeadline", false, t)
}

// SetWriteDeadline implements net.Conn.
func (s *Socket) SetWriteDeadline(t time.Time) error {
	return s.setDeadline("setwritedeadline", true, t)
}

func (s *Socket) setDeadline(op string, write bool, t time.Time) error {
	if s.closed.Load() {
		return &Error{Op: op, Code: ErrBadHandle, closed: true}
	}
	var ns int64
	if !t.IsZero() {
		ns = t.UnixNano()
		if ns == 0 {
			ns = 1 // the Unix epoch itself is a (long passed) deadline, not "none"
		}
	}
	if write {
		s.wdl.Store(ns)
	} else {
		s.rdl.Store(ns)
	}
	// A goroutine already waiting must see the new deadline now, as in package net.
	if pf := s.pf.Load(); pf != nil {
		if err := s.setPollDeadline(pf, write, ns); err != nil {
			return s.waitError(op, err)
		}
		s.updateSteady(pf) // the deadline itself changed even when the poller's did not
	}
	return nil
}

var (
	_ net.Conn      = (*Socket)(nil)
	_ io.ReadWriter = (*Socket)(nil)
	_ io.Closer     = (*Socket)(nil)
)

// Listener returns a net.Listener view of a listening Socket, for servers written
// against package net (net/http's Serve, for one). Closing it closes the Socket.
func (s *Socket) Listener() net.Listener { return listener{s} }

type listener struct{ s *Socket }

// Accept implements net.Listener; the peer address is available as RemoteAddr.
func (l listener) Accept() (net.Conn, error) {
	c, peer, err := l.s.Accept()
	if err != nil {
		return nil, err
	}
	peer.Close() // RemoteAddr asks the kernel again when it is wanted
	return c, nil
}

func (l listener) Close() error   { return l.s.Close() }
func (l listener) Addr() net.Addr { return l.s.LocalAddr() }
