#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Install the Debian packages libsocketx needs to build and test, if any is missing.
# Idempotent: when every package is already installed it does nothing (no apt-get).
# Runs as root (or through sudo) on Debian bookworm.
set -euo pipefail

# The C library and its tests (the fuzzers need clang and libclang-rt-14-dev, which holds the
# libFuzzer, ASan and UBSan runtimes and which clang-14 only recommends), then the bindings:
# SWIG generates all three; Go (cgo, -race), Ruby (native extension, minitest ships with
# libruby), Java (JNI, JUnit 5 console launcher). groff-base: the cli:man test renders the
# socketx(1) man page; doxygen: the reference manual (man3 pages, HTML). The packaging
# tests: debhelper, dpkg-dev, lintian, javahelper, default-jdk-headless (the Debian build),
# git (they build from the tracked files), maven with Debian's packaged plugins (the Java
# artifacts, built offline), unzip (their checks). The cross-architecture builds
# (scripts/cross-test.sh): the i686 and aarch64 cross compilers and qemu-user.
packages=(build-essential cmake pkgconf catch2 valgrind python3 abigail-tools libffi-dev groff-base
  clang-14 libclang-rt-14-dev doxygen git
  swig golang-go ruby-dev openjdk-17-jdk-headless junit5
  debhelper dpkg-dev lintian javahelper default-jdk-headless unzip
  maven libmaven-compiler-plugin-java libmaven-jar-plugin-java libmaven-javadoc-plugin-java
  libmaven-resources-plugin-java libmaven-source-plugin-java
  gcc-i686-linux-gnu g++-i686-linux-gnu gcc-aarch64-linux-gnu g++-aarch64-linux-gnu qemu-user)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg -s "$p" 2>/dev/null | grep -q '^Status: install ok installed$'; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: not root and no sudo; install: ${missing[*]}" >&2; exit 1; }
  sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
