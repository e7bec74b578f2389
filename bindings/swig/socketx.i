/* SPDX-License-Identifier: MIT */
/*
 * bindings/swig/socketx.i - the interface shared by the Go, Ruby and Java bindings.
 *
 * It says once, for the whole C API, what role each parameter plays; each language's
 * module file (bindings/<lang>/socketx_<lang>.i) defines what a role means in that
 * language, then %includes this file. Binding a new C function therefore takes one
 * line here only when it has a parameter name no rule below covers yet.
 *
 * Roles (typemap names a language module defines):
 *   int32_t SX_STATUS (return)        0 or a negative status: raise the language's error
 *   uint64_t *SX_HANDLE_OUT           a new handle, returned
 *   int32_t *SX_INT32_OUT, uint32_t *SX_UINT32_OUT, int64_t *SX_INT64_OUT,
 *   double *SX_DOUBLE_OUT             a number, returned
 *   int *SX_BOOL_OUT                  a boolean, returned
 *   (const void *SX_BYTES, size_t SX_BYTES_LEN)
 *                                     bytes in (byte slice, String, byte[]/ByteBuffer)
 *   (void *SX_BUF, size_t SX_BUF_CAP) the caller's buffer to fill, with
 *   size_t *SX_COUNT_OUT              the number of bytes moved, returned
 *   (char *SX_STR, size_t SX_STR_CAP, size_t *SX_STR_LEN)
 *                                     a string out: the wrapper retries with the size that
 *                                     SX_ETRUNC reports, so callers just get the string
 *   (void *SX_BIN, size_t SX_BIN_CAP, size_t *SX_BIN_LEN)
 *                                     binary bytes out, same retry rule
 *   (int32_t *SX_INT32_ARRAY, size_t SX_INT32_ARRAY_CAP, size_t *SX_INT32_ARRAY_LEN)
 *                                     an array of int32 out, same retry rule
 *   const char **SX_STATIC_STR_OUT    a static string, returned
 *   uint64_t *SX_UINT64_OUT           an unsigned 64-bit number, returned
 *   (uint64_t *SX_UINT64_ARRAY, size_t SX_UINT64_ARRAY_CAP, size_t *SX_UINT64_ARRAY_LEN)
 *                                     an array of uint64 out, same retry rule
 *   (const void *const *SX_IOVEC_IN, const size_t *SX_IOVEC_LENS_IN, size_t SX_IOVEC_COUNT_IN)
 *                                     several buffers to send (gather)
 *   (void *const *SX_IOVEC, const size_t *SX_IOVEC_LENS, size_t SX_IOVEC_COUNT)
 *                                     several buffers to fill (scatter)
 *   (const int32_t *SX_INT32_ARRAY_IN, size_t SX_INT32_ARRAY_IN_LEN)
 *                                     an array of int32 in (descriptors to pass)
 *   (const uint64_t *SX_HANDLE_ARRAY_IN, size_t SX_HANDLE_ARRAY_IN_LEN)
 *                                     an array of handles in (a batch of messages)
 *
 * A language module may instead %ignore a function and write it by hand in its idiomatic
 * layer (a data path that must not copy, a batch that reuses its arrays).
 *
 * Functions that return a static string (sx_strerror, sx_error_name, sx_version_string)
 * are plain `const char *` returns in every language.
 */

%{
#include <socketx.h>
%}

%include <stdint.i>

typedef uint64_t sx_socket;
typedef uint64_t sx_addr;
typedef uint64_t sx_list;
typedef uint64_t sx_msg;

/* ---- Handles out ---- */
%apply uint64_t *SX_HANDLE_OUT { sx_socket *out, sx_socket *first_out, sx_socket *second_out, sx_socket *conn_out,
                                 sx_addr *out, sx_addr *address_out, sx_list *out,
                                 sx_msg *out, sx_addr *spec_dst_out, sx_addr *offender_out };

/* ---- Numbers out ---- */
%apply int32_t *SX_INT32_OUT { int32_t *fd_out, int32_t *family_out, int32_t *type_out, int32_t *proto_out,
                               int32_t *port_out, int32_t *result_out, int32_t *code_out,
                               int32_t *level_out, int32_t *flags_out, int32_t *pid_out };
%apply uint32_t *SX_UINT32_OUT { uint32_t *flowinfo_out, uint32_t *scope_id_out, uint32_t *count_out,
                                 uint32_t *major_out, uint32_t *minor_out, uint32_t *patch_out,
                                 uint32_t *out, uint32_t *ifindex_out,
                                 uint32_t *uid_out, uint32_t *gid_out, uint32_t *index_out, uint32_t *type_out,
                                 uint32_t *origin_out, uint32_t *icmp_code_out, uint32_t *info_out,
                                 uint32_t *data_out, uint32_t *first_out, uint32_t *last_out };
%apply int64_t *SX_INT64_OUT { int64_t *value_out, int64_t *out, int64_t *sec_out, int64_t *nsec_out };
%apply uint64_t *SX_UINT64_OUT { uint64_t *value_out, uint64_t *sent_out };
%apply double *SX_DOUBLE_OUT { double *seconds_out };
%apply int *SX_BOOL_OUT { int *inheritable_out, int *blocking_out, int *equal_out, int *build_out, int *kernel_out, int *out,
                           int *on_out, int *copied_out };

/* ---- Bytes in ---- */
%apply (const void *SX_BYTES, size_t SX_BYTES_LEN) { (const void *buf, size_t len), (const void *value, size_t len),
                                                     (const void *sa, size_t len), (const void *name, size_t len),
                                                     (const void *packed, size_t len), (const void *data, size_t len) };

/* ---- The caller's buffer, filled (recv, recvfrom: the flags come between, so these match apart) ---- */
%apply (void *SX_BUF, size_t SX_BUF_CAP) { (void *buf, size_t cap) };
%apply size_t *SX_COUNT_OUT { size_t *sent_out, size_t *len_out, size_t *received_out };

/* ---- Strings and bytes out (SWIG matches these longer patterns before the ones above) ---- */
%apply (char *SX_STR, size_t SX_STR_CAP, size_t *SX_STR_LEN) { (char *buf, size_t cap, size_t *len_out),
                                                               (char *host_buf, size_t host_cap, size_t *host_len_out),
                                                               (char *serv_buf, size_t serv_cap, size_t *serv_len_out) };
/* An array of int32 out (create_connection_ex's per-attempt errors), same retry rule. */
%apply (int32_t *SX_INT32_ARRAY, size_t SX_INT32_ARRAY_CAP, size_t *SX_INT32_ARRAY_LEN) { (int32_t *errors, size_t errors_cap, size_t *errors_len_out) };
%apply (void *SX_BIN, size_t SX_BIN_CAP, size_t *SX_BIN_LEN) { (void *buf, size_t cap, size_t *len_out) };
%apply const char **SX_STATIC_STR_OUT { const char **name_out };
%apply (uint64_t *SX_UINT64_ARRAY, size_t SX_UINT64_ARRAY_CAP, size_t *SX_UINT64_ARRAY_LEN) { (uint64_t *values, size_t cap, size_t *count_out) };

/* ---- Arrays in: scatter/gather buffers, descriptors, batches of messages ---- */
%apply (const void *const *SX_IOVEC_IN, const size_t *SX_IOVEC_LENS_IN, size_t SX_IOVEC_COUNT_IN) { (const void *const *bufs, const size_t *lens, size_t count) };
%apply (void *const *SX_IOVEC, const size_t *SX_IOVEC_LENS, size_t SX_IOVEC_COUNT) { (void *const *bufs, const size_t *lens, size_t count) };
%apply (const int32_t *SX_INT32_ARRAY_IN, size_t SX_INT32_ARRAY_IN_LEN) { (const int32_t *fds, size_t count), (const int32_t *fds, size_t nfds) };
%apply (const uint64_t *SX_HANDLE_ARRAY_IN, size_t SX_HANDLE_ARRAY_IN_LEN) { (const sx_msg *msgs, size_t count) };

/* ---- The address families of socketx/family/ and multicast.h (SOCKETX_1.1): the same roles ---- */
%apply uint32_t *SX_UINT32_OUT { uint32_t *pid_out, uint32_t *groups_out, uint32_t *cid_out, uint32_t *port_out,
                                 uint32_t *node_out, uint32_t *rx_id_out, uint32_t *tx_id_out, uint32_t *pgn_out,
                                 uint32_t *can_id_out, uint32_t *flags_out, uint32_t *opcode_out, uint32_t *nframes_out,
                                 uint32_t *feat_out, uint32_t *mask_out, uint32_t *v1_out, uint32_t *v2_out,
                                 uint32_t *v3_out, uint32_t *id_out, uint32_t *unit_out };
%apply int32_t *SX_INT32_OUT { int32_t *ifindex_out, int32_t *pkttype_out, int32_t *hatype_out, int32_t *addr_out,
                               int32_t *addr_type_out, int32_t *scope_out, int32_t *psm_out, int32_t *cid_out,
                               int32_t *bdaddr_type_out, int32_t *channel_out, int32_t *device_id_out };
%apply int64_t *SX_INT64_OUT { int64_t *ival1_us_out, int64_t *ival2_us_out };
%apply uint64_t *SX_UINT64_OUT { uint64_t *name_out };
%apply size_t *SX_COUNT_OUT { size_t *frames_offset_out };
%apply (const void *SX_BYTES, size_t SX_BYTES_LEN) { (const void *haddr, size_t haddr_len), (const void *frame, size_t frame_len),
                                                     (const void *frames, size_t frames_len), (const void *msg, size_t len),
                                                     (const void *iv, size_t iv_len), (const void *lladdr, size_t lladdr_len) };
%apply (void *SX_BIN, size_t SX_BIN_CAP, size_t *SX_BIN_LEN) { (void *data, size_t cap, size_t *len_out) };

/* ---- The API ---- */
%include "socketx/common.h"
%include "socketx/errors.h"
/* Not socketx/constants.h: it is generated at build time for the target, and its SX_<NAME>
 * macros hold that target's values, which no checked-in wrapper may freeze. Its run-time
 * table, which every binding reads its constants from, is in constant_lookup.h. */
%include "socketx/constant_lookup.h"
%include "socketx/version.h"
%include "socketx/addr.h"
%include "socketx/socket.h"
%include "socketx/list.h"
%include "socketx/convert.h"
%include "socketx/resolve.h"
%include "socketx/netif.h"
%include "socketx/connect.h"
%include "socketx/msg.h"
%include "socketx/multicast.h"
%include "socketx/family/netlink.h"
%include "socketx/family/packet.h"
%include "socketx/family/vsock.h"
%include "socketx/family/can.h"
%include "socketx/family/alg.h"
%include "socketx/family/tipc.h"
%include "socketx/family/qipcrtr.h"
%include "socketx/family/bluetooth.h"
%include "socketx/family/elsewhere.h"
