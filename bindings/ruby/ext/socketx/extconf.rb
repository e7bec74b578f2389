# SPDX-License-Identifier: MIT
# frozen_string_literal: true

# Builds socketx_native.so, the SWIG-generated layer of the gem, against libsocketx.
#
# Finding the library, first match wins:
#   --with-socketx-dir=PREFIX (or --with-socketx-include/--with-socketx-lib): an install
#     prefix; the extension gets an rpath to PREFIX/lib so it loads without LD_LIBRARY_PATH;
#   pkg-config "socketx": the installed socketx.pc, or socketx-uninstalled.pc of a build
#     tree when that directory is on PKG_CONFIG_PATH.
# The wrapper socketx_wrap.c ships in the gem; in a source checkout without it, it is
# generated here from ../../socketx_ruby.i, which needs SWIG 4.1.
require "mkmf"

SRC = __dir__

inc, lib = dir_config("socketx")
if inc || lib
  lib ||= File.join(File.dirname(inc), "lib")
  $LDFLAGS << " -Wl,-rpath,#{lib}"
elsif !pkg_config("socketx")
  abort "libsocketx not found: install it (pkg-config socketx) or pass --with-socketx-dir=PREFIX"
end

abort "socketx.h not found" unless have_header("socketx.h")
abort "libsocketx (sx_socket_open) not found" unless have_library("socketx", "sx_socket_open", "socketx.h")

# The Ruby wait and close-notification functions the binding relies on.
abort "rb_wait_for_single_fd missing" unless have_func("rb_wait_for_single_fd", "ruby/io.h")
abort "rb_thread_call_without_gvl missing" unless have_func("rb_thread_call_without_gvl", "ruby/thread.h")

unless File.exist?(File.join(SRC, "socketx_wrap.c"))
  iface = File.expand_path("../../socketx_ruby.i", SRC)
  abort "socketx_wrap.c is missing and #{iface} is not there to generate it" unless File.exist?(iface)

  incdir = with_config("socketx-swig-include") ||
           pkg_config("socketx", "variable=includedir") ||
           File.expand_path("../../../../abi/include", SRC)
  cmd = ["swig", "-ruby", "-initname", "socketx_native", "-I#{incdir}", "-o", "socketx_wrap.c", iface]
  system(*cmd) || abort("could not run: #{cmd.join(" ")}")
end

# SWIG's own code is not warning-free under -Wall -Wextra; the generated file is not ours
# to fix, so keep the default flags.
# Whichever directory the wrapper is in (the source's or this build directory), it is the
# one source file.
$objs = ["socketx_wrap.o"]
create_makefile("socketx_native")
