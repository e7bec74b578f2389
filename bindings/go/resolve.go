// SPDX-License-Identifier: MIT

//go:build linux

package socketx

import (
	"runtime"

	"github.com/libsocketx/libsocketx/bindings/go/internal/native"
)

// Name resolution: Python's getaddrinfo, getnameinfo, the host database, host names,
// protocols and services. Every function here may block in the resolver (files, DNS);
// it then holds its OS thread, as package net's cgo resolver does.
//
// Failures: *ResolverError for getaddrinfo/getnameinfo (SX_EAI_*) and host database
// (SX_EHOST_*) codes; *Error with ErrNotFound for an unknown protocol or service; *Error
// with ErrArg for a string with an embedded NUL (C would silently cut it there).

// Flags of GetAddrInfo and GetNameInfo, with this platform's values.
const (
	AI_PASSIVE     = native.SX_AI_PASSIVE
	AI_CANONNAME   = native.SX_AI_CANONNAME
	AI_NUMERICHOST = native.SX_AI_NUMERICHOST
	AI_NUMERICSERV = native.SX_AI_NUMERICSERV
	AI_ADDRCONFIG  = native.SX_AI_ADDRCONFIG
	AI_V4MAPPED    = native.SX_AI_V4MAPPED
	AI_ALL         = native.SX_AI_ALL
	NI_NUMERICHOST = native.SX_NI_NUMERICHOST
	NI_NUMERICSERV = native.SX_NI_NUMERICSERV
	NI_NAMEREQD    = native.SX_NI_NAMEREQD
	NI_NOFQDN      = native.SX_NI_NOFQDN
	NI_DGRAM       = native.SX_NI_DGRAM
)

// AddrInfo is one result of GetAddrInfo: Python's (family, type, proto, canonname,
// sockaddr) tuple. Addr is owned by the caller (Close it, or let the collector).
type AddrInfo struct {
	Family    int
	Type      int
	Proto     int
	CanonName string // "" unless AI_CANONNAME was given, and then only on the first entry
	Addr      *Addr
}

// GetAddrInfo resolves a host and a service: Python's socket.getaddrinfo with a str
// port. "" stands for Python's None in both: the host is then the wildcard (with
// AI_PASSIVE) or the loopback address, the port 0. (An empty name never resolves, so
// nothing is lost.) family, typ, proto and flags may be 0.
func GetAddrInfo(host, port string, family, typ, proto, flags int) ([]AddrInfo, error) {
	if err := checkStrings("getaddrinfo", host, port); err != nil {
		return nil, err
	}
	if err := int32Args("getaddrinfo", family, typ, proto, flags); err != nil {
		return nil, err
	}
	return addrInfoList(host, func(out *uint64) int {
		return native.Sx_getaddrinfo(host, port, family, typ, proto, flags, out)
	})
}

// GetAddrInfoPort is GetAddrInfo with a numeric port, which is formatted as Python
// formats an int port (no range check: glibc keeps 16 bits, a negative port fails with
// SX_EAI_SERVICE).
func GetAddrInfoPort(host string, port int, family, typ, proto, flags int) ([]AddrInfo, error) {
	if err := checkString("getaddrinfo", host); err != nil {
		return nil, err
	}
	if err := int32Args("getaddrinfo", family, typ, proto, flags); err != nil {
		return nil, err
	}
	return addrInfoList(host, func(out *uint64) int {
		return native.Sx_getaddrinfo_port(host, int64(port), family, typ, proto, flags, out)
	})
}

func addrInfoList(host string, resolve func(out *uint64) int) ([]AddrInfo, error) {
	var l uint64
	if err := call("getaddrinfo", func() int { return resolve(&l) }); err != nil {
		return nil, withHost(err, host)
	}
	var infos []AddrInfo
	err := readList("getaddrinfo", l, func(i uint32) error {
		var fam, typ, proto int32
		if st := native.Sx_addrinfo_entry(l, uint(i), &fam, &typ, &proto); st < 0 {
			return newError("addrinfo_entry", st)
		}
		canon, err := readString("addrinfo_canonname", 64, func(b []byte) int {
			return native.Sx_addrinfo_canonname(l, uint(i), b)
		})
		if err != nil {
			return err
		}
		a, err := addrFrom("addrinfo_addr", func(out *uint64) int { return native.Sx_addrinfo_addr(l, uint(i), out) })
		if err != nil {
			return err
		}
		infos = append(infos, AddrInfo{Family: int(fam), Type: int(typ), Proto: int(proto), CanonName: string(canon), Addr: a})
		return nil
	})
	if err != nil {
		for _, ai := range infos {
			ai.Addr.Close()
		}
		return nil, err
	}
	return infos, nil
}

// nameInfoSize holds any getnameinfo result (NI_MAXHOST, with room to spare for a
// "%scope" suffix); readTwoStrings retries should one ever be longer.
const nameInfoSize = native.SX_NI_MAXHOST + 64

// GetNameInfo translates an AF_INET or AF_INET6 address to a host and a service:
// Python's socket.getnameinfo for an address already built.
func GetNameInfo(a *Addr, flags int) (host, service string, err error) {
	if err := int32Args("getnameinfo", flags); err != nil {
		return "", "", err
	}
	h := a.handle()
	host, service, err = readTwoStrings("getnameinfo", nameInfoSize, func(hb, sb []byte) int {
		return native.Sx_getnameinfo(h, flags, hb, sb)
	})
	runtime.KeepAlive(a)
	return host, service, err
}

// GetNameInfoHost is Python's socket.getnameinfo((host, port, flowinfo, scopeID), flags)
// exactly: the host must be numeric, and flowinfo and scopeID must be 0 for IPv4.
func GetNameInfoHost(host string, port int, flowinfo, scopeID uint32, flags int) (string, string, error) {
	if err := checkString("getnameinfo", host); err != nil {
		return "", "", err
	}
	if err := int32Args("getnameinfo", port, flags); err != nil {
		return "", "", err
	}
	h, s, err := readTwoStrings("getnameinfo", nameInfoSize, func(hb, sb []byte) int {
		return native.Sx_getnameinfo_host(host, port, uint(flowinfo), uint(scopeID), flags, hb, sb)
	})
	return h, s, withHost(err, host)
}

// GetHostByName resolves a host name to one IPv4 address in dotted-quad form: Python's
// socket.gethostbyname ("" gives "0.0.0.0"). Failures are *ResolverError.
func GetHostByName(name string) (string, error) {
	if err := checkString("gethostbyname", name); err != nil {
		return "", err
	}
	b, err := readStringDetail("gethostbyname", 16, func(buf []byte) int { return native.Sx_gethostbyname(name, buf) })
	return string(b), withHost(err, name)
}

// HostEnt is a host database entry: Python's (hostname, aliaslist, ipaddrlist).
type HostEnt struct {
	Name    string
	Aliases []string
	Addrs   []string // textual addresses ("127.0.0.1", "::1")
}

// GetHostByNameEx looks a name up in the host database (IPv4): Python's
// socket.gethostbyname_ex.
func GetHostByNameEx(name string) (*HostEnt, error) {
	if err := checkString("gethostbyname_ex", name); err != nil {
		return nil, err
	}
	return hostEnt("gethostbyname_ex", name, func(out *uint64) int { return native.Sx_gethostbyname_ex(name, out) })
}

// GetHostByAddr looks an address (or a name, resolved first) up in the host database:
// Python's socket.gethostbyaddr. An address without a name gives a *ResolverError with
// SX_EHOST_NOT_FOUND.
func GetHostByAddr(ip string) (*HostEnt, error) {
	if err := checkString("gethostbyaddr", ip); err != nil {
		return nil, err
	}
	return hostEnt("gethostbyaddr", ip, func(out *uint64) int { return native.Sx_gethostbyaddr(ip, out) })
}

func hostEnt(op, name string, lookup func(out *uint64) int) (*HostEnt, error) {
	var l uint64
	if err := call(op, func() int { return lookup(&l) }); err != nil {
		return nil, withHost(err, name)
	}
	he := &HostEnt{}
	// The name and aliases are read before readList, which closes the list at the end.
	nb, err := readString("hostent_name", 64, func(b []byte) int { return native.Sx_hostent_name(l, b) })
	if err != nil {
		native.Sx_list_close(l)
		return nil, err
	}
	he.Name = string(nb)
	var na uint32
	if st := native.Sx_hostent_alias_count(l, &na); st < 0 {
		native.Sx_list_close(l)
		return nil, newError("hostent_alias_count", st)
	}
	for i := uint32(0); i < na; i++ {
		ab, err := readString("hostent_alias", 64, func(b []byte) int { return native.Sx_hostent_alias(l, uint(i), b) })
		if err != nil {
			native.Sx_list_close(l)
			return nil, err
		}
		he.Aliases = append(he.Aliases, string(ab))
	}
	err = readList(op, l, func(i uint32) error {
		ab, err := readString("hostent_addr", 46, func(b []byte) int { return native.Sx_hostent_addr(l, uint(i), b) })
		if err == nil {
			he.Addrs = append(he.Addrs, string(ab))
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return he, nil
}

// GetFQDN returns a fully qualified name for name ("" for this host): Python's
// socket.getfqdn. Lookup failures are not errors: the name itself is returned then.
func GetFQDN(name string) (string, error) {
	if err := checkString("getfqdn", name); err != nil {
		return "", err
	}
	b, err := readStringDetail("getfqdn", 64, func(buf []byte) int { return native.Sx_getfqdn(name, buf) })
	return string(b), err
}

// Hostname returns this host's name: Python's socket.gethostname.
func Hostname() (string, error) {
	b, err := readStringDetail("gethostname", 64, native.Sx_gethostname)
	return string(b), err
}

// SetHostname sets this host's name (needs CAP_SYS_ADMIN): Python's socket.sethostname.
func SetHostname(name string) error {
	if err := checkString("sethostname", name); err != nil {
		return err
	}
	return call("sethostname", func() int { return native.Sx_sethostname(name) })
}

// GetProtoByName returns a protocol's number ("tcp" is 6): Python's
// socket.getprotobyname. An unknown name gives ErrNotFound.
func GetProtoByName(name string) (int, error) {
	if err := checkString("getprotobyname", name); err != nil {
		return 0, err
	}
	var p int32
	if err := call("getprotobyname", func() int { return native.Sx_getprotobyname(name, &p) }); err != nil {
		return 0, err
	}
	return int(p), nil
}

// GetServByName returns a service's port ("http" over "tcp" is 80): Python's
// socket.getservbyname. proto "" means any protocol. An unknown service gives ErrNotFound.
func GetServByName(name, proto string) (int, error) {
	if err := checkStrings("getservbyname", name, proto); err != nil {
		return 0, err
	}
	var p int32
	if err := call("getservbyname", func() int { return native.Sx_getservbyname(name, proto, &p) }); err != nil {
		return 0, err
	}
	return int(p), nil
}

// GetServByPort returns the name of the service on a port: Python's
// socket.getservbyport. proto "" means any protocol. A port outside 0..65535 gives
// ErrOutOfRange, an unknown one ErrNotFound.
func GetServByPort(port int, proto string) (string, error) {
	if err := checkString("getservbyport", proto); err != nil {
		return "", err
	}
	if err := int32Args("getservbyport", port); err != nil {
		return "", err
	}
	b, err := readStringDetail("getservbyport", 32, func(buf []byte) int { return native.Sx_getservbyport(port, proto, buf) })
	return string(b), err
}
