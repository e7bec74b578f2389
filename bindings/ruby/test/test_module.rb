# SPDX-License-Identifier: MIT
# frozen_string_literal: true

require "test_helper"

class TestModule < Minitest::Test
  def test_version_and_abi_level
    assert_match(/\A\d+\.\d+\.\d+\z/, Socketx.library_version)
    assert_equal Socketx.library_version, Socketx.version_info.join(".")
    major, minor = Socketx.abi_level
    assert_equal 1, major
    assert_operator minor, :>=, 0
  end

  def test_constants_by_name_table_and_module
    assert_equal 2, Socketx.constant("AF_INET")
    assert_equal Socketx.constant("SO_REUSEADDR"), Socketx::SO_REUSEADDR
    assert_equal Socketx::AF_UNIX, Socketx::Constants::AF_UNIX
    table = Socketx.socket_constants
    assert_operator table.size, :>, 100
    assert_equal table.keys.sort, table.keys
    assert_equal Socketx::SOCK_DGRAM, table["SOCK_DGRAM"]
    # Python's getaddrinfo numbers are the platform's own, not libsocketx's status codes.
    assert_equal(-2, Socketx.constant("EAI_NONAME"))
    e = assert_raises(Socketx::NotFoundError) { Socketx.constant("NO_SUCH_CONSTANT") }
    assert_equal(-2007, e.status)
  end

  # The header's SX_<NAME> macros, defined on Socketx::Native at load time from the run-time
  # table (the wrapper carries no values): every table entry, the same value, and the
  # header's SX_NATIVE_ spelling where SX_<NAME> is a libsocketx status code.
  def test_native_macros_come_from_the_run_time_table
    table = Array.new(Socketx::Native.sx_constant_count) { |i| Socketx::Native.sx_constant_at(i) }
    assert_equal table.to_h, Socketx.socket_constants
    table.each do |name, value|
      macro = Socketx::Native.const_defined?("SX_NATIVE_#{name}", false) ? "SX_NATIVE_#{name}" : "SX_#{name}"
      assert_equal value, Socketx::Native.const_get(macro, false), macro
    end
    assert_equal Socketx::AF_INET, Socketx::Native::SX_AF_INET
    assert_equal Socketx.constant("AF_DECnet"), Socketx::Native::SX_AF_DECnet
    assert_equal(-1002, Socketx::Native::SX_EAI_NONAME)
    assert_equal Socketx.constant("EAI_NONAME"), Socketx::Native::SX_NATIVE_EAI_NONAME
    assert_equal Socketx::Native.sx_constant("SO_REUSEADDR"), Socketx::Native::SX_SO_REUSEADDR
  end

  def test_family_supported
    assert_equal({ build: true, kernel: true }, Socketx.family_supported(Socketx::AF_UNIX))
    assert_equal({ build: true, kernel: true }, Socketx.family_supported(Socketx::AF_INET))
    assert_raises(Socketx::ArgumentError) { Socketx.family_supported(-1) }
  end

  def test_error_names_and_messages
    assert_equal "SX_ECONNREFUSED", Socketx.error_name(-111)
    assert_equal "SX_OK", Socketx.error_name(0)
    assert_equal(-2001, Socketx.error_code("SX_ETIMEOUT"))
    assert_equal(-2001, Socketx.error_code("ETIMEOUT"))
    assert_match(/refused/i, Socketx.strerror(-111))
    assert_raises(Socketx::NotFoundError) { Socketx.error_code("SX_NOPE") }
  end

  def test_last_error_detail_is_this_threads_last_failure
    assert_raises(Socketx::ArgumentError) { Socketx::Addr.unix("x" * 200) }
    assert_match(/too long/, Socketx.last_error_detail)
  end

  def test_default_timeout_applies_to_new_sockets
    assert_nil Socketx.default_timeout
    Socketx.default_timeout = 2.5
    a, b = Socketx.socketpair
    assert_in_delta 2.5, a.timeout
    assert_in_delta 2.5, b.timeout
    s = Socketx::Socket.new(Socketx::AF_UNIX, Socketx::SOCK_DGRAM)
    assert_in_delta 2.5, s.timeout
    assert_raises(Socketx::ArgumentError) { Socketx.default_timeout = Float::NAN }
  ensure
    Socketx.default_timeout = nil
    [a, b, s].each { |x| x&.close }
  end

  def test_exception_classes
    assert_operator Socketx::ResolutionError, :<, ::SocketError
    assert_operator Socketx::ClosedError, :<, ::IOError
    assert_operator Socketx::BadHandleError, :<, ::IOError
    assert_operator Socketx::ArgumentError, :<, ::ArgumentError
    if defined?(IO::TimeoutError)
      assert_operator Socketx::TimeoutError, :<, IO::TimeoutError
    else
      assert_operator Socketx::TimeoutError, :<, Timeout::Error
    end
    e = Socketx.exception_for(-111, "to somewhere")
    assert_kind_of Errno::ECONNREFUSED, e
    assert_kind_of Socketx::Error, e
    assert_equal 111, e.errno
    assert_equal "SX_ECONNREFUSED", e.status_name
    assert_equal "to somewhere", e.detail
    # An errno Ruby has no class for still carries its number.
    odd = Socketx.exception_for(-999)
    assert_kind_of SystemCallError, odd
    assert_equal 999, odd.errno
    assert_kind_of Socketx::LibraryError, Socketx.exception_for(-2006)
  end
end
