# SPDX-License-Identifier: MIT
# frozen_string_literal: true

module Socketx
  # An AF_DIVERT address (FreeBSD): read as AF_INET's (host, port), through #host and #port.
  # Other systems raise Socketx::NotSupportedError.
  class DivertAddr < Addr
    register :AF_DIVERT

    def self.new(host, port)
      from_handle(Native.sx_addr_divert(host.to_str, Integer(port)))
    end

    def to_a
      [host, port]
    end
  end
end
