#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Generate the socket constants from tools/constants.list and the target's system headers.

For every name in tools/constants.list, a small C probe compiled by the TARGET's C compiler
tells whether the platform defines it and with which value (the real value, as that compiler
sees it: no header is parsed by hand). The probe is only compiled, never run: it holds the
values as data in a section of an ELF object file, which this script reads back. So a cross
compiler (i686-linux-gnu-gcc, aarch64-linux-gnu-gcc) gives its own platform's values.
Names the headers lack are left out, as CPython leaves them out, except those the list gives
a documented fixed value. Then it writes, under OUTPUT_DIR:

  include/socketx/constants.h   SX_<NAME> macros with literal values, by group; it includes
                                socketx/constant_lookup.h (the run-time lookup API, checked in)
  src/constants_table.inc       SXI_CONSTANT("NAME", SX_<NAME>) rows, sorted by name
  src/constants_pins.inc        the same headers the probe used, and one SXI_PIN(SX_<NAME>,
                                SYMBOL) per constant the system defines, so src/core/constants.c
                                fails to compile if the header disagrees with the compiler
                                and flags it is built with

A constant whose SX_<NAME> would collide with another libsocketx macro (the EAI_*
resolver numbers against the SX_EAI_* status codes of socketx/errors.h) is spelled
SX_NATIVE_<NAME> in the header; its run-time name is still Python's, "EAI_NONAME".

The output depends only on the list, the checked-in headers and the target's headers: no
dates, no host names. A file whose content would not change is not rewritten.

Usage: tools/gen-constants.py OUTPUT_DIR [-- CC [COMPILER ARGUMENTS...]]
  The build (CMakeLists.txt, cmake/SocketxConstants.cmake) passes its C compiler and flags
  after "--". Without them, $CC (default "cc") compiles the probe.
"""
import os
import re
import shlex
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

TOP = Path(__file__).resolve().parent.parent
LIST = TOP / "tools/constants.list"
PUBLIC_HEADERS = TOP / "abi/include/socketx"
# -fno-lto: an LTO object would hold compiler IR instead of the section the values are in.
CFLAGS = ["-std=c17", "-D_GNU_SOURCE", "-w", "-fno-lto"]
SECTION = ".sxi_probe"
# The probe's first row: a magic number (which also tells a wrongly read byte order) and
# the row count.
MAGIC = 0x5358492D50524F42
KINDS = {1: "sys", 2: "fixed", 3: "absent"}

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


def probe_source(includes, rows):
    """C source whose only content is an array of (kind, value) int64 pairs, one per row."""
    src = include_block(includes) + [
        "#include <stdint.h>",
        "struct sxi_probe_row { int64_t kind, value; };",
        f'__attribute__((used, section("{SECTION}")))',
        "const struct sxi_probe_row sxi_probe[] = {",
        f"    {{ (int64_t){MAGIC}LL, {len(rows)} }},",
    ]
    for r in rows:
        fallback = f"{{ 2, {r.fixed}LL }}," if r.fixed is not None else "{ 3, 0 },"
        src += [f"#if {'defined(' + r.cond + ')' if r.cond else '1'}",
                f"#if {presence_test(r)}",
                f"    {{ 1, (int64_t)({r.sym}) }},",
                "#else",
                f"    {fallback}",
                "#endif",
                "#else",
                "    { 3, 0 },",
                "#endif"]
    src += ["};", ""]
    return "\n".join(src)


def elf_section(data, name):
    """The bytes of section NAME of an ELF object, and the object's byte order ("<" or ">")."""
    if data[:4] != b"\x7fELF" or data[4] not in (1, 2) or data[5] not in (1, 2):
        die("the compiler did not write an ELF object (only ELF targets are supported)")
    wide, order = data[4] == 2, "<" if data[5] == 1 else ">"
    if wide:
        shoff, = struct.unpack_from(order + "Q", data, 0x28)
        shentsize, shnum, shstrndx = struct.unpack_from(order + "HHH", data, 0x3A)
        header = order + "IIQQQQ"
    else:
        shoff, = struct.unpack_from(order + "I", data, 0x20)
        shentsize, shnum, shstrndx = struct.unpack_from(order + "HHH", data, 0x2E)
        header = order + "IIIIII"

    def section(index):
        sh_name, _type, _flags, _addr, offset, size = struct.unpack_from(header, data, shoff + index * shentsize)
        return sh_name, offset, size

    _, names_at, _ = section(shstrndx)
    for index in range(shnum):
        sh_name, offset, size = section(index)
        start = names_at + sh_name
        if data[start:data.index(b"\0", start)].decode() == name:
            return data[offset:offset + size], order
    die(f"the probe object has no section {name}")


def probe(includes, rows, cc):
    with tempfile.TemporaryDirectory() as tmp:
        c_file, obj = Path(tmp) / "probe.c", Path(tmp) / "probe.o"
        c_file.write_text(probe_source(includes, rows))
        res = subprocess.run(cc + CFLAGS + ["-c", "-o", str(obj), str(c_file)], capture_output=True, text=True)
        if res.returncode != 0:
            die(f"the probe does not compile with {shlex.join(cc)} (an enum= symbol missing?):\n" + res.stderr)
        data = obj.read_bytes()
    raw, order = elf_section(data, SECTION)
    pairs = [struct.unpack_from(order + "qq", raw, at) for at in range(0, len(raw) - len(raw) % 16, 16)]
    if len(raw) != 16 * (len(rows) + 1) or pairs[0] != (MAGIC, len(rows)):
        die(f"the probe's section {SECTION} holds {len(raw)} bytes, not the {len(rows) + 1} rows written")
    for r, (kind, value) in zip(rows, pairs[1:]):
        r.kind, r.value = KINDS[kind], value
        if r.kind == "sys" and r.fixed is not None and r.value != r.fixed:
            die(f"{LIST.name}:{r.lineno}: {r.name} is fixed={r.fixed} but the headers say {r.value}")


def other_sx_macros():
    """SX_ macro names the other public headers define (status codes, version, ...)."""
    names = set()
    for h in sorted(PUBLIC_HEADERS.glob("*.h")):
        if h.name == "constants.h":  # a stale copy from before it was generated
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
 * Generated at build time by tools/gen-constants.py from tools/constants.list and the
 * target platform's headers, as its C compiler sees them. Do not edit: change the list.
 * It is installed in the multiarch include directory (<includedir>/<triplet>/socketx/),
 * beside the platform's other per-architecture headers.
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
 *    headers: sx_constant("SO_REUSEADDR", &v), sx_constant_count() and sx_constant_at()
 *    (socketx/constant_lookup.h, included here).
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
         '#include "socketx/constant_lookup.h"']
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
    return {"include/socketx/constants.h": "\n".join(h), "src/constants_table.inc": "\n".join(table),
            "src/constants_pins.inc": "\n".join(pins)}, present


def main():
    args = sys.argv[1:]
    cc = shlex.split(os.environ.get("CC", "cc"))
    if "--" in args:
        cc = args[args.index("--") + 1:]
        args = args[:args.index("--")]
    if len(args) != 1 or not cc or args[0].startswith("-"):
        sys.exit(__doc__.split("Usage: ", 1)[1])
    out_dir = Path(args[0])
    includes, groups, rows = parse_list()
    probe(includes, rows, cc)
    files, present = render(includes, groups, rows)
    for rel, text in files.items():
        path = out_dir / rel
        # Rewriting an unchanged header would rebuild every source that includes it.
        if not path.exists() or path.read_text() != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
    fixed = sum(r.kind == "fixed" for r in present)
    native = [r.macro for r in present if r.macro != "SX_" + r.name]
    print(f"gen-constants: {len(present)} constants ({fixed} fixed values), {len(rows) - len(present)} names absent "
          f"for {shlex.join(cc[:1])}, {len(native)} spelled SX_NATIVE_*")
    return 0


if __name__ == "__main__":
    sys.exit(main())
