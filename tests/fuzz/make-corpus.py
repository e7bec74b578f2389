#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write the seed corpora of the fuzzers to corpus/<harness>/ (checked in; rerun after editing).

Each seed is a small file named after what it holds, in the input layout its harness reads
(see the comment at the top of each fuzz_*.c). To add a seed, add a line here and rerun:
    python3 tests/fuzz/make-corpus.py
Seeds a fuzzer found on its own (reproducers of fixed defects) live in the same directories
under names starting with "found-"; this script leaves them alone.
"""
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")

# Linux values; the seeds are data, the harnesses read whatever the bytes say.
AF_UNIX, AF_INET, AF_INET6, AF_NETLINK, AF_PACKET, AF_CAN, AF_VSOCK = 1, 2, 10, 16, 17, 29, 40


def be32(v):
    return struct.pack(">I", v & 0xFFFFFFFF)


def sockaddr_in(host, port, zero=b"\0" * 8):
    a = bytes(int(x) for x in host.split("."))
    return struct.pack("<H", AF_INET) + struct.pack(">H", port) + a + zero


def sockaddr_in6(addr16, port, flow=0, scope=0):
    return struct.pack("<H", AF_INET6) + struct.pack(">HI", port, flow) + addr16 + struct.pack("<I", scope)


def sockaddr_un(name, counted_nul=True):
    return struct.pack("<H", AF_UNIX) + name + (b"\0" if counted_nul else b"")


LOOP6 = b"\0" * 15 + b"\1"
LINKLOCAL = b"\xfe\x80" + b"\0" * 13 + b"\1"
MAPPED = b"\0" * 10 + b"\xff\xff" + bytes([1, 2, 3, 4])

SEEDS = {
    "fuzz_addr_raw": {
        "inet-loopback": sockaddr_in("127.0.0.1", 8080),
        "inet-sin-zero-set": sockaddr_in("10.1.2.3", 1, b"\x01" * 8),
        "inet-short": sockaddr_in("1.2.3.4", 80)[:15],
        "inet-long": sockaddr_in("255.255.255.255", 65535) + b"\x00" * 112,
        "inet6-loopback": sockaddr_in6(LOOP6, 443),
        "inet6-scoped": sockaddr_in6(LINKLOCAL, 22, 0, 1),
        "inet6-unknown-scope": sockaddr_in6(LINKLOCAL, 22, 0, 4000000000),
        "inet6-flowinfo-wide": sockaddr_in6(MAPPED, 7, 0xFFFFFFFF, 0),
        "inet6-short": sockaddr_in6(LOOP6, 1)[:27],
        "unix-path": sockaddr_un(b"/run/x.sock"),
        "unix-path-no-nul": sockaddr_un(b"/tmp/p", False),
        "unix-abstract": sockaddr_un(b"\0name\\with\x01bytes", False),
        "unix-abstract-full": sockaddr_un(b"\0" + bytes(range(1, 126)), False),
        "unix-unnamed": struct.pack("<H", AF_UNIX),
        "unix-path-full": sockaddr_un(b"p" * 126, False),
        "netlink": struct.pack("<HHII", AF_NETLINK, 0, 1234, 1),
        "packet": struct.pack("<HHiHBB", AF_PACKET, 0x0800, 1, 1, 0, 6) + b"\x02\x00\x00\x00\x00\x01\x00\x00",
        "can": struct.pack("<Hi", AF_CAN, 3) + b"\0" * 16,
        "vsock": struct.pack("<HHII", AF_VSOCK, 0, 1234, 2) + b"\0" * 4,
        "unknown-family": struct.pack("<H", 0xFFFF) + b"\xde\xad\xbe\xef",
        "family-only": struct.pack("<H", 0),
        "too-long": struct.pack("<H", AF_UNIX) + b"a" * 127,
        "one-byte": b"\x02",
    },
    # host text, NUL, then port, flowinfo, scope id as 4 big-endian bytes each
    "fuzz_addr_inet": {
        "dotted": b"1.2.3.4",
        "legacy-short": b"127.1",
        "legacy-hex": b"0x7f.1",
        "legacy-octal": b"017.0.0.1",
        "one-number": b"4294967295",
        "wildcard": b"\0" + be32(80),
        "broadcast": b"<broadcast>",
        "broadcast-quad": b"255.255.255.255\0" + be32(9),
        "loopback6": b"::1\0" + be32(443) + be32(5),
        "mapped": b"::ffff:1.2.3.4",
        "linklocal-name": b"fe80::1%lo\0" + be32(22),
        "linklocal-number": b"fe80::1%1\0" + be32(22) + be32(0) + be32(1),
        "scope-conflict": b"fe80::1%1\0" + be32(22) + be32(0) + be32(2),
        "scope-unknown": b"fe80::1%nosuchif0",
        "scope-empty": b"fe80::1%",
        "scope-too-big": b"fe80::1%4294967296",
        "scope-zero": b"::1%0",
        "global-scoped": b"2001:db8::1%lo",
        "port-out-of-range": b"1.2.3.4\0" + be32(0x80010000) + be32(0x80000000),
        "flowinfo-out-of-range": b"::1\0" + be32(1) + be32(0x80100000),
        "full-form": b"0000:0000:0000:0000:0000:ffff:255.255.255.255",
        "name": b"localhost",
    },
    # the whole input is the name; its first NUL ends the C string form
    "fuzz_addr_unix": {
        "path": b"/run/socketx.sock",
        "relative": b"x",
        "abstract": b"\0socketx",
        "abstract-escapes": b"\0a\\b\x7f\xff\n",
        "abstract-108": b"\0" + b"a" * 107,
        "abstract-109": b"\0" + b"a" * 108,
        "path-107": b"/" + b"p" * 106,
        "path-108": b"/" + b"p" * 107,
        "path-embedded-nul": b"/tmp/a\0b",
        "empty": b"",
        "utf8": "/tmp/\u00e9\u00e8".encode(),
    },
    # text up to the first NUL, then the same bytes as packed input and integers
    "fuzz_convert": {
        "dotted": b"1.2.3.4",
        "legacy-short": b"127.1",
        "legacy-hex": b"0x7f.1",
        "legacy-octal": b"017.0.0.1",
        "leading-zero": b"01.2.3.4",
        "trailing-junk": b"1.2.3.4 junk",
        "one-number": b"4294967295",
        "too-big": b"4294967296",
        "loopback6": b"::1",
        "mapped": b"::ffff:1.2.3.4",
        "compressed": b"2001:db8::1",
        "full6": b"2001:0db8:0000:0000:0000:ff00:0042:8329",
        "scoped": b"fe80::1%lo",
        "packed4": b"\x7f\x00\x00\x01",
        "packed16": LINKLOCAL,
        "packed-mapped": MAPPED,
        "int-max": b"\xff\xff\xff\xff\xff\xff\xff\xff",
        "int-cmsg-edge": be32(0) + be32(0x7FFFFFEF),
    },
    # host, NUL, port, NUL, family/type/proto selectors, AI flags, NI flags, port, flowinfo, scope, NULL mask
    "fuzz_getaddrinfo": {
        "dotted-http": b"1.2.3.4\x0080\0\x00\x00\x00",
        "inet-stream": b"127.0.0.1\x008080\0\x01\x01\x01",
        "inet6-dgram": b"::1\x0053\0\x02\x02\x02",
        "scoped": b"fe80::1%lo\x0022\0\x02\x00\x00",
        "mapped-v4": b"1.2.3.4\x001\0\x02\x00\x00" + be32(0x808) + be32(0) + be32(70000),
        "legacy": b"0x7f.1\x00443\0",
        "canonname": b"10.0.0.1\x00\0\x00\x00\x00" + be32(2),
        "passive-null-host": b"\x0080\0\x00\x00\x00" + be32(1) + be32(0) + be32(80) + be32(0) + be32(0) + b"\x01",
        "null-host-loopback": b"\x000\0\x00\x01\x00" + be32(0) + be32(0) + be32(0) + be32(0) + be32(0) + b"\x01",
        "port-wraps": b"1.2.3.4\x0070000\0",
        "port-negative": b"1.2.3.4\x00-1\0",
        "name-refused": b"localhost\x0080\0",
        "namereqd": b"1.2.3.4\x0080\0\x00\x00\x00" + be32(0) + be32(8),
        "unix-family": b"1.2.3.4\x0080\0\x03",
        "bad-flags": b"1.2.3.4\x0080\0\x00\x00\x00" + be32(0x7fff) + be32(0) + be32(0) + be32(0) + be32(0) + b"\x80",
    },
    # a name, NUL, then a status code (4 bytes)
    "fuzz_names": {
        "so-reuseaddr": b"SO_REUSEADDR\0" + be32(-111),
        "af-decnet": b"AF_DECnet\0" + be32(-2004),
        "first": b"AF_ALG\0" + be32(0),
        "eai": b"EAI_NONAME\0" + be32(-1002),
        "sx-econnrefused": b"SX_ECONNREFUSED\0" + be32(-1203),
        "econnrefused": b"ECONNREFUSED\0" + be32(-1105),
        "ewouldblock": b"EWOULDBLOCK\0" + be32(-11),
        "deadlock": b"SX_EDEADLOCK\0" + be32(-35),
        "ok": b"OK\0" + be32(1),
        "prefix-only": b"SX_\0" + be32(0x80000000),
        "lowercase": b"so_reuseaddr\0" + be32(-999),
        "long": b"E" * 70 + b"\0" + be32(-2999),
    },
    # name, NUL, protocol, NUL, port (4), interface index (4), options (1)
    "fuzz_netdb_names": {
        "tcp": b"tcp\0tcp\0" + be32(80) + be32(1),
        "upper": b"TCP\0udp\0" + be32(53) + be32(2),
        "http": b"http\0tcp\0" + be32(443) + be32(1),
        "domain-any": b"domain\0\0" + be32(53) + be32(0) + b"\x01",
        "lo": b"lo\0\0" + be32(0x10000) + be32(1) + b"\x80",
        "unknown": b"nosuchthing\0sctp\0" + be32(70000) + be32(0xFFFFFFFF) + b"\x80",
        "empty": b"",
    },
}


def main():
    for harness, seeds in SEEDS.items():
        d = os.path.join(CORPUS, harness)
        os.makedirs(d, exist_ok=True)
        for name in os.listdir(d):
            if not name.startswith("found-"):
                os.remove(os.path.join(d, name))
        for name, data in seeds.items():
            with open(os.path.join(d, name), "wb") as f:
                f.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
