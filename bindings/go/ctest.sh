#!/bin/sh
# SPDX-License-Identifier: MIT
# Driver for the ctest tests of the Go binding (bindings/go/CMakeLists.txt sets the
# environment: PKG_CONFIG_PATH to the build tree's socketx-uninstalled.pc, GOCACHE
# under the build directory, GOFLAGS=-mod=mod, GOPROXY=off).
#   ctest.sh test          a gofmt check, go test -race over the module, and the
#                          allocation test without -race
#   ctest.sh vet           go vet over the whole module, generated internal/native
#                          included (generate.sh makes SWIG's output vet-clean)
#   ctest.sh bench-smoke   run the Benchmark functions (bench/bench_test.go) 100 times
#                          each and the benchmark program briefly: they build and every
#                          workload completes with both implementations
#   ctest.sh generated     regenerate internal/native into a temporary directory and
#                          fail on any difference from the checked-in files
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
GO=${GO:-go}
case "${1:-}" in
test)
  unformatted=$("${GOFMT:-gofmt}" -l .)
  if [ -n "$unformatted" ]; then
    echo "not gofmt'ed: $unformatted" >&2
    exit 1
  fi
  "$GO" test -race -count=1 -v ./...
  # The allocation test is skipped under -race (the detector allocates): run it plain.
  "$GO" test -count=1 -v -run 'DataPathDoesNotAllocate' .
  ;;
vet)
  "$GO" vet ./...
  ;;
bench-smoke)
  "$GO" test -count=1 -run '^$' -bench . -benchtime=100x ./bench
  "$GO" run ./bench -seconds 0.05 -rounds 1
  ;;
generated)
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  ./generate.sh "$tmp"
  if ! diff -ru internal/native "$tmp"; then
    echo "internal/native is out of date: run bindings/go/generate.sh and check the result in" >&2
    exit 1
  fi
  echo "internal/native is up to date"
  ;;
*)
  echo "usage: $0 test|vet|bench-smoke|generated" >&2
  exit 2
  ;;
esac
