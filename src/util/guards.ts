/**
 * The one toolkit for data read from outside (MLflow's REST API, GitHub's payloads, a bundle's
 * report.json, MLflow's output): values are checked into typed values once, never cast.
 *
 * Two kinds: lenient `opt*` getters for payloads where a missing or odd field is simply absent,
 * and strict `Reader`s (`str`, `num`, `list`, `shape`, …) for data that must be exactly right,
 * which throw a DataFormatError naming the field.
 */
import { DataFormatError } from '../errors.js'
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

/** Reads an outside value into a typed one, or throws DataFormatError saying where and what. */
export type Reader<T> = (value: unknown, where: string) => T

function fail(where: string, what: string): never {
  throw new DataFormatError(`${where} ${what}`)
}

/** A string of at most `max` characters. */
export const str =
  (max = 2000): Reader<string> =>
  (v, where) => {
    if (typeof v !== 'string') fail(where, 'is not a string')
    if (v.length > max) fail(where, `is longer than ${max} characters`)
    return v
  }

/** A number, or the strings MLflow's JSON uses for NaN and the infinities. */
export const num: Reader<number> = (v, where) => {
  if (typeof v === 'number') return v
  if (v === 'NaN') return Number.NaN
  if (v === 'Infinity') return Number.POSITIVE_INFINITY
  if (v === '-Infinity') return Number.NEGATIVE_INFINITY
  return fail(where, 'is not a number')
}

/** A safe integer. */
export const int: Reader<number> = (v, where) => {
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) fail(where, 'is not a whole number')
  return v
}

export const bool: Reader<boolean> = (v, where) => {
  if (typeof v !== 'boolean') fail(where, 'is not true or false')
  return v
}

/** One of the given strings. */
export const oneOf =
  <T extends string>(...values: T[]): Reader<T> =>
  (v, where) => {
    if (typeof v !== 'string' || !(values as string[]).includes(v))
      fail(where, `is not one of ${values.join(', ')}`)
    return v as T
  }

/** A list of at most `max` items. */
export const list =
  <T>(item: Reader<T>, max = 20000): Reader<T[]> =>
  (v, where) => {
    if (!Array.isArray(v)) fail(where, 'is not a list')
    if (v.length > max) fail(where, `has more than ${max} entries`)
    return v.map((x, i) => item(x, `${where}[${i}]`))
  }

/** An object used as a map: at most `max` keys (of at most 2,000 characters each). */
export const map =
  <T>(value: Reader<T>, max = 5000): Reader<Record<string, T>> =>
  (v, where) => {
    const o = object(v, where)
    const keys = Object.keys(o)
    if (keys.length > max) fail(where, `has more than ${max} entries`)
    const out: Record<string, T> = {}
    for (const key of keys) {
      str()(key, `${where} key`)
      // defineProperty: a key such as "__proto__" stays a plain entry.
      Object.defineProperty(out, key, {
        value: value(o[key], `${where}.${key}`),
        enumerable: true,
        writable: true,
        configurable: true
      })
    }
    return out
  }

export function object(v: unknown, where: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(where, 'is not an object')
  return v as Record<string, unknown>
}

export type Shape<T> = { [K in keyof T]-?: Reader<T[K]> }

/** Reads the fields of `shape`; an absent or null optional field stays absent. */
export function shape<T>(fields: Shape<T>, optional: Array<keyof T> = []): Reader<T> {
  return (v, where) => {
    const o = object(v, where)
    const out: Partial<T> = {}
    for (const key of Object.keys(fields) as Array<keyof T>) {
      const raw = o[key as string]
      if (raw === undefined || raw === null) {
        if (optional.includes(key)) continue
        fail(`${where}.${String(key)}`, 'is missing')
      }
      out[key] = fields[key](raw, `${where}.${String(key)}`)
    }
    return out as T
  }
}
