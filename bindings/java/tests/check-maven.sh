#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# ctest java:maven: pom.xml builds org.libsocketx:socketx with Maven offline from Debian's
# packaged plugins, and its artifacts pass the same checks as CMake's (check-artifacts.sh).
# The local repository is a farm of symbolic links to /usr/share/maven-repo inside the build
# tree: Maven writes its bookkeeping there, never into the system's repository.
set -euo pipefail

usage="usage: check-maven.sh MVN BUILD_BINDINGS_JAVA VERSION PLATFORM JAVAC JAVA SOURCE_ROOT BUILD_DIR"
[ $# -eq 8 ] || { echo "$usage" >&2; exit 2; }
mvn=$1 bj=$2 version=$3 platform=$4 javac=$5 java=$6 root=$7 build=$8
here=$(cd "$(dirname "$0")" && pwd)

repo=$bj/maven-repo out=$bj/maven art=$bj/maven-artifacts
rm -rf "$repo" "$out" "$art"
cp -rs /usr/share/maven-repo "$repo"
# Offline, the farm as local repository, the plugins pinned by the pom.
"$mvn" -o -B -q -Dmaven.repo.local="$repo" -Dsocketx.build="$bj" \
  -Dsocketx.platform="$platform" -f "$here/../pom.xml" package
mkdir "$art"
for suffix in "" -sources -javadoc "-$platform"; do
  cp "$out/socketx-$version$suffix.jar" "$art/"
done
cp "$here/../pom.xml" "$art/socketx-$version.pom"
"$here/check-artifacts.sh" "$art" "$version" "$platform" "$javac" "$java" "$root" "$build"
