/**
 * `mode: partial`: one job of a matrix. It trains the candidate (or, with `run-id`, takes the run
 * a training job of this workflow run logged), runs its share of the config's tests (the `tests`
 * input) against the candidate's model, each nested under the candidate run, and uploads a
 * partial bundle. It finds no baseline and writes nothing to the pull request: the aggregate job
 * merges the bundles into the one report, comment and check.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import type { CareLabelConfig, TestSpec } from '../core/config/types.js'
import type { RunContext } from '../core/context.js'
import { chooseModel } from '../core/logged-models.js'
import { escapeMarkdown, escapeMarkdownLine } from '../core/render/escape.js'
import { modelUriOf } from '../core/registration.js'
import type { TestRecord } from '../core/report/types.js'
import {
  PARTIAL_PREFIX,
  describeWhere,
  partialKey,
  type PartialBundle
} from '../core/tests/partials.js'
import { ConfigError, InputError, errorMessage } from '../errors.js'
import type { ArtifactStore, BundleSource, Log, Outputs, ProjectRunner } from '../ports.js'
import type { Settings } from '../settings/types.js'
import { carryStore, clearDir } from '../adapters/history/carried-store.js'
import { loadConfig, rulesRequest } from './load-config.js'
import { collectNotes, type Notes } from './notes.js'
import { obtainCandidate, type Candidate } from './obtain-candidate.js'
import { openStores, type OpenStore, type Stores } from './open-stores.js'
import { checkCopiedStore, downloadPartials, uploadPartial } from './partial-bundles.js'
import { planRun, type RunPlan } from './plan-run.js'
import {
  chooseTests,
  checkTests,
  executeTests,
  testsRequestOf,
  type TestsRequest
} from './run-tests.js'

export interface PartialDeps {
  log: Log
  openStore: OpenStore
  runner: ProjectRunner
  outputs: Outputs
  /** Uploads the bundle (on a runner). */
  artifacts?: ArtifactStore
  /** This workflow run's bundles: where a test job finds the training job's store. */
  bundles?: BundleSource
  /** The job summary. */
  summary(markdown: string): Promise<void>
  clock?: () => number
}

export interface PartialResult {
  bundle: PartialBundle
  /** Whether a test failed at level fail (the step fails, after the upload). */
  failed: boolean
}

export async function runPartial(
  settings: Settings,
  context: RunContext,
  deps: PartialDeps
): Promise<PartialResult> {
  const { log, outputs } = deps
  const notes = collectNotes(log)
  const config = await partialRules(settings, context, { log, notes })
  const now = (deps.clock ?? Date.now)()
  const plan = planRun(settings, context, config, { artifacts: deps.artifacts, now }, notes)
  if (plan.location.kind === 'sqlite') outputs.set('tracking-uri', plan.location.uri)
  const request = testsRequestOf(settings, config, plan.location.uri, context)
  const { selected } = chooseTests(request, notes)
  checkTests(request)
  if (plan.adopt !== undefined) await fetchTrainedStore(plan, context, deps)
  const stores = await openStores(
    { location: plan.location, probeExperiment: plan.run?.experimentName, carried: plan.carried },
    { openStore: deps.openStore, log, notes }
  )
  let candidate: Candidate
  let records: TestRecord[] = []
  try {
    // A test job does not tag the run it tests: the run says where it was trained.
    const measuredOn = plan.adopt !== undefined ? await deps.runner.environment() : undefined
    candidate = await obtainCandidate({ ...plan, context, measuredOn }, stores, {
      ...deps,
      notes,
      record: runId => outputs.set('run-id', runId)
    })
    records = await testCandidate(candidate, selected, request, stores, { ...deps, notes })
  } catch (error) {
    await stores.close().catch(() => undefined)
    // Nothing the job produced is lost: its store goes up even when it could not finish.
    await keepFailedStore(plan, partialName(settings, context, selected), deps)
    throw error
  } finally {
    await stores.close()
  }
  const key = partialKeyOf(settings, context, selected)
  const bundle = partialOf(key, candidate, records, plan, context)
  const name = partialName(settings, context, selected)
  const storeDir = bundle.store ? path.dirname(localPath(plan)) : undefined
  const dir = path.join(settings.outputDir, 'partial')
  await uploadPartial(bundle, { dir, storeDir }, { name, artifacts: deps.artifacts }, log)
  await deps.summary(partialSummary(bundle, notes))
  return { bundle, failed: records.some(r => r.status === 'failed' && r.level === 'fail') }
}

/** The job (its report-key, else its id) and its share: the legs of one matrix differ by share. */
function partialKeyOf(settings: Settings, context: RunContext, selected: TestSpec[]): string {
  return partialKey(
    settings.reportKey || context.job || 'care-label',
    selected.map(t => t.name)
  )
}

/** The bundle's artifact name: a re-run attempt's is its own (artifact names are unique per run). */
function partialName(settings: Settings, context: RunContext, selected: TestSpec[]): string {
  const attempt = context.runAttempt ?? 1
  const key = partialKeyOf(settings, context, selected)
  return `${PARTIAL_PREFIX}${key}${attempt > 1 ? `-attempt-${attempt}` : ''}`
}

/**
 * A job that failed before its bundle was made uploads its local store alone, under a name the
 * aggregate job does not read (`care-label-failed-…`), so that its runs can be looked at.
 */
async function keepFailedStore(
  plan: RunPlan,
  bundleName: string,
  deps: PartialDeps
): Promise<void> {
  const file = localPath(plan)
  if (deps.artifacts === undefined || file === '' || !existsSync(file)) return
  const name = bundleName.replace(PARTIAL_PREFIX, 'care-label-failed-')
  try {
    const url = await deps.artifacts.upload(name, path.dirname(file))
    deps.log.info(
      `Uploaded the local store of this failed job as artifact '${name}'${url ? `: ${url}` : ''}.`
    )
  } catch (error) {
    deps.log.warning(
      `Could not upload the local store as artifact '${name}': ${errorMessage(error)}`
    )
  }
}

/** The rules, as the pipeline reads them; a partial job needs tests, and no sweep. */
async function partialRules(
  settings: Settings,
  context: RunContext,
  edges: { log: Log; notes: Notes }
): Promise<CareLabelConfig> {
  const rules = await loadConfig(rulesRequest(settings, context), edges)
  const config = rules.config
  const file = config.file ?? settings.configPath
  if ((config.tests ?? []).length === 0) {
    throw new ConfigError(
      `mode partial runs a share of the config's tests:, and ${file} has none. Add tests: to it, or use mode auto.`,
      { file }
    )
  }
  if (config.select !== undefined) {
    throw new ConfigError(
      'select: (the best child of a sweep) is not supported across a matrix yet: run the sweep and its tests in one job (mode auto).',
      { file, line: config.select.line }
    )
  }
  return config
}

/** The selected tests run against the candidate's model; their records. */
async function testCandidate(
  candidate: Candidate,
  selected: TestsRequest['tests'],
  request: TestsRequest,
  stores: Stores,
  deps: PartialDeps & { notes: Notes }
): Promise<TestRecord[]> {
  const run = candidate.set.runs[0]
  if (run === undefined || selected.length === 0) return []
  const store = stores.primary()
  const models = await store.loggedModels(run.info.experimentId, run.info.runId)
  const choice = chooseModel(run, models, request.modelName)
  if (choice.note !== undefined) deps.notes.warn(choice.note)
  const model = modelUriOf(run, choice.model, request.modelName)
  if ('problem' in model) {
    throw new ConfigError(`tests need the candidate's model: ${model.problem}`, {
      file: request.configFile,
      line: selected[0]?.line
    })
  }
  const ranOn = describeWhere(candidate.environment, request.context.runnerName)
  const { records } = await executeTests(
    selected,
    run,
    model.uri,
    { ...request, ranOn },
    stores,
    deps
  )
  return records
}

/**
 * Without a tracking server, a test job starts from the store of the job that trained the run
 * (`run-id`): that job's partial bundle carries it.
 */
async function fetchTrainedStore(
  plan: RunPlan,
  context: RunContext,
  deps: PartialDeps
): Promise<void> {
  if (plan.location.kind !== 'sqlite' || !plan.location.own) return
  const runId = plan.adopt ?? ''
  if (deps.bundles === undefined) {
    throw new InputError(
      'run-id',
      `run ${runId} is in the local store of the job that trained it, and this job cannot read that job's partial bundle (it needs a github-token with actions: read, on a runner). Or set tracking-uri to a tracking server all jobs reach.`
    )
  }
  const dir = path.join(plan.outputDir, 'partials')
  const found = await deps.log.group(`Looking for the store with run ${runId}`, () =>
    downloadPartials(context, deps.bundles as BundleSource, dir, deps.log, p =>
      trains(p.bundle, runId, p.storeDir)
    )
  )
  const trained = found.find(p => trains(p.bundle, runId, p.storeDir))
  if (trained?.storeDir === undefined) {
    throw new InputError(
      'run-id',
      `no partial bundle of this workflow run carries run ${runId} as trained (found ${found.length} partial bundle(s)): the job that trains it must run first, in mode partial without run-id (make this job need it), and pass its run-id output.`
    )
  }
  const storeDir = path.dirname(plan.location.path)
  clearDir(storeDir)
  carryStore({ dir: trained.storeDir, description: trained.name }, storeDir)
  await checkCopiedStore(deps.openStore(plan.location), plan.location.path, {
    name: trained.name,
    experimentName: trained.bundle.candidate.experimentName
  })
  deps.log.info(`Starting from the store of partial bundle '${trained.name}'.`)
}

function trains(bundle: PartialBundle, runId: string, storeDir?: string): boolean {
  return bundle.candidate.runId === runId && bundle.candidate.trained && storeDir !== undefined
}

function localPath(plan: RunPlan): string {
  return plan.location.kind === 'sqlite' ? plan.location.path : ''
}

function partialOf(
  key: string,
  candidate: Candidate,
  records: TestRecord[],
  plan: RunPlan,
  context: RunContext
): PartialBundle {
  const run = candidate.set.runs[0]
  return {
    schemaVersion: 1,
    key,
    workflowRunId: context.runId ?? 0,
    runAttempt: context.runAttempt ?? 1,
    headSha: context.headSha,
    ...(context.runUrl ? { jobUrl: context.runUrl } : {}),
    candidate: {
      runId: run?.info.runId ?? '',
      experimentId: run?.info.experimentId ?? '',
      experimentName: candidate.experimentName,
      trained: plan.run !== undefined
    },
    environment: candidate.environment,
    store: plan.location.kind === 'sqlite' && plan.location.own,
    tests: records.map(({ url: _url, baselineRunId: _b, required: _r, ...record }) => record)
  }
}

/** The job summary of a partial job: what it ran, and that the aggregate job reports. */
function partialSummary(bundle: PartialBundle, notes: Notes): string {
  const rows = bundle.tests.map(
    t =>
      `| ${escapeMarkdown(t.name)} | ${escapeMarkdown(t.category ?? '—')} | ${t.runId?.slice(0, 8) ?? '—'} | ${t.metrics.length} | ${t.status === 'passed' ? '✅ passed' : t.level === 'fail' ? '❌ failed' : '⚠️ failed (warn)'} |`
  )
  const run = bundle.candidate.runId.slice(0, 8)
  return [
    `### 🏷️ Care label: a share of the tests of run ${run}`,
    '',
    bundle.candidate.trained ? `This job trained run ${run}.` : `This job tested run ${run}.`,
    '',
    ...(rows.length > 0
      ? ['| Test | Category | Run | Metrics | Status |', '|---|---|---|--:|---|', ...rows, '']
      : ['It ran no tests.', '']),
    ...notes.list.map(note => `> ${escapeMarkdownLine(note, 1000)}`),
    '',
    `<sub>mlflow-care-label · partial bundle ${escapeMarkdown(bundle.key)} · the aggregate job merges the bundles into the report</sub>`,
    ''
  ].join('\n')
}
