/**
 * TrackingStore over MLflow's legacy FileStore (`./mlruns`, `file://` URIs): one directory per
 * experiment and run, `meta.yaml` files, one file per param and tag, one line per metric value.
 * Read directly; search filters and orders in code with MLflow's search semantics, reading only
 * what the search needs (run metadata, then the params, tags and metrics it names).
 */
import { existsSync, readFileSync, readdirSync, mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse as parseYaml } from 'yaml'
import { StoreError, errorMessage } from '../../../errors.js'
import { isObject, optNumber, optString, type JsonObject } from '../../../util/guards.js'
import { matchesComparison, sortRuns } from '../search/filter.js'
import { encodePageToken, parseSearchRequest } from '../search/request.js'
import type {
  Experiment,
  LoggedModel,
  MetricPoint,
  ModelVersion,
  Run,
  RunInfo,
  SearchRunsPage,
  SearchRunsRequest
} from '../../../core/runs.js'
import { latestPoint, latestValues } from '../../../core/runs.js'
import type { TrackingStore } from '../../../ports.js'

/** RunStatus as the FileStore writes it (MLflow's protobuf enum). */
const STATUS: Record<number, string> = {
  1: 'RUNNING',
  2: 'SCHEDULED',
  3: 'FINISHED',
  4: 'FAILED',
  5: 'KILLED'
}

/** LoggedModelStatus as the FileStore writes it (MLflow's protobuf enum). */
const LOGGED_MODEL_STATUS: Record<number, string> = {
  0: 'UNSPECIFIED',
  1: 'PENDING',
  2: 'READY',
  3: 'FAILED'
}

/** The root directory of a `file:` URI or a plain path. */
export function fileStoreRoot(uri: string): string {
  return uri.startsWith('file:') ? fileURLToPath(uri) : path.resolve(uri)
}

/**
 * Parses one metric line as MLflow's FileStore does: `timestamp value [step]`, or five fields
 * with a dataset name and digest (whose step MLflow reads as 0). Values are Python's float text
 * (`nan`, `inf`, `-inf`).
 */
export function parseMetricLine(line: string): MetricPoint | undefined {
  const parts = line.trim().split(' ')
  if (parts.length !== 2 && parts.length !== 3 && parts.length !== 5) return undefined
  const [timestamp = '', value = '', step = '0'] = parts
  return {
    timestamp: Number(timestamp),
    value: parsePythonFloat(value),
    step: parts.length === 3 ? Number(step) : 0
  }
}

export function parsePythonFloat(text: string): number {
  const t = text.trim().toLowerCase()
  if (t === 'nan') return Number.NaN
  if (t === 'inf' || t === 'infinity') return Number.POSITIVE_INFINITY
  if (t === '-inf' || t === '-infinity') return Number.NEGATIVE_INFINITY
  return Number(t)
}

/**
 * A logged model's metric file: `timestamp value step run_id`, with a dataset name and digest
 * after them when the metric was logged on a dataset.
 */
function readModelMetricFile(file: string): MetricPoint[] {
  const points: MetricPoint[] = []
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue
    const parts = line.trim().split(' ')
    if (parts.length !== 4 && parts.length !== 6) {
      throw new StoreError(`Malformed metric line in ${file}: '${line}'.`)
    }
    const [timestamp = '', value = '', step = ''] = parts
    points.push({
      timestamp: Number(timestamp),
      value: parsePythonFloat(value),
      step: Number(step)
    })
  }
  return points
}

interface RunDir {
  dir: string
  info: RunInfo
}

/**
 * Reads a meta.yaml. MLflow writes flat `key: value` lines; those are read directly (a run's
 * meta.yaml is read for every run a search looks at), anything else with the YAML parser.
 */
export function parseMetaYaml(text: string): JsonObject | undefined {
  const out: JsonObject = {}
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue
    const match = /^([A-Za-z_]+): ?(.*)$/.exec(line)
    const raw = match?.[2]
    if (
      !match?.[1] ||
      raw === undefined ||
      /^[[{|>&*!"]/.test(raw) ||
      raw.startsWith("'") !== raw.endsWith("'")
    ) {
      return parseFull(text)
    }
    if (raw === '' || raw === 'null' || raw === '~') out[match[1]] = null
    else if (raw.startsWith("'") && raw.length >= 2)
      out[match[1]] = raw.slice(1, -1).replace(/''/g, "'")
    else if (/^-?\d+$/.test(raw)) out[match[1]] = Number(raw)
    else if (raw === '[]') out[match[1]] = []
    else out[match[1]] = raw
  }
  return out
}

function parseFull(text: string): JsonObject | undefined {
  try {
    const value: unknown = parseYaml(text)
    return isObject(value) ? value : undefined
  } catch {
    return undefined
  }
}

function readYaml(file: string): JsonObject | undefined {
  try {
    return parseMetaYaml(readFileSync(file, 'utf8'))
  } catch {
    return undefined
  }
}

/** Files under a directory, as keys with '/' for nested directories (keys may contain '/'). */
function listKeys(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return []
  const keys: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const key = prefix ? `${prefix}/${entry.name}` : entry.name
    if (entry.isDirectory()) keys.push(...listKeys(path.join(dir, entry.name), key))
    else keys.push(key)
  }
  return keys
}

export class FileTrackingStore implements TrackingStore {
  readonly description: string

  constructor(private readonly root: string) {
    this.description = `local MLflow file store ${root}`
    if (!existsSync(root)) throw new StoreError(`The MLflow file store ${root} does not exist.`)
  }

  private experimentDirs(includeTrash: boolean): string[] {
    const dirs = readdirSync(this.root, { withFileTypes: true })
      .filter(
        e =>
          e.isDirectory() &&
          e.name !== '.trash' &&
          existsSync(path.join(this.root, e.name, 'meta.yaml'))
      )
      .map(e => path.join(this.root, e.name))
    const trash = path.join(this.root, '.trash')
    if (includeTrash && existsSync(trash)) {
      for (const e of readdirSync(trash, { withFileTypes: true })) {
        if (e.isDirectory() && existsSync(path.join(trash, e.name, 'meta.yaml')))
          dirs.push(path.join(trash, e.name))
      }
    }
    return dirs
  }

  private readExperiment(dir: string): Experiment | undefined {
    const meta = readYaml(path.join(dir, 'meta.yaml'))
    if (meta === undefined) return undefined
    const id = meta['experiment_id']
    const name = optString(meta, 'name')
    if (name === undefined || (typeof id !== 'string' && typeof id !== 'number')) return undefined
    return {
      experimentId: String(id),
      name,
      artifactLocation: optString(meta, 'artifact_location'),
      lifecycleStage: optString(meta, 'lifecycle_stage') ?? 'active'
    }
  }

  async getExperimentByName(name: string): Promise<Experiment | undefined> {
    for (const dir of this.experimentDirs(false)) {
      const experiment = this.readExperiment(dir)
      if (experiment?.name === name && experiment.lifecycleStage === 'active') return experiment
    }
    return undefined
  }

  async getExperiment(experimentId: string): Promise<Experiment | undefined> {
    for (const dir of this.experimentDirs(true)) {
      if (path.basename(dir) === experimentId) return this.readExperiment(dir)
    }
    return undefined
  }

  /**
   * The experiment's runs, read one at a time: a search keeps only the runs it matches, so the
   * others die young (holding them all made V8 grow its young generation, and the peak memory,
   * at 10,000 runs).
   */
  private *runDirs(experimentId: string): Generator<RunDir> {
    const expDir = this.experimentDirs(true).find(dir => path.basename(dir) === experimentId)
    if (expDir === undefined) return
    for (const name of readdirSync(expDir)) {
      const dir = path.join(expDir, name)
      const info = this.readRunInfo(dir, experimentId)
      if (info !== undefined) yield { dir, info }
    }
  }

  private readRunInfo(dir: string, experimentId: string): RunInfo | undefined {
    const meta = readYaml(path.join(dir, 'meta.yaml'))
    if (meta === undefined) return undefined
    const runId = optString(meta, 'run_id') ?? optString(meta, 'run_uuid')
    if (runId === undefined) return undefined
    const status = meta['status']
    return {
      runId,
      runName: optString(meta, 'run_name') ?? '',
      experimentId: String(meta['experiment_id'] ?? experimentId),
      status:
        typeof status === 'number' ? (STATUS[status] ?? String(status)) : String(status ?? ''),
      startTime: optNumber(meta, 'start_time') ?? 0,
      endTime: optNumber(meta, 'end_time'),
      artifactUri: optString(meta, 'artifact_uri'),
      lifecycleStage: optString(meta, 'lifecycle_stage') ?? 'active'
    }
  }

  private readValues(dir: string, keys?: Iterable<string>): Record<string, string> {
    const out: Record<string, string> = {}
    for (const key of keys ?? listKeys(dir)) {
      const file = path.join(dir, key)
      if (existsSync(file)) out[key] = readFileSync(file, 'utf8')
    }
    return out
  }

  private readMetrics(dir: string, keys?: Iterable<string>): Record<string, number> {
    const out: Record<string, number> = {}
    for (const key of keys ?? listKeys(dir)) {
      const points = this.readHistoryFile(path.join(dir, key))
      const latest = points === undefined ? undefined : latestPoint(points)
      if (latest !== undefined) out[key] = latest.value
    }
    return out
  }

  private readHistoryFile(file: string): MetricPoint[] | undefined {
    if (!existsSync(file)) return undefined
    const points: MetricPoint[] = []
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (line.trim() === '') continue
      const point = parseMetricLine(line)
      if (point === undefined) throw new StoreError(`Malformed metric line in ${file}: '${line}'.`)
      points.push(point)
    }
    return points
  }

  private loadRun(run: RunDir): Run {
    return {
      info: run.info,
      data: {
        metrics: this.readMetrics(path.join(run.dir, 'metrics')),
        params: this.readValues(path.join(run.dir, 'params')),
        tags: this.readValues(path.join(run.dir, 'tags'))
      }
    }
  }

  async searchRuns(request: SearchRunsRequest): Promise<SearchRunsPage> {
    const { comparisons, order, offset, max } = parseSearchRequest(request)
    // Read only the params, tags and metrics the search names; the page's runs are read whole.
    const named = (type: string): Set<string> =>
      new Set([...comparisons, ...order].filter(c => c.type === type).map(c => c.key))
    const params = named('param')
    const tags = named('tag')
    const metrics = named('metric')
    // Judge each run as it is read, cheapest first (meta.yaml, then the tags, params and
    // metrics the search names), and keep only the runs that match.
    const stages = (['attribute', 'tag', 'param', 'metric'] as const).map(type =>
      comparisons.filter(c => c.type === type)
    )
    const passes = (run: Run, stage: number): boolean =>
      (stages[stage] ?? []).every(c => matchesComparison(run, c))
    const dirs = new Map<string, RunDir>()
    let found: Run[] = []
    let matched = 0
    // Only the first offset + max runs of the order can be on the page: keep those as the search
    // goes (a stable sort keeps ties in reading order, as sorting all of them at the end would).
    const keep = offset + max
    const trim = (): void => {
      found = sortRuns(found, order).slice(0, keep)
      const kept = new Set(found.map(r => r.info.runId))
      for (const id of dirs.keys()) if (!kept.has(id)) dirs.delete(id)
    }
    for (const experimentId of request.experimentIds) {
      for (const runDir of this.runDirs(experimentId)) {
        if (runDir.info.lifecycleStage !== 'active') continue
        const run: Run = { info: runDir.info, data: { params: {}, tags: {}, metrics: {} } }
        if (!passes(run, 0)) continue
        run.data.tags = this.readValues(path.join(runDir.dir, 'tags'), tags)
        if (!passes(run, 1)) continue
        run.data.params = this.readValues(path.join(runDir.dir, 'params'), params)
        if (!passes(run, 2)) continue
        run.data.metrics = this.readMetrics(path.join(runDir.dir, 'metrics'), metrics)
        if (!passes(run, 3)) continue
        dirs.set(run.info.runId, runDir)
        found.push(run)
        matched++
        if (found.length >= 2 * keep + 256) trim()
      }
    }
    trim()
    const page = found.slice(offset, offset + max).flatMap(r => {
      const dir = dirs.get(r.info.runId)
      return dir ? [this.loadRun(dir)] : []
    })
    return offset + max < matched
      ? {
          runs: page,
          nextPageToken: encodePageToken(offset + max)
        }
      : { runs: page }
  }

  private findRun(runId: string): RunDir | undefined {
    for (const expDir of this.experimentDirs(true)) {
      const dir = path.join(expDir, runId)
      if (existsSync(path.join(dir, 'meta.yaml'))) {
        const info = this.readRunInfo(dir, path.basename(expDir))
        if (info !== undefined) return { dir, info }
      }
    }
    return undefined
  }

  async getRun(runId: string): Promise<Run> {
    const run = this.findRun(runId)
    if (run === undefined) throw new StoreError(`Run '${runId}' not found in ${this.description}.`)
    return this.loadRun(run)
  }

  async getMetricHistory(runId: string, key: string): Promise<MetricPoint[]> {
    const run = this.findRun(runId)
    if (run === undefined) throw new StoreError(`Run '${runId}' not found in ${this.description}.`)
    return this.readHistoryFile(path.join(run.dir, 'metrics', key)) ?? []
  }

  async setTags(runId: string, tags: Record<string, string>): Promise<void> {
    const run = this.findRun(runId)
    if (run === undefined) throw new StoreError(`Run '${runId}' not found in ${this.description}.`)
    for (const [key, value] of Object.entries(tags)) {
      const file = path.join(run.dir, 'tags', key)
      if (path.relative(path.join(run.dir, 'tags'), file).startsWith('..')) {
        throw new StoreError(`Invalid tag key '${key}'.`)
      }
      try {
        mkdirSync(path.dirname(file), { recursive: true })
        writeFileSync(file, value)
      } catch (error) {
        throw new StoreError(`Cannot write tag '${key}' of run ${runId}: ${errorMessage(error)}`, {
          cause: error
        })
      }
    }
  }

  async getModelVersion(name: string, alias: string): Promise<ModelVersion | undefined> {
    throw new StoreError(
      `models:/${name}@${alias}: the model registry of a legacy FileStore (./mlruns) is not read by this action. Use a tracking server, or an SQLite store (sqlite:///mlflow.db), for baseline.model.`
    )
  }

  async loggedModels(experimentId: string, runId: string): Promise<LoggedModel[]> {
    const expDir = this.experimentDirs(false).find(dir => path.basename(dir) === experimentId)
    const modelsDir = expDir === undefined ? undefined : path.join(expDir, 'models')
    if (modelsDir === undefined || !existsSync(modelsDir)) return []
    const models: LoggedModel[] = []
    for (const name of readdirSync(modelsDir)) {
      const dir = path.join(modelsDir, name)
      const meta = readYaml(path.join(dir, 'meta.yaml'))
      if (meta === undefined || optString(meta, 'source_run_id') !== runId) continue
      if ((optString(meta, 'lifecycle_stage') ?? 'active') !== 'active') continue
      const points = listKeys(path.join(dir, 'metrics')).flatMap(key =>
        readModelMetricFile(path.join(dir, 'metrics', key)).map(p => ({ ...p, key }))
      )
      models.push({
        modelId: optString(meta, 'model_id') ?? name,
        name: optString(meta, 'name') ?? '',
        experimentId,
        sourceRunId: runId,
        status: LOGGED_MODEL_STATUS[optNumber(meta, 'status') ?? 0] ?? 'UNSPECIFIED',
        creationTime: optNumber(meta, 'creation_timestamp') ?? 0,
        metrics: latestValues(points)
      })
    }
    return models
  }

  runUrl(): string | undefined {
    return undefined
  }

  async close(): Promise<void> {}
}
