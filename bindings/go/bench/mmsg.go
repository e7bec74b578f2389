// SPDX-License-Identifier: MIT

//go:build linux

package main

import (
	"net"
	"net/netip"
	"runtime"
	"syscall"
	"time"
	"unsafe"
)

// The system call numbers (package syscall has no SYS_SENDMMSG on amd64).
func mmsgTraps() (send, recv uintptr) {
	switch runtime.GOARCH {
	case "amd64":
		return 307, 299
	case "arm64":
		return 269, 243
	}
	return 0, 0
}

// mmsghdr is struct mmsghdr (linux/amd64, arm64: Msghdr then a uint32 and padding).
type mmsghdr struct {
	hdr syscall.Msghdr
	len uint32
	_   [4]byte
}

// mmsgBatch is what golang.org/x/net/ipv4.PacketConn's ReadBatch/WriteBatch do, written
// out with package syscall (x/net is not available offline): one recvmmsg/sendmmsg per
// burst, waiting in the runtime poller through syscall.RawConn, the sender of each
// datagram decoded from its sockaddr (as netip.AddrPort: no allocation).
type mmsgBatch struct {
	hdrs  []mmsghdr
	iovs  []syscall.Iovec
	names []syscall.RawSockaddrInet6
	bufs  [][]byte
	from  []netip.AddrPort
}

func newMmsgBatch(n, size int, withNames bool) *mmsgBatch {
	b := &mmsgBatch{hdrs: make([]mmsghdr, n), iovs: make([]syscall.Iovec, n), bufs: make([][]byte, n),
		from: make([]netip.AddrPort, n)}
	if withNames {
		b.names = make([]syscall.RawSockaddrInet6, n)
	}
	for i := range b.hdrs {
		b.bufs[i] = make([]byte, size)
		b.iovs[i].Base = &b.bufs[i][0]
		b.iovs[i].SetLen(size)
		b.hdrs[i].hdr.Iov = &b.iovs[i]
		b.hdrs[i].hdr.Iovlen = 1
	}
	return b
}

func (b *mmsgBatch) call(rc syscall.RawConn, trap uintptr, write bool, k int) (int, error) {
	var n uintptr
	var errno syscall.Errno
	f := func(fd uintptr) bool {
		if b.names != nil {
			for i := 0; i < k; i++ {
				b.hdrs[i].hdr.Name = (*byte)(unsafe.Pointer(&b.names[i]))
				b.hdrs[i].hdr.Namelen = uint32(unsafe.Sizeof(b.names[i]))
			}
		}
		n, _, errno = syscall.Syscall6(trap, fd, uintptr(unsafe.Pointer(&b.hdrs[0])), uintptr(k), 0, 0, 0)
		return errno != syscall.EAGAIN
	}
	var err error
	if write {
		err = rc.Write(f)
	} else {
		err = rc.Read(f)
	}
	if err != nil {
		return 0, err
	}
	if errno != 0 {
		return 0, errno
	}
	if b.names != nil {
		for i := 0; i < int(n); i++ {
			sa := (*syscall.RawSockaddrInet4)(unsafe.Pointer(&b.names[i]))
			port := uint16(sa.Port>>8 | sa.Port<<8)
			b.from[i] = netip.AddrPortFrom(netip.AddrFrom4(sa.Addr), port)
		}
	}
	return int(n), nil
}

// udpBurstMmsg is the udpBurst workload with raw sendmmsg/recvmmsg on package net's sockets.
func udpBurstMmsg(n int) (float64, error) {
	r, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		return 0, err
	}
	defer r.Close()
	w, err := net.DialUDP("udp4", nil, r.LocalAddr().(*net.UDPAddr))
	if err != nil {
		return 0, err
	}
	defer w.Close()
	r.SetReadBuffer(4 << 20)
	rrc, err := r.SyscallConn()
	if err != nil {
		return 0, err
	}
	wrc, err := w.SyscallConn()
	if err != nil {
		return 0, err
	}
	sendTrap, recvTrap := mmsgTraps()
	if sendTrap == 0 {
		return 0, syscall.ENOSYS
	}
	out := newMmsgBatch(burstSize, msgSize, false)
	in := newMmsgBatch(burstSize, msgSize, true)
	start := time.Now()
	for done := 0; done < n; {
		k := burstSize
		if n-done < k {
			k = n - done
		}
		for sent := 0; sent < k; {
			// Later messages of the batch move to the front: the headers are reused.
			m, err := (&mmsgBatch{hdrs: out.hdrs[sent:]}).call(wrc, sendTrap, true, k-sent)
			if err != nil {
				return 0, err
			}
			sent += m
		}
		for got := 0; got < k; {
			m, err := in.call(rrc, recvTrap, false, k-got)
			if err != nil {
				return 0, err
			}
			got += m
		}
		done += k
	}
	return float64(n) / time.Since(start).Seconds(), nil
}
