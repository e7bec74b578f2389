# frozen_string_literal: true

module Socketx
  # An immutable socket address (an sx_addr handle). Build one with Addr.inet, Addr.inet6,
  # Addr.unix, Addr.abstract, Addr.unix_bytes or Addr.from_sockaddr; sockets return them
  # from accept, recvfrom, local_address and remote_address.
  #
  # The handle is released by #close or, when the object is forgotten, by the garbage
  # collector.
  class Addr
    include OwnedHandle

    private_class_method :new

    class << self
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
      # (an AF_UNIX path; one starting with "\0" is abstract).
      def coerce(obj, family = nil)
        case obj
        when Addr then obj
        when String
          obj.start_with?("\0") ? unix_bytes(obj) : unix(obj)
        when Array
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

      # Wrap a handle the library returned; takes ownership (nil for the handle 0).
      def from_handle(handle)
        return nil if handle.zero?

        addr = allocate
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
      handle.zero? ? "#<Socketx::Addr (closed)>" : "#<Socketx::Addr #{self}>"
    end

    # Python's tuple form: [host, port] for AF_INET, [host, port, flowinfo, scope_id] for
    # AF_INET6, the path for AF_UNIX.
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

    private

    def take(handle)
      raise TypeError, "address handle must be an Integer, not #{handle.class}" unless handle.is_a?(Integer)

      own_handle([handle], Native.method(:sx_addr_close))
    end
  end
end
