/**
 * escapeMarkdown, escapeMarkdownLine and escapeComment, character by character: what each
 * special character becomes, what stays as it is (the raw comment must read cleanly), `$`
 * (GitHub renders `$…$` as math), line breaks and control characters, the length limit, the
 * breaks that keep mentions, references and links from forming, and the visible escapes of bidi
 * and zero-width characters. test/integration/gfm-escape.test.ts runs the same through GitHub's
 * parser.
 */
import {
  escapeComment,
  escapeMarkdown,
  escapeMarkdownLine,
  showInvisibles
} from '../../src/core/render/escape.js'

const ZWSP = '&#8203;'

describe('escapeMarkdown', () => {
  it.each([...'\\`*~[]|'])('puts a backslash before %j', ch => {
    expect(escapeMarkdown(`a${ch}b`)).toBe(`a\\${ch}b`)
  })

  it.each([
    ['<', '&lt;'],
    ['>', '&gt;'],
    ['&', '&amp;'],
    ['$', '&#36;']
  ])('writes %j as %j', (ch, out) => {
    expect(escapeMarkdown(`a${ch}b`)).toBe(`a${out}b`)
  })

  it.each([
    ['a b', 'a b'],
    ['AZaz09', 'AZaz09'],
    [',;?', ',;?'],
    ['é ≥ ✅', 'é ≥ ✅'],
    ['f1_macro', 'f1_macro'],
    ['_private', '_private'],
    ['3.12.3', '3.12.3'],
    [
      'e-mail: a/b (c) {d} "e" \'f\' =g %h +i !j ^k #l',
      'e-mail: a/b (c) {d} "e" \'f\' =g %h +i !j ^k #l'
    ],
    ['≥ baseline + 0.5% - 1', '≥ baseline + 0.5% - 1']
  ])('leaves %j as it is', (text, out) => {
    expect(escapeMarkdown(text)).toBe(out)
  })

  it('escapes an _ that could close emphasis, and only that one', () => {
    expect(escapeMarkdown('_it_')).toBe('_it\\_')
    expect(escapeMarkdown('__init__')).toBe('\\__init\\_\\_')
    expect(escapeMarkdown('a_ b_.')).toBe('a\\_ b\\_.')
    expect(escapeMarkdown('ä_ö 1_2')).toBe('ä_ö 1_2')
  })

  it.each([
    // GitHub renders $…$ and $$…$$ as math, and a backslash does not stop it: references do.
    ['$x$', '&#36;x&#36;'],
    ['$$\\sum_i x_i$$', '&#36;&#36;\\\\sum_i x_i&#36;&#36;'],
    ['cost in $', 'cost in &#36;']
  ])('keeps %j from opening math: %s', (text, out) => {
    const escaped = escapeMarkdown(text)
    expect(escaped).toBe(out)
    expect(escaped).not.toContain('$')
  })

  it('keeps entities the text spells as text', () => {
    // (The # before a digit is broken as everywhere: the page shows "#95".)
    expect(escapeMarkdown('&#95; &lt;')).toBe('&amp;#&#8203;95; &amp;lt;')
  })

  it('turns each run of line breaks and tabs into one space', () => {
    expect(escapeMarkdown('a\r\n\tb\nc\u2028d\u2029\u2029e')).toBe('a b c d e')
  })

  it('removes control characters', () => {
    expect(escapeMarkdown('a\u0000b\u001fc\u007fd\u0080e\u009ff')).toBe('abcdef')
  })

  it('shows bidi controls and zero-width characters as escapes', () => {
    expect(escapeMarkdown('a\u202eb\u2066c\u2069d\u200ee\u200ff\u061cg')).toBe(
      'a\\u202eb\\u2066c\\u2069d\\u200ee\\u200ff\\u061cg'
    )
    expect(escapeMarkdown('a\u200bb\u200dc\u2060d\ufeffe')).toBe(
      'a\\u200bb\\u200dc\\u2060d\\ufeffe'
    )
  })

  it('keeps text of exactly maxLength characters, and cuts one more to maxLength', () => {
    expect(escapeMarkdown('x'.repeat(10), 10)).toBe('x'.repeat(10))
    expect(escapeMarkdown('x'.repeat(11), 10)).toBe(`${'x'.repeat(9)}…`)
    // The limit counts the text, not its escapes.
    expect(escapeMarkdown('|'.repeat(3), 3)).toBe('\\|'.repeat(3))
    expect(escapeMarkdown('|'.repeat(4), 3)).toBe('\\|\\|…')
    // 256 by default.
    expect(escapeMarkdown('y'.repeat(256))).toBe('y'.repeat(256))
    expect(escapeMarkdown('y'.repeat(257))).toBe(`${'y'.repeat(255)}…`)
  })

  it('cuts after removing control characters and joining lines', () => {
    expect(escapeMarkdown('\u0000\u0000abc', 3)).toBe('abc')
    expect(escapeMarkdown('a\n\n\nb', 3)).toBe('a b')
  })

  it('breaks every @ so that no one is mentioned, and no address is linked', () => {
    expect(escapeMarkdown('@a @b')).toBe(`@${ZWSP}a @${ZWSP}b`)
    expect(escapeMarkdown('me@example.org')).toBe(`me@${ZWSP}example.org`)
  })

  it('breaks a # before a digit, so that no issue is referenced', () => {
    expect(escapeMarkdown('#12 #x a#3')).toBe(`#${ZWSP}12 #x a#${ZWSP}3`)
  })

  it('breaks every :// and a www. that starts a word, so that no link forms', () => {
    expect(escapeMarkdown('https://x')).toBe(`https:${ZWSP}//x`)
    expect(escapeMarkdown('a://b c://d')).toBe(`a:${ZWSP}//b c:${ZWSP}//d`)
    expect(escapeMarkdown('www.x WWW.y (www.z')).toBe(`www${ZWSP}.x WWW${ZWSP}.y (www${ZWSP}.z`)
    // A colon or slashes alone, and www inside a word, stay as they are.
    expect(escapeMarkdown('a:b/c awww.x ww.x')).toBe('a:b/c awww.x ww.x')
  })
})

describe('escapeMarkdownLine', () => {
  it.each([
    ['# h', '\\# h'],
    ['- item', '\\- item'],
    ['+ item', '\\+ item'],
    ['= x', '\\= x'],
    ['1. first', '1\\. first'],
    ['12) twelfth', '12\\) twelfth'],
    ['    code', 'code'],
    ['a - b 1. c', 'a - b 1. c']
  ])('%j → %j', (text, out) => {
    expect(escapeMarkdownLine(text)).toBe(out)
  })
})

describe('showInvisibles', () => {
  it('shows every bidi control, mark and zero-width character, and nothing else', () => {
    const shown =
      '\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff'
    expect(showInvisibles(`a${shown}b`)).toBe(
      `a${[...shown].map(c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}b`
    )
    expect(showInvisibles('a\u2065b\u202fc\u2061d')).toBe('a\u2065b\u202fc\u2061d')
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
    ['a\u202eb\u200bc', 'abc'],
    ['$x$ "q"', '$x$ "q"']
  ])('%j → %j', (text, out) => {
    expect(escapeComment(text)).toBe(out)
  })
})
