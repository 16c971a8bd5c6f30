/**
 * Candidate and baseline are sets of runs: repeats of the candidate, a window of base-branch
 * runs, paired runs. Pure. With one run on a side, its values are the side's values, exactly.
 */
import type { Run } from '../runs.js'
import { computeMedian } from '../stats/index.js'

/** The runs on one side of a comparison, and how they were chosen (in words, for the report). */
export interface RunSet {
  runs: Run[]
  how: string
  /** The run that groups them (repeats of the candidate), when there is one. */
  parent?: Run
  /**
   * When the (first) run is the best child of a sweep (`select:`): the sweep's parent run and
   * how many finished children it had; `by` says how the best was chosen ("val_loss, min").
   */
  sweep?: { parent: Run; children: number; by: string }
  /**
   * Runs of the baseline made beside the candidate's, one for each of its runs in the same order
   * (`baseline.strategy: paired`): the i-th runs of the two sides form a pair.
   */
  paired?: boolean
}

/** Each metric's latest value in every run of the set that logged it, in the set's order. */
export function metricSamples(runs: Run[]): Record<string, number[]> {
  const samples: Record<string, number[]> = {}
  for (const run of runs) {
    for (const [metric, value] of Object.entries(run.data.metrics)) {
      ;(samples[metric] ??= []).push(value)
    }
  }
  return samples
}

/** The median of the values; NaN is kept out unless every value is NaN. */
export function median(values: number[]): number {
  const numbers = values.filter(v => !Number.isNaN(v))
  return numbers.length === 0 ? Number.NaN : computeMedian(numbers)
}

/**
 * The value of each metric for a set: the median of its runs' values (one run: its value). An
 * empty set has none (no baseline).
 */
export function centreOf(runs: Run[]): Record<string, number> | undefined {
  if (runs.length === 0) return undefined
  const centre: Record<string, number> = {}
  for (const [metric, values] of Object.entries(metricSamples(runs))) {
    centre[metric] = values.length === 1 ? (values[0] ?? Number.NaN) : median(values)
  }
  return centre
}
