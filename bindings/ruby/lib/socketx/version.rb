# SPDX-License-Identifier: MIT
# frozen_string_literal: true

module Socketx
  # The gem's version; the C library's is Socketx.library_version.
  GEM_VERSION = "1.1.0"
end
