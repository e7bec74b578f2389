# SPDX-License-Identifier: MIT
# frozen_string_literal: true

require "test_helper"

# One test per error category: OS, resolver, library timeout, bad handle, closed (the last
# in test_threads.rb, since it needs a second thread), plus the library's argument errors.
class TestErrors < Minitest::Test
  def test_os_error_is_errno_with_status
    port = Socketx::Socket.new.bind(["127.0.0.1", 0]).then { |s| s.local_address.port.tap { s.close } }
    s = Socketx::Socket.new
    e = assert_raises(Errno::ECONNREFUSED) { s.connect(["127.0.0.1", port]) }
    assert_kind_of Socketx::Error, e
    assert_equal(-111, e.status)
    assert_equal Errno::ECONNREFUSED::Errno, e.errno
    assert_match(/refused/i, e.message)
  ensure
    s&.close
  end

  def test_os_error_from_bind_in_use
    a = Socketx::Socket.new.bind(["127.0.0.1", 0]).listen
    b = Socketx::Socket.new
    e = assert_raises(Errno::EADDRINUSE) { b.bind(a.local_address) }
    assert_equal "SX_EADDRINUSE", e.status_name
  ensure
    a&.close
    b&.close
  end

  def test_resolver_error_is_a_socket_error
    e = assert_raises(Socketx::ResolutionError) { Socketx::Addr.inet("no-such-host.invalid", 80) }
    assert_kind_of ::SocketError, e
    assert_kind_of Socketx::Error, e
    assert_includes [-1002, -1003, -1005], e.status # NONAME, or AGAIN/NODATA with no resolver
    assert_match(/\ASX_EAI_/, e.status_name)
    assert_raises(Socketx::ResolutionError) { Socketx::Addr.inet6("no-such-host.invalid", 80) }
    # Through a socket call that takes a [host, port]:
    s = Socketx::Socket.new
    assert_raises(SocketError) { s.connect(["no-such-host.invalid", 80]) }
  ensure
    s&.close
  end

  def test_library_timeout
    a, b = Socketx.socketpair
    a.timeout = 0.05
    t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    e = assert_raises(Socketx::TimeoutError) { a.recv(10) }
    elapsed = Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0
    assert_equal(-2001, e.status)
    assert_kind_of(defined?(IO::TimeoutError) ? IO::TimeoutError : Timeout::Error, e)
    assert_operator elapsed, :>=, 0.045
    assert_operator elapsed, :<, 2
  ensure
    a&.close
    b&.close
  end

  def test_bad_handle
    e = assert_raises(Socketx::BadHandleError) { Socketx::Native.sx_socket_listen(0, 1) }
    assert_equal(-2002, e.status)
    assert_kind_of IOError, e
    # An address handle is not a socket handle.
    addr = Socketx::Addr.inet("127.0.0.1", 1)
    assert_raises(Socketx::BadHandleError) { Socketx::Native.sx_socket_fileno(addr.handle) }
    s = Socketx::Socket.new
    s.close
    assert_raises(Socketx::BadHandleError) { s.send_bytes("x") }
    assert_raises(Socketx::BadHandleError) { s.sendto("x", addr) }
  end

  def test_argument_and_range_errors
    # As Python's socket(): -1 is the default family; other negative ones are the kernel's to refuse.
    assert_raises(Errno::EAFNOSUPPORT) { Socketx::Socket.new(-2, 1) }
    s = Socketx::Socket.new
    assert_raises(Socketx::ArgumentError) { s.timeout = Float::NAN }
    assert_raises(Socketx::ArgumentError) { s.timeout = -2 }
    assert_raises(Socketx::RangeError) { s.timeout = Float::INFINITY }
    assert_raises(Socketx::ArgumentError) { s.bind(Socketx::Addr.unix("/tmp/x")) } # family mismatch
    assert_raises(Errno::EAFNOSUPPORT) { Socketx::Socket.new(4000, Socketx::SOCK_STREAM) }
  ensure
    s&.close
  end
end
