/**
 * The HTML report and the SVG care label rendered by a real browser (headless Chromium from
 * Debian's `chromium` package, see scripts/ensure-chromium.sh): no console errors, no page
 * errors, no requests, no script from the report's data, and the letters the label shows are the
 * report's ratings.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { renderHtml } from '../../src/core/render/html.js'
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
      }
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
    const page = await chromium.renderPage(renderHtml(report))
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

  it('renders the first run without a baseline cleanly and shows its letters', async () => {
    const report = noBaselineReport()
    const page = await chromium.renderPage(renderHtml(report))
    try {
      expectClean(page)
      await expectLetters(page, report)
    } finally {
      await page.close()
    }
  })

  it('runs no script and loads nothing from hostile names', async () => {
    const report = hostileReport()
    const page = await chromium.renderPage(renderHtml(report))
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
