# SPDX-License-Identifier: MIT
# frozen_string_literal: true

require "test_helper"

# The resolver, interface, conversion and connection functions. They are bound once the
# shared interface includes their headers (Socketx.resolver_bound?); until then these
# tests skip, visibly.
class TestResolve < Minitest::Test
  def setup
    skip "bindings/swig/socketx.i does not include resolve.h & co. yet" unless Socketx.resolver_bound?
  end

  def test_getaddrinfo_by_port_number_and_service
    infos = Socketx.getaddrinfo("127.0.0.1", 80, Socketx::AF_INET, Socketx::SOCK_STREAM)
    assert_equal 1, infos.size
    info = infos.first
    assert_equal [Socketx::AF_INET, Socketx::SOCK_STREAM, Socketx::IPPROTO_TCP], [info.family, info.type, info.proto]
    assert_equal "127.0.0.1:80", info.address.to_s
    by_name = Socketx.getaddrinfo("127.0.0.1", "http", Socketx::AF_INET, Socketx::SOCK_STREAM)
    assert_equal 80, by_name.first.address.port
    canon = Socketx.getaddrinfo("localhost", nil, Socketx::AF_INET, Socketx::SOCK_STREAM, 0, Socketx::AI_CANONNAME)
    assert_equal "localhost", canon.first.canonname
    e = assert_raises(Socketx::ResolutionError) { Socketx.getaddrinfo("no-such-host.invalid", 80) }
    assert_operator e.status, :<=, -1000
  end

  def test_getnameinfo_both_forms
    flags = Socketx::NI_NUMERICHOST | Socketx::NI_NUMERICSERV
    assert_equal ["127.0.0.1", "22"], Socketx.getnameinfo(["127.0.0.1", 22], flags)
    assert_equal ["::1", "22"], Socketx.getnameinfo(["::1", 22, 0, 0], flags)
    assert_equal ["127.0.0.1", "http"], Socketx.getnameinfo(Socketx::Addr.inet("127.0.0.1", 80), Socketx::NI_NUMERICHOST)
  end

  def test_host_database
    assert_equal "127.0.0.1", Socketx.gethostbyname("localhost")
    name, aliases, addrs = Socketx.gethostbyname_ex("localhost")
    assert_kind_of String, name
    assert_kind_of Array, aliases
    assert_includes addrs, "127.0.0.1"
    # The alias getter, past the end of the (usually empty) alias list.
    list = Socketx::Native.sx_gethostbyname_ex("localhost")
    begin
      count = Socketx::Native.sx_hostent_alias_count(list)
      assert_raises(Socketx::RangeError) { Socketx::Native.sx_hostent_alias(list, count) }
    ensure
      Socketx::Native.sx_list_close(list)
    end
    _, _, back = Socketx.gethostbyaddr("127.0.0.1")
    assert_includes back, "127.0.0.1"
    refute_empty Socketx.getfqdn("localhost")
    hostname = Socketx.gethostname
    refute_empty hostname
    # Setting the name it already has changes nothing; without the privilege it is EPERM.
    begin
      Socketx.sethostname(hostname)
    rescue Errno::EPERM
      nil
    end
    assert_equal hostname, Socketx.gethostname
  end

  def test_protocols_and_services
    assert_equal 6, Socketx.getprotobyname("tcp")
    assert_equal 80, Socketx.getservbyname("http", "tcp")
    assert_equal "http", Socketx.getservbyport(80, "tcp")
    assert_raises(Socketx::NotFoundError) { Socketx.getprotobyname("no-such-protocol") }
  end

  def test_interfaces
    list = Socketx.if_nameindex
    lo = list.find { |_, n| n == "lo" }
    refute_nil lo
    assert_equal lo[0], Socketx.if_nametoindex("lo")
    assert_equal "lo", Socketx.if_indextoname(lo[0])
    assert_raises(Socketx::NotFoundError) { Socketx.if_nametoindex("no-such-if0") }
  end

  def test_conversions
    assert_equal "\x01\x02\x03\x04".b, Socketx.inet_aton("1.2.3.4")
    assert_equal "1.2.3.4", Socketx.inet_ntoa("\x01\x02\x03\x04".b)
    packed = Socketx.inet_pton(Socketx::AF_INET6, "::1")
    assert_equal ("\0" * 15 + "\x01").b, packed
    assert_equal "::1", Socketx.inet_ntop(Socketx::AF_INET6, packed)
    assert_equal [1].pack("N").unpack1("L"), Socketx.htonl(1)
    assert_equal 1, Socketx.ntohl(Socketx.htonl(1))
    assert_equal 1, Socketx.ntohs(Socketx.htons(1))
    assert_operator Socketx.cmsg_space(4), :>=, Socketx.cmsg_len(4)
    e = assert_raises(Socketx::Error) { Socketx.inet_aton("not an ip") }
    assert_operator e.status, :<, 0
  end

  def test_create_server_and_connection
    assert_includes [true, false], Socketx.has_ipv6?
    assert_includes [true, false], Socketx.has_dualstack_ipv6?
    srv = Socketx.create_server(["127.0.0.1", 0], backlog: 4)
    port = srv.local_address.port
    c = Socketx.create_connection("127.0.0.1", port, timeout: 2)
    assert_in_delta 2.0, c.timeout
    conn, = srv.accept
    c.sendall("via create_connection")
    assert_equal "via create_connection", conn.recv(64)
    raced = Socketx.create_connection("127.0.0.1", port, happy_eyeballs: true)
    assert_nil raced.timeout
    errors, handle = Socketx::Native.sx_create_connection_ex("127.0.0.1", port, 2.0, 0, 0)
    assert_equal [], errors
    Socketx::Socket.from_handle(handle).close
    srv.close
    assert_raises(Errno::ECONNREFUSED) { Socketx.create_connection("127.0.0.1", port, timeout: 2) }
  ensure
    [srv, c, conn, raced].each { |s| s&.close }
  end

  def test_raw_descriptor_functions
    s = Socketx::Socket.new
    fd = Socketx.dup_fd(s.fileno)
    refute_equal s.fileno, fd
    assert File.exist?("/proc/self/fd/#{fd}")
    Socketx.close_fd(fd)
    refute File.exist?("/proc/self/fd/#{fd}")
    assert_raises(Errno::EBADF) { Socketx.close_fd(fd) }
  ensure
    s&.close
  end
end
