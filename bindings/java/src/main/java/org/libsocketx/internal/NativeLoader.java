// SPDX-License-Identifier: MIT
package org.libsocketx.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Loads the JNI glue, libsocketx_jni.so, once per class loader.
 *
 * <p>Order: the system property {@code org.libsocketx.jni} (an absolute path), then
 * {@code System.loadLibrary("socketx_jni")} (java.library.path), then a copy carried in the
 * jar under {@code /org/libsocketx/native/<os>-<arch>/}, extracted to a temporary file because
 * the dynamic loader can only map files. The glue finds libsocketx.so.1 through its RUNPATH
 * or the system's library path, never through java.library.path.
 */
public final class NativeLoader {
    private static boolean loaded;
    private static String source;

    private NativeLoader() {}

    public static synchronized void load() {
        if (loaded) return;
        String explicit = System.getProperty("org.libsocketx.jni");
        if (explicit != null && !explicit.isEmpty()) {
            System.load(explicit);
            source = "property " + explicit;
            loaded = true;
            return;
        }
        try {
            System.loadLibrary("socketx_jni");
            source = "java.library.path";
        } catch (UnsatisfiedLinkError notOnPath) {
            Path extracted = extract();
            if (extracted == null) throw notOnPath;
            System.load(extracted.toString());
            source = "jar";
        }
        loaded = true;
    }

    /** How the glue was found: "property PATH", "java.library.path" or "jar" (null before loading). */
    public static synchronized String source() {
        return source;
    }

    private static Path extract() {
        String arch = System.getProperty("os.arch").replace("amd64", "x86_64");
        String os = System.getProperty("os.name").toLowerCase().startsWith("linux") ? "linux" : "other";
        String resource = "/org/libsocketx/native/" + os + "-" + arch + "/libsocketx_jni.so";
        try (InputStream in = NativeLoader.class.getResourceAsStream(resource)) {
            if (in == null) return null;
            Path file = Files.createTempFile("libsocketx_jni", ".so");
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            UnsatisfiedLinkError err = new UnsatisfiedLinkError("cannot extract " + resource + ": " + e);
            err.initCause(e);
            throw err;
        }
    }
}
