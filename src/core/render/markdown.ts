/**
 * Renders the care-label report as GitHub-flavoured Markdown. Pure.
 *
 * Every string of the report is escaped (escape.ts), and every address is checked where it is
 * written (safeUrl): a link whose address is not a plain http(s) one is left as text.
 */
import { formatNumber } from './format.js'
import type { MetricStatus, MetricVerdict } from '../compare/types.js'
import { escapeComment, escapeMarkdown, escapeMarkdownLine } from './escape.js'
import type { CareLabel, Letter } from '../label/types.js'
import { mermaidChart } from './mermaid.js'
import type { Environment, MetricHistory, Report, RunSummary } from '../report/types.js'
import { registrationText, runNote } from '../report/run-text.js'
import { safeUrl } from '../report/urls.js'

const MARKER_PREFIX = '<!-- mlflow-care-label'

/** The hidden marker that finds this report's comment again. */
export function reportMarker(key: string): string {
  return `${MARKER_PREFIX} key="${escapeComment(key)}" -->`
}

const STATUS_TEXT: Record<MetricStatus, string> = {
  pass: '✅ pass',
  fail: '❌ fail',
  warn: '⚠️ warn',
  missing: '❌ missing',
  info: '',
  inconclusive: '❔ inconclusive',
  'not-comparable': '↔️ not comparable'
}

function headline(report: Report): string {
  const { verdict, comparison } = report
  const broken = comparison.counts.fail + comparison.counts.missing
  if (verdict === 'fail') {
    const gate = report.gate ? '' : ' (not gating: fail-on-regression is false)'
    return `❌ ${broken} metric check${broken === 1 ? '' : 's'} failed${gate}`
  }
  const count = (n: number | undefined, one: string, many: string): string =>
    n ? `, ${n} ${n === 1 ? one : many}` : ''
  const warned =
    count(comparison.counts.warn, 'warning', 'warnings') +
    count(comparison.counts.inconclusive, 'inconclusive', 'inconclusive')
  if (verdict === 'no-baseline') return `🆕 no baseline yet${warned}`
  return `✅ all metric checks passed${warned}`
}

/** A Markdown link to `url` if it is safe to link to, else `text` alone; `text` is Markdown. */
function link(text: string, url: string | undefined): string {
  const href = safeUrl(url)
  return href === undefined ? text : `[${text}](${href})`
}

function runLink(run: RunSummary): string {
  if (run.runs !== undefined && run.runs > 1) return `${oneRunLink(run)} (${run.runs} runs)`
  return oneRunLink(run)
}

function oneRunLink(run: RunSummary): string {
  return link(escapeMarkdown(run.runName || run.runId, 80), run.url)
}

/** A rule's text ("≥ 0.9", "at most 1% worse than baseline"), escaped. */
function ruleText(description: string): string {
  return escapeMarkdown(description, 300)
}

function value(v: number | undefined): string {
  return v === undefined ? '—' : formatNumber(v)
}

/** What the arrows of the Change column mean: better or worse, whatever the sign says. */
export const ARROW_LEGEND =
  '<sub>▲ better · ▼ worse · ≈ within the noise · = the same. The arrow says better or worse for the metric (lower is better for some); the sign says up or down.</sub>'

/** The change against the baseline in plain text: arrow, delta and relative change. */
export function changeText(m: MetricVerdict): string {
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
  const parts = m.checks.map(c =>
    c.passed ? ruleText(c.description) : `**${ruleText(c.description)}**`
  )
  if (m.checks.length === 0 && m.greaterIsBetter !== undefined)
    parts.push(m.greaterIsBetter ? 'higher is better' : 'lower is better')
  if (m.level === 'warn' && m.status !== 'info') parts.push('warn only')
  const how =
    m.decision === undefined
      ? ''
      : `<br><sub>${escapeMarkdown(decisionText(m.decision), 400)}</sub>`
  return parts.join('; ') + how
}

function percent(fraction: number): string {
  return `${formatNumber(Number((fraction * 100).toFixed(2)))}%`
}

/**
 * How a metric of several runs was decided, in one line of plain text (each renderer escapes
 * it): the method and the sizes, the interval of the change, the p-value or the limit, and the
 * smallest regression it can see.
 */
export function decisionText(d: NonNullable<MetricVerdict['decision']>): string {
  const parts = [d.method]
  if (d.interval !== undefined) {
    const level = formatNumber(Number((d.interval.level * 100).toFixed(1)))
    parts.push(`change ${percent(d.interval.low)} to ${percent(d.interval.high)} (${level}%)`)
  }
  if (d.pValue !== undefined) parts.push(`p ${formatNumber(d.pValue)} (α ${formatNumber(d.alpha)})`)
  if (d.limit !== undefined) parts.push(`limit ${formatNumber(d.limit)}`)
  if (d.mde !== undefined) parts.push(`detects ${percent(d.mde)} beyond the rule`)
  if (d.significance !== 'none') parts.push(`significantly ${d.significance}`)
  return parts.join(' · ')
}

/** A metric's letter on the label, for the Rating column; '' for one that is not rated. */
export type Ratings = ReadonlyMap<string, Letter> | undefined

function metricRow(m: MetricVerdict, ratings: Ratings): string {
  const notes =
    m.notes.length > 0
      ? `<br><sub>${m.notes.map(n => escapeMarkdown(n, 300)).join('; ')}</sub>`
      : ''
  const rating = ratings === undefined ? '' : ` ${ratingCell(ratings.get(m.metric))} |`
  return `| ${escapeMarkdown(m.metric, 120)} |${rating} ${value(m.candidate)} | ${value(m.baseline)} | ${changeText(m)} | ${rule(m)}${notes} | ${STATUS_TEXT[m.status]} |`
}

const COLOUR: Record<Letter, string> = { A: '🟩', B: '🟨', C: '🟧', D: '🟥', E: '🟥' }

function chip(letter: Letter | undefined): string {
  return letter ? `${COLOUR[letter]} ${letter}` : '⬜ ?'
}

function ratingCell(letter: Letter | undefined): string {
  return letter === undefined ? '' : chip(letter)
}

/** Each rated metric's letter, or undefined when the label rates none (no Rating column). */
export function ratingsOf(label: CareLabel): Ratings {
  if (label.metrics.length === 0) return undefined
  return new Map(label.metrics.map(r => [r.metric, r.letter]))
}

/** The head of a metric table, with a Rating column when the label rates metrics. */
function tableHead(ratings: Ratings): string[] {
  return ratings === undefined
    ? ['| Metric | This run | Baseline | Change | Rule | Status |', '|---|--:|--:|--:|---|---|']
    : [
        '| Metric | Rating | This run | Baseline | Change | Rule | Status |',
        '|---|:-:|--:|--:|--:|---|---|'
      ]
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/** Whether the label has any letter to show (a run with no rated metric has none). */
function rated(label: CareLabel): boolean {
  return label.categories.some(c => c.letter !== undefined || c.baselineLetter !== undefined)
}

/**
 * The title line: the overall letter now and for the baseline, and the gate status, so a
 * reviewer reads the verdict without scrolling.
 */
function titleLine(report: Report): string {
  const { label } = report
  const grade = rated(label)
    ? `Care label ${chip(label.overall)}${label.baselineOverall ? ` (baseline ${chip(label.baselineOverall)})` : ''}`
    : 'MLflow care label'
  return `### 🏷️ ${grade} · ${headline(report)}`
}

/** One chip per category, each with its letter now. */
function chipLine(label: CareLabel): string[] {
  if (!rated(label)) return []
  const chips = label.categories
    .map(c => `${chip(c.letter)} ${escapeMarkdown(capitalise(c.category), 40)}`)
    .join(' · ')
  return [chips, '']
}

/**
 * The rules a pull request changes, in one sentence for the top of the report (plain text; each
 * renderer escapes it), or undefined when it changes none.
 */
export function rulesChanged(report: Report): string | undefined {
  const changes = report.rules?.changes ?? []
  if (changes.length === 0) return undefined
  const judged =
    report.rules?.from === 'base'
      ? "it is judged by the base branch's rules"
      : 'it is judged by its own rules (rules: head)'
  return `This pull request changes the rules, and ${judged}. The changes: ${changes.join('; ')}.`
}

/** GitHub's limit for a comment body (a check-run summary allows one character less). */
export const MAX_COMMENT_LENGTH = 65536

/**
 * How much detail a rendering keeps. The report degrades in a fixed order until it fits:
 * first the history charts, then the changed parameters, then the metrics not in the config, then the passing metrics of
 * the main table, then the last rows of what is left; it always says what it left out.
 */
interface Detail {
  charts: boolean
  params: boolean
  others: boolean
  passing: boolean
  /** At most this many rows in the main table. */
  rows: number
}

const DETAIL_LEVELS: Detail[] = [
  { charts: true, params: true, others: true, passing: true, rows: Infinity },
  { charts: false, params: true, others: true, passing: true, rows: Infinity },
  { charts: false, params: false, others: true, passing: true, rows: Infinity },
  { charts: false, params: false, others: false, passing: true, rows: Infinity },
  { charts: false, params: false, others: false, passing: false, rows: Infinity }
]

export function renderMarkdown(report: Report, maxLength = MAX_COMMENT_LENGTH): string {
  for (const detail of DETAIL_LEVELS) {
    const text = renderWith(report, detail)
    if (text.length <= maxLength) return text
  }
  // Still too long: halve the rows of the main table until it fits.
  let rows = report.comparison.metrics.length
  let text = renderWith(report, {
    charts: false,
    params: false,
    others: false,
    passing: false,
    rows
  })
  while (text.length > maxLength && rows > 0) {
    rows = Math.floor(rows / 2)
    text = renderWith(report, { charts: false, params: false, others: false, passing: false, rows })
  }
  return text
}

function renderWith(report: Report, detail: Detail): string {
  // What a section leaves out to fit, said once near the end.
  const omitted: string[] = []
  const lines: string[] = [...headSection(report), ...metricSections(report, detail, omitted)]
  lines.push(...testSection(report))
  lines.push(...paramSection(report, detail, omitted))
  const histories = report.histories ?? []
  if (histories.length > 0 && !detail.charts) {
    omitted.push(`${histories.length} metric history chart(s)`)
  } else if (histories.length > 0) {
    lines.push(...historySection(histories, report.baseline !== undefined))
  }
  const artifact = safeUrl(report.artifactUrl)
  if (artifact !== undefined) {
    lines.push(`📄 The HTML report and the SVG label: ${link('workflow artifact', artifact)}`, '')
  }
  if (report.labelArtifacts !== undefined) {
    lines.push(
      `🏷️ The label is logged with the run in MLflow: ${escapeMarkdown(report.labelArtifacts.uri, 120)} (care-label.svg, report.json, report.html)${report.labelArtifacts.tagged ? ", and its letters as the run's care-label.grade tags" : ''}.`,
      ''
    )
  }
  if (report.registration !== undefined) {
    const { text, problem } = registrationText(report.registration)
    lines.push(`${problem ? '⚠️' : '📦'} ${escapeMarkdown(text, 1000)}`, '')
  }
  if (omitted.length > 0) {
    lines.push(
      `> Left out to fit GitHub's size limit: ${omitted.join(', ')}. Every number is in the JSON report (report.json).`,
      ''
    )
  }
  return `${[...lines, ...footSection(report)].join('\n')}\n`
}

/** The marker, the title, a rules change, the category chips and what was compared with what. */
function headSection(report: Report): string[] {
  const lines: string[] = [reportMarker(report.key), titleLine(report), '']
  const changes = rulesChanged(report)
  if (changes !== undefined) lines.push(`> ⚠️ ${escapeMarkdownLine(changes, 3000)}`, '')
  lines.push(...chipLine(report.label))
  const baselineNote = report.baseline ? runNote(report.baseline) : undefined
  const against = report.baseline
    ? `compared with the baseline run ${runLink(report.baseline)} (${baselineNote ? `${escapeMarkdown(baselineNote, 300)}; ` : ''}${escapeMarkdown(report.baselineHow, 300)})`
    : escapeMarkdown(report.baselineHow.replace(/\.$/, ''), 300)
  const model = runNote(report.run)
  lines.push(
    `**${escapeMarkdown(report.experimentName, 100)}** · this run: ${runLink(report.run)}${model ? ` (${escapeMarkdown(model, 300)})` : ''}, ${against}.`,
    ''
  )
  return lines
}

/**
 * The metric tables: the metrics the config names (checked, rated, or just given a direction)
 * first, cut to `detail`; the rest of what the run logged folds away.
 */
function metricSections(report: Report, detail: Detail, omitted: string[]): string[] {
  const lines: string[] = []
  const configured = (m: MetricVerdict): boolean => m.greaterIsBetter !== undefined
  let checked = report.comparison.metrics.filter(configured)
  const others = report.comparison.metrics.filter(m => !configured(m))
  if (!detail.passing) {
    const passing = checked.filter(m => m.status === 'pass' || m.status === 'info')
    if (passing.length > 0)
      omitted.push(`${passing.length} passing or unchecked metric(s) of the config`)
    checked = checked.filter(m => m.status !== 'pass' && m.status !== 'info')
  }
  if (checked.length > detail.rows) {
    omitted.push(`${checked.length - detail.rows} more metric row(s)`)
    checked = checked.slice(0, detail.rows)
  }
  const ratings = ratingsOf(report.label)
  if (checked.length > 0) {
    lines.push(...tableHead(ratings), ...checked.map(m => metricRow(m, ratings)), '')
    if (checked.some(m => m.change !== undefined)) lines.push(ARROW_LEGEND, '')
  }
  if (others.length > 0 && !detail.others) {
    omitted.push(`${others.length} metric(s) not in the config`)
  } else if (others.length > 0) {
    // Metrics outside the config are never rated: their table has no Rating column.
    const table = [...tableHead(undefined), ...others.map(m => metricRow(m, undefined)), '']
    if (checked.length === 0) lines.push(...table)
    else lines.push(...folded(`Other metrics (${others.length}), not in the config`, table))
  }
  if (report.comparison.metrics.length === 0) lines.push('_The run logged no metrics._', '')
  return lines
}

/** `lines` under a summary that opens them. */
function folded(summary: string, lines: string[]): string[] {
  return [`<details><summary>${summary}</summary>`, '', ...lines, '</details>', '']
}

/** The care-label tests: each one's run, its baseline's run, where it ran, and how it ended. */
function testSection(report: Report): string[] {
  const tests = report.tests ?? []
  if (tests.length === 0) return []
  const id = (runId: string | undefined): string =>
    runId === undefined ? '—' : escapeMarkdown(runId.slice(0, 8), 8)
  // The column only when some test says where it ran.
  const where = tests.some(t => t.ranOn !== undefined)
  const rows = tests.map(t => {
    const cells = [
      escapeMarkdown(t.name, 100),
      escapeMarkdown(t.category ?? '—', 100),
      escapeMarkdown(t.entryPoint, 100),
      t.status === 'not-measured' ? '—' : link(id(t.runId), t.url),
      id(t.baselineRunId),
      ...(where ? [escapeMarkdown(t.ranOn ?? '—', 200)] : []),
      String(t.metrics.length),
      testStatus(t)
    ]
    return `| ${cells.join(' | ')} |`
  })
  const missing = tests.filter(t => t.status === 'not-measured').length
  return [
    `**Tests** (${tests.length}, nested under this run${missing > 0 ? `; ${missing} not measured` : ''}):`,
    '',
    `| Test | Category | Entry point | Run | Baseline run |${where ? ' Ran on |' : ''} Metrics | Status |`,
    `|---|---|---|---|---|${where ? '---|' : ''}--:|---|`,
    ...rows,
    ''
  ]
}

function testStatus(t: NonNullable<Report['tests']>[number]): string {
  if (t.status === 'passed') return '✅ passed'
  if (t.status === 'failed') return t.level === 'fail' ? '❌ failed' : '⚠️ failed (warn)'
  const text = t.required ? '❌ not measured (required)' : '⬜ not measured'
  // The workflow run whose job did not report it.
  return t.url === undefined ? text : link(text, t.url)
}

/** The parameters that differ from the baseline's, folded away. */
function paramSection(report: Report, detail: Detail, omitted: string[]): string[] {
  const changes = report.paramChanges
  if (!report.baseline || changes.length === 0) return []
  if (!detail.params) {
    omitted.push(`${changes.length} changed parameter(s)`)
    return []
  }
  const cell = (v: string | undefined): string => (v === undefined ? '—' : escapeMarkdown(v, 200))
  const rows = changes.map(
    p => `| ${escapeMarkdown(p.key, 120)} | ${cell(p.candidate)} | ${cell(p.baseline)} |`
  )
  const table = ['| Parameter | This run | Baseline |', '|---|---|---|', ...rows, '']
  return folded(`Parameters that changed (${changes.length})`, table)
}

/** The notes, where it was measured, and the footer line. */
function footSection(report: Report): string[] {
  const lines: string[] = []
  const notes = [...report.notes]
  if (report.config.note) notes.push(report.config.note)
  for (const note of notes) lines.push(`> ${escapeMarkdownLine(note, 500)}`, '')
  const measured = environmentLine(report.environment)
  if (measured !== '') lines.push(`<sub>${measured}</sub>`, '')
  const footer = [`<sub>mlflow-care-label · ${escapeMarkdown(report.store, 200)}`]
  if (report.label.overall !== undefined) footer.push(escapeMarkdown(report.label.how, 200))
  const labelNotes = report.label.notes
  for (const note of labelNotes.slice(0, 5)) footer.push(escapeMarkdown(note, 200))
  if (labelNotes.length > 5) footer.push(`${labelNotes.length - 5} more unrated metric(s)`)
  if (report.config.file) footer.push(`rules from ${escapeMarkdown(report.config.file, 200)}`)
  const workflowRun = safeUrl(report.context.workflowRunUrl)
  if (workflowRun !== undefined) footer.push(link('workflow run', workflowRun))
  lines.push(`${footer.join(' · ')}</sub>`)
  return lines
}

/** Where the numbers were measured, in one line; empty when nothing is known. */
function environmentLine(env: Environment | undefined): string {
  if (env === undefined) return ''
  const parts = [
    env.runner,
    env.cpu,
    env.gpu === undefined ? undefined : `GPU ${env.gpu}`,
    env.python === undefined ? undefined : `Python ${env.python}`,
    env.mlflow === undefined ? undefined : `MLflow ${env.mlflow}`
  ].filter((p): p is string => p !== undefined && p !== '')
  if (parts.length === 0) return ''
  return `Measured on ${parts.map(p => escapeMarkdown(p, 120)).join(' · ')}`
}

/**
 * A Mermaid line cannot stop early: a line whose steps end (or start) inside the axis is held
 * flat there. Say so, so that no one reads a plateau into it.
 */
function heldLines(history: MetricHistory): string {
  const all = [...history.candidate, ...(history.baseline ?? [])].map(p => p.step)
  const [low, high] = [Math.min(...all), Math.max(...all)]
  const notes: string[] = []
  for (const [name, line] of [
    ['this run', history.candidate],
    ['the baseline', history.baseline ?? []]
  ] as const) {
    if (line.length === 0) continue
    const first = line[0]?.step ?? low
    const last = line[line.length - 1]?.step ?? high
    if (first > low || last < high) {
      notes.push(`${name} logged steps ${first} to ${last}; its line is held flat outside them`)
    }
  }
  return notes.length > 0 ? `${capitalise(notes.join('; '))}.` : ''
}

/** The metric histories: one Mermaid line chart each, with its points in a table beside it. */
function historySection(histories: MetricHistory[], hasBaseline: boolean): string[] {
  const lines = [
    `<details><summary>📈 Metric histories (${histories.length})</summary>`,
    '',
    hasBaseline
      ? 'First line (grey): the baseline · second line (blue, drawn on top): this run.'
      : 'The line is this run.',
    ''
  ]
  for (const history of histories) {
    lines.push(`**${escapeMarkdown(history.metric, 120)}**`, '', ...mermaidChart(history), '')
    const held = heldLines(history)
    if (held !== '') lines.push(`<sub>${held}</sub>`, '')
    lines.push('| Step | This run | Baseline |', '|--:|--:|--:|')
    const candidate = new Map(history.candidate.map(p => [p.step, p.value]))
    const baseline = new Map((history.baseline ?? []).map(p => [p.step, p.value]))
    const steps = [...new Set([...candidate.keys(), ...baseline.keys()])].sort((a, b) => a - b)
    for (const step of steps) {
      lines.push(`| ${step} | ${value(candidate.get(step))} | ${value(baseline.get(step))} |`)
    }
    lines.push('')
  }
  lines.push('</details>', '')
  return lines
}
