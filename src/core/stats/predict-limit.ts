/**
 * Prediction limits: how far in the worse direction one new value may lie before it is out of
 * line with a window of K values, at level α. The window is passed already mapped through the
 * rule's bound (`applyBound`), so the limit is the rule's limit. Bencher's models:
 *
 * - `t`: ȳ ± t₁₋α,K₋₁ · s · √(1 + 1/K), the exact prediction interval for one new value from a
 *   normal sample (its mean and spread both estimated);
 * - `log-normal`: the t model on ln y, limit exp(mean ± t₁₋α,K₋₁ · s_ln · √(1 + 1/K)); strictly
 *   positive windows only;
 * - `z`: ȳ ± z₁₋α · s (Normal(mean, s); it ignores that both are estimated, so for small K it
 *   fires more often than α);
 * - `iqr`: median ± k · IQR with k = z₁₋α / (2·z₀.₇₅) = z₁₋α / 1.349 (2.326 / 1.349 = 1.724 at
 *   α = 0.01): for normal data IQR / 1.349 estimates σ, so this is the z model made robust to
 *   outliers in the window, with the same small-K caveat;
 * - `percentage`: the window's mean itself (the rule's tolerance is the only margin).
 *
 * "±" is + when the metric gets worse upward and − when it gets worse downward.
 */
import { computeMean, computeSd, describeSample } from './describe-sample.js'
import { quantileNormal, quantileT } from './distributions.js'
import type { Worse } from './types.js'

export type LimitModel = 't' | 'log-normal' | 'z' | 'iqr' | 'percentage'

/** The IQR multiplier for a level: z₁₋α / (2·z₀.₇₅). */
export function iqrMultiplier(alpha: number): number {
  return quantileNormal(1 - alpha) / (2 * quantileNormal(0.75))
}

/**
 * The prediction limit of one new value against `window` (already mapped through the bound).
 * `t`, `log-normal` and `z` need K ≥ 2; `log-normal` strictly positive values.
 */
export function predictLimit(
  window: readonly number[],
  model: LimitModel,
  worse: Worse,
  alpha: number
): number {
  const k = window.length
  const towardWorse = worse === 'greater' ? 1 : -1
  switch (model) {
    case 'percentage':
      return computeMean(window)
    case 'iqr': {
      const { median, iqr } = describeSample(window)
      return median + towardWorse * iqrMultiplier(alpha) * iqr
    }
    case 'z':
      needsTwo(k, model)
      return computeMean(window) + towardWorse * quantileNormal(1 - alpha) * computeSd(window)
    case 't': {
      needsTwo(k, model)
      const margin = quantileT(1 - alpha, k - 1) * computeSd(window) * Math.sqrt(1 + 1 / k)
      return computeMean(window) + towardWorse * margin
    }
    case 'log-normal': {
      needsTwo(k, model)
      if (!window.every(v => v > 0)) {
        throw new RangeError('the log-normal model needs strictly positive values')
      }
      const logs = window.map(Math.log)
      const margin = quantileT(1 - alpha, k - 1) * computeSd(logs) * Math.sqrt(1 + 1 / k)
      return Math.exp(computeMean(logs) + towardWorse * margin)
    }
  }
}

function needsTwo(k: number, model: LimitModel): void {
  if (k < 2) throw new RangeError(`the ${model} model needs a window of at least 2 values`)
}
