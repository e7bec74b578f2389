# SPDX-License-Identifier: MIT
# frozen_string_literal: true

module Socketx
  # An AF_VSOCK address: Python's (cid, port). VMADDR_CID_ANY and VMADDR_PORT_ANY stand for
  # any; VMADDR_CID_HOST is the host. Text form "vsock:<cid>:<port>".
  class VsockAddr < Addr
    register :AF_VSOCK

    def self.new(cid, port)
      from_handle(Native.sx_addr_vsock(u32(cid, "vsock cid"), u32(port, "vsock port")))
    end

    # Python's tuple: [cid, port].
    def self.from_tuple(tuple, _protocol = nil)
      new(*tuple_of(tuple, 2..2, "(cid, port)"))
    end

    def cid
      Native.sx_addr_vsock_cid(handle)
    end

    def port
      Native.sx_addr_vsock_port(handle)
    end

    def to_a
      [cid, port]
    end
  end

  class << self
    # This machine's own vsock context id (IOCTL_VM_SOCKETS_GET_LOCAL_CID on /dev/vsock);
    # Socketx::NotSupportedError when there is no vsock transport.
    def vsock_local_cid
      Native.sx_vsock_local_cid
    end
  end
end
