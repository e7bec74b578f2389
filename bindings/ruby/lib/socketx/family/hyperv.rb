# SPDX-License-Identifier: MIT
# frozen_string_literal: true

module Socketx
  # An AF_HYPERV address (Windows): Python's (vm_id, service_id), both UUID text. Other
  # systems raise Socketx::NotSupportedError.
  class HyperVAddr < Addr
    register :AF_HYPERV

    def self.new(vm_id, service_id)
      from_handle(Native.sx_addr_hyperv(vm_id.to_str, service_id.to_str))
    end

    def vm_id
      Native.sx_addr_hyperv_id(handle, 0)
    end

    def service_id
      Native.sx_addr_hyperv_id(handle, 1)
    end

    def to_a
      [vm_id, service_id]
    end
  end
end
