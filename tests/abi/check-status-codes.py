#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Pin the numbers of the SX_E* status codes: they are ABI, and abidiff cannot see #defines.

abi/status-codes.txt lists every released code as "NAME VALUE". Each must still be defined
in the public headers with the same value; a code in the headers that the list lacks fails
too, so adding one is a deliberate step (--update appends the new ones, never changes or
drops a released line).
"""
import argparse
import re
import sys
from pathlib import Path

DEFINE = re.compile(r"^#define\s+(SX_E[A-Z0-9_]*|SX_OK)\s+(-?\d+|SX_[A-Z0-9_]+)\b", re.M)


def header_codes(include):
    values, aliases = {}, {}
    for name in ("errors.h", "errors_os.h"):
        for sym, val in DEFINE.findall((include / "socketx" / name).read_text()):
            if val.lstrip("-").isdigit():
                values[sym] = int(val)
            else:
                aliases[sym] = val
    for sym, target in aliases.items():
        values[sym] = values[target]
    return values


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--source-dir", default=Path(__file__).resolve().parents[2], type=Path)
    ap.add_argument("--update", action="store_true", help="append codes the list does not have yet")
    args = ap.parse_args()
    golden_path = args.source_dir / "abi" / "status-codes.txt"
    codes = header_codes(args.source_dir / "abi" / "include")
    golden = {}
    if golden_path.exists():
        for line in golden_path.read_text().splitlines():
            if line and not line.startswith("#"):
                name, value = line.split()
                golden[name] = int(value)
    problems = [f"{n}: released as {v}, headers say {codes.get(n, 'nothing')}"
                for n, v in golden.items() if codes.get(n) != v]
    new = sorted((n for n in codes if n not in golden), key=lambda n: (-codes[n], n))
    if args.update and not problems:
        with golden_path.open("a") as f:
            if not golden:
                f.write("# Released status codes: NAME VALUE. Append-only; see tests/abi/check-status-codes.py.\n")
            for n in new:
                f.write(f"{n} {codes[n]}\n")
        print(f"{len(new)} codes appended")
        return 0
    problems += [f"{n} = {codes[n]} is not in abi/status-codes.txt (run with --update)" for n in new]
    for p in problems:
        print("status codes:", p, file=sys.stderr)
    print(f"{len(golden)} released status codes checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
