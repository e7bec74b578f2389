#!/usr/bin/env ruby
# SPDX-License-Identifier: MIT
# frozen_string_literal: true

# The Ruby client of the cross-language demonstration (scripts/demo-cross.sh), the twin
# of bindings/go/cmd/sxclient: it connects to an echo server (examples/echo_server.c, or
# any other), sends each message, reads its echo back completely, and prints what it sent
# and what came back. It exits 1 on any error or mismatch, 2 on bad arguments.
#
#   ruby echo_client.rb unix:/path/to/socket [message ...]
#   ruby echo_client.rb tcp:127.0.0.1:7000 [message ...]
#   ruby echo_client.rb --file /path/to/socket      (or unix:/path/to/socket)
#
# The --file mode is the descriptor-passing part of the demonstration: it sends the line
# "FILE" on the AF_UNIX socket, receives a reply of one or more bytes carrying one open
# descriptor (SCM_RIGHTS), reads the file from that descriptor to its end and prints it.
#
# It needs the Ruby binding on the load path: RUBYLIB=bindings/ruby/lib plus the directory
# of the built extension, <build>/bindings/ruby/ext (or the installed socketx gem).
# Every wait is bounded by a 10-second timeout, so a broken server fails it, not hangs it.
require "socketx"

TIMEOUT_SECONDS = 10

# [family, Socketx::Addr] for "unix:PATH" or "tcp:HOST:PORT".
def parse_target(target)
  kind, rest = target.split(":", 2)
  case kind
  when "unix"
    raise ArgumentError, "target #{target.inspect}: empty path" if rest.to_s.empty?

    [Socketx::AF_UNIX, Socketx::Addr.unix(rest)]
  when "tcp"
    host, sep, port = rest.to_s.rpartition(":")
    raise ArgumentError, "target #{target.inspect}: no port" if sep.empty?

    port = Integer(port, 10, exception: false)
    raise ArgumentError, "target #{target.inspect}: bad port" if port.nil?

    [Socketx::AF_INET, Socketx::Addr.inet(host, port)]
  else
    raise ArgumentError, "target #{target.inspect}: want unix:PATH or tcp:HOST:PORT"
  end
end

# Read exactly n bytes (fewer only if the server closes early, which is an error here).
def read_exactly(sock, n)
  back = String.new(capacity: n, encoding: Encoding::BINARY)
  while back.bytesize < n
    chunk = sock.recv(n - back.bytesize)
    raise IOError, "the server closed the connection early" if chunk.empty?

    back << chunk
  end
  back
end

def run(target, messages)
  family, addr = parse_target(target)
  sock = Socketx::Socket.new(family, Socketx::SOCK_STREAM)
  begin
    sock.timeout = TIMEOUT_SECONDS
    sock.connect(addr)
    puts "Ruby client connected to #{sock.remote_address} from #{sock.local_address}"
    messages.each do |m|
      next if m.empty? # a stream carries no empty messages

      sent = m.b
      sock.sendall(sent)
      back = read_exactly(sock, sent.bytesize)
      puts "  Ruby client sent #{m.inspect}, got back #{back.dup.force_encoding(m.encoding).inspect}"
      raise IOError, "echo mismatch" unless back == sent
    end
    sock.shutdown(Socketx::SHUT_WR) # our end of stream: the server finishes
  ensure
    sock.close
    addr.close
  end
end

# Ask the server for its shared file; print what the passed descriptor reads.
def fetch_file(path)
  sock = Socketx::Socket.new(Socketx::AF_UNIX, Socketx::SOCK_STREAM)
  begin
    sock.timeout = TIMEOUT_SECONDS
    sock.connect(path.delete_prefix("unix:"))
    sock.sendall("FILE\n")
    data, ios, = sock.recv_fds(16, 1)
    raise IOError, "the server sent no descriptor (#{data.bytesize} bytes)" unless ios.size == 1

    file = ios[0]
    begin
      $stdout.write(file.read) # a file the client never opened, read to its end
    ensure
      file.close
    end
    $stdout.flush
  ensure
    sock.close
  end
end

if ARGV.empty? || (ARGV[0] == "--file" && ARGV.size != 2)
  warn "usage: echo_client.rb unix:PATH|tcp:HOST:PORT [message ...] | --file PATH"
  exit 2
end
target, *messages = ARGV
messages = ["hello from Ruby", "goodbye"] if messages.empty?
begin
  if target == "--file"
    fetch_file(messages[0])
  else
    run(target, messages)
  end
rescue ArgumentError => e
  warn "echo_client.rb: #{e.message}"
  exit 2
rescue Socketx::Error, IOError, SystemCallError => e
  warn "echo_client.rb: #{e.class}: #{e.message}"
  exit 1
end
