/**
 * The strict reader of a bundle's report.json, field by field: every limit at exactly its size
 * and one past it, every optional field left out and every required one missing, every allowed
 * value of each enumeration, and lists of notes that are not lists of strings.
 */
import { toJson } from '../../src/core/report/build.js'
import type { Report } from '../../src/core/report/types.js'
import { parseReport, ReportFormatError } from '../../src/core/report/validate.js'
import { SAMPLE_DECISION, sampleReport } from '../support/reports.js'

/** A report with every optional field filled. */
function fullReport(): Report {
  const report = sampleReport(
    { accuracy: 0.88, f1_macro: 0.9, train_seconds: 2, n_nodes: 120 },
    { accuracy: 0.95, f1_macro: 0.9, train_seconds: 1, n_nodes: 100 }
  )
  report.run.url = 'https://mlflow.example.com/#/experiments/1/runs/c'
  if (report.baseline) report.baseline.url = 'https://github.com/o/r/actions/runs/3/artifacts/4'
  report.config = { file: '.github/care-label.yml', note: 'a note' }
  report.context = {
    event: 'pull_request',
    pullRequest: 7,
    headSha: 'a'.repeat(40),
    branch: 'feature',
    baseRef: 'main',
    workflowRunUrl: 'https://github.com/o/r/actions/runs/1'
  }
  report.notes = ['a report note']
  report.histories = [
    { metric: 'accuracy', candidate: [{ step: 0, value: 1 }], baseline: [{ step: 0, value: 2 }] }
  ]
  report.environment = {
    runner: 'Linux X64',
    cpu: 'EPYC',
    gpu: 'none',
    python: '3.12',
    mlflow: '3.17'
  }
  report.artifactUrl = 'https://github.com/o/r/actions/runs/1/artifacts/9'
  const first = report.comparison.metrics[0]
  if (first) {
    first.notes = ['a metric note']
    first.decision = structuredClone(SAMPLE_DECISION)
    const [check] = first.checks
    if (check) Object.assign(check, { outcome: 'breach', pValue: 0.004 })
  }
  report.rules = { from: 'base', changes: ['accuracy.threshold: 0.9 → 0.5'] }
  report.label.notes = ['a label note']
  return report
}

/** Loose JSON, as a test edits it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests poke at any field
type Json = Record<string, any>

/** The path `a.b[0].c` as keys. */
function keys(path: string): Array<string | number> {
  return path.split(/\.|(?=\[)/).map(k => (k.startsWith('[') ? Number(k.slice(1, -1)) : k))
}

/** The report's JSON with the value at `path` replaced (undefined: deleted). */
function withValue(path: string, value: unknown): string {
  const json = JSON.parse(toJson(fullReport())) as Json
  const parts = keys(path)
  const last = parts.pop() ?? ''
  let node: Json = json
  for (const key of parts) node = node[key]
  if (value === undefined) delete node[last]
  else node[last] = value
  return JSON.stringify(json)
}

function refusal(text: string): string {
  try {
    parseReport(text)
  } catch (error) {
    if (error instanceof ReportFormatError) return error.message
    throw error
  }
  return 'accepted'
}

describe('parseReport: string limits', () => {
  it.each([
    ['key', 200],
    ['experimentName', 2000],
    ['baselineHow', 2000],
    ['store', 2000],
    ['run.runId', 64],
    ['run.runName', 2000],
    ['run.experimentId', 64],
    ['run.status', 64],
    ['baseline.runId', 64],
    ['baseline.status', 64],
    ['comparison.metrics[0].metric', 2000],
    ['comparison.metrics[0].checks[0].description', 2000],
    ['comparison.metrics[0].notes[0]', 2000],
    ['label.categories[0].category', 200],
    ['label.categories[0].metrics[0]', 2000],
    ['label.metrics[0].metric', 2000],
    ['label.metrics[0].category', 200],
    ['label.how', 2000],
    ['label.notes[0]', 2000],
    ['paramChanges[0].key', 2000],
    ['paramChanges[0].candidate', 2000],
    ['paramChanges[0].baseline', 2000],
    ['config.file', 2000],
    ['config.note', 2000],
    ['context.event', 100],
    ['context.headSha', 64],
    ['context.branch', 300],
    ['context.baseRef', 300],
    ['notes[0]', 2000],
    ['histories[0].metric', 2000],
    ['environment.runner', 200],
    ['environment.cpu', 200],
    ['environment.gpu', 500],
    ['environment.python', 100],
    ['environment.mlflow', 100]
  ])('report.%s: %i characters pass, one more is refused', (path, max) => {
    expect(refusal(withValue(path, 'x'.repeat(max)))).toBe('accepted')
    expect(refusal(withValue(path, 'x'.repeat(max + 1)))).toBe(
      `report.${path} is longer than ${max} characters`
    )
  })

  it.each([
    ['run.url', 'https://mlflow.example.com/'],
    ['context.workflowRunUrl', 'https://github.com/'],
    ['artifactUrl', 'https://github.com/']
  ])('report.%s: 2000 characters pass, one more is refused', (path, prefix) => {
    const url = (length: number) => prefix + 'x'.repeat(length - prefix.length)
    expect(refusal(withValue(path, url(2000)))).toBe('accepted')
    expect(refusal(withValue(path, url(2001)))).toBe(
      `report.${path} is longer than 2000 characters`
    )
  })

  it('limits the keys and values of params', () => {
    expect(refusal(withValue('run.params', { ['k'.repeat(2001)]: 'v' }))).toBe(
      'report.run.params key is longer than 2000 characters'
    )
    expect(refusal(withValue('run.params', { k: 'v'.repeat(2001) }))).toBe(
      'report.run.params.k is longer than 2000 characters'
    )
  })
})

describe('parseReport: list limits', () => {
  const many = (n: number, item: unknown) => Array.from({ length: n }, () => item)
  it.each([
    ['comparison.metrics[0].checks', 10, { rule: 'threshold', passed: true, description: 'x' }],
    ['comparison.metrics[0].notes', 20, 'n'],
    ['histories[0].candidate', 1000, { step: 0, value: 1 }],
    ['histories[0].baseline', 1000, { step: 0, value: 1 }],
    ['histories', 20, { metric: 'm', candidate: [] }],
    ['label.notes', 1000, 'n'],
    ['notes', 50, 'n'],
    ['label.categories', 100, { category: 'c', letter: 'A', baselineLetter: 'A', metrics: [] }],
    ['label.categories[0].metrics', 20000, 'm'],
    ['label.metrics', 20000, { metric: 'm', category: 'c', letter: 'A', basis: 'absolute' }],
    ['paramChanges', 20000, { key: 'k' }],
    ['measurements.candidate', 1000, { runId: 'r', metrics: {}, platform: {} }],
    ['measurements.baseline', 1000, { runId: 'r', metrics: {}, platform: {} }]
  ])('report.%s: %i entries pass, one more is refused', (path, max, item) => {
    expect(refusal(withValue(path, many(max, item)))).toBe('accepted')
    expect(refusal(withValue(path, many(max + 1, item)))).toBe(
      `report.${path} has more than ${max} entries`
    )
  })

  it.each(['run.params', 'run.metrics', 'baseline.params', 'baseline.metrics'])(
    'report.%s: 5000 entries pass, one more is refused',
    path => {
      const value = path.endsWith('params') ? 'v' : 1
      const entries = (n: number) =>
        Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, value]))
      expect(refusal(withValue(path, entries(5000)))).toBe('accepted')
      expect(refusal(withValue(path, entries(5001)))).toBe(
        `report.${path} has more than 5000 entries`
      )
    }
  )
})

describe('parseReport: measurements', () => {
  it.each([
    ['measurements.candidate[0].runId', 'x'.repeat(65), 'is longer than 64 characters'],
    ['measurements.candidate[0].metrics', { accuracy: 'high' }, 'is not a number'],
    ['measurements.candidate[0].platform', { 'care-label.env.cpu': 3 }, 'is not a string'],
    [
      'measurements.baseline[0].platform',
      Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`t${i}`, 'v'])),
      'has more than 10 entries'
    ],
    ['measurements.candidate', undefined, 'report.measurements.candidate is missing']
  ])('report.%s = %j is refused: %s', (path, value, message) => {
    expect(refusal(withValue(path, value))).toContain(message)
  })

  it('reads the runs back with their numbers and platform', () => {
    const parsed = parseReport(
      withValue('measurements.baseline', [
        { runId: 'b1', metrics: { accuracy: 0.9 }, platform: { 'care-label.runner.os': 'Linux' } }
      ])
    )
    expect(parsed.measurements?.baseline).toEqual([
      { runId: 'b1', metrics: { accuracy: 0.9 }, platform: { 'care-label.runner.os': 'Linux' } }
    ])
  })
})

describe('parseReport: notes that are not a list of strings', () => {
  it.each([
    ['notes', 'one note', 'report.notes is not a list'],
    ['notes', { 0: 'n' }, 'report.notes is not a list'],
    ['notes', null, 'report.notes is missing'],
    ['notes', ['fine', 3], 'report.notes[1] is not a string'],
    ['notes', [['nested']], 'report.notes[0] is not a string'],
    ['notes', [null], 'report.notes[0] is not a string'],
    ['comparison.metrics[0].notes', 'n', 'report.comparison.metrics[0].notes is not a list'],
    ['comparison.metrics[0].notes', [{}], 'report.comparison.metrics[0].notes[0] is not a string'],
    ['label.notes', [true], 'report.label.notes[0] is not a string'],
    ['label.notes', undefined, 'report.label.notes is missing']
  ])('report.%s = %j is refused: %s', (path, value, message) => {
    expect(refusal(withValue(path, value))).toBe(message)
  })

  it('reads the notes back as they were', () => {
    const parsed = parseReport(withValue('notes', ['a', '', 'c']))
    expect(parsed.notes).toEqual(['a', '', 'c'])
  })
})

describe('parseReport: optional and required fields', () => {
  it.each([
    'baseline',
    'histories',
    'environment',
    'artifactUrl',
    'run.url',
    'baseline.url',
    'comparison.metrics[0].candidate',
    'comparison.metrics[0].baseline',
    'comparison.metrics[0].change',
    'comparison.metrics[0].relativeChange',
    'comparison.metrics[0].greaterIsBetter',
    'comparison.metrics[0].line',
    'label.overall',
    'label.baselineOverall',
    'label.categories[0].letter',
    'label.categories[0].baselineLetter',
    'label.metrics[1].index',
    'paramChanges[0].candidate',
    'paramChanges[0].baseline',
    'config.file',
    'config.note',
    'context.pullRequest',
    'context.headSha',
    'context.branch',
    'context.baseRef',
    'context.workflowRunUrl',
    'histories[0].baseline',
    'environment.runner',
    'environment.cpu',
    'environment.gpu',
    'environment.python',
    'environment.mlflow'
  ])('report.%s may be left out, or null', path => {
    const absent = parseReport(withValue(path, undefined))
    const nulled = parseReport(withValue(path, null))
    const read = (report: Report) => {
      let node: unknown = report
      for (const key of keys(path)) node = (node as Json | undefined)?.[key]
      return node
    }
    expect(read(absent)).toBeUndefined()
    expect(read(nulled)).toBeUndefined()
    expect(read(parseReport(toJson(fullReport())))).toBeDefined()
  })

  it.each([
    'schemaVersion',
    'key',
    'experimentName',
    'verdict',
    'gate',
    'run',
    'baselineHow',
    'comparison',
    'label',
    'paramChanges',
    'config',
    'store',
    'context',
    'notes',
    'run.runId',
    'run.runName',
    'run.experimentId',
    'run.status',
    'run.startTime',
    'run.params',
    'run.metrics',
    'comparison.verdict',
    'comparison.hasBaseline',
    'comparison.metrics',
    'comparison.counts',
    'comparison.counts.pass',
    'comparison.counts.fail',
    'comparison.counts.warn',
    'comparison.counts.missing',
    'comparison.counts.info',
    'comparison.metrics[0].metric',
    'comparison.metrics[0].direction',
    'comparison.metrics[0].checks',
    'comparison.metrics[0].checks[0].rule',
    'comparison.metrics[0].checks[0].passed',
    'comparison.metrics[0].checks[0].description',
    'comparison.metrics[0].status',
    'comparison.metrics[0].level',
    'comparison.metrics[0].notes',
    'label.scale',
    'label.categories',
    'label.categories[0].category',
    'label.categories[0].metrics',
    'label.metrics',
    'label.metrics[0].metric',
    'label.metrics[0].category',
    'label.metrics[0].letter',
    'label.metrics[0].basis',
    'label.how',
    'label.notes',
    'paramChanges[0].key',
    'context.event',
    'histories[0].metric',
    'histories[0].candidate',
    'histories[0].candidate[0].step',
    'histories[0].candidate[0].value'
  ])('report.%s may not be left out', path => {
    expect(refusal(withValue(path, undefined))).toBe(`report.${path} is missing`)
  })
})

describe('parseReport: how a metric was decided, and whose rules', () => {
  it('reads every field of a decision, a check’s outcome and the rules back as written', () => {
    const report = fullReport()
    const parsed = parseReport(toJson(report))
    expect(parsed.comparison.metrics[0]?.decision).toEqual(report.comparison.metrics[0]?.decision)
    expect(parsed.comparison.metrics[0]?.checks[0]).toEqual(report.comparison.metrics[0]?.checks[0])
    expect(parsed.rules).toEqual(report.rules)
  })

  it.each(['pValue', 'limit', 'interval', 'mde'])('a decision without %s is read', field => {
    const parsed = parseReport(withValue(`comparison.metrics[0].decision.${field}`, undefined))
    const decision = parsed.comparison.metrics[0]?.decision
    expect(decision?.method).toBe('Student t, 3 runs against 10')
    expect(decision && field in decision).toBe(false)
  })

  it.each([
    ['comparison.metrics[0].decision.samples', 'is missing'],
    ['comparison.metrics[0].decision.samples.baseline', 'is missing'],
    ['comparison.metrics[0].decision.noiseEstimate', 'is missing'],
    ['comparison.metrics[0].decision.interval.level', 'is missing'],
    ['rules.changes', 'is missing']
  ])('report.%s left out: %s', (path, words) => {
    expect(refusal(withValue(path, undefined))).toBe(`report.${path} ${words}`)
  })

  it('a report without measurements (of an earlier version) is read; the publish stage refuses it', () => {
    const parsed = parseReport(withValue('measurements', undefined))
    expect(parsed.measurements).toBeUndefined()
    expect(parsed.run.runId).toBe(fullReport().run.runId)
  })

  it.each(['inconclusive', 'not-comparable'])(
    'counts without %s (a report of an earlier version) are read',
    key => {
      const parsed = parseReport(withValue(`comparison.counts.${key}`, undefined))
      expect(parsed.comparison.counts.fail).toBe(fullReport().comparison.counts.fail)
      expect(key in parsed.comparison.counts).toBe(false)
    }
  )
})

describe('parseReport: enumerations and types', () => {
  it.each([
    ['verdict', ['pass', 'fail', 'no-baseline']],
    ['comparison.verdict', ['pass', 'fail', 'no-baseline']],
    ['comparison.metrics[0].direction', ['better', 'worse', 'same', 'within', 'unknown']],
    [
      'comparison.metrics[0].checks[0].rule',
      ['threshold', 'min_absolute_change', 'min_relative_change', 'max_regression']
    ],
    [
      'comparison.metrics[0].status',
      ['pass', 'fail', 'warn', 'missing', 'info', 'inconclusive', 'not-comparable']
    ],
    ['comparison.metrics[0].level', ['fail', 'warn']],
    ['label.scale', ['A-D', 'A-E']],
    ['label.overall', ['A', 'B', 'C', 'D', 'E']],
    ['label.baselineOverall', ['A', 'B', 'C', 'D', 'E']],
    ['label.categories[0].letter', ['A', 'B', 'C', 'D', 'E']],
    ['label.categories[0].baselineLetter', ['A', 'B', 'C', 'D', 'E']],
    ['label.metrics[0].letter', ['A', 'B', 'C', 'D', 'E']],
    ['label.metrics[0].basis', ['absolute', 'index']],
    ['comparison.metrics[0].checks[0].outcome', ['breach', 'no-breach', 'inconclusive']],
    ['comparison.metrics[0].decision.significance', ['worse', 'better', 'none']],
    ['rules.from', ['base', 'head']]
  ])('report.%s takes each of %j and nothing else', (path, values) => {
    for (const value of values)
      expect([value, refusal(withValue(path, value))]).toEqual([value, 'accepted'])
    expect(refusal(withValue(path, 'other'))).toBe(
      `report.${path} is not one of ${values.join(', ')}`
    )
  })

  it.each([
    ['gate', 'yes', 'is not true or false'],
    ['comparison.hasBaseline', 1, 'is not true or false'],
    ['comparison.metrics[0].greaterIsBetter', 'true', 'is not true or false'],
    ['comparison.counts.fail', 1.5, 'is not a whole number'],
    ['comparison.metrics[0].line', '3', 'is not a whole number'],
    ['context.pullRequest', 2 ** 53, 'is not a whole number'],
    ['run.startTime', '1', 'is not a number'],
    ['comparison.metrics[0].candidate', 'nan', 'is not a number'],
    ['label.metrics[0].index', {}, 'is not a number'],
    ['histories[0].candidate[0].value', true, 'is not a number'],
    ['run', 'r', 'is not an object'],
    ['run.params', ['a'], 'is not an object'],
    ['config', null, 'is missing'],
    ['environment', 'Linux', 'is not an object'],
    ['comparison.metrics', {}, 'is not a list']
  ])('report.%s = %j is refused: %s', (path, value, words) => {
    expect(refusal(withValue(path, value))).toBe(`report.${path} ${words}`)
  })

  it.each([
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
    [0.5, 0.5]
  ])('reads the metric value %j as %p', (text, value) => {
    expect(parseReport(withValue('run.metrics.accuracy', text)).run.metrics['accuracy']).toBe(value)
  })

  it('refuses a report that is not an object', () => {
    expect(refusal('[]')).toBe('report is not an object')
    expect(refusal('null')).toBe('report is not an object')
  })
})
