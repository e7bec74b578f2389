# SPDX-License-Identifier: MIT
# frozen_string_literal: true

require "test_helper"

# Every family's address type: construct, read the fields, the text form, the round trips
# through the C handle (sockaddr bytes and text back to the same class), bad input.
class TestFamilies < Minitest::Test
  # The address comes back as the same class and value from its sockaddr bytes and its text.
  def assert_round_trips(addr, klass)
    assert_instance_of klass, addr
    from_bytes = Socketx::Addr.from_sockaddr(addr.to_sockaddr)
    assert_instance_of klass, from_bytes
    assert_equal addr, from_bytes
    parsed = Socketx::Addr.parse(addr.to_s)
    assert_instance_of klass, parsed
    assert_equal addr, parsed
    assert_equal addr.to_a, parsed.to_a
    assert_match(/\A#<#{klass.name} /, addr.inspect)
  end

  def test_netlink
    a = Socketx::NetlinkAddr.new(pid: 4_000_000_000, groups: 5)
    assert_equal Socketx::AF_NETLINK, a.family
    assert_equal 4_000_000_000, a.pid
    assert_equal 5, a.groups
    assert_equal [4_000_000_000, 5], a.to_a
    assert_equal "netlink:4000000000:5", a.to_s
    assert_equal "netlink:0:0", Socketx::NetlinkAddr.new.to_s
    assert_round_trips(a, Socketx::NetlinkAddr)
    assert_raises(Socketx::RangeError) { Socketx::NetlinkAddr.new(pid: -1) }
    assert_raises(Socketx::RangeError) { Socketx::NetlinkAddr.new(groups: 1 << 32) }
    assert_raises(Socketx::ArgumentError) { Socketx::Addr.parse("netlink:x:0") }
    assert_raises(TypeError) { Socketx::NetlinkAddr.new(pid: "1") }
  end

  def test_packet
    lo = Socketx.if_nametoindex("lo")
    a = Socketx::PacketAddr.new("lo", 0x88b5, pkttype: Socketx::PACKET_HOST, hatype: Socketx::ARPHRD_LOOPBACK,
                                              haddr: "\x01\x02\x03\x04\x05\x06".b)
    assert_equal Socketx::AF_PACKET, a.family
    assert_equal "lo", a.ifname
    assert_equal lo, a.ifindex
    assert_equal 0x88b5, a.protocol
    assert_equal Socketx::PACKET_HOST, a.pkttype
    assert_equal Socketx::ARPHRD_LOOPBACK, a.hatype
    assert_equal "\x01\x02\x03\x04\x05\x06".b, a.haddr
    assert_equal ["lo", 0x88b5, 0, 772, "\x01\x02\x03\x04\x05\x06".b], a.to_a
    assert_equal "packet:lo:0x88b5:0:772:01:02:03:04:05:06", a.to_s
    assert_round_trips(a, Socketx::PacketAddr)
    by_index = Socketx::PacketAddr.new(lo, Socketx::ETH_P_ALL)
    assert_equal ["lo", Socketx::ETH_P_ALL, 0, 0, "".b], by_index.to_a
    assert_equal "packet:lo:0x0003:0:0:", by_index.to_s
    assert_round_trips(by_index, Socketx::PacketAddr)
    assert_raises(Socketx::RangeError) { Socketx::PacketAddr.new("lo", 70_000) }
    assert_raises(Socketx::RangeError) { Socketx::PacketAddr.new("lo", 0, pkttype: 256) }
    e = assert_raises(Socketx::ArgumentError) { Socketx::PacketAddr.new("lo", 0, haddr: "x" * 9) }
    assert_match(/8 bytes or less/, e.detail)
    assert_raises(Socketx::NotFoundError) { Socketx::PacketAddr.new("sxnosuch0", 0) }
    assert_raises(Socketx::RangeError) { Socketx::PacketAddr.new(-1, 0) }
  end

  def test_vsock
    a = Socketx::VsockAddr.new(Socketx::VMADDR_CID_HOST, 1234)
    assert_equal Socketx::AF_VSOCK, a.family
    assert_equal 2, a.cid
    assert_equal 1234, a.port
    assert_equal [2, 1234], a.to_a
    assert_equal "vsock:2:1234", a.to_s
    assert_round_trips(a, Socketx::VsockAddr)
    any = Socketx::VsockAddr.new(Socketx::VMADDR_CID_ANY, Socketx::VMADDR_PORT_ANY)
    assert_equal [0xFFFF_FFFF, 0xFFFF_FFFF], any.to_a
    assert_raises(Socketx::RangeError) { Socketx::VsockAddr.new(-1, 0) }
    assert_raises(Socketx::RangeError) { Socketx::Addr.parse("vsock:1:99999999999") }
  end

  def test_vsock_local_cid
    cid = Socketx.vsock_local_cid
    assert_kind_of Integer, cid
  rescue Socketx::NotSupportedError, SystemCallError => e
    # This kernel has /dev/vsock with no transport loaded (ENODEV), or none at all.
    assert_kind_of Socketx::Error, e
    skip "no vsock transport here: #{e.message}"
  end

  def test_can_raw
    a = Socketx::CANAddr.new
    assert_equal Socketx::AF_CAN, a.family
    assert_equal "", a.ifname
    assert_equal 0, a.ifindex
    assert_equal Socketx::CAN_RAW, a.protocol
    assert_equal [""], a.to_a
    assert_equal "can:", a.to_s
    assert_round_trips(a, Socketx::CANAddr)
    lo = Socketx::CANAddr.new("lo") # the codec looks the name up; any interface has one
    assert_equal Socketx.if_nametoindex("lo"), lo.ifindex
    assert_equal "can:lo", lo.to_s
    e = assert_raises(Socketx::ArgumentError) { Socketx::CANAddr.new("x" * 16) }
    assert_match(/too long/, e.detail)
    assert_raises(Socketx::NotFoundError) { Socketx::CANAddr.new("sxnosuch0") }
  end

  def test_can_isotp_and_j1939
    iso = Socketx::ISOTPAddr.new("", rx_id: 0x7E8, tx_id: 0x7E0 | Socketx::CAN_EFF_FLAG)
    assert_kind_of Socketx::CANAddr, iso
    assert_equal Socketx::CAN_ISOTP, iso.protocol
    assert_equal 0x7E8, iso.rx_id
    assert_equal 0x800007E0, iso.tx_id
    assert_equal ["", 0x7E8, 0x800007E0], iso.to_a
    assert_equal iso, Socketx::Addr.parse(iso.to_s)
    assert_instance_of Socketx::ISOTPAddr, Socketx::Addr.parse(iso.to_s)

    j = Socketx::J1939Addr.new("", name: 0x1234_5678_9ABC_DEF0, pgn: 0x0EA00, addr: 0x20)
    assert_equal Socketx::J1939Addr::PROTOCOL, j.protocol
    assert_equal 0x1234_5678_9ABC_DEF0, j.name
    assert_equal 0x0EA00, j.pgn
    assert_equal 0x20, j.addr
    assert_equal ["", 0x1234_5678_9ABC_DEF0, 0x0EA00, 0x20], j.to_a
    parsed = Socketx::Addr.parse(j.to_s)
    assert_instance_of Socketx::J1939Addr, parsed
    assert_equal j.to_a, parsed.to_a
    none = Socketx::J1939Addr.new("")
    assert_equal ["", Socketx::J1939_NO_NAME, Socketx::J1939_NO_PGN, Socketx::J1939_NO_ADDR], none.to_a
    assert_raises(Socketx::RangeError) { Socketx::J1939Addr.new("", addr: 256) }
    assert_raises(Socketx::RangeError) { Socketx::J1939Addr.new("", name: -1) }
    assert_raises(Socketx::RangeError) { Socketx::ISOTPAddr.new("", rx_id: -1, tx_id: 0) }
  end

  def test_alg
    a = Socketx::ALGAddr.new("skcipher", "cbc(aes)", feat: 1, mask: 0x8000_0000)
    assert_equal Socketx::AF_ALG, a.family
    assert_equal "skcipher", a.type
    assert_equal "cbc(aes)", a.name
    assert_equal 1, a.feat
    assert_equal 0x8000_0000, a.mask
    assert_equal ["skcipher", "cbc(aes)", 1, 0x8000_0000], a.to_a
    assert_equal "alg:skcipher:cbc(aes):1:2147483648", a.to_s
    assert_round_trips(a, Socketx::ALGAddr)
    e = assert_raises(Socketx::ArgumentError) { Socketx::ALGAddr.new("t" * 14, "sha256") }
    assert_match(/AF_ALG type too long/, e.detail)
    assert_raises(Socketx::ArgumentError) { Socketx::ALGAddr.new("hash", "n" * 64) }
  end

  def test_tipc
    a = Socketx::TIPCAddr.new(Socketx::TIPC_ADDR_NAME, 18_888, 17)
    assert_equal Socketx::AF_TIPC, a.family
    assert_equal Socketx::TIPC_ADDR_NAME, a.addr_type
    assert_equal [18_888, 17, 17], a.values # v3 reads back as the instance, as in Python
    assert_equal 18_888, a.v1
    assert_equal 17, a.v2
    assert_equal 17, a.v3
    assert_equal Socketx::TIPC_CLUSTER_SCOPE, a.scope
    assert_equal [2, 18_888, 17, 17, 2], a.to_a
    assert_equal "tipc:name:18888:17:17:2", a.to_s
    assert_round_trips(a, Socketx::TIPCAddr)
    seq = Socketx::TIPCAddr.new(Socketx::TIPC_ADDR_NAMESEQ, 1, 2, 3, scope: Socketx::TIPC_NODE_SCOPE)
    assert_equal [1, 1, 2, 3, 3], seq.to_a
    assert_round_trips(seq, Socketx::TIPCAddr)
    assert_raises(Socketx::RangeError) { Socketx::TIPCAddr.new(Socketx::TIPC_ADDR_ID, 1, 2, scope: 256) }
  end

  def test_qipcrtr
    a = Socketx::QIPCRTRAddr.new(7, 0xFFFF_FFFE)
    assert_equal Socketx::AF_QIPCRTR, a.family
    assert_equal 7, a.node
    assert_equal 0xFFFF_FFFE, a.port
    assert_equal [7, 0xFFFF_FFFE], a.to_a
    assert_equal "qipcrtr:7:4294967294", a.to_s
    assert_round_trips(a, Socketx::QIPCRTRAddr)
    assert_raises(Socketx::RangeError) { Socketx::QIPCRTRAddr.new(1 << 32, 0) }
  end

  def test_bluetooth
    l2 = Socketx::L2CAPAddr.new("01:02:03:04:05:0a", 0x1001, cid: 4, bdaddr_type: Socketx::BDADDR_LE_PUBLIC)
    assert_equal Socketx::AF_BLUETOOTH, l2.family
    assert_equal Socketx::BTPROTO_L2CAP, l2.protocol
    assert_equal "01:02:03:04:05:0A", l2.bdaddr
    assert_equal 0x1001, l2.psm
    assert_equal 4, l2.cid
    assert_equal Socketx::BDADDR_LE_PUBLIC, l2.bdaddr_type
    assert_equal ["01:02:03:04:05:0A", 0x1001, 4, Socketx::BDADDR_LE_PUBLIC], l2.to_a
    assert_round_trips(l2, Socketx::L2CAPAddr)

    rf = Socketx::RFCOMMAddr.new(Socketx::BluetoothAddr::BDADDR_LOCAL, 3)
    assert_equal ["00:00:00:FF:FF:FF", 3], rf.to_a
    assert_equal 3, rf.channel
    assert_round_trips(rf, Socketx::RFCOMMAddr)

    hci = Socketx::HCIAddr.new(1, channel: Socketx::HCI_CHANNEL_MONITOR)
    assert_equal 1, hci.device_id
    assert_equal Socketx::HCI_CHANNEL_MONITOR, hci.channel
    assert_equal [1, Socketx::HCI_CHANNEL_MONITOR], hci.to_a
    assert_round_trips(hci, Socketx::HCIAddr)

    sco = Socketx::SCOAddr.new(Socketx::BluetoothAddr::BDADDR_ANY)
    assert_equal ["00:00:00:00:00:00"], sco.to_a
    assert_round_trips(sco, Socketx::SCOAddr)

    assert_raises(Socketx::ArgumentError) { Socketx::SCOAddr.new("01:02:03:04:05") }
    assert_raises(Socketx::ArgumentError) { Socketx::L2CAPAddr.new("zz:02:03:04:05:06", 1) }
    assert_raises(Socketx::RangeError) { Socketx::L2CAPAddr.new("01:02:03:04:05:06", 70_000) }
    assert_raises(Socketx::RangeError) { Socketx::RFCOMMAddr.new("01:02:03:04:05:06", 256) }
    assert_raises(Socketx::RangeError) { Socketx::HCIAddr.new(70_000) }
    # A field of another layout is refused.
    assert_raises(Socketx::ArgumentError) { Socketx::Native.sx_addr_bt_device_id(sco.handle) }
  end

  # The families of other systems: reachable, and refused here with NotSupportedError.
  def test_families_of_other_systems
    skip "this test is for Linux" unless RUBY_PLATFORM.include?("linux")

    uuid = "00000000-0000-0000-0000-000000000000"
    refused = [
      -> { Socketx::HyperVAddr.new(uuid, uuid) },
      -> { Socketx::SystemAddr.new(1, 2) },
      -> { Socketx::SystemAddr.new("com.apple.network.statistics") },
      -> { Socketx::LinkAddr.new(ifindex: 1, type: 6, name: "en0", lladdr: "\x01\x02".b) },
      -> { Socketx::DivertAddr.new("127.0.0.1", 8668) }
    ]
    refused.each do |make|
      e = assert_raises(Socketx::NotSupportedError) { make.call }
      assert_equal(-2005, e.status)
      refute_empty e.detail
    end
    # Their accessors too, whatever address they are handed (here one of AF_NETLINK).
    { Socketx::HyperVAddr => %i[vm_id service_id to_a], Socketx::SystemAddr => %i[id unit to_a],
      Socketx::LinkAddr => %i[ifindex type name lladdr to_a] }.each do |klass, readers|
      wrapped = klass.allocate
      wrapped.__send__(:take, Socketx::Native.sx_addr_netlink(0, 0))
      readers.each do |reader|
        assert_raises(Socketx::NotSupportedError, "#{klass}##{reader}") { wrapped.public_send(reader) }
      end
      wrapped.close
      assert_raises(Socketx::BadHandleError) { wrapped.to_a }
    end
    assert_raises(Socketx::RangeError) { Socketx::DivertAddr.new("127.0.0.1", 70_000) }
    # No family value on Linux: nothing registered, so nothing received is taken for them.
    refute Socketx::Constants.const_defined?(:AF_HYPERV, false)
  end

  def test_parse_picks_the_family_from_the_scheme
    assert_instance_of Socketx::Addr, Socketx::Addr.parse("127.0.0.1:80")
    assert_equal Socketx::Addr.inet("127.0.0.1", 80), Socketx::Addr.parse("127.0.0.1:80")
    assert_equal Socketx::Addr.inet6("::1", 443), Socketx::Addr.parse("[::1]:443")
    assert_equal Socketx::Addr.unix("/tmp/x.sock"), Socketx::Addr.parse("/tmp/x.sock", Socketx::AF_UNIX)
    assert_equal Socketx::Addr.abstract("a\x01"), Socketx::Addr.parse("@a\\x01", Socketx::AF_UNIX)
    assert_equal Socketx::NetlinkAddr.new(pid: 1), Socketx::Addr.parse("netlink:1:0", Socketx::AF_NETLINK)
    assert_equal Socketx::Addr.unix(""), Socketx::Addr.parse("")
    assert_raises(Socketx::ArgumentError) { Socketx::Addr.parse("nosuchscheme:1") }
    assert_raises(Socketx::ArgumentError) { Socketx::Addr.parse("netlink:1:2", Socketx::AF_VSOCK) }
    assert_raises(TypeError) { Socketx::Addr.parse(nil) }
  end

  # Python's tuples, as Arrays, where a socket of the family takes an address.
  def test_tuples
    c = ->(tuple, family, proto = nil) { Socketx::Addr.coerce(tuple, family, proto) }
    assert_equal Socketx::NetlinkAddr.new(pid: 1, groups: 2), c.([1, 2], Socketx::AF_NETLINK)
    assert_equal ["lo", 3, 0, 0, "".b], c.(["lo", 3], Socketx::AF_PACKET).to_a
    assert_equal ["lo", 3, 4, 1, "\x01".b], c.(["lo", 3, 4, 1, "\x01".b], Socketx::AF_PACKET).to_a
    assert_equal [2, 5], c.([2, 5], Socketx::AF_VSOCK).to_a
    assert_equal [3, 4], c.([3, 4], Socketx::AF_QIPCRTR).to_a
    assert_equal [2, 1, 2, 2, 2], c.([2, 1, 2, 0], Socketx::AF_TIPC).to_a
    assert_equal ["hash", "sha1", 0, 0], c.(%w[hash sha1], Socketx::AF_ALG).to_a
    assert_instance_of Socketx::CANAddr, c.([""], Socketx::AF_CAN, Socketx::CAN_RAW)
    assert_equal ["", 1, 2], c.(["", 1, 2], Socketx::AF_CAN, Socketx::CAN_ISOTP).to_a
    assert_equal ["", 1, 2, 3], c.(["", 1, 2, 3], Socketx::AF_CAN, Socketx::J1939Addr::PROTOCOL).to_a
    bd = "01:02:03:04:05:06"
    assert_equal [bd, 5, 0, 0], c.([bd, 5], Socketx::AF_BLUETOOTH, Socketx::BTPROTO_L2CAP).to_a
    assert_equal [bd, 7], c.([bd, 7], Socketx::AF_BLUETOOTH, Socketx::BTPROTO_RFCOMM).to_a
    assert_equal [1, 0], c.([1], Socketx::AF_BLUETOOTH, Socketx::BTPROTO_HCI).to_a
    assert_equal [bd], c.([bd], Socketx::AF_BLUETOOTH, Socketx::BTPROTO_SCO).to_a
    assert_raises(Socketx::ArgumentError) { c.([bd, 1], Socketx::AF_BLUETOOTH) }
    e = assert_raises(Socketx::ArgumentError) { c.([1, 2, 3], Socketx::AF_NETLINK) }
    assert_match(/\(pid, groups\)/, e.detail)
    assert_raises(Socketx::ArgumentError) { c.(["", 1], Socketx::AF_CAN, Socketx::CAN_ISOTP) }
    # A socket passes its protocol itself.
    s = Socketx::Socket.new(Socketx::AF_NETLINK, Socketx::SOCK_RAW, Socketx::NETLINK_ROUTE)
    s.bind([0, 0])
    refute_equal 0, s.local_address.pid
    s.close
  end

  def test_registry
    assert_equal Socketx::NetlinkAddr, Socketx::Addr.class_for_family(Socketx::AF_NETLINK)
    assert_equal Socketx::CANAddr, Socketx::Addr.class_for_family(Socketx::AF_CAN)
    assert_equal Socketx::BluetoothAddr, Socketx::Addr.class_for_family(Socketx::AF_BLUETOOTH)
    assert_equal Socketx::Addr, Socketx::Addr.class_for_family(Socketx::AF_INET)
    # An address made from raw bytes is wrapped by its family, too.
    raw = [Socketx::AF_NETLINK, 0, 42, 1].pack("SSLL")
    a = Socketx::Addr.from_sockaddr(raw)
    assert_instance_of Socketx::NetlinkAddr, a
    assert_equal [42, 1], a.to_a
  end
end
