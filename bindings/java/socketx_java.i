/* SPDX-License-Identifier: MIT */
/*
 * bindings/java/socketx_java.i - what each role of ../swig/socketx.i means in Java.
 *
 * SWIG generates the raw classes org.libsocketx.internal.SxNative / SxNativeJNI from this
 * file; the idiomatic package org.libsocketx is written by hand on top of them.
 *
 * The raw layer keeps the C shape so that binding a new C function needs nothing here:
 *  - SX_STATUS (every int32_t return): a negative status is thrown, from inside the same
 *    native call, as the exception SocketXErrors.create(status, detail) builds. The detail
 *    is read in that same call because a later JNI call may run on another carrier thread
 *    (virtual threads) and the detail is per OS thread.
 *  - every OUT role takes a Java array of length >= 1 whose element 0 receives the value
 *    (null passes a NULL pointer, so "may be NULL" parameters and the C library's own
 *    NULL checks stay reachable). Unsigned 32-bit values travel in a long.
 *  - SX_BYTES / SX_BUF take a direct java.nio.ByteBuffer (or null); the bytes are those
 *    between its position and limit, used in place (zero copy). The position is not moved:
 *    the idiomatic layer does that, as NIO channels do. Heap buffers and byte[] are copied
 *    through a per-thread direct buffer in Java (org.libsocketx.Buffers), which is what
 *    NIO does too; copying in C would need either a malloc per call or
 *    GetPrimitiveArrayCritical held across a blocking call, which must never happen.
 *  - SX_STR / SX_BIN fill element 0 of a String[] / byte[][]. The first buffer is on the
 *    stack; when the call fails with SX_ETRUNC it is repeated once with a buffer of the
 *    size the library reported (the %exception below), so callers just get the result.
 *    For SX_BIN a byte[] already in element 0 gives a smaller capacity (getsockopt's
 *    buflen, which the kernel truncates to without an error). A call may have several
 *    string results (getnameinfo: host and service); one retry then grows every buffer
 *    that was too small.
 *  - SX_INT32_ARRAY fills element 0 of an int[][] with the values stored, also on failure
 *    (create_connection_ex's per-attempt errors matter most when the call fails). It has
 *    no retry: the only producer never answers SX_ETRUNC (failures past the capacity are
 *    counted, not stored), and repeating it would mean connecting again. SXJ_INT32_CAP
 *    entries are kept, far more addresses than a resolver returns for one name.
 *  - SX_IOVEC / SX_IOVEC_IN (scatter/gather) take a ByteBuffer[] of direct buffers, each
 *    used in place between its position and limit; SX_INT32_ARRAY_IN takes an int[]
 *    (descriptors), SX_HANDLE_ARRAY_IN a long[] (messages). null is (NULL, 0). Up to
 *    SXJ_ARRAY_STACK elements live on the stack, more take one malloc per call.
 *  - SX_UINT64_OUT is element 0 of a long[], written also on failure (sendfile's count);
 *    SX_UINT64_ARRAY fills element 0 of a long[][] with the SX_ETRUNC retry (TCP_INFO).
 *  - Hand-written natives of SxNativeJNI: fdWrap/fdValue (java.io.FileDescriptor <->
 *    descriptor numbers, through JNI's unchecked field access) and batch (a whole
 *    sendmmsg/recvmmsg in one JNI call: every message's buffers, the call, the byte counts).
 *  - Hand-written natives of org.libsocketx.NativeIO (package-private, so not raw layer):
 *    Socket's recv/send/sendAll/sendTo on a direct buffer in one crossing, the count as the
 *    return value.
 */
%module SxNative

%include <stdint.i>

/* Handles and 64-bit values are Java longs (SWIG would use BigInteger for uint64_t);
 * handles stay below 2^53, so no value is lost. */
%apply long long { uint64_t, sx_socket, sx_addr, sx_msg };

%{
#include <stdlib.h>
#include <string.h>
#include <socketx.h>

/* First buffer for string and binary results: on the stack, enough for every result of
 * today's API but an AF_UNIX abstract name's text form (up to 4 bytes per name byte), which
 * the retry below covers; the binary one holds getsockopt's largest buflen (1024). */
#define SXJ_STR_CAP 256
#define SXJ_BIN_CAP 1024
#define SXJ_INT32_CAP 256

/* socketx.i's SX_STR/SX_BIN rule: on SX_ETRUNC the call is repeated once with a buffer of
 * the reported size. The %exception code that every wrapper has (below) asks
 * sxj_retry_grow(sxj_retry); outside the wrappers of those roles `sxj_retry` is this null
 * pointer, so nothing is retried. Each in-typemap of those roles declares its own
 * sxj_retry_st<argnum> (one name per argument, so a call with two string results, such as
 * getnameinfo, compiles) linked to the previous one, and re-#defines `sxj_retry` to point
 * at it: the preprocessor, not a C declaration, because a second block-scope declaration of
 * one name in the same wrapper is an error (and why the type is a typedef: the macro would
 * rewrite a struct tag of the same name). The freearg code #undefs it again so the next
 * wrapper sees the null pointer. The buffer pointer is stored with memcpy because the
 * argument is a char * in one role and a void * in the other. */
/* elem: the size of one element of the result, for arrays (0 means bytes); cap and need
 * count elements. */
typedef struct sxj_retry_s { void *arg; size_t *cap; size_t *need; void *heap; struct sxj_retry_s *next; size_t elem; } sxj_retry_t;
static sxj_retry_t *const sxj_retry = NULL;
static int sxj_retry_grow(sxj_retry_t *r) {
  int grown = 0;
  for (; r; r = r->next) {
    void *p;
    if (!r->need || r->heap || *r->need < *r->cap) continue; /* absent, retried once, or fit */
    p = malloc((*r->need + 1) * (r->elem ? r->elem : 1)); /* + 1: text results need room for their NUL */
    if (!p) return 0;
    r->heap = p;
    memcpy(r->arg, &p, sizeof p);
    *r->cap = *r->need + 1;
    grown = 1;
  }
  return grown;
}

static jclass sxj_errors_class;      /* org.libsocketx.SocketXErrors, global ref */
static jmethodID sxj_errors_create;  /* static Throwable create(int, String) */
static jmethodID sxj_buffer_position;
static jmethodID sxj_buffer_limit;
static jfieldID sxj_buffer_position_field;
static jfieldID sxj_buffer_limit_field;
static jfieldID sxj_buffer_address_field;  /* long address: where a direct buffer's bytes are */
static jfieldID sxj_buffer_capacity_field;
static jmethodID sxj_buffer_set_position;  /* Buffer position(int) */

/* Cache class and method ids once: FindClass during a call would use the caller's class
 * loader and cost a lookup per error. */
static int sxj_fd_setup(JNIEnv *env);

JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM *vm, void *reserved) {
  JNIEnv *env;
  jclass cls;
  (void)reserved;
  if ((*vm)->GetEnv(vm, (void **)&env, JNI_VERSION_1_8) != JNI_OK) return JNI_ERR;
  cls = (*env)->FindClass(env, "org/libsocketx/SocketXErrors");
  if (!cls) return JNI_ERR;
  sxj_errors_class = (jclass)(*env)->NewGlobalRef(env, cls);
  (*env)->DeleteLocalRef(env, cls);
  sxj_errors_create = (*env)->GetStaticMethodID(env, sxj_errors_class, "create",
                                                "(ILjava/lang/String;)Ljava/lang/Throwable;");
  if (!sxj_errors_create) return JNI_ERR;
  cls = (*env)->FindClass(env, "java/nio/Buffer");
  if (!cls) return JNI_ERR;
  /* Reading Buffer's private position/limit fields costs a few nanoseconds; calling
   * position()/limit() from C is an upcall into Java: with the upcalls the 64-byte
   * AF_UNIX ping-pong ran at 0.90 x NIO, with the field reads at 1.06 x (bench/).
   * The fields have had these names since Java 1.4; if a JVM lacks them, the public
   * getters are used instead. */
  sxj_buffer_position_field = (*env)->GetFieldID(env, cls, "position", "I");
  if (sxj_buffer_position_field) sxj_buffer_limit_field = (*env)->GetFieldID(env, cls, "limit", "I");
  if (!sxj_buffer_position_field || !sxj_buffer_limit_field) {
    (*env)->ExceptionClear(env); /* NoSuchFieldError: use the getters */
    sxj_buffer_position_field = sxj_buffer_limit_field = NULL;
  }
  /* The same for the address, which GetDirectBufferAddress reads after an IsInstanceOf check:
   * that check enters the VM, the field read does not (see NativeIO below). */
  sxj_buffer_address_field = (*env)->GetFieldID(env, cls, "address", "J");
  if (sxj_buffer_address_field) sxj_buffer_capacity_field = (*env)->GetFieldID(env, cls, "capacity", "I");
  if (!sxj_buffer_address_field || !sxj_buffer_capacity_field) {
    (*env)->ExceptionClear(env); /* NoSuchFieldError: use GetDirectBufferAddress/Capacity */
    sxj_buffer_address_field = sxj_buffer_capacity_field = NULL;
  }
  sxj_buffer_position = (*env)->GetMethodID(env, cls, "position", "()I");
  sxj_buffer_limit = (*env)->GetMethodID(env, cls, "limit", "()I");
  sxj_buffer_set_position = (*env)->GetMethodID(env, cls, "position", "(I)Ljava/nio/Buffer;");
  (*env)->DeleteLocalRef(env, cls);
  if (!sxj_buffer_position || !sxj_buffer_limit || !sxj_buffer_set_position) return JNI_ERR;
  if (sxj_fd_setup(env) != 0) return JNI_ERR;
  return JNI_VERSION_1_8;
}

/* Throw the exception for a negative status, with this thread's detail message. */
static void sxj_throw(JNIEnv *env, int32_t status) {
  char detail[512];
  size_t len = 0;
  jstring jdetail = NULL;
  jthrowable ex;
  if ((*env)->ExceptionCheck(env)) return; /* a typemap already threw: keep the first cause */
  if (sx_last_error_detail(detail, sizeof detail, &len) == 0 && len > 0)
    jdetail = (*env)->NewStringUTF(env, detail);
  if ((*env)->ExceptionCheck(env)) return;
  ex = (jthrowable)(*env)->CallStaticObjectMethod(env, sxj_errors_class, sxj_errors_create, (jint)status, jdetail);
  if (jdetail) (*env)->DeleteLocalRef(env, jdetail);
  if (ex && !(*env)->ExceptionCheck(env)) {
    (*env)->Throw(env, ex);
    (*env)->DeleteLocalRef(env, ex);
  }
}

static void sxj_illegal(JNIEnv *env, const char *msg) {
  jclass cls = (*env)->FindClass(env, "java/lang/IllegalArgumentException");
  if (cls) (*env)->ThrowNew(env, cls, msg);
}

/* Resolve a direct ByteBuffer to [address+position, limit). Returns 0, or -1 with an
 * IllegalArgumentException pending (heap buffer). A null buffer is (NULL, 0). */
static int sxj_direct(JNIEnv *env, jobject bb, void **ptr, size_t *len) {
  char *base;
  jint pos, lim;
  *ptr = NULL;
  *len = 0;
  if (!bb) return 0;
  base = (char *)(*env)->GetDirectBufferAddress(env, bb);
  if (!base) {
    sxj_illegal(env, "libsocketx raw calls take direct ByteBuffers only");
    return -1;
  }
  if (sxj_buffer_position_field) {
    pos = (*env)->GetIntField(env, bb, sxj_buffer_position_field);
    lim = (*env)->GetIntField(env, bb, sxj_buffer_limit_field);
  } else {
    /* position()/limit() are final getters that cannot throw, but JNI requires the check. */
    pos = (*env)->CallIntMethod(env, bb, sxj_buffer_position);
    if ((*env)->ExceptionCheck(env)) return -1;
    lim = (*env)->CallIntMethod(env, bb, sxj_buffer_limit);
    if ((*env)->ExceptionCheck(env)) return -1;
  }
  *ptr = base + pos;
  *len = (size_t)(lim - pos);
  return 0;
}

/* An OUT array must have room for element 0; null means "pass NULL". */
static int sxj_out_ok(JNIEnv *env, jarray a) {
  if (a && (*env)->GetArrayLength(env, a) < 1) {
    sxj_illegal(env, "output array must have length >= 1");
    return 0;
  }
  return 1;
}

/* ---- Arrays in (the SX_IOVEC*, SX_INT32_ARRAY_IN and SX_HANDLE_ARRAY_IN roles) ----------- */

/* Up to this many elements the arrays live on the stack; more take one malloc per call. */
#define SXJ_ARRAY_STACK 16

static void sxj_oom(JNIEnv *env) {
  jclass cls = (*env)->FindClass(env, "java/lang/OutOfMemoryError");
  if (cls) (*env)->ThrowNew(env, cls, "libsocketx JNI: array");
}

/* Scatter/gather buffers: a ByteBuffer[] of direct buffers, each [position, limit) used in
 * place. null is (NULL, NULL, 0); a null element or a heap buffer throws
 * IllegalArgumentException. heap is what sxj_iov_free releases. */
typedef struct { void **bufs; size_t *lens; size_t count; void *heap; } sxj_iov_t;

static void sxj_iov_free(sxj_iov_t *iov) {
  free(iov->heap);
  iov->heap = NULL;
}

static int sxj_iov_from(JNIEnv *env, jobjectArray arr, void **ps, size_t *ls, sxj_iov_t *iov) {
  jsize n, i;
  iov->bufs = NULL;
  iov->lens = NULL;
  iov->count = 0;
  iov->heap = NULL;
  if (!arr) return 0;
  n = (*env)->GetArrayLength(env, arr);
  if (n > SXJ_ARRAY_STACK) {
    char *h = malloc((size_t)n * (sizeof(void *) + sizeof(size_t)));
    if (!h) {
      sxj_oom(env);
      return -1;
    }
    iov->heap = h;
    iov->bufs = (void **)h;
    iov->lens = (size_t *)(h + (size_t)n * sizeof(void *));
  } else {
    iov->bufs = ps;
    iov->lens = ls;
  }
  for (i = 0; i < n; i++) {
    jobject bb = (*env)->GetObjectArrayElement(env, arr, i);
    int rc;
    if (!bb) {
      if (!(*env)->ExceptionCheck(env)) sxj_illegal(env, "null buffer in the array");
      sxj_iov_free(iov);
      return -1;
    }
    rc = sxj_direct(env, bb, &iov->bufs[i], &iov->lens[i]);
    (*env)->DeleteLocalRef(env, bb);
    if (rc != 0) {
      sxj_iov_free(iov);
      return -1;
    }
  }
  iov->count = (size_t)n;
  return 0;
}

/* A Java int[] or long[] copied to a C array of the same element size (stack or malloc). */
static void *sxj_prim_from(JNIEnv *env, jarray arr, int is_long, void *stack, void **heap, size_t *count) {
  jsize n;
  void *p;
  size_t esz = is_long ? sizeof(jlong) : sizeof(jint);
  *heap = NULL;
  *count = 0;
  if (!arr) return NULL;
  n = (*env)->GetArrayLength(env, arr);
  p = stack;
  if (n > SXJ_ARRAY_STACK) {
    p = *heap = malloc((size_t)n * esz);
    if (!p) {
      sxj_oom(env);
      return NULL;
    }
  }
  if (is_long) (*env)->GetLongArrayRegion(env, (jlongArray)arr, 0, n, (jlong *)p);
  else (*env)->GetIntArrayRegion(env, (jintArray)arr, 0, n, (jint *)p);
  *count = (size_t)n;
  return p;
}

/* ---- java.io.FileDescriptor <-> descriptor numbers (hand-written natives of SxNativeJNI) ---- */
/* JNI reads and writes private fields without the module system's access checks: that is how
 * the JDK's own native code builds a FileDescriptor, and it needs no --add-opens. */

static jclass sxj_fd_class;        /* java.io.FileDescriptor, global ref */
static jmethodID sxj_fd_init;      /* FileDescriptor() */
static jfieldID sxj_fd_field;      /* private int fd */

static int sxj_fd_setup(JNIEnv *env) {
  jclass cls = (*env)->FindClass(env, "java/io/FileDescriptor");
  if (!cls) return -1;
  sxj_fd_class = (jclass)(*env)->NewGlobalRef(env, cls);
  (*env)->DeleteLocalRef(env, cls);
  sxj_fd_init = (*env)->GetMethodID(env, sxj_fd_class, "<init>", "()V");
  if (!sxj_fd_init) return -1;
  sxj_fd_field = (*env)->GetFieldID(env, sxj_fd_class, "fd", "I");
  return sxj_fd_field ? 0 : -1;
}

/* A new FileDescriptor holding fd (which it then stands for; closing a stream over it closes fd). */
JNIEXPORT jobject JNICALL Java_org_libsocketx_internal_SxNativeJNI_fdWrap(JNIEnv *env, jclass jcls, jint fd) {
  jobject o;
  (void)jcls;
  o = (*env)->NewObject(env, sxj_fd_class, sxj_fd_init);
  if (o) (*env)->SetIntField(env, o, sxj_fd_field, fd);
  return o;
}

/* The descriptor number behind a FileDescriptor, or behind any object with a private
 * FileDescriptor field named fd (the JDK's FileChannel implementation, streams). -1 for an
 * invalid FileDescriptor; IllegalArgumentException for an object without one. */
JNIEXPORT jint JNICALL Java_org_libsocketx_internal_SxNativeJNI_fdValue(JNIEnv *env, jclass jcls, jobject o) {
  jclass cls;
  jfieldID fid;
  jobject fdo;
  jint fd;
  (void)jcls;
  if (!o) {
    sxj_illegal(env, "null file descriptor");
    return -1;
  }
  if ((*env)->IsInstanceOf(env, o, sxj_fd_class)) return (*env)->GetIntField(env, o, sxj_fd_field);
  cls = (*env)->GetObjectClass(env, o);
  fid = NULL;
  while (cls && !fid) {
    jclass super;
    fid = (*env)->GetFieldID(env, cls, "fd", "Ljava/io/FileDescriptor;");
    if (fid) break;
    (*env)->ExceptionClear(env); /* NoSuchFieldError: look in the superclass */
    super = (*env)->GetSuperclass(env, cls);
    (*env)->DeleteLocalRef(env, cls);
    cls = super;
  }
  if (cls) (*env)->DeleteLocalRef(env, cls);
  if (!fid) {
    sxj_illegal(env, "no file descriptor in this object");
    return -1;
  }
  fdo = (*env)->GetObjectField(env, o, fid);
  if (!fdo) {
    sxj_illegal(env, "the object has no file descriptor (closed?)");
    return -1;
  }
  fd = (*env)->GetIntField(env, fdo, sxj_fd_field);
  (*env)->DeleteLocalRef(env, fdo);
  return fd;
}

/* ---- Batches in one JNI call (hand-written native of SxNativeJNI, for Socket.sendBatch and
 * receiveBatch) ----
 * The raw path costs, per message, a JNI call to give it its buffers (sx_msg_set_buffers) and
 * one to read its byte count afterwards (sx_msg_nbytes): about 0.3 us a message each way,
 * measured, beside about 2 us of kernel work per 64-byte datagram. Here the whole batch is one
 * JNI call: each message gets the [position, limit) of its ByteBuffer[] (null: its buffers
 * are left as they are), then sx_socket_sendmmsg or sx_socket_recvmmsg runs, then counts[i]
 * receives the byte count of each message moved. Returns the number moved; a failure is
 * thrown as the raw wrappers throw it. */
JNIEXPORT jint JNICALL Java_org_libsocketx_internal_SxNativeJNI_batch(JNIEnv *env, jclass jcls, jboolean receive,
                                                                       jlong sock, jlongArray msgs, jobjectArray bufs,
                                                                       jint flags, jlongArray counts) {
  jlong hstack[SXJ_ARRAY_STACK];
  void *hheap = NULL;
  size_t n = 0, done = 0, i;
  jlong *handles;
  int32_t rc = 0;
  (void)jcls;
  if (!msgs || !bufs || !counts) {
    sxj_illegal(env, "null array");
    return -1;
  }
  handles = (jlong *)sxj_prim_from(env, msgs, 1, hstack, &hheap, &n);
  if ((*env)->ExceptionCheck(env)) goto out;
  if ((size_t)(*env)->GetArrayLength(env, bufs) < n || (size_t)(*env)->GetArrayLength(env, counts) < n) {
    sxj_illegal(env, "batch arrays of different lengths");
    goto out;
  }
  for (i = 0; i < n && rc == 0; i++) {
    void *ps[SXJ_ARRAY_STACK];
    size_t ls[SXJ_ARRAY_STACK];
    sxj_iov_t iov;
    jobjectArray one = (jobjectArray)(*env)->GetObjectArrayElement(env, bufs, (jsize)i);
    if (!one) {
      if ((*env)->ExceptionCheck(env)) goto out;
      continue;
    }
    if (sxj_iov_from(env, one, ps, ls, &iov) != 0) {
      (*env)->DeleteLocalRef(env, one);
      goto out;
    }
    rc = sx_msg_set_buffers((sx_msg)handles[i], iov.bufs, iov.lens, iov.count);
    sxj_iov_free(&iov);
    (*env)->DeleteLocalRef(env, one);
  }
  if (rc == 0) {
    rc = receive ? sx_socket_recvmmsg((sx_socket)sock, (const sx_msg *)handles, n, flags, &done)
                 : sx_socket_sendmmsg((sx_socket)sock, (const sx_msg *)handles, n, flags, &done);
  }
  if (rc == 0) {
    jlong cstack[SXJ_ARRAY_STACK];
    jlong *c = done <= SXJ_ARRAY_STACK ? cstack : malloc(done * sizeof *c);
    if (!c) {
      sxj_oom(env);
      goto out;
    }
    for (i = 0; i < done; i++) {
      size_t nb = 0;
      (void)sx_msg_nbytes((sx_msg)handles[i], &nb); /* cannot fail: the batch call just used it */
      c[i] = (jlong)nb;
    }
    (*env)->SetLongArrayRegion(env, counts, 0, (jsize)done, c);
    if (c != cstack) free(c);
  } else {
    sxj_throw(env, rc);
  }
out:
  free(hheap);
  return rc < 0 ? rc : (jint)done;
}

/* ---- Socket's data calls in one crossing (natives of the package-private class
 * org.libsocketx.NativeIO) ----
 * Through the raw wrappers a recv or send costs, besides the crossing, three JNI functions
 * that each take the thread into the VM and back: IsInstanceOf (inside GetDirectBufferAddress),
 * GetArrayLength and SetLongArrayRegion (the count's long[]). Profiled on the 64-byte AF_UNIX
 * ping-pong they were about 4.5 % of all CPU time, more than the binding's Java code
 * (notes: issue 13). Here Socket passes a buffer it has checked is direct with its position
 * and remaining length as ints; the address is a plain field read (JNI's fast accessors do
 * not enter the VM), and the count is the return value (nothing is returned when the call
 * throws). Only Socket calls these: the class is package-private, so a heap buffer, whose
 * address field is an array offset and not a pointer, cannot reach them. The span is still
 * checked against the capacity: a position and limit read while another thread moves them
 * may disagree. */
static char *sxj_span(JNIEnv *env, jobject bb, jint pos, jint len) {
  char *base;
  jlong cap;
  if (!bb) {
    sxj_illegal(env, "null buffer");
    return NULL;
  }
  if (sxj_buffer_address_field) {
    base = (char *)(intptr_t)(*env)->GetLongField(env, bb, sxj_buffer_address_field);
    cap = (*env)->GetIntField(env, bb, sxj_buffer_capacity_field);
  } else {
    base = (char *)(*env)->GetDirectBufferAddress(env, bb);
    cap = (*env)->GetDirectBufferCapacity(env, bb);
  }
  if (!base) {
    sxj_illegal(env, "libsocketx raw calls take direct ByteBuffers only");
    return NULL;
  }
  if (pos < 0 || len < 0 || (jlong)pos + len > cap) {
    sxj_illegal(env, "buffer span out of range (buffer changed by another thread?)");
    return NULL;
  }
  return base + pos;
}

JNIEXPORT jint JNICALL Java_org_libsocketx_NativeIO_recv(JNIEnv *env, jclass jcls, jlong sock, jobject bb, jint pos,
                                                          jint len, jint flags) {
  size_t n = 0;
  int32_t rc;
  char *p = sxj_span(env, bb, pos, len);
  (void)jcls;
  if (!p) return -1;
  rc = sx_socket_recv((sx_socket)sock, p, (size_t)len, flags, &n);
  if (rc < 0) {
    sxj_throw(env, rc);
    return -1;
  }
  return (jint)n;
}

JNIEXPORT jint JNICALL Java_org_libsocketx_NativeIO_send(JNIEnv *env, jclass jcls, jlong sock, jobject bb, jint pos,
                                                          jint len, jint flags) {
  size_t n = 0;
  int32_t rc;
  char *p = sxj_span(env, bb, pos, len);
  (void)jcls;
  if (!p) return -1;
  rc = sx_socket_send((sx_socket)sock, p, (size_t)len, flags, &n);
  if (rc < 0) {
    sxj_throw(env, rc);
    return -1;
  }
  return (jint)n;
}

JNIEXPORT jint JNICALL Java_org_libsocketx_NativeIO_sendTo(JNIEnv *env, jclass jcls, jlong sock, jobject bb, jint pos,
                                                            jint len, jint flags, jlong address) {
  size_t n = 0;
  int32_t rc;
  char *p = sxj_span(env, bb, pos, len);
  (void)jcls;
  if (!p) return -1;
  rc = sx_socket_sendto((sx_socket)sock, p, (size_t)len, flags, (sx_addr)address, &n);
  if (rc < 0) {
    sxj_throw(env, rc);
    return -1;
  }
  return (jint)n;
}

/* sendall reports what went also when it fails part way (a timeout, a reset): the buffer's
 * position is advanced by that here, before the throw, since a throwing native returns no
 * value. Socket.sendAll advances it itself on success. */
JNIEXPORT jint JNICALL Java_org_libsocketx_NativeIO_sendAll(JNIEnv *env, jclass jcls, jlong sock, jobject bb,
                                                             jint pos, jint len, jint flags) {
  size_t n = 0;
  int32_t rc;
  char *p = sxj_span(env, bb, pos, len);
  (void)jcls;
  if (!p) return -1;
  rc = sx_socket_sendall((sx_socket)sock, p, (size_t)len, flags, &n);
  if (rc < 0) {
    if (n > 0) {
      jobject self = (*env)->CallObjectMethod(env, bb, sxj_buffer_set_position, pos + (jint)n);
      if (self) (*env)->DeleteLocalRef(env, self);
    }
    sxj_throw(env, rc); /* keeps an exception of position(int) instead, which cannot happen: n <= len */
    return -1;
  }
  return (jint)n;
}
%}

/* ---- SX_STATUS: every int32_t return ---- */
%typemap(jni) int32_t SX_STATUS "jint"
%typemap(jtype) int32_t SX_STATUS "int"
%typemap(jstype) int32_t SX_STATUS "int"
%typemap(javaout, throws="java.io.IOException") int32_t SX_STATUS { return $jnicall; }
%typemap(out) int32_t SX_STATUS %{ $result = (jint)$1; %}
/* "ret" runs after argout and freearg: out values (sendall's partial count) are written
 * first, and no JNI call is made with the exception pending. */
%typemap(ret) int32_t SX_STATUS %{ if ($1 < 0) sxj_throw(jenv, $1); %}
/* Every int32_t return of the API is a status (the few functions that return a static
 * string return const char *), so the role applies by type and a new function needs no line. */
%apply int32_t SX_STATUS { int32_t };

/* ---- Numbers out: element 0 of an array ---- */
%define SXJ_NUMBER_OUT(CTYPE, ROLE, JNITYPE, JTYPE, JELEM, SETTER)
%typemap(jni) CTYPE *ROLE #JNITYPE
%typemap(jtype) CTYPE *ROLE #JTYPE
%typemap(jstype) CTYPE *ROLE #JTYPE
%typemap(javain) CTYPE *ROLE "$javainput"
%typemap(in) CTYPE *ROLE ($*1_ltype temp = 0) {
  if (!sxj_out_ok(jenv, $input)) return $null;
  $1 = $input ? &temp : NULL;
}
%typemap(argout) CTYPE *ROLE {
  if ($input && result == 0) {
    JELEM v = (JELEM)temp$argnum;
    (*jenv)->SETTER(jenv, $input, 0, 1, &v);
  }
}
%enddef
SXJ_NUMBER_OUT(uint64_t, SX_HANDLE_OUT, jlongArray, long[], jlong, SetLongArrayRegion)
SXJ_NUMBER_OUT(int32_t, SX_INT32_OUT, jintArray, int[], jint, SetIntArrayRegion)
SXJ_NUMBER_OUT(uint32_t, SX_UINT32_OUT, jlongArray, long[], jlong, SetLongArrayRegion)
SXJ_NUMBER_OUT(int64_t, SX_INT64_OUT, jlongArray, long[], jlong, SetLongArrayRegion)
SXJ_NUMBER_OUT(double, SX_DOUBLE_OUT, jdoubleArray, double[], jdouble, SetDoubleArrayRegion)
SXJ_NUMBER_OUT(int, SX_BOOL_OUT, jbooleanArray, boolean[], jboolean, SetBooleanArrayRegion)

/* A byte count is written on failure too: sx_socket_sendall reports what it sent. */
%typemap(jni) size_t *SX_COUNT_OUT "jlongArray"
%typemap(jtype) size_t *SX_COUNT_OUT "long[]"
%typemap(jstype) size_t *SX_COUNT_OUT "long[]"
%typemap(javain) size_t *SX_COUNT_OUT "$javainput"
%typemap(in) size_t *SX_COUNT_OUT (size_t temp = 0) {
  if (!sxj_out_ok(jenv, $input)) return $null;
  $1 = $input ? &temp : NULL;
}
%typemap(argout) size_t *SX_COUNT_OUT {
  if ($input) {
    jlong v = (jlong)temp$argnum;
    (*jenv)->SetLongArrayRegion(jenv, $input, 0, 1, &v);
  }
}

/* ---- Bytes in / the caller's buffer: a direct ByteBuffer, used in place ---- */
%define SXJ_DIRECT(CPTR, ROLE, CLEN, LENROLE)
%typemap(jni) (CPTR ROLE, size_t LENROLE) "jobject"
%typemap(jtype) (CPTR ROLE, size_t LENROLE) "java.nio.ByteBuffer"
%typemap(jstype) (CPTR ROLE, size_t LENROLE) "java.nio.ByteBuffer"
%typemap(javain) (CPTR ROLE, size_t LENROLE) "$javainput"
%typemap(in) (CPTR ROLE, size_t LENROLE) {
  void *p;
  size_t n;
  if (sxj_direct(jenv, $input, &p, &n) != 0) return $null;
  $1 = ($1_ltype)p;
  $2 = n;
}
%enddef
SXJ_DIRECT(const void *, SX_BYTES, size_t, SX_BYTES_LEN)
SXJ_DIRECT(void *, SX_BUF, size_t, SX_BUF_CAP)

/* ---- Strings and binary out: element 0 of String[] / byte[][] ---- */
%typemap(jni) (char *SX_STR, size_t SX_STR_CAP, size_t *SX_STR_LEN) "jobjectArray"
%typemap(jtype) (char *SX_STR, size_t SX_STR_CAP, size_t *SX_STR_LEN) "String[]"
%typemap(jstype) (char *SX_STR, size_t SX_STR_CAP, size_t *SX_STR_LEN) "String[]"
%typemap(javain) (char *SX_STR, size_t SX_STR_CAP, size_t *SX_STR_LEN) "$javainput"
/* %{ %} bodies are not put in a block: sxj_retry_st<argnum> stays in scope for the %exception
 * code (through the sxj_retry macro) and for freearg. */
%typemap(in) (char *SX_STR, size_t SX_STR_CAP, size_t *SX_STR_LEN) (char sbuf[SXJ_STR_CAP], size_t slen = 0) %{
  if (!sxj_out_ok(jenv, $input)) return $null;
  $1 = sbuf;
  $2 = sizeof sbuf;
  $3 = $input ? &slen : NULL;
  sxj_retry_t sxj_retry_st$argnum = { &$1, &$2, $3, NULL, sxj_retry };
#undef sxj_retry
#define sxj_retry (&sxj_retry_st$argnum)
%}
%typemap(freearg) (char *SX_STR, size_t SX_STR_CAP, size_t *SX_STR_LEN) %{
  free(sxj_retry_st$argnum.heap);
#undef sxj_retry
%}
%typemap(argout) (char *SX_STR, size_t SX_STR_CAP, size_t *SX_STR_LEN) {
  if ($input && result == 0) {
    jstring js = (*jenv)->NewStringUTF(jenv, $1);
    if (js) {
      (*jenv)->SetObjectArrayElement(jenv, $input, 0, js);
      (*jenv)->DeleteLocalRef(jenv, js);
    }
  }
}

%typemap(jni) (void *SX_BIN, size_t SX_BIN_CAP, size_t *SX_BIN_LEN) "jobjectArray"
%typemap(jtype) (void *SX_BIN, size_t SX_BIN_CAP, size_t *SX_BIN_LEN) "byte[][]"
%typemap(jstype) (void *SX_BIN, size_t SX_BIN_CAP, size_t *SX_BIN_LEN) "byte[][]"
%typemap(javain) (void *SX_BIN, size_t SX_BIN_CAP, size_t *SX_BIN_LEN) "$javainput"
%typemap(in) (void *SX_BIN, size_t SX_BIN_CAP, size_t *SX_BIN_LEN) (char bbuf[SXJ_BIN_CAP], size_t blen = 0) %{
  if (!sxj_out_ok(jenv, $input)) return $null;
  $1 = bbuf;
  $2 = sizeof bbuf;
  if ($input) {
    jbyteArray given = (jbyteArray)(*jenv)->GetObjectArrayElement(jenv, $input, 0);
    if (given) {
      jsize n = (*jenv)->GetArrayLength(jenv, given);
      $2 = (size_t)n < sizeof bbuf ? (size_t)n : sizeof bbuf;
      (*jenv)->DeleteLocalRef(jenv, given);
    }
  }
  $3 = $input ? &blen : NULL;
  sxj_retry_t sxj_retry_st$argnum = { &$1, &$2, $3, NULL, sxj_retry };
#undef sxj_retry
#define sxj_retry (&sxj_retry_st$argnum)
%}
%typemap(freearg) (void *SX_BIN, size_t SX_BIN_CAP, size_t *SX_BIN_LEN) %{
  free(sxj_retry_st$argnum.heap);
#undef sxj_retry
%}
%typemap(argout) (void *SX_BIN, size_t SX_BIN_CAP, size_t *SX_BIN_LEN) {
  if ($input && result == 0) {
    jbyteArray ja = (*jenv)->NewByteArray(jenv, (jsize)blen$argnum);
    if (ja) {
      (*jenv)->SetByteArrayRegion(jenv, ja, 0, (jsize)blen$argnum, (const jbyte *)$1);
      (*jenv)->SetObjectArrayElement(jenv, $input, 0, ja);
      (*jenv)->DeleteLocalRef(jenv, ja);
    }
  }
}

/* ---- An array of int32 out: element 0 of an int[][] (no retry: see the top) ---- */
%typemap(jni) (int32_t *SX_INT32_ARRAY, size_t SX_INT32_ARRAY_CAP, size_t *SX_INT32_ARRAY_LEN) "jobjectArray"
%typemap(jtype) (int32_t *SX_INT32_ARRAY, size_t SX_INT32_ARRAY_CAP, size_t *SX_INT32_ARRAY_LEN) "int[][]"
%typemap(jstype) (int32_t *SX_INT32_ARRAY, size_t SX_INT32_ARRAY_CAP, size_t *SX_INT32_ARRAY_LEN) "int[][]"
%typemap(javain) (int32_t *SX_INT32_ARRAY, size_t SX_INT32_ARRAY_CAP, size_t *SX_INT32_ARRAY_LEN) "$javainput"
/* null passes (NULL, 0, NULL): the caller does not want the errors. */
%typemap(in) (int32_t *SX_INT32_ARRAY, size_t SX_INT32_ARRAY_CAP, size_t *SX_INT32_ARRAY_LEN)
    (int32_t ibuf[SXJ_INT32_CAP], size_t ilen = 0) {
  if (!sxj_out_ok(jenv, $input)) return $null;
  $1 = $input ? ibuf : NULL;
  $2 = $input ? sizeof ibuf / sizeof ibuf[0] : 0;
  $3 = $input ? &ilen : NULL;
}
/* Written whatever the status: the failures are the point when the call fails. */
%typemap(argout) (int32_t *SX_INT32_ARRAY, size_t SX_INT32_ARRAY_CAP, size_t *SX_INT32_ARRAY_LEN) {
  if ($input && !(*jenv)->ExceptionCheck(jenv)) {
    jsize n = (jsize)(ilen$argnum < $2 ? ilen$argnum : $2);
    jintArray ja = (*jenv)->NewIntArray(jenv, n);
    if (ja) {
      (*jenv)->SetIntArrayRegion(jenv, ja, 0, n, (const jint *)$1);
      (*jenv)->SetObjectArrayElement(jenv, $input, 0, ja);
      (*jenv)->DeleteLocalRef(jenv, ja);
    }
  }
}

/* ---- An unsigned 64-bit number out, written also on failure (sendfile reports what it sent) ---- */
%typemap(jni) uint64_t *SX_UINT64_OUT "jlongArray"
%typemap(jtype) uint64_t *SX_UINT64_OUT "long[]"
%typemap(jstype) uint64_t *SX_UINT64_OUT "long[]"
%typemap(javain) uint64_t *SX_UINT64_OUT "$javainput"
%typemap(in) uint64_t *SX_UINT64_OUT (uint64_t temp = 0) {
  if (!sxj_out_ok(jenv, $input)) return $null;
  $1 = $input ? &temp : NULL;
}
%typemap(argout) uint64_t *SX_UINT64_OUT {
  if ($input) {
    jlong v = (jlong)temp$argnum;
    (*jenv)->SetLongArrayRegion(jenv, $input, 0, 1, &v);
  }
}

/* ---- An array of uint64 out: element 0 of a long[][], with the SX_ETRUNC retry ---- */
%typemap(jni) (uint64_t *SX_UINT64_ARRAY, size_t SX_UINT64_ARRAY_CAP, size_t *SX_UINT64_ARRAY_LEN) "jobjectArray"
%typemap(jtype) (uint64_t *SX_UINT64_ARRAY, size_t SX_UINT64_ARRAY_CAP, size_t *SX_UINT64_ARRAY_LEN) "long[][]"
%typemap(jstype) (uint64_t *SX_UINT64_ARRAY, size_t SX_UINT64_ARRAY_CAP, size_t *SX_UINT64_ARRAY_LEN) "long[][]"
%typemap(javain) (uint64_t *SX_UINT64_ARRAY, size_t SX_UINT64_ARRAY_CAP, size_t *SX_UINT64_ARRAY_LEN) "$javainput"
/* 128 values on the stack: struct tcp_info has fewer fields today; a later kernel's longer
 * list is what the retry is for. null passes (NULL, 0, NULL). */
%typemap(in) (uint64_t *SX_UINT64_ARRAY, size_t SX_UINT64_ARRAY_CAP, size_t *SX_UINT64_ARRAY_LEN)
    (uint64_t ubuf[128], size_t ulen = 0) %{
  if (!sxj_out_ok(jenv, $input)) return $null;
  $1 = $input ? ubuf : NULL;
  $2 = $input ? sizeof ubuf / sizeof ubuf[0] : 0;
  $3 = $input ? &ulen : NULL;
  sxj_retry_t sxj_retry_st$argnum = { &$1, &$2, $3, NULL, sxj_retry, sizeof(uint64_t) };
#undef sxj_retry
#define sxj_retry (&sxj_retry_st$argnum)
%}
%typemap(freearg) (uint64_t *SX_UINT64_ARRAY, size_t SX_UINT64_ARRAY_CAP, size_t *SX_UINT64_ARRAY_LEN) %{
  free(sxj_retry_st$argnum.heap);
#undef sxj_retry
%}
%typemap(argout) (uint64_t *SX_UINT64_ARRAY, size_t SX_UINT64_ARRAY_CAP, size_t *SX_UINT64_ARRAY_LEN) {
  if ($input && result == 0) {
    jsize n = (jsize)(ulen$argnum < $2 ? ulen$argnum : $2);
    jlongArray ja = (*jenv)->NewLongArray(jenv, n);
    if (ja) {
      (*jenv)->SetLongArrayRegion(jenv, ja, 0, n, (const jlong *)$1);
      (*jenv)->SetObjectArrayElement(jenv, $input, 0, ja);
      (*jenv)->DeleteLocalRef(jenv, ja);
    }
  }
}

/* ---- Scatter/gather buffers: a ByteBuffer[] of direct buffers, used in place ----
 * Each element's bytes between its position and limit; positions are not moved (the
 * idiomatic layer does it). Heap buffers are refused here and copied in Java. The arrays
 * are made in the check phase, after every in-typemap: an in-typemap that returns early (a
 * short out-array) skips freearg, and would leak them. */
%typemap(jni) (const void *const *SX_IOVEC_IN, const size_t *SX_IOVEC_LENS_IN, size_t SX_IOVEC_COUNT_IN) "jobjectArray"
%typemap(jtype) (const void *const *SX_IOVEC_IN, const size_t *SX_IOVEC_LENS_IN, size_t SX_IOVEC_COUNT_IN) "java.nio.ByteBuffer[]"
%typemap(jstype) (const void *const *SX_IOVEC_IN, const size_t *SX_IOVEC_LENS_IN, size_t SX_IOVEC_COUNT_IN) "java.nio.ByteBuffer[]"
%typemap(javain) (const void *const *SX_IOVEC_IN, const size_t *SX_IOVEC_LENS_IN, size_t SX_IOVEC_COUNT_IN) "$javainput"
%typemap(in) (const void *const *SX_IOVEC_IN, const size_t *SX_IOVEC_LENS_IN, size_t SX_IOVEC_COUNT_IN)
    (void *iov_p[SXJ_ARRAY_STACK], size_t iov_l[SXJ_ARRAY_STACK], sxj_iov_t iov = {NULL, NULL, 0, NULL}, jobjectArray iov_arr) {
  iov_arr = $input;
}
%typemap(check) (const void *const *SX_IOVEC_IN, const size_t *SX_IOVEC_LENS_IN, size_t SX_IOVEC_COUNT_IN) {
  if (sxj_iov_from(jenv, iov_arr$argnum, iov_p$argnum, iov_l$argnum, &iov$argnum) != 0) return $null;
  $1 = ($1_ltype)iov$argnum.bufs;
  $2 = ($2_ltype)iov$argnum.lens;
  $3 = iov$argnum.count;
}
%typemap(freearg) (const void *const *SX_IOVEC_IN, const size_t *SX_IOVEC_LENS_IN, size_t SX_IOVEC_COUNT_IN) {
  sxj_iov_free(&iov$argnum);
}
%typemap(jni) (void *const *SX_IOVEC, const size_t *SX_IOVEC_LENS, size_t SX_IOVEC_COUNT) "jobjectArray"
%typemap(jtype) (void *const *SX_IOVEC, const size_t *SX_IOVEC_LENS, size_t SX_IOVEC_COUNT) "java.nio.ByteBuffer[]"
%typemap(jstype) (void *const *SX_IOVEC, const size_t *SX_IOVEC_LENS, size_t SX_IOVEC_COUNT) "java.nio.ByteBuffer[]"
%typemap(javain) (void *const *SX_IOVEC, const size_t *SX_IOVEC_LENS, size_t SX_IOVEC_COUNT) "$javainput"
%typemap(in) (void *const *SX_IOVEC, const size_t *SX_IOVEC_LENS, size_t SX_IOVEC_COUNT)
    (void *iov_p[SXJ_ARRAY_STACK], size_t iov_l[SXJ_ARRAY_STACK], sxj_iov_t iov = {NULL, NULL, 0, NULL}, jobjectArray iov_arr) {
  iov_arr = $input;
}
%typemap(check) (void *const *SX_IOVEC, const size_t *SX_IOVEC_LENS, size_t SX_IOVEC_COUNT) {
  if (sxj_iov_from(jenv, iov_arr$argnum, iov_p$argnum, iov_l$argnum, &iov$argnum) != 0) return $null;
  $1 = ($1_ltype)iov$argnum.bufs;
  $2 = ($2_ltype)iov$argnum.lens;
  $3 = iov$argnum.count;
}
%typemap(freearg) (void *const *SX_IOVEC, const size_t *SX_IOVEC_LENS, size_t SX_IOVEC_COUNT) {
  sxj_iov_free(&iov$argnum);
}

/* ---- Descriptors in (int[]) and handles in (long[]): copied, null is (NULL, 0) ---- */
%typemap(jni) (const int32_t *SX_INT32_ARRAY_IN, size_t SX_INT32_ARRAY_IN_LEN) "jintArray"
%typemap(jtype) (const int32_t *SX_INT32_ARRAY_IN, size_t SX_INT32_ARRAY_IN_LEN) "int[]"
%typemap(jstype) (const int32_t *SX_INT32_ARRAY_IN, size_t SX_INT32_ARRAY_IN_LEN) "int[]"
%typemap(javain) (const int32_t *SX_INT32_ARRAY_IN, size_t SX_INT32_ARRAY_IN_LEN) "$javainput"
%typemap(in) (const int32_t *SX_INT32_ARRAY_IN, size_t SX_INT32_ARRAY_IN_LEN)
    (jint ia_stack[SXJ_ARRAY_STACK], void *ia_heap = NULL, jarray ia_arr) {
  ia_arr = $input;
}
/* In the check phase, as the buffers above: no in-typemap can return after the malloc. */
%typemap(check) (const int32_t *SX_INT32_ARRAY_IN, size_t SX_INT32_ARRAY_IN_LEN) {
  size_t n;
  $1 = ($1_ltype)sxj_prim_from(jenv, ia_arr$argnum, 0, ia_stack$argnum, &ia_heap$argnum, &n);
  if ((*jenv)->ExceptionCheck(jenv)) {
    free(ia_heap$argnum);
    return $null;
  }
  $2 = n;
}
%typemap(freearg) (const int32_t *SX_INT32_ARRAY_IN, size_t SX_INT32_ARRAY_IN_LEN) {
  free(ia_heap$argnum);
}
%typemap(jni) (const uint64_t *SX_HANDLE_ARRAY_IN, size_t SX_HANDLE_ARRAY_IN_LEN) "jlongArray"
%typemap(jtype) (const uint64_t *SX_HANDLE_ARRAY_IN, size_t SX_HANDLE_ARRAY_IN_LEN) "long[]"
%typemap(jstype) (const uint64_t *SX_HANDLE_ARRAY_IN, size_t SX_HANDLE_ARRAY_IN_LEN) "long[]"
%typemap(javain) (const uint64_t *SX_HANDLE_ARRAY_IN, size_t SX_HANDLE_ARRAY_IN_LEN) "$javainput"
%typemap(in) (const uint64_t *SX_HANDLE_ARRAY_IN, size_t SX_HANDLE_ARRAY_IN_LEN)
    (jlong ha_stack[SXJ_ARRAY_STACK], void *ha_heap = NULL, jarray ha_arr) {
  ha_arr = $input;
}
/* In the check phase, as the buffers above: no in-typemap can return after the malloc. */
%typemap(check) (const uint64_t *SX_HANDLE_ARRAY_IN, size_t SX_HANDLE_ARRAY_IN_LEN) {
  size_t n;
  $1 = ($1_ltype)sxj_prim_from(jenv, ha_arr$argnum, 1, ha_stack$argnum, &ha_heap$argnum, &n);
  if ((*jenv)->ExceptionCheck(jenv)) {
    free(ha_heap$argnum);
    return $null;
  }
  $2 = n;
}
%typemap(freearg) (const uint64_t *SX_HANDLE_ARRAY_IN, size_t SX_HANDLE_ARRAY_IN_LEN) {
  free(ha_heap$argnum);
}

/* ---- CAN_RAW filters: the parallel id and mask arrays as one int[] of (id, mask) pairs ----
 * Java-only (the shared interface has no role for two parallel arrays): an int[] holds the
 * unsigned 32-bit values bit for bit, and one array cannot disagree with itself on the count.
 * null is (NULL, NULL, 0); an odd length is an IllegalArgumentException. The copies are made
 * in the check phase, as for the arrays above. */
%typemap(jni) (const uint32_t *ids, const uint32_t *masks, size_t count) "jintArray"
%typemap(jtype) (const uint32_t *ids, const uint32_t *masks, size_t count) "int[]"
%typemap(jstype) (const uint32_t *ids, const uint32_t *masks, size_t count) "int[]"
%typemap(javain) (const uint32_t *ids, const uint32_t *masks, size_t count) "$javainput"
%typemap(in) (const uint32_t *ids, const uint32_t *masks, size_t count)
    (jint cf_stack[SXJ_ARRAY_STACK], void *cf_heap = NULL, jarray cf_arr) {
  cf_arr = $input;
}
%typemap(check) (const uint32_t *ids, const uint32_t *masks, size_t count) {
  size_t n;
  jint *pairs;
  if (cf_arr$argnum && (*jenv)->GetArrayLength(jenv, cf_arr$argnum) % 2 != 0) {
    sxj_illegal(jenv, "CAN filters: an int[] of (id, mask) pairs has an even length");
    return $null;
  }
  pairs = (jint *)sxj_prim_from(jenv, cf_arr$argnum, 0, cf_stack$argnum, &cf_heap$argnum, &n);
  if ((*jenv)->ExceptionCheck(jenv)) {
    free(cf_heap$argnum);
    return $null;
  }
  /* De-interleave in place: ids to the first half, masks to the second. */
  if (n > 0) {
    jint *tmp = malloc(n * sizeof *tmp);
    size_t i;
    if (!tmp) {
      free(cf_heap$argnum);
      sxj_oom(jenv);
      return $null;
    }
    for (i = 0; i < n / 2; i++) {
      tmp[i] = pairs[2 * i];
      tmp[n / 2 + i] = pairs[2 * i + 1];
    }
    memcpy(pairs, tmp, n * sizeof *tmp);
    free(tmp);
  }
  $1 = ($1_ltype)pairs;
  $2 = pairs ? ($2_ltype)(pairs + n / 2) : NULL;
  $3 = n / 2;
}
%typemap(freearg) (const uint32_t *ids, const uint32_t *masks, size_t count) {
  free(cf_heap$argnum);
}

/* Every call, wrapped: repeat it once when a string or binary result did not fit (only the
 * wrappers of the SX_STR/SX_BIN roles have a non-null sxj_retry). _Generic keeps the test
 * valid in the few wrappers whose result is a const char *, not a status. */
%exception {
  for (;;) {
    $action
    if (_Generic((result), int32_t: (result), default: 0) == SX_ETRUNC && sxj_retry_grow(sxj_retry)) continue;
    break;
  }
}

/* ---- Static strings out ---- */
%typemap(jni) const char **SX_STATIC_STR_OUT "jobjectArray"
%typemap(jtype) const char **SX_STATIC_STR_OUT "String[]"
%typemap(jstype) const char **SX_STATIC_STR_OUT "String[]"
%typemap(javain) const char **SX_STATIC_STR_OUT "$javainput"
%typemap(in) const char **SX_STATIC_STR_OUT (const char *temp = NULL) {
  if (!sxj_out_ok(jenv, $input)) return $null;
  $1 = $input ? ($1_ltype)&temp : NULL; /* SWIG declares the argument without its const */
}
%typemap(argout) const char **SX_STATIC_STR_OUT {
  if ($input && result == 0 && temp$argnum) {
    jstring js = (*jenv)->NewStringUTF(jenv, temp$argnum);
    if (js) {
      (*jenv)->SetObjectArrayElement(jenv, $input, 0, js);
      (*jenv)->DeleteLocalRef(jenv, js);
    }
  }
}

/* The generated classes are an implementation detail of org.libsocketx; the JNI class loads
 * the glue library before its first native call. The #define constants are not wrapped:
 * SocketX.constant(name) reads the run-time table, which has every one of them. */
%pragma(java) jniclasscode=%{
  static { org.libsocketx.internal.NativeLoader.load(); }

  /** A new java.io.FileDescriptor standing for fd (hand-written in socketx_java.i). */
  public final static native java.io.FileDescriptor fdWrap(int fd);
  /** The descriptor behind a FileDescriptor or an object holding one in a field named fd
   *  (a FileChannel, a stream): -1 when invalid. */
  public final static native int fdValue(Object o);
  /** A batch in one JNI call: buffers per message (null: unchanged), sendmmsg or recvmmsg,
   *  byte counts (hand-written in socketx_java.i). */
  public final static native int batch(boolean receive, long socket, long[] msgs, java.nio.ByteBuffer[][] bufs,
                                       int flags, long[] counts) throws java.io.IOException;
%}
%pragma(java) jniclassclassmodifiers="public final class"
%pragma(java) moduleclassmodifiers="public final class"
%rename("$ignore", regexmatch$name="^SX_", %$isconstant) "";
%ignore SX_TIMEOUT_NONE;

/* SWIG's stdint.i makes uint64_t an unsigned long long, so its call would cast the message
 * array to that pointer type (a warning on LP64, where uint64_t is unsigned long): the two
 * batch calls are written out with the right type. */
%feature("action") sx_socket_sendmmsg { result = sx_socket_sendmmsg(arg1, (const sx_msg *)arg2, arg3, arg4, arg5); }
%feature("action") sx_socket_recvmmsg { result = sx_socket_recvmmsg(arg1, (const sx_msg *)arg2, arg3, arg4, arg5); }

%include "../swig/socketx.i"
