// SPDX-License-Identifier: MIT

//go:build linux

package socketx

import (
	"runtime"

	"github.com/libsocketx/libsocketx/bindings/go/internal/native"
)

// Constants of AF_TIPC sockets.
const (
	AF_TIPC            = native.SX_AF_TIPC
	SOL_TIPC           = native.SX_SOL_TIPC
	TIPC_ADDR_NAMESEQ  = native.SX_TIPC_ADDR_NAMESEQ
	TIPC_ADDR_NAME     = native.SX_TIPC_ADDR_NAME
	TIPC_ADDR_ID       = native.SX_TIPC_ADDR_ID
	TIPC_ZONE_SCOPE    = native.SX_TIPC_ZONE_SCOPE
	TIPC_CLUSTER_SCOPE = native.SX_TIPC_CLUSTER_SCOPE
	TIPC_NODE_SCOPE    = native.SX_TIPC_NODE_SCOPE
)

// TIPCAddr is an AF_TIPC address: Python's (addr_type, v1, v2, v3, scope).
// For TIPC_ADDR_NAMESEQ the values are (type, lower, upper); for TIPC_ADDR_NAME
// (type, instance, -), read back with V3 = instance; for TIPC_ADDR_ID (node, ref, -),
// read back with V3 = 0. Scope is TIPC_CLUSTER_SCOPE in Python's default.
type TIPCAddr struct {
	Type       int
	V1, V2, V3 uint32
	Scope      int
}

func init() { registerFamily(AF_TIPC, "tipc", decodeTIPC) }

func decodeTIPC(a *Addr) (SockAddr, error) {
	v := &TIPCAddr{}
	return v, v.fromAddr(a)
}

func (v *TIPCAddr) fromAddr(a *Addr) error {
	typ, err := i32("addr_tipc_addr_type", a, native.Sx_addr_tipc_addr_type)
	if err != nil {
		return err
	}
	var v1, v2, v3 uint32
	st := native.Sx_addr_tipc_values(a.handle(), &v1, &v2, &v3)
	runtime.KeepAlive(a)
	if st < 0 {
		return newError("addr_tipc_values", st)
	}
	scope, err := i32("addr_tipc_scope", a, native.Sx_addr_tipc_scope)
	if err != nil {
		return err
	}
	*v = TIPCAddr{Type: int(typ), V1: v1, V2: v2, V3: v3, Scope: int(scope)}
	return nil
}

func (v *TIPCAddr) sockAddr() (*Addr, bool, error) {
	if v != nil {
		if err := int32Args("addr_tipc", v.Type, v.Scope); err != nil {
			return nil, false, err
		}
	}
	return familyAddr("addr_tipc", v == nil, func(out *uint64) int {
		return native.Sx_addr_tipc(v.Type, uint(v.V1), uint(v.V2), uint(v.V3), v.Scope, out)
	})
}

// Network returns "tipc".
func (v *TIPCAddr) Network() string { return "tipc" }

// String returns the text form, "tipc:<kind>:<v1>:<v2>:<v3>:<scope>".
func (v *TIPCAddr) String() string { return familyText(v) }
