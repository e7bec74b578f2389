#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# ctest go:module-consumer: use the binding from a module outside the repository exactly as
# `go get` would. The tracked files of bindings/go are published as MODULE@VERSION into a
# file-based module proxy (modproxy.py); a new module in a temporary directory then
# `go get`s it from there, and builds and runs a program that sends and receives over a
# socketpair. cgo finds libsocketx through pkg-config (PKG_CONFIG_PATH: the build tree's
# socketx-uninstalled.pc, whose rpath lets the program run without LD_LIBRARY_PATH).
# Environment: GO, GIT, PYTHON (tools), MODULE_VERSION (e.g. v1.1.0), PKG_CONFIG_PATH, GOCACHE.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
go_tool=${GO:-go}
version=${MODULE_VERSION:?MODULE_VERSION must be set, e.g. v1.1.0}
module=$(sed -n 's/^module //p' "$here/go.mod")

# The module zip carries the licence and the changelog: copies that must match the
# repository's own.
bash "$here/../../tools/sync-copies.sh" --check bindings/go

tmp=$(mktemp -d)
# The module cache is read-only; make it removable before removing it.
trap 'chmod -R u+w "$tmp" 2>/dev/null || true; rm -rf "$tmp"' EXIT

mapfile -t files < <("${GIT:-git}" -C "$here" ls-files)
if [ "${#files[@]}" -eq 0 ]; then
  echo "no tracked files under bindings/go (not a git checkout?)" >&2
  exit 1
fi
"${PYTHON:-python3}" "$here/modproxy.py" "$tmp/proxy" "$module" "$version" "$here" "${files[@]}"

export GOPROXY="file://$tmp/proxy" GOSUMDB=off GOFLAGS=-mod=mod GOPATH="$tmp/gopath"
export GOMODCACHE="$tmp/gopath/pkg/mod" GONOSUMDB= GOPRIVATE= GOWORK=off CGO_ENABLED=1
mkdir "$tmp/consumer"
cd "$tmp/consumer"
"$go_tool" mod init example.com/consumer
"$go_tool" get "$module@$version"
cat >main.go <<GO
// SPDX-License-Identifier: MIT
package main

import (
	"fmt"
	"os"

	socketx "$module"
)

func main() {
	a, b, err := socketx.SocketPair(socketx.AF_UNIX, socketx.SOCK_STREAM, 0)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer a.Close()
	defer b.Close()
	if _, err := a.Send([]byte("hello from a module consumer"), 0); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	buf := make([]byte, 64)
	n, err := b.Recv(buf, 0)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("received %q with libsocketx %s\n", buf[:n], socketx.VersionString())
}
GO
"$go_tool" build -o consumer .
grep -q "^require $module $version\$\|^	$module $version\$" go.mod ||
  { echo "go.mod does not require $module $version:" >&2; cat go.mod >&2; exit 1; }
for doc in LICENSE CHANGELOG.md; do
  if [ ! -f "$GOMODCACHE/$module@$version/$doc" ]; then
    echo "the module zip lacks $doc" >&2
    exit 1
  fi
done
output=$(env -u LD_LIBRARY_PATH ./consumer)
echo "$output"
case "$output" in
"received \"hello from a module consumer\" with libsocketx "*) ;;
*)
  echo "unexpected output from the consumer program" >&2
  exit 1
  ;;
esac
