// SPDX-License-Identifier: MIT

//go:build linux

package socketx

import (
	"bytes"
	"encoding/binary"
	"reflect"
	"testing"
	"time"
)

func TestCANAddrs(t *testing.T) {
	lo := loIndex(t)
	// Any interface name resolves, CAN or not: the codec does not need the family.
	checkAddrType(t, &CANAddr{Interface: "lo"}, &CANAddr{Interface: "lo", Index: lo}, "can:lo", true)
	checkAddrType(t, &CANAddr{}, &CANAddr{}, "can:", true)
	checkAddrType(t, &ISOTPAddr{Interface: "lo", RxID: 0x123, TxID: 0x456 | CAN_EFF_FLAG},
		&ISOTPAddr{Interface: "lo", Index: lo, RxID: 0x123, TxID: 0x80000456}, "can-isotp:lo:0x123:0x80000456", false)
	checkAddrType(t, &J1939Addr{Interface: "lo", Name: 0x1122334455667788, PGN: 0xef00, Addr: 0x20},
		&J1939Addr{Interface: "lo", Index: lo, Name: 0x1122334455667788, PGN: 0xef00, Addr: 0x20},
		"can-j1939:lo:0x1122334455667788:0xef00:32", false)
	wantAddrErr(t, &CANAddr{Interface: "nosuchif0"}, ErrNotFound)
	wantAddrErr(t, &CANAddr{Interface: "a-name-of-sixteen"}, ErrArg)
	wantAddrErr(t, &ISOTPAddr{Interface: "nosuchif0"}, ErrNotFound)
	wantAddrErr(t, &J1939Addr{Interface: "x\x00"}, ErrArg)
}

func TestCANFrames(t *testing.T) {
	classic := CANFrame{ID: 0x123, Data: []byte{1, 2, 3}}
	b := must(classic.MarshalBinary())(t)
	if len(b) != CAN_MTU || binary.LittleEndian.Uint32(b) != 0x123 || b[4] != 3 || !bytes.Equal(b[8:11], []byte{1, 2, 3}) {
		t.Fatalf("classic frame % x", b)
	}
	var got CANFrame
	ok(t, got.UnmarshalBinary(b))
	if !reflect.DeepEqual(got, classic) || got.IsFD() {
		t.Fatalf("decoded %+v, want %+v", got, classic)
	}
	// Extended and remote ids keep their flag bits; no data at all.
	rtr := CANFrame{ID: 0x1abcdef | CAN_EFF_FLAG | CAN_RTR_FLAG, Data: []byte{}}
	ok(t, got.UnmarshalBinary(must(rtr.MarshalBinary())(t)))
	if !reflect.DeepEqual(got, rtr) {
		t.Fatalf("decoded %+v, want %+v", got, rtr)
	}
	// CAN FD: more than 8 bytes, or CANFD_FDF, makes a 72-byte frame.
	fd := CANFrame{ID: 0x7ff, Flags: CANFD_BRS, Data: bytes.Repeat([]byte{0xa5}, 12)}
	if !fd.IsFD() {
		t.Fatal("a 12-byte frame is a CAN FD frame")
	}
	b = must(fd.MarshalBinary())(t)
	if len(b) != CANFD_MTU || b[4] != 12 {
		t.Fatalf("FD frame % x", b)
	}
	ok(t, got.UnmarshalBinary(b))
	if got.ID != fd.ID || got.Flags != CANFD_BRS|CANFD_FDF || !bytes.Equal(got.Data, fd.Data) || !got.IsFD() {
		t.Fatalf("decoded %+v", got)
	}
	short := CANFrame{ID: 1, Flags: CANFD_FDF, Data: []byte{9}}
	if b = must(short.MarshalBinary())(t); len(b) != CANFD_MTU {
		t.Fatalf("an FDF frame of 1 byte is %d bytes", len(b))
	}
	// Bad input: a length CAN FD has no DLC for, flags on a classic frame, bytes of no frame.
	for _, bad := range []CANFrame{{Data: make([]byte, 13)}, {Data: make([]byte, 65)}, {Flags: CANFD_BRS, Data: []byte{1}}} {
		_, err := bad.MarshalBinary()
		wantErrCode(t, "encode of a bad frame", err, ErrArg)
	}
	wantErrCode(t, "decode of 15 bytes", got.UnmarshalBinary(make([]byte, 15)), ErrArg)
	wantErrCode(t, "decode of nothing", got.UnmarshalBinary(nil), ErrArg)
	tooLong := make([]byte, CAN_MTU)
	tooLong[4] = 9
	wantErrCode(t, "decode of a classic frame saying 9 bytes", got.UnmarshalBinary(tooLong), ErrArg)
}

func TestBCMMessages(t *testing.T) {
	m := BCMMessage{Opcode: CAN_BCM_TX_SETUP, Flags: CAN_BCM_SETTIMER | CAN_BCM_STARTTIMER, Count: 3,
		Interval1: 1500 * time.Microsecond, Interval2: 2 * time.Second, ID: 0x123,
		Frames: []CANFrame{{ID: 0x123, Data: []byte{1, 2}}, {ID: 0x123, Data: []byte{3, 4, 5, 6, 7, 8, 9, 10}}}}
	b := must(m.MarshalBinary())(t)
	var got BCMMessage
	ok(t, got.UnmarshalBinary(b))
	if !reflect.DeepEqual(got, m) {
		t.Fatalf("decoded %+v, want %+v", got, m)
	}
	// CAN FD frames: each frame is 72 bytes and reads back with CANFD_FDF.
	fd := BCMMessage{Opcode: CAN_BCM_TX_SEND, Flags: CAN_BCM_CAN_FD_FRAME, ID: 0x42,
		Frames: []CANFrame{{ID: 0x42, Flags: CANFD_FDF, Data: bytes.Repeat([]byte{7}, 16)}}}
	fb := must(fd.MarshalBinary())(t)
	if len(fb) != len(b)-2*CAN_MTU+CANFD_MTU {
		t.Fatalf("FD message of %d bytes (classic with two frames: %d)", len(fb), len(b))
	}
	ok(t, got.UnmarshalBinary(fb))
	if !reflect.DeepEqual(got, fd) {
		t.Fatalf("decoded %+v, want %+v", got, fd)
	}
	// No frames.
	del := BCMMessage{Opcode: CAN_BCM_RX_DELETE, ID: 0x99}
	ok(t, got.UnmarshalBinary(must(del.MarshalBinary())(t)))
	if got.Opcode != CAN_BCM_RX_DELETE || got.ID != 0x99 || len(got.Frames) != 0 {
		t.Fatalf("decoded %+v", got)
	}
	// Bad input: a negative interval, a message cut short.
	_, err := (&BCMMessage{Interval1: -time.Second}).MarshalBinary()
	wantErrCode(t, "negative interval", err, ErrOutOfRange)
	wantErrCode(t, "cut message", got.UnmarshalBinary(b[:len(b)-1]), ErrArg)
	wantErrCode(t, "header only in part", got.UnmarshalBinary(b[:10]), ErrArg)
}

// CAN_RAW filters and ISO-TP options reach the kernel: on a socket of another family it
// refuses them; the library refuses too many filters itself.
func TestCANOptionsOnOtherSockets(t *testing.T) {
	u := must(Open(AF_INET, SOCK_DGRAM, 0))(t)
	defer u.Close()
	if err := u.SetCANFilters([]CANFilter{{ID: 0x123, Mask: CAN_SFF_MASK}}); err == nil {
		t.Fatal("CAN filters on a UDP socket")
	}
	if err := u.SetCANFilters(nil); err == nil {
		t.Fatal("no CAN filters on a UDP socket")
	}
	wantErrCode(t, "too many filters", u.SetCANFilters(make([]CANFilter, CAN_RAW_FILTER_MAX+1)), ErrArg)
	if err := u.SetISOTPOptions(ISOTPOptions{Flags: CAN_ISOTP_TX_PADDING, TxPadContent: 0xcc}); err == nil {
		t.Fatal("ISO-TP options on a UDP socket")
	}
	wantErrCode(t, "frame time", u.SetISOTPOptions(ISOTPOptions{FrameTxTime: 5 * time.Second}), ErrOutOfRange)
	u.Close()
	wantErrCode(t, "filters on a closed socket", u.SetCANFilters(nil), ErrBadHandle)
}

// Live CAN, where the kernel has it (a vcan0 interface made by hand: there is no
// modprobe here).
func TestCANRawLive(t *testing.T) {
	s, err := Open(AF_CAN, SOCK_RAW, CAN_RAW)
	if err != nil {
		t.Skipf("no CAN in this kernel: %v", err)
	}
	defer s.Close()
	if _, err := InterfaceIndex("vcan0"); err != nil {
		t.Skip("no vcan0 interface")
	}
	ok(t, s.SetCANFilters([]CANFilter{{ID: 0x321, Mask: CAN_SFF_MASK}}))
	ok(t, s.Bind(&CANAddr{Interface: "vcan0"}))
	if la, isCAN := s.LocalAddr().(*CANAddr); !isCAN || la.Interface != "vcan0" {
		t.Fatalf("LocalAddr() = %#v", s.LocalAddr())
	}
	w := must(Open(AF_CAN, SOCK_RAW, CAN_RAW))(t)
	defer w.Close()
	ok(t, w.Bind(&CANAddr{Interface: "vcan0"}))
	frame := CANFrame{ID: 0x321, Data: []byte("hi")}
	_, err = w.Send(must(frame.MarshalBinary())(t), 0)
	ok(t, err)
	ok(t, s.SetTimeout(5*time.Second))
	buf := make([]byte, CANFD_MTU)
	n, from, err := s.PacketConn().ReadFrom(buf)
	ok(t, err)
	var got CANFrame
	ok(t, got.UnmarshalBinary(buf[:n]))
	if !reflect.DeepEqual(got, frame) {
		t.Fatalf("got %+v", got)
	}
	if ca, isCAN := from.(*CANAddr); !isCAN || ca.Interface != "vcan0" {
		t.Fatalf("from %#v", from)
	}
}
