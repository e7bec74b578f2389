# SPDX-License-Identifier: MIT
# frozen_string_literal: true

require_relative "lib/socketx/version"

Gem::Specification.new do |s|
  s.name = "socketx"
  s.version = Socketx::GEM_VERSION
  s.summary = "Every operation of Python's socket module for Ruby, over libsocketx's stable C ABI"
  s.description = <<~TEXT
    Ruby binding of libsocketx (libsocketx.so.1): sockets of every family the kernel has,
    Python's timeout modes, immutable addresses, all socket constants, and errors that are
    Errno::*, SocketError and IO::TimeoutError/Timeout::Error subclasses carrying the
    library's status. Needs libsocketx and its pkg-config file (socketx.pc) to build.
  TEXT
  s.authors = ["libsocketx developers"]
  s.license = "MIT"
  s.homepage = "https://github.com/libsocketx/libsocketx"
  s.required_ruby_version = ">= 3.1"
  s.metadata["rubygems_mfa_required"] = "true"

  # The SWIG wrapper socketx_wrap.c is checked in (tools/generate.sh), so a plain
  # `gem build` from a checkout gives a gem that installs with a C compiler and libsocketx,
  # not SWIG. Listed from this directory, whichever one `gem build` runs in.
  s.files = Dir.chdir(__dir__) do
    Dir["lib/**/*.rb", "ext/socketx/extconf.rb", "ext/socketx/socketx_wrap.c", "test/*.rb",
        "README.md", "LICENSE", "CHANGELOG.md"].sort
  end
  s.extra_rdoc_files = ["README.md", "LICENSE", "CHANGELOG.md"]
  s.extensions = ["ext/socketx/extconf.rb"]
  s.require_paths = ["lib"]
end
