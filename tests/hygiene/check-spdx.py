#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""hygiene:spdx - every source file of the project names its license in its first lines.

Source files are the tracked files a compiler, interpreter, generator or build tool reads:
C, C++, Go, Java, Ruby, Python, shell, SWIG, CMake, pkg-config templates, the constant
list and the man pages. Data (fuzz corpora, symbol lists, the ABI dump, the jar manifest)
and documentation (Markdown) are not, and the frozen 1.0 record (tests/abi/v1.0/) is never
edited. Generated files carry the line because their generators write it.

Usage: check-spdx.py SOURCE_DIR
"""
import subprocess
import sys
from pathlib import Path

TAG = "SPDX-License-Identifier: MIT"
EXTENSIONS = {".c", ".h", ".i", ".def", ".inc", ".cpp", ".hpp", ".go", ".java", ".mod",
              ".sh", ".py", ".rb", ".cmake", ".gemspec", ".in", ".list", ".map", ".1", ".3"}
NAMES = {"CMakeLists.txt", "suppressions.txt", ".gitignore"}
EXCLUDED_PREFIXES = ("tests/abi/v1.0/",)
HEAD_LINES = 3  # a shebang, then the tag; or the tag first


def is_source(path):
    if path.startswith(EXCLUDED_PREFIXES) or "/corpus/" in path:
        return False
    p = Path(path)
    return p.name in NAMES or p.suffix in EXTENSIONS


def tracked_files(top):
    """The files git tracks; in a release tarball (no .git), every file outside build trees."""
    if (top / ".git").exists():
        out = subprocess.run(["git", "-C", str(top), "ls-files", "-z"], capture_output=True,
                             check=True).stdout.decode()
        return out.split("\0")
    return [str(p.relative_to(top)) for p in top.rglob("*")
            if p.is_file() and not any(part.startswith(("build", ".", "obj-"))
                                       for part in p.relative_to(top).parts[:-1])]


def main():
    top = Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    listed = tracked_files(top)
    sources = [f for f in listed if f and is_source(f)]
    missing = []
    for f in sources:
        try:
            with open(top / f, encoding="utf-8", errors="replace") as fh:
                head = [next(fh, "") for _ in range(HEAD_LINES)]
        except FileNotFoundError:
            continue  # deleted in the work tree, not yet committed
        if not any(TAG in line for line in head):
            missing.append(f)
    if missing:
        print(f"hygiene:spdx: {len(missing)} source file(s) lack '{TAG}' in their first "
              f"{HEAD_LINES} lines:")
        for f in missing:
            print("  " + f)
        return 1
    print(f"hygiene:spdx OK: {len(sources)} source files carry '{TAG}'")
    return 0


if __name__ == "__main__":
    sys.exit(main())
