#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Generate abi/manifest.json, the machine-readable ABI of libsocketx, from the public headers.

Sources (nothing else is read):
  abi/include/socketx/**/*.h   every SX_API declaration and its doc comment (the generated
                               socketx/constants.h is not there: it declares no function; the
                               run-time table's three are in socketx/constant_lookup.h)
  abi/symbols.txt              the version node of every exported function
  abi/status-codes.txt         every status code, with socketx/errors*.h for the meanings
  tools/constants.list         every constant NAME (values are per platform: sx_constant())

Usage:
  gen-manifest.py                       rewrite abi/manifest.json
  gen-manifest.py --check [--library L] regenerate and diff; cross-check abi/symbols.txt and,
                                        with --library, the exports of the built library (ctest abi:manifest)
  gen-manifest.py --flat OUT            write the line format of tests/ffi (derived from abi/manifest.json)

The format is documented in abi/README.md, "The manifest".
"""

import argparse
import importlib.util
import json
import re
import sys
from pathlib import Path

TOP = Path(__file__).resolve().parents[1]
MANIFEST = TOP / "abi" / "manifest.json"
MANIFEST_VERSION = 1
SONAME = "libsocketx.so.1"

# C types of parameters and returns, by their fixed-width names. `int` is 32 bits on every
# platform libsocketx supports (ILP32, LP64); size_t is the platform's (size).
SCALARS = {
    "int32_t": "int32", "int": "int32", "uint32_t": "uint32", "int64_t": "int64",
    "uint64_t": "uint64", "size_t": "size", "double": "float64", "char": "char", "void": "void",
}
HANDLE_KINDS = ("sx_socket", "sx_addr", "sx_list", "sx_msg")

# Declarations whose roles the naming conventions cannot tell. Each entry says why.
OVERRIDES = {
    # (buf, cap) without a len_out: the received length comes back through the message
    # (sx_msg_nbytes()), so this is an output buffer of known capacity, not a triple.
    ("sx_socket_recv_fds", "buf"): {"role": "out_buffer", "capacity": "cap"},
    ("sx_socket_recv_fds", "cap"): {"role": "capacity", "of": "buf"},
    # Both release the handle they are given: detach hands the fd to the caller instead
    # of closing it.
    ("sx_socket_detach", "s"): {"role": "release"},
    # The message keeps pointers to these buffers until its last batch call (sx_msg.h),
    # and recvmmsg writes into them: writable arrays that outlive the call.
    ("sx_msg_set_buffers", "bufs"): {"retained": True},
    ("sx_msg_set_buffers", "lens"): {"retained": True},
    # No @param text of its own ("as sx_socket_multicast_join_v4()" is in @return only).
    ("sx_socket_multicast_leave_v4", "interface"): {"zero_ok": True},
    # "0 for none" is in the function's text, not in an @param line.
    ("sx_msg_set_address", "address"): {"zero_ok": True},
    # "or NULL to send none": NULL is allowed with any length, unlike other buffers.
    ("sx_socket_sendmsg_afalg", "iv"): {"nullable": True},
}

# Whole functions with a contract the declaration cannot show.
FUNCTION_NOTES = {
    "sx_socket_detach": "the handle is released; the fd it held becomes the caller's to close",
    "sx_sethostname": "changes the host's name (needs CAP_SYS_ADMIN)",
}


def die(msg):
    sys.exit(f"gen-manifest: {msg}")


# ---- parsing the headers ----------------------------------------------------------------

def load_check_symbols():
    """tests/abi/check-symbols.py as a module: its header scanner and symbol-list readers."""
    spec = importlib.util.spec_from_file_location("check_symbols", TOP / "tests/abi/check-symbols.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CS = load_check_symbols()
DECL_RE = re.compile(r"\bSX_API\b\s+(?P<ret>[^;{}()]*?)\b(?P<name>sx_[a-z0-9_]+)\s*\((?P<params>[^;{}]*)\)\s*;")


def declarations(text, where):
    """Yield (name, return C type, [(C type, name)], doc) for each SX_API declaration."""
    code, docs = CS.scan_header(text)
    prev_end = 0
    for m in DECL_RE.finditer(code):
        doc = CS.doc_between(docs, prev_end, m.start())
        prev_end = m.end()
        params = []
        raw = " ".join(m.group("params").split())
        if raw != "void":
            for p in raw.split(","):
                pm = re.match(r"^(.*?)\b([A-Za-z_][A-Za-z0-9_]*)$", p.strip())
                if not pm:
                    die(f"{where}: {m.group('name')}: cannot read parameter {p!r}")
                params.append((" ".join(pm.group(1).replace("*", " * ").split()), pm.group(2)))
        yield m.group("name"), " ".join(m.group("ret").replace("*", " * ").split()), params, doc


def doc_text(doc):
    lines = []
    for line in doc.splitlines():
        line = re.sub(r"^\s*/?\*+/?", "", line).rstrip("/").rstrip("*").strip()
        lines.append(line)
    return " ".join(" ".join(lines).split())


def param_docs(text):
    """{param name: its text} from @param clauses; "a, b as sx_f()" maps to ("@as", "sx_f")."""
    out = {}
    parts = re.split(r"@param(?:\[(?:in|out|in,out)\])?\s+", text)
    for part in parts[1:]:
        part = re.split(r"@(?:return|since)\b", part)[0].strip()
        m = re.match(r"^([a-z0-9_]+(?:\s*,\s*[a-z0-9_]+)*)\s*(.*)$", part, flags=re.S)
        if not m:
            continue
        names = [n.strip() for n in m.group(1).split(",")]
        body = m.group(2)
        ref = re.match(r"^as (sx_[a-z0-9_]+)\(\)", body)
        for n in names:
            out[n] = ("@as", ref.group(1)) if ref else body
    return out


def c_type(ct, where):
    """Split a C type into (fixed-width type, pointer depth, const of pointee, kind)."""
    words = ct.split()
    depth = words.count("*")
    base = [w for w in words if w not in ("*", "const")]
    if len(base) != 1:
        die(f"{where}: cannot read type {ct!r}")
    b = base[0]
    if b in HANDLE_KINDS:
        return b, depth, words[0] == "const"
    if b not in SCALARS:
        die(f"{where}: unknown type {b!r} (teach tools/gen-manifest.py)")
    return SCALARS[b], depth, words[0] == "const"


def read_functions():
    """Every SX_API function of the public headers: [(name, ret, params, doc, header)]."""
    found = []
    inc = TOP / "abi" / "include"
    for path in sorted(inc.rglob("*.h")):
        rel = path.relative_to(inc).as_posix()
        if rel == "socketx/constants.h":
            continue  # a stale generated copy: it holds macros only
        for name, ret, params, doc in declarations(path.read_text(encoding="utf-8"), rel):
            found.append((name, ret, params, doc, rel))
    return found


# ---- roles --------------------------------------------------------------------------------

SIZE_LEN_RE = re.compile(r"^(len|[a-z0-9]+_len)$")
CAP_RE = re.compile(r"^(cap|[a-z0-9]+_cap)$")


def length_out_for(params, i, cap_name):
    """The size_t * that reports the length of the buffer whose capacity is params[i]."""
    prefix = cap_name[:-3] if cap_name.endswith("_cap") else ""
    for ct, n in params[i + 1:]:
        if n in (prefix + "len_out", "len_out" if not prefix else None, "count_out") and ct.endswith("*"):
            return n
    return None


def assign_roles(fname, params):
    """Give each parameter its role, by the conventions of socketx/common.h."""
    roles = [None] * len(params)
    info = [{} for _ in params]
    types = [c_type(ct, f"{fname}({n})") for ct, n in params]
    names = [n for _, n in params]
    i = 0
    while i < len(params):
        if roles[i]:
            i += 1
            continue
        t, depth, const = types[i]
        n = names[i]
        nxt = types[i + 1] if i + 1 < len(params) else None
        if depth == 0:
            roles[i] = "in"
        elif depth == 1 and t == "char" and const:
            roles[i] = "in"  # a string
        elif depth == 1 and not const and nxt and nxt[0] == "size" and nxt[1] == 0 and CAP_RE.match(names[i + 1]):
            lo = length_out_for(params, i + 1, names[i + 1])
            kind = "string_out" if t == "char" else ("out_buffer" if t == "void" else "out_array")
            if lo is None:
                roles[i] = kind
                info[i]["capacity"] = names[i + 1]
            else:
                roles[i] = kind
                info[i].update(capacity=names[i + 1], length_out=lo)
                j = names.index(lo)
                roles[j] = "length_out"
                info[j]["of"] = n
            roles[i + 1] = "capacity"
            info[i + 1]["of"] = n
            i += 2
            continue
        elif depth == 1 and const and t == "void" and nxt and nxt[0] == "size" and nxt[1] == 0 \
                and SIZE_LEN_RE.match(names[i + 1]):
            roles[i], roles[i + 1] = "buffer", "length"
            info[i]["length"] = names[i + 1]
            info[i + 1]["of"] = n
            i += 2
            continue
        elif (const and depth == 1) or (depth == 2 and "const *" in params[i][0]):
            # a run of arrays (const T *, or void *const *) followed by their common count
            j = i
            while j < len(params) and ((types[j][2] and types[j][1] == 1 and types[j][0] != "char")
                                       or (types[j][1] == 2 and "const *" in params[j][0])):
                j += 1
            if j < len(params) and types[j][0] == "size" and types[j][1] == 0 and j > i:
                for k in range(i, j):
                    roles[k] = "array"
                    info[k]["count"] = names[j]
                roles[j] = "count"
                info[j]["of"] = names[i:j]
                i = j + 1
                continue
            die(f"{fname}: array {n} without a count (add an override)")
        elif depth == 1 and not const:
            roles[i] = "out"
        elif depth == 2 and t == "char" and const:
            roles[i] = "out"  # const char **: a static string
        else:
            die(f"{fname}: cannot tell the role of {n} (add an override)")
        i += 1
    for k, n in enumerate(names):
        o = OVERRIDES.get((fname, n))
        if o:
            o = dict(o)
            roles[k] = o.pop("role", roles[k])
            info[k] = {x: y for x, y in info[k].items() if x not in ("length_out",)} if "role" in OVERRIDES[(fname, n)] else info[k]
            info[k].update(o)
    return roles, info, types


# ---- status codes -----------------------------------------------------------------------

def read_status_codes():
    meanings = {}
    for h in ("errors.h", "errors_os.h"):
        for m in re.finditer(r"^#define\s+(SX_[A-Z0-9_]+)\s+(-?\d+|SX_[A-Z0-9_]+)\s*(?:/\*\s*(.*?)\s*\*/)?",
                             (TOP / "abi/include/socketx" / h).read_text(), flags=re.M):
            meanings[m.group(1)] = m.group(3) or ""
    codes = []
    for line in (TOP / "abi/status-codes.txt").read_text().splitlines():
        if not line or line.startswith("#"):
            continue
        name, value = line.split()
        v = int(value)
        rng = ("success" if v == 0 else "os" if v >= -999 else "resolver" if v >= -1199 else
               "host_database" if v >= -1299 else "library")
        meaning = meanings.get(name)
        if meaning is None:
            die(f"abi/status-codes.txt: {name} is not defined in socketx/errors.h or errors_os.h")
        if name == "SX_OK":
            meaning = "success"
        alias = re.match(r"^SX_[A-Z0-9]+$", meaning or "") and meaning
        codes.append({"name": name, "value": v, "range": rng,
                      "meaning": meaning if not alias else f"alias of {alias}"})
    return codes


def documented_statuses(ret_text, code_names, by_name_ret):
    names = set()
    for tok in re.findall(r"\bSX_[A-Z0-9_]+\*?", ret_text):
        if tok.endswith("*"):
            names |= {c for c in code_names if c.startswith(tok[:-1])}
        elif tok in code_names:
            names.add(tok)
    ref = re.search(r"\bas (sx_[a-z0-9_]+)\(\)", ret_text)
    if ref and ref.group(1) in by_name_ret:
        names |= by_name_ret[ref.group(1)][0]
    os_codes = bool(re.search(r"\b(OS code|kernel's code|the OS code|attempt's code|error's code|errno)", ret_text)) or \
        (ref is not None and ref.group(1) in by_name_ret and by_name_ret[ref.group(1)][1])
    if re.match(r"^\s*0\b", ret_text) or "0 when" in ret_text or ret_text.startswith("0;"):
        names.add("SX_OK")
    return names, os_codes


# ---- the manifest ---------------------------------------------------------------------------

def release_functions(funcs):
    rel = {}
    for k in HANDLE_KINDS:
        close = k.replace("sx_", "sx_") + "_close"
        if any(f[0] == close for f in funcs):
            rel[k] = close
    return rel


def handle_kind_docs():
    kinds = {}
    for path in sorted((TOP / "abi/include").rglob("*.h")):
        text = path.read_text(encoding="utf-8")
        for m in re.finditer(r"(/\*\*(?:(?!\*/).)*\*/)\s*typedef\s+uint64_t\s+(sx_[a-z]+)\s*;", text, flags=re.S):
            kinds[m.group(2)] = doc_text(m.group(1))
    return kinds


def build():
    funcs = read_functions()
    golden = {}
    for line in (TOP / "abi/symbols.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            n, node = line.split()
            golden[n] = node
    codes = read_status_codes()
    code_names = {c["name"] for c in codes}
    kinds_doc = handle_kind_docs()
    if sorted(kinds_doc) != sorted(HANDLE_KINDS):
        die(f"handle typedefs in the headers are {sorted(kinds_doc)}, expected {sorted(HANDLE_KINDS)}")
    releases = release_functions(funcs)

    by_name_ret = {}
    out = []
    pdocs_of = {}
    for name, ret, params, doc, header in funcs:
        pdocs_of[name] = param_docs(doc_text(doc))
    for name, ret, params, doc, header in funcs:
        text = doc_text(doc)
        since = re.findall(r"@since\s+(SOCKETX_\d+\.\d+)", text)
        if name not in golden:
            die(f"{name} is declared in {header} but not in abi/symbols.txt")
        if since and since[-1] != golden[name]:
            die(f"{name}: @since {since[-1]} but abi/symbols.txt says {golden[name]}")
        pdocs = dict(pdocs_of[name])
        for n, d in list(pdocs.items()):
            if isinstance(d, tuple):
                pdocs[n] = pdocs_of.get(d[1], {}).get(n, "")
        ret_m = re.search(r"@return\s+(.*?)(?=(?:Blocks:|Thread-safety:|@since|@param|$))", text)
        ret_text = ret_m.group(1).strip() if ret_m else ""
        summary = re.split(r"(?<=\.)\s|@", text, maxsplit=1)[0].strip()
        roles, info, types = assign_roles(name, params)
        plist = []
        for k, ((ct, pn), role, (t, depth, const)) in enumerate(zip(params, roles, types)):
            d = pdocs.get(pn, "")
            p = {"name": pn, "c_type": ct}
            if depth == 0:
                p["type"] = t
                if t in HANDLE_KINDS:
                    p["handle_kind"] = t
                    p["type"] = "handle"
            elif depth == 1 and t == "char" and const and role == "in":
                p["type"] = "string"
            else:
                p["type"] = "pointer"
                p["target"] = ("string" if t == "char" and depth == 2 else
                               "pointer" if depth == 2 else
                               "handle" if t in HANDLE_KINDS else ("bytes" if t == "void" else t))
                if t in HANDLE_KINDS:
                    p["handle_kind"] = t
            p["role"] = role
            p.update({x: y for x, y in info[k].items() if x not in ("retained", "nullable", "zero_ok")})
            if info[k].get("retained"):
                p["retained"] = True
            low = d.lower()
            nullable = bool(re.search(r"may be null if not wanted|optional, may be null|\bor null\b|may be null when|"
                                      r"may be null only when|null when (cap|len|count)|\(null when", low))
            if role in ("in",) and p["type"] == "string":
                p["nullable"] = "or null" in low or "null (python's none)" in low
            elif role in ("out", "length_out"):
                p["nullable"] = bool(re.search(r"may be null if not wanted|optional, may be null|may be null",
                                               low)) and "only when" not in low and "none may be null" not in low
            elif role in ("buffer", "out_buffer", "string_out", "out_array", "array"):
                p["nullable"] = "only_when_empty"
            if p["type"] == "handle" and role == "in":
                p["zero_ok"] = bool(re.search(r"\bor 0\b|0 for none|\(0 for none", low))
            for x in ("nullable", "zero_ok"):
                if x in info[k]:
                    p[x] = info[k][x]
            # ownership, in the header's own words where it has them
            own = None
            m = re.search(r"(new (?:list )?handle, caller releases[^.;)]*\)?|caller releases[^.;]*?\(\)|"
                          r"release it with sx_[a-z_]+\(\)|the caller's to close|not consumed[^)]*|"
                          r"a static string[^.;]*)", d)
            if m:
                own = m.group(1).strip()
            elif p.get("handle_kind") and role == "out":
                own = f"new handle, caller releases with {releases[p['handle_kind']]}()"
            elif p.get("handle_kind") and role == "release":
                own = "released by this call: the handle is invalid afterwards; 0 or an already released handle is harmless" \
                    if name.endswith("_close") else "released by this call: the handle is invalid afterwards"
            elif p.get("handle_kind"):
                own = "borrowed: the caller keeps it"
            elif p.get("target") == "string":
                own = "static string, never freed"
            elif role in ("buffer", "array", "out_buffer", "string_out", "out_array"):
                own = "caller's memory, retained by the library until its last batch call" if info[k].get("retained") \
                    else "caller's memory, used only during the call"
            if own:
                p["ownership"] = own
            if role == "out" and "also when" in d:
                p["written_on_failure"] = True
            if d:
                p["doc"] = d
            plist.append(p)
        for p in plist:
            if name.endswith("_close") and p.get("handle_kind") and len(plist) == 1:
                p["role"] = "release"
                p["zero_ok"] = True
                p["ownership"] = ("released by this call: the handle is invalid afterwards; "
                                  "0 or an already released handle is harmless")
        rt, rdepth, _ = c_type(ret, name)
        f = {"name": name, "since": golden[name], "header": header, "summary": summary}
        if rt == "int32" and rdepth == 0:
            statuses, os_codes = documented_statuses(ret_text, code_names, by_name_ret)
            # The conventions of socketx/common.h and socketx/addr.h apply where the text is short.
            statuses.add("SX_OK")
            if any(p.get("handle_kind") and p["role"] in ("in", "release", "array") for p in plist) \
                    and not name.endswith("_close") or any(p["role"] == "array" and p.get("target") == "handle" for p in plist):
                statuses.add("SX_EBADHANDLE")
            if name.endswith("_close"):
                statuses.add("SX_EBADHANDLE")
            if any(p["type"] in ("pointer", "string") and not p.get("nullable") for p in plist):
                statuses.add("SX_EARG")
            if any(p["role"] == "out" and p.get("handle_kind") for p in plist):
                statuses |= {"SX_ENOMEM", "SX_ENOHANDLES"}
            if any(p["role"] in ("string_out", "out_buffer", "out_array") and "length_out" in p for p in plist):
                statuses.add("SX_ETRUNC")
            f["returns"] = {"type": "status", "c_type": "int32_t"}
            f["statuses"] = sorted(statuses, key=lambda s: -next(c["value"] for c in codes if c["name"] == s))
            f["os_codes"] = os_codes
            by_name_ret[name] = (statuses, os_codes)
        elif rt == "char" and rdepth == 1:
            f["returns"] = {"type": "string", "c_type": "const char *", "ownership": "static string, never freed, never NULL"}
        else:
            die(f"{name}: unexpected return type {ret!r}")
        f["params"] = plist
        made = sorted({p["handle_kind"] for p in plist if p["role"] == "out" and p.get("handle_kind")})
        if made:
            f["makes"] = made
        rel = [p["handle_kind"] for p in plist if p["role"] == "release"]
        if rel:
            f["releases"] = rel[0]
        if name in FUNCTION_NOTES:
            f["note"] = FUNCTION_NOTES[name]
        f["doc_return"] = ret_text
        out.append(f)
    names = {f["name"] for f in out}
    if names != set(golden):
        die(f"headers and abi/symbols.txt differ: {sorted(names ^ set(golden))}")
    out.sort(key=lambda f: f["name"])

    constants = []
    for raw in (TOP / "tools/constants.list").read_text().splitlines():
        line = raw.split("#", 1)[0].strip()
        if line and not line.startswith("@"):
            constants.append(line.split()[0])

    nodes = sorted(set(golden.values()), key=lambda n: tuple(int(x) for x in n.split("_")[1].split(".")))
    return {
        "manifest_version": MANIFEST_VERSION,
        "generated_by": "tools/gen-manifest.py from abi/include, abi/symbols.txt, abi/status-codes.txt, "
                        "tools/constants.list; do not edit",
        "library": {
            "soname": SONAME,
            "version_nodes": nodes,
            "symbol_versioning": "each function is exported as name@@NODE, NODE its 'since'",
            "calling_convention": "the platform's C calling convention; no variadic functions, no callbacks",
            "status": {"c_type": "int32_t", "success": 0,
                       "failure": "a negative code of status_codes; results come back through out-parameters"},
            "handle": {"c_type": "uint64_t", "bits": 64, "none": 0, "below": "2^53",
                       "invalid": "a zero, stale, closed or wrong-kind handle gives SX_EBADHANDLE"},
            "types": {"int32": "int32_t (C int is int32 on every supported platform)", "uint32": "uint32_t",
                      "int64": "int64_t", "uint64": "uint64_t", "float64": "double",
                      "size": "size_t: the platform's width (32 bits on i386, 64 on x86_64 and arm64)",
                      "pointer": "a data pointer: the platform's width", "string": "const char *, UTF-8, NUL-terminated",
                      "handle": "uint64_t handle of handle_kind"},
            "strings_out": "(buf, cap, len_out): len_out always receives the full length without the NUL; "
                           "cap too small gives SX_ETRUNC and nothing else is written",
            "threads": "every function may be called from any thread",
        },
        "handle_kinds": [{"name": k, "release": releases[k] if k in releases else None, "doc": kinds_doc[k]}
                         for k in HANDLE_KINDS],
        "roles": {
            "in": "a value passed in (scalar, handle borrowed for the call, or string)",
            "release": "a handle the call releases; it is invalid afterwards",
            "out": "pointer to one value the call writes on success (target: its type)",
            "buffer": "const bytes in, with the following 'length' parameter (NULL only when the length is 0)",
            "length": "the byte length of 'of'",
            "array": "const elements in (target: their type), counted by 'count'; several arrays may share one count",
            "count": "the number of elements of each array in 'of'",
            "out_buffer": "caller's bytes to fill, capacity in 'capacity', length reported in 'length_out' (if any)",
            "string_out": "caller's buffer for a NUL-terminated string: (buf, cap, len_out) of socketx/common.h",
            "out_array": "caller's array to fill, capacity in elements in 'capacity', count in 'length_out'",
            "capacity": "the size of 'of' (bytes, or elements for out_array)",
            "length_out": "pointer to size_t receiving the length of 'of', also when the call fails with SX_ETRUNC",
        },
        "functions": out,
        "status_codes": codes,
        "constants": {
            "values": "per platform and not in this manifest: read each at run time with "
                      "sx_constant(name, &value) (int64), or enumerate with sx_constant_count() and sx_constant_at(); "
                      "a name the platform lacks gives SX_ENOTFOUND",
            "names": constants,
        },
    }


def render(m):
    return json.dumps(m, indent=1, ensure_ascii=False) + "\n"


# ---- the flat line format of tests/ffi -------------------------------------------------------

def flat(m):
    """One record a line, tab-separated, for a C reader: F name since ret nstat; P role type ...; S code."""
    lines = [f"V\t{m['manifest_version']}\t{m['library']['soname']}"]
    for c in m["status_codes"]:
        lines.append(f"C\t{c['name']}\t{c['value']}")
    for f in m["functions"]:
        lines.append(f"F\t{f['name']}\t{f['returns']['type']}\t{int(f.get('os_codes', False))}")
        for s in f.get("statuses", []):
            lines.append(f"S\t{s}")
        for p in f["params"]:
            lines.append("\t".join([
                "P", p["name"], p["role"], p["type"], p.get("target", "-"), p.get("handle_kind", "-"),
                str(p.get("nullable", False)).lower(),
                "true" if p.get("zero_ok") else "always" if p.get("written_on_failure") else "false",
                p.get("length") or p.get("capacity") or p.get("count") or "-",
                p.get("length_out", "-")]))
    for n in m["constants"]["names"]:
        lines.append(f"K\t{n}")
    return "\n".join(lines) + "\nE\n"


# ---- checks -----------------------------------------------------------------------------------

def check(library, readelf_bin):
    problems = []
    want = render(build())
    have = MANIFEST.read_text(encoding="utf-8") if MANIFEST.exists() else ""
    if want != have:
        import difflib
        diff = list(difflib.unified_diff(have.splitlines(), want.splitlines(), "abi/manifest.json (checked in)",
                                         "regenerated", lineterm="", n=1))
        problems.append("abi/manifest.json is not what tools/gen-manifest.py generates "
                        "(run it and review the diff):\n" + "\n".join(diff[:80]))
    m = json.loads(have) if have else build()
    if m.get("manifest_version") != MANIFEST_VERSION:
        problems.append(f"manifest_version {m.get('manifest_version')}, expected {MANIFEST_VERSION}")
    p = CS.Problems()
    golden = CS.read_golden(str(TOP / "abi/symbols.txt"), p)
    listed = {f["name"]: f["since"] for f in m["functions"]}
    p.diff("abi/manifest.json", "in the manifest", golden, listed, "abi/symbols.txt")
    for n, node in sorted(listed.items()):
        if n in golden and golden[n] != node:
            p.add("abi/manifest.json", f"{n} since {node}, abi/symbols.txt says {golden[n]}")
    if m["library"]["version_nodes"] != sorted(set(golden.values()), key=CS.node_key):
        p.add("abi/manifest.json", f"version_nodes {m['library']['version_nodes']} differ from abi/symbols.txt")
    exported = None
    if library:
        out = CS.readelf(readelf_bin, ["--dyn-syms", "-W"], library)
        exported = {}
        for line in out.splitlines():
            fl = line.split()
            if len(fl) >= 8 and fl[0].rstrip(":").isdigit() and fl[6] != "UND" and fl[3] == "FUNC" and "@@" in fl[7]:
                base, ver = fl[7].split("@@", 1)
                exported[base] = ver
        p.diff(library, "exported", listed, exported, "abi/manifest.json")
        for n, ver in sorted(exported.items()):
            if n in listed and listed[n] != ver:
                p.add(library, f"{n}@@{ver}, the manifest says {listed[n]}")
        dyn = CS.readelf(readelf_bin, ["-d", "-W"], library)
        if re.findall(r"\(SONAME\)\s+Library soname: \[([^\]]*)\]", dyn) != [m["library"]["soname"]]:
            p.add(library, f"SONAME differs from the manifest's {m['library']['soname']}")
    codes = {c["name"]: c["value"] for c in m["status_codes"]}
    for f in m["functions"]:
        for s in f.get("statuses", []):
            if s not in codes:
                p.add("abi/manifest.json", f"{f['name']}: status {s} is no status code")
    problems += p.items
    if problems:
        print("\n".join(problems))
        print(f"\nabi:manifest FAILED ({len(problems)} problems)")
        return 1
    print(f"abi:manifest OK: {len(m['functions'])} functions, {len(m['status_codes'])} status codes, "
          f"{len(m['constants']['names'])} constant names; matches abi/symbols.txt"
          + (f" and the {len(exported)} exports of {library}" if exported is not None else ""))
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--library")
    ap.add_argument("--readelf", default="readelf")
    ap.add_argument("--flat", metavar="OUT")
    args = ap.parse_args()
    if args.check:
        return check(args.library, args.readelf)
    if args.flat:
        m = json.loads(MANIFEST.read_text(encoding="utf-8"))
        Path(args.flat).write_text(flat(m), encoding="utf-8")
        return 0
    MANIFEST.write_text(render(build()), encoding="utf-8")
    print(f"wrote {MANIFEST.relative_to(TOP)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
