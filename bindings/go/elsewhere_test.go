// SPDX-License-Identifier: MIT

//go:build linux

package socketx

import "testing"

// The families of other systems: their constructors and accessors are reachable and
// answer ErrNotSup on Linux, checking their arguments first.
func TestOtherSystemsFamilies(t *testing.T) {
	const uuid = "00000000-0000-0000-0000-000000000000"
	for _, v := range []SockAddr{&HyperVAddr{VMID: uuid, ServiceID: uuid}, &SystemAddr{ID: 1, Unit: 2},
		&SystemAddr{Name: "com.apple.network.statistics"}, &LinkAddr{Index: 1, Type: 6, Name: "en0", Addr: []byte{1, 2, 3, 4, 5, 6}},
		&DivertAddr{Host: "127.0.0.1", Port: 8668}} {
		wantAddrErr(t, v, ErrNotSup)
		if v.Network() == "" {
			t.Fatalf("%T has no Network", v)
		}
	}
	wantAddrErr(t, &HyperVAddr{VMID: "x\x00"}, ErrArg)
	wantAddrErr(t, &LinkAddr{Index: 1 << 40}, ErrOutOfRange)
	// Their accessors, on an address of this system.
	h := must(InetAddr("127.0.0.1", 1))(t)
	defer h.Close()
	for _, target := range []SockAddr{&HyperVAddr{}, &SystemAddr{}, &LinkAddr{}, &DivertAddr{}} {
		wantErrCode(t, "As("+target.Network()+")", h.As(target), ErrNotSup)
	}
}
