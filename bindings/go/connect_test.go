// SPDX-License-Identifier: MIT

//go:build linux

package socketx

import (
	"errors"
	"strings"
	"syscall"
	"testing"
	"time"
)

// loopbackServer is a CreateServer listener on 127.0.0.1 and its port.
func loopbackServer(t *testing.T) (*Socket, int) {
	t.Helper()
	a := must(InetAddr("127.0.0.1", 0))(t)
	defer a.Close()
	ln := must(CreateServer(a, BacklogDefault, false, false))(t)
	t.Cleanup(func() { ln.Close() })
	local := must(ln.SockName())(t)
	defer local.Close()
	return ln, must(local.Port())(t)
}

// refusedPort is a loopback port nobody listens on: bound, then released.
func refusedPort(t *testing.T) int {
	t.Helper()
	s := must(Open(AF_INET, SOCK_STREAM, 0))(t)
	defer s.Close()
	a := must(InetAddr("127.0.0.1", 0))(t)
	defer a.Close()
	ok(t, s.Bind(a))
	local := must(s.SockName())(t)
	defer local.Close()
	return must(local.Port())(t)
}

// exchange checks that c is connected to a connection the listener accepts.
func exchange(t *testing.T, ln, c *Socket) {
	t.Helper()
	srv, peer, err := ln.Accept()
	ok(t, err)
	defer srv.Close()
	defer peer.Close()
	must(c.SendAll([]byte("ping"), 0))(t)
	buf := make([]byte, 4)
	if n := must(srv.Recv(buf, MSG_WAITALL))(t); string(buf[:n]) != "ping" {
		t.Fatalf("received %q", buf[:n])
	}
}

func TestCreateConnection(t *testing.T) {
	ln, port := loopbackServer(t)
	if ln.Timeout() != Blocking {
		t.Fatalf("server timeout %v", ln.Timeout())
	}

	// Without WithTimeout: the module default (Blocking unless SetDefaultTimeout).
	c := must(CreateConnection("127.0.0.1", port))(t)
	defer c.Close()
	if want := must(DefaultTimeout())(t); c.Timeout() != want {
		t.Fatalf("default timeout %v, want %v", c.Timeout(), want)
	}
	exchange(t, ln, c)

	orig := must(DefaultTimeout())(t)
	defer SetDefaultTimeout(orig)
	ok(t, SetDefaultTimeout(3*time.Second))
	d := must(CreateConnection("localhost", port))(t)
	defer d.Close()
	if d.Timeout() != 3*time.Second {
		t.Fatalf("module default not kept: %v", d.Timeout())
	}
	exchange(t, ln, d)
	// WithTimeout(Blocking) is "none", unlike the default.
	b := must(CreateConnection("localhost", port, WithTimeout(Blocking)))(t)
	defer b.Close()
	if b.Timeout() != Blocking {
		t.Fatalf("explicit none: %v", b.Timeout())
	}
	exchange(t, ln, b)
	ok(t, SetDefaultTimeout(orig))

	e := must(CreateConnection("localhost", port, WithTimeout(2*time.Second), WithTimeout(TimeoutDefault), WithTimeout(2*time.Second)))(t)
	defer e.Close()
	if e.Timeout() != 2*time.Second {
		t.Fatalf("timeout %v", e.Timeout())
	}
	exchange(t, ln, e)

	// The source address is bound before connecting; the caller keeps it.
	src := must(InetAddr("127.0.0.1", 0))(t)
	defer src.Close()
	f := must(CreateConnection("127.0.0.1", port, WithSourceAddress(src), WithAllErrors()))(t)
	defer f.Close()
	local := must(f.SockName())(t)
	defer local.Close()
	if h, _ := hostPort(t, local); h != "127.0.0.1" {
		t.Fatalf("source host %s", h)
	}
	if _, err := src.Family(); err != nil {
		t.Fatalf("source address consumed: %v", err)
	}
	exchange(t, ln, f)

	// "" is Python's None: the loopback addresses (::1 may refuse first, then 127.0.0.1).
	g := must(CreateConnection("", port, WithHappyEyeballs(), WithTimeout(5*time.Second)))(t)
	defer g.Close()
	exchange(t, ln, g)
}

func TestCreateConnectionErrors(t *testing.T) {
	port := refusedPort(t)
	_, err := CreateConnection("127.0.0.1", port)
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Fatalf("refused: %v", err)
	}
	var ce *ConnectError
	if errors.As(err, &ce) {
		t.Fatalf("plain mode gave a ConnectError: %v", err)
	}

	for _, opt := range []DialOption{WithAllErrors(), WithHappyEyeballs()} {
		_, err = CreateConnection("127.0.0.1", port, opt, WithTimeout(5*time.Second))
		if !errors.As(err, &ce) {
			t.Fatalf("want *ConnectError, got %T %v", err, err)
		}
		if len(ce.Attempts) != 1 || ce.Dropped != 0 || ce.Port != port || ce.Host != "127.0.0.1" {
			t.Fatalf("attempts %+v", ce)
		}
		if !errors.Is(ce.Attempts[0], syscall.ECONNREFUSED) || !errors.Is(err, syscall.ECONNREFUSED) || ce.Timeout() {
			t.Fatalf("attempt errors: %v", err)
		}
		if !strings.Contains(err.Error(), "1 attempts failed") {
			t.Fatalf("message %q", err.Error())
		}
	}

	_, err = CreateConnection("no-such-host.invalid", 80, WithAllErrors())
	var re *ResolverError
	if !errors.As(err, &re) || re.Host != "no-such-host.invalid" {
		t.Fatalf("unknown host: %T %v", err, err)
	}
	_, err = CreateConnection("127.0.0.1\x00x", port)
	wantCode(t, "NUL host", err, ErrArg)
	_, err = CreateConnection("127.0.0.1", 1<<40)
	wantCode(t, "port beyond int32", err, ErrOutOfRange)
	closed := must(InetAddr("127.0.0.1", 0))(t)
	closed.Close()
	_, err = CreateConnection("127.0.0.1", port, WithSourceAddress(closed))
	wantCode(t, "closed source", err, ErrBadHandle)
}

func TestCreateServer(t *testing.T) {
	ln, port := loopbackServer(t)
	// Same port again, without SO_REUSEPORT: the bind fails and the detail says where.
	a := must(InetAddr("127.0.0.1", port))(t)
	defer a.Close()
	_, err := CreateServer(a, 5, false, false)
	var e *Error
	if !errors.Is(err, syscall.EADDRINUSE) || !errors.As(err, &e) || !strings.Contains(e.Detail, "while attempting to bind") {
		t.Fatalf("second server: %v", err)
	}
	_, err = CreateServer(a, 5, false, true)
	wantCode(t, "dualstack on AF_INET", err, ErrArg)
	_ = ln

	// Two SO_REUSEPORT servers share a port.
	any := must(InetAddr("127.0.0.1", 0))(t)
	defer any.Close()
	r1 := must(CreateServer(any, BacklogDefault, true, false))(t)
	defer r1.Close()
	l1 := must(r1.SockName())(t)
	defer l1.Close()
	same := must(InetAddr("127.0.0.1", must(l1.Port())(t)))(t)
	defer same.Close()
	r2 := must(CreateServer(same, BacklogDefault, true, false))(t)
	r2.Close()

	if has := must(HasDualStackIPv6())(t); has {
		wild := must(Inet6Addr("::", 0, 0, 0))(t)
		defer wild.Close()
		ds := must(CreateServer(wild, BacklogDefault, false, true))(t)
		defer ds.Close()
		if v6only := must(ds.GetSockOptInt(int(must(Constant("IPPROTO_IPV6"))(t)), int(must(Constant("IPV6_V6ONLY"))(t))))(t); v6only != 0 {
			t.Fatal("dual-stack server is IPV6_V6ONLY")
		}
		dl := must(ds.SockName())(t)
		defer dl.Close()
		c := must(CreateConnection("127.0.0.1", must(dl.Port())(t), WithTimeout(5*time.Second)))(t)
		defer c.Close()
		exchange(t, ds, c)
	} else {
		t.Log("no dual-stack IPv6 here")
	}
	var nilAddr *Addr
	_, err = CreateServer(nilAddr, 5, false, false)
	wantCode(t, "nil address", err, ErrBadHandle)
}

func TestHasIPv6(t *testing.T) {
	has := must(HasIPv6())(t)
	s, err := Open(AF_INET6, SOCK_STREAM, 0)
	if err == nil {
		s.Close()
	}
	if has != (err == nil) {
		t.Fatalf("has_ipv6 %v, but opening an AF_INET6 socket: %v", has, err)
	}
	dual := must(HasDualStackIPv6())(t)
	if dual && !has {
		t.Fatal("dual stack without IPv6")
	}
}

func TestFdCloseDup(t *testing.T) {
	a, _ := pair(t, SOCK_STREAM)
	fd := must(a.Fileno())(t)
	d := must(DupFd(fd))(t)
	if d == fd || d < 0 {
		t.Fatalf("dup gave %d", d)
	}
	// The copy is close-on-exec, as Python's socket.dup makes it.
	flags, _, errno := syscall.Syscall(syscall.SYS_FCNTL, uintptr(d), syscall.F_GETFD, 0)
	if errno != 0 || flags&syscall.FD_CLOEXEC == 0 {
		t.Fatalf("dup flags %#x %v", flags, errno)
	}
	// The copy is the same socket: adopting it sees a stream socket.
	s := must(Adopt(d, Detect, Detect, Detect))(t)
	if typ := must(s.Type())(t); typ != SOCK_STREAM {
		t.Fatalf("dup type %d", typ)
	}
	d2 := must(s.Detach())(t)
	ok(t, CloseFd(d2))

	// An fd far above any open one: EBADF, without the risk of closing a reused number.
	const unused = 1 << 29
	if err := CloseFd(unused); !errors.Is(err, syscall.EBADF) {
		t.Fatalf("close(unused): %v", err)
	}
	if _, err := DupFd(unused); !errors.Is(err, syscall.EBADF) {
		t.Fatalf("dup(unused): %v", err)
	}
	wantCode(t, "close(-1)", CloseFd(-1), ErrArg)
	_, err := DupFd(-1 << 40)
	wantCode(t, "dup(very negative)", err, ErrArg)
	wantCode(t, "close(beyond int32)", CloseFd(1<<32), ErrOutOfRange)
	_, err = DupFd(1 << 32)
	wantCode(t, "dup(beyond int32)", err, ErrOutOfRange)
}
