// SPDX-License-Identifier: MIT

//go:build linux

package socketx

import (
	"net"

	"github.com/libsocketx/libsocketx/bindings/go/internal/native"
)

// The multicast calls take their group, source and interface addresses as a net.Addr,
// in the shape of golang.org/x/net/ipv4.PacketConn's JoinGroup: a *net.UDPAddr or
// *net.IPAddr (the port is ignored), or any SockAddr (an *Addr of AF_INET or AF_INET6).
// The interface is a *net.Interface, nil for the kernel's choice by its routes.

// JoinMulticast joins an any-source multicast group on the interface
// (MCAST_JOIN_GROUP; sx_socket_multicast_join). The group's family picks the protocol:
// an IPv4 group needs an AF_INET socket, an IPv6 group an AF_INET6 socket.
func (s *Socket) JoinMulticast(ifi *net.Interface, group net.Addr) error {
	return s.multicast("multicast_join", ifi, group, nil, native.Sx_socket_multicast_join, nil)
}

// LeaveMulticast leaves a group joined with JoinMulticast (MCAST_LEAVE_GROUP;
// sx_socket_multicast_leave).
func (s *Socket) LeaveMulticast(ifi *net.Interface, group net.Addr) error {
	return s.multicast("multicast_leave", ifi, group, nil, native.Sx_socket_multicast_leave, nil)
}

// JoinSourceMulticast joins a source-specific channel: receive what source sends to
// group (MCAST_JOIN_SOURCE_GROUP; sx_socket_multicast_join_source).
func (s *Socket) JoinSourceMulticast(ifi *net.Interface, group, source net.Addr) error {
	return s.multicast("multicast_join_source", ifi, group, source, nil, native.Sx_socket_multicast_join_source)
}

// LeaveSourceMulticast leaves a channel joined with JoinSourceMulticast
// (MCAST_LEAVE_SOURCE_GROUP; sx_socket_multicast_leave_source).
func (s *Socket) LeaveSourceMulticast(ifi *net.Interface, group, source net.Addr) error {
	return s.multicast("multicast_leave_source", ifi, group, source, nil, native.Sx_socket_multicast_leave_source)
}

// JoinMulticastV4 joins an IPv4 group on the interface that has the local address
// iface (nil: INADDR_ANY) with IP_ADD_MEMBERSHIP, as socket2's join_multicast_v4
// (sx_socket_multicast_join_v4).
func (s *Socket) JoinMulticastV4(group, iface net.Addr) error {
	return s.multicastV4("multicast_join_v4", group, iface, native.Sx_socket_multicast_join_v4)
}

// LeaveMulticastV4 leaves a group joined with JoinMulticastV4 (IP_DROP_MEMBERSHIP;
// sx_socket_multicast_leave_v4).
func (s *Socket) LeaveMulticastV4(group, iface net.Addr) error {
	return s.multicastV4("multicast_leave_v4", group, iface, native.Sx_socket_multicast_leave_v4)
}

func (s *Socket) multicast(op string, ifi *net.Interface, group, source net.Addr,
	any func(s, g uint64, ifindex uint) int, ssm func(s, g, src uint64, ifindex uint) int) error {
	var ifindex uint
	if ifi != nil {
		if ifi.Index < 0 || ifi.Index > 1<<32-1 {
			return &Error{Op: op, Code: ErrOutOfRange, Detail: "interface index"}
		}
		ifindex = uint(ifi.Index)
	}
	g, err := refNetAddr(op, group)
	if err != nil {
		return err
	}
	defer g.release()
	if ssm == nil {
		return s.simple(op, func(h uint64) int { return any(h, g.handle(), ifindex) })
	}
	src, err := refNetAddr(op, source)
	if err != nil {
		return err
	}
	defer src.release()
	return s.simple(op, func(h uint64) int { return ssm(h, g.handle(), src.handle(), ifindex) })
}

func (s *Socket) multicastV4(op string, group, iface net.Addr, f func(s, g, ifa uint64) int) error {
	g, err := refNetAddr(op, group)
	if err != nil {
		return err
	}
	defer g.release()
	var ifa addrRef
	if iface != nil {
		if ifa, err = refNetAddr(op, iface); err != nil {
			return err
		}
		defer ifa.release()
	}
	return s.simple(op, func(h uint64) int { return f(h, g.handle(), ifa.handle()) })
}

// refNetAddr is refAddr for a net.Addr: a SockAddr as it is, and the net package's IP
// addresses as AF_INET or AF_INET6 addresses made for the call. A missing address is
// an error here (the library would answer ErrBadHandle for the 0 handle).
func refNetAddr(op string, a net.Addr) (addrRef, error) {
	var ip net.IP
	var zone string
	port := 0
	switch v := a.(type) {
	case SockAddr:
		r, err := refAddr(op, v)
		if err == nil && r.none {
			err = &Error{Op: op, Code: ErrArg, Detail: "no address"}
		}
		return r, err
	case *net.UDPAddr:
		if v != nil {
			ip, zone, port = v.IP, v.Zone, v.Port
		}
	case *net.TCPAddr:
		if v != nil {
			ip, zone, port = v.IP, v.Zone, v.Port
		}
	case *net.IPAddr:
		if v != nil {
			ip, zone = v.IP, v.Zone
		}
	default:
		return addrRef{}, &Error{Op: op, Code: ErrArg, Detail: "unsupported address type (want a SockAddr, *net.UDPAddr, *net.TCPAddr or *net.IPAddr)"}
	}
	if ip == nil {
		return addrRef{}, &Error{Op: op, Code: ErrArg, Detail: "no IP address"}
	}
	var h *Addr
	var err error
	if ip4 := ip.To4(); ip4 != nil && zone == "" {
		h, err = InetAddr(ip4.String(), port)
	} else {
		host := ip.String()
		if zone != "" {
			host += "%" + zone
		}
		h, err = Inet6Addr(host, port, 0, 0)
	}
	if err != nil {
		return addrRef{}, err
	}
	return addrRef{a: h, owned: true}, nil
}
