/* SPDX-License-Identifier: MIT */
/*
 * The JNI floor of bindings/java/bench: a native method that does nothing, called by the
 * bench's "NIO + JNI" variant once per operation, so the table shows what one more JNI
 * crossing costs on top of NIO's own. Its parameters have the shape of the binding's data
 * calls (a handle, a buffer object, ints), because passing an object reference is part of
 * what a crossing costs. Bench only: it is not part of libsocketx or its JNI glue.
 */
#include <jni.h>

JNIEXPORT jint JNICALL Java_org_libsocketx_bench_JniNoop_call(JNIEnv *env, jclass cls, jlong handle, jobject buf,
                                                              jint pos, jint len, jint flags)
{
    (void)env;
    (void)cls;
    (void)handle;
    (void)buf;
    (void)pos;
    (void)flags;
    return len;
}
