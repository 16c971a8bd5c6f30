/**
 * Step 5: the baseline, a set of runs: the run `baseline-run-id` names, else a window of the
 * latest finished runs of the candidate's entry point on the base branch (one search call; the
 * latest metric values come with the runs), searched in the primary store first and then in the
 * carried history. No baseline is a normal state (the first run).
 */
import { baselineFilter, type BaselineQuery } from '../core/baseline/filter.js'
import type { RunSet } from '../core/compare/samples.js'
import type { Run } from '../core/runs.js'
import { InputError, errorMessage } from '../errors.js'
import type { Log, TrackingStore } from '../ports.js'
import type { Candidate } from './obtain-candidate.js'
import type { Stores } from './open-stores.js'

export interface BaselineRequest {
  /** `baseline-run-id`: use this run. */
  runId?: string
  /** The branch whose runs are baselines; none: no baseline. */
  branch?: string
  /** The candidate: its experiment and entry point say which runs are comparable. */
  candidate: Run
  /** The candidate's experiment by name: how it is found in the carried history. */
  experimentName: string
  /** How many of the latest runs form the baseline (1: the latest run alone). */
  window: number
  /** An MLflow filter string that chooses the runs instead of the branch. */
  filter?: string
}

/** A store to search, and how the report names it when the baseline came from there. */
export interface BaselineSource {
  store: TrackingStore
  /** e.g. "artifact 'care-label-store-iris' of workflow run 12"; undefined: the primary store. */
  description?: string
  /** Where a run of this store can be looked at when the store has no UI (its artifact). */
  url?: string
}

export interface Baseline {
  set: RunSet
  /** The source the runs came from (the primary store when there are none). */
  from: BaselineSource
}

export async function selectBaseline(
  request: BaselineRequest,
  sources: BaselineSource[]
): Promise<Baseline> {
  const [primary] = sources
  if (primary === undefined) throw new RangeError('selectBaseline needs a store')
  if (request.runId) {
    return { set: await runById(primary.store, request.runId), from: primary }
  }
  if (request.filter !== undefined) return byFilter(request, request.filter, primary)
  const branch = request.branch
  if (branch === undefined) {
    return {
      set: { runs: [], how: 'no base branch is known for this event, so there is no baseline' },
      from: primary
    }
  }
  const entryPoint = request.candidate.data.tags['mlflow.project.entryPoint']
  const of = `${entryPoint ? ` of entry point '${entryPoint}'` : ''} on branch '${branch}'`
  for (const source of sources) {
    const experimentId =
      source === primary
        ? request.candidate.info.experimentId
        : (await source.store.getExperimentByName(request.experimentName))?.experimentId
    if (experimentId === undefined) continue
    const runs = await latestRuns(
      source.store,
      { experimentId, branch, entryPoint, exclude: request.candidate.info.runId },
      request.window
    )
    if (runs.length > 0) {
      const what = windowWords(runs.length, request.window) + of
      const how = source.description ? `${what}, from ${source.description}` : what
      return { set: { runs, how }, from: source }
    }
  }
  return {
    set: {
      runs: [],
      how: `no baseline: no finished run${of} was found. Run this workflow on push to '${branch}' to record one.`
    },
    from: primary
  }
}

/** The latest finished runs that match the user's filter (`baseline.filter`). */
async function byFilter(
  request: BaselineRequest,
  filter: string,
  primary: BaselineSource
): Promise<Baseline> {
  const page = await primary.store.searchRuns({
    experimentIds: [request.candidate.info.experimentId],
    filter: `attributes.status = 'FINISHED' AND ${filter}`,
    orderBy: ['attributes.start_time DESC'],
    maxResults: request.window + 1
  })
  const runs = page.runs
    .filter(r => r.info.runId !== request.candidate.info.runId)
    .slice(0, request.window)
  const what = `${windowWords(runs.length, request.window)} matching the filter ${filter}`
  return {
    set: {
      runs,
      how: runs.length > 0 ? what : `no baseline: no finished run matches the filter ${filter}`
    },
    from: primary
  }
}

async function runById(store: TrackingStore, runId: string): Promise<RunSet> {
  try {
    const run = await store.getRun(runId)
    return { runs: [run], how: `run ${runId}, given by baseline-run-id` }
  } catch (error) {
    throw new InputError(
      'baseline-run-id',
      `run '${runId}' could not be read from the ${store.description}: ${errorMessage(error)}`
    )
  }
}

/** "the latest finished run", "the latest 4 finished runs (a window of 10)", … */
function windowWords(found: number, window: number): string {
  if (window === 1) return 'the latest finished run'
  const runs = found === 1 ? 'finished run' : `${found} finished runs`
  return `the latest ${runs} (a window of ${window}${found < window ? `, ${found} found` : ''})`
}

/** The latest `window` finished runs of the branch in the experiment, other than `exclude`. */
export async function latestRuns(
  store: TrackingStore,
  query: BaselineQuery & { exclude?: string },
  window = 1
): Promise<Run[]> {
  const page = await store.searchRuns({
    experimentIds: [query.experimentId],
    filter: baselineFilter(query),
    // Newest first; MLflow (and the local stores, as MLflow does) break ties by run id.
    orderBy: ['attributes.start_time DESC'],
    maxResults: window + 1
  })
  return page.runs.filter(r => r.info.runId !== query.exclude).slice(0, window)
}

/** The baseline of the candidate, from the primary store and then the carried history. */
export async function findBaseline(
  plan: { baselineRunId?: string; branch?: string; window: number; baselineFilter?: string },
  candidate: Candidate,
  stores: Stores,
  log: Log
): Promise<Baseline> {
  const [run] = candidate.set.runs
  if (run === undefined) throw new RangeError('a candidate without a run')
  const request = {
    runId: plan.baselineRunId,
    branch: plan.branch,
    candidate: run,
    experimentName: candidate.experimentName,
    window: plan.window,
    filter: plan.baselineFilter
  }
  return log.group('Finding the baseline run', async () => {
    const found = await selectBaseline(request, baselineSources(stores))
    const [first] = found.set.runs
    log.info(first ? `Baseline: run ${first.info.runId} (${found.set.how}).` : found.set.how)
    return found
  })
}

/** The primary store (its runs' pages: the artifact it was carried from), then the history. */
function baselineSources(stores: Stores): BaselineSource[] {
  const primary: BaselineSource = { store: stores.primary(), url: stores.carriedFrom?.url }
  const history = stores.history
  if (history === undefined) return [primary]
  const { fetched } = history
  return [primary, { store: history.store, description: fetched.description, url: fetched.url }]
}
