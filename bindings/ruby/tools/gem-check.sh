#!/bin/sh
# SPDX-License-Identifier: MIT
# Build the gem from a staged copy of bindings/ruby, install it into an empty GEM_HOME,
# then require it and run its own test suite against the installed copy: what a user's
# `gem build` + `gem install --local` gets.
#
# usage: gem-check.sh SOURCE_DIR ABI_INCLUDE_DIR PKG_CONFIG_DIR WORK_DIR
#   SOURCE_DIR       bindings/ruby
#   ABI_INCLUDE_DIR  abi/include (SWIG reads the headers)
#   PKG_CONFIG_DIR   a directory with socketx.pc or socketx-uninstalled.pc
#   WORK_DIR         scratch directory, emptied first
set -eu
src=$1 inc=$2 pcdir=$3 work=$4

rm -rf "$work"
mkdir -p "$work/stage/ext/socketx" "$work/gemhome"
cp -R "$src/lib" "$src/test" "$src/socketx.gemspec" "$work/stage/"
cp "$src/ext/socketx/extconf.rb" "$work/stage/ext/socketx/"
# The gem ships the generated wrapper, so installing it needs no SWIG.
swig -ruby -initname socketx_native -I"$inc" -o "$work/stage/ext/socketx/socketx_wrap.c" "$src/socketx_ruby.i"

cd "$work/stage"
gem build socketx.gemspec --output "$work/socketx.gem"

# The scratch GEM_HOME first; the system's gem paths after it, for Debian's minitest.
syspath=$(ruby -e 'print Gem.path.join(":")')
export GEM_HOME="$work/gemhome" GEM_PATH="$work/gemhome:$syspath"
export PKG_CONFIG_PATH="$pcdir${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
gem install --local --no-document --install-dir "$work/gemhome" "$work/socketx.gem"

# Run from elsewhere so nothing of the staged tree is on the load path.
cd "$work"
ruby -w -e '
  require "socketx"
  abort "loaded from the wrong place: #{$LOADED_FEATURES.grep(/socketx/)}" unless
    $LOADED_FEATURES.grep(/socketx_native/).all? { |f| f.start_with?(ENV["GEM_HOME"]) }
  a, b = Socketx.socketpair
  a.sendall("gem ok")
  puts "smoke: #{b.recv(16)} (libsocketx #{Socketx.library_version}, gem #{Socketx::GEM_VERSION})"
'
gemdir=$(ruby -e 'print Gem::Specification.find_by_name("socketx").gem_dir')
ruby -w -I"$gemdir/test" "$gemdir/test/run.rb"
