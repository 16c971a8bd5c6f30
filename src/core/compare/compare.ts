/**
 * Threshold semantics, pure: the candidate run's metrics against the baseline's and the rules of
 * the config file. `threshold`, `min_absolute_change` and `min_relative_change` behave exactly as
 * MLflow's `MetricThreshold` in `mlflow.models.evaluation.validation`; `max_regression` is the
 * tolerance most CI users want: how much worse than the baseline a metric may get.
 */
import type { CareLabelConfig, MetricRule } from '../config/types.js'
import type {
  CheckResult,
  ComparisonResult,
  Direction,
  MetricStatus,
  MetricVerdict
} from './types.js'
import { formatNumber } from '../render/format.js'

/** The relative-change fallback MLflow uses when the baseline value is 0. */
const ZERO_BASELINE_EPSILON = 1e-10

function better(greaterIsBetter: boolean, a: number, b: number): boolean {
  return greaterIsBetter ? a >= b : a <= b
}

function sign(greaterIsBetter: boolean): string {
  return greaterIsBetter ? '≥' : '≤'
}

function checkRule(
  rule: MetricRule,
  candidate: number,
  baseline: number | undefined,
  hasBaselineRun: boolean,
  notes: string[]
): CheckResult[] {
  const g = rule.greaterIsBetter
  const checks: CheckResult[] = []
  if (rule.threshold !== undefined) {
    checks.push({
      rule: 'threshold',
      passed: better(g, candidate, rule.threshold),
      description: `${sign(g)} ${formatNumber(rule.threshold)}`
    })
  }
  const relative =
    rule.minAbsoluteChange !== undefined ||
    rule.minRelativeChange !== undefined ||
    rule.maxRegression !== undefined
  if (!relative) return checks
  if (!hasBaselineRun) {
    // Say which rules the first baseline will bring, so no one reads them as missing.
    const pending = [
      rule.minAbsoluteChange !== undefined &&
        `${sign(g)} baseline ${g ? '+' : '−'} ${formatNumber(rule.minAbsoluteChange)}`,
      rule.minRelativeChange !== undefined &&
        `${sign(g)} baseline ${g ? '+' : '−'} ${formatNumber(rule.minRelativeChange * 100)}%`,
      rule.maxRegression !== undefined && `at most ${rule.maxRegression.text} worse than baseline`
    ].filter((text): text is string => typeof text === 'string')
    notes.push(`waiting for a baseline: ${pending.join('; ')}`)
    return checks
  }
  if (baseline === undefined) {
    notes.push('the baseline run did not log this metric: the change was not checked')
    return checks
  }
  if (rule.minAbsoluteChange !== undefined) {
    const bound = g ? baseline + rule.minAbsoluteChange : baseline - rule.minAbsoluteChange
    checks.push({
      rule: 'min_absolute_change',
      passed: better(g, candidate, bound),
      description: `${sign(g)} baseline ${g ? '+' : '−'} ${formatNumber(rule.minAbsoluteChange)}`
    })
  }
  if (rule.minRelativeChange !== undefined) {
    const description = `${sign(g)} baseline ${g ? '+' : '−'} ${formatNumber(rule.minRelativeChange * 100)}%`
    if (baseline === 0) {
      notes.push(
        'the baseline is 0: the relative change was checked as "better than the baseline", as MLflow does'
      )
      const bound = g ? baseline + ZERO_BASELINE_EPSILON : baseline - ZERO_BASELINE_EPSILON
      checks.push({ rule: 'min_relative_change', passed: better(g, candidate, bound), description })
    } else {
      const change = (g ? candidate - baseline : baseline - candidate) / Math.abs(baseline)
      checks.push({
        rule: 'min_relative_change',
        passed: !(change < rule.minRelativeChange),
        description
      })
    }
  }
  if (rule.maxRegression !== undefined) {
    const tolerance = toleranceOf(rule, baseline)
    const bound = g ? baseline - tolerance : baseline + tolerance
    checks.push({
      rule: 'max_regression',
      passed: better(g, candidate, bound),
      description: `at most ${rule.maxRegression.text} worse than baseline`
    })
  }
  return checks
}

export function toleranceOf(rule: MetricRule, baseline: number): number {
  const t = rule.maxRegression
  if (t === undefined) return 0
  return t.kind === 'relative' ? t.value * Math.abs(baseline) : t.value
}

function directionOf(
  candidate: number | undefined,
  baseline: number | undefined,
  rule: MetricRule | undefined
): Direction {
  if (candidate === undefined || baseline === undefined) return 'unknown'
  if (Number.isNaN(candidate) || Number.isNaN(baseline)) return 'unknown'
  if (candidate === baseline) return 'same'
  if (rule === undefined) return 'unknown'
  if (better(rule.greaterIsBetter, candidate, baseline)) return 'better'
  if (rule.maxRegression !== undefined) {
    const tolerance = toleranceOf(rule, baseline)
    const bound = rule.greaterIsBetter ? baseline - tolerance : baseline + tolerance
    if (better(rule.greaterIsBetter, candidate, bound)) return 'within'
  }
  return 'worse'
}

function judge(rule: MetricRule, checks: CheckResult[]): MetricStatus {
  if (checks.length === 0) return 'info'
  if (checks.every(check => check.passed)) return 'pass'
  return rule.level === 'warn' ? 'warn' : 'fail'
}

export function compareRuns(
  config: CareLabelConfig,
  candidate: Record<string, number>,
  baseline: Record<string, number> | undefined
): ComparisonResult {
  const metrics: MetricVerdict[] = []
  const configured = new Set<string>()
  for (const rule of config.metrics) {
    configured.add(rule.metric)
    const value = candidate[rule.metric]
    const base = baseline?.[rule.metric]
    const notes: string[] = []
    const verdict: MetricVerdict = {
      metric: rule.metric,
      candidate: value,
      baseline: base,
      greaterIsBetter: rule.greaterIsBetter,
      direction: directionOf(value, base, rule),
      checks: [],
      status: 'missing',
      level: rule.level,
      notes,
      line: rule.line
    }
    withChange(verdict)
    if (value === undefined) {
      notes.push('this run did not log the metric')
      verdict.status = rule.level === 'warn' ? 'warn' : 'missing'
    } else {
      verdict.checks = checkRule(rule, value, base, baseline !== undefined, notes)
      verdict.status = judge(rule, verdict.checks)
    }
    metrics.push(verdict)
  }
  const others = Object.keys(candidate)
    .filter(name => !configured.has(name))
    .sort()
  for (const name of others) {
    const verdict: MetricVerdict = {
      metric: name,
      candidate: candidate[name],
      baseline: baseline?.[name],
      direction: directionOf(candidate[name], baseline?.[name], undefined),
      checks: [],
      status: 'info',
      level: 'warn',
      notes: []
    }
    metrics.push(withChange(verdict))
  }
  return summarizeVerdicts(metrics, baseline !== undefined)
}

/** The verdict of a set of metric verdicts: fail when a rule of level fail broke or is missing. */
export function summarizeVerdicts(
  metrics: MetricVerdict[],
  hasBaseline: boolean
): ComparisonResult {
  const counts: Record<MetricStatus, number> = {
    pass: 0,
    fail: 0,
    warn: 0,
    missing: 0,
    info: 0,
    inconclusive: 0,
    'not-comparable': 0
  }
  for (const m of metrics) counts[m.status]++
  const failed = counts.fail + counts.missing > 0
  return {
    verdict: failed ? 'fail' : hasBaseline ? 'pass' : 'no-baseline',
    hasBaseline,
    metrics,
    counts
  }
}

function withChange(verdict: MetricVerdict): MetricVerdict {
  const { candidate, baseline } = verdict
  if (candidate !== undefined && baseline !== undefined) {
    verdict.change = candidate - baseline
    if (baseline !== 0) verdict.relativeChange = (candidate - baseline) / Math.abs(baseline)
  }
  return verdict
}
