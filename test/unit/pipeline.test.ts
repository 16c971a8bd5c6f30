/**
 * The pipeline's flows over fakes of its ports (no MLflow, no GitHub): run or adopt, no baseline,
 * a baseline found only in the carried history, a failing gate, failures that must not lose the
 * run or its store, report-only posting, a refused bundle.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { githubPublisher } from '../../src/adapters/github/publish.js'
import { readRunContext } from '../../src/adapters/github/context.js'
import type { RunContext } from '../../src/core/context.js'
import { toJson } from '../../src/core/report/build.js'
import {
  ACTION_SURFACE,
  ActionError,
  ConfigError,
  ProjectRunError,
  describeFailure
} from '../../src/errors.js'
import { gate } from '../../src/pipeline/gate.js'
import { runPublishStage } from '../../src/pipeline/publish-bundles.js'
import { runCareLabel, type PipelineDeps } from '../../src/pipeline/run-care-label.js'
import { selectBaseline } from '../../src/pipeline/select-baseline.js'
import { collectNotes } from '../../src/pipeline/notes.js'
import { obtainCandidate } from '../../src/pipeline/obtain-candidate.js'
import { openStores } from '../../src/pipeline/open-stores.js'
import type { BundleSource, Repository } from '../../src/ports.js'
import { readSettings } from '../../src/settings/inputs.js'
import type { TrackingLocation } from '../../src/settings/tracking-uri.js'
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
import { sampleReport } from '../support/reports.js'

const MLPROJECT = `name: iris
entry_points:
  main:
    parameters:
      max_depth: {type: int, default: 4}
    command: "python train.py --max-depth {max_depth}"
`
const CONFIG = `metrics:
  accuracy:
    greater_is_better: true
    threshold: 0.9
    max_regression: 2%
    category: quality
`

let workspace: string

beforeEach(() => {
  workspace = mkdtempSync(path.join(os.tmpdir(), 'care-label-pipeline-'))
  mkdirSync(path.join(workspace, 'model'))
  writeFileSync(path.join(workspace, 'model', 'MLproject'), MLPROJECT)
  mkdirSync(path.join(workspace, '.github'))
  writeFileSync(path.join(workspace, '.github', 'care-label.yml'), CONFIG)
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

function pullRequest(number = 7): RunContext {
  return readRunContext(
    {
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_REPOSITORY: 'o/r',
      GITHUB_REF: `refs/pull/${number}/merge`,
      GITHUB_SHA: 'm'.repeat(40),
      GITHUB_HEAD_REF: 'feature',
      GITHUB_BASE_REF: 'main',
      GITHUB_RUN_ID: '50',
      GITHUB_WORKFLOW: 'model',
      GITHUB_JOB: 'care-label'
    },
    { pull_request: { number, head: { sha: 'h'.repeat(40), ref: 'feature' } } }
  )
}

function push(): RunContext {
  return readRunContext(
    {
      GITHUB_EVENT_NAME: 'push',
      GITHUB_REPOSITORY: 'o/r',
      GITHUB_REF: 'refs/heads/main',
      GITHUB_REF_NAME: 'main',
      GITHUB_SHA: 'p'.repeat(40),
      GITHUB_RUN_ID: '51'
    },
    {}
  )
}

/** The ports, with a tracking server (or any location) played by `store`. */
function depsWith(
  store: FakeStore,
  metrics: Record<string, number>,
  extra: Partial<PipelineDeps> & { others?: Map<string, FakeStore> } = {}
) {
  const log = memoryLog()
  const outputs = memoryOutputs()
  const runner = fakeRunner(store, metrics)
  const publisher = fakePublisher()
  const charts = fakeCharts()
  const opened: TrackingLocation[] = []
  const deps: PipelineDeps = {
    log,
    outputs,
    runner,
    publisher,
    charts,
    openStore: location => {
      opened.push(location)
      const path = location.kind === 'sqlite' ? location.path : location.uri
      const opening = extra.others?.get(path) ?? store
      opening.opened++
      return opening
    },
    ...extra
  }
  return { deps, log, outputs, runner, publisher, opened, charts }
}

const SERVER = { 'tracking-uri': 'http://127.0.0.1:5000' }
const uiUrl = (e: string, r: string) => `http://127.0.0.1:5000/#/experiments/${e}/runs/${r}`

describe('the pipeline over its ports', () => {
  it('runs the project, finds the base branch run and posts one report', async () => {
    const store = fakeStore(
      'MLflow tracking server',
      [mainRun('base1', { accuracy: 0.95 }, 10)],
      undefined,
      uiUrl
    )
    const { deps, outputs, runner, publisher } = depsWith(store, { accuracy: 0.96 })
    const { report } = await runCareLabel(
      settingsFor({ ...SERVER, parameters: 'max_depth=3' }),
      pullRequest(),
      deps
    )

    expect(runner.runs).toEqual([
      expect.objectContaining({
        project: path.join(workspace, 'model'),
        entryPoint: 'main',
        parameters: [['max_depth', '3']],
        experimentName: 'iris',
        runName: 'pr-7-hhhhhhh',
        trackingUri: 'http://127.0.0.1:5000'
      })
    ])
    expect(report.verdict).toBe('pass')
    expect(report.baseline?.runId).toBe('base1')
    expect(report.baselineHow).toBe(
      "the latest finished run (a window of 10, 1 found) of entry point 'main' on branch 'main'"
    )
    expect(report.run.url).toBe(uiUrl('1', 'cand1'))
    // The run is tagged with where it ran, so later runs can find it.
    expect(store.tagged[0]?.tags).toMatchObject({
      'care-label.git.ref': 'refs/pull/7/merge',
      'care-label.pull-request': '7',
      'care-label.env.cpu': 'test CPU × 2'
    })
    expect(publisher.posted).toHaveLength(1)
    expect(publisher.posted[0]?.markdown).toBe(
      readFileSync(path.join(workspace, 'out', 'report.md'), 'utf8')
    )
    expect(Object.fromEntries(outputs.values)).toMatchObject({
      'run-id': 'cand1',
      'baseline-run-id': 'base1',
      verdict: 'pass',
      grade: 'A',
      report: path.join(workspace, 'out', 'report.json'),
      'comment-url': 'https://github.com/o/r/pull/7#issuecomment-1'
    })
    expect(
      JSON.parse(readFileSync(path.join(workspace, 'out', 'report.json'), 'utf8'))
    ).toMatchObject({
      run: { runId: 'cand1' },
      baseline: { runId: 'base1' }
    })
  })

  it('adopts a logged run (run-id) without running anything', async () => {
    const store = fakeStore('MLflow tracking server', [
      mainRun('base1', { accuracy: 0.95 }, 10),
      mainRun('logged', { accuracy: 0.97 }, 20)
    ])
    const { deps, runner, outputs } = depsWith(store, {})
    const { report } = await runCareLabel(
      settingsFor({ ...SERVER, 'run-id': 'logged' }),
      pullRequest(),
      deps
    )
    expect(runner.runs).toEqual([])
    expect(report.run.runId).toBe('logged')
    expect(report.experimentName).toBe('iris')
    expect(report.baseline?.runId).toBe('base1')
    expect(outputs.values.get('run-id')).toBe('logged')
  })

  it('with no baseline yet (the first run) reports absolute checks and does not fail', async () => {
    const store = fakeStore('MLflow tracking server')
    const { deps, outputs } = depsWith(store, { accuracy: 0.95 })
    const { report } = await runCareLabel(settingsFor(SERVER), pullRequest(), deps)
    expect(report.verdict).toBe('no-baseline')
    expect(report.baseline).toBeUndefined()
    expect(report.baselineHow).toBe(
      "no baseline: no finished run of entry point 'main' on branch 'main' was found. Run this workflow on push to 'main' to record one."
    )
    expect(outputs.values.get('baseline-run-id')).toBe('')
    expect(gate(report, true).failed).toBe(false)
  })

  it('finds the baseline only in the carried history, and uploads the store and the bundle', async () => {
    const local = fakeStore('local MLflow store')
    const history = fakeStore(
      'carried store',
      [mainRun('old', { accuracy: 0.95 }, 5)],
      [{ experimentId: '9', name: 'iris', lifecycleStage: 'active' }]
    )
    history.runs[0]!.info.experimentId = '9'
    const downloaded = path.join(workspace, 'out', 'history', 'download', 'mlflow.db')
    const artifacts = fakeArtifacts({
      history: { branch: 'main', url: 'https://github.com/o/r/actions/runs/41/artifacts/3' }
    })
    const { deps, runner } = depsWith(
      local,
      { accuracy: 0.94 },
      {
        artifacts,
        others: new Map([[downloaded, history]])
      }
    )
    const { report } = await runCareLabel(settingsFor({}), pullRequest(), deps)

    expect(runner.experimentsCreated).toEqual(['iris'])
    expect(report.baseline?.runId).toBe('old')
    expect(report.baselineHow).toBe(
      "the latest finished run (a window of 10, 1 found) of entry point 'main' on branch 'main', from artifact 'care-label-store-iris' of workflow run 41 on 'main' (commit 1234567)"
    )
    expect(report.baseline?.url).toBe('https://github.com/o/r/actions/runs/41/artifacts/3')
    expect(report.verdict).toBe('pass')
    expect(artifacts.uploads.map(u => u.name)).toEqual([
      'care-label-store-iris',
      'care-label-report-model-care-label'
    ])
    // A pull request adds no history: nothing is pruned.
    expect(runner.pruned).toEqual([])
    // The candidate's link is the store it is in.
    expect(report.run.url).toBe('https://github.com/o/r/actions/runs/50/artifacts/1')
    expect(report.artifactUrl).toBe('https://github.com/o/r/actions/runs/50/artifacts/2')
    expect(history.closed).toBeGreaterThan(0)
  })

  it('on the branch itself, carries the history forward and prunes to history-runs', async () => {
    const local = fakeStore('local MLflow store')
    const artifacts = fakeArtifacts({
      history: { branch: 'main', url: 'https://github.com/o/r/actions/runs/41/artifacts/3' }
    })
    const { deps, runner } = depsWith(local, { accuracy: 0.94 }, { artifacts })
    const settings = settingsFor({ 'history-runs': '5' })
    await runCareLabel(settings, push(), deps)
    // The fetched store became the local one, and the run was logged into it.
    expect(existsSync(path.join(workspace, 'out', 'mlflow', 'mlflow.db'))).toBe(true)
    expect(runner.runs).toHaveLength(1)
    expect(artifacts.uploads[0]?.name).toBe('care-label-store-iris')
  })

  it('a broken threshold is a result: the gate fails, with the rule at its line', async () => {
    const store = fakeStore('MLflow tracking server', [mainRun('base1', { accuracy: 0.95 }, 10)])
    const { deps, outputs } = depsWith(store, { accuracy: 0.85 })
    const { report } = await runCareLabel(settingsFor(SERVER), pullRequest(), deps)
    expect(report.verdict).toBe('fail')
    expect(outputs.values.get('verdict')).toBe('fail')
    expect(gate(report, true)).toEqual({
      failed: true,
      message: '1 metric check(s) failed: accuracy.',
      annotations: [
        {
          level: 'error',
          message: "Metric 'accuracy' broke ≥ 0.9; at most 2% worse than baseline.",
          location: { file: '.github/care-label.yml', line: 2 }
        }
      ]
    })
    expect(gate(report, false)).toMatchObject({
      failed: false,
      annotations: [{ level: 'warning' }]
    })
  })

  it('a publisher that throws still leaves the store uploaded', async () => {
    const local = fakeStore('local MLflow store')
    const artifacts = fakeArtifacts()
    const { deps } = depsWith(
      local,
      { accuracy: 0.95 },
      {
        artifacts,
        publisher: fakePublisher({ fail: new Error('socket hang up') })
      }
    )
    await expect(runCareLabel(settingsFor({}), pullRequest(), deps)).rejects.toThrow(
      'socket hang up'
    )
    expect(artifacts.uploads.map(u => u.name)).toContain('care-label-store-iris')
  })

  it('a store that fails after the run keeps the run id in the outputs, and the store', async () => {
    const local = fakeStore('local MLflow store')
    local.failOn('getRun', new Error('database is locked'))
    const artifacts = fakeArtifacts()
    const { deps, outputs } = depsWith(local, { accuracy: 0.95 }, { artifacts })
    const error = await runCareLabel(settingsFor({}), pullRequest(), deps).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ActionError)
    expect(error instanceof Error && error.message).toBe(
      "Run 'cand1' could not be read from the local MLflow store: database is locked"
    )
    expect(outputs.values.get('run-id')).toBe('cand1')
    expect(artifacts.uploads.map(u => u.name)).toEqual(['care-label-store-iris'])
  })

  it('a failed mlflow run keeps its run id, in the outputs and in the message', async () => {
    const store = fakeStore('MLflow tracking server')
    const { deps, outputs } = depsWith(store, {})
    deps.runner = fakeRunner(store, {}, { exitCode: 1, runId: 'f'.repeat(32) })
    const error = await runCareLabel(settingsFor(SERVER), pullRequest(), deps).catch(
      (e: unknown) => e
    )
    expect(error).toBeInstanceOf(ProjectRunError)
    expect(error instanceof Error && error.message).toBe(
      `mlflow run failed with exit code 1 (run ${'f'.repeat(32)} is kept in the store). Its last lines:\nTraceback: boom`
    )
    expect(outputs.values.get('run-id')).toBe('f'.repeat(32))
  })

  it('a repeat that fails keeps the ids of the repeats before it in the outputs', async () => {
    writeFileSync(
      path.join(workspace, '.github', 'care-label.yml'),
      `${CONFIG}decision:\n  repeats: 3\n`
    )
    const store = fakeStore('MLflow tracking server')
    const { deps, outputs } = depsWith(store, {})
    deps.runner = fakeRunner(store, {}, { exitCode: 1, failFrom: 2 })
    const error = await runCareLabel(settingsFor(SERVER), pullRequest(), deps).catch(
      (e: unknown) => e
    )
    expect(error).toBeInstanceOf(ProjectRunError)
    expect(outputs.values.get('run-id')).toBe('cand1,cand2')
  })

  it.each([
    [
      'a misspelt parameter',
      { parameters: 'max_dept=3' },
      "model/MLproject:5: parameter 'max_dept' is not declared"
    ],
    [
      'an entry point that does not exist',
      { 'entry-point': 'train' },
      "model/MLproject:3: entry point 'train' is not defined (defined: 'main'). Set 'entry-point' to one of them."
    ],
    [
      'a config file that was named but is not there',
      { config: 'rules.yml' },
      "rules.yml: the config file does not exist. Create it, or remove 'config' to run without thresholds."
    ]
  ])('refuses %s before anything runs', async (_what, inputs, message) => {
    const store = fakeStore('MLflow tracking server')
    const { deps, runner } = depsWith(store, {})
    const error = await runCareLabel(
      settingsFor({ ...SERVER, ...inputs }),
      pullRequest(),
      deps
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConfigError)
    expect(error instanceof Error && error.message).toContain(message)
    expect(runner.runs).toEqual([])
  })

  it('an undeclared parameter far from any declared one is passed on, with a note in the report', async () => {
    const store = fakeStore('MLflow tracking server')
    const { deps, runner, log } = depsWith(store, { accuracy: 0.95 })
    const { report } = await runCareLabel(
      settingsFor({ ...SERVER, parameters: 'learning_rate=0.1' }),
      pullRequest(),
      deps
    )
    expect(runner.runs[0]?.parameters).toEqual([['learning_rate', '0.1']])
    expect(report.notes).toHaveLength(1)
    expect(report.notes[0]).toContain("'learning_rate'")
    expect(log.lines.filter(l => l.startsWith('warning:'))).toEqual([`warning: ${report.notes[0]}`])
  })

  it('keeps no connection to a local store open while mlflow writes to it', async () => {
    const local = fakeStore('local MLflow store')
    const { deps, runner } = depsWith(local, { accuracy: 0.95 })
    const open: number[] = []
    const run = runner.run.bind(runner)
    runner.run = async spec => {
      open.push(local.opened - local.closed)
      return run(spec)
    }
    await runCareLabel(
      settingsFor({ 'tracking-uri': 'sqlite:///store/mlflow.db' }),
      pullRequest(),
      deps
    )
    expect(open).toEqual([0])
    expect(local.opened).toBe(local.closed)
  })

  it('a refused carried history closes what was opened and runs nothing', async () => {
    const local = fakeStore('local MLflow store')
    const artifacts = fakeArtifacts({ history: { branch: 'main', url: 'https://x/1' } })
    artifacts.fetch = async (name, _branch, dir) => {
      mkdirSync(dir, { recursive: true })
      writeFileSync(path.join(dir, 'mlflow.db'), '')
      writeFileSync(path.join(dir, 'evil.sh'), '')
      return { dir, description: `artifact '${name}' of workflow run 41` }
    }
    const { deps, runner } = depsWith(local, {}, { artifacts })
    await expect(runCareLabel(settingsFor({}), pullRequest(), deps)).rejects.toThrow(
      "artifact 'care-label-store-iris' of workflow run 41 is not an MLflow store of this action: it holds 'evil.sh' beside mlflow.db and artifacts/. Delete that artifact, or set 'artifact-name' to another name."
    )
    expect(runner.runs).toEqual([])
    expect(local.opened).toBe(local.closed)
  })

  it('reaches a tracking server before the project runs', async () => {
    const store = fakeStore('MLflow tracking server')
    store.failOn('getExperimentByName', new ActionError('Cannot reach the MLflow tracking server'))
    const { deps, runner } = depsWith(store, {})
    await expect(runCareLabel(settingsFor(SERVER), pullRequest(), deps)).rejects.toThrow(
      'Cannot reach the MLflow tracking server'
    )
    expect(runner.runs).toEqual([])
  })
})

describe('repeats of the candidate', () => {
  it('runs the project N times with seeds 0..N-1, grouped under a parent run', async () => {
    const store = fakeStore('MLflow tracking server')
    const runner = fakeRunner(store, { accuracy: 0.95 })
    const stores = await openStores(
      { location: { kind: 'server', uri: 'http://127.0.0.1:5000' } },
      { openStore: () => store, log: memoryLog(), notes: collectNotes(memoryLog()) }
    )
    const recorded: string[] = []
    const candidate = await obtainCandidate(
      {
        run: {
          dir: '/w/model',
          project: 'model',
          entryPoint: 'main',
          parameters: [
            ['max_depth', '3'],
            ['seed', '42']
          ],
          envManager: 'local',
          backend: 'local',
          backendConfig: '',
          waitTimeoutMinutes: 60,
          experimentName: 'iris',
          runName: 'pr-7',
          repeats: 3,
          seedParam: 'seed'
        },
        experimentName: 'iris',
        context: pullRequest()
      },
      stores,
      {
        runner,
        log: memoryLog(),
        notes: collectNotes(memoryLog()),
        record: id => recorded.push(id)
      }
    )
    expect(runner.runs.map(r => [r.runName, r.parameters])).toEqual([
      [
        'pr-7-1',
        [
          ['max_depth', '3'],
          ['seed', '0']
        ]
      ],
      [
        'pr-7-2',
        [
          ['max_depth', '3'],
          ['seed', '1']
        ]
      ],
      [
        'pr-7-3',
        [
          ['max_depth', '3'],
          ['seed', '2']
        ]
      ]
    ])
    expect(recorded.at(-1)).toBe('cand1,cand2,cand3')
    expect(candidate.set.runs.map(r => r.info.runId)).toEqual(['cand1', 'cand2', 'cand3'])
    expect(candidate.set.parent?.info.runName).toBe('pr-7')
    expect(candidate.set.how).toBe('this run, 3 repeats')
    for (const run of candidate.set.runs) {
      expect(run.data.tags['mlflow.parentRunId']).toBe(candidate.set.parent?.info.runId)
    }
  })
})

describe('the rules choose how the baseline is found and how often the candidate runs', () => {
  it('decision.repeats and baseline.filter, from the config file', async () => {
    writeFileSync(
      path.join(workspace, '.github', 'care-label.yml'),
      `${CONFIG}baseline:\n  filter: params.max_depth = '4'\n  window: 2\ndecision:\n  repeats: 2\n`
    )
    const store = fakeStore('MLflow tracking server', [
      makeRun('d4', { params: { max_depth: '4' }, metrics: { accuracy: 0.95 }, startTime: 5 }),
      makeRun('d5', { params: { max_depth: '5' }, metrics: { accuracy: 0.99 }, startTime: 6 })
    ])
    const { deps, runner } = depsWith(store, { accuracy: 0.96 })
    const { report } = await runCareLabel(settingsFor(SERVER), pullRequest(), deps)
    expect(runner.runs.map(r => r.parameters)).toEqual([[], []])
    expect(report.run).toMatchObject({ runName: 'pr-7-hhhhhhh', runs: 2 })
    expect(report.baseline?.runId).toBe('d4')
    expect(report.baselineHow).toBe(
      "the latest finished run (a window of 2, 1 found) matching the filter params.max_depth = '4'"
    )
  })
})

describe('the merge base of a pull request', () => {
  const MB = 'a'.repeat(40)
  const at = (id: string, sha: string, startTime: number) => {
    const run = mainRun(id, { accuracy: 0.95 }, startTime)
    run.data.tags['care-label.git.head-sha'] = sha
    return run
  }
  const history = () => [
    at('old', 'o'.repeat(40), 10),
    at('mb1', MB, 20),
    at('newer', 'n'.repeat(40), 30)
  ]
  const repository = (answer: () => Promise<{ sha: string; time: number } | undefined>) => ({
    mergeBase: answer,
    readFile: async () => undefined
  })

  it.each([
    [
      'its runs are the baseline',
      async () => ({ sha: MB, time: 15 }),
      'mb1',
      "the latest finished run (a window of 10, 1 found) of the merge base aaaaaaa of entry point 'main' on branch 'main'"
    ],
    [
      'with no run of its own, the latest runs before it',
      async () => ({ sha: 'f'.repeat(40), time: 15 }),
      'old',
      "the latest finished run (a window of 10, 1 found) before the merge base fffffff (which has none) of entry point 'main' on branch 'main'"
    ],
    [
      'when GitHub cannot say, the latest runs of the branch',
      async () => {
        throw new Error('HTTP 404')
      },
      'newer',
      "the latest 3 finished runs (a window of 10, 3 found) of entry point 'main' on branch 'main'"
    ]
  ])('%s', async (_what, answer, baselineId, how) => {
    const store = fakeStore('MLflow tracking server', history())
    const { deps } = depsWith(store, { accuracy: 0.95 }, { repository: repository(answer) })
    const { report } = await runCareLabel(settingsFor(SERVER), pullRequest(), deps)
    expect(report.baseline?.runId).toBe(baselineId)
    expect(report.baselineHow).toBe(how)
  })

  it('is not asked on a push, nor when the baseline branch is an input', async () => {
    const asked: string[] = []
    const repo = repository(async () => {
      asked.push('asked')
      return { sha: MB, time: 15 }
    })
    const store = fakeStore('MLflow tracking server', history())
    await runCareLabel(settingsFor(SERVER), push(), depsWith(store, {}, { repository: repo }).deps)
    await runCareLabel(
      settingsFor({ ...SERVER, 'baseline-branch': 'main' }),
      pullRequest(),
      depsWith(fakeStore('MLflow tracking server', history()), {}, { repository: repo }).deps
    )
    expect(asked).toEqual([])
  })

  it('baseline.min_runs and baseline.max_age_days', async () => {
    writeFileSync(
      path.join(workspace, '.github', 'care-label.yml'),
      `${CONFIG}baseline:\n  min_runs: 3\n  max_age_days: 1\n`
    )
    const day = 86_400_000
    const store = fakeStore('MLflow tracking server', [
      at('ancient', 'o'.repeat(40), 1),
      at('recent1', 'r'.repeat(40), 5 * day),
      at('recent2', 's'.repeat(40), 5 * day + 1)
    ])
    const { deps } = depsWith(store, { accuracy: 0.95 }, { clock: () => 5.5 * day })
    const { report } = await runCareLabel(settingsFor(SERVER), push(), deps)
    expect(report.baseline).toBeUndefined()
    expect(report.baselineHow).toBe(
      "no baseline: 2 finished run(s) of entry point 'main' on branch 'main', fewer than baseline.min_runs (3)"
    )
  })
})

describe('a baseline from the model registry (baseline.model)', () => {
  function modelConfig(uri = 'models:/iris@champion') {
    writeFileSync(
      path.join(workspace, '.github', 'care-label.yml'),
      `${CONFIG}baseline:\n  model: ${uri}\n`
    )
  }
  const registry = () => {
    const store = fakeStore('MLflow tracking server', [
      mainRun('v1run', { accuracy: 0.97 }, 5),
      mainRun('newest', { accuracy: 0.99 }, 9)
    ])
    store.aliases.set('iris@champion', { name: 'iris', version: '4', runId: 'v1run' })
    store.aliases.set('iris@external', { name: 'iris', version: '5' })
    return store
  }

  it('is the run that logged the version, not the branch’s latest', async () => {
    modelConfig()
    const { deps } = depsWith(registry(), { accuracy: 0.96 })
    const { report } = await runCareLabel(settingsFor(SERVER), pullRequest(), deps)
    expect(report.baseline?.runId).toBe('v1run')
    expect(report.baselineHow).toBe('run v1run, which logged version 4 of models:/iris@champion')
  })

  it.each([
    [
      'models:/iris@nobody',
      "no baseline: no version of the registered model 'iris' has the alias 'nobody' (models:/iris@nobody). Set it on the version to compare with, e.g. MlflowClient().set_registered_model_alias('iris', 'nobody', 1)."
    ],
    [
      'models:/iris@external',
      "no baseline: version 5 of 'iris' (models:/iris@external) was not logged by a run, so it has no metrics to compare with."
    ]
  ])('%s: no baseline, and why', async (uri, how) => {
    modelConfig(uri)
    const { deps } = depsWith(registry(), { accuracy: 0.96 })
    const { report } = await runCareLabel(settingsFor(SERVER), pullRequest(), deps)
    expect(report.verdict).toBe('no-baseline')
    expect(report.baselineHow).toBe(how)
  })

  it('a registry it cannot read fails with the store’s words', async () => {
    modelConfig()
    const store = registry()
    store.failOn('getModelVersion', new Error('HTTP 403 PERMISSION_DENIED'))
    const { deps } = depsWith(store, { accuracy: 0.96 })
    await expect(runCareLabel(settingsFor(SERVER), pullRequest(), deps)).rejects.toThrow(
      'baseline.model models:/iris@champion: the registry of the MLflow tracking server could not be read: HTTP 403 PERMISSION_DENIED'
    )
  })
})

describe('paired runs (baseline.strategy: paired)', () => {
  const MB = 'a'.repeat(40)
  const repository = {
    mergeBase: async () => ({ sha: MB, time: 15 }),
    readFile: async () => undefined
  }

  /** Worktrees over a directory of the test: the merge base's project is `mlproject` there. */
  function worktreesWith(mlproject = MLPROJECT) {
    const calls: string[] = []
    const worktrees = {
      calls,
      add: async (sha: string) => {
        calls.push(`add ${sha.slice(0, 7)}`)
        const dir = path.join(workspace, 'base')
        mkdirSync(path.join(dir, 'model'), { recursive: true })
        writeFileSync(path.join(dir, 'model', 'MLproject'), mlproject)
        return dir
      },
      remove: async (dir: string) => {
        calls.push(`remove ${path.basename(dir)}`)
      }
    }
    return worktrees
  }

  function pairedConfig(extra = '') {
    writeFileSync(
      path.join(workspace, '.github', 'care-label.yml'),
      `${CONFIG}baseline:\n  strategy: paired\ndecision:\n  paired_runs: 3\n${extra}`
    )
  }

  it('runs this commit and the merge base interleaved, with the pair’s seed, then removes the checkout', async () => {
    pairedConfig()
    writeFileSync(
      path.join(workspace, 'model', 'MLproject'),
      MLPROJECT.replace(
        'max_depth: {type: int, default: 4}',
        'max_depth: {type: int, default: 4}\n      seed: {type: int, default: 1}'
      )
    )
    const store = fakeStore('MLflow tracking server')
    const worktrees = worktreesWith()
    const { deps, runner, outputs } = depsWith(store, { accuracy: 0.95 }, { repository, worktrees })
    const { report } = await runCareLabel(settingsFor(SERVER), pullRequest(), deps)
    expect(worktrees.calls).toEqual(['add aaaaaaa', 'remove base'])
    // The merge base's MLproject declares no seed: its runs get none.
    expect(
      runner.runs.map(r => [path.relative(workspace, r.project), r.runName, r.parameters])
    ).toEqual([
      ['model', 'pr-7-hhhhhhh-1', [['seed', '0']]],
      ['base/model', 'base-aaaaaaa-1', []],
      ['model', 'pr-7-hhhhhhh-2', [['seed', '1']]],
      ['base/model', 'base-aaaaaaa-2', []],
      ['model', 'pr-7-hhhhhhh-3', [['seed', '2']]],
      ['base/model', 'base-aaaaaaa-3', []]
    ])
    expect(outputs.values.get('run-id')).toBe('cand1,cand3,cand5')
    expect(report.baselineHow).toBe(
      "3 runs of the merge base aaaaaaa, each beside one of this run's on this runner (A B A B …)"
    )
    expect(report.run.runs).toBe(3)
    expect(report.measurements?.paired).toBe(true)
    expect(report.measurements?.baseline.map(m => m.runId)).toEqual(['cand2', 'cand4', 'cand6'])
    const base = store.runs.find(r => r.info.runId === 'cand2')
    expect(base?.data.tags).toMatchObject({
      'care-label.paired.base-sha': MB,
      'mlflow.parentRunId': report.run.runId
    })
    expect(base?.data.tags['care-label.git.ref']).toBeUndefined()
    expect(report.comparison.metrics[0]?.decision?.samples).toEqual({ candidate: 3, baseline: 3 })
  })

  it('on a push, the branch’s latest runs: nothing is checked out', async () => {
    pairedConfig()
    const store = fakeStore('MLflow tracking server', [mainRun('m1', { accuracy: 0.95 }, 5)])
    const worktrees = worktreesWith()
    const { deps, runner } = depsWith(store, { accuracy: 0.95 }, { repository, worktrees })
    const { report } = await runCareLabel(settingsFor(SERVER), push(), deps)
    expect(worktrees.calls).toEqual([])
    expect(runner.runs).toHaveLength(1)
    expect(report.baseline?.runId).toBe('m1')
  })

  it.each([
    [
      'an adopted run',
      { 'run-id': 'r1' },
      {},
      'baseline.strategy paired runs the project here, beside the baseline commit: it cannot adopt a run (run-id).'
    ],
    [
      'no GitHub token',
      {},
      { repository: undefined },
      "baseline.strategy paired runs the merge base of 'main' and hhhhhhh, which GitHub's compare API names: give the step a github-token."
    ],
    [
      'a merge base without the entry point',
      {},
      { worktrees: worktreesWith('name: iris\nentry_points:\n  other:\n    command: "true"\n') },
      "baseline.strategy paired runs the project at the merge base aaaaaaa too, but there: model/MLproject:3: entry point 'main' is not defined (defined: 'other')."
    ]
  ])('refuses %s, with what to do', async (_what, inputs, extra, message) => {
    pairedConfig()
    const store = fakeStore('MLflow tracking server', [
      makeRun('r1', { metrics: { accuracy: 0.9 } })
    ])
    const worktrees = worktreesWith()
    const { deps, runner } = depsWith(
      store,
      { accuracy: 0.95 },
      { repository, worktrees, ...extra }
    )
    const error = await runCareLabel(
      settingsFor({ ...SERVER, ...inputs }),
      pullRequest(),
      deps
    ).catch((e: unknown) => e)
    expect(error instanceof Error && describeFailure(error, ACTION_SURFACE).message).toContain(
      message
    )
    expect(runner.runs).toEqual([])
    const used = (extra as { worktrees?: ReturnType<typeof worktreesWith> }).worktrees ?? worktrees
    expect(used.calls.filter(c => c.startsWith('add')).length).toBe(
      used.calls.filter(c => c.startsWith('remove')).length
    )
  })
})

describe('the baseline window', () => {
  const candidate = mainRun('cand', { accuracy: 0.9 }, 100)
  const history = [
    mainRun('b1', { accuracy: 0.91 }, 10),
    mainRun('b2', { accuracy: 0.92 }, 20),
    mainRun('b3', { accuracy: 0.93 }, 30),
    candidate
  ]
  it.each([
    [1, ['b3'], "the latest finished run of entry point 'main' on branch 'main'"],
    [
      2,
      ['b3', 'b2'],
      "the latest 2 finished runs (a window of 2) of entry point 'main' on branch 'main'"
    ],
    [
      10,
      ['b3', 'b2', 'b1'],
      "the latest 3 finished runs (a window of 10, 3 found) of entry point 'main' on branch 'main'"
    ]
  ])('a window of %i is the newest runs but the candidate', async (window, ids, how) => {
    const store = fakeStore('MLflow tracking server', history)
    const baseline = await selectBaseline(
      { branch: 'main', candidate, experimentName: 'iris', window },
      [{ store }]
    )
    expect(baseline.set.runs.map(r => r.info.runId)).toEqual(ids)
    expect(baseline.set.how).toBe(how)
  })
})

describe('report-only posting (a fork pull request)', () => {
  it('writes the job summary only, and no warning', async () => {
    const publisher = githubPublisher(
      { comment: 'update', checkName: 'care-label', write: false, summary: false },
      undefined,
      memoryLog()
    )
    const outcome = await publisher.publish(sampleReport({ accuracy: 0.9 }, undefined), 'body', {
      repository: { owner: 'o', repo: 'r' },
      pullRequest: 7,
      headSha: 'h'
    })
    expect(outcome).toEqual({ warnings: [] })
  })

  it('without a token: a warning in the outcome, never an exception', async () => {
    const publisher = githubPublisher(
      { comment: 'update', checkName: '', write: true, summary: false },
      undefined,
      memoryLog()
    )
    const outcome = await publisher.publish(sampleReport({ accuracy: 0.9 }, undefined), 'body', {
      repository: { owner: 'o', repo: 'r' },
      pullRequest: 7,
      headSha: 'h'
    })
    expect(outcome).toEqual({
      warnings: ['No github-token: the report is in the job summary only.']
    })
  })
})

describe('the publish stage over its ports', () => {
  const run = {
    id: 311,
    event: 'pull_request',
    headSha: 'b'.repeat(40),
    headBranch: 'feature',
    headOwner: 'fork',
    pullRequests: []
  }
  const context = { ...push(), eventName: 'workflow_run', workflowRun: run }
  const BASE_SHA = 'a1'.repeat(20)

  /** The repository's rules file at the base commit and at the pull request's head. */
  function repositoryWith(files: { base?: string; head?: string; error?: Error }): Repository {
    return {
      mergeBase: async () => undefined,
      readFile: async (file, ref) => {
        expect(file).toBe('.github/care-label.yml')
        if (files.error) throw files.error
        return ref === BASE_SHA ? files.base : ref === run.headSha ? files.head : undefined
      }
    }
  }

  function stage(files: Parameters<typeof repositoryWith>[0] = {}) {
    return {
      repository: repositoryWith(files),
      configPath: '.github/care-label.yml',
      gate: true,
      dir: path.join(workspace, 'bundles')
    }
  }

  function bundleWith(report: unknown): BundleSource {
    return {
      list: async () => [{ id: 77, name: 'care-label-report-model', size: 100 }],
      pullRequestsOf: async () => [{ number: 12, baseSha: BASE_SHA }],
      download: async (_bundle, _run, dir) => {
        mkdirSync(dir, { recursive: true })
        writeFileSync(
          path.join(dir, 'report.json'),
          typeof report === 'string' ? report : toJson(report)
        )
      }
    }
  }

  it.each([
    ['that is not JSON', '{', 'report.json is not JSON'],
    [
      'with a verdict that is not one',
      { ...sampleReport({ accuracy: 0.9 }, undefined), verdict: 'ok' },
      'report.verdict is not one of pass, fail, no-baseline'
    ],
    [
      'about another commit',
      {
        ...sampleReport({ accuracy: 0.9 }, undefined),
        context: { event: 'pull_request', pullRequest: 12, headSha: 'a'.repeat(40) }
      },
      `it is about commit ${'a'.repeat(40)}, not ${'b'.repeat(40)}`
    ]
  ])('refuses a bundle %s, and posts nothing', async (_what, content, message) => {
    const posted: unknown[] = []
    const error = await runPublishStage(context, {
      log: memoryLog(),
      ...stage(),
      bundles: bundleWith(content),
      publish: async report => {
        posted.push(report)
      }
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ActionError)
    expect(error instanceof Error && error.message).toContain(
      "Report bundle 'care-label-report-model' of workflow run 311 was refused: "
    )
    expect(error instanceof Error && error.message).toContain(message)
    expect(posted).toEqual([])
  })

  it('a bug of ours is not reported as a refused bundle', async () => {
    const bundles: BundleSource = {
      ...bundleWith('{'),
      download: async () => {
        throw new TypeError('undefined is not a function')
      }
    }
    const error = await runPublishStage(context, {
      log: memoryLog(),
      ...stage(),
      bundles,
      publish: async () => undefined
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TypeError)
    expect(error).not.toBeInstanceOf(ActionError)
  })

  /** A bundle that says it passed with an A, about numbers that break the base branch's rules. */
  function boastfulBundle() {
    const report = sampleReport({ accuracy: 0.8 }, { accuracy: 0.95 })
    report.context = { ...report.context, headSha: 'b'.repeat(40), pullRequest: 12 }
    report.verdict = 'pass'
    report.gate = false
    report.comparison = { ...report.comparison, verdict: 'pass' }
    report.label = { ...report.label, overall: 'A' }
    return report
  }

  const BASE_RULES = [
    'metrics:',
    '  accuracy:',
    '    greater_is_better: true',
    '    threshold: 0.9',
    '    category: quality',
    '    rating: [0.97, 0.94, 0.9]'
  ].join('\n')

  it('decides the verdict and the label again, by the base commit’s rules', async () => {
    const posted: Array<{ conclusion: string; markdown: string }> = []
    const [report] = await runPublishStage(context, {
      log: memoryLog(),
      ...stage({ base: BASE_RULES, head: BASE_RULES.replace('0.9', '0.5') }),
      bundles: bundleWith(boastfulBundle()),
      publish: async (r, markdown) => {
        posted.push({ conclusion: `${r.verdict}/${r.gate}`, markdown })
      }
    })
    expect(report?.verdict).toBe('fail')
    expect(report?.gate).toBe(true)
    expect(report?.label.overall).toBe('D')
    const accuracy = report?.comparison.metrics.find(m => m.metric === 'accuracy')
    expect(accuracy).toMatchObject({ candidate: 0.8, baseline: 0.95, status: 'fail' })
    expect(report?.rules).toEqual({
      from: 'base',
      changes: ['accuracy.threshold: 0.9 → 0.5']
    })
    expect(report?.config.file).toBe('.github/care-label.yml')
    expect(report?.notes).toContain(
      "The numbers come from the pull request's own run; the verdict and the label were decided by the publish stage, by the rules at the base commit a1a1a1a."
    )
    expect(posted[0]?.conclusion).toBe('fail/true')
    expect(posted[0]?.markdown).toContain('This pull request changes the rules')
  })

  it('judges a base commit without a rules file as having no thresholds', async () => {
    const [report] = await runPublishStage(context, {
      log: memoryLog(),
      ...stage({ head: BASE_RULES }),
      bundles: bundleWith(boastfulBundle()),
      publish: async () => undefined
    })
    expect(report?.verdict).toBe('pass')
    expect(report?.comparison.metrics.find(m => m.metric === 'accuracy')?.status).toBe('info')
    expect(report?.config.note).toBe('No thresholds: the base commit has no rules file.')
  })

  it('refuses a bundle without measurements, and one whose rules it cannot read', async () => {
    const bare = { ...boastfulBundle(), measurements: undefined }
    const refused = await runPublishStage(context, {
      log: memoryLog(),
      ...stage({ base: BASE_RULES }),
      bundles: bundleWith(bare),
      publish: async () => undefined
    }).catch((e: unknown) => e)
    expect(refused instanceof Error && refused.message).toContain(
      'it has no measurements to decide the verdict from'
    )
    const unreadable = await runPublishStage(context, {
      log: memoryLog(),
      ...stage({ error: new Error('Resource not accessible by integration') }),
      bundles: bundleWith(boastfulBundle()),
      publish: async () => undefined
    }).catch((e: unknown) => e)
    expect(unreadable instanceof Error && unreadable.message).toContain(
      "The rules (.github/care-label.yml) could not be read at the base commit a1a1a1a: Resource not accessible by integration. The publish stage decides the verdict by them: give its job 'contents: read'."
    )
  })

  it('posts a bundle about its commit and pull request, rendered by itself', async () => {
    const report = sampleReport({ accuracy: 0.9 }, undefined)
    report.context = { ...report.context, headSha: 'b'.repeat(40), pullRequest: 12 }
    const posted: Array<{ target: unknown; markdown: string }> = []
    const reports = await runPublishStage(context, {
      log: memoryLog(),
      ...stage(),
      bundles: bundleWith(report),
      publish: async (_report, markdown, target) => {
        posted.push({ target, markdown })
      }
    })
    expect(reports).toHaveLength(1)
    expect(posted[0]?.target).toEqual({ pullRequest: 12, headSha: 'b'.repeat(40) })
    expect(reports[0]?.artifactUrl).toBe('https://github.com/o/r/actions/runs/311/artifacts/77')
  })
})

describe('the label travels with the run', () => {
  it('is logged with the parent of repeats, never with the repeats or the baseline', async () => {
    writeFileSync(
      path.join(workspace, '.github', 'care-label.yml'),
      `${CONFIG}decision:\n  repeats: 2\n`
    )
    const store = fakeStore(
      'MLflow tracking server',
      [mainRun('base1', { accuracy: 0.95 }, 10)],
      undefined,
      uiUrl
    )
    const { deps, runner } = depsWith(store, { accuracy: 0.96 })
    const { report } = await runCareLabel(settingsFor(SERVER), pullRequest(), deps)
    const parent = report.run.runId
    expect(parent).toMatch(/^parent/)
    expect(runner.logged.map(l => [l.runId, l.artifactPath, l.trackingUri])).toEqual([
      [parent, 'care-label', 'http://127.0.0.1:5000']
    ])
    const labelled = store.tagged.filter(t => 'care-label.grade' in t.tags)
    expect(labelled).toEqual([
      {
        runId: parent,
        tags: expect.objectContaining({
          'care-label.grade': report.label.overall,
          'care-label.verdict': 'pass',
          'care-label.grade.quality': 'A'
        })
      }
    ])
    expect(report.labelArtifacts).toEqual({ uri: `runs:/${parent}/care-label`, tagged: true })
    const written = JSON.parse(readFileSync(path.join(workspace, 'out', 'report.json'), 'utf8'))
    expect(written.labelArtifacts).toEqual({ uri: `runs:/${parent}/care-label`, tagged: true })
  })

  it('that cannot be logged is a warning: the report, its bundle and the comment go on', async () => {
    const store = fakeStore('MLflow tracking server', [mainRun('base1', { accuracy: 0.95 }, 10)])
    const artifacts = fakeArtifacts()
    const { deps, outputs, publisher } = depsWith(store, { accuracy: 0.96 }, { artifacts })
    deps.runner.logArtifacts = async () => {
      throw new ProjectRunError(
        'mlflow artifacts log-artifacts failed (exit code 1): botocore.exceptions.NoCredentialsError: Unable to locate credentials'
      )
    }
    const { report } = await runCareLabel(settingsFor(SERVER), pullRequest(), deps)
    expect(report.labelArtifacts).toBeUndefined()
    expect(report.notes).toEqual([
      expect.stringContaining(
        'Could not log the care label with run cand1 (artifacts under care-label/): mlflow artifacts log-artifacts failed (exit code 1): botocore.exceptions.NoCredentialsError: Unable to locate credentials. Check that this job can write'
      )
    ])
    expect(artifacts.uploads.map(u => u.name)).toEqual(['care-label-report-model-care-label'])
    expect(publisher.posted).toHaveLength(1)
    expect(publisher.posted[0]?.markdown).toContain('Could not log the care label')
    expect(outputs.values.get('verdict')).toBe('pass')
    // The tags do not depend on the artifact store.
    expect(store.tagged.some(t => t.runId === 'cand1' && 'care-label.grade' in t.tags)).toBe(true)
  })

  it('is in the local store before the store is uploaded', async () => {
    const local = fakeStore('local MLflow store')
    const artifacts = fakeArtifacts()
    const { deps, runner } = depsWith(local, { accuracy: 0.95 }, { artifacts })
    const events: string[] = []
    const upload = artifacts.upload.bind(artifacts)
    artifacts.upload = async (name, dir) => {
      events.push(`upload ${name}`)
      return upload(name, dir)
    }
    const logArtifacts = runner.logArtifacts.bind(runner)
    runner.logArtifacts = async request => {
      events.push(`label ${request.runId}`)
      return logArtifacts(request)
    }
    const { report } = await runCareLabel(settingsFor({}), pullRequest(), deps)
    expect(events).toEqual(['label cand1', 'upload care-label-store-iris'])
    // The final report links the store, and says where the label is.
    expect(report.run.url).toBe('https://github.com/o/r/actions/runs/50/artifacts/1')
    expect(report.labelArtifacts).toEqual({ uri: 'runs:/cand1/care-label', tagged: true })
    expect(local.opened).toBe(local.closed)
  })

  it('draws the charts once, for the label’s copy of the report and the output’s', async () => {
    const store = fakeStore('MLflow tracking server', [mainRun('base1', { accuracy: 0.95 }, 10)])
    const { deps, charts } = depsWith(store, { accuracy: 0.96 })
    await runCareLabel(settingsFor(SERVER), pullRequest(), deps)
    expect(charts.drawn).toHaveLength(1)
  })
})
