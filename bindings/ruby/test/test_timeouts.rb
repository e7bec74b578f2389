# SPDX-License-Identifier: MIT
# frozen_string_literal: true

require "test_helper"

# Python's three modes: blocking (nil), non-blocking (0), timeout (seconds).
class TestTimeouts < Minitest::Test
  def test_blocking_mode_waits_for_data
    a, b = Socketx.socketpair
    assert_nil a.timeout
    assert a.blocking?
    writer = Thread.new { sleep 0.05; b.sendall("late") }
    assert_equal "late", a.recv(10)
    writer.join
  ensure
    a&.close
    b&.close
  end

  # A receive that had to wait makes the next ones wait first (request/response); with
  # data queued they still return at once, and a probe every 16th call notices the stream
  # and goes back to trying first.
  def test_receive_adapts_between_request_response_and_stream
    a, b = Socketx.socketpair
    writer = Thread.new { sleep 0.05; b.sendall("x") }
    assert_equal "x", a.recv(1)
    writer.join
    mode = -> { a.instance_variable_get(:@state)[1] }
    refute_equal 0, mode.call
    b.sendall("y" * 40)
    got = +""
    got << a.recv(1) while got.bytesize < 40
    assert_equal "y" * 40, got
    assert_equal 0, mode.call
  ensure
    a&.close
    b&.close
  end

  def test_non_blocking_mode_raises_wait_readable_and_writable
    a, b = Socketx.socketpair
    a.blocking = false
    assert_equal 0.0, a.gettimeout
    e = assert_raises(IO::WaitReadable) { a.recv(1) }
    assert_kind_of Errno::EAGAIN, e
    assert_equal(-11, e.status)
    assert_raises(IO::WaitReadable) { a.recv_into("\0".b * 4) }
    assert_raises(IO::WaitReadable) { a.recvfrom(4) }
    # Fill the send buffer: the non-blocking send that cannot go raises WaitWritable.
    chunk = "x".b * 65_536
    e = assert_raises(IO::WaitWritable) { 1000.times { a.send_bytes(chunk) } }
    assert_equal(-11, e.status)
    assert_raises(IO::WaitWritable) { a.sendall(chunk) }
    l = Socketx::Socket.new.bind(["127.0.0.1", 0]).listen
    l.blocking = false
    assert_raises(IO::WaitReadable) { l.accept }
  ensure
    [a, b, l].each { |s| s&.close }
  end

  def test_non_blocking_connect_is_in_progress
    l = Socketx::Socket.new.bind(["127.0.0.1", 0]).listen
    c = Socketx::Socket.new
    c.timeout = 0
    begin
      c.connect(l.local_address)
    rescue IO::WaitWritable => e
      # Loopback connects often complete at once; when not, this is the Python-style error.
      assert_equal(-115, e.status)
    end
    conn, = l.accept
    refute_nil conn
  ensure
    [l, c, conn].each { |s| s&.close }
  end

  def test_timeout_mode_waits_then_succeeds_or_times_out
    a, b = Socketx.socketpair
    a.settimeout(1.0)
    assert_in_delta 1.0, a.timeout
    assert a.blocking?
    writer = Thread.new { sleep 0.05; b.sendall("in time") }
    assert_equal "in time", a.recv(10)
    writer.join
    a.timeout = 0.05
    assert_raises(Socketx::TimeoutError) { a.recvfrom(10) }
    l = Socketx::Socket.new.bind(["127.0.0.1", 0]).listen
    l.timeout = 0.05
    assert_raises(Socketx::TimeoutError) { l.accept }
  ensure
    [a, b, l].each { |s| s&.close }
  end

  def test_sendall_deadline_bounds_the_whole_call
    a, b = Socketx.socketpair
    a.timeout = 0.1
    big = "y".b * (8 * 1024 * 1024) # far more than the socket buffers hold
    t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    assert_raises(Socketx::TimeoutError) { a.sendall(big) }
    assert_operator Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0, :<, 2
  ensure
    a&.close
    b&.close
  end

  def test_sendall_in_blocking_mode_waits_for_the_reader
    a, b = Socketx.socketpair
    big = "z".b * (2 * 1024 * 1024)
    reader = Thread.new do
      got = 0
      got += b.recv(65_536).bytesize while got < big.bytesize
      got
    end
    assert_equal big.bytesize, a.sendall(big)
    assert_equal big.bytesize, reader.value
  ensure
    a&.close
    b&.close
  end

  def test_connect_with_timeout_and_accepted_socket_mode
    l = Socketx::Socket.new.bind(["127.0.0.1", 0]).listen
    l.timeout = 5
    c = Socketx::Socket.new
    c.timeout = 5
    c.connect(l.local_address)
    conn, = l.accept
    # Python's rule: with no default timeout, an accepted socket is blocking even when the
    # listener has a timeout.
    assert_nil conn.timeout
  ensure
    [l, c, conn].each { |s| s&.close }
  end
end
