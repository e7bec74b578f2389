# SPDX-License-Identifier: MIT
# frozen_string_literal: true

require "test_helper"

class TestGC < Minitest::Test
  COUNT = 10_000

  # Forgotten sockets and addresses are released by the collector: the process's fd count
  # comes back to where it was.
  def test_forgotten_sockets_release_their_fds
    GC.start
    baseline = SocketxTest.fd_count
    peak = 0
    COUNT.times do |i|
      Socketx::Socket.new(Socketx::AF_UNIX, Socketx::SOCK_STREAM)
      Socketx::Addr.inet("127.0.0.1", i % 65_536)
      peak = [peak, SocketxTest.fd_count].max if (i % 1000).zero?
    end
    after = nil
    10.times do
      GC.start(full_mark: true, immediate_sweep: true)
      Thread.pass # finalizers run at the next interrupt check
      after = SocketxTest.fd_count
      break if after <= baseline
    end
    puts "\n[gc] #{COUNT} sockets: fd baseline #{baseline}, sampled peak #{peak}, after GC #{after}" if ENV["SOCKETX_VERBOSE"]
    assert_operator after, :<=, baseline
  end

  # A socket closed by hand and then collected is not closed a second time: the fd number
  # the kernel reuses for a new socket stays open.
  def test_no_double_close_after_close_and_collection
    100.times { Socketx::Socket.new.close }
    keep = Socketx::Socket.new
    fd = keep.fileno
    3.times { GC.start }
    assert File.exist?("/proc/self/fd/#{fd}")
    assert_equal fd, keep.fileno
  ensure
    keep&.close
  end
end
