# SPDX-License-Identifier: MIT
# frozen_string_literal: true

module Socketx
  # The C header's constant macros, SX_<NAME> (Socketx::Native::SX_AF_INET), defined when the
  # gem loads from the run-time table of the library it loaded (sx_constant_count/_at), so
  # the checked-in SWIG wrapper carries no architecture's values. The names follow the
  # header's rule: SX_NATIVE_<NAME> where SX_<NAME> already names something else in
  # libsocketx (SX_EAI_NONAME is the status code, SX_NATIVE_EAI_NONAME glibc's -2).
  module Native
    # The run-time table as [name, value] pairs, read once: Socketx::Constants and
    # Socketx.socket_constants are made from it too.
    CONSTANT_TABLE = Array.new(sx_constant_count) { |i| sx_constant_at(i).freeze }.freeze

    CONSTANT_TABLE.each do |name, value|
      macro = "SX_#{name}"
      macro = "SX_NATIVE_#{name}" if const_defined?(macro, false)
      const_set(macro, value)
    end
  end
end
