/**
 * Step 3: the stores. The primary store is where the candidate is logged and read (the tracking
 * server, or a local store). Without a tracking server on a runner, the base branch's history
 * travels as a workflow artifact: a run on the branch itself carries it forward into its local
 * store; a pull request opens it read-only, as a second store that baseline selection searches
 * after the first.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import {
  carryStore,
  checkStoreLayout,
  clearDir,
  openFetchedStore
} from '../adapters/history/carried-store.js'
import { ArtifactError } from '../errors.js'
import type { ArtifactStore, FetchedStore, Log, TrackingStore } from '../ports.js'
import { storeArtifactsDir, type TrackingLocation } from '../settings/tracking-uri.js'
import { redactUri } from '../util/redact.js'
import type { Notes } from './notes.js'

export type OpenStore = (location: TrackingLocation) => TrackingStore

/** The carried history to start from: the base branch's latest store artifact. */
export interface CarriedHistory {
  artifacts: ArtifactStore
  /** The store's artifact name. */
  name: string
  /** The branch whose latest store is the history. */
  branch: string
  /** A run on that branch itself (a push), which carries the history forward. */
  onBranch: boolean
  /** The experiment the runs are logged to. */
  experimentName: string
  /** Where the artifact is downloaded. */
  downloadDir: string
}

export interface Stores {
  location: TrackingLocation
  /** The primary store, opened on first use (a local store exists once a run was logged). */
  primary(): TrackingStore
  /** The base branch's carried history, read-only, when a pull request downloaded one. */
  history?: { store: TrackingStore; fetched: FetchedStore }
  /** The artifact the local store was carried forward from, on the branch itself. */
  carriedFrom?: FetchedStore
  /** Closes the primary store until its next use (while another process writes to it). */
  release(): Promise<void>
  close(): Promise<void>
}

export async function openStores(
  request: {
    location: TrackingLocation
    /** Reach a tracking server now, before any compute is spent (its experiment by name). */
    probeExperiment?: string
    carried?: CarriedHistory
  },
  deps: { openStore: OpenStore; log: Log; notes: Notes }
): Promise<Stores> {
  const { location } = request
  deps.log.info(
    `Tracking store: ${redactUri(location.uri)}${location.kind === 'sqlite' ? ' (local store)' : ''}`
  )
  let primary: TrackingStore | undefined
  const stores: Stores = {
    location,
    primary: () => (primary ??= deps.openStore(location)),
    release: async () => {
      const open = primary
      primary = undefined
      await open?.close()
    },
    close: async () => {
      const open = [primary, stores.history?.store]
      primary = undefined
      stores.history = undefined
      // Each store is closed even when another one fails to.
      const closed = await Promise.allSettled(open.map(store => store?.close()))
      const failed = closed.find(c => c.status === 'rejected')
      if (failed?.status === 'rejected') throw failed.reason
    }
  }
  try {
    await connect(stores, request, deps)
    return stores
  } catch (error) {
    // What was opened before the failure is closed again.
    await stores.close().catch(() => undefined)
    throw error
  }
}

/** Reaches a tracking server; fetches and carries (or opens) the carried history. */
async function connect(
  stores: Stores,
  request: { location: TrackingLocation; probeExperiment?: string; carried?: CarriedHistory },
  deps: { openStore: OpenStore; log: Log; notes: Notes }
): Promise<void> {
  const { location } = request
  if (location.kind === 'server' && request.probeExperiment !== undefined) {
    // A wrong address or wrong credentials fail here, not after the training.
    await stores.primary().getExperimentByName(request.probeExperiment)
  }
  const carried = request.carried
  if (carried === undefined || location.kind !== 'sqlite') return
  const fetched = await fetchHistory(carried, deps.log)
  if (fetched === undefined) return
  const storeDir = path.dirname(location.path)
  if (carried.onBranch && !existsSync(location.path)) {
    carryStore(fetched, storeDir)
    deps.log.info(`Carried the history of ${fetched.description} into the local store.`)
    stores.carriedFrom = fetched
    await checkArtifactLocation(stores.primary(), location.path, carried.experimentName, deps.notes)
    await stores.release()
  } else {
    stores.history = { store: await openFetchedStore(fetched, deps.openStore), fetched }
  }
}

/** Downloads the branch's latest store; none is a normal state (the first run, or expired). */
async function fetchHistory(carried: CarriedHistory, log: Log): Promise<FetchedStore | undefined> {
  const { name, branch } = carried
  return log.group(`Looking for the history of '${branch}' (artifact ${name})`, async () => {
    clearDir(carried.downloadDir)
    const fetched = await carried.artifacts.fetch(name, branch, carried.downloadDir)
    if (fetched === undefined) {
      log.info(
        `No artifact '${name}' from a successful run of this workflow on '${branch}' (the first run, or it expired). Run this workflow on push to '${branch}' to start the history.`
      )
      return undefined
    }
    const problem = checkStoreLayout(fetched.dir)
    if (problem !== undefined) {
      throw new ArtifactError(
        surface =>
          `${fetched.description} is not an MLflow store of this action: ${problem}. Delete that artifact, or set ${surface.input('artifact-name')} to another name.`
      )
    }
    log.info(`Downloaded ${fetched.description}.`)
    return fetched
  })
}

/**
 * The experiment of a carried store keeps the artifact location it was made with, an absolute
 * path: when the output directory moved, new runs would put their artifacts outside the store.
 */
async function checkArtifactLocation(
  store: TrackingStore,
  databasePath: string,
  experimentName: string,
  notes: Notes
): Promise<void> {
  const moved = await movedArtifacts(store, databasePath, experimentName)
  if (moved !== undefined) {
    notes.warn(
      `The carried store keeps run artifacts in ${moved.location}, not in ${moved.expected}: the output directory is not where it was when the store was made, so the artifacts of new runs are not carried. Keep it at the same path (the default is, on GitHub-hosted runners).`
    )
  }
}

/**
 * Where the experiment of a copied store keeps its runs' artifacts, when that is not inside the
 * store at `databasePath` (the store was made at another path); undefined when it is.
 */
export async function movedArtifacts(
  store: TrackingStore,
  databasePath: string,
  experimentName: string
): Promise<{ location: string; expected: string } | undefined> {
  const experiment = await store.getExperimentByName(experimentName)
  const location = experiment?.artifactLocation
  const expected = storeArtifactsDir(databasePath)
  if (location === undefined || location.replace(/^file:\/\//, '').startsWith(expected)) {
    return undefined
  }
  return { location, expected }
}

/**
 * The primary store as one object that outlives `release()`: each call goes to the store that
 * is open then (reopened after a release), so a step can hold it while `mlflow` writes between.
 */
export function livePrimary(stores: Stores): TrackingStore {
  const open = (): TrackingStore => stores.primary()
  return {
    get description() {
      return open().description
    },
    getExperimentByName: name => open().getExperimentByName(name),
    getExperiment: id => open().getExperiment(id),
    searchRuns: request => open().searchRuns(request),
    getRun: id => open().getRun(id),
    getMetricHistory: (id, key) => open().getMetricHistory(id, key),
    setTags: (id, tags) => open().setTags(id, tags),
    logArtifactFiles: async (uri, files) => (await open().logArtifactFiles?.(uri, files)) ?? false,
    getModelVersion: (name, alias) => open().getModelVersion(name, alias),
    loggedModels: (experimentId, runId) => open().loggedModels(experimentId, runId),
    runUrl: (experimentId, runId) => open().runUrl(experimentId, runId),
    close: () => stores.release()
  }
}
