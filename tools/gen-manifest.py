#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Generate abi/manifest.json: the ABI of libsocketx for FFIs that read no C header.

The manifest is read from the public headers (every SX_API declaration and its doc
comment), abi/symbols.txt (the version node of each export), abi/status-codes.txt (the
released status codes) and tools/constants.list (the constant names). Its format is
described in abi/README.md ("The manifest"); "manifest_version" changes only when a field
changes meaning or disappears.

Each parameter gets a fixed-width type and a role, derived from the declaration and the
project's naming conventions (see ROLE RULES below), so that a binder can tell an input
from an output, a buffer from its length and a handle from a number without the header.

Usage: tools/gen-manifest.py [--check] [--constants-header PATH]
  --check              write nothing; exit 1 if abi/manifest.json is out of date
  --constants-header   where socketx/constants.h is (it is generated at build time; only
                       its three function declarations are read, which are the same on
                       every platform). Default: the first of abi/include/socketx/constants.h
                       and build/generated/include/socketx/constants.h that exists.
"""
import argparse
import json
import re
import sys
from pathlib import Path

TOP = Path(__file__).resolve().parent.parent
INCLUDE = TOP / "abi/include"
MANIFEST = TOP / "abi/manifest.json"
MANIFEST_VERSION = 1

HANDLE_KINDS = {
    "sx_socket": "sx_socket_close",
    "sx_addr": "sx_addr_close",
    "sx_list": "sx_list_close",
    "sx_msg": "sx_msg_close",
}
SCALARS = {
    "int32_t": "int32", "uint32_t": "uint32", "int64_t": "int64", "uint64_t": "uint64",
    "int": "int32", "size_t": "size", "double": "double", "char": "char", "void": "void",
}
# Names a length or count parameter carries, and the array/buffer it measures is the
# nearest pointer parameter before it that has none yet.
COUNT_NAMES = re.compile(r"^(count|nfds|len|cap|.*_len|.*_cap|ancbufsize)$")
OUT_NAME = re.compile(r"^(out|.*_out)$")

# Declarations whose roles the conventions cannot tell apart; each entry says why.
OVERRIDES = {
    # ancbufsize is the size of the control buffer the library allocates, not the length
    # of a caller's buffer.
    ("sx_socket_recvmsg", "ancbufsize"): {"role": "in"},
}

DECL_RE = re.compile(r"\bSX_API\b\s+([^;{}]*?)\b(sx_[A-Za-z0-9_]+)\s*\(([^;{}]*)\)\s*;")


def blank(m):
    return re.sub(r"[^\n]", " ", m.group(0))


def parse_type(text):
    """'const sx_msg *' -> dict(base, const, pointer depth, const pointer)."""
    t = " ".join(text.replace("*", " * ").split())
    words = t.split()
    depth = words.count("*")
    const_target = words[0] == "const" if words else False
    const_pointer = depth >= 2 and "const" in words[words.index("*"):]
    base = [w for w in words if w not in ("const", "*")]
    return {"c": " ".join(text.split()).replace(" *", " *").strip(), "base": " ".join(base),
            "depth": depth, "const_target": const_target, "const_pointer": const_pointer}


def wire_type(t):
    """The fixed-width type a caller passes: a scalar name, 'handle', or 'pointer'."""
    if t["depth"] == 0:
        if t["base"] in HANDLE_KINDS:
            return "uint64"
        return SCALARS[t["base"]]
    return "pointer"


def pointee(t):
    if t["base"] in HANDLE_KINDS:
        return "uint64"
    return SCALARS.get(t["base"], t["base"])


def first_sentence(doc):
    text = " ".join(re.sub(r"^\s*\*\s?", "", line) for line in doc.splitlines()[1:-1])
    text = text.split("@", 1)[0].strip()
    m = re.match(r"(.+?[.!?])(\s|$)", text)
    return (m.group(1) if m else text).strip()


def doc_tags(doc, tag):
    body = "\n".join(re.sub(r"^\s*\*\s?", "", line) for line in doc.splitlines()[1:-1])
    pattern = r"@" + tag + r"(?:\[[a-z, ]+\])?\s+(.*?)(?=\n\s*@|\Z)"
    return [" ".join(m.split()) for m in re.findall(pattern, body, flags=re.S)]


def ownership_words(doc):
    """The sentences of the doc that say who owns or releases something."""
    text = " ".join(re.sub(r"^\s*\*\s?", "", line).strip() for line in doc.splitlines())
    sentences = re.split(r"(?<=[.;])\s+", text)
    keep = [s for s in sentences
            if re.search(r"\b(releases?|released|borrow\w*|own\w*|static|valid until|take\w*)\b", s)]
    return [" ".join(s.split()).rstrip("*/ ").strip() for s in keep]


def assign_roles(fname, params):
    """Fill in each parameter's role (see abi/README.md for the vocabulary)."""
    for p in params:
        t = p["type"]
        if OUT_NAME.match(p["name"]) and t["depth"] >= 1:
            p["role"] = "out"
            p["pointee"] = "string" if t["base"] == "char" and t["depth"] == 2 else pointee(t)
            if t["base"] in HANDLE_KINDS:
                p["handle"] = t["base"]
                p["owned"] = True
        elif t["depth"] == 0:
            p["role"] = "in"
            if t["base"] in HANDLE_KINDS:
                p["handle"] = t["base"]
        elif t["base"] == "char" and t["depth"] == 1 and t["const_target"]:
            p["role"] = "string"
        else:
            p["role"] = "pointer"  # refined below: a buffer or an array with its length
            if t["base"] in HANDLE_KINDS:
                p["handle"] = t["base"]

    # Each length/count parameter measures the nearest earlier pointer still unmeasured.
    for i, p in enumerate(params):
        if p["type"]["depth"] or p["type"]["base"] != "size_t" or not COUNT_NAMES.match(p["name"]):
            continue
        if OVERRIDES.get((fname, p["name"]), {}).get("role") == "in":
            continue
        for j in range(i - 1, -1, -1):
            q = params[j]
            if q["role"] == "pointer" and "length" not in q:
                # Pointers right before it share it: parallel arrays (bufs, lens, count).
                measured = [q]
                for k in range(j - 1, -1, -1):
                    if params[k]["role"] != "pointer" or "length" in params[k]:
                        break
                    measured.insert(0, params[k])
                for r in measured:
                    r["length"] = p["name"]
                p["role"] = "count" if p["name"] in ("count", "nfds") else \
                    ("capacity" if p["name"].endswith("cap") else "length")
                p["of"] = [r["name"] for r in measured] if len(measured) > 1 else q["name"]
                break

    # Pointers measured by the same count as an earlier array are parallel arrays.
    for p in params:
        if p["role"] != "pointer":
            continue
        t = p["type"]
        n = p.get("length")
        if n is None:
            sys.exit(f"gen-manifest: {fname}({p['name']}): a pointer with no length; add an override")
        measure = next(q for q in params if q["name"] == n)
        if t["depth"] == 2 and t["base"] == "void":
            p["role"] = "buffer-array-in" if t["const_target"] else "buffer-array-out"
        elif t["depth"] == 1 and t["base"] == "void":
            p["role"] = "buffer-in" if t["const_target"] else "buffer-out"
        elif t["depth"] == 1 and t["base"] == "char" and not t["const_target"]:
            p["role"] = "string-out"
        elif t["depth"] == 1 and t["const_target"]:
            p["role"] = "array-in"
            p["element"] = pointee(t)
        elif t["depth"] == 1:
            p["role"] = "array-out"
            p["element"] = pointee(t)
        else:
            sys.exit(f"gen-manifest: {fname}({p['name']}): unknown pointer shape {t['c']}")
        if measure["role"] == "capacity" or p["role"] in ("buffer-out", "string-out", "array-out"):
            # (buf, cap, len_out): the out-length written on success, if the function has one.
            base = p["name"]
            for cand in (f"{base}_len_out", "len_out"):
                if any(q["name"] == cand for q in params):
                    p["written_length"] = cand
                    break
    # The lengths array of a scatter/gather call is an array of sizes, counted like the buffers.
    for p in params:
        if p["role"] == "array-in" and p["element"] == "size" and p["name"] == "lens":
            p["role"] = "lengths-array"
    for p in params:
        if p["role"] == "pointer":
            sys.exit(f"gen-manifest: {fname}({p['name']}): role not derived")


def read_functions(constants_header):
    headers = sorted(p for p in INCLUDE.rglob("*.h") if p.name != "constants.h")
    if constants_header:
        headers.append(constants_header)
    functions = {}
    for path in headers:
        text = path.read_text(encoding="utf-8")
        docs = [(m.end(), m.group(0)) for m in re.finditer(r"/\*\*.*?\*/", text, flags=re.S)]
        code = re.sub(r"/\*.*?\*/", blank, text, flags=re.S)
        code = re.sub(r"//[^\n]*", blank, code)
        code = re.sub(r"^[ \t]*#(?:[^\n]*\\\n)*[^\n]*", blank, code, flags=re.M)
        prev_end = 0
        for m in DECL_RE.finditer(code):
            ret_text, name, params_text = m.group(1), m.group(2), m.group(3)
            doc = ""
            for end, d in docs:
                if prev_end <= end <= m.start():
                    doc = d
            prev_end = m.end()
            ret_text = re.sub(r"\bSX_DEPRECATED\s*\([^)]*\)", "", ret_text).strip()
            params = []
            if " ".join(params_text.split()) != "void":
                for ptext in params_text.split(","):
                    ptext = " ".join(ptext.split())
                    pm = re.match(r"(.*?)\b([A-Za-z_][A-Za-z0-9_]*)$", ptext)
                    params.append({"name": pm.group(2), "type": parse_type(pm.group(1))})
            assign_roles(name, params)
            docs_param = {}
            for entry in doc_tags(doc, "param"):
                names, _, words = entry.partition(" ")
                for n in names.split(","):
                    docs_param[n.strip()] = words
            rt = parse_type(ret_text)
            rel = path.relative_to(INCLUDE) if path.is_relative_to(INCLUDE) else Path("socketx/constants.h")
            functions[name] = {
                "name": name,
                "header": str(rel),
                "returns": ({"type": "int32", "role": "status"} if rt["c"] == "int32_t" else
                            {"type": "pointer", "role": "static-string"} if rt["c"] == "const char *"
                            else sys.exit(f"gen-manifest: {name}: unexpected return type {rt['c']}")),
                "params": [dict({"name": p["name"], "c_type": p["type"]["c"],
                                 "type": wire_type(p["type"])},
                                **{k: v for k, v in p.items() if k not in ("name", "type")},
                                **({"doc": docs_param[p["name"]]} if p["name"] in docs_param else {}))
                           for p in params],
                "summary": first_sentence(doc) if doc else "",
                "return_doc": " ".join(doc_tags(doc, "return")),
                "ownership": ownership_words(doc),
                "deprecated": "SX_DEPRECATED" in m.group(0),
            }
    return functions


def read_symbols():
    nodes = {}
    for line in (TOP / "abi/symbols.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, node = line.split()
            nodes[name] = node
    return nodes


def read_status_codes():
    errors_h = (INCLUDE / "socketx/errors.h").read_text() + (INCLUDE / "socketx/errors_os.h").read_text()
    meaning = {}
    for m in re.finditer(r"#define\s+(SX_[A-Z0-9_]+)\s+\(?-?\d+\)?\s*/\*\*?<?\s*(.*?)\s*\*/", errors_h):
        meaning[m.group(1)] = " ".join(m.group(2).split())
    codes = []
    for line in (TOP / "abi/status-codes.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, value = line.split()
            codes.append({"name": name, "value": int(value), **({"meaning": meaning[name]} if name in meaning else {})})
    return codes


def read_constant_names():
    names = []
    for line in (TOP / "tools/constants.list").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("@"):
            names.append(line.split()[0])
    return sorted(set(names))


def build(constants_header):
    functions = read_functions(constants_header)
    nodes = read_symbols()
    missing = sorted(set(nodes) - set(functions))
    extra = sorted(set(functions) - set(nodes))
    if missing or extra:
        sys.exit(f"gen-manifest: headers and abi/symbols.txt disagree: missing {missing}, extra {extra}")
    order = sorted(set(nodes.values()), key=lambda n: tuple(int(x) for x in n.split("_")[1].split(".")))
    for name, f in functions.items():
        f["version"] = nodes[name]
    return {
        "manifest_version": MANIFEST_VERSION,
        "library": {
            "soname": "libsocketx.so.1",
            "version_nodes": order,
            "handle": {"type": "uint64", "invalid": 0,
                       "kinds": {k: {"release": v} for k, v in HANDLE_KINDS.items()}},
            "status": {"type": "int32", "success": 0,
                       "rule": "0 is success; every failure is a negative SX_* code listed in status_codes; "
                               "a function returning a count returns it through an out parameter"},
            "size_type": "size is C size_t: 32 bits on 32-bit platforms, 64 bits on 64-bit ones",
            "constants": "values are per platform: read them at run time with sx_constant(name, &value) "
                         "or enumerate with sx_constant_count()/sx_constant_at()",
        },
        "roles": {
            "in": "a value passed in", "string": "a NUL-terminated UTF-8 string read during the call",
            "out": "a pointer to one value of type 'pointee' written on success (owned: a new handle the caller releases)",
            "buffer-in": "bytes read during the call; 'length' names their count",
            "buffer-out": "bytes written; 'length' names the capacity, 'written_length' the out parameter receiving the count",
            "string-out": "characters written, NUL-terminated when they fit; 'length' names the capacity",
            "array-in": "'length' elements of type 'element' read during the call",
            "array-out": "up to 'length' elements of type 'element' written",
            "buffer-array-in": "an array of 'length' buffer pointers read during the call",
            "buffer-array-out": "an array of 'length' buffer pointers written into",
            "lengths-array": "the sizes of the buffers of a buffer array, 'length' of them",
            "length": "the byte count of the buffer named by 'of'",
            "capacity": "the capacity of the output named by 'of'",
            "count": "the element count of the array(s) named by 'of'",
            "status": "an int32 status code", "static-string": "a pointer to a static string, never freed",
        },
        "functions": [functions[n] for n in sorted(functions)],
        "status_codes": read_status_codes(),
        "constants": read_constant_names(),
    }


def compare_exports(manifest, library, readelf):
    """Every manifest function exported as name@@node, and nothing else exported."""
    import subprocess
    out = subprocess.run([readelf, "--dyn-syms", "-W", str(library)], capture_output=True,
                         text=True, check=True).stdout
    exported = {}
    for line in out.splitlines():
        f = line.split()
        if len(f) >= 8 and f[3] == "FUNC" and f[4] == "GLOBAL" and f[6] != "UND" and "@@" in f[7]:
            name, node = f[7].split("@@")
            exported[name] = node
    expected = {fn["name"]: fn["version"] for fn in manifest["functions"]}
    problems = [f"{n}: manifest says {v}, library exports {exported.get(n, 'nothing')}"
                for n, v in sorted(expected.items()) if exported.get(n) != v]
    problems += [f"{n}@@{v} exported but not in the manifest" for n, v in sorted(exported.items())
                 if n not in expected]
    return problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--constants-header", type=Path)
    ap.add_argument("--output", type=Path, default=MANIFEST)
    ap.add_argument("--library", type=Path, help="with --check: also compare with this library's exports")
    ap.add_argument("--readelf", default="readelf")
    args = ap.parse_args()
    header = args.constants_header
    if header is None:
        for cand in (INCLUDE / "socketx/constants.h", TOP / "build/generated/include/socketx/constants.h"):
            if cand.exists():
                header = cand
                break
    if header is None or not header.exists():
        sys.exit("gen-manifest: socketx/constants.h not found: pass --constants-header")
    text = json.dumps(build(header), indent=1, sort_keys=False) + "\n"
    if args.check:
        current = args.output.read_text() if args.output.exists() else ""
        if current != text:
            print(f"gen-manifest: {args.output} is out of date: run tools/gen-manifest.py")
            return 1
        if args.library:
            problems = compare_exports(json.loads(text), args.library, args.readelf)
            for p in problems:
                print(f"gen-manifest: {p}")
            if problems:
                return 1
        print(f"gen-manifest: {args.output} is up to date" +
              (f" and matches the exports of {args.library}" if args.library else ""))
        return 0
    args.output.write_text(text)
    print(f"gen-manifest: wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
