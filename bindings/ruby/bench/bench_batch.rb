# SPDX-License-Identifier: MIT
# frozen_string_literal: true

# Batched UDP: Socketx's sendmmsg/recvmmsg beside Ruby's own UDPSocket, in the same run.
#   batch echo  the measuring side sends a batch of B 64-byte datagrams over connected
#               loopback UDP sockets, the peer echoes them, the measuring side takes all B
#               back; datagrams/s (each counted once). Socketx sends and receives each batch
#               with one sendmmsg and (usually) one recvmmsg on both sides; Ruby's UDPSocket
#               makes one send and one recv per datagram.
#   in-process  both sockets in this process: send a batch of B, then receive it, with no
#               peer to schedule (steadier on a loaded machine); datagrams/s.
# The peer runs in a forked child process with the same library as the measured side, as
# bench.rb does. Rounds alternate the two libraries (bench/rounds.rb): medians of the
# rates, and of the per-round ratios with their minimum and maximum.
#
# usage: ruby -I<ext dir> -I<lib> bench/bench_batch.rb [seconds per run, default 1.0] [rounds, default 7]
require "socket"
require "socketx"
require_relative "rounds"

SECONDS = Float(ARGV[0] || 1.0)
ROUNDS = Integer(ARGV[1] || BenchRounds::MIN_ROUNDS)
MSG = ("d" * 64).b
MAXLEN = 2048

class RubyUDP
  def name = "ruby UDPSocket"

  def pair
    a = UDPSocket.new
    b = UDPSocket.new
    a.bind("127.0.0.1", 0)
    b.bind("127.0.0.1", 0)
    a.connect("127.0.0.1", b.addr[1])
    b.connect("127.0.0.1", a.addr[1])
    [a, b]
  end

  def echo(sock)
    loop do
      m = sock.recv(MAXLEN)
      break if m.empty?

      sock.send(m, 0)
    end
  end

  def round_trip(sock, batch)
    batch.each { |m| sock.send(m, 0) }
    batch.size.times { sock.recv(MAXLEN) }
  end

  def stop(sock) = sock.send("", 0)

  def round_trip_local(x, y, batch)
    batch.each { |m| x.send(m, 0) }
    batch.size.times { y.recv(MAXLEN) }
  end
end

class SocketxUDP
  def name = "socketx mmsg"

  def pair
    a = Socketx::Socket.new(Socketx::AF_INET, Socketx::SOCK_DGRAM).bind(["127.0.0.1", 0])
    b = Socketx::Socket.new(Socketx::AF_INET, Socketx::SOCK_DGRAM).bind(["127.0.0.1", 0])
    a.connect(b.local_address)
    b.connect(a.local_address)
    [a, b]
  end

  def echo(sock)
    loop do
      msgs = sock.recvmmsg(64, MAXLEN, 0, addresses: false)
      break if msgs.any?(&:empty?)

      send_all(sock, msgs)
    end
  end

  def round_trip(sock, batch)
    send_all(sock, batch)
    got = 0
    got += sock.recvmmsg(batch.size - got, MAXLEN, 0, addresses: false).size while got < batch.size
  end

  def stop(sock) = sock.sendmmsg([""])

  def round_trip_local(x, y, batch)
    send_all(x, batch)
    got = 0
    got += y.recvmmsg(batch.size - got, MAXLEN, 0, addresses: false).size while got < batch.size
  end

  private

  def send_all(sock, msgs)
    sent = sock.sendmmsg(msgs)
    sent += sock.sendmmsg(msgs.drop(sent)) while sent < msgs.size
  end
end

def now = Process.clock_gettime(Process::CLOCK_MONOTONIC)

# Datagrams per second through the echo, batches of size b.
def batch_echo(lib, b)
  mine, theirs = lib.pair
  pid = fork do
    mine.close
    lib.echo(theirs)
    exit!(0)
  end
  theirs.close
  batch = Array.new(b) { MSG }
  n = 0
  t0 = now
  deadline = t0 + SECONDS
  while now < deadline
    lib.round_trip(mine, batch)
    n += b
  end
  rate = n / (now - t0)
  lib.stop(mine)
  Process.wait(pid)
  mine.close
  rate
end

# Datagrams per second sent and received within this process, batches of size b.
def in_process(lib, b)
  x, y = lib.pair
  batch = Array.new(b) { MSG }
  n = 0
  t0 = now
  deadline = t0 + SECONDS
  while now < deadline
    lib.round_trip_local(x, y, batch)
    n += b
  end
  rate = n / (now - t0)
  x.close
  y.close
  rate
end

puts "Ruby #{RUBY_VERSION}, libsocketx #{Socketx.library_version}, #{SECONDS} s per run, #{ROUNDS} alternating rounds"
WORKLOADS = [1, 8, 32, 64].map { |b| ["UDP batch echo, #{b} x 64 B (datagrams/s)", ->(lib) { batch_echo(lib, b) }] } +
            [8, 64].map { |b| ["in-process, #{b} x 64 B (datagrams/s)", ->(lib) { in_process(lib, b) }] }
BenchRounds.report(WORKLOADS, [SocketxUDP.new, RubyUDP.new], ROUNDS, 42)
