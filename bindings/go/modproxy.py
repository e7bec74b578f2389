#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Publish one version of a Go module into a file-based module proxy (GOPROXY=file://DIR).

Usage: modproxy.py PROXY_DIR MODULE_PATH VERSION SOURCE_DIR FILE...

Writes what a proxy serves for MODULE_PATH@VERSION: <module>/@v/list, VERSION.info,
VERSION.mod and VERSION.zip. The zip follows the go command's module zip rules: every
entry is "<module>@<version>/<path>", regular files only, no directory entries, no file of
a nested module or vendor/ directory, and no two paths equal ignoring case.
"""
import json
import pathlib
import sys
import zipfile


def escape(module_path):
    # The proxy protocol's case encoding: an upper-case letter becomes "!" + its lower case.
    return "".join("!" + c.lower() if c.isupper() else c for c in module_path)


def main():
    proxy, module, version, source, *files = sys.argv[1:]
    source = pathlib.Path(source)
    nested = {str(pathlib.PurePosixPath(f).parent) for f in files
              if pathlib.PurePosixPath(f).name == "go.mod" and "/" in f}
    kept = []
    for name in sorted(files):
        parts = pathlib.PurePosixPath(name).parts
        if "vendor" in parts[:-1] or any(name.startswith(d + "/") for d in nested):
            continue
        if not (source / name).is_file() or (source / name).is_symlink():
            continue
        kept.append(name)
    folded = [n.lower() for n in kept]
    if len(set(folded)) != len(folded):
        sys.exit("modproxy: two files differ only in case")
    if "go.mod" not in kept:
        sys.exit("modproxy: no go.mod in the module's files")

    versions = pathlib.Path(proxy) / escape(module) / "@v"
    versions.mkdir(parents=True, exist_ok=True)
    (versions / "list").write_text(version + "\n")
    (versions / f"{version}.info").write_text(
        json.dumps({"Version": version, "Time": "2026-01-01T00:00:00Z"}) + "\n")
    (versions / f"{version}.mod").write_bytes((source / "go.mod").read_bytes())
    prefix = f"{module}@{version}/"
    with zipfile.ZipFile(versions / f"{version}.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        for name in kept:
            archive.write(source / name, prefix + name)


if __name__ == "__main__":
    main()
