# SPDX-License-Identifier: MIT
# frozen_string_literal: true

require "test_helper"

# CAN and CAN FD frames, filters and broadcast-manager messages: encode/decode round trips
# through the library's codecs, bad input, and the CAN socket options where the kernel has
# AF_CAN.
class TestCAN < Minitest::Test
  Frame = Socketx::CAN::Frame
  BCM = Socketx::CAN::BCMMessage

  def test_classic_frame_round_trip
    f = Frame.new(0x123, "\x01\x02\x03".b)
    bytes = f.pack
    assert_equal Socketx::CAN_MTU, bytes.bytesize
    assert_equal Encoding::BINARY, bytes.encoding
    # struct can_frame: id (host order), length, padding, data.
    assert_equal [0x123, 3], bytes.unpack("LC")
    assert_equal "\x01\x02\x03".b, bytes.byteslice(8, 3)
    back = Frame.unpack(bytes)
    assert_equal f, back
    refute back.fd?
    eff = Frame.new(0x1ABC_DEF0 | Socketx::CAN_EFF_FLAG, "12345678")
    assert_equal eff, Frame.unpack(eff.pack)
    empty = Frame.new(0x7FF)
    assert_equal [0x7FF, "".b, 0], Frame.unpack(empty.pack).to_a
  end

  def test_fd_frame_round_trip
    f = Frame.new(0x456, ("x" * 64).b, flags: Socketx::CANFD_FDF | Socketx::CANFD_BRS)
    bytes = f.pack
    assert_equal Socketx::CANFD_MTU, bytes.bytesize
    back = Frame.unpack(bytes)
    assert_equal f, back
    assert back.fd?
    assert_equal Socketx::CANFD_BRS, back.flags & Socketx::CANFD_BRS
    # More than 8 bytes makes an FD frame even without flags; it reads back with CANFD_FDF.
    twelve = Frame.new(1, ("y" * 12).b)
    assert twelve.fd?
    read = Frame.unpack(twelve.pack)
    assert_equal ("y" * 12).b, read.data
    assert_equal Socketx::CANFD_FDF, read.flags & Socketx::CANFD_FDF
  end

  def test_bad_frames
    assert_raises(Socketx::ArgumentError) { Frame.new(1, "x" * 9).pack } # no CAN FD length 9
    assert_raises(Socketx::ArgumentError) { Frame.new(1, "x" * 65, flags: Socketx::CANFD_FDF).pack }
    assert_raises(Socketx::ArgumentError) { Frame.new(1, "x", flags: Socketx::CANFD_BRS).pack } # FD flag, classic frame
    assert_raises(Socketx::ArgumentError) { Frame.unpack("short") }
    bad_len = [1, 9].pack("LC") + ("\0" * 11)
    assert_raises(Socketx::ArgumentError) { Frame.unpack(bad_len) }
  end

  def test_bcm_round_trip
    frames = [Frame.new(0x123, "\xAA\xBB".b), Frame.new(0x123, "\xCC".b)]
    m = BCM.new(opcode: Socketx::CAN_BCM_TX_SETUP, flags: Socketx::CAN_BCM_SETTIMER | Socketx::CAN_BCM_STARTTIMER,
                count: 3, ival1_us: 1_500_000, ival2_us: 250, can_id: 0x123, frames: frames)
    bytes = m.pack
    assert_operator bytes.bytesize, :>, 2 * Socketx::CAN_MTU
    back = BCM.unpack(bytes)
    assert_equal m, back
    assert_equal frames, back.frames

    fd = BCM.new(opcode: Socketx::CAN_BCM_TX_SEND, flags: Socketx::CAN_BCM_CAN_FD_FRAME, can_id: 0x55,
                 frames: [Frame.new(0x55, ("z" * 48).b, flags: Socketx::CANFD_FDF)])
    fd_bytes = fd.pack
    assert_equal fd, BCM.unpack(fd_bytes)
    header = fd_bytes.bytesize - Socketx::CANFD_MTU
    assert_equal header, bytes.bytesize - (2 * Socketx::CAN_MTU)

    # A message of many frames is larger than the first buffer the binding tries.
    many = BCM.new(opcode: Socketx::CAN_BCM_TX_SETUP, can_id: 1, frames: Array.new(40) { |i| Frame.new(1, [i].pack("C")) })
    assert_equal many, BCM.unpack(many.pack)

    nothing = BCM.new(opcode: Socketx::CAN_BCM_TX_DELETE, can_id: 0x123)
    assert_equal [], BCM.unpack(nothing.pack).frames
  end

  def test_bad_bcm
    assert_raises(Socketx::RangeError) { BCM.new(opcode: 1, can_id: 1, ival1_us: -1).pack }
    assert_raises(Socketx::ArgumentError) { BCM.unpack("too short") }
    m = BCM.new(opcode: Socketx::CAN_BCM_TX_SETUP, can_id: 1, frames: [Frame.new(1, "a")]).pack
    assert_raises(Socketx::ArgumentError) { BCM.unpack(m.byteslice(0, m.bytesize - 1)) }
    assert_raises(Socketx::ArgumentError) { Socketx::Native.sx_can_bcm_encode(1, 0, 0, 0, 0, 1, "x" * 15) }
  end

  def test_filters_coerce
    assert_equal [1, 2], Socketx::CAN::Filter.coerce([1, 2]).to_a
    assert_equal [3, 4], Socketx::CAN::Filter.coerce(id: 3, mask: 4).to_a
    assert_raises(::ArgumentError) { Socketx::CAN::Filter.coerce([1]) }
  end

  def can_socket(proto, type = Socketx::SOCK_RAW)
    Socketx::Socket.new(Socketx::AF_CAN, type, proto)
  rescue Errno::EAFNOSUPPORT, Errno::EPROTONOSUPPORT => e
    skip "this kernel has no AF_CAN #{proto}: #{e.message}"
  end

  # The option calls reach the kernel where it has AF_CAN; elsewhere the socket itself is
  # refused (test_family_live covers that path).
  def test_can_socket_options
    s = can_socket(Socketx::CAN_RAW)
    begin
      s.can_filters = [[0x123, Socketx::CAN_EFF_MASK], Socketx::CAN::Filter.new(0x200, 0x700)]
      s.set_can_filters([])
      assert_raises(TypeError) { s.set_can_filters([[1, 2, 3]]) }
      assert_raises(Socketx::ArgumentError) { s.set_can_filters(Array.new(513) { [1, 1] }) }
    ensure
      s.close
    end
    iso = can_socket(Socketx::CAN_ISOTP, Socketx::SOCK_DGRAM)
    begin
      iso.isotp_options(flags: Socketx::CAN_ISOTP_TX_PADDING, txpad_content: 0x55)
      assert_raises(Socketx::RangeError) { iso.isotp_options(ext_address: 256) }
    ensure
      iso.close
    end
  end

  # The calls are bound whatever the kernel: on a socket of another family the kernel refuses
  # the option (a SystemCallError), after the library checked its arguments.
  def test_can_socket_options_off_can
    s = Socketx::Socket.new(Socketx::AF_INET, Socketx::SOCK_DGRAM)
    assert_raises(SystemCallError) { s.can_filters = [[1, 2]] }
    assert_raises(Socketx::ArgumentError) { s.set_can_filters(Array.new(513) { [1, 1] }) }
    assert_raises(SystemCallError) { s.isotp_options }
    assert_raises(Socketx::RangeError) { s.isotp_options(rxpad_content: -1) }
    s.close
    assert_raises(Socketx::BadHandleError) { s.can_filters = [] }
  end
end
