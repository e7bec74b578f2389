// SPDX-License-Identifier: MIT

//go:build linux

package socketx

import (
	"net"
	"runtime"

	"github.com/libsocketx/libsocketx/bindings/go/internal/native"
)

// Constants of AF_PACKET sockets (ETH_P_ALL is a uint16, as PacketAddr.Protocol).
const (
	AF_PACKET           = native.SX_AF_PACKET
	SOL_PACKET          = native.SX_SOL_PACKET
	ETH_P_ALL           = uint16(native.SX_ETH_P_ALL)
	PACKET_HOST         = native.SX_PACKET_HOST
	PACKET_BROADCAST    = native.SX_PACKET_BROADCAST
	PACKET_MULTICAST    = native.SX_PACKET_MULTICAST
	PACKET_OTHERHOST    = native.SX_PACKET_OTHERHOST
	PACKET_OUTGOING     = native.SX_PACKET_OUTGOING
	PACKET_LOOPBACK     = native.SX_PACKET_LOOPBACK
	PACKET_FASTROUTE    = native.SX_PACKET_FASTROUTE
	PACKET_MR_MULTICAST = native.SX_PACKET_MR_MULTICAST
	PACKET_MR_PROMISC   = native.SX_PACKET_MR_PROMISC
	PACKET_MR_ALLMULTI  = native.SX_PACKET_MR_ALLMULTI
	PACKET_MR_UNICAST   = native.SX_PACKET_MR_UNICAST
	ARPHRD_ETHER        = native.SX_ARPHRD_ETHER
	ARPHRD_LOOPBACK     = native.SX_ARPHRD_LOOPBACK
)

// PacketAddr is an AF_PACKET link-layer address: Python's (ifname, proto, pkttype,
// hatype, addr). Protocol is the ethertype in host order. The interface is Interface
// when it is not empty, else Index (0: every interface, for Bind); an address the
// kernel returns has both, or only Index when the interface is gone.
type PacketAddr struct {
	Interface    string
	Index        int
	Protocol     uint16
	PacketType   int // PACKET_HOST...
	HardwareType int // ARPHRD_*
	HardwareAddr net.HardwareAddr
}

func init() { registerFamily(AF_PACKET, "packet", decodePacket) }

func decodePacket(a *Addr) (SockAddr, error) {
	v := &PacketAddr{}
	return v, v.fromAddr(a)
}

func (v *PacketAddr) fromAddr(a *Addr) error {
	if err := checkFamily("addr_packet", a, AF_PACKET); err != nil {
		return err
	}
	idx, err := i32("addr_packet_ifindex", a, native.Sx_addr_packet_ifindex)
	if err != nil {
		return err
	}
	name, err := textField("addr_packet_ifname", a, native.Sx_addr_packet_ifname)
	if err != nil {
		// An index that names no interface now: the address still has its index.
		if e, ok := err.(*Error); !ok || e.Code != ErrNotFound {
			return err
		}
		name = nil
	}
	proto, err := i32("addr_packet_protocol", a, native.Sx_addr_packet_protocol)
	if err != nil {
		return err
	}
	pkttype, err := i32("addr_packet_pkttype", a, native.Sx_addr_packet_pkttype)
	if err != nil {
		return err
	}
	hatype, err := i32("addr_packet_hatype", a, native.Sx_addr_packet_hatype)
	if err != nil {
		return err
	}
	haddr, err := textField("addr_packet_haddr", a, native.Sx_addr_packet_haddr)
	if err != nil {
		return err
	}
	*v = PacketAddr{Interface: cString(name), Index: int(idx), Protocol: uint16(proto), PacketType: int(pkttype),
		HardwareType: int(hatype), HardwareAddr: net.HardwareAddr(haddr)}
	return nil
}

func (v *PacketAddr) sockAddr() (*Addr, bool, error) {
	if v == nil {
		return familyAddr("addr_packet", true, nil)
	}
	if err := int32Args("addr_packet", v.Index, v.PacketType, v.HardwareType); err != nil {
		return nil, false, err
	}
	if v.Interface != "" {
		if err := checkString("addr_packet", v.Interface); err != nil {
			return nil, false, err
		}
		return familyAddr("addr_packet", false, func(out *uint64) int {
			return native.Sx_addr_packet(v.Interface, int(v.Protocol), v.PacketType, v.HardwareType, v.HardwareAddr, out)
		})
	}
	return familyAddr("addr_packet_index", false, func(out *uint64) int {
		return native.Sx_addr_packet_index(v.Index, int(v.Protocol), v.PacketType, v.HardwareType, v.HardwareAddr, out)
	})
}

// Network returns "packet".
func (v *PacketAddr) Network() string { return "packet" }

// String returns the text form, "packet:<ifname>:<0xproto>:<pkttype>:<hatype>:<addr>".
func (v *PacketAddr) String() string { return familyText(v) }

// JoinPacketMembership adds a link-layer membership to an AF_PACKET socket
// (PACKET_ADD_MEMBERSHIP): typ is PACKET_MR_PROMISC, PACKET_MR_MULTICAST,
// PACKET_MR_ALLMULTI or PACKET_MR_UNICAST; addr the address for MR_MULTICAST and
// MR_UNICAST (nil otherwise).
func (s *Socket) JoinPacketMembership(ifi *net.Interface, typ int, addr net.HardwareAddr) error {
	return s.packetMembership(1, ifi, typ, addr)
}

// LeavePacketMembership drops a membership added by JoinPacketMembership
// (PACKET_DROP_MEMBERSHIP).
func (s *Socket) LeavePacketMembership(ifi *net.Interface, typ int, addr net.HardwareAddr) error {
	return s.packetMembership(0, ifi, typ, addr)
}

func (s *Socket) packetMembership(join int, ifi *net.Interface, typ int, addr net.HardwareAddr) error {
	if ifi == nil {
		return &Error{Op: "packet_membership", Code: ErrArg, Detail: "nil interface"}
	}
	if err := int32Args("packet_membership", ifi.Index, typ); err != nil {
		return err
	}
	err := s.simple("packet_membership", func(h uint64) int {
		return native.Sx_socket_packet_membership(h, join, ifi.Index, typ, addr)
	})
	runtime.KeepAlive(addr)
	return err
}
