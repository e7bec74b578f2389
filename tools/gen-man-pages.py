#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Render Doxygen's XML of the public headers as man pages: one page in section 3 per
exported function, and the overview libsocketx(3) from docs/reference/libsocketx.3.in.

Doxygen's own man output is one page per header, which buries each function; a reader
types `man sx_socket_recv` and expects that function's page, as for libcurl or libuv.

usage: gen-man-pages.py --xml DIR --symbols abi/symbols.txt --overview libsocketx.3.in
                        --version X.Y.Z --out DIR
"""
import argparse
import os
import re
import sys
import xml.etree.ElementTree as ET

MANUAL = "libsocketx Manual"
# A "@return as sx_other()." text means: the codes of sx_other(). The page spells them out,
# so that every page is complete on its own.
RETURN_AS = re.compile(r"^as (sx_\w+)\(\)")
SX_FUNCTION = re.compile(r"\bsx_\w+(?=\(\))")


def escape(text):
    """Text to roff: backslashes and non-ASCII as groff escapes, no line starting a request."""
    out = []
    for ch in text.replace("\\", "\\e"):
        if ord(ch) > 127:
            out.append("\\[u%04X]" % ord(ch))
        else:
            out.append(ch)
    text = "".join(out).replace("-", "\\-")
    return "\n".join("\\&" + line if line[:1] in (".", "'") else line for line in text.split("\n"))


def flat_text(element, skip=("parameterlist", "simplesect")):
    """The text of a Doxygen XML element, without the parts rendered in their own sections."""
    parts = [element.text or ""]
    for child in element:
        if child.tag not in skip:
            parts.append(flat_text(child, skip))
        parts.append(child.tail or "")
    return re.sub(r"\s+", " ", "".join(parts)).strip()


class Function:
    def __init__(self, member, header):
        self.name = member.findtext("name")
        self.header = header
        # itertext: a type naming a documented typedef (sx_addr) is a <ref> inside <type>.
        self.return_type = "".join(member.find("type").itertext()).strip()
        self.params = [("".join(p.find("type").itertext()).strip(), p.findtext("declname") or "")
                       for p in member.findall("param")]
        detail = member.find("detaileddescription")
        self.summary = flat_text(member.find("briefdescription"))
        self.paragraphs = [t for t in (flat_text(p) for p in detail.findall("para")) if t]
        # With JAVADOC_AUTOBRIEF the first sentence is the brief, no longer in the details.
        if self.summary:
            self.paragraphs[:1] = [" ".join([self.summary] + self.paragraphs[:1])]
        self.param_docs = []
        for item in detail.iter("parameteritem"):
            names = [n.text.strip() for n in item.iter("parametername")]
            direction = item.find("parameternamelist/parametername").get("direction", "")
            self.param_docs.append((names, direction, flat_text(item.find("parameterdescription"))))
        # In declaration order, whatever the order of the @param lines.
        order = [name for _, name in self.params]
        self.param_docs.sort(key=lambda doc: order.index(doc[0][0]) if doc[0][0] in order else len(order))
        self.returns = " ".join(flat_text(s, ()) for s in detail.iter("simplesect") if s.get("kind") == "return")
        self.since = " ".join(flat_text(s, ()) for s in detail.iter("simplesect") if s.get("kind") == "since")

    def brief(self):
        first = self.summary or (self.paragraphs[0] if self.paragraphs else "")
        match = re.match(r"(.+?\.)(\s|$)", first)
        brief = (match.group(1) if match else first).rstrip(".")
        # A sentence cut at "e.g." keeps what comes before the example.
        brief = re.sub(r",?\s+(e\.g|i\.e)$", "", brief)
        # NAME is one line for apropos(1): a long first sentence keeps its part before a colon.
        if len(brief) > 80 and ": " in brief[15:]:
            brief = brief[: brief.index(": ", 15)]
        return brief

    def synopsis(self):
        args = []
        for ptype, pname in self.params:
            if pname:
                sep = "" if ptype.endswith("*") else " "
                args.append("%s%s\\fI%s\\fP" % (escape(ptype), sep, escape(pname)))
            else:
                args.append(escape(ptype))
        sep = "" if self.return_type.endswith("*") else " "
        opening = "%s%s%s(" % (self.return_type, sep, self.name)
        plain = opening + ", ".join("%s %s" % p for p in self.params) + ");"
        # Long declarations: one parameter per line, aligned under the first, as man-pages do.
        joiner = ", " if len(plain) <= 78 else ",\n" + " " * len(opening)
        return "%s%s\\fB%s\\fP(%s);" % (escape(self.return_type), sep, escape(self.name), joiner.join(args))


def load_functions(xml_dir):
    functions = {}
    for name in sorted(os.listdir(xml_dir)):
        if not name.endswith("_8h.xml"):
            continue
        root = ET.parse(os.path.join(xml_dir, name)).getroot()
        compound = root.find("compounddef")
        path = compound.find("location").get("file")
        header = path[path.rfind("socketx/"):]
        for member in compound.iter("memberdef"):
            if member.get("kind") == "function":
                function = Function(member, header)
                functions[function.name] = function
    return functions


def return_text(function, functions, seen=()):
    """The function's return text, with "as sx_other()" followed by sx_other()'s own codes."""
    text = function.returns
    match = RETURN_AS.match(text)
    if match and match.group(1) in functions and match.group(1) not in seen:
        other = functions[match.group(1)]
        text += " The codes of %s(): %s" % (other.name, return_text(other, functions, seen + (function.name,)))
    return text


def th(title, version):
    return '.TH %s 3 "" "libsocketx %s" "%s"\n' % (title.upper(), version, MANUAL)


def render_function(function, functions, version):
    lines = ['.\\" SPDX-License-Identifier: MIT',
             '.\\" Generated by tools/gen-man-pages.py from the Doxygen documentation of the headers.',
             th(function.name, version).rstrip("\n"),
             ".SH NAME", "%s \\- %s" % (escape(function.name), escape(function.brief())),
             ".SH LIBRARY", "libsocketx (\\fIlibsocketx.so.1\\fP, \\fB\\-lsocketx\\fP; pkg\\-config \\fBsocketx\\fP)",
             ".SH SYNOPSIS", ".nf", "\\fB#include <socketx.h>\\fP", "",
             "/* declared in <%s> */" % escape(function.header), "", function.synopsis(), ".fi",
             ".SH DESCRIPTION"]
    for index, paragraph in enumerate(function.paragraphs):
        if index:
            lines.append(".PP")
        lines.append(escape(paragraph))
    if function.param_docs:
        lines.append(".SH PARAMETERS")
        for names, direction, text in function.param_docs:
            label = ", ".join("\\fI%s\\fP" % escape(n) for n in names)
            if direction:
                label += " [%s]" % direction
            lines += [".TP", label, escape(text)]
    returns = return_text(function, functions)
    lines += [".SH RETURN VALUE", escape(returns[:1].upper() + returns[1:])]
    lines += [".SH VERSIONS", "Symbol version node \\fB%s\\fP." % escape(function.since or "?")]
    related = []
    for paragraph in function.paragraphs + [t for _, _, t in function.param_docs] + [function.returns]:
        for name in SX_FUNCTION.findall(paragraph):
            if name != function.name and name in functions and name not in related:
                related.append(name)
    see_also = ["\\fBlibsocketx\\fP(3)"] + ["\\fB%s\\fP(3)" % escape(n) for n in sorted(related)]
    lines += [".SH SEE ALSO", ",\n".join(see_also)]
    return "\n".join(lines) + "\n"


def function_index(functions, exported):
    """The overview's list of functions, one subsection per header."""
    by_header = {}
    for name in exported:
        by_header.setdefault(functions[name].header, []).append(name)
    lines = []
    for header in sorted(by_header):
        lines += [".SS <%s>" % escape(header)]
        for name in sorted(by_header[header]):
            lines += [".TP", "\\fB%s\\fP(3)" % escape(name), escape(functions[name].brief()) + "."]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--xml", required=True)
    parser.add_argument("--symbols", required=True)
    parser.add_argument("--overview", required=True)
    parser.add_argument("--version", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    functions = load_functions(args.xml)
    with open(args.symbols) as f:
        exported = [line.split()[0] for line in f if line.strip() and not line.startswith("#")]
    missing = [name for name in exported if name not in functions]
    if missing:
        sys.exit("gen-man-pages: exported but not documented in the headers: " + ", ".join(missing))

    os.makedirs(args.out, exist_ok=True)
    for name in exported:
        with open(os.path.join(args.out, name + ".3"), "w") as f:
            f.write(render_function(functions[name], functions, args.version))
    with open(args.overview) as f:
        overview = f.read()
    overview = overview.replace("@VERSION@", args.version).replace("@FUNCTIONS_BY_HEADER@", function_index(functions, exported))
    with open(os.path.join(args.out, "libsocketx.3"), "w") as f:
        f.write(overview)


if __name__ == "__main__":
    main()
