# SPDX-License-Identifier: MIT
# Sourced by the autopkgtests: where the packages are (/ when installed, or the directory
# SOCKETX_TEST_ROOT where ctest package:autopkgtest unpacked them), a scratch directory,
# and the line a consumer must print.
set -euo pipefail
root=${SOCKETX_TEST_ROOT:-}
triplet=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || gcc -print-multiarch 2>/dev/null || true)
libdir=$root/usr/lib/$triplet
if [ -n "$root" ]; then
  export LD_LIBRARY_PATH=$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
fi
scratch=${AUTOPKGTEST_TMP:-}
if [ -z "$scratch" ]; then
  scratch=$(mktemp -d)
  trap 'rm -rf "$scratch"' EXIT
fi
fail() { echo "FAIL: $*" >&2; exit 1; }

# The consumer (tests/install/consumer.c) prints the library's version and an exchange.
expect_consumer_output() { # binary version
  local out want
  want=$(printf 'socketx %s\nsent 5 bytes\nreceived 5 bytes: hello\n' "$2")
  out=$("$1") || fail "$1 exited with status $?"
  [ "$out" = "$want" ] || fail "$1 printed:
$out
expected:
$want"
  # The library it ran with is the packaged one.
  local used
  used=$(ldd "$1" | awk '/libsocketx\.so/ {print $3}')
  [ "$(readlink -f "$used")" = "$(readlink -f "$libdir/libsocketx.so.1")" ] \
    || fail "$1 loads libsocketx from '$used', not from $libdir"
  echo "ok: $1 printed the expected lines, using $used"
}
