/**
 * One metric's decision: is the candidate worse than the rule's bound on the baseline, at level α?
 *
 * H0: the candidate's centre is no worse than `scale · baseline + shift`; H1: it is worse. The
 * test runs on the candidate against the baseline mapped through the bound (build-bound.ts),
 * one-sided, so a no-op change fires with probability ≤ α per metric, and a change beyond the
 * tolerance that the data cannot confirm is `inconclusive`, not a failure.
 *
 * `auto` chooses by what exists:
 * - one run a side (K = 1, N = 1): no noise estimate; the rule on the values as they are (today's
 *   deterministic behaviour), `noiseEstimate: false`;
 * - no spread on either side (every side with ≥ 2 values has them all equal: exact metrics with
 *   fixed seeds): the same deterministic rule on the centres, `noiseEstimate: false`, mde 0;
 * - unpaired, otherwise: Student's t with pooled variance, N + K − 2 df. With N = 1 this is
 *   Bencher's t prediction interval (mean ± t₁₋α,K₋₁·s·√(1 + 1/K)); with K = 1 the spread comes
 *   from the candidate's runs. When every value is > 0 the same test also runs on ln x (the
 *   log-normal model) and a breach needs both to agree: each model holds α when the noise follows
 *   it (normal, or log-normal: times, skewed positive measures), so their conjunction holds α under
 *   either, where the t model alone fires 2–3× too often on log-normal noise at CV 30% and the
 *   log-normal model alone as often on normal noise in the lower tail;
 * - pairs: the paired t on ln(candidate / bound) when every value is > 0 (runner-to-runner noise
 *   cancels exactly when it is multiplicative), else on candidate − bound; one pair: deterministic.
 *
 * Why not Welch's t for N ≥ 2: with few candidate runs against a long window (N = 3, K ≥ 20) its
 * Satterthwaite df are too generous and it fires at 2.3% for α = 1% on normal noise; under a no-op
 * change both sides have one variance, which the pooled t assumes, exactly. `welch` stays
 * available by name. bench/verdicts.ts measures all of this.
 */
import { SAME_AS_BASELINE, applyBound, boundAt } from './build-bound.js'
import { computeMean, computeMedian, computeVariance, describeSample } from './describe-sample.js'
import { quantileNormal, quantileT, sfNormal } from './distributions.js'
import { RANK_VARIANCE_FACTOR, estimateMde, type SplitVariance } from './estimate-mde.js'
import { iqrMultiplier, predictLimit } from './predict-limit.js'
import {
  smallestMannWhitneyP,
  smallestWilcoxonP,
  testMannWhitney,
  testOneSampleT,
  testStudentT,
  testWelchT,
  testWilcoxon
} from './test-samples.js'
import type {
  Alternative,
  Bound,
  BreachDecision,
  BreachOutcome,
  BreachQuestion,
  Interval,
  MethodName,
  TestResult,
  Worse
} from './types.js'

export const DEFAULT_ALPHA = 0.01

/** The parts of a decision every path fills in; `decideBreach` adds the rest. */
interface Context {
  x: number[]
  y: number[]
  bound: Bound
  worse: Worse
  alpha: number
  notes: string[]
}

type Decided = Omit<BreachDecision, 'notes'>

/**
 * Decides one metric. Throws a RangeError for an empty side, α outside (0, 0.5), a non-finite
 * bound, pairs of unequal length, or a paired method without pairs.
 */
export function decideBreach(question: BreachQuestion): BreachDecision {
  const alpha = question.alpha ?? DEFAULT_ALPHA
  const bound = question.bound ?? SAME_AS_BASELINE
  const method = question.method ?? 'auto'
  if (!(alpha > 0 && alpha < 0.5)) throw new RangeError(`alpha must be in (0, 0.5), not ${alpha}`)
  if (!Number.isFinite(bound.scale) || !Number.isFinite(bound.shift)) {
    throw new RangeError(`the bound must be finite, not ${JSON.stringify(bound)}`)
  }
  if (question.candidate.length === 0 || question.baseline.length === 0) {
    throw new RangeError('decideBreach needs at least one candidate and one baseline value')
  }
  const notes: string[] = []
  const pairedMethod = method === 'paired-t' || method === 'paired-log-t' || method === 'wilcoxon'
  if (pairedMethod && question.paired !== true) {
    throw new RangeError(`the ${method} method needs paired runs`)
  }
  let decided: Decided
  if (question.paired === true) {
    if (question.candidate.length !== question.baseline.length) {
      throw new RangeError(
        `pairs need as many candidate values as baseline values, not ${question.candidate.length} and ${question.baseline.length}`
      )
    }
    const [x, y] = pairsWithoutNaN(question.candidate, question.baseline, notes)
    const context = { x, y, bound, worse: question.worse, alpha, notes }
    if (method === 'auto' || pairedMethod) {
      decided = decidePaired(context, method)
    } else {
      notes.push('the pairs were compared as two independent samples')
      decided = decideUnpaired(context, method, false)
    }
  } else {
    const x = withoutNaN(question.candidate, 'candidate', notes)
    const y = withoutNaN(question.baseline, 'baseline', notes)
    const context = { x, y, bound, worse: question.worse, alpha, notes }
    decided = decideUnpaired(context, method, question.repeatsOnOneRunner === true)
  }
  return { ...decided, notes }
}

// ---------------------------------------------------------------------------------------------
// Unpaired

function decideUnpaired(context: Context, method: MethodName, oneRunner: boolean): Decided {
  const { y, bound, notes } = context
  let { x } = context
  const unusable = unusableSide(x, y)
  if (unusable !== undefined) return decideAsIs(context, unusable)
  if (oneRunner && x.length > 1) {
    notes.push(
      `the ${x.length} repeats ran on one runner: their mean is judged as one run against the window's spread`
    )
    x = [computeMean(x)]
  }
  const n = x.length
  const k = y.length
  if (method === 'static') return decideStatic(context, x)
  if (method === 'percentage') return decidePercentage(context, x)
  if (n === 1 && k === 1) {
    return decideAsIs(
      { ...context, x },
      'one run a side: no noise estimate, the rule was applied to the values as they are'
    )
  }
  if (isConstant(x) && isConstant(y)) {
    return decideExact({ ...context, x }, `no spread in the ${n} + ${k} runs (an exact metric)`)
  }
  if (bound.scale === 0) return decideAgainstConstant({ ...context, x })
  const mapped = applyBound(y, bound)
  const positive = x.every(v => v > 0) && mapped.every(v => v > 0) && y.every(v => v > 0)
  const ctx = { ...context, x }
  switch (method) {
    case 'auto':
      return decideStudent(ctx, mapped, positive ? 'both' : 'values', oneRunner)
    case 't':
      return decideStudent(ctx, mapped, 'values', oneRunner)
    case 'log-normal':
      if (!positive) {
        notes.push('the log-normal model needs values > 0: the t model was used')
        return decideStudent(ctx, mapped, 'values', oneRunner)
      }
      return decideStudent(ctx, mapped, 'logs', oneRunner)
    case 'welch':
      if (n < 2 || k < 2) {
        notes.push("Welch's t needs 2 runs a side: Student's t was used")
        return decideStudent(ctx, mapped, 'values', oneRunner)
      }
      return decideWelch(ctx, mapped)
    case 'mann-whitney':
      return decideMannWhitney(ctx, mapped)
    case 'z':
    case 'iqr':
      if (k < 2) {
        notes.push(`the ${method} model needs a window of 2 runs: Student's t was used`)
        return decideStudent(ctx, mapped, 'values', oneRunner)
      }
      return decideLimit(ctx, mapped, method)
    default:
      throw new RangeError(`the ${method} method needs paired runs`)
  }
}

type Scale = 'values' | 'logs' | 'both'

interface ModelOutcome {
  pValue: number
  betterP: number
  interval?: Interval
  mde?: number
  limit?: number
}

/** Student's t (pooled) on values, on logs, or on both (a breach needs both). */
function decideStudent(
  context: Context,
  mapped: number[],
  scale: Scale,
  oneRunner: boolean
): Decided {
  const { x, y, worse } = context
  const n = x.length
  const k = y.length
  const values: Sides = { x, y, mapped }
  const logs: Sides | undefined =
    scale === 'values'
      ? undefined
      : { x: x.map(Math.log), y: y.map(Math.log), mapped: mapped.map(Math.log) }
  const models: ModelOutcome[] = []
  if (scale !== 'logs') models.push(runStudent(context, values, false))
  if (logs !== undefined) models.push(runStudent(context, logs, true))
  const centres = scale === 'logs' && logs !== undefined ? logs : values
  const centre = (v: number[]): number =>
    centres === values ? computeMean(v) : Math.exp(computeMean(v))
  const candidateCentre = centre(centres.x)
  const baselineCentre = centre(centres.y)
  const boundCentre = centre(centres.mapped)
  const breach = models.every(m => m.pValue <= context.alpha)
  const significantlyBetter = models.every(m => m.betterP <= context.alpha)
  const pValue = Math.max(...models.map(m => m.pValue))
  const beyond = isWorse(candidateCentre, boundCentre, worse)
  const limits = models.map(m => m.limit).filter(isNumber)
  const limit =
    n === 1 && limits.length > 0
      ? worse === 'greater'
        ? Math.max(...limits)
        : Math.min(...limits)
      : undefined
  const words =
    scale === 'both' ? ' on values and logs' : scale === 'logs' ? ' on logs (log-normal)' : ''
  const method = oneRunner
    ? `t prediction interval${words}, the mean of repeats on one runner vs a window of ${k}`
    : n === 1
      ? `t prediction interval${words}, 1 run vs a window of ${k}`
      : k === 1
        ? `Student's t${words}, ${n} runs vs 1 (spread from the candidate's runs)`
        : `Student's t${words}, ${n} vs ${k} runs`
  return {
    outcome: outcomeOf(breach, beyond),
    significantlyBetter,
    test: scale === 'logs' ? 'log-normal' : 't',
    method,
    pValue,
    ...(limit === undefined ? {} : { limit }),
    candidateCentre,
    baselineCentre,
    boundCentre,
    ...unionInterval(models),
    ...maxMde(models),
    noiseEstimate: true
  }
}

/** The candidate, the baseline and the baseline mapped through the bound (values or logs). */
interface Sides {
  x: number[]
  y: number[]
  mapped: number[]
}

/** One model of `decideStudent`: the pooled t on the sides as given (`logs`: they are ln x). */
function runStudent(context: Context, sides: Sides, logs: boolean): ModelOutcome {
  const { worse, alpha } = context
  const { x, y, mapped } = sides
  const test = testStudentT(x, mapped, worse)
  const plain = testStudentT(x, y, opposite(worse))
  const back = logs ? Math.exp : (v: number) => v
  const boundCentre = back(computeMean(mapped))
  const baselineCentre = back(computeMean(y))
  // One run against the window: the t prediction limit (on ln x it is the log-normal model's).
  const limit = x.length === 1 ? back(predictLimit(mapped, 't', worse, alpha)) : undefined
  const mde = estimateMde({
    ...(logs ? fixedSpread(test) : pooledSpreads(test, x.length, y.length)),
    df: test.df ?? Number.NaN,
    alpha,
    boundCentre,
    baselineCentre,
    worse,
    logScale: logs
  })
  return {
    pValue: test.pValue,
    betterP: plain.pValue,
    interval: relativeInterval(plain, alpha, logs ? undefined : baselineCentre),
    ...(mde === undefined ? {} : { mde }),
    ...(limit === undefined ? {} : { limit })
  }
}

function decideWelch(context: Context, mapped: number[]): Decided {
  const { x, y, worse, alpha } = context
  const test = testWelchT(x, mapped, worse)
  const plain = testWelchT(x, y, opposite(worse))
  const baselineCentre = computeMean(y)
  const candidateCentre = computeMean(x)
  const boundCentre = computeMean(mapped)
  const mde = estimateMde({
    spread: {
      candidate: computeVariance(x) / x.length,
      baseline: computeVariance(mapped) / mapped.length
    },
    df: test.df ?? Number.NaN,
    alpha,
    boundCentre,
    baselineCentre,
    worse
  })
  const interval = relativeInterval(plain, alpha, baselineCentre)
  return {
    outcome: outcomeOf(test.pValue <= alpha, isWorse(candidateCentre, boundCentre, worse)),
    significantlyBetter: plain.pValue <= alpha,
    test: 'welch',
    method: `Welch's t, ${x.length} vs ${y.length} runs`,
    pValue: test.pValue,
    candidateCentre,
    baselineCentre,
    boundCentre,
    ...(interval === undefined ? {} : { interval }),
    ...(mde === undefined ? {} : { mde }),
    noiseEstimate: true
  }
}

function decideMannWhitney(context: Context, mapped: number[]): Decided {
  const { x, y, worse, alpha, notes } = context
  const n = x.length
  const k = y.length
  const test = testMannWhitney(x, mapped, worse)
  const plain = testMannWhitney(x, y, opposite(worse))
  const smallest = smallestMannWhitneyP(n, k)
  if (smallest > alpha) {
    notes.push(
      `Mann–Whitney U cannot reach α = ${alpha} with ${n} vs ${k} runs: the exact test's smallest p is ${formatP(smallest)}`
    )
  }
  const candidateCentre = computeMedian(x)
  const baselineCentre = computeMedian(y)
  const boundCentre = computeMedian(mapped)
  const pooled = pooledSpreads(testStudentT(x, mapped, worse), n, k)
  const mde = estimateMde({
    spread: scaleSplit(pooled.spread, RANK_VARIANCE_FACTOR),
    standardError: scaleSplit(pooled.standardError, RANK_VARIANCE_FACTOR),
    alpha,
    boundCentre: computeMean(mapped),
    baselineCentre: computeMean(y),
    worse
  })
  return {
    outcome: outcomeOf(test.pValue <= alpha, isWorse(candidateCentre, boundCentre, worse)),
    significantlyBetter: plain.pValue <= alpha,
    test: 'mann-whitney',
    method: `Mann–Whitney U, ${n} vs ${k} runs`,
    pValue: test.pValue,
    candidateCentre,
    baselineCentre,
    boundCentre,
    ...(mde === undefined ? {} : { mde }),
    noiseEstimate: true
  }
}

/** The z and IQR prediction limits for the candidate's centre (mean for z, median for IQR). */
function decideLimit(context: Context, mapped: number[], model: 'z' | 'iqr'): Decided {
  const { x, y, worse, alpha } = context
  const n = x.length
  const k = y.length
  const towardWorse = worse === 'greater' ? 1 : -1
  const candidateCentre = model === 'z' ? computeMean(x) : computeMedian(x)
  const baselineCentre = model === 'z' ? computeMean(y) : computeMedian(y)
  const boundCentre = model === 'z' ? computeMean(mapped) : computeMedian(mapped)
  const window = describeSample(mapped)
  const plainWindow = describeSample(y)
  // The spread of the compared centre: s/√N for the z model's mean, IQR/1.349 for the IQR model.
  const spreadOf = (w: { sd: number; iqr: number }) =>
    model === 'z' ? w.sd / Math.sqrt(n) : w.iqr / (2 * quantileNormal(0.75))
  const spread = spreadOf(window)
  const limit =
    model === 'z'
      ? boundCentre + towardWorse * quantileNormal(1 - alpha) * spread
      : predictLimit(mapped, 'iqr', worse, alpha)
  const plainLimit =
    model === 'z'
      ? baselineCentre - towardWorse * quantileNormal(1 - alpha) * spreadOf(plainWindow)
      : plainWindow.median - towardWorse * iqrMultiplier(alpha) * plainWindow.iqr
  const statistic = (towardWorse * (candidateCentre - boundCentre)) / spread
  // σ̂: s for z, IQR/1.349 for IQR; the limit's margin is z₁₋α·σ̂/√N (z) or z₁₋α·σ̂ (IQR).
  const sigma2 = (model === 'z' ? window.sd : window.iqr / (2 * quantileNormal(0.75))) ** 2
  const mde = estimateMde({
    spread: { candidate: sigma2 / n, baseline: sigma2 / k },
    standardError: { candidate: 0, baseline: spread * spread },
    alpha,
    boundCentre,
    baselineCentre,
    worse
  })
  const interval =
    model === 'z' && baselineCentre !== 0
      ? zInterval(candidateCentre - baselineCentre, spreadOf(plainWindow), alpha, baselineCentre)
      : undefined
  return {
    outcome: outcomeOf(
      isWorse(candidateCentre, limit, worse),
      isWorse(candidateCentre, boundCentre, worse)
    ),
    significantlyBetter: isWorse(plainLimit, candidateCentre, worse),
    test: model,
    method:
      model === 'z'
        ? `z prediction limit, ${runs(n)} vs a window of ${k}`
        : `IQR limit (median ± ${iqrMultiplier(alpha).toFixed(2)}·IQR), ${runs(n)} vs a window of ${k}`,
    ...(model === 'z' ? { pValue: sfNormal(statistic) } : {}),
    limit,
    candidateCentre,
    baselineCentre,
    boundCentre,
    ...(interval === undefined ? {} : { interval }),
    ...(mde === undefined ? {} : { mde }),
    noiseEstimate: true
  }
}

/** A bound that does not depend on the baseline (scale 0): the candidate's mean against it. */
function decideAgainstConstant(context: Context): Decided {
  const { x, y, bound, worse, alpha, notes } = context
  if (x.length < 2 || isConstant(x)) {
    notes.push('the bound does not depend on the baseline and the candidate has no spread')
    return decideAsIs(context, undefined)
  }
  const test = testOneSampleT(x, bound.shift, worse)
  const plain = testOneSampleT(x, computeMean(y), opposite(worse))
  const candidateCentre = computeMean(x)
  const baselineCentre = computeMean(y)
  const mde = estimateMde({
    spread: { candidate: (test.standardError ?? Number.NaN) ** 2, baseline: 0 },
    df: test.df ?? Number.NaN,
    alpha,
    boundCentre: bound.shift,
    baselineCentre,
    worse
  })
  return {
    outcome: outcomeOf(test.pValue <= alpha, isWorse(candidateCentre, bound.shift, worse)),
    significantlyBetter: plain.pValue <= alpha,
    test: 't',
    method: `one-sample t, ${x.length} runs vs a fixed bound`,
    pValue: test.pValue,
    candidateCentre,
    baselineCentre,
    boundCentre: bound.shift,
    ...(mde === undefined ? {} : { mde }),
    noiseEstimate: true
  }
}

// ---------------------------------------------------------------------------------------------
// Pairs

function decidePaired(context: Context, method: MethodName): Decided {
  const { x, y, bound, worse, alpha, notes } = context
  const m = x.length
  const unusable = unusableSide(x, y)
  if (unusable !== undefined) return decideAsIs(context, unusable)
  if (m === 1) {
    return decideAsIs(
      context,
      'one pair: no noise estimate, the rule was applied to the values as they are'
    )
  }
  const mapped = applyBound(y, bound)
  const positive = x.every(v => v > 0) && y.every(v => v > 0) && mapped.every(v => v > 0)
  let test: 'paired-t' | 'paired-log-t' | 'wilcoxon' =
    method === 'wilcoxon'
      ? 'wilcoxon'
      : method === 'paired-t' || !positive
        ? 'paired-t'
        : 'paired-log-t'
  if (method === 'paired-log-t' && !positive) {
    notes.push('the log ratios need values > 0: the paired t on differences was used')
    test = 'paired-t'
  }
  const logs = test === 'paired-log-t'
  const differences = x.map((v, i) =>
    logs ? Math.log(v) - Math.log(mapped[i] ?? Number.NaN) : v - (mapped[i] ?? Number.NaN)
  )
  const plainDifferences = x.map((v, i) =>
    logs ? Math.log(v) - Math.log(y[i] ?? Number.NaN) : v - (y[i] ?? Number.NaN)
  )
  const centre = logs ? geometricMean : test === 'wilcoxon' ? computeMedian : computeMean
  const candidateCentre = centre(x)
  const baselineCentre = centre(y)
  const boundCentre = centre(mapped)
  if (isConstant(differences)) {
    notes.push(`the ${m} pairs differ by the same amount (an exact metric)`)
    const beyond = isWorse(differences[0] ?? 0, 0, worse)
    const better = isWorse(0, plainDifferences[0] ?? 0, worse)
    return {
      outcome: beyond ? 'breach' : 'no-breach',
      significantlyBetter: better,
      test: 'deterministic',
      method: `deterministic, ${m} pairs (no spread: exact metric)`,
      candidateCentre,
      baselineCentre,
      boundCentre,
      mde: 0,
      noiseEstimate: false
    }
  }
  const meanY = computeMean(y)
  if (test === 'wilcoxon') {
    const result = testWilcoxon(differences, worse)
    const plain = testWilcoxon(plainDifferences, opposite(worse))
    const smallest = smallestWilcoxonP(differences.filter(d => d !== 0).length)
    if (smallest.approximate > alpha) {
      notes.push(
        `Wilcoxon's signed-rank test cannot reach α = ${alpha} with ${m} pairs: its smallest p is ${formatP(smallest.approximate)} (exact test: ${formatP(smallest.exact)})`
      )
    }
    const mde = estimateMde({
      spread: { candidate: 0, baseline: (computeVariance(differences) / m) * RANK_VARIANCE_FACTOR },
      alpha,
      boundCentre: computeMean(mapped),
      baselineCentre: meanY,
      worse
    })
    return {
      outcome: outcomeOf(result.pValue <= alpha, isWorse(computeMedian(differences), 0, worse)),
      significantlyBetter: plain.pValue <= alpha,
      test,
      method: `Wilcoxon signed-rank, ${m} pairs`,
      pValue: result.pValue,
      candidateCentre,
      baselineCentre,
      boundCentre,
      ...(mde === undefined ? {} : { mde }),
      noiseEstimate: true
    }
  }
  const result = testOneSampleT(differences, 0, worse)
  const plain = testOneSampleT(plainDifferences, 0, opposite(worse))
  const mde = estimateMde({
    ...fixedSpread(result),
    df: result.df ?? Number.NaN,
    alpha,
    boundCentre: logs ? boundCentre : computeMean(mapped),
    baselineCentre: logs ? geometricMean(y) : meanY,
    worse,
    logScale: logs
  })
  const interval = relativeInterval(plain, alpha, logs ? undefined : meanY)
  return {
    outcome: outcomeOf(result.pValue <= alpha, isWorse(computeMean(differences), 0, worse)),
    significantlyBetter: plain.pValue <= alpha,
    test,
    method: logs ? `paired t on log ratios, ${m} pairs` : `paired t, ${m} pairs`,
    pValue: result.pValue,
    candidateCentre,
    baselineCentre,
    boundCentre,
    ...(interval === undefined ? {} : { interval }),
    ...(mde === undefined ? {} : { mde }),
    noiseEstimate: true
  }
}

// ---------------------------------------------------------------------------------------------
// Without a noise model

/** The rule on the values as they are (medians for several): today's deterministic decision. */
function decideAsIs(context: Context, note: string | undefined): Decided {
  if (note !== undefined) context.notes.push(note)
  const candidateCentre = centreOrNaN(context.x)
  const baselineCentre = centreOrNaN(context.y)
  const boundCentre = boundAt(baselineCentre, context.bound)
  return {
    outcome: breachesAsIs(candidateCentre, boundCentre, context.worse) ? 'breach' : 'no-breach',
    significantlyBetter: false,
    test: 'deterministic',
    method: `deterministic, ${runs(context.x.length)} vs ${context.y.length} (no noise estimate)`,
    candidateCentre,
    baselineCentre,
    boundCentre,
    noiseEstimate: false
  }
}

/** No spread anywhere: the change is exact, so any change is real. */
function decideExact(context: Context, note: string): Decided {
  context.notes.push(note)
  const candidateCentre = centreOrNaN(context.x)
  const baselineCentre = centreOrNaN(context.y)
  const boundCentre = boundAt(baselineCentre, context.bound)
  return {
    outcome: breachesAsIs(candidateCentre, boundCentre, context.worse) ? 'breach' : 'no-breach',
    significantlyBetter: isWorse(baselineCentre, candidateCentre, context.worse),
    test: 'deterministic',
    method: `deterministic, ${context.x.length} vs ${context.y.length} runs (no spread: exact metric)`,
    candidateCentre,
    baselineCentre,
    boundCentre,
    mde: 0,
    noiseEstimate: false
  }
}

/** `static`: the rule applied to the medians, no noise model. */
function decideStatic(context: Context, x: number[]): Decided {
  const candidateCentre = centreOrNaN(x)
  const baselineCentre = centreOrNaN(context.y)
  const boundCentre = boundAt(baselineCentre, context.bound)
  return {
    outcome: breachesAsIs(candidateCentre, boundCentre, context.worse) ? 'breach' : 'no-breach',
    significantlyBetter: false,
    test: 'static',
    method: `the rule on the medians, ${runs(x.length)} vs ${context.y.length} (no noise model)`,
    candidateCentre,
    baselineCentre,
    boundCentre,
    noiseEstimate: false
  }
}

/** `percentage`: the candidate's mean against the bound on the window's mean, no noise model. */
function decidePercentage(context: Context, x: number[]): Decided {
  const candidateCentre = computeMean(x)
  const baselineCentre = computeMean(context.y)
  const limit = predictLimit(
    applyBound(context.y, context.bound),
    'percentage',
    context.worse,
    context.alpha
  )
  return {
    outcome: breachesAsIs(candidateCentre, limit, context.worse) ? 'breach' : 'no-breach',
    significantlyBetter: false,
    test: 'percentage',
    method: `the rule on the means, ${runs(x.length)} vs a window of ${context.y.length} (no noise model)`,
    limit,
    candidateCentre,
    baselineCentre,
    boundCentre: limit,
    noiseEstimate: false
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers

/**
 * A pooled t's spreads. D = x̄ − ȳ′ has variance σ²/N (the candidate's part, which grows with its
 * level) + σ²/K; the test's SE² = s_p²(1/N + 1/K) with s_p² pooled from the two sides by their
 * degrees of freedom, N − 1 and K − 1, so its candidate part is the share N − 1 of it.
 */
function pooledSpreads(
  test: TestResult,
  n: number,
  k: number
): { spread: SplitVariance; standardError: SplitVariance } {
  const se2 = (test.standardError ?? Number.NaN) ** 2
  const pooled = se2 / (1 / n + 1 / k)
  const df = n + k - 2
  return {
    spread: { candidate: pooled / n, baseline: pooled / k },
    standardError: { candidate: (se2 * (n - 1)) / df, baseline: (se2 * (k - 1)) / df }
  }
}

/** A test's SE² as a spread that does not grow with the candidate's level. */
function fixedSpread(test: TestResult): { spread: SplitVariance } {
  return { spread: { candidate: 0, baseline: (test.standardError ?? Number.NaN) ** 2 } }
}

function scaleSplit(v: SplitVariance, factor: number): SplitVariance {
  return { candidate: v.candidate * factor, baseline: v.baseline * factor }
}

function outcomeOf(breach: boolean, beyond: boolean): BreachOutcome {
  return breach ? 'breach' : beyond ? 'inconclusive' : 'no-breach'
}

/** a is worse than b (strictly). */
function isWorse(a: number, b: number, worse: Worse): boolean {
  return worse === 'greater' ? a > b : a < b
}

/** Today's rule: it passes when the candidate is at or better than the bound; NaN breaches. */
function breachesAsIs(candidate: number, bound: number, worse: Worse): boolean {
  return !(worse === 'greater' ? candidate <= bound : candidate >= bound)
}

function opposite(alternative: Alternative): Alternative {
  return alternative === 'greater' ? 'less' : 'greater'
}

function isConstant(values: readonly number[]): boolean {
  return values.every(v => v === values[0])
}

function isNumber(value: number | undefined): value is number {
  return value !== undefined
}

function centreOrNaN(values: readonly number[]): number {
  return values.length === 1 ? (values[0] ?? Number.NaN) : computeMedian(values)
}

function geometricMean(values: readonly number[]): number {
  return Math.exp(computeMean(values.map(Math.log)))
}

function runs(n: number): string {
  return n === 1 ? '1 run' : `${n} runs`
}

function formatP(p: number): string {
  return Number(p.toPrecision(3)).toString()
}

/**
 * The 1 − 2α interval of the relative difference from a t test of candidate − baseline (at scale
 * 1): (d ± t₁₋α·SE)/|ȳ| on values; on logs (baselineCentre undefined), e^(d ± t₁₋α·SE) − 1.
 */
function relativeInterval(
  test: TestResult,
  alpha: number,
  baselineCentre: number | undefined
): Interval | undefined {
  const { difference, standardError, df } = test
  if (difference === undefined || standardError === undefined || df === undefined) return undefined
  const margin = quantileT(1 - alpha, df) * standardError
  if (baselineCentre === undefined) {
    return {
      low: Math.expm1(difference - margin),
      high: Math.expm1(difference + margin),
      level: 1 - 2 * alpha
    }
  }
  if (baselineCentre === 0) return undefined
  const scale = Math.abs(baselineCentre)
  return {
    low: (difference - margin) / scale,
    high: (difference + margin) / scale,
    level: 1 - 2 * alpha
  }
}

function zInterval(
  difference: number,
  spread: number,
  alpha: number,
  baselineCentre: number
): Interval {
  const margin = quantileNormal(1 - alpha) * spread
  const scale = Math.abs(baselineCentre)
  return {
    low: (difference - margin) / scale,
    high: (difference + margin) / scale,
    level: 1 - 2 * alpha
  }
}

function unionInterval(models: ModelOutcome[]): { interval?: Interval } {
  const intervals = models.map(m => m.interval).filter((i): i is Interval => i !== undefined)
  if (intervals.length === 0) return {}
  return {
    interval: {
      low: Math.min(...intervals.map(i => i.low)),
      high: Math.max(...intervals.map(i => i.high)),
      level: intervals[0]?.level ?? Number.NaN
    }
  }
}

function maxMde(models: ModelOutcome[]): { mde?: number } {
  const values = models.map(m => m.mde)
  if (values.some(v => v === undefined)) return {}
  return { mde: Math.max(...values.filter(isNumber)) }
}

/**
 * Why the values cannot go through a noise model, if they cannot: a side with no number (every
 * value NaN: the rule fails, as it does today), or an infinite value (decided as is).
 */
function unusableSide(x: readonly number[], y: readonly number[]): string | undefined {
  if (x.length === 1 && y.length === 1) return undefined
  if (x.some(Number.isNaN) || y.some(Number.isNaN)) return 'no number on a side'
  if (![...x, ...y].every(Number.isFinite)) return 'an infinite value: decided on the medians'
  return undefined
}

/** The values without NaN (a NaN says nothing about where the metric is); all NaN: kept. */
function withoutNaN(values: readonly number[], side: string, notes: string[]): number[] {
  const numbers = values.filter(v => !Number.isNaN(v))
  if (numbers.length === 0) return [...values]
  if (numbers.length < values.length) {
    notes.push(
      `${values.length - numbers.length} of the ${side}'s ${values.length} values were NaN and were left out`
    )
  }
  return numbers
}

/** The pairs without a NaN in them; all of them with one: kept. */
function pairsWithoutNaN(
  candidate: readonly number[],
  baseline: readonly number[],
  notes: string[]
): [number[], number[]] {
  const x: number[] = []
  const y: number[] = []
  candidate.forEach((v, i) => {
    const w = baseline[i] ?? Number.NaN
    if (!Number.isNaN(v) && !Number.isNaN(w)) {
      x.push(v)
      y.push(w)
    }
  })
  if (x.length === 0) return [[...candidate], [...baseline]]
  if (x.length < candidate.length) {
    notes.push(
      `${candidate.length - x.length} of the ${candidate.length} pairs had a NaN and were left out`
    )
  }
  return [x, y]
}
