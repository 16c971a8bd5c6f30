/**
 * Mermaid `xychart-beta` line charts of metric histories, for the PR comment (GitHub renders
 * Mermaid blocks; it strips images). Pure.
 *
 * A metric name is untrusted: inside the block it is reduced to a small set of characters, so
 * it cannot close the quoted title, start a directive (`%%`), end the code fence or carry markup.
 */
import { paddedRange } from './format.js'
import { MAX_POINTS, downsample } from '../report/history.js'
import type { HistoryPoint, MetricHistory } from '../report/types.js'

/** Letters, digits and a few harmless marks; anything else becomes '_'. */
export function mermaidText(text: string, maxLength = 60): string {
  const safe = text.replace(/[^A-Za-z0-9 _.\-/]/g, '_').trim()
  return safe.length > maxLength ? `${safe.slice(0, maxLength - 1)}_` : safe || '_'
}

/** A number as Mermaid reads it: plain decimal or exponent notation, 6 significant digits. */
function num(value: number): string {
  return String(Number(value.toPrecision(6)))
}

/** The line's value at `step`: its own point, else linear between neighbours, else the nearest end. */
export function valueAt(points: HistoryPoint[], step: number): number | undefined {
  if (points.length === 0) return undefined
  let before: HistoryPoint | undefined
  for (const p of points) {
    if (p.step === step) return p.value
    if (p.step < step) before = p
    else {
      if (before === undefined) return p.value
      return (
        before.value + ((p.value - before.value) * (step - before.step)) / (p.step - before.step)
      )
    }
  }
  return before?.value
}

/**
 * The chart as the lines of a fenced Mermaid block. Both lines share one x axis (the union of
 * their steps, thinned); a line is interpolated where it has no point of its own. The y axis
 * covers both lines, and each axis has a title (the step, the metric).
 */
export function mermaidChart(history: MetricHistory): string[] {
  // Blue is this run, grey the baseline; a chart with no point of this run is grey alone.
  // Mermaid draws the lines in the order given, so the baseline comes first and this run, the
  // one under review, last: on top, as in the HTML report's charts.
  const drawn = [
    { points: history.baseline ?? [], colour: '#8c959f' },
    { points: history.candidate, colour: '#0969da' }
  ].filter(l => l.points.length > 0)
  const lines = drawn.map(l => l.points)
  const allSteps = [...new Set(lines.flatMap(l => l.map(p => p.step)))].sort((a, b) => a - b)
  const steps = downsample(
    allSteps.map(step => ({ step, value: 0 })),
    MAX_POINTS
  ).map(p => p.step)
  const series = lines.map(l => steps.map(step => valueAt(l, step) ?? 0))
  const [low, high] = paddedRange(series.flat(), 0.05)
  const name = mermaidText(history.metric)
  return [
    '```mermaid',
    '---',
    'config:',
    '  themeVariables:',
    '    xyChart:',
    `      plotColorPalette: "${drawn.map(l => l.colour).join(', ')}"`,
    '---',
    'xychart-beta',
    `  title "${name}"`,
    `  x-axis "step" [${steps.join(', ')}]`,
    `  y-axis "${name}" ${num(low)} --> ${num(high)}`,
    ...series.map(values => `  line [${values.map(num).join(', ')}]`),
    '```'
  ]
}
