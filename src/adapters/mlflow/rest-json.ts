/** Checks MLflow REST API 2.0 JSON into this project's types. Pure. */
import {
  isObject,
  optArray,
  optNumber,
  optObject,
  optString,
  type JsonObject
} from '../../util/guards.js'
import { latestValues } from '../../core/runs.js'
import type { Experiment, LoggedModel, MetricPoint, Run } from '../../core/runs.js'

/** MLflow sends NaN and infinities as the strings "NaN", "Infinity" and "-Infinity". */
export function parseMetricValue(value: unknown): number {
  if (typeof value === 'number') return value
  if (typeof value === 'string') {
    if (value === 'NaN') return Number.NaN
    if (value === 'Infinity') return Number.POSITIVE_INFINITY
    if (value === '-Infinity') return Number.NEGATIVE_INFINITY
    const parsed = Number(value)
    if (value.trim() !== '' && !Number.isNaN(parsed)) return parsed
  }
  return Number.NaN
}

export function parseExperiment(json: unknown): Experiment | undefined {
  if (!isObject(json)) return undefined
  const experimentId = optString(json, 'experiment_id')
  const name = optString(json, 'name')
  if (experimentId === undefined || name === undefined) return undefined
  return {
    experimentId,
    name,
    artifactLocation: optString(json, 'artifact_location'),
    lifecycleStage: optString(json, 'lifecycle_stage') ?? 'active'
  }
}

function parseKeyValues(items: unknown[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const item of items) {
    if (!isObject(item)) continue
    const key = optString(item, 'key')
    if (key === undefined) continue
    out[key] = optString(item, 'value') ?? ''
  }
  return out
}

export function parseMetricPoint(item: unknown): (MetricPoint & { key: string }) | undefined {
  if (!isObject(item)) return undefined
  const key = optString(item, 'key')
  if (key === undefined) return undefined
  return {
    key,
    value: parseMetricValue(item['value']),
    timestamp: optNumber(item, 'timestamp') ?? 0,
    step: optNumber(item, 'step') ?? 0
  }
}

/** Parses `{info, data}` of a run; undefined when the shape is not a run. */
export function parseRun(json: unknown): Run | undefined {
  if (!isObject(json)) return undefined
  const info = optObject(json, 'info')
  if (info === undefined) return undefined
  const runId = optString(info, 'run_id') ?? optString(info, 'run_uuid')
  const experimentId = optString(info, 'experiment_id')
  if (runId === undefined || experimentId === undefined) return undefined
  const data: JsonObject = optObject(json, 'data') ?? {}
  const metrics: Record<string, number> = {}
  for (const item of optArray(data, 'metrics')) {
    const point = parseMetricPoint(item)
    if (point !== undefined) metrics[point.key] = point.value
  }
  const tags = parseKeyValues(optArray(data, 'tags'))
  return {
    info: {
      runId,
      runName: optString(info, 'run_name') ?? tags['mlflow.runName'] ?? '',
      experimentId,
      status: optString(info, 'status') ?? 'UNKNOWN',
      startTime: optNumber(info, 'start_time') ?? 0,
      endTime: optNumber(info, 'end_time'),
      artifactUri: optString(info, 'artifact_uri'),
      lifecycleStage: optString(info, 'lifecycle_stage') ?? 'active'
    },
    data: { metrics, params: parseKeyValues(optArray(data, 'params')), tags }
  }
}

/**
 * Parses a logged model (`{info, data}` of `logged-models/search`); its status loses the
 * `LOGGED_MODEL_` of the protobuf enum. Undefined when the shape is not a logged model.
 */
export function parseLoggedModel(json: unknown): LoggedModel | undefined {
  if (!isObject(json)) return undefined
  const info = optObject(json, 'info')
  const modelId = info === undefined ? undefined : optString(info, 'model_id')
  if (info === undefined || modelId === undefined) return undefined
  const points = optArray(optObject(json, 'data') ?? {}, 'metrics').flatMap(
    item => parseMetricPoint(item) ?? []
  )
  return {
    modelId,
    name: optString(info, 'name') ?? '',
    experimentId: optString(info, 'experiment_id') ?? '',
    sourceRunId: optString(info, 'source_run_id') || undefined,
    status: (optString(info, 'status') ?? 'UNSPECIFIED').replace(/^LOGGED_MODEL_/, ''),
    creationTime: optNumber(info, 'creation_timestamp_ms') ?? 0,
    metrics: latestValues(points)
  }
}
