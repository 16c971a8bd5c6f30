/**
 * Descriptive statistics, with NumPy's defaults: the sample standard deviation divides by n − 1
 * (`np.std(x, ddof=1)`), and quantiles are NumPy's default `linear` method (Hyndman & Fan type 7,
 * also R's default): the p-quantile of the sorted x₀ … xₙ₋₁ is x_⌊h⌋ + (h − ⌊h⌋)(x_⌊h⌋₊₁ − x_⌊h⌋)
 * with h = (n − 1)p. Pure; no input is modified.
 */
import type { SampleSummary } from './types.js'

export function computeMean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN
  let sum = 0
  for (const v of values) sum += v
  const mean = sum / values.length
  // One correction pass (the mean of the residuals), as careful implementations do.
  let residual = 0
  for (const v of values) residual += v - mean
  return mean + residual / values.length
}

/** The sample variance (n − 1); NaN when n < 2. Two-pass, so it is 0 for equal values. */
export function computeVariance(values: readonly number[]): number {
  const n = values.length
  if (n < 2) return Number.NaN
  const mean = computeMean(values)
  let squares = 0
  for (const v of values) squares += (v - mean) * (v - mean)
  return squares / (n - 1)
}

/** The sample standard deviation (n − 1); NaN when n < 2. */
export function computeSd(values: readonly number[]): number {
  return Math.sqrt(computeVariance(values))
}

/** The values sorted ascending, in a new array. */
export function sortAscending(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b)
}

/** NumPy's default (linear) p-quantile of values already sorted ascending; NaN when empty. */
export function computeSortedQuantile(sorted: readonly number[], p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`a quantile's p must be in [0, 1], not ${p}`)
  const n = sorted.length
  if (n === 0) return Number.NaN
  const h = (n - 1) * p
  const lo = Math.floor(h)
  const below = sorted[lo] ?? Number.NaN
  const above = sorted[Math.min(lo + 1, n - 1)] ?? below
  return below + (h - lo) * (above - below)
}

/** NumPy's default (linear) p-quantile: `np.quantile(values, p)`. */
export function computeQuantile(values: readonly number[], p: number): number {
  return computeSortedQuantile(sortAscending(values), p)
}

export function computeMedian(values: readonly number[]): number {
  return computeQuantile(values, 0.5)
}

/** n, mean, sample sd, median, quartiles and IQR (q3 − q1, linear quartiles). */
export function describeSample(values: readonly number[]): SampleSummary {
  const sorted = sortAscending(values)
  const q1 = computeSortedQuantile(sorted, 0.25)
  const q3 = computeSortedQuantile(sorted, 0.75)
  return {
    n: values.length,
    mean: computeMean(values),
    sd: computeSd(values),
    median: computeSortedQuantile(sorted, 0.5),
    q1,
    q3,
    iqr: q3 - q1
  }
}

/**
 * Ranks 1…n of the values, ties given their average rank (`scipy.stats.rankdata`), and the sizes
 * of the groups of ties (for the tie corrections of rank tests).
 */
export function rankWithTies(values: readonly number[]): { ranks: number[]; ties: number[] } {
  const order = values.map((_, i) => i).sort((a, b) => (values[a] ?? 0) - (values[b] ?? 0))
  const ranks = new Array<number>(values.length).fill(0)
  const ties: number[] = []
  let i = 0
  while (i < order.length) {
    let j = i
    const value = values[order[i] ?? 0]
    while (j + 1 < order.length && values[order[j + 1] ?? 0] === value) j++
    const rank = (i + j + 2) / 2
    for (let k = i; k <= j; k++) ranks[order[k] ?? 0] = rank
    if (j > i) ties.push(j - i + 1)
    i = j + 1
  }
  return { ranks, ties }
}
