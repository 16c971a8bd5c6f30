/**
 * Statistics for verdicts on noisy metrics: descriptive statistics, one-sided tests against a
 * rule's shifted bound, prediction limits, the smallest detectable effect, and `decideBreach`,
 * which picks among them by what the data allow. Pure: no I/O, no clock, no randomness.
 */
export { decideBreach, DEFAULT_ALPHA } from './decide-breach.js'
export { buildBound, applyBound, boundAt, SAME_AS_BASELINE } from './build-bound.js'
export {
  describeSample,
  computeMean,
  computeVariance,
  computeSd,
  computeMedian,
  computeQuantile,
  rankWithTies
} from './describe-sample.js'
export { cdfT, sfT, quantileT, cdfNormal, sfNormal, quantileNormal } from './distributions.js'
export {
  testStudentT,
  testWelchT,
  testOneSampleT,
  testMannWhitney,
  testWilcoxon,
  smallestMannWhitneyP,
  smallestWilcoxonP
} from './test-samples.js'
export { predictLimit, iqrMultiplier, type LimitModel } from './predict-limit.js'
export {
  estimateMde,
  computePowerShift,
  MDE_POWER,
  type MdeInput,
  type SplitVariance
} from './estimate-mde.js'
export { adjustHolm } from './adjust-holm.js'
export type * from './types.js'
