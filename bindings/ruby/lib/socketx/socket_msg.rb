# SPDX-License-Identifier: MIT
# frozen_string_literal: true

module Socketx
  # Reused sx_msg handles for Socket#sendmmsg/#recvmmsg: a batch call points them at its
  # data each time (Native.sxrb_sendmmsg_try/sxrb_recvmmsg_try), so no handle is made per call.
  class Batch
    attr_reader :messages, :handles

    def initialize(size)
      @messages = Array.new(size) { Message.new }
      @handles = @messages.map(&:handle)
      @addressed = false
      @area = nil
    end

    def size
      @messages.size
    end

    # Send datagrams (Strings) to dests (Addrs, nil: the connected peer); false if no room.
    def send_try(sock_handle, datagrams, dests, flags)
      if dests
        handles = dests.map { |d| d ? d.handle : 0 }
        @addressed = true
      elsif @addressed
        @messages.each { |m| m.address = nil } # clear the destinations of an earlier call
        @addressed = false
      end
      Native.sxrb_sendmmsg_try(sock_handle, @handles, datagrams, handles, flags)
    end

    # Receive up to count datagrams of at most maxlen bytes; false if none is queued.
    def recv_try(sock_handle, count, maxlen, flags, with_addr)
      need = [count * maxlen, 64].max
      @area = "\0".b * need if @area.nil? || @area.bytesize < need
      Native.sxrb_recvmmsg_try(sock_handle, @handles, @area, count, maxlen, flags, with_addr ? 1 : 0)
    end

    def close
      @messages.each(&:close)
      nil
    end
  end

  class Socket
    # ---- Messages: sendmsg/recvmsg with ancillary data (socketx/msg.h) ----------------------

    # sendmsg(mesg, flags = 0, dest = nil, *controls): as BasicSocket#sendmsg. mesg is a String
    # or an Array of Strings (sent as one message, gathered); dest an Addr, [host, port] or a
    # path; each control an AncillaryData, a [level, type, data] triple or a whole
    # Socketx::Message (its items, sent as they are). Returns the number of bytes sent.
    def sendmsg(mesg, flags = 0, dest = nil, *controls)
      bufs = mesg.is_a?(Array) ? mesg : String(mesg)
      a = dest.nil? ? nil : addr(dest)
      own = nil
      msg = if controls.size == 1 && controls[0].is_a?(Message)
              controls[0]
            elsif !controls.empty?
              own = Message.new(*controls)
            end
      # The handle 0 means "no items" to the library: a closed message must not pass for that.
      raise Socketx.exception_for(-2002, "the message is closed") if msg&.closed?

      deadline = start_deadline
      loop do
        n = Native.sx_socket_sendmsg(handle, bufs, msg ? msg.handle : 0, flags || 0, a ? a.handle : 0)
        return n if n

        wait_io(WRITABLE, deadline, :write)
      end
    ensure
      own&.close
    end

    # recvmsg(maxlen = nil, flags = 0, maxcontrollen = nil, scm_rights: false): as
    # BasicSocket#recvmsg, [data, sender, rflags, *controls]: sender is a Socketx::Addr (nil for
    # a connected stream), each control a Socketx::AncillaryData. maxlen nil receives up to
    # 65536 bytes; maxcontrollen nil gives the control buffer 4096 bytes. Descriptors received
    # become IO objects (close-on-exec) with scm_rights: true, and are closed otherwise.
    def recvmsg(maxlen = nil, flags = 0, maxcontrollen = nil, scm_rights: false)
      msg = recv_message(maxlen, flags, maxcontrollen)
      begin
        [msg.data, msg.address, msg.flags, *msg.controls(scm_rights: scm_rights)]
      ensure
        msg.close
      end
    end

    # recvmsg into the caller's Strings, in place up to each one's length (Python's
    # recvmsg_into: scatter): [nbytes, sender, rflags, *controls].
    def recvmsg_into(buffers, flags = 0, maxcontrollen = nil, scm_rights: false)
      buffers = Array(buffers)
      ancbuf = maxcontrollen.nil? ? 4096 : maxcontrollen
      h = read_op(flags) { Native.sx_socket_recvmsg(handle, buffers, ancbuf, flags || 0) }
      msg = Message.from_handle(h, nil, family)
      begin
        [msg.nbytes, msg.address, msg.flags, *msg.controls(scm_rights: scm_rights)]
      ensure
        msg.close
      end
    end

    # Receive one message and return it whole as a Socketx::Message: #data, #address, #flags,
    # #controls, #take_fd/#take_io. It owns the descriptors that came until they are taken:
    # close it (or let the GC) and the others are closed.
    def recv_message(maxlen = nil, flags = 0, maxcontrollen = nil)
      maxlen = maxlen.nil? ? 65_536 : Integer(maxlen)
      raise ::ArgumentError, "negative maxlen #{maxlen}" if maxlen.negative?

      ancbuf = maxcontrollen.nil? ? 4096 : Integer(maxcontrollen)
      raise ::ArgumentError, "negative maxcontrollen #{ancbuf}" if ancbuf.negative?

      bufs, h = read_op(flags) { Native.sx_socket_recvmsg(handle, [maxlen], ancbuf, flags || 0) }
      Message.from_handle(h, bufs[0], family)
    end

    # UNIXSocket#send_io: pass one descriptor (an IO or an Integer) with one byte.
    def send_io(io)
      send_fds("\0", [io])
      nil
    end

    # UNIXSocket#recv_io: receive one descriptor as klass.for_fd(fd[, mode]) (an IO by
    # default; klass nil: the Integer). SocketError when the message carried none.
    def recv_io(klass = IO, mode = nil)
      _data, h = read_op(0) { Native.sx_socket_recv_fds(handle, 1, 1, 0) }
      # The raw handle, released before returning: no Message object (and finalizer) per call.
      begin
        if Native.sx_msg_fd_count(h).zero?
          raise ::SocketError, "file descriptor was not passed (#{Native.sx_msg_nbytes(h)} bytes, " \
                               "flags #{Native.sx_msg_flags(h)})"
        end

        fd = Native.sx_msg_take_fd(h, 0)
      ensure
        Native.sx_msg_close(h)
      end
      Message.io_for(fd, klass, mode)
    end

    # Python's socket.send_fds: data (String or Array of Strings) and descriptors (IOs or
    # Integers, at most 253). Returns the bytes sent.
    def send_fds(data, ios, flags = 0, address = nil)
      bufs = data.is_a?(Array) ? data : String(data)
      fds = Array(ios).map { |io| AncillaryData.fd_of(io) }
      a = address.nil? ? nil : addr(address)
      deadline = start_deadline
      loop do
        n = Native.sx_socket_send_fds(handle, bufs, fds, flags || 0, a ? a.handle : 0)
        return n if n

        wait_io(WRITABLE, deadline, :write)
      end
    end

    # Python's socket.recv_fds: [data, ios, rflags, sender]; ios are IO objects (klass nil:
    # Integers), close-on-exec.
    def recv_fds(bufsize, maxfds, flags = 0, klass: IO)
      data, h = read_op(flags) { Native.sx_socket_recv_fds(handle, bufsize, maxfds, flags || 0) }
      msg = Message.from_handle(h)
      begin
        ios = Array.new(msg.fd_count) { |i| msg.take_io(i, klass) }
        [data, ios, msg.flags, msg.address]
      ensure
        msg.close
      end
    end

    # SO_PEERCRED of a connected AF_UNIX socket: Credentials(pid, uid, gid) of the peer.
    def peercred
      Credentials.new(*Native.sx_socket_peercred(handle))
    end

    # BasicSocket#getpeereid: [uid, gid] of the peer.
    def getpeereid
      c = peercred
      [c.uid, c.gid]
    end

    # sendfile(io, offset = 0, count = nil): send count bytes (nil: to the end) of a file (an
    # IO or a descriptor) from offset, zero-copy where the kernel can. Returns the bytes sent;
    # in timeout mode the timeout bounds the whole call. The file's position is left after
    # the last byte sent, as Python leaves it.
    def sendfile(io, offset = 0, count = nil)
      fd = AncillaryData.fd_of(io)
      offset = Integer(offset)
      raise ::ArgumentError, "negative offset #{offset}" if offset.negative?
      count = Integer(count) unless count.nil?
      raise ::ArgumentError, "count must be positive" if count && count <= 0

      io.flush if io.is_a?(IO) # what Ruby still buffers for the file goes first
      deadline = start_deadline
      total = 0
      loop do
        r = Native.sx_socket_sendfile(handle, fd, offset + total, count ? count - total : 0)
        return total + r unless r.is_a?(Array)

        total += r[1]
        return total if count && total >= count

        wait_io(WRITABLE, deadline, :write)
      end
    end

    # ---- Batches (sendmmsg/recvmmsg) -----------------------------------------------------

    # sendmmsg(datagrams, flags = 0): send several datagrams in one system call. Each is a
    # String (to the connected peer) or [String, dest]. Waits per the timeout mode until one
    # can go, then sends as many as the kernel takes at once; returns how many went (from
    # the first). At most 1024 per call.
    def sendmmsg(datagrams, flags = 0)
      datagrams = Array(datagrams)
      return 0 if datagrams.empty?

      datas = []
      dests = nil
      datagrams.each_with_index do |d, i|
        if d.is_a?(Array)
          dests ||= Array.new(i)
          datas << String(d[0])
          dests << (d[1].nil? ? nil : addr(d[1]))
        else
          datas << String(d)
          dests&.push(nil)
        end
      end
      batch = take_batch(:@send_batch, datas.size)
      deadline = start_deadline
      begin
        loop do
          n = batch.send_try(handle, datas, dests, flags || 0)
          return n if n

          wait_io(WRITABLE, deadline, :write)
        end
      ensure
        give_batch(:@send_batch, batch)
      end
    end

    # recvmmsg(count = 32, maxlen = 2048, flags = 0, addresses: true): receive up to count
    # datagrams in one system call. Waits per the timeout mode until one is there, then takes
    # as many as are queued. Returns an Array of [data, sender] pairs (addresses: false: of
    # the data Strings only); a datagram longer than maxlen is cut to maxlen.
    def recvmmsg(count = 32, maxlen = 2048, flags = 0, addresses: true)
      count = Integer(count)
      maxlen = Integer(maxlen)
      raise ::ArgumentError, "count must be 1..1024" unless (1..1024).cover?(count)
      raise ::ArgumentError, "negative maxlen #{maxlen}" if maxlen.negative?

      batch = take_batch(:@recv_batch, count)
      begin
        r = read_op(flags) { batch.recv_try(handle, count, maxlen, flags || 0, addresses) }
      ensure
        give_batch(:@recv_batch, batch)
      end
      r.each { |pair| pair[1] = Addr.from_handle(pair[1]) } if addresses
      r
    end

    # ---- Zero-copy and TCP_INFO ------------------------------------------------------------

    # One MSG_ZEROCOPY completion from the error queue, without waiting: [first, last,
    # copied] (sends first..last are done, copied: the kernel copied instead), or nil when
    # none is queued. Enable with setsockopt(SOL_SOCKET, SO_ZEROCOPY, 1) and send with
    # MSG_ZEROCOPY. Another error at the head of the queue raises (and is consumed).
    def zerocopy_completion
      Native.sx_socket_zerocopy_completion(handle) || nil
    end

    # Every completion queued now, in order.
    def zerocopy_completions
      list = []
      while (c = zerocopy_completion)
        list << c
      end
      list
    end

    # TCP_INFO as a Hash, field name (Symbol, as struct tcp_info without tcpi_) => Integer:
    # the fields the running kernel fills. tcp_info(:rtt) reads one field.
    def tcp_info(field = nil)
      return Native.sx_socket_tcp_info_get(handle, field.to_s) unless field.nil?

      names = Socketx.tcp_info_fields
      Native.sx_socket_tcp_info(handle).each_with_index.to_h { |v, i| [names.fetch(i), v] }
    end

    private

    # A batch of at least size messages, taken out of the socket for the call (so two
    # threads never share one) and given back after.
    def take_batch(ivar, size)
      raise ::ArgumentError, "at most 1024 messages in a batch" if size > 1024

      handle # raises on a closed socket
      batch = instance_variable_get(ivar)
      instance_variable_set(ivar, nil)
      return batch if batch && batch.size >= size

      batch&.close
      Batch.new([size, 16].max)
    end

    def give_batch(ivar, batch)
      if closed? || instance_variable_get(ivar)
        batch.close
      else
        instance_variable_set(ivar, batch)
      end
    end

    def close_batches
      [@send_batch, @recv_batch].each { |b| b&.close }
      @send_batch = @recv_batch = nil
    end
  end

  class << self
    # The names of TCP_INFO's fields, as Symbols, in the order of Socket#tcp_info's values.
    def tcp_info_fields
      @tcp_info_fields ||= begin
        names = []
        loop do
          names << Native.sx_tcp_info_field_name(names.size).to_sym
        rescue Socketx::RangeError
          break
        end
        names.freeze
      end
    end
  end
end
