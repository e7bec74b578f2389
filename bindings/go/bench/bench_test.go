// SPDX-License-Identifier: MIT

//go:build linux

package main

// The workloads of the bench command as testing benchmarks, each with the sub-benchmarks
// lib (this binding), net (Go's net package), cgo-floor and cgo-lib, so `go test -bench`
// and benchstat can compare them and track them over time:
//
//	go test -run '^$' -bench . -count 10 ./bench | tee new.txt; benchstat old.txt new.txt
//
// They reuse the command's setup (sxImpl, netImpl) and loops (pingPong, bulk, udp); the
// rates those loops compute are ignored, the testing package times b.N operations.

import (
	"syscall"
	"testing"

	socketx "github.com/libsocketx/libsocketx/bindings/go"
)

// each runs bench once per implementation, as sub-benchmarks "lib", "net", and the
// floors (floor.go) "cgo-floor" and "cgo-lib".
func each(b *testing.B, bytesPerOp int64, bench func(b *testing.B, im impl) error) {
	for _, c := range []struct {
		name string
		im   impl
	}{{"lib", sxImpl}, {"net", netImpl}, {"cgo-floor", floorImpl}, {"cgo-lib", libFloorImpl}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(bytesPerOp)
			b.ReportAllocs()
			if err := bench(b, c.im); err != nil {
				b.Fatal(err)
			}
		})
	}
}

// BenchmarkPingPongUnix: one op is a round trip of msgSize bytes over an AF_UNIX socketpair.
func BenchmarkPingPongUnix(b *testing.B) {
	each(b, 2*msgSize, func(b *testing.B, im impl) error {
		x, y, err := im.socketpair()
		if err != nil {
			return err
		}
		defer x.Close()
		defer y.Close()
		b.ResetTimer()
		_, err = pingPong(x, y, b.N)
		return err
	})
}

// BenchmarkPingPongTCP: one op is a round trip of msgSize bytes over TCP loopback.
func BenchmarkPingPongTCP(b *testing.B) {
	each(b, 2*msgSize, func(b *testing.B, im impl) error {
		x, y, closeAll, err := im.tcpPair()
		if err != nil {
			return err
		}
		defer closeAll()
		b.ResetTimer()
		_, err = pingPong(x, y, b.N)
		return err
	})
}

// BenchmarkBulkTCP: one op is bulkSize bytes written on one end and read on the other.
func BenchmarkBulkTCP(b *testing.B) {
	each(b, bulkSize, func(b *testing.B, im impl) error {
		x, y, closeAll, err := im.tcpPair()
		if err != nil {
			return err
		}
		defer closeAll()
		b.ResetTimer()
		_, err = bulk(x, y, b.N)
		return err
	})
}

// BenchmarkUDPSendToRecv: one op is a datagram of msgSize bytes sent with an explicit
// destination (sendto) from an unconnected socket and received, one in flight.
func BenchmarkUDPSendToRecv(b *testing.B) {
	each(b, msgSize, func(b *testing.B, im impl) error {
		setup := udpSendToLib
		switch im.name {
		case netImpl.name:
			setup = udpSendToNet
		case floorImpl.name, libFloorImpl.name:
			b.Skip("the floors have no unconnected sendto form")
		}
		send, recv, closeAll, err := setup()
		if err != nil {
			return err
		}
		defer closeAll()
		b.ResetTimer()
		_, err = udp(send, recv, b.N)
		return err
	})
}

// BenchmarkSendRecvNoWait: one op is a send of msgSize bytes on one end of an AF_UNIX
// socketpair and its receive on the other, by one goroutine, so no call ever waits: the
// cost of two calls without the poller or the scheduler, made by the binding (lib), by
// package syscall (net's own system call path) and in C through cgo (cgo-floor).
// lib minus cgo-floor is what the binding and the library add to two calls; cgo-floor
// minus net is two crossings.
func BenchmarkSendRecvNoWait(b *testing.B) {
	out, in := make([]byte, msgSize), make([]byte, msgSize)
	b.Run("lib", func(b *testing.B) {
		x, y, err := socketx.SocketPair(socketx.AF_UNIX, socketx.SOCK_STREAM, 0)
		if err != nil {
			b.Fatal(err)
		}
		defer x.Close()
		defer y.Close()
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if n, err := x.Send(out, 0); n != msgSize || err != nil {
				b.Fatalf("Send: %d, %v", n, err)
			}
			if n, err := y.Recv(in, 0); n != msgSize || err != nil {
				b.Fatalf("Recv: %d, %v", n, err)
			}
		}
	})
	fds, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		b.Fatal(err)
	}
	defer syscall.Close(fds[0])
	defer syscall.Close(fds[1])
	b.Run("net", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if n, err := syscall.Write(fds[0], out); n != msgSize || err != nil {
				b.Fatalf("write: %d, %v", n, err)
			}
			if n, err := syscall.Read(fds[1], in); n != msgSize || err != nil {
				b.Fatalf("read: %d, %v", n, err)
			}
		}
	})
	b.Run("cgo-floor", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if n := floorSendOnce(fds[0], out); n != msgSize {
				b.Fatalf("send: %d", n)
			}
			if n := floorRecvOnce(fds[1], in); n != msgSize {
				b.Fatalf("recv: %d", n)
			}
		}
	})
}
