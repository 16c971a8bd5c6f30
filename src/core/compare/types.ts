import type { Level } from '../config/types.js'

/**
 * pass/fail/warn: the rules were checked; missing: a configured metric was not logged; info: no
 * rule; inconclusive: worse than a rule allows, but not significantly (noise could explain it);
 * not-comparable: the baseline was measured on another platform (runtime, memory, energy).
 */
export type MetricStatus =
  'pass' | 'fail' | 'warn' | 'missing' | 'info' | 'inconclusive' | 'not-comparable'

export const METRIC_STATUSES: MetricStatus[] = [
  'pass',
  'fail',
  'warn',
  'missing',
  'info',
  'inconclusive',
  'not-comparable'
]

/** better/worse than the baseline, the same, worse but within the tolerance, or not comparable. */
export type Direction = 'better' | 'worse' | 'same' | 'within' | 'unknown'

export type RuleName =
  'threshold' | 'min_absolute_change' | 'min_relative_change' | 'max_regression'

export interface CheckResult {
  rule: RuleName
  passed: boolean
  /** The rule in words, e.g. "≥ 0.9". */
  description: string
  /** With a noise estimate: whether the breach is significant (breach), or only apparent. */
  outcome?: 'breach' | 'no-breach' | 'inconclusive'
  /** The one-sided p-value of "no worse than the rule's bound", when a test decided. */
  pValue?: number
}

/** How a metric was decided from sets of runs (absent: one run a side, decided as written). */
export interface Decision {
  /** The method in words, e.g. "Welch's t, 5 vs 10 runs". */
  method: string
  /** Runs with a value of the metric on each side. */
  samples: { candidate: number; baseline: number }
  /** Whether the runs gave a spread to estimate the noise from (false: exact or single values). */
  noiseEstimate: boolean
  /** The false-alarm level the rule was tested at. */
  alpha: number
  /** A change the test tells apart from noise: worse or better than the baseline itself. */
  significance: 'worse' | 'better' | 'none'
  pValue?: number
  /** The prediction limit for one new value, in the metric's units, when one decided. */
  limit?: number
  /** The relative difference of the centres, as an interval at level `level`. */
  interval?: { low: number; high: number; level: number }
  /** The smallest regression beyond the rule's tolerance (relative) this setup detects (95% power). */
  mde?: number
}

export interface MetricVerdict {
  metric: string
  candidate?: number
  baseline?: number
  /** candidate - baseline */
  change?: number
  /** (candidate - baseline) / |baseline| */
  relativeChange?: number
  greaterIsBetter?: boolean
  direction: Direction
  checks: CheckResult[]
  status: MetricStatus
  level: Level
  notes: string[]
  /** The line of the metric's rule in the config file. */
  line?: number
  /** How it was decided from sets of runs; absent with one run a side. */
  decision?: Decision
}

export type Verdict = 'pass' | 'fail' | 'no-baseline'

export interface ComparisonResult {
  verdict: Verdict
  hasBaseline: boolean
  metrics: MetricVerdict[]
  counts: Record<MetricStatus, number>
}
