/**
 * One-sided tests of two centres, and of one centre against a number. Each tests its first sample
 * against its second as given: to test against a rule's bound, pass the baseline transformed by
 * `applyBound` (see build-bound.ts). `alternative: 'greater'` is H1 "the first sample's centre is
 * greater". Each matches the SciPy call named beside it.
 */
import { computeMean, computeVariance, rankWithTies } from './describe-sample.js'
import { sfNormal, sfT } from './distributions.js'
import type { Alternative, TestResult } from './types.js'

function oneSided(statistic: number, alternative: Alternative, sf: (x: number) => number): number {
  return alternative === 'greater' ? sf(statistic) : sf(-statistic)
}

/** A sample's variance, 0 for a single value (it adds no degrees of freedom when pooled). */
function varianceOrZero(values: readonly number[]): number {
  return values.length < 2 ? 0 : computeVariance(values)
}

/**
 * Student's t with pooled variance: `scipy.stats.ttest_ind(x, y, equal_var=True, alternative=…)`.
 * df = N + K − 2; a single value on one side adds no degrees of freedom, so with N = 1 this is the
 * t prediction interval for one new value from the window y (Bencher's t model): the statistic
 * is (x − ȳ) / (s_y·√(1 + 1/K)) with K − 1 degrees of freedom. Needs N + K ≥ 3.
 */
export function testStudentT(
  x: readonly number[],
  y: readonly number[],
  alternative: Alternative
): TestResult {
  const n = x.length
  const k = y.length
  const df = n + k - 2
  if (n < 1 || k < 1 || df < 1) throw new RangeError('Student t needs N + K ≥ 3 values')
  const pooled = ((n - 1) * varianceOrZero(x) + (k - 1) * varianceOrZero(y)) / df
  const standardError = Math.sqrt(pooled * (1 / n + 1 / k))
  const difference = computeMean(x) - computeMean(y)
  const statistic = difference / standardError
  const pValue = oneSided(statistic, alternative, s => sfT(s, df))
  return { statistic, pValue, df, standardError, difference }
}

/**
 * Welch's t: `scipy.stats.ttest_ind(x, y, equal_var=False, alternative=…)`, with the
 * Welch–Satterthwaite degrees of freedom (s_x²/N + s_y²/K)² / ((s_x²/N)²/(N−1) + (s_y²/K)²/(K−1)).
 * Needs N ≥ 2 and K ≥ 2.
 */
export function testWelchT(
  x: readonly number[],
  y: readonly number[],
  alternative: Alternative
): TestResult {
  const n = x.length
  const k = y.length
  if (n < 2 || k < 2) throw new RangeError("Welch's t needs at least 2 values a side")
  const vx = computeVariance(x) / n
  const vy = computeVariance(y) / k
  const df = (vx + vy) ** 2 / (vx ** 2 / (n - 1) + vy ** 2 / (k - 1))
  const standardError = Math.sqrt(vx + vy)
  const difference = computeMean(x) - computeMean(y)
  const statistic = difference / standardError
  const pValue = oneSided(statistic, alternative, s => sfT(s, df))
  return { statistic, pValue, df, standardError, difference }
}

/**
 * One-sample t of the mean against `mu`: `scipy.stats.ttest_1samp(x, mu, alternative=…)`; on
 * differences it is the paired t (`scipy.stats.ttest_rel(a, b)` is this on a − b). Needs N ≥ 2.
 */
export function testOneSampleT(
  x: readonly number[],
  mu: number,
  alternative: Alternative
): TestResult {
  const n = x.length
  if (n < 2) throw new RangeError('a one-sample t needs at least 2 values')
  const df = n - 1
  const standardError = Math.sqrt(computeVariance(x) / n)
  const difference = computeMean(x) - mu
  const statistic = difference / standardError
  const pValue = oneSided(statistic, alternative, s => sfT(s, df))
  return { statistic, pValue, df, standardError, difference }
}

/**
 * Mann–Whitney U by its normal approximation with the tie and continuity corrections:
 * `scipy.stats.mannwhitneyu(x, y, use_continuity=True, alternative=…, method='asymptotic')`.
 * U = R_x − N(N+1)/2 for H1 greater (N·K − that for less), z = (U − NK/2 − ½) / σ_U with
 * σ_U² = NK/12 · ((N+K+1) − Σ(t³ − t)/((N+K)(N+K−1))) over the groups of t ties.
 *
 * Where the exact test differs: for small samples without ties the exact null distribution of U
 * (SciPy's `method='exact'`) gives other p-values, and its smallest one-sided p is 1/C(N+K, N)
 * (`smallestMannWhitneyP`), which for N = 1 is 1/(K + 1): one run against 20 can never reach
 * α = 0.01 with an exact rank test. All values tied: σ_U = 0 and the p-value is NaN.
 */
export function testMannWhitney(
  x: readonly number[],
  y: readonly number[],
  alternative: Alternative
): TestResult {
  const n = x.length
  const k = y.length
  if (n < 1 || k < 1) throw new RangeError('Mann–Whitney U needs a value on each side')
  const { ranks, ties } = rankWithTies([...x, ...y])
  let rankSum = 0
  for (let i = 0; i < n; i++) rankSum += ranks[i] ?? 0
  const u1 = rankSum - (n * (n + 1)) / 2
  const u = alternative === 'greater' ? u1 : n * k - u1
  const total = n + k
  const tieTerm = ties.reduce((sum, t) => sum + t ** 3 - t, 0)
  const sigma = Math.sqrt(((n * k) / 12) * (total + 1 - tieTerm / (total * (total - 1))))
  const statistic = (u - (n * k) / 2 - 0.5) / sigma
  const pValue = Math.min(1, Math.max(0, sfNormal(statistic)))
  return { statistic: u1, pValue }
}

/** The smallest one-sided p-value an exact Mann–Whitney U can give for N and K distinct values. */
export function smallestMannWhitneyP(n: number, k: number): number {
  // 1 / C(n + k, n), as a product to stay finite.
  let p = 1
  for (let i = 1; i <= n; i++) p *= i / (k + i)
  return p
}

/**
 * Wilcoxon signed-rank by its normal approximation, zeros dropped (`zero_method='wilcox'`), ties
 * corrected, with the continuity correction: `scipy.stats.wilcoxon(d, zero_method='wilcox',
 * correction=True, alternative=…, method='asymptotic')`. T⁺ is the sum of the ranks of |d| over
 * the positive d; z = (T⁺ − m(m+1)/4 ∓ ½) / σ with σ² = (m(m+1)(2m+1) − ½Σ t(t² − 1)) / 24 over the
 * m non-zero differences and their groups of t tied |d|.
 *
 * The exact test's smallest one-sided p is 1/2^m (`smallestWilcoxonP`): with 5 pairs it is 1/32,
 * so no Wilcoxon test can reject at α = 0.01 with 5 pairs; the approximation's own smallest p is
 * larger still for small m (0.0113 for m = 7). No non-zero difference: the p-value is NaN.
 */
export function testWilcoxon(differences: readonly number[], alternative: Alternative): TestResult {
  const nonZero = differences.filter(d => d !== 0)
  const m = nonZero.length
  if (m === 0) return { statistic: 0, pValue: Number.NaN }
  const { ranks, ties } = rankWithTies(nonZero.map(Math.abs))
  let plus = 0
  for (let i = 0; i < m; i++) if ((nonZero[i] ?? 0) > 0) plus += ranks[i] ?? 0
  const tieTerm = ties.reduce((sum, t) => sum + t * (t * t - 1), 0)
  const sigma = Math.sqrt((m * (m + 1) * (2 * m + 1) - tieTerm / 2) / 24)
  const centred = plus - (m * (m + 1)) / 4
  const corrected = alternative === 'greater' ? centred - 0.5 : centred + 0.5
  const statistic = corrected / sigma
  const pValue = oneSided(statistic, alternative, sfNormal)
  return { statistic: plus, pValue }
}

/**
 * The smallest one-sided p-values of Wilcoxon's signed-rank test with m non-zero, untied
 * differences: the exact test's 1/2^m, and the normal approximation's (all ranks on one side).
 */
export function smallestWilcoxonP(m: number): { exact: number; approximate: number } {
  const mean = (m * (m + 1)) / 4
  const sigma = Math.sqrt((m * (m + 1) * (2 * m + 1)) / 24)
  return { exact: 2 ** -m, approximate: sfNormal((mean - 0.5) / sigma) }
}
