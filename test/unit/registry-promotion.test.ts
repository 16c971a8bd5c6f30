/**
 * Logged models and registry promotion: which model judges a run, when a run's model is
 * registered, which URI is registered and what the version records; then the pipeline over its
 * ports (a fake store with logged models, a fake registry).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { readRunContext } from '../../src/adapters/github/context.js'
import { parseConfig } from '../../src/core/config/parse.js'
import type { RegisterSettings } from '../../src/core/config/types.js'
import type { RunContext } from '../../src/core/context.js'
import { chooseModel, judgedBy } from '../../src/core/logged-models.js'
import { modelUriOf, versionTags, whyNotRegister } from '../../src/core/registration.js'
import { registrationText } from '../../src/core/report/run-text.js'
import type { Report } from '../../src/core/report/types.js'
import type { LoggedModel } from '../../src/core/runs.js'
import { RegistryError } from '../../src/errors.js'
import { runCareLabel, type PipelineDeps } from '../../src/pipeline/run-care-label.js'
import { selectBaseline } from '../../src/pipeline/select-baseline.js'
import type { ModelRegistry, RegisterRequest } from '../../src/ports.js'
import { readSettings } from '../../src/settings/inputs.js'
import {
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

function model(id: string, fields: Partial<LoggedModel> = {}): LoggedModel {
  return {
    modelId: id,
    name: 'model',
    experimentId: '1',
    sourceRunId: 'r1',
    status: 'READY',
    creationTime: 0,
    metrics: {},
    ...fields
  }
}

const RUN = makeRun('r1', { metrics: { accuracy: 0.5, loss: 0.1 } })

describe('chooseModel', () => {
  it.each<[string, LoggedModel[], string | undefined, string | undefined, string | undefined]>([
    ['no models', [], undefined, undefined, undefined],
    ['the only model, without metrics', [model('m-1')], undefined, 'm-1', undefined],
    [
      'the only model with metrics among two',
      [model('m-1'), model('m-2', { name: 'other', metrics: { accuracy: 0.9 } })],
      undefined,
      'm-2',
      undefined
    ],
    [
      'none of two models with metrics',
      [
        model('m-1', { metrics: { accuracy: 0.9 } }),
        model('m-2', { name: 'other', metrics: { accuracy: 0.5 } })
      ],
      undefined,
      undefined,
      "run r1 logged 2 models with metrics ('model', 'other'): it is judged by its own metrics. Set model.name in the config to judge it by one of them."
    ],
    [
      'the named one',
      [model('m-1', { metrics: { accuracy: 0.9 } }), model('m-2', { name: 'other' })],
      'other',
      'm-2',
      undefined
    ],
    [
      'the newest of two with the name',
      [model('m-1', { creationTime: 5 }), model('m-2', { creationTime: 9 })],
      'model',
      'm-2',
      "run r1 logged 2 models named 'model': the newest, m-2, judges it."
    ],
    [
      'no model of that name',
      [model('m-1')],
      'forest',
      undefined,
      "run r1 has no logged model named 'forest' (it has 'model'): it is judged by its own metrics."
    ],
    [
      'no model at all for a name',
      [],
      'forest',
      undefined,
      "run r1 has no logged model named 'forest' (it has none): it is judged by its own metrics."
    ],
    ["another run's model", [model('m-9', { sourceRunId: 'r2' })], undefined, undefined, undefined]
  ])('%s', (_name, models, name, chosen, note) => {
    const choice = chooseModel(RUN, models, name)
    expect(choice.model?.modelId).toBe(chosen)
    expect(choice.note).toBe(note)
  })
})

describe('judgedBy', () => {
  it("puts the model's metrics in place of the run's own of the same names", () => {
    const judged = judgedBy(RUN, model('m-1', { metrics: { accuracy: 0.9, f1: 0.8 } }))
    expect(judged.data.metrics).toEqual({ accuracy: 0.9, loss: 0.1, f1: 0.8 })
    expect(judged.model).toEqual({ modelId: 'm-1', name: 'model' })
    expect(RUN.data.metrics).toEqual({ accuracy: 0.5, loss: 0.1 })
  })

  it("keeps the run's number where the model has NaN, and takes the model's NaN otherwise", () => {
    const judged = judgedBy(
      RUN,
      model('m-1', { metrics: { accuracy: Number.NaN, f1: Number.NaN } })
    )
    expect(judged.data.metrics).toEqual({ accuracy: 0.5, loss: 0.1, f1: Number.NaN })
    expect(
      chooseModel(RUN, [model('m-1', { metrics: { accuracy: Number.NaN } })]).model
    ).toBeDefined()
    expect(
      chooseModel(RUN, [
        model('m-1', { metrics: { accuracy: Number.NaN } }),
        model('m-2', { name: 'other', metrics: { accuracy: 0.9 } })
      ]).model?.modelId
    ).toBe('m-2')
  })

  it('leaves the run as it is when the model says nothing new', () => {
    expect(judgedBy(RUN, model('m-1', { metrics: { accuracy: 0.5 } }))).toBe(RUN)
    expect(judgedBy(RUN, model('m-1'))).toBe(RUN)
  })
})

function context(event: string, env: Record<string, string>, payload: object): RunContext {
  return readRunContext(
    { GITHUB_EVENT_NAME: event, GITHUB_REPOSITORY: 'o/r', GITHUB_RUN_ID: '51', ...env },
    payload
  )
}

const MAIN = { repository: { default_branch: 'main' } }
const PUSH_MAIN = context(
  'push',
  { GITHUB_REF: 'refs/heads/main', GITHUB_REF_NAME: 'main', GITHUB_SHA: 'p'.repeat(40) },
  MAIN
)
const REGISTER: RegisterSettings = { name: 'iris', alias: 'candidate' }

describe('whyNotRegister', () => {
  const passing: Pick<Report, 'verdict' | 'label'> = {
    verdict: 'pass',
    label: { ...sampleReport({ accuracy: 0.96 }, { accuracy: 0.95 }).label, overall: 'B' as const }
  }
  it.each<[string, RegisterSettings, RunContext, typeof passing, string | undefined]>([
    ['a push to the default branch that passes', REGISTER, PUSH_MAIN, passing, undefined],
    [
      'the first run ever (no baseline)',
      REGISTER,
      PUSH_MAIN,
      { ...passing, verdict: 'no-baseline' },
      undefined
    ],
    [
      'a pull request',
      REGISTER,
      context(
        'pull_request',
        { GITHUB_REF: 'refs/pull/7/merge', GITHUB_BASE_REF: 'main', GITHUB_HEAD_REF: 'f' },
        { ...MAIN, pull_request: { number: 7, head: { sha: 'h'.repeat(40), ref: 'f' } } }
      ),
      passing,
      "Nothing is registered from a pull request: on a push to main, a run that passes becomes a new version of 'iris' (@candidate)."
    ],
    [
      'a push to another branch',
      REGISTER,
      context('push', { GITHUB_REF: 'refs/heads/dev', GITHUB_REF_NAME: 'dev' }, MAIN),
      passing,
      "Nothing is registered from a push to dev: on a push to main, a run that passes becomes a new version of 'iris' (@candidate)."
    ],
    [
      'a scheduled run',
      REGISTER,
      context('schedule', { GITHUB_REF: 'refs/heads/main', GITHUB_REF_NAME: 'main' }, MAIN),
      passing,
      "Nothing is registered on a schedule event: on a push to main, a run that passes becomes a new version of 'iris' (@candidate)."
    ],
    [
      'a push whose payload has no default branch',
      REGISTER,
      context('push', { GITHUB_REF: 'refs/heads/main', GITHUB_REF_NAME: 'main' }, {}),
      passing,
      'Nothing is registered: the event does not say which branch is the default one.'
    ],
    [
      'a failing verdict',
      REGISTER,
      PUSH_MAIN,
      { ...passing, verdict: 'fail' },
      'Not registered: the verdict is fail.'
    ],
    [
      'a grade below min_grade',
      { ...REGISTER, minGrade: 'A' },
      PUSH_MAIN,
      passing,
      'Not registered: the grade is B, below register.min_grade A.'
    ],
    ['a grade at min_grade', { ...REGISTER, minGrade: 'B' }, PUSH_MAIN, passing, undefined],
    [
      'an unrated run with min_grade',
      { ...REGISTER, minGrade: 'D' },
      PUSH_MAIN,
      { ...passing, label: { ...passing.label, overall: undefined } },
      'Not registered: the grade is ?, below register.min_grade D.'
    ]
  ])('%s', (_name, register, ctx, report, reason) => {
    expect(whyNotRegister(register, ctx, report)).toBe(reason)
  })
})

describe('modelUriOf', () => {
  const history = (paths: string[]) =>
    makeRun('r1', {
      tags: {
        'mlflow.log-model.history': JSON.stringify(
          paths.map(p => ({ run_id: 'r1', artifact_path: p, flavors: {} }))
        )
      }
    })
  it.each<
    [string, ReturnType<typeof makeRun>, LoggedModel | undefined, string | undefined, object]
  >([
    ['a logged model', RUN, model('m-1'), undefined, { uri: 'models:/m-1' }],
    [
      "an MLflow 2 model, the run's only one",
      history(['clf']),
      undefined,
      undefined,
      { uri: 'runs:/r1/clf' }
    ],
    ['an MLflow 2 model by name', history(['a', 'b']), undefined, 'b', { uri: 'runs:/r1/b' }],
    ['a path the config names', RUN, undefined, 'model', { uri: 'runs:/r1/model' }],
    [
      'two MLflow 2 models and no name',
      history(['a', 'b']),
      undefined,
      undefined,
      {
        problem:
          'run r1 logged 2 models (a, b): set model.name in the config to the one to register.'
      }
    ],
    [
      'no model',
      RUN,
      undefined,
      undefined,
      {
        problem:
          'run r1 logged no model: log one with mlflow.<flavor>.log_model(model, name="model"), or set model.name to its artifact path.'
      }
    ]
  ])('%s', (_name, run, logged, name, expected) => {
    expect(modelUriOf(run, logged, name)).toEqual(expected)
  })
})

describe('versionTags and the report line', () => {
  it('records the letters, the verdict, the commit, the workflow run and the report', () => {
    const report = sampleReport({ accuracy: 0.96 }, { accuracy: 0.95 })
    const tags = versionTags(
      report,
      { ...PUSH_MAIN, headSha: 'p'.repeat(40), runUrl: 'https://github.com/o/r/actions/runs/51' },
      'runs:/r1/care-label/report.html'
    )
    expect(tags).toMatchObject({
      'care-label.grade': report.label.overall,
      'care-label.verdict': report.verdict,
      'care-label.git.head-sha': 'p'.repeat(40),
      'care-label.workflow-run-url': 'https://github.com/o/r/actions/runs/51',
      'care-label.report': 'runs:/r1/care-label/report.html'
    })
    for (const category of report.label.categories) {
      expect(tags[`care-label.grade.${category.category}`]).toBe(category.letter ?? '?')
    }
  })

  it.each([
    [
      { name: 'iris', alias: 'candidate', version: '1' },
      "Registered as version 1 of 'iris' (models:/iris/1); @candidate points to it.",
      false
    ],
    [
      { name: 'iris', alias: 'candidate', version: '3', previousVersion: '2' },
      "Registered as version 3 of 'iris' (models:/iris/3); @candidate moved to it from version 2.",
      false
    ],
    [
      { name: 'iris', alias: 'c', reason: 'Nothing is registered from a pull request.' },
      'Nothing is registered from a pull request.',
      false
    ],
    [{ name: 'iris', alias: 'c', reason: 'boom', failed: true }, 'boom', true]
  ])('says %j as %j', (registration, text, problem) => {
    expect(registrationText(registration)).toEqual({ text, problem })
  })
})

/** A registry that records what it is asked and answers like MLflow's (or refuses). */
function fakeRegistry(failure?: Error): ModelRegistry & { requests: RegisterRequest[] } {
  let versions = 0
  let holder: string | undefined
  const registry = {
    requests: [] as RegisterRequest[],
    async register(request: RegisterRequest) {
      registry.requests.push(request)
      if (failure) throw failure
      const previousVersion = holder
      holder = String(++versions)
      return previousVersion === undefined
        ? { version: holder }
        : { version: holder, previousVersion }
    }
  }
  return registry
}

const MLPROJECT = 'name: iris\nentry_points:\n  main:\n    command: "python train.py"\n'
const CONFIG = `metrics:
  accuracy:
    greater_is_better: true
    threshold: 0.9
    category: quality
    rating: [0.95, 0.9, 0.85]
register:
  name: iris-classifier
`

describe('the pipeline with logged models and register:', () => {
  let workspace: string
  beforeEach(() => {
    workspace = mkdtempSync(path.join(os.tmpdir(), 'care-label-register-'))
    mkdirSync(path.join(workspace, 'model'))
    writeFileSync(path.join(workspace, 'model', 'MLproject'), MLPROJECT)
    mkdirSync(path.join(workspace, '.github'))
    writeFileSync(path.join(workspace, '.github', 'care-label.yml'), CONFIG)
  })
  afterEach(() => rmSync(workspace, { recursive: true, force: true }))

  function run(
    store: FakeStore,
    ctx: RunContext,
    registry: ModelRegistry,
    metrics: Record<string, number> = { accuracy: 0.95 }
  ) {
    const all: Record<string, string> = {
      project: 'model',
      'tracking-uri': 'http://127.0.0.1:5000',
      'output-dir': path.join(workspace, 'out')
    }
    const settings = readSettings(name => all[name] ?? '', { GITHUB_WORKSPACE: workspace })
    const outputs = memoryOutputs()
    const log = memoryLog()
    const publisher = fakePublisher()
    const deps: PipelineDeps = {
      log,
      outputs,
      runner: fakeRunner(store, metrics),
      publisher,
      charts: fakeCharts(),
      openStore: () => store,
      registry
    }
    return runCareLabel(settings, ctx, deps).then(result => ({
      ...result,
      outputs,
      log,
      publisher
    }))
  }

  it('registers the logged model of a passing push to the default branch', async () => {
    const store = fakeStore('MLflow tracking server')
    store.models.push(model('m-7', { sourceRunId: 'cand1', metrics: { accuracy: 0.95 } }))
    const registry = fakeRegistry()
    const { report, outputs, publisher } = await run(store, PUSH_MAIN, registry)

    expect(registry.requests).toEqual([
      {
        trackingUri: 'http://127.0.0.1:5000',
        name: 'iris-classifier',
        alias: 'candidate',
        modelUri: 'models:/m-7',
        tags: expect.objectContaining({
          'care-label.grade': 'A',
          'care-label.verdict': 'no-baseline',
          'care-label.grade.quality': 'A',
          'care-label.git.head-sha': 'p'.repeat(40),
          'care-label.report': 'runs:/cand1/care-label/report.html'
        })
      }
    ])
    expect(report.registration).toEqual({
      name: 'iris-classifier',
      alias: 'candidate',
      source: 'models:/m-7',
      version: '1'
    })
    expect(outputs.values.get('model-version')).toBe('1')
    expect(outputs.values.get('model-uri')).toBe('models:/iris-classifier/1')
    expect(publisher.posted[0]?.markdown).toContain(
      "📦 Registered as version 1 of 'iris-classifier' (models:/iris-classifier/1); @&#8203;candidate points to it."
    )
  })

  it('registers nothing from a pull request, and says when it would', async () => {
    const store = fakeStore('MLflow tracking server', [mainRun('base1', { accuracy: 0.95 }, 10)])
    const registry = fakeRegistry()
    const pr = context(
      'pull_request',
      { GITHUB_REF: 'refs/pull/7/merge', GITHUB_BASE_REF: 'main', GITHUB_HEAD_REF: 'f' },
      { ...MAIN, pull_request: { number: 7, head: { sha: 'h'.repeat(40), ref: 'f' } } }
    )
    const { report, outputs } = await run(store, pr, registry)
    expect(registry.requests).toEqual([])
    expect(report.registration?.reason).toBe(
      "Nothing is registered from a pull request: on a push to main, a run that passes becomes a new version of 'iris-classifier' (@candidate)."
    )
    expect(outputs.values.has('model-version')).toBe(false)
    expect(report.notes).toEqual([])
  })

  it('keeps the run and the report when the registry refuses, with a warning', async () => {
    const store = fakeStore('MLflow tracking server')
    store.models.push(model('m-7', { sourceRunId: 'cand1' }))
    const registry = fakeRegistry(new RegistryError('PERMISSION_DENIED: Permission denied.'))
    const { report, outputs, log } = await run(store, PUSH_MAIN, registry)
    expect(report.registration).toEqual({
      name: 'iris-classifier',
      alias: 'candidate',
      source: 'models:/m-7',
      reason: 'PERMISSION_DENIED: Permission denied.',
      failed: true
    })
    expect(log.lines).toContain(
      'warning: The model was not registered: PERMISSION_DENIED: Permission denied.'
    )
    expect(report.notes).toEqual([])
    expect(outputs.values.get('run-id')).toBe('cand1')
    expect(readFileSync(path.join(workspace, 'out', 'report.md'), 'utf8')).toContain(
      '\n⚠️ PERMISSION_DENIED: Permission denied.\n'
    )
  })

  it('warns when the run logged no model to register', async () => {
    const registry = fakeRegistry()
    const { report, log } = await run(fakeStore('MLflow tracking server'), PUSH_MAIN, registry)
    expect(registry.requests).toEqual([])
    expect(report.registration?.failed).toBe(true)
    expect(log.lines).toContain(
      'warning: The model was not registered: run cand1 logged no model: log one with mlflow.<flavor>.log_model(model, name="model"), or set model.name to its artifact path.'
    )
  })

  it("judges both sides by their logged models' metrics", async () => {
    const store = fakeStore('MLflow tracking server', [mainRun('base1', { accuracy: 0.5 }, 10)])
    // The runs' own accuracy is another model's: each model carries its own.
    store.models.push(
      model('m-base', { sourceRunId: 'base1', metrics: { accuracy: 0.96 } }),
      model('m-cand', { sourceRunId: 'cand1', metrics: { accuracy: 0.91 } })
    )
    writeFileSync(
      path.join(workspace, '.github', 'care-label.yml'),
      'metrics:\n  accuracy:\n    greater_is_better: true\n    max_regression: 2%\n'
    )
    const pr = context(
      'pull_request',
      { GITHUB_REF: 'refs/pull/7/merge', GITHUB_BASE_REF: 'main', GITHUB_HEAD_REF: 'f' },
      { ...MAIN, pull_request: { number: 7, head: { sha: 'h'.repeat(40), ref: 'f' } } }
    )
    const { report } = await run(store, pr, fakeRegistry(), { accuracy: 0.99 })
    const accuracy = report.comparison.metrics.find(m => m.metric === 'accuracy')
    expect(accuracy).toMatchObject({ candidate: 0.91, baseline: 0.96, status: 'fail' })
    expect(report.run.model).toEqual({ modelId: 'm-cand', name: 'model' })
    expect(report.baseline?.model).toEqual({ modelId: 'm-base', name: 'model' })
    expect(report.verdict).toBe('fail')
    expect(report.registration).toBeUndefined()
  })

  it('parses the sections the flow reads', () => {
    expect(parseConfig('c.yml', CONFIG).register).toEqual({
      name: 'iris-classifier',
      alias: 'candidate',
      line: 7
    })
  })
})

describe('baseline.model with a carried history', () => {
  it("finds the alias in the base branch's carried store when the pull request's own has none", async () => {
    const own = fakeStore('local MLflow store')
    const carried = fakeStore('carried history', [
      makeRun('v1-run', { metrics: { accuracy: 0.9 } })
    ])
    carried.aliases.set('iris@candidate', { name: 'iris', version: '1', runId: 'v1-run' })
    const found = await selectBaseline(
      {
        candidate: makeRun('c'),
        experimentName: 'iris',
        window: 1,
        model: 'models:/iris@candidate'
      },
      [{ store: own }, { store: carried, description: 'artifact of workflow run 3' }]
    )
    expect(found.set.runs.map(r => r.info.runId)).toEqual(['v1-run'])
    expect(found.from.description).toBe('artifact of workflow run 3')
  })
})
