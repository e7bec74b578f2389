#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# cli:install: `cmake --install` puts bin/socketx and share/man/man1/socketx.1 under the
# prefix, and the installed tool runs from there (it finds the installed library by its
# relative run path, with no LD_LIBRARY_PATH).
# Usage: install.sh SOCKETX WORK_DIR BUILD_DIR SOURCE_DIR [CMAKE]
. "$(dirname "$0")/lib.sh"
build=${1:?build dir}
src=${2:?source dir}
cmake=${3:-cmake}
prefix=$WORK/prefix

"$cmake" --install "$build" --prefix "$prefix" >install.log 2>&1 || fail "cmake --install: $(cat install.log)"
[ -x "$prefix/bin/socketx" ] || fail "no executable $prefix/bin/socketx: $(cat install.log)"
man=$(find "$prefix" -path '*/man1/socketx.1')
[ "$man" = "$prefix/share/man/man1/socketx.1" ] || fail "man page installed as '$man'"
cmp -s "$man" "$src/cli/socketx.1" || fail "the installed man page differs from cli/socketx.1"
out=$(env -u LD_LIBRARY_PATH "$prefix/bin/socketx" --version 2>&1) || fail "installed socketx --version: $out"
lib=$(env -u LD_LIBRARY_PATH ldd "$prefix/bin/socketx" | awk '/libsocketx/ {print $3}')
case "$lib" in
  "$prefix"/*) ;;
  *) fail "the installed socketx loads libsocketx from '$lib', not from under $prefix" ;;
esac
ok "$prefix/bin/socketx ($out, library $lib) and $man"
