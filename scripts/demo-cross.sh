#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The cross-language demonstration: a C echo server (examples/echo_server.c) answering a
# Go client (bindings/go/cmd/sxclient), a Java client (bindings/java/examples/EchoClient.java)
# and a Ruby client (examples/ruby/echo_client.rb), each over AF_UNIX and over TCP on
# 127.0.0.1. Every client prints what it sent and received; the script checks each one.
# Then each client asks the server for a file over AF_UNIX: the server passes an open
# descriptor (SCM_RIGHTS), and the client prints what it reads through it.
#
#   scripts/demo-cross.sh BUILD_DIR
#
# BUILD_DIR is a configured and built libsocketx build tree (with the bindings). A language
# whose toolchain or binding is missing is skipped with a message, unless it is listed in
# SOCKETX_CROSS_REQUIRE (e.g. "go java ruby", as the ctest test demo:cross-language sets it
# for the bindings the build configured): then its absence is a failure.
# Every step is bounded by a timeout; the server and the temporary files are cleaned up on
# any exit. Exit status: 0 when every client that ran got its echoes back, 1 otherwise.
set -euo pipefail

if [ $# -ne 1 ] || [ ! -d "$1" ]; then
  echo "usage: $0 BUILD_DIR" >&2
  exit 2
fi
build=$(cd "$1" && pwd)
src=$(cd "$(dirname "$0")/.." && pwd)
required=" ${SOCKETX_CROSS_REQUIRE:-} "

server=$build/echo_server
if [ ! -x "$server" ]; then
  echo "demo-cross: $server is missing (build with -DSOCKETX_EXAMPLES=ON)" >&2
  exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/socketx-cross-XXXXXX")
server_pid=
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

failures=0
ran=()
skipped=()
fail() {
  echo "FAILED: $*"
  failures=$((failures + 1))
}

# skip LANGUAGE REASON: leave a language out, or fail when it is required.
skip() {
  if [[ $required == *" $1 "* ]]; then
    fail "$1 client: $2 (required by SOCKETX_CROSS_REQUIRE)"
  else
    echo "-- $1 client skipped: $2"
    skipped+=("$1")
  fi
}

# ---- Prepare the clients (before the server starts, so its idle clock is not used up) ----
echo "== preparing the clients"
langs=()

# Go: build sxclient once into the build tree, against this build's library.
go_client=$build/demo-cross/sxclient
if ! command -v go >/dev/null 2>&1; then
  skip go "no go toolchain"
elif ! (cd "$src/bindings/go" && mkdir -p "$build/demo-cross" &&
        PKG_CONFIG_PATH=$build GOCACHE=$build/bindings/go/go-cache GOFLAGS=-mod=mod GOPROXY=off \
        CGO_ENABLED=1 timeout 300 go build -o "$go_client" ./cmd/sxclient) >"$tmp/go-build.log" 2>&1; then
  sed 's/^/   /' "$tmp/go-build.log"
  fail "go build ./cmd/sxclient"
else
  echo "   Go: built $go_client"
  langs+=(go)
fi

# Java: compile the example client against the jar; the JNI glue is beside the jar.
jar=$build/bindings/java/libsocketx.jar
jni_dir=$build/bindings/java
java_classes=$build/demo-cross/java-classes
if ! command -v javac >/dev/null 2>&1 || ! command -v java >/dev/null 2>&1; then
  skip java "no JDK (javac, java)"
elif [ ! -f "$jar" ] || [ ! -f "$jni_dir/libsocketx_jni.so" ]; then
  skip java "the Java binding is not built ($jar, $jni_dir/libsocketx_jni.so)"
elif ! (mkdir -p "$java_classes" && timeout 120 javac --release 17 -Xlint:all -Werror -cp "$jar" \
        -d "$java_classes" "$src/bindings/java/examples/EchoClient.java" \
        "$src/bindings/java/examples/FileClient.java") >"$tmp/javac.log" 2>&1; then
  sed 's/^/   /' "$tmp/javac.log"
  fail "javac EchoClient.java"
else
  echo "   Java: compiled EchoClient into $java_classes"
  langs+=(java)
fi

# Ruby: the binding's lib/ and the extension built into <build>/bindings/ruby/ext.
ruby_ext=$build/bindings/ruby/ext
ruby_lib=$src/bindings/ruby/lib
if ! command -v ruby >/dev/null 2>&1; then
  skip ruby "no ruby"
elif [ ! -f "$ruby_ext/socketx_native.so" ] || [ ! -f "$ruby_lib/socketx.rb" ]; then
  skip ruby "the Ruby binding is not built ($ruby_ext/socketx_native.so)"
elif ! RUBYLIB=$ruby_lib:$ruby_ext timeout 60 ruby -e 'require "socketx"' >"$tmp/ruby.log" 2>&1; then
  sed 's/^/   /' "$tmp/ruby.log"
  fail "ruby: require \"socketx\""
else
  echo "   Ruby: using $ruby_lib and $ruby_ext"
  langs+=(ruby)
fi

if [ ${#langs[@]} -eq 0 ]; then
  echo "demo-cross: no client language is available"
  exit 1
fi

# ---- Start the server ----------------------------------------------------------------------
# It stops by itself after one connection per client run, or after 30 s without any.
connections=$((2 * ${#langs[@]}))
# Descriptor passing: each client also asks the server for an open file ("FILE") over AF_UNIX.
shared=$tmp/shared.txt
printf 'a file the server opened, read by the client through the descriptor it passed\n' >"$shared"
file_langs=("${langs[@]}")
connections=$((connections + ${#file_langs[@]}))
log=$tmp/server.log
echo
echo "== C echo server: $server (stops after $connections connections or 30 s idle)"
"$server" "$tmp/echo.sock" "$connections" 30 "$shared" >"$log" 2>&1 &
server_pid=$!

unix_target=''
tcp_target=''
for _ in $(seq 100); do # at most 10 s
  unix_target=$(sed -n 's/^\(unix:.*\)$/\1/p' "$log")
  tcp_target=$(sed -n 's/^\(tcp:.*\)$/\1/p' "$log")
  [ -n "$unix_target" ] && [ -n "$tcp_target" ] && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$unix_target" ] || [ -z "$tcp_target" ]; then
  sed 's/^/   server: /' "$log"
  echo "demo-cross: the server did not announce its endpoints"
  exit 1
fi
echo "   listening on $unix_target and $tcp_target"
shown=3 # lines of the server log printed so far

# Print the server's lines about connection number $1 once it has closed it (at most 10 s).
server_says() {
  local n=$1
  for _ in $(seq 100); do
    grep -Eq "^\[(unix|tcp) #$n\] closed" "$log" && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  local total
  total=$(wc -l <"$log")
  if [ "$total" -gt "$shown" ]; then
    sed -n "$((shown + 1)),${total}p" "$log" | sed 's/^/   server: /'
    shown=$total
  fi
}

# ---- Run each client over each transport ---------------------------------------------------
conn=0
for lang in "${langs[@]}"; do
  for transport in unix tcp; do
    conn=$((conn + 1))
    if [ "$transport" = unix ]; then target=$unix_target; over=AF_UNIX; else target=$tcp_target; over=TCP; fi
    case $lang in
    go)
      name=Go
      expected=("hello from Go over $over" "goodbye from Go")
      cmd=("$go_client" "$target" "${expected[@]}")
      ;;
    ruby)
      name=Ruby
      expected=("hello from Ruby over $over" "goodbye from Ruby")
      cmd=(env "RUBYLIB=$ruby_lib:$ruby_ext" ruby "$src/examples/ruby/echo_client.rb" "$target" "${expected[@]}")
      ;;
    java)
      name=Java
      expected=("hello from Java over $over")
      if [ "$transport" = unix ]; then where=("${target#unix:}"); else
        hostport=${target#tcp:}
        where=("${hostport%:*}" "${hostport##*:}")
      fi
      cmd=(java -Djava.library.path="$jni_dir" -cp "$jar:$java_classes" EchoClient "${where[@]}" "${expected[@]}")
      ;;
    esac
    echo
    echo "-- $name client over $over ($target)"
    status=0
    timeout 60 "${cmd[@]}" >"$tmp/client.out" 2>"$tmp/client.err" || status=$?
    sed 's/^/   /' "$tmp/client.out" "$tmp/client.err"
    server_says "$conn"
    # What came back: Go and Ruby print 'sent "m", got back "m"' per message, Java 'received: m'.
    if [ "$lang" = java ]; then
      received=$(sed -n 's/^received: //p' "$tmp/client.out")
      want=${expected[0]}
      shown_received="\"$received\""
    else
      received=$(sed -n 's/.*got back "\(.*\)"$/\1/p' "$tmp/client.out" | paste -sd'|' -)
      want=$(printf '%s\n' "${expected[@]}" | paste -sd'|' -)
      shown_received=$(sed -n 's/.*got back \(".*"\)$/\1/p' "$tmp/client.out" | paste -sd' ' -)
    fi
    if [ "$status" -ne 0 ]; then
      fail "$name client over $over exited with status $status"
    elif [ "$received" != "$want" ]; then
      fail "$name client over $over received ${shown_received:-nothing}, expected the echo of what it sent"
    else
      echo "$name client over $over received: $shown_received"
      ran+=("$name/$over")
    fi
  done
done

# ---- Descriptor passing: the client prints the file it read through the passed descriptor ----
for lang in "${file_langs[@]}"; do
  conn=$((conn + 1))
  case $lang in
  go) name=Go; cmd=("$go_client" recv-file "$unix_target") ;;
  ruby) name=Ruby; cmd=(env "RUBYLIB=$ruby_lib:$ruby_ext" ruby "$src/examples/ruby/echo_client.rb" --file "$unix_target") ;;
  java) name=Java; cmd=(java -Djava.library.path="$jni_dir" -cp "$jar:$java_classes" FileClient "${unix_target#unix:}") ;;
  esac
  echo
  echo "-- $name client asks for a file over AF_UNIX ($unix_target)"
  status=0
  timeout 60 "${cmd[@]}" >"$tmp/client.out" 2>"$tmp/client.err" || status=$?
  sed 's/^/   /' "$tmp/client.out" "$tmp/client.err"
  server_says "$conn"
  if [ "$status" -ne 0 ]; then
    fail "$name file client exited with status $status"
  elif ! cmp -s "$tmp/client.out" "$shared"; then
    fail "$name file client did not print the shared file"
  else
    echo "$name client read the shared file through the passed descriptor"
    ran+=("$name/SCM_RIGHTS")
  fi
done

# ---- The server stops by itself after the last connection ------------------------------------
echo
server_status=0
for _ in $(seq 100); do # at most 10 s
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
if kill -0 "$server_pid" 2>/dev/null; then
  fail "the server did not stop after $connections connections"
else
  wait "$server_pid" || server_status=$?
  server_pid=
  server_says "$conn"
  [ "$server_status" -eq 0 ] || fail "the server exited with status $server_status"
fi

echo
if [ "${#skipped[@]}" -gt 0 ]; then
  echo "skipped: ${skipped[*]} (see above)"
fi
if [ "$failures" -ne 0 ]; then
  echo "cross-language demonstration FAILED ($failures failure(s))"
  exit 1
fi
echo "all ${#ran[@]} cross-language echoes matched: ${ran[*]}"
