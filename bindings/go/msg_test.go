// SPDX-License-Identifier: MIT

//go:build linux

package socketx

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unsafe"
)

// rawCmsg is one control message in the kernel's layout.
func rawCmsg(level, typ int, data []byte) []byte {
	b := make([]byte, syscall.CmsgSpace(len(data)))
	h := (*syscall.Cmsghdr)(unsafe.Pointer(&b[0]))
	h.Level, h.Type = int32(level), int32(typ)
	h.SetLen(syscall.CmsgLen(len(data)))
	copy(b[syscall.CmsgLen(0):], data)
	return b
}

// tempFile makes a file holding content, open for reading at offset 0.
func tempFile(t *testing.T, content []byte) *os.File {
	t.Helper()
	path := filepath.Join(t.TempDir(), "data")
	ok(t, os.WriteFile(path, content, 0o600))
	f, err := os.Open(path)
	ok(t, err)
	t.Cleanup(func() { f.Close() })
	return f
}

func wantErrCode(t *testing.T, what string, err error, c Code) {
	t.Helper()
	if !errors.Is(err, c) {
		t.Fatalf("%s: got %v, want %s", what, err, c.Name())
	}
}

func readAllFrom(t *testing.T, f *os.File) string {
	t.Helper()
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(f)
	ok(t, err)
	return string(b)
}

// SCM_RIGHTS through SendMsg/RecvMsg with typed items, and through WriteMsg/ReadMsg with
// the net package's raw oob bytes.
func TestSendRecvMsgRights(t *testing.T) {
	a, b := pair(t, SOCK_STREAM)
	f1 := tempFile(t, []byte("first file"))
	f2 := tempFile(t, []byte("second file"))

	anc := must(NewMsg(Rights(f1, f2)))(t)
	defer anc.Close()
	if n := must(a.SendMsg([][]byte{[]byte("he"), []byte("llo")}, anc, 0, nil))(t); n != 5 {
		t.Fatalf("sendmsg sent %d", n)
	}
	buf1, buf2 := make([]byte, 2), make([]byte, 10)
	m := must(b.RecvMsg([][]byte{buf1, buf2}, syscall.CmsgSpace(2*4), 0))(t)
	defer m.Close()
	if n := must(m.NBytes())(t); n != 5 || string(buf1)+string(buf2[:3]) != "hello" {
		t.Fatalf("recvmsg %d bytes: %q %q", n, buf1, buf2[:3])
	}
	if fl := must(m.Flags())(t); fl&MSG_CTRUNC != 0 {
		t.Fatalf("flags %#x", fl)
	}
	if a := must(m.Addr())(t); a != nil {
		t.Fatalf("a socketpair stream has no sender address, got %v", a)
	}
	items := must(m.Items())(t)
	if len(items) != 1 || !items[0].IsRights() || len(items[0].Data) != 8 {
		t.Fatalf("items %+v", items)
	}
	if n := must(m.NumFDs())(t); n != 2 {
		t.Fatalf("%d fds", n)
	}
	files := must(items[0].Files())(t)
	defer func() {
		for _, f := range files {
			f.Close()
		}
	}()
	if got := readAllFrom(t, files[0]) + "|" + readAllFrom(t, files[1]); got != "first file|second file" {
		t.Fatalf("received files hold %q", got)
	}
	// Taken: a second take fails.
	_, err := m.TakeFD(0)
	wantErrCode(t, "take twice", err, ErrArg)
	_, err = m.TakeFD(2)
	wantErrCode(t, "take past the last", err, ErrOutOfRange)

	// The net package's shape: raw oob in, raw oob out.
	fd1 := must(fileFD("test", f1))(t)
	n, oobn, err := a.WriteMsg([]byte("x"), syscall.UnixRights(fd1), nil)
	ok(t, err)
	if n != 1 || oobn != len(syscall.UnixRights(fd1)) {
		t.Fatalf("writemsg %d %d", n, oobn)
	}
	oob := make([]byte, 64)
	n, oobn, flags, from, err := b.ReadMsg(make([]byte, 8), oob, 0)
	ok(t, err)
	if n != 1 || flags&MSG_CTRUNC != 0 || from != nil {
		t.Fatalf("readmsg n=%d flags=%#x from=%v", n, flags, from)
	}
	cms, err := syscall.ParseSocketControlMessage(oob[:oobn])
	ok(t, err)
	if len(cms) != 1 {
		t.Fatalf("%d control messages", len(cms))
	}
	fds, err := syscall.ParseUnixRights(&cms[0])
	ok(t, err)
	if len(fds) != 1 {
		t.Fatalf("%d fds", len(fds))
	}
	got := os.NewFile(uintptr(fds[0]), "got")
	defer got.Close()
	if s := readAllFrom(t, got); s != "first file" {
		t.Fatalf("ReadMsg's descriptor reads %q", s)
	}
	// Received descriptors are close-on-exec.
	if fl, _, e := syscall.Syscall(syscall.SYS_FCNTL, uintptr(fds[0]), syscall.F_GETFD, 0); e != 0 || fl&syscall.FD_CLOEXEC == 0 {
		t.Fatalf("received fd flags %#x, %v", fl, e)
	}
}

// A control buffer too small for the descriptors sent: MSG_CTRUNC, and none leaks.
func TestRecvMsgTruncatedRightsLeaksNothing(t *testing.T) {
	a, b := pair(t, SOCK_STREAM)
	f := tempFile(t, []byte("x"))
	base := fdCount(t)
	files := []*os.File{f, f, f, f, f, f, f, f}
	if _, err := a.SendFiles([]byte("y"), files...); err != nil {
		t.Fatal(err)
	}
	n, got, flags, err := b.RecvFiles(make([]byte, 4), 2)
	ok(t, err)
	for _, g := range got {
		g.Close()
	}
	if n != 1 || len(got) != 2 || flags&MSG_CTRUNC == 0 {
		t.Fatalf("recv_fds: n=%d files=%d flags=%#x", n, len(got), flags)
	}
	if now := fdCount(t); now != base {
		t.Fatalf("fds: %d before, %d after", base, now)
	}
}

// Descriptor passing between two processes: the test binary runs itself as the
// receiver (TestHelperProcess), which gets one end of a socketpair as fd 3, receives a
// file over it and prints what the file holds.
func TestFDPassingBetweenProcesses(t *testing.T) {
	fds, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
	ok(t, err)
	parentEnd, err := Adopt(fds[0], Detect, Detect, Detect)
	ok(t, err)
	defer parentEnd.Close()
	childEnd := os.NewFile(uintptr(fds[1]), "child-end")
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")
	cmd.Env = append(os.Environ(), "SOCKETX_TEST_HELPER=recvfile")
	cmd.ExtraFiles = []*os.File{childEnd}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	ok(t, cmd.Start())
	childEnd.Close()

	content := fmt.Sprintf("a file from process %d\n", os.Getpid())
	f := tempFile(t, []byte(content))
	ok(t, parentEnd.SetTimeout(10*time.Second))
	if _, err := parentEnd.SendFiles([]byte("F"), f); err != nil {
		t.Fatal(err)
	}
	// The child checks the peer credentials: they are ours.
	if err := cmd.Wait(); err != nil {
		t.Fatalf("helper: %v\n%s", err, out.String())
	}
	want := "peer pid " + fmt.Sprint(os.Getpid()) + "\n" + content
	if !strings.Contains(out.String(), want) {
		t.Fatalf("helper printed %q, want %q", out.String(), want)
	}
}

func TestHelperProcess(t *testing.T) {
	if os.Getenv("SOCKETX_TEST_HELPER") != "recvfile" {
		t.Skip("a helper for other tests")
	}
	s, err := Adopt(3, Detect, Detect, Detect)
	if err != nil {
		fmt.Fprintln(os.Stderr, "adopt:", err)
		os.Exit(1)
	}
	s.SetTimeout(10 * time.Second)
	cred, err := s.PeerCred()
	if err != nil {
		fmt.Fprintln(os.Stderr, "peercred:", err)
		os.Exit(1)
	}
	n, files, _, err := s.RecvFiles(make([]byte, 1), 1)
	if err != nil || n != 1 || len(files) != 1 {
		fmt.Fprintln(os.Stderr, "recv_fds:", n, len(files), err)
		os.Exit(1)
	}
	b, err := io.ReadAll(files[0])
	if err != nil {
		fmt.Fprintln(os.Stderr, "read:", err)
		os.Exit(1)
	}
	fmt.Printf("peer pid %d\n%s", cred.Pid, b)
	os.Exit(0)
}

func TestCredentials(t *testing.T) {
	a, b := pair(t, SOCK_DGRAM)
	// SO_PEERCRED: a socketpair's peer is this process.
	cred := must(a.PeerCred())(t)
	if int(cred.Pid) != os.Getpid() || int(cred.Uid) != os.Getuid() || int(cred.Gid) != os.Getgid() {
		t.Fatalf("peercred %+v", cred)
	}
	ok(t, b.SetSockOptInt(SOL_SOCKET, SO_PASSCRED, 1))
	me := syscall.Ucred{Pid: int32(os.Getpid()), Uid: uint32(os.Getuid()), Gid: uint32(os.Getgid())}
	if _, err := a.WriteMsgControl([]byte("c"), nil, Credentials(me)); err != nil {
		t.Fatal(err)
	}
	m := must(b.RecvMsg([][]byte{make([]byte, 4)}, 64, 0))(t)
	defer m.Close()
	c, found, err := m.Find(SOL_SOCKET, SCM_CREDENTIALS)
	ok(t, err)
	if !found {
		t.Fatal("no SCM_CREDENTIALS item")
	}
	got := must(c.Credentials())(t)
	if *got != me {
		t.Fatalf("credentials %+v, want %+v", got, me)
	}
	// Typed accessors of another kind fail cleanly.
	_, err = c.PacketInfo()
	wantErrCode(t, "pktinfo of a credentials item", err, ErrArg)
	_, err = c.Timestamp()
	wantErrCode(t, "timestamp of a credentials item", err, ErrArg)
	_, err = c.FDs()
	wantErrCode(t, "fds of a credentials item", err, ErrArg)
	_, found, err = m.Find(SOL_SOCKET, SCM_RIGHTS)
	if err != nil || found {
		t.Fatalf("find SCM_RIGHTS: %v %v", found, err)
	}
	// Someone else's pid is refused (unless privileged).
	if os.Getuid() != 0 {
		_, err = a.WriteMsgControl([]byte("c"), nil, Credentials(syscall.Ucred{Pid: 1, Uid: me.Uid, Gid: me.Gid}))
		if !errors.Is(err, syscall.EPERM) {
			t.Fatalf("foreign pid: %v", err)
		}
	}
}

func udpPair(t *testing.T) (r, w *Socket, dst *Addr) {
	t.Helper()
	r = must(Open(AF_INET, SOCK_DGRAM, 0))(t)
	t.Cleanup(func() { r.Close() })
	ok(t, r.Bind(must(InetAddr("127.0.0.1", 0))(t)))
	dst = must(r.SockName())(t)
	w = must(Open(AF_INET, SOCK_DGRAM, 0))(t)
	t.Cleanup(func() { w.Close() })
	return r, w, dst
}

// IP_PKTINFO and IP_TTL on UDP loopback, received and sent.
func TestPacketInfoAndIntItems(t *testing.T) {
	r, w, dst := udpPair(t)
	ok(t, r.SetSockOptInt(IPPROTO_IP, IP_PKTINFO, 1))
	ok(t, r.SetSockOptInt(IPPROTO_IP, IP_RECVTTL, 1))
	ok(t, r.SetTimeout(5*time.Second))
	lo, err := net.InterfaceByName("lo")
	ok(t, err)
	src := must(InetAddr("127.0.0.1", 0))(t)
	anc := must(NewMsg(PktInfo(0, src), IntItem(IPPROTO_IP, IP_TTL, 7)))(t)
	defer anc.Close()
	if n := must(w.SendMsg([][]byte{[]byte("pkt")}, anc, 0, dst))(t); n != 3 {
		t.Fatalf("sent %d", n)
	}
	buf := make([]byte, 16)
	m := must(r.RecvMsg([][]byte{buf}, 128, 0))(t)
	defer m.Close()
	from := must(m.Addr())(t)
	if must(from.Port())(t) != must(must(w.SockName())(t).Port())(t) || string(buf[:must(m.NBytes())(t)]) != "pkt" {
		t.Fatalf("from %v: %q", from, buf)
	}
	c, found, err := m.Find(IPPROTO_IP, IP_PKTINFO)
	ok(t, err)
	if !found {
		t.Fatal("no IP_PKTINFO item")
	}
	pi := must(c.PacketInfo())(t)
	if pi.IfIndex != lo.Index || !pi.DstIP().Equal(net.IPv4(127, 0, 0, 1)) || !pi.LocalIP().Equal(net.IPv4(127, 0, 0, 1)) {
		t.Fatalf("pktinfo %d %v %v (lo is %d)", pi.IfIndex, pi.DstIP(), pi.LocalIP(), lo.Index)
	}
	c, found, err = m.Find(IPPROTO_IP, IP_TTL)
	ok(t, err)
	if !found {
		t.Fatal("no IP_TTL item")
	}
	if ttl := must(c.Int())(t); ttl != 7 {
		t.Fatalf("ttl %d, sent with 7", ttl)
	}
	_, err = c.Credentials()
	wantErrCode(t, "credentials of a ttl item", err, ErrArg)
	_, err = m.Item(99)
	wantErrCode(t, "item 99", err, ErrOutOfRange)

	// A source that is not IP.
	ua := must(UnixAddr("/tmp/x"))(t)
	_, err = NewMsg(PktInfo(0, ua))
	if !errors.Is(err, syscall.EAFNOSUPPORT) {
		t.Fatalf("pktinfo from an AF_UNIX address: %v", err)
	}
	// IntItem out of its width: UDP_SEGMENT is 16 bits.
	if seg, err := Constant("UDP_SEGMENT"); err == nil {
		_, err = NewMsg(IntItem(IPPROTO_UDP, int(seg), 1<<20))
		wantErrCode(t, "UDP_SEGMENT 2^20", err, ErrOutOfRange)
	}
}

// SO_TIMESTAMPNS: the item decodes to a time near now.
func TestTimestamp(t *testing.T) {
	r, w, dst := udpPair(t)
	opt := int64(35) // SO_TIMESTAMPNS on Linux
	if v, err := Constant("SO_TIMESTAMPNS"); err == nil {
		opt = v
	}
	ok(t, r.SetSockOptInt(SOL_SOCKET, int(opt), 1))
	ok(t, r.SetTimeout(5*time.Second))
	before := time.Now()
	must(w.SendTo([]byte("t"), 0, dst))(t)
	m := must(r.RecvMsg([][]byte{make([]byte, 4)}, 64, 0))(t)
	defer m.Close()
	items := must(m.Items())(t)
	if len(items) != 1 {
		t.Fatalf("%d items", len(items))
	}
	ts := must(items[0].Timestamp())(t)
	if ts.Before(before.Add(-time.Second)) || ts.After(time.Now().Add(time.Second)) {
		t.Fatalf("timestamp %v, sent at %v", ts, before)
	}
}

// IP_RECVERR: an ICMP port unreachable, read from the error queue.
func TestExtendedError(t *testing.T) {
	w := must(Open(AF_INET, SOCK_DGRAM, 0))(t)
	defer w.Close()
	// A port nobody listens on: bound once, then closed.
	closed := must(Open(AF_INET, SOCK_DGRAM, 0))(t)
	ok(t, closed.Bind(must(InetAddr("127.0.0.1", 0))(t)))
	target := must(closed.SockName())(t)
	closed.Close()
	ok(t, w.SetSockOptInt(IPPROTO_IP, IP_RECVERR, 1))
	ok(t, w.Connect(target))
	must(w.Send([]byte("x"), 0))(t)
	var m *Msg
	var err error
	deadline := time.Now().Add(5 * time.Second)
	for {
		m, err = w.RecvMsg([][]byte{make([]byte, 16)}, 256, MSG_ERRQUEUE|MSG_DONTWAIT)
		if err == nil || !errors.Is(err, syscall.EAGAIN) || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	ok(t, err)
	defer m.Close()
	if fl := must(m.Flags())(t); fl&MSG_ERRQUEUE == 0 {
		t.Fatalf("flags %#x", fl)
	}
	c, found, err := m.Find(IPPROTO_IP, IP_RECVERR)
	ok(t, err)
	if !found {
		t.Fatal("no IP_RECVERR item")
	}
	ee := must(c.ExtendedError())(t)
	if !errors.Is(ee.Errno, Code(-int32(syscall.ECONNREFUSED))) || ee.Origin != 2 || ee.Type != 3 || ee.Code != 3 {
		t.Fatalf("extended error %+v", ee)
	}
	if ee.Offender == nil || must(ee.Offender.Host())(t) != "127.0.0.1" {
		t.Fatalf("offender %v", ee.Offender)
	}
}

// Batches: many datagrams, none lost, in order; handles reused across calls.
func TestBatches(t *testing.T) {
	r, w, dst := udpPair(t)
	ok(t, r.SetTimeout(5*time.Second))
	ok(t, r.SetSockOptInt(IPPROTO_IP, IP_PKTINFO, 1))
	const total, per = 2000, 64
	out := make([]Message, per)
	in := make([]Message, per)
	for i := range in {
		in[i].Buffers = [][]byte{make([]byte, 4), make([]byte, 60)}
		in[i].OOB = make([]byte, 64)
	}
	wport := -1
	var firstHandles []*batchMsg
	got := 0
	for sent := 0; sent < total; {
		k := per
		if total-sent < k {
			k = total - sent
		}
		for i := 0; i < k; i++ {
			out[i].Buffers = [][]byte{[]byte(fmt.Sprintf("%04d", sent+i)), []byte("-payload")}
			out[i].Addr = dst
		}
		n, err := w.WriteBatch(out[:k], 0)
		ok(t, err)
		if n < 1 {
			t.Fatalf("sendmmsg sent %d", n)
		}
		for i := 0; i < n; i++ {
			if out[i].N != 12 {
				t.Fatalf("message %d: N %d", i, out[i].N)
			}
		}
		sent += n
		// Take them all before sending more: the receive buffer cannot drop any.
		for got < sent {
			m, err := r.ReadBatch(in, 0)
			ok(t, err)
			for i := 0; i < m; i++ {
				msg := &in[i]
				if msg.N != 12 || string(msg.Buffers[0]) != fmt.Sprintf("%04d", got) || string(msg.Buffers[1][:8]) != "-payload" {
					t.Fatalf("datagram %d: N=%d %q %q", got, msg.N, msg.Buffers[0], msg.Buffers[1][:8])
				}
				if wport < 0 {
					wport = must(must(w.SockName())(t).Port())(t)
				}
				if p := must(msg.Addr.Port())(t); p != wport {
					t.Fatalf("datagram %d from port %d, sender %d", got, p, wport)
				}
				cms, err := syscall.ParseSocketControlMessage(msg.OOB[:msg.NN])
				ok(t, err)
				if len(cms) != 1 || int(cms[0].Header.Level) != IPPROTO_IP || int(cms[0].Header.Type) != IP_PKTINFO {
					t.Fatalf("datagram %d: oob %v", got, cms)
				}
				got++
			}
		}
		if firstHandles == nil {
			for i := range in {
				firstHandles = append(firstHandles, in[i].bm)
			}
		}
	}
	if got != total {
		t.Fatalf("received %d of %d", got, total)
	}
	for i := range in {
		if in[i].bm != nil && firstHandles[i] != nil && in[i].bm != firstHandles[i] {
			t.Fatalf("message %d got a new handle", i)
		}
	}
	for i := range in {
		in[i].Close()
		out[i].Close()
	}
	// Sending OOB in a batch: the same OOB reuses the handle, other OOB replaces it.
	out[0].Buffers = [][]byte{[]byte("ttl")}
	ttl := make([]byte, 4)
	*(*int32)(unsafe.Pointer(&ttl[0])) = 9
	out[0].OOB = rawCmsg(IPPROTO_IP, IP_TTL, ttl)
	ok(t, r.SetSockOptInt(IPPROTO_IP, IP_RECVTTL, 1))
	for round := 0; round < 2; round++ {
		must(w.WriteBatch(out[:1], 0))(t)
		h := out[0].bm
		n := must(r.ReadBatch(in[:1], 0))(t)
		if n != 1 || string(in[0].Buffers[0][:3]) != "ttl" {
			t.Fatalf("oob round %d: %d %q", round, n, in[0].Buffers[0])
		}
		cms, err := syscall.ParseSocketControlMessage(in[0].OOB[:in[0].NN])
		ok(t, err)
		var gotTTL int32 = -1
		for _, c := range cms {
			if int(c.Header.Type) == IP_TTL {
				gotTTL = *(*int32)(unsafe.Pointer(&c.Data[0]))
			}
		}
		if gotTTL != 9 {
			t.Fatalf("round %d: ttl %d", round, gotTTL)
		}
		if round == 1 && out[0].bm != h {
			t.Fatal("the same OOB made a new handle")
		}
	}
	// A copy of a Message shares its handle: closing one, the other gets a new handle.
	cp := out[0]
	cp.Close()
	must(w.WriteBatch(out[:1], 0))(t)
	if n := must(r.ReadBatch(in[:1], 0))(t); n != 1 {
		t.Fatalf("after closing a copy: %d", n)
	}
	in[0].Close()
	out[0].Close()
}

// Bad input gives errors, not panics.
func TestMsgBadInput(t *testing.T) {
	a, b := pair(t, SOCK_DGRAM)
	m := must(NewMsg())(t)
	ok(t, m.Close())
	ok(t, m.Close()) // idempotent
	wantErrCode(t, "add to a closed msg", m.AddRaw(1, 2, []byte("x")), ErrBadHandle)
	_, err := m.NBytes()
	wantErrCode(t, "nbytes of a closed msg", err, ErrBadHandle)
	_, err = a.SendMsg([][]byte{[]byte("x")}, m, 0, nil)
	wantErrCode(t, "sendmsg with a closed msg", err, ErrBadHandle)
	ca := must(InetAddr("127.0.0.1", 9))(t)
	ca.Close()
	_, err = a.SendMsg([][]byte{[]byte("x")}, nil, 0, ca)
	wantErrCode(t, "sendmsg to a closed address", err, ErrBadHandle)
	var nilMsg *Msg
	ok(t, nilMsg.Close())
	_, err = nilMsg.Items()
	wantErrCode(t, "items of a nil msg", err, ErrBadHandle)

	m = must(NewMsg())(t)
	defer m.Close()
	if err := m.AddFDs(-1); !errors.Is(err, syscall.EBADF) {
		t.Fatalf("add fd -1: %v", err)
	}
	if err := m.AddFDs(999999); !errors.Is(err, syscall.EBADF) {
		t.Fatalf("add fd 999999: %v", err)
	}
	wantErrCode(t, "300 fds", m.AddFDs(make([]int, 300)...), ErrArg)
	wantErrCode(t, "zero item", m.Add(Item{}), ErrArg)
	if err := m.AddFiles(nil); !errors.Is(err, syscall.EBADF) {
		t.Fatalf("add a nil file: %v", err)
	}
	_, err = NewMsg(PktInfo(0, nil))
	wantErrCode(t, "pktinfo from a nil address", err, ErrBadHandle)
	_, err = (ControlMessage{Level: 1, Type: 1}).Credentials()
	wantErrCode(t, "typed access to a hand-made ControlMessage", err, ErrArg)

	_, _, _, err = b.RecvFiles(make([]byte, 1), 300)
	wantErrCode(t, "recv_fds 300", err, ErrArg)
	_, err = b.RecvMsg(nil, -1, 0)
	wantErrCode(t, "recvmsg negative oob", err, ErrArg)
	_, _, err = a.WriteMsg([]byte("x"), []byte{1, 2, 3}, nil)
	wantErrCode(t, "writemsg garbage oob", err, ErrArg)
	_, err = a.SendMsg(make([][]byte, 2000), nil, 0, nil)
	if !errors.Is(err, syscall.EMSGSIZE) {
		t.Fatalf("2000 buffers: %v", err)
	}
	_, err = a.SendFile(nil, 0, 0)
	if !errors.Is(err, syscall.EBADF) {
		t.Fatalf("sendfile nil: %v", err)
	}
	_, err = a.SendFile(tempFile(t, []byte("x")), -1, 0)
	wantErrCode(t, "sendfile offset -1", err, ErrArg)
	_, err = a.SendFile(tempFile(t, []byte("x")), 0, 0)
	wantErrCode(t, "sendfile on a datagram socket", err, ErrArg)

	// Batches.
	_, err = a.WriteBatch(make([]Message, 2000), 0)
	if !errors.Is(err, syscall.EMSGSIZE) {
		t.Fatalf("2000 messages: %v", err)
	}
	ms := []Message{{Buffers: make([][]byte, 2000)}}
	_, err = b.ReadBatch(ms, MSG_DONTWAIT)
	if !errors.Is(err, syscall.EMSGSIZE) {
		t.Fatalf("2000 buffers in a batch message: %v", err)
	}
	ms[0].Close()
	ms = []Message{{Buffers: [][]byte{[]byte("x")}, OOB: []byte{9, 9}}}
	_, err = a.WriteBatch(ms, 0)
	wantErrCode(t, "batch with garbage oob", err, ErrArg)
	if n, err := b.ReadBatch(nil, 0); n != 0 || err != nil {
		t.Fatalf("empty batch: %d %v", n, err)
	}
	ms = []Message{{Buffers: [][]byte{make([]byte, 1)}}}
	_, err = b.ReadBatch(ms, MSG_DONTWAIT)
	if !errors.Is(err, syscall.EAGAIN) {
		t.Fatalf("nothing queued: %v", err)
	}
	ms[0].Close()
	ms[0].Close()

	// TCP_INFO on a socket that is not TCP, and unknown names.
	_, err = a.TCPInfo()
	if err == nil {
		t.Fatal("tcp_info on AF_UNIX succeeded")
	}
	_, err = a.TCPInfoField("state\x00")
	wantErrCode(t, "NUL in a name", err, ErrArg)

	// A closed socket.
	c := must(Open(AF_INET, SOCK_DGRAM, 0))(t)
	c.Close()
	_, err = c.RecvMsg([][]byte{make([]byte, 1)}, 0, 0)
	if !errors.Is(err, net.ErrClosed) {
		t.Fatalf("recvmsg on a closed socket: %v", err)
	}
	_, err = c.ReadBatch([]Message{{}}, 0)
	if !errors.Is(err, net.ErrClosed) {
		t.Fatalf("readbatch on a closed socket: %v", err)
	}
}

// Waiting: timeouts and Close from another goroutine end RecvMsg and ReadBatch as they
// end Recv.
func TestMsgWaitTimeoutAndClose(t *testing.T) {
	_, b := pair(t, SOCK_DGRAM)
	ok(t, b.SetTimeout(50*time.Millisecond))
	start := time.Now()
	_, err := b.RecvMsg([][]byte{make([]byte, 1)}, 0, 0)
	if !errors.Is(err, os.ErrDeadlineExceeded) || time.Since(start) < 40*time.Millisecond {
		t.Fatalf("recvmsg timeout: %v after %v", err, time.Since(start))
	}
	_, err = b.ReadBatch([]Message{{Buffers: [][]byte{make([]byte, 1)}}}, 0)
	if !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("readbatch timeout: %v", err)
	}
	ok(t, b.SetTimeout(Blocking))
	// MSG_DONTWAIT: one attempt, in any mode.
	if _, err := b.RecvMsg([][]byte{make([]byte, 1)}, 0, MSG_DONTWAIT); !errors.Is(err, syscall.EAGAIN) {
		t.Fatalf("recvmsg MSG_DONTWAIT: %v", err)
	}
	ok(t, b.SetReadDeadline(time.Now().Add(30*time.Millisecond)))
	_, _, _, err = b.RecvFiles(make([]byte, 1), 1)
	if !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("recv_fds deadline: %v", err)
	}
	ok(t, b.SetReadDeadline(time.Time{}))

	var wg sync.WaitGroup
	errs := make([]error, 3)
	wg.Add(3)
	go func() { defer wg.Done(); _, errs[0] = b.RecvMsg([][]byte{make([]byte, 1)}, 0, 0) }()
	go func() {
		defer wg.Done()
		_, errs[1] = b.ReadBatch([]Message{{Buffers: [][]byte{make([]byte, 1)}}}, 0)
	}()
	go func() { defer wg.Done(); _, _, _, errs[2] = b.RecvFiles(make([]byte, 1), 1) }()
	time.Sleep(100 * time.Millisecond)
	b.Close()
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("close did not wake the receivers")
	}
	for i, err := range errs {
		if !errors.Is(err, net.ErrClosed) {
			t.Fatalf("receiver %d: %v", i, err)
		}
	}
}

func TestSendFile(t *testing.T) {
	_, c, s := tcpPair(t)
	content := make([]byte, 3<<20+123)
	rand.New(rand.NewSource(1)).Read(content)
	f := tempFile(t, content)
	for _, tc := range []struct{ off, count int64 }{{0, 0}, {1000, 0}, {77, 1 << 20}, {int64(len(content)) - 5, 100}} {
		want := content[tc.off:]
		if tc.count > 0 && tc.count < int64(len(want)) {
			want = want[:tc.count]
		}
		var got []byte
		var rerr error
		done := make(chan struct{})
		go func() {
			defer close(done)
			got = make([]byte, len(want))
			_, rerr = io.ReadFull(s, got)
		}()
		n, err := c.SendFile(f, tc.off, tc.count)
		ok(t, err)
		<-done
		ok(t, rerr)
		if n != int64(len(want)) || !bytes.Equal(got, want) {
			t.Fatalf("sendfile(%d, %d): sent %d of %d, equal %v", tc.off, tc.count, n, len(want), bytes.Equal(got, want))
		}
		if pos, _ := f.Seek(0, io.SeekCurrent); pos != tc.off+n {
			t.Fatalf("file position %d, want %d", pos, tc.off+n)
		}
	}
	// io.Copy from a file goes through ReadFrom, from the file's position.
	_, err := f.Seek(10, io.SeekStart)
	ok(t, err)
	done := make(chan []byte)
	go func() {
		b := make([]byte, len(content)-10)
		io.ReadFull(s, b)
		done <- b
	}()
	n, err := io.Copy(c, f)
	ok(t, err)
	if got := <-done; n != int64(len(content)-10) || !bytes.Equal(got, content[10:]) {
		t.Fatalf("io.Copy sent %d", n)
	}
	// Through an io.LimitedReader.
	_, err = f.Seek(0, io.SeekStart)
	ok(t, err)
	go func() {
		b := make([]byte, 500)
		io.ReadFull(s, b)
		done <- b
	}()
	n, err = io.Copy(c, io.LimitReader(f, 500))
	ok(t, err)
	if got := <-done; n != 500 || !bytes.Equal(got, content[:500]) {
		t.Fatalf("limited copy sent %d", n)
	}
	// A timeout bounds the whole call: nobody reads, the socket buffers fill (a sparse
	// file larger than loopback's buffers can hold).
	big := tempFile(t, nil)
	bigw, err := os.OpenFile(big.Name(), os.O_WRONLY, 0)
	ok(t, err)
	ok(t, bigw.Truncate(256<<20))
	bigw.Close()
	ok(t, c.SetTimeout(200*time.Millisecond))
	start := time.Now()
	n, err = c.SendFile(big, 0, 0)
	if !errors.Is(err, os.ErrDeadlineExceeded) || n <= 0 || n >= 256<<20 {
		t.Fatalf("sendfile with nobody reading: %d, %v", n, err)
	}
	if el := time.Since(start); el > 5*time.Second {
		t.Fatalf("a 200 ms timeout took %v", el)
	}
	t.Logf("sendfile with nobody reading: %d bytes, then %v", n, err)
}

func TestTCPInfo(t *testing.T) {
	_, c, _ := tcpPair(t)
	names := TCPInfoFieldNames()
	if len(names) < 8 || names[0] != "state" {
		t.Fatalf("field names %v", names)
	}
	info := must(c.TCPInfo())(t)
	if info["state"] != 1 { // TCP_ESTABLISHED
		t.Fatalf("state %d (%v)", info["state"], info)
	}
	if _, found := info["rtt"]; !found {
		t.Fatalf("no rtt in %v", info)
	}
	if v := must(c.TCPInfoField("state"))(t); v != 1 {
		t.Fatalf("state field %d", v)
	}
	_, err := c.TCPInfoField("no_such_field")
	wantErrCode(t, "unknown field", err, ErrNotFound)
	vals := must(c.TCPInfoValues())(t)
	if len(vals) != len(info) || len(vals) > len(names) {
		t.Fatalf("%d values, %d named, %d names", len(vals), len(info), len(names))
	}
}

func TestZeroCopyCompletion(t *testing.T) {
	_, c, s := tcpPair(t)
	const soZeroCopy, msgZeroCopy = 60, 0x4000000
	if err := c.SetSockOptInt(SOL_SOCKET, soZeroCopy, 1); err != nil {
		t.Skipf("SO_ZEROCOPY: %v", err)
	}
	_, _, _, err := c.ZeroCopyCompletion()
	if !errors.Is(err, syscall.EAGAIN) {
		t.Fatalf("no completion yet: %v", err)
	}
	go io.Copy(io.Discard, s)
	buf := make([]byte, 64<<10)
	for i := 0; i < 3; i++ {
		if _, err := c.Send(buf, msgZeroCopy); err != nil {
			t.Skipf("MSG_ZEROCOPY send: %v", err)
		}
	}
	var last uint32
	seen := false
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) && (!seen || last < 2) {
		first, l, copied, err := c.ZeroCopyCompletion()
		if errors.Is(err, syscall.EAGAIN) {
			time.Sleep(5 * time.Millisecond)
			continue
		}
		ok(t, err)
		t.Logf("completed %d..%d copied=%v", first, l, copied)
		if seen && first != last+1 || !seen && first != 0 || l < first {
			t.Fatalf("range %d..%d after %d", first, l, last)
		}
		seen, last = true, l
	}
	if !seen || last != 2 {
		t.Fatalf("completions up to %d (seen %v)", last, seen)
	}
}

// A received message the program forgets closes its descriptors when collected.
func TestGarbageCollectionClosesForgottenMessageFDs(t *testing.T) {
	a, b := pair(t, SOCK_STREAM)
	f := tempFile(t, []byte("x"))
	base := fdCount(t)
	const rounds, per = 20, 10
	files := make([]*os.File, per)
	for i := range files {
		files[i] = f
	}
	func() {
		for i := 0; i < rounds; i++ {
			must(a.SendFiles([]byte("m"), files...))(t)
			m := must(b.RecvMsg([][]byte{make([]byte, 1)}, syscall.CmsgSpace(4*per), 0))(t)
			if n := must(m.NumFDs())(t); n != per {
				t.Fatalf("%d fds", n)
			}
			// forgotten: no Close
		}
	}()
	if peak := fdCount(t); peak < base+rounds*per {
		t.Fatalf("only %d fds over the baseline", peak-base)
	}
	var now int
	for i := 0; i < 100; i++ {
		runtime.GC()
		time.Sleep(20 * time.Millisecond)
		if now = fdCount(t); now <= base {
			break
		}
	}
	if now > base {
		t.Fatalf("%d fds leaked (baseline %d)", now-base, base)
	}
}

// A reused batch Message follows its Addr from call to call (the binding sets a
// destination again only when it changed).
func TestBatchDestinationChanges(t *testing.T) {
	r1, w, dst1 := udpPair(t)
	r2, _, dst2 := udpPair(t)
	ok(t, r1.SetTimeout(5*time.Second))
	ok(t, r2.SetTimeout(5*time.Second))
	out := []Message{{Buffers: [][]byte{[]byte("x")}}}
	in := []Message{{Buffers: [][]byte{make([]byte, 4)}}}
	for i, step := range []struct {
		dst *Addr
		r   *Socket
	}{{dst1, r1}, {dst1, r1}, {dst2, r2}, {dst1, r1}, {dst2, r2}} {
		out[0].Addr = step.dst
		out[0].Buffers[0] = []byte{byte('a' + i)}
		if n := must(w.WriteBatch(out, 0))(t); n != 1 {
			t.Fatalf("step %d: sent %d", i, n)
		}
		if n := must(step.r.ReadBatch(in, 0))(t); n != 1 || in[0].Buffers[0][0] != byte('a'+i) {
			t.Fatalf("step %d: got %d %q", i, n, in[0].Buffers[0][:1])
		}
	}
	// A closed destination is an error, not "no destination".
	c := must(InetAddr("127.0.0.1", 9))(t)
	c.Close()
	out[0].Addr = c
	_, err := w.WriteBatch(out, 0)
	wantErrCode(t, "closed destination", err, ErrBadHandle)
	out[0].Close()
	in[0].Close()
}

// Descriptors received in a batch land in OOB (the caller's), as with ReadMsg.
func TestReadBatchRights(t *testing.T) {
	a, b := pair(t, SOCK_DGRAM)
	f := tempFile(t, []byte("batch fd"))
	for i := 0; i < 3; i++ {
		must(a.SendFiles([]byte{byte('0' + i)}, f))(t)
	}
	ms := make([]Message, 3)
	for i := range ms {
		ms[i].Buffers = [][]byte{make([]byte, 1)}
		ms[i].OOB = make([]byte, syscall.CmsgSpace(4))
	}
	base := fdCount(t)
	for got := 0; got < 3; {
		n := must(b.ReadBatch(ms[got:], 0))(t)
		got += n
	}
	if now := fdCount(t); now != base+3 {
		t.Fatalf("fds %d -> %d, want 3 more", base, now)
	}
	for i := range ms {
		cms, err := syscall.ParseSocketControlMessage(ms[i].OOB[:ms[i].NN])
		ok(t, err)
		fds, err := syscall.ParseUnixRights(&cms[0])
		ok(t, err)
		g := os.NewFile(uintptr(fds[0]), "g")
		if s := readAllFrom(t, g); s != "batch fd" || ms[i].Buffers[0][0] != byte('0'+i) {
			t.Fatalf("message %d: %q %q", i, ms[i].Buffers[0], s)
		}
		g.Close()
		ms[i].Close()
	}
	if now := fdCount(t); now != base {
		t.Fatalf("fds %d -> %d after closing", base, now)
	}
}

// A reused []Message costs the same few allocations per batch call whatever its size:
// no handle and no object per message (the sender's *Addr is kept while it stays the same).
func TestBatchDataPathDoesNotAllocatePerMessage(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	r, w, _ := udpPair(t)
	ok(t, w.Connect(must(r.SockName())(t)))
	ok(t, r.SetSockOptInt(SOL_SOCKET, SO_RCVBUF, 1<<20))
	out := make([]Message, 64)
	in := make([]Message, 64)
	for i := range out {
		out[i].Buffers = [][]byte{make([]byte, 64)}
		in[i].Buffers = [][]byte{make([]byte, 64)}
	}
	round := func(k int) func() {
		return func() {
			for sent := 0; sent < k; {
				n, err := w.WriteBatch(out[sent:k], 0)
				if err != nil {
					t.Fatal(err)
				}
				sent += n
			}
			for got := 0; got < k; {
				n, err := r.ReadBatch(in[got:k], 0)
				if err != nil {
					t.Fatal(err)
				}
				got += n
			}
		}
	}
	round(64)() // every Message gets its handle and its sender
	small := testing.AllocsPerRun(50, round(1))
	large := testing.AllocsPerRun(50, round(64))
	t.Logf("allocations per send+receive round: %.1f for 1 datagram, %.1f for 64", small, large)
	if large > 2*small+2 || small > 10 { // a partial batch may take another call
		t.Fatalf("%.1f allocations for 1 datagram, %.1f for 64", small, large)
	}
}
