// SPDX-License-Identifier: MIT

//go:build linux

// Command bench compares this binding with Go's own net package on the same workloads,
// in the same process: ping-pong over an AF_UNIX socketpair and over TCP loopback, bulk
// TCP, UDP send+receive on a connected socket and with sendto (udp-sendto), and UDP in
// bursts of 64 datagrams (socketx's WriteBatch and ReadBatch, sendmmsg/recvmmsg, against
// the best package net offers without golang.org/x/net, which is not available offline:
// Write and ReadFromUDPAddrPort, one datagram per system call); and the same bursts
// against sendmmsg/recvmmsg called from Go through syscall.RawConn, as x/net/ipv4's
// batches are (udp-batch64-mmsg). Two more implementations are floors (floor.go):
// cgo-floor, package net with each system call made in C through cgo, the best any cgo
// binding can do; and cgo-lib, each attempt one libsocketx call through cgo with nothing
// of this binding around it, the best any cgo binding of libsocketx can do. It prints
// each median rate and the ratios of socketx to net and to each floor (higher is better
// for socketx; the target is >= 1.0 for bulk and UDP, >= 0.97 for ping-pong, or the
// floor where cgo or the library itself rules that out).
//
//	go run ./bench [-seconds 1] [-rounds 7] [-only pingpong-unix,bulk-tcp]
//
// Each round runs every implementation once, the one going first rotating, so a machine
// that slows down or speeds up during the run moves both sides of a ratio alike; the
// ratios are per round, reported as median [min, max], and a ratio whose rounds spread
// by more than 5 % is flagged as not to be trusted.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"runtime/pprof"
	"sort"
	"strings"
	"syscall"
	"time"

	socketx "github.com/libsocketx/libsocketx/bindings/go"
)

const (
	msgSize  = 64
	bulkSize = 64 << 10
	// Every TCP pair gets fixed socket buffers (the kernel doubles the figure). Left to
	// autotuning, loopback bulk runs fell into a 2 GB/s or a 4 GB/s mode by chance, for
	// every implementation alike, which swung a round's ratio from 0.5 to 2.
	tcpBuffer = 1 << 20
)

// conn is what a workload needs from either implementation.
type conn interface {
	io.ReadWriteCloser
}

type impl struct {
	name       string
	socketpair func() (conn, conn, error)
	tcpPair    func() (conn, conn, func(), error)
	udpPair    func() (send func([]byte) error, recv func([]byte) error, closeAll func(), err error)
	// udpBurst sends and receives n datagrams of msgSize bytes in bursts of burstSize
	// (sent, then all received before the next burst, so none is dropped); datagrams/s.
	udpBurst func(n int) (float64, error)
}

const burstSize = 64

var netImpl = impl{
	name: "net",
	socketpair: func() (conn, conn, error) {
		fds, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
		if err != nil {
			return nil, nil, err
		}
		var cs [2]conn
		for i, fd := range fds {
			f := os.NewFile(uintptr(fd), "socketpair")
			c, err := net.FileConn(f) // dups the fd; the File's copy is closed below
			f.Close()
			if err != nil {
				return nil, nil, err
			}
			cs[i] = c
		}
		return cs[0], cs[1], nil
	},
	tcpPair: func() (conn, conn, func(), error) {
		ln, err := net.Listen("tcp4", "127.0.0.1:0")
		if err != nil {
			return nil, nil, nil, err
		}
		c, err := net.Dial("tcp4", ln.Addr().String()) // TCP_NODELAY is net's default
		if err != nil {
			ln.Close()
			return nil, nil, nil, err
		}
		s, err := ln.Accept()
		if err != nil {
			ln.Close()
			c.Close()
			return nil, nil, nil, err
		}
		closeAll := func() { ln.Close(); c.Close(); s.Close() }
		for _, x := range []*net.TCPConn{c.(*net.TCPConn), s.(*net.TCPConn)} {
			if err == nil {
				err = x.SetReadBuffer(tcpBuffer)
			}
			if err == nil {
				err = x.SetWriteBuffer(tcpBuffer)
			}
		}
		if err != nil {
			closeAll()
			return nil, nil, nil, err
		}
		return c, s, closeAll, nil
	},
	udpPair: func() (func([]byte) error, func([]byte) error, func(), error) {
		r, w, err := netConnectedUDP()
		if err != nil {
			return nil, nil, nil, err
		}
		send := func(p []byte) error { _, err := w.Write(p); return err }
		recv := func(p []byte) error { _, err := r.Read(p); return err }
		return send, recv, func() { r.Close(); w.Close() }, nil
	},
	udpBurst: func(n int) (float64, error) {
		r, w, err := netConnectedUDP()
		if err != nil {
			return 0, err
		}
		defer r.Close()
		defer w.Close()
		r.SetReadBuffer(4 << 20)
		buf, rbuf := make([]byte, msgSize), make([]byte, msgSize)
		start := time.Now()
		for done := 0; done < n; {
			k := burstSize
			if n-done < k {
				k = n - done
			}
			for i := 0; i < k; i++ {
				if _, err := w.Write(buf); err != nil {
					return 0, err
				}
			}
			for i := 0; i < k; i++ {
				if _, _, err := r.ReadFromUDPAddrPort(rbuf); err != nil {
					return 0, err
				}
			}
			done += k
		}
		return float64(n) / time.Since(start).Seconds(), nil
	},
}

var sxImpl = impl{
	name: "socketx",
	socketpair: func() (conn, conn, error) {
		a, b, err := socketx.SocketPair(socketx.AF_UNIX, socketx.SOCK_STREAM, 0)
		return a, b, err
	},
	tcpPair: func() (conn, conn, func(), error) {
		ln, err := socketx.Open(socketx.AF_INET, socketx.SOCK_STREAM, 0)
		if err != nil {
			return nil, nil, nil, err
		}
		addr, err := socketx.InetAddr("127.0.0.1", 0)
		if err == nil {
			err = ln.Bind(addr)
		}
		if err == nil {
			err = ln.Listen(socketx.BacklogDefault)
		}
		var local *socketx.Addr
		if err == nil {
			local, err = ln.SockName()
		}
		var c, s *socketx.Socket
		if err == nil {
			c, err = socketx.Open(socketx.AF_INET, socketx.SOCK_STREAM, 0)
		}
		if err == nil {
			err = c.SetSockOptInt(socketx.IPPROTO_TCP, socketx.TCP_NODELAY, 1)
		}
		if err == nil {
			err = c.Connect(local)
		}
		if err == nil {
			s, _, err = ln.Accept()
		}
		if err == nil {
			err = s.SetSockOptInt(socketx.IPPROTO_TCP, socketx.TCP_NODELAY, 1)
		}
		for _, x := range []*socketx.Socket{c, s} {
			if err == nil {
				err = x.SetSockOptInt(socketx.SOL_SOCKET, socketx.SO_RCVBUF, tcpBuffer)
			}
			if err == nil {
				err = x.SetSockOptInt(socketx.SOL_SOCKET, socketx.SO_SNDBUF, tcpBuffer)
			}
		}
		closeAll := func() {
			for _, x := range []*socketx.Socket{ln, c, s} {
				if x != nil {
					x.Close()
				}
			}
		}
		if err != nil {
			closeAll()
			return nil, nil, nil, err
		}
		return c, s, closeAll, nil
	},
	udpPair: func() (func([]byte) error, func([]byte) error, func(), error) {
		r, w, closeAll, err := sxConnectedUDP()
		if err != nil {
			return nil, nil, nil, err
		}
		send := func(p []byte) error { _, err := w.Send(p, 0); return err }
		recv := func(p []byte) error { _, err := r.Recv(p, 0); return err }
		return send, recv, closeAll, nil
	},
	udpBurst: func(n int) (float64, error) {
		r, err := socketx.Open(socketx.AF_INET, socketx.SOCK_DGRAM, 0)
		if err != nil {
			return 0, err
		}
		defer r.Close()
		w, err := socketx.Open(socketx.AF_INET, socketx.SOCK_DGRAM, 0)
		if err != nil {
			return 0, err
		}
		defer w.Close()
		addr, err := socketx.InetAddr("127.0.0.1", 0)
		if err == nil {
			err = r.Bind(addr)
		}
		var local *socketx.Addr
		if err == nil {
			local, err = r.SockName()
		}
		if err == nil {
			err = w.Connect(local)
		}
		if err != nil {
			return 0, err
		}
		r.SetSockOptInt(socketx.SOL_SOCKET, socketx.SO_RCVBUF, 4<<20)
		buf := make([]byte, msgSize)
		out := make([]socketx.Message, burstSize)
		in := make([]socketx.Message, burstSize)
		for i := range out {
			out[i].Buffers = [][]byte{buf}
			in[i].Buffers = [][]byte{make([]byte, msgSize)}
		}
		defer func() {
			for i := range out {
				out[i].Close()
				in[i].Close()
			}
		}()
		start := time.Now()
		for done := 0; done < n; {
			k := burstSize
			if n-done < k {
				k = n - done
			}
			for sent := 0; sent < k; {
				m, err := w.WriteBatch(out[sent:k], 0)
				if err != nil {
					return 0, err
				}
				sent += m
			}
			for got := 0; got < k; {
				m, err := r.ReadBatch(in[:k-got], 0)
				if err != nil {
					return 0, err
				}
				got += m
			}
			done += k
		}
		return float64(n) / time.Since(start).Seconds(), nil
	},
}

// pingPong runs n round trips of msgSize bytes between two goroutines; returns trips/s.
func pingPong(a, b conn, n int) (float64, error) {
	errc := make(chan error, 1)
	go func() {
		buf := make([]byte, msgSize)
		for i := 0; i < n; i++ {
			if _, err := io.ReadFull(b, buf); err != nil {
				errc <- err
				return
			}
			if _, err := b.Write(buf); err != nil {
				errc <- err
				return
			}
		}
		errc <- nil
	}()
	buf := make([]byte, msgSize)
	start := time.Now()
	for i := 0; i < n; i++ {
		if _, err := a.Write(buf); err != nil {
			return 0, err
		}
		if _, err := io.ReadFull(a, buf); err != nil {
			return 0, err
		}
	}
	el := time.Since(start)
	if err := <-errc; err != nil {
		return 0, err
	}
	return float64(n) / el.Seconds(), nil
}

// The bulk buffers are allocated once, so every implementation copies from and to the same
// addresses: a fresh allocation per run put each run's buffers somewhere else.
var bulkSendBuf, bulkRecvBuf = make([]byte, bulkSize), make([]byte, bulkSize)

// bulk sends n chunks of bulkSize bytes from a to b; returns MB/s (10^6 bytes).
func bulk(a, b conn, n int) (float64, error) {
	errc := make(chan error, 1)
	go func() {
		buf := bulkSendBuf
		for i := 0; i < n; i++ {
			if _, err := a.Write(buf); err != nil {
				errc <- err
				return
			}
		}
		errc <- nil
	}()
	buf := bulkRecvBuf
	total := n * bulkSize
	start := time.Now()
	for got := 0; got < total; {
		m, err := b.Read(buf)
		if err != nil {
			return 0, err
		}
		got += m
	}
	el := time.Since(start)
	if err := <-errc; err != nil {
		return 0, err
	}
	return float64(total) / 1e6 / el.Seconds(), nil
}

// udp sends and receives n datagrams of msgSize bytes on one goroutine, one in flight
// (so none is dropped); returns datagrams/s.
func udp(send, recv func([]byte) error, n int) (float64, error) {
	buf := make([]byte, msgSize)
	start := time.Now()
	for i := 0; i < n; i++ {
		if err := send(buf); err != nil {
			return 0, err
		}
		if err := recv(buf); err != nil {
			return 0, err
		}
	}
	return float64(n) / time.Since(start).Seconds(), nil
}

type workload struct {
	id, unit string
	run      func(im impl, n int) (float64, error)
}

var workloads = []workload{
	{"pingpong-unix", "round trips/s", func(im impl, n int) (float64, error) {
		a, b, err := im.socketpair()
		if err != nil {
			return 0, err
		}
		defer a.Close()
		defer b.Close()
		return pingPong(a, b, n)
	}},
	{"pingpong-tcp", "round trips/s", func(im impl, n int) (float64, error) {
		a, b, closeAll, err := im.tcpPair()
		if err != nil {
			return 0, err
		}
		defer closeAll()
		return pingPong(a, b, n)
	}},
	{"bulk-tcp", "MB/s", func(im impl, n int) (float64, error) {
		a, b, closeAll, err := im.tcpPair()
		if err != nil {
			return 0, err
		}
		defer closeAll()
		return bulk(a, b, n)
	}},
	{"udp", "datagrams/s", func(im impl, n int) (float64, error) {
		send, recv, closeAll, err := im.udpPair()
		if err != nil {
			return 0, err
		}
		defer closeAll()
		return udp(send, recv, n)
	}},
	{"udp-sendto", "datagrams/s", func(im impl, n int) (float64, error) {
		setup := udpSendToLib
		switch im.name {
		case netImpl.name:
			setup = udpSendToNet
		case floorImpl.name, libFloorImpl.name:
			return 0, errUnsupported
		}
		send, recv, closeAll, err := setup()
		if err != nil {
			return 0, err
		}
		defer closeAll()
		return udp(send, recv, n)
	}},
	{"udp-batch64", "datagrams/s", func(im impl, n int) (float64, error) {
		if im.udpBurst == nil {
			return 0, errUnsupported
		}
		return im.udpBurst(n)
	}},
	// The same, against what golang.org/x/net/ipv4's batches do (sendmmsg/recvmmsg through
	// syscall.RawConn, here written out with package syscall): the "net" column.
	{"udp-batch64-mmsg", "datagrams/s", func(im impl, n int) (float64, error) {
		if im.name == "net" {
			return udpBurstMmsg(n)
		}
		if im.udpBurst == nil {
			return 0, errUnsupported
		}
		return im.udpBurst(n)
	}},
}

// errUnsupported marks a workload an implementation has no form of (the cgo floor
// has no batches).
var errUnsupported = errors.New("not available for this implementation")

// spreadLimit is the (max-min)/median of a ratio's rounds above which a row is flagged:
// the rounds disagree by more than the differences the benchmark is meant to show.
const spreadLimit = 0.05

func main() {
	seconds := flag.Float64("seconds", 1.0, "approximate duration of each run")
	rounds := flag.Int("rounds", 7, "alternating rounds (each runs every implementation once)")
	only := flag.String("only", "", "comma-separated workload ids (default: all)")
	solo := flag.String("impl", "", "run only this implementation (net, cgo-floor, cgo-lib or socketx), for profiling")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
	verbose := flag.Bool("v", false, "print every run's rate as it finishes, to see where a spread comes from")
	flag.Parse()
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(2)
		}
		defer pprof.StopCPUProfile()
	}
	if *rounds < 1 || *seconds <= 0 {
		fmt.Fprintln(os.Stderr, "bench: -rounds must be >= 1 and -seconds > 0")
		os.Exit(2)
	}
	impls := []impl{netImpl, floorImpl, libFloorImpl, sxImpl}
	fmt.Printf("libsocketx %s, Go binding vs package net and two floors: cgo-floor (net's sockets, each system call made in C through cgo)\n", socketx.VersionString())
	fmt.Printf("and cgo-lib (the library's sockets, each attempt one libsocketx call through cgo, waiting in net's poller)\n")
	fmt.Printf("%d rounds of ~%.1fs, each running the implementations in turn, the first rotating; rates: medians; ratios: median [min, max] of the per-round ratios\n", *rounds, *seconds)
	fmt.Printf("%-16s %-14s %9s %9s %9s %9s  %-22s %-22s %-22s\n", "workload", "unit", "net", "cgo-floor", "cgo-lib", "socketx",
		"socketx/net", "socketx/cgo-floor", "socketx/cgo-lib")
	failed := false
	var warnings []string
	for _, w := range workloads {
		if *only != "" && !strings.Contains(","+*only+",", ","+w.id+",") {
			continue
		}
		// Calibrate the count on net: a short run, scaled to the wanted duration.
		rate, err := w.run(netImpl, 200)
		if err != nil {
			fmt.Fprintf(os.Stderr, "bench: %s calibration: %v\n", w.id, err)
			failed = true
			continue
		}
		perSecond := rate
		if w.unit == "MB/s" {
			perSecond = rate * 1e6 / bulkSize
		}
		n := int(perSecond * *seconds)
		if n < 100 {
			n = 100
		}
		rates := map[string][]float64{}
		var vsNet, vsFloor, vsLib []float64 // socketx/net, /cgo-floor and /cgo-lib of each round
		for r := 0; r < *rounds; r++ {
			round := map[string]float64{}
			for i := range impls {
				im := impls[(i+r)%len(impls)]
				if *solo != "" && im.name != *solo {
					continue
				}
				v, err := w.run(im, n)
				if errors.Is(err, errUnsupported) {
					continue
				}
				if err != nil {
					fmt.Fprintf(os.Stderr, "bench: %s with %s: %v\n", w.id, im.name, err)
					failed = true
					continue
				}
				round[im.name] = v
				if *verbose {
					fmt.Printf("  %s round %d: %-9s %.0f %s\n", w.id, r+1, im.name, v, w.unit)
				}
				rates[im.name] = append(rates[im.name], v)
			}
			if x := round[sxImpl.name]; x > 0 {
				if v := round[netImpl.name]; v > 0 {
					vsNet = append(vsNet, x/v)
				}
				if v := round[floorImpl.name]; v > 0 {
					vsFloor = append(vsFloor, x/v)
				}
				if v := round[libFloorImpl.name]; v > 0 {
					vsLib = append(vsLib, x/v)
				}
			}
		}
		cell := func(name string) string {
			if len(rates[name]) == 0 {
				return "-"
			}
			return fmt.Sprintf("%.0f", median(rates[name]))
		}
		fmt.Printf("%-16s %-14s %9s %9s %9s %9s  %-22s %-22s %-22s\n", w.id, w.unit, cell(netImpl.name),
			cell(floorImpl.name), cell(libFloorImpl.name), cell(sxImpl.name), ratioCell(vsNet), ratioCell(vsFloor), ratioCell(vsLib))
		for _, c := range []struct {
			name string
			v    []float64
		}{{"socketx/net", vsNet}, {"socketx/cgo-floor", vsFloor}, {"socketx/cgo-lib", vsLib}} {
			if sp := spread(c.v); sp > spreadLimit {
				warnings = append(warnings, fmt.Sprintf("%s %s: the rounds spread %.1f %% (over %.0f %%): the machine was not quiet enough to trust this ratio", w.id, c.name, 100*sp, 100*spreadLimit))
			}
		}
	}
	for _, m := range warnings {
		fmt.Println("WARNING:", m)
	}
	if failed {
		pprof.StopCPUProfile()
		os.Exit(1)
	}
}

// ratioCell formats ratios as "median [min, max]" ("-" for none).
func ratioCell(v []float64) string {
	if len(v) == 0 {
		return "-"
	}
	lo, hi := minMax(v)
	return fmt.Sprintf("%.3f [%.3f, %.3f]", median(v), lo, hi)
}

// spread is (max-min)/median of v (0 for fewer than two values).
func spread(v []float64) float64 {
	if len(v) < 2 {
		return 0
	}
	lo, hi := minMax(v)
	return (hi - lo) / median(v)
}

func minMax(v []float64) (lo, hi float64) {
	lo, hi = v[0], v[0]
	for _, x := range v[1:] {
		if x < lo {
			lo = x
		}
		if x > hi {
			hi = x
		}
	}
	return lo, hi
}

// median returns the median of v (0 for none).
func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// netConnectedUDP opens a receiver bound to 127.0.0.1 and a sender connected to it,
// with package net.
func netConnectedUDP() (r, w *net.UDPConn, err error) {
	r, err = net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		return nil, nil, err
	}
	w, err = net.DialUDP("udp4", nil, r.LocalAddr().(*net.UDPAddr))
	if err != nil {
		r.Close()
		return nil, nil, err
	}
	return r, w, nil
}

// sxConnectedUDP is sxUDPSockets with the sender connected to the receiver.
func sxConnectedUDP() (r, w *socketx.Socket, closeAll func(), err error) {
	r, w, local, closeAll, err := sxUDPSockets()
	if err != nil {
		return nil, nil, nil, err
	}
	if err := w.Connect(local); err != nil {
		closeAll()
		return nil, nil, nil, err
	}
	return r, w, closeAll, nil
}

// sxUDPSockets opens a receiver bound to 127.0.0.1 (its address is local) and a sender,
// both AF_INET datagram sockets of the binding; closeAll closes both (nil on error).
func sxUDPSockets() (r, w *socketx.Socket, local *socketx.Addr, closeAll func(), err error) {
	r, err = socketx.Open(socketx.AF_INET, socketx.SOCK_DGRAM, 0)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	w, err = socketx.Open(socketx.AF_INET, socketx.SOCK_DGRAM, 0)
	if err != nil {
		r.Close()
		return nil, nil, nil, nil, err
	}
	closeAll = func() { r.Close(); w.Close() }
	addr, err := socketx.InetAddr("127.0.0.1", 0)
	if err == nil {
		err = r.Bind(addr)
	}
	if err == nil {
		local, err = r.SockName()
	}
	if err != nil {
		closeAll()
		return nil, nil, nil, nil, err
	}
	return r, w, local, closeAll, nil
}

// udpSendToLib is sxImpl.udpPair with an unconnected sender that names the receiver.
func udpSendToLib() (send, recv func([]byte) error, closeAll func(), err error) {
	r, w, dst, closeAll, err := sxUDPSockets()
	if err != nil {
		return nil, nil, nil, err
	}
	send = func(p []byte) error { _, err := w.SendTo(p, 0, dst); return err }
	recv = func(p []byte) error { _, err := r.Recv(p, 0); return err }
	return send, recv, closeAll, nil
}

// udpSendToNet is netImpl.udpPair with an unconnected sender (WriteToUDPAddrPort, net's
// allocation-free sendto).
func udpSendToNet() (send, recv func([]byte) error, closeAll func(), err error) {
	r, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		return nil, nil, nil, err
	}
	w, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		r.Close()
		return nil, nil, nil, err
	}
	dst := r.LocalAddr().(*net.UDPAddr).AddrPort()
	send = func(p []byte) error { _, err := w.WriteToUDPAddrPort(p, dst); return err }
	recv = func(p []byte) error { _, err := r.Read(p); return err }
	return send, recv, func() { r.Close(); w.Close() }, nil
}
