#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# ctest build:c-only: the library, its static twin, the CLI and the examples configure and
# build with no C++ compiler. CMAKE_CXX_COMPILER names a "compiler" that records any call
# and fails, so enabling C++ anywhere fails the configure. The build is left in WORK_DIR
# for build:static, which installs it (ctest fixture sx_c_only_build).
#
# Usage: c-only.sh SOURCE_DIR WORK_DIR [CMAKE] [C_COMPILER]
set -euo pipefail
src=${1:?source dir}
work=${2:?work dir}
cmake=${3:-cmake}
cc=${4:-cc}
jobs=${JOBS:-2}

fail() { echo "FAIL: $*"; exit 1; }

rm -rf "$work" && mkdir -p "$work"
no_cxx=$work/no-c++
cat >"$no_cxx" <<EOS
#!/bin/sh
echo "\$0 \$*" >>"$work/c++-was-called"
echo "no C++ compiler in a library-only build" >&2
exit 1
EOS
chmod +x "$no_cxx"

# CXX in the environment would only be the default for CMAKE_CXX_COMPILER: unset it anyway.
env -u CXX "$cmake" -S "$src" -B "$work/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_COMPILER="$cc" -DCMAKE_CXX_COMPILER="$no_cxx" \
  -DSOCKETX_TESTS=OFF -DSOCKETX_BINDINGS=OFF -DSOCKETX_BENCH=OFF \
  -DSOCKETX_STATIC=ON -DSOCKETX_WERROR=ON >"$work/configure.log" 2>&1 \
  || { cat "$work/configure.log"; fail "configuring without a C++ compiler"; }
"$cmake" --build "$work/build" -j "$jobs" >"$work/build.log" 2>&1 \
  || { tail -50 "$work/build.log"; fail "building without a C++ compiler"; }

[ ! -e "$work/c++-was-called" ] || fail "the C++ compiler was called: $(cat "$work/c++-was-called")"
if find "$work/build/CMakeFiles" -name 'CMakeCXXCompiler.cmake' | grep -q .; then
  fail "the build enabled the CXX language"
fi
for f in libsocketx.so.1 libsocketx.a cli/socketx; do
  [ -e "$work/build/$f" ] || fail "the C-only build made no $f"
done
echo "build:c-only OK: library (shared and static), CLI and examples built with CMAKE_CXX_COMPILER=$no_cxx"
