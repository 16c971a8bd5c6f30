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
}

export interface ParamChange {
  key: string
  candidate?: string
  baseline?: string
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
  paramChanges: ParamChange[]
  /** The config file used, or a note on why there is none. */
  config: { file?: string; note?: string }
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
}
