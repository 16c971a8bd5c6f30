/**
 * Tests across a matrix, the pure part: which tests the `tests` input selects, the partial
 * bundle's strict reading, and how the aggregate job checks and merges the bundles of a workflow
 * run (one candidate, one commit, one job per test, the latest attempt of a re-run job).
 */
import { parseConfig } from '../../src/core/config/parse.js'
import type { TestRecord } from '../../src/core/report/types.js'
import {
  mergePartials,
  parsePartial,
  partialKey,
  selectTests,
  testsFailGate,
  type NamedPartial,
  type PartialBundle
} from '../../src/core/tests/partials.js'
import { InputError, ReportFormatError } from '../../src/errors.js'
import { readTestSelection } from '../../src/settings/inputs.js'

const TESTS = parseConfig(
  'c.yml',
  `tests:
  quality:
    runs_on: cpu
  robustness:
    runs_on: [cpu, gpu]
  runtime:
    runs_on: gpu
    required: true
`
).tests!

const RUN = 'a'.repeat(32)
const SHA = '5'.repeat(40)

function passed(name: string, runId: string): NamedPartial['bundle']['tests'][number] {
  return { name, entryPoint: name, status: 'passed', level: 'fail', metrics: ['m'], runId }
}

function partial(
  name: string,
  tests: PartialBundle['tests'],
  change: Partial<PartialBundle> = {}
): NamedPartial {
  return {
    name,
    bundle: {
      schemaVersion: 1,
      key: name,
      workflowRunId: 501,
      runAttempt: 1,
      headSha: SHA,
      candidate: { runId: RUN, experimentId: '1', experimentName: 'iris', trained: false },
      environment: { runner: 'Linux X64' },
      store: true,
      tests,
      ...change
    }
  }
}

const EXPECT = {
  workflowRunId: 501,
  headSha: SHA,
  runUrl: 'https://github.com/o/r/actions/runs/501'
}

describe('the tests input', () => {
  it('reads names and runner labels, separated by commas or lines; none; empty', () => {
    expect(readTestSelection('quality, robustness\nruns-on:gpu')).toEqual({
      names: ['quality', 'robustness'],
      labels: ['gpu']
    })
    expect(readTestSelection('none')).toEqual({ names: [], labels: [] })
    expect(readTestSelection('  \n ')).toBeUndefined()
    expect(() => readTestSelection('runs-on:')).toThrow(
      "Input 'tests': 'runs-on:' names no runner label: write runs-on:<label>, e.g. runs-on:gpu."
    )
    expect(() => readTestSelection('none, quality')).toThrow(InputError)
  })

  it('selects by name and by label; says which names and labels match nothing', () => {
    const pick = (names: string[], labels: string[]) => {
      const { selected, unknown, unmatched } = selectTests(TESTS, { names, labels })
      return { selected: selected.map(t => t.name), unknown, unmatched }
    }
    expect(pick([], ['gpu'])).toEqual({
      selected: ['robustness', 'runtime'],
      unknown: [],
      unmatched: []
    })
    expect(pick(['quality'], ['tpu'])).toEqual({
      selected: ['quality'],
      unknown: [],
      unmatched: ['tpu']
    })
    expect(pick(['qualty'], [])).toEqual({ selected: [], unknown: ['qualty'], unmatched: [] })
    expect(pick([], [])).toEqual({ selected: [], unknown: [], unmatched: [] })
    expect(selectTests(TESTS, undefined).selected).toBe(TESTS)
  })
})

describe('partial bundles', () => {
  it('are named by job and share, short enough for an artifact name', () => {
    expect(partialKey('test', ['quality', 'robustness'])).toBe('test-quality+robustness')
    expect(partialKey('train', [])).toBe('train-none')
    expect(partialKey('my job', ['a/b'])).toBe('my-job-a-b')
    const long = partialKey(
      'test',
      Array.from({ length: 40 }, (_, i) => `test-number-${i}`)
    )
    expect(long.length).toBeLessThanOrEqual(120)
    expect(long).not.toBe(
      partialKey(
        'test',
        Array.from({ length: 41 }, (_, i) => `test-number-${i}`)
      )
    )
  })

  it('are read strictly: a wrong field is named, unknown fields are dropped', () => {
    const bundle = partial('b', [passed('quality', 'r1')]).bundle
    const text = JSON.stringify({
      ...bundle,
      extra: 1,
      tests: [{ ...bundle.tests[0], url: 'javascript:x' }]
    })
    const read = parsePartial(text)
    expect(read).not.toHaveProperty('extra')
    expect(read.tests[0]).not.toHaveProperty('url')
    expect(() => parsePartial(JSON.stringify({ ...bundle, workflowRunId: '501' }))).toThrow(
      new ReportFormatError('partial.workflowRunId is not a whole number')
    )
    expect(() => parsePartial(JSON.stringify({ ...bundle, schemaVersion: 2 }))).toThrow(
      'partial.schemaVersion is not 1 (a bundle of another version)'
    )
    expect(() => parsePartial('{')).toThrow(/^partial.json is not JSON/)
  })
})

describe('merging the partial bundles of a workflow run', () => {
  it('takes each test from the job that ran it; one no job reported is not measured, with the run', () => {
    const merged = mergePartials(
      [
        partial('train', [passed('quality', 'r1')], {
          candidate: { runId: RUN, experimentId: '1', experimentName: 'iris', trained: true }
        }),
        partial('gpu', [passed('robustness', 'r2')])
      ],
      EXPECT,
      TESTS
    )
    expect(merged.candidateRunId).toBe(RUN)
    expect(merged.base?.name).toBe('train')
    expect(merged.records.map(r => [r.name, r.status, r.runId])).toEqual([
      ['quality', 'passed', 'r1'],
      ['robustness', 'passed', 'r2'],
      ['runtime', 'not-measured', undefined]
    ])
    expect(merged.records[2]).toMatchObject({ required: true, url: EXPECT.runUrl })
    expect(testsFailGate(merged.records)).toBe(true)
    expect(merged.from.get('robustness')?.name).toBe('gpu')
  })

  it('takes the latest attempt of a re-run job', () => {
    const merged = mergePartials(
      [
        partial('gpu', [{ ...passed('runtime', 'old'), status: 'failed' }], { key: 'k' }),
        partial('gpu-attempt-2', [passed('runtime', 'new')], { key: 'k', runAttempt: 2 })
      ],
      EXPECT,
      TESTS
    )
    expect(merged.records.find(r => r.name === 'runtime')?.runId).toBe('new')
    expect(merged.used.map(p => p.name)).toEqual(['gpu-attempt-2'])
  })

  it("leaves out an earlier attempt's share that tested that attempt's training", () => {
    const older = {
      runId: 'b'.repeat(32),
      experimentId: '1',
      experimentName: 'iris',
      trained: false
    }
    const merged = mergePartials(
      [
        partial('train', [], {
          candidate: {
            runId: 'b'.repeat(32),
            experimentId: '1',
            experimentName: 'iris',
            trained: true
          }
        }),
        partial('gpu', [passed('runtime', 'old')], { candidate: older }),
        partial('train-attempt-2', [], {
          key: 'train',
          runAttempt: 2,
          candidate: { runId: RUN, experimentId: '1', experimentName: 'iris', trained: true }
        }),
        partial('cpu-attempt-2', [passed('quality', 'r1')], { runAttempt: 2 })
      ],
      EXPECT,
      TESTS
    )
    expect(merged.candidateRunId).toBe(RUN)
    expect(merged.records.map(r => [r.name, r.status])).toEqual([
      ['quality', 'passed'],
      ['robustness', 'not-measured'],
      ['runtime', 'not-measured']
    ])
  })

  it.each([
    [
      'no bundle at all',
      [],
      'workflow run 501 has no partial bundle (care-label-partial-*): the jobs that run in mode: partial must come first'
    ],
    [
      'a bundle of another workflow run',
      [partial('old', [], { workflowRunId: 400 })],
      "partial bundle 'old' is of workflow run 400, not of this one (501)"
    ],
    [
      'a bundle of another commit',
      [partial('stale', [], { headSha: '6'.repeat(40) })],
      "partial bundle 'stale' measured commit 6666666, not 5555555, the commit of this run"
    ],
    [
      'bundles about different runs',
      [
        partial('a', [passed('quality', 'r1')]),
        partial('b', [passed('runtime', 'r2')], {
          candidate: {
            runId: 'b'.repeat(32),
            experimentId: '1',
            experimentName: 'iris',
            trained: false
          }
        })
      ],
      `partial bundle 'b' tested run ${'b'.repeat(32)}, not ${RUN}`
    ],
    [
      'two jobs that claim one test',
      [partial('a', [passed('quality', 'r1')]), partial('b', [passed('quality', 'r2')])],
      "test 'quality' was run by two jobs ('a' and 'b'): give each job of the matrix its own tests (the tests input)"
    ],
    [
      'a test the config does not have',
      [partial('a', [passed('latency', 'r1')])],
      "partial bundle 'a' ran test 'latency', which the config's tests: do not have"
    ]
  ])('refuses %s', (_what, partials: NamedPartial[], message) => {
    expect(() => mergePartials(partials, EXPECT, TESTS)).toThrow(message)
    expect(() => mergePartials(partials, EXPECT, TESTS)).toThrow(ReportFormatError)
  })

  it('refuses bundles about another run than run-id names', () => {
    expect(() =>
      mergePartials(
        [partial('a', [passed('quality', 'r1')])],
        { ...EXPECT, runId: 'c'.repeat(32) },
        TESTS
      )
    ).toThrow(`partial bundle 'a' tested run ${RUN}, not ${'c'.repeat(32)}`)
  })
})

describe('tests and the gate', () => {
  const record = (change: Partial<TestRecord>): TestRecord => ({
    name: 't',
    entryPoint: 't',
    status: 'passed',
    level: 'fail',
    metrics: [],
    ...change
  })
  it('fails on a failed test at level fail and on a required test not measured, only', () => {
    expect(testsFailGate([record({})])).toBe(false)
    expect(testsFailGate([record({ status: 'failed' })])).toBe(true)
    expect(testsFailGate([record({ status: 'failed', level: 'warn' })])).toBe(false)
    expect(testsFailGate([record({ status: 'not-measured' })])).toBe(false)
    expect(testsFailGate([record({ status: 'not-measured', required: true })])).toBe(true)
  })
})
