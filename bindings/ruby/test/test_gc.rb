# SPDX-License-Identifier: MIT
# frozen_string_literal: true

require "test_helper"

class TestGC < Minitest::Test
  COUNT = 10_000

  # Ruby's collector scans the machine stack conservatively: a stale word there can keep the
  # last socket or two alive through every collection (one clean-clone run ended at baseline
  # + 1). What is checked is that the collector releases the 10,000 forgotten sockets, not
  # that no word on the stack still names one.
  STACK_STRAYS = 2

  # Forgotten sockets and addresses are released by the collector: the process's fd count
  # comes back to where it was, less what the conservative stack scan may still hold.
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
      break if after <= baseline + STACK_STRAYS
    end
    puts "\n[gc] #{COUNT} sockets: fd baseline #{baseline}, sampled peak #{peak}, after GC #{after}" if ENV["SOCKETX_VERBOSE"]
    assert_operator peak, :>, baseline + STACK_STRAYS, "the sampled peak shows sockets were alive to release"
    assert_operator after, :<=, baseline + STACK_STRAYS
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
