/**
 * What a pull request changes in the rules, in words, so that reviewers see a loosened gate at
 * the top of the comment. Pure.
 */
import type { CareLabelConfig, MetricRule } from './types.js'

/** The keys of a rule as the config file writes them. */
const KEYS: Array<[keyof MetricRule, string]> = [
  ['greaterIsBetter', 'greater_is_better'],
  ['threshold', 'threshold'],
  ['minAbsoluteChange', 'min_absolute_change'],
  ['minRelativeChange', 'min_relative_change'],
  ['maxRegression', 'max_regression'],
  ['level', 'level'],
  ['category', 'category'],
  ['rating', 'rating'],
  ['test', 'test'],
  ['platformBound', 'platform_bound'],
  ['alpha', 'alpha']
]

function shown(value: unknown): string {
  if (value === undefined) return '(none)'
  if (typeof value === 'object' && value !== null && 'text' in value) return String(value.text)
  return Array.isArray(value) ? `[${value.join(', ')}]` : String(value)
}

/** The changes from `before` (the base branch's rules) to `after` (the pull request's). */
export function diffRules(before: CareLabelConfig, after: CareLabelConfig): string[] {
  const changes: string[] = []
  const old = new Map(before.metrics.map(r => [r.metric, r]))
  const now = new Map(after.metrics.map(r => [r.metric, r]))
  for (const [metric, rule] of old) {
    const next = now.get(metric)
    if (next === undefined) {
      changes.push(`removes the rules of ${metric}`)
      continue
    }
    for (const [key, name] of KEYS) {
      const a = shown(rule[key])
      const b = shown(next[key])
      if (a !== b) changes.push(`${metric}.${name}: ${a} → ${b}`)
    }
  }
  for (const metric of now.keys()) {
    if (!old.has(metric)) changes.push(`adds rules for ${metric}`)
  }
  const sections: Array<[string, unknown, unknown]> = [
    ['baseline', before.baseline, after.baseline],
    ['decision', before.decision, after.decision],
    ['label', before.label, after.label]
  ]
  for (const [name, a, b] of sections) {
    if (JSON.stringify(a ?? {}) !== JSON.stringify(b ?? {})) {
      changes.push(`${name}: ${JSON.stringify(a ?? {})} → ${JSON.stringify(b ?? {})}`)
    }
  }
  return changes
}
