/** The HTML report's history charts: the Vega-Lite specification (pure) and its SVG (real Vega). */
import { drawHistoryCharts, renderVegaLiteSvg } from '../../src/adapters/vega-charts.js'
import { paddedRange } from '../../src/core/render/format.js'
import { BASELINE, CANDIDATE, historyChartSpec } from '../../src/core/render/history-chart.js'
import type { HistoryPoint, MetricHistory } from '../../src/core/report/types.js'
import { HOSTILE } from '../support/hostile.js'

const points = (...values: number[]): HistoryPoint[] =>
  values.map((value, i) => ({ step: i * 10, value }))

/** The parts of a specification the tests read, without Vega-Lite's wide union types. */
interface SpecView {
  layer: { name: string; mark: { type: string; size?: number; strokeWidth?: number } }[]
  encoding: {
    x: { title: string; scale: { domain: [number, number] } }
    y: { title: string; scale: { domain: [number, number] } }
    color: { scale: { domain: string[]; range: string[] }; legend: { orient: string } }
  }
}

function spec(history: MetricHistory): SpecView {
  const made = historyChartSpec(history)
  if (made === undefined) throw new Error('no chart')
  return JSON.parse(JSON.stringify(made)) as SpecView
}

describe('paddedRange', () => {
  it.each([
    [
      [0.7, 0.95],
      [0.68, 0.97]
    ],
    [
      [1, 1],
      [0.9, 1.1]
    ],
    [
      [0, 0],
      [-1, 1]
    ],
    [
      [-2, -2],
      [-2.2, -1.8]
    ]
  ])('pads %j by 8% of the span to %j', (values, expected) => {
    const [low, high] = paddedRange(values, 0.08)
    expect([low, high].map(v => Number(v.toFixed(6)))).toEqual(expected)
  })
})

describe('historyChartSpec', () => {
  it.each([
    [
      'both lines',
      { metric: 'm', candidate: points(1, 2), baseline: points(1, 3) },
      ['baseline_line', 'candidate_line', 'candidate_points']
    ],
    [
      'a single point of this run',
      { metric: 'm', candidate: points(1), baseline: points(1, 3) },
      ['baseline_line', 'candidate_points']
    ],
    [
      'no baseline',
      { metric: 'm', candidate: points(1, 2) },
      ['candidate_line', 'candidate_points']
    ],
    [
      'a single baseline point',
      { metric: 'm', candidate: points(1, 2), baseline: points(3) },
      ['baseline_points', 'candidate_line', 'candidate_points']
    ],
    [
      'no point of this run',
      { metric: 'm', candidate: [], baseline: points(1, 3) },
      ['baseline_line']
    ],
    [
      "the band of the baseline's runs",
      {
        metric: 'm',
        candidate: points(1, 2),
        baseline: points(1, 3),
        baselineBand: {
          runs: 3,
          points: [
            { step: 0, low: 0.5, high: 1.5 },
            { step: 1, low: 2, high: 4 }
          ]
        }
      },
      ['baseline_band', 'baseline_line', 'candidate_line', 'candidate_points']
    ]
  ])('draws the baseline first and this run last (%s)', (_name, history, layers) => {
    expect(spec(history).layer.map(l => l.name)).toEqual(layers)
  })

  it('makes a single point of this run a large dot, and its line wider than a dot', () => {
    const single = spec({ metric: 'm', candidate: points(0.9), baseline: points(1, 1, 1) })
    expect(single.layer.at(-1)?.mark).toMatchObject({ type: 'point', size: 260 })
    const line = spec({ metric: 'm', candidate: points(0.9, 0.95) })
    expect(line.layer[0]?.mark).toMatchObject({ type: 'line', strokeWidth: 2.5 })
  })

  it('spans the y axis over both lines, so neither leaves the plot', () => {
    // The report that hid the run: this run one dot below a flat baseline.
    const chart = spec({
      metric: 'val_accuracy',
      candidate: [{ step: 10, value: 0.9333 }],
      baseline: points(1, 1, 1, 1)
    })
    const [low, high] = chart.encoding.y.scale.domain
    expect(low).toBeLessThan(0.9333)
    expect(high).toBeGreaterThan(1)
    expect(chart.encoding.x.scale.domain).toEqual([0, 30])
    // One step alone gets a step either side, so its dot is not on the frame.
    expect(
      spec({ metric: 'm', candidate: [{ step: 5, value: 1 }] }).encoding.x.scale.domain
    ).toEqual([4, 6])
  })

  it("spans both axes over the band of the baseline's runs too", () => {
    const chart = spec({
      metric: 'm',
      candidate: points(1, 1),
      baseline: points(1, 1),
      baselineBand: {
        runs: 2,
        points: [
          { step: 0, low: 0.2, high: 1 },
          { step: 4, low: 1, high: 3 }
        ]
      }
    })
    const [low, high] = chart.encoding.y.scale.domain
    expect(low).toBeLessThan(0.2)
    expect(high).toBeGreaterThan(3)
    expect(chart.encoding.x.scale.domain[1]).toBeGreaterThanOrEqual(4)
    expect(chart.layer[0]?.mark).toMatchObject({ type: 'area' })
  })

  it('titles both axes, colours the series and puts the legend below the plot', () => {
    const { encoding } = spec({
      metric: 'val_accuracy',
      candidate: points(1, 2),
      baseline: points(2, 3)
    })
    expect(encoding.x.title).toBe('step')
    expect(encoding.y.title).toBe('val_accuracy')
    expect(encoding.color.scale).toEqual({
      domain: [CANDIDATE.name, BASELINE.name],
      range: [CANDIDATE.colour, BASELINE.colour]
    })
    expect(encoding.color.legend.orient).toBe('bottom')
    expect(spec({ metric: 'm', candidate: points(1, 2) }).encoding.color.scale.domain).toEqual([
      'this run'
    ])
  })

  it('keeps names on one line, bidi controls shown as escapes, and short', () => {
    const title = spec({ metric: `a\u202eb\nc${'x'.repeat(100)}`, candidate: points(1, 2) })
      .encoding.y.title
    // The limit counts the name's characters, not the escapes shown for them, as in the comment.
    expect(title).toBe(`a\\u202eb c${'x'.repeat(74)}…`)
  })

  it('drops non-finite points, and draws nothing when none is left', () => {
    const history = {
      metric: 'm',
      candidate: [
        { step: 0, value: NaN },
        { step: 1, value: 2 }
      ]
    }
    expect(spec(history).layer.map(l => l.name)).toEqual(['candidate_points'])
    expect(
      historyChartSpec({ metric: 'm', candidate: [{ step: 0, value: Infinity }] })
    ).toBeUndefined()
  })
})

describe('the charts drawn by Vega', () => {
  it('draws an SVG in which this run comes after (over) the baseline', async () => {
    const made = historyChartSpec({
      metric: 'loss',
      candidate: points(1, 2, 3),
      baseline: points(1, 2, 3)
    })
    if (made === undefined) throw new Error('no chart')
    const svg = await renderVegaLiteSvg(made)
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true)
    const baseline = svg.indexOf('baseline_line_marks')
    const candidateLine = svg.indexOf('candidate_line_marks')
    const candidatePoints = svg.indexOf('candidate_points_marks')
    expect(baseline).toBeGreaterThan(0)
    expect(candidateLine).toBeGreaterThan(baseline)
    expect(candidatePoints).toBeGreaterThan(candidateLine)
    expect(svg).toContain('role-legend')
    expect(svg).toMatch(/role-axis-title[^>]*><text[^>]*>step<\/text>/)
    expect(svg).toMatch(/role-axis-title[^>]*><text[^>]*>loss<\/text>/)
    expect(svg).not.toMatch(/<script|<foreignObject|href=/i)
  })

  it('escapes hostile metric names: none of them becomes markup', async () => {
    const names = [
      ...HOSTILE,
      '</svg><script>alert(1)</script>',
      '"><svg onload=alert(1)>',
      "x' onmouseover='y"
    ]
    const charts = await drawHistoryCharts(
      names.map(metric => ({ metric, candidate: points(1, 2), baseline: points(2, 1) }))
    )
    expect([...charts.keys()]).toEqual(names)
    for (const [name, chart] of charts) {
      if (!('svg' in chart)) throw new Error(`no chart for ${name}: ${chart.error}`)
      expect(chart.svg).not.toMatch(/<script|<img|<details|<!--|<svg[^>]*onload/i)
      if (/[<>&"]/.test(name)) expect(chart.svg).not.toContain(name)
      // Our own tags only, and no event handler among their attributes.
      const tags = [...chart.svg.matchAll(/<([a-zA-Z]+)/g)].map(m => m[1])
      expect(new Set(tags)).toEqual(new Set(['svg', 'rect', 'g', 'path', 'line', 'text']))
      const attributes = [...chart.svg.matchAll(/<[a-zA-Z][^>]*>/g)].flatMap(tag =>
        [...tag[0].matchAll(/\s([\w:-]+)="[^"]*"/g)].map(m => m[1])
      )
      expect(attributes.filter(a => /^on/i.test(a ?? ''))).toEqual([])
    }
  })

  it('skips a history with nothing to draw', async () => {
    const charts = await drawHistoryCharts([{ metric: 'm', candidate: [{ step: 0, value: NaN }] }])
    expect(charts.size).toBe(0)
  })
})
