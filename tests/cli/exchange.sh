#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# cli:exchange-*: `socketx listen` and `socketx connect` move bytes both ways at once, more
# than one relay chunk (64 KiB) each way, binary bytes included, then both end cleanly.
# Usage: exchange.sh SOCKETX WORK_DIR LISTEN_ENDPOINT ("unix:@" for an abstract name of this run)
# The listener binds LISTEN_ENDPOINT (port 0 picks a free port); the client connects to the
# address the listener reports with --verbose ("bound to ...").
. "$(dirname "$0")/lib.sh"
listen_ep=${1:?listen endpoint}
scheme=${listen_ep%%:*}
# An abstract name is global to the network namespace: one per run.
[ "$listen_ep" = "$scheme:@" ] && listen_ep="$scheme:@socketx-cli-test-$$"

head -c 300000 /dev/urandom >server.in
head -c 200000 /dev/urandom >client.in

sx -v -w 10 listen "$listen_ep" <server.in >server.out 2>server.err &
server=$!
bound=$(wait_for_line server.err 'bound to ') || {
  wait $server; rc=$?
  [ "$rc" -eq 3 ] && skip "this kernel lacks $scheme: $(cat server.err)"
  fail "the listener did not report its address (exit $rc): $(cat server.err)"
}
ok "listener bound to $bound"
sx -v -w 10 connect "$scheme:$bound" <client.in >client.out 2>client.err
client_rc=$?
wait $server
server_rc=$?
[ "$client_rc" -eq 0 ] || fail "connect exited $client_rc: $(cat client.err)"
[ "$server_rc" -eq 0 ] || fail "listen exited $server_rc: $(cat server.err)"
cmp -s client.in server.out || fail "the listener received $(wc -c <server.out) bytes, not the client's 200000"
cmp -s server.in client.out || fail "the client received $(wc -c <client.out) bytes, not the listener's 300000"
grep -q 'connection from' server.err || fail "the listener did not report its peer: $(cat server.err)"
ok "200000 bytes to the listener, 300000 to the client, over $scheme:$bound"
