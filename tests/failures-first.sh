#!/bin/sh
# SPDX-License-Identifier: MIT
# Run a whole-suite test binary and, when it fails, print what failed before its full output.
#
# A suite run on a machine without Bluetooth, CAN or AF_ALG prints a skip notice per test case
# that needs them, so a failure sits in the middle of several hundred lines; a log that keeps
# only the head and the tail of a test's output would lose it. The exit status is the command's.
out=$(mktemp) || exit 1
trap 'rm -f "$out"' EXIT
"$@" >"$out" 2>&1
rc=$?
if [ "$rc" -ne 0 ]; then
    echo "== exit status $rc; what failed (the full output follows) =="
    # Catch2's failed assertions (with the test case's name above them), sanitizer and
    # valgrind reports.
    grep -n -B8 -A14 -E 'FAILED:|ERROR: [A-Za-z]*Sanitizer|WARNING: ThreadSanitizer|runtime error:|^==[0-9]+== ' "$out" | head -n 300
    echo "== full output =="
fi
cat "$out"
exit "$rc"
