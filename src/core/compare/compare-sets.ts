/**
 * The comparison of two sets of runs. Pure. Each metric is first decided as written, on the
 * centres of the two sets (compare.ts: with one run a side that is all, exactly as before). Where
 * a side has more than one run, the rules against the baseline are decided again with statistics
 * (core/stats): a breach fails only when it is significant at the rule's α; one that is not is
 * `inconclusive`. Metrics that depend on the machine are compared only with baseline runs of the
 * candidate's platform, and are `not comparable` when there are none.
 */
import { onSamePlatform, platformDifference } from '../baseline/platform.js'
import {
  isPlatformBound,
  resolveAlpha,
  resolveTest,
  type CareLabelConfig,
  type MetricRule,
  type TestMethod
} from '../config/types.js'
import type { Run } from '../runs.js'
import { TAG } from '../tags.js'
import {
  SAME_AS_BASELINE,
  buildBound,
  decideBreach,
  type BreachDecision,
  type MethodName,
  type Tolerance
} from '../stats/index.js'
import { formatNumber } from '../render/format.js'
import { compareRuns, summarizeVerdicts } from './compare.js'
import { centreOf, type RunSet } from './samples.js'
import type { CheckResult, ComparisonResult, Decision, MetricVerdict, RuleName } from './types.js'

/** A metric's values on each side (finite ones: NaN and infinities decide nothing). */
interface Samples {
  candidate: number[]
  baseline: number[]
  /** `candidate[i]` and `baseline[i]` ran as a pair. */
  paired?: boolean
}

function valuesOf(runs: Run[], metric: string): number[] {
  return runs.flatMap(r => {
    const value = r.data.metrics[metric]
    return value !== undefined && Number.isFinite(value) ? [value] : []
  })
}

/**
 * The job a run was measured in: its workflow run, else the run that groups its repeats, else
 * itself. Runs of one job share a machine, so their spread misses the noise between machines.
 */
function jobOf(run: Run): string {
  return run.data.tags[TAG.runUrl] ?? run.data.tags[TAG.parentRun] ?? run.info.runId
}

/** A metric's mean per job, in the order the jobs first appear (finite values only). */
function jobMeans(runs: Run[], metric: string): number[] {
  const jobs = new Map<string, number[]>()
  for (const run of runs) {
    const value = run.data.metrics[metric]
    if (value === undefined || !Number.isFinite(value)) continue
    const job = jobOf(run)
    jobs.set(job, [...(jobs.get(job) ?? []), value])
  }
  return [...jobs.values()].map(values => values.reduce((a, b) => a + b, 0) / values.length)
}

/** A metric's values pair by pair; a pair where either run lacks a finite value is left out. */
function pairedValues(candidate: Run[], baseline: Run[], metric: string): Samples {
  const samples: Samples = { candidate: [], baseline: [] }
  candidate.forEach((run, i) => {
    const now = run.data.metrics[metric]
    const before = baseline[i]?.data.metrics[metric]
    if (now === undefined || before === undefined) return
    if (!Number.isFinite(now) || !Number.isFinite(before)) return
    samples.candidate.push(now)
    samples.baseline.push(before)
  })
  return { ...samples, paired: true }
}

/** The baseline runs a rule may be compared with: for machine-bound metrics, the same platform. */
function comparableRuns(rule: MetricRule, candidate: Run | undefined, baseline: Run[]): Run[] {
  if (candidate === undefined || !isPlatformBound(rule)) return baseline
  return onSamePlatform(candidate, baseline)
}

export function compareSets(
  config: CareLabelConfig,
  candidate: RunSet,
  baseline: RunSet
): ComparisonResult {
  const [first] = candidate.runs
  // Pairs ran side by side on one runner: the same platform, whatever their tags say.
  const paired = baseline.paired === true && baseline.runs.length === candidate.runs.length
  const now = centreOf(candidate.runs) ?? {}
  const hasBaseline = baseline.runs.length > 0
  // Each rule's own baseline: the runs it may be compared with, and their centre.
  const comparable = new Map(
    config.metrics.map(rule => [
      rule.metric,
      paired ? baseline.runs : comparableRuns(rule, first, baseline.runs)
    ])
  )
  const before = hasBaseline ? (centreOf(baseline.runs) ?? {}) : undefined
  if (before !== undefined) {
    for (const [metric, runs] of comparable) {
      // With no comparable run the metric is `not comparable` (below), whatever this says.
      const centre = centreOf(runs)?.[metric]
      if (centre !== undefined) before[metric] = centre
    }
  }
  const written = compareRuns(config, now, before)
  const rules = new Map(config.metrics.map(rule => [rule.metric, rule]))
  const metrics = written.metrics.map(verdict => {
    const rule = rules.get(verdict.metric)
    if (rule === undefined || !hasBaseline || verdict.candidate === undefined) return verdict
    const runs = comparable.get(rule.metric) ?? []
    if (runs.length === 0) return notComparable(verdict, first, baseline.runs[0])
    const samples = paired
      ? pairedValues(candidate.runs, baseline.runs, rule.metric)
      : {
          candidate: valuesOf(candidate.runs, rule.metric),
          // The machine's noise is between jobs: a job's runs count as one (their mean).
          baseline: isPlatformBound(rule)
            ? jobMeans(runs, rule.metric)
            : valuesOf(runs, rule.metric)
        }
    if (samples.candidate.length === 0 || samples.baseline.length === 0) return verdict
    if (samples.candidate.length < 2 && samples.baseline.length < 2) return asWritten(verdict)
    return decideWithStatistics(verdict, rule, samples, config)
  })
  return summarizeVerdicts(metrics, hasBaseline)
}

/** One run a side: the rules against the baseline are decided on the values, and it says so. */
function asWritten(verdict: MetricVerdict): MetricVerdict {
  if (!verdict.checks.some(c => c.rule !== 'threshold')) return verdict
  return { ...verdict, notes: [...verdict.notes, NO_NOISE_ESTIMATE] }
}

const NO_NOISE_ESTIMATE = 'no noise estimate (one run a side): decided on the values as they are'

/** A machine-bound metric whose baseline runs were all measured elsewhere. */
function notComparable(
  verdict: MetricVerdict,
  candidate: Run | undefined,
  baseline: Run | undefined
): MetricVerdict {
  const why = candidate && baseline ? platformDifference(candidate, baseline) : undefined
  return {
    ...verdict,
    baseline: undefined,
    change: undefined,
    relativeChange: undefined,
    direction: 'unknown',
    checks: verdict.checks.filter(c => c.rule === 'threshold'),
    status: 'not-comparable',
    notes: [
      ...verdict.notes,
      `not compared with the baseline: it was measured on another platform${why ? ` (${why})` : ''}`
    ]
  }
}

/** The relative rules of a metric as tolerances toward worse (see core/stats/types.ts). */
function tolerances(rule: MetricRule): Array<[RuleName, Tolerance]> {
  const out: Array<[RuleName, Tolerance]> = []
  if (rule.minAbsoluteChange !== undefined) {
    out.push(['min_absolute_change', { kind: 'absolute', allowance: -rule.minAbsoluteChange }])
  }
  if (rule.minRelativeChange !== undefined) {
    out.push(['min_relative_change', { kind: 'relative', allowance: -rule.minRelativeChange }])
  }
  if (rule.maxRegression !== undefined) {
    const { kind, value } = rule.maxRegression
    out.push(['max_regression', { kind, allowance: value }])
  }
  return out
}

/** The config's test names as the statistics module names them. */
function methodOf(test: TestMethod): MethodName {
  return test === 'lognormal' ? 'log-normal' : test
}

function decideWithStatistics(
  verdict: MetricVerdict,
  rule: MetricRule,
  samples: Samples,
  config: CareLabelConfig
): MetricVerdict {
  const worse = rule.greaterIsBetter ? 'less' : 'greater'
  const alpha = resolveAlpha(rule, config.decision)
  const question = {
    candidate: samples.candidate,
    baseline: samples.baseline,
    worse,
    alpha,
    method: methodOf(resolveTest(rule, config.decision)),
    paired: samples.paired === true,
    // The candidate's repeats ran in one job; the window's runs each in their own.
    repeatsOnOneRunner: samples.paired !== true && samples.candidate.length > 1
  } as const
  const plain = decideBreach({ ...question, bound: SAME_AS_BASELINE })
  const centre = plain.baselineCentre
  const decided = new Map(
    tolerances(rule).map(([name, tolerance]) => [
      name,
      decideBreach({ ...question, bound: buildBound(tolerance, worse, centre) })
    ])
  )
  const checks: CheckResult[] = verdict.checks.map(check => {
    const decision = decided.get(check.rule)
    if (decision === undefined) return check
    return {
      ...check,
      passed: decision.outcome !== 'breach',
      outcome: decision.outcome,
      pValue: decision.pValue
    }
  })
  const gate = decided.get('max_regression') ?? [...decided.values()][0] ?? plain
  // The method's words already say how repeats were judged: that note is left out here.
  const said = (note: string): boolean => /ran on one runner/.test(note)
  const notes = [...verdict.notes, ...visibility(rule, gate), ...gate.notes.filter(n => !said(n))]
  return {
    ...verdict,
    direction:
      plain.noiseEstimate && significanceOf(plain) === 'none' ? 'within' : verdict.direction,
    checks,
    status: statusOf(rule, checks, config),
    notes: [...new Set(notes)],
    decision: decisionOf(gate, plain, samples, alpha)
  }
}

function significanceOf(plain: BreachDecision): Decision['significance'] {
  if (!plain.noiseEstimate) return 'none'
  if (plain.outcome === 'breach') return 'worse'
  return plain.significantlyBetter ? 'better' : 'none'
}

function decisionOf(
  gate: BreachDecision,
  plain: BreachDecision,
  samples: Samples,
  alpha: number
): Decision {
  return {
    method: gate.method,
    samples: { candidate: samples.candidate.length, baseline: samples.baseline.length },
    noiseEstimate: gate.noiseEstimate,
    alpha,
    significance: significanceOf(plain),
    pValue: gate.pValue,
    limit: gate.limit,
    interval: gate.interval ?? plain.interval,
    mde: gate.mde
  }
}

/** Says plainly when the gate cannot see a regression of the size its rule names. */
function visibility(rule: MetricRule, gate: BreachDecision): string[] {
  if (!gate.noiseEstimate) return []
  const tolerance = rule.maxRegression
  if (gate.mde === undefined || tolerance === undefined || tolerance.kind !== 'relative') return []
  if (tolerance.value > 0 && gate.mde <= tolerance.value) return []
  const mde = `${formatNumber(Number((gate.mde * 100).toFixed(1)))}%`
  return [
    `this gate sees a regression only beyond ${tolerance.text} + ${mde}: add repeats, a larger window, or paired runs to see smaller ones`
  ]
}

function statusOf(
  rule: MetricRule,
  checks: CheckResult[],
  config: CareLabelConfig
): MetricVerdict['status'] {
  if (checks.length === 0) return 'info'
  if (checks.some(c => !c.passed)) return rule.level === 'warn' ? 'warn' : 'fail'
  if (checks.some(c => c.outcome === 'inconclusive')) {
    const policy = config.decision?.onInconclusive ?? 'warn'
    if (policy === 'fail') return rule.level === 'warn' ? 'warn' : 'fail'
    return policy === 'pass' ? 'pass' : 'inconclusive'
  }
  return 'pass'
}
