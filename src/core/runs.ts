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
}

/** A registered model's version, as the registry names it. */
export interface ModelVersion {
  name: string
  version: string
  /** The run that logged the version's model; undefined for a version made from elsewhere. */
  runId?: string
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
