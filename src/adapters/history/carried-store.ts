/**
 * History without a tracking server: the local MLflow store travels as a workflow artifact.
 *
 * Each run on a branch starts from the store its branch's latest successful run uploaded, logs
 * its run into it, drops the oldest runs beyond `history-runs` with MLflow's own tools, and
 * uploads it again: one store carries the whole history, so a pull request downloads a single
 * artifact to find its baseline, and history survives the expiry of older artifacts.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { StoreError, errorMessage } from '../../errors.js'
import type { FetchedStore, TrackingStore } from '../../ports.js'
import { STORE_DB, sqliteUri, type TrackingLocation } from '../../settings/tracking-uri.js'

/**
 * A downloaded store must be exactly what this action uploads: mlflow.db at the top and, at
 * most, an artifacts/ folder. Anything else (a foreign artifact of the same name) is refused
 * before SQLite opens a byte of it.
 */
export function checkStoreLayout(dir: string): string | undefined {
  const entries = readdirSync(dir, { withFileTypes: true })
  const db = entries.find(e => e.name === STORE_DB)
  if (db === undefined || !db.isFile()) return `it has no ${STORE_DB}`
  const foreign = entries.filter(
    e => e.name !== STORE_DB && !(e.name === 'artifacts' && e.isDirectory())
  )
  if (foreign.length > 0) {
    return `it holds ${foreign.map(e => `'${e.name}'`).join(', ')} beside ${STORE_DB} and artifacts/`
  }
  return undefined
}

/**
 * Opens a downloaded store read-only (its layout checked by the caller), after SQLite's own check of
 * the file and MLflow's schema revision (SqliteTrackingStore refuses an unknown one).
 */
export async function openFetchedStore(
  fetched: FetchedStore,
  open: (location: TrackingLocation) => TrackingStore
): Promise<TrackingStore> {
  const file = path.join(fetched.dir, STORE_DB)
  let store: TrackingStore | undefined
  try {
    store = open({ kind: 'sqlite', path: file, uri: sqliteUri(file), own: false })
    await store.getExperimentByName('')
    return readOnly(store)
  } catch (error) {
    await store?.close()
    throw new StoreError(
      `${fetched.description} cannot be read as an MLflow store: ${errorMessage(error)}`,
      { cause: error }
    )
  }
}

/** The carried history is only searched: writing to it would change another run's record. */
function readOnly(store: TrackingStore): TrackingStore {
  return {
    description: store.description,
    getExperimentByName: name => store.getExperimentByName(name),
    getExperiment: id => store.getExperiment(id),
    searchRuns: request => store.searchRuns(request),
    getRun: id => store.getRun(id),
    getMetricHistory: (id, key) => store.getMetricHistory(id, key),
    getModelVersion: (name, alias) => store.getModelVersion(name, alias),
    loggedModels: (experimentId, runId) => store.loggedModels(experimentId, runId),
    setTags: async () => {
      throw new StoreError(`${store.description} is a carried history: it is only read.`)
    },
    runUrl: (experimentId, runId) => store.runUrl(experimentId, runId),
    close: () => store.close()
  }
}

/** Copies a fetched store into the (still empty) local store directory. */
export function carryStore(fetched: FetchedStore, storeDir: string): void {
  mkdirSync(storeDir, { recursive: true })
  cpSync(fetched.dir, storeDir, { recursive: true })
}

/** Removes a directory if it exists (a store from an earlier attempt of the same job). */
export function clearDir(dir: string): void {
  if (existsSync(dir)) rmSync(dir, { recursive: true, force: true })
}
