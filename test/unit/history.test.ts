import {
  MAX_POINTS,
  bandOf,
  chartCandidates,
  downsample,
  perStep,
  toHistory
} from '../../src/core/report/history.js'
import { mermaidChart, mermaidText, valueAt } from '../../src/core/render/mermaid.js'
import { renderMarkdown } from '../../src/core/render/markdown.js'
import { HOSTILE } from '../support/hostile.js'
import { sampleReport } from '../support/reports.js'

const point = (step: number, value: number, timestamp = step) => ({ step, value, timestamp })

describe('metric histories', () => {
  it('keeps one value per step, the latest logged, in step order, without NaN or infinities', () => {
    const points = [
      point(2, 0.5),
      point(0, 0.1),
      point(1, 0.2, 10),
      point(1, 0.3, 5),
      point(3, Number.NaN),
      point(4, Number.POSITIVE_INFINITY)
    ]
    expect(perStep(points)).toEqual([
      { step: 0, value: 0.1 },
      { step: 1, value: 0.2 },
      { step: 2, value: 0.5 }
    ])
  })

  it('thins a long line to the limit, keeping both ends and a spike', () => {
    const line = Array.from({ length: 1000 }, (_, step) => ({ step, value: step === 500 ? 99 : 1 }))
    const thin = downsample(line, 40)
    expect(thin).toHaveLength(40)
    expect(thin[0]).toEqual({ step: 0, value: 1 })
    expect(thin.at(-1)).toEqual({ step: 999, value: 1 })
    expect(thin).toContainEqual({ step: 500, value: 99 })
    expect(thin.map(p => p.step)).toEqual([...thin.map(p => p.step)].sort((a, b) => a - b))
    expect(downsample(line.slice(0, 10), 40)).toHaveLength(10)
  })

  it('charts the config’s metrics first, then the others by name, each once', () => {
    expect(chartCandidates(['loss', 'gone', 'acc'], ['z', 'acc', 'loss', 'b'])).toEqual([
      'loss',
      'acc',
      'b',
      'z'
    ])
  })

  it('makes no chart of a metric logged once, but does when the baseline has a history', () => {
    expect(toHistory('m', [point(0, 1)], undefined)).toBeUndefined()
    expect(toHistory('m', [point(0, 1)], [point(0, 1)])).toBeUndefined()
    expect(toHistory('m', [point(0, 1)], [point(0, 1), point(1, 2)])?.baseline).toHaveLength(2)
    expect(toHistory('m', [point(0, 1), point(1, 2)], [])?.baseline).toBeUndefined()
  })
})

describe("the band of a baseline's runs", () => {
  it('spans the lowest to the highest value at each step that two or more runs logged', () => {
    const band = bandOf([
      [point(0, 0.5), point(1, 0.7), point(2, 0.9)],
      [point(0, 0.6), point(1, 0.65)],
      [point(1, 0.8), point(3, 1)]
    ])
    expect(band).toEqual([
      { step: 0, low: 0.5, high: 0.6 },
      { step: 1, low: 0.65, high: 0.8 }
    ])
  })

  it('is empty for one run, and keeps the latest value logged at a step', () => {
    expect(bandOf([[point(0, 1), point(1, 2)]])).toEqual([])
    expect(bandOf([[point(0, 1, 1), point(0, 5, 9)], [point(0, 2)]])).toEqual([
      { step: 0, low: 2, high: 5 }
    ])
  })

  it('keeps at most MAX_POINTS steps, both ends among them', () => {
    const run = (offset: number) => Array.from({ length: 500 }, (_, i) => point(i, i + offset))
    const band = bandOf([run(0), run(1)])
    expect(band).toHaveLength(MAX_POINTS)
    expect(band[0]).toEqual({ step: 0, low: 0, high: 1 })
    expect(band.at(-1)).toEqual({ step: 499, low: 499, high: 500 })
  })

  it('comes with the history when the baseline has other runs, with how many it spans', () => {
    const two = [point(0, 0.5), point(1, 0.6)]
    const history = toHistory('m', two, two, [[point(0, 0.4), point(1, 0.9)]])
    expect(history?.baselineBand).toEqual({
      runs: 2,
      points: [
        { step: 0, low: 0.4, high: 0.5 },
        { step: 1, low: 0.6, high: 0.9 }
      ]
    })
    expect(toHistory('m', two, two)?.baselineBand).toBeUndefined()
    expect(toHistory('m', two, undefined, [two, two])?.baselineBand).toBeUndefined()
  })
})

describe('Mermaid charts', () => {
  it('interpolates a line between its points and holds its ends', () => {
    const line = [
      { step: 2, value: 1 },
      { step: 4, value: 3 }
    ]
    expect(valueAt(line, 3)).toBe(2)
    expect(valueAt(line, 0)).toBe(1)
    expect(valueAt(line, 9)).toBe(3)
    expect(valueAt([], 1)).toBeUndefined()
  })

  it('draws both lines on one axis of steps with a padded range, this run last (on top)', () => {
    const chart = mermaidChart({
      metric: 'loss',
      candidate: [
        { step: 0, value: 1 },
        { step: 10, value: 0.5 }
      ],
      baseline: [
        { step: 0, value: 1 },
        { step: 5, value: 0.8 },
        { step: 10, value: 0.6 }
      ]
    })
    expect(chart[0]).toBe('```mermaid')
    expect(chart.at(-1)).toBe('```')
    expect(chart).toContain('  x-axis "step" [0, 5, 10]')
    // Mermaid draws the lines in order: the baseline (grey) first, this run (blue) over it.
    expect(chart.filter(line => line.startsWith('  line '))).toEqual([
      '  line [1, 0.8, 0.6]',
      '  line [1, 0.75, 0.5]'
    ])
    expect(chart).toContain('  y-axis "loss" 0.475 --> 1.025')
    expect(chart).toContain('      plotColorPalette: "#8c959f, #0969da"')
  })

  it('gives a flat line some room and colours a baseline-only chart grey', () => {
    const chart = mermaidChart({ metric: 'm', candidate: [], baseline: [point(0, 2), point(1, 2)] })
    expect(chart).toContain('  y-axis "m" 1.8 --> 2.2')
    expect(chart).toContain('      plotColorPalette: "#8c959f"')
  })

  it('keeps hostile metric names from leaving the quoted title or the code block', () => {
    for (const name of [...HOSTILE, '" %%{init: {}}%%', 'a\n```\n@everyone']) {
      const text = mermaidText(name)
      expect(text).toMatch(/^[A-Za-z0-9 _.\-/]+$/)
      const chart = mermaidChart({ metric: name, candidate: [point(0, 1), point(1, 2)] })
      // One fence open, one close; no line of the block is anything but the chart's own.
      expect(chart.filter(line => line.includes('```'))).toHaveLength(2)
      expect(chart.join('\n')).not.toMatch(/@|%%|<|\[click/)
    }
  })
})

describe('charts in the report', () => {
  it('says when a line is held flat beyond its own steps', () => {
    const steps = (to: number) =>
      Array.from({ length: to / 10 }, (_, i) => ({ step: (i + 1) * 10, value: 0.9 }))
    const report = {
      ...sampleReport({ val_accuracy: 0.9 }, { val_accuracy: 0.88 }),
      histories: [{ metric: 'val_accuracy', candidate: steps(20), baseline: steps(60) }]
    }
    const md = renderMarkdown(report)
    expect(md).toContain(
      '<sub>This run logged steps 10 to 20; its line is held flat outside them.</sub>'
    )
    expect(md).not.toContain('the baseline logged steps')
  })
})
