// SPDX-License-Identifier: MIT

//go:build linux

package socketx

/*
#cgo pkg-config: socketx
#include <socketx.h>
*/
import "C"

import (
	"runtime"
	"time"
	"unsafe"

	"github.com/libsocketx/libsocketx/bindings/go/internal/native"
)

// Constants of CAN_BCM messages and CAN_ISOTP options (uint32, as the fields of
// BCMMessage and ISOTPOptions they go into).
const (
	CAN_BCM_TX_SETUP       = uint32(native.SX_CAN_BCM_TX_SETUP)
	CAN_BCM_TX_DELETE      = uint32(native.SX_CAN_BCM_TX_DELETE)
	CAN_BCM_TX_READ        = uint32(native.SX_CAN_BCM_TX_READ)
	CAN_BCM_TX_SEND        = uint32(native.SX_CAN_BCM_TX_SEND)
	CAN_BCM_RX_SETUP       = uint32(native.SX_CAN_BCM_RX_SETUP)
	CAN_BCM_RX_DELETE      = uint32(native.SX_CAN_BCM_RX_DELETE)
	CAN_BCM_RX_READ        = uint32(native.SX_CAN_BCM_RX_READ)
	CAN_BCM_TX_STATUS      = uint32(native.SX_CAN_BCM_TX_STATUS)
	CAN_BCM_TX_EXPIRED     = uint32(native.SX_CAN_BCM_TX_EXPIRED)
	CAN_BCM_RX_STATUS      = uint32(native.SX_CAN_BCM_RX_STATUS)
	CAN_BCM_RX_TIMEOUT     = uint32(native.SX_CAN_BCM_RX_TIMEOUT)
	CAN_BCM_RX_CHANGED     = uint32(native.SX_CAN_BCM_RX_CHANGED)
	CAN_BCM_SETTIMER       = uint32(native.SX_CAN_BCM_SETTIMER)
	CAN_BCM_STARTTIMER     = uint32(native.SX_CAN_BCM_STARTTIMER)
	CAN_BCM_TX_COUNTEVT    = uint32(native.SX_CAN_BCM_TX_COUNTEVT)
	CAN_BCM_TX_ANNOUNCE    = uint32(native.SX_CAN_BCM_TX_ANNOUNCE)
	CAN_BCM_TX_CP_CAN_ID   = uint32(native.SX_CAN_BCM_TX_CP_CAN_ID)
	CAN_BCM_RX_FILTER_ID   = uint32(native.SX_CAN_BCM_RX_FILTER_ID)
	CAN_BCM_CAN_FD_FRAME   = uint32(native.SX_CAN_BCM_CAN_FD_FRAME)
	CAN_ISOTP_LISTEN_MODE  = uint32(native.SX_CAN_ISOTP_LISTEN_MODE)
	CAN_ISOTP_EXTEND_ADDR  = uint32(native.SX_CAN_ISOTP_EXTEND_ADDR)
	CAN_ISOTP_TX_PADDING   = uint32(native.SX_CAN_ISOTP_TX_PADDING)
	CAN_ISOTP_RX_PADDING   = uint32(native.SX_CAN_ISOTP_RX_PADDING)
	CAN_ISOTP_CHK_PAD_LEN  = uint32(native.SX_CAN_ISOTP_CHK_PAD_LEN)
	CAN_ISOTP_CHK_PAD_DATA = uint32(native.SX_CAN_ISOTP_CHK_PAD_DATA)
	CAN_ISOTP_HALF_DUPLEX  = uint32(native.SX_CAN_ISOTP_HALF_DUPLEX)
	CAN_ISOTP_RX_EXT_ADDR  = uint32(native.SX_CAN_ISOTP_RX_EXT_ADDR)
	CAN_ISOTP_WAIT_TX_DONE = uint32(native.SX_CAN_ISOTP_WAIT_TX_DONE)
	CAN_RAW_FILTER_MAX     = native.SX_CAN_RAW_FILTER_MAX
)

// CANFrame is a CAN or CAN FD frame as a CAN_RAW socket sends and receives it. ID
// carries the CAN_EFF_FLAG, CAN_RTR_FLAG and CAN_ERR_FLAG bits as the kernel does;
// Flags are the CAN FD flags (CANFD_BRS, CANFD_ESI, CANFD_FDF): a frame with
// CANFD_FDF, or more than 8 data bytes, is a CAN FD frame (72 bytes), else a classic
// frame (16 bytes).
type CANFrame struct {
	ID    uint32
	Flags uint32
	Data  []byte
}

// IsFD reports whether the frame is a CAN FD frame.
func (f *CANFrame) IsFD() bool { return f.Flags&CANFD_FDF != 0 || len(f.Data) > 8 }

// MarshalBinary encodes the frame as the kernel reads it (sx_can_frame_encode): ErrArg
// for flags on a classic frame, or a length CAN FD has no DLC for.
func (f *CANFrame) MarshalBinary() ([]byte, error) {
	return f.appendBinary(nil, 0)
}

func (f *CANFrame) appendBinary(dst []byte, extraFlags uint32) ([]byte, error) {
	var buf [CANFD_MTU]byte
	st := native.Sx_can_frame_encode(uint(f.ID), uint(f.Flags|extraFlags), f.Data, buf[:])
	if st < 0 {
		return dst, newError("can_frame_encode", st)
	}
	if st > len(buf) { // larger than any frame the library knows
		return dst, &Error{Op: "can_frame_encode", Code: ErrTrunc}
	}
	return append(dst, buf[:st]...), nil
}

// UnmarshalBinary decodes a CAN_MTU or CANFD_MTU frame (sx_can_frame_decode). Flags then
// has CANFD_FDF set for a CAN FD frame.
func (f *CANFrame) UnmarshalBinary(b []byte) error {
	var id, flags uint32
	var data [64]byte
	st := native.Sx_can_frame_decode(b, &id, &flags, data[:])
	if st < 0 {
		return newError("can_frame_decode", st)
	}
	if st > len(data) {
		return &Error{Op: "can_frame_decode", Code: ErrTrunc}
	}
	f.ID, f.Flags, f.Data = id, flags, make([]byte, st)
	copy(f.Data, data[:st])
	return nil
}

// BCMMessage is a CAN broadcast-manager message (struct bcm_msg_head and its frames) as
// a CAN_BCM socket reads and writes it. Opcode is CAN_BCM_TX_SETUP...; Flags
// CAN_BCM_SETTIMER... (with CAN_BCM_CAN_FD_FRAME the frames are encoded as CAN FD
// frames); the intervals are kept to the microsecond.
type BCMMessage struct {
	Opcode    uint32
	Flags     uint32
	Count     uint32
	Interval1 time.Duration
	Interval2 time.Duration
	ID        uint32
	Frames    []CANFrame
}

// MarshalBinary encodes the message (sx_can_bcm_encode).
func (m *BCMMessage) MarshalBinary() ([]byte, error) {
	var extra uint32
	if m.Flags&CAN_BCM_CAN_FD_FRAME != 0 {
		extra = CANFD_FDF // every frame of an FD message is a 72-byte frame
	}
	var frames []byte
	for i := range m.Frames {
		var err error
		if frames, err = m.Frames[i].appendBinary(frames, extra); err != nil {
			return nil, err
		}
	}
	ival1, ival2 := m.Interval1.Microseconds(), m.Interval2.Microseconds()
	encode := func(buf []byte) int {
		return native.Sx_can_bcm_encode(uint(m.Opcode), uint(m.Flags), uint(m.Count), ival1, ival2, uint(m.ID),
			frames, buf)
	}
	return readString("can_bcm_encode", 56+len(frames), encode)
}

// UnmarshalBinary decodes a message (sx_can_bcm_decode) and each of its frames.
func (m *BCMMessage) UnmarshalBinary(b []byte) error {
	var opcode, flags, count, id, nframes uint32
	var ival1, ival2 int64
	var off uint64
	st := native.Sx_can_bcm_decode(b, &opcode, &flags, &count, &ival1, &ival2, &id, &nframes, &off)
	if st < 0 {
		return newError("can_bcm_decode", st)
	}
	size := CAN_MTU
	if flags&CAN_BCM_CAN_FD_FRAME != 0 {
		size = CANFD_MTU
	}
	frames := make([]CANFrame, nframes)
	for i := range frames {
		start := int(off) + i*size
		if start+size > len(b) { // the library checked this; never slice past b regardless
			return &Error{Op: "can_bcm_decode", Code: ErrArg, Detail: "message shorter than its frames"}
		}
		if err := frames[i].UnmarshalBinary(b[start : start+size]); err != nil {
			return err
		}
	}
	*m = BCMMessage{Opcode: opcode, Flags: flags, Count: count, Interval1: time.Duration(ival1) * time.Microsecond,
		Interval2: time.Duration(ival2) * time.Microsecond, ID: id, Frames: frames}
	return nil
}

// CANFilter is one CAN_RAW receive filter: a frame passes when
// received_id & Mask == ID & Mask (CAN_INV_FILTER in ID inverts the filter).
type CANFilter struct {
	ID   uint32
	Mask uint32
}

// SetCANFilters sets a CAN_RAW socket's receive filters (CAN_RAW_FILTER;
// sx_socket_can_set_filters). No filters receives no frames at all.
func (s *Socket) SetCANFilters(filters []CANFilter) error {
	ids := make([]uint32, len(filters)+1) // +1: &ids[0] valid for no filters
	masks := make([]uint32, len(filters)+1)
	for i, f := range filters {
		ids[i], masks[i] = f.ID, f.Mask
	}
	return s.simple("can_set_filters", func(h uint64) int {
		return int(C.sx_socket_can_set_filters(C.sx_socket(h), (*C.uint32_t)(unsafe.Pointer(&ids[0])),
			(*C.uint32_t)(unsafe.Pointer(&masks[0])), C.size_t(len(filters))))
	})
}

// ISOTPOptions are a CAN_ISOTP socket's options (struct can_isotp_options).
type ISOTPOptions struct {
	Flags        uint32 // CAN_ISOTP_TX_PADDING...
	FrameTxTime  time.Duration
	ExtAddress   uint8
	TxPadContent uint8
	RxPadContent uint8
	RxExtAddress uint8
}

// SetISOTPOptions sets a CAN_ISOTP socket's options before Bind (CAN_ISOTP_OPTS;
// sx_socket_can_isotp_options). FrameTxTime is kept to the nanosecond, at most about
// 4.29 s (ErrOutOfRange beyond).
func (s *Socket) SetISOTPOptions(o ISOTPOptions) error {
	if o.FrameTxTime < 0 || o.FrameTxTime > 1<<32-1 {
		return &Error{Op: "can_isotp_options", Code: ErrOutOfRange, Detail: "FrameTxTime must fit 32 bits of nanoseconds"}
	}
	err := s.simple("can_isotp_options", func(h uint64) int {
		return native.Sx_socket_can_isotp_options(h, uint(o.Flags), uint(o.FrameTxTime), int(o.ExtAddress),
			int(o.TxPadContent), int(o.RxPadContent), int(o.RxExtAddress))
	})
	runtime.KeepAlive(s)
	return err
}
