// SPDX-License-Identifier: MIT

//go:build linux

package socketx

import (
	"bytes"
	"math"
	"runtime"

	"github.com/libsocketx/libsocketx/bindings/go/internal/native"
)

// Calls with several results (getaddrinfo, the host database, if_nameindex) give an
// sx_list handle. The functions of this package copy such a list into Go values at once
// and close it before returning, so no list handle ever reaches the caller: there is
// nothing to leak and no finalizer is needed.

// readList copies the n entries of a list, closing it whatever happens.
func readList(op string, l uint64, entry func(i uint32) error) error {
	defer native.Sx_list_close(l)
	var n uint32
	if st := native.Sx_list_count(l, &n); st < 0 {
		return newError(op, st)
	}
	for i := uint32(0); i < n; i++ {
		if err := entry(i); err != nil {
			return err
		}
	}
	return nil
}

// readStringDetail is readString for calls whose failures carry a detail message worth
// keeping ("illegal IP address string passed to inet_aton"): pinned to one OS thread so
// that the detail read afterwards is this call's.
func readStringDetail(op string, size int, f func([]byte) int) ([]byte, error) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	b, err := readString(op, size, f)
	if e, ok := err.(*Error); ok {
		e.Detail = LastErrorDetail()
	}
	return b, err
}

// readTwoStrings runs a call with two string buffers (getnameinfo). The generated
// wrapper reports the larger of the two lengths: with both buffers of the same size n,
// a status above n is the size to retry with, and on success each string ends at its
// NUL (host and service names never contain one).
func readTwoStrings(op string, n int, f func(a, b []byte) int) (string, string, error) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	for i := 0; i < 4; i++ {
		a, b := make([]byte, n), make([]byte, n)
		st := f(a, b)
		if st < 0 {
			err := newError(op, st)
			if e, ok := err.(*Error); ok {
				e.Detail = LastErrorDetail()
			}
			return "", "", err
		}
		if st < n {
			return cString(a), cString(b), nil
		}
		n = st
	}
	return "", "", &Error{Op: op, Code: ErrTrunc}
}

func cString(b []byte) string {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		b = b[:i]
	}
	return string(b)
}

// checkStrings is checkString for several arguments.
func checkStrings(op string, ss ...string) error {
	for _, s := range ss {
		if err := checkString(op, s); err != nil {
			return err
		}
	}
	return nil
}

// int32Args refuses Go ints the C calls' int32 parameters would truncate into other,
// valid values (a family of 1<<32 would become AF_UNSPEC).
func int32Args(op string, vs ...int) error {
	for _, v := range vs {
		if v < math.MinInt32 || v > math.MaxInt32 {
			return &Error{Op: op, Code: ErrOutOfRange, Detail: "value does not fit a 32-bit int"}
		}
	}
	return nil
}

// withHost names the looked-up host in a resolver error.
func withHost(err error, host string) error {
	if re, ok := err.(*ResolverError); ok {
		re.Host = host
	}
	return err
}
