import { escapeComment, escapeMarkdown } from '../../src/core/render/escape.js'
import { HOSTILE } from '../support/hostile.js'

describe('escapeMarkdown', () => {
  it.each(HOSTILE)('neutralises %j', text => {
    const out = escapeMarkdown(text)
    // Every character that opens structure carries a backslash; none of HTML's is left raw.
    expect(out).not.toMatch(/(^|[^\\])[|`[\]*~]/)
    expect(out).not.toMatch(/[<>\n\r]/)
    expect(out).not.toMatch(/@[A-Za-z0-9]/)
    expect(out).not.toMatch(/https?:\/\//)
    expect(out).not.toMatch(/www\./i)
  })

  it('keeps plain names readable and exact', () => {
    expect(escapeMarkdown('val_accuracy')).toBe('val_accuracy')
    expect(escapeMarkdown('f1 macro')).toBe('f1 macro')
    expect(escapeMarkdown('@me')).toBe('@&#8203;me')
  })

  it('truncates long text', () => {
    expect(escapeMarkdown('x'.repeat(300), 10)).toBe(`${'x'.repeat(9)}…`)
  })
})

describe('escapeComment', () => {
  it('cannot close the HTML comment', () => {
    expect(escapeComment('a --> b <!-- c')).toBe('a - b !- c')
  })
})
