// SPDX-License-Identifier: MIT
package org.libsocketx.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

/**
 * Loads the JNI glue, libsocketx_jni.so, once per class loader.
 *
 * <p>Order: the system property {@code org.libsocketx.jni} (an absolute path to the glue); then
 * the natives carried by a native jar on the class path (Maven classifier {@code linux-x86_64}),
 * under {@code /org/libsocketx/native/<os>-<arch>/}; then {@code System.loadLibrary("socketx_jni")}
 * (java.library.path: the natives installed by a package, e.g. Debian's libsocketx-jni in
 * /usr/lib/&lt;triplet&gt;/jni). When none works, the error names every place tried.
 *
 * <p>A native jar carries the glue and libsocketx.so.1; the glue's RUNPATH is {@code $ORIGIN},
 * so extracting both into one directory is enough for the dynamic loader to find the library.
 * They are extracted into a new directory only this user can enter (so nobody can swap a file
 * between its writing and its loading), loaded, then deleted at once: a mapped library needs
 * no file. Where deleting fails they are deleted at exit.
 */
public final class NativeLoader {
    /** The files a native jar carries, in dependency order. */
    private static final String[] BUNDLED = {"libsocketx.so.1", "libsocketx_jni.so"};
    private static final String GLUE = "libsocketx_jni.so";

    private static boolean loaded;
    private static String source;

    private NativeLoader() {}

    /**
     * Loads the glue unless this class loader already did.
     *
     * @throws UnsatisfiedLinkError when no route finds a loadable glue; the message lists the
     *     routes tried and why each failed
     */
    public static synchronized void load() {
        if (loaded) return;
        String explicit = System.getProperty("org.libsocketx.jni");
        if (explicit != null && !explicit.isEmpty()) {
            System.load(explicit);
            source = "property " + explicit;
            loaded = true;
            return;
        }
        List<String> tried = new ArrayList<>();
        String dir = resourceDir();
        if (getResource(dir + GLUE) != null) {
            loadFromClassPath(dir);
            source = "jar";
            loaded = true;
            return;
        }
        tried.add("class path: no " + dir.substring(1) + GLUE + " (no native jar for this platform)");
        try {
            System.loadLibrary("socketx_jni");
            source = "java.library.path";
            loaded = true;
            return;
        } catch (UnsatisfiedLinkError e) {
            tried.add("java.library.path (" + System.getProperty("java.library.path") + "): " + e.getMessage());
        }
        throw new UnsatisfiedLinkError("libsocketx: cannot load the JNI glue for " + platform()
                + ". Put the native jar org.libsocketx:socketx:<version>:" + platform()
                + " on the class path, install the natives (Debian: libsocketx-jni) where"
                + " java.library.path points, or set -Dorg.libsocketx.jni=/path/to/libsocketx_jni.so."
                + " Tried: " + String.join("; ", tried));
    }

    /**
     * How the glue was found.
     *
     * @return "property PATH", "jar" or "java.library.path"; null before loading
     */
    public static synchronized String source() {
        return source;
    }

    /**
     * The platform name used for the native jar's classifier and resource directory.
     *
     * @return e.g. "linux-x86_64" or "linux-aarch64"
     */
    public static String platform() {
        String name = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String os = name.startsWith("linux") ? "linux" : name.replaceAll("[^a-z0-9]", "");
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (arch.equals("amd64")) arch = "x86_64";
        return os + "-" + arch;
    }

    private static String resourceDir() {
        return "/org/libsocketx/native/" + platform() + "/";
    }

    private static java.net.URL getResource(String name) {
        return NativeLoader.class.getResource(name);
    }

    private static void loadFromClassPath(String dir) {
        Path tmp = null;
        List<Path> files = new ArrayList<>();
        try {
            tmp = createPrivateDir();
            for (String name : BUNDLED) {
                try (InputStream in = NativeLoader.class.getResourceAsStream(dir + name)) {
                    if (in == null) {
                        throw new UnsatisfiedLinkError("libsocketx: the native jar for " + platform()
                                + " lacks " + dir.substring(1) + name + ": a broken or mixed-up jar");
                    }
                    Path file = tmp.resolve(name);
                    files.add(file);
                    // Without REPLACE_EXISTING the copy fails if the name exists, which only
                    // another writer could cause: the directory is new and only ours.
                    Files.copy(in, file);
                }
            }
            try {
                System.load(tmp.resolve(GLUE).toString());
            } catch (UnsatisfiedLinkError e) {
                UnsatisfiedLinkError err = new UnsatisfiedLinkError("libsocketx: the natives of the native jar"
                        + " for " + platform() + " do not load: " + e.getMessage() + " (a directory mounted"
                        + " noexec? set -Dorg.libsocketx.tmpdir; an older libsocketx.so.1 already loaded"
                        + " in this process? it lacks the SOCKETX_1.1 symbols)");
                err.initCause(e);
                throw err;
            }
        } catch (IOException e) {
            UnsatisfiedLinkError err = new UnsatisfiedLinkError(
                    "libsocketx: cannot extract the natives of " + dir.substring(1) + " into "
                    + (tmp != null ? tmp : tempRoot()) + ": " + e
                    + " (set -Dorg.libsocketx.tmpdir to a writable directory)");
            err.initCause(e);
            throw err;
        } finally {
            cleanUp(tmp, files);
        }
    }

    private static Path tempRoot() {
        String root = System.getProperty("org.libsocketx.tmpdir");
        if (root == null || root.isEmpty()) root = System.getProperty("java.io.tmpdir");
        return Paths.get(root);
    }

    private static Path createPrivateDir() throws IOException {
        Path root = tempRoot();
        if (root.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            EnumSet<PosixFilePermission> owner = EnumSet.of(PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
            return Files.createTempDirectory(root, "libsocketx-",
                    PosixFilePermissions.asFileAttribute(owner));
        }
        return Files.createTempDirectory(root, "libsocketx-");
    }

    private static void cleanUp(Path dir, List<Path> files) {
        if (dir == null) return;
        boolean all = true;
        for (Path file : files) all &= deleteQuietly(file);
        if (all) all = deleteQuietly(dir);
        if (!all) {
            // Some systems cannot delete a loaded library: leave it to the JVM's exit, which
            // deletes in reverse order of registration (the files, then their directory).
            dir.toFile().deleteOnExit();
            for (Path file : files) file.toFile().deleteOnExit();
        }
    }

    private static boolean deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
