/**
 * The sections of the Markdown report one by one, beyond the golden files: the change column,
 * the chips and the title of an unrated run, the parameter table, the history charts' notes and
 * tables, the environment line, the footer, and what is left out at each level (never a count
 * of nothing).
 */
import { compareRuns } from '../../src/core/compare/compare.js'
import type { MetricVerdict } from '../../src/core/compare/types.js'
import type { CareLabelConfig } from '../../src/core/config/types.js'
import { rateCareLabel } from '../../src/core/label/rate.js'
import { changeText, renderMarkdown } from '../../src/core/render/markdown.js'
import type { Report } from '../../src/core/report/types.js'
import { config, sampleReport } from '../support/reports.js'

function reportWith(
  rules: CareLabelConfig['metrics'],
  candidate: Record<string, number>,
  baseline: Record<string, number> | undefined
): Report {
  const own: CareLabelConfig = { ...config, metrics: rules }
  const comparison = compareRuns(own, candidate, baseline)
  return {
    ...sampleReport(candidate, baseline),
    comparison,
    verdict: comparison.verdict,
    label: rateCareLabel(own, candidate, baseline),
    paramChanges: []
  }
}

const lines = (md: string) => md.split('\n')

describe('changeText', () => {
  const verdict = (
    candidate: number,
    baseline: number,
    direction: MetricVerdict['direction']
  ): MetricVerdict => {
    const change = candidate - baseline
    return {
      metric: 'm',
      candidate,
      baseline,
      change,
      ...(baseline === 0 ? {} : { relativeChange: change / Math.abs(baseline) }),
      direction,
      checks: [],
      status: 'info',
      level: 'warn',
      notes: []
    }
  }

  it.each([
    [1.5, 1, 'better', '▲ +0.5 (+50%)'],
    [0.5, 1, 'worse', '▼ -0.5 (-50%)'],
    [0.99, 1, 'within', '≈ -0.01 (-1%)'],
    [1, 1, 'same', '= 0'],
    [2, 1, 'unknown', '+1 (+100%)'],
    [1, 0, 'better', '▲ +1'],
    [-1, 0, 'worse', '▼ -1'],
    [Number.POSITIVE_INFINITY, 1, 'better', '▲ +∞'],
    [1.123456, 1, 'better', '▲ +0.123456 (+12.35%)'],
    [-3, -2, 'worse', '▼ -1 (-50%)']
  ] as const)('%p against %p (%s): %s', (candidate, baseline, direction, text) => {
    expect(changeText(verdict(candidate, baseline, direction))).toBe(text)
  })

  it('is empty without a change', () => {
    const same = verdict(1, 1, 'same')
    delete same.change
    expect(changeText(same)).toBe('')
  })
})

describe('the title and the chips', () => {
  it('has no chips and a plain title when nothing is rated', () => {
    const md = renderMarkdown(reportWith([], { a: 1 }, { a: 1 }))
    expect(lines(md).slice(1, 4)).toEqual([
      '### 🏷️ MLflow care label · ✅ all metric checks passed',
      '',
      expect.stringMatching(/^\*\*iris-classifier\*\* · this run: /)
    ])
  })

  it('shows the chips when only the baseline is rated', () => {
    const r = reportWith([], { a: 1 }, { a: 1 })
    r.label.categories = [{ category: 'quality', baselineLetter: 'C', metrics: [] }]
    r.label.baselineOverall = 'C'
    expect(lines(renderMarkdown(r)).slice(1, 4)).toEqual([
      '### 🏷️ Care label ⬜ ? (baseline 🟧 C) · ✅ all metric checks passed',
      '',
      '⬜ ? Quality'
    ])
  })

  it.each([
    ['A', '🟩 A'],
    ['B', '🟨 B'],
    ['C', '🟧 C'],
    ['D', '🟥 D'],
    ['E', '🟥 E']
  ] as const)('colours %s as %s', (letter, chip) => {
    const r = reportWith([], { a: 1 }, undefined)
    r.label.categories = [{ category: 'energy use', letter, metrics: [] }]
    r.label.overall = letter
    const md = renderMarkdown(r)
    expect(lines(md)[1]).toBe(`### 🏷️ Care label ${chip} · 🆕 no baseline yet`)
    expect(lines(md)[3]).toBe(`${chip} Energy use`)
  })
})

describe('the against line', () => {
  it('keeps the inner dots of why there is no baseline, and drops only the last', () => {
    const r = reportWith([], { a: 1 }, undefined)
    r.baselineHow = 'no baseline: no run of v1.2 was found.'
    expect(renderMarkdown(r)).toContain(', no baseline: no run of v1.2 was found.\n')
  })
})

describe('the metric tables', () => {
  it('marks a configured metric the run did not log as missing', () => {
    const md = renderMarkdown(
      reportWith([{ metric: 'f1', greaterIsBetter: true, threshold: 0.5, level: 'fail' }], {}, {})
    )
    expect(md).toContain(
      '| f1 | — | — |  | higher is better<br><sub>this run did not log the metric</sub> | ❌ missing |'
    )
  })

  it('leaves out the passing and unchecked metrics before any row of a failing one', () => {
    const many = (prefix: string, n: number) =>
      Array.from({ length: n }, (_, i) => `${prefix}_${'x'.repeat(60)}_${i}`)
    const rules: CareLabelConfig['metrics'] = [
      ...many('pass', 3).map(metric => ({
        metric,
        greaterIsBetter: true,
        threshold: 0,
        level: 'fail' as const
      })),
      ...many('info', 3).map(metric => ({ metric, greaterIsBetter: true, level: 'fail' as const })),
      { metric: 'warn', greaterIsBetter: true, threshold: 5, level: 'warn' },
      { metric: 'fail', greaterIsBetter: true, threshold: 5, level: 'fail' }
    ]
    const r = reportWith(rules, Object.fromEntries(rules.map(rule => [rule.metric, 1])), undefined)
    const full = renderMarkdown(r)
    const short = renderMarkdown(r, full.length - 1)
    expect(short).toContain(
      "> Left out to fit GitHub's size limit: 6 passing or unchecked metric(s) of the config. Every number is in the JSON report (report.json).\n"
    )
    expect(short).toContain('| warn |')
    expect(short).toContain('| fail |')
    expect(short).not.toContain('| pass_')
    expect(short).not.toContain('| info_')
  })

  it('names nothing it had nothing of when it leaves detail out', () => {
    const r = reportWith(
      [
        { metric: 'a', greaterIsBetter: true, threshold: 5, level: 'fail' },
        { metric: 'b', greaterIsBetter: true, threshold: 5, level: 'fail' }
      ],
      { a: 1, b: 1 },
      undefined
    )
    r.paramChanges = [{ key: 'p', candidate: '1' }]
    for (const m of r.comparison.metrics) m.notes = ['n'.repeat(300)]
    const full = renderMarkdown(r)
    expect(full).not.toContain('Parameters that changed')
    const short = renderMarkdown(r, full.length - 1)
    // Two failing rows and nothing else to leave out: one row goes.
    expect(short).toContain(
      "> Left out to fit GitHub's size limit: 1 more metric row(s). Every number is in the JSON report (report.json).\n"
    )
    expect(short).toContain('| a |')
    expect(short).not.toContain('| b |')
  })

  it('keeps exactly as many rows as the detail allows', () => {
    const r = reportWith(
      [
        { metric: 'a', greaterIsBetter: true, threshold: 5, level: 'fail' },
        { metric: 'b', greaterIsBetter: true, threshold: 5, level: 'fail' }
      ],
      { a: 1, b: 1, c: 1, d: 1 },
      undefined
    )
    // The halving starts from all four metrics: 4 rows allowed, both failing rows kept.
    const noOthers = renderMarkdown(r, renderMarkdown(r).length - 1)
    expect(noOthers).toContain(
      "Left out to fit GitHub's size limit: 2 metric(s) not in the config."
    )
    expect(noOthers).toContain('| a |')
    expect(noOthers).toContain('| b |')
  })
})

describe('the parameter table', () => {
  it('shows a parameter only one side has with a dash on the other', () => {
    const r = reportWith([], { a: 1 }, { a: 1 })
    r.paramChanges = [
      { key: 'new', candidate: '1' },
      { key: 'gone', baseline: '2' }
    ]
    const md = renderMarkdown(r)
    expect(md).toContain('<details><summary>Parameters that changed (2)</summary>')
    expect(md).toContain('\n| new | 1 | — |\n| gone | — | 2 |\n')
  })

  it('shows none without a baseline, and leaves none out', () => {
    const r = reportWith([], { a: 1 }, undefined)
    r.paramChanges = [{ key: 'p', candidate: '1' }]
    const md = renderMarkdown(r)
    expect(md).not.toContain('Parameters')
    expect(renderMarkdown(r, md.length - 1)).not.toContain('changed parameter')
  })
})

describe('the history charts', () => {
  const points = (steps: number[]) => steps.map(step => ({ step, value: step / 10 }))

  it('says which line is which, and which is held flat outside its steps', () => {
    const r = reportWith([], { loss: 1 }, { loss: 1 })
    r.histories = [{ metric: 'loss', candidate: points([0, 1, 2]), baseline: points([0, 5, 10]) }]
    const md = renderMarkdown(r)
    expect(md).toContain(
      'First line (grey): the baseline · second line (blue, drawn on top): this run.'
    )
    expect(md).toContain(
      '<sub>This run logged steps 0 to 2; its line is held flat outside them.</sub>'
    )
    // The steps of both, in numeric order (10 after 5).
    expect(md).toContain(
      '| 0 | 0 | 0 |\n| 1 | 0.1 | — |\n| 2 | 0.2 | — |\n| 5 | — | 0.5 |\n| 10 | — | 1 |\n'
    )
  })

  it('names both lines when each covers part of the axis', () => {
    const r = reportWith([], { loss: 1 }, { loss: 1 })
    r.histories = [{ metric: 'loss', candidate: points([2, 4]), baseline: points([0, 3]) }]
    expect(renderMarkdown(r)).toContain(
      '<sub>This run logged steps 2 to 4; its line is held flat outside them; the baseline logged steps 0 to 3; its line is held flat outside them.</sub>'
    )
  })

  it('has no note when the lines cover the same steps, or there is one line', () => {
    const r = reportWith([], { loss: 1 }, undefined)
    r.histories = [{ metric: 'loss', candidate: points([0, 3]) }]
    const md = renderMarkdown(r)
    expect(md).toContain('The line is this run.')
    expect(md).not.toContain('held flat')
    const same = reportWith([], { loss: 1 }, { loss: 1 })
    same.histories = [{ metric: 'loss', candidate: points([0, 3]), baseline: [] }]
    expect(renderMarkdown(same)).not.toContain('held flat')
  })
})

describe('the environment and the footer', () => {
  it('names only what is known of the environment', () => {
    const r = reportWith([], { a: 1 }, undefined)
    r.environment = { runner: 'Linux X64', cpu: '', python: '3.12' }
    expect(renderMarkdown(r)).toContain('<sub>Measured on Linux X64 · Python 3.12</sub>')
    r.environment = { gpu: 'T4', mlflow: '3' }
    expect(renderMarkdown(r)).toContain('<sub>Measured on GPU T4 · MLflow 3</sub>')
    r.environment = { runner: '', cpu: '' }
    expect(renderMarkdown(r)).not.toContain('Measured on')
  })

  it('has the store, how the label was rated, the rules file and the workflow run', () => {
    const r = sampleReport({ accuracy: 0.95 }, undefined)
    expect(lines(renderMarkdown(r)).at(-2)).toBe(
      '<sub>mlflow-care-label · MLflow tracking server http:&#8203;//127.0.0.1:5000 · overall = the worst rated category, on the A-D scale · rules from .github/care-label.yml · [workflow run](https://github.com/o/r/actions/runs/1)</sub>'
    )
  })

  it('leaves out what it does not have', () => {
    const r = reportWith([], { a: 1 }, undefined)
    r.config = {}
    delete r.context.workflowRunUrl
    expect(lines(renderMarkdown(r)).at(-2)).toBe(
      '<sub>mlflow-care-label · MLflow tracking server http:&#8203;//127.0.0.1:5000</sub>'
    )
  })

  it('links the artifact with the HTML report when there is one', () => {
    const r = reportWith([], { a: 1 }, undefined)
    expect(renderMarkdown(r)).not.toContain('📄')
    r.artifactUrl = 'https://github.com/o/r/actions/runs/1/artifacts/2'
    expect(renderMarkdown(r)).toContain(
      '\n📄 The HTML report and the SVG label: [workflow artifact](https://github.com/o/r/actions/runs/1/artifacts/2)\n\n'
    )
  })
})

describe('the label logged with the run', () => {
  it('says where its files are, and names the tags only when the run has them', () => {
    const r = sampleReport({ accuracy: 0.95 }, { accuracy: 0.95 })
    r.labelArtifacts = { uri: 'runs:/abc/care-label', tagged: true }
    expect(renderMarkdown(r)).toContain(
      "🏷️ The label is logged with the run in MLflow: runs:/abc/care-label (care-label.svg, report.json, report.html), and its letters as the run's care-label.grade tags.\n"
    )
    r.labelArtifacts = { uri: 'runs:/abc/care-label', tagged: false }
    expect(renderMarkdown(r)).toContain(
      '🏷️ The label is logged with the run in MLflow: runs:/abc/care-label (care-label.svg, report.json, report.html).\n'
    )
  })
})
