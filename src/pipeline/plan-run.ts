/**
 * Step 2: what this run will do, from the settings: run the project here (checked first) or
 * adopt a logged run; where runs are logged; which branch holds the baselines; whether the
 * action's own store travels as a workflow artifact. The steps after it take this plan, never
 * the settings.
 */
import path from 'node:path'
import { artifactNameFrom } from '../core/names.js'
import {
  DEFAULT_BASELINE_WINDOW,
  type BaselineSettings,
  type CareLabelConfig
} from '../core/config/types.js'
import type { RunContext } from '../core/context.js'
import { defaultReportKey } from '../core/report/build.js'
import type { ArtifactStore } from '../ports.js'
import type { TrackingLocation } from '../settings/tracking-uri.js'
import type { Backend, Settings } from '../settings/types.js'
import { ConfigError, InputError } from '../errors.js'
import { checkProject } from './check-project.js'
import type { Notes } from './notes.js'
import { defaultRunName, type RunRequest } from './obtain-candidate.js'
import type { CarriedHistory } from './open-stores.js'

/** The action's own local store, uploaded as a workflow artifact after the run. */
export interface KeptStore {
  artifacts: ArtifactStore
  uri: string
  path: string
  /** The artifact's name as given; empty: named after the experiment. */
  name: string
  /** Runs to keep when pruning; undefined: no pruning (a pull request adds no history). */
  prune?: number
}

export interface RunPlan {
  location: TrackingLocation
  /** The branch whose runs are baselines; undefined: none is known for this event. */
  branch?: string
  /** The project run; undefined: the run `adopt` names is the candidate. */
  run?: RunRequest
  adopt?: string
  /** `baseline-run-id`. */
  baselineRunId?: string
  /** How many of the base branch's latest runs form the baseline. */
  window: number
  /** An MLflow filter that chooses the baseline runs instead of the branch (`baseline.filter`). */
  baselineFilter?: string
  /** `models:/<name>@<alias>`: the run behind that model version (`baseline.model`). */
  baselineModel?: string
  /** The pull request's base branch and head commit, when its merge base is the baseline. */
  mergeBaseOf?: { base: string; head: string }
  /**
   * `baseline.strategy: paired`: the merge base of `base` and `head` runs here too, interleaved
   * with the candidate, `pairs` times each.
   */
  paired?: { base: string; head: string; pairs: number }
  /** Runs that started before this time (ms) are too old (`baseline.max_age_days`). */
  since?: number
  /** With fewer runs than this, there is no baseline (`baseline.min_runs`). */
  minRuns?: number
  /** The experiment (empty when adopting a run without a name given: the run's own). */
  experimentName: string
  keep?: KeptStore
  carried?: CarriedHistory
  reportKey: string
  gate: boolean
  outputDir: string
}

export function planRun(
  settings: Settings,
  context: RunContext,
  config: CareLabelConfig,
  edges: { artifacts?: ArtifactStore; now: number },
  notes: Notes
): RunPlan {
  const { artifacts } = edges
  const location = settings.tracking
  const branch = baselineBranchOf(settings.baselineBranch, config, context)
  const project =
    settings.runId === ''
      ? checkProject(settings.workspace, settings.project, settings.entryPoint, settings.parameters)
      : undefined
  for (const note of project?.notes ?? []) {
    notes.warn(note.message, { file: project?.file ?? '', line: note.line })
  }
  if (project) checkBackendStore(settings.backend, location)
  const experimentName =
    settings.experimentName ||
    (project ? project.name || context.repository?.repo || 'Default' : '')
  const own = ownStore(settings, context, { artifacts, runsHere: project !== undefined })
  return {
    location,
    branch,
    run: project && {
      dir: project.dir,
      project: settings.project,
      entryPoint: settings.entryPoint,
      parameters: settings.parameters,
      envManager: settings.envManager,
      backend: settings.backend,
      backendConfig: settings.backendConfig,
      waitTimeoutMinutes: settings.waitTimeoutMinutes,
      experimentName,
      runName: settings.runName || defaultRunName(context),
      ...repeatsOf(config, project.declared)
    },
    adopt: project ? undefined : settings.runId,
    ...baselinePlan(settings, context, config, edges.now),
    paired: pairedOf(config, context, project !== undefined, settings.backend),
    experimentName,
    keep: own?.keep,
    carried:
      own?.carry && branch
        ? {
            artifacts: own.artifacts,
            name: storeArtifactName(settings.artifactName, experimentName),
            branch,
            onBranch: context.pullRequest === undefined,
            experimentName,
            downloadDir: path.join(settings.outputDir, 'history', 'download')
          }
        : undefined,
    reportKey: settings.reportKey || defaultReportKey(context),
    gate: settings.failOnRegression,
    outputDir: settings.outputDir
  }
}

/**
 * Without a tracking server, the action's own store travels as a workflow artifact; only a run of
 * the branch itself (not a pull request, not an adopted run) drops old runs from it. A matrix's
 * partial jobs keep none (the aggregate job does, from the training job's). Whether the branch's
 * latest store is downloaded (`carry`), and the store that is kept; undefined: no own store.
 */
function ownStore(
  settings: Settings,
  context: RunContext,
  edges: { artifacts?: ArtifactStore; runsHere: boolean }
): { artifacts: ArtifactStore; keep?: KeptStore; carry: boolean } | undefined {
  const { artifacts } = edges
  const location = settings.tracking
  if (artifacts === undefined || location.kind !== 'sqlite' || !location.own) return undefined
  const history = logsHistory(settings.mode, edges.runsHere)
  const onBranch = context.pullRequest === undefined
  const prune = history && onBranch ? settings.historyRuns : undefined
  const keep: KeptStore | undefined =
    settings.mode === 'partial'
      ? undefined
      : { artifacts, uri: location.uri, path: location.path, name: settings.artifactName, prune }
  return { artifacts, keep, carry: history && carriesHistory(settings.mode, onBranch) }
}

/**
 * Whether this run adds to the branch's history: the project ran here, or the aggregate job of a
 * matrix reports the run its training job logged.
 */
function logsHistory(mode: Settings['mode'], runsHere: boolean): boolean {
  return runsHere || mode === 'aggregate'
}

/**
 * Whether the branch's latest store is downloaded: a matrix's training job carries it forward on
 * the branch (its store becomes the aggregate's); a partial job on a pull request needs no
 * baseline; the aggregate job's store already holds it on the branch, and reads it beside its
 * own on a pull request.
 */
function carriesHistory(mode: Settings['mode'], onBranch: boolean): boolean {
  if (mode === 'partial') return onBranch
  if (mode === 'aggregate') return !onBranch
  return true
}

/** How the baseline is chosen: a run id, a filter, or the branch's window (and its bounds). */
function baselinePlan(
  settings: Settings,
  context: RunContext,
  config: CareLabelConfig,
  now: number
): Pick<
  RunPlan,
  | 'baselineRunId'
  | 'baselineFilter'
  | 'baselineModel'
  | 'window'
  | 'mergeBaseOf'
  | 'since'
  | 'minRuns'
> {
  const { baseline } = config
  return {
    baselineRunId: settings.baselineRunId || baseline.runId,
    baselineFilter: baseline.filter,
    baselineModel: baseline.model,
    window: windowOf(baseline),
    mergeBaseOf: mergeBaseOf(config, context, settings.baselineBranch),
    since: baseline.maxAgeDays === undefined ? undefined : now - baseline.maxAgeDays * 86_400_000,
    minRuns: baseline.minRuns
  }
}

/**
 * The pull request whose merge base is the baseline: by default on a pull request (unless the
 * baseline branch was named as an input, or another strategy chosen).
 */
function mergeBaseOf(
  config: CareLabelConfig,
  context: RunContext,
  branchInput: string
): { base: string; head: string } | undefined {
  const strategy = config.baseline.strategy
  if (strategy === 'model' || strategy === 'paired') return undefined
  const wanted = strategy === 'merge-base' || (strategy === undefined && branchInput === '')
  if (!wanted || context.pullRequest === undefined || !context.baseRef || !context.headSha) {
    return undefined
  }
  return { base: config.baseline.branch ?? context.baseRef, head: context.headSha }
}

/** How many pairs a pull request runs with `baseline.strategy: paired` when none is given. */
export const DEFAULT_PAIRS = 5

/**
 * The pairs to run with `baseline.strategy: paired`: on a pull request whose project runs here.
 * Elsewhere there is no base commit to pair with: the baseline is the branch's latest runs.
 */
function pairedOf(
  config: CareLabelConfig,
  context: RunContext,
  runsHere: boolean,
  backend: Backend
): RunPlan['paired'] {
  if (config.baseline.strategy !== 'paired') return undefined
  if (!runsHere) {
    throw new ConfigError(
      'baseline.strategy paired runs the project here, beside the baseline commit: it cannot adopt a run (run-id). Remove run-id, or choose another strategy.',
      { file: config.file ?? 'the config file' }
    )
  }
  // Pairs cancel out what differs between machines only when both runs of a pair share one.
  if (backend !== 'local') {
    throw new ConfigError(
      surface =>
        `baseline.strategy paired runs both commits side by side on this runner, but ${surface.input('backend')} ${backend} gives each run a machine of its own, so what differs between machines would not cancel out. Use the local backend, or another strategy.`,
      { file: config.file ?? 'the config file' }
    )
  }
  // A push records history: its baseline is the branch's latest runs, as with `latest`.
  if (context.pullRequest === undefined || !context.baseRef || !context.headSha) return undefined
  return {
    base: config.baseline.branch ?? context.baseRef,
    head: context.headSha,
    pairs: config.decision?.pairedRuns ?? DEFAULT_PAIRS
  }
}

/**
 * How many base-branch runs form the baseline: as configured, else enough for a noise estimate
 * (fewer are used when fewer exist); one for a baseline named by its run id.
 */
function windowOf(baseline: BaselineSettings): number {
  if (baseline.strategy === 'run-id' || baseline.strategy === 'model') return 1
  return baseline.window ?? DEFAULT_BASELINE_WINDOW
}

/** How often the candidate runs, and the seed parameter set to 0..N-1 when it is declared. */
function repeatsOf(
  config: CareLabelConfig,
  declared: string[]
): { repeats: number; seedParam?: string } {
  const repeats = config.decision?.repeats ?? 1
  const seed = config.decision?.seedParam ?? 'seed'
  return { repeats, seedParam: declared.includes(seed) ? seed : undefined }
}

/**
 * A cluster logs the run itself, to the tracking URI it is given: a local store on this runner
 * is out of its reach (a kubernetes run would log into its pod's own file, and MLflow refuses to
 * send a databricks run without a server).
 */
function checkBackendStore(backend: Backend, location: TrackingLocation): void {
  if (backend === 'local' || (location.kind !== 'sqlite' && location.kind !== 'file')) return
  throw new InputError('backend', surface => {
    const here = surface.name === 'cli' ? 'this machine' : 'this runner'
    const own =
      surface.name === 'cli' ? 'in the output directory' : 'this action keeps on the runner'
    const store =
      location.kind === 'sqlite' && location.own
        ? `the local store ${own}`
        : `the local store ${location.uri}`
    return `${backend} runs the project on a cluster, which cannot log to ${store}. Set ${surface.input('tracking-uri')} to an MLflow tracking server that both ${here} and the cluster reach.`
  })
}

/** The branch whose runs are baselines: the input, the config, else the event's. */
function baselineBranchOf(
  input: string,
  config: CareLabelConfig,
  context: RunContext
): string | undefined {
  if (input) return input
  if (config.baseline.branch) return config.baseline.branch
  if (context.pullRequest !== undefined) return context.baseRef
  return context.eventName === 'push' ? context.branch : undefined
}

/** The store artifact's name: as given, else after the experiment (empty until it is known). */
export function storeArtifactName(input: string, experimentName: string): string {
  if (input || experimentName === '') return input
  return `care-label-store-${artifactNameFrom(experimentName)}`
}
