# SPDX-License-Identifier: MIT
# frozen_string_literal: true

module Socketx
  # AF_BLUETOOTH addresses. The four layouts are the subclasses L2CAPAddr, RFCOMMAddr,
  # HCIAddr and SCOAddr; an address a socket returns comes back as the one its layout is.
  # A bdaddr is "XX:XX:XX:XX:XX:XX" (read back in upper case); BDADDR_ANY and
  # BDADDR_LOCAL are the special ones.
  class BluetoothAddr < Addr
    register :AF_BLUETOOTH

    BDADDR_ANY = Native::SX_BDADDR_ANY
    BDADDR_LOCAL = Native::SX_BDADDR_LOCAL

    def self.layout_class(handle)
      case Native.sx_addr_bt_protocol(handle)
      when Socketx::BTPROTO_L2CAP then L2CAPAddr
      when Socketx::BTPROTO_RFCOMM then RFCOMMAddr
      when Socketx::BTPROTO_HCI then HCIAddr
      when Socketx::BTPROTO_SCO then SCOAddr
      else BluetoothAddr
      end
    end

    # Python's tuple, by the socket's protocol: [bdaddr, psm, cid = 0, bdaddr_type = BREDR]
    # (L2CAP), [bdaddr, channel] (RFCOMM), [device_id, channel = RAW] (HCI), [bdaddr] (SCO).
    def self.from_tuple(tuple, protocol = nil)
      case protocol
      when Socketx::BTPROTO_L2CAP
        bdaddr, psm, cid, type = tuple_of(tuple, 2..4, "(bdaddr, psm[, cid[, bdaddr_type]])")
        L2CAPAddr.new(bdaddr, psm, cid: cid || 0, bdaddr_type: type || Socketx::BDADDR_BREDR)
      when Socketx::BTPROTO_RFCOMM then RFCOMMAddr.new(*tuple_of(tuple, 2..2, "(bdaddr, channel)"))
      when Socketx::BTPROTO_HCI
        device_id, channel = tuple_of(tuple, 1..2, "(device_id[, channel])")
        HCIAddr.new(device_id, channel: channel || Socketx::HCI_CHANNEL_RAW)
      when Socketx::BTPROTO_SCO then SCOAddr.new(*tuple_of(tuple, 1..1, "(bdaddr,)"))
      else
        raise Socketx.exception_for(-2004, "a Bluetooth address tuple needs the socket's BTPROTO_* (#{protocol.inspect} given)")
      end
    end

    # BTPROTO_L2CAP, BTPROTO_RFCOMM, BTPROTO_HCI or BTPROTO_SCO.
    def protocol
      Native.sx_addr_bt_protocol(handle)
    end
  end

  # The device address of the L2CAP, RFCOMM and SCO layouts.
  module BluetoothDevice
    def bdaddr
      Native.sx_addr_bt_bdaddr(handle)
    end
  end

  # L2CAP: Python's (bdaddr, psm[, cid[, bdaddr_type]]); bdaddr_type BDADDR_BREDR,
  # BDADDR_LE_PUBLIC or BDADDR_LE_RANDOM.
  class L2CAPAddr < BluetoothAddr
    include BluetoothDevice

    def self.new(bdaddr, psm, cid: 0, bdaddr_type: Socketx::BDADDR_BREDR)
      from_handle(Native.sx_addr_bt_l2cap(bdaddr.to_str, psm, cid, bdaddr_type))
    end

    def psm = Native.sx_addr_bt_l2cap_fields(handle)[0]
    def cid = Native.sx_addr_bt_l2cap_fields(handle)[1]
    def bdaddr_type = Native.sx_addr_bt_l2cap_fields(handle)[2]

    def to_a
      [bdaddr, *Native.sx_addr_bt_l2cap_fields(handle)]
    end
  end

  # RFCOMM: Python's (bdaddr, channel).
  class RFCOMMAddr < BluetoothAddr
    include BluetoothDevice

    def self.new(bdaddr, channel)
      from_handle(Native.sx_addr_bt_rfcomm(bdaddr.to_str, channel))
    end

    def channel
      Native.sx_addr_bt_channel(handle)
    end

    def to_a
      [bdaddr, channel]
    end
  end

  # HCI: Python's (device_id[, channel]); channel HCI_CHANNEL_RAW (the default), _USER,
  # _MONITOR, _CONTROL or _LOGGING.
  class HCIAddr < BluetoothAddr
    def self.new(device_id, channel: Socketx::HCI_CHANNEL_RAW)
      from_handle(Native.sx_addr_bt_hci(device_id, channel))
    end

    def device_id
      Native.sx_addr_bt_device_id(handle)
    end

    def channel
      Native.sx_addr_bt_channel(handle)
    end

    def to_a
      [device_id, channel]
    end
  end

  # SCO: Python's bdaddr alone.
  class SCOAddr < BluetoothAddr
    include BluetoothDevice

    def self.new(bdaddr)
      from_handle(Native.sx_addr_bt_sco(bdaddr.to_str))
    end

    def to_a
      [bdaddr]
    end
  end
end
