// SPDX-License-Identifier: MIT

//go:build linux

package socketx

import (
	"github.com/libsocketx/libsocketx/bindings/go/internal/native"
)

// NameIndex is a network interface: its index and name (an entry of Python's
// socket.if_nameindex()).
type NameIndex struct {
	Index uint32
	Name  string
}

// Interfaces lists the network interfaces: Python's socket.if_nameindex.
func Interfaces() ([]NameIndex, error) {
	var l uint64
	if err := call("if_nameindex", func() int { return native.Sx_if_nameindex(&l) }); err != nil {
		return nil, err
	}
	var ifs []NameIndex
	err := readList("if_nameindex", l, func(i uint32) error {
		var idx uint32
		if st := native.Sx_ifentry_index(l, uint(i), &idx); st < 0 {
			return newError("ifentry_index", st)
		}
		name, err := readString("ifentry_name", 16, func(b []byte) int { return native.Sx_ifentry_name(l, uint(i), b) })
		if err != nil {
			return err
		}
		ifs = append(ifs, NameIndex{Index: idx, Name: string(name)})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ifs, nil
}

// InterfaceIndex returns the index of the interface with a name: Python's
// socket.if_nametoindex. An unknown name gives ErrNotFound.
func InterfaceIndex(name string) (uint32, error) {
	if err := checkString("if_nametoindex", name); err != nil {
		return 0, err
	}
	var idx uint32
	if err := call("if_nametoindex", func() int { return native.Sx_if_nametoindex(name, &idx) }); err != nil {
		return 0, err
	}
	return idx, nil
}

// InterfaceName returns the name of the interface with an index: Python's
// socket.if_indextoname. 0 or an unknown index gives ENXIO.
func InterfaceName(index uint32) (string, error) {
	b, err := readStringDetail("if_indextoname", 16, func(buf []byte) int { return native.Sx_if_indextoname(uint(index), buf) })
	return string(b), err
}
