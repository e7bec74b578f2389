# SPDX-License-Identifier: MIT
# frozen_string_literal: true

require "test_helper"
require "tempfile"

# Messages (socketx/msg.h): sendmsg/recvmsg with ancillary data, descriptor passing,
# credentials, packet info, timestamps, extended errors, sendfile, batches, zero-copy,
# TCP_INFO; their blocking behaviour; their handles' lifetime; bad input.
class TestMsg < Minitest::Test
  def udp_pair
    a = Socketx::Socket.new(Socketx::AF_INET, Socketx::SOCK_DGRAM).bind(["127.0.0.1", 0])
    b = Socketx::Socket.new(Socketx::AF_INET, Socketx::SOCK_DGRAM).bind(["127.0.0.1", 0])
    [a, b]
  end

  def unix_pair(type = Socketx::SOCK_STREAM)
    Socketx.socketpair(Socketx::AF_UNIX, type)
  end

  def with_timeout(socks, seconds = 5)
    socks.each { |s| s.timeout = seconds }
  end

  # ---- sendmsg / recvmsg --------------------------------------------------------------------

  def test_sendmsg_recvmsg_data_and_sender
    a, b = udp_pair
    with_timeout([a, b])
    assert_equal 5, a.sendmsg("hello", 0, b.local_address)
    data, sender, rflags, *controls = b.recvmsg
    assert_equal "hello", data
    assert_equal Encoding::BINARY, data.encoding
    assert_equal a.local_address, sender
    assert_equal 0, rflags & Socketx::MSG_TRUNC
    assert_empty controls
    # Gather: an Array of Strings is one datagram.
    assert_equal 6, a.sendmsg(%w[ab cd ef], 0, b.local_address)
    assert_equal "abcdef", b.recvmsg(100)[0]
  ensure
    [a, b].each { |s| s&.close }
  end

  def test_recvmsg_truncation_flag
    a, b = udp_pair
    with_timeout([a, b])
    a.sendto("0123456789", b.local_address)
    data, _, rflags = b.recvmsg(4)
    assert_equal "0123", data
    refute_equal 0, rflags & Socketx::MSG_TRUNC
  ensure
    [a, b].each { |s| s&.close }
  end

  def test_recvmsg_into_several_buffers
    a, b = unix_pair(Socketx::SOCK_DGRAM)
    with_timeout([a, b])
    a.sendall("abcdefghij")
    one = "\0".b * 3
    two = "\0".b * 4
    three = "\0".b * 10
    n, _sender, = b.recvmsg_into([one, two, three])
    assert_equal 10, n
    assert_equal "abc", one
    assert_equal "defg", two
    assert_equal "hij", three.byteslice(0, 3)
    assert_raises(FrozenError) { b.recvmsg_into(["frozen".freeze], 0, 0) }
  ensure
    [a, b].each { |s| s&.close }
  end

  def test_raw_recvmsg_shapes
    a, b = unix_pair(Socketx::SOCK_DGRAM)
    with_timeout([a, b])
    a.sendall("xyz")
    bufs, h = Socketx::Native.sx_socket_recvmsg(b.handle, [2, 8], 0, 0)
    assert_equal ["xy", "z"], bufs
    assert_equal 3, Socketx::Native.sx_msg_nbytes(h)
    assert_equal 0, Socketx::Native.sx_msg_item_count(h)
    Socketx::Native.sx_msg_close(h)
    Socketx::Native.sx_msg_close(h) # harmless twice
    b.timeout = 0
    assert_equal false, Socketx::Native.sx_socket_recvmsg(b.handle, [8], 0, 0)
  ensure
    [a, b].each { |s| s&.close }
  end

  # ---- Descriptors --------------------------------------------------------------------------

  def test_descriptor_passing_between_processes
    a, b = unix_pair
    with_timeout([a, b], 10)
    r, w = IO.pipe
    pid = fork do
      a.close
      # The child receives a descriptor, writes through it, and sends back one of its own.
      io = b.recv_io
      io.write("written by the child through a passed descriptor")
      io.close
      cr, cw = IO.pipe
      cw.write("from the child's own pipe")
      cw.close
      b.send_io(cr)
      exit!(0)
    end
    b.close
    a.send_io(w)
    w.close
    got = a.recv_io
    assert_kind_of IO, got
    assert got.close_on_exec?
    assert_equal "from the child's own pipe", got.read
    got.close
    Process.wait(pid)
    assert_predicate $?, :success?
    assert_equal "written by the child through a passed descriptor", r.read
  ensure
    r&.close
    a&.close
  end

  def test_unix_rights_through_sendmsg_and_recvmsg
    a, b = unix_pair
    with_timeout([a, b])
    r1, w1 = IO.pipe
    r2, w2 = IO.pipe
    a.sendmsg("two fds", 0, nil, Socketx::AncillaryData.unix_rights(r1, r2))
    data, _, _, anc = b.recvmsg(100, 0, nil, scm_rights: true)
    assert_equal "two fds", data
    assert anc.cmsg_is?(:SOCKET, :RIGHTS)
    ios = anc.unix_rights
    assert_equal 2, ios.size
    w1.write("one")
    w1.close
    w2.write("two")
    w2.close
    assert_equal %w[one two], ios.map(&:read)
    assert(ios.all?(&:close_on_exec?))
    ios.each(&:close)
    # Without scm_rights the received descriptors are closed, and unix_rights is nil.
    before = SocketxTest.fd_count
    a.sendmsg("x", 0, nil, Socketx::AncillaryData.unix_rights(r1))
    _, _, _, anc = b.recvmsg(100)
    assert_nil anc.unix_rights
    assert_equal before, SocketxTest.fd_count
  ensure
    [a, b, r1, r2, w1, w2].each { |s| s&.close unless s&.closed? }
  end

  # A control buffer too small for every descriptor: those that fit come as IOs, the rest
  # are closed (MSG_CTRUNC), and nothing leaks.
  def test_truncated_rights_leave_nothing_open
    a, b = unix_pair
    with_timeout([a, b])
    r, w = IO.pipe
    GC.start
    before = SocketxTest.fd_count
    a.send_fds("x", [r, w, r, w])
    _, _, rflags, *controls = b.recvmsg(10, 0, 24, scm_rights: true) # CMSG_SPACE of 2 ints
    refute_equal 0, rflags & Socketx::MSG_CTRUNC
    ios = controls.flat_map { |c| c.unix_rights || [] }
    assert_operator ios.size, :<, 4
    assert_equal before + ios.size, SocketxTest.fd_count
    ios.each(&:close)
    assert_equal before, SocketxTest.fd_count
  ensure
    [a, b, r, w].each { |s| s&.close unless s&.closed? }
  end

  def test_send_fds_recv_fds_and_message_take
    a, b = unix_pair
    with_timeout([a, b])
    r, w = IO.pipe
    assert_equal 3, a.send_fds(%w[a bc], [r, w.fileno])
    data, ios, _rflags, _addr = b.recv_fds(10, 4)
    assert_equal "abc", data
    assert_equal 2, ios.size
    ios[1].write("ok")
    ios[1].close
    assert_equal "ok", ios[0].readpartial(10)
    ios[0].close
    # A message read by hand: fd_count, take_fd, find.
    a.sendmsg("m", 0, nil, Socketx::AncillaryData.unix_rights(r))
    msg = b.recv_message(10)
    assert_equal "m", msg.data
    assert_equal 1, msg.fd_count
    rights = msg.find(:SOCKET, :RIGHTS)
    assert_equal Socketx::SCM_RIGHTS, rights.type
    assert_nil msg.find(Socketx::IPPROTO_IP, Socketx::IP_TTL)
    fd = msg.take_fd(0)
    assert_raises(ArgumentError) { msg.take_fd(0) } # taken already
    assert_raises(RangeError) { msg.take_fd(5) }
    msg.close
    assert File.exist?("/proc/self/fd/#{fd}"), "a taken descriptor outlives its message"
    IO.for_fd(fd).close
    assert_raises(IOError) { msg.fd_count } # closed message: BadHandleError
    # recv_io with klass nil gives the Integer.
    a.send_io(r)
    fd = b.recv_io(nil)
    assert_kind_of Integer, fd
    IO.for_fd(fd).close
  ensure
    [a, b, r, w].each { |s| s&.close unless s&.closed? }
  end

  def test_recv_io_without_a_descriptor
    a, b = unix_pair
    with_timeout([a, b])
    a.sendall("x")
    assert_raises(SocketError) { b.recv_io }
  ensure
    [a, b].each { |s| s&.close }
  end

  # Three messages of three descriptors each, received and never released: the messages own
  # 9 descriptors. (In a method of its own, so no reference stays on the test's stack.)
  def forget_messages(a, b, r, w)
    3.times { a.send_fds("x", [r, w, r]) }
    3.times { b.recv_message(1) }
    nil
  end

  def test_forgotten_received_message_closes_its_descriptors
    a, b = unix_pair
    with_timeout([a, b])
    GC.start
    baseline = SocketxTest.fd_count
    r, w = IO.pipe
    held = SocketxTest.fd_count
    forget_messages(a, b, r, w)
    assert_operator SocketxTest.fd_count, :>=, held + 9
    after = nil
    10.times do
      GC.start(full_mark: true, immediate_sweep: true)
      Thread.pass
      after = SocketxTest.fd_count
      break if after <= held
    end
    assert_operator after, :<=, held
    r.close
    w.close
    assert_operator SocketxTest.fd_count, :<=, baseline
  ensure
    [a, b].each { |s| s&.close }
  end

  # ---- Credentials ----------------------------------------------------------------------------

  def test_peercred_and_credentials
    a, b = unix_pair
    with_timeout([a, b])
    cred = a.peercred
    assert_equal Process.pid, cred.pid
    assert_equal Process.uid, cred.uid
    assert_equal Process.gid, cred.gid
    assert_equal [Process.uid, Process.gid], b.getpeereid
    b.setsockopt(Socketx::SOL_SOCKET, Socketx::SO_PASSCRED, 1)
    a.sendmsg("c", 0, nil, Socketx::AncillaryData.credentials)
    _, _, _, anc = b.recvmsg(10)
    assert_equal Socketx::Credentials.new(Process.pid, Process.uid, Process.gid), anc.credentials
    # The kernel refuses another process's pid from an unprivileged sender (root may send any).
    return if Process.uid.zero?

    assert_raises(Errno::EPERM) { a.sendmsg("c", 0, nil, Socketx::AncillaryData.credentials(1, 0, 0)) }
  ensure
    [a, b].each { |s| s&.close }
  end

  def test_peercred_of_a_forked_peer
    path = File.join(Dir.tmpdir, "sx-peercred-#{Process.pid}.sock")
    listener = Socketx::Socket.new(Socketx::AF_UNIX).bind(path).listen
    listener.timeout = 10
    pid = fork do
      c = Socketx::Socket.new(Socketx::AF_UNIX)
      c.connect(path)
      c.recv(1)
      exit!(0)
    end
    conn, = listener.accept
    assert_equal pid, conn.peercred.pid
    conn.close
    Process.wait(pid)
  ensure
    listener&.close
    File.unlink(path) if path && File.exist?(path)
  end

  # ---- Packet info, integers, timestamps, extended errors --------------------------------------

  def test_ip_pktinfo_over_udp_loopback
    a, b = udp_pair
    with_timeout([a, b])
    b.setsockopt(Socketx::IPPROTO_IP, Socketx::IP_PKTINFO, 1)
    # Send with a source chosen by packet info.
    a.sendmsg("pkt", 0, b.local_address, Socketx::AncillaryData.ip_pktinfo("127.0.0.1", 0))
    data, sender, _, *controls = b.recvmsg(100)
    assert_equal "pkt", data
    assert_equal "127.0.0.1", sender.host
    anc = controls.find { |c| c.cmsg_is?(:IP, :PKTINFO) }
    refute_nil anc, "an IP_PKTINFO item"
    addr, ifindex, spec_dst = anc.ip_pktinfo
    assert_equal "127.0.0.1", addr.host
    assert_equal "127.0.0.1", spec_dst.host
    assert_operator ifindex, :>, 0
  ensure
    [a, b].each { |s| s&.close }
  end

  def test_ipv6_pktinfo
    a = Socketx::Socket.new(Socketx::AF_INET6, Socketx::SOCK_DGRAM).bind(["::1", 0])
    b = Socketx::Socket.new(Socketx::AF_INET6, Socketx::SOCK_DGRAM).bind(["::1", 0])
    with_timeout([a, b])
    b.setsockopt(Socketx::IPPROTO_IPV6, Socketx::IPV6_RECVPKTINFO, 1)
    a.sendmsg("v6", 0, b.local_address, Socketx::AncillaryData.ipv6_pktinfo("::1", 0))
    _, _, _, anc = b.recvmsg(10)
    assert_equal "::1", anc.ipv6_pktinfo_addr.host
    assert_operator anc.ipv6_pktinfo_ifindex, :>, 0
  rescue Errno::EADDRNOTAVAIL, Errno::EAFNOSUPPORT
    skip "no IPv6 loopback"
  ensure
    [a, b].each { |s| s&.close }
  end

  def test_integer_items_sent_and_received
    a, b = udp_pair
    with_timeout([a, b])
    b.setsockopt(Socketx::IPPROTO_IP, Socketx::IP_RECVTTL, 1)
    a.sendmsg("ttl", 0, b.local_address, Socketx::AncillaryData.int(Socketx::AF_INET, :IP, :TTL, 7))
    _, _, _, anc = b.recvmsg(10)
    assert anc.cmsg_is?(Socketx::IPPROTO_IP, Socketx::IP_TTL)
    assert_equal 7, anc.int
    # A raw item, and a Message built by hand and sent twice.
    msg = Socketx::Message.new
    msg.add(Socketx::IPPROTO_IP, Socketx::IP_TTL, [9].pack("i"))
    2.times { a.sendmsg("again", 0, b.local_address, msg) }
    2.times { assert_equal 9, b.recvmsg(10)[3].int }
    msg.close
    assert_equal 5, Socketx::AncillaryData.new(Socketx::AF_INET, :IP, :TTL, [5].pack("i")).int
  ensure
    [a, b].each { |s| s&.close }
  end

  # UDP GSO: one sendmsg with a 16-bit UDP_SEGMENT item leaves as several datagrams.
  def test_udp_segment_item_has_the_kernels_width
    a, b = udp_pair
    with_timeout([a, b])
    payload = ("s" * 3000).b
    begin
      a.sendmsg(payload, 0, b.local_address, Socketx::AncillaryData.int(Socketx::AF_INET, :UDP, :SEGMENT, 1000))
    rescue Errno::EINVAL, Errno::EOPNOTSUPP, Errno::ENOPROTOOPT, Errno::EIO
      skip "no UDP GSO on this kernel"
    end
    assert_equal [1000, 1000, 1000], Array.new(3) { b.recvmsg(4000)[0].bytesize }
  ensure
    [a, b].each { |s| s&.close }
  end

  def test_timestamp
    a, b = udp_pair
    with_timeout([a, b])
    b.setsockopt(Socketx::SOL_SOCKET, Socketx::SO_TIMESTAMPNS, 1)
    before = Time.now
    a.sendto("t", b.local_address)
    _, _, _, anc = b.recvmsg(10)
    t = anc.timestamp
    assert_kind_of Time, t
    assert_in_delta before.to_f, t.to_f, 5.0
  ensure
    [a, b].each { |s| s&.close }
  end

  def test_extended_error_from_the_error_queue
    a, b = udp_pair
    with_timeout([a, b], 2)
    port = b.local_address.port
    b.close # nobody listens there any more: ICMP port unreachable
    a.setsockopt(Socketx::IPPROTO_IP, Socketx::IP_RECVERR, 1)
    a.sendto("lost", ["127.0.0.1", port])
    _, _, rflags, anc = a.recvmsg(100, Socketx::MSG_ERRQUEUE)
    refute_equal 0, rflags & Socketx::MSG_ERRQUEUE
    err = anc.extended_error
    assert_kind_of Errno::ECONNREFUSED, err.error
    assert_equal Socketx::SO_EE_ORIGIN_ICMP, err.origin
    assert_equal 3, err.type # destination unreachable
    assert_equal 3, err.code # port unreachable
    assert_equal "127.0.0.1", err.offender.host
  ensure
    a&.close
    b&.close
  end

  # ---- Batches --------------------------------------------------------------------------------

  def test_sendmmsg_recvmmsg
    a, b = udp_pair
    with_timeout([a, b])
    a.connect(b.local_address)
    datagrams = Array.new(20) { |i| "datagram #{i}" }
    assert_equal 20, a.sendmmsg(datagrams)
    got = []
    got.concat(b.recvmmsg(8, 64)) while got.size < 20
    assert_equal datagrams, got.map(&:first)
    assert(got.all? { |_, s| s == a.local_address })
    # [data, dest] pairs from an unconnected socket, and data only.
    c = Socketx::Socket.new(Socketx::AF_INET, Socketx::SOCK_DGRAM)
    assert_equal 3, c.sendmmsg([["x", b.local_address], ["yy", b.local_address], ["zzz", b.local_address]])
    got = []
    got.concat(b.recvmmsg(3, 2, 0, addresses: false)) while got.size < 3
    assert_equal %w[x yy zz], got # cut to maxlen
    # The reused messages forget an earlier call's destinations.
    d = Socketx::Socket.new(Socketx::AF_INET, Socketx::SOCK_DGRAM).bind(["127.0.0.1", 0])
    d.timeout = 5
    c.connect(d.local_address)
    c.sendmmsg(["after"])
    assert_equal ["after"], d.recvmmsg(4, 64, 0, addresses: false)
    c.close
    d.close
  ensure
    [a, b].each { |s| s&.close }
  end

  def test_raw_batch_calls_reuse_messages
    a, b = udp_pair
    with_timeout([a, b])
    out = Array.new(3) { Socketx::Message.new }
    out.each_with_index do |m, i|
      m.buffers = ["raw #{i}".b]
      m.address = b.local_address
    end
    assert_equal 3, Socketx::Native.sx_socket_sendmmsg(a.handle, out.map(&:handle), 0)
    assert_equal [5, 5, 5], out.map(&:nbytes)
    inn = Array.new(3) { Socketx::Message.new }
    bufs = inn.map { |m| m.buffers = ["\0".b * 16] }
    inn.each { |m| m.ancbufsize = 0 }
    got = 0
    while got < 3
      n = Socketx::Native.sx_socket_recvmmsg(b.handle, inn.drop(got).map(&:handle), 0)
      got += n if n
    end
    assert_equal(["raw 0", "raw 1", "raw 2"], inn.zip(bufs).map { |m, (buf)| buf.byteslice(0, m.nbytes) })
    assert_equal a.local_address, inn[0].address
    (out + inn).each(&:close)
  ensure
    [a, b].each { |s| s&.close }
  end

  # ---- sendfile -------------------------------------------------------------------------------

  def test_sendfile_byte_exact
    client, server = tcp_pair
    with_timeout([client, server], 20)
    content = Random.new(42).bytes(3 * 1024 * 1024 + 17)
    file = Tempfile.new("sx-sendfile")
    file.binmode
    file.write(content)
    file.flush
    reader = Thread.new do
      got = +"".b
      loop do
        chunk = server.recv(65_536)
        break if chunk.empty?

        got << chunk
      end
      got
    end
    File.open(file.path, "rb") do |f|
      assert_equal content.bytesize, client.sendfile(f)
      assert_equal 1000, client.sendfile(f, 5, 1000)
      assert_equal 5 + 1000, f.pos # left after the last byte sent
      assert_equal 12, client.sendfile(f.fileno, content.bytesize - 12)
    end
    client.shutdown(Socketx::SHUT_WR)
    got = reader.value
    assert_equal content.bytesize + 1000 + 12, got.bytesize
    assert_equal content, got.byteslice(0, content.bytesize)
    assert_equal content.byteslice(5, 1000), got.byteslice(content.bytesize, 1000)
    assert_equal content.byteslice(-12, 12), got.byteslice(-12, 12)
  ensure
    [client, server].each { |s| s&.close }
    file&.close!
  end

  def test_sendfile_times_out_and_wakes_on_close
    client, server = tcp_pair
    file = Tempfile.new("sx-sendfile-big")
    file.truncate(256 * 1024 * 1024) # sparse: more than the socket buffers hold
    client.timeout = 0.2
    t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    assert_raises(Socketx::TimeoutError) { client.sendfile(file) }
    assert_operator Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0, :<, 5
    client.timeout = nil
    t = blocked_thread { client.sendfile(file) }
    client.close
    assert_raises(Socketx::ClosedError) { t.join(5) }
  ensure
    [client, server].each { |s| s&.close }
    file&.close!
  end

  def test_sendfile_bad_input
    a, b = udp_pair
    file = Tempfile.new("sx-sendfile-bad")
    assert_raises(ArgumentError) { a.sendfile(file) } # not a stream socket
    client, server = tcp_pair
    assert_raises(Errno::EBADF) { client.sendfile(9999) }
    assert_raises(ArgumentError) { client.sendfile(file, -1) }
    assert_raises(ArgumentError) { client.sendfile(file, 0, 0) }
  ensure
    [a, b, client, server].each { |s| s&.close }
    file&.close!
  end

  # ---- Zero-copy and TCP_INFO -----------------------------------------------------------------

  def test_zerocopy_completion
    client, server = tcp_pair
    with_timeout([client, server])
    assert_nil client.zerocopy_completion # nothing sent zero-copy yet
    begin
      client.setsockopt(Socketx::SOL_SOCKET, Socketx::SO_ZEROCOPY, 1)
    rescue Errno::ENOPROTOOPT, Errno::EOPNOTSUPP
      skip "no SO_ZEROCOPY on this kernel"
    end
    3.times { client.send_bytes("z".b * 10_000, Socketx::MSG_ZEROCOPY) }
    received = 0
    received += server.recv(65_536).bytesize while received < 30_000
    done = []
    deadline = Process.clock_gettime(Process::CLOCK_MONOTONIC) + 5
    while done.empty? || done.last[1] < 2
      done.concat(client.zerocopy_completions)
      break if Process.clock_gettime(Process::CLOCK_MONOTONIC) > deadline

      sleep 0.01
    end
    refute_empty done
    assert_equal 0, done.first[0]
    assert_equal 2, done.last[1]
    assert_includes [true, false], done.first[2]
  ensure
    [client, server].each { |s| s&.close }
  end

  def test_tcp_info
    client, server = tcp_pair
    info = client.tcp_info
    assert_kind_of Hash, info
    assert_equal 1, info[:state] # TCP_ESTABLISHED
    assert info.key?(:rtt)
    assert_equal Socketx.tcp_info_fields.first(info.size), info.keys
    assert_equal 1, client.tcp_info(:state)
    assert_raises(Socketx::NotFoundError) { client.tcp_info(:no_such_field) }
    u = Socketx::Socket.new(Socketx::AF_INET, Socketx::SOCK_DGRAM)
    assert_raises(SystemCallError) { u.tcp_info }
  ensure
    [client, server, u].each { |s| s&.close }
  end

  # ---- Blocking, timeouts, close and interrupts -------------------------------------------------

  def test_recvmsg_timeout_and_non_blocking
    a, b = udp_pair
    b.timeout = 0.1
    t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    assert_raises(Socketx::TimeoutError) { b.recvmsg }
    assert_operator Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0, :>=, 0.09
    assert_raises(Socketx::TimeoutError) { b.recvmmsg }
    b.timeout = 0
    assert_raises(IO::WaitReadable) { b.recvmsg }
    assert_raises(IO::WaitReadable) { b.recv_message }
  ensure
    [a, b].each { |s| s&.close }
  end

  def test_blocked_recvmsg_lets_other_threads_run_and_wakes_on_close
    a, b = unix_pair
    t = blocked_thread { b.recvmsg(10) }
    counter = 0
    5.times do
      counter += 1
      sleep 0.01
    end
    assert_equal 5, counter # the GVL was free
    b.close
    assert_raises(Socketx::ClosedError) { t.join(5) }
  ensure
    [a, b].each { |s| s&.close }
  end

  def test_blocked_recv_io_and_recvmmsg_are_interruptible
    a, b = unix_pair
    t = blocked_thread { b.recv_io }
    t.raise(RuntimeError, "stop")
    assert_raises(RuntimeError) { t.join(5) }
    u1, u2 = udp_pair
    t = blocked_thread { u2.recvmmsg }
    t.kill
    assert t.join(5), "Thread#kill ends a blocked recvmmsg"
    # Data sent while blocked is received.
    t = Thread.new { b.recvmsg(10) }
    sleep 0.05
    a.sendall("late")
    assert_equal "late", t.value[0]
  ensure
    [a, b, u1, u2].each { |s| s&.close }
  end

  # ---- Bad input -------------------------------------------------------------------------------

  def test_bad_input_raises
    a, b = unix_pair
    r, w = IO.pipe
    w.close
    assert_raises(IOError) { a.sendmsg("x", 0, nil, Socketx::AncillaryData.unix_rights(w)) } # closed IO
    msg = Socketx::Message.new
    assert_raises(Errno::EBADF) { msg.add_fds(1_000_000) }
    assert_raises(ArgumentError) { msg.add_fds(*Array.new(254) { r }) }
    assert_raises(RangeError) { msg.add_int(Socketx::IPPROTO_UDP, Socketx::UDP_SEGMENT, 1 << 20) }
    assert_raises(TypeError) { msg.add_fds(Object.new) }
    assert_raises(ArgumentError) { msg.add(:NOPE, 1, "") }
    assert_raises(Errno::EAFNOSUPPORT) { msg.add_pktinfo(Socketx::Addr.unix("/tmp/sock")) }
    assert_raises(RangeError) { msg.item(0) }
    assert_raises(TypeError) { Socketx::Native.sx_socket_sendmsg(a.handle, [1], 0, 0, 0) }
    assert_raises(Errno::EMSGSIZE) { Socketx::Native.sx_socket_sendmsg(a.handle, Array.new(1025, "x"), 0, 0, 0) }
    assert_raises(ArgumentError) { b.recvmsg(-1) }
    assert_raises(ArgumentError) { b.recvmmsg(0) }
    assert_raises(ArgumentError) { Socketx::Native.sx_socket_recv_fds(b.handle, 1, 254, 0) }
    assert_raises(ArgumentError) { Socketx::Native.sx_socket_recvmsg(b.handle, [-1], 0, 0) }
    assert_raises(IOError) { Socketx::Native.sx_msg_nbytes(0) }
    assert_raises(IOError) { Socketx::Native.sx_msg_close(b.handle) } # another kind of handle
    assert_raises(RangeError) { Socketx::Native.sx_tcp_info_field_name(100_000) }
    msg.close
    assert_raises(IOError) { msg.add_credentials }
    assert_raises(IOError) { a.sendmsg("x", 0, nil, msg) }
    a.close
    assert_raises(IOError) { a.recvmsg }
    assert_raises(IOError) { a.sendmmsg(["x"]) }
  ensure
    [a, b, r].each { |s| s&.close unless s&.closed? }
  end
end
