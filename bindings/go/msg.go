// SPDX-License-Identifier: MIT

//go:build linux

package socketx

import (
	"net"
	"os"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"

	"github.com/libsocketx/libsocketx/bindings/go/internal/native"
)

// Constants of the messages API.
const (
	SCM_RIGHTS       = native.SX_SCM_RIGHTS
	SCM_CREDENTIALS  = native.SX_SCM_CREDENTIALS
	SO_PASSCRED      = native.SX_SO_PASSCRED
	IPPROTO_IP       = native.SX_IPPROTO_IP
	IP_PKTINFO       = native.SX_IP_PKTINFO
	IP_RECVERR       = native.SX_IP_RECVERR
	IP_TTL           = native.SX_IP_TTL
	IP_RECVTTL       = native.SX_IP_RECVTTL
	IPPROTO_IPV6     = native.SX_IPPROTO_IPV6
	IPV6_PKTINFO     = native.SX_IPV6_PKTINFO
	IPV6_RECVPKTINFO = native.SX_IPV6_RECVPKTINFO
	MSG_OOB          = native.SX_MSG_OOB
	MSG_TRUNC        = native.SX_MSG_TRUNC
	MSG_CTRUNC       = native.SX_MSG_CTRUNC
	MSG_EOR          = native.SX_MSG_EOR
	MSG_ERRQUEUE     = native.SX_MSG_ERRQUEUE
	MSG_NOSIGNAL     = native.SX_MSG_NOSIGNAL
)

// maxFDs is the kernel's SCM_MAX_FD: the most descriptors one SCM_RIGHTS item carries.
const maxFDs = 253

// Msg is a libsocketx message (sx_msg): ancillary items to send with SendMsg (NewMsg,
// then Add*; one Msg may be sent any number of times), or a message received by
// RecvMsg (its byte count, flags, sender, control messages and descriptors).
//
// Descriptors received belong to the Msg until taken (TakeFD, TakeFile,
// ControlMessage.Files); Close closes those not taken, and so does the garbage collector
// for a Msg the program forgets. Close is idempotent; a closed Msg fails every call
// with ErrBadHandle. A Msg is safe for concurrent use.
type Msg struct {
	h atomic.Uint64
	// keep holds the files whose descriptors were added (AddFiles, Rights), so that the
	// garbage collector does not close them while the Msg may still be sent.
	mu   sync.Mutex
	keep []*os.File
}

func newMsg(h uint64) *Msg {
	m := &Msg{}
	m.h.Store(h)
	runtime.SetFinalizer(m, (*Msg).Close)
	return m
}

// NewMsg makes an empty message (sx_msg_new) and adds the items given.
func NewMsg(items ...Item) (*Msg, error) {
	var h uint64
	if err := call("msg_new", func() int { return native.Sx_msg_new(&h) }); err != nil {
		return nil, err
	}
	m := newMsg(h)
	for _, it := range items {
		if err := m.Add(it); err != nil {
			m.Close()
			return nil, err
		}
	}
	return m, nil
}

// handle returns the handle; 0 for a nil or closed Msg (the library rejects it).
func (m *Msg) handle() uint64 {
	if m == nil {
		return 0
	}
	return m.h.Load()
}

// Handle returns the libsocketx handle, for passing to C code; 0 once closed.
func (m *Msg) Handle() uint64 { return m.handle() }

// Close releases the message (sx_msg_close), closing every received descriptor not
// taken. Closing twice, or a nil Msg, is harmless.
func (m *Msg) Close() error {
	if m == nil {
		return nil
	}
	h := m.h.Swap(0)
	if h == 0 {
		return nil
	}
	runtime.SetFinalizer(m, nil)
	m.mu.Lock()
	m.keep = nil
	m.mu.Unlock()
	if st := native.Sx_msg_close(h); st < 0 {
		return newError("msg_close", st)
	}
	return nil
}

// simple runs a call on the handle that never waits.
func (m *Msg) simple(op string, f func(h uint64) int) error {
	st := f(m.handle())
	runtime.KeepAlive(m)
	if st < 0 {
		return newError(op, st)
	}
	return nil
}

// ---- Items to send -------------------------------------------------------------------

// Item is an ancillary item to send: build one with Rights, RightsFDs, Credentials,
// PktInfo, IntItem or RawItem, and add it with NewMsg, Msg.Add or WriteMsgControl.
type Item struct {
	kind       itemKind
	level, typ int
	data       []byte
	fds        []int
	files      []*os.File
	cred       syscall.Ucred
	ifindex    int
	src        *Addr
	value      int64
}

type itemKind int

const (
	itemNone itemKind = iota
	itemRaw
	itemInt
	itemFDs
	itemFiles
	itemCred
	itemPktInfo
)

// Rights is an SCM_RIGHTS item passing the files' descriptors (at most 253). The files
// stay the caller's; they must stay open until the message is sent.
func Rights(files ...*os.File) Item { return Item{kind: itemFiles, files: files} }

// RightsFDs is an SCM_RIGHTS item passing descriptors by number (at most 253).
func RightsFDs(fds ...int) Item { return Item{kind: itemFDs, fds: fds} }

// Credentials is an SCM_CREDENTIALS item (AF_UNIX). The kernel accepts only the sender's
// own ids unless it is privileged.
func Credentials(c syscall.Ucred) Item { return Item{kind: itemCred, cred: c} }

// PktInfo is a packet info item: the source address and outgoing interface of a
// datagram (IP_PKTINFO for an AF_INET source, IPV6_PKTINFO for AF_INET6; the port is
// ignored; ifindex 0 for any).
func PktInfo(ifindex int, source *Addr) Item {
	return Item{kind: itemPktInfo, ifindex: ifindex, src: source}
}

// IntItem is an integer item, encoded with the width the kernel expects for it (IP_TTL,
// IP_TOS, IPV6_HOPLIMIT, IPV6_TCLASS as a C int; UDP_SEGMENT 16 bits; SO_MARK,
// SO_PRIORITY 32 bits; SO_TXTIME 64 bits; a C int for any other).
func IntItem(level, typ int, value int64) Item {
	return Item{kind: itemInt, level: level, typ: typ, value: value}
}

// RawItem is an item given as its bytes: one (level, type, data) tuple of Python's
// sendmsg ancdata.
func RawItem(level, typ int, data []byte) Item {
	return Item{kind: itemRaw, level: level, typ: typ, data: data}
}

// Add adds an item (see Item).
func (m *Msg) Add(it Item) error {
	switch it.kind {
	case itemRaw:
		return m.AddRaw(it.level, it.typ, it.data)
	case itemInt:
		return m.AddInt(it.level, it.typ, it.value)
	case itemFDs:
		return m.AddFDs(it.fds...)
	case itemFiles:
		return m.AddFiles(it.files...)
	case itemCred:
		return m.AddCredentials(it.cred)
	case itemPktInfo:
		return m.AddPacketInfo(it.ifindex, it.src)
	}
	return &Error{Op: "msg_add", Code: ErrArg, Detail: "zero Item"}
}

// AddRaw adds a raw item (sx_msg_add).
func (m *Msg) AddRaw(level, typ int, data []byte) error {
	return m.simple("msg_add", func(h uint64) int { return native.Sx_msg_add(h, level, typ, data) })
}

// AddInt adds an integer item (sx_msg_add_int); see IntItem.
func (m *Msg) AddInt(level, typ int, value int64) error {
	return m.simple("msg_add_int", func(h uint64) int { return native.Sx_msg_add_int(h, level, typ, value) })
}

// AddFDs adds descriptors to pass, as one SCM_RIGHTS item (sx_msg_add_fds).
func (m *Msg) AddFDs(fds ...int) error {
	if len(fds) > maxFDs {
		return &Error{Op: "msg_add_fds", Code: ErrArg, Detail: "more than 253 descriptors"}
	}
	v := make([]int32, len(fds))
	for i, fd := range fds {
		if fd < 0 || fd > 1<<31-1 {
			return &Error{Op: "msg_add_fds", Code: -Code(syscall.EBADF)}
		}
		v[i] = int32(fd)
	}
	return m.simple("msg_add_fds", func(h uint64) int { return native.Sx_msg_add_fds(h, v) })
}

// AddFiles adds the files' descriptors to pass, as one SCM_RIGHTS item. The Msg keeps
// the files reachable (so the garbage collector does not close them) until it is closed.
func (m *Msg) AddFiles(files ...*os.File) error {
	fds, err := filesFDs("msg_add_fds", files)
	if err != nil {
		return err
	}
	if err := m.AddFDs(fds...); err != nil {
		return err
	}
	m.mu.Lock()
	m.keep = append(m.keep, files...)
	m.mu.Unlock()
	return nil
}

// AddCredentials adds an SCM_CREDENTIALS item (sx_msg_add_credentials).
func (m *Msg) AddCredentials(c syscall.Ucred) error {
	return m.simple("msg_add_credentials", func(h uint64) int {
		return native.Sx_msg_add_credentials(h, int(c.Pid), uint(c.Uid), uint(c.Gid))
	})
}

// AddPacketInfo adds a packet info item (sx_msg_add_pktinfo); see PktInfo.
func (m *Msg) AddPacketInfo(ifindex int, source *Addr) error {
	if ifindex < 0 || ifindex > 1<<32-1 {
		return &Error{Op: "msg_add_pktinfo", Code: ErrOutOfRange}
	}
	err := m.simple("msg_add_pktinfo", func(h uint64) int { return native.Sx_msg_add_pktinfo(h, uint(ifindex), source.handle()) })
	runtime.KeepAlive(source)
	return err
}

// filesFDs returns the descriptors of open files, without os.File.Fd's side effect of
// switching a pollable file to blocking mode.
func filesFDs(op string, files []*os.File) ([]int, error) {
	fds := make([]int, len(files))
	for i, f := range files {
		fd, err := fileFD(op, f)
		if err != nil {
			return nil, err
		}
		fds[i] = fd
	}
	return fds, nil
}

func fileFD(op string, f *os.File) (int, error) {
	if f == nil {
		return -1, &Error{Op: op, Code: -Code(syscall.EBADF), Detail: "nil *os.File"}
	}
	rc, err := f.SyscallConn()
	if err != nil {
		return -1, &Error{Op: op, Code: -Code(syscall.EBADF), Detail: err.Error()}
	}
	fd := -1
	if err := rc.Control(func(u uintptr) { fd = int(u) }); err != nil {
		return -1, &Error{Op: op, Code: -Code(syscall.EBADF), Detail: err.Error()}
	}
	return fd, nil
}

// ---- Reading a message ---------------------------------------------------------------

// NBytes returns the number of bytes the message carried (sx_msg_nbytes).
func (m *Msg) NBytes() (int, error) {
	var n uint64
	err := m.simple("msg_nbytes", func(h uint64) int { return native.Sx_msg_nbytes(h, &n) })
	return int(n), err
}

// Flags returns the msg_flags the kernel returned (MSG_TRUNC, MSG_CTRUNC, ...; sx_msg_flags).
func (m *Msg) Flags() (int, error) {
	var f int32
	err := m.simple("msg_flags", func(h uint64) int { return native.Sx_msg_flags(h, &f) })
	return int(f), err
}

// Addr returns the sender of a received message (nil when there is none: a connected
// stream, an unbound AF_UNIX sender; sx_msg_address).
func (m *Msg) Addr() (*Addr, error) {
	var ah uint64
	if err := m.simple("msg_address", func(h uint64) int { return native.Sx_msg_address(h, &ah) }); err != nil {
		return nil, err
	}
	return newAddr(ah), nil
}

// NumItems returns the number of ancillary items (sx_msg_item_count).
func (m *Msg) NumItems() (int, error) {
	var n uint32
	err := m.simple("msg_item_count", func(h uint64) int { return native.Sx_msg_item_count(h, &n) })
	return int(n), err
}

// Item returns ancillary item i, from 0 (sx_msg_item and sx_msg_item_data).
func (m *Msg) Item(i int) (ControlMessage, error) {
	if i < 0 || i > 1<<32-1 {
		return ControlMessage{}, &Error{Op: "msg_item", Code: ErrOutOfRange}
	}
	var level, typ int32
	if err := m.simple("msg_item", func(h uint64) int { return native.Sx_msg_item(h, uint(i), &level, &typ) }); err != nil {
		return ControlMessage{}, err
	}
	h := m.handle()
	data, err := readString("msg_item_data", 64, func(buf []byte) int { return native.Sx_msg_item_data(h, uint(i), buf) })
	runtime.KeepAlive(m)
	if err != nil {
		return ControlMessage{}, err
	}
	return ControlMessage{Level: int(level), Type: int(typ), Data: data, msg: m, index: uint32(i), fdBase: -1}, nil
}

// Items returns every ancillary item, in order.
func (m *Msg) Items() ([]ControlMessage, error) {
	n, err := m.NumItems()
	if err != nil {
		return nil, err
	}
	items := make([]ControlMessage, 0, n)
	base := 0
	for i := 0; i < n; i++ {
		c, err := m.Item(i)
		if err != nil {
			return nil, err
		}
		if c.IsRights() {
			c.fdBase = base
			base += len(c.Data) / 4
		}
		items = append(items, c)
	}
	return items, nil
}

// Find returns the first item with the level and type; ok is false when there is none
// (sx_msg_find).
func (m *Msg) Find(level, typ int) (c ControlMessage, ok bool, err error) {
	var idx uint32
	err = m.simple("msg_find", func(h uint64) int { return native.Sx_msg_find(h, level, typ, &idx) })
	if err != nil {
		if e, isErr := err.(*Error); isErr && e.Code == ErrNotFound {
			return ControlMessage{}, false, nil
		}
		return ControlMessage{}, false, err
	}
	c, err = m.Item(int(idx))
	if err != nil {
		return ControlMessage{}, false, err
	}
	if c.IsRights() {
		items, err := m.Items() // the descriptor index of this item
		if err != nil {
			return ControlMessage{}, false, err
		}
		c = items[idx]
	}
	return c, true, nil
}

// NumFDs returns the number of descriptors received, over all SCM_RIGHTS items, taken
// or not (sx_msg_fd_count).
func (m *Msg) NumFDs() (int, error) {
	var n uint32
	err := m.simple("msg_fd_count", func(h uint64) int { return native.Sx_msg_fd_count(h, &n) })
	return int(n), err
}

// TakeFD takes received descriptor i (from 0, in the order received): from now on it
// is the caller's to close (sx_msg_take_fd). It is close-on-exec.
func (m *Msg) TakeFD(i int) (int, error) {
	if i < 0 || i > 1<<32-1 {
		return -1, &Error{Op: "msg_take_fd", Code: ErrOutOfRange}
	}
	var fd int32
	if err := m.simple("msg_take_fd", func(h uint64) int { return native.Sx_msg_take_fd(h, uint(i), &fd) }); err != nil {
		return -1, err
	}
	return int(fd), nil
}

// TakeFile takes received descriptor i as an *os.File.
func (m *Msg) TakeFile(i int) (*os.File, error) {
	fd, err := m.TakeFD(i)
	if err != nil {
		return nil, err
	}
	return os.NewFile(uintptr(fd), "socketx-fd:"+strconv.Itoa(fd)), nil
}

// TakeFiles takes every received descriptor not taken yet, as *os.File values.
func (m *Msg) TakeFiles() ([]*os.File, error) {
	n, err := m.NumFDs()
	if err != nil {
		return nil, err
	}
	var files []*os.File
	for i := 0; i < n; i++ {
		f, err := m.TakeFile(i)
		if err != nil {
			if e, ok := err.(*Error); ok && e.Code == ErrArg {
				continue // already taken
			}
			return files, err
		}
		files = append(files, f)
	}
	return files, nil
}

// ---- Received control messages --------------------------------------------------------

// ControlMessage is an ancillary item of a received message: its level, type and bytes,
// with typed accessors that decode it through the library (they fail with ErrArg for an
// item of another kind).
type ControlMessage struct {
	Level int
	Type  int
	Data  []byte

	msg    *Msg
	index  uint32
	fdBase int // the index of its first descriptor, for an SCM_RIGHTS item from Items
}

// IsRights reports whether the item passes descriptors (SOL_SOCKET, SCM_RIGHTS).
func (c ControlMessage) IsRights() bool { return c.Level == SOL_SOCKET && c.Type == SCM_RIGHTS }

func (c ControlMessage) check(op string) error {
	if c.msg == nil {
		return &Error{Op: op, Code: ErrArg, Detail: "not an item of a received message"}
	}
	return nil
}

// FDs takes the item's descriptors (SCM_RIGHTS): they are the caller's to close.
func (c ControlMessage) FDs() ([]int, error) {
	if err := c.check("msg_take_fd"); err != nil {
		return nil, err
	}
	if !c.IsRights() {
		return nil, &Error{Op: "msg_take_fd", Code: ErrArg, Detail: "not an SCM_RIGHTS item"}
	}
	base := c.fdBase
	if base < 0 {
		items, err := c.msg.Items()
		if err != nil {
			return nil, err
		}
		base = items[c.index].fdBase
	}
	fds := make([]int, 0, len(c.Data)/4)
	for i := 0; i < len(c.Data)/4; i++ {
		fd, err := c.msg.TakeFD(base + i)
		if err != nil {
			return fds, err
		}
		fds = append(fds, fd)
	}
	return fds, nil
}

// Files takes the item's descriptors (SCM_RIGHTS) as *os.File values.
func (c ControlMessage) Files() ([]*os.File, error) {
	fds, err := c.FDs()
	files := make([]*os.File, len(fds))
	for i, fd := range fds {
		files[i] = os.NewFile(uintptr(fd), "socketx-fd:"+strconv.Itoa(fd))
	}
	return files, err
}

// Credentials decodes an SCM_CREDENTIALS item (sx_msg_item_credentials).
func (c ControlMessage) Credentials() (*syscall.Ucred, error) {
	if err := c.check("msg_item_credentials"); err != nil {
		return nil, err
	}
	var pid int32
	var uid, gid uint32
	if err := c.msg.simple("msg_item_credentials", func(h uint64) int {
		return native.Sx_msg_item_credentials(h, uint(c.index), &pid, &uid, &gid)
	}); err != nil {
		return nil, err
	}
	return &syscall.Ucred{Pid: pid, Uid: uid, Gid: gid}, nil
}

// PacketInfo is a decoded IP_PKTINFO or IPV6_PKTINFO item.
type PacketInfo struct {
	IfIndex int   // the interface the datagram came in on
	Dst     *Addr // the datagram's destination address (port 0)
	Local   *Addr // IP_PKTINFO's ipi_spec_dst (the local address); nil for IPV6_PKTINFO
}

// DstIP returns the destination address as a net.IP.
func (p *PacketInfo) DstIP() net.IP { return addrIP(p.Dst) }

// LocalIP returns the local address (ipi_spec_dst) as a net.IP (nil for IPv6).
func (p *PacketInfo) LocalIP() net.IP { return addrIP(p.Local) }

func addrIP(a *Addr) net.IP {
	if a == nil {
		return nil
	}
	h, err := a.Host()
	if err != nil {
		return nil
	}
	return net.ParseIP(h)
}

// PacketInfo decodes a packet info item (sx_msg_item_pktinfo).
func (c ControlMessage) PacketInfo() (*PacketInfo, error) {
	if err := c.check("msg_item_pktinfo"); err != nil {
		return nil, err
	}
	var ifindex uint32
	var dst, local uint64
	if err := c.msg.simple("msg_item_pktinfo", func(h uint64) int {
		return native.Sx_msg_item_pktinfo(h, uint(c.index), &ifindex, &dst, &local)
	}); err != nil {
		return nil, err
	}
	return &PacketInfo{IfIndex: int(ifindex), Dst: newAddr(dst), Local: newAddr(local)}, nil
}

// Timestamp decodes a timestamp item: SO_TIMESTAMP, SO_TIMESTAMPNS, their _NEW forms,
// SO_TIMESTAMPING (sx_msg_item_timestamp).
func (c ControlMessage) Timestamp() (time.Time, error) {
	if err := c.check("msg_item_timestamp"); err != nil {
		return time.Time{}, err
	}
	var sec, nsec int64
	if err := c.msg.simple("msg_item_timestamp", func(h uint64) int {
		return native.Sx_msg_item_timestamp(h, uint(c.index), &sec, &nsec)
	}); err != nil {
		return time.Time{}, err
	}
	return time.Unix(sec, nsec), nil
}

// Int decodes an integer item (IP_TTL, IP_TOS, UDP_GRO, SO_MARK, SO_RXQ_OVFL, ...;
// sx_msg_item_int).
func (c ControlMessage) Int() (int64, error) {
	if err := c.check("msg_item_int"); err != nil {
		return 0, err
	}
	var v int64
	err := c.msg.simple("msg_item_int", func(h uint64) int { return native.Sx_msg_item_int(h, uint(c.index), &v) })
	return v, err
}

// ExtendedError is a decoded IP_RECVERR/IPV6_RECVERR item (struct sock_extended_err),
// as read from the error queue with MSG_ERRQUEUE.
type ExtendedError struct {
	Errno    Code   // ee_errno as a status code (0 or negative)
	Origin   uint32 // ee_origin (SO_EE_ORIGIN_*)
	Type     uint32 // ee_type (the ICMP type)
	Code     uint32 // ee_code
	Info     uint32 // ee_info
	Data     uint32 // ee_data
	Offender *Addr  // the offending node, or nil
}

// ExtendedError decodes an extended error item (sx_msg_item_exterr).
func (c ControlMessage) ExtendedError() (*ExtendedError, error) {
	if err := c.check("msg_item_exterr"); err != nil {
		return nil, err
	}
	var code int32
	var origin, typ, icode, info, data uint32
	var off uint64
	if err := c.msg.simple("msg_item_exterr", func(h uint64) int {
		return native.Sx_msg_item_exterr(h, uint(c.index), &code, &origin, &typ, &icode, &info, &data, &off)
	}); err != nil {
		return nil, err
	}
	return &ExtendedError{Errno: Code(code), Origin: origin, Type: typ, Code: icode, Info: info, Data: data,
		Offender: newAddr(off)}, nil
}

// ---- Raw control bytes (the net package's oob) ---------------------------------------

// encodeItems writes the message's items into oob in the kernel's layout (what
// syscall.ParseSocketControlMessage reads), taking the descriptors of the SCM_RIGHTS
// items that fit: those become the caller's, as with net.UnixConn.ReadMsgUnix. Items
// that do not fit are left out and reported with MSG_CTRUNC in the returned flags.
func (m *Msg) encodeItems(oob []byte, flags int) (int, int, error) {
	if len(oob) == 0 {
		return 0, flags, nil
	}
	items, err := m.Items()
	if err != nil {
		return 0, flags, err
	}
	off := 0
	for _, c := range items {
		space := syscall.CmsgSpace(len(c.Data))
		if off+space > len(oob) {
			// The last item may end without its trailing padding, as the kernel's does.
			if off+syscall.CmsgLen(len(c.Data)) > len(oob) {
				flags |= MSG_CTRUNC
				break
			}
		}
		data := c.Data
		if c.IsRights() {
			fds, err := c.FDs()
			if err != nil {
				for _, fd := range fds {
					syscall.Close(fd)
				}
				return off, flags, err
			}
			data = make([]byte, 4*len(fds))
			for i, fd := range fds {
				*(*int32)(unsafe.Pointer(&data[4*i])) = int32(fd)
			}
		}
		var hdr syscall.Cmsghdr
		hdr.Level = int32(c.Level)
		hdr.Type = int32(c.Type)
		hdr.SetLen(syscall.CmsgLen(len(data)))
		copy(oob[off:], (*[syscall.SizeofCmsghdr]byte)(unsafe.Pointer(&hdr))[:])
		copy(oob[off+syscall.CmsgLen(0):], data)
		end := off + space
		if end > len(oob) {
			end = len(oob)
		}
		for i := off + syscall.CmsgLen(len(data)); i < end; i++ {
			oob[i] = 0
		}
		off = end
	}
	return off, flags, nil
}

// parseOOB splits raw control bytes into items, rejecting bytes that are not whole
// items (which syscall.ParseSocketControlMessage skips silently).
func parseOOB(op string, oob []byte) ([]syscall.SocketControlMessage, error) {
	cms, err := syscall.ParseSocketControlMessage(oob)
	if err != nil {
		return nil, &Error{Op: op, Code: ErrArg, Detail: "oob: " + err.Error()}
	}
	used := 0
	for _, c := range cms {
		used += syscall.CmsgSpace(len(c.Data))
	}
	if used < len(oob) {
		return nil, &Error{Op: op, Code: ErrArg, Detail: "oob: trailing bytes that are not a control message"}
	}
	return cms, nil
}

// msgFromOOB builds a Msg from raw control bytes (syscall.UnixRights and the like).
func msgFromOOB(op string, oob []byte) (*Msg, error) {
	cms, err := parseOOB(op, oob)
	if err != nil {
		return nil, err
	}
	m, err := NewMsg()
	if err != nil {
		return nil, err
	}
	for _, c := range cms {
		if err := m.AddRaw(int(c.Header.Level), int(c.Header.Type), c.Data); err != nil {
			m.Close()
			return nil, err
		}
	}
	return m, nil
}
