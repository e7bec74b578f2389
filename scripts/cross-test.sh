#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Build libsocketx and its C test suite for another architecture with Debian's cross
# compiler, and run the tests there: natively when the kernel can (i386 on an amd64 kernel
# with IA-32 emulation), else under qemu-user with the cross toolchain's libraries.
# ctest cross:i386 and cross:arm64 (label "cross") run it; a developer can too.
#
# Usage: scripts/cross-test.sh ARCH [BUILD_DIR]
#   ARCH       i386 (i686-linux-gnu: 32-bit size_t and pointers) or arm64 (aarch64-linux-gnu)
#   BUILD_DIR  default build-cross-ARCH
# Environment: JOBS (default 2) parallel compile jobs; CMAKE (default cmake).
# Needs (Debian): gcc-<triplet> g++-<triplet> qemu-user catch2 python3.
#
# What runs: the Catch2 binary sx_tests (every TEST_CASE except the tags in SKIP_TAGS below,
# which need what emulation cannot give), the 1.0 consumer (abi:consumer-1.0) and echo_demo.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
arch=${1:?usage: cross-test.sh i386|arm64 [BUILD_DIR]}
build=${2:-$src/build-cross-$arch}
jobs=${JOBS:-2}
cmake=${CMAKE:-cmake}

case $arch in
  i386) triplet=i686-linux-gnu qemu=qemu-i386 machine='Intel 80386' ;;
  arm64) triplet=aarch64-linux-gnu qemu=qemu-aarch64 machine=AArch64 ;;
  *) echo "unknown ARCH '$arch' (i386 or arm64)" >&2; exit 2 ;;
esac
sysroot=/usr/$triplet

fail() { echo "FAIL cross:$arch: $*"; exit 1; }
for tool in "$triplet-gcc" "$triplet-g++"; do
  command -v "$tool" >/dev/null || fail "$tool not found (Debian: gcc-$triplet g++-$triplet)"
done
mkdir -p "$build"
start=$(date +%s)

# How to run the target's programs: directly if this kernel runs them (and the target's
# loader is installed), else the target's own loader from the cross sysroot, else qemu-user.
probe=$build/run-probe
printf 'int main(void) { return sizeof(void *) == sizeof(long) ? 0 : 1; }\n' >"$probe.c"
"$triplet-gcc" "$probe.c" -o "$probe"
runner=()
if "$probe" 2>/dev/null; then
  runner=()
  how="natively"
elif [ -x "$sysroot/lib/ld-linux.so.2" ] && "$sysroot/lib/ld-linux.so.2" --library-path "$sysroot/lib" "$probe" 2>/dev/null; then
  runner=("$sysroot/lib/ld-linux.so.2" --library-path "$sysroot/lib")
  how="natively, through $sysroot/lib/ld-linux.so.2"
elif command -v "$qemu" >/dev/null && "$qemu" -L "$sysroot" "$probe"; then
  runner=("$(command -v "$qemu")" -L "$sysroot")
  how="under $qemu -L $sysroot (this kernel does not run $arch binaries itself)"
else
  fail "cannot run $arch programs: not natively, and no working $qemu (Debian: qemu-user)"
fi
echo "== $arch programs run $how"

# The library optimised as shipped; the tests at -O0, which halves their compile time.
emulator=$(IFS=';'; echo "${runner[*]}")
"$cmake" -S "$src" -B "$build" -DCMAKE_TOOLCHAIN_FILE="$src/cmake/toolchains/$triplet.cmake" \
  -DCMAKE_BUILD_TYPE=None -DCMAKE_C_FLAGS="-O2" -DCMAKE_CXX_FLAGS="-O0" \
  ${emulator:+"-DCMAKE_CROSSCOMPILING_EMULATOR=$emulator"} \
  -DSOCKETX_WERROR=ON -DSOCKETX_BINDINGS=OFF -DSOCKETX_BENCH=OFF -DSOCKETX_CLI=OFF -DSOCKETX_INSTALL=OFF \
  -DSOCKETX_SANITIZE_TESTS=OFF -DSOCKETX_TSAN_TESTS=OFF -DSOCKETX_VALGRIND_TESTS=OFF \
  >"$build/configure.log" 2>&1 || { cat "$build/configure.log"; fail "configure"; }
"$cmake" --build "$build" -j "$jobs" --target socketx sx_tests sx_consumer_1_0 echo_demo \
  >"$build/build.log" 2>&1 || { grep -B2 -A10 -E 'error|Error' "$build/build.log" | head -60; fail "build"; }
built=$(date +%s)
echo "== built in $((built - start)) s"

for f in libsocketx.so.1 tests/sx_tests; do
  readelf -h "$build/$f" | grep -q "Machine: *$machine" || fail "$f is not an $machine binary"
done

# Tags left out, with the reason (only under qemu-user; natively everything runs):
#   i386 [threads], and echo_demo (a server thread): qemu-i386 7.2 livelocks when threads
#        contend on a 64-bit compare-and-swap (cmpxchg8b): four threads incrementing one
#        _Atomic uint64_t 2,000 times each do not finish in a minute. The handle table's
#        slot words are such 64-bit atomics, so any threaded test hangs under it.
#   i386 the three TEST_CASEs below that start a thread without the [threads] tag: the same.
#   i386 "...resolves names with getaddrinfo": its IDN case needs libidn2, which glibc loads
#        at run time and the cross sysroot /usr/i686-linux-gnu does not have.
#   any  socket option levels the emulator answers itself (ENOPROTOOPT) instead of passing
#        them to the kernel, found by the probe below: IPPROTO_UDPLITE (the [udplite] tests)
#        and SOL_CAN_RAW (the CAN tests that set filters or error masks).
SKIP_TAGS=()
demo=1
if [ "$arch" = i386 ] && [ "${runner[0]:-}" = "$(command -v "$qemu")" ]; then
  SKIP_TAGS=("~[threads]" "~alg sendmsg: a close from another thread ends a blocked send"
    "~cpython TIPCThreadableTest: testStream" "~cpython ThreadedVSOCKSocketStreamTest: testStream"
    "~addr: sx_addr_inet resolves names with getaddrinfo")
  demo=0
fi
# The probe: setsockopt on fd -1, which the kernel refuses with EBADF whatever the level; an
# emulator that does not pass a level through answers ENOPROTOOPT. Exit status: bit 0 for
# IPPROTO_UDPLITE (136, UDPLITE_SEND_CSCOV), bit 1 for SOL_CAN_RAW (101, CAN_RAW_FILTER).
cat >"$probe-sockopt.c" <<'PROBE'
#include <errno.h>
#include <sys/socket.h>
int main(void)
{
    int v = 8, refused = 0;
    if (setsockopt(-1, 136, 10, &v, sizeof v) < 0 && errno == ENOPROTOOPT)
        refused |= 1;
    if (setsockopt(-1, 101, 1, &v, sizeof v) < 0 && errno == ENOPROTOOPT)
        refused |= 2;
    return refused;
}
PROBE
"$triplet-gcc" "$probe-sockopt.c" -o "$probe-sockopt"
refused=0
"${runner[@]}" "$probe-sockopt" || refused=$?
if (( refused & 1 )); then
  echo "== the emulator answers IPPROTO_UDPLITE options itself: [udplite] left out"
  SKIP_TAGS+=("~[udplite]")
fi
if (( refused & 2 )); then
  echo "== the emulator answers SOL_CAN_RAW options itself: the CAN option tests left out"
  SKIP_TAGS+=("~can options: on a socket of another family the kernel answers"
    "~can options: filters and ISO-TP options read back from a CAN socket"
    "~can options: a filter passes only matching frames on vcan0")
fi
# arm64 under qemu-aarch64: sx_tests is built but runs only with SX_CROSS_ALL_TESTS=1. qemu-user
# 7.2 does not pass every socket call through: it answers some setsockopt/getsockopt levels
# and invalid families or types itself with other errno values, and drops or mistranslates
# ancillary data (timestamps, SCM_RIGHTS truncation, UDP-Lite options): some 30 TEST_CASEs
# fail for the emulator, not for arm64. The 1.0 consumer and echo_demo run.
tests=1
if [ "$arch" = arm64 ] && [ "${runner[0]:-}" = "$(command -v "$qemu")" ] && [ "${SX_CROSS_ALL_TESTS:-0}" != 1 ]; then
  tests=0
fi
status=0
run() { # name command...
  local t0=$(date +%s)
  echo "== $1"
  if "${runner[@]}" "${@:2}"; then
    echo "ok: $1 ($(( $(date +%s) - t0 )) s)"
  else
    echo "FAIL: $1 exited with status $?"; status=1
  fi
}
cd "$build"
if [ "$tests" = 1 ]; then
  run "sx_tests (${#SKIP_TAGS[@]} exclusions)" tests/sx_tests ${SKIP_TAGS[@]+"${SKIP_TAGS[@]}"} --warn NoTests
else
  echo "== sx_tests built, not run under $qemu (see above; SX_CROSS_ALL_TESTS=1 runs it)"
fi
run sx_consumer_1_0 tests/sx_consumer_1_0
if [ "$demo" = 1 ]; then
  run echo_demo ./echo_demo
else
  echo "== echo_demo not run (a threaded program: see SKIP_TAGS)"
fi
echo "== cross:$arch: $([ "$status" = 0 ] && echo OK || echo FAILED), total $(( $(date +%s) - start )) s"
exit "$status"
