/**
 * Strict reading of a report.json that came from somewhere else: the publish stage reads the
 * bundle a pull request's workflow uploaded, so the file was written by code under review. Every
 * field is checked for its type, and strings and lists for their size; unknown fields are
 * dropped, so nothing unchecked reaches the renderers. Pure.
 */
import type { Report } from './types.js'

export class ReportFormatError extends Error {}

/** Generous bounds: far above what a real report has, far below what hurts. */
const LIMITS = { text: 2000, id: 64, list: 20000, points: 1000, map: 5000 }

type Reader<T> = (value: unknown, where: string) => T

function fail(where: string, what: string): never {
  throw new ReportFormatError(`${where} ${what}`)
}

const str =
  (max = LIMITS.text): Reader<string> =>
  (v, where) => {
    if (typeof v !== 'string') fail(where, 'is not a string')
    if (v.length > max) fail(where, `is longer than ${max} characters`)
    return v
  }

/** A number, or the strings MLflow's JSON uses for NaN and the infinities. */
const num: Reader<number> = (v, where) => {
  if (typeof v === 'number') return v
  if (v === 'NaN') return Number.NaN
  if (v === 'Infinity') return Number.POSITIVE_INFINITY
  if (v === '-Infinity') return Number.NEGATIVE_INFINITY
  return fail(where, 'is not a number')
}

const int: Reader<number> = (v, where) => {
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) fail(where, 'is not a whole number')
  return v
}

const bool: Reader<boolean> = (v, where) => {
  if (typeof v !== 'boolean') fail(where, 'is not true or false')
  return v
}

const oneOf =
  <T extends string>(...values: T[]): Reader<T> =>
  (v, where) => {
    if (typeof v !== 'string' || !(values as string[]).includes(v))
      fail(where, `is not one of ${values.join(', ')}`)
    return v as T
  }

const list =
  <T>(item: Reader<T>, max = LIMITS.list): Reader<T[]> =>
  (v, where) => {
    if (!Array.isArray(v)) fail(where, 'is not a list')
    if (v.length > max) fail(where, `has more than ${max} entries`)
    return v.map((x, i) => item(x, `${where}[${i}]`))
  }

const map =
  <T>(value: Reader<T>): Reader<Record<string, T>> =>
  (v, where) => {
    const o = object(v, where)
    const keys = Object.keys(o)
    if (keys.length > LIMITS.map) fail(where, `has more than ${LIMITS.map} entries`)
    const out: Record<string, T> = {}
    for (const key of keys) {
      str(LIMITS.text)(key, `${where} key`)
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

function object(v: unknown, where: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(where, 'is not an object')
  return v as Record<string, unknown>
}

type Shape<T> = { [K in keyof T]-?: Reader<T[K]> }

/** Reads the fields of `shape`; an absent or null optional field stays absent. */
function shape<T>(fields: Shape<T>, optional: Array<keyof T> = []): Reader<T> {
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

const letter = oneOf('A', 'B', 'C', 'D', 'E')
const status = oneOf('pass', 'fail', 'warn', 'missing', 'info')

const runSummary = shape<Report['run']>(
  {
    runId: str(LIMITS.id),
    runName: str(),
    experimentId: str(LIMITS.id),
    status: str(LIMITS.id),
    startTime: num,
    url: str(),
    params: map(str()),
    metrics: map(num)
  },
  ['url']
)

type MetricVerdict = Report['comparison']['metrics'][number]

const verdict = shape<MetricVerdict>(
  {
    metric: str(),
    candidate: num,
    baseline: num,
    change: num,
    relativeChange: num,
    greaterIsBetter: bool,
    direction: oneOf('better', 'worse', 'same', 'within', 'unknown'),
    checks: list(
      shape({
        rule: oneOf('threshold', 'min_absolute_change', 'min_relative_change', 'max_regression'),
        passed: bool,
        description: str()
      }),
      10
    ),
    status,
    level: oneOf('fail', 'warn'),
    notes: list(str(), 20),
    line: int
  },
  ['candidate', 'baseline', 'change', 'relativeChange', 'greaterIsBetter', 'line']
)

const points = list(shape({ step: num, value: num }), LIMITS.points)

const readReport = shape<Report>(
  {
    schemaVersion: (v, where) => {
      if (v !== 1) fail(where, 'is not 1 (a report of another version of this action)')
      return 1
    },
    key: str(200),
    experimentName: str(),
    verdict: oneOf('pass', 'fail', 'no-baseline'),
    gate: bool,
    run: runSummary,
    baseline: runSummary,
    baselineHow: str(),
    comparison: shape({
      verdict: oneOf('pass', 'fail', 'no-baseline'),
      hasBaseline: bool,
      metrics: list(verdict),
      counts: shape({ pass: int, fail: int, warn: int, missing: int, info: int })
    }),
    label: shape<Report['label']>(
      {
        scale: oneOf('A-D', 'A-E'),
        overall: letter,
        baselineOverall: letter,
        categories: list(
          shape({ category: str(200), letter, baselineLetter: letter, metrics: list(str()) }, [
            'letter',
            'baselineLetter'
          ]),
          100
        ),
        metrics: list(
          shape(
            {
              metric: str(),
              category: str(200),
              letter,
              basis: oneOf('absolute', 'index'),
              index: num
            },
            ['index']
          )
        ),
        how: str(),
        notes: list(str(), 1000)
      },
      ['overall', 'baselineOverall']
    ),
    paramChanges: list(
      shape({ key: str(), candidate: str(), baseline: str() }, ['candidate', 'baseline'])
    ),
    config: shape({ file: str(), note: str() }, ['file', 'note']),
    store: str(),
    context: shape(
      {
        event: str(100),
        pullRequest: int,
        headSha: str(LIMITS.id),
        branch: str(300),
        baseRef: str(300),
        workflowRunUrl: str()
      },
      ['pullRequest', 'headSha', 'branch', 'baseRef', 'workflowRunUrl']
    ),
    notes: list(str(), 50),
    histories: list(
      shape({ metric: str(), candidate: points, baseline: points }, ['baseline']),
      20
    ),
    environment: shape(
      { runner: str(200), cpu: str(200), gpu: str(500), python: str(100), mlflow: str(100) },
      ['runner', 'cpu', 'gpu', 'python', 'mlflow']
    ),
    artifactUrl: str()
  },
  ['baseline', 'histories', 'environment', 'artifactUrl']
)

/** Parses and checks a report.json; throws ReportFormatError saying which field is wrong. */
export function parseReport(text: string): Report {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new ReportFormatError(`report.json is not JSON: ${(error as Error).message}`)
  }
  return readReport(json, 'report')
}
