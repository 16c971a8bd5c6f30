/** When a report is worth a new comment: `comment: on-change` and `on-failure`. */
import { noCommentReason, worthAComment } from '../../src/core/report/comment-policy.js'
import type { Report } from '../../src/core/report/types.js'
import { sampleReport } from '../support/reports.js'

/** A passing report whose grade and letters are the baseline's, changed by `change`. */
function report(change: (r: Report) => void = () => undefined): Report {
  const r = sampleReport({ accuracy: 0.96 }, { accuracy: 0.96 })
  r.verdict = 'pass'
  r.label.overall = 'B'
  r.label.baselineOverall = 'B'
  r.label.categories = [
    { category: 'quality', letter: 'B', baselineLetter: 'B', metrics: ['accuracy'] },
    { category: 'runtime', letter: 'A', baselineLetter: 'A', metrics: ['train_seconds'] },
    { category: 'energy', metrics: [] }
  ]
  change(r)
  return r
}

describe('worthAComment', () => {
  it.each([
    ['nothing changed', report(), [true, true, false, false, false]],
    ['a rule failed', report(r => (r.verdict = 'fail')), [true, true, false, true, true]],
    ['the grade changed', report(r => (r.label.overall = 'C')), [true, true, false, true, false]],
    [
      'a category letter changed, not the grade',
      report(r => {
        const runtime = r.label.categories[1]
        if (runtime) runtime.letter = 'B'
      }),
      [true, true, false, true, false]
    ],
    [
      'no baseline: nothing to have changed from',
      report(r => {
        r.verdict = 'no-baseline'
        r.label.baselineOverall = undefined
        for (const c of r.label.categories) delete c.baselineLetter
        r.label.overall = 'A'
      }),
      [true, true, false, false, false]
    ]
  ] as const)('%s', (_what, r, expected) => {
    const modes = ['update', 'new', 'off', 'on-change', 'on-failure'] as const
    expect(modes.map(mode => worthAComment(r, mode))).toEqual(expected)
  })
})

describe('noCommentReason', () => {
  it.each([
    ['on-failure', 'no rule failed'],
    ['on-change', 'no rule failed and no letter changed']
  ] as const)('%s: %s', (mode, expected) => {
    expect(noCommentReason(mode)).toBe(expected)
  })
})
