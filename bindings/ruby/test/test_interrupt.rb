# SPDX-License-Identifier: MIT
# frozen_string_literal: true

require "test_helper"

# Thread#raise and Thread#kill (and so Ctrl-C, which raises Interrupt in the main thread)
# must stop a thread blocked in any libsocketx call promptly, leaving the socket usable and
# no descriptor behind.
class TestInterrupt < Minitest::Test
  # How soon an interrupted call must end. Ruby repeats its unblocking signal every 100 ms
  # (its timer) until the thread is out, so even a signal that lands between two system
  # calls is followed by one that lands in the next.
  PROMPT = 0.5

  def now = Process.clock_gettime(Process::CLOCK_MONOTONIC)

  # Interrupt a thread blocked in the block with Thread#raise (how: :raise) or Thread#kill
  # (:kill); assert it ended within PROMPT and return the reaction time.
  def interrupt_blocked(how, &block)
    t = blocked_thread(&block)
    assert_equal "sleep", t.status, "the call did not block"
    start = now
    case how
    when :raise
      t.raise(RuntimeError, "stop")
      assert_raises(RuntimeError) { t.join(5) }
    when :kill
      t.kill
      assert t.join(5), "Thread#kill did not end the thread"
    end
    elapsed = now - start
    assert_operator elapsed, :<, PROMPT, "#{how} took #{elapsed.round(3)} s to end the call"
    refute t.alive?
    elapsed
  end

  # ---- The setting ----------------------------------------------------------------------

  def test_thread_interruptible_round_trips_and_is_per_thread
    refute Socketx.thread_interruptible?, "threads start with PEP 475 retries"
    Socketx.thread_interruptible = true
    assert Socketx.thread_interruptible?
    refute Thread.new { Socketx.thread_interruptible? }.value, "another thread saw this one's setting"
    Socketx.thread_interruptible = false
    refute Socketx.thread_interruptible?
  ensure
    Socketx.thread_interruptible = false
  end

  def test_eintr_is_errno_eintr
    e = Socketx.exception_for(-4, "the wait was interrupted by a signal")
    assert_kind_of Errno::EINTR, e
    assert_equal(-4, e.status)
  end

  # ---- recv, accept, sendall: blocked in Ruby's own fd wait ------------------------------

  [nil, 30].each do |timeout|
    mode = timeout ? "timeout" : "blocking"
    %i[raise kill].each do |how|
      define_method(:"test_#{how}_ends_a_recv_blocked_in_#{mode}_mode") do
        a, b = Socketx.socketpair
        a.timeout = timeout
        before = SocketxTest.open_sockets
        interrupt_blocked(how) { a.recv(10) }
        assert_empty SocketxTest.open_sockets - before, "the interrupted call left a socket open"
        # Still usable, and nothing was consumed by the interrupted call.
        b.sendall("after")
        assert_equal "after", a.recv(10)
      ensure
        a&.close
        b&.close
      end

      define_method(:"test_#{how}_ends_an_accept_blocked_in_#{mode}_mode") do
        l = Socketx::Socket.new.bind(["127.0.0.1", 0]).listen
        l.timeout = timeout
        before = SocketxTest.open_sockets
        interrupt_blocked(how) { l.accept }
        assert_empty SocketxTest.open_sockets - before, "the interrupted call left a socket open"
        c = Socketx::Socket.new
        c.connect(l.local_address)
        conn, = l.accept
        conn.sendall("hi")
        assert_equal "hi", c.recv(2)
      ensure
        conn&.close
        c&.close
        l&.close
      end

      define_method(:"test_#{how}_ends_a_sendall_blocked_in_#{mode}_mode") do
        a, b = Socketx.socketpair
        a.timeout = timeout
        before = SocketxTest.open_sockets
        # Far more than a socketpair buffers: the sendall blocks once the buffer is full.
        interrupt_blocked(how) { a.sendall("x".b * (16 << 20)) }
        assert_empty SocketxTest.open_sockets - before, "the interrupted call left a socket open"
        # Drain what the interrupted call sent (bounded: at most the 16 MiB it tried), then
        # the socket carries new data.
        b.timeout = 0
        drained = 0
        256.times do
          drained += b.recv(1 << 20).bytesize
        rescue IO::WaitReadable
          break
        end
        assert_operator drained, :<, 16 << 20
        a.sendall("after")
        b.timeout = 5
        assert_equal "after", b.recv(5)
      ensure
        a&.close
        b&.close
      end
    end
  end

  # ---- The message calls (msg.h): the same wait ------------------------------------------

  # Repeat the block on sock, non-blocking, until it would block.
  def fill_and_drain(sock)
    sock.timeout = 0
    loop { yield }
  rescue IO::WaitWritable, IO::WaitReadable
    nil
  end

  [nil, 30].each do |timeout|
    mode = timeout ? "timeout" : "blocking"
    %i[raise kill].each do |how|
      define_method(:"test_#{how}_ends_message_calls_blocked_in_#{mode}_mode") do
        a, b = Socketx.socketpair
        a.timeout = timeout
        u = Socketx::Socket.new(Socketx::AF_INET, Socketx::SOCK_DGRAM).bind(["127.0.0.1", 0])
        u.timeout = timeout
        before = SocketxTest.open_sockets
        fds = SocketxTest.fd_count
        interrupt_blocked(how) { a.recvmsg(10) }
        interrupt_blocked(how) { a.recv_io }
        interrupt_blocked(how) { a.recv_message(10, 0, 64) }
        interrupt_blocked(how) { u.recvmmsg(8, 64) }
        interrupt_blocked(how) { u.recvmsg(10, Socketx::MSG_ERRQUEUE) }
        # A send blocks once the socketpair's buffer is full.
        fill_and_drain(a) { a.sendmsg("x".b * 65_536) }
        a.timeout = timeout
        interrupt_blocked(how) { a.sendmsg("more") }
        interrupt_blocked(how) { a.send_io($stdin) }
        assert_empty SocketxTest.open_sockets - before, "an interrupted call left a socket open"
        assert_equal fds, SocketxTest.fd_count, "an interrupted call left a descriptor open"
        # Still usable: drain, then a message with a descriptor goes through.
        fill_and_drain(b) { b.recv(1 << 20) }
        b.timeout = 5
        a.send_io($stdin)
        io = b.recv_io
        assert_kind_of IO, io
        io.close
      ensure
        [a, b, u].each { |s| s&.close }
      end
    end
  end

  # ---- create_connection: blocked inside the C library -----------------------------------

  # A listener whose accept queue is full, so that a new connect to it hangs (the kernel
  # drops its SYN and retries for minutes): tests/unit/socket/helpers.hpp's FullBacklog.
  # Yields the listener's address; everything is closed afterwards.
  def with_full_backlog
    l = Socketx::Socket.new.bind(["127.0.0.1", 0]).listen(0)
    fillers = []
    8.times do
      c = Socketx::Socket.new
      c.timeout = 0.1
      fillers << c
      break if c.connect_ex(l.local_address) == Errno::EAGAIN::Errno

      flunk "the accept queue of a listen(0) socket never filled up" if fillers.size == 8
    end
    yield l.local_address
  ensure
    fillers&.each(&:close)
    l&.close
  end

  [nil, 30].each do |timeout|
    mode = timeout ? "timeout" : "blocking"
    %i[raise kill].each do |how|
      define_method(:"test_#{how}_ends_a_create_connection_blocked_in_#{mode}_mode") do
        with_full_backlog do |where|
          before = SocketxTest.open_sockets
          elapsed = interrupt_blocked(how) do
            Socketx.create_connection(where.host, where.port, timeout: timeout)
          end
          assert_operator elapsed, :<, PROMPT
          assert_empty SocketxTest.open_sockets - before, "the interrupted connect left a socket open"
          refute Socketx.thread_interruptible?, "create_connection changed the caller's setting"
        end
      end
    end
  end

  # The Errno::... variant with every attempt's error goes the same way.
  def test_raise_ends_a_create_connection_with_happy_eyeballs
    with_full_backlog do |where|
      interrupt_blocked(:raise) do
        Socketx.create_connection(where.host, where.port, timeout: 30, happy_eyeballs: true)
      end
    end
  end

  # An interruption that raises nothing (Thread#wakeup runs the unblocking function, so the
  # connect is interrupted, but there is no exception to deliver) must not end the call: it
  # goes on with the time left and ends at its own timeout, not before and not much after.
  def test_wakeup_without_an_exception_does_not_end_create_connection
    with_full_backlog do |where|
      start = now
      t = blocked_thread { Socketx.create_connection(where.host, where.port, timeout: 0.6) }
      3.times do
        t.wakeup if t.alive?
        sleep 0.05
      end
      assert t.alive?, "the call ended at a wake-up with nothing to raise"
      e = assert_raises(Socketx::TimeoutError) { t.join(5) }
      assert_equal(-2001, e.status)
      elapsed = now - start
      assert_operator elapsed, :>=, 0.55
      assert_operator elapsed, :<, 0.6 + PROMPT
    end
  end

  # The thread is interruptible only during the call; a caller that opted in keeps it.
  def test_create_connection_restores_the_callers_setting
    l = Socketx::Socket.new.bind(["127.0.0.1", 0]).listen
    Socketx.thread_interruptible = true
    c = Socketx.create_connection("127.0.0.1", l.local_address.port, timeout: 5)
    assert Socketx.thread_interruptible?
    Socketx.thread_interruptible = false
    c.close
    c = Socketx.create_connection("127.0.0.1", l.local_address.port, timeout: 5)
    refute Socketx.thread_interruptible?
  ensure
    Socketx.thread_interruptible = false
    c&.close
    l&.close
  end
end
