// SPDX-License-Identifier: MIT

//go:build linux

package socketx

import (
	"encoding/binary"
	"errors"
	"net"
	"sort"
	"syscall"
	"testing"
	"time"
)

func TestNetlinkAddr(t *testing.T) {
	v := &NetlinkAddr{PID: 1234, Groups: 0x11}
	checkAddrType(t, v, &NetlinkAddr{PID: 1234, Groups: 0x11}, "netlink:1234:17", true)
	checkAddrType(t, &NetlinkAddr{PID: 1<<32 - 1, Groups: 1<<32 - 1}, &NetlinkAddr{PID: 1<<32 - 1, Groups: 1<<32 - 1},
		"netlink:4294967295:4294967295", true)
	// A handle of another family does not read as netlink.
	h := must(InetAddr("127.0.0.1", 1))(t)
	defer h.Close()
	wantErrCode(t, "netlink fields of AF_INET", h.As(&NetlinkAddr{}), ErrArg)
}

func netlinkSocket(t *testing.T) *Socket {
	t.Helper()
	s, err := Open(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE)
	if errors.Is(err, syscall.EAFNOSUPPORT) {
		t.Skip("no AF_NETLINK in this kernel")
	}
	ok(t, err)
	t.Cleanup(func() { s.Close() })
	ok(t, s.SetTimeout(5*time.Second))
	return s
}

// Bound with pid 0, the kernel picks the port id, which getsockname reports.
func TestNetlinkBindPicksPortID(t *testing.T) {
	s := netlinkSocket(t)
	ok(t, s.Bind(&NetlinkAddr{}))
	local, isNetlink := s.LocalAddr().(*NetlinkAddr)
	if !isNetlink {
		t.Fatalf("LocalAddr() = %#v, want *NetlinkAddr", s.LocalAddr())
	}
	if local.PID == 0 || local.Groups != 0 {
		t.Fatalf("bound to %+v, want a kernel-picked pid", local)
	}
	name := must(s.SockName())(t)
	defer name.Close()
	typed := must(name.Typed())(t).(*NetlinkAddr)
	if *typed != *local {
		t.Fatalf("SockName %+v, LocalAddr %+v", typed, local)
	}
}

const (
	nlmsgDone     = 3
	nlmsgError    = 2
	rtmGetLink    = 18
	rtmNewLink    = 16
	nlmFRequest   = 0x1
	nlmFDump      = 0x300
	iflaIfname    = 3
	nlmsgHdrLen   = 16
	ifinfomsgLen  = 16
	rtattrHdrLen  = 4
	netlinkMaxMsg = 64
)

// A RTM_GETLINK dump over the binding lists the interfaces if_nameindex lists.
func TestNetlinkRouteDumpMatchesInterfaces(t *testing.T) {
	s := netlinkSocket(t)
	ok(t, s.Bind(&NetlinkAddr{}))
	req := make([]byte, nlmsgHdrLen+ifinfomsgLen)
	le := binary.LittleEndian // the host's order (this binding builds for little-endian Linux)
	le.PutUint32(req[0:], uint32(len(req)))
	le.PutUint16(req[4:], rtmGetLink)
	le.PutUint16(req[6:], nlmFRequest|nlmFDump)
	le.PutUint32(req[8:], 1) // sequence
	req[nlmsgHdrLen] = syscall.AF_UNSPEC
	pc := s.PacketConn()
	n, err := pc.WriteTo(req, &NetlinkAddr{}) // to the kernel, pid 0
	ok(t, err)
	if n != len(req) {
		t.Fatalf("sent %d of %d", n, len(req))
	}
	var names []string
	buf := make([]byte, 1<<16)
	done := false
	for i := 0; i < netlinkMaxMsg && !done; i++ {
		var n int
		var from net.Addr
		var err error
		if i%2 == 0 { // both ways of receiving, alternately
			n, from, err = pc.ReadFrom(buf)
		} else {
			n, _, _, from, err = pc.ReadMsg(buf, nil, 0)
		}
		ok(t, err)
		if k, isNetlink := from.(*NetlinkAddr); !isNetlink || k.PID != 0 {
			t.Fatalf("reply from %#v, want the kernel's *NetlinkAddr", from)
		}
		for msg := buf[:n]; len(msg) >= nlmsgHdrLen && !done; {
			l := int(le.Uint32(msg[0:]))
			if l < nlmsgHdrLen || l > len(msg) {
				t.Fatalf("bad nlmsg length %d", l)
			}
			switch le.Uint16(msg[4:]) {
			case nlmsgDone:
				done = true
			case nlmsgError:
				t.Fatalf("netlink error %d", int32(le.Uint32(msg[nlmsgHdrLen:])))
			case rtmNewLink:
				for at := msg[nlmsgHdrLen+ifinfomsgLen : l]; len(at) >= rtattrHdrLen; {
					al := int(le.Uint16(at[0:]))
					if al < rtattrHdrLen || al > len(at) {
						break
					}
					if le.Uint16(at[2:]) == iflaIfname {
						names = append(names, cString(at[rtattrHdrLen:al]))
					}
					at = at[minInt((al+3)&^3, len(at)):]
				}
			}
			msg = msg[minInt((l+3)&^3, len(msg)):]
		}
	}
	if !done {
		t.Fatalf("no NLMSG_DONE in %d messages", netlinkMaxMsg)
	}
	var want []string
	for _, ni := range must(Interfaces())(t) {
		want = append(want, ni.Name)
	}
	sort.Strings(names)
	sort.Strings(want)
	if len(names) == 0 || !equalStrings(names, want) {
		t.Fatalf("netlink dump %v, if_nameindex %v", names, want)
	}
}

func minInt(a, b int) int {
	if a < b {
		return a
	}
	return b
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
