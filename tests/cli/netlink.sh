#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# cli:netlink: `socketx netlink route dump links|addrs|routes` against what the kernel shows
# elsewhere: the link names are those of /sys/class/net, the loopback has 127.0.0.1/8 and
# ::1/128 (when IPv6 is on), and the local table routes 127.0.0.0/8 to lo.
. "$(dirname "$0")/lib.sh"

sx netlink route dump links >links.txt 2>err.txt || fail "dump links exited $?: $(cat err.txt)"
got=$(awk '{print $2}' links.txt | sort)
want=$(ls /sys/class/net | sort)
[ "$got" = "$want" ] || fail "link names differ from /sys/class/net:
$(diff <(echo "$want") <(echo "$got"))"
awk '$3 != "mtu" || $4 !~ /^[0-9]+$/ || ($5 != "up" && $5 != "down") { bad = 1 } END { exit bad }' links.txt \
  || fail "malformed link lines: $(cat links.txt)"
for name in $got; do
  index=$(cat "/sys/class/net/$name/ifindex")
  grep -q "^$index $name mtu $(cat "/sys/class/net/$name/mtu") " links.txt \
    || fail "no line '$index $name mtu ...' with the mtu of /sys/class/net/$name: $(cat links.txt)"
done
ok "links: $(echo $got)"

sx netlink route dump addrs >addrs.txt 2>err.txt || fail "dump addrs exited $?: $(cat err.txt)"
grep -qx '1 lo inet 127.0.0.1/8' addrs.txt || fail "no '1 lo inet 127.0.0.1/8' in: $(cat addrs.txt)"
if [ -e /proc/net/if_inet6 ] && grep -q ' lo$' /proc/net/if_inet6; then
  grep -qx '1 lo inet6 ::1/128' addrs.txt || fail "no '1 lo inet6 ::1/128' in: $(cat addrs.txt)"
fi
ok "addrs: $(wc -l <addrs.txt) lines"

sx netlink route dump routes >routes.txt 2>err.txt || fail "dump routes exited $?: $(cat err.txt)"
grep -qx 'inet local 127.0.0.0/8 dev lo table local' routes.txt \
  || fail "no 'inet local 127.0.0.0/8 dev lo table local' in: $(cat routes.txt)"
ok "routes: $(wc -l <routes.txt) lines"

expect_error 2 "'bogus' is not links, addrs or routes" netlink route dump bogus
expect_error 2 'netlink takes: route dump links|addrs|routes' netlink route
