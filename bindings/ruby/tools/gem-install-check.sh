#!/bin/bash
# SPDX-License-Identifier: MIT
# ctest ruby:gem-install: what a user gets from a clean checkout with no SWIG.
#   1. copy the repository's tracked files (git ls-files) into a temporary directory;
#   2. there, in bindings/ruby, a plain `gem build socketx.gemspec`, which must print no
#      warning, with a `swig` first on PATH that fails if anything runs it;
#   3. `gem install --local` into an empty GEM_HOME, libsocketx found by pkg-config through
#      the socketx.pc of BUILD_DIR installed (cmake --install) into a temporary prefix;
#   4. with only that GEM_HOME and no LD_LIBRARY_PATH (the rpath extconf.rb takes from
#      pkg-config must find the library), require "socketx" from the gem, check the
#      libsocketx it loaded is the prefix's, and send and receive over a socketpair;
#   5. the gem carries README.md, LICENSE and CHANGELOG.md, and bindings/ruby's copies of
#      LICENSE and CHANGELOG.md are identical to the top-level files;
#   6. the gem's own test suite, run from the installed copy;
#   7. the other way to find the library: extconf.rb configures against BUILD_DIR's
#      socketx-uninstalled.pc, with an rpath to the build tree.
#
# usage: gem-install-check.sh REPO_DIR BUILD_DIR   (CMAKE: the cmake to install with)
set -euo pipefail
repo=$(cd "$1" && pwd) build=$(cd "$2" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

bash "$repo/tools/sync-copies.sh" --check bindings/ruby

mkdir -p "$work/src" "$work/nobin" "$work/gemhome"
git -C "$repo" ls-files -z | (cd "$repo" && tar --null -T - -cf -) | tar -C "$work/src" -xf -
for tool in swig swig4.0; do
  printf '#!/bin/sh\necho "%s was run: the gem must build and install without SWIG" >&2\nexit 1\n' "$tool" >"$work/nobin/$tool"
  chmod +x "$work/nobin/$tool"
done
export PATH="$work/nobin:$PATH"

cd "$work/src/bindings/ruby"
gem build socketx.gemspec --output "$work/socketx.gem" >"$work/build.log" 2>&1 ||
  { cat "$work/build.log" >&2; exit 1; }
cat "$work/build.log"
if grep -qi 'warn' "$work/build.log"; then
  echo "gem build printed warnings" >&2
  exit 1
fi

"${CMAKE:-cmake}" --install "$build" --prefix "$work/prefix" --component Runtime >/dev/null
"${CMAKE:-cmake}" --install "$build" --prefix "$work/prefix" --component Development >/dev/null
pc=$(find "$work/prefix" -name socketx.pc -print -quit)
[ -n "$pc" ] || { echo "cmake --install put no socketx.pc under $work/prefix" >&2; exit 1; }

PKG_CONFIG_PATH=$(dirname "$pc") GEM_HOME="$work/gemhome" GEM_PATH="$work/gemhome" \
  gem install --local --no-document --install-dir "$work/gemhome" "$work/socketx.gem"

gemdir="$work/gemhome/gems/$(cd "$work/gemhome/gems" && ls -d socketx-*)"
for f in README.md LICENSE CHANGELOG.md ext/socketx/socketx_wrap.c; do
  cmp "$work/src/bindings/ruby/$f" "$gemdir/$f"
done

# From elsewhere, so nothing of the copied tree is on the load path.
cd "$work"
env -u LD_LIBRARY_PATH -u RUBYLIB -u RUBYOPT GEM_HOME="$work/gemhome" GEM_PATH="$work/gemhome" \
  SX_PREFIX="$work/prefix" ruby -w -e '
  require "socketx"
  native = $LOADED_FEATURES.grep(/socketx_native/)
  abort "socketx_native not loaded from the gem: #{native}" unless
    !native.empty? && native.all? { |f| f.start_with?(ENV["GEM_HOME"]) }
  libs = File.readlines("/proc/self/maps").filter_map { |l| l.split[5] if l.include?("libsocketx.so") }.uniq
  abort "libsocketx loaded from #{libs}, not from #{ENV["SX_PREFIX"]}" unless
    !libs.empty? && libs.all? { |f| f.start_with?(ENV["SX_PREFIX"]) }
  a, b = Socketx.socketpair
  a.sendall("gem ok")
  got = b.recv(16)
  abort "received #{got.inspect}" unless got == "gem ok"
  puts "smoke: #{got} (libsocketx #{Socketx.library_version}, gem #{Socketx::GEM_VERSION}, AF_INET=#{Socketx::AF_INET})"
'

# The gem's own tests need Debian's minitest: the system gem paths after the scratch one.
syspath=$(env -u GEM_HOME -u GEM_PATH ruby -e 'print Gem.path.join(":")')
env -u LD_LIBRARY_PATH GEM_HOME="$work/gemhome" GEM_PATH="$work/gemhome:$syspath" \
  ruby -w -I"$gemdir/test" "$gemdir/test/run.rb"

mkdir "$work/extconf"
cd "$work/extconf"
PKG_CONFIG_PATH="$build" ruby "$work/src/bindings/ruby/ext/socketx/extconf.rb" >/dev/null ||
  { cat mkmf.log >&2; exit 1; }
grep -q -- "-Wl,-rpath,$build\b" Makefile ||
  { echo "extconf.rb against $build/socketx-uninstalled.pc: no rpath to $build in the Makefile" >&2; exit 1; }
echo "extconf.rb finds the build tree through socketx-uninstalled.pc, rpath $build"
