/**
 * Step 4: the candidate. Either the MLproject runs here with the real `mlflow run`, or a run that
 * an earlier step logged is adopted; then the run is read back and tagged with where it ran
 * (so later runs find it as their baseline) and what it ran on.
 */
import { existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import type { RunSet } from '../core/compare/samples.js'
import type { RunContext } from '../core/context.js'
import type { Environment } from '../core/report/types.js'
import type { Run } from '../core/runs.js'
import { TAG, contextTags, environmentTags } from '../core/tags.js'
import { ActionError, ProjectRunError, ProjectRunFailed, errorMessage } from '../errors.js'
import type { Log, ProjectRunner, TrackingStore } from '../ports.js'
import type { Backend, EnvManager } from '../settings/types.js'
import type { RetryClock } from '../util/retry.js'
import type { Notes } from './notes.js'
import type { Stores } from './open-stores.js'
import { storeArtifactsDir } from '../settings/tracking-uri.js'
import { waitForRun } from './wait-for-run.js'

/** What the project is asked to run. */
export interface RunRequest {
  /** The project directory, absolute. */
  dir: string
  /** As the user wrote it, for the log. */
  project: string
  entryPoint: string
  parameters: Array<[string, string]>
  envManager: EnvManager
  backend: Backend
  /** The backend's JSON file, absolute; empty: none. */
  backendConfig: string
  /** How long a run may still be running once `mlflow run` returned. */
  waitTimeoutMinutes: number
  experimentName: string
  runName: string
  /** How many times to run it (repeats measure the noise); 1: once. */
  repeats: number
  /** The parameter set to 0..repeats-1, when the entry point declares it. */
  seedParam?: string
}

export interface Candidate {
  set: RunSet
  experimentName: string
  environment: Environment
}

/** The run name when none is given: the pull request and commit, or the branch and commit. */
export function defaultRunName(context: RunContext): string {
  const sha = context.headSha.slice(0, 7)
  if (context.pullRequest !== undefined) return `pr-${context.pullRequest}${sha ? `-${sha}` : ''}`
  return [context.branch, sha].filter(Boolean).join('-')
}

/**
 * Runs the MLproject `repeats` times (the seed parameter set to 0, 1, …); returns the ids of the
 * runs it logged, in order. `record` is told each id as soon as it is known.
 */
export async function runProject(
  request: RunRequest,
  stores: Stores,
  deps: RunDeps & { record: (runIds: string[]) => void }
): Promise<string[]> {
  await prepareLocalStore(request.experimentName, stores, deps)
  const runIds: string[] = []
  for (let i = 0; i < request.repeats; i++) {
    const runId = await runOnce(request, i, stores.location.uri, deps).catch(
      keepFailed(runIds, deps.record)
    )
    runIds.push(runId)
    deps.record(runIds)
    await waitForEnd(runId, request, stores, deps)
  }
  return runIds
}

/** What a run needs: the runner, the log, and the clock the wait for its end reads. */
export interface RunDeps {
  runner: ProjectRunner
  log: Log
  /** The wait's clock (default: the real one). */
  waitClock?: Pick<RetryClock, 'now' | 'sleep'>
}

/**
 * After `mlflow run` returned, whatever backend ran it: waits until its run has ended (a
 * databricks run was only submitted). Called once the run id is recorded, so that a run that
 * then fails, or is still running at the bound, is reported.
 */
export async function waitForEnd(
  runId: string,
  request: Pick<RunRequest, 'backend' | 'waitTimeoutMinutes'>,
  stores: Stores,
  deps: RunDeps
): Promise<void> {
  await waitForRun(
    { runId, backend: request.backend, timeoutMinutes: request.waitTimeoutMinutes },
    { store: stores.primary(), log: deps.log, clock: deps.waitClock }
  )
  // The next repeat's `mlflow` writes to a local store: no connection of ours stays open.
  if (stores.location.kind === 'sqlite') await stores.release()
}

/**
 * For a run's `catch`: a run that failed after MLflow logged it is kept, recorded after the runs
 * before it, and the failure goes on.
 */
export function keepFailed(before: string[], record: (runIds: string[]) => void) {
  return (error: unknown): never => {
    if (error instanceof ProjectRunFailed && error.runId) record([...before, error.runId])
    throw error
  }
}

/** A local store is this action's to set up: the experiment keeps its artifacts beside it. */
export async function prepareLocalStore(
  experimentName: string,
  stores: Stores,
  deps: { runner: ProjectRunner; log: Log }
): Promise<void> {
  const { location } = stores
  if (location.kind === 'sqlite') {
    mkdirSync(path.dirname(location.path), { recursive: true })
    const exists =
      existsSync(location.path) &&
      (await stores.primary().getExperimentByName(experimentName)) !== undefined
    // `mlflow` writes to the store from another process: no connection of ours stays open.
    await stores.release()
    if (!exists) {
      await deps.log.group(`Creating experiment '${experimentName}' in the local store`, () =>
        deps.runner.createExperiment(location.uri, experimentName, storeArtifactsDir(location.path))
      )
    }
  }
}

/** One `mlflow run` (repeat `index`); its run id, or a ProjectRunFailed that keeps it. */
export async function runOnce(
  request: RunRequest,
  index: number,
  trackingUri: string,
  deps: { runner: ProjectRunner; log: Log }
): Promise<string> {
  const repeated = request.repeats > 1
  const seed = repeated ? request.seedParam : undefined
  const parameters: Array<[string, string]> = [
    ...request.parameters.filter(([name]) => name !== seed),
    ...(seed === undefined ? [] : [[seed, String(index)] as [string, string]])
  ]
  const on = request.backend === 'local' ? '' : `, on ${request.backend}`
  const title = `mlflow run ${request.project} -e ${request.entryPoint} (${request.envManager}${on})`
  const outcome = await deps.log.group(
    repeated ? `${title}, repeat ${index + 1} of ${request.repeats}` : title,
    () =>
      deps.runner.run({
        project: request.dir,
        entryPoint: request.entryPoint,
        parameters,
        envManager: request.envManager,
        backend: request.backend,
        backendConfig: request.backendConfig,
        experimentName: request.experimentName,
        runName: repeated ? `${repeatsName(request.runName)}-${index + 1}` : request.runName,
        trackingUri
      })
  )
  if (outcome.exitCode !== 0) {
    const tail = outcome.tail.slice(-8).join('\n')
    throw new ProjectRunFailed(
      `mlflow run failed with exit code ${outcome.exitCode}${outcome.runId ? ` (run ${outcome.runId} is kept in the store)` : ''}. Its last lines:\n${tail}`,
      outcome.runId
    )
  }
  if (outcome.runId === undefined) {
    throw new ProjectRunError(
      request.backend === 'databricks'
        ? `mlflow run submitted the project to Databricks, but no run of experiment '${request.experimentName}' carries the id of the Databricks job run it started (tag mlflow.databricks.shellJobRunID).`
        : 'mlflow run succeeded but did not say which run it logged (no "Run (ID ...)" line).'
    )
  }
  return outcome.runId
}

export async function readRun(store: TrackingStore, runId: string): Promise<Run> {
  try {
    return await store.getRun(runId)
  } catch (error) {
    throw new ActionError(
      `Run '${runId}' could not be read from the ${store.description}: ${errorMessage(error)}`,
      { cause: error }
    )
  }
}

/**
 * Reads the candidate runs back and records the CI and environment tags on them; repeats are
 * grouped under a parent run (`mlflow.parentRunId`), which the report links.
 */
export async function readCandidate(
  runIds: string[],
  request: {
    experimentName: string
    context: RunContext
    how: string
    runName?: string
    /** Where the run was measured, as the job that logged it said: then it is not tagged again. */
    measuredOn?: Environment
  },
  deps: { store: TrackingStore; runner: ProjectRunner; notes: Notes; trackingUri: string }
): Promise<Candidate> {
  const { store } = deps
  const runs: Run[] = []
  for (const runId of runIds) runs.push(await readRun(store, runId))
  const [first] = runs
  if (first === undefined) throw new RangeError('readCandidate needs a run id')
  const experimentName =
    request.experimentName ||
    (await store.getExperiment(first.info.experimentId))?.name ||
    `experiment ${first.info.experimentId}`
  if (request.measuredOn !== undefined) {
    return { set: { runs, how: request.how }, experimentName, environment: request.measuredOn }
  }
  const environment = await deps.runner.environment()
  const tags = { ...contextTags(request.context), ...environmentTags(environment) }
  let parent: Run | undefined
  if (runs.length > 1) {
    // MLflow's UI nests the repeats (named <name>-1, -2, …) under it.
    const name = repeatsName(request.runName ?? first.info.runName)
    const parentId = await deps.runner.createRun(deps.trackingUri, experimentName, name, tags)
    parent = await readRun(store, parentId)
  }
  for (const run of runs) {
    const own = parent ? { ...tags, [TAG.parentRun]: parent.info.runId } : tags
    try {
      await store.setTags(run.info.runId, own)
      Object.assign(run.data.tags, own)
    } catch (error) {
      deps.notes.warn(
        `Could not record the CI tags on run ${run.info.runId}: ${errorMessage(error)}`
      )
    }
  }
  const how = runs.length > 1 ? `${request.how}, ${runs.length} repeats` : request.how
  return { set: { runs, how, parent }, experimentName, environment }
}

/**
 * The candidate: the project run here, or the adopted run; read back and tagged. `record` is told
 * the run id as soon as it is known (a run that fails later is still reported).
 */
export async function obtainCandidate(
  plan: {
    run?: RunRequest
    adopt?: string
    experimentName: string
    context: RunContext
    /** The adopted run's platform, as the matrix job that trained it said (not tagged again). */
    measuredOn?: Environment
  },
  stores: Stores,
  deps: RunDeps & { notes: Notes; record: (runId: string) => void }
): Promise<Candidate> {
  let runIds = plan.adopt ? [plan.adopt] : []
  const record = (ids: string[]): void => deps.record(ids.join(','))
  if (plan.run !== undefined) runIds = await runProject(plan.run, stores, { ...deps, record })
  record(runIds)
  return readCandidate(
    runIds,
    {
      experimentName: plan.experimentName,
      context: plan.context,
      how: plan.run
        ? 'this run'
        : plan.measuredOn
          ? `run ${runIds[0]}, trained by this workflow run`
          : `run ${runIds[0]}, given by run-id`,
      runName: plan.run?.runName,
      measuredOn: plan.run ? undefined : plan.measuredOn
    },
    {
      store: stores.primary(),
      runner: deps.runner,
      notes: deps.notes,
      trackingUri: stores.location.uri
    }
  )
}

/** The name of repeats' parent run (the repeats are <name>-1, -2, …); never empty. */
function repeatsName(runName: string): string {
  return runName || 'repeats'
}
