#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# ctest package:autopkgtest: run every test of debian/tests/control against the packages
# package:deb built. autopkgtest's own runners would install them on this machine (null
# runner) or need a prepared chroot/container image; instead the .debs are unpacked with
# dpkg -x into a scratch root and each test is pointed there with SOCKETX_TEST_ROOT (the
# tests set PKG_CONFIG_SYSROOT_DIR, CMAKE_PREFIX_PATH, RUBYLIB, java.library.path and
# LD_LIBRARY_PATH from it). Nothing is installed; the tests' Depends are build tools that
# the test command's dependencies already provide.
#
# Usage: autopkgtest.sh WORK_DIR   (the WORK_DIR of build-deb.sh)
set -euo pipefail
work=$(cd "${1:?work dir}" && pwd)
src=$work/src
fail() { echo "FAIL: $*"; exit 1; }

root=$work/autopkgtest-root
scratch=$work/autopkgtest-tmp
rm -rf "$root" "$scratch" && mkdir -p "$root"
shopt -s nullglob
debs=("$work"/*.deb)
[ "${#debs[@]}" -gt 0 ] || fail "no .deb in $work (run package:deb first)"
for d in "${debs[@]}"; do
  case "$d" in *-dbgsym_*) continue ;; esac
  dpkg -x "$d" "$root"
done

tests=$(sed -n 's/^Tests:[[:space:]]*//p' "$src/debian/tests/control" | tr -s ', ' '\n' | sed '/^$/d')
[ -n "$tests" ] || fail "no Tests: in debian/tests/control"
failed=()
for t in $tests; do
  echo "== debian/tests/$t"
  mkdir -p "$scratch/$t"
  if (cd "$src" && SOCKETX_TEST_ROOT=$root AUTOPKGTEST_TMP=$scratch/$t \
        timeout 240 "debian/tests/$t"); then
    echo "ok: $t"
  else
    failed+=("$t")
  fi
done
[ "${#failed[@]}" -eq 0 ] || fail "autopkgtest(s) failed: ${failed[*]}"
echo "package:autopkgtest OK: $(echo "$tests" | wc -l) tests"
