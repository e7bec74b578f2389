#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The socketx tool's part of the demonstration (scripts/demo.sh runs it; ctest cli:demo too):
#   socketx info                        the library's version, ABI level, and the families
#                                       this build and this kernel support;
#   socketx listen / connect unix:PATH  a listener and a client exchange a line each way;
#   socketx netlink route dump links    this machine's interfaces, from the kernel.
# Usage: demo-cli.sh BUILD_DIR
set -euo pipefail
build=${1:?build directory}
sx=$build/cli/socketx
[ -x "$sx" ] || { echo "demo-cli: no $sx (configure with -DSOCKETX_CLI=ON)" >&2; exit 1; }

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
sock=$dir/demo.sock

echo "\$ socketx info"
"$sx" info
echo
echo "\$ echo 'hello from the listener' | socketx listen unix:$sock &"
echo "\$ echo 'hello from the client' | socketx connect unix:$sock"
echo 'hello from the listener' | timeout 10 "$sx" --timeout 5 listen "unix:$sock" >"$dir/listener.out" &
listener=$!
for _ in $(seq 1 100); do [ -S "$sock" ] && break; sleep 0.05; done
echo 'hello from the client' | timeout 10 "$sx" --timeout 5 connect "unix:$sock" | sed 's/^/client received:   /'
wait "$listener"
sed 's/^/listener received: /' "$dir/listener.out"
grep -qx 'hello from the client' "$dir/listener.out" || { echo "demo-cli: the listener got the wrong line" >&2; exit 1; }
echo
echo "\$ socketx netlink route dump links"
"$sx" netlink route dump links
