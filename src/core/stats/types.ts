/**
 * The domain types of the statistics module: samples in, a decision out. Pure data.
 *
 * Vocabulary: the *candidate* is the pull request's runs (N ≥ 1 values of one metric), the
 * *baseline* the base branch's runs (a window of K ≥ 1 values, or one value per pair), the *bound*
 * the rule's limit on the baseline (`scale · baseline + shift`), and *worse* the direction in which
 * the metric gets worse.
 */

/** The direction in which a metric gets worse: `greater` for times and losses, `less` for scores. */
export type Worse = 'greater' | 'less'

/**
 * A rule's bound on the baseline: the candidate breaches when its centre is worse than
 * `scale · baseline + shift`. A relative tolerance t is a scale (1 ± t), an absolute one a shift
 * (± t); `buildBound` makes one from a tolerance. Scale 1, shift 0: "no worse than the baseline".
 */
export interface Bound {
  scale: number
  shift: number
}

/**
 * How far a metric may move in its worse direction before a rule fails: `max_regression: 5%` is
 * `{ kind: 'relative', allowance: 0.05 }`; `min_relative_change: 2%` (it must improve by 2%) is
 * `{ kind: 'relative', allowance: -0.02 }`; `min_absolute_change: 0.01` is
 * `{ kind: 'absolute', allowance: -0.01 }`.
 */
export interface Tolerance {
  kind: 'relative' | 'absolute'
  allowance: number
}

/**
 * The decision methods. `auto` chooses from the data (see `decideBreach`). Two samples: `t`
 * (Student's t with pooled variance; with one candidate run it is Bencher's t prediction interval),
 * `log-normal` (the same on ln x), `welch`, `mann-whitney`. One new value against a window: `z`,
 * `iqr`, `percentage`, `static` (and `t`, `log-normal`). Pairs: `paired-t`, `paired-log-t` (paired
 * t on ln(candidate / bound)), `wilcoxon`.
 */
export type MethodName =
  | 'auto'
  | 't'
  | 'log-normal'
  | 'welch'
  | 'mann-whitney'
  | 'z'
  | 'iqr'
  | 'percentage'
  | 'static'
  | 'paired-t'
  | 'paired-log-t'
  | 'wilcoxon'

/** What `decideBreach` is asked. */
export interface BreachQuestion {
  /** The candidate's values (N ≥ 1); with `paired`, the candidate half of each pair. */
  candidate: readonly number[]
  /** The baseline's values (K ≥ 1); with `paired`, the baseline half of each pair, in order. */
  baseline: readonly number[]
  /** Pairs: `candidate[i]` and `baseline[i]` ran together (one runner, interleaved). */
  paired?: boolean
  /**
   * The candidate's repeats ran on one machine (one CI job) while the window's runs each ran on
   * their own: the repeats' spread misses the runner-to-runner noise, so the candidate's mean is
   * judged as one run against the window's spread. Unpaired only.
   */
  repeatsOnOneRunner?: boolean
  /** The rule's bound on the baseline; default `{ scale: 1, shift: 0 }`. */
  bound?: Bound
  worse: Worse
  /** The false-alarm level per metric; default 0.01. */
  alpha?: number
  /** Default `auto`. */
  method?: MethodName
}

export type BreachOutcome = 'breach' | 'no-breach' | 'inconclusive'

/** A two-sided interval. */
export interface Interval {
  low: number
  high: number
  /** Its confidence level, 1 − 2α: each end is a one-sided 1 − α bound, as the test is. */
  level: number
}

/** What `decideBreach` answers. */
export interface BreachDecision {
  /**
   * `breach`: the data show at level α that the candidate is worse than the bound. `inconclusive`:
   * the candidate's centre is worse than the bound but not significantly. `no-breach`: otherwise.
   * Without a noise estimate the rule is applied to the values as they are (breach or no-breach).
   */
  outcome: BreachOutcome
  /** The candidate is significantly better than the baseline itself (scale 1, shift 0) at α. */
  significantlyBetter: boolean
  /** The method used, after `auto` and fallbacks; `deterministic` when no noise model was used. */
  test: Exclude<MethodName, 'auto'> | 'deterministic'
  /** The method in words, for the report: "Student's t on values and logs, 3 vs 20 runs". */
  method: string
  /** One-sided p-value of "no worse than the bound" (the larger of the two models' when two agree). */
  pValue?: number
  /** The prediction limit for one new value (one candidate run against a window), in its units. */
  limit?: number
  /** The centres compared: means for t-type methods, medians for rank and IQR methods and `static`. */
  candidateCentre: number
  baselineCentre: number
  /** The bound at the baseline's centre: `scale · baselineCentre + shift`. */
  boundCentre: number
  /**
   * The relative difference (candidate − baseline) / |baseline| of the centres, as a 1 − 2α
   * interval from the method's own spread (the union when two models agree). Descriptive: the
   * decision is the test against the bound. None for rank tests and deterministic decisions.
   */
  interval?: Interval
  /**
   * The smallest detectable change: how far beyond the bound, as a fraction of |baseline centre|,
   * the candidate's true centre must lie to breach with 95% power at α, with the estimated spread
   * and these sample sizes. With a relative tolerance t the gate catches a change of t + mde. 0
   * for exact metrics (no spread); none without a noise estimate.
   */
  mde?: number
  /** False when there was no spread to estimate (one run a side) or it was zero (exact metrics). */
  noiseEstimate: boolean
  notes: string[]
}

/** A summary of one sample; NumPy's defaults (sample sd with n − 1, linear quantiles). */
export interface SampleSummary {
  n: number
  mean: number
  /** Sample standard deviation (n − 1 in the denominator); NaN when n < 2. */
  sd: number
  median: number
  q1: number
  q3: number
  iqr: number
}

export type Alternative = 'greater' | 'less'

/** A test's result; `alternative` says which side H1 is (the first sample greater or less). */
export interface TestResult {
  statistic: number
  pValue: number
  /** Degrees of freedom, for t tests. */
  df?: number
  /** The standard error of the estimated difference, for t and z tests. */
  standardError?: number
  /** The estimated difference of the centres (first − second), for t tests. */
  difference?: number
}
