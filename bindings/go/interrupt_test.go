// SPDX-License-Identifier: MIT

//go:build linux

package socketx

import (
	"errors"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/libsocketx/libsocketx/bindings/go/internal/native"
)

// The setting belongs to the OS thread: it round-trips on a locked thread, starts false on
// a new thread, and is not seen by another thread.
func TestThreadInterruptibleRoundTrip(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	on, err := ThreadInterruptible()
	ok(t, err)
	if on {
		t.Fatal("a thread starts with interruptions off (PEP 475)")
	}
	ok(t, SetThreadInterruptible(true))
	defer func() { ok(t, SetThreadInterruptible(false)) }()
	if on = must(ThreadInterruptible())(t); !on {
		t.Fatal("SetThreadInterruptible(true) did not stick on a locked thread")
	}

	// Another goroutine locked to a thread of its own sees that thread's setting, false:
	// LockOSThread in a new goroutine never shares this goroutine's locked thread.
	other := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		v, err := ThreadInterruptible()
		if err == nil && v {
			err = errors.New("another thread saw this thread's setting")
		}
		other <- err
	}()
	select {
	case err := <-other:
		ok(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("the other goroutine did not answer")
	}

	ok(t, SetThreadInterruptible(false))
	if on = must(ThreadInterruptible())(t); on {
		t.Fatal("SetThreadInterruptible(false) did not stick")
	}
}

// SX_EINTR is an OS code: errors.Is matches syscall.EINTR.
func TestEINTRMatchesSyscallEINTR(t *testing.T) {
	err := newError("recv", -int(syscall.EINTR)) // SX_EINTR: OS codes are negated Linux errnos
	if !errors.Is(err, syscall.EINTR) {
		t.Fatalf("%v does not match syscall.EINTR", err)
	}
}

// What the setting does, through the raw layer on a locked thread: a timeout-mode receive
// that a signal interrupts returns SX_EINTR at once when the thread is interruptible, and
// is retried until its timeout otherwise. The signal is SIGURG, which the Go runtime
// handles (its preemption signal) and which therefore interrupts without harm.
func TestThreadInterruptibleEndsAnInterruptedCall(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var a, b uint64
	if st := native.Sx_socketpair(AF_UNIX, SOCK_STREAM, 0, &a, &b); st < 0 {
		t.Fatal(newError("socketpair", st))
	}
	defer native.Sx_socket_close(a)
	defer native.Sx_socket_close(b)
	const timeout = 2.0
	if st := native.Sx_socket_settimeout(a, timeout); st < 0 {
		t.Fatal(newError("settimeout", st))
	}
	tid := syscall.Gettid()
	pid := syscall.Getpid()
	// recv with SIGURG sent to this thread every 20 ms until it returns (bounded: the
	// sender stops when told, or after 5 s).
	recvUnderSignals := func() (int, time.Duration) {
		stop := make(chan struct{})
		done := make(chan struct{})
		go func() {
			defer close(done)
			deadline := time.Now().Add(5 * time.Second)
			for time.Now().Before(deadline) {
				select {
				case <-stop:
					return
				case <-time.After(20 * time.Millisecond):
					_ = syscall.Tgkill(pid, tid, syscall.SIGURG)
				}
			}
		}()
		buf := make([]byte, 16)
		var n uint64
		start := time.Now()
		st := native.Sx_socket_recv(a, buf, 0, &n)
		elapsed := time.Since(start)
		close(stop)
		<-done
		return st, elapsed
	}

	ok(t, SetThreadInterruptible(true))
	st, elapsed := recvUnderSignals()
	ok(t, SetThreadInterruptible(false))
	if err := newError("recv", st); !errors.Is(err, syscall.EINTR) {
		t.Fatalf("interruptible thread: recv returned %v, want EINTR", err)
	}
	if elapsed > time.Second {
		t.Fatalf("interruptible thread: recv returned after %v, want the first signal (~20 ms)", elapsed)
	}
	t.Logf("interrupted recv returned after %v", elapsed)

	st, elapsed = recvUnderSignals()
	if err := newError("recv", st); !errors.Is(err, ErrTimeout) {
		t.Fatalf("default thread: recv returned %v, want the timeout (signals retried)", err)
	}
	if elapsed < time.Duration(timeout*0.9*float64(time.Second)) {
		t.Fatalf("default thread: recv returned after %v, before its %v s timeout", elapsed, timeout)
	}
}
