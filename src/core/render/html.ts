/**
 * The HTML report: one self-contained page (inline style, no scripts, nothing loaded from
 * elsewhere, a Content-Security-Policy that forbids both) with the SVG label, the metric table,
 * the changed parameters, the environment and the metric histories as inline SVG charts, each
 * with its points in a table. Everything from the run is escaped (bidi controls removed), and a
 * link is written only to a plain http(s) address (safeUrl). Pure.
 */
import { formatNumber } from './format.js'
import type { MetricVerdict } from '../compare/types.js'
import { changeText, decisionText, rulesChanged } from './markdown.js'
import { gateStatus, renderLabelSvg } from './svg.js'
import type { HistoryPoint, MetricHistory, Report, RunSummary } from '../report/types.js'
import { safeUrl } from '../report/urls.js'
import { removeBidiControls } from './escape.js'
import { escapeXml } from './xml.js'

const STYLE = `body{font-family:-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:#1f2328;max-width:980px;margin:24px auto;padding:0 16px;line-height:1.45}
h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
table{border-collapse:collapse;margin:8px 0;font-size:13px}th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f6f8fa}
.fail,.missing{color:#cf222e;font-weight:600}.warn{color:#9a6700;font-weight:600}.pass{color:#1a7f37}
.status{display:inline-block;padding:2px 10px;border-radius:12px;color:#fff;font-weight:600}
.muted{color:#57606a;font-size:13px}figure{margin:12px 0}`

const text = (value: string, max = 256): string => escapeXml(removeBidiControls(value), max)

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

function metricTable(metrics: MetricVerdict[]): string {
  const rows = metrics.map(
    m =>
      `<tr><td>${text(m.metric, 200)}</td><td class="n">${value(m.candidate)}</td><td class="n">${value(m.baseline)}</td><td class="n">${text(changeText(m))}</td><td>${rule(m)}</td><td class="${m.status}">${m.status === 'info' ? '' : m.status}</td></tr>`
  )
  return `<table><thead><tr><th>Metric</th><th>This run</th><th>Baseline</th><th>Change</th><th>Rule</th><th>Status</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
}

const CHART = { width: 640, height: 220, left: 64, right: 16, top: 16, bottom: 32 }

/** One metric's history as an SVG line chart: this run in blue, the baseline in grey. */
export function historyChart(history: MetricHistory): string {
  const lines = [
    { points: history.candidate, colour: '#0969da', name: 'this run' },
    { points: history.baseline ?? [], colour: '#8c959f', name: 'baseline' }
  ].map(l => ({ ...l, points: l.points.filter(p => Number.isFinite(p.value)) }))
  const all = lines.flatMap(l => l.points)
  if (all.length === 0) return ''
  const steps = all.map(p => p.step)
  const values = all.map(p => p.value)
  let [x0, x1] = [Math.min(...steps), Math.max(...steps)]
  let [y0, y1] = [Math.min(...values), Math.max(...values)]
  if (x0 === x1) [x0, x1] = [x0 - 1, x1 + 1]
  if (y0 === y1) [y0, y1] = [y0 - (Math.abs(y0) || 1) * 0.1, y1 + (Math.abs(y1) || 1) * 0.1]
  const { width, height, left, right, top, bottom } = CHART
  const x = (step: number): number => left + ((step - x0) / (x1 - x0)) * (width - left - right)
  const y = (v: number): number => top + (1 - (v - y0) / (y1 - y0)) * (height - top - bottom)
  const path = (points: HistoryPoint[]): string =>
    points.map(p => `${x(p.step).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ')
  const name = text(history.metric, 120)
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="history of ${name}">`,
    `<rect x="${left}" y="${top}" width="${width - left - right}" height="${height - top - bottom}" fill="#ffffff" stroke="#d0d7de"/>`,
    `<g font-size="11" fill="#57606a" font-family="Helvetica, Arial, sans-serif">`,
    `<text x="${left - 6}" y="${top + 10}" text-anchor="end">${text(formatNumber(y1))}</text>`,
    `<text x="${left - 6}" y="${height - bottom}" text-anchor="end">${text(formatNumber(y0))}</text>`,
    `<text x="${left}" y="${height - bottom + 16}">step ${text(formatNumber(x0))}</text>`,
    `<text x="${width - right}" y="${height - bottom + 16}" text-anchor="end">step ${text(formatNumber(x1))}</text>`,
    '</g>'
  ]
  lines.forEach((line, i) => {
    if (line.points.length === 0) return
    parts.push(
      line.points.length === 1
        ? `<circle cx="${x(line.points[0]?.step ?? 0).toFixed(1)}" cy="${y(line.points[0]?.value ?? 0).toFixed(1)}" r="3" fill="${line.colour}"/>`
        : `<polyline points="${path(line.points)}" fill="none" stroke="${line.colour}" stroke-width="2"/>`,
      `<g font-size="11" font-family="Helvetica, Arial, sans-serif"><rect x="${left + 8 + i * 90}" y="${top + 6}" width="10" height="10" fill="${line.colour}"/><text x="${left + 22 + i * 90}" y="${top + 15}" fill="#1f2328">${line.name}</text></g>`
    )
  })
  parts.push('</svg>')
  return parts.join('')
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

export function renderHtml(report: Report): string {
  const status = gateStatus(report)
  const title = `MLflow care label ${report.label.overall ?? '?'} · ${report.experimentName}`
  const body: string[] = [
    `<h1>${text(title, 200)}</h1>`,
    `<p><span class="status" style="background:${status.colour}">${text(status.text)}</span></p>`,
    ...(rulesChanged(report)
      ? [`<p><strong>⚠️ ${text(rulesChanged(report) ?? '', 3000)}</strong></p>`]
      : []),
    `<figure>${renderLabelSvg(report)}</figure>`,
    `<p>This run: ${runLink(report.run)}${report.baseline ? `, compared with the baseline run ${runLink(report.baseline)}` : ''}. <span class="muted">${text(report.baselineHow, 500)}</span></p>`,
    '<h2>Metrics</h2>',
    report.comparison.metrics.length > 0
      ? metricTable(report.comparison.metrics)
      : '<p>The run logged no metrics.</p>'
  ]
  if (report.baseline && report.paramChanges.length > 0) {
    const rows = report.paramChanges.map(
      p =>
        `<tr><td>${text(p.key, 200)}</td><td>${p.candidate === undefined ? '—' : text(p.candidate, 500)}</td><td>${p.baseline === undefined ? '—' : text(p.baseline, 500)}</td></tr>`
    )
    body.push(
      `<h2>Parameters that changed (${report.paramChanges.length})</h2>`,
      `<table><thead><tr><th>Parameter</th><th>This run</th><th>Baseline</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
    )
  }
  const histories = report.histories ?? []
  if (histories.length > 0) {
    body.push('<h2>Metric histories</h2>')
    for (const history of histories) {
      body.push(
        `<h3>${text(history.metric, 200)}</h3>`,
        `<figure>${historyChart(history)}</figure>`,
        historyTable(history)
      )
    }
  }
  const env = report.environment
  if (env !== undefined) {
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
    if (rows.length > 0) body.push('<h2>Measured on</h2>', `<table>${rows.join('')}</table>`)
  }
  const notes = [...report.notes, ...(report.config.note ? [report.config.note] : [])]
  for (const note of notes) body.push(`<p class="muted">${text(note, 500)}</p>`)
  if (report.labelArtifacts) {
    body.push(
      `<p>This label is logged with ${runLink(report.run)} in MLflow: <code>${text(report.labelArtifacts.uri, 120)}</code> (care-label.svg, report.json, report.html), and its letters as the run’s <code>care-label.grade</code> tags.</p>`
    )
  }
  body.push(
    `<p class="muted">${text(report.label.how, 300)} · ${text(report.store, 300)}${report.config.file ? ` · rules from ${text(report.config.file, 300)}` : ''}</p>`
  )
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
