#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""manual:pages - the reference manual is complete and clean.

Reads the headers itself (not Doxygen's view of them), so a page that lost a parameter
or a status code is caught whatever the generator did:
  - every function of abi/symbols.txt has its page man3/<name>.3, listed in libsocketx.3;
  - the page's PARAMETERS section names every parameter of the declaration;
  - its RETURN VALUE section names every SX_* code of the header's @return text, and a
    function returning a status names at least one;
  - every page renders with `groff -man -ww -z` without a warning;
  - Doxygen's warning log is empty.

usage: check-man-pages.py SOURCE_DIR DOCS_BUILD_DIR [INCLUDE_DIR:INCLUDE_DIR...]
(the include directories hold socketx/**/*.h; default SOURCE_DIR/abi/include)
"""
import concurrent.futures
import glob
import os
import re
import subprocess
import sys

DECLARATION = re.compile(r"/\*\*(?P<doc>(?:(?!\*/).)*?)\*/\s*SX_API\s+(?P<type>[^;(]*?)\s*\b(?P<name>sx_\w+)\s*\((?P<params>[^)]*)\)\s*;", re.S)
STATUS_CODE = re.compile(r"\bSX_E[A-Z0-9_]+\b")


def declarations(include_dirs):
    found = {}
    paths = set()
    for include_dir in include_dirs:
        paths.update(glob.glob(os.path.join(include_dir, "socketx/**/*.h"), recursive=True))
    for path in sorted(paths):
        with open(path) as f:
            text = f.read()
        for match in DECLARATION.finditer(text):
            params = []
            for param in match.group("params").split(","):
                param = param.strip()
                if param and param != "void":
                    params.append((re.search(r"(\w+)\s*$", param).group(1), compact(param)))
            doc = match.group("doc")
            returns = re.search(r"@return(.*?)(?=@since|@param|$)", doc, re.S)
            found[match.group("name")] = (match.group("type").strip(), params, returns.group(1) if returns else "")
    return found


def compact(text):
    """C declaration text without spaces, so that line breaks and alignment do not count."""
    return re.sub(r"\s+", "", text)


def roff_plain(text):
    """What a roff fragment reads as: font escapes dropped, escaped minus signs plain."""
    return re.sub(r"\\f[BIRP]", "", text).replace("\\-", "-").replace("\\e", "\\")


def section(page, title):
    match = re.search(r"^\.SH %s\n(.*?)(?=^\.SH |\Z)" % re.escape(title), page, re.M | re.S)
    return match.group(1) if match else None


def main():
    source_dir, docs_dir = sys.argv[1], sys.argv[2]
    man3 = os.path.join(docs_dir, "man3")
    problems = []
    with open(os.path.join(source_dir, "abi/symbols.txt")) as f:
        exported = [line.split()[0] for line in f if line.strip() and not line.startswith("#")]
    include_dirs = [d for d in (sys.argv[3] if len(sys.argv) > 3 else os.path.join(source_dir, "abi/include")).split(":") if d]
    declared = declarations(include_dirs)
    overview_path = os.path.join(man3, "libsocketx.3")
    overview = open(overview_path).read() if os.path.exists(overview_path) else ""
    if not overview:
        problems.append("libsocketx.3: missing")

    for name in exported:
        if name not in declared:
            problems.append("%s: exported, but no documented declaration in %s" % (name, " ".join(include_dirs)))
            continue
        return_type, params, returns = declared[name]
        path = os.path.join(man3, name + ".3")
        if not os.path.exists(path):
            problems.append("%s: no man page" % name)
            continue
        with open(path) as f:
            page = f.read()
        if "\\fB%s\\fP(3)" % name.replace("-", "\\-") not in overview:
            problems.append("%s: not listed in libsocketx(3)" % name)
        if not (section(page, "NAME") or "").strip():
            problems.append("%s: no NAME" % name)
        synopsis = compact(roff_plain(section(page, "SYNOPSIS") or ""))
        if compact("%s %s(" % (return_type, name)) not in synopsis:
            problems.append("%s: SYNOPSIS lacks the declaration %s %s(...)" % (name, return_type, name))
        documented = section(page, "PARAMETERS") or ""
        for param, declaration in params:
            if declaration not in synopsis:
                problems.append("%s: SYNOPSIS lacks the parameter %s as declared" % (name, declaration))
            if "\\fI%s\\fP" % param not in documented:
                problems.append("%s: parameter %s not documented" % (name, param))
        return_section = section(page, "RETURN VALUE")
        if not (return_section or "").strip():
            problems.append("%s: no RETURN VALUE" % name)
            continue
        for code in sorted(set(STATUS_CODE.findall(returns))):
            if code not in return_section:
                problems.append("%s: return code %s of the header missing from the page" % (name, code))
        if return_type == "int32_t" and not STATUS_CODE.search(return_section):
            problems.append("%s: RETURN VALUE names no status code" % name)

    def groff(path):
        return path, subprocess.run(["groff", "-man", "-ww", "-z", path], capture_output=True, text=True)

    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        for path, result in pool.map(groff, sorted(glob.glob(os.path.join(man3, "*.3")))):
            if result.returncode or result.stderr.strip():
                problems.append("%s: groff: %s" % (os.path.basename(path), result.stderr.strip() or result.returncode))

    log = os.path.join(docs_dir, "doxygen-warnings.log")
    if not os.path.exists(log):
        problems.append("doxygen-warnings.log: missing (did Doxygen run?)")
    elif open(log).read().strip():
        problems.append("Doxygen warnings:\n" + open(log).read().strip())

    for problem in problems:
        print(problem)
    if problems:
        sys.exit("manual:pages: %d problem(s)" % len(problems))
    print("manual:pages OK: %d function pages and libsocketx.3" % len(exported))


if __name__ == "__main__":
    main()
