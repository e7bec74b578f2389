// SPDX-License-Identifier: MIT

//go:build linux

package socketx

import (
	"runtime"

	"github.com/libsocketx/libsocketx/bindings/go/internal/native"
)

// Constants of AF_CAN sockets and frames; the id and flag bits are uint32, as the
// fields of CANFrame, CANFilter and the address types they go into.
const (
	AF_CAN            = native.SX_AF_CAN
	CAN_RAW           = native.SX_CAN_RAW
	CAN_BCM           = native.SX_CAN_BCM
	CAN_ISOTP         = native.SX_CAN_ISOTP
	CAN_J1939         = native.SX_CAN_J1939
	SOL_CAN_RAW       = native.SX_SOL_CAN_RAW
	CAN_RAW_FD_FRAMES = native.SX_CAN_RAW_FD_FRAMES
	CAN_EFF_FLAG      = uint32(native.SX_CAN_EFF_FLAG)
	CAN_RTR_FLAG      = uint32(native.SX_CAN_RTR_FLAG)
	CAN_ERR_FLAG      = uint32(native.SX_CAN_ERR_FLAG)
	CAN_SFF_MASK      = uint32(native.SX_CAN_SFF_MASK)
	CAN_EFF_MASK      = uint32(native.SX_CAN_EFF_MASK)
	CAN_INV_FILTER    = uint32(native.SX_CAN_INV_FILTER)
	CAN_MTU           = native.SX_CAN_MTU
	CANFD_MTU         = native.SX_CANFD_MTU
	CANFD_BRS         = uint32(native.SX_CANFD_BRS)
	CANFD_ESI         = uint32(native.SX_CANFD_ESI)
	CANFD_FDF         = uint32(native.SX_CANFD_FDF)
	J1939_NO_NAME     = native.SX_J1939_NO_NAME
	J1939_NO_PGN      = uint32(native.SX_J1939_NO_PGN)
	J1939_NO_ADDR     = native.SX_J1939_NO_ADDR
	J1939_IDLE_ADDR   = native.SX_J1939_IDLE_ADDR
)

// CANAddr is an AF_CAN address of a CAN_RAW or CAN_BCM socket: Python's (interface,).
// Interface "" is every interface. Index is what the kernel's address holds (read only:
// the name is what makes an address).
type CANAddr struct {
	Interface string
	Index     int
}

// ISOTPAddr is an AF_CAN address of a CAN_ISOTP socket: Python's (interface, rx_addr,
// tx_addr); the ids carry CAN_EFF_FLAG for 29-bit ids.
type ISOTPAddr struct {
	Interface string
	Index     int
	RxID      uint32
	TxID      uint32
}

// J1939Addr is an AF_CAN address of a CAN_J1939 socket: Python's (interface, name, pgn,
// addr). J1939_NO_NAME, J1939_NO_PGN and J1939_NO_ADDR are the "none" values.
type J1939Addr struct {
	Interface string
	Index     int
	Name      uint64
	PGN       uint32
	Addr      uint8
}

func init() { registerFamily(AF_CAN, "can", decodeCAN) }

// decodeCAN picks the layout the address holds: the constructor's, or for an address the
// kernel returned, the protocol of the socket it came from.
func decodeCAN(a *Addr) (SockAddr, error) {
	proto, err := i32("addr_can_protocol", a, native.Sx_addr_can_protocol)
	if err != nil {
		return nil, err
	}
	var v interface {
		SockAddr
		fromAddr(*Addr) error
	}
	switch int(proto) {
	case CAN_ISOTP:
		v = &ISOTPAddr{}
	case CAN_J1939:
		v = &J1939Addr{}
	default:
		v = &CANAddr{}
	}
	return v, v.fromAddr(a)
}

// canInterface reads the interface of any AF_CAN address.
func canInterface(a *Addr) (string, int, error) {
	if err := checkFamily("addr_can", a, AF_CAN); err != nil {
		return "", 0, err
	}
	idx, err := i32("addr_can_ifindex", a, native.Sx_addr_can_ifindex)
	if err != nil {
		return "", 0, err
	}
	name, err := textField("addr_can_ifname", a, native.Sx_addr_can_ifname)
	return cString(name), int(idx), err
}

func (v *CANAddr) fromAddr(a *Addr) (err error) {
	v.Interface, v.Index, err = canInterface(a)
	return err
}

func (v *ISOTPAddr) fromAddr(a *Addr) (err error) {
	if v.Interface, v.Index, err = canInterface(a); err != nil {
		return err
	}
	var rx, tx uint32
	st := native.Sx_addr_can_isotp_ids(a.handle(), &rx, &tx)
	runtime.KeepAlive(a)
	if st < 0 {
		return newError("addr_can_isotp_ids", st)
	}
	v.RxID, v.TxID = rx, tx
	return nil
}

func (v *J1939Addr) fromAddr(a *Addr) (err error) {
	if v.Interface, v.Index, err = canInterface(a); err != nil {
		return err
	}
	var name uint64
	var pgn uint32
	var addr int32
	st := native.Sx_addr_can_j1939_fields(a.handle(), &name, &pgn, &addr)
	runtime.KeepAlive(a)
	if st < 0 {
		return newError("addr_can_j1939_fields", st)
	}
	v.Name, v.PGN, v.Addr = name, pgn, uint8(addr)
	return nil
}

func (v *CANAddr) sockAddr() (*Addr, bool, error) {
	if v != nil {
		if err := checkString("addr_can", v.Interface); err != nil {
			return nil, false, err
		}
	}
	return familyAddr("addr_can", v == nil, func(out *uint64) int { return native.Sx_addr_can(v.Interface, out) })
}

func (v *ISOTPAddr) sockAddr() (*Addr, bool, error) {
	if v != nil {
		if err := checkString("addr_can_isotp", v.Interface); err != nil {
			return nil, false, err
		}
	}
	return familyAddr("addr_can_isotp", v == nil, func(out *uint64) int {
		return native.Sx_addr_can_isotp(v.Interface, uint(v.RxID), uint(v.TxID), out)
	})
}

func (v *J1939Addr) sockAddr() (*Addr, bool, error) {
	if v != nil {
		if err := checkString("addr_can_j1939", v.Interface); err != nil {
			return nil, false, err
		}
	}
	return familyAddr("addr_can_j1939", v == nil, func(out *uint64) int {
		return native.Sx_addr_can_j1939(v.Interface, v.Name, uint(v.PGN), int(v.Addr), out)
	})
}

// Network returns "can".
func (v *CANAddr) Network() string { return "can" }

// Network returns "can-isotp".
func (v *ISOTPAddr) Network() string { return "can-isotp" }

// Network returns "can-j1939".
func (v *J1939Addr) Network() string { return "can-j1939" }

// String returns the text form, "can:<ifname>".
func (v *CANAddr) String() string { return familyText(v) }

// String returns the text form, "can-isotp:<ifname>:<rx_id>:<tx_id>".
func (v *ISOTPAddr) String() string { return familyText(v) }

// String returns the text form, "can-j1939:<ifname>:<name>:<pgn>:<addr>".
func (v *J1939Addr) String() string { return familyText(v) }
