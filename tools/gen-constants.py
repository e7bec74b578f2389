#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Generate the socket constants from tools/constants.list and the system headers.

For every name in tools/constants.list, a small C probe compiled against this
system's headers tells whether the platform defines it and with which value (the
real value, as the compiler sees it: no header is parsed by hand). Names the
headers lack are left out, as CPython leaves them out, except those the list gives a
documented fixed value. Then it writes:

  abi/include/socketx/constants.h  SX_<NAME> macros with literal values, by group,
                                   and the declarations of the run-time lookup API
  src/core/constants_table.inc          SXI_CONSTANT("NAME", SX_<NAME>) rows, sorted by name
  src/core/constants_pins.inc           the same headers the probe used, and one
                                   SXI_PIN(SX_<NAME>, SYMBOL) per constant the system
                                   defines, so src/core/constants.c fails to compile if the
                                   header ever disagrees with the platform it is built on

A constant whose SX_<NAME> would collide with another libsocketx macro (the EAI_*
resolver numbers against the SX_EAI_* status codes of socketx/errors.h) is spelled
SX_NATIVE_<NAME> in the header; its run-time name is still Python's, "EAI_NONAME".

The output depends only on the list and the headers: no dates, no host names.

Usage: tools/gen-constants.py [--check]
  CC (default "cc") compiles the probe. --check writes nothing and exits 1 if a
  generated file is out of date.
"""
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

TOP = Path(__file__).resolve().parent.parent
LIST = TOP / "tools/constants.list"
HEADER = TOP / "abi/include/socketx/constants.h"
TABLE = TOP / "src/core/constants_table.inc"
PINS = TOP / "src/core/constants_pins.inc"
CFLAGS = ["-std=c17", "-D_GNU_SOURCE", "-w"]

NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


class Row:
    def __init__(self, name, group, lineno):
        self.name = name
        self.group = group
        self.lineno = lineno
        self.sym = name          # the system symbol holding the value
        self.enum_header = None  # the symbol is an enumerator of this header
        self.cond = None         # exists only when this macro is defined
        self.fixed = None        # value when the headers lack sym
        self.kind = None         # after probing: "sys" (from the headers), "fixed", or "absent"
        self.value = None
        self.macro = None        # the SX_ macro name


def die(msg):
    sys.exit(f"gen-constants: {msg}")


def parse_list():
    includes, groups, rows, seen = [], [], [], set()
    for lineno, raw in enumerate(LIST.read_text().splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("@include "):
            includes.append(line.split(None, 1)[1].strip())
            continue
        if line.startswith("@group "):
            groups.append((line.split(None, 1)[1].strip(), []))
            continue
        if not groups:
            die(f"{LIST.name}:{lineno}: constant before the first @group")
        fields = line.split()
        row = Row(fields[0], groups[-1][0], lineno)
        if not NAME_RE.match(row.name) or row.name in seen:
            die(f"{LIST.name}:{lineno}: bad or repeated name {row.name!r}")
        seen.add(row.name)
        for opt in fields[1:]:
            key, _, val = opt.partition("=")
            if not val:
                die(f"{LIST.name}:{lineno}: option {opt!r} needs a value")
            if key == "c":
                row.sym = val
            elif key == "enum":
                if val not in includes:
                    die(f"{LIST.name}:{lineno}: enum={val} is not an @include")
                row.enum_header = val
            elif key == "if":
                row.cond = val
            elif key == "fixed":
                row.fixed = int(val, 0)
            else:
                die(f"{LIST.name}:{lineno}: unknown option {key!r}")
        groups[-1][1].append(row)
        rows.append(row)
    return includes, groups, rows


def have_macro(header):
    return "SXI_HAVE_" + re.sub(r"[^A-Za-z0-9]", "_", header).upper()


def include_block(includes):
    out = []
    for h in includes:
        out += [f"#if __has_include(<{h}>)", f"#include <{h}>", f"#define {have_macro(h)} 1", "#endif"]
    return out


def presence_test(row):
    """The preprocessor condition under which the system itself defines row.sym."""
    if row.enum_header:
        return f"defined({have_macro(row.enum_header)})"
    return f"defined({row.sym})"


def probe(includes, rows):
    src = include_block(includes) + [
        "#include <stdio.h>",
        "static void p(const char *name, const char *kind, long long value)",
        "{",
        '    printf("%s %s %lld\\n", name, kind, value);',
        "}",
        "int main(void)",
        "{",
    ]
    for r in rows:
        fallback = f'p("{r.name}", "fixed", {r.fixed}LL);' if r.fixed is not None else f'p("{r.name}", "absent", 0);'
        src += [f"#if {'defined(' + r.cond + ')' if r.cond else '1'}",
                f"#if {presence_test(r)}",
                f'    p("{r.name}", "sys", (long long)({r.sym}));',
                "#else",
                f"    {fallback}",
                "#endif",
                "#else",
                f'    p("{r.name}", "absent", 0);',
                "#endif"]
    src += ["    return 0;", "}", ""]
    cc = os.environ.get("CC", "cc").split()
    with tempfile.TemporaryDirectory() as tmp:
        c_file, exe = Path(tmp) / "probe.c", Path(tmp) / "probe"
        c_file.write_text("\n".join(src))
        res = subprocess.run(cc + CFLAGS + ["-o", str(exe), str(c_file)], capture_output=True, text=True)
        if res.returncode != 0:
            die("the probe does not compile against these headers (an enum= symbol missing?):\n" + res.stderr)
        out = subprocess.run([str(exe)], capture_output=True, text=True, check=True).stdout
    by_name = {r.name: r for r in rows}
    for line in out.splitlines():
        name, kind, value = line.split()
        r = by_name[name]
        r.kind, r.value = kind, int(value)
        if kind == "sys" and r.fixed is not None and r.value != r.fixed:
            die(f"{LIST.name}:{r.lineno}: {r.name} is fixed={r.fixed} but the headers say {r.value}")
    missing = [r.name for r in rows if r.kind is None]
    if missing:
        die(f"the probe printed nothing for {missing}")


def other_sx_macros():
    """SX_ macro names the other public headers define (status codes, version, ...)."""
    names = set()
    for h in sorted((TOP / "abi/include/socketx").glob("*.h")):
        if h.name == HEADER.name:
            continue
        names.update(re.findall(r"^\s*#\s*define\s+(SX_\w+)", h.read_text(), re.M))
    return names


def literal(v):
    if -2**31 <= v < 0:
        return f"({v})"
    if 0 <= v < 2**31:
        return str(v)
    if not -2**63 <= v < 2**63:
        die(f"value {v} does not fit int64_t")
    return f"({v}LL)" if v < 0 else f"{v}LL"


def comment(r):
    notes = []
    if r.sym != r.name:
        notes.append(f"system name {r.sym}")
    if r.kind == "fixed":
        notes.append("fixed value, not in this system's headers")
    if r.value >= 0x1000:
        notes.append(f"0x{r.value:X}")
    if r.macro != "SX_" + r.name:
        notes.append(f'run-time name "{r.name}"')
    return f" /* {'; '.join(notes)} */" if notes else ""


HEADER_DOC = """\
/* SPDX-License-Identifier: MIT */
/*
 * socketx/constants.h - the socket constants of this platform, with their native values.
 *
 * Generated by tools/gen-constants.py from tools/constants.list and this system's
 * headers. Do not edit: change the list and run the generator.
 *
 * Every constant Python's socket module exports on this platform (CPython 3.15's
 * names), and the others the platform defines in the same families, is here twice:
 *
 *  - as a macro SX_<NAME> holding the literal native value, the same number as the
 *    system header's <NAME> and Python's socket.<NAME> (SX_AF_INET is AF_INET,
 *    SX_CAN_BCM_TX_SETUP is the kernel's TX_SETUP, as Python names it). Like the system
 *    headers, this file is per platform: the values are the native ones, not portable
 *    numbers. Values that do not fit int32_t (VMADDR_CID_ANY, CAN_EFF_FLAG, INADDR_NONE,
 *    all host-order unsigned numbers) are written as long long literals.
 *
 *  - at run time, by Python's name and by index, for FFIs and bindings that have no C
 *    headers: sx_constant("SO_REUSEADDR", &v), sx_constant_count() and sx_constant_at().
 *    Every value is an int64_t, so unsigned 32-bit values (4294967295) and negative
 *    ones (TIPC_WAIT_FOREVER = -1, EAI_NONAME = -2 on glibc) both come back exactly.
 *
 * Naming rule. The macro is SX_<NAME>, with Python's spelling (SX_AF_DECnet), except
 * where SX_<NAME> already names something else in libsocketx; then the macro is
 * SX_NATIVE_<NAME>. Today this concerns the getaddrinfo() error numbers: SX_EAI_NONAME
 * is the portable status code libsocketx returns (-1002, socketx/errors.h), while
 * SX_NATIVE_EAI_NONAME is the platform's own EAI_NONAME (-2 on glibc), the number
 * Python exports as socket.EAI_NONAME and sx_constant("EAI_NONAME") returns. Compare
 * status codes with SX_EAI_*, never with SX_NATIVE_EAI_*.
 *
 * A name the platform does not define is absent, both as a macro and at run time
 * (SX_ENOTFOUND), exactly as it is absent from Python's module; test with #ifdef.
 * A few families have fixed, documented values even where the headers lack them, as
 * CPython has: the Linux Bluetooth socket ABI (BlueZ names), the AF_VSOCK numbers
 * CPython hard-codes, and CPython's own fallbacks (SOL_TCP, SHUT_RD, INADDR_*, ...).
 * Such macros carry the comment "fixed value". Python's two string constants
 * BDADDR_ANY and BDADDR_LOCAL, and the errno re-exports EAGAIN, EBADF and EWOULDBLOCK
 * (use the SX_E* status codes), are not part of this table.
 */"""

API_DECLS = """\
/**
 * Look up a socket constant by its Python name, e.g. "SO_REUSEADDR" or "EAI_NONAME".
 * Mirrors: getattr(socket, name) for an int constant.
 * The name is matched exactly (case-sensitive, no "SX_" prefix): "AF_DECnet".
 * @param name the constant's name, UTF-8, NUL-terminated.
 * @param[out] value_out receives the native value.
 * @return 0; SX_EARG (name or value_out NULL); SX_ENOTFOUND (this platform has no
 *         constant of that name).
 * Thread-safety: safe from any thread; no allocation. @since SOCKETX_1.0
 */
SX_API int32_t sx_constant(const char *name, int64_t *value_out);

/**
 * Report how many constants the run-time table holds, for enumeration with sx_constant_at().
 * Mirrors: the upper-case int attributes of the socket module (dir(socket)).
 * @param[out] count_out receives the number of constants.
 * @return 0; SX_EARG (count_out NULL).
 * Thread-safety: safe from any thread; the count never changes. @since SOCKETX_1.0
 */
SX_API int32_t sx_constant_count(uint32_t *count_out);

/**
 * Read the constant at an index of the run-time table; the table is sorted by name
 * (byte order) and each name appears once.
 * Mirrors: iterating dir(socket) over the int constants.
 * @param index 0 .. count-1 (see sx_constant_count()).
 * @param[out] name_out receives the constant's name: a static string, never freed.
 * @param[out] value_out receives the native value.
 * @return 0; SX_EARG (name_out or value_out NULL); SX_EOUTOFRANGE (index >= count).
 * Thread-safety: safe from any thread; no allocation. @since SOCKETX_1.0
 */
SX_API int32_t sx_constant_at(uint32_t index, const char **name_out, int64_t *value_out);"""


def render(includes, groups, rows):
    taken = other_sx_macros()
    present = [r for r in rows if r.kind != "absent"]
    for r in present:
        r.macro = "SX_" + r.name
        if r.macro in taken:
            r.macro = "SX_NATIVE_" + r.name
        if r.macro in taken:
            die(f"{r.name}: both {'SX_' + r.name} and {r.macro} are taken")
    width = max(len(r.macro) for r in present) + 1

    h = [HEADER_DOC, "#ifndef SOCKETX_CONSTANTS_H", "#define SOCKETX_CONSTANTS_H", "",
         '#include "socketx/common.h"', "", "#ifdef __cplusplus", 'extern "C" {', "#endif", "",
         API_DECLS, "", "#ifdef __cplusplus", "}", "#endif"]
    for title, grows in groups:
        grows = [r for r in grows if r.kind != "absent"]
        if not grows:
            continue
        h += ["", f"/* {title} */"]
        for r in grows:
            h.append(f"#define {r.macro:<{width}} {literal(r.value)}{comment(r)}".rstrip())
    h += ["", "#endif /* SOCKETX_CONSTANTS_H */", ""]

    table = ["/* SPDX-License-Identifier: MIT */", "/* Generated by tools/gen-constants.py from tools/constants.list. Do not edit.",
             " * One row per constant, sorted by name in byte order (strcmp) for binary search:",
             " * SXI_CONSTANT(Python name, SX_ macro). */"]
    for r in sorted(present, key=lambda r: r.name.encode()):
        table.append(f'SXI_CONSTANT("{r.name}", {r.macro})')
    table.append("")

    pins = ["/* SPDX-License-Identifier: MIT */", "/* Generated by tools/gen-constants.py from tools/constants.list. Do not edit.",
            " * The system headers the constants come from, and one SXI_PIN(SX_ macro, system",
            " * symbol) for each constant the system headers define, so that src/core/constants.c",
            " * does not compile if socketx/constants.h disagrees with the platform. */"]
    pins += include_block(includes) + [""]
    for r in present:
        pins += [f"#if {presence_test(r)}", f"SXI_PIN({r.macro}, {r.sym});", "#endif"]
    pins.append("")
    return {HEADER: "\n".join(h), TABLE: "\n".join(table), PINS: "\n".join(pins)}, present


def main():
    check = "--check" in sys.argv[1:]
    includes, groups, rows = parse_list()
    probe(includes, rows)
    files, present = render(includes, groups, rows)
    stale = []
    for path, text in files.items():
        old = path.read_text() if path.exists() else None
        if old != text:
            stale.append(path.relative_to(TOP))
            if not check:
                path.write_text(text)
    fixed = sum(r.kind == "fixed" for r in present)
    native = [r.macro for r in present if r.macro != "SX_" + r.name]
    print(f"{len(present)} constants ({fixed} fixed values), {len(rows) - len(present)} names absent here, "
          f"{len(native)} spelled SX_NATIVE_*")
    if check and stale:
        print("out of date: " + ", ".join(map(str, stale)))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
