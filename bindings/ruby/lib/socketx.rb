# SPDX-License-Identifier: MIT
# frozen_string_literal: true

# libsocketx for Ruby: every operation of Python's socket module, over the stable C ABI of
# libsocketx.so.1. Start with Socketx::Socket, Socketx::Addr and Socketx.socketpair.
require_relative "socketx/version"
require_relative "socketx/errors"
require "socketx_native" # the SWIG-generated extension: Socketx::Native
require_relative "socketx/native_constants"
require_relative "socketx/owned_handle"
require_relative "socketx/addr"
require_relative "socketx/socket"
require_relative "socketx/resolve"

module Socketx
  # Every socket constant of this platform, with its native value (Socketx::AF_INET,
  # Socketx::Constants::SO_REUSEADDR, ...), read from the library's run-time table so the
  # binding never disagrees with the library it loaded.
  module Constants
    Native::CONSTANT_TABLE.each do |name, value|
      const_set(name, value) if name.match?(/\A[A-Z][A-Za-z0-9_]*\z/)
    end
  end
  include Constants

  # SX_DETECT: let adopt/fromfd find the family, type or proto from the fd.
  DETECT = Native::SX_DETECT

  class << self
    # A connected pair of sockets, [Socket, Socket]; Python's default AF_UNIX stream pair.
    def socketpair(family = Socketx::AF_UNIX, type = Socketx::SOCK_STREAM, proto = 0)
      a, b = Native.sx_socketpair(family, type, proto)
      [Socket.from_handle(a), Socket.from_handle(b)]
    end

    # Wrap an existing socket fd; the Socket then owns it (socket.socket(fileno=fd)).
    def adopt(fd, family = DETECT, type = DETECT, proto = DETECT)
      Socket.from_handle(Native.sx_socket_adopt(Integer(fd), family, type, proto))
    end
    alias for_fd adopt

    # Wrap a dup of fd; the caller keeps fd (socket.fromfd).
    def fromfd(fd, family = DETECT, type = DETECT, proto = DETECT)
      Socket.from_handle(Native.sx_socket_fromfd(Integer(fd), family, type, proto))
    end

    # The timeout new sockets start with: nil (blocking), 0 or seconds.
    def default_timeout
      t = Native.sx_getdefaulttimeout
      t.negative? ? nil : t
    end

    def default_timeout=(seconds)
      Native.sx_setdefaulttimeout(seconds.nil? ? -1.0 : Float(seconds))
    end

    # Whether a libsocketx call made by this thread that a signal handler interrupts returns
    # at once, raising Errno::EINTR (true), or is retried with the time left, as PEP 475
    # asks (false, the default). The setting belongs to the OS thread under the current Ruby
    # thread (one per Ruby thread, unless a Ruby 3.3+ M:N scheduler is turned on).
    #
    # Ruby code does not need it to stop a blocked thread: the data calls wait in Ruby's own
    # fd wait, and create_connection turns it on for its own duration, so Thread#raise,
    # Thread#kill and Ctrl-C already reach them. It is for code that calls Socketx::Native
    # directly and wants the C library's signal semantics.
    def thread_interruptible?
      Native.sx_thread_get_interruptible
    end

    def thread_interruptible=(flag)
      Native.sx_thread_set_interruptible(flag ? 1 : 0)
    end

    # The value of a socket constant by its Python name ("SO_REUSEADDR"); raises
    # Socketx::NotFoundError when this platform has none of that name.
    def constant(name)
      Native.sx_constant(name.to_s)
    end

    # Every socket constant as a Hash, name => value, sorted by name. (Not #constants,
    # which every Ruby module already has for reflection.)
    def socket_constants
      Native::CONSTANT_TABLE.to_h
    end

    # The loaded C library's version, "1.1.0", and as numbers.
    def library_version
      Native.sx_version_string
    end

    def version_info
      Native.sx_version
    end

    # The ABI level of the loaded library, [1, minor] for SOCKETX_1.minor.
    def abi_level
      Native.sx_abi_level
    end

    # { build: true/false, kernel: true/false } for an address family: whether this build
    # has an address codec for it, and whether the running kernel creates its sockets.
    def family_supported(family)
      build, kernel = Native.sx_family_supported(family)
      { build: build, kernel: kernel }
    end

    # "SX_ECONNREFUSED" for -111; "SX_EUNKNOWN" for a code the library does not know.
    def error_name(status)
      Native.sx_error_name(status)
    end

    def strerror(status)
      Native.sx_strerror(status)
    end

    # The status for a name ("SX_ETIMEOUT" or "ETIMEOUT").
    def error_code(name)
      Native.sx_error_code(name.to_s)
    end

    # This thread's detail message for the last failing call (each Socketx::Error already
    # carries its own in #detail).
    def last_error_detail
      Native.sx_last_error_detail
    end
  end
end

# Messages (socketx/msg.h): they read the constants above.
require_relative "socketx/message"
require_relative "socketx/socket_msg"
require_relative "socketx/multicast"
# The address families: a file each, each registering its Addr subclass (Addr.register).
Dir[File.join(__dir__, "socketx", "family", "*.rb")].sort.each { |f| require f }
