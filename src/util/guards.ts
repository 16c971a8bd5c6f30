/**
 * Small guards for JSON that comes from outside (MLflow's REST API, GitHub event payloads):
 * values are checked into typed values once, never cast.
 */
export type JsonObject = Record<string, unknown>

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function optString(obj: JsonObject, key: string): string | undefined {
  const value = obj[key]
  return typeof value === 'string' ? value : undefined
}

export function optNumber(obj: JsonObject, key: string): number | undefined {
  const value = obj[key]
  if (typeof value === 'number') return value
  // MLflow's REST API sends int64 fields (timestamps, steps) as strings.
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
    return Number(value)
  }
  return undefined
}

export function optObject(obj: JsonObject, key: string): JsonObject | undefined {
  const value = obj[key]
  return isObject(value) ? value : undefined
}

export function optArray(obj: JsonObject, key: string): unknown[] {
  const value = obj[key]
  return Array.isArray(value) ? value : []
}
