/**
 * Rates a run as a care label (after the care label framework: a fixed scale, one rating per
 * category, colours that need no legend). Pure. A metric with `rating` boundaries is rated
 * absolutely; one without is rated by its index against the baseline (value/baseline when higher
 * is better, else baseline/value). A category's letter is its worst metric's; the overall letter
 * is the worst category's, or the mean of the categories' ranks when configured.
 */
import type { CareLabelConfig, MetricRule, Scale } from '../config/types.js'
import type { CareLabel, CategoryRating, Letter, MetricRating } from './types.js'

export const DEFAULT_CATEGORIES = [
  'quality',
  'robustness',
  'runtime',
  'memory',
  'energy',
  'complexity'
]

const LETTERS: Record<Scale, Letter[]> = {
  'A-D': ['A', 'B', 'C', 'D'],
  'A-E': ['A', 'B', 'C', 'D', 'E']
}

/** Index boundaries: at least as good as the baseline is A, within 5% B, within 10% C, … */
export const INDEX_BOUNDARIES: Record<Scale, number[]> = {
  'A-D': [1, 0.95, 0.9],
  'A-E': [1, 0.95, 0.9, 0.8]
}

export function letterFor(
  value: number,
  boundaries: number[],
  greaterIsBetter: boolean,
  scale: Scale
): Letter {
  const letters = LETTERS[scale]
  const worst = letters[letters.length - 1] ?? 'D'
  if (Number.isNaN(value)) return worst
  for (let i = 0; i < boundaries.length; i++) {
    const bound = boundaries[i] ?? 0
    if (greaterIsBetter ? value >= bound : value <= bound) return letters[i] ?? worst
  }
  return worst
}

const ALL: Letter[] = ['A', 'B', 'C', 'D', 'E']

function rank(letter: Letter): number {
  return ALL.indexOf(letter)
}

function worstOf(letters: Letter[]): Letter | undefined {
  return letters.reduce<Letter | undefined>(
    (w, l) => (w === undefined || rank(l) > rank(w) ? l : w),
    undefined
  )
}

function meanOf(letters: Letter[]): Letter | undefined {
  if (letters.length === 0) return undefined
  const mean = letters.reduce((sum, l) => sum + rank(l), 0) / letters.length
  return ALL[Math.round(mean)]
}

function rateMetric(
  rule: MetricRule & { category: string },
  value: number,
  baseline: number | undefined,
  scale: Scale
): MetricRating | undefined {
  if (rule.rating !== undefined) {
    return {
      metric: rule.metric,
      category: rule.category,
      letter: letterFor(value, rule.rating, rule.greaterIsBetter, scale),
      basis: 'absolute'
    }
  }
  if (
    baseline === undefined ||
    !(value > 0) ||
    !(baseline > 0) ||
    !Number.isFinite(value) ||
    !Number.isFinite(baseline)
  ) {
    return undefined
  }
  const index = rule.greaterIsBetter ? value / baseline : baseline / value
  return {
    metric: rule.metric,
    category: rule.category,
    letter: letterFor(index, INDEX_BOUNDARIES[scale], true, scale),
    basis: 'index',
    index
  }
}

export function rateCareLabel(
  config: CareLabelConfig,
  candidate: Record<string, number>,
  baseline: Record<string, number> | undefined
): CareLabel {
  const { scale, overall } = config.label
  const metrics: MetricRating[] = []
  const baselineLetters = new Map<string, Letter[]>()
  const notes: string[] = []
  const categorised = config.metrics.flatMap(rule =>
    rule.category ? [{ ...rule, category: rule.category }] : []
  )
  for (const rule of categorised) {
    const value = candidate[rule.metric]
    if (value === undefined) continue
    const rating = rateMetric(rule, value, baseline?.[rule.metric], scale)
    if (rating === undefined) {
      notes.push(
        `${rule.metric} is not rated: it has no rating boundaries and no baseline to be compared with`
      )
      continue
    }
    metrics.push(rating)
    const base = baseline?.[rule.metric]
    if (base !== undefined) {
      // The baseline is rated by the same rules; against itself its index is 1.
      const letter = rule.rating ? letterFor(base, rule.rating, rule.greaterIsBetter, scale) : 'A'
      baselineLetters.set(rule.category, [...(baselineLetters.get(rule.category) ?? []), letter])
    }
  }
  const names = [
    ...DEFAULT_CATEGORIES,
    ...categorised.map(r => r.category).filter(c => !DEFAULT_CATEGORIES.includes(c))
  ]
  const categories: CategoryRating[] = [...new Set(names)].map(category => {
    const rated = metrics.filter(m => m.category === category)
    return {
      category,
      letter: worstOf(rated.map(m => m.letter)),
      baselineLetter: worstOf(baselineLetters.get(category) ?? []),
      metrics: rated.map(m => m.metric)
    }
  })
  const combine = overall === 'mean' ? meanOf : worstOf
  const letters = categories.flatMap(c => (c.letter ? [c.letter] : []))
  const baseLetters = categories.flatMap(c => (c.baselineLetter ? [c.baselineLetter] : []))
  return {
    scale,
    overall: combine(letters),
    baselineOverall: baseline === undefined ? undefined : combine(baseLetters),
    categories,
    metrics,
    how:
      overall === 'mean'
        ? `overall = mean of the rated categories' letters, on the ${scale} scale`
        : `overall = the worst rated category, on the ${scale} scale`,
    notes
  }
}
