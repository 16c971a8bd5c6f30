import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { compareRuns } from '../../src/compare/compare.js'
import { DEFAULT_LABEL, type CareLabelConfig } from '../../src/config/types.js'
import { rateCareLabel } from '../../src/label/rate.js'
import { diffParams } from '../../src/report/build.js'
import { renderMarkdown, reportMarker } from '../../src/report/markdown.js'
import type { Report } from '../../src/report/types.js'
import { HOSTILE } from '../support/hostile.js'

const GOLDEN = fileURLToPath(new URL('../fixtures/golden/', import.meta.url))

/** Compares with a golden file; `UPDATE_GOLDEN=1 npm run test:unit` rewrites them on purpose. */
function expectGolden(name: string, actual: string): void {
  const file = `${GOLDEN}${name}`
  if (process.env['UPDATE_GOLDEN'] === '1' || !existsSync(file)) {
    if (process.env['CI']) throw new Error(`golden file ${name} is missing`)
    writeFileSync(file, actual)
  }
  expect(actual).toBe(readFileSync(file, 'utf8'))
}

const config: CareLabelConfig = {
  file: '.github/care-label.yml',
  baseline: {},
  label: DEFAULT_LABEL,
  metrics: [
    {
      metric: 'accuracy',
      greaterIsBetter: true,
      threshold: 0.9,
      maxRegression: { kind: 'relative', value: 0.01, text: '1%' },
      level: 'fail',
      line: 3,
      category: 'quality',
      rating: [0.97, 0.94, 0.9]
    },
    { metric: 'f1_macro', greaterIsBetter: true, minAbsoluteChange: 0.001, level: 'fail', line: 8 },
    {
      metric: 'train_seconds',
      greaterIsBetter: false,
      maxRegression: { kind: 'relative', value: 0.25, text: '25%' },
      level: 'warn',
      line: 11,
      category: 'runtime'
    }
  ]
}

function report(
  candidate: Record<string, number>,
  baseline: Record<string, number> | undefined,
  params: [Record<string, string>, Record<string, string>] = [
    { max_depth: '3' },
    { max_depth: '4' }
  ]
): Report {
  const comparison = compareRuns(config, candidate, baseline)
  return {
    schemaVersion: 1,
    key: 'ci/care-label',
    experimentName: 'iris-classifier',
    verdict: comparison.verdict,
    gate: true,
    run: {
      runId: 'c'.repeat(32),
      runName: 'pr-7-abc1234',
      experimentId: '1',
      status: 'FINISHED',
      startTime: 2,
      url: 'http://127.0.0.1:5000/#/experiments/1/runs/ccc',
      params: params[0],
      metrics: candidate
    },
    baseline: baseline && {
      runId: 'b'.repeat(32),
      runName: 'main-def5678',
      experimentId: '1',
      status: 'FINISHED',
      startTime: 1,
      params: params[1],
      metrics: baseline
    },
    baselineHow: baseline
      ? "the latest finished run of entry point 'main' on branch 'main'"
      : "no baseline: no finished run of entry point 'main' on branch 'main' was found.",
    comparison,
    label: rateCareLabel(config, candidate, baseline),
    paramChanges: baseline ? diffParams(params[0], params[1]) : [],
    config: { file: config.file },
    store: 'MLflow tracking server http://127.0.0.1:5000',
    context: {
      event: 'pull_request',
      pullRequest: 7,
      workflowRunUrl: 'https://github.com/o/r/actions/runs/1'
    },
    notes: []
  }
}

describe('renderMarkdown', () => {
  it('renders a failing report (golden)', () => {
    const md = renderMarkdown(
      report(
        { accuracy: 0.88, f1_macro: 0.9, train_seconds: 2, n_nodes: 120 },
        { accuracy: 0.95, f1_macro: 0.9, train_seconds: 1, n_nodes: 100 }
      )
    )
    expectGolden('report-fail.md', md)
    expect(md.startsWith(reportMarker('ci/care-label'))).toBe(true)
    expect(md).toContain('**❌ 2 metric checks failed**')
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
    expect(md).not.toMatch(/evil\.example\)/)
    expect(md.match(/<details>/g)?.length).toBe(md.match(/<\/details>/g)?.length)
    expect(md.match(/<!--/g)?.length).toBe(1)
    // every table row has exactly as many cells as its header
    const lines = md.split('\n')
    let cells = 0
    lines.forEach((line, i) => {
      if (!line.startsWith('|')) return
      if (lines[i + 1]?.startsWith('|---')) cells = line.split('|').length
      else expect(line.split('|').length).toBe(cells)
    })
  })
})
