# SPDX-License-Identifier: MIT
# frozen_string_literal: true

require "test_helper"

# Joining and leaving multicast groups on loopback: any-source (v4 and v6), by interface
# address (v4), source-specific; the kernel's errors for a group joined twice or left unjoined.
class TestMulticast < Minitest::Test
  def setup
    @lo = Socketx.if_nametoindex("lo")
    @sockets = []
  end

  def teardown
    @sockets.each(&:close)
  end

  def udp(family = Socketx::AF_INET)
    s = Socketx::Socket.new(family, Socketx::SOCK_DGRAM)
    @sockets << s
    s
  end

  def test_join_and_leave_v4
    s = udp
    assert_same s, s.join_multicast("239.7.8.9", "lo")
    e = assert_raises(Errno::EADDRINUSE) { s.join_multicast(Socketx::Addr.inet("239.7.8.9", 0), @lo) }
    assert_kind_of Socketx::Error, e
    s.leave_multicast("239.7.8.9", @lo)
    assert_raises(Errno::EADDRNOTAVAIL) { s.leave_multicast("239.7.8.9", @lo) }
  end

  # A datagram sent to the group over loopback reaches the member.
  def test_member_receives_the_group_traffic
    rx = udp
    rx.setsockopt(Socketx::SOL_SOCKET, Socketx::SO_REUSEADDR, 1)
    rx.bind(["0.0.0.0", 0])
    rx.timeout = 5
    rx.join_multicast_v4("239.7.8.10", "127.0.0.1")
    tx = udp
    tx.setsockopt(Socketx::IPPROTO_IP, Socketx::IP_MULTICAST_IF, Socketx.inet_aton("127.0.0.1"))
    tx.setsockopt(Socketx::IPPROTO_IP, Socketx::IP_MULTICAST_LOOP, 1)
    tx.sendto("to the group", ["239.7.8.10", rx.local_address.port])
    data, from = rx.recvfrom(100)
    assert_equal "to the group", data
    assert_equal "127.0.0.1", from.host
    rx.leave_multicast_v4("239.7.8.10", "127.0.0.1")
    assert_raises(Errno::EADDRNOTAVAIL) { rx.leave_multicast_v4("239.7.8.10", "127.0.0.1") }
    rx.join_multicast_v4("239.7.8.10") # INADDR_ANY: the kernel's choice, here or by its routes
    rx.leave_multicast_v4("239.7.8.10")
  rescue Errno::ENODEV => e
    skip "no multicast route for INADDR_ANY here: #{e.message}"
  end

  def test_source_specific
    s = udp
    s.join_source_multicast("232.1.2.3", "127.0.0.1", @lo)
    # The kernel's codes for a source joined twice, and for one of a group no longer joined.
    assert_raises(Errno::EADDRNOTAVAIL) { s.join_source_multicast("232.1.2.3", "127.0.0.1", @lo) }
    s.join_source_multicast("232.1.2.3", "127.0.0.2", @lo) # a second source of the group
    s.leave_source_multicast("232.1.2.3", "127.0.0.1", "lo")
    s.leave_source_multicast("232.1.2.3", "127.0.0.2", @lo)
    assert_raises(Errno::EINVAL) { s.leave_source_multicast("232.1.2.3", "127.0.0.1", @lo) }
  end

  def test_join_and_leave_v6
    s = begin
      udp(Socketx::AF_INET6)
    rescue Errno::EAFNOSUPPORT => e
      skip "no IPv6 here: #{e.message}"
    end
    s.join_multicast("ff05::1:3", @lo)
    assert_raises(Errno::EADDRINUSE) { s.join_multicast("ff05::1:3", @lo) }
    s.leave_multicast("ff05::1:3", @lo)
    s.join_source_multicast("ff3e::1234", "::1", @lo)
    s.leave_source_multicast("ff3e::1234", "::1", @lo)
  end

  def test_bad_arguments
    s = udp
    assert_raises(Socketx::ArgumentError) { s.join_multicast("10.0.0.1", @lo) } # not a group
    assert_raises(Socketx::ArgumentError) { s.join_multicast(Socketx::Addr.unix("/x"), @lo) }
    assert_raises(Socketx::ArgumentError) { s.join_multicast_v4("ff05::1", nil) }
    assert_raises(Socketx::ArgumentError) { s.join_source_multicast("232.1.2.3", "::1", @lo) } # families differ
    assert_raises(Socketx::NotFoundError) { s.join_multicast("239.7.8.9", "sxnosuch0") }
    assert_raises(Errno::ENODEV) { s.join_multicast("239.7.8.9", 99_999) }
    s.close
    assert_raises(Socketx::BadHandleError) { s.leave_multicast("239.7.8.9", @lo) }
  end
end
