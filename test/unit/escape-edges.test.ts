/**
 * escapeMarkdown and escapeComment, character by character: what each special character becomes,
 * `$` (GitHub renders `$…$` and `$$…$$` as math, so a metric name must not open it), line
 * breaks and control characters, the length limit, the characters `keep` leaves, and the
 * breaks that keep mentions and links from forming.
 */
import { escapeComment, escapeMarkdown, removeBidiControls } from '../../src/core/render/escape.js'

const ZWSP = '&#8203;'

describe('escapeMarkdown', () => {
  it.each([...'\\`*_{}[]()#+-.!|<>&"\'~:=$^%/'])('writes %j as a numeric reference', ch => {
    expect(escapeMarkdown(`a${ch}b`)).toBe(`a&#${ch.charCodeAt(0)};b`)
  })

  it.each([
    ['a b', 'a b'],
    ['AZaz09', 'AZaz09'],
    [',;?', ',;?'],
    ['é ≥ ✅', 'é ≥ ✅']
  ])('leaves %j as it is', (text, out) => {
    expect(escapeMarkdown(text)).toBe(out)
  })

  it.each([
    // GitHub renders $…$ and $$…$$ as math: the dollars become references, so no math opens.
    ['$x$', '&#36;x&#36;'],
    ['$$\\sum_i x_i$$', '&#36;&#36;&#92;sum&#95;i x&#95;i&#36;&#36;'],
    ['cost in $', 'cost in &#36;'],
    ['$`x`$', '&#36;&#96;x&#96;&#36;']
  ])('keeps %j from opening math: %s', (text, out) => {
    const escaped = escapeMarkdown(text)
    expect(escaped).toBe(out)
    expect(escaped).not.toContain('$')
  })

  it('turns each run of line breaks and tabs into one space', () => {
    expect(escapeMarkdown('a\r\n\tb\nc\u2028d\u2029\u2029e')).toBe('a b c d e')
  })

  it('removes control characters and bidi controls', () => {
    expect(escapeMarkdown('a\u0000b\u001fc\u007fd\u0080e\u009ff')).toBe('abcdef')
    expect(escapeMarkdown('a\u202eb\u2066c\u2069d\u200ee\u200ff\u061cg')).toBe('abcdefg')
  })

  it('keeps text of exactly maxLength characters, and cuts one more to maxLength', () => {
    expect(escapeMarkdown('x'.repeat(10), 10)).toBe('x'.repeat(10))
    expect(escapeMarkdown('x'.repeat(11), 10)).toBe(`${'x'.repeat(9)}…`)
    // The limit counts the text, not its references.
    expect(escapeMarkdown('_'.repeat(3), 3)).toBe('&#95;'.repeat(3))
    expect(escapeMarkdown('_'.repeat(4), 3)).toBe('&#95;&#95;…')
    // 256 by default.
    expect(escapeMarkdown('y'.repeat(256))).toBe('y'.repeat(256))
    expect(escapeMarkdown('y'.repeat(257))).toBe(`${'y'.repeat(255)}…`)
  })

  it('cuts after removing control characters and joining lines', () => {
    expect(escapeMarkdown('\u0000\u0000abc', 3)).toBe('abc')
    expect(escapeMarkdown('a\n\n\nb', 3)).toBe('a b')
  })

  it('leaves the characters of `keep` as they are, and escapes the others', () => {
    expect(escapeMarkdown('≥ baseline + 0.5% - 1', 300, ['.', '%', '+', '-'])).toBe(
      '≥ baseline + 0.5% - 1'
    )
    expect(escapeMarkdown('a.b%c', 300, ['.'])).toBe('a.b&#37;c')
    expect(escapeMarkdown('a+b-c', 300, ['-'])).toBe('a&#43;b-c')
  })

  it('breaks every @ so that no one is mentioned', () => {
    expect(escapeMarkdown('@a @b')).toBe(`@${ZWSP}a @${ZWSP}b`)
  })

  it('breaks every :// and www. so that no link forms', () => {
    expect(escapeMarkdown('https://x')).toBe(`https&#58;${ZWSP}&#47;&#47;x`)
    expect(escapeMarkdown('a://b c://d')).toBe(`a&#58;${ZWSP}&#47;&#47;b c&#58;${ZWSP}&#47;&#47;d`)
    expect(escapeMarkdown('www.x WWW.y')).toBe(`www${ZWSP}&#46;x WWW${ZWSP}&#46;y`)
    // With '.' kept, www. is still broken.
    expect(escapeMarkdown('www.x wWw.y', 100, ['.'])).toBe(`www${ZWSP}.x wWw${ZWSP}.y`)
    // A colon or slashes alone stay as they are escaped.
    expect(escapeMarkdown('a:b/c')).toBe('a&#58;b&#47;c')
    expect(escapeMarkdown('ww.x')).toBe('ww&#46;x')
  })
})

describe('removeBidiControls', () => {
  it('removes every bidi control and mark, and nothing else', () => {
    const controls = '\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069'
    expect(removeBidiControls(`a${controls}b`)).toBe('ab')
    expect(removeBidiControls('a\u200db\u2065c\u202fd')).toBe('a\u200db\u2065c\u202fd')
  })
})

describe('escapeComment', () => {
  it.each([
    ['ci/care-label', 'ci/care-label'],
    ['a-b', 'a-b'],
    ['a--b', 'a-b'],
    ['a-----b', 'a-b'],
    ['a<b>c', 'abc'],
    ['a\nb', 'a b'],
    ['a\r\n\tb', 'a b'],
    ['a\u2028\u2029b', 'a b'],
    ['a\u0000\u001fb\u007f\u009fc', 'a b c'],
    ['a\u202eb', 'ab'],
    ['$x$ "q"', '$x$ "q"']
  ])('%j → %j', (text, out) => {
    expect(escapeComment(text)).toBe(out)
  })
})
