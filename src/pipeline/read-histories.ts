/**
 * Step 7: the metric histories worth a chart (the config's metrics first), from the candidate
 * and the baseline (and, for a set of baseline runs, the latest few of them, for its band). A
 * history that cannot be read is left out with a note: charts are a nicety.
 */
import { MAX_BAND_RUNS, MAX_CHARTS, chartCandidates, toHistory } from '../core/report/history.js'
import type { MetricHistory } from '../core/report/types.js'
import type { Run } from '../core/runs.js'
import { errorMessage } from '../errors.js'
import type { Log, TrackingStore } from '../ports.js'
import type { Notes } from './notes.js'

export async function readHistories(
  request: { configured: string[]; candidate: Run; baseline: Run[] },
  deps: { store: TrackingStore; baselineStore: TrackingStore; log: Log; notes: Notes }
): Promise<MetricHistory[]> {
  const { candidate } = request
  const [baseline, ...rest] = request.baseline
  const histories: MetricHistory[] = []
  for (const metric of chartCandidates(request.configured, Object.keys(candidate.data.metrics))) {
    if (histories.length >= MAX_CHARTS) break
    try {
      const now = await deps.store.getMetricHistory(candidate.info.runId, metric)
      const before =
        baseline && metric in baseline.data.metrics
          ? await deps.baselineStore.getMetricHistory(baseline.info.runId, metric)
          : undefined
      const others = await Promise.all(
        rest
          .slice(0, MAX_BAND_RUNS - 1)
          .filter(run => metric in run.data.metrics)
          .map(run => deps.baselineStore.getMetricHistory(run.info.runId, metric))
      )
      const history = toHistory(metric, now, before, before === undefined ? [] : others)
      if (history !== undefined) histories.push(history)
    } catch (error) {
      deps.notes.warn(`Could not read the history of metric '${metric}': ${errorMessage(error)}`)
    }
  }
  deps.log.info(
    histories.length > 0
      ? `Charts for ${histories.map(h => h.metric).join(', ')}.`
      : 'No metric was logged at more than one step: no charts.'
  )
  return histories
}
