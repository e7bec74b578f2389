#!/usr/bin/env bash
# Install what is missing, build everything in build/, and run the demonstration:
# an echo over AF_UNIX (socketpair and a path socket) and over TCP on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."

build=${BUILD_DIR:-build}
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}

bash scripts/install-deps.sh
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build "$build" -j "$jobs"
echo
echo "== $build/echo_demo"
"$build/echo_demo"
