/**
 * Step 4, after each `mlflow run`: the run is compared only once it has ended. A local or a
 * kubernetes run has (the CLI waited for it and marked it); a databricks run was only submitted,
 * and is RUNNING on its cluster until the job marks it. The run is read from the tracking store
 * until its status is FINISHED, FAILED or KILLED, within a bound, whatever backend ran it.
 */
import type { Run, RunStatus } from '../core/runs.js'
import { ActionError, ProjectRunError, ProjectRunFailed, errorMessage } from '../errors.js'
import type { Log, TrackingStore } from '../ports.js'
import type { Backend } from '../settings/types.js'
import { formatWait, realClock, type RetryClock } from '../util/retry.js'

export interface WaitRequest {
  runId: string
  backend: Backend
  timeoutMinutes: number
}

export interface WaitDeps {
  store: TrackingStore
  log: Log
  clock?: Pick<RetryClock, 'now' | 'sleep'>
}

const ENDED: RunStatus[] = ['FINISHED', 'FAILED', 'KILLED']

/**
 * The waits between two reads: quick at first (a run that is about to end costs seconds), then
 * every 15 s, one request each, as MLflow's own CLI polls a Kubernetes Job every 5 s and a
 * Databricks run every 30 s.
 */
export const POLL_DELAYS_MS = [1000, 2000, 4000, 8000, 15_000]

/** How often the log says the run is still going. */
export const PROGRESS_EVERY_MS = 5 * 60_000

/** Where MLflow links a databricks run's job run page (a tag of the run). */
const DATABRICKS_RUN_URL = 'mlflow.databricks.runURL'

/**
 * Reads the run until it has ended; returns it FINISHED. FAILED or KILLED is a ProjectRunFailed
 * (the run is kept, as for a failed local run); still running at the bound is a ProjectRunError
 * that names the run and the input that raises the bound.
 */
export async function waitForRun(request: WaitRequest, deps: WaitDeps): Promise<Run> {
  const { runId, backend } = request
  const { store, log } = deps
  const clock = deps.clock ?? realClock
  const started = clock.now()
  const deadline = started + request.timeoutMinutes * 60_000
  let nextProgress = started + PROGRESS_EVERY_MS
  for (let poll = 0; ; poll++) {
    // A transient failure was retried by the store already: what is left ends the wait.
    const run = await store.getRun(runId).catch((error: unknown) => {
      throw new ActionError(
        `Run '${runId}' could not be read from the ${store.description}: ${errorMessage(error)}`,
        { cause: error }
      )
    })
    const status = run.info.status
    const page = run.data.tags[DATABRICKS_RUN_URL]
    const where = page ? ` (its job run: ${page})` : ''
    if (ENDED.some(s => s === status)) {
      if (poll > 0) log.info(`Run ${runId} ended ${status} after ${since(clock.now(), started)}.`)
      if (status === 'FINISHED') return run
      throw new ProjectRunFailed(
        `Run ${runId} ended ${status} on the ${backend} backend${where}; it is kept in the store.`,
        runId
      )
    }
    const now = clock.now()
    if (now >= deadline) {
      throw new ProjectRunError(
        surface =>
          `Run ${runId} is still ${status} after ${request.timeoutMinutes} min on the ${backend} backend${where}, so it was not compared; it is left as it is in the store. If it needs longer, raise ${surface.input('wait-timeout-minutes')}.`
      )
    }
    if (poll === 0) {
      log.info(
        `Run ${runId} is ${status} on the ${backend} backend${where}: waiting for it to end, at most ${request.timeoutMinutes} min.`
      )
    } else if (now >= nextProgress) {
      log.info(`Run ${runId} is still ${status} after ${since(now, started)}.`)
      nextProgress += PROGRESS_EVERY_MS
    }
    const delay = POLL_DELAYS_MS[Math.min(poll, POLL_DELAYS_MS.length - 1)] ?? 15_000
    // The last read is at the bound itself, so a run that ends just in time is compared.
    await clock.sleep(Math.min(delay, deadline - now))
  }
}

/** Time since `started`, for the log: `40 s`, `7 min 3 s`. */
function since(now: number, started: number): string {
  const ms = now - started
  if (ms < 60_000) return formatWait(ms)
  const seconds = Math.round(ms / 1000)
  return `${Math.floor(seconds / 60)} min${seconds % 60 ? ` ${seconds % 60} s` : ''}`
}
