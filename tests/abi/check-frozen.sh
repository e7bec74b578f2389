#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# ctest abi:frozen-1.0: the SOCKETX_1.0 node of abi/symbols.txt is exactly the 1.0.0 release's
# (tests/abi/v1.0/symbols.txt). A released node never changes: functions added since go into
# a later node, and a name can never leave its node (abi/README.md).
# Usage: check-frozen.sh SOURCE_DIR
set -u
src=${1:?source dir}
frozen=$src/tests/abi/v1.0/symbols.txt
if diff -u "$frozen" <(awk '$2 == "SOCKETX_1.0"' "$src/abi/symbols.txt"); then
  echo "abi:frozen-1.0 OK: SOCKETX_1.0 holds the $(wc -l <"$frozen") functions of the 1.0.0 release"
else
  echo "abi:frozen-1.0 FAILED: the SOCKETX_1.0 node differs from the 1.0.0 release (above)."
  echo "New functions belong in the next node (SOCKETX_1.1); released ones are never removed or moved."
  exit 1
fi
