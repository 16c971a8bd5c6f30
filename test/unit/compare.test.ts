import { compareRuns } from '../../src/core/compare/compare.js'
import { formatNumber } from '../../src/core/render/format.js'
import {
  DEFAULT_LABEL,
  type CareLabelConfig,
  type MetricRule
} from '../../src/core/config/types.js'

function config(...metrics: Array<Partial<MetricRule> & { metric: string }>): CareLabelConfig {
  return {
    baseline: {},
    label: DEFAULT_LABEL,
    metrics: metrics.map(m => ({ greaterIsBetter: true, level: 'fail', ...m }))
  }
}

describe('compareRuns: MLflow MetricThreshold semantics', () => {
  it.each([
    // [rule, candidate, baseline, passed]
    [{ threshold: 0.9 }, 0.9, undefined, true],
    [{ threshold: 0.9 }, 0.8999, undefined, false],
    [{ threshold: 10, greaterIsBetter: false }, 10, undefined, true],
    [{ threshold: 10, greaterIsBetter: false }, 10.5, undefined, false],
    [{ minAbsoluteChange: 0.01 }, 0.81, 0.8, true],
    [{ minAbsoluteChange: 0.01 }, 0.805, 0.8, false],
    [{ minAbsoluteChange: 1, greaterIsBetter: false }, 9, 10, true],
    [{ minAbsoluteChange: 1, greaterIsBetter: false }, 9.5, 10, false],
    [{ minRelativeChange: 0.1 }, 1.1, 1, true],
    [{ minRelativeChange: 0.1 }, 1.05, 1, false],
    // negative baseline: the magnitude keeps the direction right (MLflow 3.x)
    [{ minRelativeChange: 0.5 }, -0.5, -1, true],
    [{ minRelativeChange: 0.5 }, -0.6, -1, false],
    [{ minRelativeChange: 0.1, greaterIsBetter: false }, 0.89, 1, true],
    // baseline 0: "better than the baseline" by 1e-10
    [{ minRelativeChange: 0.5 }, 1e-9, 0, true],
    [{ minRelativeChange: 0.5 }, 0, 0, false],
    [{ maxRegression: { kind: 'relative', value: 0.01, text: '1%' } }, 0.991, 1, true],
    [{ maxRegression: { kind: 'relative', value: 0.01, text: '1%' } }, 0.98, 1, false],
    [
      { maxRegression: { kind: 'absolute', value: 2, text: '2' }, greaterIsBetter: false },
      12,
      10,
      true
    ],
    [
      { maxRegression: { kind: 'absolute', value: 2, text: '2' }, greaterIsBetter: false },
      12.5,
      10,
      false
    ],
    [{ threshold: 0.5 }, Number.NaN, undefined, false]
  ] as const)(
    'rule %j, candidate %p, baseline %p → passed %p',
    (rule, candidate, baseline, passed) => {
      const result = compareRuns(
        config({ metric: 'm', ...rule }),
        { m: candidate },
        baseline === undefined ? (rule.threshold !== undefined ? undefined : {}) : { m: baseline }
      )
      const verdict = result.metrics[0]
      expect(verdict?.checks.every(c => c.passed)).toBe(passed)
      expect(verdict?.status).toBe(passed ? 'pass' : 'fail')
    }
  )

  it('fails the whole comparison when one rule of level fail is broken', () => {
    const result = compareRuns(
      config(
        { metric: 'accuracy', threshold: 0.9 },
        { metric: 'loss', threshold: 1, greaterIsBetter: false }
      ),
      { accuracy: 0.95, loss: 2 },
      { accuracy: 0.94, loss: 1 }
    )
    expect(result.verdict).toBe('fail')
    expect(result.counts).toEqual({
      pass: 1,
      fail: 1,
      warn: 0,
      missing: 0,
      info: 0,
      inconclusive: 0,
      'not-comparable': 0
    })
    expect(result.metrics.map(m => [m.metric, m.status, m.direction])).toEqual([
      ['accuracy', 'pass', 'better'],
      ['loss', 'fail', 'worse']
    ])
  })

  it('turns a broken rule of level warn into a warning, not a failure', () => {
    const result = compareRuns(
      config({
        metric: 'train_seconds',
        greaterIsBetter: false,
        maxRegression: { kind: 'relative', value: 0.25, text: '25%' },
        level: 'warn'
      }),
      { train_seconds: 20 },
      { train_seconds: 10 }
    )
    expect(result.verdict).toBe('pass')
    expect(result.metrics[0]?.status).toBe('warn')
  })

  it('reports a configured metric the run did not log as missing, and fails', () => {
    const result = compareRuns(config({ metric: 'f1', threshold: 0.5 }), { accuracy: 1 }, undefined)
    expect(result.verdict).toBe('fail')
    expect(result.metrics[0]).toMatchObject({
      metric: 'f1',
      status: 'missing',
      notes: ['this run did not log the metric']
    })
    expect(result.metrics[1]).toMatchObject({ metric: 'accuracy', status: 'info' })
  })

  it('without a baseline checks absolute thresholds only and says no-baseline', () => {
    const result = compareRuns(
      config({ metric: 'acc', threshold: 0.5, minAbsoluteChange: 0.1 }),
      { acc: 0.6 },
      undefined
    )
    expect(result.verdict).toBe('no-baseline')
    expect(result.metrics[0]?.checks.map(c => c.rule)).toEqual(['threshold'])
    expect(result.metrics[0]?.status).toBe('pass')
  })

  it('skips change rules when the baseline run did not log the metric, with a note', () => {
    const result = compareRuns(
      config({ metric: 'acc', minAbsoluteChange: 0.1 }),
      { acc: 0.6 },
      { other: 1 }
    )
    expect(result.verdict).toBe('pass')
    expect(result.metrics[0]).toMatchObject({
      status: 'info',
      notes: ['the baseline run did not log this metric: the change was not checked']
    })
  })

  it('computes changes and marks a regression within tolerance as ≈', () => {
    const result = compareRuns(
      config({ metric: 'acc', maxRegression: { kind: 'absolute', value: 0.05, text: '0.05' } }),
      { acc: 0.78 },
      { acc: 0.8 }
    )
    const m = result.metrics[0]
    expect(m?.change).toBeCloseTo(-0.02, 12)
    expect(m?.relativeChange).toBeCloseTo(-0.025, 12)
    expect(m?.direction).toBe('within')
  })
})

describe('formatNumber', () => {
  it.each([
    [0, '0'],
    [0.123456789, '0.123457'],
    [12345.678, '12345.7'],
    [1234567, '1.235e+6'],
    [0.00001234, '1.234e-5'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, '∞'],
    [Number.NEGATIVE_INFINITY, '-∞']
  ])('%p → %s', (value, text) => {
    expect(formatNumber(value)).toBe(text)
  })
})
