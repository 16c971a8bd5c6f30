/**
 * The care label as a self-contained SVG card: the overall letter now and for the baseline, the
 * gate status, one row per category, how the overall letter was computed, and where the numbers
 * were measured. No fonts, images, links or scripts from outside; every string of the report is
 * escaped, with its bidi controls removed. Pure.
 *
 * For tools that read it: the overall letter is the text of the element with
 * `data-role="overall"`, each category's letter that of the element with `data-category`.
 */
import type { Letter } from '../label/types.js'
import type { Report } from '../report/types.js'
import { escapeXml } from './xml.js'

/** Text of the report for SVG text or an attribute value. */
function svgText(text: string, maxLength?: number): string {
  return escapeXml(text, maxLength)
}

export const LETTER_COLOURS: Record<Letter | '?', string> = {
  A: '#2da44e',
  B: '#d4a72c',
  C: '#fb8500',
  D: '#cf222e',
  E: '#82071e',
  '?': '#afb8c1'
}

const WIDTH = 420
const ROW = 30
const FONT = 'font-family="-apple-system, Segoe UI, Helvetica, Arial, sans-serif"'

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/** The verdict in words and its colour. */
function gateStatus(report: Report): { text: string; colour: string } {
  if (report.verdict === 'fail') {
    return report.gate
      ? { text: 'checks failed: merge blocked', colour: LETTER_COLOURS.D }
      : { text: 'checks failed (not gating)', colour: LETTER_COLOURS.C }
  }
  if (report.verdict === 'no-baseline') return { text: 'no baseline yet', colour: '#57606a' }
  return { text: 'all checks passed', colour: LETTER_COLOURS.A }
}

/**
 * The status pill, right-aligned: wide enough for its text at 12 px semi-bold (at most 7 px a
 * character in the sans-serif fonts named) with 14 px of padding inside each rounded end.
 */
export const PILL = { charWidth: 7, padding: 14, right: WIDTH - 18 } as const

export function pillOf(text: string): { x: number; width: number } {
  const width = Math.ceil(text.length * PILL.charWidth + 2 * PILL.padding)
  return { x: PILL.right - width, width }
}

/** A letter in a coloured rounded square. */
function letterBox(
  x: number,
  y: number,
  size: number,
  letter: Letter | undefined,
  attribute: string
): string {
  const shown = letter ?? '?'
  return [
    `<rect x="${x}" y="${y}" width="${size}" height="${size}" rx="${size / 6}" fill="${LETTER_COLOURS[shown]}"/>`,
    `<text x="${x + size / 2}" y="${y + size * 0.72}" text-anchor="middle" font-size="${Math.round(size * 0.62)}" font-weight="700" fill="#ffffff" ${attribute}>${shown}</text>`
  ].join('')
}

export function renderLabelSvg(report: Report): string {
  const { label } = report
  const status = gateStatus(report)
  const environment = report.environment
    ? [
        report.environment.runner,
        report.environment.cpu,
        report.environment.gpu && `GPU ${report.environment.gpu}`,
        report.environment.python && `Python ${report.environment.python}`,
        report.environment.mlflow && `MLflow ${report.environment.mlflow}`
      ].filter((p): p is string => typeof p === 'string' && p !== '')
    : []
  const top = 118
  const rowsHeight = label.categories.length * ROW
  const footer = top + rowsHeight + 14
  // The environment in two short lines: the machine, then the software.
  const envLines = [environment.slice(0, 2), environment.slice(2)]
    .map(line => line.join(' · '))
    .filter(line => line !== '')
  const height = footer + 22 + envLines.length * 15 + 8
  const parts: string[] = []
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-labelledby="care-label-title">`,
    `<title id="care-label-title">MLflow care label ${label.overall ?? '?'}: ${svgText(status.text)}</title>`,
    `<rect x="1" y="1" width="${WIDTH - 2}" height="${height - 2}" rx="10" fill="#ffffff" stroke="#d0d7de" stroke-width="2"/>`,
    `<g ${FONT}>`,
    `<text x="18" y="30" font-size="15" font-weight="700" fill="#1f2328">MLflow care label</text>`,
    `<text x="18" y="48" font-size="12" fill="#57606a">${svgText(report.experimentName, 60)}</text>`,
    letterBox(18, 58, 50, label.overall, 'data-role="overall"'),
    `<text x="80" y="78" font-size="12" fill="#57606a">overall</text>`
  )
  if (label.baselineOverall !== undefined) {
    parts.push(
      `<text x="80" y="98" font-size="12" fill="#57606a">baseline</text>`,
      letterBox(136, 84, 18, label.baselineOverall, 'data-role="baseline-overall"')
    )
  }
  const pill = pillOf(status.text)
  parts.push(
    `<rect x="${pill.x}" y="64" width="${pill.width}" height="26" rx="13" fill="${status.colour}"/>`,
    `<text x="${pill.x + pill.width / 2}" y="81" text-anchor="middle" font-size="12" font-weight="600" fill="#ffffff" data-role="status">${svgText(status.text)}</text>`,
    `<line x1="18" y1="${top - 6}" x2="${WIDTH - 18}" y2="${top - 6}" stroke="#d0d7de"/>`
  )
  label.categories.forEach((category, i) => {
    const y = top + i * ROW
    parts.push(
      `<text x="18" y="${y + 17}" font-size="13" fill="#1f2328">${svgText(capitalise(category.category), 40)}</text>`,
      letterBox(
        WIDTH - 140,
        y,
        24,
        category.letter,
        `data-category="${svgText(category.category, 200)}"`
      )
    )
    if (category.baselineLetter !== undefined) {
      parts.push(
        `<text x="${WIDTH - 100}" y="${y + 17}" font-size="11" fill="#57606a">baseline</text>`,
        letterBox(WIDTH - 46, y + 4, 16, category.baselineLetter, 'data-role="baseline-category"')
      )
    }
  })
  parts.push(
    `<text x="18" y="${footer + 4}" font-size="11" fill="#57606a">${svgText(label.how, 90)}</text>`
  )
  envLines.forEach((line, i) => {
    parts.push(
      `<text x="18" y="${footer + 22 + i * 15}" font-size="10" fill="#57606a">${svgText(line, 80)}</text>`
    )
  })
  parts.push('</g>', '</svg>')
  return `${parts.join('\n')}\n`
}
