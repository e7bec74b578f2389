# SPDX-License-Identifier: MIT
# frozen_string_literal: true

require "test_helper"

class TestAddr < Minitest::Test
  def test_inet
    a = Socketx::Addr.inet("127.0.0.1", 8080)
    assert_equal Socketx::AF_INET, a.family
    assert_equal "127.0.0.1", a.host
    assert_equal 8080, a.port
    assert_equal "127.0.0.1:8080", a.to_s
    assert_equal ["127.0.0.1", 8080], a.to_a
    assert_equal 16, a.to_sockaddr.bytesize
    assert_equal Encoding::BINARY, a.to_sockaddr.encoding
    assert_equal "0.0.0.0", Socketx::Addr.inet("", 0).host
    assert_raises(Socketx::RangeError) { Socketx::Addr.inet("127.0.0.1", 70_000) }
    assert_raises(Socketx::ArgumentError) { a.flowinfo }
  end

  def test_inet6
    a = Socketx::Addr.inet6("::1", 443, 5, 0)
    assert_equal Socketx::AF_INET6, a.family
    assert_equal "::1", a.host
    assert_equal 443, a.port
    assert_equal 5, a.flowinfo
    assert_equal 0, a.scope_id
    assert_equal "[::1]:443", a.to_s
    assert_equal ["::1", 443, 5, 0], a.to_a
    assert_equal 7, Socketx::Addr.inet6("fe80::1", 1, 0, 7).scope_id
  end

  def test_unix_abstract_and_raw
    u = Socketx::Addr.unix("/tmp/sx.sock")
    assert_equal Socketx::AF_UNIX, u.family
    assert_equal "/tmp/sx.sock".b, u.path
    assert_equal "/tmp/sx.sock", u.to_s
    ab = Socketx::Addr.abstract("name\x01")
    assert_equal "\0name\x01".b, ab.path
    assert_equal "@name\\x01", ab.to_s
    assert_equal "", Socketx::Addr.unix("").to_s
    raw = Socketx::Addr.from_sockaddr(u.to_sockaddr)
    assert_equal u, raw
    assert_equal u.hash, raw.hash
    refute_equal u, ab
    assert_equal ab, Socketx::Addr.unix_bytes("\0name\x01")
  end

  def test_coerce
    assert_equal "1.2.3.4:5", Socketx::Addr.coerce(["1.2.3.4", 5]).to_s
    assert_equal "[::1]:5", Socketx::Addr.coerce(["::1", 5]).to_s
    assert_equal "/x", Socketx::Addr.coerce("/x").to_s
    assert_equal "@x", Socketx::Addr.coerce("\0x").to_s
    assert_raises(TypeError) { Socketx::Addr.coerce(42) }
  end

  def test_close_is_idempotent_and_then_bad_handle
    a = Socketx::Addr.inet("127.0.0.1", 1)
    refute a.closed?
    assert_nil a.close
    assert_nil a.close
    assert a.closed?
    e = assert_raises(Socketx::BadHandleError) { a.port }
    assert_equal(-2002, e.status)
    assert_match(/closed/, a.inspect)
  end

  def test_long_unix_path_is_an_argument_error_with_detail
    e = assert_raises(Socketx::ArgumentError) { Socketx::Addr.unix("p" * 140) }
    assert_equal(-2004, e.status)
    assert_match(/too long/, e.detail)
    assert_raises(Socketx::ArgumentError) { Socketx::Addr.from_sockaddr("\x02") }
  end
end
