// SPDX-License-Identifier: MIT

//go:build linux

package socketx_test

import (
	"fmt"

	socketx "github.com/libsocketx/libsocketx/bindings/go"
)

// A family's address is a struct with exported fields; its String is the library's text
// form, which ParseAddr reads back into the same type.
func ExampleParseAddr() {
	v := &socketx.VsockAddr{CID: socketx.VMADDR_CID_HOST, Port: 1234}
	fmt.Println(v.Network(), v)
	a, err := socketx.ParseAddr(v.String())
	if err != nil {
		panic(err)
	}
	fmt.Printf("%#v\n", a)
	// Output:
	// vsock vsock:2:1234
	// &socketx.VsockAddr{CID:0x2, Port:0x4d2}
}

// CAN frames are encoded and decoded by the library: no struct can_frame by hand.
func ExampleCANFrame() {
	b, err := (&socketx.CANFrame{ID: 0x123, Data: []byte{0xca, 0xfe}}).MarshalBinary()
	if err != nil {
		panic(err)
	}
	var f socketx.CANFrame
	if err := f.UnmarshalBinary(b); err != nil {
		panic(err)
	}
	fmt.Printf("%d bytes, id %#x, data % x\n", len(b), f.ID, f.Data)
	// Output: 16 bytes, id 0x123, data ca fe
}
