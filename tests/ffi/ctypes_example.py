#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The worked example of docs/ffi.md: bind libsocketx from abi/manifest.json with ctypes, no C header.

Every prototype is built from the manifest (types and roles); constants come from sx_constant()
at run time; errors are named with sx_error_name(). It echoes a message over an AF_UNIX pair and
shows the string-out triple, then checks a bad handle gives the manifest's SX_EBADHANDLE.
Usage: ctypes_example.py abi/manifest.json build/libsocketx.so.1   (ctest ffi:ctypes-example)
"""
import ctypes
import json
import sys

SCALAR = {"int32": ctypes.c_int32, "uint32": ctypes.c_uint32, "int64": ctypes.c_int64,
          "uint64": ctypes.c_uint64, "size": ctypes.c_size_t, "float64": ctypes.c_double,
          "handle": ctypes.c_uint64}


def ctype_of(param):
    """The ctypes type of one manifest parameter."""
    if param["type"] == "string":
        return ctypes.c_char_p
    if param["type"] != "pointer":
        return SCALAR[param["type"]]
    target = param["target"]
    if target in SCALAR:
        return ctypes.POINTER(SCALAR[target])
    if target == "string":
        return ctypes.POINTER(ctypes.c_char_p)
    return ctypes.c_void_p  # bytes, arrays of pointers


def bind(manifest, path):
    lib = ctypes.CDLL(path)
    for f in manifest["functions"]:
        fn = getattr(lib, f["name"])
        fn.argtypes = [ctype_of(p) for p in f["params"]]
        fn.restype = ctypes.c_int32 if f["returns"]["type"] == "status" else ctypes.c_char_p
    return lib


class SocketxError(Exception):
    pass


def main():
    manifest = json.load(open(sys.argv[1], encoding="utf-8"))
    assert manifest["manifest_version"] == 1
    lib = bind(manifest, sys.argv[2])
    codes = {c["name"]: c["value"] for c in manifest["status_codes"]}

    def check(status):
        if status != 0:
            raise SocketxError(lib.sx_error_name(status).decode(), lib.sx_strerror(status).decode())

    def constant(name):
        value = ctypes.c_int64()
        check(lib.sx_constant(name.encode(), ctypes.byref(value)))
        return value.value

    a, b = ctypes.c_uint64(), ctypes.c_uint64()
    check(lib.sx_socketpair(constant("AF_UNIX"), constant("SOCK_STREAM"), 0, ctypes.byref(a), ctypes.byref(b)))
    try:
        message = b"hello through the manifest"
        sent = ctypes.c_size_t()
        check(lib.sx_socket_sendall(a, message, len(message), 0, ctypes.byref(sent)))
        buf = ctypes.create_string_buffer(64)
        got = ctypes.c_size_t()
        check(lib.sx_socket_recv(b, buf, len(buf), 0, ctypes.byref(got)))
        assert buf.raw[:got.value] == message, buf.raw[:got.value]

        # A string-out triple: ask with cap 0 for the length, then fetch.
        need = ctypes.c_size_t()
        rc = lib.sx_gethostname(None, 0, ctypes.byref(need))
        assert rc == codes["SX_ETRUNC"], rc
        name = ctypes.create_string_buffer(need.value + 1)
        check(lib.sx_gethostname(name, len(name), ctypes.byref(need)))
        print(f"echoed {got.value} bytes on host {name.value.decode()!r}")
    finally:
        check(lib.sx_socket_close(a))
        check(lib.sx_socket_close(b))

    fam = ctypes.c_int32()
    rc = lib.sx_socket_family(a, ctypes.byref(fam))  # a is closed now
    assert rc == codes["SX_EBADHANDLE"], rc
    print(f"closed handle: {lib.sx_error_name(rc).decode()}, as the manifest says; "
          f"{len(manifest['functions'])} functions bound without a C header")
    return 0


if __name__ == "__main__":
    sys.exit(main())
