#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# ctest install:pkgconfig-and-cmake: install the build into a scratch prefix, check what
# was installed, then build tests/install/consumer.c against the installed copy twice -
# with `pkg-config --cflags --libs socketx` and with a CMake project that calls
# find_package(socketx) - and check that both run and print the expected lines.
# When the build has the static library (SOCKETX_STATIC=ON), the same two consumers are
# also linked with libsocketx.a (`pkg-config --static`, socketx::socketx_static) and must
# not load libsocketx.so at all; SX_EXPECT_STATIC=1 (ctest build:static) requires that part.
#
# Usage: run.sh BUILD_DIR SOURCE_DIR WORK_DIR VERSION [CC] [CMAKE]
set -u
build=${1:?build dir}
src=${2:?source dir}
work=${3:?work dir}
version=${4:?version}
cc=${5:-cc}
cmake=${6:-cmake}
here=$src/tests/install
prefix=$work/prefix

fail() { echo "FAIL: $*"; exit 1; }
step() { echo "== $*"; }

rm -rf "$work" && mkdir -p "$work" || exit 1

step "cmake --install (Runtime, Development and Documentation) into $prefix"
for component in Runtime Development Documentation; do
  "$cmake" --install "$build" --prefix "$prefix" --component "$component" >"$work/install-$component.log" 2>&1 \
    || { cat "$work/install-$component.log"; fail "cmake --install --component $component"; }
done

step "installed files"
real=$(find "$prefix" -name 'libsocketx.so.1.*' -type f)
[ -n "$real" ] && [ "$(echo "$real" | wc -l)" -eq 1 ] || fail "expected one libsocketx.so.1.* file, found: $real"
libdir=$(dirname "$real")
[ "$(basename "$real")" = "libsocketx.so.$version" ] || fail "library file is $(basename "$real"), expected libsocketx.so.$version"
[ "$(readlink "$libdir/libsocketx.so.1")" = "libsocketx.so.$version" ] || fail "libsocketx.so.1 does not link to libsocketx.so.$version"
[ "$(readlink "$libdir/libsocketx.so")" = "libsocketx.so.1" ] || fail "libsocketx.so does not link to libsocketx.so.1"
soname=$(readelf -d -W "$real" | sed -n 's/.*Library soname: \[\(.*\)\].*/\1/p')
[ "$soname" = libsocketx.so.1 ] || fail "SONAME is '$soname'"
[ -f "$libdir/pkgconfig/socketx.pc" ] || fail "no $libdir/pkgconfig/socketx.pc"
for f in socketxConfig.cmake socketxConfigVersion.cmake socketxTargets.cmake; do
  [ -f "$libdir/cmake/socketx/$f" ] || fail "no $libdir/cmake/socketx/$f"
done
# The generated socketx/constants.h is per architecture: in the multiarch include directory
# (include/x86_64-linux-gnu/socketx/) where the toolchain has one.
triplet=$("$cc" -print-multiarch 2>/dev/null || true)
arch_include=include${triplet:+/$triplet}
want_headers=$( (cd "$src/abi/include" && find . -name '*.h'; echo "./${triplet:+$triplet/}socketx/constants.h") | sort)
have_headers=$(cd "$prefix/include" && find . -name '*.h' | sort)
[ "$want_headers" = "$have_headers" ] || fail "installed headers differ from abi/include + $arch_include/socketx/constants.h:
$(diff <(echo "$want_headers") <(echo "$have_headers"))"
grep -q '^#define SX_AF_INET ' "$prefix/$arch_include/socketx/constants.h" \
  || fail "$arch_include/socketx/constants.h defines no SX_AF_INET"
for doc in LICENSE CHANGELOG.md README.md; do
  cmp -s "$src/$doc" "$prefix/share/doc/socketx/$doc" || fail "share/doc/socketx/$doc missing or not $src/$doc"
done
# The reference manual (man3, share/doc/socketx/html) and the static library have their
# own checks.
extra=$(cd "$prefix" && find . -type f -o -type l | grep -v -e '^./include/' -e '/libsocketx\.so' \
  -e '/libsocketx\.a$' -e '/pkgconfig/socketx\.pc$' -e '/cmake/socketx/socketx[A-Za-z_-]*\.cmake$' \
  -e '^./share/doc/socketx/' -e '^./share/man/man3/')
[ -z "$extra" ] || fail "unexpected files installed: $extra"
echo "ok: $(cd "$prefix" && find . -type f -o -type l | wc -l) files under $prefix, library in ${libdir#"$prefix"/}"

# What the consumer must print.
expected=$(printf 'socketx %s\nsent 5 bytes\nreceived 5 bytes: hello\n' "$version")

check_output() { # name binary
  local out
  out=$("$2" 2>&1) || { echo "$out"; fail "$1 consumer exited with status $?"; }
  [ "$out" = "$expected" ] || fail "$1 consumer printed:
$out
expected:
$expected"
}

check_run() { # name binary
  check_output "$1" "$2"
  local uses
  uses=$(ldd "$2" | awk '/libsocketx/ {print $3}')
  case "$uses" in
    "$libdir"/*) ;;
    *) fail "$1 consumer loads libsocketx from '$uses', not from $libdir" ;;
  esac
  echo "ok: $1 consumer printed the expected lines, using $uses"
}

step "pkg-config"
# PKG_CONFIG_LIBDIR replaces the default search path, so a system-wide socketx cannot answer.
export PKG_CONFIG_LIBDIR=$libdir/pkgconfig
unset PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR
command -v pkg-config >/dev/null || fail "pkg-config not found (Debian: pkgconf)"
pc_version=$(pkg-config --modversion socketx) || fail "pkg-config does not find socketx"
[ "$pc_version" = "$version" ] || fail "pkg-config --modversion socketx is $pc_version, expected $version"
flags=$(pkg-config --cflags --libs socketx) || fail "pkg-config --cflags --libs socketx"
pc_libdir=$(pkg-config --variable=libdir socketx)
[ "$pc_libdir" -ef "$libdir" ] || fail "socketx.pc libdir=$pc_libdir, library is in $libdir"
echo "flags: $flags"
# shellcheck disable=SC2086 # the flags are a list of words
"$cc" -std=c99 -Wall -Wextra -pedantic -Werror "$here/consumer.c" -o "$work/consumer-pkgconfig" \
  $flags -Wl,-rpath,"$pc_libdir" || fail "building the consumer with pkg-config flags"
check_run pkg-config "$work/consumer-pkgconfig"

step "CMake find_package(socketx)"
"$cmake" -S "$here/project" -B "$work/cmake-build" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_C_COMPILER="$cc" -DCMAKE_PREFIX_PATH="$prefix" -DSX_EXPECT_PREFIX="$prefix" \
  >"$work/cmake-configure.log" 2>&1 || { cat "$work/cmake-configure.log"; fail "configuring the CMake consumer"; }
grep 'socketx .* from' "$work/cmake-configure.log"
"$cmake" --build "$work/cmake-build" >"$work/cmake-build.log" 2>&1 \
  || { cat "$work/cmake-build.log"; fail "building the CMake consumer"; }
check_run CMake "$work/cmake-build/consumer"

static_lib=$(find "$prefix" -name 'libsocketx.a')
if [ -n "$static_lib" ]; then
  step "static library $static_lib"
  [ "$static_lib" = "$libdir/libsocketx.a" ] || fail "libsocketx.a is not beside the shared library in $libdir"
  # The same hidden visibility as the shared library: only sx_ functions are visible.
  visible=$(readelf -s -W "$static_lib" | awk '$5 == "GLOBAL" && $6 == "DEFAULT" && $7 != "UND" {print $8}' | sort -u)
  [ -n "$visible" ] || fail "libsocketx.a defines no visible symbol"
  stray=$(echo "$visible" | grep -v '^sx_' || true)
  [ -z "$stray" ] || fail "libsocketx.a makes internal symbols visible: $stray"
  want_api=$(awk '{print $1}' "$src/abi/symbols.txt" | sort)
  [ "$visible" = "$want_api" ] || fail "libsocketx.a's visible functions differ from abi/symbols.txt:
$(diff <(echo "$want_api") <(echo "$visible"))"
  echo "ok: libsocketx.a: $(echo "$visible" | wc -l) visible functions, all of abi/symbols.txt"

  # A fully static program: pkg-config --static must name everything libsocketx.a needs.
  flags=$(pkg-config --static --cflags --libs socketx) || fail "pkg-config --static --cflags --libs socketx"
  echo "flags: $flags"
  # glibc warns that getaddrinfo in a static program needs its shared NSS modules at run time.
  # shellcheck disable=SC2086 # the flags are a list of words
  "$cc" -std=c99 -Wall -Wextra -pedantic -Werror -static "$here/consumer.c" -o "$work/consumer-static" $flags \
    >"$work/static-link.log" 2>&1 || { cat "$work/static-link.log"; fail "linking the consumer with -static and pkg-config --static"; }
  readelf -d -W "$work/consumer-static" | grep -q NEEDED && fail "the -static consumer still needs shared libraries"
  check_output "pkg-config --static" "$work/consumer-static"
  echo "ok: fully static consumer (pkg-config --static) printed the expected lines"

  "$cmake" -S "$here/project" -B "$work/cmake-static" -DCMAKE_BUILD_TYPE=Release -DSX_STATIC=ON \
    -DCMAKE_C_COMPILER="$cc" -DCMAKE_PREFIX_PATH="$prefix" -DSX_EXPECT_PREFIX="$prefix" \
    >"$work/cmake-static.log" 2>&1 || { cat "$work/cmake-static.log"; fail "configuring the CMake consumer of socketx::socketx_static"; }
  "$cmake" --build "$work/cmake-static" >>"$work/cmake-static.log" 2>&1 \
    || { cat "$work/cmake-static.log"; fail "building the CMake consumer of socketx::socketx_static"; }
  readelf -d -W "$work/cmake-static/consumer" | grep -q 'NEEDED.*libsocketx' \
    && fail "the socketx::socketx_static consumer needs libsocketx.so"
  check_output "CMake socketx::socketx_static" "$work/cmake-static/consumer"
  echo "ok: socketx::socketx_static consumer printed the expected lines without libsocketx.so"
elif [ "${SX_EXPECT_STATIC:-0}" = 1 ]; then
  fail "no libsocketx.a installed (SX_EXPECT_STATIC=1: configure with SOCKETX_STATIC=ON)"
fi

step "socketx-uninstalled.pc (the build tree, for bindings)"
export PKG_CONFIG_LIBDIR=$build
pkg-config --uninstalled socketx || fail "pkg-config does not pick $build/socketx-uninstalled.pc"
flags=$(pkg-config --cflags --libs socketx) || fail "pkg-config --cflags --libs socketx (uninstalled)"
echo "flags: $flags"
# shellcheck disable=SC2086 # the flags are a list of words; they carry their own rpath
"$cc" -std=c99 -Wall -Wextra -pedantic -Werror "$here/consumer.c" -o "$work/consumer-uninstalled" $flags \
  || fail "building the consumer against the build tree"
libdir=$(cd "$build" && pwd -P)
check_run uninstalled "$work/consumer-uninstalled"

# A request for a future major version must not be satisfied.
mkdir -p "$work/major"
printf 'cmake_minimum_required(VERSION 3.20)\nproject(m LANGUAGES NONE)\nfind_package(socketx 2 CONFIG)\nif(socketx_FOUND)\n  message(FATAL_ERROR "socketx 2 found")\nendif()\n' \
  >"$work/major/CMakeLists.txt"
"$cmake" -S "$work/major" -B "$work/major/build" -DCMAKE_PREFIX_PATH="$prefix" >"$work/major.log" 2>&1 \
  || { cat "$work/major.log"; fail "find_package(socketx 2) was satisfied by $version"; }
echo "ok: find_package(socketx 2) is refused"

echo "install:pkgconfig-and-cmake OK"
