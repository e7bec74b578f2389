# SPDX-License-Identifier: MIT
# frozen_string_literal: true

module Socketx
  # An AF_PACKET link-layer address: Python's (ifname, proto, pkttype, hatype, addr).
  # protocol is the ethertype in host order; haddr the hardware address bytes (at most 8).
  # Text form "packet:<ifname>:0x<proto>:<pkttype>:<hatype>:<hh:hh:...>".
  class PacketAddr < Addr
    register :AF_PACKET

    # interface: a name ("lo"), or an index (Integer; 0 binds to every interface).
    def self.new(interface, protocol = 0, pkttype: Socketx::PACKET_HOST, hatype: 0, haddr: "".b)
      h = if interface.is_a?(Integer)
            Native.sx_addr_packet_index(interface, protocol, pkttype, hatype, haddr)
          else
            Native.sx_addr_packet(interface_name(interface), protocol, pkttype, hatype, haddr)
          end
      from_handle(h)
    end

    # Python's tuple: [ifname, proto, pkttype = PACKET_HOST, hatype = 0, addr = ""].
    def self.from_tuple(tuple, _protocol = nil)
      ifname, proto, pkttype, hatype, haddr = tuple_of(tuple, 2..5, "(ifname, proto[, pkttype[, hatype[, addr]]])")
      new(ifname, proto, pkttype: pkttype || Socketx::PACKET_HOST, hatype: hatype || 0, haddr: haddr || "".b)
    end

    # The interface's name now (Socketx::NotFoundError when the index names none).
    def ifname
      Native.sx_addr_packet_ifname(handle)
    end

    def ifindex
      Native.sx_addr_packet_ifindex(handle)
    end

    # The ethertype, host order.
    def protocol
      Native.sx_addr_packet_protocol(handle)
    end

    # PACKET_HOST, PACKET_BROADCAST, ..., PACKET_OUTGOING.
    def pkttype
      Native.sx_addr_packet_pkttype(handle)
    end

    # The ARPHRD_* hardware type.
    def hatype
      Native.sx_addr_packet_hatype(handle)
    end

    # The hardware address, a binary String of 0..8 bytes.
    def haddr
      Native.sx_addr_packet_haddr(handle)
    end

    def to_a
      [ifname, protocol, pkttype, hatype, haddr]
    end
  end

  class Socket
    # Add (join: true) or drop a link-layer membership of an AF_PACKET socket
    # (PACKET_ADD_MEMBERSHIP/PACKET_DROP_MEMBERSHIP): type PACKET_MR_PROMISC, _ALLMULTI,
    # _MULTICAST or _UNICAST (the last two with haddr, the address bytes); interface a name
    # or an index.
    def packet_membership(interface, type, haddr = nil, join: true)
      ifindex = interface.is_a?(Integer) ? interface : Socketx.if_nametoindex(interface)
      Native.sx_socket_packet_membership(handle, join ? 1 : 0, ifindex, type, haddr)
      self
    end
  end
end
