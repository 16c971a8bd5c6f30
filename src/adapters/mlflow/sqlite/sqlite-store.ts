/**
 * TrackingStore over MLflow's local SQLite store (`sqlite:///…/mlflow.db`, MLflow's default since
 * 3.7), read directly with node:sqlite: no Python and no server needed to read it.
 */
import { existsSync } from 'node:fs'
import { DatabaseSync } from 'node:sqlite'
import { StoreError, errorMessage } from '../../../errors.js'
import { matchesFilter, sortRuns } from '../search/filter.js'
import { encodePageToken, parseSearchRequest } from '../search/request.js'
import { latestValues } from '../../../core/runs.js'
import type {
  Experiment,
  LoggedModel,
  MetricPoint,
  ModelVersion,
  Run,
  SearchRunsPage,
  SearchRunsRequest
} from '../../../core/runs.js'
import type { TrackingStore } from '../../../ports.js'
import { compileSearch } from './compile.js'
import { KNOWN_SCHEMA_REVISIONS, SUPPORTED_MLFLOW } from './schema-revisions.js'

/** The database path of a `sqlite:///…` URI (absolute with four slashes, relative with three). */
export function sqlitePathFromUri(uri: string): string {
  const match = /^sqlite:\/\/\/(.*)$/.exec(uri)
  if (!match?.[1]) throw new StoreError(`Not a SQLite tracking URI: ${uri}`)
  return decodeURIComponent(match[1].split('?')[0] ?? '')
}

type Row = Record<string, unknown>

/** LoggedModelStatus as MLflow's SQL store writes it. */
const LOGGED_MODEL_STATUS: Record<number, string> = {
  0: 'UNSPECIFIED',
  1: 'PENDING',
  2: 'READY',
  3: 'FAILED'
}

function text(value: unknown): string {
  return value === null || value === undefined ? '' : String(value)
}

function num(value: unknown): number | undefined {
  if (typeof value === 'number') return value
  if (typeof value === 'bigint') return Number(value)
  return undefined
}

function metricValue(row: Row): number {
  if (num(row['is_nan']) === 1) return Number.NaN
  return num(row['value']) ?? Number.NaN
}

export class SqliteTrackingStore implements TrackingStore {
  readonly description: string
  private readonly db: DatabaseSync

  /**
   * `compileSql: false` evaluates every search in code (the path taken when a search has no exact
   * SQL form); the differential tests run both paths.
   */
  constructor(
    private readonly path: string,
    private readonly options: { compileSql?: boolean } = {}
  ) {
    this.description = `local MLflow store ${path}`
    if (!existsSync(path)) throw new StoreError(`The MLflow store ${path} does not exist.`)
    try {
      this.db = new DatabaseSync(path, { readOnly: true })
    } catch (error) {
      throw new StoreError(`Cannot open the MLflow store ${path}: ${errorMessage(error)}`, {
        cause: error
      })
    }
    this.checkSchema()
  }

  private checkSchema(): void {
    let revision: string | undefined
    try {
      const row = this.db.prepare('SELECT version_num FROM alembic_version').get()
      revision = row === undefined ? undefined : text(row['version_num'])
    } catch (error) {
      throw new StoreError(
        `${this.path} is not an MLflow tracking database (no schema revision: ${errorMessage(error)}).`
      )
    }
    if (revision === undefined || !KNOWN_SCHEMA_REVISIONS.has(revision)) {
      throw new StoreError(
        `The MLflow store ${this.path} has schema revision '${revision ?? 'none'}', which this action does not know. ` +
          `It reads stores written by MLflow 1.x up to ${SUPPORTED_MLFLOW}. Use an MLflow release up to ${SUPPORTED_MLFLOW} ` +
          'for this store, or update the action.'
      )
    }
  }

  async getExperimentByName(name: string): Promise<Experiment | undefined> {
    return experimentOf(
      this.db
        .prepare(
          'SELECT experiment_id, name, artifact_location, lifecycle_stage FROM experiments WHERE name = ? ORDER BY experiment_id LIMIT 1'
        )
        .get(name)
    )
  }

  async getExperiment(experimentId: string): Promise<Experiment | undefined> {
    return experimentOf(
      this.db
        .prepare(
          'SELECT experiment_id, name, artifact_location, lifecycle_stage FROM experiments WHERE experiment_id = ?'
        )
        .get(Number(experimentId))
    )
  }

  runUrl(): string | undefined {
    return undefined
  }

  async getModelVersion(name: string, alias: string): Promise<ModelVersion | undefined> {
    let row: Record<string, unknown> | undefined
    try {
      row = this.db
        .prepare(
          'SELECT v.version, v.run_id FROM registered_model_aliases a JOIN model_versions v ON v.name = a.name AND v.version = a.version WHERE a.name = ? AND a.alias = ?'
        )
        .get(name, alias)
    } catch (error) {
      // A store made before MLflow had aliases has no such table: no version has one.
      if (/no such table/.test(errorMessage(error))) return undefined
      throw error
    }
    if (row === undefined) return undefined
    const runId = row['run_id']
    return {
      name,
      version: String(row['version']),
      runId: typeof runId === 'string' && runId !== '' ? runId : undefined
    }
  }

  async loggedModels(experimentId: string, runId: string): Promise<LoggedModel[]> {
    let rows: Row[]
    try {
      rows = this.db
        .prepare(
          "SELECT model_id, experiment_id, name, creation_timestamp_ms, status, source_run_id FROM logged_models WHERE experiment_id = ? AND source_run_id = ? AND lifecycle_stage = 'active'"
        )
        .all(Number(experimentId), runId)
    } catch (error) {
      // Stores written before MLflow 3 have no logged models.
      if (/no such table/.test(errorMessage(error))) return []
      throw error
    }
    const metrics = this.db.prepare(
      'SELECT metric_name, metric_timestamp_ms, metric_step, metric_value FROM logged_model_metrics WHERE model_id = ?'
    )
    return rows.map(row => {
      const modelId = text(row['model_id'])
      const points = metrics.all(modelId).map(m => ({
        key: text(m['metric_name']),
        step: num(m['metric_step']) ?? 0,
        timestamp: num(m['metric_timestamp_ms']) ?? 0,
        value: num(m['metric_value']) ?? Number.NaN
      }))
      return {
        modelId,
        name: text(row['name']),
        experimentId: text(row['experiment_id']),
        sourceRunId: text(row['source_run_id']) || undefined,
        status: LOGGED_MODEL_STATUS[num(row['status']) ?? 0] ?? 'UNSPECIFIED',
        creationTime: num(row['creation_timestamp_ms']) ?? 0,
        metrics: latestValues(points)
      }
    })
  }

  async searchRuns(request: SearchRunsRequest): Promise<SearchRunsPage> {
    const { comparisons, order, offset, max } = parseSearchRequest(request)
    if (request.experimentIds.length === 0) return { runs: [] }
    const experiments = request.experimentIds.map(id => Number(id))
    const inExperiments = `r.experiment_id IN (${experiments.map(() => '?').join(', ')}) AND r.lifecycle_stage = 'active'`
    const compiled =
      this.options.compileSql === false ? undefined : compileSearch(comparisons, order)
    let page: Run[]
    let more: boolean
    if (compiled !== undefined) {
      // Walk the runs in order (attribute conditions in SQL), probe params and tags run by run,
      // and stop at the page's end: only the page's runs are loaded.
      const ordered = this.db.prepare(
        `SELECT r.run_uuid FROM runs r WHERE ${[inExperiments, ...compiled.where].join(' AND ')} ORDER BY ${compiled.orderBy}`
      )
      const probe =
        compiled.probes.length > 0
          ? this.db.prepare(`SELECT ${compiled.probes.map(p => p.sql).join(' AND ')} AS ok`)
          : undefined
      const ids: string[] = []
      let skipped = 0
      for (const row of ordered.iterate(...experiments, ...compiled.args)) {
        const runId = text(row['run_uuid'])
        if (probe !== undefined) {
          const args = compiled.probes.flatMap(p => [runId, ...p.args])
          if (num(probe.get(...args)?.['ok']) !== 1) continue
        }
        if (skipped < offset) {
          skipped++
          continue
        }
        ids.push(runId)
        if (ids.length > max) break
      }
      more = ids.length > max
      page = this.loadRunsById(ids.slice(0, max))
    } else {
      const rows = this.db
        .prepare(`SELECT r.* FROM runs r WHERE ${inExperiments}`)
        .all(...experiments)
      const matching = sortRuns(
        this.loadRuns(rows).filter(run => matchesFilter(run, comparisons)),
        order
      )
      page = matching.slice(offset, offset + max)
      more = offset + max < matching.length
    }
    return more ? { runs: page, nextPageToken: encodePageToken(offset + max) } : { runs: page }
  }

  async getRun(runId: string): Promise<Run> {
    const row = this.db.prepare('SELECT * FROM runs WHERE run_uuid = ?').get(runId)
    const run = row === undefined ? undefined : this.loadRuns([row])[0]
    if (run === undefined) throw new StoreError(`Run '${runId}' not found in ${this.description}.`)
    return run
  }

  async getMetricHistory(runId: string, key: string): Promise<MetricPoint[]> {
    return this.db
      .prepare(
        'SELECT step, timestamp, value, is_nan FROM metrics WHERE run_uuid = ? AND key = ? ORDER BY step, timestamp'
      )
      .all(runId, key)
      .map(row => ({
        step: num(row['step']) ?? 0,
        timestamp: num(row['timestamp']) ?? 0,
        value: metricValue(row)
      }))
  }

  async setTags(runId: string, tags: Record<string, string>): Promise<void> {
    const db = new DatabaseSync(this.path)
    try {
      db.exec('PRAGMA busy_timeout = 10000')
      const insert = db.prepare(
        'INSERT INTO tags (key, value, run_uuid) VALUES (?, ?, ?) ON CONFLICT (key, run_uuid) DO UPDATE SET value = excluded.value'
      )
      db.exec('BEGIN')
      for (const [key, value] of Object.entries(tags)) insert.run(key, value, runId)
      db.exec('COMMIT')
    } finally {
      db.close()
    }
  }

  async close(): Promise<void> {
    if (this.db.isOpen) this.db.close()
  }

  /** Loads runs by id, in the order given. */
  private loadRunsById(ids: string[]): Run[] {
    if (ids.length === 0) return []
    const byId = new Map<string, Run>()
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500)
      const rows = this.db
        .prepare(`SELECT * FROM runs WHERE run_uuid IN (${chunk.map(() => '?').join(', ')})`)
        .all(...chunk)
      for (const run of this.loadRuns(rows)) byId.set(run.info.runId, run)
    }
    return ids.flatMap(id => byId.get(id) ?? [])
  }

  /** Builds runs (with tags, params and latest metrics) from rows of the runs table. */
  private loadRuns(rows: Row[]): Run[] {
    const byId = new Map<string, Run>()
    for (const row of rows) {
      const runId = text(row['run_uuid'])
      byId.set(runId, {
        info: {
          runId,
          runName: text(row['name']),
          experimentId: text(row['experiment_id']),
          status: text(row['status']),
          startTime: num(row['start_time']) ?? 0,
          endTime: num(row['end_time']),
          artifactUri: text(row['artifact_uri']) || undefined,
          lifecycleStage: text(row['lifecycle_stage']) || 'active'
        },
        data: { metrics: {}, params: {}, tags: {} }
      })
    }
    if (byId.size === 0) return []
    const ids = [...byId.keys()]
    // SQLite allows a limited number of host parameters per statement: go in chunks.
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500)
      const marks = chunk.map(() => '?').join(', ')
      for (const row of this.db
        .prepare(`SELECT key, value, run_uuid FROM tags WHERE run_uuid IN (${marks})`)
        .all(...chunk)) {
        const run = byId.get(text(row['run_uuid']))
        if (run) run.data.tags[text(row['key'])] = text(row['value'])
      }
      for (const row of this.db
        .prepare(`SELECT key, value, run_uuid FROM params WHERE run_uuid IN (${marks})`)
        .all(...chunk)) {
        const run = byId.get(text(row['run_uuid']))
        if (run) run.data.params[text(row['key'])] = text(row['value'])
      }
      for (const row of this.db
        .prepare(
          `SELECT key, value, is_nan, run_uuid FROM latest_metrics WHERE run_uuid IN (${marks})`
        )
        .all(...chunk)) {
        const run = byId.get(text(row['run_uuid']))
        if (run) run.data.metrics[text(row['key'])] = metricValue(row)
      }
    }
    return [...byId.values()]
  }
}

function experimentOf(row: Row | undefined): Experiment | undefined {
  if (row === undefined) return undefined
  return {
    experimentId: text(row['experiment_id']),
    name: text(row['name']),
    artifactLocation: text(row['artifact_location']) || undefined,
    lifecycleStage: text(row['lifecycle_stage']) || 'active'
  }
}
