# SPDX-License-Identifier: MIT
# Differential oracle for tests/unit/resolve/differential.cpp: runs each case through
# Python's socket module and prints one JSON object per line: the op, its arguments as
# strings ("<None>" for None, "i:<n>" for an int port) and the result "ok:<value>" or
# "err:<category>" (gai:<EAI>, herr:<h_errno>, os:<errno>, msg, value, overflow).
import json
import socket as S


def fmt_err(e):
    if isinstance(e, S.gaierror):
        return "err:gai:%d" % e.errno
    if isinstance(e, S.herror):
        return "err:herr:%d" % e.errno
    if isinstance(e, OverflowError):
        return "err:overflow"
    if isinstance(e, (ValueError, TypeError)):
        return "err:value"
    if isinstance(e, OSError):
        return "err:os:%d" % e.errno if e.errno is not None else "err:msg"
    raise e


def arg(v):
    return "<None>" if v is None else v


def emit(op, fn, *args):
    try:
        r = "ok:" + fn()
    except Exception as e:  # the category is the result
        r = fmt_err(e)
    print(json.dumps({"op": op, "args": [str(a) for a in args], "r": r}))


def gai_text(res):
    out = []
    for fam, typ, proto, canon, sa in res:
        out.append(",".join(str(x) for x in (int(fam), int(typ), proto, canon) + tuple(sa)))
    return ";".join(out)


def hostent_text(t):
    return "%s|%s|%s" % (t[0], ",".join(t[1]), ",".join(t[2]))


aton = ["1", "127.1", "127.0.1", "0x7f.1", "017.0.0.1", "4294967295", "1.16777215", "1.2.3.4 junk",
        "1.2.3.4\n", "1.2.3.4\tx", " 1.2.3.4", "", "256.0.0.1", "1.2.3.4.5", "4294967296", "0x", "0xg",
        "08", "07", "0", "1.2.3.", ".1.2.3", "1..2", "255.255.255.255", "0xffffffff", "0x100000000",
        "1.2.65535", "1.2.65536", "1.255.255.255", "1.16777216", "abc", "1.2.3.04", "1.2.3.4x",
        "00000000001", "0X7F.0.0.1", "-1", "+1", "1.2.3.4 ", "127.0.0.1\r", "1e3"]
for s in aton:
    emit("aton", lambda s=s: S.inet_aton(s).hex(), s)

v4 = ["127.0.0.1", "0.0.0.0", "255.255.255.255", "127.1", "01.2.3.4", "1.2.3.4 ", " 1.2.3.4", "", "256.1.1.1",
      "1.2.3", "1.2.3.4.5", "0x7f.0.0.1", "1.2.3.4x", "1.02.3.4", "10.0.0.255", "::1"]
v6 = ["::1", "::", "fe80::1", "fe80::1%lo", "2001:db8::1", "2001:db8:1:0:1::1", "::ffff:1.2.3.4",
      "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:9", "1::2::3", ":::", "12345::", "g::", "::1.2.3", "::1.2.3.4",
      "fe80::1 ", "", "127.0.0.1", "0:0:0:0:0:0:0:1", "FE80::ABCD", "1:2:3:4:5:6:1.2.3.4", "::ffff:256.1.1.1"]
for s in v4:
    emit("pton", lambda s=s: S.inet_pton(S.AF_INET, s).hex(), S.AF_INET, s)
for s in v6:
    emit("pton", lambda s=s: S.inet_pton(S.AF_INET6, s).hex(), S.AF_INET6, s)
for fam in (S.AF_UNIX, 99, 0):
    emit("pton", lambda fam=fam: S.inet_pton(fam, "1.2.3.4").hex(), fam, "1.2.3.4")

ntop = [(S.AF_INET, "7f000001"), (S.AF_INET, "ffffffff"), (S.AF_INET, "00000000"), (S.AF_INET, "7f0000"),
        (S.AF_INET, "7f00000100"), (S.AF_INET, ""), (S.AF_INET6, "00000000000000000000000000000001"),
        (S.AF_INET6, "20010db8000100000001000000000001"), (S.AF_INET6, "fe800000000000000000000000000001"),
        (S.AF_INET6, "00000000000000000000ffff01020304"), (S.AF_INET6, "00000000000000000000000001020304"),
        (S.AF_INET6, "20010db8000000000000000000000000"), (S.AF_INET6, "000100020003000400050006000700080000"),
        (S.AF_INET6, "7f000001"), (S.AF_INET6, "ffffffffffffffffffffffffffffffff"), (S.AF_UNIX, "7f000001"),
        (99, "7f000001"), (0, "")]
for fam, h in ntop:
    emit("ntop", lambda fam=fam, h=h: S.inet_ntop(fam, bytes.fromhex(h)), fam, h)
for h in ["7f000001", "01020304", "ffffffff", "7f0000", "7f00000101", ""]:
    emit("ntoa", lambda h=h: S.inet_ntoa(bytes.fromhex(h)), h)

for name, fn in (("htons", S.htons), ("ntohs", S.ntohs), ("htonl", S.htonl), ("ntohl", S.ntohl)):
    for v in (0, 1, 0x1234, 65535, 65536, -1, 0x12345678, 2**32 - 1, 2**32, -2**31, 2**40):
        emit(name, lambda fn=fn, v=v: str(fn(v)), v)
for name, fn in (("cmsg_len", S.CMSG_LEN), ("cmsg_space", S.CMSG_SPACE)):
    for v in (0, 1, 4, 8, 12, 2147483623, 2147483624, 2147483631, 2147483632, -1):
        emit(name, lambda fn=fn, v=v: str(fn(v)), v)

for svc in ("http", "https", "ssh", "domain", "ntp", "HTTP", "nonexistent-svc", "", "80", "www", "smtp"):
    for proto in (None, "tcp", "udp", "sctp"):
        emit("servbyname", lambda svc=svc, proto=proto: str(S.getservbyname(svc, proto) if proto else S.getservbyname(svc)),
             svc, arg(proto))
for port in (80, 443, 22, 53, 123, 0, 1, 65535, 65536, -1, 31337):
    for proto in (None, "tcp", "udp"):
        emit("servbyport", lambda port=port, proto=proto: S.getservbyport(port, proto) if proto else S.getservbyport(port),
             port, arg(proto))
for p in ("tcp", "udp", "icmp", "TCP", "Udp", "ipv6-icmp", "ip", "nonexistent", "", "raw"):
    emit("protobyname", lambda p=p: str(S.getprotobyname(p)), p)

hosts = [None, "localhost", "\uff4c\uff4f\uff43\uff41\uff4c\uff48\uff4f\uff53\uff54", "127.0.0.1", "::1", "127.1", "0x7f.0.0.1", "", "fe80::1%lo", "fe80::1%1", "vm",
         "1.2.3.4", "::ffff:1.2.3.4"]
ports = [None, "80", "http", "nonexistent-svc", "-1", "i:70000", "i:0", "i:-1", "i:443", "i:-9223372036854775808",
         "i:4294967376", "", " 80", "80 "]
cases = []
for h in hosts:
    for p in ports:
        cases.append((h, p, 0, S.SOCK_STREAM, 0))
for h in ["localhost", "127.0.0.1", "::1", None, "vm"]:
    for fam in (0, S.AF_INET, S.AF_INET6, S.AF_UNIX):
        for typ in (0, S.SOCK_STREAM, S.SOCK_DGRAM, S.SOCK_RAW):
            cases.append((h, "80", fam, typ, 0))
for h in ["localhost", "127.0.0.1", "::1", None, "1.2.3.4"]:
    for fl in (S.AI_PASSIVE, S.AI_CANONNAME, S.AI_NUMERICHOST, S.AI_NUMERICSERV, S.AI_CANONNAME | S.AI_NUMERICHOST,
               S.AI_ADDRCONFIG, S.AI_V4MAPPED, S.AI_V4MAPPED | S.AI_ALL, 0x10000):
        for fam in (0, S.AF_INET6):
            cases.append((h, "http", fam, S.SOCK_STREAM, fl))
# One name that is in no local file: the resolver's own "not found" (a DNS query here).
cases.append(("nonexistent.invalid", "80", 0, S.SOCK_STREAM, 0))
for h, p, fam, typ, fl in cases:
    pv = None if p is None else int(p[2:]) if p.startswith("i:") else p
    emit("gai", lambda h=h, pv=pv, fam=fam, typ=typ, fl=fl: gai_text(S.getaddrinfo(h, pv, fam, typ, 0, fl)),
         arg(h), arg(p), fam, typ, fl)

for h in ("127.0.0.1", "::1", "localhost", "fe80::1", "1.2.3.4", "::ffff:127.0.0.1", "127.1", ""):
    for port in (80, 22, 0, 70000, 31337):
        for fl in (S.NI_NUMERICHOST, S.NI_NUMERICHOST | S.NI_NUMERICSERV, S.NI_NUMERICHOST | S.NI_DGRAM,
                   S.NI_NUMERICHOST | S.NI_NAMEREQD):
            emit("gni", lambda h=h, port=port, fl=fl: "|".join(S.getnameinfo((h, port), fl)), h, port, fl)
for fl in (0, S.NI_NUMERICSERV, S.NI_NOFQDN, S.NI_NAMEREQD):
    emit("gni", lambda fl=fl: "|".join(S.getnameinfo(("127.0.0.1", 22), fl)), "127.0.0.1", 22, fl)
emit("gni6", lambda: "|".join(S.getnameinfo(("fe80::1", 80, 0, 1), S.NI_NUMERICHOST | S.NI_NUMERICSERV)),
     "fe80::1", 80, 0, 1, S.NI_NUMERICHOST | S.NI_NUMERICSERV)
emit("gni6", lambda: "|".join(S.getnameinfo(("::1", 80, 1048576, 0), S.NI_NUMERICHOST)), "::1", 80, 1048576, 0,
     S.NI_NUMERICHOST)
emit("gni6", lambda: "|".join(S.getnameinfo(("::1", 80, 5, 0), S.NI_NUMERICHOST | S.NI_NUMERICSERV)), "::1", 80, 5, 0,
     S.NI_NUMERICHOST | S.NI_NUMERICSERV)

for h in ("localhost", "\uff4c\uff4f\uff43\uff41\uff4c\uff48\uff4f\uff53\uff54", "127.1", "", "<broadcast>", "255.255.255.255", "::1", "0x7f.0.0.1", "vm", "runsc",
          "nonexistent.invalid", "1.2.3.4", "1.2.3.4.5"):
    emit("ghbn", lambda h=h: S.gethostbyname(h), h)
for h in ("localhost", "", "127.0.0.1", "vm", "nonexistent.invalid", "::1", "127.1", "<broadcast>"):
    emit("ghbn_ex", lambda h=h: hostent_text(S.gethostbyname_ex(h)), h)
for h in ("127.0.0.1", "localhost", "", "<broadcast>", "nonexistent.invalid", "vm", "::1", "1.2.3.4.5", "127.1"):
    emit("ghba", lambda h=h: hostent_text(S.gethostbyaddr(h)), h)
for n in ("lo", "nonexistent0", "", "x" * 20):
    emit("nametoindex", lambda n=n: str(S.if_nametoindex(n)), n)
for i in (0, 1, 99999):
    emit("indextoname", lambda i=i: S.if_indextoname(i), i)
for n in ("localhost", "", "127.0.0.1", "  localhost  ", "nonexistent.invalid", "0.0.0.0"):
    emit("fqdn", lambda n=n: S.getfqdn(n), n)
