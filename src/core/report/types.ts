import type { ComparisonResult } from '../compare/types.js'
import type { CareLabel } from '../label/types.js'

export interface RunSummary {
  runId: string
  runName: string
  experimentId: string
  status: string
  startTime: number
  /** The run in the MLflow UI, when the store is a server. */
  url?: string
  params: Record<string, string>
  metrics: Record<string, number>
  /** How many runs the summary stands for (repeats, a window), when more than one. */
  runs?: number
  /** The logged model (MLflow 3) whose metrics judged the run, in place of its own. */
  model?: { modelId: string; name: string }
  /** The run is the best child of a sweep (`select:`): the sweep's parent and its size. */
  sweep?: { parentRunId: string; parentRunName: string; children: number; by: string }
}

export interface ParamChange {
  key: string
  candidate?: string
  baseline?: string
}

/** One point of a metric's history. */
export interface HistoryPoint {
  step: number
  value: number
}

/** The range of several runs' values at one step. */
export interface BandPoint {
  step: number
  low: number
  high: number
}

/** A metric's history in this run and in the baseline, down-sampled for charts. */
export interface MetricHistory {
  metric: string
  candidate: HistoryPoint[]
  /** The baseline's first run (the latest). */
  baseline?: HistoryPoint[]
  /**
   * When the baseline is a set of runs: the lowest and highest value of its runs at each step
   * that at least two of them logged, and how many runs it spans.
   */
  baselineBand?: { runs: number; points: BandPoint[] }
}

/** Where the numbers were measured. Every field is optional: unknown is left out. */
export interface Environment {
  /** e.g. "Linux X64" (RUNNER_OS / RUNNER_ARCH, else the machine's). */
  runner?: string
  /** CPU model and count, e.g. "AMD EPYC 7763 × 4". */
  cpu?: string
  /** GPU names, or undefined when none was found. */
  gpu?: string
  python?: string
  mlflow?: string
}

/**
 * One run's numbers as the comparison used them: its metrics, and the tags that say where it was
 * measured. The publish stage decides the verdict again from these, by the base branch's rules.
 */
export interface Measurement {
  runId: string
  metrics: Record<string, number>
  /** The platform tags (OS, architecture, CPU, GPU) the run has. */
  platform: Record<string, string>
}

/** Everything the report shows; rendered to Markdown and written as JSON. */
export interface Report {
  schemaVersion: 1
  /** The key of the sticky comment (workflow/job by default). */
  key: string
  experimentName: string
  verdict: ComparisonResult['verdict']
  /** Whether a failing verdict fails the step. */
  gate: boolean
  run: RunSummary
  baseline?: RunSummary
  /** How the baseline was chosen, or why there is none. */
  baselineHow: string
  comparison: ComparisonResult
  label: CareLabel
  /** Every run of each side, with its numbers: what the verdict was decided from. */
  measurements?: {
    candidate: Measurement[]
    baseline: Measurement[]
    /** The i-th runs of the two sides ran as a pair (`baseline.strategy: paired`). */
    paired?: boolean
  }
  paramChanges: ParamChange[]
  /** The config file used, or a note on why there is none. */
  config: { file?: string; note?: string }
  /** Whose rules judged a pull request (the base branch's or its own), and what it changes. */
  rules?: { from: 'base' | 'head'; changes: string[] }
  store: string
  context: {
    event: string
    pullRequest?: number
    headSha?: string
    branch?: string
    baseRef?: string
    workflowRunUrl?: string
  }
  notes: string[]
  /** Metric histories with more than one step (charts); empty when none. */
  histories?: MetricHistory[]
  environment?: Environment
  /** Where the HTML report and SVG label are, when uploaded as a workflow artifact. */
  artifactUrl?: string
  /**
   * Where the label travels with the run: care-label.svg, report.json and report.html logged as
   * artifacts of the run this report shows (`run`), with its letters as the run's tags. Left
   * out when they could not be logged.
   */
  labelArtifacts?: LabelArtifacts
  /** What `register:` did with the run's model; undefined when the config has no `register:`. */
  registration?: Registration
  /** The care-label tests (`tests:`) run against the model; undefined when there are none. */
  tests?: TestRecord[]
}

/** A care-label test: its run, nested under the candidate's, and how it ended. */
export interface TestRecord {
  name: string
  entryPoint: string
  /** The care-label category the test measures, as the config says. */
  category?: string
  /** The test's run; undefined when `mlflow run` logged none. */
  runId?: string
  /** The run's page; for a test not measured, the page of the workflow run that missed it. */
  url?: string
  /** not-measured: no job of the matrix reported it (the job failed or was cancelled). */
  status: 'passed' | 'failed' | 'not-measured'
  /** fail: a failed test fails the gate. */
  level: 'fail' | 'warn'
  /** A test not measured fails the gate (`required: true`). */
  required?: boolean
  /** Where it ran: the runner, its platform and GPU. */
  ranOn?: string
  /** The metrics the test's run logged. */
  metrics: string[]
  /** The newest baseline run's run of the same test, when it has one. */
  baselineRunId?: string
}

/** A model version made from this run's model (`register:`), or why none was. */
export interface Registration {
  /** The registered model. */
  name: string
  alias: string
  /** The new version; undefined: nothing was registered (see `reason`). */
  version?: string
  /** The version that held the alias before it moved. */
  previousVersion?: string
  /** The model that was (or would be) registered, e.g. `models:/m-…` or `runs:/<id>/model`. */
  source?: string
  /** Why nothing was registered, or what went wrong. */
  reason?: string
  /** Whether nothing being registered is a problem (a warning) rather than the rule (a PR). */
  failed?: boolean
}

/** The label's files among a run's artifacts. */
export interface LabelArtifacts {
  /** MLflow's URI of their directory, `runs:/<run id>/care-label`. */
  uri: string
  /** Whether the run carries the label's letters as tags too. */
  tagged?: boolean
}
