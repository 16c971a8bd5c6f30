/**
 * `backend` and `backend-config` through the pipeline, over fakes of its ports: from the inputs to
 * the `mlflow run` the runner is asked for, the refusals the plan makes before anything runs, and
 * the wait for the run's end after every `mlflow run`, whatever backend ran it.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { readRunContext } from '../../src/adapters/github/context.js'
import type { RunContext } from '../../src/core/context.js'
import { ConfigError, InputError, ProjectRunError, ProjectRunFailed } from '../../src/errors.js'
import { CLI_SURFACE } from '../../src/cli/run-cli.js'
import { collectNotes } from '../../src/pipeline/notes.js'
import { obtainCandidate, type RunRequest } from '../../src/pipeline/obtain-candidate.js'
import { openStores } from '../../src/pipeline/open-stores.js'
import { runCareLabel } from '../../src/pipeline/run-care-label.js'
import type { Backend } from '../../src/settings/types.js'
import { readSettings } from '../../src/settings/inputs.js'
import type { TrackingLocation } from '../../src/settings/tracking-uri.js'
import {
  fakeCharts,
  fakePublisher,
  fakeRunner,
  fakeStore,
  makeRun,
  memoryLog,
  memoryOutputs,
  type FakeStore
} from '../support/fakes.js'

const MLPROJECT = `name: iris
docker_env:
  image: python:3.11-slim
entry_points:
  main:
    parameters:
      max_depth: {type: int, default: 4}
    command: "python train.py --max-depth {max_depth}"
`
const KUBERNETES = JSON.stringify({
  'repository-uri': 'ghcr.io/o/iris',
  'kube-job-template-path': 'k8s/job.yaml'
})
const SERVER = 'http://127.0.0.1:5000'
/** Stands for the test's workspace in expected messages (made before the test runs). */
const WORKSPACE = '<workspace>'

let workspace: string

beforeEach(() => {
  workspace = mkdtempSync(path.join(os.tmpdir(), 'care-label-backends-'))
  mkdirSync(path.join(workspace, 'model'))
  writeFileSync(path.join(workspace, 'model', 'MLproject'), MLPROJECT)
  mkdirSync(path.join(workspace, 'k8s'))
  writeFileSync(path.join(workspace, 'k8s', 'job.yaml'), 'apiVersion: batch/v1\nkind: Job\n')
  mkdirSync(path.join(workspace, '.github'))
  writeFileSync(path.join(workspace, '.github', 'kubernetes.json'), KUBERNETES)
  writeFileSync(path.join(workspace, '.github', 'cluster.json'), '{"num_workers": 1}')
})

afterEach(() => rmSync(workspace, { recursive: true, force: true }))

function settingsFor(inputs: Record<string, string>) {
  const all: Record<string, string> = {
    project: 'model',
    'output-dir': path.join(workspace, 'out'),
    ...inputs
  }
  return readSettings(name => all[name] ?? '', { GITHUB_WORKSPACE: workspace })
}

function pullRequest(): RunContext {
  return readRunContext(
    {
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_REPOSITORY: 'o/r',
      GITHUB_REF: 'refs/pull/7/merge',
      GITHUB_SHA: 'm'.repeat(40),
      GITHUB_HEAD_REF: 'feature',
      GITHUB_BASE_REF: 'main',
      GITHUB_RUN_ID: '50'
    },
    { pull_request: { number: 7, head: { sha: 'h'.repeat(40), ref: 'feature' } } }
  )
}

function pipelineDeps(store: FakeStore) {
  const log = memoryLog()
  const runner = fakeRunner(store, { accuracy: 0.95 })
  return {
    log,
    runner,
    deps: {
      log,
      runner,
      outputs: memoryOutputs(),
      publisher: fakePublisher(),
      charts: fakeCharts(),
      openStore: () => store
    }
  }
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('it did not fail')
}

describe('the backend, from the inputs to mlflow run', () => {
  it.each<[Backend, Record<string, string>, string]>([
    ['local', {}, ''],
    ['kubernetes', { 'backend-config': '.github/kubernetes.json' }, '.github/kubernetes.json'],
    ['databricks', { 'backend-config': '.github/cluster.json' }, '.github/cluster.json']
  ])('%s', async (backend, inputs, config) => {
    const store = fakeStore('MLflow tracking server')
    const { deps, runner, log } = pipelineDeps(store)
    const settings = settingsFor({ 'tracking-uri': SERVER, backend, ...inputs })
    await runCareLabel(settings, pullRequest(), deps)
    expect(runner.runs.map(r => [r.backend, r.backendConfig])).toEqual([
      [backend, config && path.join(workspace, config)]
    ])
    const on = backend === 'local' ? '' : `, on ${backend}`
    expect(log.lines).toContain(`group: mlflow run model -e main (local${on})`)
  })

  it('an adopted run runs nothing, whatever the backend', async () => {
    const store = fakeStore('MLflow tracking server')
    const { deps, runner } = pipelineDeps(store)
    const logged = 'c'.repeat(32)
    const settings = settingsFor({
      'run-id': logged,
      backend: 'kubernetes',
      'backend-config': '.github/kubernetes.json'
    })
    store.runs.push(makeRun(logged, { metrics: { accuracy: 0.95 } }))
    const { report } = await runCareLabel(settings, pullRequest(), deps)
    expect(runner.runs).toEqual([])
    expect(report.run.runId).toBe(logged)
  })
})

describe('refused before anything runs', () => {
  it.each<[Backend, string, string, string]>([
    [
      'kubernetes',
      '.github/kubernetes.json',
      '',
      "Input 'backend': kubernetes runs the project on a cluster, which cannot log to the local store this action keeps on the runner. Set 'tracking-uri' to an MLflow tracking server that both this runner and the cluster reach."
    ],
    [
      'databricks',
      '.github/cluster.json',
      'sqlite:///store/mlflow.db',
      `Input 'backend': databricks runs the project on a cluster, which cannot log to the local store sqlite:///${WORKSPACE}/store/mlflow.db. Set 'tracking-uri' to an MLflow tracking server that both this runner and the cluster reach.`
    ]
  ])('%s with a local store', async (backend, config, trackingUri, message) => {
    const store = fakeStore('local MLflow store')
    const { deps, runner } = pipelineDeps(store)
    const settings = settingsFor({
      backend,
      'backend-config': config,
      'tracking-uri': trackingUri
    })
    const error = await failure(runCareLabel(settings, pullRequest(), deps))
    expect(error).toBeInstanceOf(InputError)
    expect(error instanceof Error && error.message).toBe(message.replace(WORKSPACE, workspace))
    expect(runner.runs).toEqual([])
  })

  it('a local store in the CLI names its flags', async () => {
    const store = fakeStore('local MLflow store')
    const { deps } = pipelineDeps(store)
    const settings = settingsFor({
      backend: 'kubernetes',
      'backend-config': '.github/kubernetes.json'
    })
    const error = await failure(runCareLabel(settings, pullRequest(), deps))
    expect(error instanceof InputError && error.describe(CLI_SURFACE)).toBe(
      '--backend: kubernetes runs the project on a cluster, which cannot log to the local store in the output directory. Set --tracking-uri to an MLflow tracking server that both this machine and the cluster reach.'
    )
  })

  it('paired runs need both runs of a pair on this runner', async () => {
    writeFileSync(
      path.join(workspace, '.github', 'care-label.yml'),
      'metrics:\n  accuracy:\n    greater_is_better: true\nbaseline:\n  strategy: paired\n'
    )
    const store = fakeStore('MLflow tracking server')
    const { deps, runner } = pipelineDeps(store)
    const settings = settingsFor({
      'tracking-uri': SERVER,
      backend: 'databricks',
      'backend-config': '.github/cluster.json'
    })
    const error = await failure(runCareLabel(settings, pullRequest(), deps))
    expect(error).toBeInstanceOf(ConfigError)
    expect(error instanceof Error && error.message).toBe(
      ".github/care-label.yml: baseline.strategy paired runs both commits side by side on this runner, but 'backend' databricks gives each run a machine of its own, so what differs between machines would not cancel out. Use the local backend, or another strategy."
    )
    expect(runner.runs).toEqual([])
  })
})

describe('after each mlflow run, the run is compared only once it has ended', () => {
  /**
   * A store where each run the runner logs is RUNNING for its first `reads` reads, then
   * `ended`; and a clock that moves by what is slept.
   */
  function runningFor(reads: number, ended = 'FINISHED') {
    const store = fakeStore('MLflow tracking server')
    const runner = fakeRunner(store, { accuracy: 0.95 })
    const seen = new Map<string, number>()
    const getRun = store.getRun.bind(store)
    store.getRun = async id => {
      const run = await getRun(id)
      const n = seen.get(id) ?? 0
      seen.set(id, n + 1)
      run.info.status = n < reads ? 'RUNNING' : ended
      return run
    }
    let now = 0
    const slept: number[] = []
    const waitClock = {
      now: () => now,
      sleep: async (ms: number) => {
        slept.push(ms)
        now += ms
      }
    }
    return { store, runner, seen, slept, waitClock }
  }

  function request(backend: Backend, repeats = 1): RunRequest {
    return {
      dir: '/w/model',
      project: 'model',
      entryPoint: 'main',
      parameters: [],
      envManager: 'local',
      backend,
      backendConfig: backend === 'local' ? '' : `/w/${backend}.json`,
      waitTimeoutMinutes: 60,
      experimentName: 'iris',
      runName: 'pr-7',
      repeats
    }
  }

  async function storesOver(store: FakeStore, location: TrackingLocation) {
    return openStores(
      { location },
      {
        openStore: () => {
          store.opened++
          return store
        },
        log: memoryLog(),
        notes: collectNotes(memoryLog())
      }
    )
  }

  it.each<Backend>(['local', 'kubernetes', 'databricks'])('%s', async backend => {
    const { store, runner, seen, slept, waitClock } = runningFor(2)
    const stores = await storesOver(store, { kind: 'server', uri: SERVER })
    const log = memoryLog()
    const recorded: string[] = []
    const candidate = await obtainCandidate(
      { run: request(backend, 2), experimentName: 'iris', context: pullRequest() },
      stores,
      { runner, log, notes: collectNotes(log), record: id => recorded.push(id), waitClock }
    )
    // Each run was read until it had ended (twice RUNNING), before the next one started.
    expect(slept).toEqual([1000, 2000, 1000, 2000])
    expect(candidate.set.runs.map(r => [r.info.runId, r.info.status])).toEqual([
      ['cand1', 'FINISHED'],
      ['cand2', 'FINISHED']
    ])
    expect(log.lines.filter(l => l.startsWith('info:'))).toEqual([
      `info: Run cand1 is RUNNING on the ${backend} backend: waiting for it to end, at most 60 min.`,
      'info: Run cand1 ended FINISHED after 3 s.',
      `info: Run cand2 is RUNNING on the ${backend} backend: waiting for it to end, at most 60 min.`,
      'info: Run cand2 ended FINISHED after 3 s.'
    ])
    // Three reads by the wait, then the one that reads the candidate back.
    expect([seen.get('cand1'), seen.get('cand2')]).toEqual([4, 4])
    expect(recorded.at(-1)).toBe('cand1,cand2')
  })

  it('a run that ends FAILED fails the step and is kept, after the repeats before it', async () => {
    const { store, runner, waitClock } = runningFor(1, 'FAILED')
    const stores = await storesOver(store, { kind: 'server', uri: SERVER })
    const recorded: string[] = []
    const log = memoryLog()
    const error = await failure(
      obtainCandidate(
        { run: request('databricks'), experimentName: 'iris', context: pullRequest() },
        stores,
        { runner, log, notes: collectNotes(log), record: id => recorded.push(id), waitClock }
      )
    )
    expect(error).toBeInstanceOf(ProjectRunFailed)
    expect(error instanceof Error && error.message).toBe(
      'Run cand1 ended FAILED on the databricks backend; it is kept in the store.'
    )
    expect(recorded).toEqual(['cand1'])
  })

  it('a run still running at the bound fails the step, and its id is reported', async () => {
    const { store, runner, slept, waitClock } = runningFor(Number.POSITIVE_INFINITY)
    const stores = await storesOver(store, { kind: 'server', uri: SERVER })
    const recorded: string[] = []
    const log = memoryLog()
    const error = await failure(
      obtainCandidate(
        {
          run: { ...request('databricks', 3), waitTimeoutMinutes: 2 },
          experimentName: 'iris',
          context: pullRequest()
        },
        stores,
        { runner, log, notes: collectNotes(log), record: id => recorded.push(id), waitClock }
      )
    )
    expect(error).toBeInstanceOf(ProjectRunError)
    expect(error instanceof Error && error.message).toBe(
      "Run cand1 is still RUNNING after 2 min on the databricks backend, so it was not compared; it is left as it is in the store. If it needs longer, raise 'wait-timeout-minutes'."
    )
    expect(slept.reduce((a, b) => a + b, 0)).toBe(120_000)
    // The repeats after it do not start.
    expect([runner.runs.length, recorded]).toEqual([1, ['cand1']])
  })

  it('keeps no connection to a local store open while the next repeat writes to it', async () => {
    const { store, runner, waitClock } = runningFor(0)
    const file = path.join(workspace, 'store', 'mlflow.db')
    const stores = await storesOver(store, {
      kind: 'sqlite',
      uri: `sqlite:///${file}`,
      path: file,
      own: false
    })
    const open: number[] = []
    const run = runner.run.bind(runner)
    runner.run = async spec => {
      open.push(store.opened - store.closed)
      return run(spec)
    }
    const log = memoryLog()
    await obtainCandidate(
      { run: request('local', 3), experimentName: 'iris', context: pullRequest() },
      stores,
      { runner, log, notes: collectNotes(log), record: () => undefined, waitClock }
    )
    expect(open).toEqual([0, 0, 0])
  })
})
