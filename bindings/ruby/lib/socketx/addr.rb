# SPDX-License-Identifier: MIT
# frozen_string_literal: true

module Socketx
  # An immutable socket address (an sx_addr handle). Build one with Addr.inet, Addr.inet6,
  # Addr.unix, Addr.abstract, Addr.unix_bytes, Addr.from_sockaddr or Addr.parse; sockets
  # return them from accept, recvfrom, recvmsg, local_address and remote_address.
  #
  # The other families have a subclass each (lib/socketx/family/*.rb: NetlinkAddr,
  # PacketAddr, CANAddr, ...), made with its own .new. Each registers itself for its AF_*
  # value (Addr.register), and every address the library hands back is wrapped in the class
  # registered for its family: a family is added by its own file alone.
  #
  # The handle is released by #close or, when the object is forgotten, by the garbage
  # collector.
  class Addr
    include OwnedHandle

    private_class_method :new

    # AF_* value => the Addr subclass for that family.
    FAMILIES = {}
    private_constant :FAMILIES

    class << self
      # Make this class the wrapper of every address of family: an AF_* value, or its
      # constant's name (:AF_NETLINK), which registers nothing on a platform that has no
      # such family (AF_HYPERV on Linux). Called in the subclass's own body.
      def register(family)
        if family.is_a?(Symbol)
          return self unless Socketx::Constants.const_defined?(family, false)

          family = Socketx::Constants.const_get(family)
        end
        FAMILIES[family] = self
        self
      end

      # The class an address of this family is wrapped in (Addr when none registered).
      def class_for_family(family)
        FAMILIES.fetch(family, Addr)
      end

      # Where one family has several layouts (AF_CAN, AF_BLUETOOTH), the registered class
      # overrides this to pick the subclass for the handle's layout.
      def layout_class(_handle)
        self
      end

      # An address of any family from its canonical text form (#to_s), numeric only:
      # "10.0.0.1:80", "[::1]:80", "/run/x.sock", "@name", "netlink:0:0", "can:vcan0", ...
      # family (an AF_* value) says which family's form the text is; nil tells it by the
      # text (the scheme, or the shape of the inet, inet6 and unix forms, which have none).
      def parse(text, family = nil)
        text = String.try_convert(text) or raise TypeError, "address text must be a String, not #{text.class}"
        from_handle(Native.sx_addr_from_string(family.nil? ? family_of_text(text) : family, text))
      end

      # An AF_INET address; host is a dotted quad, "" (any), "<broadcast>" or a name to resolve.
      def inet(host, port)
        from_handle(Native.sx_addr_inet(host.to_s, Integer(port)))
      end

      # An AF_INET6 address; host is an IPv6 literal (a "%scope" suffix is kept), "" or a name.
      def inet6(host, port, flowinfo = 0, scope_id = 0)
        from_handle(Native.sx_addr_inet6(host.to_s, Integer(port), flowinfo, scope_id))
      end

      # An AF_UNIX path address; "" is the unnamed address (bind then autobinds).
      def unix(path)
        from_handle(Native.sx_addr_unix(path.to_s))
      end

      # An AF_UNIX address from raw bytes: a leading "\0" makes a Linux abstract name.
      def unix_bytes(bytes)
        from_handle(Native.sx_addr_unix_bytes(bytes))
      end

      # A Linux abstract AF_UNIX address; name is given without its leading NUL.
      def abstract(name)
        unix_bytes("\0".b + name.b)
      end

      # An address of any family from raw sockaddr bytes (sa_family first).
      def from_sockaddr(bytes)
        from_handle(Native.sx_addr_from_sockaddr(bytes))
      end

      # Make an Addr out of what callers usually write: an Addr, [host, port] (IPv6 when the
      # host has a ':' or the family says so), [host, port, flowinfo, scope_id], or a String
      # (an AF_UNIX path; one starting with "\0" is abstract). For the other families,
      # Python's tuple as an Array ([pid, groups] for AF_NETLINK...), read by the family's
      # class (its .from_tuple); protocol is the socket's protocol (or a Proc that gives it),
      # which tells AF_CAN's and AF_BLUETOOTH's layouts apart.
      def coerce(obj, family = nil, protocol = nil)
        case obj
        when Addr then obj
        when String
          obj.start_with?("\0") ? unix_bytes(obj) : unix(obj)
        when Array
          klass = family.nil? ? nil : FAMILIES[family]
          if klass.respond_to?(:from_tuple)
            return klass.from_tuple(obj, protocol.respond_to?(:call) ? protocol.call : protocol)
          end

          host, port, flowinfo, scope_id = obj
          if obj.size > 2 || family == Socketx::AF_INET6 || (family.nil? && host.to_s.include?(":"))
            inet6(host, port, flowinfo || 0, scope_id || 0)
          else
            inet(host, port)
          end
        else
          raise TypeError, "cannot make a socket address from #{obj.class}"
        end
      end

      # Wrap a handle the library returned, in the class registered for its family; takes
      # ownership (nil for the handle 0).
      def from_handle(handle)
        return nil if handle.zero?

        klass = begin
          class_for_family(Native.sx_addr_family(handle)).layout_class(handle)
        rescue StandardError
          Native.sx_addr_close(handle) # not wrapped yet: nothing else would release it
          raise
        end
        addr = klass.allocate
        addr.__send__(:take, handle)
        addr
      end
    end

    # The raw handle (for Socketx::Native); 0 once closed.
    def handle
      @state[0]
    end

    def family
      Native.sx_addr_family(handle)
    end

    # The numeric host of an AF_INET/AF_INET6 address ("127.0.0.1", "::1").
    def host
      Native.sx_addr_host(handle)
    end

    def port
      Native.sx_addr_port(handle)
    end

    def flowinfo
      Native.sx_addr_flowinfo(handle)
    end

    def scope_id
      Native.sx_addr_scope_id(handle)
    end

    # The name of an AF_UNIX address as binary bytes: a path, "\0name" for an abstract
    # name, "" when unnamed.
    def path
      Native.sx_addr_unix_path(handle)
    end

    # The raw sockaddr bytes, for interop with C.
    def to_sockaddr
      Native.sx_addr_to_sockaddr(handle)
    end

    # The canonical text: "127.0.0.1:80", "[::1]:80", "/run/x.sock", "@abstract".
    def to_s
      Native.sx_addr_to_string(handle)
    end

    def inspect
      handle.zero? ? "#<#{self.class.name} (closed)>" : "#<#{self.class.name} #{self}>"
    end

    # Python's tuple form: [host, port] for AF_INET, [host, port, flowinfo, scope_id] for
    # AF_INET6, the path for AF_UNIX (each family's subclass: its own tuple).
    def to_a
      case family
      when Socketx::AF_INET then [host, port]
      when Socketx::AF_INET6 then [host, port, flowinfo, scope_id]
      else [path]
      end
    end

    def ==(other)
      other.is_a?(Addr) && Native.sx_addr_equal(handle, other.handle)
    end
    alias eql? ==

    def hash
      to_sockaddr.hash
    end

    # Release the handle now. Idempotent.
    def close
      h = disown_handle
      Native.sx_addr_close(h) unless h.zero?
      nil
    end

    def closed?
      @state[0].zero?
    end

    class << self
      private

      # The family of a text form with no scheme (a scheme is letters and a colon).
      def family_of_text(text)
        if text.start_with?("[") then Socketx::AF_INET6
        elsif text.match?(/\A\d{1,3}(?:\.\d{1,3}){3}:\d+\z/) then Socketx::AF_INET
        elsif text.empty? || text.start_with?("/", "@") then Socketx::AF_UNIX
        else Socketx::AF_UNSPEC
        end
      end

      # The family constructors' checks of what Ruby would otherwise wrap silently (NUM2UINT
      # takes -1 as 4294967295): a Socketx::RangeError, as the library's own range checks.
      def check_range(value, range, what)
        raise TypeError, "#{what} must be an Integer, not #{value.class}" unless value.is_a?(Integer)

        return value if range.cover?(value)

        raise Socketx.exception_for(-2008, "#{what} #{value} is out of range #{range.min}..#{range.max}")
      end

      def u32(value, what) = check_range(value, 0..0xFFFF_FFFF, what)

      # A family's Python tuple as an Array of sizes in range; shape names it for the error.
      def tuple_of(tuple, sizes, shape)
        return tuple if tuple.is_a?(Array) && sizes.cover?(tuple.size)

        raise Socketx.exception_for(-2004, "#{name} takes #{shape}, not #{tuple.inspect}")
      end

      # A field given as an interface name or an index: the name as a String (a Symbol is
      # taken too); Integers stay indexes.
      def interface_name(interface)
        return interface.to_s if interface.is_a?(Symbol)

        String.try_convert(interface) or raise TypeError, "an interface name must be a String, not #{interface.class}"
      end
    end

    private

    def take(handle)
      raise TypeError, "address handle must be an Integer, not #{handle.class}" unless handle.is_a?(Integer)

      own_handle([handle], Native.method(:sx_addr_close))
    end
  end
end
