/** Metric histories for the charts: which metrics to chart and how to thin their points. Pure. */
import type { MetricPoint } from '../runs.js'
import type { BandPoint, HistoryPoint, MetricHistory } from './types.js'

/** At most this many charts in a report: the reader wants the few that matter. */
export const MAX_CHARTS = 6
/** At most this many points per line: a chart in a comment, not a data dump. */
export const MAX_POINTS = 40

/**
 * One value per step (the latest logged at that step, as MLflow's UI shows), in step order, with
 * non-finite values dropped (a chart cannot draw them; the table of the report shows them).
 */
export function perStep(points: MetricPoint[]): HistoryPoint[] {
  const byStep = new Map<number, MetricPoint>()
  for (const p of points) {
    if (!Number.isFinite(p.value)) continue
    const seen = byStep.get(p.step)
    if (seen === undefined || p.timestamp >= seen.timestamp) byStep.set(p.step, p)
  }
  return [...byStep.values()]
    .sort((a, b) => a.step - b.step)
    .map(p => ({ step: p.step, value: p.value }))
}

/**
 * Thins a line to at most `max` points: the first and the last always, and between them the
 * point of each bucket that lies furthest from the bucket's mean, so spikes survive.
 */
export function downsample(points: HistoryPoint[], max = MAX_POINTS): HistoryPoint[] {
  if (points.length <= max) return points
  if (max < 3) return [points[0], points[points.length - 1]].filter(p => p !== undefined)
  const first = points[0]
  const last = points[points.length - 1]
  if (first === undefined || last === undefined) return points
  const inner = points.slice(1, -1)
  const buckets = max - 2
  const kept: HistoryPoint[] = [first]
  for (let b = 0; b < buckets; b++) {
    const bucket = inner.slice(
      Math.floor((b * inner.length) / buckets),
      Math.floor(((b + 1) * inner.length) / buckets)
    )
    if (bucket.length === 0) continue
    const mean = bucket.reduce((sum, p) => sum + p.value, 0) / bucket.length
    let pick = bucket[0] as HistoryPoint
    for (const p of bucket) if (Math.abs(p.value - mean) > Math.abs(pick.value - mean)) pick = p
    kept.push(pick)
  }
  kept.push(last)
  return kept
}

/**
 * The metrics worth a chart, in report order: those the config names first, then the rest,
 * at most MAX_CHARTS. A chart needs a history, so the caller drops single-step metrics.
 */
export function chartCandidates(configured: string[], logged: string[]): string[] {
  const seen = new Set<string>()
  const order: string[] = []
  for (const name of [...configured, ...[...logged].sort()]) {
    if (!seen.has(name) && logged.includes(name)) {
      seen.add(name)
      order.push(name)
    }
  }
  return order
}

/** At most this many of a baseline's runs are read for its band: the latest of them. */
export const MAX_BAND_RUNS = 10

/**
 * The range of several runs' histories: at each step that at least two of them logged, their
 * lowest and highest value; at most MAX_POINTS steps, evenly spread. Empty for fewer than 2 runs.
 */
export function bandOf(runs: MetricPoint[][]): BandPoint[] {
  if (runs.length < 2) return []
  const atStep = new Map<number, number[]>()
  for (const points of runs) {
    for (const p of perStep(points)) atStep.set(p.step, [...(atStep.get(p.step) ?? []), p.value])
  }
  const band = [...atStep.entries()]
    .filter(([, values]) => values.length >= 2)
    .sort(([a], [b]) => a - b)
    .map(([step, values]) => ({ step, low: Math.min(...values), high: Math.max(...values) }))
  if (band.length <= MAX_POINTS) return band
  return Array.from(
    { length: MAX_POINTS },
    (_, i) => band[Math.round((i * (band.length - 1)) / (MAX_POINTS - 1))] as BandPoint
  )
}

/**
 * A chartable history: more than one step in this run or in the baseline. `others` are the
 * histories of the baseline's other runs, for its band.
 */
export function toHistory(
  metric: string,
  candidate: MetricPoint[],
  baseline: MetricPoint[] | undefined,
  others: MetricPoint[][] = []
): MetricHistory | undefined {
  const now = perStep(candidate)
  const before = baseline === undefined ? undefined : perStep(baseline)
  if (now.length < 2 && (before === undefined || before.length < 2)) return undefined
  const history: MetricHistory = {
    metric,
    candidate: downsample(now),
    baseline: before === undefined || before.length === 0 ? undefined : downsample(before)
  }
  const band = baseline === undefined ? [] : bandOf([baseline, ...others])
  if (band.length > 0) history.baselineBand = { runs: others.length + 1, points: band }
  return history
}
