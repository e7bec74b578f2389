#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Build the libFuzzer harnesses with clang and run them.
#
#   run.sh --smoke BUILD_DIR [SECONDS]           build in BUILD_DIR, run every harness SECONDS
#                                                (default 3) from its seeds; the ctest test fuzz:smoke
#   run.sh --long HARNESS [SECONDS] [BUILD_DIR]  run one harness SECONDS (default 600) in
#                                                BUILD_DIR (default build-fuzz), keeping the corpus it
#                                                grows in BUILD_DIR/corpus/HARNESS between runs
#   run.sh --build BUILD_DIR                     only build
#
# Extra libFuzzer options go after "--" (for example -- -jobs=2 -workers=2). Any crash, leak,
# sanitizer report or broken invariant fails the run and leaves its input in
# BUILD_DIR/artifacts/; replay it with BUILD_DIR/HARNESS FILE. CC names the compiler (a
# clang); CMAKE the cmake to use. Exit status 77: no clang on this machine (the test skips).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
harnesses=(fuzz_addr_raw fuzz_addr_inet fuzz_addr_unix fuzz_addr_text fuzz_convert fuzz_getaddrinfo fuzz_names
  fuzz_netdb_names)

usage() {
  sed -n '4,9p' "$0" >&2
  exit 2
}

find_clang() {
  local c
  for c in ${CC:-} clang clang-14; do
    if command -v "$c" >/dev/null && "$c" --version 2>/dev/null | grep -q clang; then
      command -v "$c"
      return 0
    fi
  done
  return 1
}

build() {
  local dir=$1 cc
  if ! cc=$(find_clang); then
    echo "fuzz: no clang found (CC, clang, clang-14); scripts/install-deps.sh installs it" >&2
    exit 77
  fi
  "${CMAKE:-cmake}" -S "$here" -B "$dir" -DCMAKE_C_COMPILER="$cc" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  "${CMAKE:-cmake}" --build "$dir" -j "${JOBS:-2}" >/dev/null
}

# Sanitizer settings: every report is fatal and leaks count (each harness releases its handles).
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

# Run one harness: new inputs go to the work corpus (never into the checked-in seeds).
fuzz() {
  local dir=$1 name=$2 seconds=$3 work=$4
  shift 4
  mkdir -p "$work" "$dir/artifacts"
  "$dir/$name" "$work" "$here/corpus/$name" -max_total_time="$seconds" -max_len=512 -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$dir/artifacts/$name-" "$@"
}

[ $# -ge 1 ] || usage
mode=$1
shift
# The positional arguments, then the libFuzzer options after "--".
args=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
  args+=("$1")
  shift
done
[ "${1:-}" = "--" ] && shift
[ ${#args[@]} -ge 1 ] || usage
case $mode in
  --smoke)
    dir=${args[0]} seconds=${args[1]:-3}
    start=$(date +%s)
    build "$dir"
    echo "fuzz: built in $(($(date +%s) - start)) s"
    failed=()
    for name in "${harnesses[@]}"; do
      log="$dir/$name.log"
      rm -rf "$dir/smoke-corpus/$name"
      if fuzz "$dir" "$name" "$seconds" "$dir/smoke-corpus/$name" "$@" >"$log" 2>&1; then
        echo "fuzz: $name ok: $(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}') runs," \
          "$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1)"
      else
        echo "fuzz: $name FAILED (log $log):" >&2
        grep -E 'invariant failed|ERROR|runtime error|SUMMARY|expected|Test unit written' "$log" | head -20 >&2 || true
        failed+=("$name")
      fi
    done
    echo "fuzz: smoke run took $(($(date +%s) - start)) s"
    [ ${#failed[@]} -eq 0 ] || { echo "fuzz: failed: ${failed[*]}" >&2; exit 1; }
    ;;
  --long)
    name=${args[0]} seconds=${args[1]:-600} dir=${args[2]:-build-fuzz}
    printf '%s\n' "${harnesses[@]}" | grep -qx "$name" || { echo "fuzz: no harness $name (${harnesses[*]})" >&2; exit 2; }
    build "$dir"
    fuzz "$dir" "$name" "$seconds" "$dir/corpus/$name" "$@"
    ;;
  --build)
    build "${args[0]}"
    ;;
  *)
    usage
    ;;
esac
