/**
 * Step 5: the baseline, a set of runs: the run `baseline-run-id` names, else a window of the
 * latest finished runs of the candidate's entry point on the base branch (one search call; the
 * latest metric values come with the runs), searched in the primary store first and then in the
 * carried history. No baseline is a normal state (the first run).
 */
import {
  baselineFilter,
  commitCondition,
  timeCondition,
  type BaselineQuery
} from '../core/baseline/filter.js'
import type { RunSet } from '../core/compare/samples.js'
import { splitModelUri } from '../core/config/parse.js'
import type { ModelVersion, Run } from '../core/runs.js'
import { ActionError, InputError, errorMessage } from '../errors.js'
import type { Log, MergeBase, Repository, TrackingStore } from '../ports.js'
import type { Candidate } from './obtain-candidate.js'
import { livePrimary, type Stores } from './open-stores.js'
import type { Notes } from './notes.js'
import type { RunPlan } from './plan-run.js'

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
  /** `models:/<name>@<alias>`: the run behind that registered model version. */
  model?: string
  /** The pull request's merge base: its runs are the baseline (else the latest before it). */
  mergeBase?: MergeBase
  /** Runs that started before this time (ms) are too old (`baseline.max_age_days`). */
  since?: number
  /** With fewer runs than this, there is no baseline (`baseline.min_runs`). */
  minRuns?: number
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
  if (request.model !== undefined) return byModelIn(request.model, sources)
  if (request.filter !== undefined) return byFilter(request, request.filter, primary)
  const branch = request.branch
  if (branch === undefined) {
    return {
      set: { runs: [], how: 'no base branch is known for this event, so there is no baseline' },
      from: primary
    }
  }
  for (const source of sources) {
    const experimentId =
      source === primary
        ? request.candidate.info.experimentId
        : (await source.store.getExperimentByName(request.experimentName))?.experimentId
    if (experimentId === undefined) continue
    const found = await searchBranch(source.store, { ...request, branch }, experimentId)
    // Too few runs to be a baseline is the answer (a carried history has fewer still).
    if (found.runs.length === 0 && found.tooFew) {
      return { set: { runs: [], how: found.how }, from: primary }
    }
    if (found.runs.length > 0) {
      const how = source.description ? `${found.how}, from ${source.description}` : found.how
      return { set: { runs: found.runs, how }, from: source }
    }
  }
  return { set: { runs: [], how: noBaseline(request, branch) }, from: primary }
}

/** Why there is no baseline on the branch, and what to do. */
function noBaseline(request: BaselineRequest, branch: string): string {
  const entryPoint = request.candidate.data.tags['mlflow.project.entryPoint']
  const of = `${entryPoint ? ` of entry point '${entryPoint}'` : ''} on branch '${branch}'`
  return `no baseline: no finished run${of} was found${request.since !== undefined ? ' within baseline.max_age_days' : ''}. Run this workflow on push to '${branch}' to record one.`
}

/**
 * The branch's baseline runs in one store: the merge base's runs, else the latest before it (or,
 * without a merge base, the latest), at most `window`, none when fewer than `minRuns`.
 */
async function searchBranch(
  store: TrackingStore,
  request: BaselineRequest & { branch: string },
  experimentId: string
): Promise<{ runs: Run[]; how: string; tooFew?: boolean }> {
  const entryPoint = request.candidate.data.tags['mlflow.project.entryPoint']
  const of = `${entryPoint ? ` of entry point '${entryPoint}'` : ''} on branch '${request.branch}'`
  const base = {
    experimentId,
    branch: request.branch,
    entryPoint,
    exclude: request.candidate.info.runId
  }
  const since = request.since === undefined ? [] : [timeCondition('since', request.since)]
  const search = (conditions: string[]): Promise<Run[]> =>
    latestRuns(store, { ...base, conditions: [...since, ...conditions] }, request.window)
  const mb = request.mergeBase
  let runs: Run[]
  let what: string
  if (mb !== undefined) {
    const short = mb.sha.slice(0, 7)
    runs = await search([commitCondition(mb.sha)])
    what = `${windowWords(runs.length, request.window)} of the merge base ${short}`
    if (runs.length === 0) {
      runs = await search([timeCondition('until', mb.time)])
      what = `${windowWords(runs.length, request.window)} before the merge base ${short} (which has none)`
    }
  } else {
    runs = await search([])
    what = windowWords(runs.length, request.window)
  }
  if (request.minRuns !== undefined && runs.length > 0 && runs.length < request.minRuns) {
    return {
      runs: [],
      how: `no baseline: ${runs.length} finished run(s)${of}, fewer than baseline.min_runs (${request.minRuns})`,
      tooFew: true
    }
  }
  return { runs, how: what + of }
}

/** The latest finished runs that match the user's filter (`baseline.filter`). */
async function byFilter(
  request: BaselineRequest,
  filter: string,
  primary: BaselineSource
): Promise<Baseline> {
  const since = request.since === undefined ? '' : ` AND ${timeCondition('since', request.since)}`
  const page = await primary.store.searchRuns({
    experimentIds: [request.candidate.info.experimentId],
    filter: `attributes.status = 'FINISHED'${since} AND ${filter}`,
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

/**
 * `baseline.model` in the first store whose registry has the alias: the primary store, else the
 * carried history (a pull request's own local store has no registry; the base branch's has).
 */
async function byModelIn(uri: string, sources: BaselineSource[]): Promise<Baseline> {
  let first: Baseline | undefined
  for (const source of sources) {
    const found = await byModel(uri, source)
    if (found.set.runs.length > 0) return found
    first ??= found
  }
  if (first === undefined) throw new RangeError('selectBaseline needs a store')
  return first
}

/** The run that logged the model version an alias points to (`baseline.model`). */
async function byModel(uri: string, primary: BaselineSource): Promise<Baseline> {
  const { name, alias } = splitModelUri(uri) ?? { name: uri, alias: '' }
  const { store } = primary
  let version: ModelVersion | undefined
  try {
    version = await store.getModelVersion(name, alias)
  } catch (error) {
    throw new ActionError(
      `baseline.model ${uri}: the registry of the ${store.description} could not be read: ${errorMessage(error)}`,
      { cause: error }
    )
  }
  const none = (why: string): Baseline => ({
    set: { runs: [], how: `no baseline: ${why}` },
    from: primary
  })
  if (version === undefined) {
    return none(
      `no version of the registered model '${name}' has the alias '${alias}' (${uri}). Set it on the version to compare with, e.g. MlflowClient().set_registered_model_alias('${name}', '${alias}', 1).`
    )
  }
  if (version.runId === undefined) {
    return none(
      `version ${version.version} of '${name}' (${uri}) was not logged by a run, so it has no metrics to compare with.`
    )
  }
  const runId = version.runId
  const run = await store.getRun(runId).catch((error: unknown) => {
    throw new ActionError(
      `baseline.model ${uri}: run ${runId}, which logged version ${version.version}, could not be read from the ${store.description}: ${errorMessage(error)}`,
      { cause: error }
    )
  })
  return {
    set: { runs: [run], how: `run ${runId}, which logged version ${version.version} of ${uri}` },
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
  plan: Pick<
    RunPlan,
    | 'baselineRunId'
    | 'branch'
    | 'window'
    | 'baselineFilter'
    | 'baselineModel'
    | 'mergeBaseOf'
    | 'since'
    | 'minRuns'
  >,
  candidate: Candidate,
  stores: Stores,
  deps: { log: Log; notes: Notes; repository?: Repository }
): Promise<Baseline> {
  const { log } = deps
  const [run] = candidate.set.runs
  if (run === undefined) throw new RangeError('a candidate without a run')
  const request = {
    runId: plan.baselineRunId,
    branch: plan.branch,
    candidate: run,
    experimentName: candidate.experimentName,
    window: plan.window,
    filter: plan.baselineFilter,
    model: plan.baselineModel,
    since: plan.since,
    minRuns: plan.minRuns
  }
  return log.group('Finding the baseline run', async () => {
    const mergeBase = await findMergeBase(plan.mergeBaseOf, deps)
    const found = await selectBaseline({ ...request, mergeBase }, baselineSources(stores))
    const [first] = found.set.runs
    log.info(first ? `Baseline: run ${first.info.runId} (${found.set.how}).` : found.set.how)
    return found
  })
}

/** The pull request's merge base from GitHub; when it cannot be had, the latest runs, with a note. */
async function findMergeBase(
  of: RunPlan['mergeBaseOf'],
  deps: { notes: Notes; repository?: Repository }
): Promise<MergeBase | undefined> {
  if (of === undefined || deps.repository === undefined) return undefined
  try {
    return await deps.repository.mergeBase(of.base, of.head)
  } catch (error) {
    deps.notes.warn(
      `Could not find the merge base of '${of.base}' and ${of.head.slice(0, 7)} (${errorMessage(error)}): the baseline is the latest runs of '${of.base}'.`
    )
    return undefined
  }
}

/** The primary store (its runs' pages: the artifact it was carried from), then the history. */
function baselineSources(stores: Stores): BaselineSource[] {
  // Live: the tests' runs write to a local store between the search and the reading of histories.
  const primary: BaselineSource = { store: livePrimary(stores), url: stores.carriedFrom?.url }
  const history = stores.history
  if (history === undefined) return [primary]
  const { fetched } = history
  return [primary, { store: history.store, description: fetched.description, url: fetched.url }]
}
