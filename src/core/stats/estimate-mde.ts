/**
 * The smallest detectable effect (MDE): how far beyond the bound the candidate's true centre must
 * lie for a one-sided level-α test to breach with 95% power, from the estimated spread and the
 * sample sizes.
 *
 * The test's statistic is T = D / SE: D = candidate centre − bound, SE the test's own estimate
 * of D's spread, with ν degrees of freedom (none for a normal statistic). If D ~ N(Δ, σ_D²), T
 * exceeds c = t₁₋α,ν with power π when (Abramowitz & Stegun 26.7.10, the normal approximation to
 * the noncentral t, with ρ = SE/σ_D):
 *
 *   Δ = c·(1 − 1/(4ν))·SE + z_π·√(σ_D² + SE²·c²/(2ν)).
 *
 * With SE = σ_D this is δ·SE, δ = c(1 − 1/(4ν)) + z_π√(1 + c²/(2ν)): within 2% of the exact
 * noncentral value for ν ≥ 2 at α = 0.01, π = 0.95 (12.05 vs 12.26 at ν = 2, 4.27 at ν = 20),
 * where the textbook z₁₋α + z_π (3.97) is 68% short at ν = 2 and t₁₋α + t_π 19% short. Without
 * ν it is z₁₋α·SE + z_π·σ_D. For two samples SE² = s_p²(1/N + 1/K) (pooled t), s_x²/N + s_y²/K
 * (Welch); one new value against a window: s²(1 + 1/K); pairs: s_d²/N. Rank tests by their normal
 * approximation use the t-type spreads times π/3 (their efficiency relative to t under normal
 * noise is 3/π).
 *
 * A regression multiplies the candidate's level by u, and with it the candidate's spread, as the
 * noise of a time grows with the time (the premise of relative tolerances): σ_D² and SE² are each
 * u²·(candidate's part) + (baseline's part), and the MDE solves (u − 1)·|bound| = Δ(u) for the
 * smallest u (by bisection). They differ in shape: with one candidate run the test's SE is all
 * from the window, while D's spread still grows with the candidate. When the candidate's part
 * grows as fast as the change no change is certain to show and the MDE is ∞. On ln x a regression
 * is a shift and the spreads stay: u = e^(±Δ). The relative MDE is |u − 1|·|bound| / |baseline|:
 * the distance beyond the bound as a fraction of the baseline's centre, so with a relative
 * tolerance t the gate catches a change of t + MDE.
 *
 * Spreads estimated with ν degrees of freedom are made median-unbiased, s² / m_ν with
 * m_ν = (1 − 2/(9ν))³ the median of χ²_ν / ν (Wilson–Hilferty), so the MDE printed on half of
 * the PRs is at least the true one (s alone is 17% low in the median at ν = 2).
 */
import { quantileNormal, quantileT } from './distributions.js'
import type { Worse } from './types.js'

/** The power the MDE is quoted at. */
export const MDE_POWER = 0.95

/** δ = Δ/SE when SE is D's spread: c(1 − 1/(4ν)) + z_π√(1 + c²/(2ν)) (see above). */
export function computePowerShift(alpha: number, power: number, df?: number): number {
  const zPower = quantileNormal(power)
  if (df === undefined || !Number.isFinite(df)) return quantileNormal(1 - alpha) + zPower
  const c = quantileT(1 - alpha, df)
  return c * (1 - 1 / (4 * df)) + zPower * Math.sqrt(1 + (c * c) / (2 * df))
}

/** The median of χ²_ν / ν, by Wilson–Hilferty: (1 − 2/(9ν))³. */
export function medianChiSquareRatio(df: number): number {
  return (1 - 2 / (9 * df)) ** 3
}

/** π/3: the factor by which a rank test's variance exceeds a t test's under normal noise. */
export const RANK_VARIANCE_FACTOR = Math.PI / 3

/** Variances split into the candidate's part (grows as u²) and the baseline's (does not). */
export interface SplitVariance {
  candidate: number
  baseline: number
}

export interface MdeInput {
  /** The spread of D = candidate centre − bound. */
  spread: SplitVariance
  /** The test's own SE², split the same way; default: `spread`. */
  standardError?: SplitVariance
  /** The statistic's degrees of freedom; none for a normal statistic. */
  df?: number
  alpha: number
  /** The bound at the baseline's centre (the candidate's centre at the edge of the null). */
  boundCentre: number
  baselineCentre: number
  worse: Worse
  /** The spreads are of ln values (the change is a shift there). */
  logScale?: boolean
}

/**
 * The relative MDE (see above): ∞ when no change is detectable with that power, undefined when
 * the baseline's centre is 0 or the spread is not a number.
 */
export function estimateMde(input: MdeInput): number | undefined {
  const { df, alpha, boundCentre, baselineCentre, worse } = input
  if (baselineCentre === 0 || !Number.isFinite(baselineCentre)) return undefined
  const unbias = df === undefined || !Number.isFinite(df) ? 1 : 1 / medianChiSquareRatio(df)
  const scaled = (v: SplitVariance): SplitVariance => ({
    candidate: v.candidate * unbias,
    baseline: v.baseline * unbias
  })
  const spread = scaled(input.spread)
  const se = scaled(input.standardError ?? input.spread)
  if (![spread.candidate, spread.baseline, se.candidate, se.baseline].every(Number.isFinite)) {
    return undefined
  }
  const normal = df === undefined || !Number.isFinite(df)
  const c = normal ? quantileNormal(1 - alpha) : quantileT(1 - alpha, df)
  const shrink = normal ? 1 : 1 - 1 / (4 * df)
  const inflate = normal ? 0 : (c * c) / (2 * df)
  const zPower = quantileNormal(MDE_POWER)
  /** Δ(u): the shift beyond the bound the test needs at level u (see above). */
  const needed = (u: number, logs: boolean): number => {
    const k = logs ? 1 : u * u
    const d2 = k * spread.candidate + spread.baseline
    const s2 = k * se.candidate + se.baseline
    return c * shrink * Math.sqrt(s2) + zPower * Math.sqrt(d2 + s2 * inflate)
  }
  let change: number
  if (input.logScale === true) {
    const shift = needed(1, true)
    change = worse === 'greater' ? Math.expm1(shift) : -Math.expm1(-shift)
  } else {
    if (boundCentre === 0) return undefined
    const bound = Math.abs(boundCentre)
    const found = solveChange(
      t => t * bound - needed(toLevel(t, worse), false),
      needed(1, false) / bound,
      worse
    )
    if (found === undefined) return Number.POSITIVE_INFINITY
    change = found
  }
  return (change * Math.abs(boundCentre)) / Math.abs(baselineCentre)
}

function toLevel(change: number, worse: Worse): number {
  return worse === 'greater' ? 1 + change : 1 - change
}

/**
 * The smallest relative change t > 0 with gap(t) ≥ 0, where gap(0) < 0. `guess` is the answer
 * for a spread that does not grow: upward the answer is at least that (the spread only grows),
 * so the search doubles from it until gap ≥ 0 (up to 10⁷: none); downward it is at most that
 * (and at most 1: the level cannot fall below 0). Then bisection, to 10⁻⁹ relative.
 */
function solveChange(gap: (t: number) => number, guess: number, worse: Worse): number | undefined {
  let low = 0
  let high: number
  if (worse === 'greater') {
    high = guess
    while (gap(high) < 0) {
      if (high >= 1e7) return undefined
      low = high
      high *= 2
    }
  } else {
    high = Math.min(guess, 1)
    if (gap(high) < 0) return undefined
  }
  while (high - low > 1e-9 * high) {
    const mid = (low + high) / 2
    if (gap(mid) < 0) low = mid
    else high = mid
  }
  return high
}
