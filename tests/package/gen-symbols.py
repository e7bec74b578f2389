#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write or check debian/libsocketx1.symbols from abi/symbols.txt.

Each exported symbol is listed with the version node it belongs to and the first release
of that node: SOCKETX_x.y -> x.y.0 (SOCKETX_1.0 -> 1.0.0, SOCKETX_1.1 -> 1.1.0). A program
built against the -dev package then depends on libsocketx1 (>= the newest release among
the symbols it uses). The node names are symbols too (the linker defines them), listed
with their own release. dpkg-gensymbols -c4 in the package build fails on any difference
between this file and the library.

Usage: gen-symbols.py SOURCE_DIR [--check]
  without --check: rewrite debian/libsocketx1.symbols
  with --check:    exit 1 if the file differs from what abi/symbols.txt gives
"""
import re
import sys
from pathlib import Path

SONAME = "libsocketx.so.1"
PACKAGE = "libsocketx1"
NODE = re.compile(r"^SOCKETX_(\d+)\.(\d+)$")


def release_of(node):
    m = NODE.match(node)
    if not m:
        raise SystemExit(f"gen-symbols: '{node}' is not a SOCKETX_x.y version node")
    return f"{m.group(1)}.{m.group(2)}.0"


def node_order(node):
    m = NODE.match(node)
    return (int(m.group(1)), int(m.group(2)))


def render(symbols_txt):
    entries = []
    for lineno, line in enumerate(symbols_txt.read_text().splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        fields = line.split()
        if len(fields) != 2:
            raise SystemExit(f"gen-symbols: {symbols_txt}:{lineno}: expected 'name NODE'")
        entries.append((fields[0], fields[1]))
    nodes = sorted({node for _, node in entries}, key=node_order)
    out = [
        "# SPDX-License-Identifier: MIT",
        "# Generated from abi/symbols.txt by tests/package/gen-symbols.py; do not edit by hand.",
        f"{SONAME} {PACKAGE} #MINVER#",
        "* Build-Depends-Package: libsocketx-dev",
    ]
    lines = [f" {node}@{node} {release_of(node)}" for node in nodes]
    lines += [f" {name}@{node} {release_of(node)}" for name, node in entries]
    return "\n".join(out + sorted(lines)) + "\n"


def main():
    args = [a for a in sys.argv[1:] if a != "--check"]
    check = "--check" in sys.argv[1:]
    if len(args) != 1:
        raise SystemExit(__doc__)
    top = Path(args[0])
    want = render(top / "abi" / "symbols.txt")
    target = top / "debian" / f"{PACKAGE}.symbols"
    if not check:
        target.write_text(want)
        print(f"gen-symbols: wrote {target}")
        return 0
    have = target.read_text() if target.exists() else ""
    if have != want:
        import difflib
        sys.stdout.writelines(difflib.unified_diff(have.splitlines(True), want.splitlines(True),
                                                   str(target), "from abi/symbols.txt"))
        print(f"gen-symbols: {target} is out of date: run tests/package/gen-symbols.py {top}")
        return 1
    n = want.count("\n ")
    print(f"gen-symbols OK: {target.name} lists the {n} symbols of abi/symbols.txt and its nodes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
