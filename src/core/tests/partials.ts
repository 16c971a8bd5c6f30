/**
 * Care-label tests across a matrix: which tests a job runs (the `tests` input), the partial
 * bundle each job of the matrix uploads (`mode: partial`), and how the aggregate job checks and
 * merges them into one set of test records (`mode: aggregate`). Pure.
 */
import { DataFormatError, ReportFormatError } from '../../errors.js'
import { bool, int, list, oneOf, shape, str } from '../../util/guards.js'
import type { TestSpec } from '../config/types.js'
import type { Environment, TestRecord } from '../report/types.js'

/** Partial bundles are named with this prefix and the job's key. */
export const PARTIAL_PREFIX = 'care-label-partial-'

/** The tests a selection names: by name, and all whose `runs_on` has one of its labels. */
export function selectTests(
  tests: TestSpec[],
  selection: { names: string[]; labels: string[] } | undefined
): { selected: TestSpec[]; unknown: string[]; unmatched: string[] } {
  if (selection === undefined) return { selected: tests, unknown: [], unmatched: [] }
  const known = new Set(tests.map(t => t.name))
  const unknown = selection.names.filter(name => !known.has(name))
  const unmatched = selection.labels.filter(label => !tests.some(t => t.runsOn.includes(label)))
  const selected = tests.filter(
    t =>
      selection.names.includes(t.name) || t.runsOn.some(label => selection.labels.includes(label))
  )
  return { selected, unknown, unmatched }
}

/** What a matrix job uploads: who it is, the run it tested, and its tests' records. */
export interface PartialBundle {
  schemaVersion: 1
  /** The job's key: one bundle per key (a re-run attempt replaces the earlier one). */
  key: string
  workflowRunId: number
  runAttempt: number
  /** The commit the job measured (a pull request's head, or the pushed commit). */
  headSha: string
  /** The job's page (or the workflow run's), for a test it did not measure. */
  jobUrl?: string
  candidate: {
    runId: string
    experimentId: string
    experimentName: string
    /** Whether this job trained the candidate (its store is the one the others copied). */
    trained: boolean
  }
  /** Where this job's tests ran. */
  environment: Environment
  /** Whether the bundle carries the job's local MLflow store (no tracking server). */
  store: boolean
  tests: BundledRecord[]
}

/** A test record as a bundle carries it: no links (the aggregate makes its own). */
type BundledRecord = Omit<TestRecord, 'url' | 'required' | 'baselineRunId'>

const record = shape<BundledRecord>(
  {
    name: str(200),
    entryPoint: str(200),
    category: str(200),
    runId: str(64),
    status: oneOf('passed', 'failed'),
    level: oneOf('fail', 'warn'),
    metrics: list(str(), 1000),
    ranOn: str(500)
  },
  ['category', 'runId', 'ranOn']
)

const readPartial = shape<PartialBundle>(
  {
    schemaVersion: (v, where) => {
      if (v !== 1) throw new ReportFormatError(`${where} is not 1 (a bundle of another version)`)
      return 1
    },
    key: str(300),
    workflowRunId: int,
    runAttempt: int,
    headSha: str(64),
    jobUrl: str(),
    candidate: shape({
      runId: str(64),
      experimentId: str(64),
      experimentName: str(),
      trained: bool
    }),
    environment: shape(
      { runner: str(200), cpu: str(200), gpu: str(500), python: str(100), mlflow: str(100) },
      ['runner', 'cpu', 'gpu', 'python', 'mlflow']
    ),
    store: bool,
    tests: list(record, 200)
  },
  ['jobUrl']
)

/** Reads a partial.json strictly; throws ReportFormatError naming the field that is wrong. */
export function parsePartial(text: string): PartialBundle {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new ReportFormatError(`partial.json is not JSON: ${String(error)}`)
  }
  try {
    return readPartial(json, 'partial')
  } catch (error) {
    if (error instanceof DataFormatError) throw new ReportFormatError(error.message)
    throw error
  }
}

/** The job's key: its name and the tests it ran, as an artifact name allows. */
export function partialKey(job: string, tests: string[]): string {
  const share = tests.length === 0 ? 'none' : tests.join('+')
  const text = `${job}-${share}`.replace(/[":<>|*?\\/\r\n\s]+/g, '-')
  return text.length <= 120 ? text : `${text.slice(0, 100)}-${hash(text)}`
}

/** A short stable hash (FNV-1a, hex) that keeps long keys apart. */
function hash(text: string): string {
  let h = 0x811c9dc5
  for (const char of text) h = Math.imul(h ^ (char.codePointAt(0) ?? 0), 0x01000193) >>> 0
  return h.toString(16).padStart(8, '0')
}

/** Where a test ran, in a few words: the runner's name, its platform, its GPU. */
export function describeWhere(environment: Environment, runnerName?: string): string {
  const gpu = environment.gpu ? `GPU ${environment.gpu}` : 'no GPU'
  const parts = [runnerName, environment.runner, gpu]
  return parts.filter((p): p is string => p !== undefined && p !== '').join(' · ')
}

/** A named bundle, as the aggregate job downloaded it. */
export interface NamedPartial {
  /** The artifact's name. */
  name: string
  bundle: PartialBundle
}

export interface MergedPartials {
  candidateRunId: string
  experimentId: string
  experimentName: string
  /** Every test of the config, in its order: measured, or not measured. */
  records: TestRecord[]
  /** Which bundle measured each test (by the test's name). */
  from: Map<string, NamedPartial>
  /** The bundle whose store holds the candidate as trained (no tracking server). */
  base?: NamedPartial
  /** The bundles used (the latest attempt of each key). */
  used: NamedPartial[]
}

/**
 * Checks the partial bundles of one workflow run and merges their tests: every bundle must be
 * of this run and commit and about one candidate run; no two jobs may claim one test; a test no
 * bundle measured is "not measured", with the workflow run's page. Throws ReportFormatError.
 */
export function mergePartials(
  partials: NamedPartial[],
  expect: { workflowRunId: number; headSha: string; runId?: string; runUrl?: string },
  tests: TestSpec[]
): MergedPartials {
  if (partials.length === 0) {
    throw new ReportFormatError(
      `workflow run ${expect.workflowRunId} has no partial bundle (${PARTIAL_PREFIX}*): the jobs that run in mode: partial must come first (in its needs:), and the training job must have finished (when it failed, its local store is in the artifact care-label-failed-*)`
    )
  }
  for (const { name, bundle } of partials) {
    if (bundle.workflowRunId !== expect.workflowRunId) {
      throw new ReportFormatError(
        `partial bundle '${name}' is of workflow run ${bundle.workflowRunId}, not of this one (${expect.workflowRunId})`
      )
    }
    if (bundle.headSha !== expect.headSha) {
      throw new ReportFormatError(
        `partial bundle '${name}' measured commit ${bundle.headSha.slice(0, 7)}, not ${expect.headSha.slice(0, 7)}, the commit of this run`
      )
    }
  }
  const latest = latestAttempts(partials)
  const wanted = expect.runId ?? newestTrained(latest) ?? latest[0]?.bundle.candidate.runId ?? ''
  const attempt = Math.max(
    0,
    ...latest.filter(p => p.bundle.candidate.runId === wanted).map(p => p.bundle.runAttempt)
  )
  // A job of an earlier attempt that tested the run of that attempt's training, when the whole
  // workflow was run again and this job's share did not report this time: not measured now.
  const used = latest.filter(
    p => p.bundle.candidate.runId === wanted || p.bundle.runAttempt >= attempt
  )
  const other = used.find(p => p.bundle.candidate.runId !== wanted)
  if (other !== undefined) {
    throw new ReportFormatError(
      `partial bundle '${other.name}' tested run ${other.bundle.candidate.runId}, not ${wanted}: every job of the matrix must test the same run (give each the training job's run-id output)`
    )
  }
  const from = claims(used, tests)
  const records = tests.map(
    test =>
      from.get(test.name)?.bundle.tests.find(t => t.name === test.name) ??
      notMeasured(test, expect.runUrl)
  )
  const base =
    used.find(p => p.bundle.candidate.trained && p.bundle.store) ?? used.find(p => p.bundle.store)
  const candidate = (used.find(p => p.bundle.candidate.trained) ?? used[0])?.bundle.candidate
  return {
    candidateRunId: wanted,
    experimentId: candidate?.experimentId ?? '',
    experimentName: candidate?.experimentName ?? '',
    records,
    from,
    base,
    used
  }
}

/** The run the latest attempt's training job trained. */
function newestTrained(partials: NamedPartial[]): string | undefined {
  const trained = partials
    .filter(p => p.bundle.candidate.trained)
    .sort((a, b) => b.bundle.runAttempt - a.bundle.runAttempt)
  return trained[0]?.bundle.candidate.runId
}

/** Of the bundles of one key, the latest attempt's (a re-run of a failed job). */
function latestAttempts(partials: NamedPartial[]): NamedPartial[] {
  const byKey = new Map<string, NamedPartial>()
  for (const partial of partials) {
    const held = byKey.get(partial.bundle.key)
    if (held === undefined || held.bundle.runAttempt < partial.bundle.runAttempt) {
      byKey.set(partial.bundle.key, partial)
    }
  }
  return [...byKey.values()]
}

/** Which bundle measured each test; a test two jobs claim, or the config lacks, is refused. */
function claims(used: NamedPartial[], tests: TestSpec[]): Map<string, NamedPartial> {
  const known = new Set(tests.map(t => t.name))
  const from = new Map<string, NamedPartial>()
  for (const partial of used) {
    for (const test of partial.bundle.tests) {
      if (!known.has(test.name)) {
        throw new ReportFormatError(
          `partial bundle '${partial.name}' ran test '${test.name}', which the config's tests: do not have (the jobs of one run must read the same config)`
        )
      }
      const held = from.get(test.name)
      if (held !== undefined) {
        throw new ReportFormatError(
          `test '${test.name}' was run by two jobs ('${held.name}' and '${partial.name}'): give each job of the matrix its own tests (the tests input)`
        )
      }
      from.set(test.name, partial)
    }
  }
  return from
}

/** A test no job measured here; `url`: the page of the workflow run that missed it. */
export function notMeasured(test: TestSpec, url?: string): TestRecord {
  return {
    name: test.name,
    entryPoint: test.entryPoint,
    ...(test.category ? { category: test.category } : {}),
    status: 'not-measured',
    level: test.level,
    required: test.required,
    metrics: [],
    ...(url ? { url } : {})
  }
}

/**
 * Whether the tests fail the gate whatever the metrics say: one that failed at level fail, or a
 * required one that was not measured.
 */
export function testsFailGate(tests: readonly TestRecord[]): boolean {
  return tests.some(
    t =>
      (t.status === 'failed' && t.level === 'fail') ||
      (t.status === 'not-measured' && t.required === true)
  )
}
