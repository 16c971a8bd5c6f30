/**
 * Draws the HTML report's charts: the Vega-Lite specifications of core/render/history-chart,
 * compiled by Vega-Lite and rendered by Vega to static SVG in Node (no DOM, no canvas, and no
 * script in what it writes).
 *
 * Vega and Vega-Lite are large and only the HTML report needs them, so they are imported here,
 * when the first chart is drawn, not when the action starts: the bundler puts them in a chunk
 * file of their own that a run without charts never reads.
 */
// Types only: these imports are erased, and the libraries themselves are imported below.
import type * as Vega from 'vega'
import type * as VegaLite from 'vega-lite'
import type { TopLevelSpec } from 'vega-lite'
import type { HistoryChart } from '../core/render/html.js'
import { historyChartSpec } from '../core/render/history-chart.js'
import type { MetricHistory } from '../core/report/types.js'
import { errorMessage } from '../errors.js'
import type { ChartRenderer } from '../ports.js'

interface Libraries {
  vega: typeof Vega
  vegaLite: typeof VegaLite
}

let libraries: Promise<Libraries> | undefined

/**
 * Imports both libraries once, on first use, one after the other: they share modules
 * (vega-util and others), and Jest's module linker fails on two imports of them at once.
 */
function loadLibraries(): Promise<Libraries> {
  libraries ??= (async () => {
    const vega = await import('vega')
    const vegaLite = await import('vega-lite')
    return { vega, vegaLite }
  })()
  return libraries
}

/** One Vega-Lite specification as an SVG document. */
export async function renderVegaLiteSvg(spec: TopLevelSpec): Promise<string> {
  const { vega, vegaLite } = await loadLibraries()
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' })
  try {
    return await view.toSVG()
  } finally {
    view.finalize()
  }
}

/** The charts of the HTML report, drawn with Vega. */
export const vegaCharts: ChartRenderer = { draw: drawHistoryCharts }

/**
 * The chart of each history, by metric name. A chart that cannot be drawn says why instead:
 * charts are a nicety, and the report keeps each history's table either way.
 */
export async function drawHistoryCharts(
  histories: MetricHistory[]
): Promise<Map<string, HistoryChart>> {
  const charts = new Map<string, HistoryChart>()
  for (const history of histories) {
    const spec = historyChartSpec(history)
    if (spec === undefined) continue
    try {
      charts.set(history.metric, { svg: await renderVegaLiteSvg(spec) })
    } catch (error) {
      charts.set(history.metric, { error: errorMessage(error) })
    }
  }
  return charts
}
