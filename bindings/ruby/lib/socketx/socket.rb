# SPDX-License-Identifier: MIT
# frozen_string_literal: true

module Socketx
  # A socket: Python's socket.socket over libsocketx, with Ruby's conventions (binary
  # Strings, exceptions, IO-like aliases).
  #
  # Timeouts follow Python's three modes: #timeout nil (blocking, the default unless
  # Socketx.default_timeout says otherwise), 0 (non-blocking: a call that would wait raises
  # IO::WaitReadable/IO::WaitWritable) or seconds (a call waits at most that long, then
  # raises Socketx::TimeoutError).
  #
  # How blocking works: the library socket is always non-blocking underneath. A call is
  # tried once while holding the GVL (when data is ready this is the whole cost); when it
  # would block, the wait happens in Ruby's own fd wait, which releases the GVL (other
  # threads run), is interrupted by Thread#kill and Thread#raise, and is woken by #close
  # from another thread (the waiting call then raises Socketx::ClosedError). The library's
  # own blocking wait could not offer the last two: it retries EINTR, so Ruby's unblocking
  # signal would be swallowed.
  class Socket
    include OwnedHandle

    READABLE = 1 # POLLIN, for Native.sxrb_wait
    WRITABLE = 4 # POLLOUT
    private_constant :READABLE, :WRITABLE

    # Wrap a handle the library returned; takes ownership. timeout overrides the mode the
    # library gave the new socket (dup keeps the original's mode).
    def self.from_handle(handle, timeout = :library)
      sock = allocate
      sock.__send__(:take, handle, timeout)
      sock
    end

    # A new socket: socket(2). Defaults as Python's: AF_INET, SOCK_STREAM, proto 0.
    def initialize(family = Socketx::AF_INET, type = Socketx::SOCK_STREAM, proto = 0)
      take(Native.sx_socket_open(family, type, proto), :library)
    end

    # The raw handle (for Socketx::Native); 0 once closed or detached.
    def handle
      @state[0]
    end

    # ---- Lifetime ----------------------------------------------------------------------

    # Close the socket. Idempotent. A call blocked in this socket on another thread raises
    # Socketx::ClosedError.
    def close
      h = disown_handle
      return nil if h.zero?

      # Wake the Ruby threads waiting on the fd, and let them leave the wait, before the
      # library closes it: none may then poll a number the kernel reuses.
      Native.sxrb_fd_close(@fd)
      Native.sx_socket_close(h)
      close_batches # the sx_msg handles of sendmmsg/recvmmsg (socket_msg.rb)
      nil
    end

    def closed?
      @state[0].zero?
    end

    # Give up the fd without closing it; returns it. The fd gets back the blocking mode
    # this socket was in (underneath it was non-blocking), as Python leaves it.
    def detach
      h = handle
      Native.sx_socket_settimeout(h, @state[3])
      fd = Native.sx_socket_detach(h)
      disown_handle # the library released the handle: nothing is left to close
      close_batches
      fd
    end

    # A new socket over a dup of the fd, same family, type, proto and timeout.
    def dup
      Socket.from_handle(Native.sx_socket_dup(handle), timeout)
    end

    def fileno
      Native.sx_socket_fileno(handle)
    end
    alias to_i fileno

    def family
      Native.sx_socket_family(handle)
    end

    def type
      Native.sx_socket_type(handle)
    end

    def proto
      Native.sx_socket_proto(handle)
    end

    def inheritable?
      Native.sx_socket_get_inheritable(handle)
    end

    def inheritable=(flag)
      Native.sx_socket_set_inheritable(handle, flag ? 1 : 0)
    end

    def inspect
      return "#<Socketx::Socket (closed)>" if closed?

      "#<Socketx::Socket fd=#{@fd} family=#{family} type=#{type}>"
    end

    # ---- Timeouts ----------------------------------------------------------------------

    # nil (blocking), 0.0 (non-blocking) or seconds: @state[3], which the C data methods
    # read, holds it with -1.0 for blocking.
    def timeout
      t = @state[3]
      t.negative? ? nil : t
    end

    def timeout=(seconds)
      h = handle
      value = seconds.nil? ? -1.0 : Float(seconds)
      # The library validates (NaN, negative, infinite: SX_EARG/SX_EOUTOFRANGE) and rounds
      # as it does for C callers; the fd then goes back to non-blocking underneath.
      Native.sx_socket_settimeout(h, value)
      t = Native.sx_socket_gettimeout(h)
      Native.sx_socket_setblocking(h, 0)
      @state[3] = t.negative? ? -1.0 : t
    end
    alias settimeout timeout=

    def gettimeout
      timeout
    end

    # Python's getblocking(): true in blocking and in timeout mode.
    def blocking?
      handle # raises on a closed socket, as the library does
      @state[3] != 0
    end

    # Python's setblocking(): true is timeout nil, false is timeout 0.
    def blocking=(flag)
      self.timeout = flag ? nil : 0
    end

    # ---- Addresses and connections -------------------------------------------------------

    # bind(Addr), bind([host, port]), bind("/path").
    def bind(address)
      Native.sx_socket_bind(handle, addr(address).handle)
      self
    end

    # listen(backlog): nil asks for Python's default, min(SOMAXCONN, 128).
    def listen(backlog = nil)
      Native.sx_socket_listen(handle, backlog.nil? ? Native::SX_BACKLOG_DEFAULT : backlog)
      self
    end

    # Accept a connection: [Socket, Addr] (the Addr is nil when the kernel gave none).
    # The new socket starts in the module default timeout, as in Python.
    def accept
      deadline = start_deadline
      loop do
        r = Native.sx_socket_accept(handle)
        if r
          conn, peer = r
          return [Socket.from_handle(conn), Addr.from_handle(peer)]
        end
        wait_io(READABLE, deadline, :read)
      end
    end

    # Connect; waits for the connection per the timeout mode.
    def connect(address)
      a = addr(address)
      deadline = start_deadline
      return self if Native.sx_socket_connect(handle, a.handle) # true, or false: in progress
      raise Socketx.exception_for(-115, "connect to #{a}", :write) if @state[3].zero?

      wait_io(WRITABLE, deadline, :write)
      err = Native.sx_socket_getsockopt_int(handle, Socketx::SOL_SOCKET, Socketx::SO_ERROR)
      raise Socketx.exception_for(-err, "connect to #{a}") unless err.zero?

      self
    end

    # Connect and return the outcome instead of raising it: 0, or an errno number
    # (Errno::ECONNREFUSED::Errno ...), as Python's connect_ex. A timeout gives EAGAIN.
    def connect_ex(address)
      a = addr(address)
      deadline = start_deadline
      result = Native.sx_socket_connect_ex(handle, a.handle)
      if result == -115 && !@state[3].zero?
        begin
          wait_io(WRITABLE, deadline, :write)
        rescue TimeoutError
          return 11
        end
        return Native.sx_socket_getsockopt_int(handle, Socketx::SOL_SOCKET, Socketx::SO_ERROR)
      end
      -result
    end

    def local_address
      Addr.from_handle(Native.sx_socket_getsockname(handle))
    end
    alias getsockname local_address

    def remote_address
      Addr.from_handle(Native.sx_socket_getpeername(handle))
    end
    alias getpeername remote_address

    # shutdown(Socketx::SHUT_RD / SHUT_WR / SHUT_RDWR).
    def shutdown(how = Socketx::SHUT_RDWR)
      Native.sx_socket_shutdown(handle, how)
      self
    end

    # ---- Options -----------------------------------------------------------------------

    # getsockopt(level, name) is the integer value; getsockopt(level, name, buflen) the raw
    # bytes, at most buflen (1..1024) of them.
    def getsockopt(level, optname, buflen = nil)
      return Native.sx_socket_getsockopt_int(handle, level, optname) if buflen.nil?
      raise ArgumentError, "getsockopt buflen out of range" unless (1..1024).cover?(buflen)

      Native.sx_socket_getsockopt_bytes(handle, level, optname).byteslice(0, buflen)
    end

    # setsockopt(level, name, Integer or true/false), (level, name, String of bytes) or
    # (level, name, nil, optlen): Python's four forms.
    def setsockopt(level, optname, value, optlen = nil)
      h = handle
      case value
      when Integer then Native.sx_socket_setsockopt_int(h, level, optname, value)
      when true, false then Native.sx_socket_setsockopt_int(h, level, optname, value ? 1 : 0)
      when String then Native.sx_socket_setsockopt_bytes(h, level, optname, value)
      when nil
        raise ArgumentError, "setsockopt with a nil value needs optlen" if optlen.nil?

        Native.sx_socket_setsockopt_null(h, level, optname, optlen)
      else
        raise TypeError, "setsockopt value must be an Integer, true/false, a String or nil"
      end
      nil
    end

    # ---- Data --------------------------------------------------------------------------

    # send_bytes(data, flags = 0): send some of data (one send(2)); returns how many bytes
    # went. Named send_bytes because #send is Object#send.
    #
    # sendall(data, flags = 0): send all of data; in timeout mode the timeout bounds the
    # whole call. Returns the number of bytes (data.bytesize).
    #
    # recv(n, flags = 0): receive at most n bytes into a new binary String; "" at end of
    # stream.
    #
    # recv_into(buffer, nbytes = nil, flags = 0): receive into buffer, a String, in place
    # from its first byte, without allocating; returns the count. At most nbytes (default:
    # the buffer's length); the buffer is not resized, as in Python's recv_into: make it
    # with "\0".b * size and slice the result.
    #
    # These four are C methods (socketx_ruby.i, sxrb_m_*): the whole loop of try, wait the
    # Ruby way and retry is one call, without a Ruby frame or any allocation of its own.
    Native.sxrb_define_data_methods(self)

    # IO-style: write all, return the byte count; << returns self for chaining.
    def write(data)
      sendall(data)
    end

    def <<(data)
      sendall(data)
      self
    end

    # sendto(data, address, flags = 0): one datagram to address; returns the count sent.
    def sendto(data, address, flags = 0)
      a = addr(address)
      deadline = start_deadline
      loop do
        n = Native.sx_socket_sendto(handle, data, flags, a.handle)
        return n if n

        wait_io(WRITABLE, deadline, :write)
      end
    end

    # Receive at most n bytes: [String, Addr] (Addr nil for a connected stream peer).
    def recvfrom(n, flags = 0)
      r = read_op { Native.sx_socket_recvfrom(handle, n, flags) }
      [r[0], Addr.from_handle(r[1])]
    end

    # recv_into's recvfrom: [count, Addr].
    def recvfrom_into(buffer, nbytes = nil, flags = 0)
      target = nbytes.nil? ? buffer : [buffer, nbytes]
      r = read_op { Native.sx_socket_recvfrom(handle, target, flags) }
      [r[0], Addr.from_handle(r[1])]
    end

    # IO-style read: at most n bytes; EOFError at end of stream.
    def readpartial(n)
      s = recv(n)
      raise EOFError, "end of stream" if s.empty? && n.positive?

      s
    end

    private

    # recvfrom's loop: try, wait while it finds nothing. When the previous receive had to
    # wait (request/response traffic), wait first: a try that is bound to fail costs a
    # system call and a buffer. Every 16th such receive tries first again, so a socket whose
    # traffic turns into a stream goes back to one system call per receive. (recv and
    # recv_into do the same in C: sxrb_recv_loop in socketx_ruby.i.)
    #
    # With MSG_ERRQUEUE in flags the wait is for the error queue (POLLERR, which poll reports
    # whatever events are asked for), not for data.
    def read_op(flags = 0)
      deadline = start_deadline
      waited = false
      events = flags.nil? || (flags & Socketx::MSG_ERRQUEUE).zero? ? READABLE : 0
      if @read_waited && @state[3] != 0 && events == READABLE
        @read_hint = (@read_hint + 1) & 15
        unless @read_hint.zero?
          wait_io(READABLE, deadline, :read)
          waited = true
        end
      end
      loop do
        r = yield
        if r
          @read_waited = waited
          return r
        end
        wait_io(events, deadline, :read)
        waited = true
      end
    end

    def take(handle, timeout)
      raise TypeError, "socket handle must be an Integer, not #{handle.class}" unless handle.is_a?(Integer)

      # [handle, receive mode, fd, timeout (negative: blocking)], what the C data methods
      # read; the mode is the C receive's record of the traffic.
      state = [handle, 0, 0, -1.0]
      own_handle(state, Native.method(:sx_socket_close))
      @read_waited = false
      @read_hint = 0
      if timeout == :library
        # The library gave the new socket its mode (module default, SOCK_NONBLOCK, accept's
        # rule): remember it, then make the fd non-blocking underneath. (A dup passes the
        # original's mode; its fd is non-blocking already.)
        t = Native.sx_socket_gettimeout(handle)
        timeout = t.negative? ? nil : t
        Native.sx_socket_setblocking(handle, 0) unless t.zero?
      end
      @fd = Native.sx_socket_fileno(handle)
      state[2] = @fd
      state[3] = timeout.nil? ? -1.0 : timeout.to_f
    end

    def addr(address)
      # The protocol only for a tuple, and only when its family's class asks (AF_CAN, AF_BLUETOOTH).
      Addr.coerce(address, family, address.is_a?(Array) ? -> { proto } : nil)
    end

    def start_deadline
      t = @state[3]
      t <= 0 ? nil : Process.clock_gettime(Process::CLOCK_MONOTONIC) + t
    end

    # The call would block: raise in non-blocking mode, otherwise wait (until the deadline
    # in timeout mode). Waking because of #close on another thread raises ClosedError.
    def wait_io(events, deadline, io_wait)
      raise Socketx.exception_for(-11, "", io_wait) if @state[3].zero?

      begin
        if deadline
          left = deadline - Process.clock_gettime(Process::CLOCK_MONOTONIC)
          unless left.positive? && Native.sxrb_wait(@fd, events, left)
            raise Socketx.exception_for(-2001)
          end
        else
          Native.sxrb_wait(@fd, events, -1.0)
        end
      rescue ::IOError => e
        raise e unless closed? && !e.is_a?(Socketx::Error)

        raise Socketx.exception_for(-2003, "socket closed by another thread during the call")
      end
      return unless closed?

      raise Socketx.exception_for(-2003, "socket closed by another thread during the call")
    end
  end
end
