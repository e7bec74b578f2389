#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""ctest hygiene:version: the release version is written the same everywhere it appears.

CMake's project(VERSION) is the version; every other place that states it must agree:
the header macros (which src/core/version.c returns at run time), the Debian changelog's
top entry, the Java pom, the Ruby gem, the man page of the socketx tool, the README's
install lines, and CHANGELOG.md's top section, which names it (released with a date, or
"unreleased" while it is being prepared). Its version node must be in abi/socketx.map.

usage: check-version.py SOURCE_DIR
"""
import re
import sys
from pathlib import Path


def first(pattern, text, where):
    m = re.search(pattern, text, re.M)
    if not m:
        sys.exit(f"hygiene:version: {where}: nothing matches {pattern!r}")
    return m


def main():
    root = Path(sys.argv[1])
    read = lambda rel: (root / rel).read_text(encoding="utf-8")
    version = first(r"^project\(socketx VERSION (\d+\.\d+\.\d+)", read("CMakeLists.txt"), "CMakeLists.txt").group(1)
    major, minor, patch = version.split(".")

    found = {}
    h = read("abi/include/socketx/version.h")
    macros = [first(rf"^#define SX_VERSION_{n} (\d+)$", h, "version.h").group(1) for n in ("MAJOR", "MINOR", "PATCH")]
    found["abi/include/socketx/version.h SX_VERSION_MAJOR/MINOR/PATCH"] = ".".join(macros)
    found["abi/include/socketx/version.h SX_VERSION_STRING"] = first(r'^#define SX_VERSION_STRING "([^"]+)"', h, "version.h").group(1)
    found["debian/changelog (top entry)"] = first(r"^socketx \(([^)]+)\)", read("debian/changelog"), "debian/changelog").group(1)
    found["bindings/java/pom.xml"] = first(r"<artifactId>socketx</artifactId>\s*<version>([^<]+)</version>",
                                          read("bindings/java/pom.xml"), "pom.xml").group(1)
    found["bindings/ruby/lib/socketx/version.rb GEM_VERSION"] = first(r'GEM_VERSION = "([^"]+)"',
                                                                     read("bindings/ruby/lib/socketx/version.rb"), "version.rb").group(1)
    found["cli/socketx.1 (.TH)"] = first(r'^\.TH SOCKETX 1 "[^"]*" "socketx ([^"]+)"', read("cli/socketx.1"), "socketx.1").group(1)
    readme = read("README.md")
    found["README.md (go get)"] = first(r"bindings/go@v(\d+\.\d+\.\d+)", readme, "README.md").group(1)
    found["README.md (Java coordinates)"] = first(r"org\.libsocketx:socketx:(\d+\.\d+\.\d+)", readme, "README.md").group(1)
    found["README.md (installed library file)"] = first(r"libsocketx\.so\.(\d+\.\d+\.\d+)", readme, "README.md").group(1)

    errors = [f"{where} says {v}" for where, v in found.items() if v != version]
    top = first(r"^## (.*)$", read("CHANGELOG.md"), "CHANGELOG.md").group(1)
    if not re.match(rf"{re.escape(version)} - (\d{{4}}-\d{{2}}-\d{{2}}|unreleased)\b", top):
        errors.append(f'CHANGELOG.md\'s top section is "{top}", not "{version} - <date or unreleased>"')
    node = f"SOCKETX_{major}.{minor}"
    if not re.search(rf"^{re.escape(node)}\s*\{{", read("abi/socketx.map"), re.M):
        errors.append(f"abi/socketx.map has no node {node} for version {version}")
    if errors:
        print(f"hygiene:version FAILED: CMake's project version is {version}, but:")
        for e in errors:
            print("  " + e)
        sys.exit(1)
    print(f"hygiene:version OK: {version} in CMakeLists.txt and the {len(found) + 2} other places that state it")


if __name__ == "__main__":
    main()
