/**
 * The comment's words for what round 2 decides: how a metric of several runs was decided, the
 * rules a pull request changes, sets of runs, and the inconclusive and not-comparable statuses.
 */
import type { MetricVerdict } from '../../src/core/compare/types.js'
import { decisionText, renderMarkdown, rulesChanged } from '../../src/core/render/markdown.js'
import type { Report } from '../../src/core/report/types.js'
import { SAMPLE_DECISION, sampleReport } from '../support/reports.js'

type Decision = NonNullable<MetricVerdict['decision']>

describe('decisionText', () => {
  it('names the method, the interval of the change, p and α, the limit, the MDE and the significance', () => {
    expect(decisionText(SAMPLE_DECISION)).toBe(
      'Student t, 3 runs against 10 · change -6.12% to -2.05% (95%) · p 0.004 (α 0.01) · limit 0.93 · detects 3.1% beyond the rule · significantly worse'
    )
  })

  it('leaves out what it does not have, and a change that is not significant', () => {
    const bare: Decision = { ...SAMPLE_DECISION, significance: 'none' }
    delete bare.interval
    delete bare.pValue
    delete bare.limit
    delete bare.mde
    expect(decisionText(bare)).toBe('Student t, 3 runs against 10')
    expect(decisionText({ ...bare, significance: 'better' })).toBe(
      'Student t, 3 runs against 10 · significantly better'
    )
  })
})

describe('the metric table with decisions', () => {
  function decided(change: (m: MetricVerdict, r: Report) => void): string {
    const report = sampleReport({ accuracy: 0.91 }, { accuracy: 0.95 })
    const accuracy = report.comparison.metrics.find(m => m.metric === 'accuracy')
    if (accuracy) change(accuracy, report)
    return renderMarkdown(report)
  }

  it('puts the decision under the rule, its dots and signs as they are', () => {
    const md = decided(m => (m.decision = SAMPLE_DECISION))
    expect(md).toContain(
      '<br><sub>Student t, 3 runs against 10 · change -6.12% to -2.05% (95%) · p 0.004 (α 0.01) · limit 0.93 · detects 3.1% beyond the rule · significantly worse</sub>'
    )
  })

  it.each([
    ['inconclusive', '❔ inconclusive'],
    ['not-comparable', '↔️ not comparable']
  ] as const)('shows the status %s as %s', (status, shown) => {
    const md = decided(m => {
      m.status = status
    })
    expect(md).toMatch(new RegExp(`\\| accuracy \\|.*\\| ${shown} \\|`))
  })

  it('counts inconclusive metrics in the title of a passing report', () => {
    const report = sampleReport({ accuracy: 0.96 }, { accuracy: 0.96 })
    report.verdict = 'pass'
    report.comparison.counts = { ...report.comparison.counts, warn: 0, inconclusive: 2 }
    expect(renderMarkdown(report).split('\n')[1]).toMatch(
      /✅ all metric checks passed, 2 inconclusive$/
    )
    report.comparison.counts.inconclusive = 1
    expect(renderMarkdown(report).split('\n')[1]).toMatch(
      /✅ all metric checks passed, 1 inconclusive$/
    )
  })

  it('names a set of runs with how many it stands for, and one run alone', () => {
    const report = sampleReport({ accuracy: 0.96 }, { accuracy: 0.96 })
    report.run.runs = 3
    if (report.baseline) report.baseline.runs = 1
    const md = renderMarkdown(report)
    expect(md).toContain('(http://127.0.0.1:5000/#/experiments/1/runs/ccc) (3 runs), compared with')
    expect(md).toContain('compared with the baseline run main-def5678 (the latest')
  })
})

describe('rulesChanged', () => {
  it.each([
    [
      'base',
      "This pull request changes the rules, and it is judged by the base branch's rules. The changes: accuracy.threshold: 0.9 → 0.5; removes the rules of f1_macro."
    ],
    [
      'head',
      'This pull request changes the rules, and it is judged by its own rules (rules: head). The changes: accuracy.threshold: 0.9 → 0.5; removes the rules of f1_macro.'
    ]
  ] as const)('judged by the %s rules', (from, sentence) => {
    const report = sampleReport({ accuracy: 0.96 }, undefined)
    report.rules = {
      from,
      changes: ['accuracy.threshold: 0.9 → 0.5', 'removes the rules of f1_macro']
    }
    expect(rulesChanged(report)).toBe(sentence)
    expect(renderMarkdown(report)).toContain('\n> ⚠️ This pull request changes the rules, and ')
  })

  it('is nothing when the pull request changes no rule', () => {
    const report = sampleReport({ accuracy: 0.96 }, undefined)
    report.rules = { from: 'base', changes: [] }
    expect(rulesChanged(report)).toBeUndefined()
    expect(renderMarkdown(report)).not.toContain('⚠️ This pull request')
  })
})

describe('a report that does not fit even with every detail left out', () => {
  it('halves its rows until it fits, with no chart and no parameter table', () => {
    const metrics = Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`m${i}`, i]))
    const report = sampleReport({ ...metrics, accuracy: 0.5 }, { ...metrics, accuracy: 0.9 })
    for (const m of report.comparison.metrics) {
      m.greaterIsBetter = true
      m.status = 'fail'
    }
    report.histories = [
      {
        metric: 'accuracy',
        candidate: [
          { step: 0, value: 1 },
          { step: 1, value: 2 }
        ]
      }
    ]
    const md = renderMarkdown(report, 8000)
    expect(md.length).toBeLessThanOrEqual(8000)
    expect(md).not.toContain('```mermaid')
    expect(md).not.toContain('Parameters that changed')
    expect(md).toMatch(/Left out to fit GitHub's size limit: .*\d+ more metric row\(s\)/)
  })
})
