#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""What Python's recvmsg() makes of every control buffer size, for cpython_differential.cpp.

The truncation grids of test_socket.py (SCMRightsTest.testCmsgTrunc*, RFC3542AncillaryTest
.test*CmsgTrunc*) probe a few buffer sizes each; this prints Python's answer for every size from 0
up past the room needed, one line per case:

    scm <stream|dgram> <nfds> <ancbufsize> => <msg_flags> <items>
    ipv6 <hoplimit|both> <ancbufsize> => <msg_flags> <items>

items is '-' or level:type:datalen items joined by ','; ipv6 items add :hex of their data (SCM_RIGHTS
data are descriptor numbers, which differ between processes). MSG is the test module's.
"""
import array
import os
import socket
import warnings

MSG = 'Michael Gilfix was here\u1234\r\n'.encode('utf-8')
warnings.simplefilter("ignore")  # the RuntimeWarning for items cut inside their header


def items_text(ancdata, with_data):
    if not ancdata:
        return "-"
    out = []
    for level, typ, data in ancdata:
        s = "%d:%d:%d" % (level, typ, len(data))
        if with_data:
            s += ":" + data.hex()
        out.append(s)
    return ",".join(out)


def close_fds(ancdata):
    for level, typ, data in ancdata:
        if level == socket.SOL_SOCKET and typ == socket.SCM_RIGHTS:
            fds = array.array("i")
            fds.frombytes(data[:len(data) - len(data) % fds.itemsize])
            for fd in fds:
                os.close(fd)


def scm_cases():
    for name, typ in (("stream", socket.SOCK_STREAM), ("dgram", socket.SOCK_DGRAM)):
        for nfds in (1, 2, 3):
            for ancbufsize in range(0, socket.CMSG_SPACE(3 * 4) + 5):
                a, b = socket.socketpair(socket.AF_UNIX, typ)
                r, w = os.pipe()
                try:
                    a.sendmsg([MSG], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", [r] * nfds))])
                    msg, anc, flags, addr = b.recvmsg(len(MSG), ancbufsize)
                    assert msg == MSG
                    print("scm %s %d %d => %d %s" % (name, nfds, ancbufsize, flags, items_text(anc, False)))
                    close_fds(anc)
                finally:
                    for s in (a, b):
                        s.close()
                    os.close(r)
                    os.close(w)


def ipv6_cases():
    try:
        probe = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
        probe.bind(("::1", 0))
        probe.close()
    except OSError:
        return
    for which in ("hoplimit", "both"):
        for ancbufsize in range(0, 2 * socket.CMSG_SPACE(4) + 9):
            s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
            c = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
            try:
                s.bind(("::1", 0))
                c.bind(("::1", 0))
                s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_RECVHOPLIMIT, 1)
                if which == "both":
                    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_RECVTCLASS, 1)
                c.sendto(MSG, s.getsockname())
                msg, anc, flags, addr = s.recvmsg(len(MSG), ancbufsize)
                assert msg == MSG
                print("ipv6 %s %d => %d %s" % (which, ancbufsize, flags, items_text(anc, True)))
            finally:
                s.close()
                c.close()


scm_cases()
ipv6_cases()
