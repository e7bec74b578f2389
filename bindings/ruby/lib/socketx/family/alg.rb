# SPDX-License-Identifier: MIT
# frozen_string_literal: true

module Socketx
  # An AF_ALG address (the kernel crypto API): Python's (type, name, feat, mask), for
  # example ALGAddr.new("hash", "sha256"). Text form "alg:<type>:<name>:<feat>:<mask>".
  class ALGAddr < Addr
    register :AF_ALG

    def self.new(type, name, feat: 0, mask: 0)
      from_handle(Native.sx_addr_alg(type.to_str, name.to_str, u32(feat, "AF_ALG feat"), u32(mask, "AF_ALG mask")))
    end

    # Python's tuple: [type, name, feat = 0, mask = 0].
    def self.from_tuple(tuple, _protocol = nil)
      type, name, feat, mask = tuple_of(tuple, 2..4, "(type, name[, feat[, mask]])")
      new(type, name, feat: feat || 0, mask: mask || 0)
    end

    # The algorithm type: "hash", "skcipher", "aead", ...
    def type
      Native.sx_addr_alg_type(handle)
    end

    # The algorithm: "sha256", "cbc(aes)", ...
    def name
      Native.sx_addr_alg_name(handle)
    end

    def feat
      Native.sx_addr_alg_feat_mask(handle)[0]
    end

    def mask
      Native.sx_addr_alg_feat_mask(handle)[1]
    end

    def to_a
      [type, name, *Native.sx_addr_alg_feat_mask(handle)]
    end
  end

  class Socket
    # Python's sendmsg_afalg: send msg (a String, an Array of Strings, or nil for none) to an
    # AF_ALG operation socket with its operation (ALG_OP_ENCRYPT, ALG_OP_DECRYPT...; nil sends
    # none), IV (bytes; nil sends none) and associated-data length (nil: none) as control
    # messages. Waits per the timeout mode; returns the number of bytes sent.
    def sendmsg_afalg(msg = nil, op:, iv: nil, assoclen: nil, flags: 0)
      bufs = msg.is_a?(Array) ? msg : (msg.nil? ? [] : String(msg))
      # -1 is the C call's "none": a negative value given here is refused, as Python refuses it.
      op = afalg_field(op, "op must be an ALG_OP_* value")
      assoclen = afalg_field(assoclen, "assoclen must be positive")
      deadline = start_deadline
      loop do
        n = Native.sx_socket_sendmsg_afalg(handle, bufs, op, iv, assoclen, flags || 0)
        return n if n

        wait_io(WRITABLE, deadline, :write)
      end
    end

    private

    def afalg_field(value, message)
      return -1 if value.nil?

      value = Integer(value)
      raise Socketx.exception_for(-2004, "#{message} (#{value} given)") if value.negative?

      value
    end
  end
end
