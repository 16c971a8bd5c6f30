/**
 * The shifted null. A rule bounds the candidate by `scale · baseline + shift`; the candidate
 * breaches when the data show, at level α, that its centre is worse than that. Every test here
 * runs on the candidate's values against the baseline's values *mapped through the bound*
 * (`applyBound`): y′ = scale·y + shift. Under a multiplicative noise model (a relative tolerance
 * on a metric whose spread grows with its level) y′ has exactly the spread the candidate has at
 * the boundary of the null, so the usual equal-centres tests apply unchanged. In ln space a
 * relative bound is the shift ln(scale) (ln y′ = ln y + ln(scale)); an absolute one is mapped the
 * same way, y′ first, then ln y′.
 */
import type { Bound, Tolerance, Worse } from './types.js'

/** "No worse than the baseline." */
export const SAME_AS_BASELINE: Bound = { scale: 1, shift: 0 }

/**
 * The bound of a tolerance on a baseline whose centre is `baselineCentre`, with the semantics of
 * the deterministic rules (compare.ts): a relative allowance a bounds the candidate by
 * b ± a·|b| (toward worse), which is the scale 1 ± a·sign(b); an absolute one by b ± a, the shift
 * ± a. A baseline centre of 0 makes a relative bound 0 (MLflow's epsilon fallback for
 * `min_relative_change` on a zero baseline is the caller's).
 */
export function buildBound(tolerance: Tolerance, worse: Worse, baselineCentre: number): Bound {
  const towardWorse = worse === 'greater' ? 1 : -1
  if (tolerance.kind === 'absolute') return { scale: 1, shift: towardWorse * tolerance.allowance }
  return { scale: 1 + towardWorse * tolerance.allowance * Math.sign(baselineCentre), shift: 0 }
}

/** The baseline's values mapped through the bound: scale·y + shift. */
export function applyBound(values: readonly number[], bound: Bound): number[] {
  return values.map(v => bound.scale * v + bound.shift)
}

/** The bound at one baseline value. */
export function boundAt(value: number, bound: Bound): number {
  return bound.scale * value + bound.shift
}
