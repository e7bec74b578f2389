#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Check that the exported symbols of libsocketx agree everywhere (ctest abi:symbols).

The golden list abi/symbols.txt records every exported function, one line each,
"sx_name SOCKETX_x.y", sorted by name. This script checks that

  (a) the built library exports exactly those functions, each as name@@NODE, and
      nothing else global but the version nodes themselves (readelf --dyn-syms -W);
  (b) the version script abi/socketx.map lists the same names under the same nodes,
      with explicit names only (no wildcard) and `local: *;`;
  (c) the public headers (abi/include) declare exactly the same SX_API functions,
      every sx_ function there is declared SX_API, and a doc comment's
      "@since SOCKETX_x.y" names the node the golden list gives;
  (d) the SONAME of the library is libsocketx.so.1.

Usage:
  check-symbols.py [--library build/libsocketx.so.1] [--source-dir .]
  check-symbols.py --update [--node SOCKETX_1.1]

--update rewrites abi/symbols.txt from the headers (a name already listed keeps its
node; a new name takes the @since node of its doc comment, else --node) and rewrites
abi/socketx.map from abi/symbols.txt, then runs the checks. Removing a name that a
release has shipped breaks the ABI: --update reports it, abi:baseline fails on it.
"""

import argparse
import os
import re
import subprocess
import sys

SONAME = "libsocketx.so.1"
NODE_RE = re.compile(r"^SOCKETX_(\d+)\.(\d+)$")
NAME_RE = re.compile(r"^sx_[a-z0-9_]+$")


def node_key(node):
    m = NODE_RE.match(node)
    return (int(m.group(1)), int(m.group(2)))


class Problems:
    def __init__(self):
        self.items = []

    def add(self, where, msg):
        self.items.append(f"{where}: {msg}")

    def diff(self, where, what, expected, actual, expected_name):
        for n in sorted(set(expected) - set(actual)):
            self.add(where, f"{n} is in {expected_name} but not {what}")
        for n in sorted(set(actual) - set(expected)):
            self.add(where, f"{n} is {what} but not in {expected_name}")


# ---- abi/symbols.txt ----------------------------------------------------------------

def read_golden(path, problems):
    """Return {name: node} from the golden list, checking its format."""
    golden = {}
    names = []
    if not os.path.exists(path):
        problems.add(path, "missing (run with --update to create it)")
        return golden
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            fields = line.split()
            if len(fields) != 2 or not NAME_RE.match(fields[0]) or not NODE_RE.match(fields[1]):
                problems.add(f"{path}:{lineno}", f"expected 'sx_name SOCKETX_x.y', got {line!r}")
                continue
            name, node = fields
            if name in golden:
                problems.add(f"{path}:{lineno}", f"{name} listed twice")
            golden[name] = node
            names.append(name)
    if names != sorted(names):
        problems.add(path, "not sorted by name (run with --update)")
    return golden


def write_golden(path, golden):
    with open(path, "w", encoding="utf-8") as f:
        for name in sorted(golden):
            f.write(f"{name} {golden[name]}\n")


# ---- abi/socketx.map ----------------------------------------------------------------

MAP_HEADER = """\
/* SPDX-License-Identifier: MIT */
/* libsocketx version script, generated from abi/symbols.txt by
 * tests/abi/check-symbols.py --update (see abi/README.md); do not edit by hand.
 * Each release that adds symbols adds a node; no name ever leaves its node. */
"""


def render_map(golden):
    nodes = sorted(set(golden.values()), key=node_key) or ["SOCKETX_1.0"]
    out = [MAP_HEADER]
    for i, node in enumerate(nodes):
        out.append(f"{node} {{\n  global:\n")
        for name in sorted(n for n, v in golden.items() if v == node):
            out.append(f"    {name};\n")
        if i == 0:
            out.append("  local:\n    *;\n")
        out.append("}" + (f" {nodes[i - 1]};\n" if i else ";\n"))
    return "".join(out)


def read_map(path, problems):
    """Return {name: node} from the version script, checking its shape."""
    result = {}
    if not os.path.exists(path):
        problems.add(path, "missing")
        return result
    with open(path, encoding="utf-8") as f:
        text = f.read()
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    text = re.sub(r"#[^\n]*", " ", text)
    blocks = re.findall(r"([A-Za-z0-9_.]+)\s*\{(.*?)\}\s*([A-Za-z0-9_.]*)\s*;", text, flags=re.S)
    if not blocks:
        problems.add(path, "no version node found")
    has_local = False
    previous = None
    for node, body, parent in blocks:
        if not NODE_RE.match(node):
            problems.add(path, f"node {node} is not SOCKETX_x.y")
        if previous is not None and parent != previous:
            problems.add(path, f"node {node} should inherit {previous}, inherits {parent or 'nothing'}")
        previous = node
        scope = None
        for item in re.split(r"[;\s]+", body):
            if not item:
                continue
            if item in ("global:", "local:"):
                scope = item[:-1]
                continue
            if scope == "local":
                if item == "*":
                    has_local = True
                else:
                    problems.add(path, f"unexpected local entry {item!r}")
                continue
            if scope != "global":
                problems.add(path, f"entry {item!r} outside global:/local:")
                continue
            if any(c in item for c in "*?[]"):
                problems.add(path, f"wildcard {item!r} in node {node}: list names explicitly")
            elif item in result:
                problems.add(path, f"{item} listed in {result[item]} and {node}")
            else:
                result[item] = node
    if not has_local:
        problems.add(path, "no 'local: *;' (everything not listed must be hidden)")
    return result


# ---- public headers -------------------------------------------------------------------

def blank(m):
    """Replace a match with spaces (newlines kept) so offsets stay valid."""
    return re.sub(r"[^\n]", " ", m.group(0))


def scan_header(text):
    """A header's code with comments and preprocessor lines blanked (offsets kept), and its
    doc comments as [(end offset, text)]. tools/gen-manifest.py reads headers with it too."""
    docs = [(m.end(), m.group(0)) for m in re.finditer(r"/\*\*.*?\*/", text, flags=re.S)]
    code = re.sub(r"/\*.*?\*/", blank, text, flags=re.S)
    code = re.sub(r"//[^\n]*", blank, code)
    code = re.sub(r"^[ \t]*#(?:[^\n]*\\\n)*[^\n]*", blank, code, flags=re.M)
    return code, docs


def doc_between(docs, start, end):
    """The last doc comment ending in [start, end]: a declaration's, when start is where the
    previous declaration ended. '' when there is none."""
    found = ""
    for doc_end, doc in docs:
        if start <= doc_end <= end:
            found = doc
    return found


def read_headers(include_dir, problems):
    """Return {name: (since_node_or_None, header)} for every SX_API function declared."""
    decls = {}
    headers = []
    for root, _dirs, files in os.walk(include_dir):
        for fn in files:
            if fn.endswith(".h"):
                headers.append(os.path.join(root, fn))
    if not headers:
        problems.add(include_dir, "no public headers found")
    for path in sorted(headers):
        rel = os.path.relpath(path, include_dir)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        code, docs = scan_header(text)
        declared_at = {}
        prev_end = 0
        for m in re.finditer(r"\bSX_API\b[^;{}]*?\b(sx_[A-Za-z0-9_]+)\s*\([^;{}]*\)\s*;", code):
            name = m.group(1)
            found = re.findall(r"@since\s+(SOCKETX_\d+\.\d+)", doc_between(docs, prev_end, m.start()))
            since = found[-1] if found else None
            prev_end = m.end()
            if not NAME_RE.match(name):
                problems.add(rel, f"{name}: exported names are sx_ followed by lower case, digits, _")
            if name in decls:
                problems.add(rel, f"{name} declared twice (also in {decls[name][1]})")
            decls[name] = (since, rel)
            declared_at[m.start(1)] = name
        for m in re.finditer(r"\b(sx_[A-Za-z0-9_]+)\s*\(", code):
            if m.start(1) not in declared_at:
                problems.add(rel, f"{m.group(1)} is declared without SX_API (or not as a plain declaration)")
    return decls


# ---- the built library ------------------------------------------------------------------

def readelf(readelf_bin, args, lib):
    return subprocess.run([readelf_bin] + args + [lib], check=True, capture_output=True,
                          text=True).stdout


def check_library(lib, readelf_bin, golden, problems):
    out = readelf(readelf_bin, ["--dyn-syms", "-W"], lib)
    exported = {}
    nodes = set()
    for line in out.splitlines():
        f = line.split()
        if len(f) < 8 or not f[0].rstrip(":").isdigit():
            continue
        typ, bind, vis, ndx, name = f[3], f[4], f[5], f[6], f[7]
        if ndx == "UND" or bind == "LOCAL":
            continue
        if typ == "OBJECT" and ndx == "ABS" and NODE_RE.match(name.split("@")[0]):
            nodes.add(name.split("@")[0])
            continue
        if "@@" in name:
            base, ver = name.split("@@", 1)
        elif "@" in name:
            base, ver = name.split("@", 1)
            problems.add(lib, f"{name}: non-default version; compat symbols need a golden-list format change")
        else:
            base, ver = name, None
        if ver is None:
            problems.add(lib, f"{name} ({typ} {bind}) is exported without a version")
        if typ != "FUNC":
            problems.add(lib, f"{name} is exported as {typ}: only functions may be exported")
        if bind != "GLOBAL" or vis != "DEFAULT":
            problems.add(lib, f"{name} is {bind} {vis}, expected GLOBAL DEFAULT")
        exported[base] = ver
    problems.diff(lib, "exported", golden, exported, "abi/symbols.txt")
    for name, ver in sorted(exported.items()):
        if name in golden and ver is not None and ver != golden[name]:
            problems.add(lib, f"{name}@@{ver}, but abi/symbols.txt says {golden[name]}")
    want_nodes = set(golden.values())
    if nodes != want_nodes:
        problems.add(lib, f"version nodes {sorted(nodes)}, expected {sorted(want_nodes)}")

    dyn = readelf(readelf_bin, ["-d", "-W"], lib)
    sonames = re.findall(r"\(SONAME\)\s+Library soname: \[([^\]]*)\]", dyn)
    if sonames != [SONAME]:
        problems.add(lib, f"SONAME {sonames or 'missing'}, expected {SONAME}")
    return len(exported)


# ---- main -----------------------------------------------------------------------------

def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--source-dir", default=os.path.normpath(os.path.join(here, "..", "..")))
    ap.add_argument("--library", help="the built libsocketx.so.1 (omit to check only the sources)")
    ap.add_argument("--readelf", default="readelf")
    ap.add_argument("--update", action="store_true",
                    help="rewrite abi/symbols.txt from the headers and abi/socketx.map from it")
    ap.add_argument("--node", help="with --update: node for new names whose doc has no @since")
    args = ap.parse_args()

    src = args.source_dir
    golden_path = os.path.join(src, "abi", "symbols.txt")
    map_path = os.path.join(src, "abi", "socketx.map")
    include_dir = os.path.join(src, "abi", "include")

    if args.update:
        scratch = Problems()
        old = read_golden(golden_path, Problems()) if os.path.exists(golden_path) else {}
        decls = read_headers(include_dir, scratch)
        if scratch.items:
            print("\n".join(scratch.items), file=sys.stderr)
            return 1
        new = {}
        for name, (since, rel) in decls.items():
            node = old.get(name) or since or args.node
            if not node:
                print(f"{rel}: {name} is new and has no @since SOCKETX_x.y; pass --node", file=sys.stderr)
                return 1
            new[name] = node
        for name in sorted(set(new) - set(old)):
            print(f"added   {name} {new[name]}")
        for name in sorted(set(old) - set(new)):
            print(f"REMOVED {name} {old[name]} (an ABI break if a release shipped it)")
        write_golden(golden_path, new)
        with open(map_path, "w", encoding="utf-8") as f:
            f.write(render_map(new))
        print(f"wrote {golden_path} ({len(new)} symbols) and {map_path}")

    problems = Problems()
    golden = read_golden(golden_path, problems)
    mapped = read_map(map_path, problems)
    problems.diff("abi/socketx.map", "in the version script", golden, mapped, "abi/symbols.txt")
    for name, node in sorted(mapped.items()):
        if name in golden and golden[name] != node:
            problems.add("abi/socketx.map", f"{name} is under {node}, abi/symbols.txt says {golden[name]}")
    decls = read_headers(include_dir, problems)
    problems.diff("abi/include", "declared SX_API in the headers", golden, decls, "abi/symbols.txt")
    for name, (since, rel) in sorted(decls.items()):
        if name in golden and since and since != golden[name]:
            problems.add(rel, f"{name} says @since {since}, abi/symbols.txt says {golden[name]}")
    count = None
    if args.library:
        count = check_library(args.library, args.readelf, golden, problems)

    if problems.items:
        print("\n".join(problems.items))
        print(f"\nabi:symbols FAILED ({len(problems.items)} problems). If the API changed on "
              "purpose, run tests/abi/check-symbols.py --update and review the diff.")
        return 1
    print(f"abi:symbols OK: {len(golden)} symbols in abi/symbols.txt, the version script and the "
          f"headers" + (f"; {count} exported by {args.library}, SONAME {SONAME}" if count is not None else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
