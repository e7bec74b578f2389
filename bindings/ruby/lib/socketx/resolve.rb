# SPDX-License-Identifier: MIT
# frozen_string_literal: true

module Socketx
  # One getaddrinfo result: what Python's getaddrinfo tuple holds, with an Addr.
  AddrInfo = Struct.new(:family, :type, :proto, :canonname, :address)

  # Python's socket._GLOBAL_DEFAULT_TIMEOUT for create_connection: keep the module default
  # (SX_TIMEOUT_DEFAULT in socketx/connect.h).
  TIMEOUT_DEFAULT = -2.0

  # The resolver, interface, conversion and connection functions of Python's socket module.
  # They need the shared interface (bindings/swig/socketx.i) to include socketx/resolve.h,
  # convert.h, netif.h, list.h and connect.h; Socketx.resolver_bound? says whether it does.
  class << self
    def resolver_bound?
      Native.respond_to?(:sx_getaddrinfo)
    end

    # getaddrinfo(host, port, family, type, proto, flags) => [AddrInfo, ...]. host nil: any
    # or loopback (AI_PASSIVE decides); port an Integer, a service name or nil.
    def getaddrinfo(host, port, family = 0, type = 0, proto = 0, flags = 0)
      list = if port.is_a?(Integer)
               Native.sx_getaddrinfo_port(host, port, family, type, proto, flags)
             else
               Native.sx_getaddrinfo(host, port&.to_s, family, type, proto, flags)
             end
      with_list(list) do |l|
        Array.new(Native.sx_list_count(l)) do |i|
          fam, typ, pro = Native.sx_addrinfo_entry(l, i)
          AddrInfo.new(fam, typ, pro, Native.sx_addrinfo_canonname(l, i),
                       Addr.from_handle(Native.sx_addrinfo_addr(l, i)))
        end
      end
    end

    # getnameinfo(Addr or [host, port(, flowinfo, scope_id)], flags) => [host, service].
    def getnameinfo(address, flags = 0)
      if address.is_a?(Addr)
        Native.sx_getnameinfo(address.handle, flags)
      else
        host, port, flowinfo, scope_id = address
        Native.sx_getnameinfo_host(host.to_s, Integer(port), flowinfo || 0, scope_id || 0, flags)
      end
    end

    def gethostbyname(name)
      Native.sx_gethostbyname(name.to_s)
    end

    # [name, aliases, addresses], as Python's gethostbyname_ex.
    def gethostbyname_ex(name)
      hostent(Native.sx_gethostbyname_ex(name.to_s))
    end

    # [name, aliases, addresses] for an IP address, as Python's gethostbyaddr.
    def gethostbyaddr(ip)
      hostent(Native.sx_gethostbyaddr(ip.to_s))
    end

    def getfqdn(name = "")
      Native.sx_getfqdn(name.to_s)
    end

    def gethostname
      Native.sx_gethostname
    end

    def sethostname(name)
      Native.sx_sethostname(name.to_s)
    end

    def getprotobyname(name)
      Native.sx_getprotobyname(name.to_s)
    end

    def getservbyname(name, proto = nil)
      Native.sx_getservbyname(name.to_s, proto)
    end

    def getservbyport(port, proto = nil)
      Native.sx_getservbyport(port, proto)
    end

    # [[index, name], ...] of the network interfaces.
    def if_nameindex
      with_list(Native.sx_if_nameindex) do |l|
        Array.new(Native.sx_list_count(l)) { |i| [Native.sx_ifentry_index(l, i), Native.sx_ifentry_name(l, i)] }
      end
    end

    def if_nametoindex(name)
      Native.sx_if_nametoindex(name.to_s)
    end

    def if_indextoname(index)
      Native.sx_if_indextoname(index)
    end

    # Packed binary addresses (binary Strings) and their text forms.
    def inet_aton(ip) = Native.sx_inet_aton(ip.to_s)
    def inet_ntoa(packed) = Native.sx_inet_ntoa(packed)
    def inet_pton(family, ip) = Native.sx_inet_pton(family, ip.to_s)
    def inet_ntop(family, packed) = Native.sx_inet_ntop(family, packed)
    def htonl(x) = Native.sx_htonl(x)
    def ntohl(x) = Native.sx_ntohl(x)
    def htons(x) = Native.sx_htons(x)
    def ntohs(x) = Native.sx_ntohs(x)
    def cmsg_len(length) = Native.sx_cmsg_len(length)
    def cmsg_space(length) = Native.sx_cmsg_space(length)

    def has_ipv6?
      Native.sx_has_ipv6
    end

    def has_dualstack_ipv6?
      Native.sx_has_dualstack_ipv6
    end

    # Python's create_connection: resolve host, try each address, return the connected
    # Socket. timeout: seconds, nil (blocking) or TIMEOUT_DEFAULT; source: an Addr to bind
    # first. happy_eyeballs: race the addresses (RFC 8305). The call runs without the GVL.
    def create_connection(host, port, timeout: TIMEOUT_DEFAULT, source: nil, happy_eyeballs: false)
      t = timeout.nil? ? -1.0 : Float(timeout)
      src = source ? Addr.coerce(source).handle : 0
      h = if happy_eyeballs
            _errors, handle = Native.sx_create_connection_ex(host.to_s, Integer(port), t, src,
                                                             Native::SX_CONNECT_HAPPY_EYEBALLS)
            handle
          else
            Native.sx_create_connection(host.to_s, Integer(port), t, src)
          end
      Socket.from_handle(h)
    end

    # Python's create_server: a listening TCP socket on address ([host, port] or Addr).
    def create_server(address, backlog: nil, reuse_port: false, dualstack_ipv6: false)
      a = Addr.coerce(address)
      h = Native.sx_create_server(a.handle, backlog.nil? ? Native::SX_BACKLOG_DEFAULT : backlog,
                                  reuse_port ? 1 : 0, dualstack_ipv6 ? 1 : 0)
      Socket.from_handle(h)
    end

    # Python's socket.close(fd) and socket.dup(fd), for raw descriptors.
    def close_fd(fd) = Native.sx_fd_close(fd)
    def dup_fd(fd) = Native.sx_fd_dup(fd)

    private

    def with_list(list)
      yield list
    ensure
      Native.sx_list_close(list) if list
    end

    def hostent(list)
      with_list(list) do |l|
        addrs = Array.new(Native.sx_list_count(l)) { |k| Native.sx_hostent_addr(l, k) }
        aliases = Array.new(Native.sx_hostent_alias_count(l)) { |k| Native.sx_hostent_alias(l, k) }
        [Native.sx_hostent_name(l), aliases, addrs]
      end
    end
  end
end
