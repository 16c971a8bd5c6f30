/**
 * The care-label tests (`tests:`) over the pipeline's ports: each test an entry point run against
 * the candidate's model, nested under its run; the tests' metrics judged with the run's, against
 * the baseline run's own tests; a failing test; the checks made before anything runs.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { readRunContext } from '../../src/adapters/github/context.js'
import { parseConfig } from '../../src/core/config/parse.js'
import type { RunContext } from '../../src/core/context.js'
import type { LoggedModel } from '../../src/core/runs.js'
import { ConfigError, InputError } from '../../src/errors.js'
import type { BundleSource } from '../../src/ports.js'
import { runAggregate } from '../../src/pipeline/aggregate.js'
import { runCareLabel, type PipelineDeps } from '../../src/pipeline/run-care-label.js'
import { runPartial } from '../../src/pipeline/run-partial.js'
import { readSettings } from '../../src/settings/inputs.js'
import {
  fakeArtifacts,
  fakeCharts,
  fakePublisher,
  fakeRunner,
  fakeStore,
  mainRun,
  makeRun,
  memoryLog,
  memoryOutputs,
  type FakeStore
} from '../support/fakes.js'

const MLPROJECT = `name: iris
entry_points:
  main:
    command: "python train.py"
  quality:
    parameters:
      model_uri: {type: string}
      split: {type: string, default: test}
    command: "python quality.py --model {model_uri} --split {split}"
  robustness:
    parameters:
      model_uri: {type: string}
    command: "python robustness.py {model_uri}"
`
const RULES = `metrics:
  accuracy:
    greater_is_better: true
    category: quality
  test_accuracy:
    greater_is_better: true
    max_regression: 2%
    category: quality
  noise_accuracy:
    greater_is_better: true
    max_regression: 5%
    category: robustness
`
const TESTS = `tests:
  quality:
    parameters:
      split: holdout
    category: quality
  robustness:
    category: robustness
    level: warn
`

/** What each entry point logs: the training run and the tests. */
const LOGS: Record<string, Record<string, number>> = {
  main: { accuracy: 0.97 },
  quality: { test_accuracy: 0.95 },
  robustness: { noise_accuracy: 0.9 }
}

const MODEL: LoggedModel = {
  modelId: 'm-7',
  name: 'model',
  experimentId: '1',
  sourceRunId: 'cand1',
  status: 'READY',
  creationTime: 0,
  metrics: {}
}

let workspace: string
beforeEach(() => {
  workspace = mkdtempSync(path.join(os.tmpdir(), 'care-label-tests-'))
  mkdirSync(path.join(workspace, 'model'))
  writeFileSync(path.join(workspace, 'model', 'MLproject'), MLPROJECT)
  mkdirSync(path.join(workspace, '.github'))
})
afterEach(() => rmSync(workspace, { recursive: true, force: true }))

const PR: RunContext = readRunContext(
  {
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_REPOSITORY: 'o/r',
    GITHUB_REF: 'refs/pull/7/merge',
    GITHUB_BASE_REF: 'main',
    GITHUB_HEAD_REF: 'f',
    GITHUB_RUN_ID: '9'
  },
  { pull_request: { number: 7, head: { sha: 'h'.repeat(40), ref: 'f' } } }
)

/** A runner whose runs log what their entry point logs; `failing` entry points exit 1. */
function suiteRunner(store: FakeStore, failing: string[] = []) {
  const runner = fakeRunner(store, {})
  const run = runner.run.bind(runner)
  runner.run = async spec => {
    const outcome = await run(spec)
    const logged = store.runs.at(-1)
    if (logged !== undefined) Object.assign(logged.data.metrics, LOGS[spec.entryPoint])
    if (failing.includes(spec.entryPoint) && logged !== undefined) {
      logged.info.status = 'FAILED'
      return { ...outcome, exitCode: 1 }
    }
    return outcome
  }
  return runner
}

/** A connection to `store` that refuses every call once it is closed. */
function connection(store: FakeStore): FakeStore {
  let open = true
  return new Proxy(store, {
    get(target, key, receiver) {
      if (key === 'close') {
        return async () => {
          open = false
          await target.close()
        }
      }
      const value: unknown = Reflect.get(target, key, receiver)
      if (typeof value !== 'function') return value
      return (...args: unknown[]) => {
        if (!open) throw new Error('database is not open')
        return (value as (...a: unknown[]) => unknown).apply(target, args)
      }
    }
  })
}

async function runSuite(
  config: string,
  store: FakeStore,
  options: { failing?: string[]; model?: boolean; tests?: string } = {}
) {
  writeFileSync(path.join(workspace, '.github', 'care-label.yml'), config)
  if (options.model !== false) store.models.push(MODEL)
  const inputs: Record<string, string> = {
    project: 'model',
    'tracking-uri': 'http://127.0.0.1:5000',
    'output-dir': path.join(workspace, 'out'),
    tests: options.tests ?? ''
  }
  const settings = readSettings(name => inputs[name] ?? '', { GITHUB_WORKSPACE: workspace })
  const runner = suiteRunner(store, options.failing)
  const publisher = fakePublisher()
  const deps: PipelineDeps = {
    log: memoryLog(),
    outputs: memoryOutputs(),
    runner,
    publisher,
    charts: fakeCharts(),
    // As a local store: each opening is a connection of its own, unusable once closed (the
    // pipeline closes it while `mlflow` writes, then opens it again).
    openStore: () => connection(store)
  }
  const result = await runCareLabel(settings, PR, deps)
  return { ...result, runner, publisher }
}

describe('tests: in the config', () => {
  it('reads each test, with its defaults', () => {
    expect(parseConfig('c.yml', TESTS + 'model:\n  name: model\n').tests).toEqual([
      {
        name: 'quality',
        entryPoint: 'quality',
        parameters: [['split', 'holdout']],
        category: 'quality',
        runsOn: [],
        level: 'fail',
        modelParam: 'model_uri',
        required: false,
        line: 2
      },
      {
        name: 'robustness',
        entryPoint: 'robustness',
        parameters: [],
        category: 'robustness',
        runsOn: [],
        level: 'warn',
        modelParam: 'model_uri',
        required: false,
        line: 6
      }
    ])
    expect(
      parseConfig('c.yml', 'tests:\n  latency:\n    runs_on: gpu\n    entry_point: lat\n').tests
    ).toMatchObject([{ name: 'latency', entryPoint: 'lat', runsOn: ['gpu'] }])
  })
})

describe('the care-label tests over the ports', () => {
  it("runs each test against the candidate's model, nested under its run, and judges their metrics", async () => {
    const store = fakeStore('MLflow tracking server', [mainRun('base1', { accuracy: 0.96 }, 10)])
    // The baseline run's own tests, nested under it as the action nests them.
    store.runs.push(
      makeRun('base1-quality', {
        metrics: { test_accuracy: 0.99 },
        startTime: 11,
        tags: { 'mlflow.parentRunId': 'base1', 'care-label.test': 'quality' }
      }),
      makeRun('base1-old', {
        metrics: { test_accuracy: 0.5 },
        startTime: 5,
        tags: { 'mlflow.parentRunId': 'base1', 'care-label.test': 'quality' }
      })
    )
    const { report, runner, publisher } = await runSuite(RULES + TESTS, store)

    expect(runner.runs.map(r => [r.entryPoint, r.parameters, r.runName])).toEqual([
      ['main', [], 'pr-7-hhhhhhh'],
      [
        'quality',
        [
          ['split', 'holdout'],
          ['model_uri', 'models:/m-7']
        ],
        'run-cand1-quality'
      ],
      ['robustness', [['model_uri', 'models:/m-7']], 'run-cand1-robustness']
    ])
    const tagsOf = (id: string) => store.runs.find(r => r.info.runId === id)?.data.tags
    expect(tagsOf('cand2')).toMatchObject({
      'mlflow.parentRunId': 'cand1',
      'care-label.test': 'quality',
      'care-label.runner.os': 'linux'
    })
    // Not the branch's tags: a test's run is never found as a baseline of its own.
    expect(tagsOf('cand2')?.['care-label.git.ref']).toBeUndefined()
    expect(tagsOf('cand3')).toMatchObject({ 'care-label.test': 'robustness' })
    expect(report.tests).toEqual([
      {
        name: 'quality',
        entryPoint: 'quality',
        category: 'quality',
        status: 'passed',
        level: 'fail',
        metrics: ['test_accuracy'],
        runId: 'cand2',
        ranOn: 'Linux X64 · no GPU',
        baselineRunId: 'base1-quality'
      },
      {
        name: 'robustness',
        entryPoint: 'robustness',
        category: 'robustness',
        status: 'passed',
        level: 'warn',
        metrics: ['noise_accuracy'],
        runId: 'cand3',
        ranOn: 'Linux X64 · no GPU'
      }
    ])
    const verdicts = Object.fromEntries(
      report.comparison.metrics.map(m => [m.metric, [m.candidate, m.baseline, m.status]])
    )
    expect(verdicts).toEqual({
      accuracy: [0.97, 0.96, 'info'],
      // Against the baseline's newest run of the same test: 0.95 is more than 2% below 0.99.
      test_accuracy: [0.95, 0.99, 'fail'],
      // The baseline has no robustness run: nothing to compare with.
      noise_accuracy: [0.9, undefined, 'info']
    })
    expect(report.run.runId).toBe('cand1')
    expect(report.verdict).toBe('fail')
    expect(publisher.posted[0]?.markdown).toContain(
      [
        '**Tests** (2, nested under this run):',
        '',
        '| Test | Category | Entry point | Run | Baseline run | Ran on | Metrics | Status |',
        '|---|---|---|---|---|---|--:|---|',
        '| quality | quality | quality | cand2 | base1-qu | Linux X64 · no GPU | 1 | ✅ passed |',
        '| robustness | robustness | robustness | cand3 | — | Linux X64 · no GPU | 1 | ✅ passed |'
      ].join('\n')
    )
  })

  it('runs only the tests the tests input names; the others are not measured, and fail only when required', async () => {
    const store = fakeStore('MLflow tracking server', [mainRun('base1', { accuracy: 0.96 }, 10)])
    const some = await runSuite(RULES + TESTS, store, { tests: 'robustness' })
    expect(some.runner.runs.map(r => r.entryPoint)).toEqual(['main', 'robustness'])
    expect(some.report.tests?.map(t => [t.name, t.status])).toEqual([
      ['quality', 'not-measured'],
      ['robustness', 'passed']
    ])
    expect(some.publisher.posted[0]?.markdown).toContain(
      '**Tests** (2, nested under this run; 1 not measured):'
    )
    expect(some.publisher.posted[0]?.markdown).toContain('| — | 0 | ⬜ not measured |')
    const required = TESTS.replace('  quality:\n', '  quality:\n    required: true\n')
    const store2 = fakeStore('MLflow tracking server', [mainRun('base1', { accuracy: 0.96 }, 10)])
    const failed = await runSuite(RULES + required, store2, { tests: 'robustness' })
    expect(failed.report.tests?.[0]).toMatchObject({ status: 'not-measured', required: true })
    expect(failed.report.verdict).toBe('fail')
    expect(failed.publisher.posted[0]?.markdown).toContain('❌ not measured (required)')
  })

  it('selects tests by runner label, and refuses a name the config does not have before training', async () => {
    const labelled = TESTS.replace(
      '  robustness:\n',
      '  robustness:\n    runs_on: [self-hosted, gpu]\n'
    )
    const store = fakeStore('MLflow tracking server', [mainRun('base1', { accuracy: 0.96 }, 10)])
    const gpu = await runSuite(RULES + labelled, store, { tests: 'runs-on:gpu' })
    expect(gpu.runner.runs.map(r => r.entryPoint)).toEqual(['main', 'robustness'])
    const store2 = fakeStore('MLflow tracking server', [mainRun('base1', { accuracy: 0.96 }, 10)])
    const typo = runSuite(RULES + TESTS, store2, { tests: 'quality, robustnes' })
    await expect(typo).rejects.toThrow(
      "Input 'tests': names 'robustnes', which the config's tests: do not have (it has: quality, robustness). Give the names of its tests, runs-on:<label>, or none."
    )
    await expect(typo).rejects.toBeInstanceOf(InputError)
  })

  it('keeps a failed test run, fails the gate at level fail and only reports one at warn', async () => {
    const store = fakeStore('MLflow tracking server', [mainRun('base1', { accuracy: 0.96 }, 10)])
    const failing = await runSuite(RULES + TESTS, store, { failing: ['quality', 'robustness'] })
    expect(failing.report.tests?.map(t => [t.name, t.status, t.runId])).toEqual([
      ['quality', 'failed', 'cand2'],
      ['robustness', 'failed', 'cand3']
    ])
    expect(failing.report.verdict).toBe('fail')
    expect(failing.report.notes).toEqual([
      "Test 'quality' failed, which fails the gate: mlflow run failed with exit code 1 (run cand2 is kept in the store). Its last lines:",
      "Test 'robustness' failed: mlflow run failed with exit code 1 (run cand3 is kept in the store). Its last lines:"
    ])
    // A failed test's run is kept, and not judged.
    expect(store.runs.find(r => r.info.runId === 'cand2')?.data.tags['mlflow.parentRunId']).toBe(
      'cand1'
    )
    expect(failing.report.comparison.metrics.find(m => m.metric === 'test_accuracy')?.status).toBe(
      'missing'
    )

    const store2 = fakeStore('MLflow tracking server', [mainRun('base1', { accuracy: 0.96 }, 10)])
    store2.runs.push(
      makeRun('base1-robustness', {
        metrics: { noise_accuracy: 0.99 },
        startTime: 11,
        tags: { 'mlflow.parentRunId': 'base1', 'care-label.test': 'robustness' }
      })
    )
    const warned = await runSuite(RULES + TESTS, store2, { failing: ['robustness'] })
    expect(warned.report.tests?.map(t => t.status)).toEqual(['passed', 'failed'])
    // The failed test's metrics are missing on both sides, not compared with the baseline's.
    expect(warned.report.comparison.metrics.find(m => m.metric === 'noise_accuracy')).toMatchObject(
      {
        candidate: undefined,
        baseline: undefined
      }
    )
    expect(warned.publisher.posted[0]?.markdown).toContain('| ⚠️ failed (warn) |')
  })

  it.each([
    [
      'an entry point the MLproject does not define',
      'tests:\n  quality:\n    entry_point: qualiti\n',
      ".github/care-label.yml:2: tests.quality: entry point 'qualiti' is not defined in model/MLproject (defined: main, quality, robustness). Add it there, or set tests.quality.entry_point to one of them."
    ],
    [
      'an entry point with no model parameter',
      'tests:\n  quality:\n    entry_point: main\n',
      ".github/care-label.yml:2: tests.quality: entry point 'main' of model/MLproject declares no parameter 'model_uri' to take the model's URI. Declare it (model_uri: {type: string}), or set tests.quality.model_param."
    ],
    [
      'a project with no MLproject',
      'tests:\n  quality:\n    project: elsewhere\n',
      ".github/care-label.yml:2: tests.quality: 'elsewhere' has no MLproject file. Set tests.quality.project to the directory of the MLflow Project that holds the test."
    ]
  ])('refuses %s before any test runs', async (_name, config, message) => {
    const store = fakeStore('MLflow tracking server')
    const error: unknown = await runSuite(config, store).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as ConfigError).message).toBe(message)
    // Checked before anything runs: no training, no test.
    expect(store.runs).toEqual([])
  })

  it('says the tests need a model when the run logged none', async () => {
    const store = fakeStore('MLflow tracking server')
    const error: unknown = await runSuite(TESTS, store, { model: false }).catch((e: unknown) => e)
    expect((error as ConfigError).message).toBe(
      `.github/care-label.yml:2: tests need the candidate's model: run cand1 logged no model: log one with mlflow.<flavor>.log_model(model, name="model"), or set model.name to its artifact path.`
    )
  })
})

describe('sweeps (select:)', () => {
  const child = (
    id: string,
    parent: string,
    metrics: Record<string, number>,
    status = 'FINISHED'
  ) =>
    makeRun(id, {
      metrics,
      status,
      startTime: 20,
      tags: { 'mlflow.parentRunId': parent }
    })

  it("judges a sweep's best child against the baseline sweep's best child", async () => {
    const store = fakeStore('MLflow tracking server', [
      mainRun('base1', { accuracy: 0.5 }, 10),
      child('base1-t1', 'base1', { val_loss: 0.25, accuracy: 0.95 }),
      child('base1-t2', 'base1', { val_loss: 0.4, accuracy: 0.99 }),
      child('trial-a', 'cand1', { val_loss: 0.3, accuracy: 0.9 }),
      child('trial-b', 'cand1', { val_loss: 0.2, accuracy: 0.93 }),
      child('trial-c', 'cand1', { val_loss: 0.1, accuracy: 0.99 }, 'RUNNING'),
      child('trial-d', 'cand1', { accuracy: 0.99 })
    ])
    const config =
      'select:\n  metric: val_loss\n  mode: min\nmetrics:\n  accuracy:\n    greater_is_better: true\n    max_regression: 1%\n'
    const { report, publisher } = await runSuite(config, store, { model: false })
    expect(report.run.runId).toBe('trial-b')
    expect(report.run.sweep).toEqual({
      parentRunId: 'cand1',
      parentRunName: 'run-cand1',
      children: 2,
      by: 'val_loss, min'
    })
    expect(report.baseline?.runId).toBe('base1-t1')
    expect(report.comparison.metrics.find(m => m.metric === 'accuracy')).toMatchObject({
      candidate: 0.93,
      baseline: 0.95,
      status: 'fail'
    })
    expect(publisher.posted[0]?.markdown).toContain(
      'this run: run-trial-b (the best of 2 child runs of sweep run run-cand1 by val_loss, min), compared with the baseline run run-base1-t1 (the best of 2 child runs of sweep run run-base1 by val_loss, min; the latest finished run'
    )
  })

  it('keeps a run without children as the candidate, and says so', async () => {
    const store = fakeStore('MLflow tracking server')
    const config = 'select:\n  metric: val_loss\n  mode: max\n'
    const { report } = await runSuite(config, store, { model: false })
    expect(report.run.runId).toBe('cand1')
    expect(report.run.sweep).toBeUndefined()
    expect(report.notes).toContain(
      'select: run cand1 has no finished child run with val_loss: it is the candidate itself.'
    )
  })
})

describe('the tests across a matrix, with a tracking server', () => {
  /** This workflow run's bundles: what each job uploaded, copied as GitHub keeps them. */
  function workflowBundles() {
    const kept = new Map<string, string>()
    const artifacts = fakeArtifacts()
    const upload = artifacts.upload.bind(artifacts)
    artifacts.upload = async (name, dir) => {
      const copy = mkdtempSync(path.join(os.tmpdir(), 'care-label-bundle-'))
      cpSync(dir, copy, { recursive: true })
      kept.set(name, copy)
      return upload(name, dir)
    }
    const bundles: BundleSource = {
      list: async () => [...kept.keys()].map((name, i) => ({ id: i + 1, name, size: 100 })),
      pullRequestsOf: async () => [],
      download: async (bundle, _run, dir) =>
        cpSync(kept.get(bundle.name) ?? '', dir, { recursive: true })
    }
    return { artifacts, bundles, kept }
  }

  function job(name: string, inputs: Record<string, string>) {
    const all: Record<string, string> = {
      project: 'model',
      'tracking-uri': 'http://127.0.0.1:5000',
      'output-dir': path.join(workspace, 'out', name),
      ...inputs
    }
    return {
      settings: readSettings(key => all[key] ?? '', { GITHUB_WORKSPACE: workspace }),
      context: { ...PR, job: name }
    }
  }

  it('test jobs run their share against the trained run; the aggregate reports all of them once', async () => {
    writeFileSync(path.join(workspace, '.github', 'care-label.yml'), RULES + TESTS)
    const store = fakeStore('MLflow tracking server', [mainRun('base1', { accuracy: 0.96 }, 10)])
    store.models.push(MODEL)
    const runner = suiteRunner(store)
    const { artifacts, bundles } = workflowBundles()
    const summaries: string[] = []
    const partialDeps = {
      log: memoryLog(),
      outputs: memoryOutputs(),
      runner,
      artifacts,
      bundles,
      openStore: () => connection(store),
      summary: async (markdown: string) => void summaries.push(markdown)
    }
    const train = job('train', { mode: 'partial', tests: 'none' })
    const trained = await runPartial(train.settings, train.context, partialDeps)
    expect(trained.bundle).toMatchObject({ key: 'train-none', store: false, tests: [] })
    const runId = trained.bundle.candidate.runId
    const tagsBefore = { ...store.runs.find(r => r.info.runId === runId)?.data.tags }
    const test = job('test', { mode: 'partial', 'run-id': runId, tests: 'robustness' })
    await runPartial(test.settings, test.context, partialDeps)
    expect(runner.runs.map(r => r.entryPoint)).toEqual(['main', 'robustness'])
    // A test job leaves the trained run's tags as its job wrote them.
    expect(store.runs.find(r => r.info.runId === runId)?.data.tags).toEqual(tagsBefore)
    expect(artifacts.uploads.map(u => u.name)).toEqual([
      'care-label-partial-train-none',
      'care-label-partial-test-robustness'
    ])
    expect(summaries[1]).toContain('This job tested run')

    const publisher = fakePublisher()
    const aggregate = job('aggregate', { mode: 'aggregate' })
    const { report } = await runAggregate(aggregate.settings, aggregate.context, {
      log: memoryLog(),
      outputs: memoryOutputs(),
      runner,
      publisher,
      charts: fakeCharts(),
      openStore: () => connection(store),
      bundles
    })
    expect(report.run.runId).toBe(runId)
    expect(report.tests?.map(t => [t.name, t.status, t.ranOn])).toEqual([
      ['quality', 'not-measured', undefined],
      ['robustness', 'passed', 'Linux X64 · no GPU']
    ])
    expect(report.run.metrics['noise_accuracy']).toBe(0.9)
    expect(publisher.posted).toHaveLength(1)
    expect(publisher.posted[0]?.markdown).toContain(
      '[⬜ not measured](https://github.com/o/r/actions/runs/9)'
    )
    // Nothing ran in the aggregate job.
    expect(runner.runs).toHaveLength(2)
  })

  it('keeps the local store of a job whose training failed, under a name the aggregate does not read', async () => {
    writeFileSync(path.join(workspace, '.github', 'care-label.yml'), RULES + TESTS)
    const store = fakeStore('local store', [])
    const runner = suiteRunner(store, ['main'])
    const { artifacts, bundles } = workflowBundles()
    const train = job('train', { mode: 'partial', tests: 'quality', 'tracking-uri': '' })
    // The local store the job's `mlflow run` wrote before it failed.
    const db = path.join(workspace, 'out', 'train', 'mlflow', 'mlflow.db')
    mkdirSync(path.dirname(db), { recursive: true })
    writeFileSync(db, '')
    const failed = runPartial(train.settings, train.context, {
      log: memoryLog(),
      outputs: memoryOutputs(),
      runner,
      artifacts,
      bundles,
      openStore: () => connection(store),
      summary: async () => undefined
    })
    await expect(failed).rejects.toThrow('mlflow run failed with exit code 1')
    expect(artifacts.uploads.map(u => [u.name, u.files])).toEqual([
      ['care-label-failed-train-quality', [path.dirname(db)]]
    ])
  })

  it('refuses a bundle whose test run is not that test of the candidate', async () => {
    writeFileSync(path.join(workspace, '.github', 'care-label.yml'), RULES + TESTS)
    const store = fakeStore('MLflow tracking server', [mainRun('base1', { accuracy: 0.96 }, 10)])
    store.models.push(MODEL)
    const runner = suiteRunner(store)
    const { artifacts, bundles, kept } = workflowBundles()
    const deps = {
      log: memoryLog(),
      outputs: memoryOutputs(),
      runner,
      artifacts,
      bundles,
      openStore: () => connection(store),
      summary: async () => undefined
    }
    const train = job('train', { mode: 'partial', tests: 'quality' })
    await runPartial(train.settings, train.context, deps)
    // The bundle's record names another run: the baseline's.
    const file = path.join(kept.get('care-label-partial-train-quality') ?? '', 'partial.json')
    writeFileSync(file, readFileSync(file, 'utf8').replace(/"runId": "cand2"/, '"runId": "base1"'))
    const aggregate = job('aggregate', { mode: 'aggregate' })
    await expect(
      runAggregate(aggregate.settings, aggregate.context, {
        log: memoryLog(),
        outputs: memoryOutputs(),
        runner,
        publisher: fakePublisher(),
        charts: fakeCharts(),
        openStore: () => connection(store),
        bundles
      })
    ).rejects.toThrow(
      "a partial bundle says test 'quality' ran as run base1, but that run is not test 'quality' of run cand1"
    )
  })
})
