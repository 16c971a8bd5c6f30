import { toJson } from '../../src/core/report/build.js'
import { renderMarkdown } from '../../src/core/render/markdown.js'
import { parseReport, ReportFormatError } from '../../src/core/report/validate.js'
import { sampleReport } from '../support/reports.js'

const full = {
  ...sampleReport(
    { accuracy: 0.88, f1_macro: Number.NaN, train_seconds: 2, n_nodes: 120 },
    { accuracy: 0.95, f1_macro: 0.9, train_seconds: Number.POSITIVE_INFINITY, n_nodes: 100 }
  ),
  histories: [
    {
      metric: 'accuracy',
      candidate: [
        { step: 0, value: 0.7 },
        { step: 1, value: 0.88 }
      ]
    }
  ],
  environment: { runner: 'Linux X64', python: '3.12.3' }
}

/** Loose JSON, as a test edits it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests poke at any field
type Json = Record<string, any>

/** The report as JSON, changed by `edit`. */
function edited(edit: (json: Json) => void): string {
  const json = JSON.parse(toJson(full)) as Json
  edit(json)
  return JSON.stringify(json)
}

describe('parseReport (a bundle from a pull request is untrusted)', () => {
  it('reads back exactly what the report stage wrote, NaN and infinities included', () => {
    const parsed = parseReport(toJson(full))
    expect(parsed).toEqual(full)
    expect(renderMarkdown(parsed)).toBe(renderMarkdown(full))
  })

  it.each([
    ['not JSON', () => '{', /report\.json is not JSON/],
    [
      'another schema version',
      () => edited(j => (j['schemaVersion'] = 2)),
      /report\.schemaVersion is not 1/
    ],
    ['a missing field', () => edited(j => delete j['comparison']), /report\.comparison is missing/],
    [
      'a wrong type deep inside',
      () => edited(j => (j['comparison']['metrics'][0]['checks'][0]['passed'] = 'yes')),
      /report\.comparison\.metrics\[0\]\.checks\[0\]\.passed is not true or false/
    ],
    [
      'an unknown verdict',
      () => edited(j => (j['verdict'] = 'great')),
      /report\.verdict is not one of pass, fail, no-baseline/
    ],
    [
      'a letter off the scale',
      () => edited(j => (j['label']['overall'] = 'Z')),
      /report\.label\.overall is not one of A, B, C, D, E/
    ],
    [
      'a huge string',
      () => edited(j => (j['experimentName'] = 'x'.repeat(5000))),
      /report\.experimentName is longer than 2000 characters/
    ],
    [
      'too many metrics',
      () =>
        edited(
          j => (j['comparison']['metrics'] = Array(20001).fill(j['comparison']['metrics'][0]))
        ),
      /has more than 20000 entries/
    ],
    [
      'a PR number that is not a number',
      () => edited(j => (j['context']['pullRequest'] = '7; rm')),
      /report\.context\.pullRequest is not a whole number/
    ],
    [
      'a value that is a string',
      () => edited(j => (j['run']['metrics']['accuracy'] = '1e999x')),
      /report\.run\.metrics\.accuracy is not a number/
    ]
  ])('refuses %s, saying which field', (_name, text, message) => {
    expect(() => parseReport(text())).toThrow(ReportFormatError)
    expect(() => parseReport(text())).toThrow(message)
  })

  it('drops fields it does not know, and keeps "__proto__" a plain key', () => {
    const parsed = parseReport(
      edited(j => {
        j['extra'] = { script: '<script>' }
        j['run']['params'] = JSON.parse('{"__proto__": "x", "a": "1"}')
      })
    )
    expect(parsed).not.toHaveProperty('extra')
    expect(Object.keys(parsed.run.params)).toEqual(['__proto__', 'a'])
    expect(({} as Record<string, unknown>)['x']).toBeUndefined()
  })
})
