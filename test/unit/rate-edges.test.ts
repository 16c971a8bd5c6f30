/**
 * The edges of the care label that rate.test.ts leaves open: values exactly on a boundary (lower
 * is better too), index ratings of 0, negative and infinite values, the index boundaries of both
 * scales, the mean of the categories and the baseline's own letters.
 */
import {
  DEFAULT_LABEL,
  type CareLabelConfig,
  type MetricRule
} from '../../src/core/config/types.js'
import { INDEX_BOUNDARIES, letterFor, rateCareLabel } from '../../src/core/label/rate.js'

function config(
  metrics: Array<Partial<MetricRule> & { metric: string }>,
  label = DEFAULT_LABEL
): CareLabelConfig {
  return {
    baseline: {},
    label,
    metrics: metrics.map(m => ({ greaterIsBetter: true, level: 'fail', ...m }))
  }
}

describe('letterFor on the boundaries', () => {
  it.each([
    // lower is better: a value on a boundary gets that boundary's letter
    [100, 'A'],
    [99, 'A'],
    [100.5, 'B'],
    [200, 'B'],
    [400, 'C'],
    [400.5, 'D'],
    [Number.POSITIVE_INFINITY, 'D'],
    [Number.NEGATIVE_INFINITY, 'A'],
    [Number.NaN, 'D']
  ] as const)('lower is better, [100, 200, 400]: %p → %s', (value, letter) => {
    expect(letterFor(value, [100, 200, 400], false, 'A-D')).toBe(letter)
  })

  it.each([
    [0.9, 'A'],
    [0.8, 'B'],
    [0.7999, 'C'],
    [0.7, 'C'],
    [0.6, 'D'],
    [0.5999, 'E'],
    [Number.NaN, 'E']
  ] as const)('greater is better, A-E [0.9, 0.8, 0.7, 0.6]: %p → %s', (value, letter) => {
    expect(letterFor(value, [0.9, 0.8, 0.7, 0.6], true, 'A-E')).toBe(letter)
  })

  it('gives the worst letter of the scale when there are fewer boundaries than letters', () => {
    expect(letterFor(0, [1], true, 'A-E')).toBe('E')
    expect(letterFor(0, [], true, 'A-D')).toBe('D')
    expect(letterFor(2, [1], true, 'A-E')).toBe('A')
  })
})

describe('index ratings', () => {
  const rated = (
    greaterIsBetter: boolean,
    value: number,
    baseline: number,
    label = DEFAULT_LABEL
  ) =>
    rateCareLabel(
      config([{ metric: 'm', category: 'runtime', greaterIsBetter }], label),
      { m: value },
      { m: baseline }
    )

  it.each([
    // [greaterIsBetter, value, baseline, letter, index]
    [true, 1, 1, 'A', 1],
    [true, 0.95, 1, 'B', 0.95],
    [true, 0.9, 1, 'C', 0.9],
    [true, 0.89, 1, 'D', 0.89],
    [true, 2, 1, 'A', 2],
    [false, 10, 9.5, 'B', 0.95],
    [false, 10, 9, 'C', 0.9],
    [false, 10, 8.9, 'D', 0.89],
    [false, 5, 10, 'A', 2]
  ] as const)(
    'greater is better %p: %p against %p → %s (index %p)',
    (greaterIsBetter, value, baseline, letter, index) => {
      const label = rated(greaterIsBetter, value, baseline)
      expect(label.metrics).toEqual([
        { metric: 'm', category: 'runtime', letter, basis: 'index', index }
      ])
      expect(label.notes).toEqual([])
      expect(label.overall).toBe(letter)
      expect(label.baselineOverall).toBe('A')
    }
  )

  it('uses the A-E boundaries on the A-E scale', () => {
    expect(INDEX_BOUNDARIES['A-E']).toEqual([1, 0.95, 0.9, 0.8])
    const scale = { scale: 'A-E', overall: 'worst' } as const
    expect(rated(true, 0.8, 1, scale).overall).toBe('D')
    expect(rated(true, 0.79, 1, scale).overall).toBe('E')
  })

  it.each([
    // value, baseline
    [0, 1],
    [1, 0],
    [0, 0],
    [-1, 1],
    [1, -1],
    [Number.POSITIVE_INFINITY, 1],
    [1, Number.POSITIVE_INFINITY],
    [Number.NaN, 1],
    [1, Number.NaN]
  ])('leaves %p against %p unrated, either way round, and says so', (value, baseline) => {
    for (const greaterIsBetter of [true, false]) {
      const label = rated(greaterIsBetter, value, baseline)
      expect(label.metrics).toEqual([])
      expect(label.overall).toBeUndefined()
      expect(label.notes).toEqual([
        'm is not rated: it has no rating boundaries and no baseline to be compared with'
      ])
      // The baseline is not rated either: its category has no letter.
      expect(label.categories.find(c => c.category === 'runtime')).toEqual({
        category: 'runtime',
        letter: undefined,
        baselineLetter: undefined,
        metrics: []
      })
    }
  })

  it('rates a metric of 0 by its boundaries when it has some', () => {
    const label = rateCareLabel(
      config([
        { metric: 'errors', category: 'robustness', greaterIsBetter: false, rating: [0, 1, 5] }
      ]),
      { errors: 0 },
      { errors: 2 }
    )
    expect(label.metrics).toEqual([
      { metric: 'errors', category: 'robustness', letter: 'A', basis: 'absolute' }
    ])
    expect(label.categories[1]).toEqual({
      category: 'robustness',
      letter: 'A',
      baselineLetter: 'C',
      metrics: ['errors']
    })
    expect(label.baselineOverall).toBe('C')
  })
})

describe('rateCareLabel', () => {
  it('skips a metric the run did not log, without a note', () => {
    const label = rateCareLabel(
      config([{ metric: 'a', category: 'quality', rating: [1, 0.5, 0.2] }]),
      {},
      { a: 1 }
    )
    expect(label.metrics).toEqual([])
    expect(label.notes).toEqual([])
    expect(label.overall).toBeUndefined()
    // A baseline without a rated category has no overall letter either.
    expect(label.baselineOverall).toBeUndefined()
  })

  it('rates only categorised metrics', () => {
    const label = rateCareLabel(
      config([{ metric: 'a', rating: [1, 0.5, 0.2] }]),
      { a: 0.1 },
      undefined
    )
    expect(label.metrics).toEqual([])
    expect(label.categories.every(c => c.letter === undefined)).toBe(true)
  })

  it('gives a category the letter of its worst metric, now and for the baseline', () => {
    const label = rateCareLabel(
      config([
        { metric: 'a', category: 'quality', rating: [0.9, 0.8, 0.7] },
        { metric: 'b', category: 'quality', rating: [0.9, 0.8, 0.7] },
        { metric: 'c', category: 'quality', rating: [0.9, 0.8, 0.7] }
      ]),
      { a: 0.95, b: 0.75, c: 0.85 },
      { a: 0.6, b: 0.95, c: 0.85 }
    )
    expect(label.categories[0]).toEqual({
      category: 'quality',
      letter: 'C',
      baselineLetter: 'D',
      metrics: ['a', 'b', 'c']
    })
  })

  it.each([
    // letters of two categories → the mean, rounded half up
    ['A', 'B', 'B'],
    ['A', 'C', 'B'],
    ['A', 'D', 'C'],
    ['B', 'D', 'C'],
    ['D', 'D', 'D']
  ] as const)('the mean of %s and %s is %s', (first, second, mean) => {
    const boundaries = [3, 2, 1]
    const value = { A: 3, B: 2, C: 1, D: 0 }
    const label = rateCareLabel(
      config(
        [
          { metric: 'a', category: 'quality', rating: boundaries },
          { metric: 'b', category: 'runtime', rating: boundaries }
        ],
        { scale: 'A-D', overall: 'mean' }
      ),
      { a: value[first], b: value[second] },
      { a: value[first], b: value[first] }
    )
    expect(label.overall).toBe(mean)
    expect(label.baselineOverall).toBe(first)
    expect(label.how).toBe("overall = mean of the rated categories' letters, on the A-D scale")
  })

  it('takes the mean over the rated categories only, on the A-E scale', () => {
    const label = rateCareLabel(
      config(
        [
          { metric: 'a', category: 'quality', rating: [4, 3, 2, 1] },
          { metric: 'b', category: 'runtime', rating: [4, 3, 2, 1] },
          { metric: 'c', category: 'memory', rating: [4, 3, 2, 1] }
        ],
        { scale: 'A-E', overall: 'mean' }
      ),
      { a: 4, b: 0, c: 0 },
      undefined
    )
    expect(label.categories.map(c => c.letter ?? '?')).toEqual(['A', '?', 'E', 'E', '?', '?'])
    // (0 + 4 + 4) / 3 = 2.67 → D
    expect(label.overall).toBe('D')
    expect(label.how).toBe("overall = mean of the rated categories' letters, on the A-E scale")
  })

  it('has no overall letter, worst or mean, when nothing is rated', () => {
    for (const overall of ['worst', 'mean'] as const) {
      const label = rateCareLabel(config([], { scale: 'A-D', overall }), { x: 1 }, { x: 1 })
      expect(label.overall).toBeUndefined()
      expect(label.baselineOverall).toBeUndefined()
      expect(label.scale).toBe('A-D')
    }
  })

  it('lists the categories of the config after the six defaults, each once, in config order', () => {
    const label = rateCareLabel(
      config([
        { metric: 'a', category: 'fairness', rating: [1, 0.5, 0.2] },
        { metric: 'b', category: 'energy', rating: [1, 0.5, 0.2] },
        { metric: 'c', category: 'carbon', rating: [1, 0.5, 0.2] },
        { metric: 'd', category: 'fairness', rating: [1, 0.5, 0.2] }
      ]),
      { a: 1, b: 0.5, c: 0.1, d: 0.3 },
      undefined
    )
    expect(label.categories.map(c => [c.category, c.letter ?? '?', c.metrics])).toEqual([
      ['quality', '?', []],
      ['robustness', '?', []],
      ['runtime', '?', []],
      ['memory', '?', []],
      ['energy', 'B', ['b']],
      ['complexity', '?', []],
      ['fairness', 'C', ['a', 'd']],
      ['carbon', 'D', ['c']]
    ])
    expect(label.overall).toBe('D')
    expect(label.how).toBe('overall = the worst rated category, on the A-D scale')
  })
})
