#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The worked example of docs/ffi.md: bind libsocketx from Python's ctypes with nothing but
abi/manifest.json (no header), then exchange bytes over an AF_UNIX socket pair.

Usage: ctypes_example.py MANIFEST LIBRARY
"""
import ctypes
import json
import sys

WIRE = {"int32": ctypes.c_int32, "uint32": ctypes.c_uint32, "int64": ctypes.c_int64,
        "uint64": ctypes.c_uint64, "size": ctypes.c_size_t, "double": ctypes.c_double,
        "pointer": ctypes.c_void_p}


def bind(lib, manifest):
    """Every function, typed from the manifest: argtypes from 'type', restype from 'returns'."""
    api = {}
    for f in manifest["functions"]:
        fn = getattr(lib, f["name"])
        fn.argtypes = [WIRE[p["type"]] for p in f["params"]]
        fn.restype = ctypes.c_int32 if f["returns"]["role"] == "status" else ctypes.c_char_p
        api[f["name"]] = fn
    return api


def main():
    manifest = json.load(open(sys.argv[1], encoding="utf-8"))
    lib = ctypes.CDLL(sys.argv[2])
    sx = bind(lib, manifest)
    names = {c["value"]: c["name"] for c in manifest["status_codes"]}

    def ok(status, what):
        if status != 0:
            raise SystemExit(f"{what}: {names.get(status, status)}: {sx['sx_strerror'](status).decode()}")

    def const(name):
        value = ctypes.c_int64()
        ok(sx["sx_constant"](name.encode(), ctypes.addressof(value)), f"sx_constant({name})")
        return value.value

    a, b = ctypes.c_uint64(), ctypes.c_uint64()
    ok(sx["sx_socketpair"](const("AF_UNIX"), const("SOCK_STREAM"), 0,
                           ctypes.addressof(a), ctypes.addressof(b)), "sx_socketpair")
    message = b"hello through the manifest"
    sent = ctypes.c_size_t()
    ok(sx["sx_socket_sendall"](a, message, len(message), 0, ctypes.addressof(sent)), "sendall")
    buf = ctypes.create_string_buffer(64)
    got = ctypes.c_size_t()
    ok(sx["sx_socket_recv"](b, buf, len(buf), 0, ctypes.addressof(got)), "recv")
    # A stale handle is a status, never a crash.
    ok(sx["sx_socket_close"](a), "close")
    stale = sx["sx_socket_sendall"](a, message, len(message), 0, ctypes.addressof(sent))
    ok(sx["sx_socket_close"](b), "close")
    print(f"received {buf.raw[:got.value]!r}; send on a closed handle: {names[stale]}")
    return 0 if buf.raw[:got.value] == message and names[stale] == "SX_EBADHANDLE" else 1


if __name__ == "__main__":
    sys.exit(main())
