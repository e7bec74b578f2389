// SPDX-License-Identifier: MIT

//go:build linux

package socketx

import (
	"errors"
	"net"
	"syscall"
	"testing"
	"time"
)

// Joining and leaving IPv4 and IPv6 groups on the loopback interface, any-source and
// source-specific, with the kernel's answers for a group joined twice or left unjoined;
// and a datagram sent to a joined group on loopback arrives.
func TestMulticastJoinLeave(t *testing.T) {
	lo := must(net.InterfaceByName("lo"))(t)
	s := must(Open(AF_INET, SOCK_DGRAM, 0))(t)
	defer s.Close()
	ok(t, s.SetSockOptInt(SOL_SOCKET, SO_REUSEADDR, 1))
	ok(t, s.Bind(must(InetAddr("0.0.0.0", 0))(t)))
	group := &net.UDPAddr{IP: net.IPv4(239, 1, 2, 3)}
	ok(t, s.JoinMulticast(lo, group))
	if err := s.JoinMulticast(lo, group); !errors.Is(err, syscall.EADDRINUSE) {
		t.Fatalf("second join: %v, want EADDRINUSE", err)
	}
	// A datagram to the group, sent out on lo, comes back to the member.
	port := must(must(s.SockName())(t).Port())(t)
	w := must(Open(AF_INET, SOCK_DGRAM, 0))(t)
	defer w.Close()
	ok(t, w.SetSockOptBytes(IPPROTO_IP, int(must(Constant("IP_MULTICAST_IF"))(t)), net.IPv4(127, 0, 0, 1).To4()))
	_, err := w.PacketConn().WriteTo([]byte("to the group"), &net.UDPAddr{IP: group.IP, Port: port})
	ok(t, err)
	ok(t, s.SetTimeout(5*time.Second))
	buf := make([]byte, 32)
	n := must(s.Recv(buf, 0))(t)
	if string(buf[:n]) != "to the group" {
		t.Fatalf("received %q", buf[:n])
	}
	ok(t, s.LeaveMulticast(lo, group))
	if err := s.LeaveMulticast(lo, group); !errors.Is(err, syscall.EADDRNOTAVAIL) {
		t.Fatalf("second leave: %v, want EADDRNOTAVAIL", err)
	}
	// With ip_mreq, by the interface's local address (a SockAddr this time).
	g := must(InetAddr("239.1.2.4", 0))(t)
	defer g.Close()
	ifa := &net.IPAddr{IP: net.IPv4(127, 0, 0, 1)}
	ok(t, s.JoinMulticastV4(g, ifa))
	ok(t, s.LeaveMulticastV4(g, ifa))
	if err := s.LeaveMulticastV4(g, nil); !errors.Is(err, syscall.EADDRNOTAVAIL) {
		t.Fatalf("leave unjoined: %v", err)
	}
	// Source-specific.
	ssm, src := &net.UDPAddr{IP: net.IPv4(232, 1, 1, 1)}, &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)}
	ok(t, s.JoinSourceMulticast(lo, ssm, src))
	ok(t, s.LeaveSourceMulticast(lo, ssm, src))
	// Bad input: not a multicast group, a group of the other family, no group at all.
	wantErrCode(t, "join a unicast address", s.JoinMulticast(lo, &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)}), ErrArg)
	wantErrCode(t, "v4 join of a unicast address", s.JoinMulticastV4(&net.IPAddr{IP: net.IPv4(10, 0, 0, 1)}, nil), ErrArg)
	wantErrCode(t, "source of another family", s.JoinSourceMulticast(lo, ssm, &net.UDPAddr{IP: net.IPv6loopback}), ErrArg)
	wantErrCode(t, "nil group", s.JoinMulticast(lo, nil), ErrArg)
	wantErrCode(t, "netlink group", s.JoinMulticast(lo, &NetlinkAddr{}), ErrArg)
	if err := s.JoinMulticast(&net.Interface{Index: 1 << 20}, group); !errors.Is(err, syscall.ENODEV) {
		t.Fatalf("join on no interface: %v, want ENODEV", err)
	}
}

func TestMulticastIPv6(t *testing.T) {
	s, err := Open(AF_INET6, SOCK_DGRAM, 0)
	if err != nil {
		t.Skipf("no IPv6: %v", err)
	}
	defer s.Close()
	lo := must(net.InterfaceByName("lo"))(t)
	group := &net.UDPAddr{IP: net.ParseIP("ff02::1:3")}
	if err := s.JoinMulticast(lo, group); err != nil {
		if errors.Is(err, syscall.EADDRNOTAVAIL) || errors.Is(err, syscall.ENODEV) {
			t.Skipf("no IPv6 on lo: %v", err)
		}
		t.Fatal(err)
	}
	if err := s.JoinMulticast(lo, group); !errors.Is(err, syscall.EADDRINUSE) {
		t.Fatalf("second join: %v", err)
	}
	ok(t, s.LeaveMulticast(lo, group))
	ssm, src := &net.IPAddr{IP: net.ParseIP("ff3e::8000:1")}, &net.IPAddr{IP: net.IPv6loopback}
	ok(t, s.JoinSourceMulticast(lo, ssm, src))
	ok(t, s.LeaveSourceMulticast(lo, ssm, src))
	// An IPv4 group on an IPv6 socket through the v4-only call: the library says no.
	if err := s.JoinMulticastV4(&net.UDPAddr{IP: net.IPv4(239, 1, 1, 1)}, nil); err == nil {
		t.Fatal("JoinMulticastV4 on an AF_INET6 socket")
	}
}
