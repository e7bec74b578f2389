// SPDX-License-Identifier: MIT

//go:build linux

package socketx

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"math/big"
	"net"
	"net/http"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"
)

// AF_UNIX stream server on a filesystem path, and autobind to an abstract name.
func TestUnixPathServerAndAutobind(t *testing.T) {
	path := filepath.Join(t.TempDir(), "srv.sock")
	ln := must(Open(AF_UNIX, SOCK_STREAM, 0))(t)
	defer ln.Close()
	ok(t, ln.Bind(must(UnixAddr(path))(t)))
	ok(t, ln.Listen(4))
	if ln.LocalAddr().String() != path || ln.LocalAddr().Network() != "unix" {
		t.Fatalf("local %v %q", ln.LocalAddr(), ln.LocalAddr().Network())
	}
	c := must(Open(AF_UNIX, SOCK_STREAM, 0))(t)
	defer c.Close()
	ok(t, c.Bind(must(UnixAddr(""))(t))) // autobind: the kernel picks an abstract name
	name := must(must(c.SockName())(t).UnixPath())(t)
	if len(name) < 2 || name[0] != 0 {
		t.Fatalf("autobind name %q", name)
	}
	ok(t, c.Connect(must(UnixAddr(path))(t)))
	s, peer, err := ln.Accept()
	ok(t, err)
	defer s.Close()
	if got := must(peer.UnixPath())(t); !bytes.Equal(got, name) {
		t.Fatalf("peer %q, client %q", got, name)
	}
}

// A send to a closed peer is EPIPE, an OS error, and raises no SIGPIPE (the test
// process would die of it).
func TestSendToClosedPeerIsEPIPE(t *testing.T) {
	a, b := pair(t, SOCK_STREAM)
	ok(t, b.Close())
	_, err := a.Send([]byte("x"), 0)
	if !errors.Is(err, syscall.EPIPE) {
		t.Fatalf("send to closed peer: %v", err)
	}
	var e *Error
	if !errors.As(err, &e) || !e.Code.IsOS() || e.Code.Name() != "SX_EPIPE" {
		t.Fatalf("EPIPE error: %#v", err)
	}
}

// Options by run-time name, for constants this package does not re-export.
func TestOptionByConstantName(t *testing.T) {
	a, _ := pair(t, SOCK_STREAM)
	rcvbuf := must(Constant("SO_RCVBUF"))(t)
	ok(t, a.SetSockOptInt(SOL_SOCKET, int(rcvbuf), 65536))
	if v := must(a.GetSockOptInt(SOL_SOCKET, int(rcvbuf)))(t); v < 65536 {
		t.Fatalf("SO_RCVBUF %d", v)
	}
	if v := must(a.GetSockOptInt(SOL_SOCKET, SO_TYPE))(t); v != int64(SOCK_STREAM) {
		t.Fatalf("SO_TYPE %d", v)
	}
}

// Both directions at once on each end, with the race detector watching the
// per-direction operation records.
func TestFullDuplex(t *testing.T) {
	a, b := pair(t, SOCK_STREAM)
	payload := bytes.Repeat([]byte("duplex!"), 150000) // ~1 MB, more than the buffers
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for _, s := range []*Socket{a, b} {
		s := s
		wg.Add(2)
		go func() {
			defer wg.Done()
			_, err := s.Write(payload)
			errs <- err
		}()
		go func() {
			defer wg.Done()
			got := make([]byte, len(payload))
			_, err := io.ReadFull(s, got)
			if err == nil && !bytes.Equal(got, payload) {
				err = errors.New("payload differs")
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		ok(t, err)
	}
}

// Close wakes a goroutine blocked in Accept, and one blocked in SendAll on a full buffer.
func TestCloseWakesAcceptAndSendAll(t *testing.T) {
	ln := must(Open(AF_INET, SOCK_STREAM, 0))(t)
	ok(t, ln.Bind(must(InetAddr("127.0.0.1", 0))(t)))
	ok(t, ln.Listen(1))
	a, _ := pair(t, SOCK_STREAM)
	errc := make(chan error, 2)
	go func() { _, _, err := ln.Accept(); errc <- err }()
	go func() { _, err := a.SendAll(make([]byte, 8<<20), 0); errc <- err }()
	time.Sleep(100 * time.Millisecond)
	ok(t, ln.Close())
	ok(t, a.Close())
	for i := 0; i < 2; i++ {
		select {
		case err := <-errc:
			if !errors.Is(err, net.ErrClosed) {
				t.Fatalf("woken call: %v", err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("Close did not wake a blocked call")
		}
	}
}

// A Socket is a net.Conn that crypto/tls can run over: handshake, data both ways.
func TestTLSOverSocket(t *testing.T) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ok(t, err)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		DNSNames:     []string{"socketx.test"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	ok(t, err)
	cert, err := x509.ParseCertificate(der)
	ok(t, err)
	pool := x509.NewCertPool()
	pool.AddCert(cert)

	_, c, s := tcpPair(t)
	srv := tls.Server(s, &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}})
	cli := tls.Client(c, &tls.Config{RootCAs: pool, ServerName: "socketx.test"})
	done := make(chan error, 1)
	go func() {
		buf := make([]byte, 5)
		if _, err := io.ReadFull(srv, buf); err != nil {
			done <- err
			return
		}
		_, err := srv.Write(bytes.ToUpper(buf))
		done <- err
	}()
	ok(t, cli.SetDeadline(time.Now().Add(10*time.Second)))
	_, err = cli.Write([]byte("hello"))
	ok(t, err)
	buf := make([]byte, 5)
	_, err = io.ReadFull(cli, buf)
	ok(t, err)
	ok(t, <-done)
	if string(buf) != "HELLO" {
		t.Fatalf("over TLS: %q", buf)
	}
}

// The data path does not allocate: a buffer's address and length reach C by value
// (socketx_go.i), and the operation records are reused, so a Send, a SendAll and two
// Recvs cost nothing on the heap, before and after the Socket has been registered with
// the poller. Closures, out-parameters or buffer pairs allocated per call would show up
// here.
func TestDataPathDoesNotAllocate(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates on its own")
	}
	a, b := pair(t, SOCK_STREAM)
	msg := []byte("0123456789")
	buf := make([]byte, len(msg))
	roundTrip := func() {
		if _, err := a.Send(msg, 0); err != nil {
			t.Fatal(err)
		}
		if _, err := a.SendAll(msg, 0); err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 2; i++ {
			if _, err := io.ReadFull(b, buf); err != nil {
				t.Fatal(err)
			}
		}
	}
	if n := testing.AllocsPerRun(200, roundTrip); n > 0 {
		t.Fatalf("%v allocations per round trip before any wait", n)
	}
	// Make b wait once, so it now goes through the runtime poller.
	go func() { time.Sleep(20 * time.Millisecond); a.Send(msg, 0) }()
	if _, err := io.ReadFull(b, buf); err != nil {
		t.Fatal(err)
	}
	if n := testing.AllocsPerRun(200, roundTrip); n > 0 {
		t.Fatalf("%v allocations per round trip through the poller", n)
	}
}

// net/http serves over a socketx listener, and its client dials through socketx: the
// Socket works wherever package net's types are expected.
func TestHTTPOverSocketx(t *testing.T) {
	ln := must(Open(AF_INET, SOCK_STREAM, 0))(t)
	ok(t, ln.Bind(must(InetAddr("127.0.0.1", 0))(t)))
	ok(t, ln.Listen(BacklogDefault))
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "hello "+r.URL.Path)
	})}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln.Listener()) }()
	dial := func(ctx context.Context, network, addr string) (net.Conn, error) {
		host, port, err := net.SplitHostPort(addr)
		if err != nil {
			return nil, err
		}
		p, err := strconv.Atoi(port)
		if err != nil {
			return nil, err
		}
		a, err := InetAddr(host, p)
		if err != nil {
			return nil, err
		}
		c, err := Open(AF_INET, SOCK_STREAM, 0)
		if err != nil {
			return nil, err
		}
		if err := c.SetTimeout(5 * time.Second); err != nil {
			return nil, err
		}
		if err := c.Connect(a); err != nil {
			c.Close()
			return nil, err
		}
		return c, nil
	}
	client := &http.Client{Transport: &http.Transport{DialContext: dial}, Timeout: 10 * time.Second}
	for i := 0; i < 3; i++ { // keep-alive: later requests reuse the connection
		resp, err := client.Get("http://" + ln.LocalAddr().String() + "/socketx")
		ok(t, err)
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		ok(t, err)
		if string(body) != "hello /socketx" {
			t.Fatalf("body %q", body)
		}
	}
	client.CloseIdleConnections()
	ok(t, srv.Close())
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		t.Fatalf("Serve: %v", err)
	}
}

// A buffer that is part of an allocation holding Go pointers (a struct field, as in
// net/http's connReader) goes to C without a copy and without tripping cgo's check,
// which rejects such memory when it is passed as a slice.
func TestBufferInsideStructWithPointers(t *testing.T) {
	type holder struct {
		next *holder
		buf  [16]byte
		name string
	}
	h := &holder{name: "has pointers"}
	h.next = h
	a, b := pair(t, SOCK_STREAM)
	copy(h.buf[:], "abcd")
	if n := must(a.Send(h.buf[:4], 0))(t); n != 4 {
		t.Fatalf("send %d", n)
	}
	got := &holder{name: "also"}
	if n := must(b.Recv(got.buf[:], 0))(t); string(got.buf[:n]) != "abcd" {
		t.Fatalf("recv %q", got.buf[:n])
	}
	ok(t, a.SetSockOptBytes(SOL_SOCKET, SO_LINGER, h.buf[8:16]))
}
