/**
 * The statistics module against SciPy (the project's pinned Python environment): p-values of
 * every test, quantiles of the distributions and NumPy's descriptive statistics, on fixed data
 * sets, to 1e-9 relative where the method is the same.
 */
import {
  applyBound,
  computeMean,
  computeQuantile,
  computeSd,
  decideBreach,
  quantileNormal,
  quantileT,
  sfT,
  testMannWhitney,
  testOneSampleT,
  testStudentT,
  testWelchT,
  testWilcoxon,
  type Alternative,
  type Bound
} from '../../src/core/stats/index.js'
import { runPython } from '../support/python.js'

interface DataSet {
  name: string
  x: number[]
  y: number[]
  alternative: Alternative
  bound?: Bound
}

/** Sizes 1–30, ties, zeros in the differences, negative values, scaled and shifted bounds. */
const DATA: DataSet[] = [
  {
    name: 'times, 5 vs 5',
    x: [1.12, 1.05, 1.3, 0.98, 1.21],
    y: [1.0, 0.97, 1.08, 1.02, 0.95],
    alternative: 'greater'
  },
  {
    name: 'one run vs 10',
    x: [1.31],
    y: [1.02, 0.97, 1.11, 1.05, 0.99, 1.0, 1.07, 0.93, 1.04, 1.01],
    alternative: 'greater'
  },
  { name: 'one run vs 4, less', x: [0.71], y: [0.8, 0.82, 0.79, 0.85], alternative: 'less' },
  {
    name: '3 vs 20',
    x: [10.4, 11.2, 10.9],
    y: [
      9.8, 10.1, 10.3, 9.9, 10.0, 10.6, 9.7, 10.2, 10.4, 10.1, 9.6, 10.0, 10.5, 9.9, 10.2, 10.3,
      9.8, 10.0, 10.1, 10.7
    ],
    alternative: 'greater'
  },
  {
    name: 'ties across sides',
    x: [3, 4, 4, 5, 6, 6, 7],
    y: [2, 3, 3, 4, 4, 5, 5, 6],
    alternative: 'greater'
  },
  {
    name: 'scores, less',
    x: [0.91, 0.9, 0.92, 0.89],
    y: [0.93, 0.94, 0.92, 0.95, 0.93],
    alternative: 'less'
  },
  {
    name: 'negative values',
    x: [-1.2, -0.8, -1.1, -0.9, -1.4, -1.0],
    y: [-1.5, -1.3, -1.6, -1.2, -1.4, -1.7],
    alternative: 'greater'
  },
  {
    name: 'unequal spreads',
    x: [5.0, 9.0, 2.0, 7.5, 11.0, 3.3],
    y: [5.1, 5.2, 5.0, 5.3, 4.9, 5.1, 5.0, 5.2],
    alternative: 'greater'
  },
  {
    name: '10% tolerance, times',
    x: [1.2, 1.25, 1.18, 1.3, 1.22],
    y: [1.0, 1.05, 0.98, 1.02, 1.01, 0.99],
    alternative: 'greater',
    bound: { scale: 1.1, shift: 0 }
  },
  {
    name: 'absolute tolerance',
    x: [12.1, 12.6, 12.3, 12.9],
    y: [10.0, 10.4, 10.1, 9.8, 10.2],
    alternative: 'greater',
    bound: { scale: 1, shift: 2 }
  },
  {
    name: 'scores, 2% drop allowed',
    x: [0.88, 0.9, 0.87, 0.89, 0.86],
    y: [0.92, 0.93, 0.91, 0.92, 0.94],
    alternative: 'less',
    bound: { scale: 0.98, shift: 0 }
  },
  {
    name: 'pairs, 8',
    x: [1.051, 1.032, 1.078, 1.044, 1.06, 1.02, 1.049, 1.071],
    y: [1.0, 1.01, 1.02, 0.99, 1.005, 0.998, 1.0, 1.03],
    alternative: 'greater'
  },
  {
    name: 'pairs with zero differences',
    x: [2, 3, 5, 5, 7, 8, 9, 10, 12],
    y: [2, 1, 5, 4, 6, 8, 6, 11, 9],
    alternative: 'greater'
  },
  {
    name: 'pairs with tied |d|',
    x: [1, 2, 3, 4, 5, 6, 7, 8],
    y: [2, 1, 1, 2, 3, 3, 4, 5],
    alternative: 'greater'
  },
  {
    name: 'pairs, less',
    x: [0.8, 0.82, 0.79, 0.81, 0.8, 0.78],
    y: [0.81, 0.83, 0.8, 0.8, 0.82, 0.8],
    alternative: 'less'
  },
  {
    name: 'large, 30 vs 30',
    x: Array.from({ length: 30 }, (_, i) => 100 + ((i * 37) % 17) - 7.5),
    y: Array.from({ length: 30 }, (_, i) => 99 + ((i * 23) % 19) - 9),
    alternative: 'greater'
  },
  { name: 'two vs two', x: [4.1, 4.5], y: [3.9, 4.0], alternative: 'greater' },
  { name: 'no difference', x: [1, 2, 3, 4, 5], y: [1.5, 2.5, 3.5, 2, 4], alternative: 'greater' },
  {
    name: 'pairs, 5',
    x: [1.1, 1.07, 1.12, 1.09, 1.08],
    y: [1.0, 1.01, 1.03, 0.99, 1.02],
    alternative: 'greater',
    bound: { scale: 1.02, shift: 0 }
  },
  {
    name: 'skewed times, 4 vs 12',
    x: [2.9, 1.4, 1.8, 5.2],
    y: [1.1, 0.9, 1.3, 2.8, 1.0, 1.2, 0.95, 1.6, 1.05, 4.1, 1.15, 0.98],
    alternative: 'greater'
  }
]

function mapped(d: DataSet): number[] {
  return applyBound(d.y, d.bound ?? { scale: 1, shift: 0 })
}

interface Reference {
  student: number
  welch: number | null
  studentLog: number | null
  mannWhitney: number
  pairedT: number | null
  wilcoxon: number | null
  mean: number
  sd: number | null
  quantiles: number[]
}

const QUANTILE_PS = [0, 0.1, 0.25, 0.5, 0.75, 0.9, 1]
const T_GRID: Array<[number, number]> = [
  [0.99, 1],
  [0.99, 2],
  [0.99, 4],
  [0.99, 9],
  [0.95, 3.7],
  [0.975, 29],
  [0.999, 49],
  [0.9, 100],
  [0.01, 5],
  [0.5, 7]
]
const NORMAL_GRID = [0.5, 0.75, 0.9, 0.95, 0.975, 0.99, 0.999, 0.01, 1e-6]

let references: Reference[]
let tQuantiles: number[]
let tSurvivals: number[]
let normalQuantiles: number[]

beforeAll(() => {
  const input = JSON.stringify({
    data: DATA.map(d => ({ x: d.x, y: mapped(d), alternative: d.alternative })),
    quantilePs: QUANTILE_PS,
    tGrid: T_GRID,
    normalGrid: NORMAL_GRID
  })
  const out = runPython(`
import json, sys
import numpy as np
from scipy import stats
spec = json.loads(${JSON.stringify(input)})
refs = []
for d in spec["data"]:
    x, y, alt = np.array(d["x"]), np.array(d["y"]), d["alternative"]
    paired = len(x) == len(y)
    positive = bool((x > 0).all() and (y > 0).all())
    refs.append({
        "student": float(stats.ttest_ind(x, y, equal_var=True, alternative=alt).pvalue),
        "welch": float(stats.ttest_ind(x, y, equal_var=False, alternative=alt).pvalue) if len(x) > 1 and len(y) > 1 else None,
        "studentLog": float(stats.ttest_ind(np.log(x), np.log(y), equal_var=True, alternative=alt).pvalue) if positive else None,
        "mannWhitney": float(stats.mannwhitneyu(x, y, use_continuity=True, alternative=alt, method="asymptotic").pvalue),
        "pairedT": float(stats.ttest_rel(x, y, alternative=alt).pvalue) if paired else None,
        "wilcoxon": float(stats.wilcoxon(x, y, zero_method="wilcox", correction=True, alternative=alt, method="asymptotic").pvalue) if paired else None,
        "mean": float(np.mean(x)),
        "sd": float(np.std(x, ddof=1)) if len(x) > 1 else None,
        "quantiles": [float(q) for q in np.quantile(x, spec["quantilePs"])],
    })
print(json.dumps({
    "refs": refs,
    "tQuantiles": [float(stats.t.ppf(p, df)) for p, df in spec["tGrid"]],
    "tSurvivals": [float(stats.t.sf(2.5, df)) for p, df in spec["tGrid"]],
    "normalQuantiles": [float(stats.norm.ppf(p)) for p in spec["normalGrid"]],
}))
`)
  const parsed = JSON.parse(out) as {
    refs: Reference[]
    tQuantiles: number[]
    tSurvivals: number[]
    normalQuantiles: number[]
  }
  references = parsed.refs
  tQuantiles = parsed.tQuantiles
  tSurvivals = parsed.tSurvivals
  normalQuantiles = parsed.normalQuantiles
})

function expectClose(actual: number, expected: number, relative = 1e-9): void {
  const scale = Math.max(Math.abs(expected), 1e-300)
  expect(Math.abs(actual - expected) / scale).toBeLessThanOrEqual(relative)
}

describe.each(DATA.map((d, i) => [d.name, i] as const))('%s: the same p as SciPy', (_name, i) => {
  const d = DATA[i] as DataSet
  const y = mapped(d)
  const paired = d.x.length === d.y.length

  it('Student t (ttest_ind, equal_var=True)', () => {
    expectClose(testStudentT(d.x, y, d.alternative).pValue, references[i]?.student ?? Number.NaN)
  })

  it("Welch's t (ttest_ind, equal_var=False)", () => {
    const expected = references[i]?.welch
    if (expected === null || expected === undefined) return
    expectClose(testWelchT(d.x, y, d.alternative).pValue, expected)
  })

  it("Mann–Whitney U (method='asymptotic', use_continuity=True)", () => {
    expectClose(testMannWhitney(d.x, y, d.alternative).pValue, references[i]?.mannWhitney ?? 0)
  })

  it('paired t (ttest_rel) and Wilcoxon (asymptotic, correction=True)', () => {
    if (!paired) return
    const differences = d.x.map((v, j) => v - (y[j] ?? 0))
    expectClose(
      testOneSampleT(differences, 0, d.alternative).pValue,
      references[i]?.pairedT ?? Number.NaN
    )
    expectClose(testWilcoxon(differences, d.alternative).pValue, references[i]?.wilcoxon ?? 0)
  })

  it('decideBreach: the larger p of the t models on values and logs', () => {
    const ref = references[i]
    if (ref === undefined) return
    const decision = decideBreach({
      candidate: d.x,
      baseline: d.y,
      worse: d.alternative,
      ...(d.bound === undefined ? {} : { bound: d.bound })
    })
    expectClose(decision.pValue ?? Number.NaN, Math.max(ref.student, ref.studentLog ?? 0))
  })

  it('mean, sd (ddof=1) and np.quantile (linear)', () => {
    const ref = references[i]
    expectClose(computeMean(d.x), ref?.mean ?? Number.NaN, 1e-12)
    if (ref?.sd !== null && ref?.sd !== undefined) expectClose(computeSd(d.x), ref.sd, 1e-12)
    QUANTILE_PS.forEach((p, j) => {
      expectClose(computeQuantile(d.x, p), ref?.quantiles[j] ?? Number.NaN, 1e-12)
    })
  })
})

describe('distributions: the same as SciPy', () => {
  it.each(T_GRID.map((pair, i) => [...pair, i] as const))('t.ppf(%p, %p)', (p, df, i) => {
    expectClose(quantileT(p, df), tQuantiles[i] ?? Number.NaN)
  })

  it.each(T_GRID.map((pair, i) => [pair[1], i] as const))('t.sf(2.5, %p)', (df, i) => {
    expectClose(sfT(2.5, df), tSurvivals[i] ?? Number.NaN)
  })

  it.each(NORMAL_GRID.map((p, i) => [p, i] as const))('norm.ppf(%p)', (p, i) => {
    expectClose(quantileNormal(p), normalQuantiles[i] ?? Number.NaN)
  })
})
