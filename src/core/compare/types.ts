import type { Level } from '../config/types.js'

/** pass/fail/warn: the rules were checked; missing: a configured metric was not logged; info: no rule. */
export type MetricStatus = 'pass' | 'fail' | 'warn' | 'missing' | 'info'

/** better/worse than the baseline, the same, worse but within the tolerance, or not comparable. */
export type Direction = 'better' | 'worse' | 'same' | 'within' | 'unknown'

export type RuleName =
  'threshold' | 'min_absolute_change' | 'min_relative_change' | 'max_regression'

export interface CheckResult {
  rule: RuleName
  passed: boolean
  /** The rule in words, e.g. "≥ 0.9". */
  description: string
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
}

export type Verdict = 'pass' | 'fail' | 'no-baseline'

export interface ComparisonResult {
  verdict: Verdict
  hasBaseline: boolean
  metrics: MetricVerdict[]
  counts: Record<MetricStatus, number>
}
