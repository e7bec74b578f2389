# SPDX-License-Identifier: MIT
# frozen_string_literal: true

module Socketx
  # An AF_LINK link-layer address (BSD, macOS): interface index, type (IFT_*), name and
  # link-level address bytes. Other systems raise Socketx::NotSupportedError.
  class LinkAddr < Addr
    register :AF_LINK

    def self.new(ifindex:, type:, name:, lladdr: "".b)
      from_handle(Native.sx_addr_link(ifindex, type, name.to_str, lladdr))
    end

    def ifindex
      Native.sx_addr_link_fields(handle)[0]
    end

    def type
      Native.sx_addr_link_fields(handle)[1]
    end

    def name
      Native.sx_addr_link_bytes(handle, 0).force_encoding(Encoding::UTF_8)
    end

    def lladdr
      Native.sx_addr_link_bytes(handle, 1)
    end

    def to_a
      [ifindex, type, name, lladdr]
    end
  end
end
