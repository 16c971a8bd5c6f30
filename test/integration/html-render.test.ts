/**
 * The HTML report and the SVG care label rendered by a real browser (headless Chromium from
 * Debian's `chromium` package, see scripts/ensure-chromium.sh): no console errors, no page
 * errors, no requests, no script from the report's data, the letters the label shows are the
 * report's ratings, and in a screenshot of a history chart this run is seen, over the baseline,
 * with the legend beside the plot rather than on it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { inflateSync } from 'node:zlib'
import { drawHistoryCharts, renderVegaLiteSvg } from '../../src/adapters/vega-charts.js'
import { CANDIDATE, historyChartSpec } from '../../src/core/render/history-chart.js'
import { renderHtml, type HistoryChart } from '../../src/core/render/html.js'
import { renderLabelSvg } from '../../src/core/render/svg.js'
import type { Report } from '../../src/core/report/types.js'
import { launchChromium, type Chromium, type RenderedPage } from '../support/chromium.js'
import { HOSTILE } from '../support/hostile.js'
import { sampleReport } from '../support/reports.js'

/** Markup that would run script if it reached the page unescaped. */
const SCRIPTED = [
  '<script>window.__pwned = true</script>',
  '"><script>window.__pwned = true</script>',
  '\'><img src=x onerror="window.__pwned = true">',
  '<svg onload="window.__pwned = true"></svg>',
  '</title></style></textarea><script>window.__pwned = true</script>',
  ']]><script>window.__pwned = true</script>',
  '<iframe srcdoc="<script>parent.__pwned = true</script>"></iframe>',
  'javascript:window.__pwned = true'
]

const SAME = [0.9, 0.5, 0.35, 0.3, 0.28, 0.27].map((value, step) => ({ step, value }))

function failingReport(): Report {
  return {
    ...sampleReport(
      { accuracy: 0.88, f1_macro: 0.9, train_seconds: 2, n_nodes: 120 },
      { accuracy: 0.95, f1_macro: 0.9, train_seconds: 1, n_nodes: 100 }
    ),
    histories: [
      {
        metric: 'accuracy',
        candidate: [
          { step: 0, value: 0.8 },
          { step: 1, value: 0.9 }
        ],
        baseline: [
          { step: 0, value: 0.85 },
          { step: 1, value: 0.95 }
        ]
      },
      // The chart that hid the run: one point of this run, below a flat baseline.
      {
        metric: 'val_accuracy',
        candidate: [{ step: 10, value: 0.9333 }],
        baseline: [10, 20, 30, 40, 50, 60].map(step => ({ step, value: 1 }))
      },
      // No change: this run's line lies exactly on the baseline's.
      { metric: 'loss', candidate: SAME, baseline: SAME }
    ],
    environment: { runner: 'Linux X64', python: '3.12.3', mlflow: '3.17.2' }
  }
}

function noBaselineReport(): Report {
  return sampleReport({ accuracy: 0.96, f1_macro: 0.95, train_seconds: 1.1 }, undefined)
}

function hostileReport(): Report {
  const names = [...HOSTILE, ...SCRIPTED]
  const metrics = Object.fromEntries(names.map((name, i) => [name, i]))
  const params = Object.fromEntries(
    names.map((name, i) => [name, names[(i + 1) % names.length] ?? ''])
  )
  const report = sampleReport(metrics, {}, [params, {}])
  report.run.runName = names.join(' ')
  report.experimentName = SCRIPTED.join(' ')
  report.histories = names.map(metric => ({
    metric,
    candidate: [
      { step: 0, value: 1 },
      { step: 1, value: 2 }
    ]
  }))
  return report
}

/**
 * What the label shows: the distinct texts of the elements marked data-role="overall", whether
 * one sits in an SVG, and the distinct [data-category, text] pairs, sorted. The label may
 * repeat a letter; a contradiction shows up as a second text or pair.
 */
const SHOWN_LETTERS = `(() => {
  const distinct = values => [...new Set(values.map(v => JSON.stringify(v)))].sort().map(v => JSON.parse(v))
  const overall = [...document.querySelectorAll('[data-role="overall"]')]
  return {
    overall: distinct(overall.map(e => e.textContent)),
    overallInSvg: overall.some(e => e.closest('svg') !== null),
    categories: distinct(
      [...document.querySelectorAll('[data-category]')].map(e => [e.getAttribute('data-category'), e.textContent])
    )
  }
})()`

async function expectLetters(page: RenderedPage, report: Report): Promise<void> {
  const categories = report.label.categories
    .map(c => [c.category, c.letter ?? '?'])
    .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1))
  expect(await page.evaluate(SHOWN_LETTERS)).toEqual({
    overall: [report.label.overall ?? '?'],
    overallInSvg: true,
    categories
  })
}

/** The page as the pipeline writes it: with the charts Vega draws. */
async function pageOf(report: Report): Promise<string> {
  return renderHtml(report, await drawHistoryCharts(report.histories ?? []))
}

interface Png {
  width: number
  channels: number
  pixels: Buffer
}

/** PNG's Paeth filter: whichever of left, up and up-left is nearest to left + up - up-left. */
function paethPredictor(left: number, up: number, upLeft: number): number {
  const guess = left + up - upLeft
  const [a, b, c] = [Math.abs(guess - left), Math.abs(guess - up), Math.abs(guess - upLeft)]
  if (a <= b && a <= c) return left
  return b <= c ? up : upLeft
}

/** The value a row's filter adds to each byte (PNG filter types 0 to 4). */
function predict(filter: number, left: number, up: number, upLeft: number): number {
  if (filter === 1) return left
  if (filter === 2) return up
  if (filter === 3) return (left + up) >> 1
  if (filter === 4) return paethPredictor(left, up, upLeft)
  return 0
}

/** Decodes the PNG files Chromium writes: 8 bits per channel, RGB or RGBA, not interlaced. */
function decodePng(bytes: Buffer): Png {
  const idat: Buffer[] = []
  let [width, height, channels] = [0, 0, 0]
  for (let at = 8; at < bytes.length;) {
    const length = bytes.readUInt32BE(at)
    const type = bytes.toString('ascii', at + 4, at + 8)
    const data = bytes.subarray(at + 8, at + 8 + length)
    if (type === 'IHDR') {
      ;[width, height] = [data.readUInt32BE(0), data.readUInt32BE(4)]
      if (data[8] !== 8 || data[12] !== 0) throw new Error('not an 8-bit, non-interlaced PNG')
      channels = data[9] === 6 ? 4 : data[9] === 2 ? 3 : 0
      if (channels === 0) throw new Error(`PNG colour type ${data[9]} is not RGB(A)`)
    } else if (type === 'IDAT') idat.push(data)
    at += 12 + length
  }
  const raw = inflateSync(Buffer.concat(idat))
  const stride = width * channels
  const pixels = Buffer.alloc(height * stride)
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)] ?? 0
    for (let x = 0; x < stride; x++) {
      const at = y * stride + x
      const left = x >= channels ? (pixels[at - channels] ?? 0) : 0
      const up = y > 0 ? (pixels[at - stride] ?? 0) : 0
      const upLeft = x >= channels && y > 0 ? (pixels[at - stride - channels] ?? 0) : 0
      pixels[at] = ((raw[y * (stride + 1) + 1 + x] ?? 0) + predict(filter, left, up, upLeft)) & 0xff
    }
  }
  return { width, channels, pixels }
}

/** Whether the pixel at (x, y) is this run's colour (anti-aliased edges aside). */
function showsCandidate(png: Png, x: number, y: number): boolean {
  const at = (Math.round(y) * png.width + Math.round(x)) * png.channels
  const colour = [1, 3, 5].map(i => parseInt(CANDIDATE.colour.slice(i, i + 2), 16))
  return colour.every((c, i) => Math.abs((png.pixels[at + i] ?? -255) - c) <= 40)
}

interface Point {
  x: number
  y: number
}

/** The share of the pixels along this run's line (dot to dot, its centre) in its colour. */
function candidateShare(png: Png, dots: Point[]): number {
  let [seen, total] = [0, 0]
  dots.slice(1).forEach((b, i) => {
    const a = dots[i] as Point
    const steps = Math.ceil(Math.hypot(b.x - a.x, b.y - a.y))
    for (let t = 0; t <= steps; t++, total++) {
      if (showsCandidate(png, a.x + ((b.x - a.x) * t) / steps, a.y + ((b.y - a.y) * t) / steps))
        seen++
    }
  })
  return total === 0 ? 0 : seen / total
}

/** How many pixels within `radius` of a dot show this run's colour. */
function candidatePixelsAround(png: Png, dot: Point, radius: number): number {
  let seen = 0
  for (let dy = -radius; dy <= radius; dy++)
    for (let dx = -radius; dx <= radius; dx++)
      if (Math.hypot(dx, dy) <= radius && showsCandidate(png, dot.x + dx, dot.y + dy)) seen++
  return seen
}

interface Box {
  left: number
  top: number
  right: number
  bottom: number
}

/** Where a chart's parts are on the page, in the screenshot's pixels. */
interface ChartGeometry {
  plot: Box
  legend: Box
  baseline: Box | null
  /** The centres of this run's dots, in drawing order. */
  candidate: Point[]
  axisTitles: string[]
  tickLabels: number[]
}

const chartGeometry = (index: number): string => `(() => {
  const svg = document.querySelectorAll('figure.chart svg')[${index}]
  const box = e => {
    if (!e) return null
    const r = e.getBoundingClientRect()
    return { left: r.left + scrollX, top: r.top + scrollY, right: r.right + scrollX, bottom: r.bottom + scrollY }
  }
  const axes = [...svg.querySelectorAll('.role-axis')].filter(a => a.querySelector('.role-axis-title text'))
  return {
    plot: box(svg.querySelector('.role-frame.root > g > path.background')),
    legend: box(svg.querySelector('.role-legend')),
    baseline: box(svg.querySelector('.baseline_line_marks path')),
    candidate: [...svg.querySelectorAll('.candidate_points_marks path')].map(p => {
      const b = box(p)
      return { x: (b.left + b.right) / 2, y: (b.top + b.bottom) / 2 }
    }),
    axisTitles: axes.map(a => a.querySelector('.role-axis-title text').textContent),
    tickLabels: axes.map(a => a.querySelectorAll('.role-axis-label text').length)
  }
})()`

const overlaps = (a: Box, b: Box): boolean =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom

const inside = (inner: Box, outer: Box, margin: number): boolean =>
  inner.left >= outer.left + margin &&
  inner.right <= outer.right - margin &&
  inner.top >= outer.top + margin &&
  inner.bottom <= outer.bottom - margin

function expectClean(page: RenderedPage): void {
  expect({
    consoleErrors: page.consoleErrors,
    pageErrors: page.pageErrors,
    failedRequests: page.failedRequests,
    dialogs: page.dialogs
  }).toEqual({ consoleErrors: [], pageErrors: [], failedRequests: [], dialogs: [] })
}

describe('HTML report in headless Chromium', () => {
  let chromium: Chromium
  let dir: string

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'care-label-html-render-'))
    chromium = await launchChromium()
  }, 60000)

  afterAll(async () => {
    await chromium?.close()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('renders a failing report with histories cleanly and shows its letters', async () => {
    const report = failingReport()
    const page = await chromium.renderPage(await pageOf(report))
    try {
      expectClean(page)
      expect(await page.evaluate('document.characterSet')).toBe('UTF-8')
      expect(
        await page.evaluate(
          `(() => {
            const box = document.querySelector('[data-role="overall"]').closest('svg').getBoundingClientRect()
            return box.width > 0 && box.height > 0
          })()`
        )
      ).toBe(true)
      await expectLetters(page, report)
      const png = path.join(dir, 'report-fail.png')
      await page.screenshot(png)
      const bytes = readFileSync(png)
      expect(bytes.length).toBeGreaterThan(1000)
      expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a')
    } finally {
      await page.close()
    }
  })

  /** A screenshot of the page and where the parts of its `index`-th chart are in it. */
  async function shootChart(
    html: string,
    index: number,
    name: string
  ): Promise<{ png: Png; chart: ChartGeometry }> {
    const page = await chromium.renderPage(html)
    try {
      expectClean(page)
      const chart = (await page.evaluate(chartGeometry(index))) as ChartGeometry
      const file = path.join(dir, name)
      await page.screenshot(file)
      return { png: decodePng(readFileSync(file)), chart }
    } finally {
      await page.close()
    }
  }

  it('shows this run over the baseline where the two lines lie on each other', async () => {
    const report = failingReport()
    const index = report.histories?.findIndex(h => h.metric === 'loss') ?? -1
    const { png, chart } = await shootChart(await pageOf(report), index, 'same.png')
    expect(chart.candidate).toHaveLength(SAME.length)
    expect(candidateShare(png, chart.candidate)).toBeGreaterThan(0.9)
  })

  it('would see the baseline hiding this run, were the baseline drawn last', async () => {
    // The same chart with its layers in the old order: the measure above must catch it.
    const report = failingReport()
    const history = report.histories?.find(h => h.metric === 'loss')
    const spec = history && historyChartSpec(history)
    if (!spec || !('layer' in spec)) throw new Error('no layered chart')
    const charts = new Map<string, HistoryChart>([
      ['loss', { svg: await renderVegaLiteSvg({ ...spec, layer: [...spec.layer].reverse() }) }]
    ])
    const { png, chart } = await shootChart(renderHtml(report, charts), 0, 'old-order.png')
    expect(chart.candidate).toHaveLength(SAME.length)
    expect(candidateShare(png, chart.candidate)).toBeLessThan(0.2)
  })

  it('draws a single point of this run as a large dot, with both lines inside the plot', async () => {
    const report = failingReport()
    const index = report.histories?.findIndex(h => h.metric === 'val_accuracy') ?? -1
    const { png, chart } = await shootChart(await pageOf(report), index, 'single.png')
    expect(chart.candidate).toHaveLength(1)
    const [dot] = chart.candidate as [Point]
    // A dot of about 18 px across, not a 3 px speck.
    expect(candidatePixelsAround(png, dot, 12)).toBeGreaterThan(150)
    const dotBox = { left: dot.x - 9, right: dot.x + 9, top: dot.y - 9, bottom: dot.y + 9 }
    expect(inside(dotBox, chart.plot, 2)).toBe(true)
    expect(chart.baseline && inside(chart.baseline, chart.plot, 2)).toBe(true)
  })

  it('puts each legend outside the plot, and labels both axes with ticks and a title', async () => {
    const report = failingReport()
    const histories = report.histories ?? []
    const page = await chromium.renderPage(await pageOf(report))
    try {
      for (const [i, history] of histories.entries()) {
        const chart = (await page.evaluate(chartGeometry(i))) as ChartGeometry
        expect({
          metric: history.metric,
          legendOnPlot: overlaps(chart.legend, chart.plot)
        }).toEqual({ metric: history.metric, legendOnPlot: false })
        expect(chart.axisTitles).toEqual(['step', history.metric])
        // Steps are whole numbers: two steps get two ticks; the metric's axis gets more.
        expect(chart.tickLabels[0]).toBeGreaterThanOrEqual(2)
        expect(chart.tickLabels[1]).toBeGreaterThanOrEqual(3)
      }
      // One title: the card is the page's only heading of its kind, and no pill repeats it.
      expect(
        await page.evaluate(`({
          h1: [...document.querySelectorAll('h1')].map(h => h.firstElementChild?.tagName),
          pills: document.querySelectorAll('.status').length
        })`)
      ).toEqual({ h1: ['svg'], pills: 0 })
    } finally {
      await page.close()
    }
  })

  it('renders the first run without a baseline cleanly and shows its letters', async () => {
    const report = noBaselineReport()
    const page = await chromium.renderPage(await pageOf(report))
    try {
      expectClean(page)
      await expectLetters(page, report)
    } finally {
      await page.close()
    }
  })

  it('runs no script and loads nothing from hostile names', async () => {
    const report = hostileReport()
    const page = await chromium.renderPage(await pageOf(report))
    try {
      expectClean(page)
      expect(
        await page.evaluate(`({
          injected: document.querySelectorAll('script, img[src^="x"], iframe, a[href*="evil.example"], a[href^="javascript:"]').length,
          handlers: [...document.querySelectorAll('*')].flatMap(e => [...e.attributes].map(a => a.name)).filter(n => n.startsWith('on')),
          pwned: '__pwned' in window
        })`)
      ).toEqual({ injected: 0, handlers: [], pwned: false })
      await expectLetters(page, report)
    } finally {
      await page.close()
    }
  })

  it.each([
    ['a failing report', failingReport],
    ['no baseline', noBaselineReport]
  ])('renders the label SVG alone (%s) and shows its letters', async (_name, make) => {
    const report = make()
    const page = await chromium.renderPage(renderLabelSvg(report), { type: 'svg' })
    try {
      expectClean(page)
      expect(
        await page.evaluate(`({
          root: document.documentElement.namespaceURI,
          parseErrors: document.getElementsByTagName('parsererror').length
        })`)
      ).toEqual({ root: 'http://www.w3.org/2000/svg', parseErrors: 0 })
      await expectLetters(page, report)
    } finally {
      await page.close()
    }
  })

  it.each([
    ['fail, gating', { verdict: 'fail', gate: true }],
    ['fail, not gating', { verdict: 'fail', gate: false }],
    ['pass', { verdict: 'pass', gate: true }],
    ['no baseline', { verdict: 'no-baseline', gate: true }]
  ] as const)(
    'keeps the status text (%s) inside its pill, with room at both ends',
    async (_name, outcome) => {
      const report = { ...failingReport(), ...outcome }
      const page = await chromium.renderPage(renderLabelSvg(report), { type: 'svg' })
      try {
        // The text's drawn box against the pill's straight part (its ends are half circles).
        const box = (await page.evaluate(`(() => {
        const text = document.querySelector('[data-role="status"]')
        const pill = text.previousElementSibling
        const t = text.getBBox()
        const x = Number(pill.getAttribute('x')), w = Number(pill.getAttribute('width')), r = Number(pill.getAttribute('rx'))
        return { left: t.x - (x + r / 2), right: x + w - r / 2 - (t.x + t.width), inside: x >= 0 && x + w <= 420 }
      })()`)) as { left: number; right: number; inside: boolean }
        expect(box.inside).toBe(true)
        expect(box.left).toBeGreaterThanOrEqual(4)
        expect(box.right).toBeGreaterThanOrEqual(4)
      } finally {
        await page.close()
      }
    }
  )
})
