#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""CPython through ctypes: a signal handler's exception reaches the caller of a blocked call.

A Python handler runs only between bytecodes, so it cannot run while the thread is inside a
foreign call. With sx_thread_set_interruptible(1) the interrupted call returns SX_EINTR at
once, the handler runs as ctypes returns, and its exception propagates: the scenario of a
blocking sendall under alarm() and of a recv with a long timeout. Usage: python_interrupt.py LIB
"""
import ctypes
import signal
import sys
import time

SX_EINTR = -4
AF_UNIX, SOCK_STREAM = 1, 1

lib = ctypes.CDLL(sys.argv[1])
u64 = ctypes.c_uint64
lib.sx_socketpair.argtypes = [ctypes.c_int32] * 3 + [ctypes.POINTER(u64)] * 2
lib.sx_socket_sendall.argtypes = [u64, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int32,
                                  ctypes.POINTER(ctypes.c_size_t)]
lib.sx_socket_recv.argtypes = [u64, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int32,
                               ctypes.POINTER(ctypes.c_size_t)]
lib.sx_socket_settimeout.argtypes = [u64, ctypes.c_double]
lib.sx_socket_close.argtypes = [u64]
lib.sx_thread_set_interruptible.argtypes = [ctypes.c_int]
for fn in (lib.sx_socketpair, lib.sx_socket_sendall, lib.sx_socket_recv, lib.sx_socket_settimeout,
           lib.sx_socket_close, lib.sx_thread_set_interruptible):
    fn.restype = ctypes.c_int32


class Alarm(Exception):
    pass


def on_alarm(signum, frame):
    raise Alarm()


def pair():
    a, b = u64(), u64()
    assert lib.sx_socketpair(AF_UNIX, SOCK_STREAM, 0, ctypes.byref(a), ctypes.byref(b)) == 0
    return a, b


def interrupted(what, call, limit):
    """Run call under alarm(1); require the handler's exception within limit seconds."""
    signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, 0.3)
    t0 = time.monotonic()
    try:
        rc = call()
        raise AssertionError(f"{what}: returned {rc} without the handler's exception")
    except Alarm:
        took = time.monotonic() - t0
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    assert took < limit, f"{what}: the exception arrived after {took:.2f} s (limit {limit} s)"
    print(f"{what}: the handler's exception arrived after {took:.2f} s")


def main():
    passed = 0
    assert lib.sx_thread_set_interruptible(1) == 0

    # A blocking sendall into a full connection: it never returns without interruption.
    a, b = pair()
    data = b"x" * (8 << 20)
    sent = ctypes.c_size_t(0)
    interrupted("blocking sendall", lambda: lib.sx_socket_sendall(a, data, len(data), 0, ctypes.byref(sent)), 1.5)
    assert 0 < sent.value < len(data), sent.value
    print(f"blocking sendall: {sent.value} bytes sent before the interruption, reported")
    passed += 1

    # recv with a 3 s timeout: the exception comes at the signal, not after 3 s.
    c, d = pair()
    assert lib.sx_socket_settimeout(c, 3.0) == 0
    buf = ctypes.create_string_buffer(16)
    n = ctypes.c_size_t(0)
    interrupted("recv with a 3 s timeout", lambda: lib.sx_socket_recv(c, buf, 16, 0, ctypes.byref(n)), 1.5)
    passed += 1

    # With a handler that only records, the call's own status shows: SX_EINTR.
    seen = []
    signal.signal(signal.SIGALRM, lambda *_: seen.append(1))
    signal.setitimer(signal.ITIMER_REAL, 0.2)
    rc = lib.sx_socket_recv(c, buf, 16, 0, ctypes.byref(n))
    signal.setitimer(signal.ITIMER_REAL, 0)
    assert rc == SX_EINTR and seen, (rc, seen)
    print("recv with a 3 s timeout: SX_EINTR, and the handler ran")
    passed += 1

    for h in (a, b, c, d):
        lib.sx_socket_close(h)
    print(f"{passed} passed, 0 failed")


if __name__ == "__main__":
    main()
