# SPDX-License-Identifier: MIT
# frozen_string_literal: true

module Socketx
  # The C header's constant macros, SX_<NAME> (Socketx::Native::SX_AF_INET), defined when the
  # gem loads from the run-time table of the library it loaded (sx_constant_count/_at), so
  # the checked-in SWIG wrapper carries no architecture's values. The names follow the
  # header's rule: SX_NATIVE_<NAME> where SX_<NAME> already names something else in
  # libsocketx (SX_EAI_NONAME is the status code, SX_NATIVE_EAI_NONAME glibc's -2).
  module Native
    sx_constant_count.times do |i|
      name, value = sx_constant_at(i)
      macro = "SX_#{name}"
      macro = "SX_NATIVE_#{name}" if const_defined?(macro, false)
      const_set(macro, value)
    end
  end
end
