// SPDX-License-Identifier: MIT

//go:build linux

package socketx

import (
	"errors"
	"os"
	"strings"
	"syscall"
	"testing"
)

// closeInfos releases the addresses of a GetAddrInfo result.
func closeInfos(infos []AddrInfo) {
	for _, ai := range infos {
		ai.Addr.Close()
	}
}

func hostPort(t *testing.T, a *Addr) (string, int) {
	t.Helper()
	return must(a.Host())(t), must(a.Port())(t)
}

func wantCode(t *testing.T, what string, err error, c Code) {
	t.Helper()
	if !errors.Is(err, c) {
		t.Fatalf("%s: want %s, got %v", what, c.Name(), err)
	}
}

func TestGetAddrInfo(t *testing.T) {
	// localhost and the "http" service come from /etc/hosts and /etc/services.
	infos := must(GetAddrInfo("localhost", "http", AF_INET, SOCK_STREAM, 0, 0))(t)
	defer closeInfos(infos)
	if len(infos) == 0 {
		t.Fatal("no result for localhost")
	}
	for _, ai := range infos {
		if ai.Family != AF_INET || ai.Type != SOCK_STREAM || ai.Proto != IPPROTO_TCP || ai.CanonName != "" {
			t.Fatalf("entry %+v", ai)
		}
		if h, p := hostPort(t, ai.Addr); h != "127.0.0.1" || p != 80 {
			t.Fatalf("localhost http: %s %d", h, p)
		}
	}

	// With type 0 glibc gives a stream, a datagram and a raw entry per address.
	all := must(GetAddrInfoPort("127.0.0.1", 8080, AF_INET, 0, 0, AI_NUMERICHOST))(t)
	defer closeInfos(all)
	types := map[int]bool{}
	for _, ai := range all {
		types[ai.Type] = true
		if _, p := hostPort(t, ai.Addr); p != 8080 {
			t.Fatalf("port %d", p)
		}
	}
	if !types[SOCK_STREAM] || !types[SOCK_DGRAM] {
		t.Fatalf("types %v", types)
	}

	// A numeric port is not range-checked, as in Python: glibc keeps 16 bits.
	wrapped := must(GetAddrInfoPort("127.0.0.1", 70000, AF_INET, SOCK_STREAM, 0, 0))(t)
	defer closeInfos(wrapped)
	if _, p := hostPort(t, wrapped[0].Addr); p != 4464 {
		t.Fatalf("port 70000 gave %d", p)
	}

	canon := must(GetAddrInfo("localhost", "", AF_INET, SOCK_STREAM, 0, AI_CANONNAME))(t)
	defer closeInfos(canon)
	if canon[0].CanonName != "localhost" {
		t.Fatalf("canonical name %q", canon[0].CanonName)
	}
	// "" port is Python's None: port 0.
	if _, p := hostPort(t, canon[0].Addr); p != 0 {
		t.Fatalf("no service gave port %d", p)
	}

	// "" host is Python's None: the wildcard with AI_PASSIVE, else the loopback.
	passive := must(GetAddrInfo("", "80", AF_INET, SOCK_STREAM, 0, AI_PASSIVE))(t)
	defer closeInfos(passive)
	if h, _ := hostPort(t, passive[0].Addr); h != "0.0.0.0" {
		t.Fatalf("passive wildcard %s", h)
	}
	loop := must(GetAddrInfoPort("", 80, AF_INET, SOCK_STREAM, 0, 0))(t)
	defer closeInfos(loop)
	if h, _ := hostPort(t, loop[0].Addr); h != "127.0.0.1" {
		t.Fatalf("None host %s", h)
	}
}

func TestGetAddrInfoErrors(t *testing.T) {
	_, err := GetAddrInfo("no-such-host.invalid", "80", 0, SOCK_STREAM, 0, 0)
	var re *ResolverError
	if !errors.As(err, &re) || re.Host != "no-such-host.invalid" || re.Op != "getaddrinfo" {
		t.Fatalf("unknown host: %T %v", err, err)
	}
	_, err = GetAddrInfo("127.0.0.1", "no-such-service", AF_INET, SOCK_STREAM, 0, 0)
	if !errors.As(err, &re) || re.Code.Name() != "SX_EAI_SERVICE" {
		t.Fatalf("unknown service: %v", err)
	}
	_, err = GetAddrInfoPort("127.0.0.1", -1, AF_INET, SOCK_STREAM, 0, 0)
	if !errors.As(err, &re) || re.Code.Name() != "SX_EAI_SERVICE" {
		t.Fatalf("port -1: %v", err)
	}
	_, err = GetAddrInfo("localhost", "", AF_INET, SOCK_STREAM, 0, AI_NUMERICHOST)
	if !errors.As(err, &re) || !re.NotFound() {
		t.Fatalf("name with AI_NUMERICHOST: %v", err)
	}
	// Embedded NULs never reach C, which would resolve "local" or "ht".
	_, err = GetAddrInfo("local\x00host", "80", 0, 0, 0, 0)
	wantCode(t, "NUL host", err, ErrArg)
	_, err = GetAddrInfo("localhost", "ht\x00tp", 0, 0, 0, 0)
	wantCode(t, "NUL port", err, ErrArg)
	_, err = GetAddrInfo("localhost", "80", 1<<32|AF_INET, 0, 0, 0)
	wantCode(t, "family beyond int32", err, ErrOutOfRange)
	_, err = GetAddrInfoPort("local\x00host", 80, 0, 0, 0, 0)
	wantCode(t, "NUL host (int port)", err, ErrArg)
}

func TestGetNameInfo(t *testing.T) {
	a := must(InetAddr("127.0.0.1", 80))(t)
	defer a.Close()
	h, s, err := GetNameInfo(a, NI_NUMERICHOST|NI_NUMERICSERV)
	if err != nil || h != "127.0.0.1" || s != "80" {
		t.Fatalf("numeric: %q %q %v", h, s, err)
	}
	h, s, err = GetNameInfo(a, 0)
	if err != nil || h != "localhost" || s != "http" {
		t.Fatalf("names: %q %q %v", h, s, err)
	}
	h, s, err = GetNameInfoHost("127.0.0.1", 22, 0, 0, 0)
	if err != nil || h != "localhost" || s != "ssh" {
		t.Fatalf("host form: %q %q %v", h, s, err)
	}
	h, s, err = GetNameInfoHost("::1", 443, 0, 0, NI_NUMERICHOST|NI_NUMERICSERV)
	if err != nil || h != "::1" || s != "443" {
		t.Fatalf("IPv6: %q %q %v", h, s, err)
	}

	// The host must be numeric, as in Python.
	_, _, err = GetNameInfoHost("localhost", 80, 0, 0, 0)
	var re *ResolverError
	if !errors.As(err, &re) || !re.NotFound() || re.Host != "localhost" {
		t.Fatalf("name host: %v", err)
	}
	_, _, err = GetNameInfoHost("127.0.0.1", 80, 1, 0, 0)
	wantCode(t, "IPv4 with flowinfo", err, ErrArg)
	_, _, err = GetNameInfoHost("::1", 80, 0x100000, 0, 0)
	wantCode(t, "flowinfo range", err, ErrOutOfRange)
	_, _, err = GetNameInfoHost("127.0.0.1", 1<<40, 0, 0, 0)
	wantCode(t, "port beyond int32", err, ErrOutOfRange)
	_, _, err = GetNameInfoHost("127.0.0.1\x00junk", 80, 0, 0, 0)
	wantCode(t, "NUL host", err, ErrArg)
	u := must(UnixAddr("/tmp/x"))(t)
	defer u.Close()
	_, _, err = GetNameInfo(u, 0)
	wantCode(t, "AF_UNIX address", err, ErrArg)
	a.Close()
	_, _, err = GetNameInfo(a, 0)
	wantCode(t, "closed address", err, ErrBadHandle)
}

func TestHostDatabase(t *testing.T) {
	for name, want := range map[string]string{"localhost": "127.0.0.1", "": "0.0.0.0", "127.1": "127.0.0.1", "<broadcast>": "255.255.255.255"} {
		if got := must(GetHostByName(name))(t); got != want {
			t.Fatalf("gethostbyname(%q) = %q, want %q", name, got, want)
		}
	}
	_, err := GetHostByName("no-such-host.invalid")
	var re *ResolverError
	if !errors.As(err, &re) || re.Host != "no-such-host.invalid" || !strings.HasPrefix(re.Code.Name(), "SX_EAI_") {
		t.Fatalf("unknown host: %v", err)
	}

	he := must(GetHostByNameEx("localhost"))(t)
	if he.Name != "localhost" || !contains(he.Addrs, "127.0.0.1") {
		t.Fatalf("gethostbyname_ex: %+v", he)
	}
	// A numeric address is its own entry, as in Python: ('127.0.0.1', [], ['127.0.0.1']).
	if he := must(GetHostByNameEx("127.0.0.1"))(t); he.Name != "127.0.0.1" || len(he.Aliases) != 0 || len(he.Addrs) != 1 || he.Addrs[0] != "127.0.0.1" {
		t.Fatalf("gethostbyname_ex(127.0.0.1): %+v", he)
	}
	back := must(GetHostByAddr("127.0.0.1"))(t)
	if back.Name != "localhost" && !contains(back.Aliases, "localhost") || !contains(back.Addrs, "127.0.0.1") {
		t.Fatalf("gethostbyaddr: %+v", back)
	}
	_, err = GetHostByNameEx("no-such-host.invalid")
	if !errors.As(err, &re) || !re.Code.IsResolver() {
		t.Fatalf("gethostbyname_ex unknown: %v", err)
	}
	_, err = GetHostByAddr("")
	wantCode(t, "gethostbyaddr wildcard", err, ErrArg)
	_, err = GetHostByNameEx("a\x00b")
	wantCode(t, "NUL name", err, ErrArg)
	_, err = GetHostByAddr("127.0.0.1\x00")
	wantCode(t, "NUL address", err, ErrArg)
	_, err = GetHostByName("local\x00host")
	wantCode(t, "NUL gethostbyname", err, ErrArg)
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func TestHostnameAndFQDN(t *testing.T) {
	host := must(Hostname())(t)
	if want, _ := os.Hostname(); host != want {
		t.Fatalf("hostname %q, os %q", host, want)
	}
	// Never change the machine's name: set it to what it is. Root may (unless a container
	// withholds CAP_SYS_ADMIN); others get EPERM.
	err := SetHostname(host)
	switch {
	case err == nil && os.Geteuid() != 0:
		t.Fatal("sethostname succeeded without root")
	case errors.Is(err, syscall.EPERM):
		t.Logf("sethostname: %v", err)
	default:
		ok(t, err)
	}
	if after := must(Hostname())(t); after != host {
		t.Fatalf("hostname changed to %q", after)
	}
	wantCode(t, "NUL sethostname", SetHostname(host+"\x00x"), ErrArg)

	if fq := must(GetFQDN(""))(t); fq == "" {
		t.Fatal("empty FQDN for this host")
	}
	if fq := must(GetFQDN("localhost"))(t); fq != "localhost" && !strings.HasPrefix(fq, "localhost.") {
		t.Fatalf("getfqdn(localhost) = %q", fq)
	}
	// A failed lookup is not an error: the stripped name comes back.
	if fq := must(GetFQDN("  no-such-host.invalid "))(t); fq != "no-such-host.invalid" {
		t.Fatalf("getfqdn(unknown) = %q", fq)
	}
	_, err = GetFQDN("x\x00")
	wantCode(t, "NUL getfqdn", err, ErrArg)
}

func TestProtocolsAndServices(t *testing.T) {
	for _, name := range []string{"tcp", "TCP"} {
		if p := must(GetProtoByName(name))(t); p != 6 {
			t.Fatalf("getprotobyname(%s) = %d", name, p)
		}
	}
	_, err := GetProtoByName("no-such-protocol")
	wantCode(t, "unknown protocol", err, ErrNotFound)

	if p := must(GetServByName("http", "tcp"))(t); p != 80 {
		t.Fatalf("http/tcp = %d", p)
	}
	if p := must(GetServByName("domain", ""))(t); p != 53 {
		t.Fatalf("domain/any = %d", p)
	}
	_, err = GetServByName("no-such-service", "tcp")
	wantCode(t, "unknown service", err, ErrNotFound)
	_, err = GetServByName("http", "no-such-proto")
	wantCode(t, "unknown proto", err, ErrNotFound)

	if s := must(GetServByPort(80, "tcp"))(t); s != "http" {
		t.Fatalf("80/tcp = %q", s)
	}
	if s := must(GetServByPort(22, ""))(t); s != "ssh" {
		t.Fatalf("22/any = %q", s)
	}
	_, err = GetServByPort(65000, "tcp")
	wantCode(t, "unknown port", err, ErrNotFound)
	for _, p := range []int{-1, 65536, 1 << 40} {
		_, err = GetServByPort(p, "tcp")
		wantCode(t, "port range", err, ErrOutOfRange)
	}
	_, err = GetServByName("ht\x00tp", "tcp")
	wantCode(t, "NUL service", err, ErrArg)
	_, err = GetServByPort(80, "tcp\x00")
	wantCode(t, "NUL proto", err, ErrArg)
	_, err = GetProtoByName("tcp\x00")
	wantCode(t, "NUL protocol", err, ErrArg)
}
