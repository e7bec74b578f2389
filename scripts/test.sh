#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Install what is missing, build everything in build/, and run every test.
# Extra arguments go to ctest, e.g. scripts/test.sh -R abi: or -L ... .
# BUILD_DIR (default build) and JOBS (default 2) change the build directory and parallelism.
set -euo pipefail
cd "$(dirname "$0")/.."

build=${BUILD_DIR:-build}
jobs=${JOBS:-2}

start=$(date +%s)
bash scripts/install-deps.sh
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSOCKETX_WERROR=ON
cmake --build "$build" -j "$jobs"
built=$(date +%s)
echo "== build took $((built - start)) s"

status=0
ctest --test-dir "$build" --output-on-failure -j "$jobs" "$@" || status=$?
echo "== tests took $(($(date +%s) - built)) s (total $(($(date +%s) - start)) s)"
exit "$status"
