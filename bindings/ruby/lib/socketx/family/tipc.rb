# SPDX-License-Identifier: MIT
# frozen_string_literal: true

module Socketx
  # An AF_TIPC address: Python's (addr_type, v1, v2, v3, scope). By addr_type:
  # TIPC_ADDR_NAMESEQ (type, lower, upper), TIPC_ADDR_NAME (type, instance; v3 reads back
  # as the instance), TIPC_ADDR_ID (node, ref; v3 reads back as 0). Text form
  # "tipc:<nameseq|name|id>:<v1>:<v2>:<v3>:<scope>".
  class TIPCAddr < Addr
    register :AF_TIPC

    def self.new(addr_type, v1, v2, v3 = 0, scope: Socketx::TIPC_CLUSTER_SCOPE)
      from_handle(Native.sx_addr_tipc(addr_type, u32(v1, "TIPC v1"), u32(v2, "TIPC v2"), u32(v3, "TIPC v3"), scope))
    end

    # Python's tuple: [addr_type, v1, v2, v3, scope = TIPC_CLUSTER_SCOPE].
    def self.from_tuple(tuple, _protocol = nil)
      addr_type, v1, v2, v3, scope = tuple_of(tuple, 4..5, "(addr_type, v1, v2, v3[, scope])")
      new(addr_type, v1, v2, v3, scope: scope || Socketx::TIPC_CLUSTER_SCOPE)
    end

    # TIPC_ADDR_NAMESEQ, TIPC_ADDR_NAME or TIPC_ADDR_ID.
    def addr_type
      Native.sx_addr_tipc_addr_type(handle)
    end

    # [v1, v2, v3], as Python's tuple has them.
    def values
      Native.sx_addr_tipc_values(handle)
    end

    def v1 = values[0]
    def v2 = values[1]
    def v3 = values[2]

    def scope
      Native.sx_addr_tipc_scope(handle)
    end

    def to_a
      [addr_type, *values, scope]
    end
  end
end
