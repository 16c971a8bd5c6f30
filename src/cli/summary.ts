/**
 * The report as a terminal shows it: the grade, the metrics that failed, warned or could not be
 * decided, and where the report files are. Colour only when asked (a TTY without NO_COLOR).
 * Names and values come from the run: control characters (an ANSI escape that would repaint the
 * terminal) and bidi or zero-width characters are shown as escapes, never written raw. Pure.
 */
import type { MetricVerdict } from '../core/compare/types.js'
import { BIDI_CONTROLS, ZERO_WIDTH } from '../core/render/escape.js'
import { changeText } from '../core/render/markdown.js'
import { formatNumber } from '../core/render/format.js'
import type { Report } from '../core/report/types.js'

export interface SummaryOptions {
  colour: boolean
  /** The directory with report.md, report.html, report.json. */
  outputDir: string
}

const ANSI = { red: 31, green: 32, yellow: 33, dim: 2, bold: 1 } as const
type Style = keyof typeof ANSI

/** Control characters, zero-width characters and the bidi controls of every renderer. */
const UNSAFE_IN_A_TERMINAL = new RegExp(
  `[\\u0000-\\u001f\\u007f-\\u009f${ZERO_WIDTH}${BIDI_CONTROLS}]`,
  'g'
)

/** Control, bidi and zero-width characters as visible escapes (\u001b → "\x1b"). */
export function terminalText(text: string): string {
  return text.replace(UNSAFE_IN_A_TERMINAL, c => {
    const code = c.charCodeAt(0)
    return code < 0x100
      ? `\\x${code.toString(16).padStart(2, '0')}`
      : `\\u${code.toString(16).padStart(4, '0')}`
  })
}

const MARK: Partial<Record<MetricVerdict['status'], [string, Style]>> = {
  fail: ['✗', 'red'],
  missing: ['✗', 'red'],
  warn: ['!', 'yellow'],
  inconclusive: ['?', 'yellow'],
  'not-comparable': ['–', 'dim']
}

export function terminalSummary(report: Report, options: SummaryOptions): string {
  const paint = (style: Style, text: string): string =>
    options.colour ? `\u001b[${ANSI[style]}m${text}\u001b[0m` : text
  const { label, comparison } = report
  const verdict = {
    pass: paint('green', 'pass'),
    fail: paint('red', 'fail'),
    'no-baseline': 'no baseline yet'
  }[report.verdict]
  const grade = `${label.overall ?? '?'}${label.baselineOverall ? ` (baseline ${label.baselineOverall})` : ''}`
  const lines = [`${paint('bold', `Care label ${grade}`)}: ${verdict}`]
  for (const m of comparison.metrics) {
    const mark = MARK[m.status]
    if (mark === undefined) continue
    lines.push(`  ${paint(mark[1], mark[0])} ${metricLine(m)}`)
  }
  const categories = label.categories
    .filter(c => c.letter !== undefined)
    .map(
      c => `${terminalText(c.category.charAt(0).toUpperCase() + c.category.slice(1))} ${c.letter}`
    )
  if (categories.length > 0) lines.push(`  ${categories.join(' · ')}`)
  lines.push(
    `Report: ${terminalText(`${options.outputDir}/report.md`)} (also report.html, report.json, care-label.svg)`
  )
  return `${lines.join('\n')}\n`
}

function metricLine(m: MetricVerdict): string {
  const value = m.candidate === undefined ? 'not logged' : formatNumber(m.candidate)
  const against =
    m.baseline === undefined ? '' : ` (baseline ${formatNumber(m.baseline)}, ${changeText(m)})`
  const broken = m.checks.filter(c => !c.passed).map(c => c.description)
  const why =
    m.status === 'inconclusive'
      ? 'inconclusive: the change is within the noise'
      : m.status === 'not-comparable'
        ? 'not comparable: measured on another platform'
        : broken.join('; ')
  return terminalText(
    `${m.metric} ${value}${against}${why ? `: ${why}` : ''}${m.status === 'warn' ? ' (warn only)' : ''}`
  )
}
