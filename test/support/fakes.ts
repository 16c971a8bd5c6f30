/**
 * Fakes of the pipeline's ports, for its unit tests: an in-memory tracking store that answers
 * searches with the project's own filter grammar (the one the local stores use, checked against
 * real MLflow in the differential suite), a project runner that logs runs into it, artifacts and
 * a publisher that record what they were given, and a log that keeps its lines.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import {
  parseFilter,
  matchesFilter,
  parseOrderBy,
  sortRuns
} from '../../src/adapters/mlflow/search/filter.js'
import type { Environment, MetricHistory, Report } from '../../src/core/report/types.js'
import type {
  Experiment,
  LoggedModel,
  MetricPoint,
  ModelVersion,
  Run
} from '../../src/core/runs.js'
import type {
  ArtifactStore,
  ChartRenderer,
  FetchedStore,
  Log,
  Outputs,
  ProjectRunner,
  ProjectRunSpec,
  PublishOutcome,
  Publisher,
  RunArtifacts,
  TrackingStore
} from '../../src/ports.js'

export function makeRun(
  id: string,
  fields: {
    experimentId?: string
    metrics?: Record<string, number>
    params?: Record<string, string>
    tags?: Record<string, string>
    startTime?: number
    status?: string
  } = {}
): Run {
  return {
    info: {
      runId: id,
      runName: `run-${id}`,
      experimentId: fields.experimentId ?? '1',
      status: fields.status ?? 'FINISHED',
      startTime: fields.startTime ?? 0,
      lifecycleStage: 'active'
    },
    data: {
      metrics: { ...fields.metrics },
      params: { ...fields.params },
      tags: { ...fields.tags }
    }
  }
}

/** A run recorded on the main branch, as the action tags one. */
export function mainRun(id: string, metrics: Record<string, number>, startTime: number): Run {
  return makeRun(id, {
    metrics,
    startTime,
    tags: { 'care-label.git.ref': 'refs/heads/main', 'mlflow.project.entryPoint': 'main' }
  })
}

export interface FakeStore extends TrackingStore {
  runs: Run[]
  experiments: Experiment[]
  tagged: Array<{ runId: string; tags: Record<string, string> }>
  /** The registry: each `name@alias` and the version it points to. */
  aliases: Map<string, ModelVersion>
  /** Logged models (MLflow 3), found by their source run. */
  models: LoggedModel[]
  /** How often the store was opened (by the fake openStore) and closed. */
  opened: number
  closed: number
  /** Makes the named method throw this error from now on. */
  failOn(method: keyof TrackingStore, error: Error): void
}

export function fakeStore(
  description: string,
  runs: Run[] = [],
  experiments: Experiment[] = [{ experimentId: '1', name: 'iris', lifecycleStage: 'active' }],
  url?: (experimentId: string, runId: string) => string
): FakeStore {
  const failures = new Map<string, Error>()
  const check = (method: string): void => {
    const error = failures.get(method)
    if (error) throw error
  }
  const store: FakeStore = {
    description,
    runs,
    experiments,
    tagged: [],
    aliases: new Map(),
    models: [],
    opened: 0,
    closed: 0,
    failOn: (method, error) => failures.set(method, error),
    async getExperimentByName(name) {
      check('getExperimentByName')
      return store.experiments.find(e => e.name === name)
    },
    async getExperiment(id) {
      check('getExperiment')
      return store.experiments.find(e => e.experimentId === id)
    },
    async searchRuns(request) {
      check('searchRuns')
      const filter = parseFilter(request.filter ?? '')
      const matching = store.runs.filter(
        r => request.experimentIds.includes(r.info.experimentId) && matchesFilter(r, filter)
      )
      const sorted = sortRuns(matching, (request.orderBy ?? []).map(parseOrderBy))
      return { runs: sorted.slice(0, request.maxResults ?? 1000) }
    },
    async getRun(id) {
      check('getRun')
      const run = store.runs.find(r => r.info.runId === id)
      if (run === undefined) throw new Error(`RESOURCE_DOES_NOT_EXIST: run ${id}`)
      return structuredClone(run)
    },
    async getMetricHistory(id, key): Promise<MetricPoint[]> {
      check('getMetricHistory')
      const value = store.runs.find(r => r.info.runId === id)?.data.metrics[key]
      return value === undefined ? [] : [{ step: 0, timestamp: 0, value }]
    },
    async setTags(id, tags) {
      check('setTags')
      store.tagged.push({ runId: id, tags })
      const run = store.runs.find(r => r.info.runId === id)
      if (run) Object.assign(run.data.tags, tags)
    },
    async getModelVersion(name, alias) {
      check('getModelVersion')
      return store.aliases.get(`${name}@${alias}`)
    },
    async loggedModels(experimentId, runId) {
      check('loggedModels')
      return store.models.filter(m => m.experimentId === experimentId && m.sourceRunId === runId)
    },
    runUrl: (experimentId, runId) => url?.(experimentId, runId),
    async close() {
      store.closed++
    }
  }
  return store
}

/** What `logArtifacts` was given, with the files of its directory as they were then. */
export interface LoggedArtifacts extends Omit<RunArtifacts, 'dir'> {
  files: Record<string, string>
}

export interface FakeRunner extends ProjectRunner {
  runs: ProjectRunSpec[]
  experimentsCreated: string[]
  pruned: Array<{ keep: number }>
  logged: LoggedArtifacts[]
}

/**
 * A runner whose `mlflow run` logs a run with `metrics` into `store` (tagged as MLflow tags a
 * project run), or fails with `exitCode` after logging it.
 */
export function fakeRunner(
  store: FakeStore,
  metrics: Record<string, number>,
  options: {
    exitCode?: number
    runId?: string
    environment?: Environment
    /** With exitCode: the runs before this one (1-based) succeed. */
    failFrom?: number
    /** Makes logArtifacts throw this error. */
    failLogArtifacts?: Error
  } = {}
): FakeRunner {
  const runner: FakeRunner = {
    runs: [],
    experimentsCreated: [],
    pruned: [],
    logged: [],
    async createExperiment(uri, name) {
      runner.experimentsCreated.push(name)
      // As MLflow does, the first experiment creates a local store's database.
      const file = /^sqlite:\/\/\/(\/.*)$/.exec(uri)?.[1]
      if (file !== undefined) {
        mkdirSync(path.dirname(file), { recursive: true })
        writeFileSync(file, '', { flag: 'a' })
      }
      store.experiments.push({
        experimentId: String(store.experiments.length + 1),
        name,
        lifecycleStage: 'active'
      })
    },
    async run(spec) {
      runner.runs.push(spec)
      const runId = options.runId ?? `cand${runner.runs.length}`
      const exitCode = runner.runs.length >= (options.failFrom ?? 1) ? (options.exitCode ?? 0) : 0
      const experiment = store.experiments.find(e => e.name === spec.experimentName)
      store.runs.push(
        makeRun(runId, {
          experimentId: experiment?.experimentId ?? '1',
          metrics,
          params: Object.fromEntries(spec.parameters),
          tags: { 'mlflow.project.entryPoint': spec.entryPoint },
          startTime: 1000 + runner.runs.length,
          status: exitCode ? 'FAILED' : 'FINISHED'
        })
      )
      return { runId, exitCode, tail: ['Traceback: boom'] }
    },
    async createRun(_uri, name, runName, tags) {
      const experiment = store.experiments.find(e => e.name === name)
      const runId = `parent${store.runs.length}`
      store.runs.push(
        makeRun(runId, { experimentId: experiment?.experimentId ?? '1', tags, startTime: 2000 })
      )
      store.runs[store.runs.length - 1]!.info.runName = runName
      return runId
    },
    async environment() {
      return options.environment ?? { runner: 'Linux X64', cpu: 'test CPU × 2' }
    },
    async pruneRuns(_uri, _name, keep) {
      runner.pruned.push({ keep })
      return 0
    },
    async importRuns() {
      // The fake store is one store: the aggregate's unit tests need no copying.
      throw new Error('the fake runner copies no runs between stores')
    },
    async logArtifacts({ dir, ...rest }) {
      if (options.failLogArtifacts) throw options.failLogArtifacts
      const files: Record<string, string> = {}
      for (const name of readdirSync(dir).sort()) {
        files[name] = readFileSync(path.join(dir, name), 'utf8')
      }
      runner.logged.push({ ...rest, files })
    }
  }
  return runner
}

export interface FakeArtifacts extends ArtifactStore {
  uploads: Array<{ name: string; files: string[] }>
  fetches: Array<{ name: string; branch: string }>
}

/**
 * Workflow artifacts in memory. `history`: what `fetch` finds for the branch: a directory laid
 * out as the action's store (an empty mlflow.db, for the layout check), described as GitHub's is.
 */
export function fakeArtifacts(
  options: { history?: { branch: string; url: string }; failUpload?: Error } = {}
): FakeArtifacts {
  const artifacts: FakeArtifacts = {
    uploads: [],
    fetches: [],
    async fetch(name, branch, dir): Promise<FetchedStore | undefined> {
      artifacts.fetches.push({ name, branch })
      if (options.history?.branch !== branch) return undefined
      mkdirSync(dir, { recursive: true })
      writeFileSync(path.join(dir, 'mlflow.db'), '')
      return {
        dir,
        description: `artifact '${name}' of workflow run 41 on '${branch}' (commit 1234567)`,
        url: options.history.url
      }
    },
    async upload(name, dir) {
      if (options.failUpload) throw options.failUpload
      artifacts.uploads.push({ name, files: [dir] })
      return `https://github.com/o/r/actions/runs/50/artifacts/${artifacts.uploads.length}`
    },
    async uploadFiles(name, files) {
      if (options.failUpload) throw options.failUpload
      artifacts.uploads.push({ name, files })
      return `https://github.com/o/r/actions/runs/50/artifacts/${artifacts.uploads.length}`
    }
  }
  return artifacts
}

export interface FakePublisher extends Publisher {
  posted: Array<{ report: Report; markdown: string }>
}

export function fakePublisher(options: { fail?: Error } = {}): FakePublisher {
  const publisher: FakePublisher = {
    posted: [],
    async publish(report, markdown): Promise<PublishOutcome> {
      if (options.fail) throw options.fail
      publisher.posted.push({ report, markdown })
      return { commentUrl: 'https://github.com/o/r/pull/7#issuecomment-1', warnings: [] }
    }
  }
  return publisher
}

export function memoryOutputs(): Outputs & { values: Map<string, string> } {
  const values = new Map<string, string>()
  return { values, set: (name, value) => values.set(name, value) }
}

export function memoryLog(): Log & { lines: string[] } {
  const lines: string[] = []
  return {
    lines,
    info: message => lines.push(`info: ${message}`),
    warning: message => lines.push(`warning: ${message}`),
    error: message => lines.push(`error: ${message}`),
    debug: () => undefined,
    group: async (title, fn) => {
      lines.push(`group: ${title}`)
      return fn()
    },
    mask: () => undefined
  }
}

/** A chart renderer that draws nothing and records what it was asked to draw. */
export function fakeCharts(): ChartRenderer & { drawn: MetricHistory[][] } {
  const drawn: MetricHistory[][] = []
  return {
    drawn,
    async draw(histories) {
      drawn.push(histories)
      return new Map()
    }
  }
}
