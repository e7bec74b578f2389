# SPDX-License-Identifier: MIT
# frozen_string_literal: true

module Socketx
  # An AF_NETLINK address: Python's (pid, groups). pid 0 in bind lets the kernel pick the
  # port id; groups is the bit mask of multicast groups 1..32 (join higher ones with
  # setsockopt(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, group)). Text form "netlink:<pid>:<groups>".
  class NetlinkAddr < Addr
    register :AF_NETLINK

    def self.new(pid: 0, groups: 0)
      from_handle(Native.sx_addr_netlink(u32(pid, "netlink pid"), u32(groups, "netlink groups")))
    end

    # Python's tuple: [pid, groups].
    def self.from_tuple(tuple, _protocol = nil)
      pid, groups = tuple_of(tuple, 2..2, "(pid, groups)")
      new(pid: pid, groups: groups)
    end

    def pid
      Native.sx_addr_netlink_pid(handle)
    end

    def groups
      Native.sx_addr_netlink_groups(handle)
    end

    def to_a
      [pid, groups]
    end
  end
end
