# SPDX-License-Identifier: MIT
# frozen_string_literal: true

require "socket" # ::SocketError
require "timeout" # Timeout::Error, the timeout error's parent on Ruby 3.1

module Socketx
  # Mixed into every exception this library raises, whatever its Ruby superclass, so that
  # `rescue Socketx::Error` catches them all and each tells its libsocketx status.
  module Error
    # The libsocketx status code (negative; Socketx.error_name(status) names it).
    attr_reader :status
    # The library's detail message for this failure ("" when it gave none).
    attr_reader :detail

    # "SX_ECONNREFUSED" and so on.
    def status_name
      Native.sx_error_name(status)
    end

    private

    def sx_init(status, detail)
      @status = status
      @detail = detail
      self
    end
  end

  # A library error with no closer Ruby class (SX_ENOTSUP, SX_ETRUNC, SX_ENOHANDLES, ...).
  class LibraryError < StandardError
    include Error
  end

  # Name resolution failed (SX_EAI_*, SX_EHOST_*): Python's gaierror/herror, Ruby's SocketError.
  class ResolutionError < ::SocketError
    include Error
  end

  # The socket's own timeout expired (SX_ETIMEOUT, not the kernel's ETIMEDOUT). Ruby 3.2 added
  # IO::TimeoutError for exactly this; older Rubies only have Timeout::Error.
  class TimeoutError < (defined?(::IO::TimeoutError) ? ::IO::TimeoutError : ::Timeout::Error)
    include Error
  end

  # A zero, stale or already closed handle (SX_EBADHANDLE): Ruby raises IOError for a closed stream.
  class BadHandleError < ::IOError
    include Error
  end

  # Another thread closed the socket while this call was using it (SX_ECLOSED).
  class ClosedError < ::IOError
    include Error
  end

  # An argument the library refused before any system call (SX_EARG).
  class ArgumentError < ::ArgumentError
    include Error
  end

  # A number outside the range the operation accepts (SX_EOUTOFRANGE).
  class RangeError < ::RangeError
    include Error
  end

  # The family or operation is not available in this build or on this platform (SX_ENOTSUP).
  class NotSupportedError < LibraryError; end

  # A service, protocol, interface or constant name is unknown (SX_ENOTFOUND).
  class NotFoundError < LibraryError; end

  # Non-blocking mode found nothing to do: the IO::WaitReadable/WaitWritable exceptions
  # Ruby's own read_nonblock and connect_nonblock raise, so IO.select-style loops work.
  class WaitReadable < ::IO::EAGAINWaitReadable
    include Error
  end

  class WaitWritable < ::IO::EAGAINWaitWritable
    include Error
  end

  class InProgress < ::IO::EINPROGRESSWaitWritable
    include Error
  end

  # OS errors raise a subclass of the matching Errno class (Socketx::SystemErrors::ECONNREFUSED
  # < Errno::ECONNREFUSED), so `rescue Errno::ECONNREFUSED` works and #status is there too.
  module SystemErrors; end

  LIBRARY_ERRORS = {
    -2001 => TimeoutError, -2002 => BadHandleError, -2003 => ClosedError,
    -2004 => ArgumentError, -2005 => NotSupportedError, -2007 => NotFoundError,
    -2008 => RangeError
  }.freeze
  private_constant :LIBRARY_ERRORS

  @errno_classes = {}
  @errno_lock = Mutex.new

  class << self
    # Build (not raise) the exception for a libsocketx status. io_wait (:read, :write)
    # says which IO::Wait* class a "would block" status becomes.
    def exception_for(status, detail = "", io_wait = nil)
      detail = detail.to_s
      klass = error_class(status, io_wait)
      exc = if klass <= ::SystemCallError
              # Errno classes put strerror first themselves: "Connection refused - detail".
              detail.empty? ? klass.new : klass.new(detail)
            else
              text = Native.sx_strerror(status)
              # Library details often quote the message already ("cannot resolve 'x': Name
              # or service not known"): say it once.
              klass.new(if detail.empty? then text
                        elsif detail.include?(text) then detail
                        else "#{text}: #{detail}"
                        end)
            end
      exc.__send__(:sx_init, status, detail)
    end

    # The exception class a status maps to.
    def error_class(status, io_wait = nil)
      return LIBRARY_ERRORS.fetch(status, LibraryError) if status <= -2000
      return ResolutionError if status <= -1000
      return WaitReadable if status == -11 && io_wait == :read
      return WaitWritable if status == -11 && io_wait == :write
      return InProgress if status == -115

      errno_class(-status)
    end

    private

    def errno_class(errno)
      @errno_lock.synchronize do
        @errno_classes[errno] ||= begin
          base = ::SystemCallError.new(nil, errno).class
          sub = Class.new(base) { include Error }
          if base == ::SystemCallError
            # An errno Ruby has no class for: SystemCallError subclasses read their number
            # from the Errno constant, as the Errno::* classes do.
            sub.const_set(:Errno, errno)
          else
            SystemErrors.const_set(base.name.split("::").last, sub)
          end
          sub
        end
      end
    end
  end
end
