# SPDX-License-Identifier: MIT
# frozen_string_literal: true

require "test_helper"

# Live sockets of the other families on this kernel: netlink (bind, getsockname, an
# RTM_GETLINK dump), packet (a UDP datagram over loopback seen on "lo"), the AF_ALG path
# where the kernel has it, and the error for a family the kernel lacks.
class TestFamilyLive < Minitest::Test
  RTM_NEWLINK = 16
  RTM_GETLINK = 18
  NLMSG_DONE = 3
  NLMSG_ERROR = 2
  NLM_F_REQUEST = 1
  NLM_F_DUMP = 0x300
  IFLA_IFNAME = 3
  ETH_P_IP = 0x0800

  def netlink_socket
    s = Socketx::Socket.new(Socketx::AF_NETLINK, Socketx::SOCK_RAW, Socketx::NETLINK_ROUTE)
    s.timeout = 5
    s
  end

  def test_netlink_bind_gives_a_port_id
    s = netlink_socket
    s.bind(Socketx::NetlinkAddr.new(pid: 0))
    local = s.local_address
    assert_instance_of Socketx::NetlinkAddr, local
    refute_equal 0, local.pid
    assert_equal 0, local.groups
    assert_equal "netlink:#{local.pid}:0", local.to_s
  ensure
    s&.close
  end

  # The names a RTM_GETLINK dump gives, [[index, name], ...], and the sender of its replies.
  def getlink_dump(sock)
    seq = rand(1..0x7FFF_FFFF)
    request = [32, RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, seq, 0].pack("LSSLL") + [0, 0, 0, 0, 0].pack("CxSlLL")
    sock.sendto(request, Socketx::NetlinkAddr.new)
    links = []
    senders = []
    200.times do # every reply datagram holds at least one link; a host has fewer than 200 batches
      data, _sender, _flags = sock.recvmsg(65_536).tap { |r| senders << r[1] }
      offset = 0
      while offset + 16 <= data.bytesize
        len, type, _flags, rseq = data.byteslice(offset, 16).unpack("LSSL")
        break if len < 16

        flunk "netlink error in the dump: #{data.byteslice(offset + 16, 4).unpack1("l")}" if type == NLMSG_ERROR
        return [links, senders] if type == NLMSG_DONE && rseq == seq

        links << parse_link(data.byteslice(offset, len)) if type == RTM_NEWLINK && rseq == seq
        offset += (len + 3) & ~3
      end
    end
    flunk "no NLMSG_DONE after 200 datagrams"
  end

  def parse_link(msg)
    index = msg.byteslice(20, 4).unpack1("l")
    at = 32
    while at + 4 <= msg.bytesize
      rta_len, rta_type = msg.byteslice(at, 4).unpack("SS")
      break if rta_len < 4

      return [index, msg.byteslice(at + 4, rta_len - 4).delete("\0")] if rta_type == IFLA_IFNAME

      at += (rta_len + 3) & ~3
    end
    [index, nil]
  end

  def test_netlink_getlink_dump_matches_if_nameindex
    s = netlink_socket
    s.bind(Socketx::NetlinkAddr.new)
    # Interfaces may come and go meanwhile (other tests make veth pairs): read both sides
    # until if_nameindex is the same before and after the dump.
    3.times do
      before = Socketx.if_nameindex.sort
      links, senders = getlink_dump(s)
      next unless Socketx.if_nameindex.sort == before

      assert_equal before, links.sort
      assert_includes links.map(&:last), "lo"
      # recvmsg gives the sender as the family's class: the kernel, port id 0.
      senders.each do |sender|
        assert_instance_of Socketx::NetlinkAddr, sender
        assert_equal 0, sender.pid
      end
      return
    end
    flunk "the interfaces kept changing during three dumps"
  ensure
    s&.close
  end

  def packet_socket(type)
    Socketx::Socket.new(Socketx::AF_PACKET, type, Socketx.htons(Socketx::ETH_P_ALL))
  rescue Errno::EPERM, Errno::EACCES => e
    skip "packet sockets need CAP_NET_RAW: #{e.message}"
  end

  def test_packet_socket_sees_a_loopback_datagram
    ps = packet_socket(Socketx::SOCK_DGRAM)
    ps.bind(Socketx::PacketAddr.new("lo", Socketx::ETH_P_ALL))
    ps.timeout = 5
    bound = ps.local_address
    assert_instance_of Socketx::PacketAddr, bound
    assert_equal "lo", bound.ifname

    rx = Socketx::Socket.new(Socketx::AF_INET, Socketx::SOCK_DGRAM).bind(["127.0.0.1", 0])
    tx = Socketx::Socket.new(Socketx::AF_INET, Socketx::SOCK_DGRAM)
    marker = "socketx-ruby-packet-#{Process.pid}-#{rand(1 << 60)}"
    tx.sendto(marker, rx.local_address)
    assert_equal marker, rx.recv(100)

    deadline = Process.clock_gettime(Process::CLOCK_MONOTONIC) + 5
    seen = nil
    1000.times do # lo carries other tests' traffic too: look for this datagram, bounded
      data, from = ps.recvfrom(65_536)
      if data.include?(marker)
        seen = from
        break
      end
      break if Process.clock_gettime(Process::CLOCK_MONOTONIC) > deadline
    end
    refute_nil seen, "the datagram never showed on the packet socket"
    assert_instance_of Socketx::PacketAddr, seen
    assert_equal "lo", seen.ifname
    assert_equal Socketx.if_nametoindex("lo"), seen.ifindex
    assert_equal ETH_P_IP, seen.protocol
    assert_equal Socketx::ARPHRD_LOOPBACK, seen.hatype
    assert_includes [Socketx::PACKET_HOST, Socketx::PACKET_OUTGOING], seen.pkttype
    assert_equal "lo", seen.to_a.first
  ensure
    [ps, rx, tx].each { |s| s&.close }
  end

  def test_packet_membership
    ps = packet_socket(Socketx::SOCK_RAW)
    ps.packet_membership("lo", Socketx::PACKET_MR_PROMISC)
    ps.packet_membership("lo", Socketx::PACKET_MR_PROMISC, join: false)
    mac = "\x01\x00\x5e\x01\x02\x03".b
    ps.packet_membership(Socketx.if_nametoindex("lo"), Socketx::PACKET_MR_MULTICAST, mac)
    ps.packet_membership(Socketx.if_nametoindex("lo"), Socketx::PACKET_MR_MULTICAST, mac, join: false)
    assert_raises(Socketx::ArgumentError) { ps.packet_membership("lo", Socketx::PACKET_MR_MULTICAST, "x" * 9) }
    assert_raises(Socketx::RangeError) { ps.packet_membership(0, Socketx::PACKET_MR_PROMISC) }
    assert_raises(Socketx::NotFoundError) { ps.packet_membership("sxnosuch0", Socketx::PACKET_MR_PROMISC) }
  ensure
    ps&.close
  end

  # Where the kernel has a vsock transport: bind to any port, read the port it picked.
  def test_vsock_bind
    s = begin
      Socketx::Socket.new(Socketx::AF_VSOCK, Socketx::SOCK_STREAM)
    rescue Errno::ENODEV, Errno::EAFNOSUPPORT => e
      skip "no vsock transport here: #{e.message}"
    end
    s.bind([Socketx::VMADDR_CID_ANY, Socketx::VMADDR_PORT_ANY])
    local = s.local_address
    assert_instance_of Socketx::VsockAddr, local
    refute_equal Socketx::VMADDR_PORT_ANY, local.port
    assert_equal "vsock:#{local.cid}:#{local.port}", local.to_s
  ensure
    s&.close
  end

  # A family this kernel lacks: the socket is refused with the Errno class for EAFNOSUPPORT.
  def test_a_family_the_kernel_lacks
    lacking = %i[AF_CAN AF_ALG AF_TIPC AF_QIPCRTR AF_BLUETOOTH].map { |n| Socketx::Constants.const_get(n) }
                                                                .find { |af| !Socketx.family_supported(af)[:kernel] }
    skip "this kernel has every family this test tries" if lacking.nil?

    e = assert_raises(Errno::EAFNOSUPPORT) { Socketx::Socket.new(lacking, Socketx::SOCK_DGRAM) }
    assert_kind_of Socketx::Error, e
  end

  def test_sendmsg_afalg_refused_off_af_alg
    a, b = Socketx.socketpair(Socketx::AF_UNIX, Socketx::SOCK_DGRAM)
    e = assert_raises(Socketx::ArgumentError) { a.sendmsg_afalg("data", op: Socketx::ALG_OP_ENCRYPT, iv: "\0" * 16) }
    assert_match(/AF_ALG/, e.detail)
    assert_raises(Socketx::ArgumentError) { a.sendmsg_afalg(op: Socketx::ALG_OP_ENCRYPT, assoclen: -1) }
    assert_raises(Socketx::ArgumentError) { a.sendmsg_afalg(op: -2) }
  ensure
    [a, b].each { |s| s&.close }
  end

  # Where the kernel has AF_ALG: AES-CBC of one block through sendmsg_afalg, checked against
  # the known answer (NIST SP 800-38A F.2.1).
  def test_afalg_encrypt
    alg = begin
      Socketx::Socket.new(Socketx::AF_ALG, Socketx::SOCK_SEQPACKET)
    rescue Errno::EAFNOSUPPORT => e
      skip "this kernel has no AF_ALG: #{e.message}"
    end
    begin
      alg.bind(Socketx::ALGAddr.new("skcipher", "cbc(aes)"))
      assert_equal ["skcipher", "cbc(aes)", 0, 0], alg.local_address.to_a
    rescue Errno::ENOENT => e
      skip "no cbc(aes) in this kernel: #{e.message}"
    end
    alg.setsockopt(Socketx::SOL_ALG, Socketx::ALG_SET_KEY, ["2b7e151628aed2a6abf7158809cf4f3c"].pack("H*"))
    op, = alg.accept
    plain = ["6bc1bee22e409f96e93d7e117393172a"].pack("H*")
    iv = ["000102030405060708090a0b0c0d0e0f"].pack("H*")
    assert_equal 16, op.sendmsg_afalg([plain], op: Socketx::ALG_OP_ENCRYPT, iv: iv)
    assert_equal ["7649abac8119b246cee98e9b12e9197d"].pack("H*"), op.recv(16)
  ensure
    op&.close
    alg&.close
  end
end
