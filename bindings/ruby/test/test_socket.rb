# SPDX-License-Identifier: MIT
# frozen_string_literal: true

require "test_helper"
require "tmpdir"

class TestSocket < Minitest::Test
  def test_socketpair_send_recv_binary
    a, b = Socketx.socketpair
    assert_equal 5, a.send_bytes("hello")
    data = b.recv(100)
    assert_equal "hello", data
    assert_equal Encoding::BINARY, data.encoding
    assert_equal 3, b.write("\xff\x00\x01".b)
    assert_equal "\xff\x00\x01".b, a.recv(10)
    a << "x" << "y"
    assert_equal "xy", b.recv(2, Socketx::MSG_WAITALL)
    assert_equal "", b.recv(0)
  ensure
    a&.close
    b&.close
  end

  def test_recv_into_fills_the_given_string_without_allocating
    a, b = Socketx.socketpair
    buf = "\0".b * 16
    a.sendall("abcdef")
    # After a full collection (nothing left to sweep lazily) and with the collector off, the
    # live String count can only grow by what is allocated. The first count_objects call
    # warms up its own bookkeeping.
    counts = {}
    GC.start
    GC.disable
    ObjectSpace.count_objects(counts)
    before = ObjectSpace.count_objects(counts)[:T_STRING]
    n = b.recv_into(buf)
    allocated = ObjectSpace.count_objects(counts)[:T_STRING] - before
    GC.enable
    assert_equal 6, n
    assert_equal 0, allocated
    assert_equal "abcdef".b + ("\0".b * 10), buf
    a.sendall("123456")
    assert_equal 2, b.recv_into(buf, 2)
    assert_equal "12cdef", buf[0, 6]
    assert_raises(ArgumentError) { b.recv_into(buf, 17) }
    assert_raises(FrozenError) { b.recv_into("frozen".b.freeze) }
  ensure
    GC.enable
    a&.close
    b&.close
  end

  def test_tcp_accept_connect_addresses
    listener = Socketx::Socket.new(Socketx::AF_INET, Socketx::SOCK_STREAM)
    listener.setsockopt(Socketx::SOL_SOCKET, Socketx::SO_REUSEADDR, true)
    assert_equal 1, listener.getsockopt(Socketx::SOL_SOCKET, Socketx::SO_REUSEADDR)
    listener.bind(["127.0.0.1", 0]).listen(8)
    port = listener.local_address.port
    assert_operator port, :>, 0
    client = Socketx::Socket.new
    client.connect(["127.0.0.1", port])
    conn, peer = listener.accept
    assert_equal client.local_address, peer
    assert_equal client.local_address, conn.remote_address
    assert_equal listener.local_address, client.getpeername
    assert_equal Socketx::AF_INET, conn.family
    assert_equal Socketx::SOCK_STREAM, conn.type
    assert_equal 0, conn.proto
    assert_equal 11, client.sendall("over tcp!!!")
    assert_equal "over tcp!!!", conn.recv(64)
    client.shutdown(Socketx::SHUT_WR)
    assert_equal "", conn.recv(64)
    assert_raises(EOFError) { conn.readpartial(1) }
  ensure
    [listener, client, conn].each { |s| s&.close }
  end

  def test_connect_ex_reports_instead_of_raising
    s = Socketx::Socket.new
    closed_port = Socketx::Socket.new.tap { |t| t.bind(["127.0.0.1", 0]) }
    port = closed_port.local_address.port
    closed_port.close
    assert_equal Errno::ECONNREFUSED::Errno, s.connect_ex(["127.0.0.1", port])
    l = Socketx::Socket.new.bind(["127.0.0.1", 0]).listen
    ok = Socketx::Socket.new
    assert_equal 0, ok.connect_ex(l.local_address)
  ensure
    [s, l, ok].each { |x| x&.close }
  end

  def test_udp_sendto_recvfrom
    a = Socketx::Socket.new(Socketx::AF_INET, Socketx::SOCK_DGRAM).bind(["127.0.0.1", 0])
    b = Socketx::Socket.new(Socketx::AF_INET, Socketx::SOCK_DGRAM).bind(["127.0.0.1", 0])
    assert_equal 4, a.sendto("ping", b.local_address)
    data, from = b.recvfrom(100)
    assert_equal "ping", data
    assert_equal a.local_address, from
    b.sendto("pong!", from)
    buf = "\0".b * 8
    n, from2 = a.recvfrom_into(buf)
    assert_equal 5, n
    assert_equal "pong!", buf[0, n]
    assert_equal b.local_address, from2
    b.sendto("xy", a.local_address)
    n, = a.recvfrom_into(buf, 1)
    assert_equal 1, n
  ensure
    a&.close
    b&.close
  end

  def test_unix_path_server
    Dir.mktmpdir do |dir|
      path = File.join(dir, "s.sock")
      srv = Socketx::Socket.new(Socketx::AF_UNIX, Socketx::SOCK_STREAM).bind(path).listen
      cli = Socketx::Socket.new(Socketx::AF_UNIX, Socketx::SOCK_STREAM)
      cli.connect(path)
      conn, peer = srv.accept
      assert_equal "", peer.to_s # the client is unnamed
      assert_equal path.b, srv.local_address.path
      cli.sendall("via path")
      assert_equal "via path", conn.recv(20)
    ensure
      [srv, cli, conn].each { |s| s&.close }
    end
  end

  def test_options_int_bytes_null
    s = Socketx::Socket.new
    s.setsockopt(Socketx::SOL_SOCKET, Socketx::SO_RCVBUF, 65_536)
    assert_operator s.getsockopt(Socketx::SOL_SOCKET, Socketx::SO_RCVBUF), :>=, 65_536
    s.setsockopt(Socketx::SOL_SOCKET, Socketx::SO_KEEPALIVE, [1].pack("i"))
    raw = s.getsockopt(Socketx::SOL_SOCKET, Socketx::SO_KEEPALIVE, 4)
    assert_equal [1], raw.unpack("i")
    assert_equal 4, raw.bytesize
    # Python's setsockopt(level, opt, None, optlen) passes a NULL value: a plain socket
    # option then reads from address 0, which the kernel refuses.
    assert_raises(Errno::EFAULT) { s.setsockopt(Socketx::SOL_SOCKET, Socketx::SO_KEEPALIVE, nil, 4) }
    assert_raises(ArgumentError) { s.getsockopt(Socketx::SOL_SOCKET, Socketx::SO_KEEPALIVE, 0) }
    assert_raises(TypeError) { s.setsockopt(Socketx::SOL_SOCKET, Socketx::SO_KEEPALIVE, 1.5) }
  ensure
    s&.close
  end

  def test_close_idempotent_closed_and_fileno
    s = Socketx::Socket.new
    fd = s.fileno
    assert_equal fd, s.to_i
    assert File.exist?("/proc/self/fd/#{fd}")
    assert_nil s.close
    assert_nil s.close
    assert s.closed?
    e = assert_raises(Socketx::BadHandleError) { s.fileno }
    assert_equal(-2002, e.status)
    assert_raises(Socketx::BadHandleError) { s.recv(1) }
    assert_match(/closed/, s.inspect)
  end

  def test_dup_detach_adopt_fromfd_inheritable
    a, b = Socketx.socketpair
    a.timeout = 1.5
    d = a.dup
    refute_equal a.fileno, d.fileno
    assert_in_delta 1.5, d.timeout
    d.sendall("from dup")
    assert_equal "from dup", b.recv(20)

    refute a.inheritable?
    a.inheritable = true
    assert a.inheritable?

    fd = d.detach
    assert d.closed?
    # detach gives the fd back in the socket's own mode: timeout mode means O_NONBLOCK, as Python.
    adopted = Socketx.adopt(fd)
    assert_equal Socketx::AF_UNIX, adopted.family
    assert_equal Socketx::SOCK_STREAM, adopted.type
    adopted.sendall("adopted")
    assert_equal "adopted", b.recv(20)

    copy = Socketx.fromfd(b.fileno)
    refute_equal b.fileno, copy.fileno
    a.sendall("to copy")
    assert_equal "to copy", copy.recv(20)
    assert_raises(Errno::EBADF) { Socketx.adopt(99_999) }
    io = IO.pipe
    assert_raises(Errno::ENOTSOCK) { Socketx.fromfd(io[0].fileno) }
  ensure
    [a, b, d, adopted, copy].each { |s| s&.close }
    io&.each(&:close)
  end

  def test_native_blocking_state_stays_non_blocking_underneath
    a, b = Socketx.socketpair
    assert a.blocking?
    # The binding waits in Ruby; the library socket itself is non-blocking.
    refute Socketx::Native.sx_socket_getblocking(a.handle)
    a.blocking = false
    refute a.blocking?
    assert_equal 0.0, a.timeout
    a.blocking = true
    assert_nil a.timeout
    assert_equal 0.0, Socketx::Native.sx_socket_gettimeout(a.handle)
  ensure
    a&.close
    b&.close
  end

  # The raw wrappers beside the C methods Socket#recv/#send_bytes/#sendall: false, not an
  # exception, when there is nothing to do (the socket is non-blocking underneath).
  def test_raw_send_and_recv_wrappers
    a, b = Socketx.socketpair
    assert_equal false, Socketx::Native.sx_socket_recv(b.handle, 10, 0)
    assert_equal 3, Socketx::Native.sx_socket_send(a.handle, "raw", 0)
    assert_equal "raw", Socketx::Native.sx_socket_recv(b.handle, 10, 0)
    buf = "\0".b * 4
    Socketx::Native.sx_socket_send(a.handle, "ab", 0)
    assert_equal 2, Socketx::Native.sx_socket_recv(b.handle, buf, 0)
    assert_equal "ab\0\0".b, buf
    # sendall's raw form: the count, or [false, sent] when it stops for room.
    assert_equal 5, Socketx::Native.sx_socket_sendall(a.handle, "whole", 0)
    assert_equal "whole", Socketx::Native.sx_socket_recv(b.handle, 10, 0)
  ensure
    a&.close
    b&.close
  end

  def test_non_blocking_socket_type_flag
    s = Socketx::Socket.new(Socketx::AF_INET, Socketx::SOCK_STREAM | Socketx::SOCK_NONBLOCK)
    assert_equal 0.0, s.timeout
    assert_equal Socketx::SOCK_STREAM, s.type
  ensure
    s&.close
  end
end
