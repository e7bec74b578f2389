#!/bin/sh
# SPDX-License-Identifier: MIT
# Run a program built with ThreadSanitizer: run.sh PROBE PROGRAM [ARGS...]
#
# The runtime expects the memory layout of its own build. On kernels that randomise mmap more
# widely (vm.mmap_rnd_bits above what it allows) it dies at start-up with "FATAL: ThreadSanitizer:
# unexpected memory mapping"; with address randomisation off for the process (setarch -R) it works.
# PROBE, a minimal program built with the same flags, tells which case this machine is in, so
# that a test fails only for a report from the program under test, never for the machine.
probe=$1
shift
if out=$("$probe" 2>&1); then
    exec "$@"
fi
case $out in
*"unexpected memory mapping"*)
    if setarch "$(uname -m)" -R "$probe" >/dev/null 2>&1; then
        echo "run.sh: this kernel's address randomisation breaks ThreadSanitizer: running under setarch -R" >&2
        exec setarch "$(uname -m)" -R "$@"
    fi
    ;;
esac
echo "run.sh: the ThreadSanitizer runtime does not start on this machine:" >&2
echo "$out" >&2
exit 1
