/**
 * Step 5c: the care-label tests (`tests:`). Each test is an entry point of an MLflow Project, run
 * with the real `mlflow run` against the candidate's model (its URI as `model_uri`); its run is
 * nested under the candidate's (`mlflow.parentRunId`) and tagged with the test's name. The tests'
 * metrics join the candidate run's, and each baseline run's own test runs join its, so that the
 * rules of `metrics:` judge them like any other metric. A test that fails is reported (and fails
 * the gate at level fail); its run stays in the store.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { RunSet } from '../core/compare/samples.js'
import type { CareLabelConfig, TestSpec } from '../core/config/types.js'
import type { RunContext } from '../core/context.js'
import { quoteFilterValue } from '../core/baseline/filter.js'
import { checkParameters, parseMLproject } from '../core/project/mlproject.js'
import { modelUriOf } from '../core/registration.js'
import type { TestRecord } from '../core/report/types.js'
import type { Run } from '../core/runs.js'
import { TAG } from '../core/tags.js'
import {
  ConfigError,
  InputError,
  ProjectRunError,
  ReportFormatError,
  ProjectRunFailed,
  errorMessage
} from '../errors.js'
import type { TrackingStore } from '../ports.js'
import type { Backend, EnvManager, Settings, TestSelection } from '../settings/types.js'
import { describeWhere, notMeasured, selectTests } from '../core/tests/partials.js'
import type { JudgedSides } from './judge-models.js'
import type { Notes } from './notes.js'
import { runOnce, waitForEnd, type RunDeps } from './obtain-candidate.js'
import type { Stores } from './open-stores.js'

export interface TestsRequest {
  tests: TestSpec[]
  /** The config file the tests are in, for annotations. */
  configFile: string
  workspace: string
  /** The project of a test that names none (the action's `project`). */
  project: string
  envManager: EnvManager
  backend: Backend
  backendConfig: string
  waitTimeoutMinutes: number
  trackingUri: string
  /** `model.name`: which of the candidate's models the tests get. */
  modelName?: string
  context: RunContext
  /** Which of the tests this step runs (the `tests` input); undefined: all. */
  selection?: TestSelection
  /** Where this job runs, as each test's record says it. */
  ranOn?: string
}

/** The tests of the config, and how they run: as the project does, against its store. */
export function testsRequestOf(
  settings: Settings,
  config: CareLabelConfig,
  trackingUri: string,
  context: RunContext
): TestsRequest {
  return {
    tests: config.tests ?? [],
    configFile: config.file ?? settings.configPath,
    workspace: settings.workspace,
    project: settings.project,
    envManager: settings.envManager,
    backend: settings.backend,
    backendConfig: settings.backendConfig,
    waitTimeoutMinutes: settings.waitTimeoutMinutes,
    trackingUri,
    modelName: config.model?.name,
    context,
    selection: settings.tests
  }
}

/** The tag that names the test a run is. */
export const TEST_TAG = 'care-label.test'

export async function runTests(
  request: TestsRequest,
  sides: JudgedSides,
  stores: Stores,
  deps: RunDeps & { notes: Notes }
): Promise<{ sides: JudgedSides; tests: TestRecord[] }> {
  const candidate = sides.candidate.set.runs[0]
  const { selected, skipped } = chooseTests(request, deps.notes)
  if (request.tests.length === 0 || candidate === undefined) return { sides, tests: [] }
  if (selected.length === 0) {
    return { sides, tests: skipped.map(test => notMeasured(test)) }
  }
  const model = modelUriOf(candidate, sides.model, request.modelName)
  if ('problem' in model) {
    throw new ConfigError(`tests need the candidate's model: ${model.problem}`, {
      file: request.configFile,
      line: selected[0]?.line
    })
  }
  const ranOn =
    request.ranOn ?? describeWhere(sides.candidate.environment, request.context.runnerName)
  const ran = await executeTests(
    selected,
    candidate,
    model.uri,
    { ...request, ranOn },
    stores,
    deps
  )
  const records = [...ran.records, ...skipped.map(test => notMeasured(test))]
  const order = new Map(request.tests.map((t, i) => [t.name, i]))
  records.sort((a, b) => (order.get(a.name) ?? 0) - (order.get(b.name) ?? 0))
  return attachTests(sides, records, ran.runs, request.tests, { notes: deps.notes })
}

/**
 * Runs the tests against the model, in order, each nested under the candidate run; their
 * records, and the runs of those that passed.
 */
export async function executeTests(
  tests: TestSpec[],
  candidate: Run,
  modelUri: string,
  request: TestsRequest,
  stores: Stores,
  deps: RunDeps & { notes: Notes }
): Promise<{ records: TestRecord[]; runs: Run[] }> {
  const dirs = checkTests({ ...request, tests, selection: undefined }, modelUri)
  const records: TestRecord[] = []
  const runs: Run[] = []
  // The tests log into the candidate's experiment (by name, as `mlflow run` takes it).
  const experiment = await stores.primary().getExperiment(candidate.info.experimentId)
  const target = { candidate, experimentName: experiment?.name ?? '' }
  for (const [index, test] of tests.entries()) {
    const dir = dirs[index] ?? request.workspace
    const outcome = await runTest(test, dir, modelUri, target, request, stores, deps)
    records.push({ ...outcome.record, ...(request.ranOn ? { ranOn: request.ranOn } : {}) })
    if (outcome.run !== undefined) runs.push(outcome.run)
  }
  return { records, runs }
}

/**
 * The tests' metrics joined to the candidate run's, and each baseline run's own test runs to
 * its; a test that did not pass is left out on both sides (its metrics are missing, not
 * compared).
 */
export async function attachTests(
  sides: JudgedSides,
  records: TestRecord[],
  runs: Run[],
  tests: TestSpec[],
  deps: { notes: Notes }
): Promise<{ sides: JudgedSides; tests: TestRecord[] }> {
  const candidate = sides.candidate.set.runs[0]
  if (candidate === undefined) return { sides, tests: records }
  const merged = mergeInto(candidate, runs, deps.notes)
  const passed = tests.filter(t => records.some(r => r.name === t.name && r.status === 'passed'))
  const baseline = await withBaselineTests(sides.baseline.set, passed, sides.baseline.from.store)
  for (const record of records) {
    record.baselineRunId = baseline.found.get(record.name)
  }
  return {
    sides: {
      ...sides,
      candidate: {
        ...sides.candidate,
        set: { ...sides.candidate.set, runs: [merged, ...sides.candidate.set.runs.slice(1)] }
      },
      baseline: { ...sides.baseline, set: baseline.set }
    },
    tests: records
  }
}

/**
 * The tests this step runs (the `tests` input) and those it leaves to other jobs; a name the
 * config does not have is an input error, a label no test has a note.
 */
export function chooseTests(
  request: Pick<TestsRequest, 'tests' | 'selection'>,
  notes?: Notes
): { selected: TestSpec[]; skipped: TestSpec[] } {
  const { selected, unknown, unmatched } = selectTests(request.tests, request.selection)
  if (unknown.length > 0) {
    const known = request.tests.map(t => t.name).join(', ') || 'none'
    throw new InputError(
      'tests',
      `names ${unknown.map(n => `'${n}'`).join(', ')}, which the config's tests: do not have (it has: ${known}). Give the names of its tests, runs-on:<label>, or none.`
    )
  }
  for (const label of unmatched) {
    notes?.warn(
      `No test of the config runs on '${label}' (runs_on), so runs-on:${label} selects none.`
    )
  }
  return { selected, skipped: request.tests.filter(t => !selected.includes(t)) }
}

/**
 * Every test checked (its project, entry point, model parameter and parameters); their project
 * directories. Called before the candidate trains too, with a stand-in for the model's URI.
 */
export function checkTests(request: TestsRequest, modelUri = 'models:/m-0'): string[] {
  const { selected } = chooseTests(request)
  return selected.map(test => checkTest(test, request, modelUri))
}

/** The test's project directory, once its entry point and parameters are known to be right. */
function checkTest(test: TestSpec, request: TestsRequest, modelUri: string): string {
  const at = { file: request.configFile, line: test.line }
  const project = test.project ?? request.project
  const dir = path.resolve(request.workspace, project)
  const file = ['MLproject', 'mlproject', 'MLProject']
    .map(name => path.join(dir, name))
    .find(existsSync)
  if (file === undefined) {
    throw new ConfigError(
      `tests.${test.name}: '${project}' has no MLproject file. Set tests.${test.name}.project to the directory of the MLflow Project that holds the test.`,
      at
    )
  }
  const relative = path.relative(request.workspace, file) || file
  const parsed = parseMLproject(relative, readFileSync(file, 'utf8'))
  const entry = parsed.entryPoints.find(e => e.name === test.entryPoint)
  if (entry === undefined) {
    const known = parsed.entryPoints.map(e => e.name).join(', ') || 'none'
    throw new ConfigError(
      `tests.${test.name}: entry point '${test.entryPoint}' is not defined in ${relative} (defined: ${known}). Add it there, or set tests.${test.name}.entry_point to one of them.`,
      at
    )
  }
  if (!entry.parameters.some(p => p.name === test.modelParam)) {
    throw new ConfigError(
      `tests.${test.name}: entry point '${test.entryPoint}' of ${relative} declares no parameter '${test.modelParam}' to take the model's URI. Declare it (${test.modelParam}: {type: string}), or set tests.${test.name}.model_param.`,
      at
    )
  }
  const { problems } = checkParameters(entry, [...test.parameters, [test.modelParam, modelUri]])
  const [first] = problems
  if (first !== undefined) {
    throw new ConfigError(`tests.${test.name}: ${problems.map(p => p.message).join(' ')}`, at)
  }
  return dir
}

/** One test's `mlflow run`, nested under the candidate's run; its record, and its run. */
async function runTest(
  test: TestSpec,
  dir: string,
  modelUri: string,
  target: { candidate: Run; experimentName: string },
  request: TestsRequest,
  stores: Stores,
  deps: RunDeps & { notes: Notes }
): Promise<{ record: TestRecord; run?: Run }> {
  const { candidate } = target
  const record = newRecord(test)
  // `mlflow` writes to a local store from another process: no connection of ours stays open.
  await stores.release()
  let runId: string | undefined
  try {
    runId = await runOnce(
      {
        dir,
        project: test.project ?? request.project,
        entryPoint: test.entryPoint,
        parameters: [...test.parameters, [test.modelParam, modelUri]],
        envManager: request.envManager,
        backend: request.backend,
        backendConfig: request.backendConfig,
        waitTimeoutMinutes: request.waitTimeoutMinutes,
        experimentName: target.experimentName,
        runName: `${candidate.info.runName || candidate.info.runId.slice(0, 8)}-${test.name}`,
        repeats: 1
      },
      0,
      request.trackingUri,
      deps
    )
    await waitForEnd(runId, request, stores, deps)
    record.status = 'passed'
  } catch (error) {
    // A test that fails, times out or logs no run is the test's result, not the job's end.
    if (!(error instanceof ProjectRunError)) throw error
    if (error instanceof ProjectRunFailed) runId = error.runId
    deps.notes.warn(
      `Test '${test.name}' failed${test.level === 'fail' ? ', which fails the gate' : ''}: ${firstLine(errorMessage(error))}`
    )
  }
  if (runId === undefined) return { record }
  const run = await nestTestRun(runId, test, candidate, request.context, stores)
  record.runId = runId
  record.url = stores.primary().runUrl(run.info.experimentId, runId)
  record.metrics = Object.keys(run.data.metrics).sort()
  return { record, run: record.status === 'passed' ? run : undefined }
}

/** Tags a test's run as the candidate's child, and as this test; returns it as read back. */
async function nestTestRun(
  runId: string,
  test: TestSpec,
  candidate: Run,
  context: RunContext,
  stores: Stores
): Promise<Run> {
  const store = stores.primary()
  // Not the branch's tags (care-label.git.ref): a test's run is never a baseline of its own.
  await store.setTags(runId, {
    [TAG.event]: context.eventName,
    [TAG.runnerOs]: context.runnerOs,
    [TAG.runnerArch]: context.runnerArch,
    [TAG.parentRun]: candidate.info.runId,
    [TEST_TAG]: test.name
  })
  return store.getRun(runId)
}

function newRecord(test: TestSpec): TestRecord {
  return {
    name: test.name,
    entryPoint: test.entryPoint,
    ...(test.category ? { category: test.category } : {}),
    status: 'failed',
    level: test.level,
    metrics: []
  }
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? ''
}

/** The run with its tests' metrics beside its own; a test's value wins a name both have. */
function mergeInto(run: Run, tests: Run[], notes?: Notes): Run {
  if (tests.length === 0) return run
  const metrics = { ...run.data.metrics }
  for (const test of tests) {
    for (const [key, value] of Object.entries(test.data.metrics)) {
      if (Object.hasOwn(metrics, key) && notes !== undefined) {
        notes.warn(
          `Test '${test.data.tags[TEST_TAG] ?? test.info.runId}' logged ${key}, which run ${run.info.runId} logs too: the test's value is judged.`
        )
      }
      metrics[key] = value
    }
  }
  return { ...run, data: { ...run.data, metrics } }
}

/** Each baseline run with the metrics of its own test runs (the latest finished one per test). */
async function withBaselineTests(
  set: RunSet,
  tests: TestSpec[],
  store: TrackingStore
): Promise<{ set: RunSet; found: Map<string, string> }> {
  const found = new Map<string, string>()
  const runs: Run[] = []
  for (const [index, run] of set.runs.entries()) {
    const children: Run[] = []
    for (const test of tests) {
      const page = await store.searchRuns({
        experimentIds: [run.info.experimentId],
        filter: `tags.\`${TAG.parentRun}\` = '${run.info.runId}' AND tags.\`${TEST_TAG}\` = ${quoteFilterValue(test.name)} AND attributes.status = 'FINISHED'`,
        orderBy: ['attributes.start_time DESC'],
        maxResults: 1
      })
      const [child] = page.runs
      if (child === undefined) continue
      children.push(child)
      // The report shows the newest baseline run's tests.
      if (index === 0) found.set(test.name, child.info.runId)
    }
    runs.push(mergeInto(run, children))
  }
  return { set: { ...set, runs }, found }
}

/**
 * The aggregate job's tests: those the matrix's partial jobs ran, as their bundles recorded them
 * (with the run ids they have in this job's store). Each run must be that test's run, nested under
 * the candidate; then the tests join the sides as in one job.
 */
export async function takeTests(
  records: TestRecord[],
  sides: JudgedSides,
  tests: TestSpec[],
  stores: Stores,
  deps: { notes: Notes }
): Promise<{ sides: JudgedSides; tests: TestRecord[] }> {
  const candidate = sides.candidate.set.runs[0]
  if (candidate === undefined) return { sides, tests: records }
  const store = stores.primary()
  const runs: Run[] = []
  for (const record of records) {
    if (record.runId === undefined || record.status === 'not-measured') continue
    const run = await store.getRun(record.runId)
    const tags = run.data.tags
    if (tags[TAG.parentRun] !== candidate.info.runId || tags[TEST_TAG] !== record.name) {
      throw new ReportFormatError(
        `a partial bundle says test '${record.name}' ran as run ${record.runId}, but that run is not test '${record.name}' of run ${candidate.info.runId} (its tags ${TAG.parentRun} and ${TEST_TAG} say otherwise)`
      )
    }
    record.url = store.runUrl(run.info.experimentId, run.info.runId)
    record.metrics = Object.keys(run.data.metrics).sort()
    if (record.status === 'passed') runs.push(run)
  }
  return attachTests(sides, records, runs, tests, deps)
}
