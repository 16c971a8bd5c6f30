/**
 * The Markdown report's edges that the golden files leave open: the size budget at exactly the
 * limit, at every level of detail; notes (the report's, the config's, each metric's and the
 * label's) escaped; `$` in names (GitHub renders math); the headline's words and counts.
 */
import { compareRuns } from '../../src/core/compare/compare.js'
import type { CareLabelConfig } from '../../src/core/config/types.js'
import { rateCareLabel } from '../../src/core/label/rate.js'
import { MAX_COMMENT_LENGTH, renderMarkdown } from '../../src/core/render/markdown.js'
import type { Report } from '../../src/core/report/types.js'
import { config, sampleReport } from '../support/reports.js'

const ZWSP = '&#8203;'

/** A report whose metrics follow `rules`, with parameters and a history to leave out. */
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
    label: rateCareLabel(own, candidate, baseline)
  }
}

/** 30 configured metrics (3 failing), 40 others, 60 changed parameters and a history. */
function detailedReport(): Report {
  const candidate: Record<string, number> = {}
  const baseline: Record<string, number> = {}
  const rules: CareLabelConfig['metrics'] = []
  for (let i = 0; i < 30; i++) {
    const name = `metric_${String(i).padStart(2, '0')}`
    candidate[name] = i % 10 === 0 ? 0.1 : 0.9
    baseline[name] = 0.8
    rules.push({ metric: name, greaterIsBetter: true, threshold: 0.5, level: 'fail' })
  }
  for (let i = 0; i < 40; i++) candidate[`other_${i}`] = i
  const params = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`p${i}`, `v${i}`]))
  const line = Array.from({ length: 20 }, (_, step) => ({ step, value: step / 20 }))
  return {
    ...reportWith(rules, candidate, baseline),
    paramChanges: Object.keys(params).map(key => ({ key, candidate: params[key], baseline: 'x' })),
    histories: [{ metric: 'loss', candidate: line, baseline: line }]
  }
}

describe('the size budget', () => {
  it("is GitHub's limit on a comment", () => {
    expect(MAX_COMMENT_LENGTH).toBe(65536)
  })

  it('keeps every detail of a report exactly as long as the limit', () => {
    const r = detailedReport()
    const full = renderMarkdown(r)
    expect(renderMarkdown(r, full.length)).toBe(full)
    expect(renderMarkdown(r, full.length + 1)).toBe(full)
    expect(renderMarkdown(r, full.length - 1)).not.toBe(full)
  })

  it('stops at each level of detail that fits exactly', () => {
    const r = detailedReport()
    let limit = renderMarkdown(r).length - 1
    const seen: string[] = []
    for (;;) {
      const text = renderMarkdown(r, limit)
      if (text.length > limit) break
      // Exactly at its length the same text comes back: no detail is dropped early.
      expect(renderMarkdown(r, text.length)).toBe(text)
      seen.push(/> Left out to fit GitHub's size limit: ([^.]*)\./.exec(text)?.[1] ?? '')
      limit = text.length - 1
    }
    const rest =
      '40 metric(s) not in the config, 60 changed parameter(s), 1 metric history chart(s)'
    expect(seen).toEqual([
      '1 metric history chart(s)',
      '60 changed parameter(s), 1 metric history chart(s)',
      '40 metric(s) not in the config, 60 changed parameter(s), 1 metric history chart(s)',
      '27 passing or unchecked metric(s) of the config, 40 metric(s) not in the config, 60 changed parameter(s), 1 metric history chart(s)',
      // then the rows: halved from the 70 metrics down, 2 of the 3 failing ones fit first
      `27 passing or unchecked metric(s) of the config, 1 more metric row(s), ${rest}`,
      `27 passing or unchecked metric(s) of the config, 2 more metric row(s), ${rest}`,
      `27 passing or unchecked metric(s) of the config, 3 more metric row(s), ${rest}`
    ])
  })

  it('gives up cutting at no rows, and returns that even when it is too long', () => {
    const r = detailedReport()
    const tiny = renderMarkdown(r, 10)
    expect(tiny.length).toBeGreaterThan(10)
    expect(tiny).toContain('3 more metric row(s)')
    expect(tiny).not.toContain('| Metric |')
  })
})

describe('notes are escaped', () => {
  const hostile = '**bold** @team <b>x</b> | [a](https://evil.example) $x$'
  const escaped = `\\*\\*bold\\*\\* @${ZWSP}team &lt;b&gt;x&lt;/b&gt; \\| \\[a\\](https:${ZWSP}//evil.example) &#36;x&#36;`

  it("in the report's notes and the config's note, each a quote of its own, the config's last", () => {
    const r = sampleReport({ accuracy: 0.95 }, { accuracy: 0.95 })
    r.notes = [hostile, 'second\nline']
    r.config = { ...r.config, note: 'from the config' }
    const md = renderMarkdown(r)
    expect(md).toContain(`\n> ${escaped}\n\n> second line\n\n> from the config\n\n`)
    expect(md).not.toContain('**bold**')
    expect(md).not.toContain('$')
  })

  it("in a metric's notes, joined in the row", () => {
    const r = sampleReport({ accuracy: 0.95 }, { accuracy: 0.95 })
    const first = r.comparison.metrics[0]
    if (first === undefined) throw new Error('no metric')
    first.notes = [hostile, 'two']
    const md = renderMarkdown(r)
    expect(md).toContain(`<br><sub>${escaped}; two</sub> | ✅ pass |`)
  })

  it("in the label's notes, at most five, then a count", () => {
    const r = sampleReport({ accuracy: 0.95 }, undefined)
    r.label.notes = [hostile, 'n2', 'n3', 'n4', 'n5', 'n6', 'n7']
    const md = renderMarkdown(r)
    const footer = md.split('\n').at(-2) ?? ''
    expect(footer).toContain(` · ${escaped} · n2 · n3 · n4 · n5 · 2 more unrated metric(s) · `)
    expect(footer).not.toContain('n6')
  })

  it('shows five label notes without a count', () => {
    const r = sampleReport({ accuracy: 0.95 }, undefined)
    r.label.notes = ['n1', 'n2', 'n3', 'n4', 'n5']
    expect(renderMarkdown(r)).not.toContain('more unrated metric')
  })

  it('cuts a long report note at 500 characters and a metric note at 300', () => {
    const r = sampleReport({ accuracy: 0.95 }, { accuracy: 0.95 })
    r.notes = ['n'.repeat(600)]
    const first = r.comparison.metrics[0]
    if (first === undefined) throw new Error('no metric')
    first.notes = ['m'.repeat(400)]
    const md = renderMarkdown(r)
    expect(md).toContain(`> ${'n'.repeat(499)}…\n`)
    expect(md).toContain(`<br><sub>${'m'.repeat(299)}…</sub>`)
  })
})

describe('dollars in names', () => {
  it('cannot open math in a metric name, a parameter or a run name', () => {
    const r = reportWith(
      [{ metric: '$x$', greaterIsBetter: true, threshold: 0, level: 'fail' }],
      { $x$: 1, $$y$$: 2 },
      { $x$: 1 }
    )
    r.paramChanges = [{ key: '$p$', candidate: '$1', baseline: '$2' }]
    r.run.runName = 'run $1$'
    r.experimentName = '$$ e $$'
    const md = renderMarkdown(r)
    expect(md).not.toContain('$')
    expect(md).toContain('| &#36;x&#36; | 1 | 1 | = 0 | ≥ 0 | ✅ pass |')
    expect(md).toContain('| &#36;&#36;y&#36;&#36; | 2 | — |  |  |  |')
    expect(md).toContain('| &#36;p&#36; | &#36;1 | &#36;2 |')
    expect(md).toContain('**&#36;&#36; e &#36;&#36;** · this run: [run &#36;1&#36;](')
  })
})

describe('the headline', () => {
  const rules = (n: number, level: 'fail' | 'warn'): CareLabelConfig['metrics'] =>
    Array.from({ length: n }, (_, i) => ({
      metric: `m${i}`,
      greaterIsBetter: true,
      threshold: 1,
      level
    }))
  const title = (r: Report) => renderMarkdown(r).split('\n')[1]

  it.each([
    [1, 'fail', '❌ 1 metric check failed'],
    [2, 'fail', '❌ 2 metric checks failed'],
    [1, 'warn', '✅ all metric checks passed, 1 warning'],
    [3, 'warn', '✅ all metric checks passed, 3 warnings']
  ] as const)('%i broken rule(s) of level %s: %s', (n, level, headline) => {
    const values = Object.fromEntries(rules(n, level).map(r => [r.metric, 0]))
    expect(title(reportWith(rules(n, level), values, values))).toBe(
      `### 🏷️ MLflow care label · ${headline}`
    )
  })

  it('counts a missing metric as a failed check, and says when the gate is off', () => {
    const r = reportWith(rules(2, 'fail'), { m0: 5 }, { m0: 5, m1: 5 })
    r.gate = false
    expect(title(r)).toBe(
      '### 🏷️ MLflow care label · ❌ 1 metric check failed (not gating: fail-on-regression is false)'
    )
  })

  it('says there is no baseline yet, with the warnings', () => {
    expect(title(reportWith(rules(2, 'warn'), { m0: 0, m1: 0 }, undefined))).toBe(
      '### 🏷️ MLflow care label · 🆕 no baseline yet, 2 warnings'
    )
    expect(title(reportWith(rules(1, 'fail'), { m0: 5 }, undefined))).toBe(
      '### 🏷️ MLflow care label · 🆕 no baseline yet'
    )
  })
})

describe('tables', () => {
  it('shows the other metrics as the main table when the config names none', () => {
    const md = renderMarkdown(reportWith([], { a: 1 }, { a: 2 }))
    expect(md).not.toContain('<details><summary>Other metrics')
    expect(md).toContain('| a | 1 | 2 | -1 (-50%) |  |  |')
  })

  it('says when the run logged no metrics', () => {
    const md = renderMarkdown(reportWith([], {}, {}))
    expect(md).toContain('\n_The run logged no metrics._\n')
    expect(md).not.toContain('| Metric |')
  })

  it('marks each broken rule in bold and names the direction of a metric without rules', () => {
    const md = renderMarkdown(
      reportWith(
        [
          { metric: 'a', greaterIsBetter: true, threshold: 1, minAbsoluteChange: 0, level: 'fail' },
          { metric: 'b', greaterIsBetter: false, level: 'fail' },
          { metric: 'c', greaterIsBetter: true, level: 'warn' }
        ],
        { a: 0.5, b: 1, c: 1 },
        { a: 0.4, b: 1, c: 1 }
      )
    )
    expect(md).toContain('| a | 0.5 | 0.4 | ▲ +0.1 (+25%) | **≥ 1**; ≥ baseline + 0 | ❌ fail |')
    expect(md).toContain('| b | 1 | 1 | = 0 | lower is better |  |')
    expect(md).toContain('| c | 1 | 1 | = 0 | higher is better |  |')
  })
})
