# SPDX-License-Identifier: MIT
# frozen_string_literal: true

# The measuring discipline of both Ruby benchmarks (and of the Go and Java ones): each
# round runs socketx and Ruby's library once, the one going first alternating, so drift
# in machine load moves both sides of a round's ratio alike; a row gives each library's
# median rate and the per-round ratios socketx/Ruby as median [min, max]; a ratio whose
# rounds spread by more than SPREAD_LIMIT of its median is flagged as not to be trusted.
module BenchRounds
  SPREAD_LIMIT = 0.05
  MIN_ROUNDS = 7

  module_function

  def median(list)
    s = list.sort
    s.size.odd? ? s[s.size / 2] : (s[s.size / 2 - 1] + s[s.size / 2]) / 2.0
  end

  # Runs run.call(lib) for each of libs (socketx first in the list, the reference second)
  # in rounds alternating rounds; returns [median rates by name, the per-round ratios].
  def measure(libs, rounds)
    rates = Hash.new { |h, k| h[k] = [] }
    ratios = []
    rounds.times do |r|
      order = r.even? ? libs : libs.reverse
      order.each { |lib| rates[lib.name] << yield(lib) }
      ratios << rates[libs[0].name].last / rates[libs[1].name].last
    end
    [rates.transform_values { |v| median(v) }, ratios]
  end

  # "median [min, max]" of the per-round ratios.
  def ratio_cell(ratios)
    format("%.3f [%.3f, %.3f]", median(ratios), ratios.min, ratios.max)
  end

  # The warning for a row whose rounds disagree by more than SPREAD_LIMIT, or nil.
  def spread_warning(title, ratios)
    spread = (ratios.max - ratios.min) / median(ratios)
    return nil if ratios.size < 2 || spread <= SPREAD_LIMIT

    format("WARNING: %s: the rounds spread %.1f %% (over %.0f %%): the machine was not quiet enough to trust this ratio",
           title, 100 * spread, 100 * SPREAD_LIMIT)
  end

  # Measures each workload ([title, ->(lib)]) and prints its row, then the warnings.
  def report(workloads, libs, rounds, title_width)
    printf("%-#{title_width}s %14s %14s  %s\n", "workload", libs[0].name, libs[1].name,
           "ratio: median [min, max]")
    warnings = workloads.filter_map do |title, run|
      rates, ratios = measure(libs, rounds) { |lib| run.call(lib) }
      printf("%-#{title_width}s %14.0f %14.0f  %s\n", title, rates[libs[0].name], rates[libs[1].name],
             ratio_cell(ratios))
      spread_warning(title, ratios)
    end
    warnings.each { |w| puts w }
  end
end
