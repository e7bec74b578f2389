# SPDX-License-Identifier: MIT
# frozen_string_literal: true

module Socketx
  # A PF_SYSTEM kernel-control address (macOS): Python's (id, unit), or a control's name
  # (unit 0). Other systems raise Socketx::NotSupportedError.
  class SystemAddr < Addr
    register :AF_SYSTEM

    # SystemAddr.new(id, unit) or SystemAddr.new("com.apple.network.statistics").
    def self.new(id_or_name, unit = 0)
      if id_or_name.is_a?(Integer)
        from_handle(Native.sx_addr_system(u32(id_or_name, "kernel control id"), u32(unit, "unit")))
      else
        from_handle(Native.sx_addr_system_name(id_or_name.to_str))
      end
    end

    def id
      Native.sx_addr_system_fields(handle)[0]
    end

    def unit
      Native.sx_addr_system_fields(handle)[1]
    end

    def to_a
      Native.sx_addr_system_fields(handle)
    end
  end
end
