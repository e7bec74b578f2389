// SPDX-License-Identifier: MIT

//go:build linux

package socketx

import "github.com/libsocketx/libsocketx/bindings/go/internal/native"

// AF_QIPCRTR is the Qualcomm IPC router family.
const AF_QIPCRTR = native.SX_AF_QIPCRTR

// QIPCRTRAddr is an AF_QIPCRTR address: Python's (node, port).
type QIPCRTRAddr struct {
	Node uint32
	Port uint32
}

func init() { registerFamily(AF_QIPCRTR, "qipcrtr", decodeQIPCRTR) }

func decodeQIPCRTR(a *Addr) (SockAddr, error) {
	v := &QIPCRTRAddr{}
	return v, v.fromAddr(a)
}

func (v *QIPCRTRAddr) fromAddr(a *Addr) (err error) {
	if v.Node, err = u32("addr_qipcrtr_node", a, native.Sx_addr_qipcrtr_node); err != nil {
		return err
	}
	v.Port, err = u32("addr_qipcrtr_port", a, native.Sx_addr_qipcrtr_port)
	return err
}

func (v *QIPCRTRAddr) sockAddr() (*Addr, bool, error) {
	return familyAddr("addr_qipcrtr", v == nil, func(out *uint64) int {
		return native.Sx_addr_qipcrtr(uint(v.Node), uint(v.Port), out)
	})
}

// Network returns "qipcrtr".
func (v *QIPCRTRAddr) Network() string { return "qipcrtr" }

// String returns the text form, "qipcrtr:<node>:<port>".
func (v *QIPCRTRAddr) String() string { return familyText(v) }
