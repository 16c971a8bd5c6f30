/** The CLI's summary: the grade, what failed or warned, where the report is; escapes, colour. */
import { terminalSummary, terminalText } from '../../src/cli/summary.js'
import { sampleReport } from '../support/reports.js'

const OPTIONS = { colour: false, outputDir: 'out/care-label' }

describe('terminalSummary', () => {
  it('names the grade, each failed and warned metric with its broken rule, and the report', () => {
    const report = sampleReport(
      { accuracy: 0.88, f1_macro: 0.9, train_seconds: 3 },
      { accuracy: 0.95, f1_macro: 0.9, train_seconds: 1 }
    )
    expect(terminalSummary(report, OPTIONS)).toBe(
      [
        'Care label D (baseline B): fail',
        '  ✗ accuracy 0.88 (baseline 0.95, ▼ -0.07 (-7.37%)): ≥ 0.9; at most 1% worse than baseline',
        '  ✗ f1_macro 0.9 (baseline 0.9, = 0): ≥ baseline + 0.001',
        '  ! train_seconds 3 (baseline 1, ▼ +2 (+200%)): at most 25% worse than baseline (warn only)',
        '  Quality D · Runtime D',
        'Report: out/care-label/report.md (also report.html, report.json, care-label.svg)',
        ''
      ].join('\n')
    )
  })

  it('lists nothing but the grade when every check passes, and colours only when asked', () => {
    const report = sampleReport({ accuracy: 0.96 }, { accuracy: 0.96 })
    report.comparison.metrics = report.comparison.metrics.filter(m => m.metric === 'accuracy')
    report.verdict = 'pass'
    expect(terminalSummary(report, OPTIONS).split('\n')[1]).toBe('  Quality B')
    const coloured = terminalSummary(report, { ...OPTIONS, colour: true })
    expect(coloured.split('\n')[0]).toBe(
      '\u001b[1mCare label B (baseline B)\u001b[0m: \u001b[32mpass\u001b[0m'
    )
    expect(terminalSummary(report, OPTIONS)).not.toContain('\u001b')
  })

  it('writes a run’s control, bidi and zero-width characters as escapes', () => {
    expect(terminalText('acc\u001b[2J\u202eevil\u200b\r\n')).toBe(
      'acc\\x1b[2J\\u202eevil\\u200b\\x0d\\x0a'
    )
    // Every bidi control the comment's renderers remove, the Arabic letter mark among them.
    expect(terminalText('\u061c\u200e\u2066x\u2069\ufeff')).toBe(
      '\\u061c\\u200e\\u2066x\\u2069\\ufeff'
    )
    const report = sampleReport({ accuracy: 0.5 }, { accuracy: 0.9 })
    const [first] = report.comparison.metrics
    if (first) first.metric = 'loss\u001b[31m'
    expect(terminalSummary(report, OPTIONS)).not.toContain('\u001b')
    expect(terminalSummary(report, OPTIONS)).toContain('loss\\x1b[31m')
  })
})
