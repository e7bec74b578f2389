# SPDX-License-Identifier: MIT
# frozen_string_literal: true

module Socketx
  # An AF_QIPCRTR address (Qualcomm IPC router): Python's (node, port). Text form
  # "qipcrtr:<node>:<port>".
  class QIPCRTRAddr < Addr
    register :AF_QIPCRTR

    def self.new(node, port)
      from_handle(Native.sx_addr_qipcrtr(u32(node, "qipcrtr node"), u32(port, "qipcrtr port")))
    end

    # Python's tuple: [node, port].
    def self.from_tuple(tuple, _protocol = nil)
      new(*tuple_of(tuple, 2..2, "(node, port)"))
    end

    def node
      Native.sx_addr_qipcrtr_node(handle)
    end

    def port
      Native.sx_addr_qipcrtr_port(handle)
    end

    def to_a
      [node, port]
    end
  end
end
