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
import { contextTags, environmentTags } from '../core/tags.js'
import { ActionError, ProjectRunError, ProjectRunFailed, errorMessage } from '../errors.js'
import type { Log, ProjectRunner, TrackingStore } from '../ports.js'
import type { EnvManager } from '../settings/types.js'
import type { Notes } from './notes.js'
import type { Stores } from './open-stores.js'
import { storeArtifactsDir } from '../settings/tracking-uri.js'

/** What the project is asked to run. */
export interface RunRequest {
  /** The project directory, absolute. */
  dir: string
  /** As the user wrote it, for the log. */
  project: string
  entryPoint: string
  parameters: Array<[string, string]>
  envManager: EnvManager
  experimentName: string
  runName: string
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

/** Runs the MLproject; returns the id of the run it logged. */
export async function runProject(
  request: RunRequest,
  stores: Stores,
  deps: { runner: ProjectRunner; log: Log }
): Promise<string> {
  const { location } = stores
  if (location.kind === 'sqlite') {
    // A local store is this action's to set up: the experiment keeps its artifacts beside it.
    mkdirSync(path.dirname(location.path), { recursive: true })
    const exists =
      existsSync(location.path) &&
      (await stores.primary().getExperimentByName(request.experimentName)) !== undefined
    // `mlflow` writes to the store from another process: no connection of ours stays open.
    await stores.release()
    if (!exists) {
      await deps.log.group(
        `Creating experiment '${request.experimentName}' in the local store`,
        () =>
          deps.runner.createExperiment(
            location.uri,
            request.experimentName,
            storeArtifactsDir(location.path)
          )
      )
    }
  }
  const outcome = await deps.log.group(
    `mlflow run ${request.project} -e ${request.entryPoint} (${request.envManager})`,
    () =>
      deps.runner.run({
        project: request.dir,
        entryPoint: request.entryPoint,
        parameters: request.parameters,
        envManager: request.envManager,
        experimentName: request.experimentName,
        runName: request.runName,
        trackingUri: location.uri
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
      'mlflow run succeeded but did not say which run it logged (no "Run (ID ...)" line).'
    )
  }
  return outcome.runId
}

async function readRun(store: TrackingStore, runId: string): Promise<Run> {
  try {
    return await store.getRun(runId)
  } catch (error) {
    throw new ActionError(
      `Run '${runId}' could not be read from the ${store.description}: ${errorMessage(error)}`,
      { cause: error }
    )
  }
}

/** Reads the candidate run back and records the CI and environment tags on it. */
export async function readCandidate(
  runId: string,
  request: { experimentName: string; context: RunContext; how: string },
  deps: { store: TrackingStore; runner: ProjectRunner; notes: Notes }
): Promise<Candidate> {
  const { store } = deps
  const run = await readRun(store, runId)
  const experimentName =
    request.experimentName ||
    (await store.getExperiment(run.info.experimentId))?.name ||
    `experiment ${run.info.experimentId}`
  const environment = await deps.runner.environment()
  const tags = { ...contextTags(request.context), ...environmentTags(environment) }
  try {
    await store.setTags(runId, tags)
    Object.assign(run.data.tags, tags)
  } catch (error) {
    deps.notes.warn(`Could not record the CI tags on run ${runId}: ${errorMessage(error)}`)
  }
  return { set: { runs: [run], how: request.how }, experimentName, environment }
}

/**
 * The candidate: the project run here, or the adopted run; read back and tagged. `record` is told
 * the run id as soon as it is known (a run that fails later is still reported).
 */
export async function obtainCandidate(
  plan: { run?: RunRequest; adopt?: string; experimentName: string; context: RunContext },
  stores: Stores,
  deps: { runner: ProjectRunner; log: Log; notes: Notes; record: (runId: string) => void }
): Promise<Candidate> {
  let runId = plan.adopt ?? ''
  if (plan.run !== undefined) {
    runId = await runProject(plan.run, stores, deps).catch((error: unknown) => {
      if (error instanceof ProjectRunFailed && error.runId) deps.record(error.runId)
      throw error
    })
  }
  deps.record(runId)
  return readCandidate(
    runId,
    {
      experimentName: plan.experimentName,
      context: plan.context,
      how: plan.run ? 'this run' : `run ${runId}, given by run-id`
    },
    { store: stores.primary(), runner: deps.runner, notes: deps.notes }
  )
}
