/**
 * The edges of compareRuns that the table in compare.test.ts leaves open: relative tolerances on a
 * baseline other than 1 (where relative and absolute differ) and below 0, lower-is-better change
 * rules on a zero baseline, values exactly on a bound, and the words and notes of each verdict.
 */
import { compareRuns } from '../../src/core/compare/compare.js'
import {
  DEFAULT_LABEL,
  type CareLabelConfig,
  type MetricRule
} from '../../src/core/config/types.js'

type Rule = Partial<MetricRule> & { metric?: string }

function config(...metrics: Rule[]): CareLabelConfig {
  return {
    baseline: {},
    label: DEFAULT_LABEL,
    metrics: metrics.map(m => ({ metric: 'm', greaterIsBetter: true, level: 'fail', ...m }))
  }
}

const relative = (value: number, text: string): NonNullable<MetricRule['maxRegression']> => ({
  kind: 'relative',
  value,
  text
})
const absolute = (value: number, text: string): NonNullable<MetricRule['maxRegression']> => ({
  kind: 'absolute',
  value,
  text
})

/** The verdict of metric `m` for one rule, candidate and baseline. */
function verdictOf(rule: Rule, candidate: number, baseline: number | undefined) {
  const result = compareRuns(
    config(rule),
    { m: candidate },
    baseline === undefined ? undefined : { m: baseline }
  )
  const verdict = result.metrics[0]
  if (verdict === undefined) throw new Error('no verdict')
  return { result, verdict }
}

describe('max_regression relative to a baseline other than 1', () => {
  it.each([
    // [rule, candidate, baseline, passed, direction]
    // 10% of 0.8 is 0.08: the bound is 0.72 (absolute 0.1 would make it 0.7).
    [{ maxRegression: relative(0.1, '10%') }, 0.72, 0.8, true, 'within'],
    [{ maxRegression: relative(0.1, '10%') }, 0.71, 0.8, false, 'worse'],
    [{ maxRegression: absolute(0.1, '0.1') }, 0.71, 0.8, true, 'within'],
    // 10% of 40 is 4: the bound is 44 when lower is better.
    [{ maxRegression: relative(0.1, '10%'), greaterIsBetter: false }, 44, 40, true, 'within'],
    [{ maxRegression: relative(0.1, '10%'), greaterIsBetter: false }, 44.5, 40, false, 'worse'],
    [{ maxRegression: relative(0.1, '10%'), greaterIsBetter: false }, 39, 40, true, 'better'],
    // A negative baseline: the tolerance is 10% of its magnitude, 0.2, so the bound is -2.2.
    [{ maxRegression: relative(0.1, '10%') }, -2.2, -2, true, 'within'],
    [{ maxRegression: relative(0.1, '10%') }, -2.25, -2, false, 'worse'],
    [{ maxRegression: relative(0.1, '10%') }, -1.5, -2, true, 'better'],
    [{ maxRegression: relative(0.1, '10%'), greaterIsBetter: false }, -1.8, -2, true, 'within'],
    [{ maxRegression: relative(0.1, '10%'), greaterIsBetter: false }, -1.75, -2, false, 'worse'],
    // No tolerance on a zero baseline: only "not worse" passes.
    [{ maxRegression: relative(0.1, '10%') }, 0, 0, true, 'same'],
    [{ maxRegression: relative(0.1, '10%') }, -1e-9, 0, false, 'worse']
  ] as const)(
    'rule %j, candidate %p, baseline %p → passed %p, %s',
    (rule, candidate, baseline, passed, direction) => {
      const { verdict } = verdictOf(rule, candidate, baseline)
      expect(verdict.checks).toEqual([
        {
          rule: 'max_regression',
          passed,
          description: `at most ${rule.maxRegression?.text} worse than baseline`
        }
      ])
      expect(verdict.status).toBe(passed ? 'pass' : 'fail')
      expect(verdict.direction).toBe(direction)
    }
  )
})

describe('min_relative_change', () => {
  it.each([
    // [rule, candidate, baseline, passed]
    // Lower is better with a zero baseline: "better than the baseline" by 1e-10, as MLflow does.
    [{ minRelativeChange: 0.5, greaterIsBetter: false }, -1e-9, 0, true],
    [{ minRelativeChange: 0.5, greaterIsBetter: false }, 0, 0, false],
    [{ minRelativeChange: 0.5, greaterIsBetter: false }, 1e-9, 0, false],
    [{ minRelativeChange: 0.5 }, -1e-9, 0, false],
    // Exactly the change asked for passes: 20% of 5 is 1.
    [{ minRelativeChange: 0.2 }, 6, 5, true],
    [{ minRelativeChange: 0.2 }, 5.99, 5, false],
    [{ minRelativeChange: 0.2, greaterIsBetter: false }, 4, 5, true],
    [{ minRelativeChange: 0.2, greaterIsBetter: false }, 4.01, 5, false],
    // A negative baseline, lower is better: -2 → -2.5 is 25% better.
    [{ minRelativeChange: 0.25, greaterIsBetter: false }, -2.5, -2, true],
    [{ minRelativeChange: 0.25, greaterIsBetter: false }, -2.4, -2, false]
  ] as const)(
    'rule %j, candidate %p, baseline %p → passed %p',
    (rule, candidate, baseline, passed) => {
      const { verdict } = verdictOf(rule, candidate, baseline)
      expect(verdict.checks.map(c => [c.rule, c.passed])).toEqual([['min_relative_change', passed]])
    }
  )

  it('says when a zero baseline turned the rule into "better than the baseline"', () => {
    const { verdict } = verdictOf({ minRelativeChange: 0.5, greaterIsBetter: false }, -1, 0)
    expect(verdict.notes).toEqual([
      'the baseline is 0: the relative change was checked as "better than the baseline", as MLflow does'
    ])
    expect(verdict.checks[0]?.description).toBe('≤ baseline − 50%')
    expect(verdict.relativeChange).toBeUndefined()
    expect(verdict.change).toBe(-1)
  })

  it('adds no note on a baseline other than 0', () => {
    expect(verdictOf({ minRelativeChange: 0.5 }, 3, 2).verdict.notes).toEqual([])
  })
})

describe('bounds are inclusive', () => {
  it.each([
    // [rule, candidate, baseline, passed]
    [{ minAbsoluteChange: 0.5 }, 2.5, 2, true],
    [{ minAbsoluteChange: 0.5 }, 2.4, 2, false],
    [{ minAbsoluteChange: 0.5, greaterIsBetter: false }, 1.5, 2, true],
    [{ minAbsoluteChange: 0.5, greaterIsBetter: false }, 1.6, 2, false],
    [{ maxRegression: absolute(0.5, '0.5') }, 1.5, 2, true],
    [{ maxRegression: absolute(0.5, '0.5') }, 1.4, 2, false],
    [{ maxRegression: absolute(0.5, '0.5'), greaterIsBetter: false }, 2.5, 2, true],
    [{ maxRegression: absolute(0.5, '0.5'), greaterIsBetter: false }, 2.6, 2, false],
    [{ threshold: 3, greaterIsBetter: false }, 3, undefined, true],
    [{ threshold: 3 }, 3, undefined, true],
    [{ threshold: 3 }, 2.9, undefined, false]
  ] as const)(
    'rule %j, candidate %p, baseline %p → passed %p',
    (rule, candidate, baseline, passed) => {
      const { verdict } = verdictOf(rule, candidate, baseline)
      expect(verdict.checks.map(c => c.passed)).toEqual([passed])
    }
  )
})

describe('the words of each rule', () => {
  it.each([
    [{ threshold: 0.9 }, '≥ 0.9'],
    [{ threshold: 10, greaterIsBetter: false }, '≤ 10'],
    [{ minAbsoluteChange: 0.01 }, '≥ baseline + 0.01'],
    [{ minAbsoluteChange: 2, greaterIsBetter: false }, '≤ baseline − 2'],
    [{ minRelativeChange: 0.05 }, '≥ baseline + 5%'],
    [{ minRelativeChange: 0.1, greaterIsBetter: false }, '≤ baseline − 10%'],
    [{ maxRegression: relative(0.02, '2%') }, 'at most 2% worse than baseline']
  ] as const)('%j reads %s', (rule, description) => {
    const { verdict } = verdictOf(rule, 1, 1)
    expect(verdict.checks.map(c => c.description)).toEqual([description])
  })

  it('checks the rules in a fixed order: threshold, absolute, relative, regression', () => {
    const { verdict } = verdictOf(
      {
        threshold: 0.5,
        minAbsoluteChange: 0.01,
        minRelativeChange: 0.01,
        maxRegression: relative(0.01, '1%')
      },
      0.9,
      0.8
    )
    expect(verdict.checks.map(c => [c.rule, c.passed])).toEqual([
      ['threshold', true],
      ['min_absolute_change', true],
      ['min_relative_change', true],
      ['max_regression', true]
    ])
    expect(verdict.status).toBe('pass')
  })

  it('names every rule the first baseline will bring, in order', () => {
    const { result, verdict } = verdictOf(
      {
        threshold: 0.5,
        minAbsoluteChange: 0.01,
        minRelativeChange: 0.05,
        maxRegression: relative(0.01, '1%')
      },
      0.9,
      undefined
    )
    expect(verdict.notes).toEqual([
      'waiting for a baseline: ≥ baseline + 0.01; ≥ baseline + 5%; at most 1% worse than baseline'
    ])
    expect(verdict.checks.map(c => c.rule)).toEqual(['threshold'])
    expect(result.verdict).toBe('no-baseline')
    expect(result.hasBaseline).toBe(false)
  })

  it('words the pending rules for lower is better', () => {
    const { verdict } = verdictOf(
      { greaterIsBetter: false, minAbsoluteChange: 2, minRelativeChange: 0.1 },
      1,
      undefined
    )
    expect(verdict.notes).toEqual(['waiting for a baseline: ≤ baseline − 2; ≤ baseline − 10%'])
    expect(verdict.checks).toEqual([])
    expect(verdict.status).toBe('info')
  })

  it('says nothing is pending when only a threshold is set', () => {
    expect(verdictOf({ threshold: 0.5 }, 0.9, undefined).verdict.notes).toEqual([])
  })
})

describe('verdicts, levels and counts', () => {
  it('a broken warn rule and a missing warn metric warn; the comparison passes', () => {
    const result = compareRuns(
      config(
        { metric: 'a', threshold: 1, level: 'warn' },
        { metric: 'b', threshold: 1, level: 'warn' }
      ),
      { a: 0 },
      { a: 1, b: 1 }
    )
    expect(result.metrics.map(m => [m.metric, m.status, m.level])).toEqual([
      ['a', 'warn', 'warn'],
      ['b', 'warn', 'warn']
    ])
    expect(result.metrics[1]?.notes).toEqual(['this run did not log the metric'])
    expect(result.counts).toEqual({
      pass: 0,
      fail: 0,
      warn: 2,
      missing: 0,
      info: 0,
      inconclusive: 0,
      'not-comparable': 0
    })
    expect(result.verdict).toBe('pass')
    expect(result.hasBaseline).toBe(true)
  })

  it('a missing metric of level fail alone fails the comparison', () => {
    const result = compareRuns(config({ metric: 'a', threshold: 1 }), {}, { a: 1 })
    expect(result.counts).toEqual({
      pass: 0,
      fail: 0,
      warn: 0,
      missing: 1,
      info: 0,
      inconclusive: 0,
      'not-comparable': 0
    })
    expect(result.verdict).toBe('fail')
    expect(result.metrics[0]).toMatchObject({ status: 'missing', direction: 'unknown' })
  })

  it('fails without a baseline when a threshold is broken', () => {
    const result = compareRuns(config({ threshold: 1 }), { m: 0 }, undefined)
    expect(result.verdict).toBe('fail')
  })

  it('lists unconfigured metrics after the configured ones, sorted, as info', () => {
    const result = compareRuns(
      config({ metric: 'z', threshold: 0 }),
      { y: 2, z: 1, b: 3, a: 4 },
      { a: 4, b: 1 }
    )
    expect(result.metrics.map(m => [m.metric, m.status, m.direction, m.level])).toEqual([
      ['z', 'pass', 'unknown', 'fail'],
      ['a', 'info', 'same', 'warn'],
      ['b', 'info', 'unknown', 'warn'],
      ['y', 'info', 'unknown', 'warn']
    ])
    expect(result.metrics[2]).toMatchObject({ change: 2, relativeChange: 2, candidate: 3 })
    expect(result.metrics[2]?.greaterIsBetter).toBeUndefined()
    expect(result.counts).toEqual({
      pass: 1,
      fail: 0,
      warn: 0,
      missing: 0,
      info: 3,
      inconclusive: 0,
      'not-comparable': 0
    })
  })

  it('keeps the rule line and level on the verdict', () => {
    const { verdict } = verdictOf({ threshold: 0, line: 12, level: 'warn' }, 1, undefined)
    expect(verdict).toMatchObject({ line: 12, level: 'warn', greaterIsBetter: true })
  })
})

describe('direction and change', () => {
  it.each([
    // [greaterIsBetter, candidate, baseline, direction]
    [true, 2, 1, 'better'],
    [true, 1, 2, 'worse'],
    [false, 1, 2, 'better'],
    [false, 2, 1, 'worse'],
    [true, 1, 1, 'same'],
    [true, Number.NaN, 1, 'unknown'],
    [true, 1, Number.NaN, 'unknown']
  ] as const)(
    'greater is better %p, %p against %p: %s',
    (greaterIsBetter, candidate, baseline, direction) => {
      expect(verdictOf({ greaterIsBetter }, candidate, baseline).verdict.direction).toBe(direction)
    }
  )

  it('a regression past the tolerance is worse, within it is within', () => {
    const rule = { maxRegression: absolute(1, '1') }
    expect(verdictOf(rule, 9, 10).verdict.direction).toBe('within')
    expect(verdictOf(rule, 8.9, 10).verdict.direction).toBe('worse')
  })

  it('has a change against a zero baseline, but no relative change', () => {
    const { verdict } = verdictOf({}, 0.5, 0)
    expect(verdict.change).toBe(0.5)
    expect(verdict.relativeChange).toBeUndefined()
  })

  it('takes the relative change against the magnitude of the baseline', () => {
    const { verdict } = verdictOf({}, -1, -2)
    expect(verdict.change).toBe(1)
    expect(verdict.relativeChange).toBe(0.5)
  })

  it('has neither without a baseline value', () => {
    const { verdict } = verdictOf({ minAbsoluteChange: 1 }, 1, undefined)
    expect(verdict).not.toHaveProperty('change')
    expect(verdict).not.toHaveProperty('relativeChange')
  })

  it('has neither when one side did not log the metric', () => {
    const missing = compareRuns(config({}), {}, { m: 1 }).metrics[0]
    expect(missing?.status).toBe('missing')
    expect(missing).not.toHaveProperty('change')
    const unlogged = compareRuns(config({}), { m: 1 }, { other: 1 }).metrics[0]
    expect(unlogged?.baseline).toBeUndefined()
    expect(unlogged).not.toHaveProperty('change')
    expect(unlogged).not.toHaveProperty('relativeChange')
  })
})
