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
# What runs: the Catch2 binary sx_tests (every TEST_CASE except those tagged with an ability
# that scripts/cross-probe.c finds missing under the runner), the 1.0 consumer
# (abi:consumer-1.0) and echo_demo.
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

# Tests left out: only those whose tag names an ability scripts/cross-probe.c finds missing
# under the runner (its comment has each check and the emulator's fault behind it); natively
# it finds none and everything runs. Found under qemu 7.2 here:
#   [spawns]  TEST_CASEs that start a thread or fork a child (directly or through a helper), and
#             echo_demo (a server thread): under qemu-i386 no thread ever starts and a forked
#             child never runs (both spin in user space; not a cmpxchg8b livelock, as was thought:
#             a program whose only action is pthread_create hangs). qemu-aarch64 runs them.
#             [threads] (true concurrency tests, the TSan run's) are left out with them.
#   [udplite] [canraw] [solpacket] [mcastjoin] [vsockopt] [tcpinfo]: socket option levels or
#             options qemu-user answers itself (ENOPROTOOPT, EOPNOTSUPP, TCP_INFO as an int).
#   [socktype] qemu-user drops unknown flag bits of socket()'s type before the kernel sees them.
#   [emptyiov] qemu-user 7.2 returns 0 from sendmsg/recvmsg without an iovec, never calling them.
#   [ctrunc]  qemu-user loses MSG_CTRUNC (and leaves the cut SCM_RIGHTS descriptors open).
#   [recverr] qemu-i386 zeroes the offender address of an IP_RECVERR item.
#   [idn]     the cross sysroot has no libidn2 for glibc's AI_IDN.
#   [pyabi]   the build host's python3 has another ancillary layout than the target.
SKIP_TAGS=()
demo=1
"$triplet-gcc" -O2 "$src/scripts/cross-probe.c" -o "$probe-abilities" -pthread -ldl
if ! timeout 10 "${runner[@]}" "$probe-abilities" spawn; then
  echo "== $arch programs cannot start a thread or fork here: [spawns], [threads] and echo_demo left out"
  SKIP_TAGS+=("~[spawns]" "~[threads]")
  demo=0
fi
missing=$("${runner[@]}" "$probe-abilities") || fail "the ability probe failed"
for word in $missing; do
  echo "== the runner lacks '$word' (scripts/cross-probe.c): [$word] left out"
  SKIP_TAGS+=("~[$word]")
done
# A fork under qemu-user costs about 0.15 s (a 1,000-fork test took 151 s under qemu-aarch64
# and its 120 s watchdog fired): the fork tests take 40 rounds there, as under ThreadSanitizer.
if [ "${runner[0]:-}" = "$(command -v "$qemu")" ]; then
  export SX_TEST_FORKS=${SX_TEST_FORKS:-40}
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
run "sx_tests (${#SKIP_TAGS[@]} exclusions)" tests/sx_tests ${SKIP_TAGS[@]+"${SKIP_TAGS[@]}"} --warn NoTests
run sx_consumer_1_0 tests/sx_consumer_1_0
if [ "$demo" = 1 ]; then
  run echo_demo ./echo_demo
else
  echo "== echo_demo not run (it starts a thread: see [spawns] above)"
fi
echo "== cross:$arch: $([ "$status" = 0 ] && echo OK || echo FAILED), total $(( $(date +%s) - start )) s"
exit "$status"
