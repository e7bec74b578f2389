/* SPDX-License-Identifier: MIT */
/*
 * socketx/msg.h - messages: sendmsg/recvmsg with ancillary data, descriptor passing,
 * credentials, sendfile, batches (sendmmsg/recvmmsg), zero-copy completions, TCP_INFO.
 *
 * A message is an sx_msg handle. It serves both directions:
 *  - to send, make one with sx_msg_new(), add ancillary items to it (raw, or typed:
 *    descriptors, credentials, packet info, integers) and pass it to sx_socket_sendmsg();
 *    the same handle may be sent any number of times;
 *  - sx_socket_recvmsg() returns a new message from which the caller reads the byte count,
 *    msg_flags, the sender's address and each ancillary item, raw as (level, type, bytes)
 *    or typed as numbers and sx_addr handles.
 * Descriptors received (SCM_RIGHTS) are always close-on-exec: receives on AF_UNIX sockets,
 * the only family that carries descriptors, add MSG_CMSG_CLOEXEC (other families get no
 * extra flag: AF_PACKET refuses it). They
 * belong to the message until the caller takes them with sx_msg_take_fd(); those not taken
 * are closed when the message is released, and so are any that arrive in a truncated
 * control buffer (MSG_CTRUNC) and cannot be reported whole.
 *
 * Scatter/gather buffers cross the ABI as parallel arrays (bufs[i], lens[i], i < count);
 * a batch (sx_socket_sendmmsg(), sx_socket_recvmmsg()) is an array of message handles,
 * each given its buffers (sx_msg_set_buffers()), its address and its ancillary items.
 *
 * Ancillary items are laid out as CPython lays them out: a zero-filled control buffer in
 * which each item takes CMSG_SPACE(len). Received items are read with CPython's rules for
 * truncation (see sx_socket_recvmsg()). sx_cmsg_len() and sx_cmsg_space() (socketx/convert.h)
 * size a control buffer.
 */
#ifndef SOCKETX_MSG_H
#define SOCKETX_MSG_H

#include "socketx/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A message: new handle from sx_msg_new(), sx_socket_recvmsg() or sx_socket_recv_fds(),
 *  released by sx_msg_close(). */
typedef uint64_t sx_msg;

/* ---- Making and releasing a message ------------------------------------------------ */

/**
 * Make an empty message, to add ancillary items to and send, or to use in a batch.
 * @param[out] out receives the new message; release it with sx_msg_close().
 * @return 0; SX_EARG (out NULL); SX_ENOMEM; SX_ENOHANDLES (handle table full).
 * Blocks: never. Thread-safety: safe. @since SOCKETX_1.1
 */
SX_API int32_t sx_msg_new(sx_msg *out);

/**
 * Release a message. Every received descriptor not taken with sx_msg_take_fd() is closed.
 * Closing 0 or an already closed message is harmless.
 * @param msg the message.
 * @return 0; SX_EBADHANDLE (a handle of another kind, or never issued).
 * Blocks: never. Thread-safety: safe. @since SOCKETX_1.1
 */
SX_API int32_t sx_msg_close(sx_msg msg);

/* ---- Ancillary items to send --------------------------------------------------------- */

/**
 * Add a raw ancillary item. Mirrors one (level, type, data) tuple of socket.sendmsg()'s ancdata.
 * @param msg the message.
 * @param level the cmsg level (SOL_SOCKET, IPPROTO_IP, ...).
 * @param type the cmsg type (SCM_RIGHTS, IP_TTL, ...).
 * @param data the item's bytes; may be NULL only when len is 0.
 * @param len the number of bytes.
 * @return 0; SX_EBADHANDLE; SX_EARG (NULL data with len > 0; an item too large: more than
 *         2^31-1 bytes with its header; too much ancillary data in all); SX_ENOMEM.
 * Blocks: never. Thread-safety: safe. @since SOCKETX_1.1
 */
SX_API int32_t sx_msg_add(sx_msg msg, int32_t level, int32_t type, const void *data, size_t len);

/**
 * Add an integer item, encoded with the width the kernel expects for that item: a C int
 * for IP_TTL, IP_TOS, IPV6_HOPLIMIT, IPV6_TCLASS and any item the library does not know;
 * 16 bits for UDP_SEGMENT (UDP GSO); 32 bits unsigned for SO_MARK and SO_PRIORITY;
 * 64 bits for SO_TXTIME.
 * @param msg the message.
 * @param level the cmsg level.
 * @param type the cmsg type.
 * @param value the value.
 * @return 0; SX_EBADHANDLE; SX_EOUTOFRANGE (value does not fit the item's width); SX_ENOMEM.
 * Blocks: never. Thread-safety: safe. @since SOCKETX_1.1
 */
SX_API int32_t sx_msg_add_int(sx_msg msg, int32_t level, int32_t type, int64_t value);

/**
 * Add descriptors to pass (one SCM_RIGHTS item). The numbers are copied, not the
 * descriptors: they must stay open until the message is sent, and stay the caller's.
 * @param msg the message.
 * @param fds the descriptors; may be NULL only when count is 0.
 * @param count how many (at most 253, the kernel's SCM_MAX_FD).
 * @return 0; SX_EBADHANDLE; SX_EARG (NULL fds with count > 0; count above 253);
 *         SX_EBADF (a descriptor that is not open); SX_ENOMEM.
 * Blocks: never. Thread-safety: safe. @since SOCKETX_1.1
 */
SX_API int32_t sx_msg_add_fds(sx_msg msg, const int32_t *fds, size_t count);

/**
 * Add credentials (SCM_CREDENTIALS, struct ucred) for an AF_UNIX message. The kernel
 * accepts only the sender's own ids unless it is privileged.
 * @param msg the message.
 * @param pid the process id.
 * @param uid the user id.
 * @param gid the group id.
 * @return 0; SX_EBADHANDLE; SX_ENOMEM.
 * Blocks: never. Thread-safety: safe. @since SOCKETX_1.1
 */
SX_API int32_t sx_msg_add_credentials(sx_msg msg, int32_t pid, uint32_t uid, uint32_t gid);

/**
 * Add packet info: the source address and outgoing interface of a datagram (IP_PKTINFO for
 * an AF_INET address, its ipi_spec_dst; IPV6_PKTINFO for an AF_INET6 address).
 * @param msg the message.
 * @param ifindex the interface index, 0 for any.
 * @param source the source address (its port is ignored).
 * @return 0; SX_EBADHANDLE (msg or source); SX_EAFNOSUPPORT (source neither AF_INET nor
 *         AF_INET6); SX_ENOMEM.
 * Blocks: never. Thread-safety: safe. @since SOCKETX_1.1
 */
SX_API int32_t sx_msg_add_pktinfo(sx_msg msg, uint32_t ifindex, sx_addr source);

/* ---- A message in a batch ------------------------------------------------------------ */

/**
 * Give a message its data buffers, for sx_socket_sendmmsg() (the bytes to send) or
 * sx_socket_recvmmsg() (the room to receive into). The message keeps the pointers, not
 * copies: the memory must stay valid until the last batch call that uses the message.
 * @param msg the message.
 * @param bufs the buffers; may be NULL only when count is 0.
 * @param lens their lengths; may be NULL only when count is 0.
 * @param count the number of buffers (at most 1024, the kernel's UIO_MAXIOV).
 * @return 0; SX_EBADHANDLE; SX_EARG (NULL arrays with count > 0, a NULL buffer with a
 *         length, lengths that overflow in total); SX_EMSGSIZE (count above 1024); SX_ENOMEM.
 * Blocks: never. Thread-safety: safe. @since SOCKETX_1.1
 */
SX_API int32_t sx_msg_set_buffers(sx_msg msg, void *const *bufs, const size_t *lens, size_t count);

/**
 * Set the destination of a message sent in a batch (0 for none: a connected socket).
 * @param msg the message.
 * @param address the destination; the message keeps its own reference to it.
 * @return 0; SX_EBADHANDLE (msg or address).
 * Blocks: never. Thread-safety: safe. @since SOCKETX_1.1
 */
SX_API int32_t sx_msg_set_address(sx_msg msg, sx_addr address);

/**
 * Set how many bytes of ancillary data a message receives in a batch (recvmmsg's per-message
 * ancbufsize; 0, the default, receives none).
 * @param msg the message.
 * @param ancbufsize the size of the control buffer.
 * @return 0; SX_EBADHANDLE; SX_EARG (above 2^31-1); SX_ENOMEM.
 * Blocks: never. Thread-safety: safe. @since SOCKETX_1.1
 */
SX_API int32_t sx_msg_set_ancbufsize(sx_msg msg, size_t ancbufsize);

/* ---- Reading a message ---------------------------------------------------------------- */

/**
 * Get the number of bytes the message carried: received by sx_socket_recvmsg() or a batch
 * receive, or sent by a batch send (0 before any).
 * @param msg the message.
 * @param[out] len_out receives the count.
 * @return 0; SX_EBADHANDLE; SX_EARG (len_out NULL).
 * Blocks: never. Thread-safety: safe. @since SOCKETX_1.1
 */
SX_API int32_t sx_msg_nbytes(sx_msg msg, size_t *len_out);

/**
 * Get the flags the kernel returned with a received message (msg_flags: MSG_TRUNC,
 * MSG_CTRUNC, MSG_EOR, MSG_OOB, MSG_ERRQUEUE, ...).
 * @param msg the message.
 * @param[out] flags_out receives the flags.
 * @return 0; SX_EBADHANDLE; SX_EARG (flags_out NULL).
 * Blocks: never. Thread-safety: safe. @since SOCKETX_1.1
 */
SX_API int32_t sx_msg_flags(sx_msg msg, int32_t *flags_out);

/**
 * Get the sender of a received message (or the destination set on a message to send).
 * An address of a family the library does not know is kept as raw bytes.
 * @param msg the message.
 * @param[out] address_out receives a new address handle (release with sx_addr_close()), or 0
 *        when there is none (a connected stream, an unbound AF_UNIX sender), as Python's None.
 * @return 0; SX_EBADHANDLE; SX_EARG (address_out NULL); SX_ENOMEM.
 * Blocks: never. Thread-safety: safe. @since SOCKETX_1.1
 */
SX_API int32_t sx_msg_address(sx_msg msg, sx_addr *address_out);

/**
 * Get the number of ancillary items of a message.
 * @param msg the message.
 * @param[out] count_out receives the number of items.
 * @return 0; SX_EBADHANDLE; SX_EARG (count_out NULL).
 * Blocks: never. Thread-safety: safe. @since SOCKETX_1.1
 */
SX_API int32_t sx_msg_item_count(sx_msg msg, uint32_t *count_out);

/**
 * Get the level and type of an ancillary item.
 * @param msg the message.
 * @param index the item, from 0.
 * @param[out] level_out receives the cmsg level.
 * @param[out] type_out receives the cmsg type.
 * @return 0; SX_EBADHANDLE; SX_EARG (an out-pointer NULL); SX_EOUTOFRANGE (no such item).
 * Blocks: never. Thread-safety: safe. @since SOCKETX_1.1
 */
SX_API int32_t sx_msg_item(sx_msg msg, uint32_t index, int32_t *level_out, int32_t *type_out);

/**
 * Copy an ancillary item's bytes (the raw form, for any item).
 * @param msg the message.
 * @param index the item, from 0.
 * @param[out] buf receives the bytes; may be NULL only when cap is 0.
 * @param cap the room in buf.
 * @param[out] len_out receives the item's length, also when buf is too small.
 * @return 0; SX_EBADHANDLE; SX_EARG; SX_EOUTOFRANGE (no such item); SX_ETRUNC (cap below the length).
 * Blocks: never. Thread-safety: safe. @since SOCKETX_1.1
 */
SX_API int32_t sx_msg_item_data(sx_msg msg, uint32_t index, void *buf, size_t cap, size_t *len_out);

/**
 * Find the first ancillary item with a given level and type.
 * @param msg the message.
 * @param level the cmsg level.
 * @param type the cmsg type.
 * @param[out] index_out receives the item's index.
 * @return 0; SX_EBADHANDLE; SX_EARG (index_out NULL); SX_ENOTFOUND (no such item).
 * Blocks: never. Thread-safety: safe. @since SOCKETX_1.1
 */
SX_API int32_t sx_msg_find(sx_msg msg, int32_t level, int32_t type, uint32_t *index_out);

/**
 * Decode an integer item: IP_TTL, IP_TOS, IPV6_HOPLIMIT, IPV6_TCLASS, UDP_GRO (the
 * segment size), UDP_SEGMENT, SO_MARK, SO_RXQ_OVFL and any item whose data is exactly
 * 1, 2, 4 or 8 bytes (read as an unsigned native integer, except 4 bytes: a C int).
 * @param msg the message.
 * @param index the item, from 0.
 * @param[out] value_out receives the value.
 * @return 0; SX_EBADHANDLE; SX_EARG (value_out NULL; an item that is not an integer);
 *         SX_EOUTOFRANGE (no such item).
 * Blocks: never. Thread-safety: safe. @since SOCKETX_1.1
 */
SX_API int32_t sx_msg_item_int(sx_msg msg, uint32_t index, int64_t *value_out);

/**
 * Decode a credentials item (SCM_CREDENTIALS).
 * @param msg the message.
 * @param index the item, from 0.
 * @param[out] pid_out receives the process id.
 * @param[out] uid_out receives the user id.
 * @param[out] gid_out receives the group id.
 * @return 0; SX_EBADHANDLE; SX_EARG (an out-pointer NULL; not an SCM_CREDENTIALS item, or
 *         truncated); SX_EOUTOFRANGE (no such item).
 * Blocks: never. Thread-safety: safe. @since SOCKETX_1.1
 */
SX_API int32_t sx_msg_item_credentials(sx_msg msg, uint32_t index, int32_t *pid_out, uint32_t *uid_out,
                                       uint32_t *gid_out);

/**
 * Decode a packet info item (IP_PKTINFO or IPV6_PKTINFO).
 * @param msg the message.
 * @param index the item, from 0.
 * @param[out] ifindex_out receives the interface index.
 * @param[out] address_out receives the datagram's destination address (ipi_addr, ipi6_addr;
 *        port 0) as a new handle.
 * @param[out] spec_dst_out receives IP_PKTINFO's ipi_spec_dst (the local address) as a new
 *        handle, or 0 for IPV6_PKTINFO; may be NULL if not wanted.
 * @return 0; SX_EBADHANDLE; SX_EARG (a required out-pointer NULL; not a packet info item,
 *         or truncated); SX_EOUTOFRANGE (no such item); SX_ENOMEM.
 * Blocks: never. Thread-safety: safe. @since SOCKETX_1.1
 */
SX_API int32_t sx_msg_item_pktinfo(sx_msg msg, uint32_t index, uint32_t *ifindex_out, sx_addr *address_out,
                                   sx_addr *spec_dst_out);

/**
 * Decode a timestamp item: SO_TIMESTAMP (microseconds, reported as nanoseconds),
 * SO_TIMESTAMPNS, their _NEW (64-bit) forms, and SO_TIMESTAMPING (its first non-zero
 * stamp: software, then hardware).
 * @param msg the message.
 * @param index the item, from 0.
 * @param[out] sec_out receives the seconds since the epoch.
 * @param[out] nsec_out receives the nanoseconds, 0 to 999,999,999.
 * @return 0; SX_EBADHANDLE; SX_EARG (an out-pointer NULL; not a timestamp item, or
 *         truncated); SX_EOUTOFRANGE (no such item).
 * Blocks: never. Thread-safety: safe. @since SOCKETX_1.1
 */
SX_API int32_t sx_msg_item_timestamp(sx_msg msg, uint32_t index, int64_t *sec_out, int64_t *nsec_out);

/**
 * Decode an extended error item (IP_RECVERR, IPV6_RECVERR), as read from the error queue
 * with sx_socket_recvmsg(..., MSG_ERRQUEUE, ...): struct sock_extended_err and its offender.
 * For a zero-copy completion (origin SO_EE_ORIGIN_ZEROCOPY) info and data are the first and
 * last send of the completed range, and code has SO_EE_CODE_ZEROCOPY_COPIED when the kernel copied.
 * @param msg the message.
 * @param index the item, from 0.
 * @param[out] code_out receives ee_errno as a status code (0 or a negative SX_E* code).
 * @param[out] origin_out receives ee_origin (SO_EE_ORIGIN_*).
 * @param[out] type_out receives ee_type (the ICMP type, for ICMP errors).
 * @param[out] icmp_code_out receives ee_code.
 * @param[out] info_out receives ee_info.
 * @param[out] data_out receives ee_data.
 * @param[out] offender_out receives the offending node's address as a new handle, or 0 when
 *        the kernel gives none; may be NULL if not wanted.
 * @return 0; SX_EBADHANDLE; SX_EARG (a required out-pointer NULL; not an extended error item,
 *         or truncated); SX_EOUTOFRANGE (no such item); SX_ENOMEM.
 * Blocks: never. Thread-safety: safe. @since SOCKETX_1.1
 */
SX_API int32_t sx_msg_item_exterr(sx_msg msg, uint32_t index, int32_t *code_out, uint32_t *origin_out,
                                  uint32_t *type_out, uint32_t *icmp_code_out, uint32_t *info_out,
                                  uint32_t *data_out, sx_addr *offender_out);

/**
 * Get the number of descriptors a received message carries, over all its SCM_RIGHTS items
 * (taken or not).
 * @param msg the message.
 * @param[out] count_out receives the number.
 * @return 0; SX_EBADHANDLE; SX_EARG (count_out NULL).
 * Blocks: never. Thread-safety: safe. @since SOCKETX_1.1
 */
SX_API int32_t sx_msg_fd_count(sx_msg msg, uint32_t *count_out);

/**
 * Take a received descriptor: from now on it is the caller's to close, and the message no
 * longer closes it. It is close-on-exec.
 * @param msg the message.
 * @param index the descriptor, from 0, in the order received.
 * @param[out] fd_out receives the descriptor.
 * @return 0; SX_EBADHANDLE; SX_EARG (fd_out NULL; already taken); SX_EOUTOFRANGE (no such descriptor).
 * Blocks: never. Thread-safety: safe. @since SOCKETX_1.1
 */
SX_API int32_t sx_msg_take_fd(sx_msg msg, uint32_t index, int32_t *fd_out);

/* ---- Sending and receiving messages --------------------------------------------------- */

/**
 * Send a message from several buffers. Mirrors: socket.sendmsg(buffers, ancdata, flags, address);
 * sendmsg(2) with MSG_NOSIGNAL. Waits as sx_socket_send() does, in each timeout mode.
 * @param s the socket.
 * @param bufs the buffers (gather); may be NULL only when count is 0.
 * @param lens their lengths; may be NULL only when count is 0.
 * @param count the number of buffers (at most 1024).
 * @param ancillary a message holding the ancillary items, or 0 for none.
 * @param flags MSG_* flags.
 * @param address the destination, or 0 for none (Python's None).
 * @param[out] sent_out receives the number of bytes sent.
 * @return 0; SX_EBADHANDLE (socket, message or address); SX_EARG (NULL arrays, a NULL buffer
 *         with a length, lengths that overflow); SX_EMSGSIZE (count above 1024); SX_EAGAIN;
 *         SX_ETIMEOUT; SX_ECLOSED; SX_EINTR (interruptible thread); SX_EPIPE; SX_EBADF (a
 *         descriptor to pass is not open); or an OS code.
 * Blocks: per the socket's timeout mode. Thread-safety: safe. @since SOCKETX_1.1
 */
SX_API int32_t sx_socket_sendmsg(sx_socket s, const void *const *bufs, const size_t *lens, size_t count,
                                 sx_msg ancillary, int32_t flags, sx_addr address, size_t *sent_out);

/**
 * Receive a message into several buffers. Mirrors: socket.recvmsg_into(buffers, ancbufsize, flags)
 * and, with one buffer, socket.recvmsg(bufsize, ancbufsize, flags); recvmsg(2), with
 * MSG_CMSG_CLOEXEC on AF_UNIX sockets. Waits as sx_socket_recv() does (with MSG_ERRQUEUE: for the error queue).
 * The control buffer holds ancbufsize bytes; items are read from it as CPython does: an item
 * whose header does not fit is dropped, an item whose data is cut short by MSG_CTRUNC is
 * reported with the bytes that fit, and the descriptors of a cut SCM_RIGHTS item that fit
 * whole are kept, the rest closed.
 * @param s the socket.
 * @param bufs the buffers (scatter); may be NULL only when count is 0.
 * @param lens their lengths; may be NULL only when count is 0.
 * @param count the number of buffers (at most 1024).
 * @param ancbufsize the size of the control buffer; 0 receives no ancillary data.
 * @param flags MSG_* flags (MSG_PEEK, MSG_WAITALL, MSG_ERRQUEUE, MSG_DONTWAIT, ...).
 * @param[out] out receives the message (byte count, flags, sender, items); release it with
 *        sx_msg_close().
 * @return 0; SX_EBADHANDLE; SX_EARG (NULL out or arrays; ancbufsize above 2^31-1);
 *         SX_EMSGSIZE (count above 1024); SX_EAGAIN; SX_ETIMEOUT; SX_ECLOSED; SX_EINTR;
 *         SX_ENOMEM; or an OS code. On failure no descriptor is left open.
 * Blocks: per the socket's timeout mode. Thread-safety: safe. @since SOCKETX_1.1
 */
SX_API int32_t sx_socket_recvmsg(sx_socket s, void *const *bufs, const size_t *lens, size_t count,
                                 size_t ancbufsize, int32_t flags, sx_msg *out);

/**
 * Send data and descriptors. Mirrors: socket.send_fds(sock, buffers, fds, flags, address),
 * but flags and address are honoured (CPython ignores them).
 * @param s the socket (normally AF_UNIX).
 * @param bufs the buffers; may be NULL only when count is 0.
 * @param lens their lengths; may be NULL only when count is 0.
 * @param count the number of buffers.
 * @param fds the descriptors to pass; may be NULL only when nfds is 0.
 * @param nfds how many (at most 253).
 * @param flags MSG_* flags.
 * @param address the destination, or 0.
 * @param[out] sent_out receives the number of bytes sent.
 * @return as sx_socket_sendmsg(). @since SOCKETX_1.1
 */
SX_API int32_t sx_socket_send_fds(sx_socket s, const void *const *bufs, const size_t *lens, size_t count,
                                  const int32_t *fds, size_t nfds, int32_t flags, sx_addr address,
                                  size_t *sent_out);

/**
 * Receive data and up to maxfds descriptors. Mirrors: socket.recv_fds(sock, bufsize, maxfds, flags),
 * with flags honoured. The control buffer is CMSG_LEN(maxfds * sizeof(int)), as Python sizes it
 * (CMSG_SPACE would let one more arrive when maxfds is odd); more descriptors than that are
 * discarded by the kernel and MSG_CTRUNC is set.
 * @param s the socket.
 * @param[out] buf the buffer; may be NULL only when cap is 0.
 * @param cap its size.
 * @param maxfds the most descriptors to receive (at most 253).
 * @param flags MSG_* flags.
 * @param[out] out receives the message: its byte count, flags, sender and descriptors
 *        (sx_msg_fd_count(), sx_msg_take_fd()).
 * @return as sx_socket_recvmsg(); SX_EARG for maxfds above 253. @since SOCKETX_1.1
 */
SX_API int32_t sx_socket_recv_fds(sx_socket s, void *buf, size_t cap, uint32_t maxfds, int32_t flags, sx_msg *out);

/**
 * Get the credentials of the peer of a connected AF_UNIX socket (SO_PEERCRED), as they were
 * when it connected or called socketpair.
 * @param s the socket.
 * @param[out] pid_out receives the peer's process id.
 * @param[out] uid_out receives its user id.
 * @param[out] gid_out receives its group id.
 * A socket with no peer (unconnected, or not AF_UNIX) reports what Linux reports: pid 0 and
 * uid and gid -1 (as unsigned numbers), not an error.
 * @return 0; SX_EBADHANDLE; SX_EARG (an out-pointer NULL); or an OS code from getsockopt(2).
 * Blocks: never. Thread-safety: safe. @since SOCKETX_1.1
 */
SX_API int32_t sx_socket_peercred(sx_socket s, int32_t *pid_out, uint32_t *uid_out, uint32_t *gid_out);

/* ---- sendfile ------------------------------------------------------------------------- */

/**
 * Send a file's bytes. Mirrors: socket.sendfile(file, offset, count): zero-copy sendfile(2),
 * falling back to read and send when the kernel refuses sendfile before any byte went out
 * (SX_EINVAL, SX_ENOSYS: a file or socket that does not support it). The file's own position
 * is left at offset + bytes sent when it is seekable, as Python leaves it.
 * In timeout mode the timeout bounds the whole call, as for sx_socket_sendall(); in
 * non-blocking mode the call sends what it can and reports SX_EAGAIN when it must stop.
 * @param s the socket (a stream socket: Python's type & SOCK_STREAM test).
 * @param fd the file's descriptor, opened for reading.
 * @param offset where to start in the file.
 * @param count how many bytes at most; 0 means to the end of the file.
 * @param[out] sent_out receives the number of bytes sent, also when the call fails (may be NULL).
 * @return 0 when count bytes (or all to the end) were sent; SX_EBADHANDLE; SX_EARG (a socket
 *         that is not a stream; an offset above 2^63-1); SX_EBADF (fd not open for reading);
 *         SX_EAGAIN; SX_ETIMEOUT; SX_ECLOSED; SX_EINTR; SX_EPIPE; or an OS code.
 * Blocks: per the socket's timeout mode. Thread-safety: safe. @since SOCKETX_1.1
 */
SX_API int32_t sx_socket_sendfile(sx_socket s, int32_t fd, uint64_t offset, uint64_t count, uint64_t *sent_out);

/* ---- Batches -------------------------------------------------------------------------- */

/**
 * Send several messages in one system call (sendmmsg(2) with MSG_NOSIGNAL). Each message
 * brings its buffers (sx_msg_set_buffers()), destination (sx_msg_set_address()) and
 * ancillary items; after the call sx_msg_nbytes() of each message sent tells its byte count.
 * Waits as sx_socket_send() does until at least one message can go, then sends as many as
 * the kernel takes without waiting again.
 * @param s the socket.
 * @param msgs the messages; may be NULL only when count is 0.
 * @param count how many (at most 1024, the kernel's UIO_MAXIOV).
 * @param flags MSG_* flags.
 * @param[out] sent_out receives the number of messages sent (from the first).
 * @return 0 (sent_out >= 1, or 0 when count is 0); SX_EBADHANDLE (the socket or a message);
 *         SX_EARG; SX_EMSGSIZE (count above 1024); SX_EAGAIN; SX_ETIMEOUT; SX_ECLOSED;
 *         SX_EINTR; or an OS code from the first message.
 * Blocks: per the socket's timeout mode. Thread-safety: safe; a message must not be in two
 * batch calls at once, nor twice in one batch (SX_EBUSY). @since SOCKETX_1.1
 */
SX_API int32_t sx_socket_sendmmsg(sx_socket s, const sx_msg *msgs, size_t count, int32_t flags, size_t *sent_out);

/**
 * Receive several messages in one system call (recvmmsg(2), with MSG_CMSG_CLOEXEC on AF_UNIX). Each
 * message brings its buffers (sx_msg_set_buffers()) and ancillary room
 * (sx_msg_set_ancbufsize()); after the call each message received holds its byte count,
 * flags, sender and items, as one from sx_socket_recvmsg() does: its previous items (added
 * for sending or received), untaken descriptors and address (the sender replaces a
 * destination set with sx_msg_set_address()) are released first; its buffers and ancbufsize
 * stay for the next call. A message not reached keeps its contents. Waits as sx_socket_recv() does until
 * at least one message is there, then takes as many as are queued without waiting again.
 * @param s the socket.
 * @param msgs the messages; may be NULL only when count is 0.
 * @param count how many (at most 1024).
 * @param flags MSG_* flags.
 * @param[out] received_out receives the number of messages received (from the first).
 * @return as sx_socket_sendmmsg(). @since SOCKETX_1.1
 */
SX_API int32_t sx_socket_recvmmsg(sx_socket s, const sx_msg *msgs, size_t count, int32_t flags,
                                  size_t *received_out);

/* ---- Zero-copy and TCP_INFO ----------------------------------------------------------- */

/**
 * Read one MSG_ZEROCOPY completion from the socket's error queue, without waiting. Enable
 * zero-copy with SO_ZEROCOPY (sx_socket_setsockopt_int()) and send with MSG_ZEROCOPY; the
 * kernel numbers those sends from 0 and reports completed ranges here, in order. A buffer
 * may be reused once the send that used it is in a completed range.
 * @param s the socket.
 * @param[out] first_out receives the first send of the completed range.
 * @param[out] last_out receives the last send of the range (inclusive).
 * @param[out] copied_out receives 1 when the kernel copied the data instead (zero-copy gave
 *        no gain: SO_EE_CODE_ZEROCOPY_COPIED), else 0.
 * @return 0; SX_EBADHANDLE; SX_EARG (an out-pointer NULL); SX_EAGAIN (no completion queued);
 *         SX_ECLOSED; or, when the queue's first entry is another error (an ICMP error, ...),
 *         that error's code, and the entry is consumed.
 * Blocks: never. Thread-safety: safe. @since SOCKETX_1.1
 */
SX_API int32_t sx_socket_zerocopy_completion(sx_socket s, uint32_t *first_out, uint32_t *last_out, int *copied_out);

/**
 * Read TCP_INFO as numbers, in the order of sx_tcp_info_field_name(): every field the running
 * kernel fills (older kernels fill fewer).
 * @param s the socket (TCP).
 * @param[out] values receives the values; may be NULL only when cap is 0.
 * @param cap the room in values, in elements.
 * @param[out] count_out receives the number of fields filled, also when cap is too small.
 * @return 0; SX_EBADHANDLE; SX_EARG (count_out NULL, values NULL with cap > 0); SX_ETRUNC (cap
 *         below the count, nothing written); or an OS code (SX_EOPNOTSUPP: not TCP).
 * Blocks: never. Thread-safety: safe. @since SOCKETX_1.1
 */
SX_API int32_t sx_socket_tcp_info(sx_socket s, uint64_t *values, size_t cap, size_t *count_out);

/**
 * Read one TCP_INFO field by name ("state", "rtt", "snd_cwnd", "bytes_acked", ... as in
 * struct tcp_info without its tcpi_ prefix).
 * @param s the socket (TCP).
 * @param name the field's name.
 * @param[out] value_out receives the value.
 * @return 0; SX_EBADHANDLE; SX_EARG (NULL name or value_out); SX_ENOTFOUND (no such field);
 *         SX_ENOTSUP (the running kernel does not fill it); or an OS code.
 * Blocks: never. Thread-safety: safe. @since SOCKETX_1.1
 */
SX_API int32_t sx_socket_tcp_info_get(sx_socket s, const char *name, uint64_t *value_out);

/**
 * Get the name of a TCP_INFO field by its position in sx_socket_tcp_info()'s values.
 * @param index the position, from 0.
 * @param[out] name_out receives a static string.
 * @return 0; SX_EARG (name_out NULL); SX_EOUTOFRANGE (index past the last field).
 * Blocks: never. Thread-safety: safe. @since SOCKETX_1.1
 */
SX_API int32_t sx_tcp_info_field_name(uint32_t index, const char **name_out);

#ifdef __cplusplus
}
#endif

#endif /* SOCKETX_MSG_H */
