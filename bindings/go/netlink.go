// SPDX-License-Identifier: MIT

//go:build linux

package socketx

import "github.com/libsocketx/libsocketx/bindings/go/internal/native"

// Constants of AF_NETLINK sockets.
const (
	AF_NETLINK              = native.SX_AF_NETLINK
	SOL_NETLINK             = native.SX_SOL_NETLINK
	NETLINK_ROUTE           = native.SX_NETLINK_ROUTE
	NETLINK_ADD_MEMBERSHIP  = native.SX_NETLINK_ADD_MEMBERSHIP
	NETLINK_DROP_MEMBERSHIP = native.SX_NETLINK_DROP_MEMBERSHIP
)

// NetlinkAddr is an AF_NETLINK address: Python's (pid, groups). PID 0 in Bind lets the
// kernel pick the port id; Groups is the mask of multicast groups 1..32.
type NetlinkAddr struct {
	PID    uint32
	Groups uint32
}

func init() { registerFamily(AF_NETLINK, "netlink", decodeNetlink) }

func decodeNetlink(a *Addr) (SockAddr, error) {
	v := &NetlinkAddr{}
	return v, v.fromAddr(a)
}

func (v *NetlinkAddr) fromAddr(a *Addr) (err error) {
	if v.PID, err = u32("addr_netlink_pid", a, native.Sx_addr_netlink_pid); err != nil {
		return err
	}
	v.Groups, err = u32("addr_netlink_groups", a, native.Sx_addr_netlink_groups)
	return err
}

func (v *NetlinkAddr) sockAddr() (*Addr, bool, error) {
	return familyAddr("addr_netlink", v == nil, func(out *uint64) int {
		return native.Sx_addr_netlink(uint(v.PID), uint(v.Groups), out)
	})
}

// Network returns "netlink".
func (v *NetlinkAddr) Network() string { return "netlink" }

// String returns the text form, "netlink:<pid>:<groups>".
func (v *NetlinkAddr) String() string { return familyText(v) }
