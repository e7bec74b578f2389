// SPDX-License-Identifier: MIT

//go:build linux

package socketx

import (
	"bytes"
	"errors"
	"net"
	"syscall"
	"testing"
	"time"
)

func TestPacketAddr(t *testing.T) {
	lo := loIndex(t)
	hw := net.HardwareAddr{1, 2, 3, 4, 5, 0xab}
	v := &PacketAddr{Interface: "lo", Protocol: 0x0800, PacketType: PACKET_BROADCAST, HardwareType: ARPHRD_ETHER, HardwareAddr: hw}
	want := &PacketAddr{Interface: "lo", Index: lo, Protocol: 0x0800, PacketType: PACKET_BROADCAST, HardwareType: ARPHRD_ETHER,
		HardwareAddr: hw}
	checkAddrType(t, v, want, "packet:lo:0x0800:1:1:01:02:03:04:05:ab", true)
	// By index, and with no hardware address.
	byIndex := &PacketAddr{Index: lo, Protocol: ETH_P_ALL, HardwareType: ARPHRD_LOOPBACK}
	checkAddrType(t, byIndex, &PacketAddr{Interface: "lo", Index: lo, Protocol: ETH_P_ALL, HardwareType: ARPHRD_LOOPBACK,
		HardwareAddr: net.HardwareAddr{}}, "packet:lo:0x0003:0:772:", true)
	// Bad input: no such interface, a hardware address over 8 bytes, a packet type over 255.
	wantAddrErr(t, &PacketAddr{Interface: "nosuchif0"}, ErrNotFound)
	wantAddrErr(t, &PacketAddr{Interface: "lo", HardwareAddr: make(net.HardwareAddr, 9)}, ErrArg)
	wantAddrErr(t, &PacketAddr{Interface: "lo", PacketType: 256}, ErrOutOfRange)
	wantAddrErr(t, &PacketAddr{Index: -5}, ErrOutOfRange)
	wantAddrErr(t, &PacketAddr{Interface: "lo\x00x"}, ErrArg)
}

// A packet socket bound to "lo" sees a UDP datagram sent over loopback, and reports its
// sender as a *PacketAddr on "lo".
func TestPacketSocketReceivesLoopbackUDP(t *testing.T) {
	ipProto := must(Htons(0x0800))(t)
	ps, err := Open(AF_PACKET, SOCK_DGRAM, int(ipProto))
	if errors.Is(err, syscall.EPERM) || errors.Is(err, syscall.EAFNOSUPPORT) {
		t.Skipf("no packet socket here: %v", err)
	}
	ok(t, err)
	defer ps.Close()
	ok(t, ps.Bind(&PacketAddr{Interface: "lo", Protocol: 0x0800}))
	local, isPacket := ps.LocalAddr().(*PacketAddr)
	if !isPacket || local.Interface != "lo" || local.Protocol != 0x0800 {
		t.Fatalf("LocalAddr() = %#v", ps.LocalAddr())
	}
	_, w, dst := udpPair(t)
	ok(t, ps.SetTimeout(5*time.Second))
	pc := ps.PacketConn()
	buf := make([]byte, 2048)
	// ReadFrom only: the kernel refuses recvmsg's MSG_CMSG_CLOEXEC on packet sockets
	// (packet_recvmsg), which sx_socket_recvmsg always sets; ReadMsg is tested on netlink.
	reads := map[string]func() (int, net.Addr, error){
		"ReadFrom": func() (int, net.Addr, error) { return pc.ReadFrom(buf) },
	}
	for name, read := range reads {
		marker := []byte("socketx-go packet test " + name + " " + time.Now().String())
		_, err = w.SendTo(marker, 0, dst)
		ok(t, err)
		var from net.Addr
		for i := 0; i < 200 && from == nil; i++ { // other loopback traffic may come first
			n, sender, err := read()
			ok(t, err)
			if bytes.Contains(buf[:n], marker) {
				from = sender
			}
		}
		if from == nil {
			t.Fatalf("%s: the datagram never reached the packet socket", name)
		}
		pa, isPacket := from.(*PacketAddr)
		if !isPacket {
			t.Fatalf("%s: sender %#v, want *PacketAddr", name, from)
		}
		if pa.Interface != "lo" || pa.Index != loIndex(t) || pa.Protocol != 0x0800 || pa.HardwareType != ARPHRD_LOOPBACK ||
			pa.Network() != "packet" {
			t.Fatalf("%s: sender %+v", name, pa)
		}
		if pa.PacketType != PACKET_HOST && pa.PacketType != PACKET_OUTGOING {
			t.Fatalf("%s: packet type %d", name, pa.PacketType)
		}
	}
}

func TestPacketMembership(t *testing.T) {
	ps, err := Open(AF_PACKET, SOCK_RAW, int(must(Htons(int64(ETH_P_ALL)))(t)))
	if errors.Is(err, syscall.EPERM) || errors.Is(err, syscall.EAFNOSUPPORT) {
		t.Skipf("no packet socket here: %v", err)
	}
	ok(t, err)
	defer ps.Close()
	lo := must(net.InterfaceByName("lo"))(t)
	ok(t, ps.JoinPacketMembership(lo, PACKET_MR_PROMISC, nil))
	ok(t, ps.LeavePacketMembership(lo, PACKET_MR_PROMISC, nil))
	mc := net.HardwareAddr{0x01, 0x00, 0x5e, 0x00, 0x00, 0x01}
	ok(t, ps.JoinPacketMembership(lo, PACKET_MR_MULTICAST, mc))
	ok(t, ps.LeavePacketMembership(lo, PACKET_MR_MULTICAST, mc))
	wantErrCode(t, "membership with 9 address bytes", ps.JoinPacketMembership(lo, PACKET_MR_MULTICAST, make([]byte, 9)), ErrArg)
	wantErrCode(t, "membership on index 0", ps.JoinPacketMembership(&net.Interface{Index: 0}, PACKET_MR_PROMISC, nil), ErrOutOfRange)
	wantErrCode(t, "nil interface", ps.JoinPacketMembership(nil, PACKET_MR_PROMISC, nil), ErrArg)
	// Not a packet socket: the kernel's answer.
	u := must(Open(AF_INET, SOCK_DGRAM, 0))(t)
	defer u.Close()
	if err := u.JoinPacketMembership(lo, PACKET_MR_PROMISC, nil); err == nil {
		t.Fatal("packet membership on a UDP socket succeeded")
	}
}
