# SPDX-License-Identifier: MIT
# frozen_string_literal: true

module Socketx
  # Linux values of the message constants the library's table may not carry (yet): each is
  # defined only when Socketx::Constants has no such name.
  module Constants
    {
      SO_TIMESTAMP: 29, SO_TIMESTAMPNS: 35, SO_TIMESTAMPING: 37, SO_TIMESTAMP_NEW: 63,
      SO_TIMESTAMPNS_NEW: 64, SO_TIMESTAMPING_NEW: 65, SO_ZEROCOPY: 60, MSG_ZEROCOPY: 0x4000000,
      SO_EE_ORIGIN_NONE: 0, SO_EE_ORIGIN_LOCAL: 1, SO_EE_ORIGIN_ICMP: 2, SO_EE_ORIGIN_ICMP6: 3,
      SO_EE_ORIGIN_TXSTATUS: 4, SO_EE_ORIGIN_ZEROCOPY: 5, SO_EE_ORIGIN_TIMESTAMPING: 4,
      SO_EE_CODE_ZEROCOPY_COPIED: 1, UDP_SEGMENT: 103, UDP_GRO: 104, SO_PEERCRED: 17
    }.each { |name, value| const_set(name, value) unless const_defined?(name, false) }
  end

  # A process's credentials: SO_PEERCRED, SCM_CREDENTIALS.
  Credentials = Struct.new(:pid, :uid, :gid)

  # An extended error from the error queue (IP_RECVERR/IPV6_RECVERR; struct sock_extended_err):
  # error is the exception for ee_errno (nil for 0), origin SO_EE_ORIGIN_*, type and code the
  # ICMP type and code, info and data as the kernel gave them, offender a Socketx::Addr or nil.
  # For a zero-copy completion (origin SO_EE_ORIGIN_ZEROCOPY) info..data is the range of sends.
  ExtendedError = Struct.new(:status, :origin, :type, :code, :info, :data, :offender) do
    # The Errno::* exception (not raised) for the error, or nil for none.
    def error
      status.zero? ? nil : Socketx.exception_for(status)
    end

    def zerocopy?
      origin == Socketx::SO_EE_ORIGIN_ZEROCOPY
    end
  end

  # One ancillary data item (a control message), shaped as Ruby's Socket::AncillaryData:
  # family, level, type and the raw data, with constructors for the items one sends and
  # decoders for the items one receives. Items received by Socket#recvmsg are decoded by the
  # library (sx_msg_item_*) when they arrive; the decoders also read hand-made items.
  class AncillaryData
    attr_reader :family, :level, :type, :data

    LEVELS = { SOCKET: "SOL_SOCKET", IP: "IPPROTO_IP", IPV6: "IPPROTO_IPV6", TCP: "IPPROTO_TCP",
               UDP: "IPPROTO_UDP", UNIX: "SOL_SOCKET" }.freeze
    TYPE_PREFIXES = { "SOL_SOCKET" => %w[SCM_ SO_], "IPPROTO_IP" => %w[IP_], "IPPROTO_IPV6" => %w[IPV6_],
                      "IPPROTO_TCP" => %w[TCP_], "IPPROTO_UDP" => %w[UDP_] }.freeze
    private_constant :LEVELS, :TYPE_PREFIXES

    class << self
      # A level or type given as an Integer, a constant name ("SOL_SOCKET", :SCM_RIGHTS) or,
      # as Ruby allows, a short name (:SOCKET, :RIGHTS).
      def level_number(level)
        return Integer(level) if level.is_a?(Integer)

        name = level.to_s
        name = LEVELS.fetch(name.to_sym, name)
        Socketx::Constants.const_get(name)
      rescue NameError
        raise ::ArgumentError, "unknown ancillary level #{level.inspect}"
      end

      def type_number(level, type)
        return Integer(type) if type.is_a?(Integer)

        name = type.to_s
        return Socketx::Constants.const_get(name) if Socketx::Constants.const_defined?(name, false)

        TYPE_PREFIXES.each do |level_name, prefixes|
          next unless Socketx::Constants.const_defined?(level_name, false) &&
                      Socketx::Constants.const_get(level_name) == level_number(level)

          prefixes.each do |prefix|
            full = "#{prefix}#{name}"
            return Socketx::Constants.const_get(full) if Socketx::Constants.const_defined?(full, false)
          end
        end
        raise ::ArgumentError, "unknown ancillary type #{type.inspect} for level #{level.inspect}"
      end

      # SCM_RIGHTS: descriptors to pass; IO objects (anything with #to_io) or Integers.
      def unix_rights(*ios)
        fds = ios.map { |io| AncillaryData.fd_of(io) }
        new(Socketx::AF_UNIX, Socketx::SOL_SOCKET, Socketx::SCM_RIGHTS, fds.pack("i*"))
          .__send__(:with, :rights, ios.freeze)
      end

      # An integer item (IP_TTL, IP_TOS, UDP_SEGMENT, SO_MARK, ...); its data is a C int,
      # as in Ruby, but sending gives the kernel the width the item needs (sx_msg_add_int).
      def int(family, level, type, integer)
        level = level_number(level)
        new(family, level, type_number(level, type), [integer].pack("i"))
          .__send__(:with, :int, Integer(integer))
      end

      # IP_PKTINFO: send from the local address spec_dst (through interface ifindex, 0 for
      # any). addr (the datagram's destination) is recorded in the data but the kernel reads
      # only ipi_spec_dst and ipi_ifindex when sending.
      def ip_pktinfo(addr, ifindex, spec_dst = addr)
        a = Addr.coerce(host_addr(addr), Socketx::AF_INET)
        d = Addr.coerce(host_addr(spec_dst), Socketx::AF_INET)
        data = [ifindex].pack("i") + d.to_sockaddr.byteslice(4, 4) + a.to_sockaddr.byteslice(4, 4)
        new(Socketx::AF_INET, Socketx::IPPROTO_IP, Socketx::IP_PKTINFO, data)
          .__send__(:with, :pktinfo, [a, ifindex, d])
      end

      # IPV6_PKTINFO: send from the local address addr through interface ifindex.
      def ipv6_pktinfo(addr, ifindex)
        a = Addr.coerce(host_addr(addr), Socketx::AF_INET6)
        data = a.to_sockaddr.byteslice(8, 16) + [ifindex].pack("I")
        new(Socketx::AF_INET6, Socketx::IPPROTO_IPV6, Socketx::IPV6_PKTINFO, data)
          .__send__(:with, :pktinfo, [a, ifindex, nil])
      end

      # SCM_CREDENTIALS (AF_UNIX): the kernel accepts only the sender's own ids unless it is
      # privileged; the receiver must have SO_PASSCRED on.
      def credentials(pid = Process.pid, uid = Process.uid, gid = Process.gid)
        new(Socketx::AF_UNIX, Socketx::SOL_SOCKET, Socketx::SCM_CREDENTIALS, [pid, uid, gid].pack("iII"))
          .__send__(:with, :credentials, Credentials.new(pid, uid, gid))
      end

      # The descriptor of an IO or an Integer.
      def fd_of(io)
        return io if io.is_a?(Integer)
        raise TypeError, "#{io.class} is neither an IO nor a descriptor" unless io.respond_to?(:to_io)

        io.to_io.fileno
      end

      private

      def host_addr(a)
        a.is_a?(String) ? [a, 0] : a
      end
    end

    # family: the socket's family; level and type as numbers or names; data: the raw bytes.
    def initialize(family, level, type, data)
      @family = Integer(family)
      @level = AncillaryData.level_number(level)
      @type = AncillaryData.type_number(@level, type)
      @data = data.to_s.b.freeze
      @kind = nil
      @value = nil
    end

    def cmsg_is?(level, type)
      @level == AncillaryData.level_number(level) && @type == AncillaryData.type_number(@level, type)
    end

    # The IO objects of an SCM_RIGHTS item: those given to .unix_rights, or, for a received
    # item, the descriptors as IO objects (close-on-exec) when Socket#recvmsg was called with
    # scm_rights: true; nil when it was not (the descriptors were closed, as Ruby does).
    def unix_rights
      raise TypeError, "SCM_RIGHTS ancillary data expected" unless cmsg_is?(Socketx::SOL_SOCKET, Socketx::SCM_RIGHTS)

      @kind == :rights ? @value : nil
    end

    # The integer of an integer item.
    def int
      return @value if @kind == :int

      case @data.bytesize
      when 1 then @data.unpack1("C")
      when 2 then @data.unpack1("S")
      when 4 then @data.unpack1("i")
      when 8 then @data.unpack1("Q")
      else raise TypeError, "#{@data.bytesize}-byte ancillary data is not an integer"
      end
    end

    # [addr, ifindex, spec_dst] of IP_PKTINFO: the datagram's destination, its interface and
    # the local address (Socketx::Addr objects, port 0).
    def ip_pktinfo
      raise TypeError, "IP_PKTINFO ancillary data expected" unless cmsg_is?(Socketx::IPPROTO_IP, Socketx::IP_PKTINFO)
      return @value if @kind == :pktinfo

      ifindex = @data.unpack1("i")
      [ipv4(@data.byteslice(8, 4)), ifindex, ipv4(@data.byteslice(4, 4))]
    end

    # [addr, ifindex] of IPV6_PKTINFO.
    def ipv6_pktinfo
      unless cmsg_is?(Socketx::IPPROTO_IPV6, Socketx::IPV6_PKTINFO)
        raise TypeError, "IPV6_PKTINFO ancillary data expected"
      end
      return @value.first(2) if @kind == :pktinfo

      raw = @data.byteslice(0, 16)
      [Addr.from_sockaddr([Socketx::AF_INET6, 0, 0].pack("SnN") + raw + [0].pack("N")), @data.byteslice(16, 4).unpack1("I")]
    end

    def ipv6_pktinfo_addr
      ipv6_pktinfo[0]
    end

    def ipv6_pktinfo_ifindex
      ipv6_pktinfo[1]
    end

    # The time of a timestamp item (SO_TIMESTAMP, SO_TIMESTAMPNS, SO_TIMESTAMPING), to the
    # nanosecond.
    def timestamp
      raise TypeError, "not a timestamp item (level #{@level}, type #{@type})" unless @kind == :timestamp

      Time.at(@value[0], @value[1], :nsec)
    end

    # The Credentials of an SCM_CREDENTIALS item.
    def credentials
      return @value if @kind == :credentials

      raise TypeError, "SCM_CREDENTIALS ancillary data expected" unless cmsg_is?(Socketx::SOL_SOCKET, Socketx::SCM_CREDENTIALS)

      Credentials.new(*@data.unpack("iII"))
    end

    # The ExtendedError of an IP_RECVERR/IPV6_RECVERR item (read with MSG_ERRQUEUE).
    def extended_error
      raise TypeError, "not an extended error item (level #{@level}, type #{@type})" unless @kind == :exterr

      @value
    end

    def inspect
      shown = @kind && @kind != :rights ? " #{@value.inspect}" : " #{@data.inspect}"
      "#<Socketx::AncillaryData family=#{@family} level=#{@level} type=#{@type}#{shown}>"
    end

    # Add this item to a Socketx::Message with the library's typed call where there is one
    # (descriptors checked open, integers at the kernel's width), else as raw bytes.
    def add_to(message)
      case @kind
      when :rights then message.add_fds(*@value)
      when :int then message.add_int(@level, @type, @value)
      when :credentials then message.add_credentials(*@value.to_a)
      when :pktinfo then message.add_pktinfo(@value[2] || @value[0], @value[1])
      else message.add(@level, @type, @data)
      end
    end

    private

    def with(kind, value)
      @kind = kind
      @value = value
      self
    end

    def ipv4(raw)
      Addr.from_sockaddr([Socketx::AF_INET, 0].pack("Sn") + raw + ("\0" * 8))
    end
  end

  # A message (an sx_msg handle): ancillary items to send with Socket#sendmsg, or what
  # Socket#recv_message received: its data, sender, flags, items and descriptors. A received
  # message owns the descriptors that came with it until #take_fd/#take_io hands them over;
  # those not taken are closed by #close or, when the message is forgotten, by the GC.
  class Message
    include OwnedHandle

    # The data received (a binary String), nil for a message made to send.
    attr_reader :data

    def self.from_handle(handle, data = nil, family = nil)
      msg = allocate
      msg.__send__(:take, handle, data, family)
      msg
    end

    # A new empty message; items may be given at once (AncillaryData or [level, type, data]).
    def initialize(*items)
      take(Native.sx_msg_new, nil, nil)
      items.each { |i| add(i) }
    end

    # The raw handle (for Socketx::Native); 0 once closed.
    def handle
      @state[0]
    end

    def close
      h = disown_handle
      Native.sx_msg_close(h) unless h.zero?
      nil
    end

    def closed?
      @state[0].zero?
    end

    # ---- Items to send ----

    # add(AncillaryData) or add(level, type, data): a raw item.
    def add(level, type = nil, data = nil)
      return level.add_to(self) && self if level.is_a?(AncillaryData)
      return add(*level) if level.is_a?(Array) && type.nil?

      lv = AncillaryData.level_number(level)
      Native.sx_msg_add(handle, lv, AncillaryData.type_number(lv, type), data.to_s)
      self
    end
    alias << add

    def add_int(level, type, value)
      lv = AncillaryData.level_number(level)
      Native.sx_msg_add_int(handle, lv, AncillaryData.type_number(lv, type), Integer(value))
      self
    end

    # Descriptors to pass (IOs or Integers); they must stay open until the message is sent.
    def add_fds(*ios)
      @keep = (@keep || []) + ios # the IOs stay alive (and open) as long as the message
      Native.sx_msg_add_fds(handle, ios.map { |io| AncillaryData.fd_of(io) })
      self
    end

    def add_credentials(pid = Process.pid, uid = Process.uid, gid = Process.gid)
      Native.sx_msg_add_credentials(handle, pid, uid, gid)
      self
    end

    # Send from source (an Addr, a host String or [host, port]) through interface ifindex.
    def add_pktinfo(source, ifindex = 0)
      src = source.is_a?(String) ? Addr.coerce([source, 0]) : Addr.coerce(source)
      Native.sx_msg_add_pktinfo(handle, ifindex, src.handle)
      self
    end

    # ---- In a batch (Socket#sendmmsg/#recvmmsg do this themselves) ----

    # The Strings a batch sends from or receives into; the message keeps pointers into them,
    # so it keeps them too: do not resize them while the message holds them.
    def buffers=(strings)
      strings = Array(strings)
      Native.sx_msg_set_buffers(handle, strings)
      @buffers = strings
    end

    def address=(address)
      @dest = address.nil? ? nil : Addr.coerce(address)
      Native.sx_msg_set_address(handle, @dest ? @dest.handle : 0)
    end

    def ancbufsize=(size)
      Native.sx_msg_set_ancbufsize(handle, size)
    end

    # ---- What was received ----

    def nbytes
      Native.sx_msg_nbytes(handle)
    end

    # msg_flags: MSG_TRUNC, MSG_CTRUNC, MSG_EOR, MSG_ERRQUEUE, ...
    def flags
      Native.sx_msg_flags(handle)
    end

    # The sender (a Socketx::Addr), nil when there is none (a connected stream).
    def address
      Addr.from_handle(Native.sx_msg_address(handle))
    end

    def size
      Native.sx_msg_item_count(handle)
    end

    # The ancillary item at index as an AncillaryData, decoded.
    def item(index, scm_rights: false)
      level, type = Native.sx_msg_item(handle, index)
      anc = AncillaryData.new(@family || Socketx::AF_UNSPEC, level, type, Native.sx_msg_item_data(handle, index))
      decode(anc, index, scm_rights)
    end

    # Every item, in order. scm_rights: true takes the descriptors into IO objects
    # (AncillaryData#unix_rights); otherwise they stay the message's, closed with it.
    def controls(scm_rights: false)
      @fd_next = 0
      Array.new(size) { |i| item(i, scm_rights: scm_rights) }
    end

    # The first item of that level and type, or nil.
    def find(level, type)
      lv = AncillaryData.level_number(level)
      item(Native.sx_msg_find(handle, lv, AncillaryData.type_number(lv, type)))
    rescue NotFoundError
      nil
    end

    # How many descriptors came (taken or not).
    def fd_count
      Native.sx_msg_fd_count(handle)
    end

    # Take descriptor index (an Integer, close-on-exec): from now on the caller closes it.
    def take_fd(index)
      Native.sx_msg_take_fd(handle, index)
    end

    # Take descriptor index as an IO (of klass, opened with mode, as IO.for_fd).
    def take_io(index, klass = IO, mode = nil)
      Message.io_for(take_fd(index), klass, mode)
    end

    def inspect
      return "#<Socketx::Message (closed)>" if closed?

      "#<Socketx::Message #{@data ? "#{@data.bytesize} bytes, " : ""}#{size} items>"
    end

    # An fd as an object of klass (nil: the Integer itself), closing it if that fails.
    def self.io_for(fd, klass = IO, mode = nil)
      return fd if klass.nil?

      mode.nil? ? klass.for_fd(fd, autoclose: true) : klass.for_fd(fd, mode, autoclose: true)
    rescue Exception # rubocop:disable Lint/RescueException -- the fd must not leak on any raise
      IO.for_fd(fd, autoclose: true).close rescue nil # rubocop:disable Style/RescueModifier
      raise
    end

    private

    def take(handle, data, family)
      raise TypeError, "message handle must be an Integer, not #{handle.class}" unless handle.is_a?(Integer)

      own_handle([handle], Native.method(:sx_msg_close))
      @data = data
      @family = family
    end

    DECODERS = {}.tap do |t|
      sol = Socketx::SOL_SOCKET
      t[[sol, Socketx::SCM_RIGHTS]] = :rights
      t[[sol, Socketx::SCM_CREDENTIALS]] = :credentials
      %i[SO_TIMESTAMP SO_TIMESTAMPNS SO_TIMESTAMPING SO_TIMESTAMP_NEW SO_TIMESTAMPNS_NEW SO_TIMESTAMPING_NEW].each do |c|
        t[[sol, Socketx::Constants.const_get(c)]] = :timestamp
      end
      t[[Socketx::IPPROTO_IP, Socketx::IP_PKTINFO]] = :pktinfo
      t[[Socketx::IPPROTO_IPV6, Socketx::IPV6_PKTINFO]] = :pktinfo
      t[[Socketx::IPPROTO_IP, Socketx::IP_RECVERR]] = :exterr
      t[[Socketx::IPPROTO_IPV6, Socketx::IPV6_RECVERR]] = :exterr
    end.freeze
    private_constant :DECODERS

    def decode(anc, index, scm_rights)
      h = handle
      kind = DECODERS[[anc.level, anc.type]]
      value = case kind
              when :rights
                n = anc.data.bytesize / 4
                first = @fd_next || 0
                @fd_next = first + n
                scm_rights ? Array.new(n) { |k| take_io(first + k) } : nil
              when :credentials then Credentials.new(*Native.sx_msg_item_credentials(h, index))
              when :timestamp then Native.sx_msg_item_timestamp(h, index)
              when :pktinfo
                ifindex, a, spec = Native.sx_msg_item_pktinfo(h, index)
                [Addr.from_handle(a), ifindex, Addr.from_handle(spec)]
              when :exterr
                status, origin, type, code, info, data, offender = Native.sx_msg_item_exterr(h, index)
                ExtendedError.new(status, origin, type, code, info, data, Addr.from_handle(offender))
              else
                begin
                  kind = :int
                  Native.sx_msg_item_int(h, index)
                rescue Socketx::ArgumentError
                  kind = nil
                end
              end
      kind ? anc.__send__(:with, kind, value) : anc
    rescue Socketx::ArgumentError
      anc # truncated (MSG_CTRUNC): the raw bytes only
    end
  end
end
