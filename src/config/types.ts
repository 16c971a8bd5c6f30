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
  /** Where the rule is in the config file, for annotations. */
  line?: number
}

export interface CareLabelConfig {
  /** The file the config came from; undefined when there is none. */
  file?: string
  baseline: { branch?: string }
  metrics: MetricRule[]
}

export const EMPTY_CONFIG: CareLabelConfig = { baseline: {}, metrics: [] }
