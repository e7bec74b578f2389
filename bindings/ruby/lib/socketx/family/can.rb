# SPDX-License-Identifier: MIT
# frozen_string_literal: true

require_relative "can_frame"

module Socketx
  # An AF_CAN address for CAN_RAW and CAN_BCM sockets: Python's (interface,), the interface
  # a name ("vcan0"), or "" for every interface. One sockaddr_can serves three protocols:
  # ISO-TP and J1939 addresses are the subclasses ISOTPAddr and J1939Addr, and an address a
  # socket returns comes back as the one of its socket's protocol. Text forms
  # "can:<ifname>", "can-isotp:<ifname>:<rx>:<tx>", "can-j1939:<ifname>:<name>:<pgn>:<addr>".
  class CANAddr < Addr
    register :AF_CAN

    def self.new(interface = "")
      from_handle(Native.sx_addr_can(interface_name(interface)))
    end

    # Python's tuple, by the socket's protocol: [interface] (CAN_RAW, CAN_BCM),
    # [interface, rx_id, tx_id] (CAN_ISOTP), [interface, name, pgn, addr] (CAN_J1939).
    def self.from_tuple(tuple, protocol = nil)
      case protocol
      when Socketx::CAN_ISOTP
        interface, rx_id, tx_id = tuple_of(tuple, 3..3, "(interface, rx_addr, tx_addr)")
        ISOTPAddr.new(interface, rx_id: rx_id, tx_id: tx_id)
      when J1939Addr::PROTOCOL
        interface, name, pgn, addr = tuple_of(tuple, 4..4, "(interface, name, pgn, addr)")
        J1939Addr.new(interface, name: name, pgn: pgn, addr: addr)
      else
        CANAddr.new(*tuple_of(tuple, 1..1, "(interface,)"))
      end
    end

    def self.layout_class(handle)
      case Native.sx_addr_can_protocol(handle)
      when Socketx::CAN_ISOTP then ISOTPAddr
      when J1939Addr::PROTOCOL then J1939Addr
      else CANAddr
      end
    end

    # The interface name; "" for every interface, or an index that names none now.
    def ifname
      Native.sx_addr_can_ifname(handle)
    end

    def ifindex
      Native.sx_addr_can_ifindex(handle)
    end

    # The layout the address holds: CAN_RAW (interface only, also for CAN_BCM), CAN_ISOTP
    # or CAN_J1939.
    def protocol
      Native.sx_addr_can_protocol(handle)
    end

    def to_a
      [ifname]
    end
  end

  # An AF_CAN address of a CAN_ISOTP socket: Python's (interface, rx_addr, tx_addr); the ids
  # carry CAN_EFF_FLAG for 29-bit ids.
  class ISOTPAddr < CANAddr
    def self.new(interface, rx_id:, tx_id:)
      from_handle(Native.sx_addr_can_isotp(interface_name(interface), u32(rx_id, "ISO-TP rx_id"),
                                           u32(tx_id, "ISO-TP tx_id")))
    end

    def rx_id
      Native.sx_addr_can_isotp_ids(handle)[0]
    end

    def tx_id
      Native.sx_addr_can_isotp_ids(handle)[1]
    end

    def to_a
      [ifname, *Native.sx_addr_can_isotp_ids(handle)]
    end
  end

  # An AF_CAN address of a CAN_J1939 socket: Python's (interface, name, pgn, addr), with
  # J1939_NO_NAME, J1939_NO_PGN and J1939_NO_ADDR for none.
  class J1939Addr < CANAddr
    # CAN_J1939 is 7 on Linux; Python names it only where the headers have it.
    PROTOCOL = Socketx::Constants.const_defined?(:CAN_J1939, false) ? Socketx::CAN_J1939 : 7

    def self.new(interface, name: Socketx::J1939_NO_NAME, pgn: Socketx::J1939_NO_PGN, addr: Socketx::J1939_NO_ADDR)
      name = check_range(name, 0..0xFFFF_FFFF_FFFF_FFFF, "J1939 name")
      from_handle(Native.sx_addr_can_j1939(interface_name(interface), name, u32(pgn, "J1939 pgn"), addr))
    end

    # The 64-bit ECU NAME.
    def name
      Native.sx_addr_can_j1939_fields(handle)[0]
    end

    def pgn
      Native.sx_addr_can_j1939_fields(handle)[1]
    end

    def addr
      Native.sx_addr_can_j1939_fields(handle)[2]
    end

    def to_a
      [ifname, *Native.sx_addr_can_j1939_fields(handle)]
    end
  end

  class Socket
    # The receive filters of a CAN_RAW socket (CAN_RAW_FILTER): CAN::Filter objects,
    # [id, mask] pairs or { id:, mask: } Hashes. A frame passes when
    # (frame id & mask) == (id & mask) for some filter (CAN_INV_FILTER in id inverts one);
    # an empty list receives nothing.
    def set_can_filters(filters)
      pairs = Array(filters).map { |f| CAN::Filter.coerce(f).to_a }
      Native.sx_socket_can_set_filters(handle, pairs)
      self
    end

    def can_filters=(filters)
      set_can_filters(filters)
    end

    # Set a CAN_ISOTP socket's options (CAN_ISOTP_OPTS), before bind: flags CAN_ISOTP_*,
    # frame_txtime in nanoseconds, the 8-bit addresses and padding bytes. Unnamed ones take
    # the kernel's defaults.
    def isotp_options(flags: Socketx::CAN_ISOTP_DEFAULT_FLAGS, frame_txtime: Socketx::CAN_ISOTP_DEFAULT_FRAME_TXTIME,
                      ext_address: Socketx::CAN_ISOTP_DEFAULT_EXT_ADDRESS,
                      txpad_content: Socketx::CAN_ISOTP_DEFAULT_PAD_CONTENT,
                      rxpad_content: Socketx::CAN_ISOTP_DEFAULT_PAD_CONTENT, rx_ext_address: 0)
      Native.sx_socket_can_isotp_options(handle, flags, frame_txtime, ext_address, txpad_content, rxpad_content,
                                         rx_ext_address)
      self
    end
  end
end
