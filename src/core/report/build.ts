/** Assembles the Report from the runs and the comparison: the one place a Report is made. Pure. */
import type { ComparisonResult } from '../compare/types.js'
import { centreOf, type RunSet } from '../compare/samples.js'
import type { RunContext } from '../context.js'
import type { CareLabel } from '../label/types.js'
import type { Run } from '../runs.js'
import { PLATFORM_TAGS } from '../baseline/platform.js'
import type {
  Environment,
  LabelArtifacts,
  Measurement,
  MetricHistory,
  ParamChange,
  Registration,
  Report,
  RunSummary,
  TestRecord
} from './types.js'

export interface ReportInput {
  /** The key of the sticky comment. */
  key: string
  experimentName: string
  /** Whether a failing verdict fails the step. */
  gate: boolean
  candidate: RunSet
  baseline: RunSet
  /** The runs' pages (the MLflow UI, or the artifact that holds the local store), by run id. */
  links: Record<string, string | undefined>
  comparison: ComparisonResult
  label: CareLabel
  config: { file?: string; note?: string }
  /** Whose rules judged the run, and what the pull request changes in them. */
  rules?: { from: 'base' | 'head'; changes: string[] }
  /** Where the runs are, in words with no secrets. */
  store: string
  context: RunContext
  notes: string[]
  histories: MetricHistory[]
  environment?: Environment
  /** The label's files among the shown run's artifacts, once they are logged there. */
  labelArtifacts?: LabelArtifacts
  /** What `register:` did, once it is known. */
  registration?: Registration
  /** The care-label tests that ran. */
  tests?: TestRecord[]
}

/** Where the label's files go among a run's artifacts. */
export const LABEL_ARTIFACT_PATH = 'care-label'

/** The label's files among the artifacts of run `runId`, as MLflow names them. */
export function labelArtifactsOf(runId: string): LabelArtifacts {
  return { uri: `runs:/${runId}/${LABEL_ARTIFACT_PATH}` }
}

/** The report key when none is given: one sticky comment per workflow and job. */
export function defaultReportKey(context: RunContext): string {
  return context.workflow ? `${context.workflow}/${context.job}` : 'local'
}

export function buildReport(input: ReportInput): Report {
  const [run] = input.candidate.runs
  if (run === undefined) throw new RangeError('a report needs a candidate run')
  const baseline = input.baseline.runs[0]
  const { context } = input
  return {
    schemaVersion: 1,
    key: input.key,
    experimentName: input.experimentName,
    verdict: input.comparison.verdict,
    gate: input.gate,
    run: summarizeSet(input.candidate, input.links),
    baseline: baseline ? summarizeSet(input.baseline, input.links) : undefined,
    baselineHow: input.baseline.how,
    comparison: input.comparison,
    label: input.label,
    measurements: {
      candidate: input.candidate.runs.map(measure),
      baseline: input.baseline.runs.map(measure),
      paired: input.baseline.paired
    },
    paramChanges: baseline ? diffParams(run.data.params, baseline.data.params) : [],
    config: input.config,
    rules: input.rules,
    store: input.store,
    context: {
      event: context.eventName,
      pullRequest: context.pullRequest,
      headSha: context.headSha || undefined,
      branch: context.branch || undefined,
      baseRef: context.baseRef,
      workflowRunUrl: context.runUrl
    },
    notes: input.notes,
    histories: input.histories,
    environment: input.environment,
    labelArtifacts: input.labelArtifacts,
    ...(input.registration ? { registration: input.registration } : {}),
    ...(input.tests && input.tests.length > 0 ? { tests: input.tests } : {})
  }
}

export function summarizeRun(run: Run, url?: string): RunSummary {
  return {
    runId: run.info.runId,
    runName: run.info.runName,
    experimentId: run.info.experimentId,
    status: run.info.status,
    startTime: run.info.startTime,
    url,
    params: run.data.params,
    metrics: run.data.metrics,
    ...(run.model ? { model: run.model } : {})
  }
}

/** A run's numbers and where they were measured, as the comparison used them. */
export function measure(run: Run): Measurement {
  const platform: Record<string, string> = {}
  for (const tag of PLATFORM_TAGS) {
    const value = run.data.tags[tag]
    if (value !== undefined) platform[tag] = value
  }
  return { runId: run.info.runId, metrics: run.data.metrics, platform }
}

/** A measurement as a run again: enough of one for the comparison (metrics and platform). */
export function measuredRun(m: Measurement): Run {
  return {
    info: {
      runId: m.runId,
      runName: '',
      experimentId: '',
      status: 'FINISHED',
      startTime: 0,
      lifecycleStage: 'active'
    },
    data: { metrics: m.metrics, params: {}, tags: m.platform }
  }
}

/**
 * A set of runs as the report shows it: one run as itself; repeats as their parent run, with the
 * centre of their values; a window as its newest run, with the window's centre.
 */
function summarizeSet(set: RunSet, links: Record<string, string | undefined>): RunSummary {
  const [first] = set.runs
  const shown = set.parent ?? first
  if (shown === undefined || first === undefined) throw new RangeError('an empty set of runs')
  const summary = withSweep(summarizeRun(shown, links[shown.info.runId]), set)
  if (set.runs.length === 1 && set.parent === undefined) return summary
  return {
    ...summary,
    params: first.data.params,
    metrics: centreOf(set.runs) ?? {},
    runs: set.runs.length,
    ...(first.model ? { model: first.model } : {})
  }
}

function withSweep(summary: RunSummary, set: RunSet): RunSummary {
  const sweep = set.sweep
  if (sweep === undefined) return summary
  return {
    ...summary,
    sweep: {
      parentRunId: sweep.parent.info.runId,
      parentRunName: sweep.parent.info.runName,
      children: sweep.children,
      by: sweep.by
    }
  }
}

export function diffParams(
  candidate: Record<string, string>,
  baseline: Record<string, string>
): ParamChange[] {
  const keys = [...new Set([...Object.keys(candidate), ...Object.keys(baseline)])].sort()
  return keys
    .filter(key => candidate[key] !== baseline[key])
    .map(key => ({ key, candidate: candidate[key], baseline: baseline[key] }))
}

/** JSON cannot hold NaN or infinities: write them as MLflow's REST API does ("NaN", "Infinity"). */
export function toJson(value: unknown): string {
  return JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (typeof v === 'number' && !Number.isFinite(v)) {
        return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity'
      }
      return v
    },
    2
  )
}
