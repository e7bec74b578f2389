# SPDX-License-Identifier: MIT
# frozen_string_literal: true

# Socketx beside Ruby's own socket library, in the same run, on the same workloads:
#   ping-pong  64-byte request/response over an AF_UNIX socketpair and over TCP loopback
#              (TCP_NODELAY); round trips/s
#   bulk TCP   64 KiB sendall chunks one way, the peer counts them; MB/s (10^6 bytes)
#   UDP        64-byte datagram request/response over connected loopback sockets; round trips/s
# The peer runs in a forked child process (same library as the measured side), so the
# two Ruby sides never compete for one GVL and only the binding's per-call path differs.
#
# Rounds alternate the two libraries (bench/rounds.rb): medians of the rates, and of the
# per-round ratios with their minimum and maximum.
#
# usage: ruby -I<ext dir> -I<lib> bench/bench.rb [seconds per run, default 1.0] [rounds, default 7]
require "socket"
require "socketx"
require_relative "rounds"

SECONDS = Float(ARGV[0] || 1.0)
ROUNDS = Integer(ARGV[1] || BenchRounds::MIN_ROUNDS)
MSG = ("p" * 64).b
CHUNK = ("b" * 65_536).b

# The two libraries behind one small interface.
class RubyLib
  def name = "ruby Socket"
  def unix_pair = UNIXSocket.pair
  def tcp_pair
    server = TCPServer.new("127.0.0.1", 0)
    a = TCPSocket.new("127.0.0.1", server.addr[1])
    b = server.accept
    server.close
    [a, b].each { |s| s.setsockopt(Socket::IPPROTO_TCP, Socket::TCP_NODELAY, 1) }
    [a, b]
  end

  def udp_pair
    a = UDPSocket.new
    b = UDPSocket.new
    a.bind("127.0.0.1", 0)
    b.bind("127.0.0.1", 0)
    a.connect("127.0.0.1", b.addr[1])
    b.connect("127.0.0.1", a.addr[1])
    [a, b]
  end

  def send(sock, data) = sock.send(data, 0)
  def sendall(sock, data) = sock.write(data)
  def recv(sock, n) = sock.recv(n)
end

class SocketxLib
  def name = "socketx"
  def unix_pair = Socketx.socketpair
  def tcp_pair
    l = Socketx::Socket.new.bind(["127.0.0.1", 0]).listen
    a = Socketx::Socket.new
    a.connect(l.local_address)
    b, = l.accept
    l.close
    [a, b].each { |s| s.setsockopt(Socketx::IPPROTO_TCP, Socketx::TCP_NODELAY, 1) }
    [a, b]
  end

  def udp_pair
    a = Socketx::Socket.new(Socketx::AF_INET, Socketx::SOCK_DGRAM).bind(["127.0.0.1", 0])
    b = Socketx::Socket.new(Socketx::AF_INET, Socketx::SOCK_DGRAM).bind(["127.0.0.1", 0])
    a.connect(b.local_address)
    b.connect(a.local_address)
    [a, b]
  end

  def send(sock, data) = sock.send_bytes(data)
  def sendall(sock, data) = sock.sendall(data)
  def recv(sock, n) = sock.recv(n)
end

def now = Process.clock_gettime(Process::CLOCK_MONOTONIC)

# Run the peer in a child; the block measures in the parent. Returns the block's value.
def with_peer(mine, theirs)
  pid = fork do
    mine.close
    yield(:child, theirs)
    exit!(0)
  end
  theirs.close
  result = yield(:parent, mine)
  mine.close
  Process.wait(pid)
  result
end

def ping_pong(lib, pair)
  a, b = pair
  with_peer(a, b) do |role, s|
    if role == :child
      loop do
        m = lib.recv(s, 64)
        break if m.empty?

        lib.send(s, m)
      end
    else
      n = 0
      t0 = now
      deadline = t0 + SECONDS
      while (n & 63) != 0 || now < deadline
        lib.send(s, MSG)
        lib.recv(s, 64)
        n += 1
      end
      rate = n / (now - t0)
      # Tell the child to stop: an empty datagram for UDP (a stream sees EOF at close).
      lib.send(s, "".b)
      rate
    end
  end
end

def bulk(lib)
  a, b = lib.tcp_pair
  with_peer(a, b) do |role, s|
    if role == :child
      got = 0
      loop do
        m = lib.recv(s, 65_536)
        break if m.empty?

        got += m.bytesize
      end
      lib.sendall(s, [got].pack("Q"))
    else
      sent = 0
      t0 = now
      deadline = t0 + SECONDS
      while now < deadline
        64.times { lib.sendall(s, CHUNK) }
        sent += 64 * CHUNK.bytesize
      end
      s.shutdown(lib.is_a?(RubyLib) ? Socket::SHUT_WR : Socketx::SHUT_WR)
      got = lib.recv(s, 8).unpack1("Q")
      raise "peer got #{got} of #{sent} bytes" unless got == sent

      sent / (now - t0) / 1e6
    end
  end
end

WORKLOADS = [
  ["ping-pong socketpair (round trips/s)", ->(lib) { ping_pong(lib, lib.unix_pair) }],
  ["ping-pong TCP loopback (round trips/s)", ->(lib) { ping_pong(lib, lib.tcp_pair) }],
  ["bulk TCP 64 KiB sendall (MB/s)", ->(lib) { bulk(lib) }],
  ["UDP 64-byte request/response (round trips/s)", ->(lib) { ping_pong(lib, lib.udp_pair) }]
].freeze

puts "Ruby #{RUBY_VERSION}, libsocketx #{Socketx.library_version}, #{SECONDS} s per run, #{ROUNDS} alternating rounds"
BenchRounds.report(WORKLOADS, [SocketxLib.new, RubyLib.new], ROUNDS, 46)
