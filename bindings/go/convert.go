// SPDX-License-Identifier: MIT

//go:build linux

package socketx

import (
	"github.com/libsocketx/libsocketx/bindings/go/internal/native"
)

// Byte-order and address-text conversions and ancillary data sizes: Python's ntohs,
// htons, ntohl, htonl, inet_aton, inet_ntoa, inet_pton, inet_ntop, CMSG_LEN and
// CMSG_SPACE. None of them blocks. The integer functions take an int64 so that, as in
// Python, a value outside the type's range is an error (ErrOutOfRange) rather than
// silently truncated.

func convert32(op string, x int64, f func(int64, *uint32) int) (uint32, error) {
	var v uint32
	if st := f(x, &v); st < 0 {
		return 0, newError(op, st)
	}
	return v, nil
}

// Htons converts a 16-bit value (0..65535) from host to network byte order.
func Htons(x int64) (uint16, error) {
	v, err := convert32("htons", x, native.Sx_htons)
	return uint16(v), err
}

// Ntohs converts a 16-bit value (0..65535) from network to host byte order.
func Ntohs(x int64) (uint16, error) {
	v, err := convert32("ntohs", x, native.Sx_ntohs)
	return uint16(v), err
}

// Htonl converts a 32-bit value (0..4294967295) from host to network byte order.
func Htonl(x int64) (uint32, error) { return convert32("htonl", x, native.Sx_htonl) }

// Ntohl converts a 32-bit value (0..4294967295) from network to host byte order.
func Ntohl(x int64) (uint32, error) { return convert32("ntohl", x, native.Sx_ntohl) }

// InetAton parses an IPv4 address in any form inet_aton(3) accepts ("127.1",
// "0x7f.1") into its 4 bytes: Python's socket.inet_aton. Invalid text gives ErrArg.
func InetAton(ip string) ([]byte, error) {
	if err := checkString("inet_aton", ip); err != nil {
		return nil, err
	}
	return readStringDetail("inet_aton", 4, func(b []byte) int { return native.Sx_inet_aton(ip, b) })
}

// InetNtoa formats 4 bytes as a dotted quad: Python's socket.inet_ntoa. Another
// length gives ErrArg.
func InetNtoa(packed []byte) (string, error) {
	b, err := readStringDetail("inet_ntoa", 16, func(b []byte) int { return native.Sx_inet_ntoa(packed, b) })
	return string(b), err
}

// InetPton parses an IPv4 (4 bytes) or IPv6 (16 bytes) address strictly: Python's
// socket.inet_pton. Invalid text gives ErrArg, another family EAFNOSUPPORT.
func InetPton(family int, ip string) ([]byte, error) {
	if err := checkString("inet_pton", ip); err != nil {
		return nil, err
	}
	if err := int32Args("inet_pton", family); err != nil {
		return nil, err
	}
	return readStringDetail("inet_pton", 16, func(b []byte) int { return native.Sx_inet_pton(family, ip, b) })
}

// InetNtop formats packed IPv4 or IPv6 bytes as text ("2001:db8::1"): Python's
// socket.inet_ntop. A length that does not fit the family gives ErrArg.
func InetNtop(family int, packed []byte) (string, error) {
	if err := int32Args("inet_ntop", family); err != nil {
		return "", err
	}
	b, err := readStringDetail("inet_ntop", 46, func(b []byte) int { return native.Sx_inet_ntop(family, packed, b) })
	return string(b), err
}

// CmsgLen is the cmsg_len value for ancillary data of n bytes: Python's socket.CMSG_LEN.
func CmsgLen(n int) (int, error) {
	var v int64
	if st := native.Sx_cmsg_len(int64(n), &v); st < 0 {
		return 0, newError("cmsg_len", st)
	}
	return int(v), nil
}

// CmsgSpace is the buffer space ancillary data of n bytes takes, padding included:
// Python's socket.CMSG_SPACE.
func CmsgSpace(n int) (int, error) {
	var v int64
	if st := native.Sx_cmsg_space(int64(n), &v); st < 0 {
		return 0, newError("cmsg_space", st)
	}
	return int(v), nil
}
