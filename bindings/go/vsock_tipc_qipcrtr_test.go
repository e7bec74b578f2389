// SPDX-License-Identifier: MIT

//go:build linux

package socketx

import (
	"errors"
	"syscall"
	"testing"
)

func TestVsockAddr(t *testing.T) {
	checkAddrType(t, &VsockAddr{CID: VMADDR_CID_HOST, Port: 1234}, &VsockAddr{CID: 2, Port: 1234}, "vsock:2:1234", true)
	checkAddrType(t, &VsockAddr{CID: VMADDR_CID_ANY, Port: VMADDR_PORT_ANY},
		&VsockAddr{CID: 1<<32 - 1, Port: 1<<32 - 1}, "vsock:4294967295:4294967295", true)
	wantAddrErr(t, (*VsockAddr)(nil), ErrArg)
}

// This kernel has AF_VSOCK without a loopback transport: sockets fail with the kernel's
// code (ENODEV), never a crash; where a transport is loaded they bind for real.
func TestVsockSocketAndLocalCID(t *testing.T) {
	cid, err := VsockLocalCID()
	if err != nil {
		var e *Error
		if !errors.As(err, &e) || e.Code == 0 {
			t.Fatalf("VsockLocalCID: %v", err)
		}
		t.Logf("VsockLocalCID: %v", err)
	} else if cid == VMADDR_CID_ANY {
		t.Fatalf("local CID %d", cid)
	}
	s, err := Open(AF_VSOCK, SOCK_STREAM, 0)
	if err != nil {
		if !errors.Is(err, syscall.ENODEV) && !errors.Is(err, syscall.EAFNOSUPPORT) {
			t.Fatalf("open AF_VSOCK: %v", err)
		}
		t.Skipf("no vsock transport: %v", err)
	}
	defer s.Close()
	ok(t, s.Bind(&VsockAddr{CID: VMADDR_CID_ANY, Port: VMADDR_PORT_ANY}))
	if local, isVsock := s.LocalAddr().(*VsockAddr); !isVsock || local.Port == VMADDR_PORT_ANY {
		t.Fatalf("LocalAddr() = %#v", s.LocalAddr())
	}
}

func TestTIPCAddr(t *testing.T) {
	checkAddrType(t, &TIPCAddr{Type: TIPC_ADDR_NAME, V1: 18888, V2: 17, Scope: TIPC_CLUSTER_SCOPE},
		&TIPCAddr{Type: TIPC_ADDR_NAME, V1: 18888, V2: 17, V3: 17, Scope: TIPC_CLUSTER_SCOPE}, "tipc:name:18888:17:17:2", true)
	checkAddrType(t, &TIPCAddr{Type: TIPC_ADDR_NAMESEQ, V1: 18888, V2: 1, V3: 9, Scope: TIPC_ZONE_SCOPE},
		&TIPCAddr{Type: TIPC_ADDR_NAMESEQ, V1: 18888, V2: 1, V3: 9, Scope: TIPC_ZONE_SCOPE}, "tipc:nameseq:18888:1:9:1", true)
	checkAddrType(t, &TIPCAddr{Type: TIPC_ADDR_ID, V1: 0x01001001, V2: 5, V3: 77, Scope: TIPC_NODE_SCOPE},
		&TIPCAddr{Type: TIPC_ADDR_ID, V1: 0x01001001, V2: 5, V3: 0, Scope: TIPC_NODE_SCOPE}, "tipc:id:16781313:5:0:3", true)
	wantAddrErr(t, &TIPCAddr{Type: 9}, ErrArg)
	wantAddrErr(t, &TIPCAddr{Type: TIPC_ADDR_NAME, Scope: 256}, ErrOutOfRange)
}

func TestQIPCRTRAddr(t *testing.T) {
	checkAddrType(t, &QIPCRTRAddr{Node: 1, Port: 2}, &QIPCRTRAddr{Node: 1, Port: 2}, "qipcrtr:1:2", true)
	checkAddrType(t, &QIPCRTRAddr{Node: 1<<32 - 1, Port: 1<<32 - 2}, &QIPCRTRAddr{Node: 1<<32 - 1, Port: 1<<32 - 2},
		"qipcrtr:4294967295:4294967294", true)
	wantAddrErr(t, (*QIPCRTRAddr)(nil), ErrArg)
}
