// SPDX-License-Identifier: MIT

//go:build linux

package socketx

import (
	"runtime"

	"github.com/libsocketx/libsocketx/bindings/go/internal/native"
)

// Constants of AF_BLUETOOTH sockets (typed as the address fields they go into).
const (
	AF_BLUETOOTH        = native.SX_AF_BLUETOOTH
	BTPROTO_L2CAP       = native.SX_BTPROTO_L2CAP
	BTPROTO_HCI         = native.SX_BTPROTO_HCI
	BTPROTO_SCO         = native.SX_BTPROTO_SCO
	BTPROTO_RFCOMM      = native.SX_BTPROTO_RFCOMM
	BDADDR_BREDR        = uint8(native.SX_BDADDR_BREDR)
	BDADDR_LE_PUBLIC    = uint8(native.SX_BDADDR_LE_PUBLIC)
	BDADDR_LE_RANDOM    = uint8(native.SX_BDADDR_LE_RANDOM)
	HCI_CHANNEL_RAW     = uint16(native.SX_HCI_CHANNEL_RAW)
	HCI_CHANNEL_USER    = uint16(native.SX_HCI_CHANNEL_USER)
	HCI_CHANNEL_MONITOR = uint16(native.SX_HCI_CHANNEL_MONITOR)
	HCI_CHANNEL_CONTROL = uint16(native.SX_HCI_CHANNEL_CONTROL)
	HCI_CHANNEL_LOGGING = uint16(native.SX_HCI_CHANNEL_LOGGING)
	HCI_DEV_NONE        = uint16(native.SX_HCI_DEV_NONE)
	// BDADDR_ANY is any local adapter; BDADDR_LOCAL the local adapter.
	BDADDR_ANY   = "00:00:00:00:00:00"
	BDADDR_LOCAL = "00:00:00:FF:FF:FF"
)

// L2CAPAddr is an L2CAP address: Python's (bdaddr, psm, cid, bdaddr_type). BDAddr is
// "XX:XX:XX:XX:XX:XX" (read back in upper case).
type L2CAPAddr struct {
	BDAddr     string
	PSM        uint16
	CID        uint16
	BDAddrType uint8 // BDADDR_BREDR, BDADDR_LE_PUBLIC, BDADDR_LE_RANDOM
}

// RFCOMMAddr is an RFCOMM address: Python's (bdaddr, channel).
type RFCOMMAddr struct {
	BDAddr  string
	Channel uint8
}

// HCIAddr is an HCI address: Python's (device_id, channel); HCI_CHANNEL_RAW is
// Python's default channel.
type HCIAddr struct {
	DeviceID uint16
	Channel  uint16
}

// SCOAddr is an SCO address: Python's bdaddr.
type SCOAddr struct {
	BDAddr string
}

func init() { registerFamily(AF_BLUETOOTH, "bluetooth", decodeBluetooth) }

// decodeBluetooth picks the layout by the one the address holds (by its length, for an
// address the kernel returned).
func decodeBluetooth(a *Addr) (SockAddr, error) {
	proto, err := i32("addr_bt_protocol", a, native.Sx_addr_bt_protocol)
	if err != nil {
		return nil, err
	}
	var v interface {
		SockAddr
		fromAddr(*Addr) error
	}
	switch int(proto) {
	case BTPROTO_L2CAP:
		v = &L2CAPAddr{}
	case BTPROTO_RFCOMM:
		v = &RFCOMMAddr{}
	case BTPROTO_HCI:
		v = &HCIAddr{}
	default:
		v = &SCOAddr{}
	}
	return v, v.fromAddr(a)
}

func btAddr(a *Addr) (string, error) {
	b, err := textField("addr_bt_bdaddr", a, native.Sx_addr_bt_bdaddr)
	return cString(b), err
}

func (v *L2CAPAddr) fromAddr(a *Addr) (err error) {
	bd, err := btAddr(a)
	if err != nil {
		return err
	}
	var psm, cid, typ int32
	st := native.Sx_addr_bt_l2cap_fields(a.handle(), &psm, &cid, &typ)
	runtime.KeepAlive(a)
	if st < 0 {
		return newError("addr_bt_l2cap_fields", st)
	}
	*v = L2CAPAddr{BDAddr: bd, PSM: uint16(psm), CID: uint16(cid), BDAddrType: uint8(typ)}
	return nil
}

func (v *RFCOMMAddr) fromAddr(a *Addr) error {
	bd, err := btAddr(a)
	if err != nil {
		return err
	}
	ch, err := i32("addr_bt_channel", a, native.Sx_addr_bt_channel)
	if err != nil {
		return err
	}
	*v = RFCOMMAddr{BDAddr: bd, Channel: uint8(ch)}
	return nil
}

func (v *HCIAddr) fromAddr(a *Addr) error {
	dev, err := i32("addr_bt_device_id", a, native.Sx_addr_bt_device_id)
	if err != nil {
		return err
	}
	ch, err := i32("addr_bt_channel", a, native.Sx_addr_bt_channel)
	if err != nil {
		return err
	}
	*v = HCIAddr{DeviceID: uint16(dev), Channel: uint16(ch)}
	return nil
}

func (v *SCOAddr) fromAddr(a *Addr) error {
	// bdaddr alone cannot tell SCO from L2CAP or RFCOMM: check the layout.
	proto, err := i32("addr_bt_protocol", a, native.Sx_addr_bt_protocol)
	if err != nil {
		return err
	}
	if int(proto) != BTPROTO_SCO {
		return &Error{Op: "addr_bt_sco", Code: ErrArg, Detail: "not an SCO address"}
	}
	bd, err := btAddr(a)
	v.BDAddr = bd
	return err
}

func (v *L2CAPAddr) sockAddr() (*Addr, bool, error) {
	if v != nil {
		if err := checkString("addr_bt_l2cap", v.BDAddr); err != nil {
			return nil, false, err
		}
	}
	return familyAddr("addr_bt_l2cap", v == nil, func(out *uint64) int {
		return native.Sx_addr_bt_l2cap(v.BDAddr, int(v.PSM), int(v.CID), int(v.BDAddrType), out)
	})
}

func (v *RFCOMMAddr) sockAddr() (*Addr, bool, error) {
	if v != nil {
		if err := checkString("addr_bt_rfcomm", v.BDAddr); err != nil {
			return nil, false, err
		}
	}
	return familyAddr("addr_bt_rfcomm", v == nil, func(out *uint64) int {
		return native.Sx_addr_bt_rfcomm(v.BDAddr, int(v.Channel), out)
	})
}

func (v *HCIAddr) sockAddr() (*Addr, bool, error) {
	return familyAddr("addr_bt_hci", v == nil, func(out *uint64) int {
		return native.Sx_addr_bt_hci(int(v.DeviceID), int(v.Channel), out)
	})
}

func (v *SCOAddr) sockAddr() (*Addr, bool, error) {
	if v != nil {
		if err := checkString("addr_bt_sco", v.BDAddr); err != nil {
			return nil, false, err
		}
	}
	return familyAddr("addr_bt_sco", v == nil, func(out *uint64) int { return native.Sx_addr_bt_sco(v.BDAddr, out) })
}

// Network returns "l2cap".
func (v *L2CAPAddr) Network() string { return "l2cap" }

// Network returns "rfcomm".
func (v *RFCOMMAddr) Network() string { return "rfcomm" }

// Network returns "hci".
func (v *HCIAddr) Network() string { return "hci" }

// Network returns "sco".
func (v *SCOAddr) Network() string { return "sco" }

// String returns the text form, "l2cap:[<bdaddr>]:<psm>:<cid>:<bdaddr_type>".
func (v *L2CAPAddr) String() string { return familyText(v) }

// String returns the text form, "rfcomm:[<bdaddr>]:<channel>".
func (v *RFCOMMAddr) String() string { return familyText(v) }

// String returns the text form, "hci:<device_id>:<channel>".
func (v *HCIAddr) String() string { return familyText(v) }

// String returns the text form, "sco:[<bdaddr>]".
func (v *SCOAddr) String() string { return familyText(v) }
