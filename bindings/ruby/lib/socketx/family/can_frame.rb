# SPDX-License-Identifier: MIT
# frozen_string_literal: true

module Socketx
  # CAN frames, filters and broadcast-manager messages, as the kernel's bytes (the
  # library's codecs build and read them: nobody packs struct can_frame by hand).
  module CAN
    # One CAN or CAN FD frame: id (with CAN_EFF_FLAG, CAN_RTR_FLAG, CAN_ERR_FLAG), data (a
    # binary String, 0..8 bytes, or 0..64 for CAN FD) and flags (0 for a classic frame;
    # CANFD_FDF, CANFD_BRS, CANFD_ESI for CAN FD). A frame with CANFD_FDF or more than 8
    # bytes is a CAN FD frame (CANFD_MTU bytes packed), otherwise CAN_MTU.
    class Frame
      attr_reader :id, :data, :flags

      def initialize(id, data = "".b, flags: 0)
        @id = Integer(id)
        @data = String(data).b.freeze
        @flags = Integer(flags)
        freeze
      end

      # Read a frame as a CAN_RAW socket returns it (CAN_MTU or CANFD_MTU bytes).
      def self.unpack(bytes)
        id, flags, data = Native.sx_can_frame_decode(bytes)
        new(id, data, flags: flags)
      end

      # The frame's bytes, for Socket#send_bytes on a CAN_RAW socket.
      def pack
        Native.sx_can_frame_encode(id, flags, data)
      end

      def fd?
        !(flags & Socketx::CANFD_FDF).zero? || data.bytesize > 8
      end

      def to_a
        [id, data, flags]
      end

      def ==(other)
        other.is_a?(Frame) && to_a == other.to_a
      end
      alias eql? ==

      def hash
        to_a.hash
      end

      def inspect
        format("#<Socketx::CAN::Frame id=0x%x data=%p flags=0x%x>", id, data, flags)
      end
    end

    # One receive filter of a CAN_RAW socket (Socket#can_filters=).
    Filter = Struct.new(:id, :mask) do
      # A Filter, an [id, mask] pair or an { id:, mask: } Hash.
      def self.coerce(obj)
        case obj
        when Filter then obj
        when Hash then new(obj.fetch(:id), obj.fetch(:mask))
        else
          pair = Array(obj)
          raise ::ArgumentError, "a CAN filter is [id, mask], not #{obj.inspect}" unless pair.size == 2

          new(*pair)
        end
      end
    end

    # A broadcast-manager message (struct bcm_msg_head and its frames) of a CAN_BCM socket:
    # opcode CAN_BCM_TX_SETUP..., flags CAN_BCM_SETTIMER... (CAN_BCM_CAN_FD_FRAME when the
    # frames are CAN FD frames), count frames at ival1_us before switching to ival2_us
    # (microseconds), the can_id it is about, and its frames (CAN::Frame objects).
    BCMMessage = Struct.new(:opcode, :flags, :count, :ival1_us, :ival2_us, :can_id, :frames, keyword_init: true) do
      def initialize(opcode:, can_id:, flags: 0, count: 0, ival1_us: 0, ival2_us: 0, frames: [])
        super
      end

      # Read a message as a CAN_BCM socket returns it.
      def self.unpack(bytes)
        bytes = String(bytes).b
        opcode, flags, count, ival1, ival2, can_id, nframes, offset = Native.sx_can_bcm_decode(bytes)
        size = (flags & Socketx::CAN_BCM_CAN_FD_FRAME).zero? ? Socketx::CAN_MTU : Socketx::CANFD_MTU
        frames = Array.new(nframes) { |i| Frame.unpack(bytes.byteslice(offset + (i * size), size)) }
        new(opcode: opcode, flags: flags, count: count, ival1_us: ival1, ival2_us: ival2, can_id: can_id,
            frames: frames)
      end

      # The message's bytes, for Socket#send_bytes on a CAN_BCM socket.
      def pack
        Native.sx_can_bcm_encode(opcode, flags, count, ival1_us, ival2_us, can_id, frames.map(&:pack).join.b)
      end
    end
  end
end
