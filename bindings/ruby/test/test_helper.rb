# SPDX-License-Identifier: MIT
# frozen_string_literal: true

# Shared by every test file. Run the suite with `ruby -w test/run.rb` and the extension's
# directory on the load path (-I), as ctest's ruby:test does.
require "minitest/autorun"
require "socketx"

module SocketxTest
  # Records which Socketx::Native functions the suite calls, so the suite can prove that
  # every bound C function was exercised (see test_coverage.rb).
  CALLED = Hash.new(0)
  NATIVE_FUNCTIONS = Socketx::Native.singleton_methods(false).grep(/\Asx_/).sort.freeze

  recorder = Module.new do
    NATIVE_FUNCTIONS.each do |name|
      define_method(name) do |*args|
        CALLED[name] += 1
        super(*args)
      end
    end
  end
  Socketx::Native.singleton_class.prepend(recorder)

  def self.fd_count
    Dir.children("/proc/self/fd").size
  end

  # The sockets this process has open, by kernel identity ("socket:[inode]"). Comparing two
  # of these is not upset by the GC closing a socket an earlier test forgot, in between, as
  # comparing counts would be.
  def self.open_sockets
    Dir.children("/proc/self/fd").filter_map do |n|
      target = File.readlink("/proc/self/fd/#{n}")
      target if target.start_with?("socket:")
    rescue SystemCallError
      nil # closed since the listing
    end
  end

  module Helpers
    # A connected TCP pair over loopback: [client, server side], plus the listener closed.
    def tcp_pair
      listener = Socketx::Socket.new(Socketx::AF_INET, Socketx::SOCK_STREAM)
      listener.bind(["127.0.0.1", 0]).listen
      client = Socketx::Socket.new
      client.connect(listener.local_address)
      server, = listener.accept
      listener.close
      [client, server]
    end

    # Run the block in a thread and give it time to block; the caller joins it.
    def blocked_thread(&block)
      t = Thread.new(&block)
      t.report_on_exception = false
      Thread.pass until t.status == "sleep" || t.stop?
      sleep 0.05
      t
    end
  end
end

Minitest::Test.include(SocketxTest::Helpers)
