/** The care label: one rating per category on a fixed scale, and an overall rating. */
import type { Scale } from '../config/types.js'

export type Letter = 'A' | 'B' | 'C' | 'D' | 'E'

export interface MetricRating {
  metric: string
  category: string
  letter: Letter
  /** absolute: from the metric's rating boundaries; index: value against the baseline. */
  basis: 'absolute' | 'index'
  /** value/baseline when higher is better, else baseline/value. */
  index?: number
}

export interface CategoryRating {
  category: string
  /** Undefined: nothing in the category was measured ("?"). */
  letter?: Letter
  baselineLetter?: Letter
  metrics: string[]
}

export interface CareLabel {
  scale: Scale
  overall?: Letter
  baselineOverall?: Letter
  categories: CategoryRating[]
  metrics: MetricRating[]
  /** How the overall rating was computed, in words. */
  how: string
  notes: string[]
}
