// SPDX-License-Identifier: MIT

//go:build linux

package socketx

import (
	"net"
	"time"
)

// PacketConn is a net.PacketConn view of a datagram Socket (Socket.PacketConn), whose
// addresses are the families' Go types: a netlink socket's ReadFrom returns a
// *NetlinkAddr, a packet socket's a *PacketAddr, and so on (an *Addr for the families
// without a type of their own, such as AF_INET). WriteTo takes a SockAddr, or a
// *net.UDPAddr or *net.IPAddr.
type PacketConn struct {
	s *Socket
}

// PacketConn returns the net.PacketConn view of the Socket. Closing it closes the Socket.
func (s *Socket) PacketConn() *PacketConn { return &PacketConn{s: s} }

// Socket returns the Socket the view is of.
func (c *PacketConn) Socket() *Socket { return c.s }

// ReadFrom receives a datagram into p and returns its sender as its family's type (nil
// when the kernel gives none).
func (c *PacketConn) ReadFrom(p []byte) (int, net.Addr, error) {
	n, a, err := c.s.RecvFrom(p, 0)
	if err != nil {
		return 0, nil, err
	}
	addr, err := typedAddr(a)
	return n, addr, err
}

// WriteTo sends p to addr.
func (c *PacketConn) WriteTo(p []byte, addr net.Addr) (int, error) {
	r, err := refNetAddr("sendto", addr)
	if err != nil {
		return 0, err
	}
	defer r.release()
	return c.s.SendTo(p, 0, r.a)
}

// ReadMsg receives a message into b and its ancillary data into oob, as Socket.ReadMsg,
// with the sender as its family's type.
func (c *PacketConn) ReadMsg(b, oob []byte, flags int) (n, oobn, recvflags int, addr net.Addr, err error) {
	var a *Addr
	n, oobn, recvflags, a, err = c.s.ReadMsg(b, oob, flags)
	if err != nil {
		return n, oobn, recvflags, nil, err
	}
	addr, err = typedAddr(a)
	return n, oobn, recvflags, addr, err
}

// WriteMsg sends b with the ancillary data oob to addr, as Socket.WriteMsg.
func (c *PacketConn) WriteMsg(b, oob []byte, addr net.Addr) (n, oobn int, err error) {
	r, err := refNetAddr("sendmsg", addr)
	if err != nil {
		return 0, 0, err
	}
	defer r.release()
	return c.s.WriteMsg(b, oob, r.a)
}

// Close closes the Socket.
func (c *PacketConn) Close() error { return c.s.Close() }

// LocalAddr returns the socket's address, as Socket.LocalAddr.
func (c *PacketConn) LocalAddr() net.Addr { return c.s.LocalAddr() }

// SetDeadline sets both deadlines, as Socket.SetDeadline.
func (c *PacketConn) SetDeadline(t time.Time) error { return c.s.SetDeadline(t) }

// SetReadDeadline sets the read deadline.
func (c *PacketConn) SetReadDeadline(t time.Time) error { return c.s.SetReadDeadline(t) }

// SetWriteDeadline sets the write deadline.
func (c *PacketConn) SetWriteDeadline(t time.Time) error { return c.s.SetWriteDeadline(t) }

var _ net.PacketConn = (*PacketConn)(nil)
