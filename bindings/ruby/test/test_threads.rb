# SPDX-License-Identifier: MIT
# frozen_string_literal: true

require "test_helper"

class TestThreads < Minitest::Test
  # While one thread is blocked in a receive, another must keep running: the wait releases
  # the GVL.
  def test_blocked_receive_lets_other_threads_run
    a, b = Socketx.socketpair
    receiver = blocked_thread { a.recv(10) }
    count = 0
    deadline = Process.clock_gettime(Process::CLOCK_MONOTONIC) + 0.2
    count += 1 while Process.clock_gettime(Process::CLOCK_MONOTONIC) < deadline
    assert_equal "sleep", receiver.status # still blocked, yet this thread counted
    assert_operator count, :>, 10_000
    b.sendall("done")
    assert_equal "done", receiver.value
  ensure
    a&.close
    b&.close
  end

  def test_close_from_another_thread_wakes_the_blocked_call
    a, b = Socketx.socketpair
    receiver = blocked_thread { a.recv(10) }
    a.close
    e = assert_raises(Socketx::ClosedError) { receiver.join(5) }
    assert_equal(-2003, e.status)
    assert_kind_of IOError, e
  ensure
    a&.close
    b&.close
  end

  def test_close_wakes_a_blocked_accept_in_timeout_mode
    l = Socketx::Socket.new.bind(["127.0.0.1", 0]).listen
    l.timeout = 30
    acceptor = blocked_thread { l.accept }
    l.close
    assert_raises(Socketx::ClosedError) { acceptor.join(5) }
  ensure
    l&.close
  end

  def test_thread_kill_and_raise_reach_a_blocked_call
    a, b = Socketx.socketpair
    killed = blocked_thread { a.recv(10) }
    killed.kill
    assert killed.join(5), "Thread#kill did not end the blocked recv"
    raised = blocked_thread { a.recv(10) }
    raised.raise(RuntimeError, "stop")
    assert_raises(RuntimeError) { raised.join(5) }
    # The socket is still usable afterwards.
    b.sendall("still here")
    assert_equal "still here", a.recv(20)
  ensure
    a&.close
    b&.close
  end

  def test_concurrent_use_of_distinct_sockets
    pairs = Array.new(8) { Socketx.socketpair }
    threads = pairs.map do |x, y|
      Thread.new do
        200.times do |i|
          x.sendall("m#{i}")
          y.recv(16)
        end
        :ok
      end
    end
    assert_equal [:ok] * 8, threads.map(&:value)
  ensure
    pairs&.flatten&.each(&:close)
  end
end
