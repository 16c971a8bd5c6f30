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
import { errorMessage } from '../../errors.js'
import type { Log } from '../console-log.js'
import { SqliteTrackingStore } from '../mlflow/sqlite/sqlite-store.js'
import type { MlflowCli } from '../project/mlflow-cli.js'

/** A store downloaded from another workflow run. */
export interface FetchedStore {
  /** The directory holding mlflow.db (and artifacts/). */
  dir: string
  /** e.g. "artifact care-label-store-iris of workflow run 123 (main, abc1234)". */
  description: string
  /** The artifact's page. */
  url?: string
}

/** The edge that moves stores to and from workflow artifacts. */
export interface StoreArtifacts {
  /** The latest store of `branch`, downloaded into `dir`; undefined when there is none. */
  fetch(name: string, branch: string, dir: string): Promise<FetchedStore | undefined>
  /** Uploads `dir` as artifact `name`; returns the artifact's page. */
  upload(name: string, dir: string): Promise<string | undefined>
  /** Uploads report files (paths under `root`) as artifact `name`; returns its page. */
  uploadFiles(name: string, files: string[], root: string): Promise<string | undefined>
}

export const STORE_DB = 'mlflow.db'
/** Report bundles are named with this prefix and the report key. */
export const BUNDLE_PREFIX = 'care-label-report-'

/** An artifact name from free text: the characters GitHub refuses become '-'. */
export function artifactNameFrom(text: string): string {
  return text.replace(/[":<>|*?\\/\r\n\s]+/g, '-').slice(0, 200) || 'care-label'
}

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
 * Opens a downloaded store read-only after checking it: the layout, then SQLite's own check of
 * the file and MLflow's schema revision (SqliteTrackingStore refuses an unknown one).
 */
export async function openFetchedStore(fetched: FetchedStore): Promise<SqliteTrackingStore> {
  const problem = checkStoreLayout(fetched.dir)
  if (problem !== undefined) {
    throw new Error(`${fetched.description} is not an MLflow store of this action: ${problem}.`)
  }
  const store = new SqliteTrackingStore(path.join(fetched.dir, STORE_DB))
  try {
    await store.getExperimentByName('')
  } catch (error) {
    await store.close()
    throw new Error(
      `${fetched.description} cannot be read as an MLflow store: ${errorMessage(error)}`
    )
  }
  return store
}

/** Copies a fetched store into the (still empty) local store directory. */
export function carryStore(fetched: FetchedStore, storeDir: string): void {
  mkdirSync(storeDir, { recursive: true })
  cpSync(fetched.dir, storeDir, { recursive: true })
}

/**
 * Drops the oldest runs of the experiment beyond `keep`, with MLflow's client (delete) and
 * `mlflow gc` (removes them and their artifacts for good). Returns how many were dropped.
 */
export async function pruneStore(
  cli: MlflowCli,
  python: string,
  trackingUri: string,
  experimentName: string,
  keep: number,
  log: Log
): Promise<number> {
  const script = [
    'import json, sys',
    'from mlflow.tracking import MlflowClient',
    'client = MlflowClient()',
    'experiment = client.get_experiment_by_name(sys.argv[1])',
    'runs = [] if experiment is None else client.search_runs([experiment.experiment_id], order_by=["attributes.start_time DESC"], max_results=50000)',
    'old = [r.info.run_id for r in runs[int(sys.argv[2]):]]',
    'for run_id in old: client.delete_run(run_id)',
    'print("PRUNED " + json.dumps(old))'
  ].join('\n')
  const env = { ...cli.env, MLFLOW_TRACKING_URI: trackingUri }
  let pruned: string[] = []
  const code = await cli.runner.run(python, ['-c', script, experimentName, String(keep)], {
    env,
    onLine: line => {
      if (line.startsWith('PRUNED ')) pruned = JSON.parse(line.slice(7)) as string[]
    }
  })
  if (code !== 0) throw new Error(`deleting the oldest runs failed (exit code ${code})`)
  if (pruned.length === 0) return 0
  const [command, ...lead] = cli.command
  if (command === undefined) return 0
  const gc = await cli.runner.run(
    command,
    [...lead, 'gc', '--backend-store-uri', trackingUri, '--run-ids', pruned.join(',')],
    { env }
  )
  if (gc !== 0)
    log.warning(
      `mlflow gc failed (exit code ${gc}); the dropped runs stay in the store as deleted.`
    )
  return pruned.length
}

/** Removes a directory if it exists (a store from an earlier attempt of the same job). */
export function clearDir(dir: string): void {
  if (existsSync(dir)) rmSync(dir, { recursive: true, force: true })
}
