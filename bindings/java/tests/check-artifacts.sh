#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# ctest java:artifacts: the Maven artifacts of org.libsocketx:socketx work as a Java user gets
# them. A program runs with only the versioned jar and the native jar on its class path, copied
# out of the build tree, with no -Djava.library.path and no LD_LIBRARY_PATH, and (where a mount
# namespace can be made) with the build tree hidden under an empty tmpfs. The natives' RUNPATH
# must name no build path, the extraction directory must be gone afterwards, and the sources,
# javadoc and legal files must be in their jars.
set -euo pipefail

usage="usage: check-artifacts.sh ARTIFACTS_DIR VERSION PLATFORM JAVAC JAVA SOURCE_ROOT BUILD_DIR"
[ $# -eq 7 ] || { echo "$usage" >&2; exit 2; }
art=$1 version=$2 platform=$3 javac=$4 java=$5 root=$6 build=$7
here=$(cd "$(dirname "$0")" && pwd)

work=$(mktemp -d /tmp/socketx-java-artifacts.XXXXXX)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

base=socketx-$version
jar=$base.jar native=$base-$platform.jar sources=$base-sources.jar javadoc=$base-javadoc.jar
for f in "$jar" "$native" "$sources" "$javadoc" "$base.pom"; do
  [ -s "$art/$f" ] || fail "missing artifact $art/$f"
done

# entries JAR: the jar's file names, one a line.
entries() { unzip -Z1 "$1"; }
# grep reads all (no -q): with pipefail an early exit would fail unzip on SIGPIPE.
has() { entries "$art/$1" | grep -xF "$2" >/dev/null || fail "$1 lacks $2"; }
for j in "$jar" "$native" "$sources" "$javadoc"; do
  has "$j" META-INF/LICENSE
  unzip -p "$art/$j" META-INF/LICENSE | cmp -s - "$root/LICENSE" || fail "$j: META-INF/LICENSE is not LICENSE"
done
has "$jar" META-INF/CHANGELOG.md
unzip -p "$art/$jar" META-INF/CHANGELOG.md | cmp -s - "$root/CHANGELOG.md" || fail "$jar: CHANGELOG differs"
unzip -p "$art/$jar" META-INF/MANIFEST.MF | grep "^Implementation-Version: $version" >/dev/null \
  || fail "$jar: manifest has no Implementation-Version $version"
has "$jar" org/libsocketx/Socket.class
has "$jar" org/libsocketx/internal/SxNativeJNI.class
entries "$art/$jar" | grep '\.so' >/dev/null && fail "$jar carries natives (they belong in $native)"

# Every hand-written source and SWIG's generated classes in the sources jar.
(cd "$here/../src/main/java" && find . -name '*.java' | sed 's|^\./||') | sort > "$work/expected-sources"
echo org/libsocketx/internal/SxNative.java >> "$work/expected-sources"
echo org/libsocketx/internal/SxNativeJNI.java >> "$work/expected-sources"
entries "$art/$sources" | grep '\.java$' | sort > "$work/sources"
missing=$(sort "$work/expected-sources" | comm -23 - "$work/sources")
[ -z "$missing" ] || fail "$sources lacks: $missing"

# The javadoc: one page per public class of the API, the index; no page of the internals.
has "$javadoc" index.html
for cls in Socket SocketX Address Message NetDb; do has "$javadoc" "org/libsocketx/$cls.html"; done
entries "$art/$javadoc" | grep '^org/libsocketx/internal/' >/dev/null && fail "$javadoc documents org.libsocketx.internal"

# The natives: both libraries, RUNPATH exactly $ORIGIN, no path of this machine's build.
dir=org/libsocketx/native/$platform
has "$native" "$dir/libsocketx_jni.so"
has "$native" "$dir/libsocketx.so.1"
mkdir "$work/natives"
unzip -q "$art/$native" "$dir/*" -d "$work/natives"
for so in "$work/natives/$dir"/*; do
  dyn=$(readelf -d "$so")
  other=$(grep -E '\((RPATH|RUNPATH)\)' <<<"$dyn" | grep -vE '\(RUNPATH\) +Library runpath: \[\$ORIGIN\]$' || true)
  [ -z "$other" ] || fail "$(basename "$so") has a search path other than RUNPATH \$ORIGIN: $other"
  grep -qF "$build" <<<"$dyn" && fail "$(basename "$so") names the build tree $build"
done
readelf -d "$work/natives/$dir/libsocketx_jni.so" | grep 'RUNPATH.*\[\$ORIGIN\]' >/dev/null \
  || fail "libsocketx_jni.so has no RUNPATH \$ORIGIN: it would not find libsocketx.so.1"
readelf -d "$work/natives/$dir/libsocketx_jni.so" | grep 'NEEDED.*\[libsocketx\.so\.1\]' >/dev/null \
  || fail "libsocketx_jni.so does not depend on libsocketx.so.1"

# The user's side: the two jars in an empty directory, a program compiled against the jar alone.
app=$work/app
mkdir -p "$app/classes" "$app/tmp"
cp "$art/$jar" "$art/$native" "$app/"
"$javac" --release 17 -d "$app/classes" -cp "$app/$jar" "$here/ArtifactsCheck.java"
run=(env -u LD_LIBRARY_PATH -u LD_PRELOAD -u JAVA_TOOL_OPTIONS -u CLASSPATH
     "$java" -Xcheck:jni -Djava.io.tmpdir="$app/tmp"
     -cp "$jar:$native:classes" ArtifactsCheck)
hidden=no
if [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; then
  # A private mount namespace: an empty tmpfs over the build tree hides its libsocketx.so.1
  # (and everything else in it) from this JVM only.
  out=$(cd "$app" && unshare -m sh -c 'mount -t tmpfs sx-hidden "$1" && shift && exec "$@"' sh "$build" "${run[@]}" 2>&1) \
    || fail "the program failed with the build tree hidden: $out"
  hidden=yes
else
  out=$(cd "$app" && "${run[@]}" 2>&1) || fail "the program failed: $out"
fi
echo "$out"
grep -q "exchanged: ping from the jars / pong" <<<"$out" || fail "no exchange"
grep -q "loaded from jar" <<<"$out" || fail "the natives did not come from the native jar"
grep -q "WARNING in native method\|FATAL ERROR in native method" <<<"$out" && fail "-Xcheck:jni reported"
leftover=$(ls -A "$app/tmp")
[ -z "$leftover" ] || fail "the loader left $leftover in java.io.tmpdir"
echo "java:artifacts: $jar + $native work alone (build tree hidden: $hidden)"
