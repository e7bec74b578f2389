#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# cli:errors: every kind of failure is one line on stderr naming its status, and its own
# exit code (socketx(1), EXIT STATUS): 2 usage and unreadable endpoints, 1 runtime errors,
# 3 a family or protocol this kernel lacks, 4 --timeout.
. "$(dirname "$0")/lib.sh"

# Usage: the command line itself.
expect_error 2 'no command' 
expect_error 2 "unknown command 'bogus'" bogus
expect_error 2 'unknown option --bogus' --bogus info
expect_error 2 '--timeout needs a value' info --timeout
expect_error 2 '--timeout -1: expected a positive number of seconds' --timeout -1 info
expect_error 2 '--type bogus: expected stream, dgram, seqpacket, raw or rdm' --type bogus info
expect_error 2 '--count x: expected a number' --count x info
expect_error 2 'listen takes one endpoint' listen unix:/a unix:/b
expect_error 2 'info takes no operands' info extra
expect_error 2 "--proto bogus: no such protocol (neither IPPROTO_BOGUS" --proto bogus connect tcp:127.0.0.1:9

# Usage: endpoints that cannot be read.
expect_error 2 "endpoint 'nocolon' has no scheme" connect nocolon
expect_error 2 "unknown scheme 'foo'" connect foo:bar
expect_error 2 'write an IPv6 address in brackets, \[::1\]' connect tcp:::1:80
expect_error 2 'an IPv6 literal is written \[ADDRESS\]:PORT' connect 'tcp:[::1]80'
expect_error 2 'the port is missing' connect tcp:127.0.0.1:
expect_error 2 "endpoint 'vsock:2:x': SX_EARG: .*port is not a number" connect vsock:2:x
expect_error 2 "endpoint 'vsock:2:4294967296': SX_EOUTOFRANGE" connect vsock:2:4294967296
expect_error 2 "SX_EARG: .*AF_UNIX path too long" connect "unix:/$(printf 'x%.0s' $(seq 1 120))"

# Runtime errors.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
expect_error 1 "connect tcp:127.0.0.1:$port: SX_ECONNREFUSED: Connection refused" connect "tcp:127.0.0.1:$port"
expect_error 1 "SX_ENOENT: No such file or directory" send "unix:$WORK/none" hello
expect_error 1 "SX_EAI_SERVICE\|SX_EAI_NONAME" connect tcp:127.0.0.1:no-such-service

# Unsupported: a protocol, and every family this kernel lacks.
expect_error 3 "SX_EPROTONOSUPPORT" --proto 250 connect tcp:127.0.0.1:9
lacks() { python3 -c "import socket, sys
for t in (1, 2, 3, 5):
    try:
        socket.socket(getattr(socket, '$1'), t).close(); sys.exit(1)
    except OSError as e:
        if e.errno != 97: sys.exit(1)"; }
if lacks AF_CAN; then expect_error 3 "endpoint 'can:vcan0': this kernel has no such family" connect can:vcan0
else echo "this kernel has AF_CAN: no unsupported-family case for it"; fi
if lacks AF_RDS; then expect_error 3 "SX_EAFNOSUPPORT" connect rds:127.0.0.1:9
else echo "this kernel has AF_RDS: no unsupported-family case for it"; fi

# Timeouts.
expect_error 4 'receive: SX_ETIMEOUT' --timeout 0.3 recv udp:127.0.0.1:0
expect_error 4 'accept: SX_ETIMEOUT' --timeout 0.3 listen tcp:127.0.0.1:0
# A relay in which nothing moves: the listener waits for a datagram that never comes.
expect_error 4 'nothing moved for 0.3 s' --timeout 0.3 listen udp:127.0.0.1:0

# --help goes to standard output with status 0.
sx --help >help.txt 2>err.txt || fail "--help exited $?"
grep -q '^usage: socketx' help.txt && [ ! -s err.txt ] || fail "--help printed: $(cat help.txt) / $(cat err.txt)"
ok "--help"
