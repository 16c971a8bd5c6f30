/**
 * The statistics primitives, with expected values from NumPy/SciPy (printed with repr, so to the
 * last digit; test/integration/stats-scipy.test.ts recomputes many of them live).
 */
import {
  adjustHolm,
  applyBound,
  buildBound,
  computeMean,
  computePowerShift,
  computeQuantile,
  computeSd,
  describeSample,
  estimateMde,
  iqrMultiplier,
  predictLimit,
  quantileNormal,
  quantileT,
  rankWithTies,
  sfNormal,
  sfT,
  cdfT,
  cdfNormal,
  smallestMannWhitneyP,
  smallestWilcoxonP,
  testMannWhitney,
  testOneSampleT,
  testStudentT,
  testWelchT,
  testWilcoxon,
  type Tolerance,
  type Worse
} from '../../src/core/stats/index.js'
import { medianChiSquareRatio } from '../../src/core/stats/estimate-mde.js'

/** |actual − expected| ≤ relative·|expected| (absolute near 0). */
function expectClose(actual: number | undefined, expected: number, relative = 1e-12): void {
  expect(actual).toBeDefined()
  const error = Math.abs((actual ?? Number.NaN) - expected)
  expect(error).toBeLessThanOrEqual(relative * Math.max(Math.abs(expected), 1e-300))
}

describe('descriptive statistics (NumPy defaults)', () => {
  it('describeSample: n, mean, sd with n − 1, median, linear quartiles, IQR', () => {
    const summary = describeSample([3, 1, 4, 1, 5, 9, 2, 6])
    expect(summary).toEqual({
      n: 8,
      mean: 3.875,
      sd: expect.any(Number),
      median: 3.5,
      q1: 1.75,
      q3: 5.25,
      iqr: 3.5
    })
    expectClose(summary.sd, 2.748376143938713)
  })

  it.each([
    [[1, 2, 3, 4], 0.1, 1.3],
    [[1, 2, 3, 4], 0.5, 2.5],
    [[7], 0.3, 7],
    [[5, 1], 0.75, 4],
    [[2, 8, 4, 6], 0.9, 7.4],
    [[1, 2, 3, 4, 5], 1, 5],
    [[1, 2, 3, 4, 5], 0, 1]
  ])('np.quantile(%j, %p) = %p', (values, p, expected) => {
    expectClose(computeQuantile(values, p), expected)
  })

  it('an empty sample has NaN statistics; one value has no sd', () => {
    expect(computeMean([])).toBeNaN()
    expect(computeQuantile([], 0.5)).toBeNaN()
    expect(computeSd([4])).toBeNaN()
    expect(computeSd([0.1, 0.1, 0.1])).toBe(0)
  })

  it('a quantile outside [0, 1] is refused', () => {
    expect(() => computeQuantile([1, 2], 1.5)).toThrow("a quantile's p must be in [0, 1], not 1.5")
  })

  it('rankWithTies: average ranks and the sizes of the groups of ties', () => {
    expect(rankWithTies([10, 20, 10, 30, 20, 20])).toEqual({
      ranks: [1.5, 4, 1.5, 6, 4, 4],
      ties: [2, 3]
    })
  })
})

describe('distributions (stdlib)', () => {
  it.each([
    ['t.ppf(0.99, 4)', () => quantileT(0.99, 4), 3.746947387979196],
    ['t.ppf(0.95, 10)', () => quantileT(0.95, 10), 1.8124611228116756],
    ['t.ppf(0.01, 3)', () => quantileT(0.01, 3), -4.5407028585681335],
    ['norm.ppf(0.99)', () => quantileNormal(0.99), 2.3263478740408408],
    ['norm.ppf(0.95)', () => quantileNormal(0.95), 1.6448536269514722],
    ['norm.ppf(0.75)', () => quantileNormal(0.75), 0.6744897501960817],
    ['t.sf(2, 5)', () => sfT(2, 5), 0.050969739414929174],
    ['t.cdf(-1, 3)', () => cdfT(-1, 3), 0.19550110947788524],
    ['norm.sf(1.96)', () => sfNormal(1.96), 0.024997895148220435],
    ['norm.cdf(-3)', () => cdfNormal(-3), 0.0013498980316300933]
  ])('%s', (_name, compute, expected) => {
    expectClose(compute(), expected, 1e-10)
  })

  it('the memoised t quantile is the same on a second call', () => {
    expect(quantileT(0.99, 4)).toBe(quantileT(0.99, 4))
  })
})

describe('one-sided tests (SciPy p-values)', () => {
  const a = [1.12, 1.05, 1.3, 0.98, 1.21]
  const b = [1.0, 0.97, 1.08, 1.02, 0.95]

  it.each([
    ['ttest_ind(a, b, greater)', () => testStudentT(a, b, 'greater').pValue, 0.034541613552345155],
    ['its statistic', () => testStudentT(a, b, 'greater').statistic, 2.0986426745086475],
    ['ttest_ind(equal_var=False)', () => testWelchT(a, b, 'greater').pValue, 0.043734183661318524],
    [
      'Welch–Satterthwaite df',
      () => testWelchT(a, b, 'greater').df ?? Number.NaN,
      5.229026872899553
    ],
    [
      'one run vs a window (t prediction interval)',
      () => testStudentT([1.31], [1.02, 0.97, 1.11, 1.05, 0.99], 'greater').pValue,
      0.004708385434838528
    ],
    [
      'mannwhitneyu(a, b, greater)',
      () => testMannWhitney(a, b, 'greater').pValue,
      0.047346471299737944
    ],
    [
      'mannwhitneyu with ties, less',
      () => testMannWhitney([3, 4, 4, 5], [2, 3, 3, 4, 4], 'less').pValue,
      0.924132276611715
    ],
    [
      'ttest_rel(a, b, greater)',
      () =>
        testOneSampleT(
          a.map((v, i) => v - (b[i] ?? 0)),
          0,
          'greater'
        ).pValue,
      0.036830345560258625
    ],
    [
      'ttest_1samp(x, 1, greater)',
      () => testOneSampleT([1.2, 1.4, 1.1, 1.3], 1, 'greater').pValue,
      0.015233145831085478
    ],
    [
      'wilcoxon(d, correction=True, greater): a zero, tied |d|',
      () => testWilcoxon([0.5, -0.2, 1.1, 0.7, 0, 0.7, 0.9, -0.1], 'greater').pValue,
      0.03770178143563168
    ],
    [
      'wilcoxon(d, correction=True, less)',
      () => testWilcoxon([0.5, -0.2, 1.1, 0.7, 0, 0.7, 0.9, -0.1], 'less').pValue,
      0.9742527241995047
    ]
  ])('%s', (_name, compute, expected) => {
    expectClose(compute(), expected, 1e-10)
  })

  it.each([
    [() => testStudentT([1], [2], 'greater'), 'Student t needs N + K ≥ 3 values'],
    [() => testWelchT([1], [2, 3], 'greater'), "Welch's t needs at least 2 values a side"],
    [() => testOneSampleT([1], 0, 'greater'), 'a one-sample t needs at least 2 values']
  ])('too few values are refused (%#)', (run, message) => {
    expect(run).toThrow(message)
  })

  it('Wilcoxon with no non-zero difference has no p-value', () => {
    expect(testWilcoxon([0, 0, 0], 'greater').pValue).toBeNaN()
  })

  it.each([
    [5, 1 / 32, 0.029529114545268353],
    [7, 1 / 128, 0.011247135611224826]
  ])('smallestWilcoxonP(%p): exact %p, approximate %p', (m, exact, approximate) => {
    const smallest = smallestWilcoxonP(m)
    expect(smallest.exact).toBe(exact)
    expectClose(smallest.approximate, approximate, 1e-10)
  })

  it.each([
    [1, 20, 1 / 21],
    [3, 3, 1 / 20],
    [5, 5, 1 / 252]
  ])('smallestMannWhitneyP(%p, %p) = 1/C(N+K, N) = %p', (n, k, expected) => {
    expectClose(smallestMannWhitneyP(n, k), expected)
  })
})

describe('prediction limits for one new value', () => {
  const window = [1, 2, 3, 4, 5]

  it.each([
    ['t', 'greater', 9.489903249267462],
    ['t', 'less', -3.4899032492674618],
    ['log-normal', 'greater', 35.37462085608984],
    ['z', 'greater', 6.678278955929777],
    ['iqr', 'greater', 6.449048519068741],
    ['iqr', 'less', -0.4490485190687412],
    ['percentage', 'greater', 3]
  ] as const)('%s, worse %s: %p', (model, worse, expected) => {
    expectClose(predictLimit(window, model, worse, 0.01), expected)
  })

  it('the IQR multiplier is z₁₋α / (2·z₀.₇₅)', () => {
    expectClose(iqrMultiplier(0.01), 1.7245242595343706)
  })

  it.each([
    ['log-normal', [1, -2], 'the log-normal model needs strictly positive values'],
    ['t', [1], 'the t model needs a window of at least 2 values']
  ] as const)('the %s model refuses %j', (model, values, message) => {
    expect(() => predictLimit(values, model, 'greater', 0.01)).toThrow(message)
  })
})

describe('the smallest detectable effect', () => {
  it.each([
    ['normal statistic: z₀.₉₉ + z₀.₉₅', undefined, 3.971201500992313],
    ['t, 2 df (A&S 26.7.10)', 2, 12.053322166241879],
    ['t, 8 df', 8, 4.836751437595997]
  ])('computePowerShift, %s', (_name, df, expected) => {
    expectClose(computePowerShift(0.01, 0.95, df), expected)
  })

  it('the median of χ²/ν by Wilson–Hilferty', () => {
    expectClose(medianChiSquareRatio(2), (1 - 1 / 9) ** 3)
  })

  const fixed = (v: number) => ({ candidate: 0, baseline: v })
  const growing = (v: number) => ({ candidate: v, baseline: 0 })
  it.each([
    // [name, input, expected]
    [
      'a fixed spread: (z₀.₉₉ + z₀.₉₅)·SE/|baseline|',
      { spread: fixed(0.01), boundCentre: 2, baselineCentre: 2, worse: 'greater' },
      (3.971201500992313 * 0.1) / 2
    ],
    [
      'on logs: bound·(e^(δ·SE) − 1)/|baseline|',
      {
        spread: fixed(0.0001),
        boundCentre: 1.1,
        baselineCentre: 1,
        worse: 'greater',
        logScale: true
      },
      1.1 * Math.expm1(3.971201500992313 * 0.01)
    ],
    [
      'on logs, downward: bound·(1 − e^(−δ·SE))',
      { spread: fixed(0.0001), boundCentre: 1, baselineCentre: 1, worse: 'less', logScale: true },
      -Math.expm1(-3.971201500992313 * 0.01)
    ],
    [
      'the candidate spread grows with the level: t = δ·SE·(1 + t)',
      { spread: growing(0.01), boundCentre: 1, baselineCentre: 1, worse: 'greater' },
      0.3971201500992313 / (1 - 0.3971201500992313)
    ],
    [
      'the same downward: t = δ·SE·(1 − t)',
      { spread: growing(0.01), boundCentre: 1, baselineCentre: 1, worse: 'less' },
      0.3971201500992313 / (1 + 0.3971201500992313)
    ],
    [
      'no change certain to show: δ·SE ≥ 1',
      { spread: growing(0.1), boundCentre: 1, baselineCentre: 1, worse: 'greater' },
      Number.POSITIVE_INFINITY
    ],
    [
      // scipy brentq on the same equation: one run against a window of 5, s² = 0.01, 4 df
      "one run vs a window of 5: D grows with the run, SE is the window's",
      {
        spread: { candidate: 0.01, baseline: 0.01 / 5 },
        standardError: { candidate: 0, baseline: 0.01 * (1 + 1 / 5) },
        df: 4,
        boundCentre: 1,
        baselineCentre: 1,
        worse: 'greater'
      },
      0.8478831172237463
    ]
  ] as const)('estimateMde: %s', (_name, input, expected) => {
    const mde = estimateMde({ ...input, alpha: 0.01 })
    if (expected === Number.POSITIVE_INFINITY) expect(mde).toBe(expected)
    else expectClose(mde, expected, 1e-9)
  })

  it('spreads with df are made median-unbiased', () => {
    const mde = estimateMde({
      spread: fixed(0.01),
      df: 2,
      alpha: 0.01,
      boundCentre: 1,
      baselineCentre: 1,
      worse: 'greater'
    })
    expectClose(mde, (12.053322166241879 * 0.1) / Math.sqrt((1 - 1 / 9) ** 3))
  })

  it('a baseline of 0 has no relative MDE', () => {
    const input = { spread: fixed(1), alpha: 0.01, boundCentre: 0, worse: 'greater' } as const
    expect(estimateMde({ ...input, baselineCentre: 0 })).toBeUndefined()
  })
})

describe('the shifted null', () => {
  it.each([
    // [tolerance, worse, baseline centre, bound]
    [{ kind: 'relative', allowance: 0.05 }, 'greater', 10, { scale: 1.05, shift: 0 }],
    [{ kind: 'relative', allowance: 0.05 }, 'less', 0.9, { scale: 0.95, shift: 0 }],
    // min_relative_change 2% on a score: it must improve by 2%
    [{ kind: 'relative', allowance: -0.02 }, 'less', 0.9, { scale: 1.02, shift: 0 }],
    // a negative baseline: b ± a·|b|, as compare.ts
    [{ kind: 'relative', allowance: 0.5 }, 'less', -1, { scale: 1.5, shift: 0 }],
    [{ kind: 'absolute', allowance: 2 }, 'greater', 10, { scale: 1, shift: 2 }],
    [{ kind: 'absolute', allowance: -0.01 }, 'less', 0.8, { scale: 1, shift: 0.01 }]
  ] as const)(
    'buildBound(%j, worse %s, baseline %p) = %j',
    (tolerance, worse, centre, expected) => {
      const bound = buildBound(tolerance as Tolerance, worse as Worse, centre)
      expectClose(bound.scale, expected.scale)
      expectClose(bound.shift, expected.shift)
    }
  )

  it('applyBound maps the baseline to scale·y + shift', () => {
    expect(applyBound([1, 2], { scale: 2, shift: 0.5 })).toEqual([2.5, 4.5])
  })
})

describe('Holm', () => {
  it.each([
    [
      [0.01, 0.04, 0.03, Number.NaN],
      [0.03, 0.06, 0.06, Number.NaN]
    ],
    [
      [0.5, 0.2],
      [0.5, 0.4]
    ],
    [[0.001], [0.001]],
    [
      [0.4, 0.3, 0.9],
      [0.9, 0.9, 0.9]
    ]
  ])('adjustHolm(%j) = %j', (pValues, expected) => {
    const adjusted = adjustHolm(pValues)
    expected.forEach((value, i) => {
      if (Number.isNaN(value)) expect(adjusted[i]).toBeNaN()
      else expectClose(adjusted[i], value)
    })
  })
})
