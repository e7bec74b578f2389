// SPDX-License-Identifier: MIT

//go:build linux

package socketx

import "github.com/libsocketx/libsocketx/bindings/go/internal/native"

// Constants of AF_VSOCK sockets (the VMADDR_* values are uint32, as VsockAddr's fields). The SO_VM_SOCKETS_BUFFER_* options are set and read
// with SetSockOptInt and GetSockOptInt at level AF_VSOCK (64-bit values).
const (
	AF_VSOCK                      = native.SX_AF_VSOCK
	VMADDR_CID_ANY                = uint32(native.SX_VMADDR_CID_ANY)
	VMADDR_PORT_ANY               = uint32(native.SX_VMADDR_PORT_ANY)
	VMADDR_CID_HYPERVISOR         = uint32(native.SX_VMADDR_CID_HYPERVISOR)
	VMADDR_CID_LOCAL              = uint32(native.SX_VMADDR_CID_LOCAL)
	VMADDR_CID_HOST               = uint32(native.SX_VMADDR_CID_HOST)
	SO_VM_SOCKETS_BUFFER_SIZE     = native.SX_SO_VM_SOCKETS_BUFFER_SIZE
	SO_VM_SOCKETS_BUFFER_MIN_SIZE = native.SX_SO_VM_SOCKETS_BUFFER_MIN_SIZE
	SO_VM_SOCKETS_BUFFER_MAX_SIZE = native.SX_SO_VM_SOCKETS_BUFFER_MAX_SIZE
)

// VsockAddr is an AF_VSOCK address: Python's (cid, port). VMADDR_CID_ANY and
// VMADDR_PORT_ANY are the wildcards.
type VsockAddr struct {
	CID  uint32
	Port uint32
}

func init() { registerFamily(AF_VSOCK, "vsock", decodeVsock) }

func decodeVsock(a *Addr) (SockAddr, error) {
	v := &VsockAddr{}
	return v, v.fromAddr(a)
}

func (v *VsockAddr) fromAddr(a *Addr) (err error) {
	if v.CID, err = u32("addr_vsock_cid", a, native.Sx_addr_vsock_cid); err != nil {
		return err
	}
	v.Port, err = u32("addr_vsock_port", a, native.Sx_addr_vsock_port)
	return err
}

func (v *VsockAddr) sockAddr() (*Addr, bool, error) {
	return familyAddr("addr_vsock", v == nil, func(out *uint64) int {
		return native.Sx_addr_vsock(uint(v.CID), uint(v.Port), out)
	})
}

// Network returns "vsock".
func (v *VsockAddr) Network() string { return "vsock" }

// String returns the text form, "vsock:<cid>:<port>".
func (v *VsockAddr) String() string { return familyText(v) }

// VsockLocalCID returns this machine's own context id (IOCTL_VM_SOCKETS_GET_LOCAL_CID);
// ErrNotSup when the vsock transport is not loaded.
func VsockLocalCID() (uint32, error) {
	var cid uint32
	err := call("vsock_local_cid", func() int { return native.Sx_vsock_local_cid(&cid) })
	return cid, err
}
