import { compareRuns } from '../../src/core/compare/compare.js'
import type { CareLabelConfig } from '../../src/core/config/types.js'
import { rateCareLabel } from '../../src/core/label/rate.js'
import { renderMarkdown, reportMarker } from '../../src/core/render/markdown.js'
import type { Report } from '../../src/core/report/types.js'
import { expectGolden } from '../support/golden.js'
import { HOSTILE } from '../support/hostile.js'
import { config, sampleReport as report } from '../support/reports.js'

describe('renderMarkdown', () => {
  it('renders a failing report (golden)', () => {
    const md = renderMarkdown({
      ...report(
        { accuracy: 0.88, f1_macro: 0.9, train_seconds: 2, n_nodes: 120 },
        { accuracy: 0.95, f1_macro: 0.9, train_seconds: 1, n_nodes: 100 }
      ),
      histories: [
        {
          metric: 'accuracy',
          candidate: [
            { step: 0, value: 0.7 },
            { step: 1, value: 0.82 },
            { step: 2, value: 0.88 }
          ],
          baseline: [
            { step: 0, value: 0.75 },
            { step: 2, value: 0.95 }
          ]
        }
      ],
      environment: {
        runner: 'Linux X64',
        cpu: 'AMD EPYC 7763 × 4',
        gpu: 'none found',
        python: '3.12.3',
        mlflow: '3.17.2'
      },
      artifactUrl: 'https://github.com/o/r/actions/runs/1/artifacts/9'
    })
    expectGolden('report-fail.md', md)
    expect(md).toContain('xychart-beta')
    expect(md).toContain('line [0.7, 0.82, 0.88]')
    // The baseline has no point at step 1: the chart draws it between its neighbours.
    expect(md).toContain('line [0.75, 0.85, 0.95]')
    expect(md).toContain('Measured on Linux X64')
    expect(md.startsWith(reportMarker('ci/care-label'))).toBe(true)
    expect(md).toContain('· ❌ 2 metric checks failed\n')
  })

  it('renders a passing report (golden)', () => {
    expectGolden(
      'report-pass.md',
      renderMarkdown(
        report(
          { accuracy: 0.96, f1_macro: 0.95, train_seconds: 1.1 },
          { accuracy: 0.95, f1_macro: 0.94, train_seconds: 1 }
        )
      )
    )
  })

  it('renders the first run without a baseline (golden)', () => {
    const md = renderMarkdown(
      report({ accuracy: 0.96, f1_macro: 0.95, train_seconds: 1.1 }, undefined)
    )
    expectGolden('report-no-baseline.md', md)
    expect(md).toContain('🆕 no baseline yet')
  })

  it('keeps every hostile name, param and run name inert', () => {
    const metrics = Object.fromEntries(HOSTILE.map((name, i) => [name, i]))
    const params = Object.fromEntries(
      HOSTILE.map((name, i) => [name, HOSTILE[(i + 1) % HOSTILE.length] ?? ''])
    )
    const r = report(metrics, {}, [params, {}])
    r.run.runName = HOSTILE.join(' ')
    r.experimentName = '@admins </details>'
    const md = renderMarkdown(r)
    for (const text of HOSTILE) expect(md).not.toContain(text)
    expect(md).not.toMatch(/@[A-Za-z]/)
    // No link but our own: every `](` that is not escaped leads to MLflow or the workflow run.
    expect(md).not.toMatch(
      /(?<!\\)\]\((?!http:\/\/127\.0\.0\.1:5000\/|https:\/\/github\.com\/o\/r\/)/
    )
    // The other metrics and the changed parameters fold away, each closed: exactly two of each.
    expect([md.match(/<details>/g)?.length, md.match(/<\/details>/g)?.length]).toEqual([2, 2])
    expect(md.match(/<!--/g)?.length).toBe(1)
    // every table row has exactly as many cells as its header
    const lines = md.split('\n')
    const count = (line: string): number => line.split(/(?<!\\)\|/).length
    let cells = 0
    lines.forEach((line, i) => {
      if (!line.startsWith('|')) return
      if (lines[i + 1]?.startsWith('|---')) cells = count(line)
      else expect(count(line)).toBe(cells)
    })
  })
})

describe('renderMarkdown within GitHub limits', () => {
  function bigReport(configured: number, others: number): Report {
    const candidate: Record<string, number> = {}
    const baseline: Record<string, number> = {}
    const rules: CareLabelConfig['metrics'] = []
    for (let i = 0; i < configured; i++) {
      const name = `configured_metric_with_a_rather_long_name_${String(i).padStart(5, '0')}`
      candidate[name] = i % 100 === 0 ? 0.1 : 0.95
      baseline[name] = 0.9
      rules.push({ metric: name, greaterIsBetter: true, threshold: 0.5, level: 'fail' })
    }
    for (let i = 0; i < others; i++) candidate[`other_metric_${i}`] = i
    const bigConfig: CareLabelConfig = { ...config, metrics: rules }
    const params = Object.fromEntries(
      Array.from({ length: 500 }, (_, i) => [`param_${i}`, `value ${i}`])
    )
    const r = report(candidate, baseline, [params, {}])
    const comparison = compareRuns(bigConfig, candidate, baseline)
    return {
      ...r,
      comparison,
      verdict: comparison.verdict,
      label: rateCareLabel(bigConfig, candidate, baseline)
    }
  }

  it('keeps a 5,000-metric report under 65,536 characters and says what it left out', () => {
    const r = bigReport(5000, 2000)
    const md = renderMarkdown(r)
    expect(md.length).toBeLessThanOrEqual(65536)
    expect(md).toContain("> Left out to fit GitHub's size limit: ")
    expect(md).toContain('500 changed parameter(s)')
    expect(md).toContain('2000 metric(s) not in the config')
    expect(md).toContain('4950 passing or unchecked metric(s) of the config')
    // the 50 failing metrics are all still there
    expect(md.match(/❌ fail/g)?.length).toBe(50)
    expect(md).toContain('· ❌ 50 metric checks failed\n')
  })

  it('drops detail in a fixed order: charts first, then parameters, then other metrics', () => {
    const line = Array.from({ length: 40 }, (_, step) => ({ step, value: step / 40 }))
    const r = {
      ...bigReport(20, 300),
      histories: [{ metric: 'loss', candidate: line, baseline: line }]
    }
    const full = renderMarkdown(r)
    expect(full).not.toContain('Left out')
    expect(full).toContain('xychart-beta')
    const noCharts = renderMarkdown(r, full.length - 1)
    expect(noCharts).toContain("Left out to fit GitHub's size limit: 1 metric history chart(s).")
    expect(noCharts).not.toContain('xychart-beta')
    const noParams = renderMarkdown(r, noCharts.length - 1)
    expect(noParams).toContain(
      "Left out to fit GitHub's size limit: 500 changed parameter(s), 1 metric history chart(s)."
    )
    expect(noParams).toContain('Other metrics (300)')
    const noOthers = renderMarkdown(r, noParams.length - 1)
    expect(noOthers).toContain(
      '300 metric(s) not in the config, 500 changed parameter(s), 1 metric history chart(s)'
    )
  })

  it('cuts rows last, when even the failing metrics do not fit', () => {
    const md = renderMarkdown(bigReport(5000, 0), 4000)
    expect(md.length).toBeLessThanOrEqual(4000)
    expect(md).toMatch(/\d+ more metric row\(s\)/)
  })
})
