#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# cli:datagram: `socketx send` puts one datagram out; `socketx recv` prints each datagram
# with its sender's text form, over UDP on 127.0.0.1 and ::1, UDP-Lite, and a Unix datagram socket
# (whose unbound sender has no address: "-").
. "$(dirname "$0")/lib.sh"

check_recv() { # LISTEN_ENDPOINT SCHEME SENDER_PATTERN
  local listen_ep=$1 scheme=$2 sender=$3
  sx -v -w 10 -n 3 recv "$listen_ep" >recv.out 2>recv.err &
  local pid=$!
  local bound
  bound=$(wait_for_line recv.err 'bound to ') || fail "recv did not report its address: $(cat recv.err)"
  sx send "$scheme:$bound" hello world || fail "send hello world to $scheme:$bound"
  printf 'line one\nback\\slash\001\n' | sx send "$scheme:$bound" || fail "send from standard input"
  sx send "$scheme:$bound" </dev/null || fail "send an empty datagram"
  wait $pid || fail "recv exited $?: $(cat recv.err)"
  local want
  want=$(printf '%s\thello world\n%s\tline one\\x0aback\\x5cslash\\x01\\x0a\n%s\t\n' "$sender" "$sender" "$sender")
  [ "$(wc -l <recv.out)" -eq 3 ] || fail "recv printed $(wc -l <recv.out) lines, expected 3: $(cat recv.out)"
  local got_re want_re
  # The sender's port is the kernel's choice: compare with it replaced.
  got_re=$(sed -E 's/^(.*):[0-9]+\t/\1:PORT\t/' recv.out)
  want_re=$(printf '%s\n' "$want" | sed -E 's/^(.*):[0-9]+\t/\1:PORT\t/')
  [ "$got_re" = "$want_re" ] || fail "recv on $scheme:$bound printed:
$(cat recv.out)
expected (any port):
$want"
  ok "recv on $scheme:$bound: $(head -n 1 recv.out)"
}

check_recv 'udp:127.0.0.1:0' udp '127.0.0.1:1'
check_recv 'udp6:[::1]:0' udp6 '[::1]:1'
check_recv 'udplite:127.0.0.1:0' udplite '127.0.0.1:1'
check_recv "unix-dgram:$WORK/d.sock" unix-dgram '-'
