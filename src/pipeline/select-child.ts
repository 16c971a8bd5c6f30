/**
 * Step 5a: sweeps (`select:`). When the candidate run is the parent of child runs (a
 * hyperparameter sweep, each trial a nested run), the best finished child by one metric is the
 * candidate; each baseline run that is a sweep's parent is replaced by its best child the same
 * way. A run without children stays as it is.
 */
import type { RunSet } from '../core/compare/samples.js'
import type { SelectSettings } from '../core/config/types.js'
import type { Run } from '../core/runs.js'
import { TAG } from '../core/tags.js'
import type { TrackingStore } from '../ports.js'
import type { Notes } from './notes.js'
import type { Candidate } from './obtain-candidate.js'
import { TEST_TAG } from './run-tests.js'
import type { Baseline } from './select-baseline.js'

/** The most children a sweep's parent is searched for. */
const MAX_CHILDREN = 5000

export async function selectChildren(
  select: SelectSettings | undefined,
  sides: { candidate: Candidate; baseline: Baseline },
  store: TrackingStore,
  deps: { notes: Notes }
): Promise<{ candidate: Candidate; baseline: Baseline }> {
  if (select === undefined) return sides
  const candidate = await selectIn(sides.candidate.set, select, store, deps.notes)
  if (candidate.sweep === undefined) {
    deps.notes.warn(
      `select: run ${sides.candidate.set.runs[0]?.info.runId ?? ''} has no finished child run with ${select.metric}: it is the candidate itself.`
    )
  }
  const baseline = await selectIn(sides.baseline.set, select, sides.baseline.from.store, deps.notes)
  return {
    candidate: { ...sides.candidate, set: candidate },
    baseline: { ...sides.baseline, set: baseline }
  }
}

/** The set with each run that has children replaced by its best child. */
async function selectIn(
  set: RunSet,
  select: SelectSettings,
  store: TrackingStore,
  notes: Notes
): Promise<RunSet> {
  const runs: Run[] = []
  let sweep: RunSet['sweep']
  for (const [index, run] of set.runs.entries()) {
    const { finished: children, running } = await childrenOf(run, select.metric, store)
    if (running > 0) {
      notes.warn(
        `select: ${running} child run(s) of sweep run ${run.info.runId} are still running: the best of the ${children.length} finished one(s) is taken.`
      )
    }
    const best = bestOf(children, select)
    if (best === undefined) {
      runs.push(run)
      continue
    }
    runs.push(best)
    if (index === 0) {
      sweep = { parent: run, children: children.length, by: `${select.metric}, ${select.mode}` }
    }
  }
  return sweep === undefined ? { ...set, runs } : { ...set, runs, sweep }
}

/**
 * The run's trials: its finished child runs that logged the metric (one search, up to
 * MAX_CHILDREN), and how many more are still running. Its care-label tests are not trials.
 */
async function childrenOf(
  run: Run,
  metric: string,
  store: TrackingStore
): Promise<{ finished: Run[]; running: number }> {
  const page = await store.searchRuns({
    experimentIds: [run.info.experimentId],
    filter: `tags.\`${TAG.parentRun}\` = '${run.info.runId}'`,
    orderBy: ['attributes.start_time ASC'],
    maxResults: MAX_CHILDREN
  })
  const trials = page.runs.filter(r => r.data.tags[TEST_TAG] === undefined)
  const running = trials.filter(r => r.info.status === 'RUNNING' || r.info.status === 'SCHEDULED')
  const finished = trials.filter(
    r => r.info.status === 'FINISHED' && Number.isFinite(r.data.metrics[metric])
  )
  return { finished, running: running.length }
}

/** The child with the lowest (min) or highest (max) value; the earliest of equals. */
export function bestOf(children: Run[], select: SelectSettings): Run | undefined {
  let best: Run | undefined
  for (const child of children) {
    const value = child.data.metrics[select.metric] ?? Number.NaN
    const current = best?.data.metrics[select.metric] ?? Number.NaN
    if (best === undefined || (select.mode === 'min' ? value < current : value > current)) {
      best = child
    }
  }
  return best
}
