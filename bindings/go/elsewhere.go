// SPDX-License-Identifier: MIT

//go:build linux

package socketx

import (
	"runtime"

	"github.com/libsocketx/libsocketx/bindings/go/internal/native"
)

// The families of other systems: AF_HYPERV (Windows), PF_SYSTEM (macOS), AF_LINK (BSD,
// macOS) and AF_DIVERT (FreeBSD). Their types are here so that code written against
// this package compiles everywhere; on Linux making one's address fails with ErrNotSup
// (so does String, Bind...), and Addr.As into one does too. No AF_* value registers
// them here: Linux returns no such address.

// HyperVAddr is an AF_HYPERV address: Python's (vm_id, service_id), UUID text.
type HyperVAddr struct {
	VMID      string
	ServiceID string
}

// SystemAddr is a PF_SYSTEM (SYSPROTO_CONTROL) address: Python's (id, unit), or a
// kernel-control Name (unit 0) when Name is not empty.
type SystemAddr struct {
	ID   uint32
	Unit uint32
	Name string
}

// LinkAddr is an AF_LINK address: interface index, type (IFT_*), name and link-level
// address.
type LinkAddr struct {
	Index int
	Type  int
	Name  string
	Addr  []byte
}

// DivertAddr is an AF_DIVERT address, which reads as AF_INET (host, port).
type DivertAddr struct {
	Host string
	Port int
}

func (v *HyperVAddr) fromAddr(a *Addr) error {
	vm, err := textField("addr_hyperv_id", a, func(h uint64, buf []byte) int { return native.Sx_addr_hyperv_id(h, 0, buf) })
	if err != nil {
		return err
	}
	svc, err := textField("addr_hyperv_id", a, func(h uint64, buf []byte) int { return native.Sx_addr_hyperv_id(h, 1, buf) })
	if err != nil {
		return err
	}
	*v = HyperVAddr{VMID: cString(vm), ServiceID: cString(svc)}
	return nil
}

func (v *SystemAddr) fromAddr(a *Addr) error {
	var id, unit uint32
	st := native.Sx_addr_system_fields(a.handle(), &id, &unit)
	runtime.KeepAlive(a)
	if st < 0 {
		return newError("addr_system_fields", st)
	}
	*v = SystemAddr{ID: id, Unit: unit}
	return nil
}

func (v *LinkAddr) fromAddr(a *Addr) error {
	var idx, typ int32
	st := native.Sx_addr_link_fields(a.handle(), &idx, &typ)
	runtime.KeepAlive(a)
	if st < 0 {
		return newError("addr_link_fields", st)
	}
	name, err := textField("addr_link_bytes", a, func(h uint64, buf []byte) int { return native.Sx_addr_link_bytes(h, 0, buf) })
	if err != nil {
		return err
	}
	lladdr, err := textField("addr_link_bytes", a, func(h uint64, buf []byte) int { return native.Sx_addr_link_bytes(h, 1, buf) })
	if err != nil {
		return err
	}
	*v = LinkAddr{Index: int(idx), Type: int(typ), Name: cString(name), Addr: lladdr}
	return nil
}

func (v *DivertAddr) fromAddr(a *Addr) error {
	af, err := Constant("AF_DIVERT")
	if err != nil {
		return &Error{Op: "addr_divert", Code: ErrNotSup, Detail: "AF_DIVERT is FreeBSD's"}
	}
	if err := checkFamily("addr_divert", a, int(af)); err != nil {
		return err
	}
	host, err := a.Host()
	if err != nil {
		return err
	}
	port, err := a.Port()
	*v = DivertAddr{Host: host, Port: port}
	return err
}

func (v *HyperVAddr) sockAddr() (*Addr, bool, error) {
	if v != nil {
		if err := checkStrings("addr_hyperv", v.VMID, v.ServiceID); err != nil {
			return nil, false, err
		}
	}
	return familyAddr("addr_hyperv", v == nil, func(out *uint64) int { return native.Sx_addr_hyperv(v.VMID, v.ServiceID, out) })
}

func (v *SystemAddr) sockAddr() (*Addr, bool, error) {
	if v != nil && v.Name != "" {
		if err := checkString("addr_system_name", v.Name); err != nil {
			return nil, false, err
		}
		return familyAddr("addr_system_name", false, func(out *uint64) int { return native.Sx_addr_system_name(v.Name, out) })
	}
	return familyAddr("addr_system", v == nil, func(out *uint64) int {
		return native.Sx_addr_system(uint(v.ID), uint(v.Unit), out)
	})
}

func (v *LinkAddr) sockAddr() (*Addr, bool, error) {
	if v != nil {
		if err := checkString("addr_link", v.Name); err != nil {
			return nil, false, err
		}
		if err := int32Args("addr_link", v.Index, v.Type); err != nil {
			return nil, false, err
		}
	}
	return familyAddr("addr_link", v == nil, func(out *uint64) int {
		return native.Sx_addr_link(v.Index, v.Type, v.Name, v.Addr, out)
	})
}

func (v *DivertAddr) sockAddr() (*Addr, bool, error) {
	if v != nil {
		if err := checkString("addr_divert", v.Host); err != nil {
			return nil, false, err
		}
		if err := int32Args("addr_divert", v.Port); err != nil {
			return nil, false, err
		}
	}
	return familyAddr("addr_divert", v == nil, func(out *uint64) int { return native.Sx_addr_divert(v.Host, v.Port, out) })
}

// Network returns "hyperv".
func (v *HyperVAddr) Network() string { return "hyperv" }

// Network returns "system".
func (v *SystemAddr) Network() string { return "system" }

// Network returns "link".
func (v *LinkAddr) Network() string { return "link" }

// Network returns "divert".
func (v *DivertAddr) Network() string { return "divert" }

// String returns the library's text form (a description of ErrNotSup on Linux).
func (v *HyperVAddr) String() string { return familyText(v) }

// String returns the library's text form (a description of ErrNotSup on Linux).
func (v *SystemAddr) String() string { return familyText(v) }

// String returns the library's text form (a description of ErrNotSup on Linux).
func (v *LinkAddr) String() string { return familyText(v) }

// String returns the library's text form (a description of ErrNotSup on Linux).
func (v *DivertAddr) String() string { return familyText(v) }
