/**
 * A metric's history as a Vega-Lite chart specification, for the HTML report. Pure: this builds
 * the specification only; adapters/vega-charts.ts draws it to SVG.
 *
 * The reader looks for the run under review, so it is drawn last (on top of the baseline), in a
 * stronger colour and a wider line, with a large dot where it has a single point. The y axis
 * covers both lines, so neither leaves the plot, and the legend sits below the plot, never on
 * the lines. Every name is plain text here: Vega escapes what it writes into the SVG.
 */
import type { TopLevelSpec } from 'vega-lite'
import { plainLine } from './xml.js'
import { paddedRange } from './format.js'
import type { BandPoint, HistoryPoint, MetricHistory } from '../report/types.js'

export const CANDIDATE = { name: 'this run', colour: '#0969da' } as const
export const BASELINE = { name: 'baseline', colour: '#8c959f' } as const

/** The size of the plot area in pixels (the axes and the legend come on top of it). */
const PLOT = { width: 640, height: 220 } as const

type Series = typeof CANDIDATE | typeof BASELINE
type Layer = Extract<TopLevelSpec, { layer: unknown }>['layer'][number]

/** The steps' range; a single step gets one step either side, so its dot is not on an edge. */
function stepRange(steps: number[]): [number, number] {
  const low = Math.min(...steps)
  const high = Math.max(...steps)
  return low === high ? [low - 1, high + 1] : [low, high]
}

function rows(points: HistoryPoint[], series: Series): Record<string, number | string>[] {
  return points.map(p => ({ step: p.step, value: p.value, series: series.name }))
}

/**
 * The line of one series, and its dots: always for this run, for the baseline when it has a
 * single point. The baseline's line is wide and light, so that where this run's line runs on it
 * (no change) both stay visible: a blue line on a grey band.
 */
function seriesLayers(points: HistoryPoint[], series: Series): Layer[] {
  const candidate = series === CANDIDATE
  const data = { values: rows(points, series) }
  const layers: Layer[] = []
  const name = candidate ? 'candidate' : 'baseline'
  if (points.length > 1)
    layers.push({
      name: `${name}_line`,
      data,
      mark: candidate
        ? { type: 'line', strokeWidth: 2.5 }
        : { type: 'line', strokeWidth: 7, strokeOpacity: 0.55, strokeCap: 'round' }
    })
  if (points.length === 1 || (candidate && points.length > 0)) {
    const single = points.length === 1
    layers.push({
      name: `${name}_points`,
      data,
      mark: { type: 'point', filled: true, opacity: 1, size: single ? 260 : candidate ? 40 : 120 }
    })
  }
  return layers
}

/**
 * The range of the baseline's runs, as a light grey area beneath both lines: the spread a
 * reader can hold this run against. Its colour is set, not a series, so the legend keeps the
 * baseline's line symbol (the report says what the band is).
 */
function bandLayers(band: BandPoint[]): Layer[] {
  if (band.length < 2) return []
  return [
    {
      name: 'baseline_band',
      data: { values: band },
      mark: { type: 'area', opacity: 0.22 },
      encoding: {
        y: { field: 'low', type: 'quantitative' },
        y2: { field: 'high' },
        color: { value: BASELINE.colour }
      }
    }
  ]
}

/** GitHub's greys for the frame, grid and text; the report's font. */
const CONFIG = {
  font: 'Helvetica, Arial, sans-serif',
  view: { stroke: '#d0d7de' },
  axis: {
    labelColor: '#57606a',
    labelFontSize: 11,
    titleColor: '#1f2328',
    titleFontSize: 12,
    titleFontWeight: 'normal',
    titleLimit: 200,
    gridColor: '#eaeef2',
    domainColor: '#8c959f',
    tickColor: '#8c959f',
    tickCount: 6
  },
  legend: {
    labelColor: '#1f2328',
    labelFontSize: 12,
    symbolStrokeWidth: 3,
    symbolSize: 160,
    columnPadding: 24
  }
} as const

/**
 * The chart of one history, or undefined when neither line has a finite point. The baseline's
 * layers come first, so they are drawn first and this run's cover them.
 */
export function historyChartSpec(history: MetricHistory): TopLevelSpec | undefined {
  const finite = (points: HistoryPoint[] = []): HistoryPoint[] =>
    points.filter(p => Number.isFinite(p.value) && Number.isFinite(p.step))
  const candidate = finite(history.candidate)
  const baseline = finite(history.baseline)
  const band = (history.baselineBand?.points ?? []).filter(
    p => Number.isFinite(p.step) && Number.isFinite(p.low) && Number.isFinite(p.high)
  )
  if (candidate.length + baseline.length === 0) return undefined
  const shown = [
    ...(candidate.length > 0 ? [CANDIDATE] : []),
    ...(baseline.length > 0 ? [BASELINE] : [])
  ]
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: PLOT.width,
    height: PLOT.height,
    padding: 8,
    background: '#ffffff',
    config: CONFIG,
    encoding: {
      ...axes(plainLine(history.metric, 80), [...baseline, ...candidate], band),
      color: {
        field: 'series',
        type: 'nominal',
        scale: { domain: shown.map(s => s.name), range: shown.map(s => s.colour) },
        legend: { orient: 'bottom', direction: 'horizontal', title: null }
      }
    },
    layer: [
      ...bandLayers(band),
      ...seriesLayers(baseline, BASELINE),
      ...seriesLayers(candidate, CANDIDATE)
    ]
  }
}

/** Both axes, titled, over every point and the band, so that nothing leaves the plot. */
function axes(metric: string, points: HistoryPoint[], band: BandPoint[]) {
  const integerSteps = points.every(p => Number.isInteger(p.step))
  return {
    x: {
      field: 'step',
      type: 'quantitative',
      title: 'step',
      scale: {
        domain: stepRange([...points.map(p => p.step), ...band.map(p => p.step)]),
        nice: false,
        zero: false,
        padding: 12
      },
      axis: integerSteps ? { tickMinStep: 1, format: 'd' } : {}
    },
    y: {
      field: 'value',
      type: 'quantitative',
      title: metric,
      scale: {
        domain: paddedRange(
          [...points.map(p => p.value), ...band.flatMap(p => [p.low, p.high])],
          0.08
        ),
        nice: true,
        zero: false,
        padding: 12
      }
    }
  } as const
}
