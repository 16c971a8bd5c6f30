import {
  DEFAULT_LABEL,
  type CareLabelConfig,
  type MetricRule
} from '../../src/core/config/types.js'
import { letterFor, rateCareLabel } from '../../src/core/label/rate.js'

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

describe('letterFor', () => {
  it.each([
    [0.98, [0.97, 0.94, 0.9], true, 'A'],
    [0.97, [0.97, 0.94, 0.9], true, 'A'],
    [0.95, [0.97, 0.94, 0.9], true, 'B'],
    [0.9, [0.97, 0.94, 0.9], true, 'C'],
    [0.5, [0.97, 0.94, 0.9], true, 'D'],
    [Number.NaN, [0.97, 0.94, 0.9], true, 'D'],
    [1.5, [1, 2, 5], false, 'B'],
    [9, [1, 2, 5], false, 'D']
  ] as const)('%p with %j (greater is better: %p) → %s', (value, bounds, greater, letter) => {
    expect(letterFor(value, [...bounds], greater, 'A-D')).toBe(letter)
  })

  it('uses E on the A-E scale', () => {
    expect(letterFor(0.1, [0.9, 0.8, 0.7, 0.6], true, 'A-E')).toBe('E')
  })
})

describe('rateCareLabel', () => {
  const rules = config([
    { metric: 'accuracy', category: 'quality', rating: [0.97, 0.94, 0.9] },
    { metric: 'f1', category: 'quality', rating: [0.95, 0.9, 0.85] },
    { metric: 'train_seconds', category: 'runtime', greaterIsBetter: false },
    { metric: 'peak_mb', category: 'memory', greaterIsBetter: false, rating: [100, 200, 400] },
    { metric: 'uncategorised', threshold: 1 }
  ])

  it('rates each category by its worst metric and the label by its worst category', () => {
    const label = rateCareLabel(
      rules,
      { accuracy: 0.98, f1: 0.91, train_seconds: 2.1, peak_mb: 150 },
      { accuracy: 0.96, f1: 0.96, train_seconds: 2, peak_mb: 90 }
    )
    expect(
      label.categories.map(c => [c.category, c.letter ?? '?', c.baselineLetter ?? '?'])
    ).toEqual([
      ['quality', 'B', 'B'],
      ['robustness', '?', '?'],
      ['runtime', 'B', 'A'],
      ['memory', 'B', 'A'],
      ['energy', '?', '?'],
      ['complexity', '?', '?']
    ])
    expect(label.overall).toBe('B')
    expect(label.baselineOverall).toBe('B')
    expect(label.metrics.find(m => m.metric === 'train_seconds')).toEqual({
      metric: 'train_seconds',
      category: 'runtime',
      letter: 'B',
      basis: 'index',
      index: 2 / 2.1
    })
    expect(label.how).toBe('overall = the worst rated category, on the A-D scale')
  })

  it('can take the mean of the categories instead', () => {
    const label = rateCareLabel(
      config(
        [
          { metric: 'a', category: 'quality', rating: [3, 2, 1] },
          { metric: 'b', category: 'runtime', rating: [3, 2, 1] }
        ],
        { scale: 'A-D', overall: 'mean' }
      ),
      { a: 3, b: 0 },
      undefined
    )
    expect(label.categories.filter(c => c.letter).map(c => c.letter)).toEqual(['A', 'D'])
    expect(label.overall).toBe('C')
    expect(label.baselineOverall).toBeUndefined()
  })

  it('leaves a metric without boundaries unrated when there is no baseline, and says so', () => {
    const label = rateCareLabel(rules, { train_seconds: 2 }, undefined)
    expect(label.overall).toBeUndefined()
    expect(label.notes).toEqual([
      'train_seconds is not rated: it has no rating boundaries and no baseline to be compared with'
    ])
  })

  it('adds categories named in the config to the six defaults', () => {
    const label = rateCareLabel(
      config([{ metric: 'x', category: 'fairness', rating: [1, 0.5, 0.2] }]),
      { x: 0.6 },
      undefined
    )
    expect(label.categories.map(c => c.category)).toEqual([
      'quality',
      'robustness',
      'runtime',
      'memory',
      'energy',
      'complexity',
      'fairness'
    ])
    expect(label.overall).toBe('B')
  })
})
