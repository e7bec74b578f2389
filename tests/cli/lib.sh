# SPDX-License-Identifier: MIT
# Shared by the cli:* tests: the tool's path, a scratch directory, bounded waits.
# Usage in a test: . lib.sh SOCKETX WORK_DIR
set -u
SOCKETX=${1:?path to the socketx binary}
WORK=${2:?scratch directory}
shift 2
rm -rf "$WORK" && mkdir -p "$WORK" || exit 1
cd "$WORK" || exit 1

fail() { echo "FAIL: $*"; exit 1; }
skip() { echo "SKIP: $*"; exit 77; }
ok() { echo "ok: $*"; }

# Every run of the tool is bounded: a hang fails the test instead of stalling ctest.
sx() { timeout 20 "$SOCKETX" "$@"; }

# Wait (at most 5 s) until FILE has a line matching PATTERN; print that line's remainder after it.
wait_for_line() { # FILE PATTERN
  local i
  for i in $(seq 1 100); do
    if grep -q "$2" "$1" 2>/dev/null; then
      sed -n "s/.*$2//p" "$1" | head -n 1
      return 0
    fi
    sleep 0.05
  done
  return 1
}

# Run the tool expecting exit code CODE and a stderr line matching PATTERN.
expect_error() { # CODE PATTERN ARGS...
  local code=$1 pattern=$2 rc
  shift 2
  sx "$@" >out.txt 2>err.txt </dev/null
  rc=$?
  [ "$rc" -eq "$code" ] || fail "socketx $* exited $rc, expected $code; stderr: $(cat err.txt)"
  grep -q -- "$pattern" err.txt || fail "socketx $*: stderr '$(cat err.txt)' lacks '$pattern'"
  [ "$(wc -l <err.txt)" -eq 1 ] || fail "socketx $*: stderr has $(wc -l <err.txt) lines, expected one: $(cat err.txt)"
  ok "socketx $* -> $rc: $(cat err.txt)"
}
