#!/bin/bash
# SPDX-License-Identifier: MIT
# ctest's runner for example:<name>: the program must exit 0 AND print "<name>: OK"
# (ctest's PASS_REGULAR_EXPRESSION alone would ignore the exit status). Exit 77 passes
# through: the example cannot run here (ctest SKIP_RETURN_CODE).
set -euo pipefail
program=$1
name=$2
status=0
output=$("$program") || status=$?
printf '%s\n' "$output"
if [ "$status" -eq 77 ]; then
  exit 77
fi
if [ "$status" -ne 0 ]; then
  echo "run-example: $name exited with status $status" >&2
  exit 1
fi
if ! grep -qx "$name: OK.*" <<<"$output"; then
  echo "run-example: $name did not print \"$name: OK\"" >&2
  exit 1
fi
