/** MLflow's tracking data as this project models it, independent of where it is stored. */

export type RunStatus = 'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED'

export interface RunInfo {
  runId: string
  runName: string
  experimentId: string
  status: string
  startTime: number
  endTime?: number
  artifactUri?: string
  lifecycleStage: string
}

export interface RunData {
  /** The latest value of each metric (max by step, then timestamp, then value). */
  metrics: Record<string, number>
  params: Record<string, string>
  tags: Record<string, string>
}

export interface Run {
  info: RunInfo
  data: RunData
  /**
   * The logged model whose metrics stand in `data.metrics` in place of the run's own of the same
   * names (see core/logged-models.ts); undefined: the run's own metrics.
   */
  model?: { modelId: string; name: string }
}

/** A registered model's version, as the registry names it. */
export interface ModelVersion {
  name: string
  version: string
  /** The run that logged the version's model; undefined for a version made from elsewhere. */
  runId?: string
  /** The MLflow 3 logged model the version was made from (`models:/<model_id>`), when known. */
  modelId?: string
}

/**
 * An MLflow 3 logged model (`mlflow.<flavor>.log_model(name=…)` makes one, `models:/<model_id>`):
 * metrics can be logged on it (`log_metric(…, model_id=…)`), by its own run or by a later one.
 */
export interface LoggedModel {
  modelId: string
  name: string
  experimentId: string
  /** The run that logged it. */
  sourceRunId?: string
  /** PENDING, READY or FAILED. */
  status: string
  creationTime: number
  /**
   * Each metric's latest value (max by step, then timestamp, then value) over every run and
   * dataset that logged it on the model.
   */
  metrics: Record<string, number>
}

export interface Experiment {
  experimentId: string
  name: string
  artifactLocation?: string
  lifecycleStage: string
}

export interface MetricPoint {
  step: number
  timestamp: number
  value: number
}

export interface SearchRunsRequest {
  experimentIds: string[]
  /** An MLflow filter string, e.g. "tags.`mlflow.project.entryPoint` = 'main'". */
  filter?: string
  /** MLflow order_by clauses, e.g. "attributes.start_time DESC". */
  orderBy?: string[]
  maxResults?: number
  pageToken?: string
}

export interface SearchRunsPage {
  runs: Run[]
  nextPageToken?: string
}

/** The latest point: max by step, then timestamp, then value (as MLflow's stores pick it). */
export function latestPoint<P extends MetricPoint>(points: P[]): P | undefined {
  let best: P | undefined
  for (const p of points) {
    if (
      best === undefined ||
      p.step > best.step ||
      (p.step === best.step &&
        (p.timestamp > best.timestamp || (p.timestamp === best.timestamp && p.value > best.value)))
    ) {
      best = p
    }
  }
  return best
}

/** Each key's latest value among points of several keys. */
export function latestValues(points: Array<MetricPoint & { key: string }>): Record<string, number> {
  const byKey = new Map<string, Array<MetricPoint & { key: string }>>()
  for (const point of points) {
    const list = byKey.get(point.key)
    if (list === undefined) byKey.set(point.key, [point])
    else list.push(point)
  }
  const values: Array<[string, number]> = []
  for (const [key, list] of byKey) {
    const latest = latestPoint(list)
    if (latest !== undefined) values.push([key, latest.value])
  }
  // fromEntries: a metric named __proto__ stays a plain key.
  return Object.fromEntries(values)
}
