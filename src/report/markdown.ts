/** Renders the care-label report as GitHub-flavoured Markdown. Pure. */
import { formatNumber } from '../compare/compare.js'
import type { MetricStatus, MetricVerdict } from '../compare/types.js'
import { escapeComment, escapeMarkdown } from './escape.js'
import type { CareLabel, Letter } from '../label/types.js'
import type { Report, RunSummary } from './types.js'

const MARKER_PREFIX = '<!-- mlflow-care-label'

/** The hidden marker that finds this report's comment again. */
export function reportMarker(key: string): string {
  return `${MARKER_PREFIX} key="${escapeComment(key)}" -->`
}

const STATUS: Record<MetricStatus, string> = {
  pass: '✅ pass',
  fail: '❌ fail',
  warn: '⚠️ warn',
  missing: '❌ missing',
  info: ''
}

function headline(report: Report): string {
  const { verdict, comparison } = report
  const broken = comparison.counts.fail + comparison.counts.missing
  if (verdict === 'fail') {
    const gate = report.gate ? '' : ' (not gating: fail-on-regression is false)'
    return `❌ ${broken} metric check${broken === 1 ? '' : 's'} failed${gate}`
  }
  const warned =
    comparison.counts.warn > 0
      ? `, ${comparison.counts.warn} warning${comparison.counts.warn === 1 ? '' : 's'}`
      : ''
  if (verdict === 'no-baseline') return `🆕 no baseline yet${warned}`
  return `✅ all metric checks passed${warned}`
}

function runLink(run: RunSummary): string {
  const name = escapeMarkdown(run.runName || run.runId, 80)
  return run.url ? `[${name}](${run.url})` : name
}

function value(v: number | undefined): string {
  return v === undefined ? '—' : formatNumber(v)
}

function change(m: MetricVerdict): string {
  if (m.change === undefined) return ''
  const arrow = { better: '▲ ', worse: '▼ ', within: '≈ ', same: '= ', unknown: '' }[m.direction]
  const delta = m.change > 0 ? `+${formatNumber(m.change)}` : formatNumber(m.change)
  const rel =
    m.relativeChange !== undefined && Number.isFinite(m.relativeChange) && m.change !== 0
      ? ` (${m.relativeChange > 0 ? '+' : ''}${formatNumber(Number((m.relativeChange * 100).toFixed(2)))}%)`
      : ''
  return `${arrow}${delta}${rel}`
}

function rule(m: MetricVerdict): string {
  const parts = m.checks.map(c => (c.passed ? c.description : `**${c.description}**`))
  if (m.checks.length === 0 && m.greaterIsBetter !== undefined)
    parts.push(m.greaterIsBetter ? 'higher is better' : 'lower is better')
  if (m.level === 'warn' && m.status !== 'info') parts.push('warn only')
  return parts.join('; ')
}

function metricRow(m: MetricVerdict): string {
  const notes =
    m.notes.length > 0
      ? `<br><sub>${m.notes.map(n => escapeMarkdown(n, 300)).join('; ')}</sub>`
      : ''
  return `| ${escapeMarkdown(m.metric, 120)} | ${value(m.candidate)} | ${value(m.baseline)} | ${change(m)} | ${rule(m)}${notes} | ${STATUS[m.status]} |`
}

const COLOUR: Record<Letter, string> = { A: '🟩', B: '🟨', C: '🟧', D: '🟥', E: '🟥' }

function chip(letter: Letter | undefined): string {
  return letter ? `${COLOUR[letter]} ${letter}` : '⬜ ?'
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/** The label: overall letter now and for the baseline, then one chip per category. */
function labelLines(label: CareLabel): string[] {
  if (!label.categories.some(c => c.letter !== undefined || c.baselineLetter !== undefined))
    return []
  const baseline = label.baselineOverall ? ` · baseline ${chip(label.baselineOverall)}` : ''
  const chips = label.categories
    .map(c => `${chip(c.letter)} ${escapeMarkdown(capitalise(c.category), 40)}`)
    .join(' · ')
  return [`Care label **${chip(label.overall)}**${baseline}`, '', chips, '']
}

export function renderMarkdown(report: Report): string {
  const lines: string[] = [reportMarker(report.key)]
  lines.push(`### 🏷️ MLflow care label · ${escapeMarkdown(report.experimentName, 100)}`)
  lines.push('')
  lines.push(`**${headline(report)}**`)
  lines.push('')
  lines.push(...labelLines(report.label))
  const against = report.baseline
    ? `compared with baseline ${runLink(report.baseline)} (${escapeMarkdown(report.baselineHow, 300)})`
    : escapeMarkdown(report.baselineHow, 300)
  lines.push(`This run: ${runLink(report.run)}, ${against}.`)
  lines.push('')
  // Metrics the config names (checked, rated, or just given a direction) come first; the rest
  // of what the run logged folds away.
  const configured = (m: MetricVerdict): boolean => m.greaterIsBetter !== undefined
  const checked = report.comparison.metrics.filter(configured)
  const others = report.comparison.metrics.filter(m => !configured(m))
  const header = [
    '| Metric | This run | Baseline | Change | Rule | Status |',
    '|---|--:|--:|--:|---|---|'
  ]
  if (checked.length > 0) {
    lines.push(...header, ...checked.map(metricRow), '')
  }
  if (others.length > 0) {
    const table = [...header, ...others.map(metricRow)]
    if (checked.length === 0) {
      lines.push(...table, '')
    } else {
      lines.push(
        `<details><summary>Other metrics (${others.length}), not in the config</summary>`,
        '',
        ...table,
        '',
        '</details>',
        ''
      )
    }
  }
  if (report.comparison.metrics.length === 0) lines.push('_The run logged no metrics._', '')
  if (report.baseline && report.paramChanges.length > 0) {
    lines.push(
      `<details><summary>Parameters that changed (${report.paramChanges.length})</summary>`,
      ''
    )
    lines.push('| Parameter | This run | Baseline |', '|---|---|---|')
    for (const p of report.paramChanges) {
      lines.push(
        `| ${escapeMarkdown(p.key, 120)} | ${p.candidate === undefined ? '—' : escapeMarkdown(p.candidate, 200)} | ${p.baseline === undefined ? '—' : escapeMarkdown(p.baseline, 200)} |`
      )
    }
    lines.push('', '</details>', '')
  }
  const notes = [...report.notes]
  if (report.config.note) notes.push(report.config.note)
  for (const note of notes) lines.push(`> ${escapeMarkdown(note, 500)}`, '')
  const footer = [`<sub>mlflow-care-label · ${escapeMarkdown(report.store, 200)}`]
  if (report.label.overall !== undefined) footer.push(escapeMarkdown(report.label.how, 200))
  for (const note of report.label.notes) footer.push(escapeMarkdown(note, 200))
  if (report.config.file) footer.push(`rules from ${escapeMarkdown(report.config.file, 200)}`)
  if (report.context.workflowRunUrl) footer.push(`[workflow run](${report.context.workflowRunUrl})`)
  lines.push(`${footer.join(' · ')}</sub>`)
  return `${lines.join('\n')}\n`
}
