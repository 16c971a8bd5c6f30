/**
 * decideBreach: which method `auto` picks, today's deterministic rules without a noise estimate,
 * the outcomes against a shifted bound, notes, and refusals. Expected p-values and limits from
 * SciPy (repr digits).
 */
import {
  buildBound,
  decideBreach,
  type BreachQuestion,
  type Tolerance,
  type Worse
} from '../../src/core/stats/index.js'

function expectClose(actual: number | undefined, expected: number, relative = 1e-10): void {
  expect(actual).toBeDefined()
  const error = Math.abs((actual ?? Number.NaN) - expected)
  expect(error).toBeLessThanOrEqual(relative * Math.max(Math.abs(expected), 1e-300))
}

const WINDOW = [1.02, 0.97, 1.11, 1.05, 0.99, 1.0, 1.07, 0.93, 1.04, 1.01]
const SIX = [1.0, 1.05, 0.98, 1.02, 1.01, 0.99]

describe('one run a side: the deterministic rules of today, labelled "no noise estimate"', () => {
  // The same cases as compare.test.ts (MLflow MetricThreshold semantics), through buildBound.
  it.each([
    // [tolerance, worse, candidate, baseline, outcome]
    [{ kind: 'absolute', allowance: -0.01 }, 'less', 0.81, 0.8, 'no-breach'],
    [{ kind: 'absolute', allowance: -0.01 }, 'less', 0.805, 0.8, 'breach'],
    [{ kind: 'absolute', allowance: -1 }, 'greater', 9, 10, 'no-breach'],
    [{ kind: 'absolute', allowance: -1 }, 'greater', 9.5, 10, 'breach'],
    [{ kind: 'relative', allowance: -0.1 }, 'less', 1.1, 1, 'no-breach'],
    [{ kind: 'relative', allowance: -0.1 }, 'less', 1.05, 1, 'breach'],
    [{ kind: 'relative', allowance: -0.5 }, 'less', -0.5, -1, 'no-breach'],
    [{ kind: 'relative', allowance: -0.5 }, 'less', -0.6, -1, 'breach'],
    [{ kind: 'relative', allowance: 0.01 }, 'less', 0.991, 1, 'no-breach'],
    [{ kind: 'relative', allowance: 0.01 }, 'less', 0.98, 1, 'breach'],
    [{ kind: 'absolute', allowance: 2 }, 'greater', 12, 10, 'no-breach'],
    [{ kind: 'absolute', allowance: 2 }, 'greater', 12.5, 10, 'breach'],
    [{ kind: 'relative', allowance: 0 }, 'greater', 1, 1, 'no-breach'],
    [{ kind: 'relative', allowance: 0 }, 'greater', Number.NaN, 1, 'breach'],
    [{ kind: 'relative', allowance: 0 }, 'greater', Number.POSITIVE_INFINITY, 1, 'breach']
  ] as const)('%j, worse %s: %p vs %p → %s', (tolerance, worse, candidate, baseline, outcome) => {
    const decision = decideBreach({
      candidate: [candidate],
      baseline: [baseline],
      bound: buildBound(tolerance as Tolerance, worse as Worse, baseline),
      worse
    })
    expect(decision).toMatchObject({
      outcome,
      test: 'deterministic',
      method: 'deterministic, 1 run vs 1 (no noise estimate)',
      noiseEstimate: false,
      significantlyBetter: false,
      notes: ['one run a side: no noise estimate, the rule was applied to the values as they are']
    })
    expect(decision.pValue).toBeUndefined()
    expect(decision.mde).toBeUndefined()
  })

  it('one pair is decided the same way', () => {
    const decision = decideBreach({
      candidate: [1.2],
      baseline: [1],
      paired: true,
      worse: 'greater'
    })
    expect(decision).toMatchObject({
      outcome: 'breach',
      test: 'deterministic',
      noiseEstimate: false
    })
  })
})

describe('no spread on either side: exact metrics are decided deterministically', () => {
  it.each([
    // [candidate, baseline, worse, outcome, significantlyBetter]
    [[0.9, 0.9, 0.9], [0.9, 0.9, 0.9, 0.9, 0.9], 'less', 'no-breach', false],
    [[0.89], [0.9, 0.9, 0.9], 'less', 'breach', false],
    [[0.91, 0.91], [0.9, 0.9, 0.9], 'less', 'no-breach', true],
    [[0.89, 0.89], [0.9], 'less', 'breach', false]
  ] as const)('%j vs %j (worse %s) → %s', (candidate, baseline, worse, outcome, better) => {
    const decision = decideBreach({ candidate: [...candidate], baseline: [...baseline], worse })
    expect(decision).toMatchObject({
      outcome,
      significantlyBetter: better,
      test: 'deterministic',
      method: `deterministic, ${candidate.length} vs ${baseline.length} runs (no spread: exact metric)`,
      mde: 0,
      noiseEstimate: false,
      notes: [`no spread in the ${candidate.length} + ${baseline.length} runs (an exact metric)`]
    })
  })

  it.each([
    // [candidate, baseline, outcome, significantlyBetter]: the log ratios are all equal
    [[2, 2, 2], [1, 1, 1], 'breach', false],
    [[1, 3, 0.5], [1, 3, 0.5], 'no-breach', false],
    [[1, 1, 1], [2, 2, 2], 'no-breach', true]
  ] as const)(
    'pairs %j vs %j that all differ alike → %s',
    (candidate, baseline, outcome, better) => {
      const decision = decideBreach({
        candidate: [...candidate],
        baseline: [...baseline],
        paired: true,
        worse: 'greater'
      })
      expect(decision).toMatchObject({
        outcome,
        significantlyBetter: better,
        test: 'deterministic',
        method: 'deterministic, 3 pairs (no spread: exact metric)',
        mde: 0,
        noiseEstimate: false,
        notes: ['the 3 pairs differ by the same amount (an exact metric)']
      })
    }
  )
})

describe('auto with a noise estimate', () => {
  it('one run vs a window: the t prediction interval on values and on logs, both must agree', () => {
    const decision = decideBreach({ candidate: [1.31], baseline: WINDOW, worse: 'greater' })
    expect(decision).toMatchObject({
      outcome: 'breach',
      test: 't',
      method: 't prediction interval on values and logs, 1 run vs a window of 10',
      noiseEstimate: true,
      significantlyBetter: false,
      notes: []
    })
    // the larger p and the farther limit of the two models
    expectClose(decision.pValue, 0.0005189299232210669)
    expectClose(decision.limit, 1.1822625788245058)
    expectClose(decision.candidateCentre, 1.31)
    expectClose(decision.baselineCentre, 1.019)
    expectClose(decision.boundCentre, 1.019)
    expect(decision.interval?.level).toBeCloseTo(0.98, 12)
    expect(decision.interval?.low).toBeGreaterThan(0)
    // the larger of the two models' MDEs (scipy brentq on the raw model's equation: 0.2798)
    expectClose(decision.mde, 0.29695799403185363, 1e-9)
  })

  it('values ≤ 0: the t model alone', () => {
    const decision = decideBreach({
      candidate: [0.5],
      baseline: WINDOW.map(v => v - 1.019),
      worse: 'greater'
    })
    expect(decision.method).toBe('t prediction interval, 1 run vs a window of 10')
    expect(decision.outcome).toBe('breach')
  })

  it('several runs a side against a 10% tolerance: Student t on scaled baseline values and logs', () => {
    const decision = decideBreach({
      candidate: [1.2, 1.25, 1.18, 1.3, 1.22],
      baseline: SIX,
      bound: { scale: 1.1, shift: 0 },
      worse: 'greater'
    })
    expect(decision).toMatchObject({
      outcome: 'breach',
      test: 't',
      method: "Student's t on values and logs, 5 vs 6 runs"
    })
    expectClose(decision.pValue, 0.00023181821266830938)
    expectClose(decision.boundCentre, 1.1 * 1.0083333333333333)
    expect(decision.limit).toBeUndefined()
  })

  it('beyond the bound but not significantly: inconclusive', () => {
    const decision = decideBreach({
      candidate: [1.08, 1.02, 1.12],
      baseline: SIX,
      worse: 'greater'
    })
    expect(decision.outcome).toBe('inconclusive')
    expectClose(decision.pValue, 0.015562414855034224)
  })

  it('the same data at α = 0.05 breach', () => {
    const question: BreachQuestion = {
      candidate: [1.08, 1.02, 1.12],
      baseline: SIX,
      worse: 'greater',
      alpha: 0.05
    }
    expect(decideBreach(question).outcome).toBe('breach')
  })

  it('significantly better in the good direction', () => {
    const decision = decideBreach({
      candidate: [0.85, 0.84, 0.86],
      baseline: [0.9, 0.91, 0.89, 0.9],
      worse: 'greater'
    })
    expect(decision).toMatchObject({ outcome: 'no-breach', significantlyBetter: true })
  })

  it('a score that drops: worse is less', () => {
    const decision = decideBreach({
      candidate: [0.85, 0.84, 0.86],
      baseline: [0.9, 0.91, 0.89, 0.9],
      worse: 'less'
    })
    expect(decision.outcome).toBe('breach')
    expectClose(decision.pValue, 0.00037433600648848414)
  })

  it('one baseline run and repeats: the spread from the candidate', () => {
    const decision = decideBreach({ candidate: [1.2, 1.25, 1.18], baseline: [1], worse: 'greater' })
    expect(decision.method).toBe(
      "Student's t on values and logs, 3 runs vs 1 (spread from the candidate's runs)"
    )
    expect(decision.noiseEstimate).toBe(true)
  })

  it('repeats on one runner: their mean counts as one run against the window', () => {
    const decision = decideBreach({
      candidate: [1.2, 1.21, 1.19],
      baseline: WINDOW,
      worse: 'greater',
      repeatsOnOneRunner: true
    })
    expect(decision.method).toBe(
      't prediction interval on values and logs, the mean of repeats on one runner vs a window of 10'
    )
    expect(decision.notes).toEqual([
      "the 3 repeats ran on one runner: their mean is judged as one run against the window's spread"
    ])
    expectClose(decision.candidateCentre, 1.2)
  })

  it('pairs: the paired t on log ratios', () => {
    const decision = decideBreach({
      candidate: [1.051, 1.032, 1.078, 1.044, 1.06, 1.02, 1.049, 1.071],
      baseline: [1.0, 1.01, 1.02, 0.99, 1.005, 0.998, 1.0, 1.03],
      paired: true,
      worse: 'greater'
    })
    expect(decision).toMatchObject({
      outcome: 'breach',
      test: 'paired-log-t',
      method: 'paired t on log ratios, 8 pairs'
    })
    expectClose(decision.pValue, 2.6778716257090443e-5, 1e-8)
  })

  it('pairs with a value ≤ 0: the paired t on differences', () => {
    const decision = decideBreach({
      candidate: [0.051, 0.032, 0.078, 0.044],
      baseline: [0.0, 0.01, 0.02, -0.01],
      paired: true,
      worse: 'greater'
    })
    expect(decision.test).toBe('paired-t')
  })

  it('NaN values are left out, with a note', () => {
    const decision = decideBreach({
      candidate: [1.31, Number.NaN],
      baseline: [...WINDOW, Number.NaN],
      worse: 'greater'
    })
    expectClose(decision.pValue, 0.0005189299232210669)
    expect(decision.notes).toEqual([
      "1 of the candidate's 2 values were NaN and were left out",
      "1 of the baseline's 11 values were NaN and were left out"
    ])
  })
})

describe('methods by name', () => {
  const candidate = [1.2, 1.25, 1.18, 1.3, 1.22]

  it.each([
    ['welch', "Welch's t, 5 vs 6 runs", 4.544111006011539e-5],
    ['mann-whitney', 'Mann–Whitney U, 5 vs 6 runs', 0.00405655863278289]
  ] as const)('%s', (method, words, pValue) => {
    const decision = decideBreach({ candidate, baseline: SIX, worse: 'greater', method })
    expect(decision).toMatchObject({ test: method, method: words, outcome: 'breach' })
    expectClose(decision.pValue, pValue)
  })

  it.each([
    ['t', 't prediction interval, 1 run vs a window of 10', 1.171459209088236],
    [
      'log-normal',
      't prediction interval on logs (log-normal), 1 run vs a window of 10',
      1.1822625788245058
    ]
  ] as const)('%s: one model, its limit', (method, words, limit) => {
    const decision = decideBreach({ candidate: [1.31], baseline: WINDOW, worse: 'greater', method })
    expect(decision.method).toBe(words)
    expectClose(decision.limit, limit)
  })

  it.each([
    ['z', 'z prediction limit, 1 run vs a window of 10'],
    ['iqr', 'IQR limit (median ± 1.72·IQR), 1 run vs a window of 10'],
    ['percentage', 'the rule on the means, 1 run vs a window of 10 (no noise model)'],
    ['static', 'the rule on the medians, 1 run vs 10 (no noise model)']
  ] as const)('%s', (method, words) => {
    const decision = decideBreach({ candidate: [1.31], baseline: WINDOW, worse: 'greater', method })
    expect(decision.method).toBe(words)
    expect(decision.outcome).toBe('breach')
    expect(decision.noiseEstimate).toBe(method === 'z' || method === 'iqr')
  })

  it('welch with one run falls back to Student t, with a note', () => {
    const decision = decideBreach({
      candidate: [1.31],
      baseline: WINDOW,
      worse: 'greater',
      method: 'welch'
    })
    expect(decision.test).toBe('t')
    expect(decision.notes).toEqual(["Welch's t needs 2 runs a side: Student's t was used"])
  })

  it('Wilcoxon says when it cannot reach α', () => {
    const decision = decideBreach({
      candidate: [1.1, 1.07, 1.12, 1.09, 1.08],
      baseline: [1.0, 1.01, 1.03, 0.99, 1.02],
      paired: true,
      worse: 'greater',
      method: 'wilcoxon'
    })
    expect(decision.outcome).toBe('inconclusive')
    expect(decision.notes).toEqual([
      "Wilcoxon's signed-rank test cannot reach α = 0.01 with 5 pairs: its smallest p is 0.0295 (exact test: 0.0313)"
    ])
  })

  it('Wilcoxon with enough pairs', () => {
    const decision = decideBreach({
      candidate: [1.051, 1.032, 1.078, 1.044, 1.06, 1.02, 1.049, 1.071],
      baseline: [1.0, 1.01, 1.02, 0.99, 1.005, 0.998, 1.0, 1.03],
      paired: true,
      worse: 'greater',
      method: 'wilcoxon'
    })
    expectClose(decision.pValue, 0.007073701943010756)
    expect(decision.notes).toEqual([])
  })

  it('Mann–Whitney says when it cannot reach α', () => {
    const decision = decideBreach({
      candidate: [1.31],
      baseline: WINDOW,
      worse: 'greater',
      method: 'mann-whitney'
    })
    expect(decision.notes).toEqual([
      "Mann–Whitney U cannot reach α = 0.01 with 1 vs 10 runs: the exact test's smallest p is 0.0909"
    ])
  })
})

describe('refusals', () => {
  it.each([
    [
      { candidate: [], baseline: [1], worse: 'greater' },
      'decideBreach needs at least one candidate and one baseline value'
    ],
    [
      { candidate: [1], baseline: [1], worse: 'greater', alpha: 0.5 },
      'alpha must be in (0, 0.5), not 0.5'
    ],
    [
      { candidate: [1], baseline: [1], worse: 'greater', alpha: 0 },
      'alpha must be in (0, 0.5), not 0'
    ],
    [
      { candidate: [1], baseline: [1], worse: 'greater', bound: { scale: Number.NaN, shift: 0 } },
      'the bound must be finite, not {"scale":null,"shift":0}'
    ],
    [
      { candidate: [1, 2], baseline: [1], worse: 'greater', paired: true },
      'pairs need as many candidate values as baseline values, not 2 and 1'
    ],
    [
      { candidate: [1, 2], baseline: [1, 3], worse: 'greater', method: 'paired-t' },
      'the paired-t method needs paired runs'
    ]
  ] as const)('%j', (question, message) => {
    expect(() => decideBreach(question as BreachQuestion)).toThrow(message)
  })
})
