#!/bin/sh
# SPDX-License-Identifier: MIT
# Fail when the checked-in ext/socketx/socketx_wrap.c differs from what tools/generate.sh
# makes now from socketx_ruby.i, ../swig/socketx.i and the headers (ctest
# ruby:generated-up-to-date). Fix: run tools/generate.sh and commit the result.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sh "$here/tools/generate.sh" "$tmp"
if ! diff -u "$here/ext/socketx/socketx_wrap.c" "$tmp/socketx_wrap.c" >"$tmp/diff"; then
  head -n 40 "$tmp/diff"
  echo "ext/socketx/socketx_wrap.c is out of date: run bindings/ruby/tools/generate.sh and commit it" >&2
  exit 1
fi
echo "ext/socketx/socketx_wrap.c is up to date"
