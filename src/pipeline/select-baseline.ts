/**
 * Step 5: the baseline, a set of runs (one today): the run `baseline-run-id` names, else the
 * latest finished run of the candidate's entry point on the base branch, searched in the primary
 * store first and then in the carried history. No baseline is a normal state (the first run).
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
  const branch = request.branch
  if (branch === undefined) {
    return {
      set: { runs: [], how: 'no base branch is known for this event, so there is no baseline' },
      from: primary
    }
  }
  const entryPoint = request.candidate.data.tags['mlflow.project.entryPoint']
  const what = `the latest finished run${entryPoint ? ` of entry point '${entryPoint}'` : ''} on branch '${branch}'`
  for (const source of sources) {
    const experimentId =
      source === primary
        ? request.candidate.info.experimentId
        : (await source.store.getExperimentByName(request.experimentName))?.experimentId
    if (experimentId === undefined) continue
    const run = await latestRun(source.store, {
      experimentId,
      branch,
      entryPoint,
      exclude: request.candidate.info.runId
    })
    if (run !== undefined) {
      const how = source.description ? `${what}, from ${source.description}` : what
      return { set: { runs: [run], how }, from: source }
    }
  }
  return {
    set: {
      runs: [],
      how: `no baseline: no ${what.replace('the latest ', '')} was found. Run this workflow on push to '${branch}' to record one.`
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

/** The latest finished run of the branch in the experiment, other than `exclude`. */
export async function latestRun(
  store: TrackingStore,
  query: BaselineQuery & { exclude?: string }
): Promise<Run | undefined> {
  const page = await store.searchRuns({
    experimentIds: [query.experimentId],
    filter: baselineFilter(query),
    orderBy: ['attributes.start_time DESC'],
    maxResults: 2
  })
  return page.runs.find(r => r.info.runId !== query.exclude)
}

/** The baseline of the candidate, from the primary store and then the carried history. */
export async function findBaseline(
  plan: { baselineRunId?: string; branch?: string },
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
    experimentName: candidate.experimentName
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
