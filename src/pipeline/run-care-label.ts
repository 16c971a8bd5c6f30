/**
 * One care-label run, as the steps of DESIGN.md §2 in order: rules → plan → stores → candidate
 * → baseline → decision → evidence → the label logged with the run → (the local store kept) →
 * report → files, bundle, comment, publish. Each step is a file of this folder; this one passes
 * what a step returns to the next and records the outputs as they become known, so that they
 * survive a later failure. It builds no store, client or path itself: those come in through
 * `PipelineDeps`.
 */
import path from 'node:path'
import type { RunContext } from '../core/context.js'
import { buildReport } from '../core/report/build.js'
import type {
  Environment,
  LabelArtifacts,
  Registration,
  Report,
  TestRecord
} from '../core/report/types.js'
import type { LoggedModel, Run } from '../core/runs.js'
import type {
  ArtifactStore,
  ChartRenderer,
  Log,
  ModelRegistry,
  Outputs,
  ProjectRunner,
  PublishOutcome,
  Publisher,
  Repository,
  Worktrees
} from '../ports.js'
import type { Settings } from '../settings/types.js'
import { testsFailGate } from '../core/tests/partials.js'
import { collectEvidence, withParent } from './collect-evidence.js'
import { decide, type Decision } from './decide.js'
import { judgeByModels, type JudgedSides } from './judge-models.js'
import { loadConfig, rulesRequest, type LoadedConfig } from './load-config.js'
import { logLabel } from './log-label.js'
import { collectNotes, type Notes } from './notes.js'
import { obtainCandidate, type Candidate } from './obtain-candidate.js'
import { obtainPairs } from './run-pairs.js'
import { openStores, type OpenStore, type Stores } from './open-stores.js'
import { planRun, storeArtifactName, type RunPlan } from './plan-run.js'
import { publishReport } from './publish-report.js'
import { registerModel } from './register-model.js'
import { checkTests, runTests, takeTests, testsRequestOf } from './run-tests.js'
import { selectChildren } from './select-child.js'
import { saveStore } from './save-store.js'
import { findBaseline, type Baseline } from './select-baseline.js'

/** The experiment whose store is kept, and whether it was saved yet. */
interface Kept {
  experimentName: string
  saved: boolean
}

export interface PipelineDeps {
  log: Log
  openStore: OpenStore
  runner: ProjectRunner
  publisher: Publisher
  outputs: Outputs
  /** Workflow artifacts (on a runner); without them a local store stays on this machine. */
  artifacts?: ArtifactStore
  /** The repository's history (GitHub): the merge base of a pull request. */
  repository?: Repository
  /** The workspace's git clone: the merge base checked out beside it (paired runs). */
  worktrees?: Worktrees
  /** Milliseconds since the epoch (default: Date.now). */
  clock?: () => number
  /** The HTML report's charts. */
  charts: ChartRenderer
  /** MLflow's model registry (`register:`); without it nothing is registered. */
  registry?: ModelRegistry
}

export interface CareLabelResult {
  report: Report
  published: PublishOutcome
}

/**
 * The aggregate job's input: the tests a matrix's partial jobs ran (in this job's store), and
 * where the candidate was trained.
 */
export interface MatrixTests {
  records: TestRecord[]
  measuredOn: Environment
}

export async function runCareLabel(
  settings: Settings,
  context: RunContext,
  deps: PipelineDeps,
  matrix?: MatrixTests
): Promise<CareLabelResult> {
  const { log, outputs } = deps
  const notes = collectNotes(log)
  const edges = { log, notes, repository: deps.repository }
  const rules = await loadConfig(rulesRequest(settings, context), edges)
  const now = (deps.clock ?? Date.now)()
  const plan = planRun(settings, context, rules.config, { artifacts: deps.artifacts, now }, notes)
  if (plan.location.kind === 'sqlite') outputs.set('tracking-uri', plan.location.uri)
  // The tests are checked before anything runs: a typo costs no training.
  if (matrix === undefined)
    checkTests(testsRequestOf(settings, rules.config, plan.location.uri, context))
  const stores = await openStores(
    { location: plan.location, probeExperiment: plan.run?.experimentName, carried: plan.carried },
    { openStore: deps.openStore, log, notes }
  )
  const kept: Kept = { experimentName: plan.experimentName, saved: false }
  try {
    const record = (runId: string): void => outputs.set('run-id', runId)
    const sides = await obtainSides(
      plan,
      settings,
      { context, measuredOn: matrix?.measuredOn },
      stores,
      { ...deps, ...edges, record, kept }
    )
    const selected = await selectChildren(rules.config.select, sides, stores.primary(), { notes })
    const judged = await judgeByModels(rules.config.model, selected, stores, { notes })
    const tested = await testSides(
      judged,
      matrix,
      { settings, rules, plan, context, stores },
      deps,
      notes
    )
    const { candidate, baseline, model } = tested.sides
    // The newest baseline run: the one the report shows (a window's centre stands beside it).
    outputs.set('baseline-run-id', baseline.set.runs[0]?.info.runId ?? '')
    return await reportOn(
      { candidate, baseline, model, tests: tested.tests },
      { plan, rules, context, stores, kept },
      { ...deps, notes }
    )
  } finally {
    await stores.close()
    // Nothing the run produced is lost: the store goes up even when a later step failed.
    if (!kept.saved) await keepStore(plan, kept.experimentName, deps, notes, { prune: false })
  }
}

/** The tests: run here against the candidate, or (the aggregate job) as the matrix ran them. */
function testSides(
  judged: JudgedSides,
  matrix: MatrixTests | undefined,
  run: {
    settings: Settings
    rules: LoadedConfig
    plan: RunPlan
    context: RunContext
    stores: Stores
  },
  deps: PipelineDeps,
  notes: Notes
): Promise<{ sides: JudgedSides; tests: TestRecord[] }> {
  const { settings, rules, plan, context, stores } = run
  if (matrix !== undefined) {
    return takeTests(matrix.records, judged, rules.config.tests ?? [], stores, { notes })
  }
  const request = testsRequestOf(settings, rules.config, plan.location.uri, context)
  return runTests(request, judged, stores, { ...deps, notes })
}

/**
 * From the two sides to the published report: the decision, the evidence, the label logged with
 * the run, the local store kept, and the report built and published.
 */
async function reportOn(
  sides: { candidate: Candidate; baseline: Baseline; model?: LoggedModel; tests: TestRecord[] },
  run: { plan: RunPlan; rules: LoadedConfig; context: RunContext; stores: Stores; kept: Kept },
  deps: PipelineDeps & { notes: Notes }
): Promise<CareLabelResult> {
  const { candidate, baseline } = sides
  const { plan, rules, stores, kept } = run
  const { log, notes } = deps
  const decision = failTests(decide(rules.config, candidate.set, baseline.set), sides.tests)
  const evidence = await collectEvidence(rules.config, candidate, baseline, stores, deps)
  // Drawn once: the same charts go into the label's copy of the report and into the output's.
  const charts = await deps.charts.draw(evidence.histories)
  const reportOf = (labelArtifacts?: LabelArtifacts, registration?: Registration): Report =>
    buildReport({
      key: plan.reportKey,
      experimentName: candidate.experimentName,
      gate: plan.gate,
      candidate: candidate.set,
      baseline: baseline.set,
      ...decision,
      ...evidence,
      config: { file: rules.config.file, note: rules.note },
      rules: rules.rules,
      context: run.context,
      notes: notes.list,
      environment: candidate.environment,
      labelArtifacts,
      registration,
      tests: sides.tests
    })
  // While the store is open (for the tags), and before it is closed and uploaded, so that the
  // label travels in it too.
  const labelArtifacts = await logLabel(
    reportOf(),
    { run: shownRun(candidate), trackingUri: plan.location.uri, dir: labelDir(plan), charts },
    { runner: deps.runner, stores, log, notes }
  )
  await stores.close()
  const registration = await promote(sides, reportOf(labelArtifacts), run, deps)
  if (plan.keep !== undefined) {
    const storeUrl = await keepStore(plan, kept.experimentName, deps, notes)
    kept.saved = true
    for (const r of withParent(candidate)) evidence.links[r.info.runId] ??= storeUrl
  }
  // Built again: the store's page is known now, whether the label could be logged, and what was
  // registered.
  const report = reportOf(labelArtifacts, registration)
  const published = await publishReport(report, plan.outputDir, charts, deps)
  return { report, published }
}

/**
 * The candidate and its baseline: the project's runs beside the merge base's (paired), else the
 * candidate and then the baseline it is compared with.
 */
async function obtainSides(
  plan: RunPlan,
  settings: Settings,
  of: { context: RunContext; measuredOn?: Environment },
  stores: Stores,
  deps: PipelineDeps & { notes: Notes; record: (runId: string) => void; kept: Kept }
): Promise<{ candidate: Candidate; baseline: Baseline }> {
  const { context } = of
  if (plan.paired !== undefined && plan.run !== undefined) {
    const { run, paired, experimentName } = plan
    const { workspace, project } = settings
    return obtainPairs({ run, paired, workspace, project, experimentName, context }, stores, deps)
  }
  const candidate = await obtainCandidate({ ...plan, ...of }, stores, deps)
  deps.kept.experimentName = candidate.experimentName
  return { candidate, baseline: await findBaseline(plan, candidate, stores, deps) }
}

/**
 * A test that failed at level fail, or a required one not measured, fails the verdict, whatever
 * the metrics say.
 */
export function failTests(decision: Decision, tests: TestRecord[]): Decision {
  if (!testsFailGate(tests)) return decision
  return { ...decision, comparison: { ...decision.comparison, verdict: 'fail' } }
}

/** `register:`, when the config has it: the candidate's model promoted, or why not. */
async function promote(
  sides: { candidate: Candidate; model?: LoggedModel },
  report: Report,
  run: { plan: RunPlan; rules: LoadedConfig; context: RunContext },
  deps: PipelineDeps & { notes: Notes }
): Promise<Registration | undefined> {
  const register = run.rules.config.register
  const first = sides.candidate.set.runs[0]
  if (register === undefined || first === undefined) return undefined
  return registerModel(
    {
      register,
      modelName: run.rules.config.model?.name,
      run: first,
      model: sides.model,
      report,
      context: run.context,
      trackingUri: run.plan.location.uri,
      reportAt: report.labelArtifacts ? `${report.labelArtifacts.uri}/report.html` : undefined
    },
    deps
  )
}

/** The run the report shows: the parent that groups repeats, else the candidate run. */
function shownRun(candidate: Candidate): Run {
  const shown = candidate.set.parent ?? candidate.set.runs[0]
  if (shown === undefined) throw new RangeError('a candidate needs a run')
  return shown
}

/** Where the label's files are written before they are logged (nothing else is in it). */
function labelDir(plan: RunPlan): string {
  return path.join(plan.outputDir, 'label')
}

/** Uploads the action's own store, if it keeps one (pruned on the branch itself). */
async function keepStore(
  plan: RunPlan,
  experimentName: string,
  deps: PipelineDeps,
  notes: Notes,
  options: { prune: boolean } = { prune: true }
): Promise<string | undefined> {
  const keep = plan.keep
  if (keep === undefined) return undefined
  return saveStore(
    {
      ...keep,
      name: storeArtifactName(keep.name, experimentName) || 'care-label-store',
      experimentName,
      prune: options.prune ? keep.prune : undefined
    },
    {
      openStore: () => deps.openStore(plan.location),
      runner: options.prune ? deps.runner : undefined,
      log: deps.log,
      notes
    }
  )
}
