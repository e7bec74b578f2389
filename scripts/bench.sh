#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Build the benchmarks (Release, in build-bench/) and run them: libsocketx against raw system
# calls on the same sockets (tests/bench/sx_bench.c), then callgrind's count of the extra
# user-space instructions per call (tests/bench/sx_bench_calls.c). Prints a summary table
# with PASS/FAIL against the targets in tests/bench/README.md; the verdicts are informational,
# the exit status is non-zero only when something fails to build or run.
#
# Usage: scripts/bench.sh [sx_bench options]   e.g. --seconds 0.5 --rounds 3, --only 1,5, --pin split
# Environment: BUILD_DIR (default build-bench), JOBS (default 2), CALLS (send+recv pairs
# under callgrind, default 100000), SX_BENCH_NO_CALLGRIND=1 to skip the callgrind part,
# SX_BENCH_NO_BINDINGS=1 to skip the bindings, SX_BENCH_PIN=none to run them unpinned.
set -euo pipefail
cd "$(dirname "$0")/.."

build=${BUILD_DIR:-build-bench}
jobs=${JOBS:-2}
calls=${CALLS:-100000}
start=$(date +%s)

# -g adds line tables only (the code is the same), so callgrind_annotate can name lines.
mkdir -p "$build"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_FLAGS=-g -DSOCKETX_BENCH=ON \
  -DSOCKETX_TESTS=OFF -DSOCKETX_EXAMPLES=OFF >"$build/configure.log" 2>&1 \
  || { cat "$build/configure.log"; exit 1; }

cmake --build "$build" --target socketx_bench -j "$jobs"
bindir=$build/tests/bench
echo "== build took $(($(date +%s) - start)) s"

# Other work on the machine moves the figures by several percent: say how busy it is.
echo "== load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs (run on an idle machine for steady figures)"
summary=$build/summary.txt
# The watchdog inside sx_bench ends a hung run; timeout is the outer bound.
timeout 600 "$bindir/sx_bench" --summary "$summary" "$@"

# ---- 6: user-space instructions per call, from callgrind ----------------------------------
cg_rows=()
if [ "${SX_BENCH_NO_CALLGRIND:-0}" != 1 ]; then
  if ! command -v valgrind >/dev/null || [ ! -x "$bindir/sx_bench_calls" ]; then
    echo "bench.sh: valgrind or sx_bench_calls missing: no instruction count" >&2
  else
    cgdir=$build/callgrind
    rm -rf "$cgdir" && mkdir -p "$cgdir"
    echo
    echo "== 6 callgrind: $calls send+recv pairs per phase on a ready AF_UNIX socketpair"
    timeout 300 valgrind --tool=callgrind --collect-atstart=no --callgrind-out-file="$cgdir/cg.out" \
      "$bindir/sx_bench_calls" "$calls" 2>"$cgdir/valgrind.log" \
      || { cat "$cgdir/valgrind.log"; exit 1; }
    # Each client-request dump is its own file; its "desc: Trigger:" line names the phase.
    ir_of() {
      local f
      f=$(grep -l "Client Request: $1\$" "$cgdir"/cg.out* | sed -n 1p)
      [ -n "$f" ] || { echo "bench.sh: no callgrind dump for phase $1" >&2; exit 1; }
      awk '/^(totals|summary):/ { print $2; exit }' "$f"
    }
    raw=$(ir_of raw)
    blocking=$(ir_of lib-blocking)
    timeout_ir=$(ir_of lib-timeout)
    per_call() { awk -v a="$1" -v b="$2" -v n="$calls" 'BEGIN { printf "%.1f", (a - b) / (2 * n) }'; }
    raw_pc=$(awk -v a="$raw" -v n="$calls" 'BEGIN { printf "%.1f", a / (2 * n) }')
    for phase in blocking timeout; do
      ir=$blocking; [ "$phase" = timeout ] && ir=$timeout_ir
      lib_pc=$(awk -v a="$ir" -v n="$calls" 'BEGIN { printf "%.1f", a / (2 * n) }')
      extra=$(per_call "$ir" "$raw")
      verdict=$(awk -v e="$extra" 'BEGIN { print (e <= 50 ? "PASS" : "FAIL") }')
      echo "   $phase mode: Ir raw $raw, lib $ir: $raw_pc -> $lib_pc instructions per call, extra $extra"
      cg_rows+=("$(printf '%-36s %-9s %12s %12s %8s %8s  %s' "6 extra instr/call, $phase mode" "Ir/call" \
        "$raw_pc" "$lib_pc" "$extra" "<=50" "$verdict")")
    done
    blocking_file=$(grep -l 'Client Request: lib-blocking$' "$cgdir"/cg.out* | sed -n 1p)
    # The four 100% rows are callgrind's bookkeeping for the frames around main, not costs.
    echo "   where the blocking-mode instructions go: self cost per call, by function ($blocking_file)"
    callgrind_annotate --inclusive=no --threshold=100 "$blocking_file" 2>/dev/null \
      | awk -v n="$calls" '/file:function/ { on = 1; next }
          on == 1 && /^-+$/ { on = 2; next }
          on == 2 && !NF { on = 3 }
          on == 2 && !/100\.0%/ {
            ir = $1; gsub(",", "", ir); sub(/^ *[0-9,]+ +\( *[0-9.]+%\) +/, ""); sub(/ \[.*/, "")
            printf "     %7.1f  %s\n", ir / (2 * n), $0 }' \
      | sed -n 1,16p
  fi
fi

# ---- The bindings beside their languages' own socket libraries -----------------------------
# SX_BENCH_NO_BINDINGS=1 skips them. Each prints its own table (rates and binding/native ratio).
# They run on CPU 0 only, as sx_bench's threads do by default, for the same reason (README.md):
# across two CPUs of a virtual machine each wake-up is an interrupt that costs more than the
# calls being compared, and where the scheduler puts the two sides swings the figures. Ruby's
# peer is a forked process, which the kernel may place on either CPU. SX_BENCH_PIN=none
# leaves placement to the scheduler.
if [ "${SX_BENCH_NO_BINDINGS:-0}" != 1 ]; then
  pin=()
  if [ "${SX_BENCH_PIN:-same}" = same ] && command -v taskset >/dev/null; then
    pin=(taskset -c 0)
  fi
  for target in go_bench ruby_bench java_bench; do
    echo
    echo "== $target${pin:+ (on CPU 0)}"
    timeout 600 "${pin[@]}" cmake --build "$build" --target "$target" || echo "bench.sh: $target failed" >&2
  done
fi

echo
echo "== Summary (informational: PASS/FAIL do not change the exit status)"
echo "   base/other: 1-4 raw/libsocketx rates; 5 libsocketx blocking/timeout rates;"
echo "   6 instructions per call raw/libsocketx, ratio column = extra instructions per call"
cat "$summary"
for r in "${cg_rows[@]}"; do echo "$r"; done
echo "== bench.sh took $(($(date +%s) - start)) s"
