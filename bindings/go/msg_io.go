// SPDX-License-Identifier: MIT

//go:build linux

package socketx

import (
	"errors"
	"io"
	"os"
	"runtime"
	"strconv"
	"sync"
	"syscall"

	"github.com/libsocketx/libsocketx/bindings/go/internal/native"
)

// ioFlags is io for the calls that take MSG_* flags: with MSG_DONTWAIT the call is one
// attempt that never waits, whatever the timeout mode (SX_EAGAIN is the answer), as in
// Python, where the flag makes the system call itself non-blocking.
func (s *Socket) ioFlags(op string, write bool, flags int, try func(h uint64) int) error {
	if flags&MSG_DONTWAIT == 0 {
		return s.io(op, write, try)
	}
	st := try(s.h.Load())
	runtime.KeepAlive(s)
	return s.status(op, st)
}

// SendMsg sends the bytes of bufs (gather) with the ancillary items of anc (nil for
// none) to addr (nil for a connected socket): Python's sendmsg (sx_socket_sendmsg). It
// waits as Send does and returns the number of bytes sent.
func (s *Socket) SendMsg(bufs [][]byte, anc *Msg, flags int, addr SockAddr) (int, error) {
	r, err := refAddr("sendmsg", addr)
	if err != nil {
		return 0, err
	}
	defer r.release()
	// 0 means "none" to the library: a closed Msg or Addr must not pass for nil.
	if (anc != nil && anc.handle() == 0) || (!r.none && r.handle() == 0) {
		return 0, &Error{Op: "sendmsg", Code: ErrBadHandle, Detail: "closed Msg or Addr"}
	}
	var n uint64
	err = s.ioFlags("sendmsg", true, flags, func(h uint64) int {
		return native.Sx_socket_sendmsg(h, bufs, anc.handle(), flags, r.handle(), &n)
	})
	runtime.KeepAlive(anc)
	return int(n), err
}

// RecvMsg receives into bufs (scatter) with room for oobSize bytes of ancillary data:
// Python's recvmsg_into (sx_socket_recvmsg). It waits as Recv does. The Msg it returns
// tells the byte count, flags, sender and items; Close it (received descriptors not
// taken are closed then).
func (s *Socket) RecvMsg(bufs [][]byte, oobSize, flags int) (*Msg, error) {
	if oobSize < 0 {
		return nil, &Error{Op: "recvmsg", Code: ErrArg, Detail: "negative oobSize"}
	}
	var mh uint64
	err := s.ioFlags("recvmsg", false, flags, func(h uint64) int {
		return native.Sx_socket_recvmsg(h, bufs, int64(oobSize), flags, &mh)
	})
	if err != nil {
		return nil, err
	}
	return newMsg(mh), nil
}

// ReadMsg receives a message into b and its ancillary data into oob, in the shape of
// net.UnixConn.ReadMsgUnix: it returns the byte count, the number of oob bytes (items
// in the kernel's layout, for syscall.ParseSocketControlMessage), the msg_flags and the
// sender (nil when none). Descriptors received (SCM_RIGHTS) become the caller's.
// For typed access to the items use RecvMsg.
func (s *Socket) ReadMsg(b, oob []byte, flags int) (n, oobn, recvflags int, addr *Addr, err error) {
	m, err := s.RecvMsg([][]byte{b}, len(oob), flags)
	if err != nil {
		return 0, 0, 0, nil, err
	}
	defer m.Close()
	if n, err = m.NBytes(); err != nil {
		return 0, 0, 0, nil, err
	}
	if recvflags, err = m.Flags(); err != nil {
		return 0, 0, 0, nil, err
	}
	if addr, err = m.Addr(); err != nil {
		return 0, 0, 0, nil, err
	}
	oobn, recvflags, err = m.encodeItems(oob, recvflags)
	return n, oobn, recvflags, addr, err
}

// WriteMsg sends b with the ancillary data oob (raw items in the kernel's layout, as
// syscall.UnixRights makes them) to addr (nil when connected), in the shape of
// net.UnixConn.WriteMsgUnix.
func (s *Socket) WriteMsg(b, oob []byte, addr SockAddr) (n, oobn int, err error) {
	var m *Msg
	if len(oob) > 0 {
		if m, err = msgFromOOB("sendmsg", oob); err != nil {
			return 0, 0, err
		}
		defer m.Close()
	}
	n, err = s.SendMsg([][]byte{b}, m, 0, addr)
	if err != nil {
		return n, 0, err
	}
	return n, len(oob), nil
}

// WriteMsgControl sends b with typed ancillary items to addr (nil when connected).
func (s *Socket) WriteMsgControl(b []byte, addr SockAddr, items ...Item) (int, error) {
	var m *Msg
	if len(items) > 0 {
		var err error
		if m, err = NewMsg(items...); err != nil {
			return 0, err
		}
		defer m.Close()
	}
	return s.SendMsg([][]byte{b}, m, 0, addr)
}

// SendFDs sends b with descriptors (at most 253): Python's socket.send_fds
// (sx_socket_send_fds).
func (s *Socket) SendFDs(b []byte, fds ...int) (int, error) {
	if len(fds) > maxFDs {
		return 0, &Error{Op: "send_fds", Code: ErrArg, Detail: "more than 253 descriptors"}
	}
	v := make([]int32, len(fds))
	for i, fd := range fds {
		if fd < 0 || fd > 1<<31-1 {
			return 0, &Error{Op: "send_fds", Code: -Code(syscall.EBADF)}
		}
		v[i] = int32(fd)
	}
	bufs := [][]byte{b}
	var n uint64
	err := s.io("send_fds", true, func(h uint64) int { return native.Sx_socket_send_fds(h, bufs, v, 0, 0, &n) })
	return int(n), err
}

// SendFiles sends b with the files' descriptors; the files stay the caller's.
func (s *Socket) SendFiles(b []byte, files ...*os.File) (int, error) {
	fds, err := filesFDs("send_fds", files)
	if err != nil {
		return 0, err
	}
	n, err := s.SendFDs(b, fds...)
	runtime.KeepAlive(files)
	return n, err
}

// RecvFiles receives into b and up to maxFiles descriptors, as *os.File values (they
// are the caller's; close-on-exec): Python's socket.recv_fds (sx_socket_recv_fds). It
// returns the byte count, the files and the msg_flags (MSG_CTRUNC: more descriptors
// came than maxFiles; the kernel dropped the rest).
func (s *Socket) RecvFiles(b []byte, maxFiles int) (n int, files []*os.File, flags int, err error) {
	if maxFiles < 0 || maxFiles > maxFDs {
		return 0, nil, 0, &Error{Op: "recv_fds", Code: ErrArg, Detail: "maxFiles outside 0..253"}
	}
	var mh uint64
	err = s.io("recv_fds", false, func(h uint64) int { return native.Sx_socket_recv_fds(h, b, uint(maxFiles), 0, &mh) })
	if err != nil {
		return 0, nil, 0, err
	}
	m := newMsg(mh)
	defer m.Close()
	if n, err = m.NBytes(); err != nil {
		return 0, nil, 0, err
	}
	if flags, err = m.Flags(); err != nil {
		return 0, nil, 0, err
	}
	files, err = m.TakeFiles()
	return n, files, flags, err
}

// PeerCred returns the credentials of the peer of a connected AF_UNIX socket
// (SO_PEERCRED; sx_socket_peercred).
func (s *Socket) PeerCred() (*syscall.Ucred, error) {
	var pid int32
	var uid, gid uint32
	if err := s.simple("peercred", func(h uint64) int { return native.Sx_socket_peercred(h, &pid, &uid, &gid) }); err != nil {
		return nil, err
	}
	return &syscall.Ucred{Pid: pid, Uid: uid, Gid: gid}, nil
}

// SendFile sends count bytes of f from offset (count 0: to the end of the file), with
// sendfile(2) where the kernel allows it: Python's socket.sendfile
// (sx_socket_sendfile). The file's position is left after the last byte sent. It
// waits as SendAll does (in timeout mode the timeout bounds the whole call) and
// returns the number of bytes sent, also on error.
func (s *Socket) SendFile(f *os.File, offset, count int64) (int64, error) {
	if offset < 0 || count < 0 {
		return 0, &Error{Op: "sendfile", Code: ErrArg, Detail: "negative offset or count"}
	}
	if f == nil {
		return 0, &Error{Op: "sendfile", Code: -Code(syscall.EBADF), Detail: "nil *os.File"}
	}
	rc, err := f.SyscallConn()
	if err != nil {
		return 0, &Error{Op: "sendfile", Code: -Code(syscall.EBADF), Detail: err.Error()}
	}
	var total uint64
	err = s.io("sendfile", true, func(h uint64) int {
		var st int
		cerr := rc.Control(func(fd uintptr) {
			rest := uint64(0) // to the end of the file
			if count > 0 {
				rest = uint64(count) - total
			}
			var sent uint64
			// Non-blocking underneath: it sends what it can, then SX_EAGAIN (wait, and
			// go on from where it stopped) or 0 (all sent).
			st = native.Sx_socket_sendfile(h, int(fd), uint64(offset)+total, rest, &sent)
			total += sent
		})
		if cerr != nil {
			return -int(syscall.EBADF)
		}
		return st
	})
	return int64(total), err
}

// ReadFrom implements io.ReaderFrom: an *os.File (or an *io.LimitedReader of one) goes
// with SendFile from its current position; anything else is copied with Write.
func (s *Socket) ReadFrom(r io.Reader) (int64, error) {
	f, limit := r, int64(0)
	lr, isLimited := r.(*io.LimitedReader)
	if isLimited {
		f, limit = lr.R, lr.N
		if limit <= 0 {
			return 0, nil
		}
	}
	if file, ok := f.(*os.File); ok {
		if typ, err := s.Type(); err == nil && typ == SOCK_STREAM {
			if pos, err := file.Seek(0, io.SeekCurrent); err == nil {
				n, err := s.SendFile(file, pos, limit)
				if isLimited {
					lr.N -= n
				}
				return n, err
			}
		}
	}
	return io.Copy(struct{ io.Writer }{s}, r)
}

// ZeroCopyCompletion reads one MSG_ZEROCOPY completion from the error queue without
// waiting (sx_socket_zerocopy_completion): the range of zero-copy sends first..last
// (inclusive, numbered from 0) completed, and copied tells that the kernel copied the
// data instead. With none queued it fails with an error matching syscall.EAGAIN.
func (s *Socket) ZeroCopyCompletion() (first, last uint32, copied bool, err error) {
	var c int32
	err = s.simple("zerocopy_completion", func(h uint64) int {
		return native.Sx_socket_zerocopy_completion(h, &first, &last, &c)
	})
	return first, last, c != 0, err
}

var tcpInfoNames struct {
	once  sync.Once
	names []string
}

// TCPInfoFieldNames returns the names of the TCP_INFO fields the library knows, in the
// order of TCPInfoValues (sx_tcp_info_field_name).
func TCPInfoFieldNames() []string {
	tcpInfoNames.once.Do(func() {
		for i := uint(0); i < 1024; i++ {
			b, err := readString("tcp_info_field_name", 64, func(buf []byte) int { return native.Sx_tcp_info_field_name(i, buf) })
			if err != nil {
				break
			}
			tcpInfoNames.names = append(tcpInfoNames.names, string(b))
		}
	})
	return append([]string(nil), tcpInfoNames.names...)
}

// TCPInfoValues returns TCP_INFO as numbers, in the order of TCPInfoFieldNames: every
// field the running kernel fills (sx_socket_tcp_info).
func (s *Socket) TCPInfoValues() ([]uint64, error) {
	arr := &native.Uint64Array{Buf: make([]uint64, 64)}
	for i := 0; i < 4; i++ {
		err := s.simple("tcp_info", func(h uint64) int { return native.Sx_socket_tcp_info(h, arr) })
		var e *Error
		if errors.As(err, &e) && e.Code == ErrTrunc && arr.Len > uint64(len(arr.Buf)) {
			arr.Buf = make([]uint64, arr.Len)
			continue
		}
		if err != nil {
			return nil, err
		}
		return arr.Buf[:arr.Len], nil
	}
	return nil, &Error{Op: "tcp_info", Code: ErrTrunc}
}

// TCPInfo returns TCP_INFO by field name ("state", "rtt", "snd_cwnd", ...: struct
// tcp_info without its tcpi_ prefix), for every field the running kernel fills.
func (s *Socket) TCPInfo() (map[string]uint64, error) {
	vals, err := s.TCPInfoValues()
	if err != nil {
		return nil, err
	}
	names := TCPInfoFieldNames()
	m := make(map[string]uint64, len(vals))
	for i, v := range vals {
		name := "field" + strconv.Itoa(i)
		if i < len(names) {
			name = names[i]
		}
		m[name] = v
	}
	return m, nil
}

// TCPInfoField reads one TCP_INFO field by name (sx_socket_tcp_info_get): ErrNotFound
// for an unknown name, ErrNotSup for a field the running kernel does not fill.
func (s *Socket) TCPInfoField(name string) (uint64, error) {
	if err := checkString("tcp_info_get", name); err != nil {
		return 0, err
	}
	var v uint64
	err := s.simple("tcp_info_get", func(h uint64) int { return native.Sx_socket_tcp_info_get(h, name, &v) })
	return v, err
}
