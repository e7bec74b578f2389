# SPDX-License-Identifier: MIT
# frozen_string_literal: true

# Loads every test file; `ruby -w -I<ext dir> -I<lib> test/run.rb`.
$LOAD_PATH.unshift(__dir__)
Dir[File.join(__dir__, "test_*.rb")].sort.each { |f| require f }
