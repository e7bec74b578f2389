#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# cli:info: `socketx info` and `socketx --version` against the library itself (through
# ctypes: sx_version_string, sx_abi_level, sx_family_supported) and against the kernel as
# Python's socket module finds it (a socket of the family can be made, or fails with
# something other than EAFNOSUPPORT). netlink, packet and vsock must be listed.
# Usage: info.sh SOCKETX WORK_DIR LIBRARY
. "$(dirname "$0")/lib.sh"
library=${1:?path to libsocketx.so}

sx info >info.txt 2>err.txt || fail "info exited $?: $(cat err.txt)"
sx --version >version.txt 2>err.txt || fail "--version exited $?: $(cat err.txt)"
cat info.txt
python3 - "$library" info.txt version.txt <<'PY' || exit 1
import ctypes, errno, socket, sys

lib = ctypes.CDLL(sys.argv[1])
lib.sx_version_string.restype = ctypes.c_char_p
version = lib.sx_version_string().decode()
major, minor = ctypes.c_uint32(), ctypes.c_uint32()
assert lib.sx_abi_level(ctypes.byref(major), ctypes.byref(minor)) == 0
abi = f"SOCKETX_{major.value}.{minor.value}"

lines = open(sys.argv[2]).read().splitlines()
def field(key):
    found = [l.split()[1] for l in lines if l.split()[:1] == [key]]
    assert len(found) == 1, f"info has {len(found)} '{key}' lines: {lines}"
    return found[0]
assert field("library") == version, f"library line {field('library')} != {version}"
assert field("abi") == abi, f"abi line {field('abi')} != {abi}"
want_version = f"socketx {field('socketx')} (libsocketx {version}, ABI {abi})"
got_version = open(sys.argv[3]).read().strip()
assert got_version == want_version, f"--version printed {got_version!r}, expected {want_version!r}"

def kernel_has(af):
    for t in (socket.SOCK_STREAM, socket.SOCK_DGRAM, socket.SOCK_SEQPACKET, socket.SOCK_RAW):
        try:
            socket.socket(af, t).close()
            return True
        except OSError as e:
            if e.errno != errno.EAFNOSUPPORT:
                return True
    return False

families = {}
for l in lines:
    f = l.split()
    if f[:1] == ["family"]:
        assert len(f) == 6 and f[4] in ("yes", "no") and f[5] in ("yes", "no"), f"malformed line {l!r}"
        families[f[1]] = f
for name in ("inet", "inet6", "unix", "netlink", "packet", "vsock", "can", "alg", "tipc", "rds", "qipcrtr", "bluetooth"):
    assert name in families, f"info lists no {name}: {lines}"
for name, (_, _, const, af, build, kernel) in families.items():
    af = int(af)
    assert getattr(socket, const, af) == af, f"{const} is {getattr(socket, const)} in Python, {af} in info"
    b, k = ctypes.c_int(-1), ctypes.c_int(-1)
    assert lib.sx_family_supported(af, ctypes.byref(b), ctypes.byref(k)) == 0
    assert build == ("yes" if b.value else "no"), f"{name}: build {build}, sx_family_supported says {b.value}"
    assert kernel == ("yes" if k.value else "no"), f"{name}: kernel {kernel}, sx_family_supported says {k.value}"
    assert kernel == ("yes" if kernel_has(af) else "no"), f"{name}: kernel {kernel}, Python's socket() disagrees"
    print(f"ok: {name} build {build} kernel {kernel}")
PY
ok "info agrees with sx_family_supported and with the kernel"
