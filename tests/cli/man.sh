#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# cli:man: cli/socketx.1 renders with groff without a single warning, and its synopsis names
# every command the tool has.
# Usage: man.sh SOCKETX WORK_DIR MAN_PAGE
. "$(dirname "$0")/lib.sh"
page=${1:?man page}
command -v groff >/dev/null || fail "groff not found (Debian: groff-base; scripts/install-deps.sh installs it)"
groff -man -Tutf8 -ww -z "$page" 2>warnings.txt || fail "groff exited $?: $(cat warnings.txt)"
[ ! -s warnings.txt ] || fail "groff warns: $(cat warnings.txt)"
groff -man -Tutf8 "$page" 2>/dev/null | sed 's/\x1b\[[0-9;]*m//g; s/.\x08//g' >page.txt
for cmd in listen connect send recv 'netlink route dump' info; do
  grep -q "socketx \[options\] $cmd\|socketx $cmd" page.txt || fail "the synopsis lacks '$cmd'"
done
# The exit codes the page documents are those the tool uses (see cli/cli.h).
for code in 0 1 2 3 4; do
  grep -q "^       $code  " page.txt || fail "EXIT STATUS lacks $code"
done
ok "$(wc -l <page.txt) lines, no warnings"
