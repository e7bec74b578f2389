#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# ctest build:hardening: build the library, the CLI and the examples as a Debian package
# build does (debhelper's cmake: CMAKE_BUILD_TYPE=None, CFLAGS/CPPFLAGS/LDFLAGS from
# dpkg-buildflags with DEB_BUILD_MAINT_OPTIONS=hardening=+all), with SOCKETX_WERROR=ON, and
# check that the build log has no warning at all (linker warnings included) and that the
# results carry the hardening: RELRO and BIND_NOW, fortified calls (__*_chk), the stack
# protector, and a position-independent executable.
#
# Usage: hardening.sh SOURCE_DIR WORK_DIR [CMAKE]
set -euo pipefail
src=${1:?source dir}
work=${2:?work dir}
cmake=${3:-cmake}
jobs=${JOBS:-2}

fail() { echo "FAIL: $*"; exit 1; }
command -v dpkg-buildflags >/dev/null || fail "dpkg-buildflags not found (Debian: dpkg-dev)"

rm -rf "$work" && mkdir -p "$work"
export DEB_BUILD_MAINT_OPTIONS=hardening=+all
# What dh_auto_configure passes to cmake: CPPFLAGS folded into CFLAGS.
CFLAGS="$(dpkg-buildflags --get CFLAGS) $(dpkg-buildflags --get CPPFLAGS)"
LDFLAGS=$(dpkg-buildflags --get LDFLAGS)
export CFLAGS LDFLAGS
echo "CFLAGS=$CFLAGS"
echo "LDFLAGS=$LDFLAGS"

"$cmake" -S "$src" -B "$work/build" -DCMAKE_BUILD_TYPE=None -DCMAKE_VERBOSE_MAKEFILE=ON \
  -DSOCKETX_TESTS=OFF -DSOCKETX_BINDINGS=OFF -DSOCKETX_BENCH=OFF -DSOCKETX_CLI=ON -DSOCKETX_EXAMPLES=ON \
  -DSOCKETX_WERROR=ON >"$work/configure.log" 2>&1 || { cat "$work/configure.log"; fail "configure"; }
"$cmake" --build "$work/build" -j "$jobs" >"$work/build.log" 2>&1 \
  || { grep -B2 -A8 -i -e 'error' "$work/build.log" | head -80; fail "the hardened build failed"; }
# The flags must really have reached the compiler and the linker.
grep -q -e '-D_FORTIFY_SOURCE=2' "$work/build.log" || fail "the build log shows no -D_FORTIFY_SOURCE=2"
grep -q -e '-z,now' "$work/build.log" || fail "the build log shows no -Wl,-z,now from LDFLAGS"
if grep -i -n 'warning' "$work/build.log"; then
  fail "the hardened build printed warnings (above)"
fi

lib=$work/build/libsocketx.so.1
cli=$work/build/cli/socketx
# (readelf's output is read whole: grep -q closing the pipe early would fail it under pipefail.)
check_hardened() { # file
  local dyn segments syms
  dyn=$(readelf -d -W "$1") segments=$(readelf -l -W "$1") syms=$(readelf --dyn-syms -W "$1")
  grep -q GNU_RELRO <<<"$segments" || fail "$1 has no GNU_RELRO segment"
  grep -q -E 'FLAGS.*BIND_NOW|FLAGS_1.*NOW' <<<"$dyn" || fail "$1 is not linked with BIND_NOW"
  grep -q -E ' __[a-z_]+_chk(@|$)' <<<"$syms" || fail "$1 calls no fortified __*_chk function"
  grep -q ' __stack_chk_fail' <<<"$syms" || fail "$1 has no stack protector (__stack_chk_fail)"
}
check_hardened "$lib"
check_hardened "$cli"
[[ $(readelf -h "$cli") == *"Type:"*"DYN"* ]] || fail "$cli is not a position-independent executable"
echo "fortified calls in the library: $(readelf --dyn-syms -W "$lib" | grep -o -E '__[a-z_]+_chk@' | tr -d @ | sort -u | tr '\n' ' ')"
echo "build:hardening OK: no warning; library and CLI have RELRO, BIND_NOW, __*_chk and the stack protector"
