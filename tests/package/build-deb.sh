#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# ctest package:deb: build the Debian packages the way a developer or a buildd would, from
# the tracked files only (a copy made from `git ls-files`, so no build tree or stray file
# reaches the package), then check them: lintian without error or warning, the symbols file
# against the packaged library (dpkg-gensymbols -c4), and the files each .deb carries.
#
# Usage: build-deb.sh SOURCE_DIR WORK_DIR   (the .debs are left in WORK_DIR for
#        package:autopkgtest)
set -euo pipefail
src=$(cd "${1:?source dir}" && pwd)
work=${2:?work dir}
fail() { echo "FAIL: $*"; exit 1; }
step() { echo "== $*"; }

for tool in dpkg-buildpackage dh lintian git; do
  command -v "$tool" >/dev/null || fail "$tool not found (install dpkg-dev debhelper lintian git)"
done
rm -rf "$work" && mkdir -p "$work/src"

step "copy the tracked files of $src"
git -C "$src" rev-parse --git-dir >/dev/null 2>&1 || fail "$src is not a git checkout"
(cd "$src" && git ls-files -z | tar --null -T - --ignore-failed-read -cf -) | tar -xf - -C "$work/src"

# nocheck: ctest runs the tests; noautodbgsym: no -dbgsym packages to build and lint.
step "dpkg-buildpackage -b -uc -us"
start=$(date +%s)
(cd "$work/src" && DEB_BUILD_OPTIONS="nocheck noautodbgsym parallel=2" DEB_BUILD_PROFILES=nocheck \
  dpkg-buildpackage -b -uc -us) >"$work/build.log" 2>&1 \
  || { tail -60 "$work/build.log"; fail "dpkg-buildpackage failed (log: $work/build.log)"; }
echo "ok: built in $(($(date +%s) - start)) s"
version=$(cd "$work/src" && dpkg-parsechangelog -SVersion)
arch=$(dpkg-architecture -qDEB_HOST_ARCH)
triplet=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
changes=$work/socketx_${version}_${arch}.changes
[ -f "$changes" ] || fail "no $changes"

step "lintian (errors and warnings fail; info and pedantic tags are shown)"
status=0
lintian --fail-on error,warning --display-info --pedantic --tag-display-limit 0 "$changes" \
  >"$work/lintian.log" 2>&1 || status=$?
grep -v 'running with root privileges' "$work/lintian.log" || true
[ "$status" -eq 0 ] || fail "lintian exited with $status: errors or warnings above"
echo "ok: lintian"

deb() { # package -> its .deb
  local f
  for f in "$work/$1_${version}_$arch.deb" "$work/$1_${version}_all.deb"; do
    [ -f "$f" ] && { echo "$f"; return; }
  done
  fail "no .deb for $1"
}

step "dpkg-gensymbols -c4 against the packaged library"
root=$work/root
rm -rf "$root" && dpkg -x "$(deb libsocketx1)" "$root"
libs=("$root/usr/lib/$triplet"/libsocketx.so.1.*)
[ -f "${libs[0]}" ] || fail "libsocketx1 carries no libsocketx.so.1.* file"
lib=${libs[0]}
(cd "$work/src" && dpkg-gensymbols -c4 -plibsocketx1 -v"$version" -e"$lib" -O"$work/symbols.out") \
  || fail "dpkg-gensymbols -c4: debian/libsocketx1.symbols does not match the library"
echo "ok: $(grep -c '^ ' "$work/symbols.out") symbols match debian/libsocketx1.symbols"

step "contents"
missing=0
expect() { # package path...
  local pkg=$1 listing p
  shift
  listing=$(dpkg -c "$(deb "$pkg")" | awk '{print $6}' | sed 's|^\./|/|')
  for p in "$@"; do
    if ! grep -qxF "$p" <<<"$listing"; then
      echo "missing from $pkg: $p"
      missing=$((missing + 1))
    fi
  done
}
refuse() { # package regex: no path of package matches
  local hits
  hits=$(dpkg -c "$(deb "$1")" | awk '{print $6}' | sed 's|^\./|/|' | grep -E "$2" || true)
  if [ -n "$hits" ]; then
    echo "$1 must not carry: $hits"
    missing=$((missing + 1))
  fi
}
L=/usr/lib/$triplet
expect libsocketx1 "$L/libsocketx.so.1" /usr/share/doc/libsocketx1/copyright
refuse libsocketx1 '\.h$|/libsocketx\.so$|/man/'
headers=$(cd "$src/abi/include" && find . -name '*.h' ! -name constants.h | sed 's|^\.|/usr/include|' | sort)
# One page per exported function, and the overview libsocketx(3).
pages=$(awk '/^sx_/ {print "/usr/share/man/man3/" $1 ".3.gz"}' "$src/abi/symbols.txt")
# shellcheck disable=SC2086 # lists of paths
expect libsocketx-dev $headers "/usr/include/$triplet/socketx/constants.h" "$L/libsocketx.so" \
  "$L/pkgconfig/socketx.pc" "$L/cmake/socketx/socketxConfig.cmake" \
  "$L/cmake/socketx/socketxConfigVersion.cmake" "$L/cmake/socketx/socketxTargets.cmake" \
  /usr/share/man/man3/libsocketx.3.gz $pages \
  /usr/share/doc/libsocketx-dev/README.md.gz /usr/share/doc/libsocketx-dev/CHANGELOG.md.gz \
  /usr/share/doc/libsocketx-dev/copyright /usr/share/doc/libsocketx-dev/changelog.gz
# constants.h only in the architecture's directory (Multi-Arch: same packages must agree).
refuse libsocketx-dev '^/usr/include/socketx/constants\.h$|/share/doc/socketx/'
expect socketx /usr/bin/socketx /usr/share/man/man1/socketx.1.gz /usr/share/doc/socketx/copyright
# The CMake-installed LICENSE/README/CHANGELOG/HTML of share/doc/socketx stay out.
refuse socketx '^/usr/share/doc/socketx/(LICENSE|README|CHANGELOG|html)'
rubyver=$(ruby -e 'print RbConfig::CONFIG["ruby_version"]')
expect ruby-socketx /usr/lib/ruby/vendor_ruby/socketx.rb /usr/lib/ruby/vendor_ruby/socketx/socket.rb \
  "$L/ruby/vendor_ruby/$rubyver/socketx_native.so"
expect libsocketx-jni "$L/jni/libsocketx_jni.so"
expect libsocketx-java /usr/share/java/libsocketx.jar "/usr/share/java/libsocketx-$version.jar"
[ "$missing" -eq 0 ] || fail "$missing content problem(s)"
debs=("$work"/*.deb)
echo "ok: contents of ${#debs[@]} packages"
echo "package:deb OK"
