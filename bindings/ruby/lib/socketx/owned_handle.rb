# SPDX-License-Identifier: MIT
# frozen_string_literal: true

module Socketx
  # A handle an object owns: released by #close (or given up by #detach) or, when the
  # object is forgotten, by the garbage collector, exactly once.
  module OwnedHandle
    # The finalizer closes over the state Array and the release method, never over the
    # object itself, which it would otherwise keep alive forever; giving the handle up
    # empties the Array first, so the handle is released once.
    def self.releaser(state, release)
      proc do
        h = state[0]
        if h != 0
          state[0] = 0
          release.call(h)
        end
      end
    end

    private

    # Own the handle in state[0]; release is the Native method that frees it.
    def own_handle(state, release)
      @state = state
      ObjectSpace.define_finalizer(self, OwnedHandle.releaser(state, release))
    end

    # Stop owning the handle and return it, or 0 if it was given up already; the caller
    # releases it (or hands it on).
    def disown_handle
      h = @state[0]
      return 0 if h.zero?

      @state[0] = 0
      ObjectSpace.undefine_finalizer(self)
      h
    end
  end
end
