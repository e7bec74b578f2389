// SPDX-License-Identifier: MIT

//go:build linux

package socketx

import (
	"errors"
	"net"
	"syscall"
	"testing"
)

func TestInterfaces(t *testing.T) {
	ifs := must(Interfaces())(t)
	var lo NameIndex
	for _, ni := range ifs {
		if ni.Index == 0 || ni.Name == "" {
			t.Fatalf("entry %+v", ni)
		}
		if ni.Name == "lo" {
			lo = ni
		}
	}
	if lo.Name == "" {
		t.Fatalf("no lo in %+v", ifs)
	}
	// Cross-checked with package net, which reads netlink itself.
	if goLo, err := net.InterfaceByName("lo"); err == nil && uint32(goLo.Index) != lo.Index {
		t.Fatalf("lo index %d, net says %d", lo.Index, goLo.Index)
	}
	if idx := must(InterfaceIndex("lo"))(t); idx != lo.Index {
		t.Fatalf("if_nametoindex(lo) = %d, want %d", idx, lo.Index)
	}
	if name := must(InterfaceName(lo.Index))(t); name != "lo" {
		t.Fatalf("if_indextoname(%d) = %q", lo.Index, name)
	}

	_, err := InterfaceIndex("no-such-if0")
	wantCode(t, "unknown interface", err, ErrNotFound)
	_, err = InterfaceIndex("lo\x00junk")
	wantCode(t, "NUL interface name", err, ErrArg)
	for _, idx := range []uint32{0, 1 << 30} {
		if _, err = InterfaceName(idx); !errors.Is(err, syscall.ENXIO) {
			t.Fatalf("if_indextoname(%d): %v", idx, err)
		}
	}
}
