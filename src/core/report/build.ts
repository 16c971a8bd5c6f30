/** Assembles the Report from the runs and the comparison. Pure. */
import type { Run } from '../runs.js'
import type { ParamChange, RunSummary } from './types.js'

export function summarizeRun(run: Run, url?: string): RunSummary {
  return {
    runId: run.info.runId,
    runName: run.info.runName,
    experimentId: run.info.experimentId,
    status: run.info.status,
    startTime: run.info.startTime,
    url,
    params: run.data.params,
    metrics: run.data.metrics
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
