/**
 * The partial bundles of a matrix (`mode: partial`): written and uploaded by each job, listed
 * and downloaded from this workflow run by the jobs that need them (a test job the training
 * job's store, the aggregate job all of them). A bundle is `partial.json` and, without a
 * tracking server, the job's local store (`store/`: mlflow.db and artifacts/).
 */
import { cpSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { checkStoreLayout, clearDir } from '../adapters/history/carried-store.js'
import type { RunContext, TriggeringRun } from '../core/context.js'
import {
  PARTIAL_PREFIX,
  parsePartial,
  type NamedPartial,
  type PartialBundle
} from '../core/tests/partials.js'
import { ActionError, InputError, ReportFormatError, errorMessage } from '../errors.js'
import type { ArtifactStore, BundleSource, Log, TrackingStore } from '../ports.js'
import { movedArtifacts } from './open-stores.js'

/** A partial bundle larger than this is not downloaded (it carries a store). */
const MAX_PARTIAL_BYTES = 500 * 1024 * 1024
const MAX_JSON_BYTES = 5 * 1024 * 1024

/** A downloaded partial bundle: where it lies, and its store when it carries one. */
export interface DownloadedPartial extends NamedPartial {
  dir: string
  /** The directory with its mlflow.db, when it carries a store. */
  storeDir?: string
}

/** This workflow run, as the artifact client finds its artifacts. */
function thisRun(context: RunContext): TriggeringRun {
  if (context.runId === undefined) {
    throw new InputError(
      'mode',
      'partial and aggregate share tests between the jobs of one workflow run, and GITHUB_RUN_ID is not set: run them in a GitHub Actions workflow.'
    )
  }
  return {
    id: context.runId,
    event: context.eventName,
    headSha: context.headSha,
    headBranch: context.branch,
    pullRequests: []
  }
}

/**
 * The partial bundles this workflow run has uploaded so far, downloaded into `dir` one by one
 * (each read and checked as it comes) until `enough` says so; all of them by default.
 */
export async function downloadPartials(
  context: RunContext,
  bundles: BundleSource,
  dir: string,
  log: Log,
  enough: (partial: DownloadedPartial) => boolean = () => false
): Promise<DownloadedPartial[]> {
  const run = thisRun(context)
  const listed = (await bundles.list(run.id)).filter(a => a.name.startsWith(PARTIAL_PREFIX))
  const found: DownloadedPartial[] = []
  for (const info of listed) {
    if (info.size > MAX_PARTIAL_BYTES) {
      throw new ReportFormatError(
        `partial bundle '${info.name}' is ${info.size} bytes, over ${MAX_PARTIAL_BYTES}`
      )
    }
    const target = path.join(dir, info.name)
    clearDir(target)
    await bundles.download(info, run, target)
    const partial = readPartial(info.name, target)
    log.info(
      `Partial bundle '${info.name}': ${describePartial(partial.bundle)}${partial.storeDir ? ', with its store' : ''}.`
    )
    found.push(partial)
    if (enough(partial)) break
  }
  return found
}

/** A downloaded bundle's partial.json, read strictly, and its store's layout checked. */
export function readPartial(name: string, dir: string): DownloadedPartial {
  const file = path.join(dir, 'partial.json')
  let size: number
  try {
    size = statSync(file).size
  } catch {
    throw new ReportFormatError(`partial bundle '${name}' has no partial.json`)
  }
  if (size > MAX_JSON_BYTES) {
    throw new ReportFormatError(
      `the partial.json of '${name}' is ${size} bytes, over ${MAX_JSON_BYTES}`
    )
  }
  let bundle: PartialBundle
  try {
    bundle = parsePartial(readFileSync(file, 'utf8'))
  } catch (error) {
    throw new ReportFormatError(`partial bundle '${name}': ${errorMessage(error)}`, {
      cause: error
    })
  }
  if (!bundle.store) return { name, bundle, dir }
  const storeDir = path.join(dir, 'store')
  const problem = safeLayout(storeDir)
  if (problem !== undefined) {
    throw new ReportFormatError(
      `the store in partial bundle '${name}' is not one of this action's: ${problem}`
    )
  }
  return { name, bundle, dir, storeDir }
}

function safeLayout(dir: string): string | undefined {
  try {
    return checkStoreLayout(dir)
  } catch {
    return 'it has no store/ folder'
  }
}

/** "run 0123abcd, tests quality, robustness (2 passed)", for the log. */
export function describePartial(bundle: PartialBundle): string {
  const tests = bundle.tests
  const passed = tests.filter(t => t.status === 'passed').length
  const trained = bundle.candidate.trained ? 'trained ' : ''
  const names =
    tests.length > 0 ? `tests ${tests.map(t => t.name).join(', ')} (${passed} passed)` : 'no tests'
  return `${trained}run ${bundle.candidate.runId.slice(0, 8)}, ${names}`
}

/**
 * Writes the bundle (partial.json, and a copy of the local store when there is one) into `dir`
 * and uploads it as `name`; returns the artifact's page. Without an artifact service (off a
 * runner) the bundle stays in `dir`.
 */
export async function uploadPartial(
  bundle: PartialBundle,
  files: { dir: string; storeDir?: string },
  upload: { name: string; artifacts?: ArtifactStore },
  log: Log
): Promise<string | undefined> {
  clearDir(files.dir)
  mkdirSync(files.dir, { recursive: true })
  writeFileSync(path.join(files.dir, 'partial.json'), `${JSON.stringify(bundle, null, 2)}\n`)
  if (files.storeDir !== undefined) {
    cpSync(files.storeDir, path.join(files.dir, 'store'), { recursive: true })
  }
  const { artifacts, name } = upload
  if (artifacts === undefined) {
    log.info(`Not on a runner: the partial bundle is in ${files.dir} (not uploaded).`)
    return undefined
  }
  try {
    const url = await artifacts.upload(name, files.dir)
    log.info(`Uploaded the partial bundle '${name}'${url ? `: ${url}` : ''}.`)
    return url
  } catch (error) {
    throw new ActionError(
      `The partial bundle '${name}' could not be uploaded, so the aggregate job will show its tests as not measured: ${errorMessage(error)}`,
      { cause: error }
    )
  }
}

/**
 * A store copied from another job must lie where that job made it: its runs' models and
 * artifacts are found by the absolute paths it recorded. Refuses one made at another path.
 */
export async function checkCopiedStore(
  store: TrackingStore,
  databasePath: string,
  from: { name: string; experimentName: string }
): Promise<void> {
  try {
    const moved = await movedArtifacts(store, databasePath, from.experimentName)
    if (moved === undefined) return
    throw new InputError(
      'output-dir',
      `the store of partial bundle '${from.name}' keeps its runs' artifacts in ${moved.location}, and this job's store is at ${path.dirname(databasePath)}: its models would not be found. Set output-dir to the same absolute path in every job of the matrix, or use a tracking server.`
    )
  } finally {
    await store.close()
  }
}
