/** The care-label config file (`.github/care-label.yml`) as typed values. */

export type Level = 'fail' | 'warn'

export interface Tolerance {
  kind: 'absolute' | 'relative'
  /** For 'relative', a fraction (1% is 0.01). */
  value: number
  /** As the user wrote it, for the report. */
  text: string
}

export interface MetricRule {
  metric: string
  greaterIsBetter: boolean
  /** Absolute bound: the value must be >= (or <=, when lower is better) this. */
  threshold?: number
  /** MLflow MetricThreshold: must beat the baseline by at least this much. */
  minAbsoluteChange?: number
  /** MLflow MetricThreshold: must beat the baseline by at least this fraction of |baseline|. */
  minRelativeChange?: number
  /** How much worse than the baseline the value may get. */
  maxRegression?: Tolerance
  level: Level
  /** The care-label category the metric is rated in (quality, runtime, memory, …). */
  category?: string
  /**
   * Absolute rating boundaries, best first: with greater_is_better, a value ≥ the first is A, ≥
   * the second B, …; otherwise ≤. Without them the metric is rated by its index against the
   * baseline.
   */
  rating?: number[]
  /** Where the rule is in the config file, for annotations. */
  line?: number
}

export type Scale = 'A-D' | 'A-E'
export type Overall = 'worst' | 'mean'

export interface LabelSettings {
  scale: Scale
  overall: Overall
}

/** How verdicts are decided (the `decision:` section). */
export interface DecisionSettings {
  /** Runs of the candidate in the job; 1: once. */
  repeats?: number
  /** The parameter set to 0..repeats-1 (default `seed`). */
  seedParam?: string
}

export interface CareLabelConfig {
  /** The file the config came from; undefined when there is none. */
  file?: string
  baseline: { branch?: string }
  decision?: DecisionSettings
  metrics: MetricRule[]
  label: LabelSettings
}

export const DEFAULT_LABEL: LabelSettings = { scale: 'A-D', overall: 'worst' }

export const EMPTY_CONFIG: CareLabelConfig = { baseline: {}, metrics: [], label: DEFAULT_LABEL }
