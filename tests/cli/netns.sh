#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# cli:netns: in a network namespace of its own (unshare -n; it goes away with the process),
# where nothing else uses the loopback:
#  - `netlink route dump links` lists exactly the namespace's one interface, lo, down then up;
#  - `recv packet:lo:0x0800:0:772:` (an AF_PACKET datagram socket, the endpoint's default type)
#    receives the IPv4 packet a `send udp:127.0.0.1:9` puts on lo, with the sender's link-layer
#    address text, and its bytes end with the datagram's.
. "$(dirname "$0")/lib.sh"
command -v unshare >/dev/null && command -v ip >/dev/null || skip "needs unshare and ip (util-linux, iproute2)"
unshare -n true 2>/dev/null || skip "cannot make a network namespace here (unshare -n)"

timeout 60 unshare -n bash -s "$SOCKETX" <<'NS' || fail "inside the namespace (above)"
set -u
sx() { timeout 20 "$SOCKETX" "$@"; }
SOCKETX=$1
fail() { echo "FAIL: $*"; exit 1; }

[ "$(sx netlink route dump links)" = "1 lo mtu 65536 down 00:00:00:00:00:00" ] \
  || fail "a new namespace's links: $(sx netlink route dump links)"
ip link set lo up || fail "ip link set lo up"
[ "$(sx netlink route dump links)" = "1 lo mtu 65536 up 00:00:00:00:00:00" ] \
  || fail "links after lo up: $(sx netlink route dump links)"
echo "ok: netlink route dump links in a new namespace: lo, down then up"

sx -v -w 10 recv packet:lo:0x0800:0:772: >packet.out 2>packet.err &
pid=$!
for _ in $(seq 1 100); do grep -q 'bound to' packet.err && break; sleep 0.05; done
sx send udp:127.0.0.1:9 socketx-over-lo || fail "send udp:127.0.0.1:9"
wait $pid || fail "recv on packet:lo exited $?: $(cat packet.err)"
line=$(cat packet.out)
case "$line" in
  packet:lo:0x0800:*:772:00:00:00:00:00:00$'\t'E*socketx-over-lo) echo "ok: packet socket received: $line" ;;
  *) fail "recv on packet:lo printed: $line" ;;
esac
NS
