/**
 * The local store's upkeep without a tracking server: on the branch itself, the oldest runs
 * beyond `history-runs` are dropped (with MLflow's own tools), and the store is uploaded as the
 * workflow artifact the next run starts from. Nothing the run produced is lost: the pipeline
 * uploads the store also when a later step failed.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { errorMessage } from '../errors.js'
import type { ArtifactStore, Log, ProjectRunner, TrackingStore } from '../ports.js'
import type { Notes } from './notes.js'

export interface StoreUpload {
  artifacts: ArtifactStore
  /** The artifact's name. */
  name: string
  /** The local store's URI and file. */
  uri: string
  path: string
  experimentName: string
  /** Runs to keep; undefined: keep all (a pull request adds no history). */
  prune?: number
}

/** Prunes (when asked) and uploads the store; returns the artifact's page. Never throws. */
export async function saveStore(
  upload: StoreUpload,
  deps: {
    openStore: () => TrackingStore
    runner?: ProjectRunner
    log: Log
    notes: Notes
  }
): Promise<string | undefined> {
  const { log, notes } = deps
  if (!existsSync(upload.path)) return undefined
  return log.group(`Uploading the local store (artifact ${upload.name})`, async () => {
    if (upload.prune !== undefined && deps.runner !== undefined) {
      try {
        if (
          (await countRuns(deps.openStore(), upload.experimentName, upload.prune + 1)) >
          upload.prune
        ) {
          const dropped = await deps.runner.pruneRuns(
            upload.uri,
            upload.experimentName,
            upload.prune
          )
          if (dropped > 0) {
            log.info(`Dropped the ${dropped} oldest run(s) beyond history-runs (${upload.prune}).`)
          }
        }
      } catch (error) {
        notes.warn(`Could not drop the oldest runs: ${errorMessage(error)}`)
      }
    }
    try {
      const url = await upload.artifacts.upload(upload.name, path.dirname(upload.path))
      log.info(`Uploaded the store${url ? `: ${url}` : ''}.`)
      return url
    } catch (error) {
      notes.warn(
        `Could not upload the local store as artifact '${upload.name}': ${errorMessage(error)}`
      )
      return undefined
    }
  })
}

/** How many runs the experiment has, counting up to `limit`; the store is closed after. */
async function countRuns(
  store: TrackingStore,
  experimentName: string,
  limit: number
): Promise<number> {
  try {
    const experiment = await store.getExperimentByName(experimentName)
    if (experiment === undefined) return 0
    const page = await store.searchRuns({
      experimentIds: [experiment.experimentId],
      maxResults: limit
    })
    return page.runs.length
  } finally {
    await store.close()
  }
}
