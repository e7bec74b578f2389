// SPDX-License-Identifier: MIT

//go:build linux

package socketx

import (
	"bytes"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// must(f())(t) is f's value, failing the test on f's error (Go passes a multi-value
// call only as the sole argument, hence the two steps).
func must[T any](v T, err error) func(*testing.T) T {
	return func(t *testing.T) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func ok(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func pair(t *testing.T, typ int) (*Socket, *Socket) {
	t.Helper()
	a, b, err := SocketPair(AF_UNIX, typ, 0)
	ok(t, err)
	t.Cleanup(func() { a.Close(); b.Close() })
	return a, b
}

// tcpPair returns a listener and two connected TCP loopback sockets.
func tcpPair(t *testing.T) (ln, client, server *Socket) {
	t.Helper()
	ln = must(Open(AF_INET, SOCK_STREAM, 0))(t)
	t.Cleanup(func() { ln.Close() })
	ok(t, ln.SetSockOptInt(SOL_SOCKET, SO_REUSEADDR, 1))
	any := must(InetAddr("127.0.0.1", 0))(t)
	ok(t, ln.Bind(any))
	ok(t, ln.Listen(BacklogDefault))
	local := must(ln.SockName())(t)
	client = must(Open(AF_INET, SOCK_STREAM, 0))(t)
	t.Cleanup(func() { client.Close() })
	ok(t, client.Connect(local))
	server, peer, err := ln.Accept()
	ok(t, err)
	t.Cleanup(func() { server.Close() })
	cl := must(client.SockName())(t)
	if eq := must(peer.Equal(cl))(t); !eq {
		t.Fatalf("accept peer %v, client %v", peer, cl)
	}
	return ln, client, server
}

func TestVersionConstantsFamilies(t *testing.T) {
	maj, min, patch, err := Version()
	ok(t, err)
	if want := strconv.Itoa(int(maj)) + "." + strconv.Itoa(int(min)) + "." + strconv.Itoa(int(patch)); VersionString() != want {
		t.Fatalf("VersionString %q, Version %s", VersionString(), want)
	}
	amaj, _, err := ABILevel()
	ok(t, err)
	if amaj != 1 {
		t.Fatalf("ABI major %d", amaj)
	}
	if v := must(Constant("SO_REUSEADDR"))(t); v != int64(SO_REUSEADDR) {
		t.Fatalf("SO_REUSEADDR %d", v)
	}
	if _, err := Constant("NO_SUCH_CONSTANT"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown constant: %v", err)
	}
	if _, err := Constant("AF_\x00INET"); !errors.Is(err, ErrArg) {
		t.Fatalf("NUL in name: %v", err)
	}
	all := must(Constants())(t)
	if len(all) < 100 || all["AF_INET6"] != int64(AF_INET6) || all["SOCK_DGRAM"] != int64(SOCK_DGRAM) {
		t.Fatalf("Constants: %d entries, AF_INET6=%d", len(all), all["AF_INET6"])
	}
	build, kernel, err := FamilySupported(AF_UNIX)
	ok(t, err)
	if !build || !kernel {
		t.Fatalf("AF_UNIX build=%v kernel=%v", build, kernel)
	}
	if _, _, err := FamilySupported(-1); !errors.Is(err, ErrArg) {
		t.Fatalf("negative family: %v", err)
	}
}

func TestErrorCodesAndNames(t *testing.T) {
	c := must(ErrorCode("SX_ECONNREFUSED"))(t)
	if c != -Code(syscall.ECONNREFUSED) || c.Name() != "SX_ECONNREFUSED" || c.Error() == "" {
		t.Fatalf("ECONNREFUSED: %d %q %q", c, c.Name(), c.Error())
	}
	if c2 := must(ErrorCode("ETIMEOUT"))(t); c2 != ErrTimeout {
		t.Fatalf("ETIMEOUT without prefix: %d", c2)
	}
	if _, err := ErrorCode("SX_NOT_A_CODE"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown name: %v", err)
	}
	if errno, isOS := c.Errno(); !isOS || errno != syscall.ECONNREFUSED {
		t.Fatalf("Errno: %v %v", errno, isOS)
	}
	if ErrBadHandle.IsOS() || !Code(-1002).IsResolver() {
		t.Fatal("code ranges")
	}
}

func TestAddrInet(t *testing.T) {
	a := must(InetAddr("127.0.0.1", 8080))(t)
	defer a.Close()
	if f := must(a.Family())(t); f != AF_INET {
		t.Fatalf("family %d", f)
	}
	if h := must(a.Host())(t); h != "127.0.0.1" {
		t.Fatalf("host %q", h)
	}
	if p := must(a.Port())(t); p != 8080 {
		t.Fatalf("port %d", p)
	}
	if a.String() != "127.0.0.1:8080" {
		t.Fatalf("String %q", a.String())
	}
	sa := must(a.Sockaddr())(t)
	if len(sa) != 16 {
		t.Fatalf("sockaddr_in is %d bytes", len(sa))
	}
	b := must(AddrFromSockaddr(sa))(t)
	defer b.Close()
	if !must(a.Equal(b))(t) {
		t.Fatal("round trip through sockaddr bytes differs")
	}
	if _, err := a.FlowInfo(); !errors.Is(err, ErrArg) {
		t.Fatalf("flowinfo of AF_INET: %v", err)
	}
	if _, err := InetAddr("127.0.0.1", 70000); !errors.Is(err, ErrOutOfRange) {
		t.Fatalf("port 70000: %v", err)
	}
}

func TestAddrInet6(t *testing.T) {
	a := must(Inet6Addr("::1", 443, 5, 0))(t)
	defer a.Close()
	if a.String() != "[::1]:443" {
		t.Fatalf("String %q", a.String())
	}
	if v := must(a.FlowInfo())(t); v != 5 {
		t.Fatalf("flowinfo %d", v)
	}
	if v := must(a.ScopeID())(t); v != 0 {
		t.Fatalf("scope %d", v)
	}
	if h := must(a.Host())(t); h != "::1" {
		t.Fatalf("host %q", h)
	}
	lo := must(Inet6Addr("fe80::1%1", 0, 0, 0))(t)
	defer lo.Close()
	if v := must(lo.ScopeID())(t); v != 1 {
		t.Fatalf("scope from %%1: %d", v)
	}
	if _, err := a.UnixPath(); !errors.Is(err, ErrArg) {
		t.Fatalf("unix path of AF_INET6: %v", err)
	}
}

func TestAddrUnix(t *testing.T) {
	a := must(UnixAddr("/tmp/x.sock"))(t)
	defer a.Close()
	if p := must(a.UnixPath())(t); string(p) != "/tmp/x.sock" {
		t.Fatalf("path %q", p)
	}
	abs := must(UnixAddrBytes([]byte("\x00abstract\\name")))(t)
	defer abs.Close()
	if s := abs.String(); s != `@abstract\x5cname` {
		t.Fatalf("abstract text %q", s)
	}
	if p := must(abs.UnixPath())(t); !bytes.Equal(p, []byte("\x00abstract\\name")) {
		t.Fatalf("abstract bytes %q", p)
	}
	if _, err := UnixAddr(strings.Repeat("x", 200)); !errors.Is(err, ErrArg) {
		t.Fatalf("long path: %v", err)
	} else if e := (*Error)(nil); !errors.As(err, &e) || !strings.Contains(e.Detail, "too long") {
		t.Fatalf("long path detail: %#v", err)
	}
	// Longer than the first buffer readString tries (64 bytes): exercises the retry.
	long := "/" + strings.Repeat("d", 100)
	l := must(UnixAddr(long))(t)
	defer l.Close()
	if l.String() != long {
		t.Fatalf("long text %q", l.String())
	}
}

// An Addr used after Close reaches the library with its stale handle: ErrBadHandle.
func TestAddrBadHandleAndCloseIdempotent(t *testing.T) {
	a := must(InetAddr("127.0.0.1", 1))(t)
	ok(t, a.Close())
	ok(t, a.Close())
	_, err := a.Port()
	if !errors.Is(err, ErrBadHandle) {
		t.Fatalf("after close: %v", err)
	}
	if errors.Is(err, net.ErrClosed) {
		t.Fatal("an Addr's bad handle is not a closed connection")
	}
	if !strings.HasPrefix(a.String(), "<") {
		t.Fatalf("String of a closed Addr: %q", a.String())
	}
	var nilAddr *Addr
	if _, err := nilAddr.Family(); !errors.Is(err, ErrBadHandle) {
		t.Fatalf("nil Addr: %v", err)
	}
}

func TestResolverError(t *testing.T) {
	_, err := InetAddr("no-such-host.invalid", 80)
	var re *ResolverError
	if !errors.As(err, &re) {
		t.Fatalf("want *ResolverError, got %T %v", err, err)
	}
	if !re.Code.IsResolver() || re.Host != "no-such-host.invalid" || re.Timeout() {
		t.Fatalf("resolver error %#v", re)
	}
	// ".invalid" never resolves (RFC 6761): NONAME normally; a machine whose DNS server
	// is unreachable answers EAI_AGAIN instead, which is the temporary kind.
	switch re.Code.Name() {
	case "SX_EAI_NONAME":
		if !re.NotFound() || re.Temporary() {
			t.Fatalf("NONAME: NotFound %v Temporary %v", re.NotFound(), re.Temporary())
		}
	case "SX_EAI_AGAIN":
		if re.NotFound() || !re.Temporary() {
			t.Fatalf("AGAIN: NotFound %v Temporary %v", re.NotFound(), re.Temporary())
		}
	default:
		t.Logf("resolver answered %s", re.Code.Name())
	}
	if !errors.Is(err, re.Code) || !strings.Contains(err.Error(), "no-such-host.invalid") {
		t.Fatalf("resolver error text/Is: %v", err)
	}
}

func TestSocketPairStream(t *testing.T) {
	a, b := pair(t, SOCK_STREAM)
	if n, err := a.Send([]byte("hello"), 0); err != nil || n != 5 {
		t.Fatalf("send %d %v", n, err)
	}
	buf := make([]byte, 16)
	if n := must(b.Recv(buf, MSG_PEEK))(t); string(buf[:n]) != "hello" {
		t.Fatalf("peek %q", buf[:n])
	}
	if n := must(b.Recv(buf, 0))(t); string(buf[:n]) != "hello" {
		t.Fatalf("recv %q", buf[:n])
	}
	// io.Writer/io.Reader, and a payload larger than the socket buffers, so SendAll
	// has to wait for the reader in the poller.
	big := bytes.Repeat([]byte("0123456789abcdef"), 1<<16)
	done := make(chan error, 1)
	go func() {
		_, err := a.Write(big)
		if err == nil {
			err = a.Shutdown(SHUT_WR)
		}
		done <- err
	}()
	got, err := io.ReadAll(b)
	ok(t, err)
	ok(t, <-done)
	if !bytes.Equal(got, big) {
		t.Fatalf("read %d bytes, want %d", len(got), len(big))
	}
	if n, err := b.Recv(nil, 0); n != 0 || err != nil {
		t.Fatalf("empty recv %d %v", n, err)
	}
	if f := must(a.Family())(t); f != AF_UNIX {
		t.Fatalf("family %d", f)
	}
	if ty := must(a.Type())(t); ty != SOCK_STREAM {
		t.Fatalf("type %d", ty)
	}
	if p := must(a.Proto())(t); p != 0 {
		t.Fatalf("proto %d", p)
	}
	if nb := must(a.KernelNonBlocking())(t); !nb {
		t.Fatal("the library socket underneath must be non-blocking")
	}
}

func TestSocketPairDatagram(t *testing.T) {
	a, b := pair(t, SOCK_DGRAM)
	ok(t, func() error { _, err := a.Send(nil, 0); return err }())
	buf := make([]byte, 8)
	if n := must(b.Recv(buf, 0))(t); n != 0 {
		t.Fatalf("empty datagram: %d", n)
	}
	n, from, err := func() (int, *Addr, error) { a.Send([]byte("dgram"), 0); return b.RecvFrom(buf, 0) }()
	ok(t, err)
	if string(buf[:n]) != "dgram" {
		t.Fatalf("recvfrom %q", buf[:n])
	}
	_ = from // an unnamed AF_UNIX sender: the kernel may or may not give an address
}

func TestTCP(t *testing.T) {
	ln, c, s := tcpPair(t)
	if n := ln.LocalAddr().Network(); n != "tcp" {
		t.Fatalf("network %q", n)
	}
	if c.RemoteAddr().String() != ln.LocalAddr().String() {
		t.Fatalf("remote %v, listener %v", c.RemoteAddr(), ln.LocalAddr())
	}
	ok(t, c.SetSockOptInt(IPPROTO_TCP, TCP_NODELAY, 1))
	if v := must(c.GetSockOptInt(IPPROTO_TCP, TCP_NODELAY))(t); v == 0 {
		t.Fatal("TCP_NODELAY not set")
	}
	// struct linger {int l_onoff; int l_linger;} on 8 bytes, native order.
	linger := []byte{1, 0, 0, 0, 5, 0, 0, 0}
	ok(t, c.SetSockOptBytes(SOL_SOCKET, SO_LINGER, linger))
	if got := must(c.GetSockOptBytes(SOL_SOCKET, SO_LINGER, 8))(t); !bytes.Equal(got, linger) {
		t.Fatalf("SO_LINGER %v", got)
	}
	if _, err := c.GetSockOptBytes(SOL_SOCKET, SO_LINGER, 2000); !errors.Is(err, ErrArg) {
		t.Fatalf("buflen 2000: %v", err)
	}
	// A NULL value for an option that needs one: the kernel refuses it.
	err := c.SetSockOptNull(SOL_SOCKET, SO_LINGER, 8)
	var e *Error
	if !errors.As(err, &e) || !e.Code.IsOS() {
		t.Fatalf("setsockopt NULL: %v", err)
	}
	msg := []byte("over tcp")
	ok(t, func() error { _, err := c.Write(msg); return err }())
	buf := make([]byte, 32)
	if n := must(s.Read(buf))(t); string(buf[:n]) != string(msg) {
		t.Fatalf("read %q", buf[:n])
	}
	ok(t, c.Shutdown(SHUT_RDWR))
	if _, err := s.Read(buf); err != io.EOF {
		t.Fatalf("after peer shutdown: %v", err)
	}
}

func TestConnectRefused(t *testing.T) {
	// A port that was just free: bind, read the port, close.
	tmp := must(Open(AF_INET, SOCK_STREAM, 0))(t)
	ok(t, tmp.Bind(must(InetAddr("127.0.0.1", 0))(t)))
	addr := must(tmp.SockName())(t)
	tmp.Close()

	c := must(Open(AF_INET, SOCK_STREAM, 0))(t)
	defer c.Close()
	err := c.Connect(addr)
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Fatalf("connect: %v", err)
	}
	var ne net.Error
	if !errors.As(err, &ne) || ne.Timeout() {
		t.Fatalf("net.Error: %v", err)
	}
	c2 := must(Open(AF_INET, SOCK_STREAM, 0))(t)
	defer c2.Close()
	ok(t, c2.SetTimeout(2*time.Second)) // the non-blocking connect then waits in the poller
	if code := must(c2.ConnectEx(addr))(t); code != -Code(syscall.ECONNREFUSED) {
		t.Fatalf("connect_ex: %v", code)
	}
	// connect_ex's argument errors are errors, not codes.
	if _, err := c2.ConnectEx(must(UnixAddr("/x"))(t)); !errors.Is(err, ErrArg) {
		t.Fatalf("family mismatch: %v", err)
	}
}

func TestConnectModes(t *testing.T) {
	ln := must(Open(AF_INET, SOCK_STREAM, 0))(t)
	defer ln.Close()
	ok(t, ln.Bind(must(InetAddr("127.0.0.1", 0))(t)))
	ok(t, ln.Listen(16))
	addr := must(ln.SockName())(t)
	for _, timeout := range []time.Duration{Blocking, time.Second} {
		c := must(Open(AF_INET, SOCK_STREAM, 0))(t)
		ok(t, c.SetTimeout(timeout))
		ok(t, c.Connect(addr))
		c.Close()
	}
	// Non-blocking: success at once, or EINPROGRESS and then completion.
	c := must(Open(AF_INET, SOCK_STREAM, 0))(t)
	defer c.Close()
	ok(t, c.SetBlocking(false))
	code := must(c.ConnectEx(addr))(t)
	if code != 0 && code != codeInProgress {
		t.Fatalf("non-blocking connect_ex: %v", code)
	}
	conn, _, err := ln.Accept()
	ok(t, err)
	conn.Close()
}

func TestUDP(t *testing.T) {
	r := must(Open(AF_INET, SOCK_DGRAM, 0))(t)
	defer r.Close()
	ok(t, r.Bind(must(InetAddr("127.0.0.1", 0))(t)))
	dst := must(r.SockName())(t)
	w := must(Open(AF_INET, SOCK_DGRAM, 0))(t)
	defer w.Close()
	if n := must(w.SendTo([]byte("ping"), 0, dst))(t); n != 4 {
		t.Fatalf("sendto %d", n)
	}
	buf := make([]byte, 16)
	n, from, err := r.RecvFrom(buf, 0)
	ok(t, err)
	// The sender is bound implicitly to 0.0.0.0:port; the datagram comes from 127.0.0.1:port.
	wa := must(w.SockName())(t)
	if string(buf[:n]) != "ping" || must(from.Port())(t) != must(wa.Port())(t) || must(from.Host())(t) != "127.0.0.1" {
		t.Fatalf("recvfrom %q from %v, sender %v", buf[:n], from, wa)
	}
	if r.LocalAddr().Network() != "udp" {
		t.Fatalf("network %q", r.LocalAddr().Network())
	}
}

// The three timeout modes, and the module default.
func TestTimeoutModes(t *testing.T) {
	a, b := pair(t, SOCK_STREAM)
	buf := make([]byte, 8)

	// Non-blocking: EAGAIN at once.
	ok(t, b.SetBlocking(false))
	if b.Blocking() || b.Timeout() != 0 {
		t.Fatal("SetBlocking(false)")
	}
	if _, err := b.Recv(buf, 0); !errors.Is(err, syscall.EAGAIN) {
		t.Fatalf("non-blocking recv: %v", err)
	}

	// Timeout: ErrTimeout after about the timeout, which is os.ErrDeadlineExceeded and a
	// net.Error timeout; the socket stays usable.
	ok(t, b.SetTimeout(50*time.Millisecond))
	start := time.Now()
	_, err := b.Recv(buf, 0)
	if el := time.Since(start); el < 40*time.Millisecond || el > 5*time.Second {
		t.Fatalf("timeout took %v", el)
	}
	var ne net.Error
	if !errors.Is(err, ErrTimeout) || !errors.Is(err, os.ErrDeadlineExceeded) || !errors.As(err, &ne) || !ne.Timeout() || !ne.Temporary() {
		t.Fatalf("timeout error: %v", err)
	}
	if _, err := a.Send([]byte("x"), 0); err != nil {
		t.Fatal(err)
	}
	if n := must(b.Recv(buf, 0))(t); n != 1 {
		t.Fatalf("after timeout: %d", n)
	}

	// Blocking: waits until the peer sends.
	ok(t, b.SetBlocking(true))
	if b.Timeout() != Blocking || !b.Blocking() {
		t.Fatal("SetBlocking(true)")
	}
	go func() {
		time.Sleep(30 * time.Millisecond)
		a.Send([]byte("late"), 0)
	}()
	if n := must(b.Recv(buf, 0))(t); string(buf[:n]) != "late" {
		t.Fatalf("blocking recv %q", buf[:n])
	}

	// The module default applies to new sockets, not existing ones.
	old := must(DefaultTimeout())(t)
	ok(t, SetDefaultTimeout(250*time.Millisecond))
	defer SetDefaultTimeout(old)
	if d := must(DefaultTimeout())(t); d != 250*time.Millisecond {
		t.Fatalf("default %v", d)
	}
	c := must(Open(AF_INET, SOCK_STREAM, 0))(t)
	defer c.Close()
	if c.Timeout() != 250*time.Millisecond || b.Timeout() != Blocking {
		t.Fatalf("new socket %v, old %v", c.Timeout(), b.Timeout())
	}
	// A listener in timeout mode: Accept times out.
	ok(t, c.Bind(must(InetAddr("127.0.0.1", 0))(t)))
	ok(t, c.Listen(1))
	ok(t, c.SetTimeout(20*time.Millisecond))
	if _, _, err := c.Accept(); !errors.Is(err, ErrTimeout) {
		t.Fatalf("accept: %v", err)
	}
	if err := SetDefaultTimeout(-5); err != nil { // any negative duration is Blocking
		t.Fatal(err)
	}
	if d := must(DefaultTimeout())(t); d != Blocking {
		t.Fatalf("default %v", d)
	}
}

// net.Conn deadlines: a passed deadline fails reads even with data ready; clearing it
// restores them; a deadline set while a goroutine waits takes effect for it.
func TestDeadlines(t *testing.T) {
	a, b := pair(t, SOCK_STREAM)
	var conn net.Conn = b
	buf := make([]byte, 8)
	a.Send([]byte("data"), 0)
	ok(t, conn.SetReadDeadline(time.Now().Add(-time.Second)))
	if _, err := conn.Read(buf); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("past deadline: %v", err)
	}
	ok(t, conn.SetDeadline(time.Time{}))
	if n := must(conn.Read(buf))(t); string(buf[:n]) != "data" {
		t.Fatalf("read %q", buf[:n])
	}
	errc := make(chan error, 1)
	go func() { _, err := conn.Read(buf); errc <- err }()
	time.Sleep(30 * time.Millisecond)
	ok(t, conn.SetReadDeadline(time.Now().Add(20*time.Millisecond)))
	select {
	case err := <-errc:
		if !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Fatalf("waiting read: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a deadline set during a read did not end it")
	}
	ok(t, conn.SetWriteDeadline(time.Now().Add(time.Second)))
	if _, err := conn.Write([]byte("w")); err != nil {
		t.Fatal(err)
	}
}

// Once a Socket has waited (its fd is in the poller), blocking calls with no deadline take
// a shorter path; every change of the timeout mode or a deadline after that must still
// take effect at the next call, in both directions.
func TestModeChangesAfterWaiting(t *testing.T) {
	a, b := pair(t, SOCK_STREAM)
	buf := make([]byte, 8)
	late := func(p string) {
		go func() {
			time.Sleep(20 * time.Millisecond)
			a.Send([]byte(p), 0)
		}()
	}
	recvWants := func(step, want string) {
		t.Helper()
		if n, err := b.Recv(buf, 0); err != nil || string(buf[:n]) != want {
			t.Fatalf("%s: %q, %v", step, buf[:n], err)
		}
	}
	timesOut := func(step string, err error) {
		t.Helper()
		if !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Fatalf("%s: %v", step, err)
		}
	}
	late("first") // b waits, so its fd enters the poller
	recvWants("blocking", "first")

	ok(t, b.SetTimeout(30*time.Millisecond))
	_, err := b.Recv(buf, 0)
	timesOut("timeout mode", err)
	ok(t, b.SetTimeout(Blocking))
	late("again")
	recvWants("blocking after timeout mode", "again")

	ok(t, b.SetBlocking(false))
	if _, err := b.Recv(buf, 0); !errors.Is(err, syscall.EAGAIN) {
		t.Fatalf("non-blocking: %v", err)
	}
	ok(t, b.SetBlocking(true))

	a.Send([]byte("ready"), 0)
	ok(t, b.SetReadDeadline(time.Now().Add(-time.Second)))
	_, err = b.Recv(buf, 0)
	timesOut("passed deadline, data ready", err)
	ok(t, b.SetReadDeadline(time.Time{}))
	recvWants("deadline cleared", "ready")

	ok(t, b.SetReadDeadline(time.Now().Add(30*time.Millisecond)))
	_, err = b.Recv(buf, 0)
	timesOut("deadline while waiting", err)
	ok(t, b.SetReadDeadline(time.Time{}))
	late("after")
	recvWants("blocking after a deadline", "after") // the poller's deadline went too

	// The write direction: the deadline of one direction leaves the other alone.
	ok(t, b.SetWriteDeadline(time.Now().Add(-time.Second)))
	if _, err := b.Write([]byte("w")); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("passed write deadline: %v", err)
	}
	late("read")
	recvWants("read with a write deadline", "read")
	ok(t, b.SetWriteDeadline(time.Time{}))
	if n, err := b.Write([]byte("w")); n != 1 || err != nil {
		t.Fatalf("write deadline cleared: %d, %v", n, err)
	}
}

func TestCloseIdempotentAndUseAfterClose(t *testing.T) {
	a, _ := pair(t, SOCK_STREAM)
	ok(t, a.Close())
	ok(t, a.Close())
	_, err := a.Send([]byte("x"), 0)
	if !errors.Is(err, ErrBadHandle) || !errors.Is(err, net.ErrClosed) {
		t.Fatalf("send after close: %v", err)
	}
	if _, err := a.Fileno(); !errors.Is(err, ErrBadHandle) {
		t.Fatalf("fileno after close: %v", err)
	}
	if err := a.SetTimeout(0); !errors.Is(err, net.ErrClosed) {
		t.Fatalf("settimeout after close: %v", err)
	}
	if a.Handle() != 0 {
		t.Fatal("handle after close")
	}
}

// Close on one goroutine wakes another blocked in the Socket, in every waiting mode.
func TestCloseWhileBlocked(t *testing.T) {
	for _, timeout := range []time.Duration{Blocking, 10 * time.Second} {
		_, b := pair(t, SOCK_STREAM)
		ok(t, b.SetTimeout(timeout))
		errc := make(chan error, 1)
		go func() {
			_, err := b.Recv(make([]byte, 8), 0)
			errc <- err
		}()
		time.Sleep(50 * time.Millisecond) // let it block
		ok(t, b.Close())
		select {
		case err := <-errc:
			if !errors.Is(err, net.ErrClosed) || !errors.Is(err, ErrClosed) {
				t.Fatalf("timeout %v: blocked recv got %v", timeout, err)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("timeout %v: Close did not wake the blocked Recv", timeout)
		}
	}
}

func TestAdoptFromFDDetachDupInheritable(t *testing.T) {
	fds, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
	ok(t, err)
	a := must(Adopt(fds[0], Detect, Detect, Detect))(t) // owns fds[0]
	defer a.Close()
	if f := must(a.Family())(t); f != AF_UNIX {
		t.Fatalf("adopt family %d", f)
	}
	b := must(FromFD(fds[1], AF_UNIX, SOCK_STREAM, 0))(t) // a duplicate
	defer b.Close()
	syscall.Close(fds[1])
	a.Send([]byte("adopted"), 0)
	buf := make([]byte, 16)
	if n := must(b.Recv(buf, 0))(t); string(buf[:n]) != "adopted" {
		t.Fatalf("recv %q", buf[:n])
	}
	d := must(b.Dup())(t)
	defer d.Close()
	if d.Timeout() != b.Timeout() {
		t.Fatal("dup timeout")
	}
	if inh := must(d.Inheritable())(t); inh {
		t.Fatal("new fds are close-on-exec")
	}
	ok(t, d.SetInheritable(true))
	if inh := must(d.Inheritable())(t); !inh {
		t.Fatal("set_inheritable")
	}
	// Detach: the fd is ours, in blocking mode (the Socket was blocking), still open.
	ok(t, b.SetTimeout(Blocking))
	fd := must(b.Detach())(t)
	defer syscall.Close(fd)
	if _, err := b.Fileno(); !errors.Is(err, ErrBadHandle) {
		t.Fatalf("after detach: %v", err)
	}
	flags, _, errno := syscall.Syscall(syscall.SYS_FCNTL, uintptr(fd), syscall.F_GETFL, 0)
	if errno != 0 || flags&syscall.O_NONBLOCK != 0 {
		t.Fatalf("detached fd flags %#x errno %v", flags, errno)
	}
	a.Send([]byte("raw"), 0)
	if n, err := syscall.Read(fd, buf); err != nil || string(buf[:n]) != "raw" {
		t.Fatalf("raw read %q %v", buf[:n], err)
	}
	if _, err := Adopt(-1, Detect, Detect, Detect); !errors.Is(err, ErrArg) {
		t.Fatalf("adopt -1: %v", err)
	}
	// As Python's socket(): -1 is the default family; other negative ones are the kernel's to refuse.
	if _, err := Open(-2, SOCK_STREAM, 0); !errors.Is(err, syscall.EAFNOSUPPORT) {
		t.Fatalf("open family -2: %v", err)
	}
}

func fdCount(t *testing.T) int {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	ok(t, err)
	return len(ents)
}

// Forgotten sockets are closed by the garbage collector: the fd count comes back.
func TestGarbageCollectionClosesForgottenSockets(t *testing.T) {
	const n = 10000
	base := fdCount(t)
	var peak int
	func() {
		kept := make([]*Socket, 0, n) // held until the count, so no collection can run first
		for i := 0; i < n; i++ {
			s, err := Open(AF_INET, SOCK_DGRAM, 0)
			ok(t, err)
			if i%500 == 0 {
				// Some have waited, so they also hold the poller's fd duplicate; half of
				// those are blocking again, so their calls would take the steady path.
				s.SetTimeout(time.Millisecond)
				s.Recv(make([]byte, 1), 0)
				if i%1000 == 0 {
					s.SetTimeout(Blocking)
				}
			}
			kept = append(kept, s)
		}
		peak = fdCount(t)
		runtime.KeepAlive(kept)
	}()
	if peak < base+n {
		t.Fatalf("only %d fds over the baseline with %d sockets open", peak-base, n)
	}
	var now int
	for i := 0; i < 100; i++ {
		runtime.GC()
		time.Sleep(20 * time.Millisecond)
		if now = fdCount(t); now <= base {
			break
		}
	}
	t.Logf("fds: baseline %d, with %d forgotten sockets %d, after GC %d", base, n, peak, now)
	if now > base {
		t.Fatalf("%d fds leaked", now-base)
	}
}

func threadCount(t *testing.T) int {
	t.Helper()
	b, err := os.ReadFile("/proc/self/status")
	ok(t, err)
	m := regexp.MustCompile(`(?m)^Threads:\s+(\d+)`).FindSubmatch(b)
	if m == nil {
		t.Fatal("no Threads: line")
	}
	v, _ := strconv.Atoi(string(m[1]))
	return v
}

// 1,000 goroutines blocked in Recv park in the runtime poller: they do not hold 1,000
// OS threads.
func TestThousandBlockedReceiversDoNotHoldThreads(t *testing.T) {
	const n = 1000
	writers := make([]*Socket, n)
	readers := make([]*Socket, n)
	for i := range writers {
		writers[i], readers[i] = pair(t, SOCK_STREAM)
	}
	before := threadCount(t)
	var started, wg sync.WaitGroup
	started.Add(n)
	wg.Add(n)
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		go func(r *Socket) {
			defer wg.Done()
			buf := make([]byte, 1)
			started.Done()
			if n, err := r.Recv(buf, 0); err != nil || n != 1 {
				errs <- err
			}
		}(readers[i])
	}
	started.Wait()
	time.Sleep(300 * time.Millisecond) // all of them reach the poller
	during := threadCount(t)
	for _, w := range writers {
		if _, err := w.Send([]byte{1}, 0); err != nil {
			t.Fatal(err)
		}
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("receivers not all woken")
	}
	close(errs)
	for err := range errs {
		t.Fatalf("receiver: %v", err)
	}
	t.Logf("threads: %d before, %d with %d goroutines blocked in Recv", before, during, n)
	if during > 100 {
		t.Fatalf("%d threads for %d blocked receivers", during, n)
	}
}

// Every function of the generated package is used by this package's own sources, or
// its C function is called by the package's hand-written cgo (the batch data path,
// batch.go): the whole C API is reachable from Go.
func TestEveryNativeFunctionIsWrapped(t *testing.T) {
	gen, err := os.ReadFile(filepath.Join("internal", "native", "native.go"))
	ok(t, err)
	var src strings.Builder
	files, _ := filepath.Glob("*.go")
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		ok(t, err)
		src.Write(b)
	}
	funcs := regexp.MustCompile(`(?m)^func (Sx_\w+)\(`).FindAllSubmatch(gen, -1)
	if len(funcs) < 60 {
		t.Fatalf("only %d functions in the generated package", len(funcs))
	}
	for _, m := range funcs {
		viaNative := regexp.MustCompile(`native\.` + string(m[1]) + `\b`).MatchString(src.String())
		viaCgo := regexp.MustCompile(`\b` + strings.ToLower(string(m[1][:1])) + string(m[1][1:]) + `\(`).MatchString(src.String())
		if !viaNative && !viaCgo {
			t.Errorf("%s is not wrapped", m[1])
		}
	}
}
