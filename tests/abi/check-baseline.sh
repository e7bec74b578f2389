#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# ctest abi:baseline: the ABI of the built library, as abidw sees it through the public
# headers, is compatible with the checked-in baseline abi/baseline/libsocketx.so.1.abi.
# abidiff --no-added-syms lets additions pass; any other non-zero status fails (its
# status is a bit mask: 4 = ABI change, 8 = incompatible change, 1/2 = tool error).
#
# Usage: check-baseline.sh LIBRARY SOURCE_DIR WORK_DIR           check
#        check-baseline.sh LIBRARY SOURCE_DIR WORK_DIR --update  rewrite the baseline
# The baseline changes only at a release, and only by adding (abi/README.md).
set -u
lib=${1:?library}
src=${2:?source dir}
work=${3:?work dir}
mode=${4:-check}
baseline=$src/abi/baseline/libsocketx.so.1.abi
current=$work/libsocketx.so.1.abi

for tool in abidw abidiff readelf; do
  command -v "$tool" >/dev/null || { echo "abi:baseline needs $tool (Debian: abigail-tools, binutils)"; exit 1; }
done
if ! readelf -S -W "$lib" | grep -q '\.debug_info'; then
  echo "SKIP: $lib has no DWARF debug info (build with RelWithDebInfo or Debug to compare the ABI)"
  exit 77
fi

mkdir -p "$work"
# Leave out what depends on where it was built: corpus and compilation paths, source locations.
abidw --headers-dir "$src/abi/include" --drop-private-types --exported-interfaces-only --no-corpus-path --no-comp-dir-path \
  --no-show-locs --type-id-style hash --out-file "$current" "$lib" || {
  echo "abidw failed on $lib"; exit 1; }
# Translation units are named by absolute path: make them relative to the source tree.
srcreal=$(cd "$src" && pwd -P)
sed -i -e "s|path='$srcreal/|path='|g" -e "s|path='$src/|path='|g" "$current"

# Every golden symbol must have its declaration in the dump, or abidiff cannot see its type.
undescribed=$(awk '{print $1}' "$src/abi/symbols.txt" | while read -r name; do
  grep -q "<function-decl name='$name' .*elf-symbol-id='$name@" "$current" || echo "$name"; done)
if [ -n "$undescribed" ]; then
  echo "FAIL: abidw found no DWARF declaration for:" $undescribed
  echo "(folded by the optimizer, or not declared in abi/include?)"
  exit 1
fi

if [ "$mode" = --update ]; then
  mkdir -p "$(dirname "$baseline")"
  cp "$current" "$baseline"
  echo "wrote $baseline"
  exit 0
fi

if [ ! -f "$baseline" ]; then
  echo "FAIL: no baseline $baseline (create it at a release: $0 $lib $src $work --update)"
  exit 1
fi

abidiff --no-added-syms "$baseline" "$current"
status=$?
if [ "$status" -ne 0 ]; then
  echo
  echo "abi:baseline FAILED: abidiff status $status (4 = ABI change, 8 = incompatible change)."
  echo "A released symbol was removed or changed. Add a new symbol under a new version node instead."
  exit 1
fi
echo "abi:baseline OK: no change to the baseline ABI except additions"
