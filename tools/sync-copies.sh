#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Copy LICENSE and CHANGELOG.md into the Go module and the Ruby gem, which can only package
# files under their own directories. go:module-consumer and ruby:gem-install fail while a
# copy differs from the top-level file: run this after editing either.
set -euo pipefail
cd "$(dirname "$0")/.."
for dir in bindings/go bindings/ruby; do
  for f in LICENSE CHANGELOG.md; do
    cmp -s "$f" "$dir/$f" || { cp "$f" "$dir/$f"; echo "sync-copies: updated $dir/$f"; }
  done
done
