/** The SVG care label and the HTML report: golden files, their structure, hostile text. */
import { drawHistoryCharts } from '../../src/adapters/vega-charts.js'
import { renderHtml } from '../../src/core/render/html.js'
import { renderLabelSvg } from '../../src/core/render/svg.js'
import type { Report } from '../../src/core/report/types.js'
import { escapeXml } from '../../src/core/render/xml.js'
import { expectGolden } from '../support/golden.js'
import { HOSTILE } from '../support/hostile.js'
import { sampleReport } from '../support/reports.js'

const failing = (): Report => ({
  ...sampleReport(
    { accuracy: 0.88, f1_macro: 0.9, train_seconds: 2, n_nodes: 120 },
    { accuracy: 0.95, f1_macro: 0.9, train_seconds: 1, n_nodes: 100 }
  ),
  histories: [
    {
      metric: 'accuracy',
      candidate: [
        { step: 0, value: 0.7 },
        { step: 1, value: 0.82 },
        { step: 2, value: 0.88 }
      ],
      baseline: [
        { step: 0, value: 0.75 },
        { step: 2, value: 0.95 }
      ]
    },
    { metric: 'flat', candidate: [{ step: 3, value: 1 }] },
    // The chart that hid the run: one point of this run, below a flat baseline.
    {
      metric: 'val_accuracy',
      candidate: [{ step: 10, value: 0.9333 }],
      baseline: [10, 20, 30, 40, 50, 60].map(step => ({ step, value: 1 }))
    }
  ],
  environment: {
    runner: 'Linux X64',
    cpu: 'AMD EPYC 7763 × 4',
    gpu: 'none found',
    python: '3.12.3',
    mlflow: '3.17.2'
  }
})

const passing = (): Report => ({
  ...sampleReport(
    { accuracy: 0.96, f1_macro: 0.95, train_seconds: 1.1 },
    { accuracy: 0.95, f1_macro: 0.94, train_seconds: 1 }
  ),
  // Where this run's line runs on the baseline's (steps 10 and 20), both stay visible.
  histories: [
    {
      metric: 'val_accuracy',
      candidate: [0.9, 0.93, 0.95, 0.96, 0.96, 0.96].map((value, i) => ({
        step: 10 * (i + 1),
        value
      })),
      baseline: [0.9, 0.93, 0.94, 0.95, 0.95, 0.95].map((value, i) => ({
        step: 10 * (i + 1),
        value
      }))
    }
  ],
  environment: { runner: 'Linux X64', python: '3.12.3', mlflow: '3.17.2' }
})

const firstRun = (): Report => sampleReport({ accuracy: 0.95, f1_macro: 0.9 }, undefined)

/** The page as the pipeline writes it: with the charts Vega draws. */
async function renderPage(report: Report): Promise<string> {
  return renderHtml(report, await drawHistoryCharts(report.histories ?? []))
}

/** Every tag opened is closed, in order (void elements of HTML aside). */
function balanced(markup: string): boolean {
  const VOID = new Set(['meta', 'br', 'hr', 'img', 'input', 'link'])
  const stack: string[] = []
  for (const match of markup.matchAll(/<(\/?)([a-zA-Z][\w-]*)[^>]*?(\/?)>/g)) {
    const [, closing, name = '', selfClosing] = match
    const tag = name.toLowerCase()
    if (selfClosing || VOID.has(tag)) continue
    if (closing) {
      if (stack.pop() !== tag) return false
    } else stack.push(tag)
  }
  return stack.length === 0
}

describe('renderLabelSvg', () => {
  it.each([
    ['label-fail.svg', failing],
    ['label-no-baseline.svg', firstRun]
  ])('renders %s (golden)', (name, make) => {
    const svg = renderLabelSvg(make())
    expectGolden(name, svg)
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true)
    expect(balanced(svg)).toBe(true)
  })

  it('shows the overall letter and each category letter where tools find them', () => {
    const report = failing()
    const svg = renderLabelSvg(report)
    expect(svg).toContain(`data-role="overall">${report.label.overall}</text>`)
    for (const c of report.label.categories) {
      expect(svg).toContain(`data-category="${c.category}">${c.letter ?? '?'}</text>`)
    }
    expect(svg).toContain('checks failed: merge blocked')
    expect(renderLabelSvg(firstRun())).toContain('no baseline yet')
  })
})

describe('renderHtml', () => {
  it.each([
    ['report-fail.html', failing],
    ['report-pass.html', passing],
    ['report-no-baseline.html', firstRun]
  ])('renders %s (golden)', async (name, make) => {
    const html = await renderPage(make())
    expectGolden(name, html)
    expect(html.startsWith('<!doctype html>')).toBe(true)
    expect(balanced(html)).toBe(true)
    expect(html).not.toMatch(/<script|<link|src=|url\(/i)
  })

  it('draws each history above the table of its points, and links only to http(s) runs', async () => {
    const html = await renderPage(failing())
    expect(html.match(/<figure class="chart" aria-label="history of [\w_]+"><svg /g)).toHaveLength(
      3
    )
    expect(html).toContain('candidate_line_marks')
    expect(html).toContain('candidate_points_marks') // the one-point histories
    expect(html.indexOf('baseline_line_marks')).toBeLessThan(
      html.lastIndexOf('candidate_points_marks')
    )
    expect(html).toContain('<td class="n">1</td><td class="n">0.82</td><td class="n">—</td>')
    expect(html).toContain('<a href="http://127.0.0.1:5000/#/experiments/1/runs/ccc">')
    const report = failing()
    report.run.url = 'javascript:alert(1)'
    expect(renderHtml(report)).not.toContain('javascript:')
  })

  it('lists the tests: each run linked, where it ran, and a test no job measured', () => {
    const report: Report = {
      ...failing(),
      tests: [
        {
          name: 'quality <b>',
          entryPoint: 'quality',
          category: 'quality',
          runId: 'ddd0000000000000',
          url: 'http://127.0.0.1:5000/#/experiments/1/runs/ddd',
          status: 'passed',
          level: 'fail',
          metrics: ['test_accuracy'],
          ranOn: 'gpu-1 · Linux ARM64 · NVIDIA A10'
        },
        {
          name: 'runtime',
          entryPoint: 'runtime',
          url: 'https://github.com/o/r/actions/runs/9',
          status: 'not-measured',
          level: 'fail',
          required: true,
          metrics: []
        }
      ]
    }
    const html = renderHtml(report)
    expect(html).toContain('<h2>Tests (2)</h2>')
    expect(html).toContain(
      '<tr><td>quality &lt;b&gt;</td><td>quality</td><td>quality</td><td><a href="http://127.0.0.1:5000/#/experiments/1/runs/ddd">ddd00000</a></td><td>gpu-1 · Linux ARM64 · NVIDIA A10</td><td class="n">1</td><td class="pass">passed</td></tr>'
    )
    expect(html).toContain(
      '<td>—</td><td>—</td><td class="n">0</td><td class="fail"><a href="https://github.com/o/r/actions/runs/9">not measured (required)</a></td>'
    )
    expect(balanced(html)).toBe(true)
  })

  it('keeps the tables when a chart is missing or could not be drawn, and says why', () => {
    const report = failing()
    const html = renderHtml(report, new Map([['accuracy', { error: 'Vega said <no>' }]]))
    expect(html).not.toContain('<figure class="chart"')
    expect(html).toContain(
      '<p class="muted">The chart could not be drawn: Vega said &lt;no&gt;</p>'
    )
    expect(html.match(/<th>Step<\/th>/g)).toHaveLength(3)
  })

  it('shows the title and the status once: the card is the heading', async () => {
    const html = await renderPage(failing())
    const body = html.slice(html.indexOf('<body>'))
    expect(body.match(/<h1[ >]/g)).toEqual(['<h1 '])
    expect(body).toMatch(/^<body>\n<h1 class="card"><svg /)
    expect(body.match(/>MLflow care label</g)).toHaveLength(1)
    expect(body.match(/checks failed: merge blocked/g)).toHaveLength(2) // the card's text and its <title>
    expect(body).not.toContain('class="status"')
  })
})

describe('hostile text in the SVG and the HTML', () => {
  function hostileReport(): Report {
    const metrics = Object.fromEntries(HOSTILE.map((name, i) => [name, i]))
    const report = sampleReport(metrics, metrics, [
      Object.fromEntries(HOSTILE.map(h => [h, h])),
      Object.fromEntries(HOSTILE.map(h => [h, `${h}!`]))
    ])
    report.experimentName = HOSTILE.join(' ')
    report.run.runName = '<script>window.__pwned=1</script>'
    report.label.categories.push({ category: '"><img src=x onerror=alert(1)>', metrics: [] })
    report.histories = [{ metric: '</svg><script>x</script>', candidate: [{ step: 0, value: 1 }] }]
    report.environment = { runner: '<b>runner</b>', gpu: '"onload="x' }
    return report
  }

  it('escapes every name and value, so none of it is markup', async () => {
    const html = await renderPage(hostileReport())
    expect(html).toContain('<figure class="chart"') // the hostile names' charts are drawn
    for (const out of [renderLabelSvg(hostileReport()), html]) {
      expect(balanced(out)).toBe(true)
      expect(out).not.toMatch(/<script|<img|<details|<b>|<!-- mlflow/i)
      // Only our own tags, and no event handler among their attributes.
      const attributes = [...out.matchAll(/<[a-zA-Z][^>]*>/g)].flatMap(tag =>
        [...tag[0].matchAll(/\s([\w:-]+)="[^"]*"/g)].map(m => m[1])
      )
      expect(attributes.filter(name => /^on/i.test(name ?? ''))).toEqual([])
      expect(out).not.toContain('href="https://evil')
      for (const h of HOSTILE) {
        if (/[<>&"']/.test(h)) expect(out).not.toContain(h)
      }
    }
  })

  it('escapes the five XML specials and drops control characters', () => {
    expect(escapeXml(`<a href="x">'&'</a>\u0007\nnext`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt; next'
    )
    expect(escapeXml('x'.repeat(10), 5)).toBe('xxxx…')
  })
})
