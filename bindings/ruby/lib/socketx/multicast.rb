# SPDX-License-Identifier: MIT
# frozen_string_literal: true

module Socketx
  # Joining and leaving IPv4 and IPv6 multicast groups, one call each (socketx/multicast.h),
  # instead of Python's hand-packed ip_mreq/ipv6_mreq/group_source_req. A group or source is
  # an Addr or a host String ("239.1.2.3", "ff02::1:3"; a port is ignored); an interface is
  # an index (0: the kernel's choice by its routes) or a name ("lo").
  class Socket
    def join_multicast(group, interface = 0)
      g = mcast_addr(group)
      Native.sx_socket_multicast_join(handle, g.handle, mcast_ifindex(interface))
      self
    end

    def leave_multicast(group, interface = 0)
      g = mcast_addr(group)
      Native.sx_socket_multicast_leave(handle, g.handle, mcast_ifindex(interface))
      self
    end

    # IPv4, by the interface's local address (IP_ADD_MEMBERSHIP): interface an AF_INET Addr
    # or a host String, nil for INADDR_ANY.
    def join_multicast_v4(group, interface = nil)
      g = mcast_addr(group)
      i = interface.nil? ? nil : mcast_addr(interface)
      Native.sx_socket_multicast_join_v4(handle, g.handle, i ? i.handle : 0)
      self
    end

    def leave_multicast_v4(group, interface = nil)
      g = mcast_addr(group)
      i = interface.nil? ? nil : mcast_addr(interface)
      Native.sx_socket_multicast_leave_v4(handle, g.handle, i ? i.handle : 0)
      self
    end

    # Source-specific multicast (MCAST_JOIN_SOURCE_GROUP): what source sends to group.
    def join_source_multicast(group, source, interface = 0)
      g = mcast_addr(group)
      s = mcast_addr(source)
      Native.sx_socket_multicast_join_source(handle, g.handle, s.handle, mcast_ifindex(interface))
      self
    end

    def leave_source_multicast(group, source, interface = 0)
      g = mcast_addr(group)
      s = mcast_addr(source)
      Native.sx_socket_multicast_leave_source(handle, g.handle, s.handle, mcast_ifindex(interface))
      self
    end

    private

    def mcast_addr(host)
      host.is_a?(String) ? Addr.coerce([host, 0]) : Addr.coerce(host)
    end

    def mcast_ifindex(interface)
      interface.is_a?(Integer) ? interface : Socketx.if_nametoindex(interface)
    end
  end
end
