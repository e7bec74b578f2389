#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Copy LICENSE and CHANGELOG.md into the Go module and the Ruby gem, which can only package
# files under their own directories. Run it after editing either file.
#
# Usage: sync-copies.sh            update every copy that differs
#        sync-copies.sh --check DIR  exit 1, naming the file, if a copy in DIR (bindings/go or
#                                    bindings/ruby) differs from the top-level file; the
#                                    tests go:module-consumer and ruby:gem-install run this
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
files=(LICENSE CHANGELOG.md)

if [ "${1:-}" = --check ]; then
  dir=${2:?usage: sync-copies.sh --check DIR}
  for f in "${files[@]}"; do
    cmp -s "$top/$f" "$top/$dir/$f" ||
      { echo "$dir/$f differs from the top-level $f: run tools/sync-copies.sh" >&2; exit 1; }
  done
  exit 0
fi

for dir in bindings/go bindings/ruby; do
  for f in "${files[@]}"; do
    cmp -s "$top/$f" "$top/$dir/$f" || { cp "$top/$f" "$top/$dir/$f"; echo "sync-copies: updated $dir/$f"; }
  done
done
