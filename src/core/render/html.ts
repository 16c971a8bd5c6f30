/**
 * The HTML report: one self-contained page (inline style, no scripts, nothing loaded from
 * elsewhere, a Content-Security-Policy that forbids both) with the SVG label as its heading, the
 * metric table, the changed parameters, the environment and the metric histories, each as an
 * inline SVG chart (drawn beforehand from history-chart.ts's specification and passed in) above
 * the table of its points. Everything from the run is escaped (bidi controls and zero-width characters shown as escapes), and a
 * link is written only to a plain http(s) address (safeUrl). Pure.
 */
import { formatNumber } from './format.js'
import type { MetricVerdict } from '../compare/types.js'
import { changeText, decisionText, ratingsOf, rulesChanged, type Ratings } from './markdown.js'
import { LETTER_COLOURS, renderLabelSvg } from './svg.js'
import type { Letter } from '../label/types.js'
import type { MetricHistory, Report, RunSummary } from '../report/types.js'
import { registrationText, runNote } from '../report/run-text.js'
import { safeUrl } from '../report/urls.js'
import { escapeXml } from './xml.js'

const STYLE = `body{font-family:-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:#1f2328;max-width:980px;margin:24px auto;padding:0 16px;line-height:1.45}
h1.card{margin:0 0 12px;line-height:0}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
table{border-collapse:collapse;margin:8px 0;font-size:13px}th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f6f8fa}
.fail,.missing{color:#cf222e;font-weight:600}.warn{color:#9a6700;font-weight:600}.pass{color:#1a7f37}
.muted{color:#57606a;font-size:13px}td.rating{text-align:center}td.rating span{display:inline-block;min-width:1.4em;border-radius:4px;color:#fff;font-weight:700;text-align:center}figure{margin:12px 0}
figure.chart svg{display:block;max-width:100%;height:auto}`

const text = (value: string, max = 256): string => escapeXml(value, max)

function value(v: number | undefined): string {
  return v === undefined ? '—' : text(formatNumber(v))
}

/** A link only to a plain http(s) address (safeUrl); anything else is shown as text. */
function runLink(run: RunSummary): string {
  const name = text(run.runName || run.runId, 120)
  const href = safeUrl(run.url)
  return href === undefined ? name : `<a href="${escapeXml(href, href.length)}">${name}</a>`
}

function rule(m: MetricVerdict): string {
  const parts = m.checks.map(c =>
    c.passed ? text(c.description) : `<strong>${text(c.description)}</strong>`
  )
  if (m.checks.length === 0 && m.greaterIsBetter !== undefined)
    parts.push(m.greaterIsBetter ? 'higher is better' : 'lower is better')
  if (m.level === 'warn' && m.status !== 'info') parts.push('warn only')
  if (m.decision !== undefined) parts.push(text(decisionText(m.decision), 400))
  const notes = m.notes.map(n => text(n, 300)).join('; ')
  return parts.join('; ') + (notes ? `<br><small class="muted">${notes}</small>` : '')
}

/** The metric's letter on the label, coloured as the label colours it; empty when unrated. */
function ratingCell(letter: Letter | undefined): string {
  if (letter === undefined) return '<td></td>'
  return `<td class="rating"><span style="background:${LETTER_COLOURS[letter]}">${letter}</span></td>`
}

function metricTable(metrics: MetricVerdict[], ratings: Ratings): string {
  const rated = ratings !== undefined
  const rows = metrics.map(
    m =>
      `<tr><td>${text(m.metric, 200)}</td>${rated ? ratingCell(ratings?.get(m.metric)) : ''}<td class="n">${value(m.candidate)}</td><td class="n">${value(m.baseline)}</td><td class="n">${text(changeText(m))}</td><td>${rule(m)}</td><td class="${m.status}">${m.status === 'info' ? '' : m.status}</td></tr>`
  )
  const head = rated ? '<th>Metric</th><th>Rating</th>' : '<th>Metric</th>'
  return `<table><thead><tr>${head}<th>This run</th><th>Baseline</th><th>Change</th><th>Rule</th><th>Status</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
}

/**
 * A history's chart as the chart renderer (adapters/vega-charts.ts) drew it: an SVG document
 * that it made from our specification and in which it escaped every text, or why it could not.
 */
export type HistoryChart = { svg: string } | { error: string }

function historyFigure(metric: string, chart: HistoryChart | undefined): string {
  if (chart === undefined) return ''
  // Vega's SVG names none of its parts for a screen reader; the figure says what it shows.
  if ('svg' in chart)
    return `<figure class="chart" aria-label="history of ${text(metric, 200)}">${chart.svg}</figure>`
  return `<p class="muted">The chart could not be drawn: ${text(chart.error, 300)}</p>`
}

function historyTable(history: MetricHistory): string {
  const candidate = new Map(history.candidate.map(p => [p.step, p.value]))
  const baseline = new Map((history.baseline ?? []).map(p => [p.step, p.value]))
  const steps = [...new Set([...candidate.keys(), ...baseline.keys()])].sort((a, b) => a - b)
  const rows = steps.map(
    step =>
      `<tr><td class="n">${text(formatNumber(step))}</td><td class="n">${value(candidate.get(step))}</td><td class="n">${value(baseline.get(step))}</td></tr>`
  )
  return `<table><thead><tr><th>Step</th><th>This run</th><th>Baseline</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
}

/** The changed parameters, when there is a baseline to differ from. */
function paramSection(report: Report): string[] {
  if (!report.baseline || report.paramChanges.length === 0) return []
  const rows = report.paramChanges.map(
    p =>
      `<tr><td>${text(p.key, 200)}</td><td>${p.candidate === undefined ? '—' : text(p.candidate, 500)}</td><td>${p.baseline === undefined ? '—' : text(p.baseline, 500)}</td></tr>`
  )
  return [
    `<h2>Parameters that changed (${report.paramChanges.length})</h2>`,
    `<table><thead><tr><th>Parameter</th><th>This run</th><th>Baseline</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
  ]
}

/** Each history: its chart (when drawn) above the table of its points. */
function historySection(
  histories: MetricHistory[],
  charts: ReadonlyMap<string, HistoryChart>
): string[] {
  if (histories.length === 0) return []
  return [
    '<h2>Metric histories</h2>',
    ...histories.flatMap(history => [
      `<h3>${text(history.metric, 200)}</h3>`,
      historyFigure(history.metric, charts.get(history.metric)),
      ...(history.baselineBand
        ? [
            `<p class="muted">The grey band: the lowest to the highest value of the baseline's latest ${history.baselineBand.runs} runs at each step; the grey line: its latest run.</p>`
          ]
        : []),
      historyTable(history)
    ])
  ].filter(part => part !== '')
}

/** The care-label tests: each one's run (linked), where it ran, and how it ended. */
function testSection(report: Report): string[] {
  const tests = report.tests ?? []
  if (tests.length === 0) return []
  const status = (t: (typeof tests)[number]): [string, string] => {
    if (t.status === 'passed') return ['pass', 'passed']
    if (t.status === 'failed')
      return t.level === 'fail' ? ['fail', 'failed'] : ['warn', 'failed (warn)']
    return t.required ? ['fail', 'not measured (required)'] : ['missing', 'not measured']
  }
  const rows = tests.map(t => {
    const [css, said] = status(t)
    const href = safeUrl(t.url)
    const id = t.runId === undefined ? '—' : text(t.runId.slice(0, 8), 8)
    const run =
      href === undefined || t.status === 'not-measured'
        ? id
        : `<a href="${escapeXml(href, href.length)}">${id}</a>`
    const shown =
      t.status === 'not-measured' && href !== undefined
        ? `<a href="${escapeXml(href, href.length)}">${said}</a>`
        : said
    return `<tr><td>${text(t.name, 100)}</td><td>${text(t.category ?? '—', 100)}</td><td>${text(t.entryPoint, 100)}</td><td>${run}</td><td>${text(t.ranOn ?? '—', 200)}</td><td class="n">${t.metrics.length}</td><td class="${css}">${shown}</td></tr>`
  })
  return [
    `<h2>Tests (${tests.length})</h2>`,
    `<table><thead><tr><th>Test</th><th>Category</th><th>Entry point</th><th>Run</th><th>Ran on</th><th>Metrics</th><th>Status</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
  ]
}

function environmentSection(report: Report): string[] {
  const env = report.environment
  if (env === undefined) return []
  const rows = (
    [
      ['Runner', env.runner],
      ['CPU', env.cpu],
      ['GPU', env.gpu],
      ['Python', env.python],
      ['MLflow', env.mlflow]
    ] as const
  )
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `<tr><th>${k}</th><td>${text(v ?? '', 300)}</td></tr>`)
  return rows.length > 0 ? ['<h2>Measured on</h2>', `<table>${rows.join('')}</table>`] : []
}

/**
 * The page. The care label is its heading: the card shows the title, the letters and the gate's
 * status, so the page does not repeat them above it. `charts` are the histories' charts by
 * metric name (adapters/vega-charts.ts draws them); without them the tables stand alone.
 */
export function renderHtml(
  report: Report,
  charts: ReadonlyMap<string, HistoryChart> = new Map()
): string {
  const title = `MLflow care label ${report.label.overall ?? '?'} · ${report.experimentName}`
  const changed = rulesChanged(report)
  const notes = [...report.notes, ...(report.config.note ? [report.config.note] : [])]
  const body: string[] = [
    `<h1 class="card">${renderLabelSvg(report)}</h1>`,
    ...(changed ? [`<p><strong>⚠️ ${text(changed, 3000)}</strong></p>`] : []),
    `<p>This run: ${runLink(report.run)}${modelOf(report)}${report.baseline ? `, compared with the baseline run ${runLink(report.baseline)}` : ''}. <span class="muted">${text(report.baselineHow, 500)}</span></p>`,
    '<h2>Metrics</h2>',
    report.comparison.metrics.length > 0
      ? metricTable(report.comparison.metrics, ratingsOf(report.label))
      : '<p>The run logged no metrics.</p>',
    ...testSection(report),
    ...paramSection(report),
    ...historySection(report.histories ?? [], charts),
    ...environmentSection(report),
    ...notes.map(note => `<p class="muted">${text(note, 500)}</p>`),
    ...(report.labelArtifacts
      ? [
          `<p>This label is logged with ${runLink(report.run)} in MLflow: <code>${text(report.labelArtifacts.uri, 120)}</code> (care-label.svg, report.json, report.html)${report.labelArtifacts.tagged ? ', and its letters as the run’s <code>care-label.grade</code> tags' : ''}.</p>`
        ]
      : []),
    ...registrationSection(report),
    `<p class="muted">${text(report.label.how, 300)} · ${text(report.store, 300)}${report.config.file ? ` · rules from ${text(report.config.file, 300)}` : ''}</p>`
  ]
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${text(title, 200)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    ...body,
    '</body>',
    '</html>',
    ''
  ].join('\n')
}

/** " (judged by its logged model …)", or nothing. */
function modelOf(report: Report): string {
  const model = runNote(report.run)
  return model === undefined ? '' : ` (${text(model, 300)})`
}

function registrationSection(report: Report): string[] {
  if (report.registration === undefined) return []
  const { text: said, problem } = registrationText(report.registration)
  return [`<p>${problem ? '⚠️' : '📦'} ${text(said, 1000)}</p>`]
}
