#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Install what is missing, build everything in build/, and run the demonstration:
#   1. echo_demo: a C echo over AF_UNIX (socketpair and a path socket) and over TCP on
#      127.0.0.1;
#   2. scripts/demo-cross.sh: the C echo_server answering a Go, a Java and a Ruby client,
#      each over AF_UNIX and over TCP, every client printing what it received;
#   3. scripts/demo-cli.sh: the socketx tool: `socketx info`, a listen/connect exchange over
#      an AF_UNIX socket, and `socketx netlink route dump links`.
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
echo
echo "== scripts/demo-cross.sh $build (C server, Go, Java and Ruby clients)"
# install-deps.sh installed Go, Java and Ruby: all three clients must run.
SOCKETX_CROSS_REQUIRE=${SOCKETX_CROSS_REQUIRE-go java ruby} bash scripts/demo-cross.sh "$build"
echo
echo "== scripts/demo-cli.sh $build (the socketx tool)"
bash scripts/demo-cli.sh "$build"
