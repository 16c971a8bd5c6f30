/**
 * The escaping as GitHub's own Markdown parser reads it: text from a run, put in a table cell, in
 * a sentence and at the start of a quoted line, comes out as exactly that text, with no element
 * of its own (no link, image, emphasis, code, strikethrough, HTML, heading, list or extra cell),
 * and with no mention, issue reference or address that GitHub would link after parsing.
 */
import { escapeMarkdown, escapeMarkdownLine, showInvisibles } from '../../src/core/render/escape.js'
import { renderGfm, visibleText } from '../support/gfm.js'
import { HOSTILE } from '../support/hostile.js'

const TEXTS = [
  ...HOSTILE,
  'f1_macro val_accuracy __init__ _private trailing_',
  'a*b* ~~gone~~ ~x~ **',
  '$x$ and $$y$$ cost $5',
  'issue #12, see GH-3 and #x',
  'a\\|b c\\ d \\* e\\',
  '&#95; &lt;b&gt; &amp; &copy;',
  '# heading',
  '- item',
  '+ item',
  '= x',
  '1. first',
  '12) twelfth',
  '    indented code',
  '> quoted',
  'rtl \u202egnp.exe\u202c and \u2066isolate\u2069 mark\u200e',
  'zero\u200bwidth\u200d joiner\u2060 bom\ufeff',
  'mail me@example.org or WWW.evil.example or ftp://x.example',
  '<https://evil.example>',
  '[ref]: https://evil.example',
  'a [^1] footnote',
  '- [ ] task',
  ':rocket: 3.12.3 e-mail',
  '``` fence',
  '<!-- comment --> <details open>'
]

/** What a reader should see: the text on one line, invisibles shown as escapes. */
function expected(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are dropped by the escaper
  const oneLine = text.replace(/[\r\n\t\u2028\u2029]+/g, ' ').replace(/[\u0000-\u001f]/g, '')
  return showInvisibles(oneLine)
}

/** The text as the page shows it, without the zero-width spaces the escaper put in. */
function shown(html: string): string {
  return visibleText(html).replace(/\u200b/g, '')
}

function expectNothingLinkable(html: string): void {
  const text = visibleText(html)
  expect(text).not.toMatch(/@[\p{L}\p{N}_-]/u)
  expect(text).not.toMatch(/#\d/)
  expect(text).not.toMatch(/:\/\//)
  expect(text).not.toMatch(/(^|[^\p{L}\p{N}])www\./iu)
}

describe('escaped text through GitHub’s Markdown parser', () => {
  const cells = TEXTS.map(t => `| a | b |\n|---|---|\n| ${escapeMarkdown(t, 500)} | end |\n`)
  const sentences = TEXTS.map(t => `Before ${escapeMarkdown(t, 500)} after.\n`)
  const lines = TEXTS.map(t => `> ${escapeMarkdownLine(t, 500)}\n`)
  const html = renderGfm([...cells, ...sentences, ...lines])
  const n = TEXTS.length

  it.each(TEXTS.map((t, i) => [t, i] as const))('%j in a table cell stays one cell', (t, i) => {
    const out = html[i] ?? ''
    const row = /<tbody>\n<tr>\n<td>([^<]*)<\/td>\n<td>end<\/td>\n<\/tr>\n<\/tbody>/.exec(out)
    expect(row).not.toBeNull()
    // A cell's text is trimmed, as Markdown trims every cell.
    expect(shown(row?.[1] ?? '')).toBe(expected(t).trim())
    expectNothingLinkable(out)
  })

  it.each(TEXTS.map((t, i) => [t, i] as const))('%j in a sentence stays text', (t, i) => {
    const out = html[n + i] ?? ''
    expect(out).toMatch(/^<p>[^<]*<\/p>\n$/)
    expect(shown(out)).toBe(`Before ${expected(t)} after.\n`)
    expectNothingLinkable(out)
  })

  it.each(TEXTS.map((t, i) => [t, i] as const))('%j at the start of a quote stays text', (t, i) => {
    const out = html[2 * n + i] ?? ''
    const quote = /^<blockquote>\n<p>([^<]*)<\/p>\n<\/blockquote>\n$/.exec(out)
    expect(quote).not.toBeNull()
    expect(shown(quote?.[1] ?? '')).toBe(expected(t).trimStart())
    expectNothingLinkable(out)
  })
})
